"""The README's pictures, made by the browser: the highlighter in lesson 1 and the class dashboard.

The highlighter picture is taken by the lesson 1 browser test (tests/browser/test_lesson_in_lab.py, with
:func:`save_highlighter_picture`), the dashboard picture here. ``make screenshots`` runs both with
``NEWSLIT_SCREENSHOTS=docs/img`` to
refresh the pictures in the README; in ``make test`` they go to
``tests/artifacts/`` (never committed), so the README is never hand-made and
the pictures always show the kit as it is.
"""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pytest

from newslit.learner.handin import MIME
from tests.browser.conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser
OUT = Path(os.environ.get("NEWSLIT_SCREENSHOTS", ARTIFACTS))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def save_highlighter_picture(page) -> Path:
    """The marked article and its feedback, as a learner sees it (called by the lesson 1 browser test)."""
    OUT.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.querySelector('.nl-hl').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / "highlighter.png"))
    return OUT / "highlighter.png"


def test_dashboard_picture(make_lab, page, tmp_path):
    OUT.mkdir(parents=True, exist_ok=True)
    # The dashboard on a class: the reference solutions handed in by four learners, some answers dropped.
    class_dir = tmp_path / "class"
    for n, learner in enumerate(("ana", "ben", "cai", "dev")):
        (class_dir / learner).mkdir(parents=True)
        for solution in sorted((ROOT / "solutions").glob("0[1-3]_*.ipynb")):
            nb = json.loads(solution.read_text(encoding="utf-8"))
            for cell in nb["cells"]:
                for output in cell.get("outputs", []):
                    payload = output.get("data", {}).get(MIME)
                    if payload:
                        payload["user"] = learner
                        for answer in payload["answers"].values():  # the n-th learner leaves out every (n+1)-th answer
                            for field in ("spans",):
                                if isinstance(answer.get(field), list) and n:
                                    answer[field] = [x for i, x in enumerate(answer[field]) if i % (n + 1)]
                            if isinstance(answer.get("labels"), dict) and n:
                                answer["labels"] = {k: v for i, (k, v) in enumerate(answer["labels"].items()) if i % (n + 1)}
            (class_dir / learner / solution.name).write_text(json.dumps(nb), encoding="utf-8")
    board = make_lab(ROOT / "instructor", NEWSLIT_CLASS_DIR=str(class_dir))
    board.open(page, "class_dashboard.ipynb")
    board.run_all(page)
    page.wait_for_function("() => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length >= 3",
                           timeout=120_000)
    board.wait_for_idle_kernel()
    page.wait_for_timeout(1500)
    page.evaluate("document.querySelector('.jp-Cell .jp-OutputArea-output').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / "dashboard.png"))  # the top of the dashboard, as on a projector

    width, height = png_size(OUT / "dashboard.png")
    assert width >= 400 and height >= 150, (width, height)
    print(f"screenshot {OUT / 'dashboard.png'}: {width}x{height}")
