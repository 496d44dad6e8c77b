"""The article highlighter: click words (or use the keyboard) to mark them."""

from __future__ import annotations

import re
from pathlib import Path

import anywidget
import traitlets as t

from newslit.text.articles import Article
from newslit.errors import NewslitError
from newslit.text.spans import Span, find_phrase, words

_HERE = Path(__file__).parent / "static"
# Marked words separated only by spaces, hyphens or quote marks join into one phrase.
_JOINS_PHRASE = re.compile(r"[\s\-\u2013\u2014'\"\u2018\u2019\u201c\u201d]*")


class Highlighter(anywidget.AnyWidget):
    """One widget for a whole article; ``marked`` holds the indices of marked words.

    The text is rendered with text nodes only (never as HTML). ``statuses``
    maps a word index to ``found``, ``near``, ``missed``, ``extra`` or
    ``defensible`` after a check; ``machine`` holds words the finder flagged.
    """

    _esm = _HERE / "highlighter.js"
    _css = _HERE / "highlighter.css"

    text = t.Unicode("").tag(sync=True)
    title = t.Unicode("").tag(sync=True)
    byline = t.Unicode("").tag(sync=True)
    attribution = t.Unicode("").tag(sync=True)
    label = t.Unicode("Article text").tag(sync=True)
    tokens = t.List().tag(sync=True)
    marked = t.List(t.Int()).tag(sync=True)
    statuses = t.Dict().tag(sync=True)
    machine = t.List(t.Int()).tag(sync=True)
    show_machine = t.Bool(False).tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)

    def __init__(self, article: Article, **kwargs):
        self.words: list[Span] = words(article.text)
        super().__init__(
            text=article.text,
            title=article.title,
            byline=article.byline,
            attribution=article.attribution,
            label=f"Article: {article.title}. Mark the loaded words.",
            tokens=[[w.start, w.end] for w in self.words],
            **kwargs,
        )

    # -- between word indices and character spans ---------------------------------

    def words_in(self, start: int, end: int) -> list[int]:
        """Indices of the words overlapping ``[start, end)``."""
        return [i for i, w in enumerate(self.words) if w.start < end and w.end > start]

    @property
    def spans(self) -> list[dict]:
        """The marks as phrases: runs of marked words joined by spaces, hyphens or quotes."""
        out: list[dict] = []
        for i in sorted(set(self.marked)):
            if not 0 <= i < len(self.words):
                continue
            w = self.words[i]
            if out and i - 1 == out[-1]["_last"] and _JOINS_PHRASE.fullmatch(self.text[out[-1]["end"]:w.start]) \
                    and "\n" not in self.text[out[-1]["end"]:w.start]:
                out[-1].update(end=w.end, _last=i)
            else:
                out.append({"start": w.start, "end": w.end, "_last": i})
        return [{"start": s["start"], "end": s["end"], "text": self.text[s["start"]:s["end"]]} for s in out]

    def mark_spans(self, spans) -> None:
        """Mark every word overlapping the given spans (dicts or (start, end) pairs)."""
        marked = set()
        for span in spans or ():
            start, end = (span["start"], span["end"]) if isinstance(span, dict) else span
            marked.update(self.words_in(int(start), int(end)))
        self.marked = sorted(marked)

    def mark_phrase(self, phrase: str, occurrence: int = 1) -> None:
        """Mark the ``occurrence``-th appearance of ``phrase`` (spaces match any whitespace)."""
        found = find_phrase(self.text, phrase, occurrence)
        if found:
            self.marked = sorted(set(self.marked) | set(self.words_in(*found)))
            return
        raise NewslitError(f"{phrase!r} does not occur {occurrence} time(s) in the article; copy the words exactly.")

    def clear(self) -> None:
        self.marked = []
        self.statuses = {}
