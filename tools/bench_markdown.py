"""Markdown import timings, printed as figures: the cost per KB stays flat as the input doubles.

    .venv/bin/python tools/bench_markdown.py          # the inputs below at three sizes each
    .venv/bin/python tools/bench_markdown.py --quick  # smaller sizes

For each input, :func:`newslit.instructor.markdown_text.markdown_paragraphs`
is timed at half, once and twice the named size; ``s/KB`` is seconds per
kilobyte of input. Linear time shows as a flat ``s/KB`` column (timings on a
shared machine wobble by a factor of about 1.5; a quadratic cost would double
the column at each row).

The hand-written regular expressions that preceded the parser were quadratic
on brackets and on unclosed emphasis: ``[`` x 15,000 / 30,000 / 60,000 took
2.2 / 8.0 / 37 s (47 s on a busier day), ``*a `` x 10,000 / 20,000 took 6.3 /
20 s, ``_a `` 8.4 / 30 s, ``**a `` 6.3 / 29 s. (They were faster than the parser
on plain runs of ``*``, ``_``, ``](`` and ``>``: 0.01 to 0.02 s at the sizes
below.) The ``... then ]`` inputs defeat the parser's shortcut for unclosed
brackets (one ``]`` at the very end) and show markdown-it's own link search:
linear, but the slowest per KB; the last input is ordinary article text.
"""

from __future__ import annotations

import argparse
import gc
import time

from newslit.instructor.markdown_text import markdown_paragraphs

BODY = ("The council voted 7-2 to cut *evening* hours, and critics **slammed** the "
        "[devastating cuts](https://example.org/cuts). Officials said[^1] the budget was tight.\n\n")

# (label, unit, count at the named size, suffix)
CASES = [
    ("[ x 60,000", "[", 60_000, ""),
    ("* x 60,000", "*", 60_000, ""),
    ("* x 60,000 in text", "*", 60_000, " tail text"),
    ("_ x 60,000 in text", "_", 60_000, " tail text"),
    ("]( x 30,000", "](", 30_000, ""),
    ("nested > x 10,000", ">", 10_000, " tail text"),
    ("nested '- ' x 10,000", "- ", 10_000, "tail text"),
    ("'*a ' x 20,000", "*a ", 20_000, ""),
    ("'_a ' x 20,000", "_a ", 20_000, ""),
    ("'**a ' x 20,000", "**a ", 20_000, ""),
    ("[ x 60,000 then ]", "[", 60_000, "]"),
    ("![ x 30,000 then ]", "![", 30_000, "]"),
    ("[^ x 30,000 then ]", "[^", 30_000, "]"),
    ("[a]( x 15,000", "[a](", 15_000, ""),
    ("*a x 30,000", "*a", 30_000, ""),
    ("'> a' lines x 20,000", "> a\n", 20_000, ""),
    ("table rows x 10,000", "| 1 | 2 |\n", 10_000, ""),
    ("article text (170 B x 2,000)", BODY, 2_000, "[^1]: The budget report, 2024.\n"),
]


def _time(text: str) -> float:
    gc.collect()
    start = time.perf_counter()
    markdown_paragraphs(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the sizes")
    args = parser.parse_args()
    scale = 4 if args.quick else 1
    print(f"{'input':34} {'size':>10} {'seconds':>8} {'s/KB':>9}")
    for label, unit, count, suffix in CASES:
        for factor in (0.5, 1, 2):
            n = max(1, int(count * factor / scale))
            text = unit * n + suffix
            took = _time(text)
            kb = len(text.encode("utf-8")) / 1024
            print(f"{label if factor == 0.5 else '':34} {len(text):>10,} {took:>8.3f} {took / kb:>9.5f}", flush=True)


if __name__ == "__main__":
    main()
