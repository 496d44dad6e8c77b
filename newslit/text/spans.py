"""Split text into paragraphs, sentences and words, keeping character offsets.

Every function returns :class:`Span` objects whose ``start``/``end`` index the
text passed in, so ``text[span.start:span.end] == span.text`` always holds.
Sentence splitting uses NLTK's Punkt (as TextBlob does) with a parameter set
shipped in the package: nothing is downloaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pathlib import Path

NLTK_DATA_DIR = Path(__file__).resolve().parent / "nltk_data"

# A word: letters or digits, with inner apostrophes, hyphens, periods and
# commas kept ("city's", "al-Qaeda-linked", "U.S", "3,000", "2.5").
_WORD = re.compile(r"\w+(?:[’'\-.,]\w+)*")
# A blank line: two line ends with only spaces, tabs, no-break spaces or \r between them.
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*|\r[^\S\r\n]*\r\s*")


@dataclass(frozen=True)
class Span:
    """A stretch of text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


def use_bundled_nltk_data() -> None:
    """Put the kit's Punkt parameters first on ``nltk.data.path``.

    After this, stock TextBlob (``TextBlob(text).sentences``, ``.words``)
    works without ``textblob.download_corpora``.
    """
    import nltk

    folder = str(NLTK_DATA_DIR)
    if not nltk.data.path or nltk.data.path[0] != folder:
        if folder in nltk.data.path:
            nltk.data.path.remove(folder)
        nltk.data.path.insert(0, folder)


@lru_cache(maxsize=1)
def _punkt():
    use_bundled_nltk_data()
    from nltk.tokenize.punkt import PunktTokenizer

    return PunktTokenizer("english")


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def paragraphs(text: str) -> list[Span]:
    """Paragraphs: runs of text separated by one or more blank lines."""
    spans, start = [], 0
    for gap in PARAGRAPH_BREAK.finditer(text):
        span = _trimmed(text, start, gap.start())
        if span:
            spans.append(span)
        start = gap.end()
    span = _trimmed(text, start, len(text))
    if span:
        spans.append(span)
    return spans


def sentences(text: str) -> list[Span]:
    """Sentences, never crossing a paragraph break."""
    tokenizer = _punkt()
    spans = []
    for para in paragraphs(text):
        for start, end in tokenizer.span_tokenize(para.text):
            span = _trimmed(text, para.start + start, para.start + end)
            if span:
                spans.append(span)
    return spans


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(part) for part in phrase.split()))


@lru_cache(maxsize=8192)
def phrase_positions(text: str, phrase: str) -> tuple[tuple[int, int], ...]:
    """Every ``(start, end)`` of ``phrase`` in ``text``, in order.

    Any run of spaces in ``phrase`` matches any run of whitespace in the text
    (articles carry no-break spaces that people writing keys cannot see).
    Cached, so resolving thousands of key items against one long text scans
    it once per distinct phrase.
    """
    return tuple(m.span() for m in _phrase_pattern(phrase).finditer(text))


def find_phrase(text: str, phrase: str, occurrence: int = 1) -> tuple[int, int] | None:
    """``(start, end)`` of the ``occurrence``-th ``phrase`` in ``text`` (1-based), or ``None``."""
    positions = phrase_positions(text, phrase)
    return positions[occurrence - 1] if 0 < occurrence <= len(positions) else None


def words(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Words in ``text[start:end]`` (punctuation and spaces are not words)."""
    return [Span(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, len(text) if end is None else end)]
