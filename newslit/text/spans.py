"""Split text into paragraphs, sentences and words, keeping character offsets.

Every function returns :class:`Span` objects whose ``start``/``end`` index the
text passed in, so ``text[span.start:span.end] == span.text`` always holds.

Sentences come from sentencex (MIT; Wikimedia's rule-based splitter, installed
by pip with its English abbreviation lists inside: nothing is downloaded),
paragraph by paragraph, with a thin layer for news copy that it reads wrongly
(see :func:`sentences`). ``python -m tools.eval_sentences`` measures the result
on a held-out set; ``docs/figures.md`` has the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
    """Sentences, never crossing a paragraph break; whitespace between them belongs to none.

    Each paragraph is cut at line breaks that end a heading or a list item (a
    single line break inside running prose is only a space), then each piece
    goes to sentencex, and a few rules correct it where news copy trips it up:

    * "4 a.m. Thursday", "9:30 a.m. Eastern time": a weekday or time zone after
      a.m./p.m. continues the sentence (AP style);
    * "No. 10", "p. 12", "approx. 4": a number after these continues it;
    * "Ms. Lee", "Cllr. Ray": a title sentencex does not know continues it;
    * "priorities: 1. Repair ...; 2. Reopen ...", "Step 1. Unplug": a list
      number stays with its item;
    * “We are disappointed. We will appeal,” the firm said: a quotation that
      opens a sentence (or follows a colon) is cut where its sentences end,
      which sentencex does not do;
    * "... Kessler & Vane Ltd. A rival ...": after a company or street
      abbreviation, a.m./p.m. or U.S., a capitalised pronoun, article or
      conjunction starts a new sentence, as does any capital after "said no.";
    * "(See page 4.) It reopens": a sentence in brackets stands alone.
    """
    spans: list[Span] = []
    for para in paragraphs(text):
        for start, end in _line_blocks(text, para.start, para.end):
            for s, e in _news_rules(text, _split_quotes(text, _split_block(text, start, end))):
                spans.append(Span(s, e, text[s:e]))
    return spans


# -- line breaks that end a sentence without a full stop ------------------------------

_LINE_END = re.compile(r"\r\n|\r|\n")
# "- item", "• item", "1. item", "2) item", "(a) item"
_LIST_ITEM = re.compile(r"[^\S\r\n]*(?:[-*•▪◦‣–—]|\(?\d{1,3}[.)]|\([a-zA-Z]\))[^\S\r\n]+\S")
_STARTS_SENTENCE = re.compile(r"[^\S\r\n]*[\"“‘'(]?[A-Z0-9]")


def _heading(line: str) -> bool:
    """A headline on its own line: short, Title Case or capitals, nothing after its last word."""
    words = line.split()
    if not words or len(words) > 12 or not line[-1].isalnum() or not (line[0].isupper() or line[0].isdigit()):
        return False
    alpha = [w for w in words if w[0].isalpha()]
    return bool(alpha) and 2 * sum(w[0].isupper() for w in alpha) > len(alpha)


def _line_blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at line breaks after a headline (first line only) or around a list item."""
    blocks, block_start, line_start, first = [], start, start, True
    for brk in _LINE_END.finditer(text, start, end):
        line = text[line_start:brk.start()]
        nxt = brk.end()
        cut = _LIST_ITEM.match(text, nxt, end) is not None or (
            _STARTS_SENTENCE.match(text, nxt, end) is not None
            and ((first and _heading(line.strip())) or _LIST_ITEM.match(line) is not None)
        )
        if cut:
            blocks.append((block_start, brk.start()))
            block_start = nxt
        line_start, first = nxt, False
    blocks.append((block_start, end))
    return blocks


# -- sentencex, a few thousand characters at a time -------------------------------------

# sentencex pairs quotation marks in time that grows with the square of the text's
# length when it holds many of them (200,000 characters of “ take 20 s), so a long
# paragraph goes in pieces of at most _CHUNK characters, cut where a sentence plainly
# ends (a lower-case word, a full stop, a capital) or else at a space. No news
# paragraph is near that length.
_CHUNK = 3_000
_PLAIN_END = re.compile(r"\b[a-z]{4,}[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z])")
_SPACE = re.compile(r"\s+")


def _chunks(text: str, start: int, end: int):
    while end - start > _CHUNK:
        lo, hi = start + _CHUNK // 2, start + _CHUNK
        cut = _PLAIN_END.search(text, lo, hi) or _SPACE.search(text, lo, hi)
        stop = cut.end() if cut else hi
        yield start, stop
        start = stop
    yield start, end


@lru_cache(maxsize=1)
def _sentencex():
    import sentencex

    return sentencex.segment


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """sentencex's sentences of ``text[start:end]``, as trimmed ``(start, end)`` offsets in ``text``."""
    segment = _sentencex()
    out = []
    for c_start, c_end in _chunks(text, start, end):
        pos = c_start
        for piece in segment("en", text[c_start:c_end]):
            if not text.startswith(piece, pos):  # sentencex returns the text cut up, unchanged; if it ever
                break  # does not, the rest of the piece is one sentence rather than a wrong offset
            _add_trimmed(text, pos, pos + len(piece), out)
            pos += len(piece)
        _add_trimmed(text, pos, c_end, out)
    return out


def _add_trimmed(text: str, start: int, end: int, out: list) -> None:
    span = _trimmed(text, start, end)
    if span:
        out.append((span.start, span.end))


# -- quotations of several sentences ----------------------------------------------------

# sentencex keeps a quotation in one piece; one that opens a sentence or follows a colon
# is cut where its own sentences end: “We are disappointed. | We will appeal,” it said.
_QUOTATION = re.compile(r"“[^“”]*”|\"[^\"\r\n]*\"")


def _split_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    segment = _sentencex()
    out: list[tuple[int, int]] = []
    for start, end in spans:
        for m in _QUOTATION.finditer(text, start, end):
            before = m.start()
            while before > start and text[before - 1].isspace():
                before -= 1
            if before > start and text[before - 1] != ":":
                continue
            pos = m.start() + 1
            pieces = list(segment("en", text[pos:m.end() - 1]))
            for piece in pieces[:-1]:
                if not text.startswith(piece, pos):
                    break
                pos += len(piece)
                _add_trimmed(text, start, pos, out)
                start = pos
        _add_trimmed(text, start, end, out)
    return out


# -- news rules ------------------------------------------------------------------------------

_AM_PM = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_DAY_OR_ZONE = re.compile(
    r"[^\S\r\n]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Eastern|Central|Mountain|Pacific|Atlantic"
    r"|GMT|UTC|BST|CET|CEST|[ECMP][SD]T|ET|PT)\b"
)
_BEFORE_A_NUMBER = re.compile(r"\b(?:[Nn]os?|[Pp]p?|[Aa]pprox|vs?|[Ff]igs?|[Vv]ol|[Aa]rt|[Ss]ec|[Cc]h|[Pp]ara|[Cc]a)\.$")
_DIGIT = re.compile(r"[^\S\r\n]*\d")
# Titles before a name that sentencex's English list lacks ("Ms. Lee")
_TITLE = re.compile(r"\b(?:Ms|Mx|Mmes|Messrs|Atty|Amb|Cllr|Cdr|Lieut|Gens|Sens|Reps|Supt|Insp|Det)\.$")
_CAPITAL = re.compile(r"[^\S\r\n]*[A-Z]")
_LIST_NUMBER = re.compile(
    r"(?:[:;]|\bStep)"  # not "Chapter 11." or "Section 3.": those end sentences
    r"[^\S\r\n]*\(?\d{1,2}[.)]$"
)
_LONE_NUMBER = re.compile(r"\(?\d{1,2}[.)]")
_TAIL = 40  # the rules read the last characters of a sentence only, so joining many stays linear
_OPENERS = (
    "The|A|An|It|Its|He|She|His|Her|They|Their|We|Our|I|You|This|That|These|Those|There|Then|"
    "But|And|Or|Yet|So|In|On|At|By|For|From|With|After|Before|When|While|If|As|Although|However|"
    "Meanwhile|Some|Many|Most|All|Both|Each|None"
)
_NEW_SENTENCE = re.compile(
    r"(?:\b(?:Inc|Ltd|Co|Corp|Plc|PLC|LLC|Jr|Sr|Rd|Ave|Blvd|etc|[ap]\.m|U\.S|U\.K)\.[\"”’']?"
    r"(?=\s+(?:" + _OPENERS + r")\b)"
    r"|(?<=\s)no\.(?=\s+[\"“‘']?[A-Z])"
    r"|[.!?…][\"”’']?\)(?=\s+[\"“‘']?[A-Z]))"
)


def _news_rules(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join and cut sentencex's sentences where news copy trips it up (see :func:`sentences`)."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined:
            prev_start, prev_end = joined[-1]
            prev = text[max(prev_start, prev_end - _TAIL):prev_end]
            if (
                (_AM_PM.search(prev) and _DAY_OR_ZONE.match(text, start, end))
                or (_BEFORE_A_NUMBER.search(prev) and _DIGIT.match(text, start, end))
                or (_TITLE.search(prev) and _CAPITAL.match(text, start, end))
                or _LIST_NUMBER.search(prev)
                or _LONE_NUMBER.fullmatch(prev)
            ):
                joined[-1] = (prev_start, end)
                continue
        joined.append((start, end))
    out = []
    for start, end in joined:
        for m in _NEW_SENTENCE.finditer(text, start, end):
            _add_trimmed(text, start, m.end(), out)
            start = m.end()
        _add_trimmed(text, start, end, out)
    return out


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
