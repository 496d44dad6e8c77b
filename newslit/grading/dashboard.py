"""The class dashboard: what a class handed in, at a glance, for a projector.

Everything is read through the grader's reading code (:class:`newslit.grading.grade.Grader`):
the same file checks, the same choice of hand-in, the same scores, and **no
learner code is run**. Each function returns a pandas ``DataFrame``, or HTML
rendered from one by a template in ``newslit/render/templates/dashboard/``
(autoescape: every learner name, file name and word is shown as text; a teacher
can translate or brand the templates, see :mod:`newslit.render.templates`).
:class:`Dashboard` shows them all and is rebuilt by re-running one cell as more
notebooks arrive (``instructor/class_dashboard.ipynb``).

Charts are HTML and CSS bars, not images: every bar carries its number as text,
colours pass WCAG AA contrast (:data:`HEAT`), and nothing relies on colour alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from newslit.grading import lms
from newslit.grading.grade import Grader, Submission, resolve_same_learner, collect_files
from newslit.learner.handin import readable_answers
from newslit.render.templates import Markup, render

# Heat-map steps: (lowest share of learners, background, text colour). Each pair has a contrast of at least 4.5:1.
HEAT = (
    (0.0, "#ffffff", "#1b1b1b"),
    (0.01, "#deebf7", "#1b1b1b"),
    (0.25, "#9ecae1", "#1b1b1b"),
    (0.5, "#2171b5", "#ffffff"),
    (0.75, "#08306b", "#ffffff"),
)
BAR = "#1f4e99"  # bars on white: contrast 8.3:1


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def heat_colours(share: float) -> tuple[str, str]:
    """``(background, text)`` for a share of learners (0..1)."""
    chosen = HEAT[0]
    for step in HEAT:
        if share >= step[0]:
            chosen = step
    return chosen[1], chosen[2]


# -- reading a class -------------------------------------------------------------------------------


class _Reader(Grader):
    """The grader, also keeping the answers of the hand-in it chose for each file.

    Only answers that pass the grader's check (:func:`newslit.learner.handin.readable_answers`,
    the answer schema) are kept: an answer of the wrong shape (``"spans": 5``, a list
    where a label goes) is the grader's problem row for that file, never a value a
    table or chart here has to cope with.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.answers: dict[str, dict] = {}

    def _score(self, sub, payload, *args, **kwargs):
        answers = payload.get("answers") if isinstance(payload, dict) else None
        self.answers[sub.path] = readable_answers(answers)[0] if isinstance(answers, dict) else {}
        return super()._score(sub, payload, *args, **kwargs)


@dataclass
class ClassData:
    """A folder of hand-ins, read once: submissions (graded or not) and the answers of the graded ones."""

    folder: Path
    submissions: list[Submission]
    answers: dict  # submission path -> {exercise: answer}
    grader: Grader = field(repr=False)

    @property
    def graded(self) -> list[Submission]:
        return [s for s in self.submissions if s.graded]

    def lessons(self) -> list[str]:
        return sorted({s.lesson for s in self.graded})

    def in_lesson(self, lesson: str) -> list[Submission]:
        return [s for s in self.graded if s.lesson == lesson]

    def target(self, lesson: str, exercise: str, article: str | None = None) -> tuple[str, str]:
        """``(article, key exercise)`` an exercise is scored on (the class's most common article by default)."""
        if article is None:
            counts = Counter(s.article for s in self.in_lesson(lesson))
            article = min(counts, key=lambda a: (-counts[a], a)) if counts else ""
        return self.grader.key_source(lesson, article, exercise)

    def key(self, lesson: str, exercise: str):
        return self.grader.key(*self.target(lesson, exercise))

    def exercises(self, lesson: str, kind: str | None = None) -> list[str]:
        """Exercises of ``lesson`` with a usable key (of ``kind``, if given): scored ones, and unscored ones naming a key."""
        out = []
        for name, spec in self.grader.scored_exercises(lesson).items():
            if isinstance(spec, dict) and (spec.get("scored") or spec.get("key")):
                key = self.key(lesson, name)
                if key is not None and (kind is None or key.kind == kind):
                    out.append(name)
        return out


def load_class(folder, lessons_dir: Path | None = None) -> ClassData:
    """Read every notebook under ``folder`` with the grader's code (nothing is executed)."""
    folder = Path(folder)
    reader = _Reader(lessons_dir=lessons_dir)
    files = collect_files([folder], skipped=[]) if folder.exists() else []  # an earlier run's reports are skipped
    subs = [reader.read(path, shown, relative) for path, shown, relative in files]
    lms.settle(subs, lessons=list(reader.index))  # one learner written two ways is one learner, as in the grader
    resolve_same_learner(subs)
    answers = {s.path: reader.answers.get(s.path, {}) for s in subs if s.graded}
    return ClassData(folder, subs, answers, reader)


# -- tables ----------------------------------------------------------------------------------------


def files_table(data: ClassData) -> pd.DataFrame:
    """One row per file: who, which lesson, graded or not, score, and any problem."""
    rows = []
    for s in sorted(data.submissions, key=lambda s: (s.lesson, s.learner, s.path)):
        rows.append({"learner": s.learner, "file": s.path, "lesson": s.lesson, "status": s.status,
                     "points": round(s.points, 2) if s.graded else None,
                     "max": round(s.max_points, 2) if s.graded else None,
                     "problems": "; ".join(p.code for p in s.problems)})
    return pd.DataFrame(rows, columns=["learner", "file", "lesson", "status", "points", "max", "problems"])


def score_spread(data: ClassData) -> pd.DataFrame:
    """Per lesson: how many graded, and the spread of scores in percent (min, quartiles, max, mean)."""
    rows = []
    for lesson in data.lessons():
        pct = pd.Series([100 * s.points / s.max_points if s.max_points else 0.0 for s in data.in_lesson(lesson)])
        rows.append({"lesson": lesson, "graded": len(pct), "mean %": pct.mean(), "min %": pct.min(),
                     "25% %": pct.quantile(0.25), "median %": pct.median(), "75% %": pct.quantile(0.75),
                     "max %": pct.max()})
    cols = ["lesson", "graded", "mean %", "min %", "25% %", "median %", "75% %", "max %"]
    return pd.DataFrame(rows, columns=cols).round(1)


def score_bands(data: ClassData, lesson: str, width: int = 20) -> pd.Series:
    """How many learners scored in each band of ``width`` percent (``0-19%`` ... ``100%``)."""
    labels = [f"{lo}-{lo + width - 1}%" for lo in range(0, 100, width)] + ["100%"]
    counts = Counter()
    for s in data.in_lesson(lesson):
        pct = 100 * s.points / s.max_points if s.max_points else 0.0
        counts[labels[-1] if pct >= 100 else labels[int(pct // width)]] += 1
    return pd.Series([counts[label] for label in labels], index=labels, name="learners")


def _item_scores(data: ClassData, lesson: str):
    """``(submission, exercise result)`` for every scored exercise of ``lesson``."""
    for sub in data.in_lesson(lesson):
        for ex in sub.exercises:
            if ex.scored and ex.score is not None:
                yield sub, ex


def item_table(data: ClassData, lesson: str) -> pd.DataFrame:
    """Per key item: how many learners got it, missed it, or (checklists, labels) answered it wrongly."""
    counts: dict = {}
    for _sub, ex in _item_scores(data, lesson):
        for item in ex.score.items:
            c = counts.setdefault((ex.exercise, item.id), Counter())
            c["learners"] += 1
            c["right" if item.status in ("found", "correct", "accepted", "present") else
              "partly" if item.status == "near" else "wrong" if item.status == "wrong" else "missed"] += 1
    rows = []
    for (exercise, item_id), c in counts.items():
        key = data.key(lesson, exercise)
        try:
            ki = key.item(item_id) if key is not None else None
        except KeyError:
            ki = None
        what = (ki.data.get("question") or ki.text or ki.data.get("idea") or item_id) if ki is not None else item_id
        rows.append({"exercise": exercise, "item": item_id, "what": str(what), "learners": c["learners"],
                     "right": c["right"], "partly": c["partly"], "missed": c["missed"], "wrong": c["wrong"],
                     "% right": round(100 * (c["right"] + 0.5 * c["partly"]) / c["learners"], 1)})
    cols = ["exercise", "item", "what", "learners", "right", "partly", "missed", "wrong", "% right"]
    return pd.DataFrame(rows, columns=cols)


def most_missed(data: ClassData, lesson: str, top: int = 10) -> pd.DataFrame:
    """Key items the fewest learners got (rubric ideas are in :func:`missing_ideas`)."""
    table = item_table(data, lesson)
    rubric = set(data.exercises(lesson, "rubric"))
    table = table[~table["exercise"].isin(rubric)]
    return table.sort_values(["% right", "exercise", "item"]).head(top).reset_index(drop=True)


def word_marks(data: ClassData, lesson: str, exercise: str) -> pd.DataFrame:
    """One row per word of a highlight exercise's article: how many learners marked it, the key, the machine."""
    from newslit.text.loaded import find_loaded
    from newslit.text.spans import words
    from newslit.keys.answer_key import part_text
    from newslit.keys.scoring import word_range, normalise_spans

    key = data.key(lesson, exercise)
    if key is None:
        return pd.DataFrame()
    article = key.article
    text = article.text
    # The body's words, then the headline's (paragraph 0, "part" title): learners can mark the headline too, and its
    # marks and items are counted apart from the body's (a headline span never counts for body words).
    parts = {part: (part_text(article, part), words(part_text(article, part))) for part in ("body", "title")}
    marked = {part: Counter() for part in parts}
    learners = 0
    for sub in data.in_lesson(lesson):
        if data.target(lesson, exercise, sub.article) != data.target(lesson, exercise):
            continue  # a hand-in on another article
        learners += 1
        answer = data.answers.get(sub.path, {}).get(exercise)
        spans = answer.get("spans", []) if isinstance(answer, dict) else []
        for part, (part_words_text, tokens) in parts.items():
            starts = [t.start for t in tokens]
            seen = set()
            for start, end in normalise_spans(part_words_text, spans, part):
                seen.update(word_range(tokens, starts, start, end))
            marked[part].update(seen)
    rows = []
    for part, (part_words_text, tokens) in parts.items():
        starts = [t.start for t in tokens]
        in_key = {}
        for item in key.items:
            if item.part == part:
                for i in word_range(tokens, starts, item.start, item.end):
                    in_key[i] = item.id
        defensible = {i for item in key.defensible if item.part == part
                      for i in word_range(tokens, starts, item.start, item.end)}
        machine = {i for span in find_loaded(part_words_text) for i in word_range(tokens, starts, span.start, span.end)}
        for i, t in enumerate(tokens):
            rows.append({"word": t.text, "start": t.start, "end": t.end,
                         "paragraph": 0 if part == "title" else article.paragraph_of(t.start), "part": part,
                         "learners": marked[part][i], "share": marked[part][i] / learners if learners else 0.0,
                         "key item": in_key.get(i, ""), "defensible": i in defensible, "machine": i in machine})
    table = pd.DataFrame(rows)
    table.attrs["text"] = text  # the article, so the heat map keeps its punctuation
    table.attrs["title"] = article.title  # the headline, for its words (paragraph 0)
    return table


def over_marked(data: ClassData, lesson: str, top: int = 10) -> pd.DataFrame:
    """Words marked by learners that are neither in the key nor defensible, and checklist boxes ticked wrongly."""
    rows = []
    for exercise in data.exercises(lesson, "highlight"):
        df = word_marks(data, lesson, exercise)
        if df.empty:
            continue
        extra = df[(df["learners"] > 0) & (df["key item"] == "") & ~df["defensible"]]
        for _, r in extra.iterrows():
            rows.append({"exercise": exercise, "what": r["word"],
                         "paragraph": "headline" if r.get("part") == "title" else r["paragraph"],
                         "learners": int(r["learners"]), "machine flags it": "yes" if r["machine"] else "no"})
    table = item_table(data, lesson)
    for _, r in table[table["wrong"] > 0].iterrows():
        if r["exercise"] in data.exercises(lesson, "checklist"):
            rows.append({"exercise": r["exercise"], "what": r["what"], "paragraph": None,
                         "learners": int(r["wrong"]), "machine flags it": ""})
    cols = ["exercise", "what", "paragraph", "learners", "machine flags it"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["learners", "exercise"], ascending=[False, True]).head(top).reset_index(drop=True)


def claims_confusion(data: ClassData, lesson: str, exercise: str) -> pd.DataFrame:
    """Rows: the key's label; columns: the learners' labels (``unanswered`` too); cells: how many answers."""
    key = data.key(lesson, exercise)
    if key is None or key.kind != "labels":
        return pd.DataFrame()
    order = list(key.labels)
    names = {label: key.labels[label] for label in order}
    pairs = []
    for sub in data.in_lesson(lesson):
        answer = data.answers.get(sub.path, {}).get(exercise)
        given = answer.get("labels", {}) if isinstance(answer, dict) and isinstance(answer.get("labels"), dict) else {}
        for item in key.items:
            label = given.get(item.id)
            pairs.append((names.get(item.data.get("label"), item.data.get("label")),
                          names.get(label, str(label)) if label is not None else "unanswered"))
    columns = [names[label] for label in order] + ["unanswered"]
    table = pd.DataFrame(0, index=pd.Index([names[label] for label in order], name="key says"),
                         columns=pd.Index(columns, name="learners said"))
    for truth, said in pairs:
        if said not in table.columns:
            table[said] = 0
        table.loc[truth, said] += 1
    return table


def missing_ideas(data: ClassData, lesson: str | None = None) -> pd.DataFrame:
    """Rubric ideas most often absent from written answers (only answers that were written count)."""
    rows = []
    for les in ([lesson] if lesson else data.lessons()):
        counts: dict = {}
        for _sub, ex in _item_scores(data, les):
            if ex.kind != "rubric" or not ex.answered:
                continue
            for item in ex.score.items:
                c = counts.setdefault((ex.exercise, item.id), Counter())
                c["answers"] += 1
                c["absent"] += item.status == "absent"
        for (exercise, item_id), c in counts.items():
            key = data.key(les, exercise)
            try:
                idea = key.item(item_id).data.get("idea", item_id) if key is not None else item_id
            except KeyError:
                idea = item_id
            rows.append({"lesson": les, "exercise": exercise, "idea": idea, "answers": c["answers"],
                         "missing": c["absent"], "% missing": round(100 * c["absent"] / c["answers"], 1)})
    cols = ["lesson", "exercise", "idea", "answers", "missing", "% missing"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["% missing", "lesson", "exercise"], ascending=[False, True, True]).reset_index(drop=True)


# -- HTML for the projector ------------------------------------------------------------------------
# The markup is in templates (newslit/render/templates/dashboard/); these functions prepare their data.


def _text(value) -> str:
    """A table cell as text: numbers as people write them (``{:g}``), missing values blank."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, (float, np.floating)):
        return f"{value:g}"
    return str(value)


def table_html(df: pd.DataFrame, caption: str = "", index: bool = False) -> str:
    """A DataFrame as an HTML table (``dashboard/table.html``); every cell is shown as text."""
    if df is None or df.empty:
        return render("dashboard/table.html", caption=caption, empty=True, header=[], rows=[])
    columns = [_text(c) for c in df.columns]
    if index:
        header = [[_text(df.columns.name), *columns]]
        if df.index.name is not None:
            header.append([_text(df.index.name)] + [""] * len(columns))
    else:
        header = [columns]
    rows = [{"index": [_text(name)] if index else [], "cells": [_text(v) for v in values]}
            for name, values in zip(df.index, df.itertuples(index=False, name=None))]
    return render("dashboard/table.html", caption=caption, empty=False, header=header, rows=rows)


def bars_html(series: pd.Series, title: str, unit: str = "learners") -> str:
    """A bar chart in HTML and CSS (``dashboard/bars.html``): a label, a bar, and the number as text for every row."""
    top = max([float(v) for v in series.values] + [1.0])
    rows = []
    for label, value in series.items():
        width = 0 if not value else max(2.0, 100 * float(value) / top)
        rows.append({"label": str(label), "width": f"{width:.1f}", "value": f"{value:g}"})
    return render("dashboard/bars.html", title=title, unit=unit, rows=rows)


def heatmap_html(df: pd.DataFrame, title: str = "") -> str:
    """The article, each word shaded by how many learners marked it, the count as a number beside it.

    Key words are bold and underlined, defensible words dash-underlined, the
    machine's flags outlined with dots; a legend says so (``dashboard/heatmap.html``).
    Every word is shown as text. The headline's words (``part`` title) come first, as paragraph 0.
    """
    legend = [{"share": lo, "percent": f"{lo:.0%}", "background": bg, "colour": fg} for lo, bg, fg in HEAT]
    if df is None or df.empty:
        return render("dashboard/heatmap.html", title=title, empty=True, legend=legend, paragraphs=[])
    paragraphs: dict = {}  # paragraph number -> parts: the text between words (a str) and the words
    records = df.to_dict("records")
    headline = [r for r in records if r.get("part") == "title"]  # paragraph 0, from its own text
    if headline:
        _heat_words(headline, df.attrs.get("title"), paragraphs)
    _heat_words([r for r in records if r.get("part") != "title"], df.attrs.get("text"), paragraphs)
    for parts in paragraphs.values():  # no blank space at either end of a paragraph
        if isinstance(parts[0], str):
            parts[0] = parts[0].lstrip()
        if isinstance(parts[-1], str):
            parts[-1] = parts[-1].rstrip()
    return render("dashboard/heatmap.html", title=title, empty=False, legend=legend,
                  paragraphs=[{"number": n, "parts": parts} for n, parts in sorted(paragraphs.items())])


def _heat_words(records: list[dict], text: str | None, paragraphs: dict) -> None:
    """Add the words of ``records`` (rows of :func:`word_marks`, all from ``text``) to ``paragraphs``, with the text between them."""
    previous = None
    for r in records:
        gap = " "
        if text is not None and previous is not None and previous["paragraph"] == r["paragraph"]:
            gap = text[previous["end"]:r["start"]]
        elif text is not None and previous is not None:  # a new paragraph: close the last one with its punctuation
            stop = text.find("\n", previous["end"])
            paragraphs[previous["paragraph"]].append(text[previous["end"]:stop if stop >= 0 else None])
            gap = text[text.rfind("\n", 0, r["start"]) + 1:r["start"]]
        elif text is not None:
            gap = text[:r["start"]]
        previous = r
        background, colour = heat_colours(r["share"])
        classes = ["w"] + (["m"] if r["learners"] else []) + (["key"] if r["key item"] else []) \
            + (["def"] if r["defensible"] else []) + (["machine"] if r["machine"] else [])
        paragraphs.setdefault(r["paragraph"], []).append(gap)
        paragraphs[r["paragraph"]].append(SimpleNamespace(
            word=r["word"], classes=" ".join(classes), background=background, colour=colour,
            learners=int(r["learners"]), key=bool(r["key item"]), machine=bool(r["machine"])))
    if text is not None and previous is not None:  # what follows the last word (a full stop)
        paragraphs[previous["paragraph"]].append(text[previous["end"]:])


class Dashboard:
    """Everything for one folder of hand-ins; ``Dashboard(folder)`` reads it again (re-run the cell to refresh)."""

    def __init__(self, folder, lessons: list[str] | None = None, lessons_dir: Path | None = None):
        self.folder = Path(folder)
        self.data = load_class(self.folder, lessons_dir)
        self.wanted = lessons

    def lessons(self) -> list[str]:
        have = self.data.lessons()
        return [lesson for lesson in have if not self.wanted or lesson in self.wanted]

    def lesson_html(self, lesson: str) -> str:
        """One lesson's panel (``dashboard/lesson.html``)."""
        d = self.data
        heatmaps = []
        for exercise in d.exercises(lesson, "highlight"):
            key = d.key(lesson, exercise)
            heatmaps.append(Markup(heatmap_html(word_marks(d, lesson, exercise),
                                                f"{exercise}: \u201c{key.article.title}\u201d")))
        claims = [{"exercise": exercise, "table": Markup(table_html(claims_confusion(d, lesson, exercise), index=True))}
                  for exercise in d.exercises(lesson, "labels")]
        ideas = missing_ideas(d, lesson)
        return render(
            "dashboard/lesson.html", lesson=lesson, title=str(d.grader.index.get(lesson, {}).get("title", lesson)),
            graded=len(d.in_lesson(lesson)),
            bands=Markup(bars_html(score_bands(d, lesson), "Scores (percent of the lesson's points)")),
            heatmaps=heatmaps, most_missed=Markup(table_html(most_missed(d, lesson))),
            over_marked=Markup(table_html(over_marked(d, lesson))), claims=claims,
            ideas=None if ideas.empty else Markup(table_html(ideas.head(10))))

    def html(self) -> str:
        """The whole dashboard (``dashboard/class.html``)."""
        d = self.data
        return render("dashboard/class.html", folder=str(self.folder), graded=len(d.graded), total=len(d.submissions),
                      spread=Markup(table_html(score_spread(d))),
                      lessons=[Markup(self.lesson_html(lesson)) for lesson in self.lessons()],
                      files=Markup(table_html(files_table(d))))

    def _repr_html_(self) -> str:
        return self.html()
