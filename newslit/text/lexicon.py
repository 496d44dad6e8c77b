"""The loaded-language lexicon: categories, terms and the phrases that are not loaded.

The lexicon is data (``datasets/lexicons/loaded_language.json``); this module
only reads it and compiles its terms into a matcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newslit.errors import NewslitError
from newslit.files import read_json
from newslit.paths import datasets_dir


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    reason: str  # a template with {text}

    def reason_for(self, text: str) -> str:
        return self.reason.format(text=text)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # lower case; a trailing * is a prefix match
    category: str

    def matches(self, tokens: list[str], at: int) -> bool:
        if at + len(self.words) > len(tokens):
            return False
        for pattern, token in zip(self.words, tokens[at:at + len(self.words)]):
            if pattern.endswith("*"):
                if not token.startswith(pattern[:-1]):
                    return False
            elif token != pattern:
                return False
        return True


@dataclass(frozen=True)
class Lexicon:
    categories: dict[str, Category]
    terms: tuple[Term, ...]
    quiet: tuple[tuple[str, ...], ...]
    textblob_min_polarity: float
    textblob_min_subjectivity: float
    textblob_quiet: frozenset[str]
    function_words: frozenset[str] = frozenset()
    index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for term in self.terms:  # longest terms first, so the longest match wins
            self.index.setdefault(index_key(term.words[0]), []).append(term)
        for phrase in self.quiet:
            self.index.setdefault(("quiet", index_key(phrase[0])), []).append(phrase)


def index_key(word: str) -> str:
    """Terms are filed under the first three letters of their first word."""
    return word.rstrip("*")[:3]


def _split(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().split())


def lexicon_path() -> Path:
    return datasets_dir() / "lexicons" / "loaded_language.json"


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> Lexicon:
    data = read_json(path, "Lexicon")
    try:
        categories = {
            cid: Category(cid, c["name"], c["description"], c["reason"]) for cid, c in data["categories"].items()
        }
        terms = []
        for cid, entries in data["terms"].items():
            if cid not in categories:
                raise NewslitError(f"Lexicon {path}: terms listed under unknown category {cid!r}.")
            terms += [Term(_split(entry), cid) for entry in entries]
        quiet = tuple(_split(q) for q in data.get("quiet", []))
        tb = data.get("textblob", {})
        return Lexicon(
            categories,
            tuple(sorted(terms, key=lambda t: -len(t.words))),
            quiet,
            float(tb.get("min_abs_polarity", 1.1)),
            float(tb.get("min_subjectivity", 1.1)),
            frozenset(w.lower() for w in data.get("textblob_quiet", [])),
            frozenset(w.lower() for w in data.get("function_words", [])),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise NewslitError(f"Lexicon {path} is malformed ({exc!r}); compare it with docs/formats.md.") from None


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The lexicon in ``datasets/lexicons`` (re-read when the file changes)."""
    path = Path(path or lexicon_path())
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _load(path, mtime)
