"""Score a learner's highlights against an answer key, with partial credit.

Rules (the grader uses the same function, so learners and graders see the same score):

* A key item is **found** when the learner marked at least one of its words.
* A **near miss** earns half its points: the learner marked a small word
  right next to it ("the", "to", "of": the lexicon's ``function_words``), in
  the same paragraph, not part of another item, and not used for a second one.
  A neighbouring content word is an extra, not a near miss, so marking the
  word before every item does not pay.
* Marks on **defensible** items cost nothing.
* **A phrase one word too long** costs nothing for that word: when a marked
  phrase (marked words joined only by spaces, hyphens or quotation marks, as
  the highlighter joins them: :data:`PHRASE_JOIN`) holds a found item and
  exactly one other word, right next to a found item ("fat bonuses" for the
  key's "fat"; "Tenants call it what it is" for "call it what it is"), that
  word is an **edge** word: reported, not charged. A phrase with two or more
  words outside the key is charged for every one of them, so marking whole
  sentences (or everything) still does not pay.
* Every other marked word is an **extra** and costs ``EXTRA_WORD_PENALTY``
  points, so marking every word cannot score well.
* The score never goes below zero.
* **The headline and the body are scored apart.** A span with ``"part": "title"``
  points into the article's title, and only the key's title items
  (``"part": "title"``) can match it; a span without ``"part"`` is in the body,
  as every span was before titles could be marked, so older answers score as
  they always did. The rules above apply within each part (a phrase never runs
  from the headline into the body).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from newslit.keys.answer_key import PARTS, AnswerKey, KeyItem, part_text
from newslit.text.lexicon import load_lexicon
from newslit.text.spans import Span, words

EXTRA_WORD_PENALTY = 0.25
NEAR_MISS_SHARE = 0.5
#: What may stand between two marked words for them to make one phrase: spaces, hyphens, dashes, quotation marks.
#: The highlighter joins a learner's marks into phrases by the same rule (a line break always ends a phrase).
PHRASE_JOIN = re.compile(r"(?:[^\S\n]|[\-\u2013\u2014'\"\u2018\u2019\u201c\u201d])*")


@dataclass(frozen=True)
class ItemResult:
    item: KeyItem
    status: str  # "found", "near" or "missed"
    marked: str = ""  # what the learner marked for it
    edge: Span | None = None  # found: the one word the learner's phrase runs past the item (not charged)
    phrase: str = ""  # found with an edge: the learner's whole marked phrase ("fat bonuses")

    @property
    def points(self) -> float:
        share = {"found": 1.0, "near": NEAR_MISS_SHARE}.get(self.status, 0.0)
        return self.item.points * share


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

    @property
    def edges(self) -> list[ItemResult]:
        """Found items whose marked phrase ran one word past them (that word was not charged)."""
        return [r for r in self.items if r.edge is not None]

    def as_dict(self) -> dict:
        return {
            "points": self.points,
            "max_points": self.max_points,
            "penalty": self.penalty,
            "items": [{"id": r.item.id, "status": r.status, "points": r.points,
                       "max_points": r.item.points, "marked": r.marked} for r in self.items],
            "extras": [s.as_dict() for s in self.extras],
            "edges": [{"id": r.item.id, **r.edge.as_dict()} for r in self.items if r.edge],
            "defensible": [d.id for d in self.defensible],
        }


def word_range(tokens: list[Span], starts: list[int], start: int, end: int) -> range:
    """Indices of the tokens overlapping ``[start, end)``."""
    first = bisect_right(starts, start) - 1
    if first < 0 or tokens[first].end <= start:
        first += 1
    last = bisect_left(starts, end)
    return range(max(first, 0), last)


def span_part(span) -> str | None:
    """The part of the article a learner's span is in: ``"body"`` unless it says ``"part": "title"``.

    Spans saved before titles could be marked name no part, so they are body spans, as they always were.
    ``None`` for a part the kit does not know: such a span is left out (validation moves its answer aside).
    """
    if isinstance(span, dict):
        part = span.get("part", "body")
        return part if isinstance(part, str) and part in PARTS else None
    return "body"


def normalise_spans(text: str, spans, part: str = "body") -> list[tuple[int, int]]:
    """Clip, sort and merge the (start, end) pairs of ``part``'s spans; drop anything outside ``text``.

    ``text`` is that part's text (the body text, or the title for ``part="title"``). Pairs and dicts
    without ``"part"`` are body spans; spans of another part are left out.
    """
    clean = []
    for span in spans or ():
        if span_part(span) != part:
            continue
        try:
            start, end = (int(span["start"]), int(span["end"])) if isinstance(span, dict) else (int(span[0]), int(span[1]))
        except (TypeError, ValueError, IndexError, KeyError, OverflowError):
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


@lru_cache(maxsize=64)
def _words_of(text: str) -> list[Span]:
    """Words of an article, split once per article (a grader scores hundreds of answers on each)."""
    return words(text)


@dataclass(frozen=True)
class PartSpan(Span):
    """A span in the article's title (``part="title"``): its offsets index the title, not the body text."""

    part: str = "body"

    def as_dict(self) -> dict:
        out = super().as_dict()
        if self.part != "body":
            out["part"] = self.part
        return out


def score_highlights(key: AnswerKey, spans, tokens: list[Span] | None = None,
                     title_tokens: list[Span] | None = None) -> HighlightScore:
    """Score learner ``spans`` against the key.

    A span is a (start, end) pair into ``key.article.text``, or a dict with ``start`` and ``end`` and,
    for a span in the headline, ``"part": "title"`` (offsets into ``key.article.title``). Each part is
    scored on its own by the same rules, against the key's items in that part: a title span never
    matches a body item at the same offsets. Extras in the title are :class:`PartSpan` with ``part="title"``.
    """
    spans = list(spans or ())
    article = key.article
    found: dict[str, ItemResult] = {}
    extras: list[Span] = []
    hits: set[str] = set()
    extra_count = 0
    for part in PARTS:  # the headline first, as it is read
        items = [item for item in key.items if item.part == part]
        forgiving = [item for item in key.defensible if item.part == part]
        text = part_text(article, part)
        pairs = normalise_spans(text, spans, part)
        if not pairs and not items:
            continue
        own_tokens = (title_tokens if part == "title" else tokens)
        results, part_extras, defended, n = _score_part(
            text, own_tokens if own_tokens is not None else _words_of(text), items, forgiving, pairs)
        found.update((r.item.id, r) for r in results)
        extras += part_extras if part == "body" else [PartSpan(s.start, s.end, s.text, part) for s in part_extras]
        hits.update(item.id for item in defended)
        extra_count += n
    results = [found[item.id] for item in key.items]
    earned = sum(r.points for r in results)
    penalty = EXTRA_WORD_PENALTY * extra_count
    defensible = [item for item in key.defensible if item.id in hits]
    return HighlightScore(max(0.0, earned - penalty), key.max_points, penalty, results, extras, defensible)


def _score_part(text: str, tokens: list[Span], items: list[KeyItem], forgiving: list[KeyItem],
                pairs: list[tuple[int, int]]) -> tuple[list[ItemResult], list[Span], list[KeyItem], int]:
    """Score one part of the article (its body, or its title): results for ``items``, extras, defensible hits, extra words."""
    starts = [t.start for t in tokens]
    small_words = load_lexicon().function_words
    marked: set[int] = set()
    for start, end in pairs:
        marked.update(word_range(tokens, starts, start, end))

    item_words = {item.id: set(word_range(tokens, starts, item.start, item.end)) for item in items}
    keyed = set().union(*item_words.values()) if item_words else set()
    used: set[int] = set()
    results = []
    for item in items:
        own = item_words[item.id]
        hit = sorted(own & marked)
        if hit:
            used.update(hit)
            results.append(ItemResult(item, "found", " ".join(tokens[i].text for i in hit)))
            continue
        neighbours = {min(own) - 1, max(own) + 1} if own else set()
        near = sorted(i for i in neighbours & marked
                      if i not in keyed and i not in used and tokens[i].text.lower() in small_words
                      and _same_paragraph(text, tokens, i, own))
        if near:
            used.update(near)
            results.append(ItemResult(item, "near", tokens[near[0]].text))
        else:
            results.append(ItemResult(item, "missed"))

    defensible, forgiven = [], set()
    for item in forgiving:
        own = set(word_range(tokens, starts, item.start, item.end))
        if own & marked:
            defensible.append(item)
            forgiven |= own
    found = {r.item.id for r in results if r.status == "found"}
    found_words = set().union(*(item_words[i] for i in found)) if found else set()
    edges = _edge_words(text, tokens, marked, keyed | used | forgiven, found_words)
    if edges:
        for n, r in enumerate(results):
            own = item_words[r.item.id]
            edge = next((i for i in sorted(edges) if r.item.id in found and {i - 1, i + 1} & own & marked), None)
            if edge is not None:
                first, last = edges.pop(edge)  # the learner's marked phrase
                results[n] = ItemResult(r.item, r.status, r.marked, tokens[edge],
                                        text[tokens[first].start:tokens[last].end])
                used.add(edge)
    extra_words = sorted(marked - keyed - used - forgiven)
    return results, _runs(text, tokens, extra_words), defensible, len(extra_words)


def joined(text: str, tokens: list[Span], i: int) -> bool:
    """Whether words ``i`` and ``i + 1`` make one phrase when both are marked (see :data:`PHRASE_JOIN`)."""
    return bool(PHRASE_JOIN.fullmatch(text, tokens[i].end, tokens[i + 1].start))


def _edge_words(text: str, tokens: list[Span], marked: set[int], settled: set[int],
                found_words: set[int]) -> dict[int, tuple[int, int]]:
    """The words that make a marked phrase one word longer than the key's (not charged), each with its phrase.

    A phrase is a run of marked words joined as :func:`joined` says. When a
    phrase holds a word of a found item and exactly one word that is not
    ``settled`` (in the key, a near miss or defensible), and that word touches
    a found item's word in the phrase, it is an edge word. Returns ``{edge word: (first, last word of its phrase)}``.
    """
    edges: dict[int, tuple[int, int]] = {}
    for run in _phrases(text, tokens, sorted(marked)):
        loose = [i for i in run if i not in settled]
        if len(loose) == 1 and {loose[0] - 1, loose[0] + 1} & found_words & set(run):
            edges[loose[0]] = (run[0], run[-1])
    return edges


def _phrases(text: str, tokens: list[Span], indices: list[int]) -> list[list[int]]:
    """Marked word indices grouped into phrases: consecutive words joined by spaces, hyphens or quotes."""
    phrases: list[list[int]] = []
    for i in indices:
        if phrases and i == phrases[-1][-1] + 1 and joined(text, tokens, i - 1):
            phrases[-1].append(i)
        else:
            phrases.append([i])
    return phrases


def _same_paragraph(text: str, tokens: list[Span], i: int, own: set[int]) -> bool:
    """A near miss must sit in the same paragraph as the item it counts for."""
    first, last = tokens[min(own)], tokens[max(own)]
    lo, hi = (tokens[i].end, first.start) if i < min(own) else (last.end, tokens[i].start)
    return "\n" not in text[lo:hi]


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


# -- every exercise kind, one result shape (the grader and the widgets use this) ------------------


@dataclass
class ItemScore:
    id: str
    status: str  # found/near/missed, correct/accepted/wrong/unanswered, present/absent
    points: float
    max_points: float
    note: str = ""


@dataclass
class ExerciseScore:
    exercise: str
    kind: str
    points: float
    max_points: float
    items: list[ItemScore]
    extras: list[dict] = field(default_factory=list)  # highlight marks not in the key
    unknown: list[str] = field(default_factory=list)  # answers to items the key does not have
    needs_review: bool = False  # written answers: a person should read them
    problems: list[str] = field(default_factory=list)  # the answer could not be read as given
    remarks: list[str] = field(default_factory=list)  # written answers: what the first-pass reader says of the whole

    def as_dict(self) -> dict:
        return {
            "exercise": self.exercise, "kind": self.kind, "points": self.points, "max_points": self.max_points,
            "items": [vars(i) for i in self.items], "extras": self.extras, "unknown": self.unknown,
            "needs_review": self.needs_review, "problems": self.problems, "remarks": self.remarks,
        }


def score_highlight(key: AnswerKey, answer: dict) -> ExerciseScore:
    spans = answer.get("spans", [])
    result = score_highlights(key, [s for s in spans if isinstance(s, (dict, list, tuple))])  # dicts keep their "part"
    items = [ItemScore(r.item.id, r.status, r.points, r.item.points, r.phrase or r.marked)  # the phrase, edge word too
             for r in result.items]
    extras = [s.as_dict() for s in result.extras]
    return ExerciseScore(key.exercise, key.kind, result.points, result.max_points, items, extras)


def score_labels(key: AnswerKey, answer: dict) -> ExerciseScore:
    given = answer.get("labels", {})
    items = []
    for item in key.items:
        label = given.get(item.id)
        right = item.data.get("label")
        if label is None:
            items.append(ItemScore(item.id, "unanswered", 0.0, item.points))
        elif label == right:
            items.append(ItemScore(item.id, "correct", item.points, item.points, label))
        elif label in item.data.get("accept", []):
            items.append(ItemScore(item.id, "accepted", item.points, item.points, label))
        else:
            items.append(ItemScore(item.id, "wrong", 0.0, item.points, label))
    known = {i.id for i in key.items}
    return ExerciseScore(key.exercise, key.kind, sum(i.points for i in items), key.max_points, items,
                         unknown=sorted(str(k) for k in given if k not in known))


def score_checklist(key: AnswerKey, answer: dict) -> ExerciseScore:
    given = answer.get("checked", {})
    items = []
    for item in key.items:
        value = given.get(item.id, False)
        checked = bool(value.get("checked")) if isinstance(value, dict) else bool(value)
        expected = bool(item.data.get("expected"))
        if checked == expected:
            items.append(ItemScore(item.id, "correct", item.points, item.points, "checked" if checked else "not checked"))
        else:
            items.append(ItemScore(item.id, "missed" if expected else "wrong", 0.0, item.points,
                                   "checked" if checked else "not checked"))
    known = {i.id for i in key.items}
    return ExerciseScore(key.exercise, key.kind, sum(i.points for i in items), key.max_points, items,
                         unknown=sorted(str(k) for k in given if k not in known))


def idea_present(text: str, keywords) -> str:
    """The first keyword found in ``text`` (case-insensitive, whole words; ``word*`` matches endings), or ''."""
    lowered = text.lower()
    for keyword in keywords:
        kw = keyword.lower().strip()
        pattern = re.escape(kw[:-1]) + r"\w*" if kw.endswith("*") else re.escape(kw)
        if re.search(rf"(?<!\w){pattern}(?!\w)", lowered):
            return keyword.rstrip("*")
    return ""


def score_rubric(key: AnswerKey, answer: dict) -> ExerciseScore:
    from newslit.keys.rubric import read_answer

    text = answer.get("text", "")
    reading = read_answer(key.items, text if isinstance(text, str) else "", key.prompt, key.exemplar)
    items = [ItemScore(r.id, "present" if r.points else "absent", r.points, r.max_points,
                       f"\u201c{r.sentence}\u201d" if r.sentence else r.note) for r in reading.ideas]
    return ExerciseScore(key.exercise, key.kind, reading.points, key.max_points, items, needs_review=True,
                         remarks=reading.remarks)
