"""Lesson 4, the capstone: its articles and keys, the bundled hand-in, the production exercise, full marks."""

from __future__ import annotations

import json
from pathlib import Path

from newslit.text.articles import load_article
from newslit.widgets.capstone import Capstone, capstone_articles, capstone_exercises, restraint_feedback
from newslit.grading.grade import Grader, grade
from newslit.learner.handin import read_handins
from newslit.keys.answer_key import load_key
from newslit.widgets.production import changed_words, load_production

ROOT = Path(__file__).resolve().parents[1]


def test_articles_are_varied_unseen_and_fully_keyed():
    articles = capstone_articles()
    assert len(articles) >= 4
    leanings = {}
    for short, article_id in articles.items():
        article = load_article(article_id)
        assert article.kind == "practice"
        leanings[short] = article.meta.get("leaning")
        for exercise in ("loaded_language", "claims", "context_checklist"):
            key = load_key(article_id, exercise)
            assert key.items or exercise == "loaded_language", f"{article_id} {exercise} has no items"
            assert capstone_exercises()[f"{short}_{exercise}"]["key"] == exercise
    slanted = [s for s, leaning in leanings.items() if leaning not in ("neutral", "none")]
    assert len(slanted) >= 3 and len({leanings[s] for s in slanted}) >= 3
    controls = [s for s in articles if not load_key(articles[s], "loaded_language").items]
    assert len(controls) == 1 and leanings[controls[0]] == "neutral"
    assert "aleppo-2016" not in articles.values()  # articles learners have not seen in lessons 1 to 3


def test_grader_scores_each_exercise_on_its_own_article():
    grader = Grader()
    assert grader.key_source("04_capstone", "practice-harbourside-rents", "tarrant_claims") == (
        "practice-tarrant-data-centre", "claims")
    assert grader.key_source("01_loaded_language", "aleppo-2016", "loaded_language") == ("aleppo-2016", "loaded_language")


def test_solution_hands_in_every_article_and_gets_full_marks():
    path = ROOT / "solutions" / "04_capstone.ipynb"
    handins = read_handins(path)
    assert len(handins) == 1
    payload = handins[0]
    assert payload["lesson"] == "04_capstone"
    scored = [n for n, spec in capstone_exercises().items() if spec.get("scored")]
    assert set(scored) <= set(payload["answers"]) and set(scored) <= set(payload["exercise_key_versions"])
    for exercise, version in payload["key_versions"].items():  # the hand-in article's own keys, as in lessons 1-3
        assert load_key(payload["article"], exercise).version == version
    run = grade([path], progress=False)
    sub = run.submissions[0]
    assert sub.graded and not sub.problems, [p.message for p in sub.problems]
    assert sub.points == sub.max_points == run.lesson_max["04_capstone"] > 100
    assert payload["answers"]["tarrant_loaded_language"]["spans"] == []
    assert payload["answers"]["production"]["loaded"] and payload["answers"]["production"]["neutral"]


def test_bundled_answers_and_restraint(tmp_path):
    capstone = Capstone(answers_folder=tmp_path)
    assert capstone.control == "tarrant"
    rents = capstone.lesson("harbourside")
    rents.highlighter().highlighter.mark_phrase("brutal")
    capstone.lesson("tarrant").claim_sorter().set_label(
        load_key("practice-tarrant-data-centre", "claims").items[0].id, "sourced")
    answers = capstone.answers
    assert answers["harbourside_loaded_language"]["spans"][0]["text"] == "brutal"
    assert "sourced" in answers["tarrant_claims"]["labels"].values()
    again = Capstone(answers_folder=tmp_path)  # answers come back per article
    assert again.answers["harbourside_loaded_language"]["spans"] == answers["harbourside_loaded_language"]["spans"]
    control = capstone.lesson("tarrant").highlighter()
    control.check()
    assert "little or nothing is loaded" in control.feedback.value and "Well judged" in control.feedback.value
    control.highlighter.mark_phrase("farmland")
    control.check()
    assert "control article" in control.feedback.value and "\u201cfarmland\u201d" in control.feedback.value
    assert "&lt;b&gt;" in restraint_feedback([{"text": "<b>"}], [])


def test_production_exercise(tmp_path):
    data = load_production()
    assert not data["key"]["loaded"] and data["paragraph"] and data["example_loaded"]
    capstone = Capstone(answers_folder=tmp_path)
    production = capstone.production()
    production.loaded_box.value = data["example_loaded"]
    rows = {r["version"]: r for r in production.rows()}
    assert rows["original"]["machine flags"] == []
    assert rows["your loaded version"]["machine flags"] and "shameful" in rows["your loaded version"]["words you changed"]
    saved = capstone.main.answers["production"]
    assert saved["loaded"] == data["example_loaded"] and saved["text"].strip()
    assert changed_words("a b c", "a B d d") == ["d"]
    production.loaded_box.value = "<script>alert(1)</script> shameful"
    assert "<script>" not in production.table.value


def test_lessons_index_lists_the_capstone():
    index = json.loads((ROOT / "datasets" / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    assert "04_capstone" in index and index["04_capstone"]["minutes"] == 90
    start = (ROOT / "lessons" / "00_start_here.ipynb").read_text(encoding="utf-8")
    assert "04_capstone.ipynb" in start


# -- the review of lesson 4: pointed hints, outlet profiles, plain provenance, readable receipt, the control ----------


def test_every_capstone_claim_hint_points_at_what_to_look_for():
    import re

    for article_id in capstone_articles().values():
        for item in load_key(article_id, "claims").items:
            hint = item.hint
            assert hint, f"{article_id} {item.id} has no hint"
            rest = re.sub(r"^Paragraph \d+(, [a-z ]+sentence| \(the quotation\)|, the quotation)?[.:]?\s*", "", hint)
            assert len(rest.split()) >= 4 and "?" in hint, f"{article_id} {item.id}: {hint!r} says only where"


def test_claim_hint_fallback_uses_the_finders_reading(tmp_path):
    from dataclasses import replace

    from newslit.widgets.claims import finder_hint

    key = load_key("practice-tarrant-data-centre", "claims")
    second = key.item("second-site")
    hint = finder_hint(replace(second, hint=""))
    assert "people familiar with the company\u2019s plans" in hint and "is expected" in hint
    assert "Paragraph 3" in hint and "first sentence" not in hint
    bare = finder_hint(replace(key.item("open-2028"), hint=""))
    assert "who says so" in bare.lower() and "credited" in bare
    capstone = Capstone(answers_folder=tmp_path)
    sorter = capstone.lesson("tarrant").claim_sorter()
    sorter.key = replace(key, items=tuple(replace(i, hint="") for i in key.items))  # a key without hints
    sorter.set_label("second-site", "sourced")
    sorter.check()
    assert "is expected" in sorter.item_feedback("second-site") and "Look again at paragraph" not in \
        sorter.item_feedback("second-site")


def test_source_cards_show_an_outlet_profile_and_no_plumbing(tmp_path):
    import re

    capstone = Capstone(answers_folder=tmp_path)
    names = set()
    for short, article_id in capstone_articles().items():
        article = load_article(article_id)
        profile = article.meta["outlet_profile"]
        names.add(profile["name"])
        html = capstone.lesson(short).about_the_source().value
        for field in ("owner", "funding", "mission", "corrections"):
            assert str(markup(profile[field])) in html, (short, field)
        assert all(str(markup(said)) in html for said in profile["others_say"])
        assert "Written for this kit as a practice article; the outlet is fictional" in html
        assert "Find out who runs and funds it" not in html, "no research into an outlet that does not exist"
        text = re.sub(r"<[^>]+>", " ", html)
        for plumbing in ("seed", "shared/", "frozen", "newslit.", ".json", "provenance"):
            assert plumbing not in text, (short, plumbing)
    assert len(names) == 4
    from newslit.widgets.lesson import Lesson

    sample = Lesson("03_missing_context", answers_folder=tmp_path).about_the_source().value
    assert "shared/seed" not in sample and "A real article by Darius Shahtahmasebi, published by Anti-Media" in sample


def markup(text):
    import markupsafe

    return markupsafe.escape(text)


def test_receipt_names_parts_in_words_and_lists_articles_not_attempted(tmp_path):
    capstone = Capstone(answers_folder=tmp_path)
    capstone.lesson("harbourside").context_checklist().set("no-baseline", True, "22 percent")
    capstone.lesson("tarrant").claim_sorter().set_label("approved", "sourced")
    lines = capstone.summary()
    assert "Harbourside rents: missing-context checklist \u2014 1 statement(s) ticked" in lines
    assert "Articles not attempted: Pennick school board, Northmere health app." in lines
    assert not any("_" in line for line in lines), "no internal exercise ids on the receipt"
    control = [line for line in lines if line.startswith("Tarrant data centre: loaded language")]
    assert control == ["Tarrant data centre: loaded language \u2014 nothing marked (not scored: for discussion with "
                       "your teacher)"]
    answers = capstone.payload()["answers"]
    assert "harbourside_context_checklist" in answers and "pennick_claims" not in answers  # ids stay as they are
    assert answers["tarrant_loaded_language"]["spans"] == []


def test_the_control_is_not_scored_anywhere(tmp_path):
    spec = capstone_exercises()["tarrant_loaded_language"]
    assert spec["scored"] is False and not load_key(spec["article"], spec["key"]).items
    capstone = Capstone(answers_folder=tmp_path)
    control = capstone.lesson("tarrant").highlighter()
    control.highlighter.mark_phrase("fear")  # defensible
    control.check()
    shown = control.feedback.value
    assert "not scored" in shown and "Score:" not in shown and "off for" not in shown
    assert "you left it unmarked" not in shown and "\u201cfear\u201d" in shown
    control.highlighter.mark_phrase("farmland")
    control.check()
    assert "Score:" not in control.feedback.value and "\u201cfarmland\u201d" in control.feedback.value
    assert capstone.answers["tarrant_loaded_language"]["text"].startswith("Not scored (the control article).")
    lesson = json.loads((ROOT / "lessons" / "04_capstone.ipynb").read_text(encoding="utf-8"))
    text = "\n".join(c["source"] for c in lesson["cells"] if c["cell_type"] == "markdown")
    assert "cost nothing" not in text and "**not scored**" in text and "about 90 minutes" in text
