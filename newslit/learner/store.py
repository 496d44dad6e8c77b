"""The response store: every learner's answers, autosaved and never lost.

One JSON file per lesson and article in the learner's own answers folder
(``~/.newslit/answers`` by default; see :func:`newslit.paths.answers_dir`).
Each save is atomic (temporary file, fsync, rename), so a crash or a killed
kernel leaves either the old answers or the new ones. A damaged file is moved
aside, never deleted. If two copies of a lesson are open, the second to save
does not silently overwrite the first: it writes its answers to a separate
"conflict" file and says so. Checking and writing happen under a lock file
(an OS lock through ``filelock``: ``flock`` on Linux and macOS, ``LockFileEx``
on Windows, released by the system if the process dies), so two copies saving
at the same moment cannot interleave, and load() can safely remove temporary
files that a killed save left behind. A file is checked against
``newslit/schemas/answers.schema.json`` when it is loaded: one that does not
fit (a wrong type anywhere, even in one answer) counts as damaged, so nothing
the widgets restore from it can be of the wrong type.
"""

from __future__ import annotations

import glob
import json
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


class AnswerStore:
    """Load and save one learner's answers for one lesson on one article."""

    def __init__(self, lesson: str, article: str, folder: Path | None = None):
        self.lesson = lesson
        self.article = article
        self.folder = Path(folder) if folder else answers_dir()
        self.path = self.folder / f"{article}--{lesson}.json"
        self.revision = 0
        self.notice = ""  # something the learner should be told after load()
        self.conflict: Path | None = None  # where this copy saves once another copy has saved newer answers

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

    def load(self) -> dict:
        """The saved answers (``{}`` if none). A damaged file is moved aside and reported in :attr:`notice`."""
        self.notice = ""
        self._remove_stale_temp_files()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.notice = f"Could not read your saved answers ({exc.strerror}); starting empty. Nothing was deleted."
            return {}
        reason = ""
        try:
            data = json.loads(raw.decode("utf-8"))
            # the schema types every answer the widgets restore (spans, labels, ticks, text...): a file that
            # does not fit is damaged as a whole, so no widget ever meets a value of the wrong type
            reason = schema_problem(data, "answers")
            if reason:
                raise ValueError(reason)
            revision = int(data.get("revision", 0))
        except (UnicodeDecodeError, ValueError, TypeError, OverflowError, RecursionError):
            kept = self._move_aside("damaged")
            why = f" ({reason})" if reason else ""
            self.notice = (
                f"Your saved answers file was damaged and could not be read{why}. It was kept as {kept.name} "
                "(show it to your teacher); you are starting with empty answers."
            )
            return {}
        self.revision = revision
        return data["answers"]

    def _move_aside(self, why: str) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.{why}-{stamp}.json")
        n = 1
        while target.exists():  # never overwrite an earlier kept copy
            n += 1
            target = self.path.with_name(f"{self.path.stem}.{why}-{stamp}-{n}.json")
        try:
            self.path.replace(target)
        except OSError:
            pass
        return target

    def _disk_revision(self) -> int:
        try:
            return int(json.loads(self.path.read_text(encoding="utf-8")).get("revision", 0))
        except (OSError, ValueError, AttributeError, TypeError):
            return 0

    def save(self, answers: dict, key_versions: dict | None = None) -> SaveResult:
        """Save ``answers`` atomically. Never raises for disk problems: the result says what happened."""
        payload = {
            "format": FORMAT,
            "lesson": self.lesson,
            "article": self.article,
            "key_versions": key_versions or {},
            "saved_at": _now(),
            "answers": answers,
        }
        try:
            with self._locked():
                return self._save_checked(payload)
        except OSError as exc:
            reason = "the disk is full" if exc.errno == 28 else (exc.strerror or str(exc))
            return SaveResult(
                False,
                f"Could not save your answers ({reason}). They are still here in this notebook: "
                "do not close it; free some space or ask your teacher, then click again.",
            )

    def _save_checked(self, payload: dict) -> SaveResult:
        """The save itself, under the lock: the revision check and the write cannot interleave with another copy's."""
        on_disk = self._disk_revision()
        if on_disk > self.revision:
            if self.conflict is None:  # one conflict file per copy, never one that another copy wrote
                stamp, n = time.strftime('%Y%m%d-%H%M%S'), 1
                self.conflict = self.path.with_name(f"{self.path.stem}.conflict-{stamp}.json")
                while self.conflict.exists():
                    n += 1
                    self.conflict = self.path.with_name(f"{self.path.stem}.conflict-{stamp}-{n}.json")
            conflict = self.conflict
            payload["revision"] = self.revision + 1
            write_json_atomic(conflict, payload)
            return SaveResult(
                False,
                "Another copy of this lesson saved answers after you opened this one, so yours were saved "
                f"separately as {conflict.name} instead of overwriting them. Close the other copy, then re-run this notebook.",
                conflict,
            )
        payload["revision"] = self.revision + 1
        write_json_atomic(self.path, payload)
        self.revision = payload["revision"]
        return SaveResult(True, f"Saved at {datetime.now().strftime('%H:%M:%S')}", self.path)


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
