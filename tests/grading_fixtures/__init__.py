"""Build learners' submissions for the grader tests from the executed reference solution.

``solutions/01_loaded_language.ipynb`` is committed executed (``make solutions``),
so it carries a real hand-in made by the real widgets. Every submission in the
tests is that notebook with its hand-in or its cells changed here, in code.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

from newslit.learner.handin import MIME

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / "01_loaded_language.ipynb"
LESSON = "01_loaded_language"
ARTICLE = "aleppo-2016"


@lru_cache(maxsize=1)
def _solution_text() -> str:
    return SOLUTION.read_text(encoding="utf-8")


def solution() -> dict:
    """A fresh copy of the executed solution notebook."""
    return json.loads(_solution_text())


def handin_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if any(MIME in o.get("data", {}) for o in c.get("outputs", []))]


def payload(nb: dict) -> dict:
    """The (last) hand-in payload inside ``nb``, to change in place."""
    cell = handin_cells(nb)[-1]
    return next(o for o in cell["outputs"] if MIME in o.get("data", {}))["data"][MIME]


def reference_spans() -> list[dict]:
    return copy.deepcopy(payload(solution())["answers"]["loaded_language"]["spans"])


def submission(user: str = "alice", spans: list | None = None, answers: dict | None = None,
               handed_in_at: str = "2026-11-20T10:00:00+00:00", **fields) -> dict:
    """The solution notebook handed in by ``user``; ``spans`` or ``answers`` replace the reference answers."""
    nb = solution()
    p = payload(nb)
    p["user"] = user
    p["handed_in_at"] = handed_in_at
    if spans is not None:
        p["answers"]["loaded_language"] = {"spans": spans}
    if answers is not None:
        p["answers"] = answers
    p.update(fields)
    return nb


def write(path: Path, nb) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nb if isinstance(nb, str) else json.dumps(nb, indent=1, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def span(text: str, start: int) -> dict:
    return {"start": start, "end": start + len(text), "text": text}
