"""Collect hand-ins on a hub: each listed learner's latest hand-in notebooks, into one class folder.

``newslit collect --learners ana,ben --to CLASS_DIR`` is run by the hub's
administrator (usually root). For every learner it looks in their home folder
for notebooks that carry a hand-in: the copy the kit writes at every hand-in
(``~/.newslit/handins/<article>/<lesson>.ipynb``) and the lesson notebooks
they saved (``~/lessons/*.ipynb`` by default). Nothing is run: notebooks are
read as JSON and their hand-ins parsed (:func:`newslit.learner.handin.read_handins`).

For each learner and lesson the newest hand-in wins and is copied, read-only,
to ``CLASS_DIR/<learner>/<lesson>--<time>.ipynb``. A hand-in collected before
is never overwritten: a newer one is a new file beside it, which ``grade``
and the dashboard treat as superseding the older one.

Because the administrator may be root, a learner's file is read only if it
is a regular file (never through a symbolic link) owned by that learner and
within the size limit, so no learner can make the collection copy someone
else's work or a system file.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newslit.errors import NewslitError
from newslit.learner.handin import read_handins

MAX_MB = 20
_NAME = re.compile(r"[a-z_][a-z0-9_.-]{0,63}\Z", re.I)


@dataclass
class Collected:
    learner: str
    lesson: str
    handed_in_at: str
    source: Path
    target: Path
    new: bool  # False: this hand-in was already in the class folder


@dataclass
class Collection:
    collected: list[Collected] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # learner -> lessons with no hand-in
    problems: list[str] = field(default_factory=list)  # one line each: files skipped, and why

    def summary(self) -> str:
        new = sum(c.new for c in self.collected)
        lines = [f"Collected {new} new hand-in(s) ({len(self.collected) - new} already in the class folder)."]
        for learner, lessons in sorted(self.missing.items()):
            lines.append(f"not handed in: {learner}: {', '.join(lessons) if lessons else 'nothing at all'}")
        lines += [f"skipped: {p}" for p in self.problems]
        return "\n".join(lines)


def _home_of(learner: str, homes: Path | None) -> tuple[Path, int | None]:
    if homes is not None:
        home = homes / learner
        try:
            return home, home.stat().st_uid
        except OSError:
            return home, None
    try:
        import pwd

        entry = pwd.getpwnam(learner)
        return Path(entry.pw_dir), entry.pw_uid
    except (ImportError, KeyError):
        raise NewslitError(f"No account named {learner!r} on this machine; check the list of learners, "
                           "or give --homes with the folder that holds their home folders.") from None


def _read_learner_file(path: Path, uid: int | None, max_bytes: int) -> tuple[dict, bytes] | str:
    """The notebook at ``path`` (parsed, and its bytes), or a reason it was not read. Never follows a symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return "a symbolic link (not followed)" if os.path.islink(path) else (exc.strerror or str(exc))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file"
        if uid is not None and info.st_uid != uid:
            return "owned by someone else"
        if info.st_size > max_bytes:
            return f"larger than {max_bytes // (1024 * 1024)} MB"
        with os.fdopen(fd, "rb") as f:
            fd = -1
            data = f.read(max_bytes + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "not a readable notebook"
    return (nb, data) if isinstance(nb, dict) else "not a notebook"


def _candidates(home: Path, lessons_folder: str) -> tuple[list[Path], list[str]]:
    """Notebooks under the learner's hand-in and lesson folders, and the folders skipped (a link on the way)."""
    found, skipped = [], []
    try:
        home_real = Path(os.path.realpath(home))
    except OSError:
        return found, skipped
    for folder, pattern in ((home / ".newslit" / "handins", "*/*.ipynb"), (home / lessons_folder, "*.ipynb")):
        try:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob(pattern)):
                # Every folder between the home and the notebook must be a real folder inside the home: a link
                # anywhere on the way (".newslit" -> another learner's) could make one learner's file another's.
                if Path(os.path.realpath(path.parent)) != home_real / path.parent.relative_to(home):
                    skipped.append(str(path.parent.relative_to(home)))
                    continue
                found.append(path)
        except OSError:
            continue
    return found, sorted(set(skipped))


def _when(iso: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else None  # the kit writes UTC with an offset; anything else is not trusted


def _stamp(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%Y%m%dT%H%M%S")
    except (TypeError, ValueError):
        return re.sub(r"[^0-9A-Za-z]", "", str(iso))[:20] or "undated"


def collect(learners: list[str], dest: str | os.PathLike, *, lessons: list[str] | None = None,
            homes: str | os.PathLike | None = None, lessons_folder: str = "lessons", max_mb: float = MAX_MB) -> Collection:
    """Copy each learner's newest hand-in per lesson into ``dest``; see the module docstring."""
    dest = Path(dest).expanduser()
    homes_path = Path(homes).expanduser() if homes is not None else None
    max_bytes = int(max_mb * 1024 * 1024)
    bad = [name for name in learners if not _NAME.match(name)]
    if bad:
        raise NewslitError(f"Not a user name: {', '.join(repr(b)[:40] for b in bad)}. Give user names separated by commas.")
    result = Collection()
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewslitError(f"Cannot create the class folder {dest}: {exc.strerror or exc}.") from None
    for learner in dict.fromkeys(learners):  # in order, once each
        home, uid = _home_of(learner, homes_path)
        newest: dict[str, tuple[datetime, str, Path, bytes]] = {}
        paths, linked = _candidates(home, lessons_folder)
        result.problems += [f"{learner}: {folder}: reached through a symbolic link (not followed)" for folder in linked]
        for path in paths:
            read = _read_learner_file(path, uid, max_bytes)
            if isinstance(read, str):
                result.problems.append(f"{learner}: {path.name}: {read}")
                continue
            nb, data = read
            for payload in read_handins(nb):
                lesson, when = payload.get("lesson"), payload.get("handed_in_at")
                moment = _when(when) if isinstance(when, str) else None
                if not isinstance(lesson, str) or (lessons and lesson not in lessons):
                    continue
                if moment is None:
                    result.problems.append(f"{learner}: {path.name}: a hand-in without a readable time")
                    continue
                if lesson not in newest or moment > newest[lesson][0]:
                    newest[lesson] = (moment, when, path, data)
        wanted = lessons or []
        missing = [lesson for lesson in wanted if lesson not in newest]
        if not newest or missing:
            result.missing[learner] = missing if newest else list(wanted)
        for lesson, (_, when, source, data) in sorted(newest.items()):
            target = dest / learner / f"{lesson}--{_stamp(when)}.ipynb"
            new = not target.exists()
            if new:
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with open(target, "xb") as f:
                        f.write(data)
                    target.chmod(0o444)
                except FileExistsError:
                    new = False
                except OSError as exc:
                    target.unlink(missing_ok=True) if target.exists() and target.stat().st_size == 0 else None
                    raise NewslitError(f"Cannot write {target}: {exc.strerror or exc}. Free some space or choose "
                                       "another class folder; nothing collected so far was changed.") from None
            result.collected.append(Collected(learner, lesson, when, source, target, new))
    return result
