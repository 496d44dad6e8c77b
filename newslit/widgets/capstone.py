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

The control article (its loaded-language key is empty) has one rule, the same in
the lesson text, the widget, the hand-in and the grader: **marking it is not
scored** (``"scored": false`` in ``datasets/lessons.json``). There are no points
to win or lose whatever the learner marks; the widget shows no score, only
feedback on restraint that lists each mark (defensible or not) for the learner
to reconsider; the hand-in carries the marks with a one-line ``text`` that the
grader shows the teacher, for discussion; and restraint earns its point in the
control's missing-context checklist (the statement "the article is full of
loaded language" left unticked).

The hand-in receipt names every part in words ("Harbourside rents:
missing-context checklist") and lists the articles not attempted; the answer
ids inside the hand-in stay the exercise ids the grader reads.
"""

from __future__ import annotations

from newslit.errors import NewslitError
from newslit.learner.handin import handin_payload
from newslit.keys.answer_key import AnswerKey, load_key
from newslit.keys.kinds import KINDS
from newslit.widgets.lesson import Lesson
from newslit.keys.catalogue import lessons_index
from newslit.render.feedback import bare
from newslit.render.templates import render

LESSON = "04_capstone"

#: What each part of an article is called on the receipt, by key name.
PART_NAMES = {"loaded_language": "loaded language", "claims": "claims and their support",
              "context_checklist": "missing-context checklist"}
#: What the written parts are called on the receipt, by exercise id.
WRITTEN_NAMES = {"production": "Production: load it, then unload it", "reflection": "Reflection"}


def article_name(article_id: str) -> str:
    """A short readable name for an article: ``"practice-harbourside-rents"`` becomes ``"Harbourside rents"``."""
    words = article_id.removeprefix("practice-").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else article_id


def exercise_name(exercise: str, spec: dict | None = None) -> str:
    """A capstone exercise in words: ``"Harbourside rents: missing-context checklist"``, ``"Reflection"``."""
    spec = spec if isinstance(spec, dict) else {}
    if spec.get("article"):
        key = spec.get("key", exercise)
        return f"{article_name(spec['article'])}: {PART_NAMES.get(key, key.replace('_', ' '))}"
    return WRITTEN_NAMES.get(exercise, exercise.replace("_", " ").capitalize())


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


def _text(thing) -> str:
    return bare(thing.text if hasattr(thing, "text") else str(thing.get("text", "")))


def restraint_feedback(extras: list, defensible: list) -> str:
    """What a learner reads after checking the control article, where little or nothing is loaded.

    Not scored: no points and no penalty are shown, only each mark to reconsider.
    ``extras``: the marks not in the key (spans, or dicts with ``"text"``); ``defensible``: the defensible
    items marked (key items, or dicts with ``"text"`` and ``"why"``).
    """
    return render("feedback/restraint.html", extras=[_text(e) for e in extras],
                  defensible=[{"text": _text(d), "why": d.why if hasattr(d, "why") else str(d.get("why", ""))}
                              for d in defensible])


def _control_exercise(lesson: Lesson, key: AnswerKey):
    """A highlighting exercise on the control article: not scored, so its feedback is about restraint only."""
    from newslit.widgets import HighlightExercise

    class ControlHighlight(HighlightExercise):
        def check(self, stage: str = "hints") -> None:
            super().check(stage)  # marks each word on the page (defensible, not in the key)
            result = self.score()
            self.feedback.value = restraint_feedback(result.extras, result.defensible)  # no score: none is kept

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
        articles = [{"short": short, "name": article_name(l.article.id), "title": l.article.title,
                     "answers": len(l.answers)} for short, l in self.lessons.items()]
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

    @staticmethod
    def _is_control(spec: dict) -> bool:
        """An unscored highlighting exercise on an article: the control, where marking nothing is an answer."""
        return bool(spec.get("article")) and not spec.get("scored") and spec.get("kind") == "highlight"

    @property
    def answers(self) -> dict:
        """Every article's answers under the capstone's exercise ids, plus the written answers.

        The control's marks carry a one-line ``text`` the grader shows the teacher; once any part of the
        control article is answered, leaving it unmarked is handed in as an answer too (an empty list of marks).
        """
        out = {}
        for name, spec in self.exercises.items():
            spec = spec if isinstance(spec, dict) else {}
            if spec.get("article"):
                lesson_ = self.lesson(spec["article"])
                value = lesson_.answers.get(spec.get("key", name))
                if self._is_control(spec) and value is None and lesson_.answers:
                    value = {"spans": [], "hints_used": 0, "revealed": False}
                if isinstance(value, dict) and self._is_control(spec) and "spans" in value:
                    # the control: not scored; the grader shows the teacher this line, for discussion
                    marked = [str(sp.get("text", "")) for sp in value.get("spans", []) if isinstance(sp, dict)]
                    value = {**value, "text": ("Not scored (the control article). Marked: "
                                               + ", ".join(f"\u201c{m}\u201d" for m in marked)) if marked
                             else "Not scored (the control article). Marked nothing: little or nothing is loaded."}
            else:
                value = self.main.answers.get(name)
            if isinstance(value, dict):
                out[name] = value
        return out

    def summary(self) -> list[str]:
        """The receipt: one line per answered part, in words, then the articles and the parts not attempted."""
        answers = self.answers
        specs = {name: spec if isinstance(spec, dict) else {} for name, spec in self.exercises.items()}

        def done(name: str) -> bool:
            kind = KINDS.get(str(specs[name].get("kind", "")))
            return kind.answered(answers.get(name)) if kind else isinstance(answers.get(name), dict)

        attempted = {spec["article"] for name, spec in specs.items() if spec.get("article") and done(name)}
        lines, missing = [], []
        for name, spec in specs.items():
            if spec.get("article") and spec["article"] not in attempted:
                continue  # listed once below, as an article not attempted
            if self._is_control(spec):
                marks = KINDS["highlight"].summary(answers[name]) if done(name) else "nothing marked"
                lines.append(f"{exercise_name(name, spec)} \u2014 {marks} (not scored: for discussion with your teacher)")
            elif done(name):
                kind = KINDS.get(str(spec.get("kind", "")))
                lines.append(f"{exercise_name(name, spec)} \u2014 {kind.summary(answers[name]) if kind else 'answered'}")
            else:
                missing.append(exercise_name(name, spec))
        untouched = list(dict.fromkeys(spec["article"] for spec in specs.values()
                                       if spec.get("article") and spec["article"] not in attempted))
        if untouched:
            lines.append("Articles not attempted: " + ", ".join(article_name(a) for a in untouched) + ".")
        if missing:
            lines.append("Not answered yet: " + "; ".join(missing) + ".")
        return lines

    _lesson_file = Lesson._lesson_file
    # Handing in works as in any lesson (in JupyterLab or in the app); only the payload differs.
    hand_in = Lesson.hand_in
    hand_in_button = Lesson.hand_in_button
