"""Precision against recall of the loaded-language finder as its caution (confidence threshold) varies.

    python -m tools.plot_pr                         # writes docs/img/loaded_pr_curve.svg (dev texts)
    python -m tools.plot_pr --plot out.svg --splits dev

Word level, as ``python -m newslit evaluate`` counts. Each point is ``find_loaded(text, caution=c)`` for one c
from 0 to 1. Plain SVG written by hand (no plotting library), so it needs nothing beyond the kit. The default
reads the dev texts only: the held-out texts are for the figures in docs/figures.md, never for choosing a caution.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from newslit.instructor.evaluate import evaluate
from newslit.text.loaded import DEFAULT_CAUTION, find_loaded

CAUTIONS = [round(0.05 * k, 2) for k in range(21)]


def curve(splits: set[str], cautions=CAUTIONS) -> list[tuple[float, float, float]]:
    """(caution, precision, recall) for each caution, over the practice texts of ``splits``."""
    points = []
    for c in cautions:
        counts = sum_counts(evaluate(finder=lambda text, c=c: find_loaded(text, caution=c), splits=splits), splits)
        if counts.precision is not None and counts.recall is not None:
            points.append((c, counts.precision, counts.recall))
    return points


def sum_counts(groups: dict, splits: set[str]):
    from newslit.instructor.evaluate import Counts

    total = Counts()
    for name in splits:
        if name in groups:
            total.add(groups[name])
    return total


def svg(points: list[tuple[float, float, float]], title: str, before: tuple[float, float] | None = None) -> str:
    w, h, left, bottom, top, right = 520, 420, 60, 50, 40, 20
    pw, ph = w - left - right, h - top - bottom

    def x(r):
        return left + r * pw

    def y(p):
        return top + (1 - p) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="22" text-anchor="middle" font-size="14">{escape(title)}</text>']
    for k in range(11):
        v = k / 10
        out.append(f'<line x1="{x(v):.1f}" y1="{y(0):.1f}" x2="{x(v):.1f}" y2="{y(1):.1f}" stroke="#eee"/>')
        out.append(f'<line x1="{x(0):.1f}" y1="{y(v):.1f}" x2="{x(1):.1f}" y2="{y(v):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x(v):.1f}" y="{y(0) + 16:.1f}" text-anchor="middle">{v:.1f}</text>')
        out.append(f'<text x="{x(0) - 8:.1f}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.1f}</text>')
    out.append(f'<rect x="{x(0)}" y="{y(1)}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{x(0.5):.1f}" y="{h - 10}" text-anchor="middle">recall (share of key words flagged)</text>')
    out.append(f'<text x="16" y="{y(0.5):.1f}" text-anchor="middle" transform="rotate(-90 16 {y(0.5):.1f})">'
               'precision (share of flagged words in the key)</text>')
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(r):.1f},{y(p):.1f}" for i, (_, p, r) in enumerate(points))
    out.append(f'<path d="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    for c, p, r in points:
        mark = abs(c - DEFAULT_CAUTION) < 1e-9
        out.append(f'<circle cx="{x(r):.1f}" cy="{y(p):.1f}" r="{5 if mark else 3}" fill="{"#d0342c" if mark else "#1f5fa8"}">'
                   f'<title>caution {c:.2f}: P {p:.2f}, R {r:.2f}</title></circle>')
        if mark or (c, p, r) == points[-1]:
            out.append(f'<text x="{x(r) - 6:.1f}" y="{y(p) + 16:.1f}" text-anchor="end">caution {c:.2f}</text>')
    if before:
        p, r = before
        out.append(f'<rect x="{x(r) - 4:.1f}" y="{y(p) - 4:.1f}" width="8" height="8" fill="#777"/>')
        out.append(f'<text x="{x(r) + 8:.1f}" y="{y(p) + 4:.1f}">before (the finder of 2026-11-28)</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", default="docs/img/loaded_pr_curve.svg", help="where to write the SVG")
    parser.add_argument("--splits", nargs="+", default=["dev"], choices=["dev", "heldout"])
    parser.add_argument("--before", nargs=2, type=float, metavar=("P", "R"), help="mark an earlier finder's point")
    args = parser.parse_args(argv)
    points = curve(set(args.splits))
    title = f"Loaded-language finder, {' + '.join(args.splits)} texts: precision vs recall as caution varies"
    Path(args.plot).write_text(svg(points, title, tuple(args.before) if args.before else None), encoding="utf-8")
    for c, p, r in points:
        print(f"caution {c:.2f}  P {p:.3f}  R {r:.3f}")
    print(f"wrote {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
