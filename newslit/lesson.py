"""What a lesson notebook talks to: one object per open lesson.

>>> lesson = Lesson("01_loaded_language")          # doctest: +SKIP
>>> lesson.show_article()                           # doctest: +SKIP
>>> lesson.highlighter()                            # doctest: +SKIP

It loads the article and its keys, restores the learner's saved answers,
saves every change, and hands the answers in.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from .articles import SAMPLE_ARTICLE, Article, load_article
from .feedback import error_box
from .handin import handin_bundle, handin_payload
from .keys import AnswerKey, load_key
from .notebook import install_error_display
from .store import AnswerStore, SaveResult


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
        saved = f"{len(self.answers)} saved answer(s) restored" if self.answers else "no saved answers yet"
        notice = error_box(self.store.notice) if self.store.notice else ""
        return (f"{notice}<p>Lesson <strong>{escape(self.id)}</strong> on \u201c{escape(self.article.title)}\u201d: "
                f"{saved}. Answers save automatically to <code>{escape(str(self.store.path))}</code>.</p>")

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

    # -- what the notebook shows ------------------------------------------------

    def show_article(self) -> w.HTML:
        """The article, readable, paragraphs numbered, with its attribution."""
        a = self.article
        paras = "".join(
            f'<p><span class="nl-para-no" aria-label="paragraph {n}">{n}</span> {escape(p)}</p>'
            for n, p in enumerate(a.paragraphs, 1)
        )
        return w.HTML(
            f'<article class="nl-article"><h3>{escape(a.title)}</h3><p><em>{escape(a.byline)}</em></p>{paras}'
            f'<footer><small>{escape(a.attribution)}</small></footer></article>'
        )

    def highlighter(self, exercise: str = "loaded_language"):
        """The highlighting exercise for ``exercise`` (the same widget each time it is asked for)."""
        from .widgets import HighlightExercise

        if exercise not in self._widgets:
            self._widgets[exercise] = HighlightExercise(self, self.key(exercise))
        return self._widgets[exercise]

    def machine_opinion(self, exercise: str = "loaded_language"):
        """The finder's marks and TextBlob's sentence scores beside the learner's marks."""
        from .widgets import MachineOpinion

        return MachineOpinion(self.highlighter(exercise))

    def rewrite(self, sentence: str | None = None):
        """A rewriting exercise; by default on the sentence holding the most key items."""
        from .nlp import sentences
        from .widgets import RewriteExercise

        if "rewrite" not in self._widgets:
            if sentence is None:
                key = self.key("loaded_language")
                spans = sentences(self.article.text)
                sentence = max(spans, key=lambda s: sum(s.start <= i.start < s.end for i in key.items)).text
            self._widgets["rewrite"] = RewriteExercise(self, sentence)
        return self._widgets["rewrite"]

    def written(self, exercise: str, prompt: str, rows: int = 6):
        """A written answer that autosaves (the same widget each time it is asked for)."""
        from .widgets import TextAnswer

        if exercise not in self._widgets:
            self._widgets[exercise] = TextAnswer(self, exercise, prompt, rows)
        return self._widgets[exercise]

    def summary(self) -> list[str]:
        """One line per answered exercise, for the hand-in receipt."""
        lines = []
        for name, value in sorted(self.answers.items()):
            if "spans" in value:
                lines.append(f"{name}: {len(value['spans'])} marked phrase(s)")
            elif "text" in value:
                lines.append(f"{name}: {len(value['text'].split())} word(s) written")
            else:
                lines.append(f"{name}: answered")
        return lines or ["no answers yet"]

    def hand_in(self) -> None:
        """Put the answers into this notebook's output, ready to save and submit."""
        from IPython.display import display

        for exercise in self.answers:
            try:
                self.key(exercise)
            except Exception:
                pass  # written answers have no key of this kind
        payload = handin_payload(self.id, self.article.id, self.answers, self.key_versions)
        display(handin_bundle(payload, self.summary()), raw=True)
