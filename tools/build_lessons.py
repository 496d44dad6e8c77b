"""Lessons are derived from solutions, so the two never drift apart.

``solutions/NN_name.ipynb`` is the one source. ``lessons/NN_name.ipynb`` is
written from it by :func:`build_lessons`:

* cells tagged ``solution-only`` are left out (worked answers, explanations);
* cells tagged ``solution`` are kept with their source replaced by the text in
  ``metadata["newslit"]["lesson_source"]`` (an empty answer cell, say);
* cells tagged ``locked`` (the setup cell that loads the kit and picks the
  article, and the hand-in cell) get ``deletable: false`` and ``editable: false``,
  so a learner cannot delete or change them by accident (the grader still
  reports tampering with the JSON);
* all outputs and execution counts are removed; cell ids are kept, so they are
  stable from one build to the next.

``tests/test_notebooks.py`` fails if a committed lesson differs from what this
builds, so editing a lesson by hand instead of its solution is caught.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from newslit.errors import NewslitError
from newslit.paths import REPO_DIR

KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info", "newslit")


def lesson_from_solution(solution: dict) -> dict:
    """The lesson notebook (a dict) derived from a solution notebook (a dict)."""
    nb = copy.deepcopy(solution)
    cells = []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "solution-only" in tags:
            continue
        if "solution" in tags:
            source = cell["metadata"].get("newslit", {}).get("lesson_source")
            if source is None:
                raise NewslitError(f"Cell {cell.get('id')} is tagged 'solution' but has no newslit.lesson_source.")
            cell["source"] = source
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k == "tags" and v}
        if "locked" in tags:
            cell["metadata"].update({"deletable": False, "editable": False})
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    nb["cells"] = cells
    nb["metadata"] = {k: v for k, v in nb.get("metadata", {}).items() if k in KEEP_NOTEBOOK_METADATA}
    if "language_info" in nb["metadata"]:
        nb["metadata"]["language_info"] = {"name": "python"}
    return nb


def dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build_lessons(check: bool = False, root: Path = REPO_DIR) -> list[Path]:
    """Write (or with ``check=True`` only list) lessons that differ from their solutions."""
    changed = []
    for solution in sorted((root / "solutions").glob("[0-9][0-9]_*.ipynb")):
        lesson = root / "lessons" / solution.name
        text = dumps(lesson_from_solution(json.loads(solution.read_text(encoding="utf-8"))))
        current = lesson.read_text(encoding="utf-8") if lesson.exists() else None
        if current != text:
            changed.append(lesson)
            if not check:
                lesson.write_text(text, encoding="utf-8")
    if check and changed:
        raise NewslitError("Out of date (run `make notebooks`): " + ", ".join(str(p.relative_to(root)) for p in changed))
    return changed


def main(argv=None) -> int:
    """``python -m tools.build_lessons [--check]`` (make notebooks)."""
    import argparse
    import sys

    p = argparse.ArgumentParser(prog="python -m tools.build_lessons", description="write lessons/ from solutions/ (answer cells emptied)")
    p.add_argument("--check", action="store_true", help="only report lessons that are out of date; exit 2 if any")
    args = p.parse_args(argv)
    try:
        for path in build_lessons(check=args.check):
            print(path)
    except NewslitError as exc:
        print(f"build_lessons: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
