"""Context packs: background notes a reader would want beside an article.

A pack lives in ``datasets/context/<article-id>.json``, or in the same place
in the course data (:func:`newslit.paths.data_path`) (format
``newslit-context/1``, see ``docs/formats.md``). Each note says what it is
about, gives the background in a few sentences, names its source
(publication, date, and a link where there is one), says how sure it is, and
lists the article paragraphs it relates to, and whether it was known only after
the article was published (so it is never used to fault the article for not
knowing it). Instructors can write a pack for
any article; :func:`load_context_pack` checks it and says exactly what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newslit.text.articles import Article, load_article
from newslit.errors import NewslitError
from newslit.files import read_json, validate
from newslit.paths import data_path

FORMAT = "newslit-context/1"
MAX_NOTE_CHARS = 1500  # a note's "text" (maxLength in newslit/schemas/context.schema.json)


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
    """The pack's file: the kit's, or the course data's; if neither has it, where the course data would."""
    return data_path(f"context/{article_id}.json")


def _note(raw: dict, article: Article, where: str) -> ContextNote:
    """A note the schema has checked; here only what a schema cannot say (paragraphs of this article)."""
    bad = [p for p in raw.get("paragraphs", []) if p > len(article.paragraphs)]
    if bad:
        raise NewslitError(f"{where}, note {raw['id']!r}: paragraph {bad[0]} does not exist; article {article.id!r} "
                           f"has paragraphs 1 to {len(article.paragraphs)}.")
    source = raw["source"]
    return ContextNote(raw["id"], raw["topic"].strip(), raw["text"].strip(),
                       Source(source["publication"].strip(), source["date"], source["url"]), raw["certainty"].strip(),
                       tuple(sorted(set(raw.get("paragraphs", [])))), raw.get("after_publication", False))


def context_pack_from_dict(data: object, article: Article | None = None, where: str = "context pack") -> ContextPack:
    """Check a pack's JSON and tie it to ``article`` (loaded by id when not given).

    The shape and types are checked against ``newslit/schemas/context.schema.json``
    (every problem listed, each naming its field); then what a schema cannot
    check: the article, paragraph numbers that exist in it, unique note ids.
    """
    validate(data, "context", where)
    article_id = data["article"]
    if article is None:
        article = load_article(article_id)
    elif article.id != article_id:
        raise NewslitError(f"{where} is for article {article_id!r}, not {article.id!r}.")
    notes = tuple(_note(raw, article, where) for raw in data["notes"])
    ids = [n.id for n in notes]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise NewslitError(f"{where}: note ids must be unique; repeated: {', '.join(dupes)}.")
    known = {"format", "article", "version", "notes", "title", "written_by", "check_before_class"}
    return ContextPack(
        article, data["version"], notes,
        title=data.get("title", ""),
        written_by=data.get("written_by", ""),
        check_before_class=data.get("check_before_class", ""),
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
