"""Find loaded language in any news text.

Three sources of evidence, each giving a span, a category and a reason a
learner can read:

* the kit's lexicon (``datasets/lexicons/loaded_language.json``), matched word
  by word, skipping phrases the lexicon lists as not loaded ("heart attack");
* scare quotes: one to three words in quotation marks that nobody is quoted as
  saying;
* TextBlob's subjectivity lexicon: words it rates as strongly emotional.

The finder is a second opinion, not an answer key: it misses context and
flags some neutral uses. ``python -m newslit evaluate`` measures how often.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newslit.text.lexicon import Lexicon, index_key, load_lexicon, load_wordlists
from newslit.text.spans import Span, words

# 1-3 words inside straight or curly double quotes.
_SCARE_QUOTE = re.compile(r"[\"“]([^\"“”\n]{1,40})[\"”]")
_ATTRIBUTION = load_wordlists("attribution")  # datasets/lexicons/attribution.json
_SAYING = _ATTRIBUTION.pattern("quotation_before")  # a verb of saying: what follows is a quotation
_NAMING = _ATTRIBUTION.pattern("naming_before")  # "called", "the term": what follows is a name


@dataclass(frozen=True)
class LoadedSpan:
    """A stretch of text the finder thinks is loaded."""

    start: int
    end: int
    text: str
    category: str
    reason: str
    source: str  # "lexicon", "quotes" or "textblob"

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "category": self.category, "reason": self.reason}


def _lowered(tokens: list[Span]) -> list[str]:
    return [t.text.lower().replace("’", "'") for t in tokens]


def _quiet_tokens(lowered: list[str], lexicon: Lexicon) -> set[int]:
    """Indices of words inside phrases the lexicon lists as not loaded ("heart attack")."""
    quiet: set[int] = set()
    for i, word in enumerate(lowered):
        for phrase in lexicon.index.get(("quiet", index_key(word)), ()):
            if _phrase_at(phrase, lowered, i):
                quiet.update(range(i, i + len(phrase)))
    return quiet


def _lexicon_spans(text: str, tokens: list[Span], lexicon: Lexicon, quiet: set[int]) -> list[LoadedSpan]:
    lowered = _lowered(tokens)
    found, i = [], 0
    while i < len(tokens):
        key = index_key(lowered[i])
        if i in quiet:
            i += 1
            continue
        term = next((t for t in lexicon.index.get(key, ()) if t.matches(lowered, i)), None)
        if term is None:
            found += _hyphen_part_spans(tokens[i], lowered[i], lexicon)
            i += 1
            continue
        last = tokens[i + len(term.words) - 1]
        if _crosses_sentence(text, tokens[i].start, last.end):
            i += 1
            continue
        span_text = text[tokens[i].start:last.end]
        category = lexicon.categories[term.category]
        found.append(LoadedSpan(tokens[i].start, last.end, span_text, term.category, category.reason_for(span_text), "lexicon"))
        i += len(term.words)
    return found


def _hyphen_part_spans(token: Span, lowered: str, lexicon: Lexicon) -> list[LoadedSpan]:
    """A loaded word inside a hyphenated compound ("eco-zealot") flags the whole compound."""
    if "-" not in lowered:
        return []
    for part in lowered.split("-")[1:]:
        term = next((t for t in lexicon.index.get(index_key(part), ()) if len(t.words) == 1 and t.matches([part], 0)), None)
        if term:
            category = lexicon.categories[term.category]
            return [LoadedSpan(token.start, token.end, token.text, term.category, category.reason_for(token.text), "lexicon")]
    return []


def _phrase_at(phrase: tuple[str, ...], lowered: list[str], i: int) -> bool:
    return tuple(lowered[i:i + len(phrase)]) == phrase


def _crosses_sentence(text: str, start: int, end: int) -> bool:
    return bool(re.search(r"[.!?;:]\s|\n", text[start:end]))


def _scare_quote_spans(text: str, lexicon: Lexicon) -> list[LoadedSpan]:
    found = []
    for m in _SCARE_QUOTE.finditer(text):
        inner = m.group(1).strip()
        n_words = len(inner.split())
        if not inner or n_words > 3 or re.search(r"[.!?,]$", inner):
            continue
        before = text[max(0, m.start() - 80):m.start()]
        line_start = max(before.rfind("\n"), before.rfind(". "))
        before = before[line_start + 1:]
        if before.rstrip().endswith((":", ",")) or _SAYING.search(before):
            continue  # a real quotation, or a title cited after a verb of saying
        if _NAMING.search(before):
            continue
        span_text = m.group(0)
        category = lexicon.categories["scare_quotes"]
        found.append(LoadedSpan(m.start(), m.end(), span_text, "scare_quotes", category.reason_for(inner), "quotes"))
    return found


@lru_cache(maxsize=1)
def _textblob_lexicon() -> dict:
    from textblob.en import sentiment

    sentiment.load()
    return sentiment


def _textblob_spans(text: str, tokens: list[Span], lexicon: Lexicon, quiet: set[int]) -> list[LoadedSpan]:
    scores = _textblob_lexicon()
    found = []
    for n, tok in enumerate(tokens):
        word = tok.text.lower()
        if n in quiet or word in lexicon.textblob_quiet or not word.isalpha():
            continue
        entry = scores.get(word)
        if not entry:
            continue
        polarity, subjectivity = entry[None][0], entry[None][1]
        if abs(polarity) >= lexicon.textblob_min_polarity and subjectivity >= lexicon.textblob_min_subjectivity:
            tone = "positive" if polarity > 0 else "negative"
            reason = f"TextBlob rates \u201c{tok.text}\u201d as strongly {tone} and subjective ({polarity:+.1f}, {subjectivity:.1f}): it expresses feeling, not fact."
            found.append(LoadedSpan(tok.start, tok.end, tok.text, "intensifier", reason, "textblob"))
    return found


def find_loaded(text: str, lexicon: Lexicon | None = None) -> list[LoadedSpan]:
    """Loaded-language spans in ``text``, sorted, never overlapping.

    >>> [s.text for s in find_loaded("The senator slammed the devastating cuts.")]
    ['slammed', 'devastating']
    """
    lexicon = lexicon or load_lexicon()
    tokens = words(text)
    quiet = _quiet_tokens(_lowered(tokens), lexicon)
    candidates = (_scare_quote_spans(text, lexicon) + _lexicon_spans(text, tokens, lexicon, quiet)
                  + _textblob_spans(text, tokens, lexicon, quiet))
    chosen: list[LoadedSpan] = []
    taken_until = -1
    # earlier first; at the same start, the longer span (scare quotes and phrases before single words)
    for span in sorted(candidates, key=lambda s: (s.start, -(s.end - s.start))):
        if span.start >= taken_until:
            chosen.append(span)
            taken_until = span.end
    return chosen
