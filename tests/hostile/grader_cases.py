"""Hostile input for ``newslit grade``, as data: each case says what is handed to the grader and what must happen.

Seven classes, each a list (``tests/test_hostile_grader.py`` runs them all;
``tools/bench_hostile_grading.py`` times the size cases):

* :data:`FS_CASES`: the class folder itself: link loops, links to folders and
  devices, pipes, names that are not UTF-8 or hold control characters, folders
  and files the grader may not read, the grader's own reports from an earlier
  run. Each is one line in the summary and in ``problems.csv`` (or, for the
  reports, skipped and said once), the rest of the class is graded, and the
  exit status is 1 when something was not graded.
* :data:`TYPE_CASES`: values of the wrong type inside otherwise valid hand-ins.
  Each is a problem row; the file is still graded (or refused with one reason),
  every learner gets a feedback page and the dashboard renders.
* :data:`TIME_CASES`: two hand-ins of one lesson by one learner with odd
  hand-in times. The right one is graded, odd times are problem rows, and the
  choice is explained.
* :data:`SIZE_CASES`: one file that costs a lot to grade or would write a lot.
  Time, bytes written and the longest line are bounded, and what was cut is said.
* :data:`TERMINAL_CASES` and :data:`CSV_CASES`: text from a hand-in or a file
  name that would forge lines or send escape codes to the instructor's terminal,
  or start a formula in a spreadsheet.
* :data:`NAME_CASES`: learner names that clean to the same feedback file name.
* :data:`OPTION_CASES`: bad ``--max-mb`` values.

Big files are made at test time in a temporary folder; nothing big is committed.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable

from newslit.learner.handin import MIME

from tests.grading_fixtures import ROOT, submission, write

LESSON_2 = "02_unsupported_claims"
LESSON_3 = "03_missing_context"


@lru_cache(maxsize=4)
def _solution_text(lesson: str) -> str:
    return (ROOT / "solutions" / f"{lesson}.ipynb").read_text(encoding="utf-8")


def lesson_notebook(lesson: str, user: str, **fields) -> dict:
    """The executed solution of ``lesson`` handed in by ``user`` (``fields`` replace hand-in fields)."""
    nb = json.loads(_solution_text(lesson))
    p = handin(nb)
    p["user"] = user
    p.update(fields)
    return nb


def handin(nb: dict) -> dict:
    """The (last) hand-in payload of ``nb``, to change in place."""
    found = None
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if MIME in out.get("data", {}):
                found = out["data"][MIME]
    assert found is not None
    return found


def flagged(user: str) -> dict:
    """Lesson 1's solution handed in by ``user``, with one thing to check (so the summary lists it)."""
    nb = submission(user)
    handin(nb)["answers"]["zz_extra"] = {"text": "x"}
    return nb


def _bytes_name(folder: Path, raw: bytes) -> Path:
    return Path(os.fsdecode(os.fsencode(str(folder)) + b"/" + raw))


# -- 1. the file system -------------------------------------------------------------------------------


@dataclass
class FsCase:
    name: str
    build: Callable[[Path, Path], None]  # (class folder, a scratch folder outside it)
    expect: str  # the status of the case's entry: "not graded", "graded", "skipped"
    entry: str = ""  # the entry's path in the class folder ("" when it has no entry of its own)
    code: str = ""  # a problem code the entry must have
    exit: int = 1  # the command's exit status
    deny: tuple = ()  # paths in the class folder the grader is refused (chmod 000; simulated when run as root)
    out: str = ""  # --out, relative to the class folder ("" = outside it)
    shown: str = ""  # text the summary must show for the entry (escaped)


def _mkfifo(folder: Path, name: str) -> None:
    os.mkfifo(folder / name)


def _socket(folder: Path, name: str) -> None:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.bind(str(folder / name))
    finally:
        s.close()


def _earlier_reports(folder: Path, inside: str) -> None:
    from newslit.grading.gradebooks import write_gradebooks
    from newslit.grading.grade import grade
    from newslit.grading.reports import write_reports

    run = grade([folder], progress=False)
    write_reports(run, folder / inside)
    write_gradebooks(run, folder / inside)


FS_CASES: list[FsCase] = [
    FsCase("link-loop-self", lambda c, o: os.symlink("loop", c / "loop"), "not graded", "loop", "link-loop"),
    FsCase("link-loop-pair", lambda c, o: (os.symlink("b.ipynb", c / "a.ipynb"), os.symlink("a.ipynb", c / "b.ipynb")),
           "not graded", "a.ipynb", "link-loop"),
    FsCase("link-loop-in-subfolder", lambda c, o: ((c / "sub").mkdir(), os.symlink("x.ipynb", c / "sub" / "x.ipynb")),
           "not graded", "sub/x.ipynb", "link-loop"),
    FsCase("link-to-own-folder", lambda c, o: os.symlink(".", c / "again"), "not graded", "again", "linked-folder"),
    FsCase("link-to-parent-folder", lambda c, o: ((c / "sub").mkdir(), os.symlink("..", c / "sub" / "up")),
           "not graded", "sub/up", "linked-folder"),
    FsCase("linked-folder-outside", lambda c, o: (write(o / "carol" / "carol.ipynb", submission("carol")),
                                                  os.symlink(o / "carol", c / "carol")),
           "not graded", "carol", "linked-folder"),
    FsCase("broken-link", lambda c, o: os.symlink(o / "gone.ipynb", c / "gone.ipynb"), "not graded", "gone.ipynb",
           "broken-link"),
    FsCase("fifo", lambda c, o: _mkfifo(c, "pipe.ipynb"), "not graded", "pipe.ipynb", "not-a-file"),
    FsCase("fifo-no-extension", lambda c, o: _mkfifo(c, "pipe"), "not graded", "pipe", "not-a-file"),
    FsCase("socket", lambda c, o: _socket(c, "s.ipynb"), "not graded", "s.ipynb", "not-a-file"),
    FsCase("link-to-dev-zero", lambda c, o: os.symlink("/dev/zero", c / "zero.ipynb"), "not graded", "zero.ipynb",
           "not-a-file"),
    FsCase("link-to-dev-null", lambda c, o: os.symlink("/dev/null", c / "null.ipynb"), "not graded", "null.ipynb",
           "not-a-file"),
    FsCase("name-not-utf8", lambda c, o: write(_bytes_name(c, b"caf\xe9.ipynb"), submission("cafe")), "graded",
           "caf\\xe9.ipynb", "file-name", exit=0, shown="caf\\xe9.ipynb"),
    FsCase("folder-name-not-utf8", lambda c, o: write(_bytes_name(c, b"cl\xe4ss") / "dan.ipynb", submission("dan")),
           "graded", "cl\\xe4ss/dan.ipynb", "file-name", exit=0, shown="cl\\xe4ss/dan.ipynb"),
    FsCase("name-latin1-and-utf8", lambda c, o: write(_bytes_name(c, b"\xff\xfeu\xcc\x88.ipynb"), submission("ue")),
           "graded", "\\xff\\xfeu\u0308.ipynb", "file-name", exit=0),
    FsCase("name-with-newline", lambda c, o: write(c / "x\nGraded 30 of 30 file(s); no problems.ipynb",
                                                   flagged("nl")), "graded",
           "x\nGraded 30 of 30 file(s); no problems.ipynb", "unknown-exercises", exit=0, shown="x\\nGraded 30"),
    FsCase("name-with-escapes", lambda c, o: write(c / "y\x1b]0;title\x07\x1b[2K.ipynb", flagged("esc")), "graded",
           "y\x1b]0;title\x07\x1b[2K.ipynb", "unknown-exercises", exit=0, shown="y\\x1b]0;title\\x07"),
    FsCase("unreadable-file", lambda c, o: write(c / "locked.ipynb", submission("locked")), "not graded",
           "locked.ipynb", "unreadable", deny=("locked.ipynb",)),
    FsCase("unlistable-subfolder", lambda c, o: write(c / "private" / "eve.ipynb", submission("eve")), "not graded",
           "private", "unreadable-folder", deny=("private",)),
    FsCase("unlistable-nested-subfolder", lambda c, o: write(c / "a" / "b" / "fay.ipynb", submission("fay")),
           "not graded", "a/b", "unreadable-folder", deny=("a/b",)),
    FsCase("reports-of-an-earlier-run-inside", lambda c, o: _earlier_reports(c, "grades"), "skipped", exit=0),
    FsCase("reports-of-an-earlier-run-as-out", lambda c, o: _earlier_reports(c, "grades"), "skipped", exit=0,
           out="grades"),
    FsCase("reports-written-into-the-class-folder", lambda c, o: _earlier_reports(c, "."), "skipped", exit=0),
    FsCase("a-learners-own-grades-csv", lambda c, o: (c / "grades.csv").write_text("name,mark\nme,100\n",
                                                                                     encoding="utf-8"),
           "not graded", "grades.csv", "not-a-notebook"),
]


# -- 2. values of the wrong type ----------------------------------------------------------------------


@dataclass
class TypeCase:
    name: str
    lesson: str  # 01_loaded_language, 02_unsupported_claims, 03_missing_context
    change: Callable[[dict], None]  # changes the hand-in payload in place
    code: str = "malformed-answer"  # a problem code the file must have ("" = none in particular)
    graded: bool = True


def _answer(exercise: str, value) -> Callable[[dict], None]:
    def change(p: dict) -> None:
        p["answers"][exercise] = value
    return change


def _inner(exercise: str, key: str, value) -> Callable[[dict], None]:
    def change(p: dict) -> None:
        p["answers"][exercise][key] = value
    return change


def _label(value) -> Callable[[dict], None]:
    def change(p: dict) -> None:
        labels = p["answers"]["claims"]["labels"]
        labels[sorted(labels)[0]] = value
    return change


def _tick(value) -> Callable[[dict], None]:
    def change(p: dict) -> None:
        checked = p["answers"]["context_checklist"]["checked"]
        checked[sorted(checked)[0]] = value
    return change


def _field(name: str, value) -> Callable[[dict], None]:
    def change(p: dict) -> None:
        p[name] = value
    return change


TYPE_CASES: list[TypeCase] = [
    TypeCase("label-a-list", LESSON_2, _label(["unsourced", "vague"])),
    TypeCase("label-a-dict", LESSON_2, _label({"label": "vague"})),
    TypeCase("label-a-number", LESSON_2, _label(3)),
    TypeCase("label-true", LESSON_2, _label(True)),
    TypeCase("labels-a-list", LESSON_2, _inner("claims", "labels", ["vague"])),
    TypeCase("labels-a-string", LESSON_2, _inner("claims", "labels", "vague")),
    TypeCase("claim-a-dict", LESSON_2, _inner("evidence_plan", "claim", {"id": "gains"})),
    TypeCase("text-a-number", LESSON_2, _inner("evidence_plan", "text", 5)),
    TypeCase("text-a-list", LESSON_2, _inner("evidence_plan", "text", ["a", "b"])),
    TypeCase("spans-a-number", "01_loaded_language", _inner("loaded_language", "spans", 5)),
    TypeCase("spans-a-string", "01_loaded_language", _inner("loaded_language", "spans", "slammed")),
    TypeCase("spans-of-strings", "01_loaded_language", _inner("loaded_language", "spans", ["slammed", "hit"])),
    TypeCase("span-start-text", "01_loaded_language", _inner("loaded_language", "spans",
                                                             [{"start": "a", "end": 5}])),
    TypeCase("span-negative", "01_loaded_language", _inner("loaded_language", "spans", [{"start": -5, "end": 3}])),
    TypeCase("span-start-float", "01_loaded_language", _inner("loaded_language", "spans",
                                                              [{"start": 1.5, "end": 3}])),
    TypeCase("hints-used-text", "01_loaded_language", _inner("loaded_language", "hints_used", "many")),
    TypeCase("tick-a-string", LESSON_3, _tick("yes")),
    TypeCase("tick-a-list", LESSON_3, _tick([True])),
    TypeCase("checked-a-list", LESSON_3, _inner("context_checklist", "checked", ["a-third"])),
    TypeCase("answer-a-string", LESSON_2, _answer("claims", "vague")),
    TypeCase("answer-a-list", LESSON_2, _answer("claims", [{"labels": {}}])),
    TypeCase("answer-null", LESSON_2, _answer("claims", None)),
    TypeCase("answer-a-number", LESSON_3, _answer("context_checklist", 7)),
    TypeCase("key-versions-a-list", LESSON_2, _field("key_versions", ["2"]), code="key-version"),
    TypeCase("key-version-a-list", LESSON_2, _field("key_versions", {"claims": ["2"], "evidence_plan": {"v": 1}}),
             code="key-version"),
    TypeCase("user-a-dict", LESSON_2, _field("user", {"name": "x"}), code=""),
    TypeCase("user-a-list", LESSON_2, _field("user", ["x", "y"]), code=""),
    TypeCase("time-a-dict", LESSON_2, _field("handed_in_at", {"at": "now"}), code="handin-time"),
    TypeCase("time-a-list", LESSON_2, _field("handed_in_at", [2026, 11, 20]), code="handin-time"),
    TypeCase("lesson-a-list", LESSON_2, _field("lesson", ["02_unsupported_claims"]), code="bad-handin", graded=False),
    TypeCase("answers-a-list", LESSON_2, _field("answers", [1, 2]), code="bad-handin", graded=False),
]


# -- 3. hand-in times --------------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


NOW = datetime.now(timezone.utc).replace(microsecond=0)
EARLIER = NOW - timedelta(days=2)
LATER = NOW - timedelta(days=1)


@dataclass
class TimeCase:
    name: str
    first: object  # handed_in_at of first.ipynb
    second: object  # handed_in_at of second.ipynb
    graded: str  # "first" or "second": the one that must be graded
    flagged: tuple = ()  # ("first", "handin-time"), ...: problem codes each file must have
    why: str = ""  # words the same-learner problem's explanation must hold


TIME_CASES: list[TimeCase] = [
    TimeCase("dated-2099-vs-later-real", "2099-01-01T00:00:00+00:00", _iso(LATER), "second",
             (("first", "handin-time"),), "latest the grader can trust"),
    TimeCase("one-hour-ahead-vs-real", _iso(NOW + timedelta(hours=1)), _iso(EARLIER), "second",
             (("first", "handin-time"),)),
    TimeCase("within-clock-skew", _iso(NOW + timedelta(minutes=5)), _iso(EARLIER), "first"),
    TimeCase("unix-seconds-later", LATER.timestamp(), _iso(EARLIER), "first", (("first", "handin-time"),)),
    TimeCase("unix-seconds-as-text-later", str(int(LATER.timestamp())), _iso(EARLIER), "first",
             (("first", "handin-time"),)),
    TimeCase("unix-milliseconds-later", int(LATER.timestamp() * 1000), _iso(EARLIER), "first",
             (("first", "handin-time"),)),
    TimeCase("written-form-later", LATER.strftime("%Y/%m/%d %H:%M"), _iso(EARLIER), "first",
             (("first", "handin-time"),)),
    TimeCase("rfc2822-later", LATER.strftime("%a, %d %b %Y %H:%M:%S +0000"), _iso(EARLIER), "first",
             (("first", "handin-time"),)),
    TimeCase("unreadable-vs-iso", "yesterday after lunch", _iso(EARLIER), "second", (("first", "handin-time"),),
             "latest the grader can trust"),
    TimeCase("equal-times", _iso(EARLIER), _iso(EARLIER), "second", (("second", "same-time"),), "equal"),
    TimeCase("both-unreadable", "soon", "later", "second", (("first", "handin-time"), ("second", "handin-time")),
             "no hand-in time can be trusted"),
    TimeCase("unix-epoch-zero", 0, _iso(EARLIER), "second", (("first", "handin-time"),)),
    TimeCase("offsets-compared-as-instants", (LATER - timedelta(hours=3)).astimezone(
        timezone(timedelta(hours=5))).isoformat(timespec="seconds"), _iso(LATER - timedelta(hours=4)), "first"),
    TimeCase("no-time-zone-read-as-utc", LATER.replace(tzinfo=None).isoformat(timespec="seconds"), _iso(EARLIER),
             "first"),
    TimeCase("year-9999-far-offset", "9999-12-31T23:59:59-23:59", _iso(EARLIER), "second",
             (("first", "handin-time"),)),
    TimeCase("a-boolean", True, _iso(EARLIER), "second", (("first", "handin-time"),)),
    TimeCase("missing-vs-iso", None, _iso(EARLIER), "second", (), "latest the grader can trust"),
]


@dataclass
class NameCase:
    name: str
    learners: list  # user names handed in (one notebook each)
    pages: int | None = None  # feedback pages expected (default: one per learner)
    taken: tuple = ()  # pages already in the feedback folder that are not the grader's
    merged: bool = False  # the names are one learner written two ways (one page, one gradebook row)


NAME_CASES: list[NameCase] = [
    NameCase("slash-underscore-suffix", ["a/b", "a_b", "a_b-2"]),
    NameCase("learner-and-learner-2", ["???", "!!!", "learner", "learner-2", "learner-3"]),
    NameCase("case-only", ["Bo.Lee", "bo.lee"], pages=1, merged=True),
    NameCase("unicode-forms", ["Zo\u00eb", "Zoe\u0308"], pages=1, merged=True),
    NameCase("spaces-and-underscores", ["x y", "x_y", "x  y", "x\ty"], pages=None),
    NameCase("windows-reserved", ["con", "CON.html", "nul", "aux"]),
    NameCase("long-common-prefix", ["p" * 120 + "1", "p" * 120 + "2", "p" * 80]),
    NameCase("a-teachers-page", ["ann", "bob"], taken=("ann.html",)),
    NameCase("accents-cleaned-alike", ["Jos\u00e9", "Jos\u00e8", "Jos_"]),
    NameCase("only-symbols", ["<>", "::", "//", "\\\\"]),
]


# -- 4. size -----------------------------------------------------------------------------------------


@dataclass
class SizeCase:
    name: str
    build: Callable[[Path], None]  # writes one hostile notebook into the folder
    seconds: float  # grading and writing every report must take less
    written: int  # bytes every report together may take
    code: str  # a problem code saying what was cut or refused
    note: str  # words the problem or the reports must hold
    before: str = ""  # what the kit did before the fix (measured with tools/bench_hostile_grading.py)


def _written_answer(folder: Path, chars: int = 15 * 1024 * 1024) -> None:
    nb = lesson_notebook(LESSON_2, "long")
    handin(nb)["answers"]["evidence_plan"]["text"] = ("The claim needs a named source and a date. " * (chars // 43))
    write(folder / "long.ipynb", nb)


def _unscored_answer(folder: Path) -> None:
    nb = lesson_notebook(LESSON_2, "longer")
    handin(nb)["answers"]["rewrite_attribution"]["text"] = "word " * (3 * 1024 * 1024)
    write(folder / "longer.ipynb", nb)


def _unknown_ids(folder: Path, count: int = 700_000) -> None:
    nb = lesson_notebook(LESSON_2, "ids")
    handin(nb)["answers"]["claims"]["labels"].update({f"x{i}": "vague" for i in range(count)})
    (folder / "ids.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _unknown_ticks(folder: Path, count: int = 500_000) -> None:
    nb = lesson_notebook(LESSON_3, "ticks")
    handin(nb)["answers"]["context_checklist"]["checked"].update({f"t{i}": True for i in range(count)})
    (folder / "ticks.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _unknown_exercises(folder: Path, count: int = 300_000) -> None:
    nb = lesson_notebook(LESSON_2, "exercises")
    handin(nb)["answers"].update({f"exercise_{i}": {"text": "x"} for i in range(count)})
    (folder / "exercises.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _malformed_answers(folder: Path, count: int = 200_000) -> None:
    nb = lesson_notebook(LESSON_2, "malformed")
    handin(nb)["answers"].update({f"bad_{i}": {"text": i} for i in range(count)})
    (folder / "malformed.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _damaged_handins(folder: Path, count: int = 150_000) -> None:
    nb = submission("damaged")
    cell = next(c for c in nb["cells"] if any(MIME in o.get("data", {}) for o in c.get("outputs", [])))
    bad = {"output_type": "display_data", "metadata": {}, "data": {MIME: {"format": "newslit-handin/1"}}}
    cell["outputs"] = [bad] * count
    (folder / "damaged.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _many_handins(folder: Path, count: int = 20_000) -> None:
    nb = submission("many")
    for i in range(count):
        small = {"format": "newslit-handin/1", "lesson": "01_loaded_language", "article": "aleppo-2016",
                 "answers": {}, "user": "many", "handed_in_at": _iso(EARLIER - timedelta(seconds=i))}
        nb["cells"].append({"cell_type": "code", "id": f"copy-{i}", "metadata": {}, "source": "", "execution_count": None,
                            "outputs": [{"output_type": "display_data", "metadata": {}, "data": {MIME: small}}]})
    (folder / "many.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _long_label(folder: Path) -> None:
    nb = lesson_notebook(LESSON_2, "label")
    labels = handin(nb)["answers"]["claims"]["labels"]
    labels[sorted(labels)[0]] = "v" * (15 * 1024 * 1024)
    (folder / "label.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _long_user(folder: Path) -> None:
    nb = submission("u" * (15 * 1024 * 1024))
    (folder / "user.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _long_key_version(folder: Path) -> None:
    nb = submission("kv", key_versions={"loaded_language": "9" * (15 * 1024 * 1024)})
    (folder / "kv.ipynb").write_text(json.dumps(nb), encoding="utf-8")


MB = 1024 * 1024
SIZE_CASES: list[SizeCase] = [
    SizeCase("written-answer-15mb", _written_answer, 10, 2 * MB, "long-answer", "were read for scoring",
             before="29 s to grade (the rubric reader read all 15 MB)"),
    SizeCase("unscored-answer-15mb", _unscored_answer, 10, 2 * MB, "", ""),
    SizeCase("unknown-item-ids-700k", _unknown_ids, 25, 2 * MB, "unknown-items", "more answers to items",
             before="a 110 MB grades.csv"),
    SizeCase("unknown-ticks-500k", _unknown_ticks, 25, 2 * MB, "unknown-items", "more answers to items"),
    SizeCase("unknown-exercises-300k", _unknown_exercises, 10, 2 * MB, "many-answers", "the grader read"),
    SizeCase("malformed-answers-200k", _malformed_answers, 10, 2 * MB, "many-answers", "the grader read"),
    SizeCase("malformed-answers-60", lambda f: _malformed_answers(f, 60), 10, 2 * MB, "more-problems", "not listed"),
    SizeCase("damaged-handins-150k", _damaged_handins, 10, 2 * MB, "many-handins", "read the last",
             before="a 7 MB one-line message"),
    SizeCase("damaged-handins-900", lambda f: _damaged_handins(f, 900), 10, 2 * MB, "bad-handin", "more"),
    SizeCase("valid-handins-20k", _many_handins, 10, 2 * MB, "handed-in-twice", "more"),
    SizeCase("label-15mb", _long_label, 10, 2 * MB, "", ""),
    SizeCase("user-name-15mb", _long_user, 10, 2 * MB, "", ""),
    SizeCase("key-version-15mb", _long_key_version, 10, 2 * MB, "key-version", "characters"),
]


# -- 5. the terminal and spreadsheets ----------------------------------------------------------------

FORGED = "\nGraded 30 of 30 file(s); no problems."
ESCAPES = {
    "newline": FORGED,
    "carriage-return": "\rGraded 30 of 30 file(s)",
    "csi-erase-line": "\x1b[2K\x1b[1A",
    "osc-window-title": "\x1b]0;graded\x07",
    "osc-hyperlink": "\x1b]8;;http://x.invalid\x1b\\click\x1b]8;;\x1b\\",
    "c1-csi": "\x9b2J",
    "c1-next-line": "\x85Graded",
    "bell-backspace": "\x07\x08\x08\x08",
    "bidi-override": "\u202etxt.exe",
    "bidi-isolate": "\u2066evil\u2069",
    "line-separator": "\u2028Graded 30 of 30",
    "zero-width": "a\u200bb\ufeff",
    "delete": "abc\x7f\x7f",
}


@dataclass
class TerminalCase:
    name: str
    where: str  # "user", "key_version", "unknown_id", "exercise", "file_name", "time"
    text: str


TERMINAL_CASES: list[TerminalCase] = [
    *(TerminalCase(f"unknown-id-{k}", "unknown_id", v) for k, v in ESCAPES.items()),
    TerminalCase("key-version-newline", "key_version", FORGED),
    TerminalCase("key-version-title", "key_version", "\x1b]0;pwned\x07"),
    TerminalCase("exercise-name-escape", "exercise", "x\x1b[2Jy"),
    TerminalCase("exercise-name-newline", "exercise", "x" + FORGED),
    TerminalCase("time-newline", "time", "2026" + FORGED),
    TerminalCase("user-newline", "user", "mallory" + FORGED),
    TerminalCase("file-name-escape", "file_name", "e\x1b]0;t\x07"),
    TerminalCase("file-name-bidi", "file_name", "f\u202egnp"),
]


@dataclass
class CsvCase:
    name: str
    text: str  # a string a learner puts where the CSVs show it (an item id, a label, an exercise name)
    guarded: bool = True  # must the cell start with the guard's apostrophe?


CSV_CASES: list[CsvCase] = [
    CsvCase("equals", "=HYPERLINK(\"http://x.invalid\",\"x\")"),
    CsvCase("plus", "+1+cmd|' /C calc'!A0"),
    CsvCase("minus", "-2+3"),
    CsvCase("at", "@SUM(1,1)"),
    CsvCase("tab", "\t=1+1"),
    CsvCase("carriage-return", "\r=1+1"),
    CsvCase("line-feed", "\n=1+1"),
    CsvCase("nul", "\x00=1+1"),
    CsvCase("space", " =1+1"),
    CsvCase("spaces", "   +1+1"),
    CsvCase("no-break-space", "\u00a0=1+1"),
    CsvCase("ideographic-space", "\u3000=1+1"),
    CsvCase("zero-width-space", "\u200b=1+1"),
    CsvCase("full-width-equals", "\uff1d1+1"),
    CsvCase("full-width-plus", "\uff0b1+1"),
    CsvCase("full-width-minus", "\uff0d1+1"),
    CsvCase("full-width-at", "\uff20SUM(1,1)"),
    CsvCase("space-then-full-width", " \uff1d1+1"),
    CsvCase("plain-word", "ordinary", guarded=False),
    CsvCase("space-then-word", " ordinary", guarded=False),
    CsvCase("equals-inside", "a=b", guarded=False),
]


# -- 7. options --------------------------------------------------------------------------------------

OPTION_CASES: list[tuple[str, str]] = [
    ("max-mb-nan", "nan"), ("max-mb-inf", "inf"), ("max-mb-minus-inf", "-inf"), ("max-mb-minus-one", "-1"),
    ("max-mb-zero", "0"), ("max-mb-overflow", "1e309"), ("max-mb-text", "lots"), ("max-mb-too-big", "10001"),
]


def counts() -> dict:
    return {"file system": len(FS_CASES), "wrong types": len(TYPE_CASES), "hand-in times": len(TIME_CASES),
            "feedback names": len(NAME_CASES), "size": len(SIZE_CASES),
            "terminal": len(TERMINAL_CASES), "csv cells": len(CSV_CASES), "options": len(OPTION_CASES)}
