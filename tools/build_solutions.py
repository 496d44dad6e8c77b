"""``python -m newslit build-solutions``: run the reference solutions so they carry their hand-in.

Every ``solutions/NN_*.ipynb`` is executed in place with nbclient, answers
going to a temporary ``NEWSLIT_HOME`` so nobody's real answers are touched. The
outputs are kept, so the last cell's hand-in is in the file and
``python -m newslit grade solutions/`` can check the keys against the
reference answers. Widget state is dropped (the notebook-level ``widgets``
metadata and every widget-view output): it is large, changes on every run and
means nothing without a live kernel. The hand-in is made by the user
:data:`SOLUTION_USER`, so graded solutions show up under that name.

Lessons are still built from solutions (``make notebooks``), which removes all
outputs again, so running this never changes ``lessons/``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from newslit.errors import NewslitError
from newslit.learner.handin import read_handins
from tools.build_lessons import dumps
from newslit.paths import REPO_DIR

SOLUTION_USER = "reference-solution"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@contextlib.contextmanager
def _environment(**values: str):
    old = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def strip_widget_state(nb: dict) -> dict:
    """Drop widget state: notebook ``widgets`` metadata and outputs that only display a widget."""
    metadata = nb.get("metadata", {})
    metadata.pop("widgets", None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        cell["outputs"] = [o for o in cell.get("outputs", []) if WIDGET_VIEW not in o.get("data", {})]
        cell.get("metadata", {}).pop("widgets", None)
    return nb


def solution_paths(root: Path = REPO_DIR, names=None) -> list[Path]:
    paths = sorted((Path(root) / "solutions").glob("[0-9][0-9]_*.ipynb"))
    if names:
        wanted = {Path(n).stem for n in names}
        unknown = wanted - {p.stem for p in paths}
        if unknown:
            raise NewslitError(f"No such solution: {', '.join(sorted(unknown))}; "
                               f"there are: {', '.join(p.stem for p in paths) or 'none'}.")
        paths = [p for p in paths if p.stem in wanted]
    return paths


def execute_solution(path: Path, timeout: int = 600) -> dict:
    """The solution notebook at ``path``, executed (widget state stripped), as a notebook node."""
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError:
        raise NewslitError("build-solutions needs nbclient and ipykernel: pip install nbclient ipykernel "
                           "(`make solutions` installs them).") from None
    nb = nbformat.read(str(path), as_version=4)
    with tempfile.TemporaryDirectory(prefix="newslit-solutions-") as home, \
            _environment(NEWSLIT_HOME=home, LOGNAME=SOLUTION_USER, USER=SOLUTION_USER):
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
        except CellExecutionError as exc:
            first = next((line for line in str(exc).splitlines() if line.strip()), "a cell failed")
            raise NewslitError(f"{path.name} fails when run: {first.strip()}") from None
    return strip_widget_state(nb)


def build_solutions(root: Path = REPO_DIR, names=None, timeout: int = 600) -> list[Path]:
    """Execute each solution in place, keeping its outputs; returns the paths written."""
    written = []
    for path in solution_paths(root, names):
        nb = execute_solution(path, timeout)
        if not read_handins(nb):
            raise NewslitError(f"{path.name} ran but holds no hand-in: its last code cell should be lesson.hand_in().")
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(dumps(nb), encoding="utf-8")
        os.replace(tmp, path)
        written.append(path)
    return written


def main(argv=None) -> int:
    """``python -m tools.build_solutions [NAME ...]`` (make solutions)."""
    import argparse
    import sys

    p = argparse.ArgumentParser(prog="python -m tools.build_solutions",
                                description="execute solutions/NN_*.ipynb in place so they carry their hand-in")
    p.add_argument("names", nargs="*", metavar="NAME", help="only these solutions (e.g. 01_loaded_language)")
    args = p.parse_args(argv)
    try:
        for path in build_solutions(names=args.names):
            print(f"executed {path}")
    except NewslitError as exc:
        print(f"build_solutions: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
