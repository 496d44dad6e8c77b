"""The article highlighter: click words (or use the keyboard) to mark them."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets as t

from newslit.text.articles import Article
from newslit.errors import NewslitError
from newslit.keys.scoring import PHRASE_JOIN, span_part
from newslit.text.spans import Span, find_phrase, words

_HERE = Path(__file__).parent / "static"


class Highlighter(anywidget.AnyWidget):
    """One widget for a whole article; ``marked`` holds the indices of marked words.

    The text is rendered with text nodes only (never as HTML). ``statuses``
    maps a word index to ``found``, ``near``, ``missed``, ``extra`` or
    ``defensible`` after a check; ``machine`` holds words the finder flagged.

    With ``markable_title=True`` the headline's words can be marked too. They
    are indexed on their own (``title_words``, ``title_marked``,
    ``title_machine``; their statuses are keyed ``"t0"``, ``"t1"``...), so the
    body's indices mean what they always did, and :attr:`spans` gives a
    headline phrase as ``{"part": "title", ...}`` with offsets into the title.
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
    title_tokens = t.List().tag(sync=True)  # empty: the headline is shown as plain text, not markable
    title_marked = t.List(t.Int()).tag(sync=True)
    title_machine = t.List(t.Int()).tag(sync=True)
    show_machine = t.Bool(False).tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)

    def __init__(self, article: Article, markable_title: bool = False, **kwargs):
        self.words: list[Span] = words(article.text)
        self.title_words: list[Span] = words(article.title) if markable_title else []
        super().__init__(
            text=article.text,
            title=article.title,
            byline=article.byline,
            attribution=article.attribution,
            label=f"Article: {article.title}. Mark the loaded words.",
            tokens=[[w.start, w.end] for w in self.words],
            title_tokens=[[w.start, w.end] for w in self.title_words],
            **kwargs,
        )

    # -- between word indices and character spans ---------------------------------

    def _part(self, part: str) -> tuple[str, list[Span], str]:
        """The text, words and name of the marks' trait of ``part`` ("body" or "title")."""
        if part == "title":
            return self.title, self.title_words, "title_marked"
        if part == "body":
            return self.text, self.words, "marked"
        raise NewslitError(f"{part!r} is not a part of the article; use \"title\" or \"body\".")

    def words_in(self, start: int, end: int, part: str = "body") -> list[int]:
        """Indices of the words of ``part`` (the body, or the title) overlapping ``[start, end)``."""
        return [i for i, w in enumerate(self._part(part)[1]) if w.start < end and w.end > start]

    @staticmethod
    def status_key(i: int, part: str = "body") -> str:
        """The key of word ``i`` of ``part`` in :attr:`statuses`: ``"3"`` in the body, ``"t3"`` in the title."""
        return f"t{i}" if part == "title" else str(i)

    def marked_in(self, part: str = "body") -> set[int]:
        """The marked words of ``part``."""
        return set(getattr(self, self._part(part)[2]))

    @property
    def spans(self) -> list[dict]:
        """The marks as phrases: runs of marked words joined by spaces, hyphens or quotes.

        Headline phrases come first, each with ``"part": "title"``; body phrases carry no ``"part"``
        (as every saved span did before the headline could be marked).
        """
        return self._phrases("title") + self._phrases("body")

    def _phrases(self, part: str) -> list[dict]:
        text, tokens, _ = self._part(part)
        out: list[dict] = []
        for i in sorted(self.marked_in(part)):
            if not 0 <= i < len(tokens):
                continue
            w = tokens[i]
            # Marked words separated only by spaces, hyphens or quote marks join into one phrase (as scoring reads them).
            if out and i - 1 == out[-1]["_last"] and PHRASE_JOIN.fullmatch(text, out[-1]["end"], w.start):
                out[-1].update(end=w.end, _last=i)
            else:
                out.append({"start": w.start, "end": w.end, "_last": i})
        where = {"part": "title"} if part == "title" else {}
        return [{**where, "start": s["start"], "end": s["end"], "text": text[s["start"]:s["end"]]} for s in out]

    def mark_spans(self, spans) -> None:
        """Mark every word overlapping the given spans (dicts or (start, end) pairs).

        A dict with ``"part": "title"`` marks words of the headline (when it is markable); a span of a
        part the kit does not know is left out, as scoring leaves it out.
        """
        marked: dict[str, set[int]] = {"title": set(), "body": set()}
        for span in spans or ():
            part = span_part(span)
            if part is None:
                continue
            start, end = (span["start"], span["end"]) if isinstance(span, dict) else span
            marked[part].update(self.words_in(int(start), int(end), part))
        self.title_marked = sorted(marked["title"])
        self.marked = sorted(marked["body"])

    def mark_phrase(self, phrase: str, occurrence: int = 1, part: str = "body") -> None:
        """Mark the ``occurrence``-th appearance of ``phrase`` in ``part`` (spaces match any whitespace)."""
        text, tokens, trait = self._part(part)
        found = find_phrase(text, phrase, occurrence) if tokens else None
        if found:
            setattr(self, trait, sorted(self.marked_in(part) | set(self.words_in(*found, part))))
            return
        if part == "title":
            if not tokens:
                raise NewslitError("The headline cannot be marked in this highlighter; mark words of the article's body.")
            raise NewslitError(f"{phrase!r} does not occur {occurrence} time(s) in the headline; copy the words exactly.")
        raise NewslitError(f"{phrase!r} does not occur {occurrence} time(s) in the article; copy the words exactly.")

    def clear(self) -> None:
        self.title_marked = []
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
