"""Damaged and odd submissions: each gets one clear reason and the rest of the class is graded.

Every case is built in code from the executed reference solution. One class
folder holds all of them beside good submissions; the grader runs once (in
process and through the command line) and each file's outcome is checked.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newslit.grading.grade import MAX_NOTEBOOK_MB, grade
from newslit.learner.handin import MIME
from newslit.grading.reports import summary, write_reports

from tests.grading_fixtures import handin_cells, payload, reference_spans, solution, submission, write

HUGE_MB = 300


def _another_article() -> str:
    """An article other than the class's one whose loaded-language key has items."""
    from newslit.keys.answer_key import load_key
    from newslit.paths import datasets_dir

    for folder in sorted((datasets_dir() / "keys").iterdir()):
        if folder.name != "aleppo-2016" and (folder / "loaded_language.json").exists():
            if load_key(folder.name, "loaded_language").max_points > 0:
                return folder.name
    raise AssertionError("no second article with a loaded_language key")


OTHER = _another_article()


def _twice_in_one_notebook() -> dict:
    """Two hand-in cells: the newer one comes first in cell order, and it is the one graded."""
    nb = submission("twice", handed_in_at="2026-11-21T09:00:00+00:00")
    older = json.loads(json.dumps(handin_cells(nb)[-1]))
    older["id"] = "copied-handin"
    older_payload = next(o for o in older["outputs"] if MIME in o["data"])["data"][MIME]
    older_payload["handed_in_at"] = "2026-11-20T09:00:00+00:00"
    older_payload["answers"]["loaded_language"]["spans"] = reference_spans()[:2]
    nb["cells"].append(older)
    return nb


def _cells_deleted() -> dict:
    nb = submission("deleter")
    nb["cells"] = [c for c in nb["cells"] if c["id"] not in ("l01-what", "l01-machine", "l01-machine-code")]
    return nb


def _cells_reordered() -> dict:
    nb = submission("shuffler")
    random.Random(7).shuffle(nb["cells"])
    return nb


def _duplicate_ids() -> dict:
    nb = submission("dupe-ids")
    nb["cells"][2]["id"] = nb["cells"][1]["id"]
    return nb


def _other_lesson() -> dict:
    nb = submission("wrong-lesson")
    nb["metadata"]["newslit"]["lesson"] = "00_start_here"
    return nb


def _no_handin() -> dict:
    nb = submission("nohandin")
    for cell in handin_cells(nb):
        cell["outputs"] = []
    return nb


def _old_nbformat() -> dict:
    return {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "lesson"},
            "worksheets": [{"cells": [{"cell_type": "code", "input": "lesson.hand_in()", "outputs": []}]}]}


def _bad_handin() -> dict:
    nb = submission("badhandin")
    payload(nb)["answers"] = "all of them"
    return nb


def _learner_edited_answers() -> dict:
    nb = submission("editor", answers={"loaded_language": "everything", "made_up": {"text": "x"}})
    return nb


CASES = {
    # name: (how to build it, expected status, problem code, words the reason must hold)
    "invalid.ipynb": (lambda p: p.write_text(json.dumps(submission("inv")).replace('"cells": [', '"cells": [}', 1)),
                      "not graded", "invalid-json", "not valid JSON"),
    "truncated.ipynb": (lambda p: p.write_text(json.dumps(submission("trunc"))[:5000]),
                        "not graded", "truncated", "cut off"),
    "old-format.ipynb": (lambda p: write(p, _old_nbformat()), "not graded", "old-nbformat", "nbformat 3"),
    "no-handin.ipynb": (lambda p: write(p, _no_handin()), "not graded", "no-handin", "hand-in cell"),
    "bad-handin.ipynb": (lambda p: write(p, _bad_handin()), "not graded", "bad-handin", "no answers"),
    "twice.ipynb": (lambda p: write(p, _twice_in_one_notebook()), "graded", "handed-in-twice", "graded the newest"),
    "deleted.ipynb": (lambda p: write(p, _cells_deleted()), "graded", "cells-deleted", "l01-machine-code"),
    "reordered.ipynb": (lambda p: write(p, _cells_reordered()), "graded", "cells-reordered", "different order"),
    "dupe-ids.ipynb": (lambda p: write(p, _duplicate_ids()), "graded", "duplicate-cell-ids", "duplicate cell ids"),
    "other-lesson.ipynb": (lambda p: write(p, _other_lesson()), "graded", "other-lesson", "another lesson"),
    "other-article.ipynb": (lambda p: write(p, submission("elsewhere", spans=[], article=OTHER)),
                            "graded", "other-article", OTHER),
    "no-such-article.ipynb": (lambda p: write(p, submission("nowhere", article="no-such-article")),
                              "not graded", "unknown-article", "not in this kit's datasets/articles"),
    "path-article.ipynb": (lambda p: write(p, submission("sneaky", article="../../../etc/passwd.json")),
                           "not graded", "bad-article", "article id the kit cannot have"),
    "old-key.ipynb": (lambda p: write(p, submission("oldkey", key_versions={"loaded_language": "0"})),
                      "graded", "key-version", "version 0"),
    "edited.ipynb": (lambda p: write(p, _learner_edited_answers()), "graded", "unknown-exercises", "made_up"),
    "huge.ipynb": (lambda p: _sparse(p, HUGE_MB), "not graded", "too-large", f"limit of {MAX_NOTEBOOK_MB} MB"),
    "empty.ipynb": (lambda p: p.write_bytes(b""), "not graded", "empty-file", "0 bytes"),
    "pdf-named.ipynb": (lambda p: p.write_bytes(b"%PDF-1.7\n\x93\x8c\x8b\x9e binary"), "not graded", "not-a-notebook",
                        "a PDF document"),
    "list.ipynb": (lambda p: p.write_text("[1, 2, 3]"), "not graded", "not-a-notebook", "not a Jupyter notebook"),
    "answers-file.ipynb": (lambda p: p.write_text(json.dumps({"format": "newslit-answers/1", "answers": {}})),
                           "not graded", "not-a-notebook", "saved-answers file"),
    "nested.ipynb": (lambda p: p.write_text("[" * 100_000 + "]" * 100_000), "not graded", "not-a-notebook",
                     "nested thousands of levels deep"),
    "digits.ipynb": (lambda p: p.write_text('{"cells": [], "nbformat": ' + "9" * 5000 + "}"), "not graded",
                     "invalid-json", "not valid JSON"),
    "essay.docx": (lambda p: p.write_bytes(b"PK\x03\x04 zipped"), "not graded", "not-a-notebook", "a .docx file"),
    "same-old.ipynb": (lambda p: write(p, submission("sam", handed_in_at="2026-11-19T10:00:00+00:00")),
                       "superseded", "same-learner", "same-new.ipynb"),
    "same-new.ipynb": (lambda p: write(p, submission("sam", spans=[], handed_in_at="2026-11-22T10:00:00+00:00")),
                       "graded", "same-learner", "same-old.ipynb"),
}


def _sparse(path: Path, megabytes: int) -> None:
    with open(path, "wb") as f:
        f.truncate(megabytes * 1024 * 1024)  # a sparse file: big on paper, nothing to write


GOOD = ["good-1.ipynb", "good-2.ipynb", "good-3.ipynb"]


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    for n, name in enumerate(GOOD, 1):
        write(folder / name, submission(f"good{n}"))
    for name, (build, *_rest) in CASES.items():
        build(folder / name)
    (folder / ".ipynb_checkpoints").mkdir()
    write(folder / ".ipynb_checkpoints" / "good-1-checkpoint.ipynb", submission("checkpoint"))
    return folder


@pytest.fixture(scope="module")
def graded(class_folder, tmp_path_factory):
    run = grade([class_folder], progress=False)
    out = tmp_path_factory.mktemp("out")
    return run, write_reports(run, out), out


def by_name(run, name):
    matches = [s for s in run.submissions if Path(s.path).name == name]
    assert len(matches) == 1, name
    return matches[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_damaged_case_gets_a_clear_reason(graded, name):
    run, _, _ = graded
    _build, status, code, words = CASES[name]
    sub = by_name(run, name)
    assert sub.status == status, (name, sub.problems)
    reasons = [p for p in sub.problems if p.code == code]
    assert reasons, (name, [p.code for p in sub.problems])
    assert any(words in p.message for p in reasons), (name, [p.message for p in reasons])
    assert all("\n" not in p.message and "Traceback" not in p.message for p in sub.problems)


def test_the_rest_of_the_class_is_graded(graded):
    run, _, _ = graded
    for name in GOOD:
        sub = by_name(run, name)
        assert sub.status == "graded" and not sub.problems
        assert sub.points == sub.max_points > 0
    assert not any("checkpoint" in s.path for s in run.submissions)
    assert len(run.submissions) == len(GOOD) + len(CASES)


def test_what_a_damaged_but_graded_notebook_scores(graded):
    run, _, _ = graded
    assert by_name(run, "twice.ipynb").points == by_name(run, "good-1.ipynb").points  # the newer, complete hand-in
    for name in ("deleted.ipynb", "reordered.ipynb", "dupe-ids.ipynb", "old-key.ipynb", "other-lesson.ipynb"):
        assert by_name(run, name).points == by_name(run, name).max_points > 0, name
    other = by_name(run, "other-article.ipynb")
    assert other.article == OTHER and other.points == 0
    assert other.max_points > 0 and other.max_points != by_name(run, "good-1.ipynb").max_points  # its own key
    edited = by_name(run, "edited.ipynb")
    assert edited.points == 0 and "malformed-answer" in {p.code for p in edited.problems}
    assert by_name(run, "same-new.ipynb").points == 0  # the newer hand-in counts, even when it scores less
    assert run.class_article == {"01_loaded_language": "aleppo-2016"}


def test_summary_has_one_line_per_damaged_file_and_the_cannot_detect_note(graded):
    run, written, _ = graded
    text = summary(run, written)
    lines = text.splitlines()
    for name, (_build, status, _code, _words) in CASES.items():
        mentions = [line for line in lines if Path(line.strip().split(": ", 1)[0]).name == name]
        assert len(mentions) == 1, (name, mentions)
    assert "What the grader cannot detect" in text and "edit the notebook's JSON" in text
    assert "Traceback" not in text


def test_reports_list_problems_and_learners(graded):
    run, written, out = graded
    with open(written["paths"]["problems"], encoding="utf-8", newline="") as f:
        problems = list(csv.DictReader(f))
    assert {Path(p["file"]).name for p in problems} == set(CASES)
    with open(written["paths"]["gradebook"], encoding="utf-8", newline="") as f:
        book = {r["learner"]: r for r in csv.DictReader(f)}
    assert "essay" not in book  # a .docx is reported, but is not a learner
    assert book["truncated"]["01_loaded_language"] == "" and "cut off" in book["truncated"]["problems"]
    assert book["sam"]["01_loaded_language"] == "0" and "same-old.ipynb" in book["sam"]["problems"]
    with open(written["paths"]["grades"], encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    superseded = [r for r in rows if r["status"] == "superseded"]
    assert len(superseded) == 1 and superseded[0]["file"].endswith("same-old.ipynb")
    page = (out / "feedback" / "truncated.html").read_text(encoding="utf-8")
    assert "could not be graded" in page and "cut off" in page


def test_command_line_reports_damage_without_tracebacks(class_folder, tmp_path, run_env):
    proc = subprocess.run([sys.executable, "-m", "newslit", "grade", str(class_folder), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, env=run_env(), timeout=120)
    assert proc.returncode == 1  # reports written, but some files need a person
    assert "Traceback" not in proc.stdout + proc.stderr and proc.stderr == ""
    assert f"Graded {3 + sum(1 for c in CASES.values() if c[1] == 'graded')} of {len(GOOD) + len(CASES)} file(s)" in proc.stdout
    assert (tmp_path / "o" / "gradebook.csv").exists()


def test_command_line_with_nothing_to_grade(tmp_path, run_env):
    (tmp_path / "empty").mkdir()
    proc = subprocess.run([sys.executable, "-m", "newslit", "grade", str(tmp_path / "empty"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, env=run_env(), timeout=120)
    assert proc.returncode == 2 and proc.stderr.startswith("newslit: No files to grade")
    assert "Traceback" not in proc.stderr


def test_a_missing_path_is_reported(tmp_path):
    write(tmp_path / "ok.ipynb", submission("ok"))
    run = grade([tmp_path / "ok.ipynb", tmp_path / "gone.ipynb"], progress=False)
    assert by_name(run, "gone.ipynb").problems[0].code == "missing"
    assert by_name(run, "ok.ipynb").graded


def test_the_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    _sparse(tmp_path / "big.ipynb", HUGE_MB)
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (self.suffix == ".ipynb" and read.append(self)) or original(self))
    run = grade([tmp_path], progress=False)
    assert run.submissions[0].problems[0].code == "too-large" and read == []
    run = grade([tmp_path], progress=False, max_mb=HUGE_MB + 1)  # the limit can be raised
    assert run.submissions[0].problems[0].code == "not-a-notebook"


def test_an_unexpected_error_is_one_line_and_the_class_goes_on(tmp_path, monkeypatch):
    import newslit.keys.kinds

    write(tmp_path / "a.ipynb", submission("a"))
    write(tmp_path / "b.ipynb", submission("b", lesson="00_start_here"))
    real = newslit.keys.kinds.score_answer

    def flaky(key, answer):
        if isinstance(answer, dict) and len(answer.get("spans", [])) == 15:  # the solution's marks (key v4: 15 items)
            raise RuntimeError("boom\nsecond line")
        return real(key, answer)

    monkeypatch.setattr(newslit.keys.kinds, "score_answer", flaky)
    run = grade([tmp_path], progress=False)
    a = by_name(run, "a.ipynb")
    assert a.status == "not graded" and a.problems[0].code == "internal"
    assert "RuntimeError: boom second line" in a.problems[0].message
    assert by_name(run, "b.ipynb").status == "not graded"  # 00_start_here is not a graded lesson


def test_handins_for_two_lessons_in_one_notebook_prefer_the_notebooks_lesson(tmp_path):
    nb = submission("mixed")
    stray = json.loads(json.dumps(handin_cells(nb)[-1]))
    stray["id"] = "stray"
    next(o for o in stray["outputs"] if MIME in o["data"])["data"][MIME]["lesson"] = "02_other"
    nb["cells"].append(stray)
    write(tmp_path / "mixed.ipynb", nb)
    sub = grade([tmp_path], progress=False).submissions[0]
    assert sub.graded and sub.lesson == "01_loaded_language"
    assert any(p.code == "other-lesson" and "02_other" in p.message for p in sub.problems)


def test_a_notebook_with_only_the_handin_cell_is_still_graded(tmp_path):
    nb = solution()
    nb["cells"] = handin_cells(nb)
    write(tmp_path / "bare.ipynb", nb)
    sub = grade([tmp_path], progress=False).submissions[0]
    assert sub.graded and sub.points == sub.max_points
    assert [p.code for p in sub.problems] == ["cells-deleted"]


def test_a_notebook_saved_as_utf16_is_read(tmp_path):
    (tmp_path / "windows.ipynb").write_bytes(json.dumps(submission("win")).encode("utf-16"))
    sub = grade([tmp_path], progress=False).submissions[0]
    assert sub.graded and sub.points == sub.max_points > 0


def test_no_handin_with_the_handin_cell_deleted_says_so(tmp_path):
    nb = submission("gone")
    nb["cells"] = [c for c in nb["cells"] if c["id"] != "l01-handin-code"]
    write(tmp_path / "gone.ipynb", nb)
    sub = grade([tmp_path], progress=False).submissions[0]
    assert [p.code for p in sub.problems] == ["no-handin", "cells-deleted"]
    assert "l01-handin-code" in sub.problems[1].message and "graded" not in sub.problems[1].message
