"""The lesson widgets around the highlighter: check, hints, machine opinion, rewrite, written answers.

Each widget saves through its :class:`~newslit.widgets.lesson.Lesson` on every change
and shows whether the save worked.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from newslit.text.analysis import sentence_scores
from newslit.render.feedback import error_box, highlight_feedback, hint_text, saved_line
from newslit.render.templates import render
from newslit.keys.answer_key import AnswerKey
from newslit.text.lexicon import load_lexicon
from newslit.text.loaded import find_loaded
from newslit.keys.scoring import score_highlights
from newslit.widgets.highlighter import Highlighter, HintBox


class SaveStatus(w.HTML):
    """A small line saying whether the last change was saved.

    "Saving…" while typing waits to be saved (:meth:`saving`), "✓ Saved at HH:MM:SS" only once
    the store has the bytes on disk (:meth:`show` with an ok result), an error box otherwise.
    """

    SAVING = '<span class="nl-saving" role="status">Saving\u2026</span>'

    def saving(self) -> None:
        self.value = self.SAVING

    def failed(self, message: str) -> None:
        self.value = error_box(message)

    def show(self, result) -> None:
        if result.ok:
            self.value = saved_line(result.message)
        else:
            self.value = error_box(result.message)


class HighlightExercise(w.VBox):
    """Mark loaded words in the article, then check them against the key."""

    def __init__(self, lesson, key: AnswerKey):
        self.lesson, self.key = lesson, key
        self.highlighter = Highlighter(lesson.article, markable_title=True)  # the headline can be marked too
        saved = lesson.answers.get(key.exercise, {})
        self.highlighter.mark_spans(saved.get("spans", []))
        self.stage = "hints"
        self.checked = False
        self.revealed = bool(saved.get("revealed", False))
        self.check_button = w.Button(description="Check my marks", button_style="primary",
                                     tooltip="Compare your marks with the answer key")
        self.hint_button = w.Button(description="Give me a hint", disabled=True,
                                    tooltip="One pointed question about a word you have not found yet")
        self.reveal_button = w.Button(description="Reveal missed", disabled=True,
                                      tooltip="Show the items you have not found yet, with explanations")
        self.hints = int(saved.get("hints_used", 0))
        self.machine_button = w.ToggleButton(description="Show machine marks", disabled=True,
                                             tooltip="After your first check: outline (dotted) the words the kit's finder flags")
        self.clear_button = w.Button(description="Clear all marks",
                                     tooltip="Press twice to remove every mark")
        self._clear_armed = False
        self.status = SaveStatus()
        self.hint_box = HintBox()  # the newest hint, under the buttons, read aloud to screen readers
        self.feedback = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.on_click(lambda _: self.check(stage="reveal"))
        self.hint_button.on_click(lambda _: self.hint())
        self.clear_button.on_click(lambda _: self.clear())
        self.machine_button.observe(self._toggle_machine, "value")
        self.highlighter.observe(self._marks_changed, ["marked", "title_marked"])
        buttons = (self.check_button, self.hint_button, self.reveal_button, self.machine_button, self.clear_button)
        for button in buttons:
            button.layout.width = "auto"
        super().__init__([
            self.highlighter,
            w.HBox(list(buttons), layout=w.Layout(flex_flow="row wrap")),
            self.hint_box,
            self.status,
            self.feedback,
        ])

    def answer(self) -> dict:
        """What is saved and handed in: the marks, and how much help was used (for the teacher)."""
        return {"spans": self.highlighter.spans, "hints_used": self.hints, "revealed": self.revealed}

    def save(self) -> None:
        self.status.show(self.lesson.record(self.key.exercise, self.answer()))

    def clear(self) -> None:
        """Remove every mark, but only on a second press: one stray click must not wipe the work."""
        n = len(self.highlighter.marked) + len(self.highlighter.title_marked)
        if not self._clear_armed and n:
            self._clear_armed = True
            self.clear_button.description = f"Press again to clear all {n} marks"
            self.clear_button.button_style = "danger"
            return
        self._clear_armed = False
        self.clear_button.description = "Clear all marks"
        self.clear_button.button_style = ""
        self.highlighter.clear()

    def _marks_changed(self, _change) -> None:
        if self._clear_armed and (self.highlighter.marked or self.highlighter.title_marked):
            self._clear_armed = False
            self.clear_button.description = "Clear all marks"
            self.clear_button.button_style = ""
        self.save()
        if self.highlighter.statuses:
            self.highlighter.statuses = {}
            self.hint_box.clear()
            self.feedback.value = render("feedback/marks_changed.html")

    def _toggle_machine(self, change) -> None:
        self.highlighter.show_machine = bool(change["new"])
        self.machine_button.description = "Hide machine marks" if change["new"] else "Show machine marks"
        if change["new"] and not self.highlighter.machine:
            # The finder reads the headline too (as its own text), when the headline can be marked.
            hl = self.highlighter
            hl.title_machine = sorted({i for span in (find_loaded(hl.title) if hl.title_words else [])
                                       for i in hl.words_in(span.start, span.end, "title")})
            hl.machine = sorted({i for span in find_loaded(self.key.article.text) for i in hl.words_in(span.start, span.end)})

    def score(self):
        hl = self.highlighter
        return score_highlights(self.key, hl.spans, hl.words, hl.title_words if hl.title_words else None)

    def check(self, stage: str = "hints") -> None:
        """Score the marks and show explained feedback (``stage="reveal"`` shows missed items)."""
        self.stage = stage
        result = self.score()
        hl = self.highlighter
        statuses: dict[str, str] = {}
        key_of = hl.status_key  # "3" for a body word, "t3" for a headline word
        for r in result.items:
            part = r.item.part
            marked = hl.marked_in(part)
            own = hl.words_in(r.item.start, r.item.end, part)
            if r.status in ("found", "near"):
                for i in marked.intersection(own) or marked.intersection({min(own) - 1, max(own) + 1}):
                    statuses[key_of(i, part)] = r.status
            elif stage == "reveal":
                for i in own:
                    statuses[key_of(i, part)] = "missed"
        for item in result.defensible:
            for i in hl.marked_in(item.part).intersection(hl.words_in(item.start, item.end, item.part)):
                statuses.setdefault(key_of(i, item.part), "defensible")
        for span in result.extras:
            part = getattr(span, "part", "body")
            for i in hl.words_in(span.start, span.end, part):
                statuses[key_of(i, part)] = "extra"
        for r in result.edges:  # one word past a found item, in the same phrase: not charged
            for i in hl.words_in(r.edge.start, r.edge.end, r.item.part):
                statuses[key_of(i, r.item.part)] = "edge"
        hl.statuses = statuses
        self.hint_box.clear()
        self.feedback.value = highlight_feedback(self.key, result, stage, self.hints)
        self.checked = True
        self.machine_button.disabled = False
        if stage == "reveal" and not self.revealed:
            self.revealed = True
            self.save()
        # Buttons stay enabled once used, so keyboard focus is never dropped to the top of the page;
        # pressing Reveal again, or Hint with no hints left, simply shows the same feedback.
        self.reveal_button.disabled = not result.missed
        self.hint_button.disabled = not result.missed

    def hint(self) -> None:
        """Show one more pointed hint about a missed item (after the reveal, the reveal stays).

        The new hint appears in :attr:`hint_box`, right under the buttons (a live region, so screen
        readers announce it), as well as in the feedback's list of hints.
        """
        if self.stage == "reveal":
            return self.check(stage="reveal")
        missed = self.score().missed
        fresh = self.hints < len(missed)
        if fresh:
            self.hints += 1
            self.save()
        self.check(stage="hints")
        if not missed:
            return
        n = min(self.hints, len(missed))
        if fresh:
            self.hint_box.show(f"Hint {n} ({len(missed)} still to find)", hint_text(missed[n - 1].item))
        else:
            self.hint_box.show("No new hint", f"each of the {len(missed)} item(s) still to find has had a hint "
                               "(listed under Still to find below); look again, or click Reveal missed.")


class MachineOpinion(w.VBox):
    """The finder's spans and TextBlob's sentence scores beside the learner's marks."""

    def __init__(self, exercise: HighlightExercise):
        self.exercise = exercise
        self.refresh_button = w.Button(description="Compare with my marks",
                                       layout=w.Layout(width="auto"))
        self.note = w.HTML()  # after a press: updated, or nothing changed, so the button never looks dead
        self.table = w.HTML()
        self.sentences = w.HTML()
        self._compared = None  # what the tables showed at the last refresh: (checked, revealed, marked words)
        self.refresh_button.on_click(lambda _: self.refresh(pressed=True))
        super().__init__([self.refresh_button, self.note, self.table, self.sentences])
        self.refresh()

    def comparison(self) -> pd.DataFrame:
        """One row per machine flag; the "in the key" column appears only once the answers are revealed."""
        key, hl = self.exercise.key, self.exercise.highlighter
        categories = load_lexicon().categories
        show_key = self.exercise.revealed
        rows = []
        # The finder is run on the headline too (its own text) when the headline can be marked; its flags there
        # come first, as the headline is read first, and are compared with the headline's marks and key items.
        parts = (["title"] if hl.title_words else []) + ["body"]
        for part in parts:
            marked = hl.marked_in(part)
            items = [i for i in key.items if i.part == part]
            for span in find_loaded(hl.title if part == "title" else key.article.text):
                own = hl.words_in(span.start, span.end, part)
                row = {
                    "machine flags": f"{span.text} (headline)" if part == "title" else span.text,
                    "kind": categories[span.category].name if span.category in categories else span.category,
                    "machine's reason": span.reason,
                    "you marked it": "yes" if marked.intersection(own) else "no",
                }
                if show_key:
                    row["in the key"] = "yes" if any(i.start < span.end and i.end > span.start for i in items) else "no"
                rows.append(row)
        columns = ["machine flags", "kind", "machine's reason", "you marked it"] + (["in the key"] if show_key else [])
        return pd.DataFrame(rows, columns=columns)

    def sentence_table(self) -> pd.DataFrame:
        hl = self.exercise.highlighter
        rows = []
        for s in sentence_scores(self.exercise.key.article.text):
            mine = len(set(hl.marked).intersection(hl.words_in(s["start"], s["end"])))
            rows.append({"sentence": s["text"], "polarity": s["polarity"], "subjectivity": s["subjectivity"], "your marks": mine})
        return pd.DataFrame(rows)

    def refresh(self, pressed: bool = False) -> None:
        """Rebuild the tables; ``pressed`` (the button): also say whether anything changed since the last time."""
        from datetime import datetime

        hl = self.exercise.highlighter
        ready = bool(self.exercise.checked or self.exercise.revealed)
        state = (ready, bool(self.exercise.revealed), tuple(sorted(set(hl.marked))), tuple(sorted(set(hl.title_marked))))
        if pressed:
            self.note.value = render("lesson/compare_note.html", ready=ready, changed=state != self._compared,
                                     phrases=len(hl.spans), when=datetime.now().strftime("%H:%M:%S"))
        self._compared = state
        # The tables are rendered by templates (autoescaped), not by pandas' to_html.
        if ready:
            table = self.comparison()
            self.table.value = render("lesson/machine_marks.html", ready=True, columns=list(table.columns),
                                      rows=_cells(table))
        else:
            self.table.value = render("lesson/machine_marks.html", ready=False, columns=[], rows=[])
        sentences = self.sentence_table()
        self.sentences.value = render("lesson/sentence_scores.html", columns=list(sentences.columns),
                                      rows=_cells(sentences, "{:.2f}".format),
                                      attribution=self.exercise.key.article.attribution)


def _cells(table: pd.DataFrame, float_format=str) -> list[list[str]]:
    """A table's cells as text, the way ``DataFrame.to_html`` writes them (``float_format`` for float cells)."""
    return [[float_format(v) if isinstance(v, float) else str(v) for v in row]
            for row in table.itertuples(index=False, name=None)]


class RewriteExercise(w.VBox):
    """Rewrite a loaded sentence neutrally and watch TextBlob's scores and the finder respond."""

    def __init__(self, lesson, sentence: str):
        from newslit.widgets.autosave import TypedTextarea, TypingSaver

        self.lesson = lesson
        self.original = sentence
        saved = lesson.answers.get("rewrite", {})
        self.box = TypedTextarea(value=saved.get("text", sentence), layout=w.Layout(width="100%", height="7em"),
                                 description="Your version", style={"description_width": "initial"})
        self.box.continuous_update = True  # the scores follow each keystroke; the save waits for a pause
        self.scores = w.HTML()
        self.status = SaveStatus()
        self.saver = TypingSaver(lesson, "rewrite", self.answer, self.status)
        self.box.observe(self._changed, "value")
        super().__init__([w.HTML(render("lesson/rewrite_original.html", sentence=sentence)), self.box, self.scores,
                          self.status, self.saver.watch])
        self.add_class("nl-autosave")
        self._show_scores()

    def answer(self) -> dict:
        return {"text": self.box.value, "original": self.original}

    @staticmethod
    def describe(text: str) -> dict:
        rows = sentence_scores(text) if text.strip() else []
        n = max(len(rows), 1)
        return {
            "polarity": round(sum(r["polarity"] for r in rows) / n, 2),
            "subjectivity": round(sum(r["subjectivity"] for r in rows) / n, 2),
            "loaded": [s.text for s in find_loaded(text)],
        }

    def _show_scores(self) -> None:
        rows = [{"name": name, **self.describe(text)} for name, text in (("original", self.original),
                                                                          ("yours", self.box.value))]
        self.scores.value = render("lesson/rewrite_scores.html", rows=rows)

    def _changed(self, _change) -> None:
        self._show_scores()
        self.saver.changed(self.box)  # typed: saved after a pause, on blur and at shutdown; set by code: now


class TextAnswer(w.VBox):
    """A written answer (reflection, plan) that autosaves as the learner types (see newslit/widgets/autosave.py)."""

    def __init__(self, lesson, exercise: str, prompt: str, rows: int = 6):
        from newslit.widgets.autosave import TypedTextarea, TypingSaver

        self.lesson, self.exercise = lesson, exercise
        self.box = TypedTextarea(value=lesson.answers.get(exercise, {}).get("text", ""),
                                 placeholder="Type your answer here",
                                 layout=w.Layout(width="100%", height=f"{rows * 1.5}em"))
        self.box.description = "Your answer"
        self.status = SaveStatus()
        self.saver = TypingSaver(lesson, exercise, lambda: {"text": self.box.value}, self.status)
        self.box.observe(lambda _: self.saver.changed(self.box), "value")
        label = w.HTML(render("lesson/prompt.html", prompt=prompt))
        self.box.add_class("nl-text-answer")
        super().__init__([label, self.box, self.status, self.saver.watch])
        self.add_class("nl-autosave")
        self.box.layout.flex = "1"
        self.box.tooltip = prompt
