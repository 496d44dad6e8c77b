"""Hand lessons out: copy the learner notebooks into a folder, never overwriting a learner's copy.

``newslit lessons DEST`` copies the kit's learner notebooks (``lessons/`` in a
checkout, ``newslit/data/lessons`` in an installed wheel): no solutions, no
instructor notebooks, no answers. A notebook already in DEST is the learner's
own work and is left exactly as it is.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from newslit.errors import NewslitError
from newslit.paths import kit_dir

# The setup cell's article line, as the lessons are built (tools/build_lessons.py keeps it locked).
_ARTICLE_LINE = re.compile(r'^ARTICLE = "[^"\n]*"', re.M)


def lesson_notebooks() -> list[Path]:
    """The kit's learner notebooks, in lesson order."""
    found = sorted(kit_dir("lessons").glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise NewslitError(f"No lesson notebooks found in {kit_dir('lessons')}; reinstall the kit (pip install newslit).")
    return found


def check_article_for_lessons(article_id: str, lessons: list[str]) -> None:
    """Refuse, naming what is missing, an article the lessons cannot run on (unknown, or a key missing)."""
    from newslit.keys.answer_key import key_path
    from newslit.keys.catalogue import lessons_index
    from newslit.paths import course_data_dir, find_data_file
    from newslit.text.articles import load_article

    if find_data_file(f"articles/{article_id}.json") is None:  # the kit's data, then the course data
        raise NewslitError(f"There is no article {article_id!r} in the kit or in the course data ({course_data_dir()}). "
                           "Import it with `newslit import-article`, or set NEWSLIT_COURSE_DATA to the folder it was "
                           "imported into.")
    load_article(article_id)  # damaged: its own clear message
    index = lessons_index()
    missing = [f"{lesson}: {exercise}" for lesson in lessons for exercise, ex in index.get(lesson, {}).get("exercises", {}).items()
               if ex.get("scored") and "article" not in ex and not key_path(article_id, exercise).exists()]
    if missing:
        raise NewslitError(f"Article {article_id!r} has no answer key for {'; '.join(missing)}. "
                           f"Run `newslit import-article` (it drafts every key) or write the keys, then try again.")


def with_article(notebook: bytes, article_id: str) -> bytes:
    """The lesson notebook with its setup cell set to ``article_id`` (lessons without an article line: unchanged)."""
    nb = json.loads(notebook)
    changed = False
    for cell in nb.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "code" and _ARTICLE_LINE.search(source):
            cell["source"] = _ARTICLE_LINE.sub(lambda m: f"ARTICLE = {json.dumps(article_id)}", source, count=1)
            changed = True
    return (json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8") if changed else notebook


def copy_lessons(dest: str | os.PathLike, article: str | None = None) -> tuple[list[Path], list[Path]]:
    """Copy every lesson into ``dest`` (set to ``article`` if given); returns (copied, kept because already there)."""
    dest = Path(dest).expanduser()
    copied, kept = [], []
    sources = lesson_notebooks()
    if article is not None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", article):
            raise NewslitError(f"{article!r} is not an article id (lowercase letters, digits and hyphens); "
                               "`newslit import-article` prints the id it gave.")
        takes_article = [p.stem for p in sources if with_article(p.read_bytes(), article) != p.read_bytes()]
        check_article_for_lessons(article, takes_article)
    if dest.exists() and not dest.is_dir():
        raise NewslitError(f"{dest} is a file, not a folder; give a folder to copy the lessons into.")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for source in sources:
            target = dest / source.name
            data = source.read_bytes()
            if article is not None:
                data = with_article(data, article)
            try:  # "x": create only; a learner's existing copy is never replaced
                f = open(target, "xb")
            except FileExistsError:
                kept.append(target)
                continue
            try:
                with f:
                    f.write(data)
            except OSError:  # e.g. a full disk: leave no half-copied lesson that a retry would keep
                target.unlink(missing_ok=True)
                raise
            copied.append(target)
    except NotADirectoryError:
        raise NewslitError(f"{dest} is a file, not a folder; give a folder to copy the lessons into.") from None
    except OSError as exc:
        raise NewslitError(f"Cannot copy the lessons into {dest}: {exc.strerror or exc}. "
                           "Choose a folder you can write to, or free some space.") from None
    return copied, kept
