"""Find the claims in any news text and say how well each one is supported.

A **claim** is a sentence, or a clause of a sentence, that asserts something a
reader could check: an event, a number, a cause, a forecast, a
generalisation, a characterisation of other media. Questions, commands and
verbless fragments are not claims. When the parts of a sentence have
different support ("X is expected to happen, and Y is happening"), each part
is a claim of its own.

Each claim gets a **support**:

* ``sourced``: attributed to a named, identifiable person, organisation or
  document ("According to the Washington Post", "Councillor Ama Osei said",
  "the health department's report found", "court filings show", "a study
  published in the Lancet found", "..., Ruiz told Reuters", "the court heard");
* ``vague``: attributed, but to no one a reader could check ("many sources",
  "observers", "critics say", "reportedly", "it is widely believed", "is
  expected to", "sources close to", "people familiar with the matter", "two
  people briefed on the talks", "one of the people said", "a study found",
  "the Courier understands", an unnamed nurse; an anonymous official stays
  vague whatever reason the text gives for the anonymity);
* ``unsourced``: asserted with no attribution at all, including sweeping
  generalisations ("everyone knows", "the media exclusively"). A non-answer
  ("declined to comment", "did not respond to a request for comment") is the
  writer's own report: it sources nothing, not even the claim before it.

It also records the attribution phrase (``cue``), who the claim is attributed
to (``source``: the named source, or the unnamed group for a vague one), hedges
("could", "likely") and certainty words ("never", "all"), whether it reads as
the writer's **opinion** rather than a factual assertion (where a few clear
signals allow: "should", "if ... will", first-person views, strongly
subjective wording), and a reason a learner can read.

It is rule-based and reads English only (sentences that are mostly not English
are skipped). It is a second opinion, not an answer key: ``python -m newslit
evaluate`` measures how often it agrees with the keys on texts it was tuned on
and on texts held out from tuning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from newslit.text.attribution import HEARD, analyse, classify_source
from newslit.text.lexicon import load_wordlists
from newslit.text.loaded import find_loaded

__all__ = ["SUPPORTS", "HEARD", "Claim", "Voice", "classify_source", "expected_support", "find_claims", "match_claims",
           "overlap", "voices"]

SUPPORTS = ("sourced", "vague", "unsourced")

# -- language data --------------------------------------------------------------------------

_OPEN_QUOTES = "“\""
_K = load_wordlists("claims")  # datasets/lexicons/claims.json
_HEDGES = _K.pattern("hedges")
_CERTAINTY = _K.pattern("certainty")
_SWEEPING = [pattern for pattern, _ in _K.pattern_list("sweeping")]
_OPINION = [(pattern, fields["why"]) for pattern, fields in _K.pattern_list("opinion")]


@dataclass(frozen=True)
class Claim:
    """One claim: ``text == source_text[start:end]``."""

    start: int
    end: int
    text: str
    support: str  # sourced / vague / unsourced
    source: str | None  # who it is attributed to, as the text names them
    cue: str | None  # the attribution phrase, or the sweeping phrase of an unsourced claim
    kind: str = "fact"  # "fact" or "opinion" (the writer's judgement, forecast or recommendation)
    hedges: tuple[str, ...] = ()
    certainty: tuple[str, ...] = ()
    reason: str = ""

    def as_dict(self) -> dict:
        """The six fields ``python -m newslit analyze`` prints for each claim."""
        return {"start": self.start, "end": self.end, "text": self.text, "support": self.support,
                "source": self.source, "cue": self.cue}

    def details(self) -> dict:
        """Everything the finder knows about the claim."""
        return {**self.as_dict(), "kind": self.kind, "hedges": list(self.hedges), "certainty": list(self.certainty),
                "reason": self.reason}



def _sweeping_cue(clause: str) -> str | None:
    for pattern in _SWEEPING:
        m = pattern.search(clause)
        if m:
            return m.group(0).strip()
    return None



@lru_cache(maxsize=1)
def _sentiment():
    """TextBlob's pattern sentiment (what ``PatternAnalyzer`` uses): ``(polarity, subjectivity)`` of a text."""
    from textblob.en import sentiment

    return sentiment


@lru_cache(maxsize=1)
def _loaded_lexicon():
    from newslit.text.lexicon import load_lexicon

    return load_lexicon()


def _opinion(clause: str) -> str:
    """Why ``clause`` reads as the writer's opinion, or ''."""
    if clause[:1] in _OPEN_QUOTES:  # a quotation: the speaker's view, not the writer's
        return ""
    for pattern, why in _OPINION:
        if pattern.search(clause):
            return why
    if not re.search(r"\d", clause):
        emotional = [span.text for span in find_loaded(clause, _loaded_lexicon()) if span.category == "intensifier"]
        if emotional:
            return f"uses emotional wording (\u201c{emotional[0]}\u201d)"
        polarity, subjectivity = _sentiment()(clause)[:2]
        if subjectivity >= 0.6 and abs(polarity) >= 0.25:
            return "uses strongly subjective wording (TextBlob subjectivity {:.1f})".format(subjectivity)
    return ""


# -- the finder -------------------------------------------------------------------------------------------


def _reason(support: str, source: str | None, cue: str | None) -> str:
    if support == "sourced":
        return f"Attributed to \u201c{source}\u201d: a named source a reader could look up or contact."
    if support == "vague":
        if source and cue and source in cue and source != cue:
            return f"Attributed (\u201c{cue}\u201d), but \u201c{source}\u201d names no one a reader could check."
        if source:
            return f"\u201c{source}\u201d names no one a reader could check."
        return f"\u201c{cue}\u201d attributes the claim without saying who said it."
    if cue:
        return f"No attribution: the text asserts this on its own authority, sweepingly (\u201c{cue}\u201d)."
    return "No attribution: the text asserts this on its own authority."


def _words_found(pattern: re.Pattern, text: str) -> tuple[str, ...]:
    seen: list[str] = []
    for m in pattern.finditer(text):
        w = m.group(0).lower()
        if w not in seen:
            seen.append(w)
    return tuple(seen)


def _make_claim(text: str, start: int, end: int, support: str, source: str | None, cue: str | None) -> Claim:
    body = text[start:end]
    kind_reason = _opinion(body) if support == "unsourced" else ""  # opinion: the writer's own voice
    if support == "unsourced" and cue is None:
        cue = _sweeping_cue(body)
    reason = _reason(support, source, cue)
    if kind_reason:
        reason += f" It reads as the writer's opinion: it {kind_reason}."
    return Claim(start, end, body, support, source, cue, "opinion" if kind_reason else "fact",
                 _words_found(_HEDGES, body), _words_found(_CERTAINTY, body), reason)



def find_claims(text: str) -> list[Claim]:
    """The claims in ``text``, in order, never overlapping.

    The sentences, clauses and their attributions come from :func:`newslit.text.attribution.analyse`,
    the engine lesson 3's voice check reads too.

    >>> [(c.support, c.source) for c in find_claims("According to the Washington Post, the deal is off.")]
    [('sourced', 'the Washington Post')]
    >>> [c.support for c in find_claims("Thousands are reportedly fleeing. The media never reports it.")]
    ['vague', 'unsourced']
    """
    if not isinstance(text, str) or not text.strip():
        return []
    return [_make_claim(text, s.start, s.end, s.support, s.source, s.cue) for s in analyse(text).segments]


# -- matching claims with a key (evaluation, lessons) -------------------------------------------------


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_claims(items, claims: list[Claim]) -> dict[str, Claim]:
    """Pair key items (anything with ``id``, ``start``, ``end``) with found claims, one to one.

    A claim matches an item when their overlap covers at least half of each.
    Pairs are made greedily, largest overlap first.
    """
    pairs = []
    for item in items:
        for j, claim in enumerate(claims):
            o = overlap(item.start, item.end, claim.start, claim.end)
            if o and o >= 0.5 * (item.end - item.start) and o >= 0.5 * (claim.end - claim.start):
                pairs.append((o, item.id, j))
    pairs.sort(key=lambda p: -p[0])
    used_items, used_claims, out = set(), set(), {}
    for _, item_id, j in pairs:
        if item_id in used_items or j in used_claims:
            continue
        used_items.add(item_id)
        used_claims.add(j)
        out[item_id] = claims[j]
    return out


def expected_support(label: str) -> str:
    """The finder's support value for a key label: ``opinion`` counts as ``unsourced``."""
    return "unsourced" if label == "opinion" else label


# -- who is heard, and who is only talked about (the attribution map) ---------------------------------------


@dataclass
class Voice:
    """One person, organisation or group in a text: heard from (as a source) or only talked about."""

    who: str
    heard: str  # "named source", "vague source" or "talked about only"
    claims: list[Claim] = field(default_factory=list)
    mentions: int = 0
    paragraphs: list[int] = field(default_factory=list)


def voices(text: str, claims: list[Claim] | None = None) -> list[Voice]:
    """Who the claims in ``text`` are attributed to, and who is mentioned but never heard from.

    Read by the attribution engine (:func:`newslit.text.attribution.analyse`), the same reading
    lesson 3's voice check uses: the same actors, heard or not, with the same mention counts.
    Named sources first, then vague ones, then the people only talked about. ``claims``
    (``find_claims(text)``) saves finding them again.
    """
    if not isinstance(text, str):
        return []
    claims = find_claims(text) if claims is None else claims
    by_span = {(c.start, c.end): c for c in claims}
    out = []
    for actor in analyse(text).voices():
        credited = [by_span[a.start, a.end] for a in actor.attributions if (a.start, a.end) in by_span]
        out.append(Voice(actor.name, actor.heard, credited, actor.count, list(actor.paragraphs)))
    return out
