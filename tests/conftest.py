"""Shared fixtures for the newslit unit tests.

* ``answers_home`` (autouse): every test gets its own ``NEWSLIT_HOME`` under
  ``tmp_path``, so nothing is ever written to the real ``~/.newslit``.
* ``make_article_dict``: a factory for a small, valid article dict.
* ``datasets_copy``: a private copy of ``datasets/`` with ``NEWSLIT_DATASETS``
  pointing at it, for tests that write bad (or extra) files.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
SAMPLE_ID = "aleppo-2016"

if str(REPO) not in sys.path:  # the tests run against this checkout
    sys.path.insert(0, str(REPO))


@pytest.fixture(autouse=True)
def answers_home(tmp_path, monkeypatch) -> Path:
    """Answers go to ``tmp_path/newslit-home``; data comes from the repository's datasets/."""
    home = tmp_path / "newslit-home"
    monkeypatch.setenv("NEWSLIT_HOME", str(home))
    monkeypatch.delenv("NEWSLIT_DATASETS", raising=False)
    monkeypatch.delenv("NEWSLIT_COURSE_DATA", raising=False)  # course data: NEWSLIT_HOME/course-data, per test
    return home


def article_dict(
    article_id: str = "test-article",
    paragraphs: list[str] | None = None,
    **overrides,
) -> dict:
    """A small valid ``newslit-article/1`` dict; keyword arguments replace fields."""
    data = {
        "format": "newslit-article/1",
        "id": article_id,
        "title": "Council approves budget",
        "outlet": "Test Gazette",
        "author": "newslit team",
        "date": "2024-03-01",
        "date_precision": "day",
        "language": "en",
        "licence": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        "attribution": "Written by the newslit team for the tests.",
        "kind": "imported",
        "paragraphs": copy.deepcopy(paragraphs)
        if paragraphs is not None
        else [
            "The council voted 7-2 to approve the budget, the mayor said.",
            "Critics slammed the devastating cuts to the library.",
        ],
    }
    data.update(copy.deepcopy(overrides))
    return data


def key_dict(article_id: str, items: list[dict], defensible: list[dict] | None = None, exercise: str = "loaded_language") -> dict:
    """A ``newslit-key/1`` dict for ``article_id``."""
    data = {"format": "newslit-key/1", "article": article_id, "exercise": exercise, "version": "1", "items": items}
    if defensible is not None:
        data["defensible"] = defensible
    return data


@pytest.fixture
def make_article_dict():
    """Factory: ``make_article_dict(id, paragraphs, **fields)`` -> valid article dict."""
    return article_dict


@pytest.fixture
def make_key_dict():
    """Factory: ``make_key_dict(article_id, items, defensible=None)`` -> key dict."""
    return key_dict


@pytest.fixture
def datasets_copy(tmp_path, monkeypatch) -> Path:
    """A copy of ``datasets/`` in ``tmp_path``; ``NEWSLIT_DATASETS`` and ``NEWSLIT_COURSE_DATA`` point at it.

    The copy is its own course data, so imports and reviewed keys land in it
    (tests/test_overlay.py covers a separate, read-only kit folder).
    """
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    monkeypatch.setenv("NEWSLIT_DATASETS", str(target))
    monkeypatch.setenv("NEWSLIT_COURSE_DATA", str(target))
    return target


@pytest.fixture
def write_article(datasets_copy):
    """Factory: write an article dict (or raw bytes/str) as ``datasets_copy/articles/<name>.json``."""

    def write(data, name: str | None = None) -> Path:
        if name is None:
            name = data["id"]
        path = datasets_copy / "articles" / f"{name}.json"
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_key(datasets_copy):
    """Factory: write a key dict as ``datasets_copy/keys/<article>/<exercise>.json``."""

    def write(data: dict) -> Path:
        folder = datasets_copy / "keys" / data["article"]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{data['exercise']}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def sample_article():
    from newslit.text.articles import load_article

    return load_article(DATASETS / "articles" / f"{SAMPLE_ID}.json")


@pytest.fixture(scope="session")
def sample_key(sample_article):
    from newslit.files import read_json
    from newslit.keys.answer_key import key_from_dict

    path = DATASETS / "keys" / SAMPLE_ID / "loaded_language.json"
    return key_from_dict(read_json(path, "Answer key"), sample_article, where=str(path))


def subprocess_env(**extra) -> dict:
    """The current environment (so ``NEWSLIT_HOME`` carries over) with the repo importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra)
    return env


@pytest.fixture
def run_env():
    """Factory for a subprocess environment: ``run_env(NAME=value, ...)``."""
    return subprocess_env
