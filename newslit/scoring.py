"""Score a learner's highlights against an answer key, with partial credit.

Rules (the grader uses the same function, so learners and graders see the same score):

* A key item is **found** when the learner marked at least one of its words,
  or a word right next to it (a near miss by one word still counts).
* Marks on **defensible** items cost nothing.
* Every other marked word is an **extra** and costs ``EXTRA_WORD_PENALTY``
  points, so marking every word cannot score well.
* The score never goes below zero.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .keys import AnswerKey, KeyItem
from .nlp import Span, words

EXTRA_WORD_PENALTY = 0.25


@dataclass(frozen=True)
class ItemResult:
    item: KeyItem
    status: str  # "found", "near" or "missed"
    marked: str = ""  # what the learner marked for it


@dataclass
class HighlightScore:
    points: float
    max_points: float
    penalty: float
    items: list[ItemResult]
    extras: list[Span] = field(default_factory=list)
    defensible: list[KeyItem] = field(default_factory=list)

    @property
    def found(self) -> list[ItemResult]:
        return [r for r in self.items if r.status != "missed"]

    @property
    def missed(self) -> list[ItemResult]:
        return [r for r in self.items if r.status == "missed"]

    def as_dict(self) -> dict:
        return {
            "points": self.points,
            "max_points": self.max_points,
            "penalty": self.penalty,
            "items": [{"id": r.item.id, "status": r.status, "points": r.item.points if r.status != "missed" else 0.0,
                       "max_points": r.item.points, "marked": r.marked} for r in self.items],
            "extras": [s.as_dict() for s in self.extras],
            "defensible": [d.id for d in self.defensible],
        }


def _word_range(tokens: list[Span], starts: list[int], start: int, end: int) -> range:
    """Indices of the tokens overlapping ``[start, end)``."""
    first = bisect_right(starts, start) - 1
    if first < 0 or tokens[first].end <= start:
        first += 1
    last = bisect_left(starts, end)
    return range(max(first, 0), last)


def normalise_spans(text: str, spans) -> list[tuple[int, int]]:
    """Clip, sort and merge (start, end) pairs; drop anything outside ``text``."""
    clean = []
    for span in spans or ():
        try:
            start, end = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError, KeyError):
            continue
        start, end = max(0, start), min(len(text), end)
        if end > start:
            clean.append((start, end))
    clean.sort()
    merged: list[tuple[int, int]] = []
    for start, end in clean:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def score_highlights(key: AnswerKey, spans, tokens: list[Span] | None = None) -> HighlightScore:
    """Score learner ``spans`` ((start, end) pairs into ``key.article.text``)."""
    text = key.article.text
    tokens = tokens if tokens is not None else words(text)
    starts = [t.start for t in tokens]
    marked: set[int] = set()
    for start, end in normalise_spans(text, spans):
        marked.update(_word_range(tokens, starts, start, end))

    item_words = {item.id: set(_word_range(tokens, starts, item.start, item.end)) for item in key.items}
    keyed = set().union(*item_words.values()) if item_words else set()
    used: set[int] = set()
    results = []
    for item in key.items:
        own = item_words[item.id]
        hit = sorted(own & marked)
        if hit:
            used.update(hit)
            results.append(ItemResult(item, "found", " ".join(tokens[i].text for i in hit)))
            continue
        neighbours = {min(own) - 1, max(own) + 1} if own else set()
        near = sorted(i for i in neighbours & marked if i not in keyed)
        if near:
            used.update(near)
            results.append(ItemResult(item, "near", tokens[near[0]].text))
        else:
            results.append(ItemResult(item, "missed"))

    defensible, forgiven = [], set()
    for item in key.defensible:
        own = set(_word_range(tokens, starts, item.start, item.end))
        if own & marked:
            defensible.append(item)
            forgiven |= own
    extra_words = sorted(marked - keyed - used - forgiven)
    extras = _runs(text, tokens, extra_words)
    earned = sum(r.item.points for r in results if r.status != "missed")
    penalty = EXTRA_WORD_PENALTY * len(extra_words)
    return HighlightScore(max(0.0, earned - penalty), key.max_points, penalty, results, extras, defensible)


def _runs(text: str, tokens: list[Span], indices: list[int]) -> list[Span]:
    """Group consecutive word indices into spans of text."""
    runs: list[Span] = []
    first = prev = None
    for i in indices + [None]:
        if i is not None and prev is not None and i == prev + 1:
            prev = i
            continue
        if first is not None:
            start, end = tokens[first].start, tokens[prev].end
            runs.append(Span(start, end, text[start:end]))
        first = prev = i
    return runs
