"""The grader's hostile-input corpus (tests/hostile/grader_cases.py), class by class.

* File system: each odd entry of a class folder is one clear line in the summary
  and in problems.csv, the rest of the class is graded, and the exit status says
  whether everything was graded; the grader's own reports are skipped.
* Wrong types inside a hand-in: one problem row each, never a crash; every
  learner gets a feedback page, the gradebooks are written and the dashboard renders.
* Hand-in times: the right hand-in of two is graded, odd times are problem rows,
  and the choice is explained.
* Size: what one file costs (time) and writes (bytes, line length) is bounded,
  and what was cut is said.
* The terminal and spreadsheets: the summary holds no control character and
  never a forged line; no CSV cell can start a formula.
* Feedback pages: one per learner, always.
* Options: bad ``--max-mb`` values are refused.
"""

from __future__ import annotations

import csv
import html
import os
import time
import unicodedata
from pathlib import Path

import pytest

from newslit.cli import main
from newslit.grading.grade import grade
from newslit.grading.gradebooks import write_gradebooks
from newslit.grading.reports import feedback_names, summary, terminal_line, write_csv, write_reports

from tests.grading_fixtures import submission, write
from tests.hostile.grader_cases import (
    CSV_CASES, FS_CASES, LESSON_2, NAME_CASES, OPTION_CASES, SIZE_CASES, TERMINAL_CASES, TIME_CASES, TYPE_CASES,
    handin, lesson_notebook,
)

GOOD = "good.ipynb"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def cells(folder: Path):
    """Every cell of every CSV under ``folder``, headers included."""
    for path in sorted(folder.rglob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                yield from ((path.name, cell) for cell in row)


def unsafe_for_a_terminal(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")
                   and ch != "\u200d"})


# -- 1. the file system -------------------------------------------------------------------------------


def _deny(folder: Path, paths, monkeypatch, request) -> None:
    """Refuse the grader ``paths``: chmod 000, and, as root (which chmod does not stop), fail the same calls."""
    targets = [folder / p for p in paths]
    for target in targets:
        os.chmod(target, 0)
    request.addfinalizer(lambda: [os.chmod(t, 0o755) for t in targets if os.path.lexists(t)])
    if not ROOT_USER:
        return
    denied = {os.path.abspath(t) for t in targets}
    real_scandir, real_open = os.scandir, os.open

    def refused(path) -> bool:
        return isinstance(path, (str, bytes, os.PathLike)) and os.path.abspath(os.fsdecode(path)) in denied

    def scandir(path="."):
        if refused(path):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    def open_(path, flags, mode=0o777, *, dir_fd=None):
        if refused(path):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)


@pytest.mark.parametrize("case", FS_CASES, ids=[c.name for c in FS_CASES])
def test_file_system(case, tmp_path, monkeypatch, request, capsys):
    folder, outside = tmp_path / "class", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    write(folder / GOOD, submission("good"))
    case.build(folder, outside)
    _deny(folder, case.deny, monkeypatch, request)
    out = folder / case.out if case.out else tmp_path / "out"

    code = main(["grade", str(folder), "--out", str(out), "--no-progress"])
    printed = capsys.readouterr()
    assert printed.err == "" and "Traceback" not in printed.out
    assert code == case.exit, printed.out
    assert not unsafe_for_a_terminal(printed.out)
    grades, problems = read_csv(out / "grades.csv"), read_csv(out / "problems.csv")
    good = [r for r in grades if r["file"] == f"{folder.as_posix()}/{GOOD}"]
    assert good and all(r["status"] not in ("not graded", "superseded") for r in good), "the rest is graded"

    if case.expect == "skipped":
        assert not [r for r in problems if r["graded"] == "no"], problems
        assert {Path(r["file"]).name for r in grades} == {GOOD}
        if not case.out:
            assert "Skipped " in printed.out and "(reports, not hand-ins)" in printed.out
        return
    shown = f"{folder.as_posix()}/{case.entry}"
    mine = [r for r in problems if r["file"] == shown]
    assert mine, (shown, [r["file"] for r in problems])
    assert {r["graded"] for r in mine} == {"yes" if case.expect == "graded" else "no"}
    if case.code:
        assert case.code in {r["problem"] for r in mine}, mine
    lines = [line for line in printed.out.splitlines() if terminal_line(shown) in line]
    assert len(lines) == 1, printed.out  # one line in the summary
    if case.expect == "not graded":
        assert "Not graded (" in printed.out
    if case.shown:
        assert case.shown in printed.out


def test_a_folder_that_cannot_be_listed_at_the_top(tmp_path, monkeypatch, request, capsys):
    folder = tmp_path / "class"
    write(folder / "x" / GOOD, submission("good"))
    write(tmp_path / "other" / "ok.ipynb", submission("ok"))
    _deny(tmp_path, ["class"], monkeypatch, request)
    code = main(["grade", str(folder), str(tmp_path / "other"), "--out", str(tmp_path / "out"), "--no-progress"])
    printed = capsys.readouterr().out
    assert code == 1 and "Not graded (1)" in printed and "cannot open" in printed
    assert "Graded 1 of 2" in printed


# -- 2. values of the wrong type ----------------------------------------------------------------------


def _type_notebook(case) -> dict:
    user = f"type-{case.name}"
    if case.lesson == "01_loaded_language":
        nb = submission(user)
    else:
        nb = lesson_notebook(case.lesson, user)
    case.change(handin(nb))
    return nb


@pytest.fixture(scope="module")
def typed_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("types")
    for case in TYPE_CASES:
        write(folder / f"type-{case.name}.ipynb", _type_notebook(case))
    write(folder / GOOD, submission("good"))
    write(folder / "good2.ipynb", lesson_notebook(LESSON_2, "good2"))
    run = grade([folder], progress=False)
    out = tmp_path_factory.mktemp("types-out")
    written = write_reports(run, out)  # must not raise: a bad value is a problem row
    write_gradebooks(run, out)
    from newslit.grading.dashboard import Dashboard

    page = Dashboard(folder).html()  # must not raise either
    return run, written, out, page


@pytest.mark.parametrize("case", TYPE_CASES, ids=[c.name for c in TYPE_CASES])
def test_wrong_types_are_problem_rows(case, typed_class):
    run, written, out, dashboard = typed_class
    sub = next(s for s in run.submissions if Path(s.path).name == f"type-{case.name}.ipynb")
    assert sub.graded == case.graded, sub.problems
    codes = {p.code for p in sub.problems}
    assert "internal" not in codes, sub.problems
    if case.code:
        assert case.code in codes, sub.problems
    for p in sub.problems:
        assert "\n" not in p.message and len(p.message) < 1200
    rows = [r for r in read_csv(out / "problems.csv") if r["file"] == sub.path]
    assert {r["problem"] for r in rows} == codes
    pages = {page.read_text(encoding="utf-8") for page in (out / "feedback").glob("*.html")}
    assert any(html.escape(sub.learner, quote=False) in page for page in pages), "the learner has a page"
    assert html.escape(Path(sub.path).name, quote=False) in dashboard


def test_every_learner_of_the_typed_class_has_a_page(typed_class):
    run, written, out, _ = typed_class
    learners = {s.learner for s in run.submissions if s.is_notebook}
    assert written["counts"]["feedback"] == len(learners) == len(list((out / "feedback").glob("*.html")))


# -- 3. hand-in times --------------------------------------------------------------------------------


@pytest.mark.parametrize("case", TIME_CASES, ids=[c.name for c in TIME_CASES])
def test_handin_times(case, tmp_path):
    folder = tmp_path / "c"
    for name, when in (("first", case.first), ("second", case.second)):
        write(folder / f"{name}.ipynb", submission("tim", handed_in_at=when))
    run = grade([folder], progress=False)
    subs = {Path(s.path).stem: s for s in run.submissions}
    assert subs[case.graded].status == "graded"
    other = "first" if case.graded == "second" else "second"
    assert subs[other].status == "superseded"
    for name, code in case.flagged:
        assert code in {p.code for p in subs[name].problems}, (name, subs[name].problems)
    if not any(name == "first" for name, _ in case.flagged):
        assert "handin-time" not in {p.code for p in subs["first"].problems}
    why = next(p.message for p in subs[case.graded].problems if p.code == "same-learner")
    assert "so it is graded (" in why  # the choice is explained
    if case.why:
        assert case.why in why, why
    written = write_reports(run, tmp_path / "out")
    rows = read_csv(written["paths"]["problems"])
    assert {(Path(r["file"]).stem, r["problem"]) for r in rows} >= set(case.flagged)
    assert not unsafe_for_a_terminal(summary(run, written))


# -- 4. size -----------------------------------------------------------------------------------------


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _longest_line(folder: Path) -> int:
    longest = 0
    for path in folder.rglob("*.csv"):
        with open(path, encoding="utf-8") as f:
            longest = max([longest, *(len(line) for line in f)])
    return longest


@pytest.mark.parametrize("case", SIZE_CASES, ids=[c.name for c in SIZE_CASES])
def test_size_is_bounded(case, tmp_path):
    folder, out = tmp_path / "c", tmp_path / "out"
    folder.mkdir()
    case.build(folder)
    write(folder / GOOD, submission("good"))
    began = time.perf_counter()
    run = grade([folder], progress=False)
    written = write_reports(run, out)
    write_gradebooks(run, out)
    text = summary(run, written)
    took = time.perf_counter() - began
    assert took < case.seconds, f"{case.name}: {took:.1f} s"
    assert _size(out) < case.written, f"{case.name}: {_size(out):,} bytes written"
    assert _longest_line(out) < 40_000 and max(len(line) for line in text.splitlines()) < 3_000
    sub = next(s for s in run.submissions if Path(s.path).name != GOOD)
    good = next(s for s in run.submissions if Path(s.path).name == GOOD)
    assert good.graded
    assert len(sub.problems) <= 52 and all(len(p.message) < 1_200 for p in sub.problems)
    if case.code:
        found = [p.message for p in sub.problems if p.code == case.code]
        notes = " ".join(r["note"] for r in read_csv(out / "grades.csv"))
        assert found, sub.problems
        assert case.note in " ".join(found) + notes, (found, case.note)
    print(f"{case.name}: {took:.1f} s, {_size(out):,} bytes written")


# -- 5. the terminal ---------------------------------------------------------------------------------


def _terminal_notebook(case) -> tuple[str, dict]:
    file_name = f"term-{case.name}.ipynb"
    nb = lesson_notebook(LESSON_2, f"term-{case.name}")
    p = handin(nb)
    if case.where == "unknown_id":
        p["answers"]["claims"]["labels"][case.text] = "vague"
    elif case.where == "key_version":
        p["key_versions"] = {"claims": case.text}
    elif case.where == "exercise":
        p["answers"][case.text] = {"text": "x"}
    elif case.where == "time":
        p["handed_in_at"] = case.text
    elif case.where == "user":
        p["user"] = case.text
    elif case.where == "file_name":
        file_name = f"term-{case.text}.ipynb"
        p["answers"]["zz_extra"] = {"text": "x"}  # something to check, so the summary lists the file
    return file_name, nb


@pytest.fixture(scope="module")
def terminal_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("term")
    for case in TERMINAL_CASES:
        name, nb = _terminal_notebook(case)
        write(folder / name, nb)
    out = tmp_path_factory.mktemp("term-out")
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["grade", str(folder), "--out", str(out), "--no-progress"])
    return folder, code, buffer.getvalue()


def test_the_summary_holds_no_control_character_and_no_forged_line(terminal_run):
    _folder, code, printed = terminal_run
    assert code == 0
    assert not unsafe_for_a_terminal(printed), unsafe_for_a_terminal(printed)
    assert [line for line in printed.splitlines() if line.startswith("Graded ")] == [printed.splitlines()[0]]


@pytest.mark.parametrize("case", TERMINAL_CASES, ids=[c.name for c in TERMINAL_CASES])
def test_each_hostile_text_is_one_escaped_line(case, terminal_run):
    folder, _code, printed = terminal_run
    name, _ = _terminal_notebook(case)
    shown = terminal_line(f"{folder.as_posix()}/{name}")
    assert len([line for line in printed.splitlines() if shown in line]) <= 1
    if case.where in ("key_version", "file_name") or (case.where == "unknown_id" and "\x1b" in case.text):
        assert len([line for line in printed.splitlines() if shown in line]) == 1, (shown, printed)
    if "\x1b" in case.text and case.where != "user":
        assert "\\x1b" in printed


def test_terminal_line_escapes_every_control_character():
    for code in [*range(0, 32), 127, *range(0x80, 0xA0), 0x202E, 0x2066, 0x2069, 0x200E, 0x2028, 0x2029, 0xFEFF]:
        shown = terminal_line(f"a{chr(code)}b")
        assert shown.startswith("a\\") and shown.endswith("b") and chr(code) not in shown, (hex(code), shown)
    assert terminal_line("caf\udce9") == "caf\\xe9"  # a byte that is not UTF-8
    assert terminal_line("Zo\u00eb \u4e2d\u6587 \U0001F468\u200d\U0001F469") == "Zo\u00eb \u4e2d\u6587 \U0001F468\u200d\U0001F469"
    assert len(terminal_line("x" * 10_000)) < 2_100


# -- 5b. spreadsheets ---------------------------------------------------------------------------------

SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20"


def starts_a_formula(cell: str) -> bool:
    import re

    if not cell or cell.startswith("'") or re.fullmatch(r"-?\d+(?:\.\d+)?", cell):
        return False
    rest = cell.lstrip().lstrip("\u200b\u2060\ufeff\x00")
    return cell[0] in "\t\r\n\x00" or bool(rest) and rest[0] in SIGNS


@pytest.fixture(scope="module")
def csv_out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv")
    for n, case in enumerate(CSV_CASES):
        nb = lesson_notebook(LESSON_2, f"csv-{case.name}")
        p = handin(nb)
        labels = p["answers"]["claims"]["labels"]
        labels[sorted(labels)[n % len(labels)]] = case.text  # a wrong label: shown in the note
        labels[case.text] = "vague"  # an item the key does not have: its id is a cell
        p["answers"][case.text] = {"text": "x"}  # an exercise the lesson does not have
        write(folder / f"csv-{case.name}.ipynb", nb)
    write(folder / "learner.ipynb", lesson_notebook(LESSON_2, " =HYPERLINK(\"x\")"))
    run = grade([folder], progress=False)
    out = tmp_path_factory.mktemp("csv-out")
    write_reports(run, out)
    write_gradebooks(run, out)
    return out, list(cells(out))


def test_no_cell_of_any_csv_starts_a_formula(csv_out):
    _out, found = csv_out
    assert {name for name, _ in found} >= {"grades.csv", "gradebook.csv", "problems.csv"}
    bad = [(name, cell[:30]) for name, cell in found if starts_a_formula(cell)]
    assert not bad, bad


@pytest.mark.parametrize("case", CSV_CASES, ids=[c.name for c in CSV_CASES])
def test_each_hostile_cell(case, csv_out):
    _out, found = csv_out
    values = {cell for _, cell in found}
    if case.guarded:
        assert "'" + case.text in values, case.name
        assert case.text not in values
    else:
        assert case.text in values and "'" + case.text not in values
    assert guarded(case.text) == ("'" + case.text if case.guarded else case.text)


def guarded(text: str) -> str:
    """``text`` as the grader's CSV writer (its formula guard) writes it, read back."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.csv"
        write_csv(path, ["x"], [{"x": text}])
        return read_csv(path)[0]["x"]


def test_numbers_are_not_guarded():
    for number in ("-2", "-0.5", "3", "12.25"):
        assert guarded(number) == number


# -- 6. feedback pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", NAME_CASES, ids=[c.name for c in NAME_CASES])
def test_every_learner_gets_their_own_page(case, tmp_path):
    folder, out = tmp_path / "c", tmp_path / "out"
    for n, learner in enumerate(case.learners):
        write(folder / f"n{n}.ipynb", submission(learner))
    (out / "feedback").mkdir(parents=True)
    for page in case.taken:
        (out / "feedback" / page).write_text("a teacher's own page", encoding="utf-8")
    run = grade([folder], progress=False)
    written = write_reports(run, out)
    write_gradebooks(run, out)
    learners = sorted({s.learner for s in run.submissions if s.is_notebook})
    expected = case.pages if case.pages is not None else len(learners)
    assert len(learners) == expected
    pages = [p for p in (out / "feedback").glob("*.html") if p.name not in case.taken]
    assert written["counts"]["feedback"] == len(pages) == expected
    assert len({p.name.casefold() for p in pages}) == len(pages), "no two pages differ only in letter case"
    texts = [p.read_text(encoding="utf-8") for p in pages]
    for learner in learners:
        assert sum(f"{html.escape(learner, quote=True)}</" in t or html.escape(learner, quote=True) in t
                   for t in texts) >= 1, learner
    for page in case.taken:
        assert (out / "feedback" / page).read_text(encoding="utf-8") == "a teacher's own page"
    if case.merged:
        assert len(read_csv(out / "gradebook.csv")) == 1


def test_feedback_names_are_stable_and_distinct():
    learners = ["a/b", "a_b", "a_b-2", "A_B", "learner", "", "???", "con", "x" * 200, "x" * 201]
    names = feedback_names(learners)
    assert len({n.casefold() for n in names.values()}) == len(learners)
    assert names == feedback_names(list(reversed(learners)))  # the order learners come in changes nothing
    assert names["a_b-2"] == "a_b-2" and names["learner"] == "learner"  # a name that is already safe is kept
    assert sorted([names["A_B"], names["a_b"]])[0] == "A_B"  # one of two names equal but for case keeps it
    assert names["con"] != "con"


# -- 7. options --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [v for _, v in OPTION_CASES], ids=[n for n, _ in OPTION_CASES])
def test_bad_max_mb_is_refused(value, tmp_path, capsys):
    write(tmp_path / "c" / GOOD, submission("good"))
    with pytest.raises(SystemExit) as exit_:
        main(["grade", str(tmp_path / "c"), "--out", str(tmp_path / "out"), "--max-mb", value])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--max-mb" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_the_dashboard_merges_one_learner_written_two_ways(tmp_path):
    from newslit.grading.dashboard import files_table, load_class

    write(tmp_path / "c" / "a.ipynb", submission("Zo\u00eb", handed_in_at="2026-11-20T10:00:00+00:00"))
    write(tmp_path / "c" / "b.ipynb", submission("Zoe\u0308", handed_in_at="2026-11-21T10:00:00+00:00"))
    data = load_class(tmp_path / "c")
    table = files_table(data)
    assert sorted(table["status"]) == ["graded", "superseded"]
    assert set(table["learner"]) == {"Zo\u00eb"}


def test_grades_csv_rows_per_file_are_bounded(tmp_path, monkeypatch):
    from newslit.grading import reports

    monkeypatch.setattr(reports, "MAX_ROWS_PER_FILE", 5)
    write(tmp_path / "c" / "a.ipynb", submission("ann"))
    write(tmp_path / "c" / "b.ipynb", submission("bea"))
    write_reports(grade([tmp_path / "c"], progress=False), tmp_path / "out")
    rows = read_csv(tmp_path / "out" / "grades.csv")
    for name in ("a.ipynb", "b.ipynb"):
        mine = [r for r in rows if Path(r["file"]).name == name]
        assert len(mine) == 6 and mine[-1]["status"] == "rows cut" and "more row(s)" in mine[-1]["note"]
