"""What a learner sees when handing in, rendered from templates in ``templates/handin/``.

The hand-in data (the payload, the hand-in notebook's cells, where copies go)
is :mod:`newslit.learner.handin`'s; this module adds the readable parts: the
``text/html`` receipt of the hand-in output, and the app's receipt with its
download link.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from newslit.learner.handin import MIME, notebook_with_handin, readable_time
from newslit.render.templates import render


def handin_html(payload: dict, summary_lines: list[str], copy: bool = False) -> str:
    """The learner's receipt (``handin/bundle.html``).

    ``copy=False``: shown in the notebook the learner has open, which they then save and submit.
    ``copy=True``: written into a hand-in file (the app's download, the backup copy), which is
    itself what they submit, so it does not tell them to save a notebook.
    """
    return render("handin/bundle.html", when=readable_time(payload["handed_in_at"]), lines=list(summary_lines),
                  copy=copy)


def handin_bundle(payload: dict, summary_lines: list[str], copy: bool = False) -> dict:
    """A display bundle: the answers for graders, a readable summary for the learner (see :func:`handin_html`)."""
    return {
        MIME: payload,
        "text/html": handin_html(payload, summary_lines, copy),
        "text/plain": f"newslit hand-in {payload['lesson']} at {payload['handed_in_at']}: " + "; ".join(summary_lines),
    }


def handin_notebook(payload: dict, summary_lines: list[str], lesson_file: Path | None = None) -> dict:
    """The hand-in notebook (see :func:`newslit.learner.handin.notebook_with_handin`) with its receipt for a file."""
    return notebook_with_handin(handin_bundle(payload, summary_lines, copy=True), lesson_file)


def home_relative(path: Path) -> str:
    """``path`` as a learner knows it (``~/.newslit/...``): an app page never shows the server's folder layout."""
    try:
        return "~/" + Path(path).relative_to(Path.home()).as_posix()
    except ValueError:
        return Path(path).name  # outside the learner's home: the file name alone


def app_receipt_html(payload: dict, summary_lines: list[str], path: Path | None, nb: dict | None, error: str = "") -> str:
    """What the learner sees in the app after clicking *Hand in*: a receipt, where the file is, a download link."""
    href = ""
    if nb is not None:
        data = base64.b64encode(json.dumps(nb, ensure_ascii=False, indent=1).encode("utf-8")).decode("ascii")
        href = f"data:application/x-ipynb+json;base64,{data}"
    return render("handin/receipt.html", when=readable_time(payload["handed_in_at"]), lines=list(summary_lines),
                  name=f"{payload['lesson']}.ipynb", href=href, path=home_relative(path) if path is not None else "",
                  error=error)


def app_note_html() -> str:
    """App mode: the note above the *Hand in my answers* button."""
    return render("handin/app_note.html")
