"""How well does the loaded-language finder agree with the keys?

Measured on the kit's practice texts (``kind: practice``), separately for the
texts the lexicon was tuned on (``split: dev``) and the held-out ones, plus the
sample article. Word level, like published media-bias detectors: a word is a
true positive when the finder flags it and a key item covers it. Words inside
*defensible* items are left out of both counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newslit.text.articles import Article, list_articles, load_article, SAMPLE_ARTICLE
from newslit.keys.answer_key import key_path, load_key
from newslit.text.loaded import find_loaded
from newslit.text.spans import words


@dataclass
class CategoryCounts:
    """One category's figures. Recall side: key words of this category (the key item's category) that the finder
    flags with any category (``found``) or not (``missed``); ``agree``: found words the finder gave the key's
    category. Precision side: words the finder flags with this category that a key item covers (``right``) or not
    (``wrong``)."""

    found: int = 0
    missed: int = 0
    agree: int = 0
    right: int = 0
    wrong: int = 0

    def add(self, other: "CategoryCounts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float | None:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else None

    @property
    def recall(self) -> float | None:
        return self.found / (self.found + self.missed) if self.found + self.missed else None

    @property
    def agreement(self) -> float | None:
        return self.agree / self.found if self.found else None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    words: int = 0
    articles: int = 0
    categories: dict = field(default_factory=dict)  # category id -> CategoryCounts

    def add(self, other: "Counts") -> None:
        for name in ("tp", "fp", "fn", "words", "articles"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for cid, c in other.categories.items():
            self.categories.setdefault(cid, CategoryCounts()).add(c)

    def category(self, cid: str) -> "CategoryCounts":
        return self.categories.setdefault(cid, CategoryCounts())

    @property
    def agreement(self) -> float | None:
        """Share of found key words that the finder put in the key's category."""
        found = sum(c.found for c in self.categories.values())
        return sum(c.agree for c in self.categories.values()) / found if found else None

    @property
    def precision(self) -> float | None:
        """None when the finder flagged nothing."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """None when the key has nothing to find (neutral texts)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_flags_per_1000_words(self) -> float:
        return 1000 * self.fp / self.words if self.words else 0.0


def _covered(tokens, spans) -> set[int]:
    return {i for i, t in enumerate(tokens) for s in spans if t.start < s.end and t.end > s.start}


def _categorised(tokens, spans) -> dict[int, str]:
    """Word index -> the category of the (first) span covering it."""
    out: dict[int, str] = {}
    for s in spans:
        for i in _covered(tokens, [s]):
            out.setdefault(i, s.category)
    return out


def evaluate_article(article: Article, finder=None) -> Counts:
    """Word-level counts for one text; ``finder(text)`` returns spans with ``category`` (default: :func:`find_loaded`)."""
    key = load_key(article, "loaded_language")
    tokens = words(article.text)
    gold_cat = _categorised(tokens, [i for i in key.items if i.part == "body"])  # the finder reads the body text
    gold = set(gold_cat)
    forgiven = _covered(tokens, [i for i in key.defensible if i.part == "body"]) - gold
    flagged = {i: c for i, c in _categorised(tokens, (finder or find_loaded)(article.text)).items() if i not in forgiven}
    predicted = set(flagged)
    counts = Counts(len(predicted & gold), len(predicted - gold), len(gold - predicted), len(tokens), 1)
    for i, cid in gold_cat.items():
        c = counts.category(cid or "uncategorised")
        if i in flagged:
            c.found += 1
            c.agree += flagged[i] == cid
        else:
            c.missed += 1
    for i, cid in flagged.items():
        c = counts.category(cid)
        if i in gold:
            c.right += 1
        else:
            c.wrong += 1
    return counts


def is_neutral_control(article: Article) -> bool:
    """Neutral wire-style copy: neutral leaning, and the loaded-language key (if any) lists no item to find."""
    if article.meta.get("leaning") != "neutral":
        return False
    if not key_path(article.id, "loaded_language").exists():
        return True
    return not load_key(article, "loaded_language").items


def _grouped(exercise: str, count_article, empty, splits=None) -> dict:
    """``count_article`` summed per group: ``dev``, ``heldout``, ``neutral`` (wire-style controls) and ``sample``.

    Only articles with a key for ``exercise`` count; a neutral control counts in its split and in ``neutral``.
    A control is a text of neutral leaning whose loaded-language key has no items (:func:`is_neutral_control`):
    a neutral-leaning news story whose key still finds a loaded word or two counts in its split only.
    ``splits`` (e.g. ``{"dev"}``) limits the practice texts read to those splits (and leaves out the sample).
    """
    groups = {name: empty() for name in ("dev", "heldout", "neutral", "sample")
              if splits is None or name in splits or name == "neutral"}
    for article in list_articles(kind="practice"):
        split = article.meta.get("split", "dev")
        if splits is not None and split not in splits:
            continue
        if not key_path(article.id, exercise).exists():
            continue
        counts = count_article(article)
        groups[split].add(counts)
        if is_neutral_control(article):
            groups["neutral"].add(counts)
    if "sample" in groups and key_path(SAMPLE_ARTICLE, exercise).exists():
        groups["sample"].add(count_article(load_article(SAMPLE_ARTICLE)))
    return groups


def evaluate(finder=None, splits=None) -> dict[str, Counts]:
    """Loaded-language counts per group (see :func:`_grouped`); ``finder`` as in :func:`evaluate_article`."""
    return _grouped("loaded_language", lambda a: evaluate_article(a, finder), Counts, splits)


def _fmt(x) -> str:
    return f"{x:>7.2f}" if x is not None else f"{'n/a':>7}"


def report(groups: dict[str, Counts]) -> str:
    lines = [
        "Loaded-language finder, word level (key items vs finder flags; defensible words excluded)",
        f"{'group':<9}{'texts':>6}{'words':>8}{'P':>7}{'R':>7}{'F1':>7}{'false flags/1000 words':>25}{'category agrees':>17}",
    ]
    for name, c in groups.items():
        lines.append(f"{name:<9}{c.articles:>6}{c.words:>8}{_fmt(c.precision)}{_fmt(c.recall)}{_fmt(c.f1)}"
                     f"{c.false_flags_per_1000_words:>25.1f}{_fmt(c.agreement):>17}")
    lines.append("dev: texts the lexicon was tuned on; heldout: never tuned on; neutral: wire-style controls "
                 "(neutral leaning, no key items: any flag there is a false flag). For scale: word-level media-bias detectors reach F1 ~0.43 "
                 "(Spinde et al. 2021). category agrees: share of found key words the finder put in the key's category.")
    lines += ["", "Per category (R: key words of the category flagged with any category; agrees: ... with this one; "
              "P: words flagged with the category that a key item covers)",
              f"{'category:group':<28}{'key words':>10}{'R':>7}{'agrees':>8}{'flagged':>9}{'P':>7}"]
    for name in ("dev", "heldout"):
        if name not in groups:
            continue
        for cid, c in sorted(groups[name].categories.items()):
            lines.append(f"{cid + ':' + name:<28}{c.found + c.missed:>10}{_fmt(c.recall)}{_fmt(c.agreement):>8}"
                         f"{c.right + c.wrong:>9}{_fmt(c.precision)}")
    return "\n".join(lines)


# -- the claim finder (lesson 2) -------------------------------------------------------------------
#
# Claim level, on the texts that have a ``claims`` key. Detection: a key claim is found when a
# claim the finder reports overlaps at least half of it and at least half of the finder's claim
# (one to one). Support: for each found claim, does the finder's support equal the key's label
# (strict) or the label or one of its accepted alternatives? The key's ``opinion`` label counts as
# ``unsourced`` (the writer asserts it with no attribution); "opinions marked" says how many of the
# key's opinion claims the finder also marked as opinion.


@dataclass
class ClaimCounts:
    texts: int = 0
    items: int = 0  # claims in the keys
    predicted: int = 0  # claims the finder reported
    found: int = 0  # key claims matched by a finder claim
    agree: int = 0  # found claims with the key's support (or an accepted alternative)
    strict: int = 0  # found claims with exactly the key's support
    opinions: int = 0  # key claims labelled opinion
    opinions_marked: int = 0  # ... that the finder found and marked as opinion

    def add(self, other: "ClaimCounts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float | None:
        return self.found / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.items if self.items else None

    @property
    def agreement(self) -> float | None:
        return self.agree / self.found if self.found else None

    @property
    def strict_agreement(self) -> float | None:
        return self.strict / self.found if self.found else None


def evaluate_claims_article(article: Article) -> ClaimCounts:
    from newslit.text.claims import expected_support, find_claims, match_claims

    key = load_key(article, "claims")
    claims = find_claims(article.text)
    matched = match_claims(key.items, claims)
    counts = ClaimCounts(texts=1, items=len(key.items), predicted=len(claims), found=len(matched))
    for item in key.items:
        label = item.data.get("label")
        claim = matched.get(item.id)
        if label == "opinion":
            counts.opinions += 1
            counts.opinions_marked += bool(claim and claim.kind == "opinion")
        if claim is None:
            continue
        accepted = {expected_support(x) for x in [label] + list(item.data.get("accept", []))}
        counts.agree += claim.support in accepted
        counts.strict += claim.support == expected_support(label)
    return counts


def evaluate_claims(splits=None) -> dict[str, ClaimCounts]:
    """Claim-finder counts per group (see :func:`_grouped`); ``splits`` (e.g. ``{"dev"}``) as in :func:`evaluate`."""
    return _grouped("claims", evaluate_claims_article, ClaimCounts, splits)


def claims_report(groups: dict[str, ClaimCounts]) -> str:
    def fmt(x):
        return f"{x:>7.2f}" if x is not None else f"{'n/a':>7}"

    lines = [
        "Claim finder, claim level (key claims vs finder claims; opinion in a key counts as unsourced)",
        f"{'claims:group':<16}{'texts':>6}{'claims':>7}{'finder':>7}{'P':>7}{'R':>7}{'support':>9}{'strict':>8}{'opinions marked':>17}",
    ]
    for name, c in groups.items():
        opinions = f"{c.opinions_marked}/{c.opinions}" if c.opinions else "n/a"
        # rows read "claims:dev" so they never mix with the loaded-language rows above
        lines.append(f"{'claims:' + name:<16}{c.texts:>6}{c.items:>7}{c.predicted:>7}{fmt(c.precision)}{fmt(c.recall)}"
                     f"{fmt(c.agreement):>9}{fmt(c.strict_agreement):>8}{opinions:>17}")
    lines.append("P, R: claim detection (a match overlaps at least half of both spans). support: share of matched claims "
                 "where the finder's sourced/vague/unsourced equals the key's label or an accepted alternative; strict: "
                 "the key's label only. claims: in the keys; finder: claims the finder reported. dev: texts the rules "
                 "were written on; heldout: keys written before the finder ran on them, never used to write rules "
                 "(README: how the held-out set was kept).")
    return "\n".join(lines)
