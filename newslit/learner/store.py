"""The response store: every learner's answers, autosaved and never lost.

One JSON file per lesson and article in the learner's own answers folder
(``~/.newslit/answers`` by default; see :func:`newslit.paths.answers_dir`).
Each save is atomic (temporary file, fsync, rename), so a crash or a killed
kernel leaves either the old answers or the new ones. Checking and writing
happen under a lock file (an OS lock through ``filelock``: ``flock`` on Linux
and macOS, ``LockFileEx`` on Windows, released by the system if the process
dies), so two copies saving at the same moment cannot interleave, and load()
can safely remove temporary files that a killed save left behind.

The one rule that keeps every answer: **a save replaces the answers file only
if its bytes are exactly the ones this copy loaded or last wrote** (or there is
no file). Anything else on disk is somebody's work this copy has not seen, so
it is never overwritten:

* another copy's answers (it saved after this copy loaded; or the file was
  deleted and another copy started a new one: the revision went backwards):
  this copy saves to its own "conflict" file beside it and says so;
* a file the kit cannot read (no permission, an I/O error): left exactly as it
  is, and this copy saves to its own file beside it;
* a damaged file: moved aside as ``…damaged-….json`` first; if it cannot be
  moved (a read-only folder), it stays where it is, the learner is told so,
  and saves go elsewhere or fail with a message until it can be moved.

Every message names the files by their full path.

A file is checked against ``newslit/schemas/answers.schema.json`` when it is
loaded: the file itself (format, revision, key versions) must fit, and each
exercise's answer is checked on its own against ``answer.schema.json``. An
answer of the wrong type is left out (so no widget meets it), the others are
restored, the original file is kept aside byte for byte, and the notice names
each exercise that could not be restored.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from newslit.errors import NewslitError
from newslit.files import schema_problem, validate, write_json_atomic
from newslit.paths import answers_dir

FORMAT = "newslit-answers/1"


@dataclass
class SaveResult:
    ok: bool
    message: str
    path: Path | None = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _save_advice(exc: OSError, folder: Path, path: Path) -> str:
    """Why a save failed and what to do, in words a learner can act on."""
    import errno

    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:  # "File exists" / "Not a directory": a file stands where a folder must be
        return (f"Could not save your answers: {blocker} is a file, but your answers need a folder there. They are "
                "still here in this notebook: do not close it; ask your teacher to rename that file, then click again.")
    if path.is_dir():
        return (f"Could not save your answers: {path} is a folder, but your answers are saved as a file there. They "
                "are still here in this notebook: do not close it; ask your teacher to rename it, then click again.")
    if exc.errno == errno.ENOSPC:
        return ("Could not save your answers (the disk is full). They are still here in this notebook: do not close "
                "it; free some space or ask your teacher, then click again.")
    return (f"Could not save your answers ({_why(exc)}). They are still here in this notebook: do not close it; "
            "ask your teacher, then click again.")


@dataclass
class _Reading:
    """What an answers file holds: its answers that can be restored, and what is wrong with the rest."""

    answers: dict
    revision: int = 0
    key_versions: dict | None = None
    unusable: bool = False  # the file as a whole cannot be used (not JSON, wrong format, a bad revision...)
    problem: str = ""  # why, in the schema's words, where it has them
    dropped: dict | None = None  # exercise -> why its answer cannot be restored

    @property
    def damaged(self) -> bool:
        return self.unusable or bool(self.dropped)


def _read_answers(raw: bytes) -> _Reading:
    """Parse and check an answers file's bytes: the file as a whole, then each exercise's answer on its own."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _Reading({}, unusable=True)
    answers = data.get("answers") if isinstance(data, dict) else None
    try:
        # the file without its answers must fit (format, revision, key versions...); then each answer by itself
        problem = schema_problem({**data, "answers": {}} if isinstance(answers, dict) else data, "answers")
        revision = 0 if problem else int(data.get("revision", 0))
    except (ValueError, TypeError, OverflowError, RecursionError):
        problem, revision = "", -1
    if problem or revision < 0:
        return _Reading({}, unusable=True, problem=problem)
    kept, dropped = {}, {}
    for exercise, answer in answers.items():
        try:
            why = schema_problem(answer, "answer", root=f"answers.{exercise}")
        except RecursionError:
            why = f"answers.{exercise} is nested too deeply"
        if why:
            dropped[exercise] = why
        else:
            kept[exercise] = answer
    return _Reading(kept, revision, data.get("key_versions") or {}, dropped=dropped or None)


class AnswerStore:
    """Load and save one learner's answers for one lesson on one article."""

    def __init__(self, lesson: str, article: str, folder: Path | None = None):
        self.lesson = lesson
        self.article = article
        self.folder = Path(folder) if folder else answers_dir()
        self.path = self.folder / f"{article}--{lesson}.json"
        self.revision = 0
        self.notice = ""  # something the learner should be told after load()
        self.conflict: Path | None = None  # where this copy saves when the answers file holds work it has not seen
        self.dropped: dict[str, str] = {}  # after load(): exercise -> why its saved answer could not be restored
        # sha256 of the bytes at self.path that this copy loaded or last wrote: the only file a save may replace.
        # None: this copy has taken no file as its own (there was none, or it could not be read or was damaged).
        self._base: str | None = None
        self._unread = ""  # why the file could not be read when loaded ("" if it could, or there was none)
        self._conflict_written = False

    @contextmanager
    def _locked(self, wait: float = 10.0):
        """Hold this lesson's lock file; yields False if no lock could be had (callers carry on unlocked).

        The lock is the operating system's (``filelock``: ``flock`` on POSIX, ``LockFileEx`` on
        Windows), held on an open file, so the system releases it when the process dies: a lock
        file that a killed kernel leaves behind never blocks the next save. Without OS locks on
        the disk (``filelock`` would fall back to a lock file whose mere presence locks, which a
        killed kernel would leave locked), saves go on unlocked, as on a read-only disk.
        """
        lock = None
        try:
            from filelock import FileLock  # imported on the first save, not with the lesson

            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            lock_path = self.folder / f".{self.path.name}.lock"
            try:
                lock = FileLock(lock_path, mode=0o600, fallback_to_soft=False)
            except TypeError:  # filelock before 3.30 has no soft fallback to turn off
                lock = FileLock(lock_path, mode=0o600)
            lock.acquire(timeout=wait, poll_interval=0.01)
        except (ImportError, OSError, RuntimeError):
            # no filelock; a read-only or full disk, no folder, no OS locks, the lock held too long
            # (filelock's Timeout is an OSError; its NotImplementedError for a disk without flock, a RuntimeError)
            lock = None
        try:
            yield lock is not None
        finally:
            if lock is not None:
                with suppress(OSError):  # the save itself is done; the system drops the lock with the file
                    lock.release()

    def _remove_stale_temp_files(self) -> None:
        """Delete temporary files of this lesson that a killed save left behind (never one being written)."""
        if not self.folder.is_dir():
            return
        with self._locked(wait=0) as locked:
            if not locked:  # another copy is saving right now, or no locks here: leave them
                return
            for prefix in (f".{self.path.name}.", f".{self.path.stem}.conflict-"):
                for tmp in self.folder.glob(glob.escape(prefix) + "*.tmp"):
                    try:
                        tmp.unlink()
                    except OSError:
                        pass

    # -- loading ----------------------------------------------------------------------------------

    def load(self) -> dict:
        """The saved answers (``{}`` if none). Problems are reported in :attr:`notice`; nothing is ever deleted."""
        self.notice, self.dropped, self._unread, self._base, self.revision = "", {}, "", None, 0
        self._remove_stale_temp_files()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            # Left where it is, untouched; saves never replace a file this copy could not read (see save()).
            self._unread = _why(exc)
            where = self._conflict_path()
            self.notice = (
                f"Could not read your saved answers ({self._unread}): {self.path}. You are starting with empty "
                f"answers. Nothing was deleted: that file is left as it is and will not be overwritten; while it "
                f"cannot be read, your new answers are saved to {where} instead. Show both files to your teacher."
            )
            return {}
        reading = _read_answers(raw)
        if not reading.damaged:
            self._base, self.revision = _digest(raw), reading.revision
            return reading.answers
        with self._locked():
            return self._restore_damaged(raw, reading)

    def _restore_damaged(self, raw: bytes, reading: _Reading) -> dict:
        """Keep the damaged file byte for byte (moved aside), and give back the answers that can be restored."""
        kept, failed = self._move_aside("damaged", raw)
        if reading.unusable:
            why = f" ({reading.problem})" if reading.problem else ""
            if kept is not None:
                self.notice = (f"Your saved answers file was damaged and could not be read{why}. It was kept as "
                               f"{kept} (show it to your teacher); you are starting with empty answers.")
            else:
                self.notice = (f"Your saved answers file {self.path} is damaged and could not be read{why}. "
                               f"It could not be moved aside ({failed}), so it is left where it is, and it will not "
                               "be overwritten: your answers are saved there only once it can be moved aside. You are "
                               "starting with empty answers; show the file to your teacher.")
            return {}
        self.dropped = dict(reading.dropped or {})
        names = ", ".join(f"\u201c{name}\u201d" for name in self.dropped)
        first = next(iter(self.dropped.values()))
        restored = "Your other answers are back." if reading.answers else "You are starting with empty answers."
        self.notice = (f"Your saved answers file was damaged: the answer to {names} could not be restored "
                       f"({first}). {restored} ")
        self.revision = reading.revision
        if kept is None:
            self.notice += (f"The file {self.path} could not be moved aside ({failed}), so it is left where it is, "
                            "byte for byte, and it will not be overwritten: your answers are saved there only once it "
                            "can be moved aside. Show it to your teacher.")
            return reading.answers
        self.notice += f"The original file was kept, unchanged, as {kept} (show it to your teacher)."
        if reading.answers:  # the restored answers go back in place, so they are there the next time too
            try:
                self._write_main(self._payload(reading.answers, reading.key_versions, reading.revision + 1))
            except OSError as exc:
                self.notice += (f" They could not be written back yet ({_why(exc)}); they are saved with your "
                                "next change.")
        return reading.answers

    def _move_aside(self, why: str, expect: bytes | None = None) -> tuple[Path | None, str]:
        """Rename the answers file to a new ``….<why>-<time>.json``; (where it went, or None and why not).

        ``expect``: the bytes the file should hold; if it now holds others (another copy wrote in between),
        nothing is moved.
        """
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.{why}-{stamp}.json")
        n = 1
        while target.exists():  # never overwrite an earlier kept copy
            n += 1
            target = self.path.with_name(f"{self.path.stem}.{why}-{stamp}-{n}.json")
        try:
            if expect is not None and self.path.read_bytes() != expect:
                return None, "it changed while being read"
            os.replace(self.path, target)
        except OSError as exc:
            return None, _why(exc)
        return target, ""

    # -- saving -----------------------------------------------------------------------------------

    def _payload(self, answers: dict, key_versions: dict | None, revision: int) -> dict:
        return {"format": FORMAT, "lesson": self.lesson, "article": self.article, "key_versions": key_versions or {},
                "saved_at": _now(), "answers": answers, "revision": revision}

    def _write_main(self, payload: dict) -> None:
        """Write the answers file and remember its bytes as this copy's own."""
        write_json_atomic(self.path, payload)
        self.revision = payload["revision"]
        try:
            self._base = _digest(self.path.read_bytes())  # under the lock: the bytes just written
        except OSError:
            self._base = _digest(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))

    def _conflict_path(self) -> Path:
        """This copy's own file for answers that cannot go in the answers file: one per copy, never another's."""
        if self.conflict is None or (not self._conflict_written and self.conflict.exists()):
            stamp, n = time.strftime("%Y%m%d-%H%M%S"), 1
            self.conflict = self.path.with_name(f"{self.path.stem}.conflict-{stamp}.json")
            while self.conflict.exists():
                n += 1
                self.conflict = self.path.with_name(f"{self.path.stem}.conflict-{stamp}-{n}.json")
        return self.conflict

    def save(self, answers: dict, key_versions: dict | None = None) -> SaveResult:
        """Save ``answers`` atomically. Never raises for disk problems: the result says what happened."""
        try:
            with self._locked():
                return self._save_checked(answers, key_versions)
        except OSError as exc:
            return SaveResult(False, _save_advice(exc, self.folder, self.path))

    def _save_checked(self, answers: dict, key_versions: dict | None) -> SaveResult:
        """The save itself, under the lock: checking the file and writing cannot interleave with another copy's."""
        payload = self._payload(answers, key_versions, self.revision + 1)
        note = ""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raw = None  # nothing to lose: (re)create it, even if this copy had loaded a file that is now gone
        except OSError as exc:
            why = _why(exc)
            return self._save_separately(payload, lambda where: (
                f"Your answers file {self.path} cannot be read ({why}), so it is left as it is and not "
                f"overwritten; your answers were saved to {where} instead. Show both files to your teacher."))
        if raw is not None and _digest(raw) != self._base:
            reading = _read_answers(raw)
            if reading.damaged:  # nobody's answers can be restored from it: keep it aside, byte for byte
                kept, failed = self._move_aside("damaged", raw)
                if kept is None:
                    return self._save_separately(payload, lambda where: (
                        f"The answers file {self.path} is damaged and could not be moved aside ({failed}), so it is "
                        f"left as it is and not overwritten; your answers were saved to {where} instead. Show both "
                        "files to your teacher."))
                note = f" The damaged answers file that was there was kept, unchanged, as {kept}."
            elif self._unread:
                return self._save_separately(payload, lambda where: (
                    f"Your answers file {self.path} could not be read when this notebook opened, so this notebook "
                    f"did not load it and does not overwrite it: your answers were saved separately as {where}. "
                    "Re-run this notebook to load that file; show both files to your teacher."))
            elif self._base is not None and reading.revision <= self.revision:
                return self._save_separately(payload, lambda where: (
                    f"Your answers file {self.path} was replaced after this notebook loaded it (it was deleted or "
                    "replaced, and another copy of this lesson saved new answers there), so your answers were saved "
                    f"separately as {where} instead of overwriting the other copy's. Close the other copy, then "
                    "re-run this notebook; show both files to your teacher."))
            else:
                return self._save_separately(payload, lambda where: (
                    "Another copy of this lesson saved answers after you opened this one, so yours were saved "
                    f"separately as {where} instead of overwriting them. Close the other copy, then re-run this notebook."))
        self._write_main(payload)
        saved = f"Saved at {datetime.now().strftime('%H:%M:%S')}"  # only now: the bytes are on disk
        return SaveResult(True, f"{saved}.{note}" if note else saved, self.path)

    def _save_separately(self, payload: dict, message) -> SaveResult:
        """Save to this copy's own conflict file; the answers file stays as it is. ``message(where)``: what to say."""
        where = self._conflict_path()
        write_json_atomic(where, payload)
        self._conflict_written = True
        return SaveResult(False, message(where), where)


def read_answers_file(path: Path) -> dict:
    """Read a saved answers file (for teachers and tests); raises :class:`NewslitError` if damaged."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise NewslitError(f"Cannot read answers file {path}: {exc}.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NewslitError(f"{path} is not a newslit answers file.")
    validate(data, "answers", f"Answers file {path}")  # lists every field of the wrong type
    return data
