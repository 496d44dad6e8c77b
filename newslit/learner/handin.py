"""Hand-in: the learner's answers, stored inside the notebook itself.

``Lesson.hand_in()`` displays an output whose bundle carries the answers as
``application/vnd.newslit.handin+json``. Saving the notebook writes that
output into the ``.ipynb``, so a grader reads the answers straight from the
file, without running any code, wherever the cell ends up. :func:`read_handins`
is that reading side.
"""

from __future__ import annotations

import getpass
import os
import json
from datetime import datetime, timezone
from pathlib import Path

from newslit import __version__
from newslit.errors import NewslitError
from newslit.files import schema_problem

MIME = "application/vnd.newslit.handin+json"
FORMAT = "newslit-handin/1"


def handin_payload(lesson: str, article: str, answers: dict, key_versions: dict) -> dict:
    # On JupyterHub every container may run as "jovyan": the hub's own name for the learner comes first.
    user = os.environ.get("JUPYTERHUB_USER", "").strip()
    if not user:
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


def readable_time(iso: str) -> str:
    """``2026-11-25T23:14:38+00:00`` as the learner's local time, e.g. ``25 Nov 2026, 23:14``."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %b %Y, %H:%M")
    except (TypeError, ValueError):
        return str(iso)


def read_handins(notebook: dict | Path) -> list[dict]:
    """Every hand-in payload in a notebook (a parsed dict or a path), in cell order.

    Each is returned as found, damaged or not, so a grader can say what is wrong
    with it: check each with :func:`payload_problem` and :func:`readable_answers`.
    """
    if not isinstance(notebook, dict):
        try:
            notebook = json.loads(Path(notebook).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
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
                    except (ValueError, RecursionError):
                        continue
                if isinstance(payload, dict):
                    found.append(payload)
    return found


def payload_problem(payload: object) -> str:
    """Why a hand-in payload cannot be graded at all, in a few words; ``""`` when it can.

    It cannot without its format, lesson, article and an object of answers,
    checked against ``newslit/schemas/handin.schema.json``. The other fields
    of the wrong type are the grader's to note, and an answer of the wrong
    shape costs only that exercise: each answer is checked by
    :func:`readable_answers`.
    """
    if not isinstance(payload, dict):
        return "the hand-in is not a JSON object"
    fmt = payload.get("format")
    if fmt != FORMAT:
        if isinstance(fmt, str) and fmt.startswith("newslit-handin/"):
            return f"hand-in format {fmt!r} is newer than this grader; update the kit"
        return "not a newslit hand-in (format " + repr(fmt)[:40] + ")"
    envelope = {name: payload[name] for name in ("format", "lesson", "article", "answers") if name in payload}
    if isinstance(envelope.get("answers"), dict):
        envelope["answers"] = {}  # not twice: readable_answers checks each answer
    return schema_problem(envelope, "handin")


def readable_answers(answers: dict) -> tuple[dict, list[str]]:
    """``answers`` without those of the wrong shape, and one line per answer left out.

    Each answer is checked against ``newslit/schemas/answer.schema.json`` (spans
    of whole-number offsets, labels as text, ticks as true/false, text as text...),
    so what is scored and shown is never of a type the kit does not expect.
    """
    kept, problems = {}, []
    if not isinstance(answers, dict):  # the hand-in's check (payload_problem) refuses these; never a crash here
        return kept, ["answers should be an object {...}, not " + type(answers).__name__]
    for name, answer in answers.items():
        shown = " ".join(str(name).split())[:60]
        problem = schema_problem(answer, "answer", root=f"answers.{shown}")
        if problem:
            problems.append(problem)
        else:
            kept[name] = answer
    return kept, problems


# -- app mode (Voilà) and hand-in copies ----------------------------------------------------------
#
# In app mode (``make app``: the lessons as Voilà web apps) learners cannot save the
# notebook, and every cell runs when the page opens. So there ``Lesson.hand_in()``
# shows a *Hand in* button; a click writes a small hand-in notebook (one cell, the
# same hand-in output as above) to ``$NEWSLIT_HOME/handins/<article>/<lesson>.ipynb``
# and offers it as a download. In JupyterLab the same copy is written as a backup.
# Either way :func:`read_handins` and the grader read it like any submitted notebook.


def in_app_mode() -> bool:
    """True inside a Voilà app (Voilà sets ``VOILA_KERNEL_ID``), or when ``NEWSLIT_APP=1``."""
    import os

    if os.environ.get("NEWSLIT_APP", "").strip().lower() in ("1", "true", "yes"):
        return True
    return bool(os.environ.get("VOILA_KERNEL_ID")) or os.environ.get("SERVER_SOFTWARE", "").startswith("voila")


def handins_dir() -> Path:
    """``$NEWSLIT_HOME/handins``, by default ``~/.newslit/handins`` (beside the answers folder)."""
    from newslit.paths import answers_dir

    return answers_dir().parent / "handins"


def handin_copy_path(payload: dict, folder: Path | None = None) -> Path:
    return Path(folder or handins_dir()) / payload["article"] / f"{payload['lesson']}.ipynb"


def _lesson_notebook(path: Path | None, lesson: str) -> dict | None:
    """The lesson notebook learners were given (parsed), if ``path`` is one for ``lesson``."""
    try:
        if path is None or not Path(path).is_file() or Path(path).stat().st_size > 5 * 1024 * 1024:
            return None
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or nb.get("nbformat") != 4:
        return None
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    if not isinstance(meta.get("newslit"), dict) or meta["newslit"].get("lesson") != lesson:
        return None
    return nb


def notebook_with_handin(bundle: dict, lesson_file: Path | None = None) -> dict:
    """A valid nbformat-4 notebook carrying the hand-in output ``bundle`` (its display data, payload under ``MIME``).

    With ``lesson_file`` (the lesson's ``.ipynb``) it is that notebook with every output
    cleared and the hand-in output in its hand-in cell, exactly what a learner hands in
    from JupyterLab; otherwise a two-cell notebook holding the hand-in. The bundle's
    readable parts come from :func:`newslit.render.handin.handin_bundle`.
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    payload = bundle[MIME]
    output = new_output("display_data", data=bundle, metadata={})
    lesson_nb = _lesson_notebook(lesson_file, payload["lesson"])
    if lesson_nb is not None:
        try:
            nb = nbformat.from_dict(lesson_nb)
            code_cells = [c for c in nb.cells if c.get("cell_type") == "code"]
            for cell in code_cells:
                cell["outputs"], cell["execution_count"] = [], None
            target = next((c for c in reversed(code_cells) if ".hand_in()" in "".join(c.get("source", ""))), None)
            if target is None:
                target = new_code_cell("lesson.hand_in()", id="handin-copy")
                nb.cells.append(target)
            target["outputs"] = [output]
            nb.metadata = {k: v for k, v in nb.metadata.items() if k in ("kernelspec", "language_info", "newslit")}
            nb.metadata["newslit"] = {**nb.metadata.get("newslit", {}), "handin_copy": True}
            nbformat.validate(nb)
            return nb
        except Exception:  # an odd notebook on disk: fall back to a notebook of our own
            pass
    nb = new_notebook(cells=[
        new_markdown_cell(f"# Hand-in: {payload['lesson']} on {payload['article']}\n\n"
                          "Written by the newslit kit when the learner clicked *Hand in*. "
                          "The answers are in the output below; graders read them without running anything.",
                          id="handin-title"),
        new_code_cell("lesson.hand_in()", id="handin-code", outputs=[output]),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["newslit"] = {"handin_copy": True}
    nbformat.validate(nb)
    return nb


def write_handin_copy(payload: dict, nb: dict, folder: Path | None = None) -> Path:
    """Write ``nb`` (the hand-in notebook of ``payload``) atomically where copies go; return its path.

    Raises ``OSError`` on disk errors.
    """
    from newslit.files import write_json_atomic

    path = handin_copy_path(payload, folder)
    write_json_atomic(path, nb)
    return path
