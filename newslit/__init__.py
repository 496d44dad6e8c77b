"""newslit: a Jupyter teaching kit for news literacy.

The public API is small, and each name loads only when it is first used (so
``import newslit`` and the command line start fast):

* :func:`load_article`: an article from the kit's datasets (validated);
* :func:`analyze`: sentences with TextBlob scores, loaded language, claims, context checks;
* :func:`find_loaded`: the loaded-language finder on its own;
* :class:`Lesson`: what a lesson notebook uses (widgets, autosave, hand-in);
* :class:`Capstone`: lesson 4, all three skills on unseen articles;
* :class:`NewslitError`: the one exception for problems a person can fix.

The folders are the kit's parts, each importing only from those below it::

    cli -> instructor -> widgets | grading -> render -> learner -> keys -> text -> errors, paths, files
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.2.0"

_PUBLIC = {
    "Article": "newslit.text.articles",
    "load_article": "newslit.text.articles",
    "analyze": "newslit.text.analysis",
    "find_loaded": "newslit.text.loaded",
    "NewslitError": "newslit.errors",
    "Lesson": "newslit.widgets.lesson",
    "Capstone": "newslit.widgets.capstone",
}


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'newslit' has no attribute {name!r}")


def __dir__():
    return sorted([*_PUBLIC, "__version__"])


__all__ = [*_PUBLIC, "__version__"]
