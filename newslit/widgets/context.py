"""Lesson 3 widgets: the missing-context checklist, the machine's context checks,
the context pack beside the article, and written answers checked against a rubric.

The HTML is in Jinja2 templates (``newslit/render/templates/context/``, one
per panel, autoescape on), so a teacher can translate or brand them; this
module only prepares the data. Every string from an article, a key or a
context pack reaches a template as plain text and is escaped there, or goes
to the browser as data that the checklist inserts with ``textContent``. The
checklist's look is ``static/context.css``. Every state is shown in words and
symbols, never by colour alone, and every control is a native checkbox,
select, button or text box, so the keyboard and screen readers work as usual.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as w
import pandas as pd
import traitlets as t

from newslit.text.articles import Article
from newslit.text.context import CHECKS, ContextFinding, context_for
from newslit.keys.packs import ContextPack, context_pack_path, load_context_pack
from newslit.keys.answer_key import AnswerKey
from newslit.text.spans import Span, find_phrase, sentences
from newslit.keys.scoring import ExerciseScore
from newslit.keys.kinds import score_answer
from newslit.render.templates import render
from newslit.widgets.exercises import SaveStatus
from newslit.widgets.autosave import TypedTextarea, TypingSaver

_HERE = Path(__file__).parent / "static"


def _html(template: str, **context) -> str:
    """Render ``context/<template>`` (autoescaped)."""
    return render(f"context/{template}", **context)


# -- the checklist: tick what the article leaves out, and point to where ------------------------

class ChecklistView(anywidget.AnyWidget):
    """The checklist itself: one native checkbox and one sentence menu per statement.

    ``state`` maps an item id to ``{"checked": bool, "place": sentence index or -1}``;
    ``feedback`` maps an item id to ``{"status", "symbol", "label", "text"}``.
    """

    _esm = _HERE / "checklist.js"
    _css = (_HERE / "context.css").read_text(encoding="utf-8")

    prompt = t.Unicode("").tag(sync=True)
    items = t.List().tag(sync=True)
    places = t.List().tag(sync=True)
    state = t.Dict().tag(sync=True)
    feedback = t.Dict().tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


class ContextChecklist(w.VBox):
    """Tick what the article leaves out, point to where, check against the key (hints first, then reveal)."""

    def __init__(self, lesson, key: AnswerKey):
        self.lesson, self.key = lesson, key
        article = key.article
        self.sentences: list[Span] = sentences(article.text)
        self._para = [article.paragraph_of(s.start) for s in self.sentences]
        places, counts = [], {}
        for n, (s, p) in enumerate(zip(self.sentences, self._para)):
            counts[p] = counts.get(p, 0) + 1
            places.append({"value": n, "paragraph": p, "label": f"{p}.{counts[p]} {_short(s.text)}"})
        self.view = ChecklistView(
            prompt=key.prompt or "Tick each statement that is true of this article.",
            items=[{"id": i.id, "question": i.data.get("question") or i.text} for i in key.items],
            places=places,
            state=self._restore(lesson.answers.get(key.exercise, {})),
        )
        self.stage = ""
        self.check_button = w.Button(description="Check my answers", button_style="primary",
                                     tooltip="Compare your ticks with the answer key; you get hints first")
        self.reveal_button = w.Button(description="Reveal answers", disabled=True,
                                      tooltip="Show the key's answer and explanation for every statement")
        self.clear_button = w.Button(description="Clear all ticks")
        for button in (self.check_button, self.reveal_button, self.clear_button):
            button.layout.width = "auto"
        self.status = SaveStatus()
        self.feedback = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.on_click(lambda _: self.check(stage="reveal"))
        self.clear_button.on_click(lambda _: self.clear())
        self.view.observe(self._changed, "state")
        super().__init__([self.view, w.HBox([self.check_button, self.reveal_button, self.clear_button]),
                          self.status, self.feedback])

    # -- answers ---------------------------------------------------------------------------

    def _sentence_of(self, start: int) -> int:
        for n, s in enumerate(self.sentences):
            if s.start <= start < s.end:
                return n
        return -1

    def _restore(self, saved: dict) -> dict:
        state = {}
        checked = saved.get("checked", {}) if isinstance(saved, dict) else {}
        if not isinstance(checked, dict):
            return state
        for item in self.key.items:
            value = checked.get(item.id)
            if isinstance(value, dict):
                spans = value.get("spans") or []
                place = -1
                if spans and isinstance(spans[0], dict) and isinstance(spans[0].get("start"), int):
                    place = self._sentence_of(spans[0]["start"])
                state[item.id] = {"checked": bool(value.get("checked")), "place": place}
            elif isinstance(value, bool):
                state[item.id] = {"checked": value, "place": -1}
        return state

    @property
    def answer(self) -> dict:
        """The answer as saved: ``{"checked": {item id: {"checked": bool, "spans": [...]}}}``."""
        out = {}
        for item in self.key.items:
            s = self.view.state.get(item.id, {})
            place = s.get("place", -1)
            spans = [self.sentences[place].as_dict()] if s.get("checked") and 0 <= place < len(self.sentences) else []
            out[item.id] = {"checked": bool(s.get("checked")), "spans": spans}
        return {"checked": out}

    def set(self, item_id: str, checked: bool = True, place: str | int | None = None) -> None:
        """Tick (or untick) a statement, as a click would; ``place`` is a sentence index or a phrase in it."""
        if item_id not in {i.id for i in self.key.items}:
            raise KeyError(item_id)
        index = -1
        if isinstance(place, int):
            index = place
        elif isinstance(place, str):  # any run of spaces matches any whitespace (articles hold non-breaking spaces)
            found = find_phrase(self.key.article.text, place)
            if not found:
                raise ValueError(f"{place!r} is not in the article")
            index = self._sentence_of(found[0])
        self.view.state = {**self.view.state, item_id: {"checked": checked, "place": index}}

    def clear(self) -> None:
        self.view.state = {}
        self.view.feedback = {}
        self.feedback.value = ""
        self.stage = ""
        self.reveal_button.disabled = True

    def _changed(self, _change) -> None:
        self.status.show(self.lesson.record(self.key.exercise, self.answer))
        if self.view.feedback:
            self.view.feedback = {}
            self.feedback.value = _html("checklist_feedback.html", changed=True)

    # -- checking ----------------------------------------------------------------------------

    def score(self) -> ExerciseScore:
        return score_answer(self.key, self.answer)

    def place_match(self, item) -> str:
        """Where the learner pointed, against the key's evidence: exact, paragraph, elsewhere or none."""
        place = self.view.state.get(item.id, {}).get("place", -1)
        if item.start is None or not 0 <= place < len(self.sentences):
            return "none"
        chosen = self.sentences[place]
        if chosen.start < item.end and item.start < chosen.end:
            return "exact"
        return "paragraph" if self._para[place] == item.paragraph else "elsewhere"

    def _place_note(self, item, reveal_key: bool) -> str:
        match = self.place_match(item)
        where = f"paragraph {item.paragraph}: \u201c{_short(item.text, 70)}\u201d"
        if match == "exact":
            return " Your sentence matches the key's evidence."
        if match == "paragraph":
            return f" You chose the right paragraph; the key's evidence is in {where}."
        if match == "elsewhere":
            chosen = self._para[self.view.state[item.id]["place"]]
            return (f" You pointed to paragraph {chosen}; the key's evidence is in {where}. A gap can show in more than "
                    "one place: if yours is one, say why in your written answer.")
        if reveal_key:
            return f" You did not choose a sentence; the key's evidence is in {where}."
        return " Choose the sentence where you see this gap."

    def check(self, stage: str = "hints") -> ExerciseScore:
        """Score the ticks and show explained feedback (``stage="reveal"`` also explains the ones still wrong)."""
        self.stage = stage
        result = self.score()
        by_id = {i.id: i for i in result.items}
        feedback, places = {}, []
        for item in self.key.items:
            status = by_id[item.id].status
            expected = bool(item.data.get("expected"))
            if status == "correct" and expected:
                feedback[item.id] = {"status": "correct", "symbol": "\u2713", "label": "Right, this is missing",
                                     "text": item.why + self._place_note(item, True)}
                places.append(self.place_match(item))
            elif status == "correct":
                feedback[item.id] = {"status": "correct", "symbol": "\u2713", "label": "Right to leave it unticked",
                                     "text": item.why}
            elif stage == "reveal":
                label = "Answer: the article does leave this out" if expected else "Answer: the article covers this"
                feedback[item.id] = {"status": "revealed", "symbol": "!", "label": label,
                                     "text": item.why + (self._place_note(item, True) if expected else "")}
            else:
                label = "Not yet: look again" if expected else "Look again: is this really missing?"
                feedback[item.id] = {"status": status, "symbol": "?" if expected else "\u2717", "label": label,
                                     "text": "Hint: " + (item.hint or f"Read paragraph {item.paragraph} again.")}
        self.view.feedback = feedback
        self.feedback.value = checklist_feedback(result, places, stage)
        self.reveal_button.disabled = stage == "reveal" or result.points == result.max_points
        return result


def checklist_feedback(result: ExerciseScore, places: list[str], stage: str) -> str:
    """The summary above the per-statement feedback."""
    return _html("checklist_feedback.html", changed=False, points=result.points, max_points=result.max_points,
                 right=sum(1 for i in result.items if i.status == "correct"), total=len(result.items),
                 found=len(places), pointed=sum(1 for p in places if p in ("exact", "paragraph")), stage=stage)


# -- the machine's context checks ------------------------------------------------------------------

_STATUS_WORDS = {"answered": "\u2713 answered", "partly": "~ only partly", "open": "? left open"}


def findings_table(article: Article, findings: list[ContextFinding], check: str) -> pd.DataFrame:
    rows = [{"paragraph": article.paragraph_of(f.start), "the text says": f.text, "a question to ask": f.question}
            for f in findings if f.check == check and f.start is not None]
    return pd.DataFrame(rows, columns=["paragraph", "the text says", "a question to ask"])


def five_ws_table(findings: list[ContextFinding]) -> pd.DataFrame:
    rows = []
    for f in findings:
        if f.check != "five_ws":
            continue
        w_name = f.text.split(":", 1)[0] if f.start is None else f.question.split("?", 1)[0]
        rows.append({"W": w_name, "in the text?": _STATUS_WORDS.get(f.status, f.status),
                     "evidence": "" if f.start is None else f.text, "a question to ask": f.question})
    return pd.DataFrame(rows, columns=["W", "in the text?", "evidence", "a question to ask"])


class ContextChecks(w.VBox):
    """The kit's context checks on the article: a second reader, not a judge."""

    def __init__(self, article: Article):
        self.article = article
        self.findings = context_for(article)
        self.html = w.HTML(self.render())
        super().__init__([self.html])

    def render(self) -> str:
        a, found = self.article, self.findings
        sections = []
        for check, title in CHECKS.items():
            table = five_ws_table(found) if check == "five_ws" else findings_table(a, found, check)
            sections.append({
                "title": title, "five_ws": check == "five_ws",
                "answered": sum(1 for f in found if f.check == check and f.status == "answered"),
                "notes": [{"text": f.text, "question": f.question}
                          for f in found if f.check == check and f.start is None and check != "five_ws"],
                "columns": list(table.columns), "rows": table.values.tolist(),
            })
        return _html("context_checks.html", sections=sections)


class SourceCard(w.HTML):
    """Who is behind the article: its metadata, shown with the questions to ask."""

    def __init__(self, article: Article):
        a = article
        profile = a.meta.get("outlet_profile")  # the template asks its own questions about the profile
        super().__init__(_html(
            "source_card.html", title=a.title, outlet=a.outlet, author=a.author, date=a.date,
            date_note=a.meta.get("date_note"), stance=a.meta.get("stance"), licence=a.licence.get("name", ""),
            kind=a.kind, profile=profile,
            questions=[f.question for f in context_for(a)
                       if f.check == "behind" and not (profile and f.start is None)]))


# -- the context pack beside the article ------------------------------------------------------------


def _note(note, first: bool) -> dict:
    src = note.source
    return {"first": first, "topic": note.topic, "text": note.text, "publication": src.publication, "date": src.date,
            "url": src.url, "certainty": note.certainty, "after_publication": note.after_publication}


def pack_table_html(pack: ContextPack) -> str:
    """The article's paragraphs on the left, the pack's notes for each on the right."""
    shown: set[str] = set()
    paragraphs = []
    for n, para in enumerate(pack.article.paragraphs, 1):
        notes = []
        for note in pack.notes_for(n):
            notes.append(_note(note, note.id not in shown))
            shown.add(note.id)
        paragraphs.append({"n": n, "text": para, "notes": notes})
    return _html("pack_table.html", paragraphs=paragraphs, general=[_note(note, True) for note in pack.general_notes])


COMPARE_PROMPT = ("Pick two notes. For each, write what a reader of the article alone would believe, "
                  "and what they would believe differently after reading the note.")


class PackComparison(w.VBox):
    """The context pack beside the article, and a written answer on what changes."""

    def __init__(self, lesson, prompt: str | None = None):
        self.lesson = lesson
        if not context_pack_path(lesson.article.id).exists():
            # An imported article has no pack until the instructor writes one: say so, keep the written answer.
            self.pack = None
            intro = w.HTML(_html("pack_intro.html", has_pack=False, written_by=None))
            self.table = w.HTML("")
        else:
            self.pack = load_context_pack(lesson.article)
            intro = w.HTML(_html("pack_intro.html", has_pack=True, written_by=self.pack.written_by))
            self.table = w.HTML(pack_table_html(self.pack))
        self.answer = lesson.written("compare", prompt or COMPARE_PROMPT, rows=7)
        super().__init__([intro, self.table, self.answer])


# -- written answers checked against a rubric --------------------------------------------------------


def rubric_feedback(key: AnswerKey, result: ExerciseScore, stage: str = "hints") -> str:
    by_id = {i.id: i for i in result.items}
    ideas = [{"status": by_id[item.id].status, "idea": item.data.get("idea", ""), "note": by_id[item.id].note,
              "why": item.why, "hint": item.hint, "points": by_id[item.id].points,
              "max_points": by_id[item.id].max_points} for item in key.items]
    return _html("rubric_feedback.html", changed=False, ideas=ideas, found=sum(1 for i in ideas if i["status"] == "present"),
                 points=result.points, max_points=result.max_points, stage=stage, exemplar=key.exemplar,
                 remarks=result.remarks)


class RubricAnswer(w.VBox):
    """A written answer that autosaves, with an automatic check for the rubric's ideas and a person's review."""

    def __init__(self, lesson, key: AnswerKey, rows: int = 8):
        self.lesson, self.key = lesson, key
        saved = lesson.answers.get(key.exercise, {})
        self.box = TypedTextarea(value=saved.get("text", "") if isinstance(saved, dict) else "",
                                 placeholder="Type your answer here",
                                 layout=w.Layout(width="100%", height=f"{rows * 1.5}em"))
        self.box.description = "Your answer"
        self.box.add_class("nl-text-answer")
        self.status = SaveStatus()
        self.saver = TypingSaver(lesson, key.exercise, lambda: {"text": self.box.value}, self.status)
        self.check_button = w.Button(description="Check my ideas", button_style="primary",
                                     tooltip="Look for the ideas a strong answer names; a person marks the answer")
        self.reveal_button = w.Button(description="Show a strong answer", disabled=True,
                                      tooltip="Show an example of a strong answer and every idea in the rubric")
        for button in (self.check_button, self.reveal_button):
            button.layout.width = "auto"
        self.feedback = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.on_click(lambda _: self.check(stage="reveal"))
        self.box.observe(self._changed, "value")
        prompt = w.HTML(_html("rubric_intro.html", prompt=key.prompt))
        super().__init__([prompt, self.box, self.status, w.HBox([self.check_button, self.reveal_button]), self.feedback,
                          self.saver.watch])
        self.add_class("nl-autosave")

    def _changed(self, _change) -> None:
        self.saver.changed(self.box)  # typed: saved after a pause, on blur and at shutdown; set by code: now
        if self.feedback.value and "changed since" not in self.feedback.value:
            self.feedback.value = _html("rubric_feedback.html", changed=True)

    def score(self) -> ExerciseScore:
        return score_answer(self.key, {"text": self.box.value})

    def check(self, stage: str = "hints") -> ExerciseScore:
        result = self.score()
        self.feedback.value = rubric_feedback(self.key, result, stage)
        self.reveal_button.disabled = stage == "reveal"
        return result
