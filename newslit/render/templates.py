"""The one Jinja2 environment: every page and panel the kit shows is a template with autoescape.

Templates live in ``newslit/render/templates/`` (one per page or panel). A
teacher can translate or brand them without touching code: set
``NEWSLIT_TEMPLATES`` to a folder holding templates of the same names, and
those are used first.

Autoescape is on for every template, so text from an article, a key or a
learner is always shown as text. ``Markup`` is used only for HTML the kit
itself rendered from another template.
"""

from __future__ import annotations

import os
from functools import lru_cache

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "environment", "render"]


@lru_cache(maxsize=4)
def _environment(override: str) -> Environment:
    loaders = [FileSystemLoader(override)] if override else []
    loaders.append(PackageLoader("newslit.render", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its file name
        undefined=StrictUndefined,  # a misspelt name fails in the tests, not silently in class
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["plural"] = lambda n, one="", many="s": one if n == 1 else many
    return env


def environment() -> Environment:
    """The environment for the current ``NEWSLIT_TEMPLATES`` setting."""
    return _environment(os.environ.get("NEWSLIT_TEMPLATES", ""))


def render(name: str, /, **context) -> str:
    """Render ``templates/<name>`` with ``context``; the result is safe HTML (a ``str``)."""
    return environment().get_template(name).render(**context)
