"""Every kind of exercise, in one place: its answer's shape, its scorer, its widget, its hand-in line, its report.

A lesson's exercises (``datasets/lessons.json``) each have a kind. This
module is the one registry of kinds: adding a kind means adding an
:class:`ExerciseKind` here (and, if it is shown differently in reports, one
branch of ``render/templates/report/feedback.html``); nothing else needs to
know the shapes.

* ``field``: the answer's main field (``spans``, ``labels``, ``checked`` or
  ``text``); answers are dicts as the widgets save them, validated against
  ``schemas/answer.schema.json`` where they come in;
* ``score``: the scorer (``None`` for kinds a person reads: plain text);
* ``summary``: one line for the hand-in receipt;
* ``widget``: where the widget lives (``module:Class``), loaded only by the widgets layer.

How a kind is shown on a feedback page is worded in that template, where a
teacher can translate it.

This module knows nothing of widgets, notebooks or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from newslit.keys.answer_key import AnswerKey
from newslit.keys.scoring import ExerciseScore, ItemScore, score_checklist, score_highlight, score_labels, score_rubric


def _count(value) -> int:
    return len(value) if isinstance(value, (list, dict)) else 0


def _highlight_summary(answer: dict) -> str:
    help_used = []
    if isinstance(answer.get("hints_used"), int) and answer["hints_used"] > 0:
        help_used.append(f"{answer['hints_used']} hint(s)")
    if answer.get("revealed"):
        help_used.append("answers revealed")
    extra = f" (after {' and '.join(help_used)})" if help_used else ""
    spans = answer.get("spans")
    titled = sum(1 for s in spans if isinstance(s, dict) and s.get("part") == "title") if isinstance(spans, list) else 0
    where = f", {titled} in the headline" if titled else ""  # counted apart: the headline's offsets are its own
    return f"{_count(spans)} marked phrase(s){where}{extra}"


def _labels_summary(answer: dict) -> str:
    extra = " (answers revealed)" if answer.get("revealed") else ""
    return f"{_count(answer.get('labels'))} claim(s) labelled{extra}"


def _ticked(answer: dict) -> int:
    checked = answer.get("checked")
    if not isinstance(checked, dict):
        return 0
    return sum(1 for v in checked.values() if (v.get("checked") if isinstance(v, dict) else v))


def _text_words(answer: dict) -> int:
    text = answer.get("text")
    return len(text.split()) if isinstance(text, str) else 0


@dataclass(frozen=True)
class ExerciseKind:
    name: str
    field: str
    score: Callable[[AnswerKey, dict], ExerciseScore] | None
    summary: Callable[[dict], str]
    widget: str
    needs_review: bool = False  # a person reads every answer of this kind

    def answered(self, answer) -> bool:
        """Whether ``answer`` holds anything of this kind's answer (an empty text or list is not an answer)."""
        if not isinstance(answer, dict):
            return False
        value = answer.get(self.field)
        if isinstance(value, str):
            return bool(value.strip())
        return bool(value)  # marks, labels, or checklist statements the learner set (ticked or not)


KINDS: dict[str, ExerciseKind] = {kind.name: kind for kind in (
    ExerciseKind("highlight", "spans", score_highlight, _highlight_summary,
                 "newslit.widgets.exercises:HighlightExercise"),
    ExerciseKind("labels", "labels", score_labels, _labels_summary,
                 "newslit.widgets.claims:ClaimSorter"),
    ExerciseKind("checklist", "checked", score_checklist, lambda a: f"{_ticked(a)} statement(s) ticked",
                 "newslit.widgets.context:ContextChecklist"),
    ExerciseKind("rubric", "text", score_rubric, lambda a: f"{_text_words(a)} word(s) written",
                 "newslit.widgets.context:RubricAnswer", needs_review=True),
    ExerciseKind("text", "text", None, lambda a: f"{_text_words(a)} word(s) written",
                 "newslit.widgets.exercises:TextAnswer", needs_review=True),
    ExerciseKind("production", "text", None,
                 lambda a: f"loaded version {_count_words(a, 'loaded')} word(s), neutral again {_count_words(a, 'neutral')} word(s)",
                 "newslit.widgets.production:ProductionExercise", needs_review=True),
)}


def _count_words(answer: dict, field: str) -> int:
    value = answer.get(field)
    return len(value.split()) if isinstance(value, str) else 0


def kind_named(name: str) -> ExerciseKind:
    """The kind called ``name``; an unknown name is a :class:`KeyError` naming the known kinds."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown exercise kind {name!r}; known kinds: {', '.join(KINDS)}") from None


def kind_of_answer(answer) -> ExerciseKind | None:
    """The kind an answer's shape shows, for answers whose exercise the catalogue does not list."""
    if not isinstance(answer, dict):
        return None
    if "loaded" in answer or "neutral" in answer:
        return KINDS["production"]
    for kind in ("highlight", "labels", "checklist", "text"):
        if KINDS[kind].field in answer:
            return KINDS[kind]
    return None


def summary_line(exercise: str, answer, kind: str | None = None) -> str:
    """``"<exercise>: <what was done>"`` for the hand-in receipt."""
    found = KINDS.get(kind) if kind else None
    found = found or kind_of_answer(answer)
    if found is None or not isinstance(answer, dict):
        return f"{exercise}: answered"
    return f"{exercise}: {found.summary(answer)}"


def unanswered_score(key: AnswerKey, problem: str) -> ExerciseScore:
    """Zero points for every item, with ``problem`` saying why the answer could not be scored."""
    return ExerciseScore(key.exercise, key.kind, 0.0, key.max_points,
                         [ItemScore(i.id, "unanswered", 0.0, i.points) for i in key.items],
                         needs_review=kind_named(key.kind).needs_review, problems=[problem])


def score_answer(key: AnswerKey, answer) -> ExerciseScore:
    """Score one exercise's answer (as saved by the widgets) against its key.

    The same function for the widgets and the grader, so learners and graders
    see the same score. A malformed answer scores zero with the reason in
    ``problems``; it never raises.
    """
    if not isinstance(answer, dict):
        return unanswered_score(key, f"the answer to {key.exercise} is not readable")
    scorer = kind_named(key.kind).score
    if scorer is None:
        return unanswered_score(key, f"{key.exercise} is read by a person, not scored")
    try:
        return scorer(key, answer)
    except (TypeError, ValueError, AttributeError) as exc:
        return unanswered_score(key, f"the answer to {key.exercise} is malformed ({exc})")
