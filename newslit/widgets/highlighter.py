"""The article highlighter: click words (or use the keyboard) to mark them."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets as t

from newslit.text.articles import Article
from newslit.errors import NewslitError
from newslit.keys.scoring import PHRASE_JOIN
from newslit.text.spans import Span, find_phrase, words

_HERE = Path(__file__).parent / "static"


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
            # Marked words separated only by spaces, hyphens or quote marks join into one phrase (as scoring reads them).
            if out and i - 1 == out[-1]["_last"] and PHRASE_JOIN.fullmatch(self.text, out[-1]["end"], w.start):
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


class HintBox(anywidget.AnyWidget):
    """The newest hint, shown right under the button that asked for it and announced to screen readers.

    ``hint`` is ``{"label": "Hint 2 of 13", "text": ..., "serial": n}`` (``{}``: nothing shown). The box
    is a polite live region that stays on the page, so a screen reader reads each new hint aloud while
    focus stays on the button; the text is inserted as text, never as HTML. ``serial`` changes on every
    press, so pressing again shows (and scrolls to) the hint even when its text is the same.
    """

    _esm = _HERE / "hintbox.js"
    _css = _HERE / "highlighter.css"

    hint = t.Dict().tag(sync=True)

    def show(self, label: str, text: str) -> None:
        self.hint = {"label": label, "text": text, "serial": int(self.hint.get("serial", 0)) + 1}

    def clear(self) -> None:
        if self.hint.get("text"):
            self.hint = {"label": "", "text": "", "serial": int(self.hint.get("serial", 0)) + 1}

    @property
    def text(self) -> str:
        """What the box shows, as plain text ("" when empty)."""
        return f"{self.hint['label']}: {self.hint['text']}" if self.hint.get("text") else ""
