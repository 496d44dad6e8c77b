"""The kit's language data: the loaded-language lexicon and the finders' word lists.

Both are data in ``datasets/lexicons/``; this module only reads them:

* :func:`load_lexicon`: ``loaded_language.json`` (categories, terms and the
  phrases that are not loaded), compiled into a matcher;
* :func:`load_wordlists`: any other ``<name>.json`` there (format
  ``newslit-wordlist/1``): the words and patterns the claim, attribution and
  context finders read (verbs of saying, titles, months, hedges, ...).

Every file is re-read when it changes. docs/formats.md describes the formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newslit.errors import NewslitError
from newslit.files import read_json
from newslit.paths import datasets_dir, kit_dir


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


def _includes(path: Path, data: dict) -> list[Path]:
    """The term-list files ``loaded_language.json`` includes (``"includes"``), beside it."""
    names = data.get("includes", []) if isinstance(data, dict) else []
    if not isinstance(names, list) or not all(isinstance(n, str) and "/" not in n and "\\" not in n for n in names):
        raise NewslitError(f"Lexicon {path}: \"includes\" must list file names beside it.")
    return [path.parent / name for name in names]


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> Lexicon:
    data = read_json(path, "Lexicon")
    for extra in _includes(path, data):
        more = read_json(extra, "Lexicon term lists")
        if not isinstance(more, dict):
            raise NewslitError(f"Lexicon term lists {extra} are malformed; compare them with docs/formats.md.")
        for key in ("term_lists", "quiet_lists"):
            merged = dict(data.get(key, {}))
            merged.update(more.get(key, {}))
            data[key] = merged
    try:
        categories = {
            cid: Category(cid, c["name"], c["description"], c["reason"]) for cid, c in data["categories"].items()
        }
        terms = []
        for cid, entries in data["terms"].items():
            if cid not in categories:
                raise NewslitError(f"Lexicon {path}: terms listed under unknown category {cid!r}.")
            terms += [Term(_split(entry), cid) for entry in entries]
        for name, entry in data.get("term_lists", {}).items():  # named lists, each with its category and provenance
            if entry["category"] not in categories:
                raise NewslitError(f"Lexicon {path}: term list {name!r} has unknown category {entry['category']!r}.")
            terms += [Term(_split(t), entry["category"]) for t in entry["terms"]]
        quiet_words = list(data.get("quiet", []))
        for entry in data.get("quiet_lists", {}).values():
            quiet_words += entry["phrases"]
        terms = list({(t.words, t.category): t for t in terms}.values())  # a term listed twice counts once
        quiet = tuple(dict.fromkeys(_split(q) for q in quiet_words))
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


def finder_model_path() -> Path:
    """The loaded-language finder's second-stage weights (``tools/train_finder.py`` writes them)."""
    path = datasets_dir() / "lexicons" / "finder_model.json"
    return path if path.exists() else kit_dir("datasets") / "lexicons" / "finder_model.json"


@lru_cache(maxsize=4)
def _load_model(path: Path, mtime: float) -> dict | None:
    if not path.exists():
        return None
    data = read_json(path, "Finder model")
    if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
        raise NewslitError(f"Finder model {path} has no weights; retrain it with python -m tools.train_finder.")
    return data


def load_finder_model() -> dict | None:
    """The finder model's JSON (``features``, ``weights``, ``bias``), or None when the kit has none."""
    path = finder_model_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _load_model(path, mtime)


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The lexicon in ``datasets/lexicons`` (re-read when the file changes)."""
    path = Path(path or lexicon_path())
    try:  # the included term lists are the siblings named loaded_language_*.json
        mtime = path.stat().st_mtime + sum(p.stat().st_mtime for p in path.parent.glob(path.stem + "_*.json"))
    except OSError:
        mtime = 0.0
    return _load(path, mtime)


# -- word lists (newslit-wordlist/1) ----------------------------------------------------------------

WORDLISTS_FORMAT = "newslit-wordlist/1"
_PLACEHOLDER = re.compile(r"\{@(?:(?P<file>[a-z_]+):)?(?P<name>[a-z_]+)\}")
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE}


@dataclass(frozen=True)
class WordLists:
    """One word-list file: named lists of words or phrases, tables and compiled patterns.

    ``pattern_lists`` are ordered lists of patterns, each with the extra fields its entry
    carries (``{"names": "group"}``); ``tables`` map a word to a word or a phrase.
    """

    name: str
    path: Path
    lists: dict[str, tuple[str, ...]]
    tables: dict[str, dict[str, str]]
    patterns: dict[str, re.Pattern]
    pattern_lists: dict[str, tuple[tuple[re.Pattern, dict], ...]]

    def _get(self, kind: str, store: dict, name: str):
        try:
            return store[name]
        except KeyError:
            raise NewslitError(f"Word lists {self.path} have no {kind} {name!r}; compare the file with docs/formats.md "
                               "or restore it from the kit.") from None

    def list(self, name: str) -> tuple[str, ...]:
        """The entries of list ``name``, in file order."""
        return self._get("list", self.lists, name)

    def words(self, name: str) -> frozenset[str]:
        """The entries of list ``name`` as a set."""
        return frozenset(self.list(name))

    def table(self, name: str) -> dict[str, str]:
        return self._get("table", self.tables, name)

    def pattern(self, name: str) -> re.Pattern:
        return self._get("pattern", self.patterns, name)

    def pattern_list(self, name: str) -> tuple[tuple[re.Pattern, dict], ...]:
        return self._get("pattern list", self.pattern_lists, name)


def wordlists_path(name: str) -> Path:
    """``<datasets>/lexicons/<name>.json``; the kit's own copy when the datasets folder in use has none."""
    path = datasets_dir() / "lexicons" / f"{name}.json"
    return path if path.exists() else kit_dir("datasets") / "lexicons" / f"{name}.json"


def alternation(entries) -> str:
    """A regex alternation matching any of ``entries`` literally, in order (no group around it)."""
    return "|".join(re.escape(entry) for entry in entries)


def _expand(regex: str, lists: dict[str, tuple[str, ...]], where: str) -> str:
    """Replace ``{@list}`` (a list of this file) and ``{@file:list}`` (of another word-list file) with an alternation."""

    def one(m: re.Match) -> str:
        if m.group("file"):
            return alternation(load_wordlists(m.group("file")).list(m.group("name")))
        if m.group("name") not in lists:
            raise NewslitError(f"{where} refers to {{@{m.group('name')}}}, which is not a list in that file.")
        return alternation(lists[m.group("name")])

    return _PLACEHOLDER.sub(one, regex)


def _compile(entry: dict, lists: dict, where: str) -> re.Pattern:
    flags = 0
    for letter in entry.get("flags", ""):
        if letter not in _FLAGS:
            raise NewslitError(f"{where}: unknown flag {letter!r} (use i or m).")
        flags |= _FLAGS[letter]
    try:
        return re.compile(_expand(entry["regex"], lists, where), flags)
    except re.error as exc:
        raise NewslitError(f"{where}: the regex does not compile ({exc}). Fix it or restore the file from the kit.") from None


@lru_cache(maxsize=32)
def _load_wordlists(path: Path, mtime: float) -> WordLists:
    data = read_json(path, "Word lists")
    try:
        if data.get("format") != WORDLISTS_FORMAT:
            raise NewslitError(f"Word lists {path}: format is {data.get('format')!r}, expected {WORDLISTS_FORMAT!r}.")
        lists = {}
        for name, entry in data.get("lists", {}).items():
            words = entry["words"]
            if not all(isinstance(w, str) and w for w in words):
                raise NewslitError(f"Word lists {path}: list {name!r} holds something other than words.")
            lists[name] = tuple(words)
        for name, entry in data.get("lists", {}).items():
            parent = entry.get("subset_of")
            if parent and not set(lists[name]) <= set(lists[parent]):
                extra = sorted(set(lists[name]) - set(lists[parent]))
                raise NewslitError(f"Word lists {path}: list {name!r} has {extra[:5]} not in {parent!r}.")
        tables = {name: {str(k): str(v) for k, v in entry["entries"].items()} for name, entry in data.get("tables", {}).items()}
        patterns = {name: _compile(entry, lists, f"Word lists {path}, pattern {name!r}")
                    for name, entry in data.get("patterns", {}).items()}
        pattern_lists = {
            name: tuple((_compile(item, lists, f"Word lists {path}, pattern list {name!r}"),
                         {k: v for k, v in item.items() if k not in ("regex", "flags")}) for item in entry["patterns"])
            for name, entry in data.get("pattern_lists", {}).items()
        }
    except (KeyError, TypeError, AttributeError) as exc:
        raise NewslitError(f"Word lists {path} are malformed ({exc!r}); compare them with docs/formats.md.") from None
    return WordLists(str(data.get("name", path.stem)), path, lists, tables, patterns, pattern_lists)


def load_wordlists(name: str) -> WordLists:
    """The word lists in ``datasets/lexicons/<name>.json`` (re-read when the file changes)."""
    path = wordlists_path(name)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _load_wordlists(path, mtime)
