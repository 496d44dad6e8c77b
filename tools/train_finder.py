"""Retrain the loaded-language finder's second stage from the kit's data.

    python -m tools.train_finder            # writes datasets/lexicons/finder_model.json
    python -m tools.train_finder --check    # exit 1 if retraining would change the shipped weights
    python -m tools.train_finder --show     # the shipped weights, strongest first

A logistic regression over the features ``newslit.text.loaded.candidates`` gives each candidate span (its
source and category, inside a quotation or not, after a negation, matched through a lemma or a gap, TextBlob's
polarity and subjectivity and VADER's valence of its words, its ending, a verb of saying nearby, lexicon terms
around it, capitalised inside a sentence, after an article, in a sentence that reports speech, and how loaded and how
wire-like the whole text is: other candidates per 100 words, sentences with a lexicon term, a dateline, "said" per 100
words, share in quotation). Trained on the ``split: dev`` practice texts only
(never the held-out ones): a candidate is positive when a key item covers it, negative when neither an item nor
a defensible item does (candidates on defensible items are left out). The lexicon was written on these very
texts, so each text also counts as the finder would see it on new text: a second copy, with the lexicon terms no
other dev text holds forgotten, teaches the model how far the other evidence (TextBlob, VADER, context) goes on
its own (see ``training_set``); that copy also forgets the quiet entries (ordinary senses: "no one was injured") no
other dev text needs, so the model meets the lone ordinary-sense hits it will meet in wire copy nobody tuned the
lexicon on. ``python -m tools.cv_finder`` measures how well the weights carry to texts they were not fitted on.
Newton's method with an L2 penalty from zero weights: the same data gives the same weights on any machine
(rounded to 4 decimals). numpy only; the finder itself needs nothing but the JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

import numpy as np

from newslit.keys.answer_key import key_path, load_key
from newslit.text.articles import list_articles
from newslit.paths import datasets_dir
from newslit.text.lexicon import load_lexicon
from newslit.text.loaded import candidates, lemma, quiet_phrases, unquieted, with_neighbourhood
from newslit.text.spans import words

L2 = 0.5
ITERATIONS = 30
FORMAT = "newslit-finder-model/1"


def dev_articles() -> list:
    """The dev practice texts with a loaded-language key, sorted by id (never the held-out ones)."""
    return [a for a in sorted(list_articles(kind="practice"), key=lambda a: a.id)
            if a.meta.get("split", "dev") == "dev" and key_path(a.id, "loaded_language").exists()]


def _hits(span, items) -> bool:
    """Does a candidate in the body text overlap a body item (a headline item's offsets count in the title)?"""
    return any(span.start < i.end and span.end > i.start for i in items if i.start is not None and i.part == "body")


def labelled(article, found) -> tuple[list[dict], list[int]]:
    """Feature dicts and labels of one text's candidates ``found``: 1 when a key item covers the candidate, 0 when
    neither an item nor a defensible item does (candidates on defensible items are left out)."""
    key = load_key(article, "loaded_language")
    rows, labels = [], []
    for span, features in found:
        if _hits(span, key.items):
            labels.append(1)
        elif _hits(span, key.defensible):
            continue
        else:
            labels.append(0)
        rows.append(features)
    return rows, labels


def lexicon_term(span) -> tuple[str, ...]:
    """A lexicon hit's words as lemmas: the same term in any of its forms."""
    return tuple(lemma(t.text.lower().replace("\u2019", "'")) for t in words(span.text))


def as_if_unseen(found, seen) -> list:
    """One text's candidates as the finder would find them had the lexicon been written without that text: lexicon
    hits whose term is not in ``seen`` dropped, the neighbourhoods recounted (on copies of the features)."""
    return with_neighbourhood([(s, dict(f)) for s, f in found if s.source != "lexicon" or lexicon_term(s) in seen])


def suppressed(text: str, found, lexicon) -> list[tuple]:
    """The candidates the lexicon's quiet list keeps out of ``text`` (``found``: its candidates), each as (span,
    features, the quiet phrases and TextBlob quiet words that keep it out): what the finder would flag had nobody
    tuned the quiet list on this text."""
    have = {(s.start, s.end, s.source) for s, _f in found}
    phrases = quiet_phrases(text, lexicon)
    out = []
    for span, features in candidates(text, unquieted(lexicon)):
        if (span.start, span.end, span.source) in have:
            continue
        why = {p for a, b, p in phrases if a < span.end and b > span.start}
        if span.source in ("textblob", "vader") and span.text.lower() in lexicon.textblob_quiet:
            why.add(("textblob_quiet", span.text.lower()))
        if why:  # else the quiet list changed how a longer term matched: left out
            out.append((span, features, frozenset(why)))
    return out


def restored(found, quieted, seen) -> list:
    """``found`` plus the ``quieted`` candidates (from ``suppressed``) that no quiet entry in ``seen`` keeps out, the
    neighbourhoods recounted (on copies of the features)."""
    back = [(s, dict(f)) for s, f, why in quieted if not why & seen]
    return with_neighbourhood([(s, dict(f)) for s, f in found] + back) if back else found


def training_set(articles, found: dict, quieted: dict | None = None) -> tuple[list[dict], list[int], list[float]]:
    """(feature dicts, labels, row weights) from ``articles``, whose candidates ``found`` maps from their ids.

    Each text counts twice, each copy with weight UNSEEN_SHARE or 1 - UNSEEN_SHARE: once as the finder sees it,
    and once as it would see it on new text, with the lexicon terms that no other training text holds forgotten
    (the lexicon was written on these texts, so on its own it would teach the model that every loaded word is a
    lexicon hit). With ``quieted`` (each text's ``suppressed`` candidates), the second copy also forgets the quiet
    entries no other training text needs, so the model meets the ordinary senses the quiet list hides."""
    terms = {a.id: {lexicon_term(s) for s, _f in found[a.id] if s.source == "lexicon"} for a in articles}
    texts_with = Counter(t for a in articles for t in terms[a.id])
    needs = {a.id: set().union(*(why for _s, _f, why in quieted[a.id])) for a in articles} if quieted else {}
    texts_needing = Counter(w for entries in needs.values() for w in entries)
    rows, labels, weights = [], [], []
    for article in articles:
        elsewhere = {t for t in terms[article.id] if texts_with[t] > 1}
        unseen = as_if_unseen(found[article.id], elsewhere)
        if quieted:
            unseen = restored(unseen, quieted[article.id], {w for w in needs[article.id] if texts_needing[w] > 1})
        for share, cands in ((1.0 - UNSEEN_SHARE, found[article.id]), (UNSEEN_SHARE, unseen)):
            if not share:
                continue
            r, l = labelled(article, cands)
            rows += r
            labels += l
            weights += [share] * len(l)
    return rows, labels, weights


UNSEEN_SHARE = 0.5
QUIET_TRAINING = True  # the second copy also forgets quiet entries no other text needs (see training_set)


def train(rows: list[dict], labels: list[int], weights: list[float] | None = None) -> dict:
    names = sorted({name for row in rows for name in row if not name.startswith("_")})  # "_words" etc.: context
    column = {n: k for k, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for name, value in row.items():
            if name in column:
                x[r, column[name]] = value
    x = np.hstack([np.ones((len(rows), 1)), x])  # bias first
    y = np.asarray(labels, dtype=float)
    c = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2)
    penalty[0] = 0.0  # the bias is not shrunk
    for _ in range(ITERATIONS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (c * (p - y)) + penalty * w
        hess = (x * (c * p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1])
        w -= np.linalg.solve(hess, grad)
    return {"bias": round(float(w[0]), 4), "weights": {n: round(float(v), 4) for n, v in zip(names, w[1:])}}


def build() -> dict:
    lexicon = load_lexicon()
    articles = dev_articles()
    found = {a.id: candidates(a.text, lexicon) for a in articles}
    quieted = {a.id: suppressed(a.text, found[a.id], lexicon) for a in articles} if QUIET_TRAINING else None
    fitted = train(*training_set(articles, found, quieted))
    as_seen = [labelled(a, found[a.id])[1] for a in articles]
    return {
        "format": FORMAT,
        "note": "Second stage of the loaded-language finder: confidence = 1 / (1 + exp(-(bias + sum of weight x "
                "feature))). Written by python -m tools.train_finder from the dev practice texts; do not edit by hand.",
        "licence": "CC BY 4.0. Trained by the newslit team on the kit's own practice texts and keys.",
        "trained_on": {"split": "dev", "texts": len(articles), "candidates": sum(map(len, as_seen)),
                       "positives": sum(map(sum, as_seen)), "unseen_share": UNSEEN_SHARE,
                       "quiet_forgotten": QUIET_TRAINING},
        "l2": L2,
        "bias": fitted["bias"],
        "weights": fitted["weights"],
    }


def show(model: dict) -> str:
    """The model as a table a person can read: bias, then each feature's weight, the strongest first (a positive
    weight makes a flag more likely; features are 0 or 1 except the scores and ``loaded_nearby``, 0 to 1)."""
    lines = [f"trained on {model.get('trained_on')}", f"{'bias':<40}{model['bias']:>+9.3f}"]
    for name, weight in sorted(model["weights"].items(), key=lambda item: (-abs(item[1]), item[0])):
        lines.append(f"{name:<40}{weight:>+9.3f}")
    return "\n".join(lines)


def model_path():
    return datasets_dir() / "lexicons" / "finder_model.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped weights instead of writing")
    parser.add_argument("--show", action="store_true", help="print the shipped weights, strongest first, and stop")
    args = parser.parse_args(argv)
    if args.show:
        print(show(json.loads(model_path().read_text(encoding="utf-8"))))
        return 0
    model = build()
    text = json.dumps(model, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if args.check:
        same = model_path().exists() and model_path().read_text(encoding="utf-8") == text
        print("finder model is up to date" if same else "finder model differs: run python -m tools.train_finder")
        return 0 if same else 1
    model_path().write_text(text, encoding="utf-8")
    print(f"wrote {model_path()}: {model['trained_on']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
