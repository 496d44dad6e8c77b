"""Gradebook files each LMS imports as it is, written beside ``grades.csv`` and ``gradebook.csv``.

* ``canvas-gradebook.csv``: Canvas's gradebook import (Grades > Import). The
  header is ``Student, ID, SIS User ID, SIS Login ID, Section`` and one column
  per lesson, ``Lesson 1: Loaded language`` or, when the roster is Canvas's
  gradebook export and has a column for the lesson, that column's own
  ``Title (assignment id)``, so the import fills that assignment rather than
  making a new one. The second row is ``Points Possible``: Canvas reads it for
  the points of an assignment the file creates. Canvas finds each learner by
  ``ID``, then ``SIS User ID``, then ``SIS Login ID``, then the name
  (``GradebookImporter`` in Canvas's source); a blank cell changes nothing.
* ``moodle-grades.csv``: for Moodle's CSV grade import (Grades > Import > CSV
  file): ``First name, Last name, Username, ID number, Email address`` and one
  column per lesson. On the import page map ``Username`` to ``username`` (or
  ``Email address`` to ``useremail``; Moodle compares emails letter for letter,
  so the file keeps the roster's spelling) and each lesson to a grade item.
* ``google-classroom-grades.csv``: ``Email Address, First Name, Last Name`` and
  one column per lesson. Google Classroom's documentation describes no CSV
  grade import: this is the grades keyed by the learner's Google account, to
  type in or to send with the Classroom API (``draftGrade``).
* ``roster.csv`` (with ``--roster``): every learner on the roster (handed in,
  missing lessons, no hand-in), the roster's duplicate and unusable rows, and the
  files whose learner is not on it (:data:`newslit.grading.lms.ROSTER_COLUMNS`).

A learner an LMS's file cannot name (no Canvas id, login or email; no Moodle
username or email; no email) is left out of that file and listed in the notes
the command prints. Every cell goes through the formula guard of
:func:`newslit.grading.reports.write_csv`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newslit.grading import lms
from newslit.grading.grade import GENERIC_USERS, GradeRun
from newslit.grading.reports import gradebook_rows, num, terminal_line, write_csv

CANVAS_FILE = "canvas-gradebook.csv"
MOODLE_FILE = "moodle-grades.csv"
CLASSROOM_FILE = "google-classroom-grades.csv"
ROSTER_FILE = "roster.csv"
ROSTER_STATUSES = ("handed in", "missing lessons", "not graded", "missing", "not on roster", "ambiguous", "duplicate",
                   "unusable", "skipped")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["First name", "Last name", "Username", "ID number", "Email address"]
CLASSROOM_COLUMNS = ["Email Address", "First Name", "Last Name"]


def output_names() -> list[str]:
    return [CANVAS_FILE, MOODLE_FILE, CLASSROOM_FILE, ROSTER_FILE]


@dataclass
class Person:
    """What the reports know of one learner, for the LMS's files."""

    learner: str
    name: str = ""  # "Jane Smith"
    sortable: str = ""  # "Smith, Jane"
    first: str = ""
    last: str = ""
    canvas_id: str = ""
    sis_id: str = ""
    login: str = ""
    email: str = ""
    section: str = ""
    on_roster: bool = False


def lesson_title(run: GradeRun, lesson: str) -> str:
    """``01_loaded_language`` -> ``Lesson 1: Loaded language``."""
    number = re.match(r"^(\d+)_", lesson)
    title = run.titles.get(lesson) or lesson
    return f"Lesson {int(number[1])}: {title}" if number else title


def people(run: GradeRun, roster: lms.Roster | None = None) -> dict[str, Person]:
    """One :class:`Person` per learner: from the roster when it lists them, else from what the files say."""
    found: dict[str, Person] = {}
    for sub in sorted((s for s in run.submissions if s.is_notebook), key=lambda s: (s.learner, s.path)):
        person = found.setdefault(sub.learner, Person(sub.learner))
        entry = roster.entry_for(sub.learner) if roster is not None else None
        if entry is not None:
            person.on_roster = True
            person.name, person.sortable, person.first, person.last = entry.name, entry.sortable, entry.first, entry.last
            person.canvas_id = entry.user_id if roster.kind == "canvas" else ""
            person.sis_id, person.login, person.email, person.section = entry.sis_id, entry.login, entry.email, entry.section
            continue
        info = sub.lms
        if info is not None and info.layout == "canvas" and info.identity_kind == "user id":
            person.canvas_id = person.canvas_id or info.identity
            person.name = person.name or info.name
        elif info is not None and info.identity_kind == "display name":
            person.name = person.name or info.identity
        elif info is not None and info.identity_kind == "username":
            person.login = person.login or info.identity
        user = sub.user if sub.user and sub.user.lower() not in GENERIC_USERS else ""
        if user and not person.login:
            person.login = user
    for person in found.values():
        if person.login and "@" in person.login and not person.email:
            person.email = person.login
        if person.name and not (person.first or person.last) and " " in person.name:
            person.first, _, person.last = person.name.rpartition(" ")
    return found


def _points(run: GradeRun) -> dict[str, dict]:
    return {row["learner"]: row for row in gradebook_rows(run)}


def _graded(row: dict, lessons) -> bool:
    return any(row.get(lesson, "") != "" for lesson in lessons)


def _learners(run: GradeRun, roster, left_out: dict, keyed):
    """``(learner, person, points row)`` for each learner with a graded lesson whom the LMS's file can name.

    The others go into ``left_out``: ``"key"`` (no id the LMS matches on) or ``"roster"`` (a roster was given
    and does not list them: their grades must not go into another course's gradebook).
    """
    points = _points(run)
    for learner, person in sorted(people(run, roster).items(), key=lambda kv: kv[0].casefold()):
        row = points.get(learner, {})
        if not _graded(row, run.lessons):
            continue
        if roster is not None and not person.on_roster:
            left_out["roster"].append(learner)
        elif not keyed(person):
            left_out["key"].append(learner)
        else:
            yield learner, person, row


def canvas_columns(run: GradeRun, roster: lms.Roster | None = None) -> tuple[dict[str, str], list[str]]:
    """``{lesson: column}`` for Canvas, and notes (an assignment whose points differ from the lesson's)."""
    columns, notes = {}, []
    known = roster.canvas_assignments if roster is not None else []
    for lesson in run.lessons:
        title = lesson_title(run, lesson)
        wanted = {lms.identity_key(t) for t in (title, run.titles.get(lesson, ""), lesson) if t}
        match = next(((t, i, p) for t, i, p in known if lms.identity_key(t) in wanted), None) or \
            next(((t, i, p) for t, i, p in known if lesson in t), None)
        if match is None:
            columns[lesson] = title
            continue
        assignment, assignment_id, possible = match
        columns[lesson] = f"{assignment} ({assignment_id})"
        top = run.lesson_max.get(lesson, 0.0)
        try:
            differs = possible and abs(float(possible) - top) > 1e-9
        except ValueError:
            differs = False
        if differs:
            notes.append(f"{CANVAS_FILE}: Canvas's assignment {assignment} is out of {possible} points, lesson "
                         f"{lesson} out of {num(top)}: the file holds points out of {num(top)}; set the assignment's "
                         "points to match before importing")
    return columns, notes


def canvas_rows(run: GradeRun, roster: lms.Roster | None = None) -> tuple[list[str], list[dict], list[str]]:
    """The columns and rows of ``canvas-gradebook.csv`` (Points Possible first), and the learners left out
    (``{"key": [...], "roster": [...]}``)."""
    columns, _notes = canvas_columns(run, roster)
    header = CANVAS_COLUMNS + [columns[lesson] for lesson in run.lessons]
    rows = [{"Student": "Points Possible", **{columns[l]: num(run.lesson_max.get(l, 0.0)) for l in run.lessons}}]
    left_out: dict = {"key": [], "roster": []}
    for learner, person, row in _learners(run, roster, left_out, lambda p: p.canvas_id or p.sis_id or p.login):
        rows.append({"Student": person.sortable or person.name or learner, "ID": person.canvas_id,
                     "SIS User ID": person.sis_id, "SIS Login ID": person.login, "Section": person.section,
                     **{columns[l]: row.get(l, "") for l in run.lessons}})
    return header, rows, left_out


def moodle_rows(run: GradeRun, roster: lms.Roster | None = None) -> tuple[list[str], list[dict], list[str]]:
    header = MOODLE_COLUMNS + [lesson_title(run, lesson) for lesson in run.lessons]
    rows, left_out = [], {"key": [], "roster": []}
    for learner, person, row in _learners(run, roster, left_out, lambda p: p.login or p.email or p.sis_id):
        rows.append({"First name": person.first, "Last name": person.last, "Username": person.login,
                     "ID number": person.sis_id, "Email address": person.email,
                     **{lesson_title(run, l): row.get(l, "") for l in run.lessons}})
    return header, rows, left_out


def classroom_rows(run: GradeRun, roster: lms.Roster | None = None) -> tuple[list[str], list[dict], list[str]]:
    header = CLASSROOM_COLUMNS + [lesson_title(run, lesson) for lesson in run.lessons]
    rows, left_out = [], {"key": [], "roster": []}
    for learner, person, row in _learners(run, roster, left_out, lambda p: p.email):
        rows.append({"Email Address": person.email, "First Name": person.first, "Last Name": person.last,
                     **{lesson_title(run, l): row.get(l, "") for l in run.lessons}})
    return header, rows, left_out


def write_gradebooks(run: GradeRun, out: Path, roster: lms.Roster | None = None) -> dict:
    """Write the LMS files (and ``roster.csv`` with a roster) into ``out``; returns paths, row counts and notes."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths, counts, notes = {}, {}, []
    needs = {CANVAS_FILE: "Canvas user id, SIS id or login", MOODLE_FILE: "username, email or ID number",
             CLASSROOM_FILE: "email"}
    for name, make in ((CANVAS_FILE, canvas_rows), (MOODLE_FILE, moodle_rows), (CLASSROOM_FILE, classroom_rows)):
        header, rows, left_out = make(run, roster)
        paths[name] = out / name
        counts[name] = write_csv(paths[name], header, rows) - (1 if name == CANVAS_FILE else 0)
        if left_out["key"]:
            notes.append(f"{name}: left out {len(left_out['key'])} learner(s) with no {needs[name]} "
                         f"({_some(left_out['key'])}); " + ("the roster does not give it" if roster is not None else
                                                                      "give --roster with the LMS's export to name them"))
        if left_out["roster"]:
            notes.append(f"{name}: left out {len(left_out['roster'])} learner(s) not on the roster "
                         f"({_some(left_out['roster'])}): see roster.csv")
    notes.extend(canvas_columns(run, roster)[1])
    stale = out / ROSTER_FILE
    if roster is not None:
        paths[ROSTER_FILE] = stale
        rows = lms.roster_rows(run, roster)
        counts[ROSTER_FILE] = write_csv(stale, lms.ROSTER_COLUMNS, rows)
        statuses = Counter(row["status"] for row in rows)
        written_statuses = {status: statuses[status] for status in ROSTER_STATUSES if statuses[status]}
    else:
        written_statuses = {}
    if roster is None and stale.is_file() and _ours(stale):
        stale.unlink()  # an earlier run's report, not this run's
    return {"paths": paths, "counts": counts, "notes": notes, "roster": written_statuses}


def _some(names: list[str], limit: int = 5) -> str:
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _ours(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.readline().strip() == ",".join(lms.ROSTER_COLUMNS)
    except OSError:
        return False


def summary_lines(written: dict, roster: lms.Roster | None = None) -> list[str]:
    """What the command prints after the class summary."""
    c, p = written["counts"], written["paths"]
    lines = ["LMS gradebooks: " + ", ".join(f"{p[n]} ({c[n]} learner(s))" for n in (CANVAS_FILE, MOODLE_FILE,
                                                                                     CLASSROOM_FILE)) + "."]
    if roster is not None:
        lines.append(roster.describe() + "; " + ", ".join(f"{n} {what}" for what, n in written["roster"].items())
                     + f"; see {p[ROSTER_FILE]}.")
    lines.extend(f"  {note}" for note in written["notes"])
    return [terminal_line(line) for line in lines]  # names from hand-ins and files: escaped, one line each
