"""LMS download layouts, learner identity, rosters and the gradebook files each LMS imports.

Every fixture tree copies an LMS's own naming exactly; where each rule comes from:

* Canvas, submissions zip (Assignment > Download Submissions): instructure/canvas-lms
  ``lib/content_zipper.rb``. ``get_filename`` joins ``[users_name, "LATE" if late, user_id]``
  with ``_``; ``users_name`` is the sortable name, downcased, with ``_<digits>_`` squeezed and
  every non-word character removed (``sanitize_user_name``, ``sanitize_file_name``), and is left
  out under anonymous grading, where the id is ``anon_<anonymous_id>``. ``add_upload_submission``
  appends ``_<attachment id>_<display name>``: the second number is the *file's* id (the brief
  called it the submission id). A second file of one name in a learner's files is renamed
  ``<name>-1.<ext>``, ``-2``... (``Attachment.make_unique_filename`` in ``app/models/attachment.rb``).
  Teachers describe the same (TimHanneman/Canvas_submission_sort README: "an extra field if the
  assignment was submitted late and ... a number is added at the end of the filename, but before the
  file extension"; canvas-lms issue #2406 shows ``studenttest_3143_207797_zipsubmission.zip``).
* Canvas gradebook import: ``app/models/gradebook_importer.rb``. The header must start
  ``Student`` then ``ID`` and end its learner columns with ``Section``; ``SIS User ID`` and ``SIS
  Login ID`` sit between them. A learner is found by ``ID``, then SIS User ID, then SIS Login ID,
  then ``name`` or ``sortable_name``. A row whose first cell contains ``Points Possible`` gives the
  points of the assignments (used for the assignments the import creates); ``Title (123)`` names
  assignment 123 (``Assignment.title_and_id``), any other title is matched by title or becomes a new
  assignment; ``Current Score`` and like columns are read-only. Blank cells change nothing.
* Moodle, "Download all submissions": moodle/moodle ``mod/assign/locallib.php``
  ``download_submissions()`` (the same code is copied in
  academic-moodle-cooperation/moodle-local_assignsubmission_download ``classes/local/filerenaming.php``):
  the prefix is ``clean_filename(fullname with "_" made " " . "_" . get_uniqueid_for_user($userid))``
  (the participant number of this assignment, not the user id), then ``_assignsubmission_file_``;
  with the ``assign_downloadasfolders`` preference (default, Moodle 3.1 and later) that is a folder
  holding the learner's file, before 3.1 it prefixed the file name. Blind marking writes
  ``get_string('participant', 'assign')`` ("Participant") for the name.
* Moodle grade import (docs.moodle.org "Grade import"): a CSV; on import "Map from" a column to
  "Map to" ``userid``, ``username``, ``useridnumber`` or ``useremail``, and each other column to a grade
  item; email addresses are compared case-sensitively (MDL-29315).
* Google Classroom: "Make a copy for each student" gives each learner a copy titled
  ``<Student name> - <title>``. Files a learner uploads keep the learner's own name in the
  assignment's Drive folder ("Google Classroom puts all the files for a given assignment into one
  giant folder", GoogleDriveScripts README), so they carry no identity: those are named by the
  hand-in's user. The stored copies of Google's help pages did not show the copy's title format, nor
  any CSV grade import: grades go in through the app or the Classroom API's ``draftGrade`` /
  ``assignedGrade`` (developers.google.com/classroom "Grades").
* Blackboard Learn, Grade Center > Assignment File Download: one flat zip of
  ``<Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file>`` plus a receipt
  ``<Assignment>_<username>_attempt_<...>.txt``, as public unpack scripts parse it
  (vangef/BBGradebookOrganiser organises such a zip by the student id in the file names).
* nbgrader: ``{nbgrader_step}/{student_id}/{assignment_id}/{notebook_id}.ipynb``
  (``CourseDirectory.directory_structure``; steps ``submitted``, ``autograded``, ``feedback``) and the
  exchange's ``<course>/inbound/<student>+<assignment>+<timestamp>+<random>`` folders
  (jupyter/nbgrader ``nbgrader/exchange/default/submit.py``; timestamp ``%Y-%m-%d %H:%M:%S.%f %Z``
  from ``exchange.py``; the random part is 12 URL-safe base64 characters, absent when
  ``add_random_string`` is off).
* Browsers: Chromium's ``base::GetUniquePath`` appends `` (1)`` before the extension (earthref/MagIC
  issue #123: Chrome "adds ' (n)' to it to avoid overwriting"); Firefox's downloads API "uniquify"
  appends ``(1)`` (eight04/image-picka issue #39; piroor/multipletab issue #214 shows ``file(1).jpg``).
"""

from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from pathlib import Path

import pytest

from newslit.cli import main
from newslit.errors import NewslitError
from newslit.grading import lms
from newslit.grading.gradebooks import (CANVAS_COLUMNS, CANVAS_FILE, CLASSROOM_COLUMNS, CLASSROOM_FILE, MOODLE_COLUMNS,
                                        MOODLE_FILE, ROSTER_FILE, write_gradebooks)
from newslit.grading.grade import grade, learner_from_file
from newslit.grading.reports import write_reports

from tests.grading_fixtures import LESSON, reference_spans, submission, write

TITLE = "Lesson 1: Loaded language"
FULL = 21  # the reference solution's points on lesson 1 (the loaded-language key, version 4: the headline too)


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def by_file(run, name):
    found = [s for s in run.submissions if Path(s.path).name == name or s.path.endswith(name)]
    assert len(found) == 1, (name, [s.path for s in run.submissions])
    return found[0]


def codes(sub) -> set[str]:
    return {p.code for p in sub.problems}


def partial(user: str = "jovyan", n: int = 3, **kw) -> dict:
    """The solution handed in by ``user`` with only its first ``n`` highlights: fewer points than FULL."""
    return submission(user, spans=reference_spans()[:n], **kw)


def digest(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def grade_and_write(tmp_path, paths, roster=None, **kw):
    run = grade(paths, progress=False, roster=roster, **kw)
    out = tmp_path / "out"
    write_reports(run, out)
    return run, write_gradebooks(run, out, roster), out


# -- recognising each layout ---------------------------------------------------------------------------


@pytest.mark.parametrize("path, layout, identity, kind, late, attempt, time, learner", [
    # Canvas: <sortable name>_<user id>_<attachment id>_<display name> (content_zipper.rb)
    ("smithjane_12345_678910_01_loaded_language.ipynb", "canvas", "12345", "user id", False, 0, "",
     "smithjane_12345"),
    # Canvas late, and the second file of that name: "LATE" before the user id, "-1" before the extension
    ("smithjane_LATE_12345_678911_01_loaded_language-1.ipynb", "canvas", "12345", "user id", True, 1, "",
     "smithjane_12345"),
    # Canvas keeps letters of every script, lowercased, spaces and commas removed ("García, José")
    ("garcíajosé_23456_678912_01_loaded_language.ipynb", "canvas", "23456", "user id", False, 0, "",
     "garcíajosé_23456"),
    # Canvas anonymous grading: no name, "anon_<anonymous id>"
    ("LATE_anon_Xy7Q2_678913_01_loaded_language.ipynb", "canvas", "anon_Xy7Q2", "anonymous id", True, 0, "",
     "anon_Xy7Q2"),
    # Moodle 3.1+: a folder per learner and plugin (locallib.php download_submissions)
    ("Jane Smith_12345_assignsubmission_file_/01_loaded_language.ipynb", "moodle", "Jane Smith", "display name",
     False, 0, "", "Jane Smith"),
    # Moodle before 3.1: the same prefix on the file name, one flat folder
    ("Jane Smith_12345_assignsubmission_file_01_loaded_language.ipynb", "moodle", "Jane Smith", "display name",
     False, 0, "", "Jane Smith"),
    # Moodle blind marking: get_string('participant', 'assign')
    ("Participant_7654321_assignsubmission_file_/01_loaded_language.ipynb", "moodle", "Participant 7654321",
     "participant id", False, 0, "", "Participant 7654321"),
    # Moodle, and the browser downloaded the same file twice into its folder
    ("Jane Smith_12345_assignsubmission_file_/01_loaded_language (1).ipynb", "moodle", "Jane Smith",
     "display name", False, 1, "", "Jane Smith"),
    # Google Classroom, "Make a copy for each student"
    ("Jane Smith - 01_loaded_language.ipynb", "google-classroom", "Jane Smith", "display name", False, 0, "",
     "Jane Smith"),
    # Blackboard Assignment File Download: <assignment>_<username>_attempt_<date>_<file>
    ("Lesson 1_jsmith_attempt_2026-11-20-10-05-09_01_loaded_language.ipynb", "blackboard", "jsmith", "username",
     False, 0, "2026-11-20T10:05:09", "jsmith"),
    # nbgrader course directory
    ("course/submitted/alice/ps1/01_loaded_language.ipynb", "nbgrader", "alice", "username", False, 0, "", "alice"),
    ("course/autograded/alice/ps1/01_loaded_language.ipynb", "nbgrader", "alice", "username", False, 0, "",
     "alice"),
    # nbgrader exchange, with and without the random string
    ("exchange/news101/inbound/alice+ps1+2026-11-20 10:00:00.123456 UTC+Xy7Q2AbC9dEf/01_loaded_language.ipynb",
     "nbgrader", "alice", "username", False, 0, "2026-11-20T10:00:00.123456+00:00", "alice"),
    ("exchange/news101/inbound/alice+ps1+2026-11-20 10:00:00 UTC/01_loaded_language.ipynb",
     "nbgrader", "alice", "username", False, 0, "2026-11-20T10:00:00+00:00", "alice"),
    # browsers: Chromium " (1)", Firefox "(1)"; no identity in the name
    ("01_loaded_language (1).ipynb", "browser-copy", "", "", False, 1, "", ""),
    ("alice/01_loaded_language(2).ipynb", "browser-copy", "", "", False, 2, "", ""),
])
def test_each_layout_says_who_and_which_attempt(path, layout, identity, kind, late, attempt, time, learner):
    info = lms.recognise(path, [LESSON])
    assert info is not None, path
    assert (info.layout, info.identity, info.identity_kind, info.late, info.attempt, info.time) == (
        layout, identity, kind, late, attempt, time)
    assert info.learner == learner
    assert info.filename == "01_loaded_language.ipynb"
    assert info.describe().startswith(lms.LAYOUTS[layout])


def test_what_else_the_names_carry():
    canvas = lms.recognise("smithjane_LATE_12345_678911_01_loaded_language-1.ipynb", [LESSON])
    assert (canvas.name, canvas.attachment) == ("smithjane", "678911")
    assert "late" in canvas.describe() and "copy 1" in canvas.describe()
    assert lms.recognise("Jane Smith_12345_assignsubmission_file_/x.ipynb", [LESSON]).participant == "12345"
    assert lms.recognise("Lesson 1_jsmith_attempt_2026-11-20-10-05-09_x.ipynb").assignment == "Lesson 1"
    assert lms.recognise("course/submitted/alice/ps1/x.ipynb").assignment == "ps1"


@pytest.mark.parametrize("relative", [
    "alice.ipynb", "alice/01_loaded_language.ipynb", "zoe_01_loaded_language.ipynb",
    "smith_42_01_loaded_language.ipynb",  # a learner's own name, not Canvas's: the digits run into the lesson id
    "Smith_12345_678910_notes.ipynb",  # Canvas lowercases every name
    "notes - draft.ipynb",  # " - " without a lesson id is no Classroom copy
    "class/submitted-work/alice/01_loaded_language.ipynb",
])
def test_unknown_layouts_keep_the_file_name_rule(relative):
    assert lms.recognise(relative, [LESSON]) is None
    assert lms.learner_for(relative, relative, [LESSON]) == learner_from_file(relative, [LESSON])


def test_the_teachers_four_cases(tmp_path):
    """The report from a teacher: nbgrader, Canvas late copy, Moodle, a browser's second download."""
    root = tmp_path / "c"
    write(root / "submitted" / "alice" / "ps1" / "01_loaded_language.ipynb", submission("jovyan"))
    write(root / "canvas" / "smithjane_12345_678910_01_loaded_language.ipynb", partial())
    write(root / "canvas" / "smithjane_LATE_12345_678911_01_loaded_language-1.ipynb", submission("jovyan"))
    write(root / "moodle" / "Jane Smith_12345_assignsubmission_file_" / "01_loaded_language.ipynb", submission("jovyan"))
    write(root / "hub" / "01_loaded_language.ipynb", partial(handed_in_at="2026-11-20T09:00:00+00:00"))
    write(root / "hub" / "01_loaded_language (1).ipynb", submission("jovyan"))
    run = grade([root], progress=False)
    learners = {Path(s.path).relative_to(root).as_posix(): s.learner for s in run.submissions}
    assert learners == {
        "submitted/alice/ps1/01_loaded_language.ipynb": "alice",
        "canvas/smithjane_12345_678910_01_loaded_language.ipynb": "smithjane_12345",
        "canvas/smithjane_LATE_12345_678911_01_loaded_language-1.ipynb": "smithjane_12345",
        "moodle/Jane Smith_12345_assignsubmission_file_/01_loaded_language.ipynb": "Jane Smith",
        "hub/01_loaded_language.ipynb": "hub",
        "hub/01_loaded_language (1).ipynb": "hub",
    }
    assert by_file(run, "smithjane_12345_678910_01_loaded_language.ipynb").status == "superseded"
    assert by_file(run, "smithjane_LATE_12345_678911_01_loaded_language-1.ipynb").status == "graded"
    assert by_file(run, "hub/01_loaded_language.ipynb").status == "superseded"
    assert by_file(run, "hub/01_loaded_language (1).ipynb").status == "graded"
    assert by_file(run, "submitted/alice/ps1/01_loaded_language.ipynb").lms.layout == "nbgrader"


def test_a_browser_copy_at_the_top_is_not_a_learner_named_1(tmp_path):
    write(tmp_path / "c" / "01_loaded_language (1).ipynb", submission("jovyan"))
    run = grade([tmp_path / "c"], progress=False)
    assert [s.learner for s in run.submissions] == ["01_loaded_language"]


# -- superseding --------------------------------------------------------------------------------------


def test_canvas_late_and_resubmitted_copies_supersede_even_at_the_same_hand_in_time(tmp_path):
    folder = tmp_path / "submissions"
    write(folder / "smithjane_12345_678910_01_loaded_language.ipynb", partial())
    write(folder / "smithjane_LATE_12345_678911_01_loaded_language-1.ipynb", submission("jovyan"))
    write(folder / "smithjane_LATE_12345_678912_01_loaded_language-2.ipynb", partial(n=1))
    run = grade([folder], progress=False)
    kept = by_file(run, "smithjane_LATE_12345_678912_01_loaded_language-2.ipynb")  # same time: the last copy
    assert kept.status == "graded" and {s.learner for s in run.submissions} == {"smithjane_12345"}
    assert [s.status for s in run.submissions].count("superseded") == 2
    assert "same-learner" in codes(kept)


def test_the_newest_hand_in_still_wins_over_a_later_copy(tmp_path):
    folder = tmp_path / "submissions"
    write(folder / "smithjane_12345_678910_01_loaded_language.ipynb", partial(handed_in_at="2026-11-22T10:00:00+00:00"))
    write(folder / "smithjane_LATE_12345_678911_01_loaded_language-1.ipynb", submission("jovyan"))
    run = grade([folder], progress=False)
    assert by_file(run, "smithjane_12345_678910_01_loaded_language.ipynb").status == "graded"


def test_nbgrader_exchange_submissions_supersede_by_their_timestamp(tmp_path):
    inbound = tmp_path / "exchange" / "news101" / "inbound"
    write(inbound / "carol+ps1+2026-11-19 10:00:00.000001 UTC+AAAAAAAAAAAA" / "01_loaded_language.ipynb", submission("jovyan"))
    write(inbound / "carol+ps1+2026-11-20 10:00:00.000001 UTC+BBBBBBBBBBBB" / "01_loaded_language.ipynb", partial())
    run = grade([inbound], progress=False)
    newer = by_file(run, "2026-11-20 10:00:00.000001 UTC+BBBBBBBBBBBB/01_loaded_language.ipynb")
    assert newer.learner == "carol" and newer.status == "graded" and newer.points < FULL


def test_grading_nbgraders_submitted_folder_itself(tmp_path):
    course = tmp_path / "course"
    write(course / "submitted" / "alice" / "ps1" / "01_loaded_language.ipynb", submission("jovyan"))
    write(course / "submitted" / "bob" / "ps1" / "01_loaded_language.ipynb", submission("jovyan"))
    run = grade([course / "submitted"], progress=False)
    assert sorted(s.learner for s in run.submissions) == ["alice", "bob"]


def test_blackboard_attempts_supersede_by_the_attempt_time(tmp_path):
    folder = tmp_path / "gradebook_Lesson1"
    write(folder / "Lesson 1_jsmith_attempt_2026-11-20-10-05-09_01_loaded_language.ipynb", submission("jovyan"))
    write(folder / "Lesson 1_jsmith_attempt_2026-11-21-08-00-00_01_loaded_language.ipynb", partial())
    (folder / "Lesson 1_jsmith_attempt_2026-11-20-10-05-09.txt").write_text("Name: Jane Smith (jsmith)\n", encoding="utf-8")
    run = grade([folder], progress=False)
    later = by_file(run, "Lesson 1_jsmith_attempt_2026-11-21-08-00-00_01_loaded_language.ipynb")
    assert later.learner == "jsmith" and later.status == "graded"
    receipt = by_file(run, "Lesson 1_jsmith_attempt_2026-11-20-10-05-09.txt")
    assert not receipt.is_notebook and "not-a-notebook" in codes(receipt)


# -- learner_from and generic users ----------------------------------------------------------------------


def test_learner_from_user_keeps_a_real_user_name_and_file_uses_the_lms(tmp_path):
    folder = tmp_path / "submissions"
    write(folder / "smithjane_12345_678910_01_loaded_language.ipynb", submission("jsmith"))
    write(folder / "doejohn_23456_678911_01_loaded_language.ipynb", submission("jovyan"))
    run = grade([folder], progress=False)
    assert sorted(s.learner for s in run.submissions) == ["doejohn_23456", "jsmith"]
    run = grade([folder], learner_from="file", progress=False)
    assert sorted(s.learner for s in run.submissions) == ["doejohn_23456", "smithjane_12345"]


# -- one learner, two spellings -----------------------------------------------------------------------------


def test_nfc_and_nfd_are_one_learner_and_the_merge_is_reported(tmp_path):
    composed, decomposed = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    assert composed != decomposed
    write(tmp_path / "c" / "a.ipynb", partial(composed, handed_in_at="2026-11-19T10:00:00+00:00"))
    write(tmp_path / "c" / "b.ipynb", submission(decomposed, handed_in_at="2026-11-20T10:00:00+00:00"))
    write(tmp_path / "c" / "c.ipynb", submission("ALICE"))
    write(tmp_path / "c" / "d.ipynb", partial("alice", handed_in_at="2026-11-19T10:00:00+00:00"))
    run, written, out = grade_and_write(tmp_path, [tmp_path / "c"])
    assert {s.learner for s in run.submissions} == {composed, "ALICE"}
    b = by_file(run, "b.ipynb")
    assert b.status == "graded" and "learner-merged" in codes(b)
    assert any("Unicode composition" in p.message for p in b.problems)
    assert by_file(run, "a.ipynb").status == "superseded"
    assert "learner-merged" in codes(by_file(run, "d.ipynb"))
    assert any("letter case" in p.message for p in by_file(run, "d.ipynb").problems)
    _, book = read_csv(out / "gradebook.csv")
    assert sorted(r["learner"] for r in book) == sorted([composed, "ALICE"])
    _, problems = read_csv(out / "problems.csv")
    assert {r["problem"] for r in problems} >= {"learner-merged", "same-learner"}


def test_canvas_anonymous_ids_keep_their_letter_case(tmp_path):
    write(tmp_path / "c" / "anon_Xy7Q2_678910_01_loaded_language.ipynb", submission("jovyan"))
    write(tmp_path / "c" / "anon_xy7q2_678911_01_loaded_language.ipynb", submission("jovyan"))
    run = grade([tmp_path / "c"], progress=False)
    assert sorted(s.learner for s in run.submissions) == ["anon_Xy7Q2", "anon_xy7q2"]
    assert all(s.status == "graded" for s in run.submissions)


def test_two_moodle_learners_with_one_name_are_kept_apart(tmp_path):
    folder = tmp_path / "moodle"
    write(folder / "Jane Smith_111_assignsubmission_file_" / "01_loaded_language.ipynb", submission("jovyan"))
    write(folder / "Jane Smith_222_assignsubmission_file_" / "01_loaded_language.ipynb", partial())
    run = grade([folder], progress=False)
    assert sorted(s.learner for s in run.submissions) == ["Jane Smith (participant 111)", "Jane Smith (participant 222)"]
    assert all(s.status == "graded" and "same-name" in codes(s) for s in run.submissions)


# -- rosters ----------------------------------------------------------------------------------------------

# Canvas's gradebook export: its header, the "Points Possible" row, a read-only column, the Test
# Student; names with commas and quotes; written with a BOM.
CANVAS_ROSTER = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Lesson 1: Loaded language (555),Current Points,Final Points\n"
    "    Points Possible,,,,,20,(read only),(read only)\n"
    '"Smith, Jane",12345,S001,jsmith,News 101 A,,0,0\n'
    '"García, José",23456,S002,jgarcia,News 101 A,,0,0\n'
    '"O\'Brien, Pat ""PJ""",34567,S003,pobrien,News 101 B,,0,0\n'
    '"Smith, Jane",12345,S001,jsmith,News 101 A,,0,0\n'
    '"Student, Test",99990,,,News 101 A,,0,0\n'
)


def canvas_class(root: Path) -> Path:
    folder = root / "submissions"
    write(folder / "smithjane_12345_678910_01_loaded_language.ipynb", partial())
    write(folder / "smithjane_LATE_12345_678911_01_loaded_language-1.ipynb", submission("jovyan"))
    write(folder / "garcíajosé_23456_678912_01_loaded_language.ipynb", partial(n=5))
    write(folder / "leeanna_98765_678913_01_loaded_language.ipynb", submission("jovyan"))  # another course's learner
    return folder


def test_canvas_roster_with_bom_names_learners_by_canvas_id(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CANVAS_ROSTER.encode("utf-8"))
    roster = lms.read_roster(path)
    assert roster.kind == "canvas" and roster.encoding == "UTF-8 with BOM" and roster.delimiter == ","
    assert [e.key for e in roster.entries] == ["12345", "23456", "34567"]
    pat = roster.entries[2]
    assert (pat.sortable, pat.name, pat.login) == ('O\'Brien, Pat "PJ"', 'Pat "PJ" O\'Brien', "pobrien")
    assert roster.canvas_assignments == [("Lesson 1: Loaded language", "555", "20")]
    assert {r["status"] for r in roster.rows} == {"duplicate", "skipped"}
    assert "UTF-8 with BOM" in roster.describe()

    run, written, out = grade_and_write(tmp_path, [canvas_class(tmp_path)], roster=roster)
    assert by_file(run, "smithjane_LATE_12345_678911_01_loaded_language-1.ipynb").learner == "12345"
    assert by_file(run, "smithjane_LATE_12345_678911_01_loaded_language-1.ipynb").status == "graded"
    assert by_file(run, "smithjane_12345_678910_01_loaded_language.ipynb").status == "superseded"
    assert by_file(run, "garcíajosé_23456_678912_01_loaded_language.ipynb").learner == "23456"
    stranger = by_file(run, "leeanna_98765_678913_01_loaded_language.ipynb")
    assert stranger.status == "graded" and stranger.learner == "leeanna_98765" and "not-on-roster" in codes(stranger)

    columns, rows = read_csv(out / ROSTER_FILE)
    assert columns == lms.ROSTER_COLUMNS
    status = {(r["status"], r["learner"]) for r in rows}
    assert {("handed in", "12345"), ("handed in", "23456"), ("missing", "34567"), ("duplicate", "12345"),
            ("not on roster", "leeanna_98765")} <= status
    assert any(r["status"] == "skipped" and "Test Student" in r["detail"] for r in rows)
    duplicate = next(r for r in rows if r["status"] == "duplicate")
    assert "row 6 repeats 12345 of row 3" in duplicate["detail"]

    # Canvas's import file: the export's own column (with its assignment id), Points Possible, ids
    columns, rows = read_csv(out / CANVAS_FILE)
    assert columns == CANVAS_COLUMNS + ["Lesson 1: Loaded language (555)"]
    assert rows[0]["Student"] == "Points Possible" and rows[0]["Lesson 1: Loaded language (555)"] == str(FULL)
    assert [(r["Student"], r["ID"], r["SIS User ID"], r["SIS Login ID"], r["Section"]) for r in rows[1:]] == [
        ("Smith, Jane", "12345", "S001", "jsmith", "News 101 A"), ("García, José", "23456", "S002", "jgarcia", "News 101 A")]
    assert rows[1]["Lesson 1: Loaded language (555)"] == str(FULL)  # the late copy counts
    assert 0 < float(rows[2]["Lesson 1: Loaded language (555)"]) < FULL
    assert not any(r["ID"] == "98765" for r in rows)  # another course's learner stays out
    assert any("not on the roster" in n and "leeanna_98765" in n for n in written["notes"])


def test_moodle_roster_in_cp1252_with_semicolons(tmp_path):
    """Moodle's user list saved by Excel: Windows-1252, semicolons, accents, a comma inside a quoted name."""
    text = ("username;email;idnumber;firstname;lastname\r\n"
            "jgarcia;Jose.Garcia@School.example;1002;José;García\r\n"
            "zmuller;zoe@school.example;1003;Zoë;Müller\r\n"
            'jsmith;jane@school.example;1001;Jane;"Smith, Jr."\r\n'
            "zmuller;zoe2@school.example;1004;Zoë;Müller\r\n"
            ";;;Ann;Nobody\r\n")
    path = tmp_path / "users.csv"
    path.write_bytes(text.encode("cp1252"))
    roster = lms.read_roster(path)
    assert path.read_bytes() == text.encode("cp1252")  # read, never rewritten
    assert roster.kind == "moodle" and roster.encoding == "Windows-1252 (cp1252)" and roster.delimiter == ";"
    assert [e.key for e in roster.entries] == ["jgarcia", "zmuller", "jsmith"]
    assert roster.entries[1].name == "Zoë Müller" and roster.entries[2].last == "Smith, Jr."
    assert [r["status"] for r in roster.rows] == ["duplicate", "unusable"]

    folder = tmp_path / "moodle"
    write(folder / "José García_501_assignsubmission_file_" / "01_loaded_language.ipynb", submission("jovyan"))
    write(folder / "Zoë Müller_502_assignsubmission_file_" / "01_loaded_language.ipynb",
          partial(unicodedata.normalize("NFD", "Zoë")))
    run, written, out = grade_and_write(tmp_path, [folder], roster=roster)
    assert sorted(s.learner for s in run.submissions) == ["jgarcia", "zmuller"]
    columns, rows = read_csv(out / MOODLE_FILE)
    assert columns == MOODLE_COLUMNS + [TITLE]
    assert [(r["Username"], r["Email address"], r["ID number"], r["First name"], r["Last name"]) for r in rows] == [
        ("jgarcia", "Jose.Garcia@School.example", "1002", "José", "García"),  # the roster's spelling, for Moodle
        ("zmuller", "zoe@school.example", "1003", "Zoë", "Müller")]
    assert rows[0][TITLE] == str(FULL) and 0 < float(rows[1][TITLE]) < FULL
    _, report = read_csv(out / ROSTER_FILE)
    assert any(r["status"] == "missing" and r["learner"] == "jsmith" for r in report)
    assert any(r["status"] == "unusable" and "Ann Nobody" in r["detail"] for r in report)


def test_google_classroom_names_and_emails(tmp_path):
    path = tmp_path / "classroom.csv"
    path.write_text("Name,Email\nJane Smith,jane.smith@school.example\nBo Chen,bo@school.example\n", encoding="utf-8")
    roster = lms.read_roster(path)
    assert roster.kind == "google-classroom" and roster.encoding == "UTF-8"
    folder = tmp_path / "Lesson 1"
    write(folder / "Jane Smith - 01_loaded_language.ipynb", submission("jovyan"))
    write(folder / "uploads" / "01_loaded_language.ipynb", partial("bo@school.example"))  # an upload: its own name
    run, written, out = grade_and_write(tmp_path, [folder], roster=roster)
    assert sorted(s.learner for s in run.submissions) == ["bo@school.example", "jane.smith@school.example"]
    columns, rows = read_csv(out / CLASSROOM_FILE)
    assert columns == CLASSROOM_COLUMNS + [TITLE]
    assert [(r["Email Address"], r["First Name"], r["Last Name"]) for r in rows] == [
        ("bo@school.example", "Bo", "Chen"), ("jane.smith@school.example", "Jane", "Smith")]
    assert rows[1][TITLE] == str(FULL)


def test_a_hub_user_name_maps_to_the_roster_login(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CANVAS_ROSTER, encoding="utf-8")
    roster = lms.read_roster(path)
    write(tmp_path / "class" / "pobrien" / "01_loaded_language.ipynb", submission("pobrien"))
    write(tmp_path / "class" / "jovyan-folder" / "01_loaded_language.ipynb", submission("jsmith@school.example"))
    run = grade([tmp_path / "class"], progress=False, roster=roster)
    assert by_file(run, "pobrien/01_loaded_language.ipynb").learner == "34567"
    assert "not-on-roster" in codes(by_file(run, "jovyan-folder/01_loaded_language.ipynb"))


def test_someone_elses_notebook_is_flagged(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CANVAS_ROSTER, encoding="utf-8")
    write(tmp_path / "s" / "smithjane_12345_678910_01_loaded_language.ipynb", submission("pobrien"))
    run = grade([tmp_path / "s"], progress=False, roster=lms.read_roster(path))
    sub = run.submissions[0]
    assert sub.learner == "34567"  # --learner-from user: the hand-in's user decides
    assert "other-learner" in codes(sub) and any("someone else" in p.message for p in sub.problems)


def test_an_ambiguous_name_is_not_guessed(tmp_path):
    path = tmp_path / "users.csv"
    path.write_text("username,firstname,lastname\njsmith1,Jane,Smith\njsmith2,Jane,Smith\n", encoding="utf-8")
    roster = lms.read_roster(path)
    write(tmp_path / "m" / "Jane Smith_12345_assignsubmission_file_" / "01_loaded_language.ipynb", submission("jovyan"))
    run, written, out = grade_and_write(tmp_path, [tmp_path / "m"], roster=roster)
    sub = run.submissions[0]
    assert sub.graded and sub.learner == "Jane Smith" and "roster-ambiguous" in codes(sub)
    _, rows = read_csv(out / ROSTER_FILE)
    ambiguous = [r for r in rows if r["status"] == "ambiguous"]
    assert len(ambiguous) == 1 and "jsmith1" in ambiguous[0]["detail"] and "jsmith2" in ambiguous[0]["detail"]
    assert not read_csv(out / MOODLE_FILE)[1]  # nobody the roster cannot name goes into Moodle's file


@pytest.mark.parametrize("content, words", [
    (None, "There is no roster"),
    (b"", "no header row"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV"),
    (b"colour,size\nred,2\n", "no header row"),
    ("username,email\n,\n".encode(), "lists no learner"),
])
def test_a_roster_the_grader_cannot_use_is_one_clear_message(tmp_path, content, words):
    path = tmp_path / "roster.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(NewslitError) as caught:
        lms.read_roster(path)
    assert words in str(caught.value) and "\n" not in str(caught.value)


# -- the gradebook files without a roster -------------------------------------------------------------------


def test_gradebooks_without_a_roster_use_what_the_files_say(tmp_path):
    folder = tmp_path / "c"
    write(folder / "smithjane_12345_678910_01_loaded_language.ipynb", submission("jovyan"))
    write(folder / "hub" / "ana" / "01_loaded_language.ipynb", partial("ana@school.example"))
    write(folder / "hub" / "bo" / "01_loaded_language.ipynb", partial("jovyan", n=2))
    write(folder / "Jane Doe - 01_loaded_language.ipynb", submission("jovyan"))
    run, written, out = grade_and_write(tmp_path, [folder])
    assert not (out / ROSTER_FILE).exists()
    _, canvas = read_csv(out / CANVAS_FILE)
    assert [(r["Student"], r["ID"], r["SIS Login ID"]) for r in canvas[1:]] == [
        ("ana@school.example", "", "ana@school.example"), ("smithjane", "12345", "")]
    _, moodle = read_csv(out / MOODLE_FILE)
    assert [(r["Username"], r["Email address"]) for r in moodle] == [("ana@school.example", "ana@school.example")]
    _, classroom = read_csv(out / CLASSROOM_FILE)
    assert [r["Email Address"] for r in classroom] == ["ana@school.example"]
    notes = " ".join(written["notes"])
    assert "canvas-gradebook.csv: left out 2 learner(s)" in notes and "Jane Doe" in notes and "bo" in notes
    assert written["counts"] == {CANVAS_FILE: 2, MOODLE_FILE: 1, CLASSROOM_FILE: 1}


def test_every_cell_of_the_lms_files_is_guarded_against_formulas(tmp_path):
    evil = '=HYPERLINK("http://x.example","Click")'
    path = tmp_path / "users.csv"
    path.write_text(f'username,email,firstname,lastname\nmallory,mallory@school.example,"{evil.replace(chr(34), 2 * chr(34))}",+1\n',
                    encoding="utf-8")
    roster = lms.read_roster(path)
    write(tmp_path / "c" / "mallory" / "01_loaded_language.ipynb", submission("mallory"))
    write(tmp_path / "c" / "eve" / "01_loaded_language.ipynb", submission("@SUM(1+1)*cmd"))
    run, written, out = grade_and_write(tmp_path, [tmp_path / "c"], roster=roster)
    for name in (CANVAS_FILE, MOODLE_FILE, CLASSROOM_FILE, ROSTER_FILE):
        with open(out / name, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert cell[:1] not in ("=", "+", "@") or cell.startswith("'"), (name, cell)
    _, moodle = read_csv(out / MOODLE_FILE)
    assert moodle[0]["First name"] == "'" + evil and moodle[0]["Last name"] == "'+1"
    assert moodle[0][TITLE] == str(FULL)  # points stay numbers


# -- bad input mixed in ----------------------------------------------------------------------------------------


def test_bad_input_gets_a_row_the_rest_is_graded_and_nothing_is_overwritten(tmp_path, capsys):
    folder = canvas_class(tmp_path)
    (folder / "doejohn_45678_678920_01_loaded_language.ipynb").write_bytes(b"")  # an upload that did not finish
    other = submission("jovyan")
    other["metadata"]["newslit"]["lesson"] = "02_unsupported_claims"  # the notebook of another lesson
    write(folder / "kimmin_56789_678921_02_unsupported_claims.ipynb", other)
    write(folder / "parkjin_67890_678922_physics_lab.ipynb", {"cells": [], "metadata": {}, "nbformat": 4,
                                                              "nbformat_minor": 5})  # another course's notebook
    roster = tmp_path / "export.csv"
    roster.write_bytes(b"\xef\xbb\xbf" + CANVAS_ROSTER.encode("utf-8"))
    before, roster_before = digest(folder), roster.read_bytes()
    out = tmp_path / "out"
    (out / "feedback").mkdir(parents=True)
    (out / "feedback" / "teacher-notes.html").write_text("mine", encoding="utf-8")

    code = main(["grade", str(folder), "--out", str(out), "--roster", str(roster), "--no-progress"])
    printed = capsys.readouterr()
    assert code == 1 and "Traceback" not in printed.out + printed.err  # 1: some files need a person
    assert "read as UTF-8 with BOM" in printed.out and "canvas-gradebook.csv" in printed.out
    assert digest(folder) == before and roster.read_bytes() == roster_before
    assert (out / "feedback" / "teacher-notes.html").read_text(encoding="utf-8") == "mine"

    _, problems = read_csv(out / "problems.csv")
    by_problem = {(Path(r["file"]).name, r["problem"]) for r in problems}
    assert ("doejohn_45678_678920_01_loaded_language.ipynb", "empty-file") in by_problem
    assert ("kimmin_56789_678921_02_unsupported_claims.ipynb", "other-lesson") in by_problem
    assert ("parkjin_67890_678922_physics_lab.ipynb", "no-handin") in by_problem
    assert ("leeanna_98765_678913_01_loaded_language.ipynb", "not-on-roster") in by_problem
    _, report = read_csv(out / ROSTER_FILE)
    assert {"missing", "duplicate", "not on roster", "skipped", "handed in"} <= {r["status"] for r in report}
    _, canvas = read_csv(out / CANVAS_FILE)
    assert sorted(r["ID"] for r in canvas[1:]) == ["12345", "23456"]  # the rest graded; strangers left out
    pages = sorted(p.name for p in (out / "feedback").glob("*.html"))
    assert "12345.html" in pages and "23456.html" in pages and "teacher-notes.html" in pages


def test_the_roster_is_never_one_of_the_files_grade_writes(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    roster = out / CANVAS_FILE
    roster.write_text(CANVAS_ROSTER, encoding="utf-8")
    write(tmp_path / "c" / "a.ipynb", submission("ann"))
    assert main(["grade", str(tmp_path / "c"), "--out", str(out), "--roster", str(roster), "--no-progress"]) == 2
    assert "never overwrites a roster" in capsys.readouterr().err
    assert roster.read_text(encoding="utf-8") == CANVAS_ROSTER


def test_a_later_run_without_roster_drops_the_old_roster_report(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CANVAS_ROSTER, encoding="utf-8")
    folder = canvas_class(tmp_path)
    grade_and_write(tmp_path, [folder], roster=lms.read_roster(path))
    assert (tmp_path / "out" / ROSTER_FILE).exists()
    grade_and_write(tmp_path, [folder])
    assert not (tmp_path / "out" / ROSTER_FILE).exists()


def test_the_lms_facts_do_not_change_the_hand_in(tmp_path):
    """The identity comes from the path; the notebook's hand-in (and the file) stay as the learner left them."""
    path = write(tmp_path / "c" / "smithjane_12345_678910_01_loaded_language.ipynb", submission("jovyan"))
    text = path.read_text(encoding="utf-8")
    run = grade([tmp_path / "c"], progress=False)
    assert run.submissions[0].user == "jovyan" and run.submissions[0].lms.identity == "12345"
    assert path.read_text(encoding="utf-8") == text and json.loads(text)
