"""Where the kit finds its data and keeps each learner's answers.

Installed from a wheel, the kit's data travels inside the package
(``newslit/datasets``, ``newslit/lessons``, ...). In a checkout (an editable
install, or the tests) the same folders are read from the repository's top
level, which stays their one editable source.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def kit_dir(name: str) -> Path:
    """The kit's own ``name`` folder (``datasets``, ``lessons``, ``instructor``): packaged, or the checkout's."""
    packaged = PACKAGE_DIR / "data" / name
    return packaged if packaged.is_dir() else REPO_DIR / name


def datasets_dir() -> Path:
    """The ``datasets/`` folder: ``$NEWSLIT_DATASETS``, or the kit's own."""
    configured = os.environ.get("NEWSLIT_DATASETS")
    return Path(configured).expanduser() if configured else kit_dir("datasets")


def answers_dir() -> Path:
    """Where answers autosave: ``$NEWSLIT_HOME/answers``, by default ``~/.newslit/answers``.

    On JupyterHub every learner has a home folder of their own, so answers are
    per user without any set-up.
    """
    home = os.environ.get("NEWSLIT_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".newslit"
    return base / "answers"
