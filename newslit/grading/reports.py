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
  key's explanation, and what to practise. The page is the template
  ``report/feedback.html`` (a teacher can translate or brand it: see
  :mod:`newslit.render.templates`); autoescape shows every string from a hand-in,
  a key or a file name as text. The pages have no scripts and load nothing.

Cells that could start a formula (``=``, ``+``, ``-``, ``@``, also after leading
white space, their full-width forms, or a leading tab, CR, LF or NUL; text, not
numbers) get a leading ``'`` so a spreadsheet never runs a learner's text as a
formula (:func:`_cell`, with the evidence). A cell holds at most
:data:`MAX_CELL` characters and ``grades.csv`` at most :data:`MAX_ROWS_PER_FILE`
rows per handed-in file; what is cut is said in the file.

Everything the summary prints (:func:`summary`) passes :func:`terminal_line`:
control characters from a hand-in or a file name are shown escaped
(``\\x1b``, ``\\u202e``) and each entry stays on one line.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

from newslit.errors import MAX_LINE, terminal_line as safe_line
from newslit.grading.grade import CANNOT_DETECT, GradeRun, Submission
from newslit.render.templates import render

TIDY_COLUMNS = ["learner", "file", "lesson", "article", "exercise", "item", "status", "points", "max_points",
                "needs_review", "note"]
PROBLEM_COLUMNS = ["learner", "file", "lesson", "graded", "problem", "detail"]
GENERATOR = "newslit grade"


def num(value: float) -> str:
    """Points as people write them: ``2``, ``1.5``, ``0.25``."""
    value = round(float(value), 2) + 0.0
    return str(int(value)) if value == int(value) else f"{value:g}"


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


# The formula guard, the one every CSV the grader writes goes through (CWE-1236, "CSV injection").
# Evidence for what starts a formula:
# * "=", "+", "-", "@" first: OWASP's CSV Injection page and CWE-1236 (prefix a single quote).
# * TAB and CR first: OWASP added them in 2021 (OWASP/www-community pull request 401: a tab or carriage
#   return before the sign got past a check for the four signs); Symfony's fix for CVE-2021-41270 guards them too.
#   OWASP ASVS 5 (requirement 1.2.10) also lists NUL. We guard LF and NUL first as well: the same bypass.
# * Spaces before a sign: LibreOffice Calc's text import, with its "Trim spaces" option on, drops leading spaces
#   (U+0020) from an unquoted field before the cell is set, and "Evaluate formulas" is on by default
#   (LibreOffice core: sc/source/ui/docshell/impex.cxx, ScanNextFieldFromString; sc/source/ui/dbgui/asciiopt.cxx).
#   Python's csv module quotes a field only for commas, quotes and line breaks, so " =1+1" is written unquoted.
# * Other leading white space (no-break space U+00A0, ideographic space U+3000, zero-width space) and the
#   full-width signs U+FF1D U+FF0B U+FF0D U+FF20: we found no spreadsheet documentation saying they start a
#   formula (LibreOffice's trim removes only U+0020 there; its general trim removes characters up to U+0020,
#   U+2000-U+200B, U+2028, U+2029, not U+00A0 or U+3000). Guarded anyway: Japanese input methods type
#   full-width signs and spreadsheets convert them, the documentation is silent, and the cost is one apostrophe.
# Numbers ("-2", "1.5") are left alone. See docs/hardening.md.
_FORMULA_SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20"
_LEADING_CONTROLS = "\t\r\n\x00"
_LEAD = re.compile(r"[\s\x00-\x1f\x7f\u200b\u2060\ufeff]*")
MAX_CELL = 32_000  # characters; a spreadsheet cell holds at most 32,767 (Excel's specifications and limits)
MAX_ROWS_PER_FILE = 2_000  # rows of grades.csv for one handed-in file (a capstone hand-in has a few hundred)


def _cell(value) -> str | float | int:
    if isinstance(value, str) and value and not _NUMBER.fullmatch(value):
        first = value[_LEAD.match(value).end():][:1]
        if value[0] in _LEADING_CONTROLS or (first and first in _FORMULA_SIGNS):
            return "'" + value
    return value


def _bounded_cell(value):
    if isinstance(value, str) and len(value) > MAX_CELL:
        return value[:MAX_CELL] + f" \u2026 (cut: {len(value) - MAX_CELL:,} more characters)"
    return value


def _write_csv(path: Path, columns: list[str], rows) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([_cell(c) for c in columns])
        for row in rows:
            writer.writerow([_cell(_bounded_cell(row.get(c, ""))) for c in columns])
            count += 1
    return count


def _rows_per_file(rows, limit: int | None = None):
    """``rows`` with at most ``limit`` (:data:`MAX_ROWS_PER_FILE`) of each file's consecutive rows, then one row
    saying how many were cut."""
    limit = limit or MAX_ROWS_PER_FILE
    current, count, cut, last = None, 0, 0, None

    def note():
        return {"learner": last.get("learner", ""), "file": last.get("file", ""), "lesson": last.get("lesson", ""),
                "article": last.get("article", ""), "status": "rows cut", "points": "0", "max_points": "0",
                "note": f"{cut:,} more row(s) for this file not written (the grader writes at most {limit:,} per file)"}

    for row in rows:
        if row.get("file") != current:
            if cut:
                yield note()
            current, count, cut = row.get("file"), 0, 0
        count += 1
        last = row
        if count > limit:
            cut += 1
            continue
        yield row
    if cut:
        yield note()


write_csv = _write_csv  # public: newslit.grading.gradebooks writes the LMS gradebooks with the same formula guard


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
                texts = ", ".join(_extra_text(e) for e in score.extras[:20])
                more = f" and {len(score.extras) - 20} more" if len(score.extras) > 20 else ""
                yield {**row, "item": "(extra marks)", "status": "penalty", "points": num(-taken), "max_points": "0",
                       "needs_review": review, "note": f"marked but not in the key: {texts}{more}"}
            for unknown in score.unknown:
                yield {**row, "item": unknown, "status": "not in key", "points": "0", "max_points": "0",
                       "needs_review": review, "note": "an answer to an item the key does not have"}
            if ex.unknown_more:
                yield {**row, "item": f"(and {ex.unknown_more:,} more)", "status": "not in key", "points": "0",
                       "max_points": "0", "needs_review": review,
                       "note": f"and {ex.unknown_more:,} more answers to items the key does not have, not listed"}


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
# The pages are templates (newslit/render/templates/report/); this part prepares their data.

_GOOD = {"found", "near", "correct", "accepted", "present"}
_SENTENCE_END = (".", "?", "!")


def _safe_filename(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")[:80]
    return slug or "learner"


# Names Windows will not give a file, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def feedback_names(learners, taken=()) -> dict[str, str]:
    """``{learner: file name without .html}``: one page each, never two learners on one file.

    A learner's name cleaned to letters, digits, ``.``, ``_`` and ``-``
    (:func:`_safe_filename`). Learners whose name is already such a name are
    served first, so they always get it as it is. Every name is checked against
    all names already given and ``taken`` (files already in the folder),
    ignoring letter case (Windows and macOS file systems do); a clash, or a name
    Windows reserves (``con``, ``nul``...), gets ``-`` and 8 characters of a
    hash of the learner's whole name (the same on every run), then a counter.
    """
    used = {str(t).casefold() for t in taken}
    names: dict[str, str] = {}
    learners = sorted(set(learners))
    exact = [l for l in learners if _safe_filename(l) == l]
    exact_set = set(exact)
    for learner in exact + [l for l in learners if l not in exact_set]:
        base = _safe_filename(learner)
        digest = hashlib.sha256(learner.encode("utf-8", "surrogatepass")).hexdigest()
        name = base
        if name.casefold() in used or name.split(".")[0].casefold() in _RESERVED:
            name = f"{base}-{digest[:8]}"
        n = 2
        while name.casefold() in used:
            name = f"{base}-{digest[:8]}-{n}"
            n += 1
        used.add(name.casefold())
        names[learner] = name
    return names


def _category_names() -> dict:
    try:
        from newslit.text.lexicon import load_lexicon

        return {cid: cat.name for cid, cat in load_lexicon().categories.items()}
    except Exception:  # the feedback still works without category names
        return {}


def _extra_text(extra: dict) -> str:
    """A mark not in the key, quoted, and said to be in the headline when it is."""
    return f"\u201c{extra.get('text', '')}\u201d" + (" (headline)" if extra.get("part") == "title" else "")


def _key_item(key, item_id: str):
    try:
        return key.item(item_id) if key is not None else None
    except KeyError:
        return None


def _item_label(item, fallback: str, categories: dict) -> SimpleNamespace:
    """How a key item is named on the page: its question (in bold) or its words, where it is, its category."""
    label = SimpleNamespace(main=fallback, question=False, add_quotes=False, quote="", paragraph=None, category="",
                            stop=True, headline=False)
    where = False
    if item is not None:
        question = item.data.get("question")
        if question:  # a checklist item: the question first, then where in the article
            where = bool(item.text and item.paragraph)
            label.main, label.question = str(question), True
            label.quote, label.paragraph = (item.text, item.paragraph) if where else ("", None)
        elif item.text:
            label.headline = getattr(item, "part", "body") == "title"  # shown as "(headline)"
            where = bool(item.paragraph) or label.headline
            label.main, label.add_quotes = item.text, item.text[:1] not in "\u201c\"'"
            label.paragraph = item.paragraph if where else None
        else:
            label.main = str(item.data.get("idea") or item.id)
        if item.category:
            label.category = categories.get(item.category, item.category)
    # End with a full stop unless the label already ends a sentence.
    last = label.category or (")" if where else "\u201d" if label.add_quotes else label.main)
    label.stop = not last.endswith(_SENTENCE_END)
    return label


def _explanation(item) -> SimpleNamespace | None:
    return None if item is None else SimpleNamespace(why=item.why, neutral=item.neutral)


def _label_name(key, item, label: str | None = None) -> str:
    label = label if label is not None else (item.data.get("label", "") if item is not None else "")
    return key.labels.get(label, label) if key is not None else label


def _exercise(ex, categories: dict, practise: list) -> SimpleNamespace:
    """The data of one exercise's part of the page; missed items are added to ``practise``."""
    out = SimpleNamespace(title=ex.exercise.replace("_", " ").capitalize(), scored=ex.scored, answered=ex.answered,
                          text=ex.text, note=ex.note, has_score=ex.score is not None)
    score = ex.score
    if not ex.scored or score is None:
        return out
    key = ex.key
    vars(out).update(kind=score.kind, points=num(score.points), max_points=num(score.max_points), good=[], bad=[],
                     extras=[], extra_penalty="", needs_review=score.needs_review,
                     exemplar=key.exemplar if key is not None else "", unknown=list(score.unknown[:10]))
    for result in score.items:
        item = _key_item(key, result.id)
        row = SimpleNamespace(label=_item_label(item, result.id, categories), item=_explanation(item),
                              status=result.status, note=result.note, points="", max_points="", first_choice="",
                              chosen="", expected=False)
        if result.status in _GOOD:
            if result.status == "near":
                row.points, row.max_points = num(result.points), num(result.max_points)
            elif result.status == "accepted":
                row.first_choice = _label_name(key, item)
            out.good.append(row)
            continue
        if score.kind == "labels" and result.status == "wrong":
            row.chosen, row.first_choice = _label_name(key, None, result.note), _label_name(key, item)
        elif score.kind == "checklist":
            row.expected = bool(item.data.get("expected")) if item is not None else False
        out.bad.append(row)
        practise.append((ex.exercise, item))
    if score.extras:
        from newslit.keys.scoring import EXTRA_WORD_PENALTY

        out.extras = [str(e.get("text", "")) + (" (headline)" if e.get("part") == "title" else "")
                      for e in score.extras[:30]]
        out.extra_penalty = num(EXTRA_WORD_PENALTY)
    return out


def _practise(practise: list, categories: dict) -> list[SimpleNamespace]:
    """What to practise: the missed items grouped by category (or exercise), the largest group first."""
    groups: dict = defaultdict(list)
    for exercise, item in practise:
        label = categories.get(item.category, item.category) if item is not None and item.category else exercise.replace("_", " ")
        groups[label].append(item)
    return [SimpleNamespace(label=label, count=len(items), hints=[i.hint for i in items if i is not None and i.hint])
            for label, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _section(run: GradeRun, sub: Submission, categories: dict) -> SimpleNamespace:
    """The data of one handed-in file's section of the page."""
    section = SimpleNamespace(lesson=sub.lesson, title=run.titles.get(sub.lesson, ""), path=sub.path,
                              handed_in_at=sub.handed_in_at, article=sub.article, status=sub.status,
                              reasons="; ".join(p.message for p in sub.problems if not p.graded))
    if not sub.graded:
        return section
    practise: list = []
    results = run.exercises(sub)
    exercises = [_exercise(ex, categories, practise) for ex in results if ex.in_lesson]
    vars(section).update(points=num(sub.points), max_points=num(sub.max_points),
                         percent=f"{100 * sub.points / sub.max_points:.0f}" if sub.max_points else None,
                         notes=[p.message for p in sub.problems], exercises=exercises,
                         practise=_practise(practise, categories),
                         penalty=any(ex.score is not None and ex.score.extras for ex in results))
    return section


def _page(name: str, **context) -> str:
    """Render a template, spelling escaped quotation marks as :func:`html.escape` does.

    Autoescape writes ``&#34;`` and ``&#39;``; the grader's pages have always written ``&quot;``
    and ``&#x27;``, the same characters to a browser. Keeping that spelling keeps a page's escaped
    text as it was, for anyone (or any test) searching it. Every ``&#34;`` in a rendered page comes
    from autoescape or from the template itself (escaped text never holds ``&#``), so nothing else changes.
    """
    return render(name, **context).replace("&#34;", "&quot;").replace("&#39;", "&#x27;")


def feedback_html(run: GradeRun, learner: str, subs: list[Submission], categories: dict | None = None) -> str:
    """One learner's feedback page (``report/feedback.html``; every string is escaped by the template)."""
    categories = _category_names() if categories is None else categories
    sections = [_section(run, sub, categories)
                for sub in sorted(subs, key=lambda s: (s.lesson, s.status != "graded", s.path))]
    return _page("report/feedback.html", learner=learner, generator=GENERATOR, sections=sections) + "\n"


def write_feedback(run: GradeRun, folder: Path) -> dict[str, Path]:
    """One page per learner in ``folder``; returns ``{learner: path}``. Stale pages from an earlier run go."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = []  # files in the folder that are not ours: never overwritten
    for old in folder.iterdir():
        head = ""
        if old.suffix.lower() == ".html" and old.is_file() and not old.is_symlink():
            try:
                with open(old, encoding="utf-8", errors="replace") as f:
                    head = f.read(400)
            except OSError:
                pass
        if f'<meta name="generator" content="{GENERATOR}">' in head:
            old.unlink()
        else:
            kept.append(old.name[:-5] if old.name.lower().endswith(".html") else old.name)
    by_learner: dict[str, list[Submission]] = defaultdict(list)
    for sub in run.submissions:
        if sub.is_notebook:
            by_learner[sub.learner].append(sub)
    categories = _category_names()
    written: dict[str, Path] = {}
    names = feedback_names(by_learner, taken=kept)
    for learner in sorted(by_learner):
        path = folder / f"{names[learner]}.html"
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
        "grades": _write_csv(paths["grades"], TIDY_COLUMNS, _rows_per_file(tidy_rows(run))),
        "gradebook": _write_csv(paths["gradebook"], gradebook_columns(run), gradebook_rows(run)),
        "problems": _write_csv(paths["problems"], PROBLEM_COLUMNS, problem_rows(run)),
    }
    counts["feedback"] = len(write_feedback(run, paths["feedback"]))
    return {"paths": paths, "counts": counts}


def terminal_line(text, limit: int = MAX_LINE) -> str:
    """One summary line, escaped and on one line (:func:`newslit.errors.terminal_line`); cut ones point at problems.csv."""
    return safe_line(text, limit, "see problems.csv")


def summary(run: GradeRun, written: dict | None = None) -> str:
    """The class summary the command prints: every line through :func:`terminal_line` (one line each, escaped)."""
    subs = run.submissions
    graded = run.graded
    learners = sorted({s.learner for s in subs if s.is_notebook})
    lines = [f"Graded {len(graded)} of {len(subs)} file(s); {len(learners)} learner(s)."]
    skipped = getattr(run, "skipped", [])
    if skipped:
        folders = sorted({str(Path(p).parent) for p in skipped})
        lines.append(f"Skipped {len(skipped)} file(s) an earlier newslit grade wrote into the folders graded (reports, "
                     f"not hand-ins): {', '.join(folders[:3])}" + (f" and {len(folders) - 3} more" if len(folders) > 3
                                                                     else ""))
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
    return "\n".join(terminal_line(line) for line in lines)
