"""Precision against recall of the loaded-language finder as its caution (confidence threshold) varies.

Word level, as ``newslit evaluate`` counts: each point is ``find_loaded(text, caution=c)`` for one ``c`` from 0
to 1 over the practice texts of one group (dev or held-out). ``newslit evaluate --curve FILE`` draws the curves
as an SVG picture (a template, so every label is escaped) for docs/figures.md. The caution the kit ships with is
chosen on dev texts only; the held-out curve shows what that choice gives on text nobody tuned on.
"""

from __future__ import annotations

from newslit.instructor.evaluate import Counts, evaluate
from newslit.render.templates import render
from newslit.text.loaded import DEFAULT_CAUTION, find_loaded

CAUTIONS = tuple(round(0.05 * k, 2) for k in range(21))
COLOURS = {"dev": "#1f5fa8", "heldout": "#b35900"}
NAMES = {"dev": "dev texts (tuned on)", "heldout": "held-out texts"}


def curve(split: str, cautions=None) -> list[tuple[float, float, float]]:
    """(caution, precision, recall) for each caution (default :data:`CAUTIONS`) at which the finder flags some key
    word, over ``split``'s texts."""
    points = []
    for c in CAUTIONS if cautions is None else cautions:
        groups = evaluate(finder=lambda text, c=c: find_loaded(text, caution=c), splits={split})
        counts = groups.get(split, Counts())
        if counts.precision is not None and counts.recall:  # a caution that flags nothing has no precision to draw
            points.append((c, counts.precision, counts.recall))
    return points


def svg(curves: dict[str, list[tuple[float, float, float]]], title: str,
        marks: list[tuple[str, float, float]] = ()) -> str:
    """The picture: one line per group in ``curves``, and a grey square per ``(label, precision, recall)`` mark."""
    w, h, left, right, top, bottom = 560, 440, 60, 540, 40, 390

    def x(r):
        return round(left + r * (right - left), 1)

    def y(p):
        return round(bottom - p * (bottom - top), 1)

    lines = []
    for split, points in curves.items():
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(r)},{y(p)}" for i, (_, p, r) in enumerate(points))
        lines.append({"name": NAMES.get(split, split), "colour": COLOURS.get(split, "#444"), "dashed": split != "heldout",
                      "path": path, "points": [
                          {"x": x(r), "y": y(p), "caution": f"{c:.2f}", "precision": f"{p:.2f}", "recall": f"{r:.2f}",
                           "default": abs(c - DEFAULT_CAUTION) < 1e-9} for c, p, r in points]})
    ticks = [{"x": x(k / 10), "y": y(k / 10), "label": f"{k / 10:.1f}"} for k in range(11)]
    return render("figures/pr_curve.svg", w=w, h=h, left=left, right=right, top=top, bottom=bottom, title=title,
                  ticks=ticks, lines=lines,
                  marks=[{"x": x(r), "y": y(p), "label": label} for label, p, r in marks]) + "\n"
