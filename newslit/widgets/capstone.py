"""Lesson 4, the capstone: all three skills on articles learners have not seen.

>>> capstone = Capstone()                                   # doctest: +SKIP
>>> rents = capstone.lesson("harbourside")                  # doctest: +SKIP
>>> rents.highlighter(); rents.claim_sorter(); rents.context_checklist()   # doctest: +SKIP
>>> capstone.production()                                   # doctest: +SKIP
>>> capstone.hand_in()                                      # doctest: +SKIP

Which articles and keys make up the capstone is data: each scored exercise of
``04_capstone`` in ``datasets/lessons.json`` names its ``article`` and its
``key`` (``"harbourside_claims": {"article": "practice-harbourside-rents",
"key": "claims", ...}``). The learner works through one
:class:`~newslit.widgets.lesson.Lesson` per article, whose answers save per article as
usual; :meth:`Capstone.hand_in` bundles them into **one** hand-in for lesson
``04_capstone`` whose answers are keyed by those exercise ids, and the grader
scores each against its own article's key (:meth:`newslit.grading.grade.Grader.key_source`).
The hand-in's ``key_versions`` are those of its own article's keys, by key name,
as in any hand-in; ``exercise_key_versions`` maps every capstone exercise id to
its key's version, and the grader checks those.
Written exercises (``production``, ``reflection``) save with the first article.

The control article's highlighting is not scored (its key is empty, so there is
nothing to earn and nothing to lose: 0 of 0 points); the widget praises
restraint, the hand-in carries the marks with a one-line ``text`` the grader
shows, and the control's checklist has a point for seeing it is not loaded.
"""

from __future__ import annotations

from newslit.errors import NewslitError
from newslit.learner.handin import handin_payload
from newslit.keys.answer_key import AnswerKey, load_key
from newslit.widgets.lesson import Lesson
from newslit.keys.catalogue import lessons_index
from newslit.render.templates import render

LESSON = "04_capstone"


def capstone_exercises(lesson: str = LESSON) -> dict:
    """``{exercise id: spec}`` of the capstone, from ``datasets/lessons.json``."""
    entry = lessons_index().get(lesson)
    if not isinstance(entry, dict):
        raise NewslitError(f"Lesson {lesson!r} is not in datasets/lessons.json.")
    return dict(entry.get("exercises", {}))


def capstone_articles(lesson: str = LESSON) -> dict:
    """``{short name: article id}`` in lesson order (``"harbourside": "practice-harbourside-rents"``)."""
    out: dict = {}
    for name, spec in capstone_exercises(lesson).items():
        if isinstance(spec, dict) and spec.get("article"):
            short = name[: -len(spec["key"]) - 1] if name.endswith("_" + spec["key"]) else spec["article"]
            out.setdefault(short, spec["article"])
    return out


def restraint_feedback(extras: list, defensible: list) -> str:
    """What a learner reads after checking the control article, where little or nothing is loaded.

    ``extras``: the marks not in the key (spans, or dicts with ``"text"``); ``defensible``: the defensible words marked.
    """
    texts = [e.text if hasattr(e, "text") else str(e.get("text", "")) for e in extras]
    return render("feedback/restraint.html", extras=texts, defensible=len(defensible))


def _control_exercise(lesson: Lesson, key: AnswerKey):
    """A highlighting exercise on the control article: the usual feedback plus praise for restraint."""
    from newslit.widgets import HighlightExercise

    class ControlHighlight(HighlightExercise):
        def check(self, stage: str = "hints") -> None:
            super().check(stage)
            result = self.score()
            self.feedback.value = restraint_feedback(result.extras, result.defensible) + self.feedback.value

    return ControlHighlight(lesson, key)


class Capstone:
    """The capstone: one :class:`Lesson` per article and one hand-in for them all."""

    def __init__(self, answers_folder=None, lesson: str = LESSON):
        self.id = lesson
        self.exercises = capstone_exercises(lesson)
        self.articles = capstone_articles(lesson)
        if not self.articles:
            raise NewslitError(f"Lesson {lesson} names no articles in datasets/lessons.json.")
        self.lessons = {short: Lesson(lesson, article=article, answers_folder=answers_folder)
                        for short, article in self.articles.items()}
        self.main = next(iter(self.lessons.values()))  # written answers save here
        self.article = self.main.article  # the hand-in's article
        self._keys: dict[str, AnswerKey] = {}
        self._widgets: dict = {}
        for short, lesson_ in self.lessons.items():
            key = lesson_.key("loaded_language")
            if not key.items:  # the control: nothing to find, restraint is the answer
                lesson_._widgets["loaded_language"] = _control_exercise(lesson_, key)

    def __repr__(self) -> str:
        return f"Capstone({', '.join(self.articles)})"

    def _repr_html_(self) -> str:
        articles = [{"short": short, "title": l.article.title, "answers": len(l.answers)}
                    for short, l in self.lessons.items()]
        return render("lesson/capstone.html", articles=articles, folder=str(self.main.store.path.parent))

    # -- the parts -------------------------------------------------------------------------------

    def lesson(self, short: str) -> Lesson:
        """The :class:`Lesson` for one article, by short name (``"harbourside"``) or article id."""
        if short in self.lessons:
            return self.lessons[short]
        for name, article in self.articles.items():
            if article == short:
                return self.lessons[name]
        raise NewslitError(f"No capstone article {short!r}; there are: {', '.join(self.articles)}.")

    @property
    def control(self) -> str:
        """Short name of the control article (its loaded-language key is empty)."""
        for short, lesson_ in self.lessons.items():
            if not lesson_.key("loaded_language").items:
                return short
        return ""

    def production(self):
        """The production exercise: make a neutral paragraph loaded, then neutral again."""
        from newslit.widgets.production import ProductionExercise

        if "production" not in self._widgets:
            self._widgets["production"] = ProductionExercise(self.main)
        return self._widgets["production"]

    def written(self, exercise: str, prompt: str, rows: int = 6):
        return self.main.written(exercise, prompt, rows)

    # -- the hand-in --------------------------------------------------------------------------------

    def key(self, exercise: str) -> AnswerKey:
        spec = self.exercises.get(exercise)
        if not (isinstance(spec, dict) and spec.get("article")):
            raise NewslitError(f"{exercise} has no answer key of its own.")
        if exercise not in self._keys:
            self._keys[exercise] = load_key(spec["article"], spec.get("key", exercise))
        return self._keys[exercise]

    @property
    def key_versions(self) -> dict:
        """Versions of the hand-in article's own keys, by key name (what ``key_versions`` means in any hand-in)."""
        return {key.exercise: key.version for key in self._keys.values() if key.article.id == self.article.id}

    @property
    def exercise_key_versions(self) -> dict:
        """``{capstone exercise id: key version}`` for every article (the grader reads it beside ``key_versions``)."""
        return {name: key.version for name, key in self._keys.items()}

    def payload(self) -> dict:
        """The hand-in: one payload for lesson 4, every article's answers under the capstone's exercise ids."""
        for name, spec in self.exercises.items():
            if isinstance(spec, dict) and spec.get("article"):
                self.key(name)
        payload = handin_payload(self.id, self.article.id, self.answers, self.key_versions)
        payload["exercise_key_versions"] = self.exercise_key_versions
        return payload

    @property
    def answers(self) -> dict:
        """Every article's answers under the capstone's exercise ids, plus the written answers."""
        out = {}
        for name, spec in self.exercises.items():
            spec = spec if isinstance(spec, dict) else {}
            if spec.get("article"):
                lesson_ = self.lesson(spec["article"])
                value = lesson_.answers.get(spec.get("key", name))
                if isinstance(value, dict) and not spec.get("scored") and "spans" in value:
                    # an unscored highlight (the control): the grader shows it as a written answer
                    marked = [str(sp.get("text", "")) for sp in value.get("spans", []) if isinstance(sp, dict)]
                    value = {**value, "text": ("Marked: " + ", ".join(f"\u201c{m}\u201d" for m in marked)) if marked
                             else "Marked nothing: little or nothing is loaded."}
            else:
                value = self.main.answers.get(name)
            if isinstance(value, dict):
                out[name] = value
        return out

    summary = Lesson.summary
    _lesson_file = Lesson._lesson_file
    # Handing in works as in any lesson (in JupyterLab or in the app); only the payload differs.
    hand_in = Lesson.hand_in
    hand_in_button = Lesson.hand_in_button
