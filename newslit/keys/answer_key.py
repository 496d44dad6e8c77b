"""Answer keys: what a careful reader would mark, why, and for how many points.

A key lives in ``datasets/keys/<article-id>/<exercise>.json``, or in the same
place in the course data (:func:`newslit.paths.data_path`: an instructor's keys
add to the kit's, never replace one). Items name
their span by its exact text and which occurrence it is, so people can write
and review keys without counting characters; :func:`load_key` resolves them to
offsets and checks every one.
"""

from __future__ import annotations

from collections import Counter

from dataclasses import dataclass, field
from pathlib import Path

from newslit.text.articles import Article, load_article
from newslit.errors import NewslitError
from newslit.files import read_json, validate
from newslit.text.lexicon import load_lexicon
from newslit.text.spans import find_phrase
from newslit.paths import data_path


SPAN_KINDS = ("highlight", "labels")  # kinds whose every item is a span of the article
#: The parts of an article a span can be in: its headline, or its body text (the default, when a span names none).
PARTS = ("title", "body")


def part_text(article: Article, part: str) -> str:
    """The text a span of ``part`` indexes: the article's title, or its body text."""
    return article.title if part == "title" else article.text


@dataclass(frozen=True)
class KeyItem:
    """One thing the key expects (or, if ``points == 0``, forgives).

    ``start``/``end`` are ``None`` for items that are not a span of the text
    (a rubric idea, a checklist item about the whole article). ``data`` keeps
    the item's other fields (``label``, ``keywords``, ``expected``...).
    """

    id: str
    start: int | None
    end: int | None
    text: str
    why: str
    category: str = ""
    neutral: str = ""
    hint: str = ""
    points: float = 1.0
    paragraph: int | None = None
    data: dict = field(default_factory=dict, compare=False, repr=False)
    part: str = "body"  # where ``start``/``end`` point: "body" (the article's text) or "title" (its headline)

    def as_span(self) -> dict:
        """The item as a learner's span would give it: ``{"start", "end"}``, with ``"part": "title"`` in the headline."""
        return {**({"part": self.part} if self.part != "body" else {}), "start": self.start, "end": self.end}


@dataclass(frozen=True)
class AnswerKey:
    article: Article
    exercise: str
    version: str
    items: tuple[KeyItem, ...]
    defensible: tuple[KeyItem, ...]
    kind: str = "highlight"
    labels: dict = field(default_factory=dict)
    exemplar: str = ""
    prompt: str = ""

    @property
    def max_points(self) -> float:
        return sum(item.points for item in self.items)

    def item(self, item_id: str) -> KeyItem:
        for item in self.items + self.defensible:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


def key_path(article_id: str, exercise: str) -> Path:
    """The key's file: the kit's, or the course data's; if neither has it, where the course data would."""
    return data_path(f"keys/{article_id}/{exercise}.json")


def locate(text: str, phrase: str, occurrence: int) -> tuple[int, int]:
    """Start and end of the ``occurrence``-th ``phrase`` in ``text``; (-1, -1) if absent.

    Any run of spaces in ``phrase`` matches any run of whitespace in the text
    (articles often carry non-breaking spaces that key authors cannot see).
    """
    return find_phrase(text, phrase, occurrence) or (-1, -1)


def _resolve(raw: dict, article: Article, where: str, points_default: float) -> KeyItem:
    rest = {k: v for k, v in raw.items()
            if k not in ("id", "text", "occurrence", "why", "category", "neutral", "hint", "points", "part")}
    if "text" not in raw:
        return KeyItem(raw["id"], None, None, "", raw["why"], raw.get("category", ""), raw.get("neutral", ""),
                       raw.get("hint", ""), float(raw.get("points", points_default)), None, rest)
    if not raw["text"].strip():
        raise NewslitError(f"{where}: item {raw['id']!r} has only spaces as its text; copy the words from the article.")
    occurrence = raw.get("occurrence", 1)
    part = raw.get("part", "body")
    text = part_text(article, part)
    start, end = locate(text, raw["text"], occurrence)
    if start < 0:
        place = "the title of article" if part == "title" else "article"
        raise NewslitError(
            f"{where}: item {raw['id']!r}: the text {raw['text']!r} does not occur {occurrence} time(s) in {place} "
            f"{article.id!r}. Copy the words exactly from the article (case and punctuation matter)."
        )
    return KeyItem(
        id=raw["id"],
        start=start,
        end=end,
        text=text[start:end],
        why=raw["why"],
        category=raw.get("category", ""),
        neutral=raw.get("neutral", ""),
        hint=raw.get("hint", ""),
        points=float(raw.get("points", points_default)),
        paragraph=None if part == "title" else article.paragraph_of(start),
        data=rest,
        part=part,
    )


def key_from_dict(data: object, article: Article | None = None, where: str = "answer key") -> AnswerKey:
    """Validate a key's JSON and resolve its spans against ``article``."""
    validate(data, "key", where)
    if article is None:
        article = load_article(data["article"])
    elif article.id != data["article"]:
        raise NewslitError(f"{where} is for article {data['article']!r}, not {article.id!r}.")
    ids = [raw["id"] for raw in data["items"] + data.get("defensible", [])]
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)  # one pass: a huge draft key stays linear
    if dupes:
        raise NewslitError(f"{where}: item ids must be unique; repeated: {', '.join(dupes)}.")
    kind = data.get("kind", "highlight")
    if kind in SPAN_KINDS:
        missing = [raw["id"] for raw in data["items"] if "text" not in raw]
        if missing:
            raise NewslitError(f"{where}: every item of a {kind} key needs \"text\" (the words in the article); missing in: {', '.join(missing)}.")
    if kind != "highlight":
        titled = [raw["id"] for raw in data["items"] + data.get("defensible", []) if raw.get("part") == "title"]
        if titled:
            raise NewslitError(f"{where}: only a highlight key can have items in the title (\"part\": \"title\"); "
                               f"a {kind} key cannot, in: {', '.join(titled)}. Remove \"part\" or point to the body text.")
    if kind == "labels":
        labels = data.get("labels") or {}
        if not labels:
            raise NewslitError(f"{where}: a labels key needs \"labels\": {{label id: name shown to learners}}.")
        for raw in data["items"]:
            for label in [raw.get("label")] + raw.get("accept", []):
                if label not in labels:
                    raise NewslitError(f"{where}: item {raw['id']!r} uses label {label!r}; use one of {', '.join(labels)}.")
    if kind == "rubric":
        bad = [raw["id"] for raw in data["items"] if not raw.get("keywords")]
        if bad:
            raise NewslitError(f"{where}: rubric ideas need \"keywords\" (words that show the idea is present); missing in: {', '.join(bad)}.")
    if kind == "checklist":
        bad = [raw["id"] for raw in data["items"] if "expected" not in raw]
        if bad:
            raise NewslitError(f"{where}: checklist items need \"expected\": true or false; missing in: {', '.join(bad)}.")
    if data["exercise"] == "loaded_language":
        categories = load_lexicon().categories
        for raw in data["items"]:
            if raw.get("category") not in categories:
                raise NewslitError(
                    f"{where}: item {raw['id']!r} has category {raw.get('category')!r}; use one of {', '.join(categories)}."
                )
    items = tuple(_resolve(raw, article, where, 1.0) for raw in data["items"])
    defensible = tuple(_resolve(raw, article, where, 0.0) for raw in data.get("defensible", []))
    return AnswerKey(article, data["exercise"], data["version"], items, defensible, kind,
                     dict(data.get("labels", {})), data.get("exemplar", ""), data.get("prompt", ""))


def load_key(article: Article | str, exercise: str) -> AnswerKey:
    """Load the key for ``exercise`` on ``article`` (an :class:`Article` or its id)."""
    if isinstance(article, str):
        article = load_article(article)
    path = key_path(article.id, exercise)
    if not path.exists():
        raise NewslitError(
            f"There is no {exercise} answer key for article {article.id!r} (expected {path}). "
            "Write one (see docs/formats.md) or pick an article that has one."
        )
    return key_from_dict(read_json(path, "Answer key"), article, where=f"Answer key {path}")
