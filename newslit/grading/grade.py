"""Grade handed-in notebooks: fast, static, with partial credit, never running learner code.

A learner's answers travel inside the ``.ipynb`` they submit (an output with the
MIME type ``application/vnd.newslit.handin+json``, see :mod:`newslit.learner.handin`).
The grader reads each file once as JSON, finds the hand-in, and scores every
exercise the lesson has (``datasets/lessons.json``) with
:func:`newslit.keys.scoring.score_answer`, the same function the widgets use. It never
imports or executes anything from a notebook.

Files are read one at a time and dropped after reading, so memory does not grow
with the size of the class beyond a small result per file. A file that cannot be
graded gets one plain reason (:class:`Problem`) and the rest of the class is
graded.

**Learner identity.** A learner is the ``user`` recorded in the hand-in, unless
that name is one shared by many machines (``jovyan`` on most JupyterHubs and
Binder, ``root``, ``unknown``...: :data:`GENERIC_USERS`) or the grader asked for
``learner_from="file"``; then it is the file's path (relative to the folder
given) without ``.ipynb`` and without the lesson id, e.g.
``alice/01_loaded_language.ipynb`` -> ``alice`` and
``smith_42_01_loaded_language.ipynb`` -> ``smith_42``. A path in an LMS's
download layout (Canvas, Moodle, Google Classroom, Blackboard, nbgrader, a
browser's ``name (1).ipynb``) names the learner by the identity the LMS wrote
into it, and ``roster`` maps names to the LMS's user ids: see :mod:`newslit.grading.lms`.

**The same learner twice.** When two readable files hand in the same lesson for
the same learner, the newest hand-in (``handed_in_at``; on a tie, the later LMS
time, the late copy, the higher copy number, then the later path in sort order) is graded and the other is reported as superseded, naming the
file that was graded. Both appear in the reports.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import stat
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newslit.errors import NewslitError
from newslit.grading import lms
from newslit.learner.handin import payload_problem, read_handins, readable_answers
from newslit.text.articles import article_path
from newslit.paths import kit_dir

MAX_NOTEBOOK_MB = 20  # a lesson notebook with outputs and widget state is well under 1 MB
GENERIC_USERS = frozenset({
    "", "unknown", "jovyan", "root", "user", "learner", "student", "ubuntu", "admin", "nobody", "runner",
    "vscode", "codespace", "codespaces", "notebook", "guest", "pi",
})
SKIP_DIRS = frozenset({".ipynb_checkpoints", "__pycache__", ".git", "node_modules"})
# What one file can cost and write (a lesson's real hand-in is far inside every limit):
MAX_ANSWER_CHARS = 20_000  # of a written answer read for scoring (a long answer is ~600 words, ~4,000 characters)
MAX_LISTED = 50  # unknown item ids listed per exercise, and answers to exercises the lesson does not have, per file
MAX_PROBLEMS = 50  # problem rows per file; the rest are counted in one more row
MAX_HANDINS = 1_000  # hand-ins read in one notebook (the last in cell order); a lesson makes one per run of its cell
MAX_MESSAGE = 1_000  # characters of one problem's message
CLOCK_SKEW = timedelta(minutes=15)  # a hand-in time later than this past the grader's clock is in the future
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)  # a hand-in time before this is a computer's unset clock
_ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_SEPARATORS = " _-./\\"

CANNOT_DETECT = (
    "What the grader cannot detect: a hand-in is data inside a file the learner controls. A learner can edit the "
    "notebook's JSON (answers, user name, hand-in time, key versions) or hand in someone else's notebook, and the "
    "grader cannot tell that from work done in the widgets. It checks what can be checked (the lesson and article "
    "of the notebook, key versions, answers to items the key does not have, cells deleted or reordered, duplicate "
    "cell ids, the same learner twice); spot-check surprising scores and read the written answers yourself."
)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one file. ``graded`` says whether the file was still graded."""

    code: str
    message: str
    graded: bool


@dataclass
class ExerciseResult:
    """One exercise of one submission.

    ``score`` is the :class:`~newslit.keys.scoring.ExerciseScore` for scored exercises
    with a key; ``text`` a written answer (kept for the feedback, shortened).
    """

    exercise: str
    kind: str
    scored: bool
    answered: bool
    score: object | None = None
    text: str = ""
    note: str = ""  # why there is no score (no key, not in the lesson)
    in_lesson: bool = True
    key: object | None = field(default=None, repr=False)  # the AnswerKey used (shared, cached)
    unknown_more: int = 0  # answers to items the key does not have, past the MAX_LISTED in score.unknown


@dataclass(slots=True)
class Submission:
    path: str  # as shown to the grader
    learner: str
    status: str = "not graded"  # "graded", "not graded", "superseded"
    user: str = ""
    lesson: str = ""
    article: str = ""
    handed_in_at: str = ""
    problems: list[Problem] = field(default_factory=list)
    exercises: list[ExerciseResult] = field(default_factory=list)  # emptied once spooled: use GradeRun.exercises
    is_notebook: bool = True  # False: not a .ipynb at all (listed, but not a learner)
    points: float = 0.0
    max_points: float = 0.0
    needs_review: bool = False
    detail_at: int | None = field(default=None, repr=False)  # where the exercises are in the run's spool
    lms: lms.LmsFile | None = field(default=None, repr=False)  # what the path says: LMS layout, identity, attempt
    problems_cut: int = 0  # problems past MAX_PROBLEMS, counted in the last row

    @property
    def graded(self) -> bool:
        return self.status == "graded"

    def total(self) -> None:
        scores = [e.score for e in self.exercises if e.scored and e.score is not None]
        self.points = sum(sc.points for sc in scores)
        self.max_points = sum(sc.max_points for sc in scores)
        self.needs_review = any(sc.needs_review for sc in scores)

    def problem(self, code: str, message: str, graded: bool = True) -> None:
        """Note a problem; a file gets at most MAX_PROBLEMS rows, each message at most MAX_MESSAGE characters."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems_cut += 1
            note = Problem("more-problems", f"has {self.problems_cut:,} more problem(s), not listed (the grader lists "
                                            f"{MAX_PROBLEMS} per file)", True)
            if self.problems[-1].code == "more-problems":
                self.problems[-1] = note
            else:
                self.problems.append(note)
            return
        self.problems.append(Problem(code, _bounded(message), graded))

    def fail(self, code: str, message: str) -> "Submission":
        self.status = "not graded"
        self.problems.append(Problem(code, _bounded(message), False))  # the reason is always kept, past any limit
        return self


class Spool:
    """Exercise results written to a temporary file as they are made, read back one submission at a time.

    This keeps memory flat however large the class: in memory there is only a
    small record per file (:class:`Submission` without its exercises).
    """

    def __init__(self, grader: "Grader"):
        self.grader = grader
        self.file = tempfile.TemporaryFile(prefix="newslit-grading-")

    def put(self, sub: Submission) -> None:
        if not sub.exercises:
            return
        data = [{**{f.name: getattr(ex, f.name) for f in dataclasses.fields(ex) if f.name not in ("score", "key")},
                 "score": dataclasses.asdict(ex.score) if ex.score is not None else None} for ex in sub.exercises]
        self.file.seek(0, os.SEEK_END)
        sub.detail_at = self.file.tell()
        self.file.write(json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n")
        sub.exercises = []

    def get(self, sub: Submission) -> list[ExerciseResult]:
        if sub.exercises or sub.detail_at is None:
            return sub.exercises
        from newslit.keys.scoring import ExerciseScore, ItemScore

        self.file.seek(sub.detail_at)
        results = []
        for data in json.loads(self.file.readline().decode("utf-8")):
            score = data.pop("score")
            ex = ExerciseResult(**data)
            if score is not None:
                score["items"] = [ItemScore(**item) for item in score["items"]]
                ex.score = ExerciseScore(**score)
                ex.key = self.grader.key(*self.grader.key_source(sub.lesson, sub.article, ex.exercise))
            results.append(ex)
        return results

    def close(self) -> None:
        self.file.close()


@dataclass
class GradeRun:
    submissions: list[Submission]
    lessons: list[str]  # lessons with at least one graded submission, sorted
    lesson_max: dict  # lesson -> max points on the class's article
    class_article: dict  # lesson -> the article the class was graded on
    setup_problems: list[str] = field(default_factory=list)  # the grader's side: missing keys...
    titles: dict = field(default_factory=dict)  # lesson -> title from datasets/lessons.json
    spool: Spool | None = field(default=None, repr=False)
    skipped: list = field(default_factory=list)  # reports an earlier run wrote into the folder graded (not hand-ins)

    def exercises(self, sub: Submission) -> list[ExerciseResult]:
        """A submission's exercise results (read back from the spool)."""
        return self.spool.get(sub) if self.spool is not None else sub.exercises

    @property
    def graded(self) -> list[Submission]:
        return [s for s in self.submissions if s.graded]

    @property
    def not_graded(self) -> list[Submission]:
        return [s for s in self.submissions if not s.graded]


# -- finding files ---------------------------------------------------------------------------------


def collect_files(paths, exclude: Path | None = None, skipped: list | None = None) -> list[tuple[Path, str, str]]:
    """``(path, shown, relative)`` for every file under ``paths``, deduplicated, in sorted order.

    Folders are walked recursively; hidden files and folders, checkpoints and
    ``exclude`` (the output folder) are skipped, and so are the reports an
    earlier ``newslit grade`` wrote there (:func:`kit_report`; appended to
    ``skipped``). A path that does not exist is returned too, so it gets a
    reason like any other file, and so is everything the walk could not go
    into: a folder it cannot list, a link to a folder (links inside a class
    folder are not followed: one can loop, or lead anywhere), a link that
    loops. :meth:`Grader.read` says what each is. ``shown`` and ``relative``
    are text: bytes of a file name that are not UTF-8 are shown as ``\\xNN``.
    """
    found: dict[Path, tuple[Path, str, str]] = {}
    excluded = _resolved(Path(exclude)) if exclude is not None else None

    def add(path: Path, relative: str) -> None:
        found.setdefault(_resolved(path), (path, _text(path.as_posix()), _text(relative)))

    for given in paths:
        given_path = Path(given)
        if not given_path.is_dir():
            add(given_path, given_path.name)
            continue

        def unlistable(exc: OSError, top: Path = given_path) -> None:
            where = Path(exc.filename) if exc.filename else top
            add(where, _relative(where, top))

        for folder, dirs, files in os.walk(given_path, onerror=unlistable):
            here = Path(folder)
            keep = []
            for d in sorted(dirs):
                if d.startswith(".") or d in SKIP_DIRS or (excluded is not None and _resolved(here / d) == excluded):
                    continue
                if (here / d).is_symlink():
                    add(here / d, _relative(here / d, given_path))  # reported, not followed
                else:
                    keep.append(d)
            dirs[:] = keep
            for name in sorted(files):
                if name.startswith(".") or name.startswith("~$"):
                    continue
                path = here / name
                if kit_report(path):
                    if skipped is not None:
                        skipped.append(path)
                    continue
                add(path, _relative(path, given_path))
    return sorted(found.values(), key=lambda t: t[1])


def _relative(path: Path, top: Path) -> str:
    try:
        return path.relative_to(top).as_posix()
    except ValueError:
        return path.name


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python before 3.13)
        return path.absolute()


def _text(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as lone surrogates) become ``\\xNN``."""
    if not any("\ud800" <= ch <= "\udfff" for ch in name):
        return name
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


# The files ``newslit grade`` writes (reports.py, gradebooks.py), by name and first line.
_REPORT_HEADERS = {
    "grades.csv": "learner,file,lesson,article,exercise,item,status,",
    "problems.csv": "learner,file,lesson,graded,problem,detail",
    "gradebook.csv": "learner,",
    "canvas-gradebook.csv": "Student,ID,SIS User ID,SIS Login ID,Section",
    "moodle-grades.csv": "First name,Last name,Username,ID number,Email address",
    "google-classroom-grades.csv": "Email Address,First Name,Last Name",
    "roster.csv": ",".join(lms.ROSTER_COLUMNS),
}


def kit_report(path: Path) -> bool:
    """True for a report ``newslit grade`` wrote (a CSV by its name and header, a feedback page by its generator)."""
    name = path.name.lower()
    if name not in _REPORT_HEADERS and not (name.endswith(".html") and path.parent.name == "feedback"):
        return False
    try:
        if not path.is_file() or path.is_symlink():
            return False
        with open(path, "rb") as f:
            head = f.read(2000).decode("utf-8", "replace")
    except OSError:
        return False
    if name.endswith(".html"):
        return '<meta name="generator" content="newslit grade">' in head
    first = head.split("\n", 1)[0].strip()
    return first.startswith(_REPORT_HEADERS[name]) and (name != "gradebook.csv" or first.endswith(",problems"))


def not_a_file(path: Path) -> tuple[str, str] | None:
    """``(code, reason)`` when ``path`` is not a regular file the grader can read (a folder, a link, a pipe...)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ("link-loop", "is a symbolic link that loops (it leads, directly or through other links, back to "
                                 "itself), so there is nothing to read; remove the link")
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            return ("broken-link", "is a symbolic link to something that does not exist; remove it or copy the "
                                   "notebook itself into the folder")
        if isinstance(exc, FileNotFoundError):
            return None  # said by the caller
        return ("unreadable", f"cannot be opened ({exc.strerror or type(exc).__name__}); give your account read "
                              "access to it and grade again")
    if stat.S_ISDIR(info.st_mode):
        if os.path.islink(path):
            return ("linked-folder", "is a link to a folder; the grader does not follow links inside a class folder "
                                     "(a link can loop or lead anywhere), so nothing in it was graded. Grade that "
                                     "folder by naming it on the command line")
        try:
            with os.scandir(path) as entries:
                next(entries, None)
        except OSError as exc:
            return ("unreadable-folder", f"is a folder the grader cannot open ({exc.strerror or type(exc).__name__}), "
                                         "so nothing in it was graded; give your account read access to it (e.g. "
                                         "chmod -R u+rX) and grade again")
        return ("unreadable-folder", "is a folder the grader could not search, so nothing in it was graded")
    if not stat.S_ISREG(info.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a device" if
                stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "a socket" if
                stat.S_ISSOCK(info.st_mode) else "not a regular file")
        return ("not-a-file", f"is {kind}, not a file: not read (reading it could wait forever or never end); "
                              "remove it from the class folder")
    return None


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file; never blocks on a pipe swapped in after the check."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return f.read(limit + 1)


# -- learner names ---------------------------------------------------------------------------------


def learner_from_file(relative: str, lessons) -> str:
    """A learner name from a file's relative path: no ``.ipynb``, no lesson id (see the module docs)."""
    name = relative[:-6] if relative.lower().endswith(".ipynb") else relative
    for lesson in sorted((lesson for lesson in lessons if lesson), key=len, reverse=True):
        if lesson in name:
            parts = [p.strip(_SEPARATORS) for p in name.split(lesson)]
            name = "_".join(p for p in parts if p) or name
            break
    return _clean_name(name.strip(_SEPARATORS) or relative)


def _clean_name(name: str) -> str:
    name = name[:1_000]  # the result has at most 100 characters: a name of megabytes costs no more than this
    name = "".join(ch if ch.isprintable() else " " for ch in name)
    return " ".join(name.split())[:100]


# -- reading one file ------------------------------------------------------------------------------

_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .zip, or a Word or Excel file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"<!DOCTYPE", "an HTML page"),
    (b"<html", "an HTML page"),
]


def _what_is(head: bytes) -> str:
    for magic, what in _MAGIC:
        if head[: len(magic)].lower() == magic.lower():
            return what
    return ""


def _parse_time(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


_OLDEST = datetime.min.replace(tzinfo=timezone.utc)
_NUMERIC_TIME = re.compile(r"[+-]?\d{1,15}(?:\.\d+)?")
_WRITTEN_TIMES = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H.%M.%S", "%d %b %Y %H:%M:%S", "%d %b %Y %H:%M",
                  "%d %b %Y, %H:%M", "%b %d %Y %H:%M:%S", "%b %d, %Y %H:%M")


def handin_time(value, now: datetime | None = None) -> tuple[datetime | None, str]:
    """``(time, note)``: the hand-in time to choose between hand-ins by, and what is wrong with it (``""``: nothing).

    The kit writes ISO 8601 in UTC. A number is read as a Unix time and a few
    written forms (``2026/11/20 10:00``, ``20 Nov 2026 10:00``, RFC 2822) are
    read too, each with a note. A time in the future (past :data:`CLOCK_SKEW`
    beyond ``now``), before 2000, or unreadable gives ``None`` with a note: such
    a time is not trusted, so it never beats one that is. No time at all gives
    ``(None, "")``.
    """
    now = now or datetime.now(timezone.utc)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    text = _one_line(value)
    shown = text if len(text) <= 40 else text[:39] + "\u2026"
    moment, how = None, ""
    if not isinstance(value, bool) and (isinstance(value, (int, float)) or _NUMERIC_TIME.fullmatch(text)):
        how = "a number (read as a Unix time)"
        try:
            seconds = float(text)
            moment = datetime.fromtimestamp(seconds / 1000 if abs(seconds) >= 1e11 else seconds, timezone.utc)
        except (ValueError, OverflowError, OSError):
            moment = None
    elif not isinstance(value, bool):
        moment = _parse_time(text)
        if moment is None:
            how = "not in the ISO 8601 form the kit writes"
            moment = _written_time(text)
    unread = (f"records its hand-in time as {shown!r}, which is not a time the grader can read; it counts as older "
              "than any readable time when choosing between this learner's hand-ins")
    if moment is None:
        return None, unread
    try:
        when = moment.astimezone(timezone.utc)
        future, early = when > now + CLOCK_SKEW, when < EARLIEST
    except (OverflowError, ValueError):
        return None, unread
    iso = when.isoformat(timespec="seconds")
    if future:
        return None, (f"says it was handed in at {iso}, in the future (the grader's clock says "
                      f"{now.isoformat(timespec='seconds')}): a wrong clock or an edited file; that time is not "
                      "trusted when choosing between this learner's hand-ins")
    if early:
        return None, (f"says it was handed in at {iso}, before 2000: the computer's clock was not set or the file "
                      "was edited; that time is not trusted when choosing between this learner's hand-ins")
    if how:
        return when, (f"records its hand-in time as {shown!r}, {how}; read as {iso}. The kit writes ISO 8601 times: "
                      "an edited file or another tool, check with the learner")
    return when, ""


def _written_time(text: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    for form in _WRITTEN_TIMES:
        try:
            return datetime.strptime(text, form).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _time_key(value) -> datetime:
    """What a hand-in's time counts as when choosing the newest: its trusted time, else the oldest possible."""
    return handin_time(value)[0] or _OLDEST


class Grader:
    """Reads and scores submissions one file at a time; keys and reference notebooks are cached.

    ``learner_from``: ``"user"`` (the hand-in's user name, falling back to the
    file name for generic names) or ``"file"``. ``max_bytes``: larger files are
    refused before reading. ``lessons_dir``: the lesson notebooks learners were
    given, used to detect deleted and reordered cells.
    """

    def __init__(self, learner_from: str = "user", max_bytes: int = MAX_NOTEBOOK_MB * 1024 * 1024,
                 lessons_dir: Path | None = None):
        from newslit.keys.catalogue import lessons_index

        if learner_from not in ("user", "file"):
            raise NewslitError(f"learner_from must be 'user' or 'file', not {learner_from!r}.")
        self.learner_from = learner_from
        self.max_bytes = max_bytes
        self.lessons_dir = Path(lessons_dir) if lessons_dir is not None else kit_dir("lessons")
        self.index = lessons_index()
        self._keys: dict = {}
        self._reference_cells: dict = {}
        self.setup_problems: list[str] = []

    # cached look-ups ---------------------------------------------------------------------------

    def key(self, article: str, exercise: str):
        """The :class:`~newslit.keys.answer_key.AnswerKey`, or ``None`` when there is none (see :meth:`key_problem`)."""
        found = self._load_key(article, exercise)
        return None if isinstance(found, NewslitError) else found

    def key_problem(self, article: str, exercise: str) -> str:
        """Why there is no usable key for ``exercise`` on ``article`` ("" when there is one)."""
        found = self._load_key(article, exercise)
        return str(found) if isinstance(found, NewslitError) else ""

    def _load_key(self, article: str, exercise: str):
        from newslit.keys.answer_key import load_key

        cache_key = (article, exercise)
        if cache_key not in self._keys:  # the key, or the error saying why there is none (cached either way)
            try:
                self._keys[cache_key] = load_key(article, exercise)
            except NewslitError as exc:
                self._keys[cache_key] = exc
                self.setup_problems.append(str(exc))
        return self._keys[cache_key]

    def reference_cells(self, lesson: str) -> list[str] | None:
        """Cell ids of the lesson notebook learners were given, in order (None if unknown)."""
        if lesson not in self._reference_cells:
            ids = None
            path = self.lessons_dir / f"{lesson}.ipynb"
            try:
                nb = json.loads(path.read_text(encoding="utf-8"))
                ids = [c.get("id") for c in nb.get("cells", []) if isinstance(c, dict)]
                ids = ids if ids and all(isinstance(i, str) and i for i in ids) else None
            except (OSError, ValueError, AttributeError):
                ids = None
            self._reference_cells[lesson] = ids
        return self._reference_cells[lesson]

    def key_source(self, lesson: str, article: str, exercise: str) -> tuple[str, str]:
        """``(article, key exercise)`` to score ``exercise`` of ``lesson`` with.

        Usually the hand-in's article and the exercise itself; an exercise in
        ``datasets/lessons.json`` may name its own ``"article"`` and ``"key"``
        (lesson 4, the capstone, scores several articles in one hand-in).
        """
        spec = self.scored_exercises(lesson).get(exercise) if lesson else None
        if isinstance(spec, dict):
            return str(spec.get("article") or article), str(spec.get("key") or exercise)
        return article, exercise

    def scored_exercises(self, lesson: str) -> dict:
        return self.index[lesson].get("exercises", {}) if isinstance(self.index.get(lesson), dict) else {}

    def file_learner(self, relative: str, lesson: str = "", shown: str = "") -> str:
        """The learner a file's path names: an LMS download's identity (:mod:`newslit.grading.lms`), else the file name."""
        return lms.learner_for(shown, relative, [lesson] if lesson else list(self.index))

    # reading -----------------------------------------------------------------------------------

    def read(self, path: Path, shown: str, relative: str) -> Submission:
        """Grade one file. Never raises: anything wrong becomes a :class:`Problem`."""
        try:
            return self._read(path, shown, relative)
        except Exception as exc:  # a grader must not stop the class for one file
            sub = Submission(shown, self.file_learner(relative, shown=shown))
            return sub.fail("internal", f"could not be graded because of an unexpected error "
                                        f"({type(exc).__name__}: {_one_line(str(exc))}); please report it")

    def _read(self, path: Path, shown: str, relative: str) -> Submission:
        sub = Submission(shown, self.file_learner(relative, shown=shown))
        if _text(str(path)) != str(path):
            sub.problem("file-name", "has a name that is not UTF-8 text (its odd bytes are shown as \\xNN); rename it "
                                     "so that every tool and the LMS can show it")
        odd = not_a_file(path)
        if odd is not None:
            sub.is_notebook = path.suffix.lower() == ".ipynb" and odd[0] == "unreadable"  # else: not a learner's file
            return sub.fail(*odd)
        if not path.suffix.lower() == ".ipynb":
            sub.is_notebook = False
            kind = f"a {path.suffix} file" if path.suffix else "a file without an extension"
            if not path.exists():
                return sub.fail("missing", "does not exist (no such file or folder)")
            return sub.fail("not-a-notebook", f"is not a notebook ({kind}); hand in the .ipynb file")
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return sub.fail("missing", "does not exist")
        except OSError as exc:
            return sub.fail("unreadable", f"cannot be opened ({exc.strerror})")
        if size > self.max_bytes:
            return sub.fail("too-large", f"is {size / 1024 / 1024:,.0f} MB, over the grader's limit of "
                                         f"{self.max_bytes / 1024 / 1024:,.0f} MB (a lesson notebook is under 1 MB); "
                                         "not read. Ask the learner to clear outputs, or raise the limit with --max-mb")
        if size == 0:
            return sub.fail("empty-file", "is empty (0 bytes): the upload or the save did not finish")
        try:
            raw = _read_bytes(path, self.max_bytes)
        except OSError as exc:
            return sub.fail("unreadable", f"cannot be read ({exc.strerror or type(exc).__name__})")
        if len(raw) > self.max_bytes:
            return sub.fail("too-large", f"grew past the grader's limit of {self.max_bytes / 1024 / 1024:,.0f} MB while "
                                         "it was read; not read. Grade it again once it is complete")
        try:
            if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # saved as "Unicode" by a Windows editor
                text = raw.decode("utf-16")
            else:
                text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            what = _what_is(raw[:16])
            return sub.fail("not-a-notebook", f"is not a notebook ({what or 'binary data, not UTF-8 text'}) "
                                              "although its name ends in .ipynb")
        del raw
        if "\x00" in text[:4096]:
            return sub.fail("not-a-notebook", "is not a notebook (binary data) although its name ends in .ipynb")
        try:
            nb = json.loads(text)
        except json.JSONDecodeError as exc:
            what = _what_is(text[:16].encode("utf-8", "replace"))
            if what:
                return sub.fail("not-a-notebook", f"is not a notebook ({what}) although its name ends in .ipynb")
            body = text.rstrip()
            if not body.endswith("}") or exc.pos >= len(body) - 1:  # a notebook's JSON always ends with }
                return sub.fail("truncated", f"is cut off (the JSON ends early at line {exc.lineno}): the upload or "
                                             "the save was interrupted; ask for the file again")
            return sub.fail("invalid-json", f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                                            "it was damaged or edited by hand")
        except RecursionError:
            return sub.fail("not-a-notebook", "is not a notebook (its JSON is nested thousands of levels deep)")
        except ValueError as exc:  # e.g. an integer with thousands of digits
            return sub.fail("invalid-json", f"is not valid JSON ({_one_line(str(exc))[:120]}); "
                                            "it was damaged or edited by hand")
        del text
        return self._grade_notebook(nb, sub, relative)

    def _grade_notebook(self, nb, sub: Submission, relative: str) -> Submission:
        if not isinstance(nb, dict):
            return sub.fail("not-a-notebook", "is JSON but not a Jupyter notebook")
        if nb.get("format") == "newslit-answers/1":
            return sub.fail("not-a-notebook", "is a saved-answers file from ~/.newslit, not the notebook; "
                                              "ask for the .ipynb with the hand-in")
        version = nb.get("nbformat")
        if isinstance(version, int) and version < 4:
            return sub.fail("old-nbformat", f"uses nbformat {version}, older than the nbformat 4 the lessons use: "
                                            "it was converted or saved by an old tool and holds no hand-in the grader "
                                            "can read; ask the learner to open the lesson in JupyterLab, run the "
                                            "hand-in cell, save and hand in again")
        cells = nb.get("cells")
        if not isinstance(cells, list):
            return sub.fail("not-a-notebook", "is JSON but not a Jupyter notebook (no list of cells)")
        if version is None:
            sub.problem("nbformat", "has no nbformat version; read as nbformat 4")
        elif not isinstance(version, int) or version > 4:
            sub.problem("nbformat", f"uses nbformat {version!r}, newer than this grader knows; read as nbformat 4")

        meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
        nl = meta.get("newslit") if isinstance(meta.get("newslit"), dict) else {}
        nb_lesson = nl.get("lesson") if isinstance(nl.get("lesson"), str) else ""
        copy = nl.get("handin_copy") is True  # written by the kit's Hand in button (app mode): no lesson cells needed

        handins = []  # (cell number, payload)
        ids = []
        for number, cell in enumerate(cells, 1):
            if not isinstance(cell, dict):
                continue
            ids.append(cell.get("id"))
            if cell.get("outputs"):
                handins.extend((number, p) for p in read_handins({"cells": [cell]}))
        del nb, cells
        if len(handins) > MAX_HANDINS:
            sub.problem("many-handins", f"holds {len(handins):,} hand-ins, far more than running a lesson makes; the "
                                        f"grader read the last {MAX_HANDINS:,} (in cell order). The file was edited "
                                        "or made by a program: check with the learner")
            handins = handins[-MAX_HANDINS:]

        if not handins:
            sub.lesson = nb_lesson
            sub.learner = self.file_learner(relative, nb_lesson, sub.path)
            sub.fail("no-handin", "has no hand-in: the learner did not run the hand-in cell, or did not "
                                  "save the notebook after running it")
            self._check_cells(sub, ids, nb_lesson, graded=False)
            return sub
        payload = self._choose(sub, handins, nb_lesson)
        if payload is None:
            sub.lesson = nb_lesson
            sub.learner = self.file_learner(relative, nb_lesson, sub.path)
            return sub
        # compare cells with the lesson only when the notebook and its hand-in agree on which lesson it is
        self._check_cells(sub, ids, nb_lesson if payload["lesson"] == nb_lesson else "")
        return self._score(sub, payload, nb_lesson, relative, copy)

    def _check_cells(self, sub: Submission, ids: list, lesson: str, graded: bool = True) -> None:
        then = "; graded from its hand-in" if graded else ""
        present = [i for i in ids if isinstance(i, str) and i]
        counts = Counter(present)
        dupes = sorted(i for i, n in counts.items() if n > 1)
        if dupes:
            sub.problem("duplicate-cell-ids", f"has duplicate cell ids ({_list(dupes)}): cells were copied between "
                                              f"notebooks or the file was edited by hand{then}")
        reference = self.reference_cells(lesson) if lesson else None
        if not reference or not present:
            return
        have = set(present)
        missing = [i for i in reference if i not in have]
        if missing:
            sub.problem("cells-deleted", f"is missing {len(missing)} of the lesson's {len(reference)} cells "
                                         f"({_list(missing)}){then}")
        wanted = set(reference)
        seen, order = set(), []
        for i in present:
            if i in wanted and i not in seen:
                seen.add(i)
                order.append(i)
        if order != [i for i in reference if i in seen]:
            sub.problem("cells-reordered", f"has the lesson's cells in a different order{then}")

    def _choose(self, sub: Submission, handins: list, nb_lesson: str) -> dict | None:
        """The hand-in to grade, when a notebook holds several (the newest one)."""
        valid = []
        reasons = []
        for number, payload in handins:
            reason = _payload_problem(payload)
            if reason:
                reasons.append(f"cell {number}: {reason}")
            else:
                valid.append((number, payload))
        if not valid:
            sub.fail("bad-handin", "has a hand-in the grader cannot use (" + _reasons(reasons) + ")")
            return None
        if reasons:
            sub.problem("bad-handin", "also has a damaged hand-in, ignored (" + _reasons(reasons) + ")")
        if nb_lesson:
            same = [(n, p) for n, p in valid if p["lesson"] == nb_lesson]
            others = [(n, p) for n, p in valid if p["lesson"] != nb_lesson]
            if same and others:
                sub.problem("other-lesson", "also holds a hand-in for another lesson ("
                            + _list(sorted({p["lesson"] for _, p in others})) + "), ignored")
                valid = same
        if len(valid) > 1:
            newest = max(valid, key=lambda np_: (_time_key(np_[1].get("handed_in_at")), np_[0]))
            cells = _list((n for n, _ in valid), limit=10)
            same_answers = all(p.get("answers") == newest[1].get("answers") for _, p in valid)
            untrusted = sum(1 for _, p in valid if handin_time(p.get("handed_in_at"))[0] is None)
            sub.problem("handed-in-twice", f"holds {len(valid):,} hand-ins (cells {cells}"
                        + (", identical answers" if same_answers else "")
                        + f"); graded the newest, in cell {newest[0]} ("
                        + _one_line(newest[1].get('handed_in_at') or 'no time')[:40] + ")"
                        + (f"; {untrusted} hand-in time(s) missing or not trusted count as the oldest" if untrusted else ""))
            return newest[1]
        return valid[0][1]

    def _score(self, sub: Submission, payload: dict, nb_lesson: str, relative: str, copy: bool = False) -> Submission:
        from newslit.keys.kinds import KINDS, kind_of_answer, score_answer

        lesson, article = payload["lesson"], payload["article"]
        sub.lesson, sub.article = lesson, article
        sub.handed_in_at = str(payload.get("handed_in_at", ""))
        time_note = handin_time(payload.get("handed_in_at"))[1]
        if time_note:
            sub.problem("handin-time", time_note)
        user = payload.get("user")
        sub.user = _clean_name(user) if isinstance(user, str) else ""
        if self.learner_from == "user" and sub.user.lower() not in GENERIC_USERS:
            sub.learner = sub.user
        else:
            sub.learner = self.file_learner(relative, lesson, sub.path)
        if nb_lesson and nb_lesson != lesson:
            sub.problem("other-lesson", f"is the notebook of lesson {nb_lesson} but its hand-in is for lesson "
                                        f"{lesson}: answers for another lesson; graded as {lesson}, check with the learner")
        elif not nb_lesson and not copy:
            sub.problem("no-lesson-metadata", "has no newslit lesson in its metadata (not a kit notebook, or edited); "
                                              f"graded as the hand-in's lesson {lesson}")
        if lesson not in self.index:
            return sub.fail("unknown-lesson", f"hands in lesson {lesson!r}, which is not in datasets/lessons.json "
                                              f"(known: {_list(sorted(self.index))}); is the kit up to date?")
        if not _ARTICLE_ID.match(article):
            return sub.fail("bad-article", f"hands in answers for an article id the kit cannot have ({article[:60]!r})")
        try:
            known = article_path(article).is_file()  # the kit's data, then the course data
        except NewslitError as exc:  # e.g. a course-data article with the id of one of the kit's (DataClash)
            return sub.fail("unknown-article", f"hands in answers for article {article}: {exc}")
        if not known:
            return sub.fail("unknown-article", f"hands in answers for article {article}, which is not in this kit's "
                                               "datasets/articles nor in the course data (NEWSLIT_COURSE_DATA): "
                                               "nothing to score them against")

        exercises = self.scored_exercises(lesson)
        handed = payload["answers"]
        if len(handed) > len(exercises) + MAX_LISTED:  # bound what one file costs: the lesson's answers and a few more
            others = [k for k in handed if k not in exercises]
            sub.problem("many-answers", f"holds {len(handed):,} answers, {len(others):,} of them to exercises lesson "
                                        f"{lesson} does not have; the grader read the lesson's and {MAX_LISTED} others")
            handed = {k: handed[k] for k in [*(k for k in handed if k in exercises), *others[:MAX_LISTED]]}
        answers, unreadable = readable_answers(handed)  # each answer checked against its schema
        for reason in unreadable:
            sub.problem("malformed-answer", f"has an answer the grader cannot read: {reason}")
        versions = payload.get("key_versions") if isinstance(payload.get("key_versions"), dict) else {}
        if "key_versions" in payload and not isinstance(payload.get("key_versions"), dict):
            sub.problem("key-version", "records its key versions in a form the grader cannot read")
        if isinstance(payload.get("exercise_key_versions"), dict):  # the capstone: {exercise id: version}
            versions = {**versions, **payload["exercise_key_versions"]}
        for name, spec in exercises.items():
            spec = spec if isinstance(spec, dict) else {}
            answer = answers.get(name)
            kind = KINDS.get(str(spec.get("kind", ""))) or kind_of_answer(answer)
            answered = kind.answered(answer) if kind else answer is not None
            if not spec.get("scored"):
                text = answer.get("text", "") if isinstance(answer, dict) and isinstance(answer.get("text"), str) else ""
                sub.exercises.append(ExerciseResult(name, str(spec.get("kind", "text")), False, answered, None,
                                                    _shorten(text)))
                continue
            key = self.key(*self.key_source(lesson, article, name))
            if key is None:
                sub.exercises.append(ExerciseResult(name, str(spec.get("kind", "")), True, answered, None,
                                                    note=f"no answer key: {self.key_problem(*self.key_source(lesson, article, name))}"))
                sub.problem("no-key", f"could not be scored on {name}: there is no usable answer key for article "
                                      f"{article} (see the summary)")
                continue
            if name in answers:
                score = score_answer(key, _bounded_answer(sub, name, answer))
            else:
                score = score_answer(key, None)  # every item unanswered, nothing earned
                score.problems = []
            score.needs_review = score.needs_review and answered  # an empty written answer has nothing to read
            for item in score.items:  # e.g. a label of a million characters: what is shown of it is bounded
                if isinstance(item.note, str) and len(item.note) > 300:
                    item.note = item.note[:300] + f" \u2026 ({len(item.note) - 300:,} more characters)"
            text = answer.get("text", "") if key.kind == "rubric" and isinstance(answer, dict) else ""
            sub.exercises.append(ExerciseResult(name, key.kind, True, answered, score,
                                                _shorten(text) if isinstance(text, str) else "", key=key))
            for problem in score.problems:
                sub.problem("malformed-answer", f"has an answer the grader cannot read: {problem}")
            if score.unknown:
                sub.problem("unknown-items", f"answers {len(score.unknown):,} item(s) of {name} that the key does not "
                                             f"have ({_list(score.unknown)}): an older key, or the notebook was edited")
                sub.exercises[-1].unknown_more = max(0, len(score.unknown) - MAX_LISTED)
                score.unknown = score.unknown[:MAX_LISTED]  # the reports list these; the problem counts them all
            given = versions.get(name)
            if name in answers and given is None:
                sub.problem("key-version", f"does not record which version of the {name} key it was answered against")
            elif given is not None and str(given) != key.version:
                sub.problem("key-version", f"was answered against version {given} of the {name} key; the current key "
                                           f"is version {key.version}: graded against the current key")
        extra = sorted(str(k) for k in answers if k not in exercises)
        for name in extra[:MAX_LISTED]:
            answer = answers.get(name)
            kind = kind_of_answer(answer)
            sub.exercises.append(ExerciseResult(name, "", False, kind.answered(answer) if kind else answer is not None,
                                                None, in_lesson=False,
                                                note="an exercise this lesson does not have"))
        if extra:
            sub.problem("unknown-exercises", f"answers {len(extra):,} exercise(s) lesson {lesson} does not have "
                                             f"({_list(extra)}); ignored"
                        + (f"; the reports list the first {MAX_LISTED}" if len(extra) > MAX_LISTED else ""))
        if not any(e.answered for e in sub.exercises):
            sub.problem("empty-handin", "was handed in with no answers: every item scores zero")
        sub.status = "graded"
        sub.total()
        return sub


def _payload_problem(payload: dict) -> str:
    return payload_problem(payload)  # checked against newslit/schemas/handin.schema.json


def _bounded(message: str, limit: int = MAX_MESSAGE) -> str:
    """A problem's message, at most ``limit`` characters (what was cut is counted)."""
    message = str(message)
    return message if len(message) <= limit else message[:limit] + f" \u2026 ({len(message) - limit:,} more characters)"


def _bounded_answer(sub: Submission, name: str, answer):
    """``answer`` with its written text cut to :data:`MAX_ANSWER_CHARS` for scoring (noted), so one file's cost is bounded."""
    if isinstance(answer, dict) and isinstance(answer.get("text"), str) and len(answer["text"]) > MAX_ANSWER_CHARS:
        sub.problem("long-answer", f"has a written answer to {name} of {len(answer['text']):,} characters; the "
                                   f"first {MAX_ANSWER_CHARS:,} were read for scoring (a long answer is about 4,000): "
                                   "read the rest yourself")
        return {**answer, "text": answer["text"][:MAX_ANSWER_CHARS]}
    return answer


def _shorten(text: str, limit: int = 4000) -> str:
    return text if len(text) <= limit else text[:limit] + f" \u2026 ({len(text) - limit:,} more characters)"


def _reasons(reasons: list[str], limit: int = 5) -> str:
    more = f"; and {len(reasons) - limit:,} more" if len(reasons) > limit else ""
    return "; ".join(reasons[:limit]) + more


def _list(items, limit: int = 6) -> str:
    items = [str(i) for i in items]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(_one_line(i)[:60] for i in items[:limit]) + more


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# -- a whole class ---------------------------------------------------------------------------------


def grade(paths, *, learner_from: str = "user", articles: dict | None = None, max_mb: float = MAX_NOTEBOOK_MB,
          lessons_dir: Path | None = None, exclude: Path | None = None, progress: bool | None = None,
          roster: "lms.Roster | None" = None) -> GradeRun:
    """Grade every file under ``paths``; returns the run (reports are written by :mod:`newslit.grading.reports`).

    ``roster`` (:func:`newslit.grading.lms.read_roster`): name learners by the LMS's user ids.

    ``articles`` maps a lesson id (or ``"*"`` for every lesson) to the article
    the class was set; by default it is the article most hand-ins of that
    lesson use. ``progress``: show a progress bar (``None``: when stderr is a
    terminal and there are 10 files or more).
    """
    skipped: list = []
    files = collect_files(paths, exclude=exclude, skipped=skipped)
    if not files:
        raise NewslitError("No files to grade: give notebooks or folders that hold them"
                           + (f" (the {len(skipped)} file(s) found are reports an earlier newslit grade wrote)"
                              if skipped else "") + ".")
    grader = Grader(learner_from=learner_from, max_bytes=int(max_mb * 1024 * 1024), lessons_dir=lessons_dir)
    show = progress if progress is not None else (sys.stderr.isatty() and len(files) >= 10)
    iterator = files
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(files, total=len(files), unit="file", desc="grading", file=sys.stderr, leave=False)
        iterator = bar
    submissions = []
    spool = Spool(grader)
    try:
        for path, shown, relative in iterator:
            sub = grader.read(path, shown, relative)
            spool.put(sub)
            submissions.append(sub)
    finally:
        if bar is not None:
            bar.close()
    lms.settle(submissions, learner_from=learner_from, roster=roster, lessons=list(grader.index))
    resolve_same_learner(submissions)
    class_article = _class_articles(submissions, articles or {})
    for sub in submissions:
        expected = class_article.get(sub.lesson)
        if sub.graded and expected and sub.article != expected:
            sub.problem("other-article", f"hands in answers for article {sub.article}, but the class worked on "
                                         f"{expected}: scored with {sub.article}'s keys; check with the learner")
    lessons = sorted({s.lesson for s in submissions if s.graded})
    lesson_max = {}
    for lesson in lessons:
        lesson_max[lesson] = _lesson_max(grader, lesson, class_article.get(lesson), submissions)
    setup = sorted(set(grader.setup_problems))
    titles = {lesson: str(entry.get("title", lesson)) for lesson, entry in grader.index.items() if isinstance(entry, dict)}
    return GradeRun(submissions, lessons, lesson_max, class_article, setup, titles, spool, skipped=skipped)


def resolve_same_learner(submissions: list[Submission]) -> None:
    groups: dict = {}
    for sub in submissions:
        if sub.graded:
            groups.setdefault((sub.learner, sub.lesson), []).append(sub)
    for (learner, lesson), subs in groups.items():
        if len(subs) < 2:
            continue
        subs.sort(key=lambda s: (_time_key(s.handed_in_at), lms.order(s), s.path))  # LMS time, late, copy
        kept = subs[-1]
        older = subs[:-1]
        why, same_time = _why_newest(kept, subs[-2])
        if same_time:
            kept.problem("same-time", f"was handed in at the same time ({kept.handed_in_at}) as "
                                      f"{_short_path(subs[-2].path)}, another hand-in of lesson {lesson} by {learner}: "
                                      "check with the learner which one counts")
        kept.problem("same-learner", f"is the newest of {len(subs)} hand-ins of lesson {lesson} by {learner}, so it "
                                     f"is graded ({why}); not graded: "
                                     f"{_list(_short_path(s.path) for s in older)}")
        for sub in older:
            sub.status = "superseded"
            sub.problems.append(Problem("same-learner", f"was replaced by a newer hand-in of lesson {lesson} by "
                                                        f"{learner} in {kept.path}, which is graded instead", False))


def _short_path(path: str) -> str:
    return path if len(path) <= 60 else "\u2026" + path[-59:]


def _why_newest(kept: Submission, runner_up: Submission) -> tuple[str, bool]:
    """Why ``kept`` was chosen over ``runner_up`` (the next newest), and whether their hand-in times are equal."""
    mine, theirs = handin_time(kept.handed_in_at)[0], handin_time(runner_up.handed_in_at)[0]
    if mine is not None and theirs is not None and mine > theirs:
        return f"its hand-in time, {mine.isoformat(timespec='seconds')}, is the latest", False
    if mine is not None and theirs is None:
        return "its hand-in time is the latest the grader can trust; the others' times are missing or not trusted", False
    same = mine is not None and mine == theirs
    first = "the hand-in times are equal" if same else "no hand-in time can be trusted"
    a, b = lms.order(kept), lms.order(runner_up)
    if a[0] != b[0]:
        return f"{first}, so the later LMS upload time counts", same
    if a[1] != b[1]:
        return f"{first}, so the late copy counts", same
    if a[2] != b[2]:
        return f"{first}, so the higher copy or attempt number counts", same
    return f"{first} and nothing else tells them apart, so the path that sorts last counts; check with the learner", same


def _class_articles(submissions: list[Submission], articles: dict) -> dict:
    chosen = {}
    counts: dict = {}
    for sub in submissions:
        if sub.graded:
            counts.setdefault(sub.lesson, Counter())[sub.article] += 1
    for lesson, counter in counts.items():
        if lesson in articles:
            chosen[lesson] = articles[lesson]
        elif "*" in articles:
            chosen[lesson] = articles["*"]
        else:
            chosen[lesson] = min(counter, key=lambda a: (-counter[a], a))
    return chosen


def _lesson_max(grader: Grader, lesson: str, article: str | None, submissions: list[Submission]) -> float:
    """The lesson's points on the class's article (if a key is missing: the most any hand-in could earn)."""
    total = 0.0
    for name, spec in grader.scored_exercises(lesson).items():
        if not (isinstance(spec, dict) and spec.get("scored")):
            continue
        key = grader.key(*grader.key_source(lesson, article, name)) if article else None
        if key is None:
            return max((s.max_points for s in submissions if s.graded and s.lesson == lesson), default=0.0)
        total += key.max_points
    return total
