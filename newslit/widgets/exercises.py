"""The lesson widgets around the highlighter: check, hints, machine opinion, rewrite, written answers.

Each widget saves through its :class:`~newslit.lesson.Lesson` on every change
and shows whether the save worked.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from ..analysis import sentence_scores
from ..feedback import error_box, highlight_feedback
from ..keys import AnswerKey
from ..loaded import find_loaded
from ..scoring import score_highlights
from .highlighter import Highlighter


class SaveStatus(w.HTML):
    """A small line saying whether the last change was saved."""

    def show(self, result) -> None:
        if result.ok:
            self.value = f'<span class="nl-saved">\u2713 {escape(result.message)}</span>'
        else:
            self.value = error_box(result.message)


class HighlightExercise(w.VBox):
    """Mark loaded words in the article, then check them against the key."""

    def __init__(self, lesson, key: AnswerKey):
        self.lesson, self.key = lesson, key
        self.highlighter = Highlighter(lesson.article)
        self.highlighter.mark_spans(lesson.answers.get(key.exercise, {}).get("spans", []))
        self.stage = "hints"
        self.check_button = w.Button(description="Check my marks", button_style="primary", icon="check",
                                     tooltip="Compare your marks with the answer key")
        self.hint_button = w.Button(description="Give me a hint", icon="question", disabled=True,
                                    tooltip="One pointed question about a word you have not found yet")
        self.reveal_button = w.Button(description="Reveal missed", icon="eye", disabled=True,
                                      tooltip="Show the items you have not found yet, with explanations")
        self.hints = 0
        self.machine_button = w.ToggleButton(description="Show machine marks", icon="cog",
                                             tooltip="Outline (dotted) the words the kit's finder flags")
        self.clear_button = w.Button(description="Clear all marks", icon="eraser")
        self.status = SaveStatus()
        self.feedback = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.on_click(lambda _: self.check(stage="reveal"))
        self.hint_button.on_click(lambda _: self.hint())
        self.clear_button.on_click(lambda _: self.highlighter.clear())
        self.machine_button.observe(self._toggle_machine, "value")
        self.highlighter.observe(self._marks_changed, "marked")
        buttons = (self.check_button, self.hint_button, self.reveal_button, self.machine_button, self.clear_button)
        for button in buttons:
            button.layout.width = "auto"
        super().__init__([
            self.highlighter,
            w.HBox(list(buttons), layout=w.Layout(flex_flow="row wrap")),
            self.status,
            self.feedback,
        ])

    def _marks_changed(self, _change) -> None:
        self.status.show(self.lesson.record(self.key.exercise, {"spans": self.highlighter.spans}))
        if self.highlighter.statuses:
            self.highlighter.statuses = {}
            self.feedback.value = "<p><em>Your marks changed: click <strong>Check my marks</strong> again.</em></p>"

    def _toggle_machine(self, change) -> None:
        self.highlighter.show_machine = bool(change["new"])
        if change["new"] and not self.highlighter.machine:
            flagged = set()
            for span in find_loaded(self.key.article.text):
                flagged.update(self.highlighter.words_in(span.start, span.end))
            self.highlighter.machine = sorted(flagged)

    def score(self):
        return score_highlights(self.key, [(s["start"], s["end"]) for s in self.highlighter.spans], self.highlighter.words)

    def check(self, stage: str = "hints") -> None:
        """Score the marks and show explained feedback (``stage="reveal"`` shows missed items)."""
        self.stage = stage
        result = self.score()
        hl = self.highlighter
        statuses: dict[str, str] = {}
        marked = set(hl.marked)
        for r in result.items:
            own = hl.words_in(r.item.start, r.item.end)
            if r.status in ("found", "near"):
                for i in marked.intersection(own) or marked.intersection({min(own) - 1, max(own) + 1}):
                    statuses[str(i)] = r.status
            elif stage == "reveal":
                for i in own:
                    statuses[str(i)] = "missed"
        for item in result.defensible:
            for i in marked.intersection(hl.words_in(item.start, item.end)):
                statuses.setdefault(str(i), "defensible")
        for span in result.extras:
            for i in hl.words_in(span.start, span.end):
                statuses[str(i)] = "extra"
        hl.statuses = statuses
        self.feedback.value = highlight_feedback(self.key, result, stage, self.hints)
        self.reveal_button.disabled = not result.missed or stage == "reveal"
        self.hint_button.disabled = self.reveal_button.disabled or self.hints >= len(result.missed)

    def hint(self) -> None:
        """Show one more pointed hint about a missed item."""
        self.hints += 1
        self.check(stage="hints")


class MachineOpinion(w.VBox):
    """The finder's spans and TextBlob's sentence scores beside the learner's marks."""

    def __init__(self, exercise: HighlightExercise):
        self.exercise = exercise
        self.refresh_button = w.Button(description="Compare with my marks", icon="refresh")
        self.table = w.HTML()
        self.sentences = w.HTML()
        self.refresh_button.on_click(lambda _: self.refresh())
        super().__init__([self.refresh_button, self.table, self.sentences])
        self.refresh()

    def comparison(self) -> pd.DataFrame:
        key, hl = self.exercise.key, self.exercise.highlighter
        marked = set(hl.marked)
        rows = []
        for span in find_loaded(key.article.text):
            own = hl.words_in(span.start, span.end)
            in_key = any(i.start < span.end and i.end > span.start for i in key.items)
            rows.append({
                "machine flags": span.text,
                "category": span.category,
                "machine's reason": span.reason,
                "you marked it": "yes" if marked.intersection(own) else "no",
                "in the key": "yes" if in_key else "no",
            })
        return pd.DataFrame(rows, columns=["machine flags", "category", "machine's reason", "you marked it", "in the key"])

    def sentence_table(self) -> pd.DataFrame:
        hl = self.exercise.highlighter
        rows = []
        for s in sentence_scores(self.exercise.key.article.text):
            mine = len(set(hl.marked).intersection(hl.words_in(s["start"], s["end"])))
            rows.append({"sentence": s["text"], "polarity": s["polarity"], "subjectivity": s["subjectivity"], "your marks": mine})
        return pd.DataFrame(rows)

    def refresh(self) -> None:
        # pandas escapes cell text in to_html by default; escape=True is stated for the reader.
        self.table.value = "<h4>The machine's marks</h4>" + self.comparison().to_html(index=False, escape=True)
        self.sentences.value = (
            "<h4>TextBlob's scores per sentence</h4><p>Polarity runs from -1 (negative) to +1 (positive); "
            "subjectivity from 0 (factual) to 1 (opinion).</p>"
            + self.sentence_table().to_html(index=False, escape=True, float_format="{:.2f}".format)
        )


class RewriteExercise(w.VBox):
    """Rewrite a loaded sentence neutrally and watch TextBlob's scores and the finder respond."""

    def __init__(self, lesson, sentence: str):
        self.lesson = lesson
        self.original = sentence
        saved = lesson.answers.get("rewrite", {})
        self.box = w.Textarea(value=saved.get("text", sentence), layout=w.Layout(width="100%", height="7em"),
                              description="Your version", style={"description_width": "initial"})
        self.box.continuous_update = True
        self.scores = w.HTML()
        self.status = SaveStatus()
        self.box.observe(self._changed, "value")
        super().__init__([w.HTML(f"<p><strong>Original:</strong> {escape(sentence)}</p>"), self.box, self.scores, self.status])
        self._show_scores()

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
        before, after = self.describe(self.original), self.describe(self.box.value)
        def row(name, d):
            loaded = ", ".join(f"\u201c{escape(x)}\u201d" for x in d["loaded"]) or "none"
            return (f"<tr><th scope='row'>{name}</th><td>{d['polarity']:+.2f}</td><td>{d['subjectivity']:.2f}</td>"
                    f"<td>{loaded}</td></tr>")
        self.scores.value = ("<table><tr><th></th><th>polarity</th><th>subjectivity</th><th>machine flags</th></tr>"
                             + row("original", before) + row("yours", after) + "</table>")

    def _changed(self, _change) -> None:
        self._show_scores()
        self.status.show(self.lesson.record("rewrite", {"text": self.box.value, "original": self.original}))


class TextAnswer(w.VBox):
    """A written answer (reflection, plan) that autosaves as the learner types."""

    def __init__(self, lesson, exercise: str, prompt: str, rows: int = 6):
        self.lesson, self.exercise = lesson, exercise
        self.box = w.Textarea(value=lesson.answers.get(exercise, {}).get("text", ""), placeholder="Type your answer here",
                              layout=w.Layout(width="100%", height=f"{rows * 1.5}em"))
        self.box.description = "Your answer"
        self.status = SaveStatus()
        self.box.observe(lambda _: self.status.show(lesson.record(exercise, {"text": self.box.value})), "value")
        label = w.HTML(f"<p><strong>{escape(prompt)}</strong></p>")
        self.box.add_class("nl-text-answer")
        super().__init__([label, self.box, self.status])
        self.box.layout.flex = "1"
        self.box.tooltip = prompt
