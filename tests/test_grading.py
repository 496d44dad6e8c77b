"""The grader: hand-ins read from notebooks, scored with partial credit, reported as CSVs and feedback pages.

Submissions are built in code from the executed reference solution
(tests/grading_fixtures); damaged ones are in test_grading_damaged.py.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from newslit.grading.grade import GENERIC_USERS, grade, learner_from_file
from newslit.learner.handin import read_handins
from newslit.keys.answer_key import load_key
from newslit.text.spans import words
from newslit.grading.reports import PROBLEM_COLUMNS, TIDY_COLUMNS, summary, write_reports
from newslit.keys.scoring import EXTRA_WORD_PENALTY
from tools.build_solutions import SOLUTION_USER, WIDGET_VIEW, strip_widget_state

from tests.grading_fixtures import ARTICLE, LESSON, ROOT, payload, reference_spans, solution, span, submission, write

SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
GOOD = {"found", "near", "correct", "accepted", "present"}


@pytest.fixture(scope="module")
def key():
    return load_key(ARTICLE, "loaded_language")


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def grade_to(tmp_path, paths, **kw):
    run = grade(paths, progress=False, **kw)
    written = write_reports(run, tmp_path / "out")
    return run, written


def only(run, name):
    return next(s for s in run.submissions if s.path.endswith(name))


def item_statuses(run, sub, exercise="loaded_language"):
    ex = next(e for e in run.exercises(sub) if e.exercise == exercise)
    return {i.id: i.status for i in ex.score.items}


# -- the reference solutions --------------------------------------------------------------------------


def test_solutions_are_committed_with_their_handin_and_no_widget_state():
    assert SOLUTIONS
    for path in SOLUTIONS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        handins = read_handins(nb)
        assert len(handins) == 1, f"{path.name} has no hand-in: run `make solutions` (python -m newslit build-solutions)"
        assert handins[0]["user"] == SOLUTION_USER
        assert "widgets" not in nb["metadata"]
        assert not any(WIDGET_VIEW in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
        for exercise, version in handins[0]["key_versions"].items():
            assert load_key(handins[0]["article"], exercise).version == version, (
                f"{path.name} was answered against an older {exercise} key: run `make solutions`")


def test_grade_solutions_gives_full_marks_on_every_auto_scored_item(tmp_path):
    run, _ = grade_to(tmp_path, [ROOT / "solutions"])
    assert len(run.submissions) == len(SOLUTIONS)
    for sub in run.submissions:
        assert sub.status == "graded", (sub.path, sub.problems)
        assert not sub.problems, (sub.path, sub.problems)
        scored = [e for e in run.exercises(sub) if e.scored]
        assert scored and all(e.score is not None for e in scored)
        for ex in scored:
            bad = [(i.id, i.status) for i in ex.score.items if i.status not in GOOD]
            assert not bad, f"{sub.path} {ex.exercise}: not full marks on {bad}"
            assert ex.score.points == ex.score.max_points > 0
            assert not ex.score.extras and not ex.score.unknown and not ex.score.problems
        assert sub.points == sub.max_points == run.lesson_max[sub.lesson]


def test_grade_solutions_command(tmp_path, run_env):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "newslit", "grade", str(ROOT / "solutions"), "--out", str(out)],
                          capture_output=True, text=True, env=run_env(), cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"Graded {len(SOLUTIONS)} of {len(SOLUTIONS)} file(s)" in proc.stdout
    assert "What the grader cannot detect" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    _, book = read_csv(out / "gradebook.csv")
    assert [r["learner"] for r in book] == [SOLUTION_USER]
    assert book[0]["percent"] == "100.0"


def test_strip_widget_state():
    nb = {"metadata": {"widgets": {"state": {}}, "newslit": {"lesson": "x"}}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [
            {"output_type": "execute_result", "data": {WIDGET_VIEW: {"model_id": "1"}, "text/plain": "VBox()"}},
            {"output_type": "stream", "name": "stdout", "text": "kept\n"}]},
        {"cell_type": "markdown", "metadata": {}, "source": "x"}]}
    strip_widget_state(nb)
    assert nb["metadata"] == {"newslit": {"lesson": "x"}}
    assert nb["cells"][0]["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "kept\n"}]


# -- partial credit -----------------------------------------------------------------------------------


def test_partly_answered_scores_what_was_found(tmp_path, key):
    spans = reference_spans()[:5]  # the first five items only
    write(tmp_path / "class" / "bea.ipynb", submission("bea", spans=spans))
    run, _ = grade_to(tmp_path, [tmp_path / "class"])
    sub = only(run, "bea.ipynb")
    statuses = item_statuses(run, sub)
    found = [i for i in key.items if statuses[i.id] == "found"]
    assert [i.id for i in found] == [i.id for i in key.items[:5]]
    assert sub.points == sum(i.points for i in key.items[:5])
    assert sub.max_points == key.max_points
    page = (tmp_path / "out" / "feedback" / "bea.html").read_text(encoding="utf-8")
    missed = key.items[-1]
    assert "What you missed" in page and "What to practise" in page
    assert missed.hint.replace("\u2019", "'").split(":")[0] in page.replace("&#x27;", "'")
    assert "Neutral" in page or "neutral" in page


def test_near_miss_defensible_and_over_marking(tmp_path, key):
    from newslit.text.lexicon import load_lexicon

    text = key.article.text
    tokens = words(text)
    small = load_lexicon().function_words
    keyed = [(i.start, i.end) for i in key.items if i.part == "body"]

    def neighbour(item):  # a small word right next to the item, in its paragraph: a near miss
        before = [t for t in tokens if t.end <= item.start]
        after = [t for t in tokens if t.start >= item.end]
        for t in ([before[-1]] if before else []) + ([after[0]] if after else []):
            gap = text[min(t.end, item.end):max(t.start, item.start)]
            if t.text.lower() in small and "\n" not in gap and not any(s <= t.start < e for s, e in keyed):
                return t
        return None

    target = next(i for i in key.items if i.part == "body" and neighbour(i) is not None)
    after = neighbour(target)
    fall = key.defensible[[d.id for d in key.defensible].index("fall")]
    write(tmp_path / "c" / "near.ipynb", submission("near", spans=[span(after.text, after.start),
                                                                   span(fall.text, fall.start)]))
    everything = [span(t.text, t.start) for t in tokens]  # every word of the body, and of the headline:
    everything += [{"part": "title", "start": t.start, "end": t.end, "text": t.text} for t in words(key.article.title)]
    write(tmp_path / "c" / "all.ipynb", submission("all", spans=everything))
    write(tmp_path / "c" / "none.ipynb", submission("none", spans=[]))
    run, written = grade_to(tmp_path, [tmp_path / "c"])

    near = only(run, "near.ipynb")
    assert item_statuses(run, near)[target.id] == "near"
    assert 0 < near.points <= target.points  # the near miss earns points, the defensible mark costs nothing
    assert not next(e for e in run.exercises(near) if e.exercise == "loaded_language").score.extras

    marked_all = only(run, "all.ipynb")
    assert all(s != "missed" for s in item_statuses(run, marked_all).values())
    assert marked_all.points < 0.25 * key.max_points  # marking every word cannot score well
    _, rows = read_csv(written["paths"]["grades"])
    near_row = next(r for r in rows if r["learner"] == "near" and r["item"] == target.id)
    assert near_row["status"] == "near" and float(near_row["points"]) == near.points
    page = (tmp_path / "out" / "feedback" / "near.html").read_text(encoding="utf-8")
    assert "a near miss" in page
    penalty = [r for r in rows if r["learner"] == "all" and r["status"] == "penalty"]
    assert len(penalty) == 1 and float(penalty[0]["points"]) < 0
    assert only(run, "none.ipynb").points == 0


def test_penalty_row_never_pushes_a_score_below_zero(tmp_path, key):
    tokens = words(key.article.text)
    keyed = {(i.start, i.end) for i in key.items + key.defensible if i.part == "body"}
    plain = [span(t.text, t.start) for t in tokens[:200] if not any(s <= t.start < e for s, e in keyed)]
    plain.append(span("reclaiming", key.item("reclaiming-1").start))
    write(tmp_path / "c" / "x.ipynb", submission("x", spans=plain))
    run, written = grade_to(tmp_path, [tmp_path / "c"])
    assert only(run, "x.ipynb").points == 0
    _, rows = read_csv(written["paths"]["grades"])
    assert sum(float(r["points"]) for r in rows if r["exercise"] == "loaded_language") == 0


def test_empty_handin_is_graded_zero(tmp_path, key):
    write(tmp_path / "c" / "empty.ipynb", submission("empty", answers={}))
    run, written = grade_to(tmp_path, [tmp_path / "c"])
    sub = only(run, "empty.ipynb")
    assert sub.status == "graded" and sub.points == 0 and sub.max_points == key.max_points
    assert set(item_statuses(run, sub).values()) == {"unanswered"}
    assert [p.code for p in sub.problems] == ["empty-handin"]
    _, rows = read_csv(written["paths"]["grades"])
    assert {r["note"] for r in rows if r["exercise"] == "loaded_language"} == {"not answered"}
    assert {r["status"] for r in rows if r["exercise"] in ("rewrite", "reflection")} == {"unanswered"}


# -- the CSVs -----------------------------------------------------------------------------------------


def _class(tmp_path) -> Path:
    spans = reference_spans()
    folder = tmp_path / "class"
    write(folder / "ann.ipynb", submission("ann"))
    write(folder / "ben.ipynb", submission("ben", spans=spans[::2]))
    syrian = load_key(ARTICLE, "loaded_language").article.text.index("Syrian forces have begun")
    write(folder / "cy.ipynb", submission("cy", spans=spans[:3] + [span("Syrian", syrian)]))
    write(folder / "dee.ipynb", submission("dee", answers={}))
    return folder


def test_csv_columns_and_totals(tmp_path, key):
    run, written = grade_to(tmp_path, [_class(tmp_path)])
    columns, rows = read_csv(written["paths"]["grades"])
    assert columns == TIDY_COLUMNS == ["learner", "file", "lesson", "article", "exercise", "item", "status", "points",
                                       "max_points", "needs_review", "note"]
    book_columns, book = read_csv(written["paths"]["gradebook"])
    assert book_columns == ["learner", LESSON, "total", "max", "percent", "problems"]
    assert [r["learner"] for r in book] == ["ann", "ben", "cy", "dee"]
    assert read_csv(written["paths"]["problems"])[0] == PROBLEM_COLUMNS

    sums = defaultdict(float)
    maxima = defaultdict(float)
    for r in rows:
        sums[r["learner"]] += float(r["points"])
        maxima[r["learner"]] += float(r["max_points"])
    per_item = {r["item"] for r in rows if r["learner"] == "ann" and r["exercise"] == "loaded_language"}
    assert per_item == {i.id for i in key.items}
    for r in book:
        assert float(r[LESSON]) == pytest.approx(sums[r["learner"]])
        assert float(r["total"]) == pytest.approx(float(r[LESSON]))
        assert float(r["max"]) == key.max_points == maxima[r["learner"]]
        assert float(r["percent"]) == pytest.approx(round(100 * float(r["total"]) / key.max_points, 1))
    assert book[0][LESSON] == str(int(key.max_points)) and book[3][LESSON] == "0"
    cy = next(r for r in rows if r["learner"] == "cy" and r["status"] == "penalty")
    assert float(cy["points"]) == -EXTRA_WORD_PENALTY and "Syrian" in cy["note"]
    assert "empty-handin" in {r["problem"] for r in read_csv(written["paths"]["problems"])[1]}


def test_gradebook_counts_a_missing_lesson_as_zero_of_its_max(tmp_path, datasets_copy, key):
    _add_lesson_2(datasets_copy)
    folder = tmp_path / "class"
    write(folder / "ann-1.ipynb", submission("ann"))
    write(folder / "ann-2.ipynb", lesson_2_submission("ann", LESSON_2_ANSWERS))
    write(folder / "bo-1.ipynb", submission("bo"))
    run, written = grade_to(tmp_path, [folder])
    columns, book = read_csv(written["paths"]["gradebook"])
    assert columns == ["learner", LESSON, "02_test_lesson", "total", "max", "percent", "problems"]
    ann, bo = book
    assert float(ann["total"]) == float(ann[LESSON]) + float(ann["02_test_lesson"])
    assert bo["02_test_lesson"] == "" and float(bo["max"]) == float(ann["max"]) == key.max_points + LESSON_2_MAX


def test_spreadsheet_formulas_are_defused(tmp_path):
    write(tmp_path / "c" / "f.ipynb", submission("=HYPERLINK(\"http://x\",\"y\")"))
    _, written = grade_to(tmp_path, [tmp_path / "c"])
    text = written["paths"]["gradebook"].read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    _, rows = read_csv(written["paths"]["grades"])
    assert all(r["learner"].startswith("'=") for r in rows)


# -- feedback pages -----------------------------------------------------------------------------------


def test_feedback_escapes_everything_a_learner_wrote(tmp_path):
    nasty = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    answers = payload(solution())["answers"]
    answers["reflection"]["text"] = nasty + " & more"
    answers["rewrite"]["text"] = "</blockquote><b>bold</b>"
    answers["loaded_language"]["spans"].append({"start": 300, "end": 306, "text": nasty})
    nb = submission("<b>mallory</b>", answers=answers)
    write(tmp_path / "c" / "<i>file</i>.ipynb", nb)
    run, written = grade_to(tmp_path, [tmp_path / "c"])
    pages = list((tmp_path / "out" / "feedback").glob("*.html"))
    assert len(pages) == 1 and pages[0].name == "b_mallory_b.html"
    page = pages[0].read_text(encoding="utf-8")
    for raw in ("<script", "<img", "<b>", "<i>", "</blockquote><b>"):
        assert raw not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;mallory&lt;/b&gt;" in page and "&amp; more" in page
    assert "&lt;i&gt;file&lt;/i&gt;.ipynb" in page
    assert "<script" not in page.lower() and "onerror=" not in page.replace("onerror=alert(1)&gt;", "")


def test_feedback_explains_found_and_missed_with_the_key(tmp_path, key):
    spans = [s for s in reference_spans() if s["text"] != "exclusively"]
    write(tmp_path / "c" / "kim.ipynb", submission("kim", spans=spans))
    grade_to(tmp_path, [tmp_path / "c"])
    page = (tmp_path / "out" / "feedback" / "kim.html").read_text(encoding="utf-8")
    from html import escape

    missed = key.item("exclusively")
    found = key.item("reclaimed")
    head, tail = page.split("What you missed")
    assert escape(found.why) in head and escape(found.neutral) in head
    assert escape(missed.why) in tail and escape(missed.neutral) in tail and escape(missed.hint) in tail
    assert "absolute, certainty or exaggeration" in tail.split("What to practise")[1]


def test_stale_feedback_pages_are_removed_and_output_is_deterministic(tmp_path):
    folder = _class(tmp_path)
    _, first = grade_to(tmp_path, [folder])
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    (tmp_path / "out" / "feedback" / "mine.html").write_text("<p>a teacher's own page</p>", encoding="utf-8")
    (folder / "dee.ipynb").unlink()
    grade_to(tmp_path, [folder])
    assert not (tmp_path / "out" / "feedback" / "dee.html").exists()
    assert (tmp_path / "out" / "feedback" / "mine.html").exists()
    write(folder / "dee.ipynb", submission("dee", answers={}))
    grade_to(tmp_path, [folder])
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file() and p.name != "mine.html"}
    assert after == before


# -- learners -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("relative, expected", [
    ("alice.ipynb", "alice"),
    ("alice/01_loaded_language.ipynb", "alice"),
    ("smith_42_01_loaded_language.ipynb", "smith_42"),
    ("01_loaded_language.ipynb", "01_loaded_language"),
    ("Jane Smith_1234_assignsubmission_file_/01_loaded_language (1).ipynb", "Jane Smith_1234_assignsubmission_file_(1)"),
])
def test_learner_from_file(relative, expected):
    assert learner_from_file(relative, [LESSON]) == expected


def test_generic_user_names_fall_back_to_the_file(tmp_path):
    assert "jovyan" in GENERIC_USERS
    write(tmp_path / "c" / "ana" / "01_loaded_language.ipynb", submission("jovyan"))
    write(tmp_path / "c" / "raj" / "01_loaded_language.ipynb", submission("jovyan"))
    write(tmp_path / "c" / "zoe_01_loaded_language.ipynb", submission("zoe.k"))
    run, _ = grade_to(tmp_path, [tmp_path / "c"])
    assert sorted(s.learner for s in run.submissions) == ["ana", "raj", "zoe.k"]
    run = grade([tmp_path / "c"], learner_from="file", progress=False)
    assert sorted(s.learner for s in run.submissions) == ["ana", "raj", "zoe"]
    assert all(s.graded and not s.problems for s in run.submissions)


# -- lessons 2, 3 and later: any lesson in datasets/lessons.json with keys ---------------------------------

LESSON_2_MAX = 2 + 1 + 1 + 1 + 2


def _add_lesson_2(datasets: Path) -> None:
    """A lesson with a labels, a checklist and a rubric exercise on the sample article, in a datasets copy."""
    index = json.loads((datasets / "lessons.json").read_text(encoding="utf-8"))
    index["lessons"]["02_test_lesson"] = {"title": "Test <lesson>", "minutes": 30, "exercises": {
        "claim_labels": {"kind": "labels", "scored": True},
        "context_checks": {"kind": "checklist", "scored": True},
        "explain": {"kind": "rubric", "scored": True},
        "notes": {"kind": "text", "scored": False},
    }}
    (datasets / "lessons.json").write_text(json.dumps(index), encoding="utf-8")
    keys = datasets / "keys" / ARTICLE

    def key(exercise, kind, items, **extra):
        data = {"format": "newslit-key/1", "article": ARTICLE, "exercise": exercise, "version": "3", "kind": kind,
                "items": items, **extra}
        (keys / f"{exercise}.json").write_text(json.dumps(data), encoding="utf-8")

    key("claim_labels", "labels", [
        {"id": "c1", "text": "reclaiming", "label": "unsourced", "accept": ["vague"], "points": 2,
         "why": "No source <says> so.", "hint": "Who says it?"},
        {"id": "c2", "text": "progress", "label": "sourced", "why": "Named."},
    ], labels={"sourced": "named source", "unsourced": "no source", "vague": "vague source"})
    key("context_checks", "checklist", [
        {"id": "k1", "expected": True, "question": "Is the death toll missing?", "why": "It is."},
        {"id": "k2", "expected": False, "question": "Is the date missing?", "why": "It is given."},
    ])
    key("explain", "rubric", [
        {"id": "i1", "idea": "names the framing", "keywords": ["fram*", "slant"], "points": 2, "why": "The core idea."},
    ], exemplar="The framing <em>matters</em>.")


LESSON_2_ANSWERS = {
    "claim_labels": {"labels": {"c1": "vague", "c2": "unsourced", "ghost": "sourced"}},
    "context_checks": {"checked": {"k1": {"checked": True, "spans": []}}},
    "explain": {"text": "The article frames the army's advance as a <return> of the city, which hides who was fighting there."},
    "notes": {"text": "my notes"},
}


def lesson_2_submission(user: str, answers: dict, **fields) -> dict:
    nb = submission(user, answers=answers, lesson="02_test_lesson", key_versions={
        "claim_labels": "3", "context_checks": "3", "explain": "3"}, **fields)
    nb["metadata"]["newslit"]["lesson"] = "02_test_lesson"
    return nb


def test_a_later_lesson_is_graded_by_its_keys(tmp_path, datasets_copy):
    _add_lesson_2(datasets_copy)
    write(tmp_path / "c" / "ann.ipynb", lesson_2_submission("ann", LESSON_2_ANSWERS))
    write(tmp_path / "c" / "bo.ipynb", lesson_2_submission("bo", {}))
    run, written = grade_to(tmp_path, [tmp_path / "c"])
    ann = only(run, "ann.ipynb")
    assert ann.status == "graded" and ann.lesson == "02_test_lesson"
    assert item_statuses(run, ann, "claim_labels") == {"c1": "accepted", "c2": "wrong"}
    assert item_statuses(run, ann, "context_checks") == {"k1": "correct", "k2": "correct"}
    assert item_statuses(run, ann, "explain") == {"i1": "present"}
    assert ann.points == 2 + 0 + 1 + 1 + 2 and ann.max_points == LESSON_2_MAX
    assert ann.needs_review
    assert {p.code for p in ann.problems} == {"unknown-items"}  # "ghost" is not in the key
    bo = only(run, "bo.ipynb")
    assert bo.points == 0  # an unanswered checklist earns nothing, even for items expected unticked
    assert set(item_statuses(run, bo, "context_checks").values()) == {"unanswered"}

    _, rows = read_csv(written["paths"]["grades"])
    explain = [r for r in rows if r["learner"] == "ann" and r["exercise"] == "explain"]
    assert [r["needs_review"] for r in explain] == ["yes"]
    assert any(r["item"] == "ghost" and r["status"] == "not in key" for r in rows)
    page = (tmp_path / "out" / "feedback" / "ann.html").read_text(encoding="utf-8")
    assert "Test &lt;lesson&gt;" in page and "&lt;return&gt;" in page and "The framing &lt;em&gt;matters" in page
    assert "No source &lt;says&gt; so." in page and "A person will read this answer" in page
    assert "1 needs review by a person" in summary(run)


def test_lesson_not_in_the_index_gets_a_reason(tmp_path):
    nb = submission("ann", lesson="09_not_yet")
    nb["metadata"]["newslit"]["lesson"] = "09_not_yet"
    write(tmp_path / "c" / "ann.ipynb", nb)
    run, _ = grade_to(tmp_path, [tmp_path / "c"])
    sub = only(run, "ann.ipynb")
    assert sub.status == "not graded"
    assert "09_not_yet" in sub.problems[0].message and "datasets/lessons.json" in sub.problems[0].message


# -- safety and speed ---------------------------------------------------------------------------------


def test_grading_never_runs_learner_code_nor_loads_widgets(tmp_path, run_env):
    nb = submission("eve")
    sentinel = tmp_path / "PWNED"
    nb["cells"].insert(0, {"cell_type": "code", "id": "evil", "metadata": {}, "execution_count": None, "outputs": [],
                           "source": f"open({str(sentinel)!r}, 'w').write('ran')\n"})
    write(tmp_path / "c" / "eve.ipynb", nb)
    script = (
        "import sys\n"
        "from newslit.grading.grade import grade\n"
        "from newslit.grading.reports import write_reports, summary\n"
        f"run = grade([{str(tmp_path / 'c')!r}], progress=False)\n"
        f"summary(run, write_reports(run, {str(tmp_path / 'out')!r}))\n"
        "assert run.submissions[0].graded\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('ipywidgets', 'anywidget', 'jupyterlab', 'IPython', 'ipykernel', 'nbclient', 'jupyter_client', 'textblob'))\n"
        "print(loaded)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=run_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    assert not sentinel.exists()


def test_progress_bar(tmp_path, capsys):
    _class(tmp_path)
    grade([tmp_path / "class"], progress=True)
    assert "grading" in capsys.readouterr().err
    grade([tmp_path / "class"], progress=None)  # not a terminal: no bar
    assert capsys.readouterr().err == ""


def test_output_folder_inside_the_class_folder_is_not_graded(tmp_path):
    folder = _class(tmp_path)
    for _ in range(2):
        run = grade([folder], exclude=folder / "grades", progress=False)
        write_reports(run, folder / "grades")
    assert len(run.submissions) == 4 and all(s.graded for s in run.submissions)


def test_handin_copies_from_the_app_are_graded_like_notebooks(tmp_path):
    """The Hand in button (app mode) writes a small notebook, or the lesson with only the hand-in output."""
    from newslit.render.handin import handin_notebook

    reference = payload(solution())
    reference["user"] = "app-learner"
    write(tmp_path / "c" / "small.ipynb", handin_notebook(reference, ["loaded_language: 15 marked phrase(s)"]))
    reference = dict(reference, user="lab-learner")
    write(tmp_path / "c" / "full.ipynb", handin_notebook(reference, ["x"], ROOT / "lessons" / f"{LESSON}.ipynb"))
    run, _ = grade_to(tmp_path, [tmp_path / "c"])
    for sub in run.submissions:
        assert sub.graded and not sub.problems, (sub.path, sub.problems)
        assert sub.points == sub.max_points > 0


def test_results_are_spooled_not_kept_in_memory(tmp_path):
    _class(tmp_path)
    run = grade([tmp_path / "class"], progress=False)
    assert all(not s.exercises and s.detail_at is not None for s in run.submissions)
    ann = next(s for s in run.submissions if s.learner == "ann")
    assert [e.exercise for e in run.exercises(ann)] == ["loaded_language", "rewrite", "reflection"]
    assert run.exercises(ann)[0].key is not None and run.exercises(ann)[0].score.points == ann.points


def test_the_class_article_can_be_named(tmp_path):
    _class(tmp_path)
    run = grade([tmp_path / "class"], articles={"*": "practice-fenwick-park-protest"}, progress=False)
    assert run.class_article == {LESSON: "practice-fenwick-park-protest"}
    assert all(any(p.code == "other-article" for p in s.problems) for s in run.submissions)
    run = grade([tmp_path / "class"], articles={LESSON: ARTICLE}, progress=False)
    assert not any(p.code == "other-article" for s in run.submissions for p in s.problems)


def test_a_missing_key_is_a_setup_problem_and_scores_nothing(tmp_path, datasets_copy):
    _add_lesson_2(datasets_copy)
    write(tmp_path / "c" / "ann.ipynb", lesson_2_submission("ann", LESSON_2_ANSWERS))
    (datasets_copy / "keys" / ARTICLE / "explain.json").unlink()
    run, written = grade_to(tmp_path, [tmp_path / "c"])
    ann = only(run, "ann.ipynb")
    assert ann.graded and ann.points == 2 + 1 + 1 and any(p.code == "no-key" for p in ann.problems)
    assert len(run.setup_problems) == 1 and "explain" in run.setup_problems[0]
    assert "Set-up problems" in summary(run, written)
    _, rows = read_csv(written["paths"]["grades"])
    assert [r["status"] for r in rows if r["exercise"] == "explain"] == ["no key"]


def test_grade_command_options(tmp_path, run_env):
    _class(tmp_path)
    out = tmp_path / "o"
    proc = subprocess.run([sys.executable, "-m", "newslit", "grade", str(tmp_path / "class"), "--out", str(out),
                           "--article", f"{LESSON}={ARTICLE}", "--learner-from", "file", "--max-mb", "1",
                           "--no-progress"], capture_output=True, text=True, env=run_env(), timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == ""
    _, book = read_csv(out / "gradebook.csv")
    assert [r["learner"] for r in book] == ["ann", "ben", "cy", "dee"]
    assert len(list((out / "feedback").glob("*.html"))) == 4


# -- the headline (key version 4): old hand-ins grade as before -------------------------------------------------


def test_an_old_format_handin_grades_as_before_and_the_headline_counts_apart(tmp_path, key):
    """A hand-in written before the headline was markable (key version 3: body spans, no "part") earns exactly the
    points it earned then; the headline's item is missed, never matched by a body span at the same offsets."""
    from newslit.keys.answer_key import key_from_dict
    from newslit.keys.kinds import score_answer

    reference = reference_spans()
    headline = [s for s in reference if s.get("part") == "title"]
    assert headline == [{"part": "title", "start": 23, "end": 33, "text": "Reclaiming"}]
    old_spans = [s for s in reference if "part" not in s]  # what the version-3 solution handed in
    old = submission("old", spans=old_spans, key_versions={"loaded_language": "3"})
    # the headline item's offsets, sent as a body span: words of the body ("forces", defensible, and "have")
    clash = submission("clash", spans=old_spans + [span("orces have", 23)], key_versions={"loaded_language": "3"})
    write(tmp_path / "c" / "old.ipynb", old)
    write(tmp_path / "c" / "clash.ipynb", clash)
    write(tmp_path / "c" / "new.ipynb", submission("new"))
    run, written = grade_to(tmp_path, [tmp_path / "c"])

    raw = json.loads((ROOT / "datasets" / "keys" / ARTICLE / "loaded_language.json").read_text(encoding="utf-8"))
    v3 = key_from_dict(dict(raw, version="3", items=[i for i in raw["items"] if i.get("part") != "title"],
                            defensible=[d for d in raw["defensible"] if d.get("part") != "title"]))
    then = score_answer(v3, {"spans": old_spans})  # how the version-3 key scored it
    assert then.points == then.max_points == 20

    old_sub, clash_sub, new_sub = only(run, "old.ipynb"), only(run, "clash.ipynb"), only(run, "new.ipynb")
    assert old_sub.points == then.points == 20 and old_sub.max_points == key.max_points == 21
    statuses = item_statuses(run, old_sub)
    assert statuses == {**{i.id: i.status for i in then.items}, "reclaiming-headline": "missed"}
    assert "was answered against version 3 of the loaded_language key" in " ".join(p.message for p in old_sub.problems)
    assert item_statuses(run, clash_sub)["reclaiming-headline"] == "missed"
    assert clash_sub.points == 20 - EXTRA_WORD_PENALTY  # "have" is an extra in the body; "forces" is defensible
    assert new_sub.points == new_sub.max_points == 21 and not new_sub.problems

    _, rows = read_csv(written["paths"]["grades"])
    old_rows = {r["item"]: r for r in rows if r["learner"] == "old" and r["exercise"] == "loaded_language"}
    assert old_rows["reclaiming-headline"]["status"] == "missed" and old_rows["reclaiming-1"]["status"] == "found"
    page = (tmp_path / "out" / "feedback" / "old.html").read_text(encoding="utf-8")
    assert "\u201cReclaiming\u201d (headline)" in page


def test_extra_marks_in_the_headline_are_named_as_such(tmp_path):
    spans = reference_spans() + [{"part": "title", "start": 49, "end": 55, "text": "Aleppo"}]
    write(tmp_path / "c" / "x.ipynb", submission("x", spans=spans))
    run, written = grade_to(tmp_path, [tmp_path / "c"])
    assert only(run, "x.ipynb").points == 21 - EXTRA_WORD_PENALTY
    _, rows = read_csv(written["paths"]["grades"])
    penalty = next(r for r in rows if r["learner"] == "x" and r["status"] == "penalty")
    assert penalty["note"] == "marked but not in the key: \u201cAleppo\u201d (headline)"
