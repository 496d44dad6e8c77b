"""Context packs: background notes a reader would want beside an article.

A pack lives in ``datasets/context/<article-id>.json`` (format
``newslit-context/1``, see ``docs/formats.md``). Each note says what it is
about, gives the background in a few sentences, names its source
(publication, date, and a link where there is one), says how sure it is, and
lists the article paragraphs it relates to, and whether it was known only after
the article was published (so it is never used to fault the article for not
knowing it). Instructors can write a pack for
any article; :func:`load_context_pack` checks it and says exactly what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newslit.text.articles import Article, load_article
from newslit.errors import NewslitError
from newslit.files import read_json
from newslit.paths import datasets_dir

FORMAT = "newslit-context/1"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_URL = re.compile(r"^https?://[^\s\"'<>]+$")
MAX_NOTE_CHARS = 1500


@dataclass(frozen=True)
class Source:
    publication: str
    date: str
    url: str | None = None

    @property
    def citation(self) -> str:
        """``Publication, date`` as a reader would cite it."""
        return f"{self.publication}, {self.date}"


@dataclass(frozen=True)
class ContextNote:
    id: str
    topic: str
    text: str
    source: Source
    certainty: str
    paragraphs: tuple[int, ...] = ()
    after_publication: bool = False  # known only after the article was published


@dataclass(frozen=True)
class ContextPack:
    article: Article
    version: str
    notes: tuple[ContextNote, ...]
    title: str = ""
    written_by: str = ""
    check_before_class: str = ""
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    def notes_for(self, paragraph: int) -> list[ContextNote]:
        """The notes that relate to paragraph ``paragraph`` (1-based)."""
        return [n for n in self.notes if paragraph in n.paragraphs]

    @property
    def general_notes(self) -> list[ContextNote]:
        """Notes about the article as a whole (no paragraph listed)."""
        return [n for n in self.notes if not n.paragraphs]

    def note(self, note_id: str) -> ContextNote:
        for n in self.notes:
            if n.id == note_id:
                return n
        raise KeyError(note_id)


def context_pack_path(article_id: str) -> Path:
    return datasets_dir() / "context" / f"{article_id}.json"


def _text(raw: dict, name: str, where: str, required: bool = True) -> str:
    value = raw.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise NewslitError(f"{where}: \"{name}\" should be a non-empty string.")
    return value.strip()


def _note(raw: object, n: int, article: Article, where: str) -> ContextNote:
    here = f"{where}, note {n}"
    if not isinstance(raw, dict):
        raise NewslitError(f"{here} should be a JSON object with id, topic, text, source, certainty and paragraphs.")
    note_id = raw.get("id")
    if not isinstance(note_id, str) or not _ID.match(note_id):
        raise NewslitError(f"{here}: \"id\" should be a lower-case slug such as \"siege\" (letters, digits, hyphens).")
    here = f"{where}, note {note_id!r}"
    topic, text, certainty = _text(raw, "topic", here), _text(raw, "text", here), _text(raw, "certainty", here)
    if len(text) > MAX_NOTE_CHARS:
        raise NewslitError(f"{here}: the text is {len(text)} characters; keep a note under {MAX_NOTE_CHARS} (split it into two notes).")
    source = raw.get("source")
    if not isinstance(source, dict):
        raise NewslitError(f"{here}: \"source\" should be {{\"publication\": ..., \"date\": ..., \"url\": ... or null}}. "
                           "Every note needs a source a reader can look up.")
    publication = _text(source, "publication", f"{here}, source")
    date = source.get("date")
    if not isinstance(date, str) or not _DATE.match(date):
        raise NewslitError(f"{here}, source: \"date\" should be an ISO date as precise as known (2016-11-28, 2016-11 or 2016), "
                           f"not {date!r}.")
    if "url" not in source:
        raise NewslitError(f"{here}, source: add \"url\" (a link to the source, or null if there is none).")
    url = source["url"]
    if url is not None and (not isinstance(url, str) or not _URL.match(url)):
        raise NewslitError(f"{here}, source: \"url\" should be an http(s) link or null, not {url!r}.")
    paragraphs = raw.get("paragraphs", [])
    if not isinstance(paragraphs, list) or not all(isinstance(p, int) and not isinstance(p, bool) for p in paragraphs):
        raise NewslitError(f"{here}: \"paragraphs\" should be a list of paragraph numbers, such as [1, 2].")
    bad = [p for p in paragraphs if not 1 <= p <= len(article.paragraphs)]
    if bad:
        raise NewslitError(f"{here}: paragraph {bad[0]} does not exist; article {article.id!r} has paragraphs "
                           f"1 to {len(article.paragraphs)}.")
    after = raw.get("after_publication", False)
    if not isinstance(after, bool):
        raise NewslitError(f"{here}: \"after_publication\" should be true or false.")
    return ContextNote(note_id, topic, text, Source(publication, date, url), certainty, tuple(sorted(set(paragraphs))), after)


def context_pack_from_dict(data: object, article: Article | None = None, where: str = "context pack") -> ContextPack:
    """Check a pack's JSON and tie it to ``article`` (loaded by id when not given)."""
    if not isinstance(data, dict):
        raise NewslitError(f"{where} should hold one JSON object. See docs/formats.md.")
    if data.get("format") != FORMAT:
        raise NewslitError(f"{where}: \"format\" should be \"{FORMAT}\", not {data.get('format')!r}. See docs/formats.md.")
    article_id = data.get("article")
    if not isinstance(article_id, str) or not article_id:
        raise NewslitError(f"{where}: \"article\" should be the id of the article the notes are about.")
    if article is None:
        article = load_article(article_id)
    elif article.id != article_id:
        raise NewslitError(f"{where} is for article {article_id!r}, not {article.id!r}.")
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise NewslitError(f"{where}: \"version\" should be a string such as \"1\"; raise it when you change a note.")
    raw_notes = data.get("notes")
    if not isinstance(raw_notes, list) or not raw_notes:
        raise NewslitError(f"{where}: \"notes\" should be a non-empty list of notes.")
    notes = tuple(_note(raw, n, article, where) for n, raw in enumerate(raw_notes, 1))
    ids = [n.id for n in notes]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise NewslitError(f"{where}: note ids must be unique; repeated: {', '.join(dupes)}.")
    known = {"format", "article", "version", "notes", "title", "written_by", "check_before_class"}
    return ContextPack(
        article, version, notes,
        title=data.get("title", "") if isinstance(data.get("title"), str) else "",
        written_by=data.get("written_by", "") if isinstance(data.get("written_by"), str) else "",
        check_before_class=data.get("check_before_class", "") if isinstance(data.get("check_before_class"), str) else "",
        extra={k: v for k, v in data.items() if k not in known},
    )


def load_context_pack(article: Article | str) -> ContextPack:
    """The context pack for ``article`` (an :class:`Article` or its id), checked.

    Raises :class:`NewslitError` when there is no pack or it is malformed,
    saying what to fix.
    """
    if isinstance(article, str):
        article = load_article(article)
    path = context_pack_path(article.id)
    if not path.exists():
        raise NewslitError(
            f"There is no context pack for article {article.id!r} (expected {path}). "
            "Write one (format newslit-context/1, see docs/formats.md) or pick an article that has one."
        )
    return context_pack_from_dict(read_json(path, "Context pack"), article, where=f"Context pack {path}")
