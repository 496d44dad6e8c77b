"""Articles: one format for every text the kit teaches with.

An article is a JSON file in ``datasets/articles/`` (see ``docs/formats.md``),
or, for an instructor's own articles, in the course data's ``articles/``
(:func:`newslit.paths.course_data_dir`; the two are searched together, and an
id in both is refused). Its body text is its paragraphs joined by a blank line; every offset the kit
stores (answer keys, learners' marks, analyses) indexes that text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newslit.errors import NewslitError
from newslit.files import read_json, validate
from newslit.text.spans import PARAGRAPH_BREAK
from newslit.paths import data_path, list_data_files

PARAGRAPH_SEPARATOR = "\n\n"
SAMPLE_ARTICLE = "aleppo-2016"


@dataclass(frozen=True)
class Article:
    """A news article with its provenance. ``text`` is the body the kit analyses."""

    id: str
    title: str
    outlet: str
    author: str
    date: str
    date_precision: str
    language: str
    licence: dict
    attribution: str
    kind: str
    paragraphs: tuple[str, ...]
    meta: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def text(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    def paragraph_starts(self) -> list[int]:
        """Offset in :attr:`text` where each paragraph begins."""
        starts, pos = [], 0
        for para in self.paragraphs:
            starts.append(pos)
            pos += len(para) + len(PARAGRAPH_SEPARATOR)
        return starts

    def paragraph_of(self, offset: int) -> int:
        """1-based number of the paragraph holding ``offset``."""
        number = 0
        for number, start in enumerate(self.paragraph_starts(), 1):
            if start > offset:
                return number - 1
        return number

    @property
    def display_date(self) -> str:
        """The date as precisely as it is known: ``29 November 2016``, ``November 2016`` or ``2016``."""
        from datetime import date

        parts = [int(p) for p in self.date.split("-")]
        try:
            if len(parts) == 3:
                return date(*parts).strftime("%-d %B %Y")
            if len(parts) == 2:
                return date(parts[0], parts[1], 1).strftime("%B %Y")
        except ValueError:
            return self.date
        return str(parts[0])

    @property
    def byline(self) -> str:
        """``Outlet · author · date`` as a reader would cite it (``date inferred`` when the source has none)."""
        inferred = " (date inferred)" if self.meta.get("date_note") and self.date_precision != "day" else ""
        return f"{self.outlet} · {self.author} · {self.display_date}{inferred}"

    @classmethod
    def from_dict(cls, data: dict, where: str = "article") -> "Article":
        validate(data, "article", where)
        if data["kind"] == "practice" and "split" not in data:
            raise NewslitError(f"{where}: a practice article needs \"split\": \"dev\" or \"heldout\". See docs/formats.md.")
        if any(PARAGRAPH_BREAK.search(p) or "\r" in p for p in data["paragraphs"]):
            raise NewslitError(f"{where}: a paragraph contains a blank line or a carriage return; split it into two paragraphs.")
        try:
            from datetime import date

            parts = [int(p) for p in data["date"].split("-")] + [1, 1]
            date(*parts[:3])
        except ValueError:
            raise NewslitError(f"{where}: date {data['date']!r} is not a real date; use YYYY, YYYY-MM or YYYY-MM-DD.") from None
        known = {f for f in cls.__dataclass_fields__ if f != "meta"}
        fields = {k: v for k, v in data.items() if k in known}
        fields["paragraphs"] = tuple(data["paragraphs"])
        meta = {k: v for k, v in data.items() if k not in known}
        return cls(**fields, meta=meta)

    def to_dict(self) -> dict:
        data = {
            "format": "newslit-article/1",
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "author": self.author,
            "date": self.date,
            "date_precision": self.date_precision,
            "language": self.language,
            "licence": self.licence,
            "attribution": self.attribution,
            "kind": self.kind,
        }
        data.update({k: v for k, v in self.meta.items() if k != "format"})
        data["paragraphs"] = list(self.paragraphs)
        return data


def article_path(article_id: str) -> Path:
    """The article's file: the kit's, or the course data's; if neither has it, where the course data would.

    Raises :class:`newslit.paths.DataClash` if both have an article with this id.
    """
    return data_path(f"articles/{article_id}.json")


def load_article(article_id_or_path: str | Path = SAMPLE_ARTICLE) -> Article:
    """Load and validate an article by id (``"aleppo-2016"``) or by file path.

    Raises :class:`NewslitError` saying exactly what is wrong with a bad file.
    """
    path = Path(article_id_or_path)
    if path.suffix != ".json":
        path = article_path(str(article_id_or_path))
    data = read_json(path, "Article file")
    if not isinstance(data, dict):
        raise NewslitError(f"Article file {path} should hold one JSON object. See docs/formats.md.")
    article = Article.from_dict(data, where=f"Article file {path}")
    if article.id != path.stem:
        raise NewslitError(f"Article file {path} has id {article.id!r}; rename the file to {article.id}.json or fix the id.")
    return article


def list_articles(kind: str | None = None, split: str | None = None) -> list[Article]:
    """Every article (the kit's and the course data's, by id), optionally only one kind or split."""
    found = []
    for path in list_data_files("articles", "*.json"):
        article = load_article(path)
        if (kind is None or article.kind == kind) and (split is None or article.meta.get("split") == split):
            found.append(article)
    return found
