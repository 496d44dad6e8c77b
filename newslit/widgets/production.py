"""Lesson 4 (capstone): the production exercise.

Learners take a neutral paragraph (``datasets/capstone/production.json``), make
it loaded, then neutral again, and see for each version what the machine flags
(:func:`newslit.text.loaded.find_loaded`), TextBlob's scores, and what the key says
(the original: little or nothing is loaded; the words a version adds or changes
are the ones a careful reader would look at). The answer autosaves as
``{"text", "loaded", "neutral", "original"}``; ``text`` holds both versions, so
the grader shows it like any written answer (not scored). Typing is saved
about a second after the last keystroke, when a box loses focus, and at
kernel shutdown (:mod:`newslit.widgets.autosave`); the table follows each keystroke.
"""

from __future__ import annotations

import re

import ipywidgets as w

from newslit.files import read_json
from newslit.paths import datasets_dir
from newslit.render.templates import render
from newslit.widgets.autosave import TypedTextarea, TypingSaver
from newslit.widgets.exercises import RewriteExercise, SaveStatus

PRODUCTION_FILE = "capstone/production.json"
_WORD = re.compile(r"[\w\u2019']+")


def load_production(path=None) -> dict:
    """The production exercise's data (the neutral paragraph, the key's note, worked examples)."""
    return read_json(path or datasets_dir() / PRODUCTION_FILE, "Capstone production exercise")


def changed_words(original: str, version: str) -> list[str]:
    """Words of ``version`` that are not in ``original`` (case-insensitive), in order, each once."""
    have = {m.group(0).lower() for m in _WORD.finditer(original)}
    seen, out = set(), []
    for m in _WORD.finditer(version):
        word = m.group(0)
        if word.lower() not in have and word.lower() not in seen:
            seen.add(word.lower())
            out.append(word)
    return out


def describe(original: str, version: str) -> dict:
    """The machine's flags, TextBlob's mean scores, and the words the version changed."""
    d = RewriteExercise.describe(version)
    d["changed"] = changed_words(original, version) if version.strip() else []
    return d


class ProductionExercise(w.VBox):
    """Make a neutral paragraph loaded, then neutral again; compare the machine and the key on each version."""

    exercise = "production"

    def __init__(self, lesson, data: dict | None = None):
        self.lesson = lesson
        self.data = data or load_production()
        self.original = self.data["paragraph"]
        saved = lesson.answers.get(self.exercise, {}) if isinstance(lesson.answers.get(self.exercise), dict) else {}
        layout = w.Layout(width="100%", height="9em")
        self.loaded_box = TypedTextarea(value=saved.get("loaded", ""), layout=layout,
                                        placeholder="Step 1: your loaded version of the paragraph")
        self.neutral_box = TypedTextarea(value=saved.get("neutral", ""), layout=layout,
                                         placeholder="Step 2: your version made neutral again")
        self.loaded_box.description = "Loaded"
        self.neutral_box.description = "Neutral again"
        for box in (self.loaded_box, self.neutral_box):
            box.style = {"description_width": "initial"}
        self.table = w.HTML()
        self.status = SaveStatus()
        self.saver = TypingSaver(lesson, self.exercise, self.answer, self.status)
        for box in (self.loaded_box, self.neutral_box):
            box.continuous_update = True  # every keystroke reaches the kernel; the save waits for a pause
            box.observe(self._changed, "value")
        intro = render("lesson/production_intro.html", paragraph=self.original, steps=list(self.data.get("steps", [])))
        super().__init__([
            w.HTML(intro),
            w.HTML(render("lesson/production_step.html", step=1)), self.loaded_box,
            w.HTML(render("lesson/production_step.html", step=2)), self.neutral_box,
            self.table, self.status, self.saver.watch,
        ])
        self.add_class("nl-autosave")
        self.refresh()

    def answer(self) -> dict:
        loaded, neutral = self.loaded_box.value, self.neutral_box.value
        return {"text": f"Loaded version:\n{loaded}\n\nNeutral again:\n{neutral}" if (loaded.strip() or neutral.strip()) else "",
                "loaded": loaded, "neutral": neutral, "original": self.original}

    def rows(self) -> list[dict]:
        """One row per version: original, loaded, neutral again."""
        out = []
        for name, text in (("original", self.original), ("your loaded version", self.loaded_box.value),
                           ("your neutral version", self.neutral_box.value)):
            d = describe(self.original, text)
            out.append({"version": name, "polarity": d["polarity"], "subjectivity": d["subjectivity"],
                        "machine flags": d["loaded"], "words you changed": d["changed"], "written": bool(text.strip())})
        return out

    def refresh(self) -> None:
        rows = [{"version": r["version"], "written": r["written"], "original": r["version"] == "original",
                 "polarity": r["polarity"], "subjectivity": r["subjectivity"],
                 "flags": r["machine flags"], "changed": r["words you changed"]} for r in self.rows()]
        self.table.value = render("lesson/production_table.html", rows=rows,
                                  note=self.data.get("key", {}).get("note", ""))

    def _changed(self, change=None) -> None:
        self.refresh()
        self.saver.changed(change["owner"] if change else None)  # typed: saved after a pause; set by code: now
