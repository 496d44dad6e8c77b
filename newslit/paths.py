"""Where the kit finds its data and keeps each learner's answers."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def datasets_dir() -> Path:
    """The ``datasets/`` folder: ``$NEWSLIT_DATASETS`` or the one beside the package."""
    configured = os.environ.get("NEWSLIT_DATASETS")
    return Path(configured).expanduser() if configured else REPO_DIR / "datasets"


def answers_dir() -> Path:
    """Where answers autosave: ``$NEWSLIT_HOME/answers``, by default ``~/.newslit/answers``.

    On JupyterHub every learner has a home folder of their own, so answers are
    per user without any set-up.
    """
    home = os.environ.get("NEWSLIT_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".newslit"
    return base / "answers"
