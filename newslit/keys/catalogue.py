"""Which lessons exist and which exercises each one has (``datasets/lessons.json``).

Read from the kit's data only, never from the course data: instructors add
articles, keys and context packs (:func:`newslit.paths.data_folders`), not
lessons, whose notebooks, widgets and exercise kinds are part of the kit.
"""

from __future__ import annotations

from newslit.errors import NewslitError
from newslit.files import read_json, validate
from newslit.paths import datasets_dir


def lessons_index() -> dict:
    """``{lesson id: {"title", "minutes", "exercises": {exercise id: {"kind", "scored"}}}}``.

    Checked against ``newslit/schemas/lessons.schema.json``: every lesson has a
    title and exercises, every exercise a known kind and ``scored`` true or false.
    """
    path = datasets_dir() / "lessons.json"
    data = read_json(path, "Lesson index")
    validate(data, "lessons", f"Lesson index {path}")
    return data["lessons"]


def scored_exercises(lesson: str) -> list[str]:
    """The exercises of ``lesson`` that have answer keys and count towards its score."""
    entry = lessons_index().get(lesson)
    if entry is None:
        raise NewslitError(f"Unknown lesson {lesson!r}; known lessons: {', '.join(lessons_index())}.")
    return [name for name, ex in entry["exercises"].items() if ex.get("scored")]
