"""Grouped cross-validation of the loaded-language finder's second stage on the dev texts.

    python -m tools.cv_finder                  # 5 folds by text: P/R/F1 on the held-back texts, neutral flags
    python -m tools.cv_finder --cautions 0.3,0.5,0.7
    python -m tools.cv_finder --repeats 3      # three shuffles into folds, counts summed (steadier figures)
    python -m tools.cv_finder --unseen-lexicon # also forget lexicon terms met only in the held-back texts
    python -m tools.cv_finder --unseen-quiet   # ... and quiet entries (ordinary senses) only they need

The dev figures of ``python -m newslit evaluate`` with the shipped weights are training figures: the weights
were fitted on those very texts. Here each dev text is scored by weights trained without it: the dev texts
(``split: dev`` only, never the held-out ones) fall into 5 folds by a hash of their id (the same folds on every
machine, and a text keeps its fold when others are added); for each fold the second stage is trained on the
other four exactly as ``tools.train_finder`` trains it on all of them (``training_set``, ``train``), and the
finder runs with those weights on the fold. Words are counted exactly as
``newslit.instructor.evaluate.evaluate_article`` counts them (defensible words left out), and summed; the flags
kept are also counted by source (lexicon, quotes, textblob, vader) with how many a key item overlaps.

The lexicon itself was written on the dev texts, so its terms are "seen" in every fold. ``--unseen-lexicon``
adds a harsher estimate, nearer to text nobody tuned on: in each fold, a lexicon candidate whose words (as
lemmas) are not a lexicon candidate in any training text is dropped, as if the lexicon had been written on the
training texts alone (pessimistic: the lexicon also holds general terms a curator would add anyway).

The quiet list (ordinary senses: "heart attack", "no one was injured") was also written on the dev texts, so
neutral dev texts get no false flags under cross-validation however loose the second stage is. ``--unseen-quiet``
restores, in each held-back text, the candidates that only quiet entries no training text needs keep out (see
``tools.train_finder.suppressed``): the lone ordinary-sense hits the finder meets in wire copy nobody tuned it on,
which is what the "neutral false flags" column should count.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib

from newslit.instructor.evaluate import Counts, evaluate_article, is_neutral_control
from newslit.keys.answer_key import load_key
from newslit.text.lexicon import load_lexicon
from newslit.text.loaded import candidates, keep
from tools.train_finder import (QUIET_TRAINING, as_if_unseen, dev_articles, lexicon_term, restored, suppressed, train,
                                training_set)

FOLDS = 5


def fold_of(article_id: str, repeat: int = 0) -> int:
    """The text's fold: a hash of its id (repeat 0), or of the id with the repeat's number (other shuffles)."""
    key = article_id if not repeat else f"{repeat}:{article_id}"
    return zlib.crc32(key.encode("utf-8")) % FOLDS


def _overlaps(span, items) -> bool:
    return any(span.start < i.end and span.end > i.start for i in items if i.start is not None)


def cross_validate(cautions=(0.5,), unseen_lexicon: bool = False, articles=None, repeats: int = 1,
                   unseen_quiet: bool = False, quiet_training: bool = QUIET_TRAINING, found: dict | None = None,
                   quieted: dict | None = None) -> dict:
    """{caution: {"all": Counts, "neutral": Counts, "sources": {source: [flags a key item overlaps, flags no item
    or defensible item overlaps]}}} over the held-back folds, summed over ``repeats`` shuffles of the texts into
    folds (each text is held back once per repeat). ``unseen_quiet``: see the module's docstring;
    ``quiet_training``: train as ``tools.train_finder`` does with ``QUIET_TRAINING``; ``found`` and ``quieted``: the
    texts' candidates and quieted candidates when the caller already has them (several runs on the same data)."""
    lexicon = load_lexicon()
    articles = dev_articles() if articles is None else articles
    found = found if found is not None else {a.id: candidates(a.text, lexicon) for a in articles}
    if quieted is None:
        quieted = {a.id: suppressed(a.text, found[a.id], lexicon) for a in articles} \
            if unseen_quiet or quiet_training else {}
    out = {c: {"all": Counts(), "neutral": Counts(), "sources": {}} for c in cautions}
    for repeat, fold in ((r, f) for r in range(repeats) for f in range(FOLDS)):
        training = [a for a in articles if fold_of(a.id, repeat) != fold]
        model = train(*training_set(training, found, quieted if quiet_training else None))
        seen = {lexicon_term(s) for a in training for s, _f in found[a.id] if s.source == "lexicon"}
        quiet_seen = set().union(*(why for a in training for _s, _f, why in quieted.get(a.id, ())))
        for article in articles:
            if fold_of(article.id, repeat) != fold:
                continue
            cands = found[article.id]
            if unseen_lexicon:
                cands = as_if_unseen(cands, seen)
            if unseen_quiet:
                cands = restored(cands, quieted[article.id], quiet_seen)
            key = load_key(article, "loaded_language")
            for c in cautions:
                kept = keep(cands, c, model)
                counts = evaluate_article(article, lambda text, kept=kept: kept)
                out[c]["all"].add(counts)
                for span in kept:  # span level, by source: does a key item overlap the flag?
                    if _overlaps(span, key.items):
                        out[c]["sources"].setdefault(span.source, [0, 0])[0] += 1
                    elif not _overlaps(span, key.defensible):
                        out[c]["sources"].setdefault(span.source, [0, 0])[1] += 1
                if is_neutral_control(article):
                    out[c]["neutral"].add(counts)
    return out


def _fmt(x) -> str:
    return f"{x:.3f}" if x is not None else "n/a"


def report(results: dict, title: str) -> str:
    lines = [title, f"{'caution':>8} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}  neutral false flags"]
    for c, r in results.items():
        a, n = r["all"], r["neutral"]
        lines.append(f"{c:>8.2f} {_fmt(a.precision):>6} {_fmt(a.recall):>6} {_fmt(a.f1):>6} {a.tp:>5} {a.fp:>5} {a.fn:>5}"
                     f"  {n.fp} words in {n.articles} texts ({n.false_flags_per_1000_words:.1f}/1000 words)")
    for c, r in results.items():
        by_source = ", ".join(f"{name} {right}/{right + wrong}" for name, (right, wrong) in sorted(r["sources"].items()))
        lines.append(f"{c:>8.2f} flags a key item overlaps, by source: {by_source}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cautions", default="0.5", help="comma-separated cautions to report (default 0.5)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="shuffle the texts into folds this many ways and sum the counts (steadier figures)")
    parser.add_argument("--unseen-lexicon", action="store_true",
                        help="also report with lexicon terms met only in the held-back fold forgotten")
    parser.add_argument("--unseen-quiet", action="store_true",
                        help="in the held-back fold, forget the quiet entries no training text needs")
    args = parser.parse_args(argv)
    cautions = tuple(float(c) for c in args.cautions.split(","))
    start = time.perf_counter()
    n = len(dev_articles())
    runs = f" x {args.repeats} shuffles, counts summed" if args.repeats > 1 else ""
    runs += "; quiet entries only the held-back texts need forgotten" if args.unseen_quiet else ""
    print(report(cross_validate(cautions, repeats=args.repeats, unseen_quiet=args.unseen_quiet),
                 f"{FOLDS}-fold cross-validation by text on {n} dev texts{runs} (word level)"))
    if args.unseen_lexicon:
        print(report(cross_validate(cautions, unseen_lexicon=True, repeats=args.repeats,
                                    unseen_quiet=args.unseen_quiet),
                     "... with lexicon terms met only in the held-back fold forgotten (pessimistic)"))
    print(f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
