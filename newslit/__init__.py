"""newslit: a Jupyter teaching kit for news literacy.

The public API is small:

* :func:`load_article`: an article from ``datasets/`` (validated);
* :func:`analyze`: sentences with TextBlob scores, loaded language, claims;
* :func:`find_loaded`: the loaded-language finder on its own;
* :class:`Lesson`: what a lesson notebook uses (widgets, autosave, hand-in).
"""

__version__ = "0.1.0"

from .analysis import analyze  # noqa: E402
from .articles import Article, load_article  # noqa: E402
from .errors import NewslitError  # noqa: E402
from .loaded import find_loaded  # noqa: E402


def __getattr__(name):  # the widgets load only when a lesson asks for them
    if name == "Lesson":
        from .lesson import Lesson

        return Lesson
    raise AttributeError(name)


__all__ = ["Article", "Lesson", "NewslitError", "analyze", "find_loaded", "load_article", "__version__"]
