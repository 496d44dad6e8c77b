"""What the grader writes: a tidy CSV, a gradebook CSV, a problems CSV, one feedback page per learner, a summary.

* ``grades.csv``: one row per learner, lesson, exercise and item (:data:`TIDY_COLUMNS`).
  The ``points`` of a submission's rows add up to its lesson score: marks not in
  the key get one ``penalty`` row with negative points. A file that was not
  graded gets one row with status ``not graded`` (or ``superseded``) and the
  reason in ``note``.
* ``gradebook.csv``: one row per learner, one column of points per lesson, then
  ``total``, ``max``, ``percent`` and ``problems``; it imports into learning
  management systems as a plain CSV gradebook (map ``learner`` to the user name).
* ``problems.csv``: one row per problem with a file (:data:`PROBLEM_COLUMNS`).
* ``feedback/<learner>.html``: what the learner found, what they missed with the
  key's explanation, and what to practise. Everything is escaped with
  :func:`html.escape`; the pages have no scripts and load nothing.

Cells that start with ``=``, ``+``, ``-``, ``@`` (text, not numbers) get a leading
``'`` so a spreadsheet never runs a learner's text as a formula.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from html import escape
from pathlib import Path

from newslit.grading.grade import CANNOT_DETECT, GradeRun, Submission

TIDY_COLUMNS = ["learner", "file", "lesson", "article", "exercise", "item", "status", "points", "max_points",
                "needs_review", "note"]
PROBLEM_COLUMNS = ["learner", "file", "lesson", "graded", "problem", "detail"]
GENERATOR = "newslit grade"


def num(value: float) -> str:
    """Points as people write them: ``2``, ``1.5``, ``0.25``."""
    value = round(float(value), 2) + 0.0
    return str(int(value)) if value == int(value) else f"{value:g}"


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _cell(value) -> str | float | int:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _write_csv(path: Path, columns: list[str], rows) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c, "")) for c in columns])
            count += 1
    return count


# -- grades.csv --------------------------------------------------------------------------------------


def tidy_rows(run: GradeRun):
    """The rows of ``grades.csv`` as dicts, learners and lessons in sorted order."""
    for sub in _ordered(run.submissions):
        base = {"learner": sub.learner, "file": sub.path, "lesson": sub.lesson, "article": sub.article}
        if not sub.graded:
            reasons = [p.message for p in sub.problems if not p.graded] or [p.message for p in sub.problems]
            yield {**base, "status": sub.status, "note": "; ".join(reasons)}
            continue
        for ex in run.exercises(sub):
            row = {**base, "exercise": ex.exercise}
            score = ex.score
            if not ex.in_lesson:
                yield {**row, "status": "not in lesson", "points": "0", "max_points": "0", "note": ex.note}
                continue
            if not ex.scored:
                words = len(ex.text.split())
                yield {**row, "status": "answered" if ex.answered else "unanswered", "points": "0", "max_points": "0",
                       "note": f"written answer, {words} word(s); not scored" if ex.answered else "not scored"}
                continue
            if score is None:
                yield {**row, "status": "no key", "points": "0", "max_points": "0", "note": ex.note}
                continue
            review = "yes" if score.needs_review else ""
            for item in score.items:
                note = item.note if ex.answered else "not answered"
                yield {**row, "item": item.id, "status": item.status, "points": num(item.points),
                       "max_points": num(item.max_points), "needs_review": review, "note": note}
            earned = sum(i.points for i in score.items)
            taken = round(earned - score.points, 6)
            if score.extras or taken > 0:
                texts = ", ".join(f"\u201c{e.get('text', '')}\u201d" for e in score.extras[:20])
                more = f" and {len(score.extras) - 20} more" if len(score.extras) > 20 else ""
                yield {**row, "item": "(extra marks)", "status": "penalty", "points": num(-taken), "max_points": "0",
                       "needs_review": review, "note": f"marked but not in the key: {texts}{more}"}
            for unknown in score.unknown:
                yield {**row, "item": unknown, "status": "not in key", "points": "0", "max_points": "0",
                       "needs_review": review, "note": "an answer to an item the key does not have"}


def _ordered(subs):
    return sorted(subs, key=lambda s: (not s.is_notebook, s.learner, s.lesson, s.path))


# -- gradebook.csv -------------------------------------------------------------------------------------


def gradebook_rows(run: GradeRun) -> list[dict]:
    """One dict per learner: their points per lesson, total, max, percent, problems."""
    by_learner: dict[str, list[Submission]] = defaultdict(list)
    for sub in run.submissions:
        if sub.is_notebook:
            by_learner[sub.learner].append(sub)
    rows = []
    for learner in sorted(by_learner):
        subs = sorted(by_learner[learner], key=lambda s: (s.lesson, s.path))
        row = {"learner": learner}
        total = maximum = 0.0
        for lesson in run.lessons:
            graded = [s for s in subs if s.graded and s.lesson == lesson]
            if graded:
                row[lesson] = num(graded[0].points)
                total += graded[0].points
                maximum += graded[0].max_points
            else:
                row[lesson] = ""
                maximum += run.lesson_max.get(lesson, 0.0)
        row["total"] = num(total)
        row["max"] = num(maximum)
        row["percent"] = f"{100 * total / maximum:.1f}" if maximum else ""
        row["problems"] = "; ".join(f"{s.path}: {p.message}" for s in subs for p in s.problems)
        rows.append(row)
    return rows


def gradebook_columns(run: GradeRun) -> list[str]:
    return ["learner", *run.lessons, "total", "max", "percent", "problems"]


def problem_rows(run: GradeRun):
    for sub in _ordered(run.submissions):
        for p in sub.problems:
            yield {"learner": sub.learner if sub.is_notebook else "", "file": sub.path, "lesson": sub.lesson,
                   "graded": "yes" if sub.graded else "no", "problem": p.code, "detail": p.message}


# -- feedback ------------------------------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-top:1px solid #ccc;padding-top:1rem;margin-top:2rem}
h3{font-size:1.1rem}h4{font-size:1rem;margin-bottom:.2rem}
.score{font-size:1.1rem}.found{color:#1a5e20}.missed{color:#8a4b00}.problem{background:#fff4e5;
border-left:4px solid #b26a00;padding:.5rem 1rem}blockquote{white-space:pre-wrap;border-left:4px solid #ccc;
margin:0;padding:.25rem 1rem;color:#333}.review{background:#eef3ff;padding:.5rem 1rem}small{color:#555}
"""

_GOOD = {"found", "near", "correct", "accepted", "present"}


def _safe_filename(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")[:80]
    return slug or "learner"


def _category_names() -> dict:
    try:
        from newslit.text.lexicon import load_lexicon

        return {cid: cat.name for cid, cat in load_lexicon().categories.items()}
    except Exception:  # the feedback still works without category names
        return {}


def _key_item(key, item_id: str):
    try:
        return key.item(item_id) if key is not None else None
    except KeyError:
        return None


def _item_label(item, fallback: str) -> str:
    if item is None:
        return escape(fallback)
    question = item.data.get("question")
    if question:  # a checklist item: the question first, then where in the article
        where = f" (\u201c{item.text}\u201d, paragraph {item.paragraph})" if item.text and item.paragraph else ""
        return f"<strong>{escape(str(question))}</strong>{escape(where)}"
    if item.text:
        where = f" (paragraph {item.paragraph})" if item.paragraph else ""
        quoted = item.text if item.text[:1] in "\u201c\"'" else f"\u201c{item.text}\u201d"
        return f"{escape(quoted)}{escape(where)}"
    question = item.data.get("question") or item.data.get("idea") or item.id
    return escape(str(question))


def _stop(label: str) -> str:
    """End a label with a full stop unless it already ends a sentence."""
    bare = re.sub(r"(</\w+>)+$", "", label)
    return label if bare.endswith((".", "?", "!")) else label + "."


def _explain(item) -> str:
    if item is None:
        return ""
    parts = [escape(item.why)]
    if item.neutral:
        parts.append(f"A more neutral choice: \u201c{escape(item.neutral)}\u201d.")
    return " ".join(parts)


def _exercise_html(ex, categories: dict, practise: list) -> str:
    title = escape(ex.exercise.replace("_", " ").capitalize())
    if not ex.in_lesson:
        return ""
    if not ex.scored:
        if not ex.answered:
            return f"<h3>{title}</h3><p>You did not write an answer. This part is not scored.</p>"
        return (f"<h3>{title}</h3><p>Your written answer (not scored; your teacher may read it):</p>"
                f"<blockquote>{escape(ex.text)}</blockquote>")
    score = ex.score
    if score is None:
        return f"<h3>{title}</h3><p>This exercise could not be scored: {escape(ex.note)}</p>"
    key = ex.key
    out = [f"<h3>{title}: {num(score.points)} of {num(score.max_points)} points</h3>"]
    if not ex.answered:
        out.append("<p>You did not answer this exercise.</p>")
    good = [i for i in score.items if i.status in _GOOD]
    bad = [i for i in score.items if i.status not in _GOOD]
    kind = score.kind
    if good:
        heading = {"rubric": "Ideas your answer shows"}.get(kind, "What you found" if kind == "highlight" else "What you got right")
        out.append(f'<h4 class="found">{heading}</h4><ul>')
        for result in good:
            item = _key_item(key, result.id)
            extra = ""
            if result.status == "near":
                extra = (f" You marked \u201c{escape(result.note)}\u201d, right next to it: a near miss, "
                         f"{num(result.points)} of {num(result.max_points)} points. Mark the word itself next time.")
            elif result.status == "accepted":
                extra = f" Your label is accepted; the key's first choice is {escape(_label_name(key, item))}."
            out.append(f"<li>{_stop(_item_label(item, result.id) + _category(item, categories))} {_explain(item)}{extra}</li>")
        out.append("</ul>")
    if bad:
        heading = {"rubric": "Ideas to add", "highlight": "What you missed"}.get(kind, "What to look at again")
        out.append(f'<h4 class="missed">{heading}</h4><ul>')
        for result in bad:
            item = _key_item(key, result.id)
            detail = ""
            if kind == "labels" and result.status == "wrong":
                detail = (f" You chose {escape(_label_name(key, None, result.note))}; the key says "
                          f"{escape(_label_name(key, item))}.")
            elif kind == "checklist":
                expected = bool(item.data.get("expected")) if item is not None else False
                detail = (" The article does have this gap; tick it." if expected
                          else " The article does not have this gap; leave it unticked.")
            out.append(f"<li>{_stop(_item_label(item, result.id) + _category(item, categories))}{detail} {_explain(item)}</li>")
            practise.append((ex.exercise, item))
        out.append("</ul>")
    if score.extras:
        from newslit.keys.scoring import EXTRA_WORD_PENALTY

        marks = ", ".join(f"\u201c{escape(str(e.get('text', '')))}\u201d" for e in score.extras[:30])
        out.append(f"<h4>Marks not in the key</h4><p>{marks}. These read as plain description here; each extra "
                   f"marked word costs {num(EXTRA_WORD_PENALTY)} points. If you think one is loaded, say why in "
                   "your reflection: your teacher may accept it.</p>")
    if score.needs_review:
        out.append('<p class="review">A person will read this answer: the points above are a first, automatic '
                   "count of the ideas it names.</p>")
        if ex.text:
            out.append(f"<p>Your answer:</p><blockquote>{escape(ex.text)}</blockquote>")
        if key is not None and key.exemplar:
            out.append(f"<p>A strong answer:</p><blockquote>{escape(key.exemplar)}</blockquote>")
    if score.unknown:
        out.append(f"<p><small>Your hand-in answers items this key does not have "
                   f"({escape(', '.join(score.unknown[:10]))}); they were not scored.</small></p>")
    return "".join(out)


def _label_name(key, item, label: str | None = None) -> str:
    label = label if label is not None else (item.data.get("label", "") if item is not None else "")
    name = key.labels.get(label, label) if key is not None else label
    return f"\u201c{name}\u201d"


def _category(item, categories: dict) -> str:
    if item is None or not item.category:
        return ""
    return f" <em>{escape(categories.get(item.category, item.category))}</em>"


def _practise_html(practise: list, categories: dict, penalty: bool) -> str:
    if not practise and not penalty:
        return "<h3>What to practise</h3><p>Nothing was missed. Well done: try the lesson on another article.</p>"
    groups: dict = defaultdict(list)
    for exercise, item in practise:
        label = categories.get(item.category, item.category) if item is not None and item.category else exercise.replace("_", " ")
        groups[label].append(item)
    out = ["<h3>What to practise</h3><ul>"]
    for label, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        hints = [escape(i.hint) for i in items if i is not None and i.hint]
        tip = (" Hints: " + " ".join(hints)) if hints else ""
        out.append(f"<li><strong>{escape(label)}</strong>: {len(items)} to look at again.{tip}</li>")
    if penalty:
        out.append("<li><strong>Marking only what is loaded</strong>: some of your marks were plain description. "
                   "Before marking a word, ask what feeling or judgement it adds.</li>")
    out.append("</ul>")
    return "".join(out)


def feedback_html(run: GradeRun, learner: str, subs: list[Submission], categories: dict | None = None) -> str:
    """One learner's feedback page (every string escaped)."""
    categories = _category_names() if categories is None else categories
    titles = run.titles
    body = [f"<h1>Feedback for {escape(learner)}</h1>"]
    for sub in sorted(subs, key=lambda s: (s.lesson, s.status != "graded", s.path)):
        name = titles.get(sub.lesson, "")
        heading = f"Lesson {escape(sub.lesson)}" + (f": {escape(name)}" if name else "") if sub.lesson else "A file you handed in"
        body.append(f"<section><h2>{heading}</h2><p><small>File {escape(sub.path)}"
                    + (f", handed in at {escape(sub.handed_in_at)}" if sub.handed_in_at else "")
                    + (f", article {escape(sub.article)}" if sub.article else "") + "</small></p>")
        if sub.status == "superseded":
            body.append('<p class="problem">You handed this lesson in again later; your newer hand-in is graded, '
                        "not this one.</p></section>")
            continue
        if not sub.graded:
            reasons = "; ".join(p.message for p in sub.problems if not p.graded)
            body.append(f'<p class="problem">This file could not be graded: it {escape(reasons)}. '
                        "Please hand it in again, or talk to your teacher.</p></section>")
            continue
        pct = f" ({100 * sub.points / sub.max_points:.0f}%)" if sub.max_points else ""
        body.append(f'<p class="score"><strong>Score: {num(sub.points)} of {num(sub.max_points)} points{pct}</strong></p>')
        notes = [p.message for p in sub.problems]
        if notes:
            body.append('<div class="problem"><p>About your hand-in (your teacher sees this too):</p><ul>'
                        + "".join(f"<li>This file {escape(n)}.</li>" for n in notes) + "</ul></div>")
        practise: list = []
        penalty = False
        for ex in run.exercises(sub):
            body.append(_exercise_html(ex, categories, practise))
            penalty = penalty or bool(ex.score is not None and ex.score.extras)
        body.append(_practise_html(practise, categories, penalty))
        body.append("</section>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="generator" content="{GENERATOR}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Feedback for {escape(learner)}</title><style>{_STYLE}</style></head><body>"
        + "".join(body)
        + "<p><small>Written by newslit's grader from the answers in your notebook; your code was not run.</small></p>"
        "</body></html>\n"
    )


def write_feedback(run: GradeRun, folder: Path) -> dict[str, Path]:
    """One page per learner in ``folder``; returns ``{learner: path}``. Stale pages from an earlier run go."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.html"):
        try:
            head = old.read_text(encoding="utf-8", errors="replace")[:400]
        except OSError:
            continue
        if f'<meta name="generator" content="{GENERATOR}">' in head:
            old.unlink()
    by_learner: dict[str, list[Submission]] = defaultdict(list)
    for sub in run.submissions:
        if sub.is_notebook:
            by_learner[sub.learner].append(sub)
    categories = _category_names()
    written: dict[str, Path] = {}
    used: Counter = Counter()
    for learner in sorted(by_learner):
        base = _safe_filename(learner)
        used[base] += 1
        name = base if used[base] == 1 else f"{base}-{used[base]}"
        path = folder / f"{name}.html"
        path.write_text(feedback_html(run, learner, by_learner[learner], categories), encoding="utf-8")
        written[learner] = path
    return written


# -- everything, and the summary -----------------------------------------------------------------------


def write_reports(run: GradeRun, out: Path) -> dict:
    """Write every output into ``out``; returns ``{name: path}`` and row counts."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"grades": out / "grades.csv", "gradebook": out / "gradebook.csv", "problems": out / "problems.csv",
             "feedback": out / "feedback"}
    counts = {
        "grades": _write_csv(paths["grades"], TIDY_COLUMNS, tidy_rows(run)),
        "gradebook": _write_csv(paths["gradebook"], gradebook_columns(run), gradebook_rows(run)),
        "problems": _write_csv(paths["problems"], PROBLEM_COLUMNS, problem_rows(run)),
    }
    counts["feedback"] = len(write_feedback(run, paths["feedback"]))
    return {"paths": paths, "counts": counts}


def summary(run: GradeRun, written: dict | None = None) -> str:
    """The class summary the command prints."""
    subs = run.submissions
    graded = run.graded
    learners = sorted({s.learner for s in subs if s.is_notebook})
    lines = [f"Graded {len(graded)} of {len(subs)} file(s); {len(learners)} learner(s)."]
    for lesson in run.lessons:
        mine = [s for s in graded if s.lesson == lesson]
        pts = [s.points for s in mine]
        top = run.lesson_max.get(lesson, 0.0)
        mean = sum(pts) / len(pts)
        pct = f" ({100 * mean / top:.0f}%)" if top else ""
        review = sum(1 for s in mine if s.needs_review)
        lines.append(f"  {lesson} on {run.class_article.get(lesson, '?')}: {len(mine)} graded, mean {mean:.1f} of "
                     f"{num(top)}{pct}, lowest {num(min(pts))}, highest {num(max(pts))}"
                     + (f"; {review} {'needs' if review == 1 else 'need'} review by a person" if review else ""))
        full = sum(1 for s in mine if s.max_points and s.points == s.max_points)
        if full:
            lines.append(f"    full marks: {full}")
    failed = [s for s in subs if s.status == "not graded"]
    if failed:
        lines.append(f"Not graded ({len(failed)}):")
        for s in sorted(failed, key=lambda s: s.path):
            reason = "; ".join(p.message for p in s.problems if not p.graded)
            lines.append(f"  {s.path}: {reason}")
    superseded = [s for s in subs if s.status == "superseded"]
    if superseded:
        lines.append(f"Superseded by a newer hand-in from the same learner ({len(superseded)}):")
        for s in sorted(superseded, key=lambda s: s.path):
            lines.append(f"  {s.path}: " + "; ".join(p.message for p in s.problems if not p.graded))
    flagged = [s for s in graded if s.problems]
    if flagged:
        lines.append(f"Graded, with something to check ({len(flagged)}):")
        for s in sorted(flagged, key=lambda s: s.path):
            lines.append(f"  {s.path}: " + "; ".join(p.message for p in s.problems))
    if run.setup_problems:
        lines.append("Set-up problems (the grader's side, not the learners'):")
        lines.extend(f"  {p}" for p in run.setup_problems)
    if written:
        c, p = written["counts"], written["paths"]
        lines.append(f"Wrote {p['grades']} ({c['grades']} rows), {p['gradebook']} ({c['gradebook']} learners), "
                     f"{p['problems']} ({c['problems']} problems), {c['feedback']} feedback page(s) in {p['feedback']}.")
    lines.append(CANNOT_DETECT)
    return "\n".join(lines)
