"""What a lesson notebook talks to: one object per open lesson.

>>> lesson = Lesson("01_loaded_language")          # doctest: +SKIP
>>> lesson.show_article()                           # doctest: +SKIP
>>> lesson.highlighter()                            # doctest: +SKIP

It loads the article and its keys, restores the learner's saved answers,
saves every change, and hands the answers in.
"""

from __future__ import annotations

import ipywidgets as w

from newslit.text.articles import SAMPLE_ARTICLE, Article, load_article
from newslit.learner.handin import handin_payload, in_app_mode, write_handin_copy
from newslit.errors import NewslitError
from newslit.keys.answer_key import AnswerKey, load_key
from newslit.render.handin import app_note_html, app_receipt_html, handin_bundle, handin_notebook
from newslit.render.notebook import install_error_display
from newslit.render.templates import render
from newslit.learner.store import AnswerStore, SaveResult


class Lesson:
    """One lesson on one article, for one learner."""

    def __init__(self, lesson: str, article: str | Article | None = None, answers_folder=None):
        install_error_display()
        self.id = lesson
        self.article = article if isinstance(article, Article) else load_article(article or SAMPLE_ARTICLE)
        self.store = AnswerStore(lesson, self.article.id, answers_folder)
        self.answers: dict = self.store.load()
        self._keys: dict[str, AnswerKey] = {}
        self._widgets: dict[str, w.Widget] = {}

    def __repr__(self) -> str:
        return f"Lesson({self.id!r}, article={self.article.id!r})"

    def _repr_html_(self) -> str:
        return render("lesson/lesson.html", lesson=self.id, title=self.article.title, answers=len(self.answers),
                      path=str(self.store.path), notice=self.store.notice or "")

    # -- keys and answers ---------------------------------------------------------

    def key(self, exercise: str) -> AnswerKey:
        if exercise not in self._keys:
            self._keys[exercise] = load_key(self.article, exercise)
        return self._keys[exercise]

    @property
    def key_versions(self) -> dict:
        return {name: key.version for name, key in self._keys.items()}

    def record(self, exercise: str, value: dict) -> SaveResult:
        """Keep ``value`` as the answer to ``exercise`` and save all answers now."""
        self.answers[exercise] = value
        return self.store.save(self.answers, self.key_versions)

    def keep(self, exercise: str, value: dict) -> None:
        """Keep ``value`` as the answer to ``exercise`` in the notebook only (typing: saved soon, see autosave.py).

        A hand-in, and any save, include it at once.
        """
        self.answers[exercise] = value

    # -- what the notebook shows ------------------------------------------------

    def show_article(self) -> w.HTML:
        """The article, readable, paragraphs numbered, with its attribution."""
        a = self.article
        return w.HTML(render("lesson/article.html", title=a.title, byline=a.byline, paragraphs=list(a.paragraphs),
                             attribution=a.attribution))

    def highlighter(self, exercise: str = "loaded_language"):
        """The highlighting exercise for ``exercise`` (the same widget each time it is asked for)."""
        from newslit.widgets import HighlightExercise

        if exercise not in self._widgets:
            self._widgets[exercise] = HighlightExercise(self, self.key(exercise))
        return self._widgets[exercise]

    def machine_opinion(self, exercise: str = "loaded_language"):
        """The finder's marks and TextBlob's sentence scores beside the learner's marks."""
        from newslit.widgets import MachineOpinion

        return MachineOpinion(self.highlighter(exercise))

    def rewrite(self, sentence: str | None = None):
        """A rewriting exercise; by default on the sentence holding the most key items."""
        from newslit.text.spans import sentences
        from newslit.widgets import RewriteExercise

        if "rewrite" not in self._widgets:
            if sentence is None:
                key = self.key("loaded_language")
                spans = sentences(self.article.text)
                body = [i for i in key.items if i.part == "body"]  # not the headline's items
                sentence = max(spans, key=lambda s: sum(s.start <= i.start < s.end for i in body)).text
            self._widgets["rewrite"] = RewriteExercise(self, sentence)
        return self._widgets["rewrite"]

    def written(self, exercise: str, prompt: str, rows: int = 6):
        """A written answer that autosaves (the same widget each time it is asked for)."""
        from newslit.widgets import TextAnswer

        if exercise not in self._widgets:
            self._widgets[exercise] = TextAnswer(self, exercise, prompt, rows)
        return self._widgets[exercise]

    def summary(self) -> list[str]:
        """One line per answered exercise, for the hand-in receipt (the words come from each exercise's kind)."""
        from newslit.keys.catalogue import lessons_index
        from newslit.keys.kinds import summary_line

        try:
            exercises = lessons_index().get(self.id, {}).get("exercises", {})
        except NewslitError:
            exercises = {}
        lines = [summary_line(name, value, (exercises.get(name) or {}).get("kind"))
                 for name, value in sorted(self.answers.items())]
        return lines or ["no answers yet"]

    def hand_in(self) -> None:
        """Put the answers into this notebook's output, ready to save and submit.

        Also writes a copy (the lesson notebook with the hand-in) to ``~/.newslit/handins/<article>/<lesson>.ipynb``.
        In app mode (Voilà, ``make app``), where every cell runs when the page opens and the
        notebook cannot be saved, it shows a *Hand in* button instead (see :meth:`hand_in_button`).
        """
        from IPython.display import display

        if in_app_mode():
            display(self.hand_in_button())
            return
        payload = self.payload()
        display(handin_bundle(payload, self.summary()), raw=True)
        try:
            write_handin_copy(payload, handin_notebook(payload, self.summary(), self._lesson_file()))
        except Exception:
            pass  # the copy is a backup; the hand-in is in the notebook

    def payload(self) -> dict:
        """The hand-in: every answer, with the versions of the keys it was made against."""
        for exercise in self.answers:
            try:
                self.key(exercise)
            except Exception:
                pass  # written answers have no key of this kind
        return handin_payload(self.id, self.article.id, self.answers, self.key_versions)

    def _lesson_file(self):
        """The lesson's notebook beside the kernel (Voilà and JupyterLab start kernels in its folder)."""
        from pathlib import Path

        return Path.cwd() / f"{self.id}.ipynb"

    def hand_in_button(self) -> w.VBox:
        """App mode: a button that hands in the current answers as a downloadable notebook (and a copy on disk)."""
        button = w.Button(description="Hand in my answers", button_style="primary",
                          tooltip="Hand in your answers as they are now; you can hand in again later")
        button.layout.width = "auto"
        receipt = w.HTML()

        def hand_in(_=None):
            payload = self.payload()
            path, error = None, ""
            nb = handin_notebook(payload, self.summary(), self._lesson_file())
            try:
                path = write_handin_copy(payload, nb)
            except OSError as exc:
                why = exc.strerror or "the disk refused it"  # never str(exc): it would show the server's path
                error = f"The copy on disk could not be written ({why}); use the download link."
            receipt.value = app_receipt_html(payload, self.summary(), path, nb, error)

        button.on_click(hand_in)
        note = w.HTML(app_note_html())
        box = w.VBox([note, button, receipt], layout=w.Layout(align_items="flex-start"))
        box.hand_in = hand_in  # for tests and scripts
        return box

    # -- lesson 3: missing context ----------------------------------------------------------

    def context_checklist(self, exercise: str = "context_checklist"):
        """Tick what the article leaves out and point to where (the same widget each time it is asked for)."""
        from newslit.widgets.context import ContextChecklist

        if exercise not in self._widgets:
            self._widgets[exercise] = ContextChecklist(self, self.key(exercise))
        return self._widgets[exercise]

    def about_the_source(self):
        """Who is behind the article: outlet, author, date, stated stance, and the questions to ask."""
        from newslit.widgets.context import SourceCard

        return SourceCard(self.article)

    def context_checks(self):
        """The kit's context checks on the article (voices, numbers, times, places, sources, 5 Ws)."""
        from newslit.widgets.context import ContextChecks

        return ContextChecks(self.article)

    def compare_with_pack(self, prompt: str | None = None):
        """The article beside its context pack, and a written answer (``compare``) on what changes."""
        from newslit.widgets.context import PackComparison

        if "compare_with_pack" not in self._widgets:
            self._widgets["compare_with_pack"] = PackComparison(self, prompt)
        return self._widgets["compare_with_pack"]

    def rubric_answer(self, exercise: str, rows: int = 8):
        """A written answer with a rubric key: autosaves, checks for ideas, and is marked by a person."""
        from newslit.widgets.context import RubricAnswer

        if exercise not in self._widgets:
            self._widgets[exercise] = RubricAnswer(self, self.key(exercise), rows)
        return self._widgets[exercise]

    # -- lesson 2: unsupported claims -------------------------------------------------------

    def claim_sorter(self, exercise: str = "claims"):
        """Label each claim: named source, vague source, no source or opinion (the same widget each time)."""
        from newslit.widgets.claims import ClaimSorter

        if exercise not in self._widgets:
            self._widgets[exercise] = ClaimSorter(self, self.key(exercise))
        return self._widgets[exercise]

    def attribution_map(self):
        """Who the article hears from, by name or vaguely, and who it only talks about (a pandas table)."""
        from newslit.widgets.claims import AttributionMap

        return AttributionMap(self.article)

    def evidence_plan(self, exercise: str = "evidence_plan"):
        """Pick an unsupported claim and plan how to check it (rubric-checked if the article has a key for it)."""
        from newslit.keys.answer_key import key_path
        from newslit.widgets.claims import EvidencePlan

        if exercise not in self._widgets:
            rubric = self.key(exercise) if key_path(self.article.id, exercise).exists() else None
            self._widgets[exercise] = EvidencePlan(self, self.key("claims"), rubric, exercise)
        return self._widgets[exercise]

    def claim_finder_opinion(self):
        """The claim finder's reading of each claim beside your labels."""
        from newslit.widgets.claims import ClaimFinderOpinion

        return ClaimFinderOpinion(self.claim_sorter())

    def attribution_rewrite(self, sentence: str | None = None):
        """Rewrite a vaguely attributed claim into a checkable one; by default the key's first vague sentence."""
        from newslit.text.claims import find_claims
        from newslit.widgets.claims import AttributionRewrite

        if "rewrite_attribution" not in self._widgets:
            if sentence is None:
                key = self.key("claims")
                whole = [i.text for i in key.items if i.data.get("label") == "vague" and i.text[:1].isupper()
                         and i.text.rstrip().endswith((".", ".\u201d"))]
                vague = [c.text for c in find_claims(self.article.text) if c.support == "vague"]
                sentence = (whole or vague or [self.article.paragraphs[0]])[0]
            self._widgets["rewrite_attribution"] = AttributionRewrite(self, sentence)
        return self._widgets["rewrite_attribution"]
