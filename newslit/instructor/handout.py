"""Hand lessons out: copy the learner notebooks into a folder, never overwriting a learner's copy.

``newslit lessons DEST`` copies the kit's learner notebooks (``lessons/`` in a
checkout, ``newslit/data/lessons`` in an installed wheel): no solutions, no
instructor notebooks, no answers. A notebook already in DEST is the learner's
own work and is left exactly as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

from newslit.errors import NewslitError
from newslit.paths import kit_dir


def lesson_notebooks() -> list[Path]:
    """The kit's learner notebooks, in lesson order."""
    found = sorted(kit_dir("lessons").glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise NewslitError(f"No lesson notebooks found in {kit_dir('lessons')}; reinstall the kit (pip install newslit).")
    return found


def copy_lessons(dest: str | os.PathLike) -> tuple[list[Path], list[Path]]:
    """Copy every lesson into ``dest``; returns (copied, kept because already there)."""
    dest = Path(dest).expanduser()
    copied, kept = [], []
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for source in lesson_notebooks():
            target = dest / source.name
            data = source.read_bytes()
            try:  # "x": create only; a learner's existing copy is never replaced
                f = open(target, "xb")
            except FileExistsError:
                kept.append(target)
                continue
            try:
                with f:
                    f.write(data)
            except OSError:  # e.g. a full disk: leave no half-copied lesson that a retry would keep
                target.unlink(missing_ok=True)
                raise
            copied.append(target)
    except NotADirectoryError:
        raise NewslitError(f"{dest} is a file, not a folder; give a folder to copy the lessons into.") from None
    except OSError as exc:
        raise NewslitError(f"Cannot copy the lessons into {dest}: {exc.strerror or exc}. "
                           "Choose a folder you can write to, or free some space.") from None
    return copied, kept
