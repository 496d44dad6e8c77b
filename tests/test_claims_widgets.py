"""Lesson 2 widgets, driven from plain Python (no browser), and the lesson-2 notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import markupsafe
import pytest
from nbclient import NotebookClient

from newslit.learner.handin import read_handins
from newslit.keys.answer_key import load_key
from newslit.widgets.lesson import Lesson
from newslit.keys.kinds import score_answer
from newslit.learner.store import read_answers_file
from newslit.widgets import AttributionMap, AttributionRewrite, ClaimChoices, ClaimFinderOpinion, ClaimSorter, EvidencePlan

ROOT = Path(__file__).resolve().parents[1]
LESSON = "02_unsupported_claims"
REFERENCE = {
    "gains": "unsourced", "observers-predict": "vague", "who-is-fighting": "unsourced", "many-sources": "vague",
    "observers-speculating": "vague", "trump-obama-differ": "opinion", "kerry-efforts": "unsourced",
    "washington-post": "sourced", "regional-players": "unsourced", "trump-expected": "vague", "kerry-waning": "opinion",
    "residents-fleeing": "vague", "mainstream-narrative": "unsourced", "media-exclusively": "unsourced",
    "financial-times": "sourced", "zinki-beheaded": "unsourced", "war-crimes": "vague", "iraq-damage": "opinion", "major-threat": "opinion",
}


@pytest.fixture
def lesson():
    return Lesson(LESSON)


def saved(lesson) -> dict:
    return read_answers_file(lesson.store.path)["answers"]


# -- the claim sorter -------------------------------------------------------------------------------


def test_sorter_builds_one_row_per_claim(lesson):
    sorter = lesson.claim_sorter()
    assert isinstance(sorter, ClaimSorter) and lesson.claim_sorter() is sorter
    key = sorter.key
    board = sorter.board
    assert isinstance(board, ClaimChoices)
    assert [i["id"] for i in board.items] == [i.id for i in key.items] and len(key.items) == 19
    for n, (row, item) in enumerate(zip(board.items, key.items), 1):
        assert row == {"id": item.id, "n": n, "paragraph": item.paragraph, "text": item.text}
    assert board.options == [["sourced", "named source"], ["vague", "vague source"], ["unsourced", "no source"],
                             ["opinion", "opinion"]]
    assert board.labels == {} and board.feedback == {}
    assert sorter.reveal_button.disabled and not lesson.store.path.exists()  # building saves nothing
    assert [b.description for b in sorter.children[2].children] == ["Check my labels", "Reveal answers", "Clear my labels"]


def test_the_radio_groups_are_accessible_and_never_render_text_as_html():
    js = (ROOT / "newslit" / "widgets" / "static" / "claims.js").read_text(encoding="utf-8")
    assert 'createElement("fieldset")' in js and 'createElement("legend")' in js  # a named group per claim
    assert 'input.type = "radio"' in js and "input.name = " in js  # one tab stop per claim, arrow keys inside
    assert "e.stopPropagation()" in js  # JupyterLab's shortcuts do not take the arrow keys
    assert js.count("innerHTML") == 1 and "escaped in Python" in js  # only the feedback, escaped in Python
    assert "quote.textContent" in js and "text.textContent = name" in js
    css = (ROOT / "newslit" / "widgets" / "static" / "claims.css").read_text(encoding="utf-8")
    assert "focus-visible" in css and "input:checked" in css  # focus shows; the choice is bold and underlined too


def test_labels_autosave_and_restore_after_restart(lesson):
    sorter = lesson.claim_sorter()
    sorter.set_label("washington-post", "sourced")
    sorter.set_label("many-sources", "opinion")
    assert saved(lesson)["claims"] == {"labels": {"washington-post": "sourced", "many-sources": "opinion"}}
    assert "Saved at" in sorter.status.value
    assert read_answers_file(lesson.store.path)["key_versions"] == {"claims": "2"}
    again = Lesson(LESSON).claim_sorter()  # a new kernel
    assert again.labels == {"washington-post": "sourced", "many-sources": "opinion"}
    again.set_label("many-sources", "vague")
    assert "Saved at" in again.status.value
    assert saved(lesson)["claims"]["labels"]["many-sources"] == "vague"
    again.set_label("many-sources", None)
    assert saved(lesson)["claims"] == {"labels": {"washington-post": "sourced"}}


def test_check_explains_right_answers_and_hints_the_rest(lesson):
    sorter = lesson.claim_sorter()
    key = sorter.key
    sorter.set_label("washington-post", "sourced")  # right
    sorter.set_label("gains", "sourced")  # wrong: a hint, not the answer
    sorter.set_label("regional-players", "sourced")  # an accepted alternative
    result = sorter.check()
    assert result.points == 2 and result.max_points == 19
    assert "Score: 2 of 19 points" in sorter.feedback.value
    assert "1 right, 1 accepted, 1 to rethink, 16 not labelled yet" in sorter.feedback.value
    post = sorter.item_feedback("washington-post")
    item = key.item("washington-post")
    assert "\u2713 Right:" in post and sorter.board.feedback["washington-post"]["status"] == "correct"
    for text in (item.data["support_needed"], item.data["check"]):
        assert str(markupsafe.escape(text)) in post  # shown escaped, whichever entity form the template writes
    assert "What would support it" in post and "Where to check" in post
    gains = sorter.item_feedback("gains")
    assert "\u2717 Not yet:" in gains and "Hint:" in gains and "you chose named source" in gains
    assert key.item("gains").why not in gains, "no answer before the learner asks"
    accepted = sorter.item_feedback("regional-players")
    assert "\u2713 Accepted:" in accepted and "key's first choice is <strong>no source</strong>" in accepted
    assert "? Not labelled yet." in sorter.item_feedback("kerry-efforts")
    assert not sorter.reveal_button.disabled


def test_reveal_shows_every_explanation(lesson):
    sorter = lesson.claim_sorter()
    sorter.set_label("gains", "vague")
    sorter.check(stage="reveal")
    gains = sorter.item_feedback("gains")
    assert "\u2717 You chose vague source;</span> the key says <strong>no source</strong>" in gains
    for item in sorter.key.items:
        assert "Where to check:" in sorter.item_feedback(item.id)
    assert sorter.reveal_button.disabled


def test_changing_a_label_after_a_check_asks_for_a_new_check(lesson):
    sorter = lesson.claim_sorter()
    sorter.set_label("gains", "vague")
    sorter.set_label("washington-post", "sourced")
    sorter.check()
    sorter.set_label("gains", "unsourced")
    assert "Label changed" in sorter.item_feedback("gains")
    assert "\u2713 Right:" in sorter.item_feedback("washington-post")  # the other claims keep their feedback


def test_full_marks_with_the_reference_labels(lesson):
    sorter = lesson.claim_sorter()
    for item_id, label in REFERENCE.items():
        sorter.set_label(item_id, label)
    result = sorter.check()
    assert result.points == result.max_points == 19
    assert score_answer(sorter.key, saved(lesson)["claims"]).points == 19  # the grader's view agrees
    assert "All done" in sorter.feedback.value and sorter.reveal_button.disabled


def test_clear(lesson):
    sorter = lesson.claim_sorter()
    sorter.set_label("gains", "vague")
    sorter.check()
    sorter.clear()
    assert sorter.labels == {} and sorter.feedback.value == "" and saved(lesson)["claims"] == {"labels": {}}


# -- escaping: a hostile article and key -------------------------------------------------------------


HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def hostile_lesson(write_article, write_key, make_article_dict, make_key_dict):
    paragraphs = [f"Critics say the {HOSTILE} plan failed.", f"According to the <b>Post</b>, {HOSTILE} worked."]
    write_article(make_article_dict("hostile-claims", paragraphs, title=f"Title {HOSTILE}"))
    key = make_key_dict("hostile-claims", [
        {"id": "one", "text": f"Critics say the {HOSTILE} plan failed.", "label": "vague", "why": f"why {HOSTILE}",
         "support_needed": f"need {HOSTILE}", "check": f"check {HOSTILE}", "hint": f"hint {HOSTILE}"},
        {"id": "two", "text": f"According to the <b>Post</b>, {HOSTILE} worked.", "label": "sourced", "why": "w",
         "support_needed": "s", "check": "c", "hint": "h"},
    ], exercise="claims")
    key.update(kind="labels", labels={"sourced": "named source", "vague": "vague source", "unsourced": "no source",
                                      "opinion": "opinion"})
    write_key(key)
    return Lesson(LESSON, article="hostile-claims")


def no_live_html(html: str) -> None:
    assert "<img" not in html and "<b>Post" not in html
    assert "onerror" not in html or "&lt;img" in html


def test_sorter_escapes_article_and_key_text(hostile_lesson):
    sorter = hostile_lesson.claim_sorter()
    assert HOSTILE in sorter.board.items[0]["text"]  # raw text: the browser inserts it with textContent
    no_live_html(sorter.children[0].value)
    sorter.set_label("one", "sourced")
    sorter.check()
    no_live_html(sorter.item_feedback("one"))
    sorter.check(stage="reveal")
    html = sorter.item_feedback("one")
    no_live_html(html)
    assert "need &lt;img" in html and "check &lt;img" in html


def test_other_lesson_2_widgets_escape_too(hostile_lesson):
    table = hostile_lesson.attribution_map().children[0].value
    no_live_html(table)
    sorter = hostile_lesson.claim_sorter()
    sorter.set_label("one", "vague")
    opinion = hostile_lesson.claim_finder_opinion()
    no_live_html(opinion.table_html.value)
    rewrite = hostile_lesson.attribution_rewrite()
    no_live_html(rewrite.children[0].value + rewrite.verdict.value)
    rewrite.box.value = f"According to {HOSTILE} the <b>thing</b> worked."
    no_live_html(rewrite.verdict.value)
    plan = hostile_lesson.evidence_plan()
    assert plan.rubric is None  # no rubric key for this article: the plan still works
    no_live_html(plan.quote.value)
    plan.box.value = "my plan"
    plan.check(stage="reveal")
    no_live_html(plan.feedback.value)


# -- attribution map ----------------------------------------------------------------------------------


def test_attribution_map_is_a_pandas_table(lesson):
    amap = lesson.attribution_map()
    assert isinstance(amap, AttributionMap)
    table = amap.table()
    assert list(table.columns) == AttributionMap.COLUMNS
    post = table[table["who"] == "the Washington Post"].iloc[0]
    assert post["heard from?"] == "named source" and post["claims credited"] == 1 and post["paragraphs"] == "4"
    assert post["for example"].startswith("According to the Washington Post")
    assert set(table["heard from?"]) == {"named source", "vague source", "talked about only"}
    talked = table[table["heard from?"] == "talked about only"]
    assert {"residents", "Trump"} <= set(talked["who"])
    ft = table[table["who"] == "the Financial Times"].iloc[0]  # claims key v2: the FT quoting Alyoussef is sourced
    assert ft["heard from?"] == "named source"
    html = amap.children[0].value
    assert "Heard from by name: 2." in html and "<table" in html


# -- evidence plan --------------------------------------------------------------------------------------


def test_evidence_plan_offers_my_unsupported_claims(lesson):
    sorter = lesson.claim_sorter()
    sorter.set_label("many-sources", "vague")
    sorter.set_label("gains", "unsourced")
    sorter.set_label("washington-post", "sourced")
    plan = lesson.evidence_plan()
    assert isinstance(plan, EvidencePlan) and plan.rubric is not None
    assert [value for _, value in plan.claim.options] == ["gains", "many-sources"]
    plan.claim.value = "many-sources"
    plan.box.value = ("I would trace the original report of the figure through dated searches for late November 2016. "
                      "Then I would compare how Reuters and AP covered the third and whom they credited.")
    assert saved(lesson)["evidence_plan"] == {"text": plan.box.value, "claim": "many-sources"}
    result = plan.check()
    assert result.needs_review and 0 < result.points < result.max_points
    assert "First reading by the kit" in plan.feedback.value and "provisional" in plan.feedback.value
    assert "Missing, a hint:" in plan.feedback.value and "You wrote:" in plan.feedback.value
    assert "support_needed" not in plan.feedback.value
    plan.check(stage="reveal")
    assert sorter.key.item("many-sources").data["support_needed"].split(":")[0] in plan.feedback.value
    assert "One strong plan" in plan.feedback.value
    restarted = Lesson(LESSON).evidence_plan()
    assert restarted.box.value == plan.box.value and restarted.claim.value == "many-sources"


def test_evidence_plan_with_no_labels_offers_every_claim(lesson):
    plan = lesson.evidence_plan()
    assert len(plan.claim.options) == 19


# -- the machine's second opinion ------------------------------------------------------------------------


def test_finder_opinion_hides_the_key_until_checked(lesson):
    sorter = lesson.claim_sorter()
    sorter.set_label("many-sources", "vague")
    sorter.set_label("gains", "sourced")
    opinion = lesson.claim_finder_opinion()
    assert isinstance(opinion, ClaimFinderOpinion)
    table = opinion.comparison()
    assert list(table.columns) == ClaimFinderOpinion.COLUMNS and len(table) == 19
    assert set(table["key"]) == {"(check your labels first)"}
    row = table[table["claim"].str.startswith("According to many sources")].iloc[0]
    assert (row["your label"], row["finder says"], row["finder's cue"]) == ("vague source", "vague source",
                                                                           "According to many sources")
    assert opinion.agreement() == (1, 2)
    assert "agrees with your label on 1 of the 2 claims" in opinion.summary.value
    sorter.check()
    opinion.refresh()
    assert opinion.comparison()["key"].iloc[0] == "no source"



def test_finder_comparison_counts_opinion_apart_and_names_the_rows_that_differ(lesson):
    sorter = lesson.claim_sorter()
    sorter.set_label("many-sources", "vague")  # the same label
    sorter.set_label("kerry-waning", "opinion")  # the finder says no source: counted as agreeing, shown apart
    sorter.set_label("gains", "sourced")  # the finder says no source: differs
    opinion = lesson.claim_finder_opinion()
    numbers = {item.id: n for n, item in enumerate(sorter.key.items, 1)}
    assert opinion.agreement() == (2, 3)
    assert opinion.differences() == {"exact": 1, "as_none": 1, "differ": [numbers["gains"]]}
    table = opinion.comparison().set_index("no.")
    assert table.loc[numbers["many-sources"], "same as yours?"] == "\u2713 same"
    assert table.loc[numbers["kerry-waning"], "same as yours?"].startswith("\u2248 counted as same: opinion = no source")
    assert table.loc[numbers["gains"], "same as yours?"] == "\u2717 differs"
    assert set(table["same as yours?"]) == {"\u2713 same", "\u2717 differs", "",
                                            "\u2248 counted as same: opinion = no source to the finder"}
    summary = opinion.summary.value
    assert "agrees with your label on 2 of the 3 claims" in summary
    assert "1 with the same label, and 1 where you chose <em>opinion</em> and it says <em>no source</em>" in summary
    assert f"It reads 1 claim differently from you: claim {numbers['gains']} " in summary
    assert "In all, 2 rows below show a label other than yours" in summary
    assert "written by the kit's authors while reading this very article" in summary.replace("&#39;", "'")
    assert "no measure of its accuracy on other articles" in summary


def test_a_reveal_is_recorded_in_the_hand_in(lesson):
    sorter = lesson.claim_sorter()
    sorter.set_label("gains", "vague")
    sorter.check()
    assert saved(lesson)["claims"] == {"labels": {"gains": "vague"}}  # checking is not revealing
    sorter.check(stage="reveal")
    assert saved(lesson)["claims"] == {"labels": {"gains": "vague"}, "revealed": True}
    assert "claims: 1 claim(s) labelled (answers revealed)" in lesson.summary()
    sorter.set_label("gains", "unsourced")  # relabelling after the reveal keeps the record
    assert saved(lesson)["claims"] == {"labels": {"gains": "unsourced"}, "revealed": True}
    again = Lesson(LESSON).claim_sorter()  # a new kernel
    assert again.revealed and again.answer == {"labels": {"gains": "unsourced"}, "revealed": True}
    again.clear()
    assert saved(lesson)["claims"]["revealed"] is True

# -- rewrite a vague attribution ---------------------------------------------------------------------------


def test_rewrite_reads_each_version(lesson):
    rewrite = lesson.attribution_rewrite()
    assert isinstance(rewrite, AttributionRewrite)
    assert rewrite.original.startswith("According to many sources")
    assert "Still vague" in rewrite.verdict.value
    rewrite.box.value = ("According to the Syrian Observatory for Human Rights, about a third of the east had been "
                         "retaken by 28 November 2016.")
    assert "named source" in rewrite.verdict.value and "Syrian Observatory" in rewrite.verdict.value
    assert saved(lesson)["rewrite_attribution"] == {"text": rewrite.box.value, "original": rewrite.original}
    rewrite.box.value = "About a third of the east has been retaken."
    assert "No attribution yet" in rewrite.verdict.value
    assert Lesson(LESSON).attribution_rewrite().box.value == "About a third of the east has been retaken."


# -- hand-in -------------------------------------------------------------------------------------------------


def test_hand_in_carries_the_labels(lesson, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    sorter = lesson.claim_sorter()
    sorter.set_label("washington-post", "sourced")
    lesson.evidence_plan().box.value = "trace the original"
    lesson.hand_in()
    payload = shown[-1]["application/vnd.newslit.handin+json"]
    assert payload["lesson"] == LESSON
    assert payload["answers"]["claims"] == {"labels": {"washington-post": "sourced"}}
    assert payload["key_versions"] == {"claims": "2", "evidence_plan": "1"}
    assert "claims: 1 claim(s) labelled" in lesson.summary()


# -- the notebooks ---------------------------------------------------------------------------------------------


def execute(path: Path, home: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("NEWSLIT_HOME", str(home))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def test_lesson_2_is_built_from_its_solution():
    solution = json.loads((ROOT / "solutions" / f"{LESSON}.ipynb").read_text(encoding="utf-8"))
    lesson = json.loads((ROOT / "lessons" / f"{LESSON}.ipynb").read_text(encoding="utf-8"))
    assert solution["metadata"]["newslit"] == {"lesson": LESSON}
    ids = [c["id"] for c in solution["cells"]]
    assert all(i.startswith("l02-") for i in ids) and len(ids) == len(set(ids))
    hidden = [c["id"] for c in solution["cells"] if "solution-only" in c["metadata"].get("tags", [])]
    assert hidden and not set(hidden) & {c["id"] for c in lesson["cells"]}
    sources = "".join("".join(c["source"]) for c in lesson["cells"])
    for call in ("claim_sorter()", "attribution_map()", "evidence_plan()", "claim_finder_opinion()",
                 "attribution_rewrite()", "hand_in()"):
        assert call in sources
    assert "REFERENCE" not in sources and '"washington-post": "sourced"' not in sources


def test_solution_2_scores_full_marks(tmp_path, monkeypatch):
    nb = execute(ROOT / "solutions" / f"{LESSON}.ipynb", tmp_path, monkeypatch)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    (handin,) = read_handins(nb)
    answers = handin["answers"]
    claims = score_answer(load_key(handin["article"], "claims"), answers["claims"])
    assert claims.points == claims.max_points == 19
    plan = score_answer(load_key(handin["article"], "evidence_plan"), answers["evidence_plan"])
    assert plan.points == plan.max_points and plan.needs_review
    assert answers["rewrite_attribution"]["text"].startswith("According to the Syrian Observatory")
    assert handin["key_versions"] == {"claims": "2", "evidence_plan": "1"}


def test_lesson_2_answers_survive_a_kernel_restart(tmp_path, monkeypatch):
    execute(ROOT / "solutions" / f"{LESSON}.ipynb", tmp_path, monkeypatch)
    nb = execute(ROOT / "lessons" / f"{LESSON}.ipynb", tmp_path, monkeypatch)  # a fresh kernel, the learner's copy
    handin = read_handins(nb)[0]
    assert handin["answers"]["claims"]["labels"] == REFERENCE
