"""Hand-in: the learner's answers, stored inside the notebook itself.

``Lesson.hand_in()`` displays an output whose bundle carries the answers as
``application/vnd.newslit.handin+json``. Saving the notebook writes that
output into the ``.ipynb``, so a grader reads the answers straight from the
file, without running any code, wherever the cell ends up. :func:`read_handins`
is that reading side.
"""

from __future__ import annotations

import getpass
import html
import json
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .errors import NewslitError

MIME = "application/vnd.newslit.handin+json"
FORMAT = "newslit-handin/1"


def handin_payload(lesson: str, article: str, answers: dict, key_versions: dict) -> dict:
    try:
        user = getpass.getuser()
    except Exception:  # no user name on some hubs
        user = "unknown"
    return {
        "format": FORMAT,
        "lesson": lesson,
        "article": article,
        "key_versions": key_versions,
        "user": user,
        "handed_in_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "newslit_version": __version__,
        "answers": answers,
    }


def handin_bundle(payload: dict, summary_lines: list[str]) -> dict:
    """A display bundle: the answers for graders, a readable summary for the learner."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in summary_lines)
    when = html.escape(payload["handed_in_at"])
    return {
        MIME: payload,
        "text/html": (
            f'<div class="newslit-handin" role="status"><strong>Handed in</strong> at {when} (UTC).'
            f"<ul>{items}</ul>Now save the notebook (Ctrl+S or File \u2192 Save) and submit the .ipynb file.</div>"
        ),
        "text/plain": f"newslit hand-in {payload['lesson']} at {payload['handed_in_at']}: " + "; ".join(summary_lines),
    }


def read_handins(notebook: dict | Path) -> list[dict]:
    """Every hand-in payload in a notebook (a parsed dict or a path), in cell order."""
    if not isinstance(notebook, dict):
        try:
            notebook = json.loads(Path(notebook).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise NewslitError(f"Cannot read notebook {notebook}: {exc}.") from None
    found = []
    for cell in notebook.get("cells", []) if isinstance(notebook, dict) else []:
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and MIME in data:
                payload = data[MIME]
                if isinstance(payload, str):  # some tools store JSON bundles as text
                    try:
                        payload = json.loads(payload)
                    except ValueError:
                        continue
                if isinstance(payload, dict):
                    found.append(payload)
    return found
