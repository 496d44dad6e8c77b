"""A Markdown file as plain paragraphs of article text, parsed with markdown-it-py.

The parser is CommonMark with tables, strikethrough, footnotes and front
matter (``mdit-py-plugins``). What becomes of each construct:

* headings, paragraphs, list items (at any depth) and block quotes: one
  paragraph each (list markers and numbers go, as do heading and quote marks);
* emphasis, strong, strikethrough: the marks go, the words stay;
* links: their text, then the address in brackets, readable (escaped non-ASCII
  letters decoded; the host in its ASCII form, ``xn--...``, so a look-alike
  host cannot pass for another): ``the report (https://example.org/report)``.
  The address is left out when it only repeats the text
  (``<https://example.org>``, ``<a@b.org>``) or points inside the page
  (``#section``). A link the parser refuses (``javascript:``, ``data:``...) is
  not a link: it stays as written;
* images: their alt text as ``[Image: alt text]``, nothing when the alt text is empty;
* code spans and code blocks: their text exactly, never read as Markdown;
* HTML, inline or as a block: kept exactly as written, as text (a learner reads
  ``<b>`` as the three characters ``<b>``); Markdown inside an HTML block is
  not read, as in CommonMark;
* entities and backslash escapes: decoded (``&amp;`` is ``&``, ``&#8217;`` is
  ``’``, ``&nbsp;`` a no-break space, ``\\*`` a star);
* tables: one paragraph per row (the header row too), cells joined by `` | ``;
* footnotes: the reference stays in the text as ``[1]`` (numbered in order of
  first reference, as Markdown renderers do), and every definition, referenced
  or not, becomes a final paragraph ``[1] Its text``, after the body, in number
  order (unreferenced definitions are numbered after the referenced ones);
  inline footnotes (``^[text]``) likewise;
* front matter, link reference definitions and horizontal rules: dropped.

A file whose only text is image descriptions has no article text (``[]``), so
the caller can say so. Every paragraph is one line (line breaks become spaces,
runs of spaces one space) with control characters removed.

Cost grows linearly with the size of the file. Two guards keep it so (see
``tools/bench_markdown.py`` for the figures): a ``[`` with no ``]`` anywhere
after it cannot open a link or a footnote, so a run of them is read as text in
one step instead of one link search each; and containers nested deeper than
:data:`MAX_DEPTH` levels (``>>>>>>...``, lists in lists in lists...) are not
parsed further: the rest of that container is kept as one paragraph of text,
its leading quote and list markers removed, instead of being dropped as
markdown-it does past its nesting limit.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

__all__ = ["markdown_paragraphs", "markdown_inline", "MAX_DEPTH"]

MAX_NESTING = 20  # markdown-it's own recursion guard (the CommonMark preset's value)
MAX_DEPTH = 16  # block nesting levels parsed: a quote is one level, a list two (list and item)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]")  # as the plain-text import removes
_SPACES = re.compile(r"[ \u00a0]{2,}")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MARKERS = re.compile(r"^[ \t]*(?:>[ \t]*|(?:[*+-]|\d{1,9}[.)])[ \t]+)*", re.MULTILINE)
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|mailto:)?(?:www\.)?", re.IGNORECASE)
_BRACKET_RUN = re.compile(r"[\[!^]+")
_NON_ASCII_ESCAPES = re.compile(r"(?:%[89a-fA-F][0-9a-fA-F])+")


# -- the parser -------------------------------------------------------------------------------


def _unclosable_brackets(state: StateInline, silent: bool) -> bool:
    """A run of ``[``, ``![`` and ``^[`` with no ``]`` after it is text: no link search for each one.

    markdown-it looks for the closing bracket from every ``[`` (linear thanks
    to its cache, but about 30 microseconds a character); with no ``]`` at all
    after this point none of them can open a link, an image or a footnote.
    """
    pos = state.pos
    if state.src[pos] not in "[!^":
        return False
    last = getattr(state, "nl_last_close", None)
    if last is None:
        last = state.nl_last_close = state.src.rfind("]")
    if last > pos:
        return False
    run = _BRACKET_RUN.match(state.src, pos, state.posMax)
    if run is None:
        return False
    if not silent:
        state.pending += run.group(0)
    state.pos = run.end()
    return True


def _too_deep(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Past :data:`MAX_DEPTH` nested containers, the rest of the container is one paragraph of text."""
    if state.level < MAX_DEPTH:
        return False
    if silent:  # never asked: the rule ends no paragraph
        return False
    content = _MARKERS.sub("", state.getLines(start_line, end_line, state.blkIndent, False)).strip()
    if content:
        state.push("paragraph_open", "p", 1).map = [start_line, end_line]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = content, [start_line, end_line], []
        state.push("paragraph_close", "p", -1)
    state.line = end_line
    return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(footnote_plugin, move_to_end=False)  # definitions stay where they are; unreferenced ones are kept
    md.block.ruler.before(md.block.ruler.get_all_rules()[0], "nl_too_deep", _too_deep)
    md.inline.ruler.before("link", "nl_unclosable_brackets", _unclosable_brackets)
    return md


# -- tokens -> text ---------------------------------------------------------------------------


def _tidy(text: str) -> str:
    """One line: line breaks and tabs become spaces, control characters go, runs of spaces become one."""
    text = _CONTROL.sub("", text.replace("\t", " ").replace("\n", " "))
    return _SPACES.sub(" ", text).strip()


def _readable_url(href: str) -> str:
    """The link's address for a reader: escaped non-ASCII letters decoded, the host left as the parser encoded it.

    The host stays in its ASCII form (``xn--...``) so a look-alike host written
    in another script shows for what it is; ``%20`` and the other ASCII escapes
    stay escaped; an escape that would decode to an invisible or
    direction-changing character stays escaped too.
    """
    def decode(m: re.Match) -> str:
        try:
            text = unquote(m.group(0), errors="strict")
        except UnicodeDecodeError:
            return m.group(0)
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Zs") for ch in text):
            return m.group(0)
        return text
    return _NON_ASCII_ESCAPES.sub(decode, href.strip())


def _same_address(label: str, url: str) -> bool:
    def bare(s: str) -> str:
        return _SCHEME.sub("", s.strip()).rstrip("/").casefold()
    return bare(label) == bare(url)


class _Notes:
    """Footnote numbers: referenced ones in order of first reference, then unreferenced ones in order of definition."""

    def __init__(self, env: dict):
        data = env.get("footnotes") or {}
        self.refs: dict[str, int] = data.get("refs", {})
        self.list: dict[int, dict] = data.get("list", {})
        self.unreferenced: dict[str, int] = {}

    def number_of_ref(self, meta: dict) -> int:
        return meta["id"] + 1

    def number_of_label(self, label: str) -> int:
        found = self.refs.get(":" + label, -1)
        if found >= 0:
            return found + 1
        if label not in self.unreferenced:
            self.unreferenced[label] = len(self.list) + len(self.unreferenced) + 1
        return self.unreferenced[label]


def _inline_text(tokens: list[Token], md: MarkdownIt, notes: _Notes) -> tuple[str, bool]:
    """The text of an inline token's children, and whether it holds any text besides image descriptions."""
    out: list[str] = []
    links: list[tuple[str, int]] = []
    has_text = False
    for tok in tokens:
        kind = tok.type
        if kind in ("text", "text_special", "code_inline", "html_inline"):
            out.append(tok.content)
            has_text = has_text or bool(tok.content.strip())
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "image":
            alt, _ = _inline_text(tok.children or [], md, notes)
            if alt:
                out.append(f"[Image: {alt}]")
        elif kind == "link_open":
            links.append((str(tok.attrs.get("href") or ""), len(out), tok.markup == "autolink"))
        elif kind == "link_close" and links:
            href, begin, autolink = links.pop()
            url = _readable_url(href) if href and not href.startswith("#") else ""
            if autolink:  # <https://...> or <name@host>: the address itself, as the href encodes it
                del out[begin:]
                out.append(url[len("mailto:"):] if url.startswith("mailto:") and "@" in url else url)
                has_text = True
            elif url and not _same_address("".join(out[begin:]), url):
                out.append(f" ({url})")
                has_text = True
        elif kind == "footnote_ref":
            out.append(f"[{notes.number_of_ref(tok.meta)}]")
            has_text = True
        # em, strong, s: their marks go; their words come as text tokens
    return _tidy("".join(out)), has_text


def _literal_chunks(content: str) -> list[str]:
    """Code and HTML blocks: their text exactly, one paragraph per run of lines between blank lines."""
    return [chunk for chunk in (_tidy(block) for block in _BLANK_LINE.split(content)) if chunk]


def _blocks(tokens: list[Token], md: MarkdownIt, notes: _Notes) -> tuple[list[str], dict[int, list[str]], bool]:
    """Body paragraphs, footnote paragraphs by number, and whether any of it is more than image descriptions."""
    body: list[str] = []
    footnotes: dict[int, list[str]] = {}
    target = body
    note_first = False  # the next paragraph is the first of a footnote definition: it gets the "[n] " mark
    note_number = 0
    row: list[str] | None = None
    has_text = False

    def emit(text: str) -> None:
        nonlocal note_first
        if not text:
            return
        if note_first:
            text, note_first = f"[{note_number}] {text}", False
        target.append(text)

    for tok in tokens:
        kind = tok.type
        if kind == "inline":
            text, real = _inline_text(tok.children or [], md, notes)
            has_text = has_text or real
            if row is not None:
                row.append(text)
            else:
                emit(text)
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row is not None and any(row):
                emit(_tidy(" | ".join(row)))
            row = None
        elif kind in ("fence", "code_block", "html_block"):
            for chunk in _literal_chunks(tok.content):
                has_text = True
                emit(chunk)
        elif kind == "footnote_reference_open":
            note_number = notes.number_of_label(tok.meta["label"])
            target = footnotes.setdefault(note_number, [])
            note_first = True
        elif kind == "footnote_reference_close":
            target, note_first = body, False
        # front_matter, hr, headings', lists' and quotes' open/close tokens: nothing of their own
    for number, data in notes.list.items():  # inline footnotes ^[...]: their text lives in the parser's env
        if "tokens" in data:
            text, real = _inline_text(data["tokens"], md, notes)
            if text:
                footnotes.setdefault(number + 1, []).append(f"[{number + 1}] {text}")
                has_text = has_text or real
    return body, footnotes, has_text


def _clean_source(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def markdown_paragraphs(text: str) -> list[str]:
    """Paragraphs of a Markdown file, its syntax removed (never its HTML), footnotes last.

    See the module's docstring for what becomes of each construct. Returns
    ``[]`` when nothing but syntax (or only image descriptions) is left.
    """
    md = _parser()
    env: dict = {}
    tokens = md.parse(_clean_source(text), env)
    notes = _Notes(env)
    body, footnotes, has_text = _blocks(tokens, md, notes)
    if not has_text:
        return []
    return body + [p for number in sorted(footnotes) for p in footnotes[number]]


def markdown_inline(text: str) -> str:
    """One line of inline Markdown as text: marks go, links keep their address, code and HTML stay literal."""
    md = _parser()
    env: dict = {}
    tokens = md.parseInline(_clean_source(text), env)
    return _tidy(" ".join(_inline_text(tok.children or [], md, _Notes(env))[0] for tok in tokens))
