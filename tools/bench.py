"""``make bench``: timings printed as figures (no timed tests).

* analysis of the sample article and of texts of 10,000 and 100,000 words,
  with the cost per word, to show it grows linearly;
* the claim finder on its own (lesson 2), on the same texts;
* executing every notebook in lessons/ and solutions/ with nbclient.
"""

from __future__ import annotations

import os
import tempfile
import time

from newslit.text.analysis import analyze
from newslit.text.articles import SAMPLE_ARTICLE, list_articles, load_article
from newslit.text.spans import words
from newslit.paths import REPO_DIR


def _text_of(n_words: int) -> str:
    paragraphs = [p for a in list_articles() for p in a.paragraphs]
    out, count, i = [], 0, 0
    while count < n_words:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        count += len(words(p))
        i += 1
    return "\n\n".join(out)


def _time(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_analysis() -> None:
    analyze("warm up the lexicons. The senator slammed it.")
    sample = load_article(SAMPLE_ARTICLE).text
    n_sample = len(words(sample))
    t_sample = _time(lambda: analyze(sample), repeat=5)
    print(f"analyze sample article   {n_sample:>8,} words  {t_sample * 1000:>9.1f} ms  {t_sample / n_sample * 1e6:>6.1f} µs/word")
    per_word = {}
    for n in (10_000, 100_000):
        text = _text_of(n)
        n_real = len(words(text))
        t = _time(lambda: analyze(text), repeat=2 if n < 50_000 else 1)
        per_word[n] = t / n_real
        print(f"analyze {n:>7,}-word text {n_real:>8,} words  {t * 1000:>9.1f} ms  {per_word[n] * 1e6:>6.1f} µs/word")
    ratio = per_word[100_000] / per_word[10_000]
    print(f"cost per word, 100,000 vs 10,000 words: {ratio:.2f} (1.00 = perfectly linear)")


def bench_claims() -> None:
    """The claim finder on its own (lesson 2): sample article, 10,000 and 100,000 words, claims per second."""
    from newslit.text.claims import find_claims

    find_claims("Critics say it failed. According to the Post, it worked.")  # warm up the lexicons
    sample = load_article(SAMPLE_ARTICLE).text
    n_sample = len(words(sample))
    t_sample = _time(lambda: find_claims(sample), repeat=5)
    print(f"claim finder, sample     {n_sample:>8,} words  {t_sample * 1000:>9.1f} ms  {t_sample / n_sample * 1e6:>6.1f} µs/word"
          f"  ({len(find_claims(sample))} claims)")
    per_word = {}
    for n in (10_000, 100_000):
        text = _text_of(n)
        n_real = len(words(text))
        found = []
        t = _time(lambda: found.append(len(find_claims(text))), repeat=2 if n < 50_000 else 1)
        per_word[n] = t / n_real
        print(f"claim finder, {n:>7,} words {n_real:>8,} words  {t * 1000:>9.1f} ms  {per_word[n] * 1e6:>6.1f} µs/word"
              f"  ({found[-1] / t:,.0f} claims/s)")
    print(f"claim finder cost per word, 100,000 vs 10,000 words: {per_word[100_000] / per_word[10_000]:.2f} (1.00 = linear)")


def bench_notebooks() -> None:
    import nbformat
    from nbclient import NotebookClient

    paths = sorted((REPO_DIR / "lessons").glob("*.ipynb")) + sorted((REPO_DIR / "solutions").glob("*.ipynb"))
    total = 0.0
    with tempfile.TemporaryDirectory() as home:
        os.environ["NEWSLIT_HOME"] = home
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
            took = time.perf_counter() - start
            total += took
            print(f"execute {path.relative_to(REPO_DIR)}: {took:.1f} s")
    print(f"execute all {len(paths)} notebooks: {total:.1f} s")


def run(notebooks: bool = True, grading_executions: int = 10) -> None:
    bench_analysis()
    bench_claims()
    if notebooks:
        bench_notebooks()
    from tools.bench_grading import bench_grading  # grading 200 hand-ins vs executing them; peak memory

    bench_grading(executions=grading_executions if notebooks else 0)


def main(argv=None) -> None:
    import argparse

    p = argparse.ArgumentParser(prog="python -m tools.bench",
                                description="print timings: analysis (sample and 100,000 words), notebook execution, grading")
    p.add_argument("--skip-notebooks", action="store_true", help="only time the analysis")
    p.add_argument("--grading-executions", type=int, default=10, metavar="N",
                   help="execute N of the 200 graded submissions with nbclient and estimate the rest (200: all)")
    args = p.parse_args(argv)
    run(notebooks=not args.skip_notebooks, grading_executions=args.grading_executions)


if __name__ == "__main__":
    main()
