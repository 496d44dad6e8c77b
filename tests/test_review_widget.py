"""The instructor's key review widget, driven from plain Python (no kernel, no browser).

Articles are imported into a private copy of datasets/ (``datasets_copy``).
"""

from __future__ import annotations

import json

import pytest

from newslit.errors import NewslitError
from newslit.instructor.import_article import import_article, is_draft
from newslit.files import read_json
from newslit.keys.answer_key import key_path, load_key
from newslit.widgets.lesson import Lesson
from newslit.instructor.review import KeyReview, article_preview

TEXT = (
    "Critics slammed the devastating cuts on Monday.\n\n"
    "The mayor said the cuts were needed. A <script>alert(1)</script> tag & an <b>HTML</b> word stay text.\n\n"
    "Staff slammed the plan again, calling it a sweetener for developers."
)
META = dict(title="Council cuts", outlet="Riverside Post", date="2024-03", licence="CC BY 4.0")
ID = "review-test"


@pytest.fixture
def article(datasets_copy, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return import_article(path, **META, article_id=ID)


@pytest.fixture
def review(article):
    return KeyReview(article.id)


def saved_key() -> dict:
    return read_json(key_path(ID, "loaded_language"), "key")


def fill_neutrals(review, value="a neutral word"):
    for row in review.rows:
        if not row.neutral.value:
            row.neutral.value = value


def test_shows_the_draft_items(review, article):
    draft = saved_key()
    assert review.was_draft and [r.id for r in review.rows] == [i["id"] for i in draft["items"]]
    assert [r.text for r in review.rows] == ["slammed", "devastating", "slammed"]
    assert all(r.decision.value == "keep" and r.machine for r in review.rows)
    row = review.row("slammed-2")
    assert row.paragraph == 3 and "occurrence 2" in row.heading.value and "machine draft" in row.heading.value
    assert "<mark>slammed</mark>" in row.heading.value and "Staff" in row.heading.value
    assert "3 kept (3 points), 0 defensible, 0 dropped" in review.summary.value
    hl = review.highlighter
    assert hl.show_machine and hl.text == article.text
    underlined = {hl.text[hl.words[i].start:hl.words[i].end] for i in hl.machine}
    assert underlined == {"slammed", "devastating"}
    assert "machine draft" in review.children[0].value


def test_article_text_is_escaped(review, article):
    # An item next to the HTML: its context must show the tags as text.
    review.highlighter.mark_phrase("tag")
    review.add_category.value = "framing"
    row = review.add_marked()[0]
    assert "<script>" not in row.heading.value and "&lt;script&gt;alert(1)&lt;/script&gt;" in row.heading.value
    assert "&amp;" in row.heading.value and "<b>" not in row.heading.value
    preview = article_preview(article).value
    assert "<script>" not in preview and "&lt;script&gt;" in preview and "&lt;b&gt;HTML&lt;/b&gt;" in preview


def test_save_needs_reasons_and_neutral_alternatives(review):
    before = key_path(ID, "loaded_language").read_bytes()
    review.row("devastating").neutral.value = "   "
    review.row("slammed").why.value = ""
    assert review.save() is None
    status = review.status.value
    assert "Not saved yet" in status and "devastating" in status and "neutral" in status and "reason" in status
    assert key_path(ID, "loaded_language").read_bytes() == before, "nothing written"
    assert is_draft(ID)


def test_keep_defensible_drop_and_edit_then_save(review, article):
    review.row("slammed").why.value = "\u201cSlammed\u201d makes criticism sound violent."
    review.row("slammed").neutral.value = "criticised"
    review.row("slammed").hint.value = "Paragraph 1: how did critics respond?"
    review.row("slammed").points.value = 2
    review.row("slammed").category.value = "verb_of_saying"
    review.row("devastating").decision.value = "defensible"
    review.row("devastating").why.value = "Strong, but the cuts are large; marking it costs nothing."
    review.row("slammed-2").decision.value = "drop"
    assert "1 kept (2 points), 1 defensible, 1 dropped" in review.summary.value
    assert review.row("devastating").neutral.disabled and review.row("slammed-2").why.disabled
    path = review.save()
    assert path == key_path(ID, "loaded_language")
    assert "Saved 1 item(s)" in review.status.value

    data = saved_key()
    assert "draft" not in data and "machine draft" in data["notes"] and data["reviewed_at"]
    assert data["version"] == "1"
    assert data["items"] == [{
        "id": "slammed", "text": "slammed", "occurrence": 1, "category": "verb_of_saying",
        "why": "\u201cSlammed\u201d makes criticism sound violent.", "neutral": "criticised",
        "hint": "Paragraph 1: how did critics respond?", "points": 2,
    }]
    assert data["defensible"] == [{"id": "devastating", "text": "devastating", "occurrence": 1,
                                   "why": "Strong, but the cuts are large; marking it costs nothing."}]
    key = load_key(ID, "loaded_language")  # what a lesson loads
    assert key.max_points == 2 and [d.id for d in key.defensible] == ["devastating"]
    assert not is_draft(ID)
    hl = review.highlighter
    assert {hl.text[hl.words[i].start:hl.words[i].end] for i in hl.machine} == {"slammed"}


def test_add_an_item_by_selecting_words(review, article):
    hl = review.highlighter
    hl.mark_phrase("the cuts")  # "the cuts were needed" (not "the devastating cuts")
    hl.mark_phrase("sweetener")
    review.add_category.value = "framing"
    added = review.add_marked()
    assert [(r.text, r.raw["occurrence"]) for r in added] == [("the cuts", 1), ("sweetener", 1)]
    assert hl.marked == [] and "Added 2 item(s)" in review.status.value
    assert all(not r.machine and r.category.value == "framing" for r in added)
    assert [r.text for r in review.rows] == ["slammed", "devastating", "the cuts", "slammed", "sweetener"], "article order"
    assert review.save() is None, "new items need why and neutral"
    for row in added:
        row.why.value = "One side's word for it."
        row.neutral.value = "a payment" if row.text == "sweetener" else "the reductions"
    fill_neutrals(review)
    assert review.save() is not None, review.status.value
    key = load_key(ID, "loaded_language")
    item = next(i for i in key.items if i.text == "the cuts")
    assert article.text[item.start:item.end] == "the cuts" and article.text[item.end:].startswith(" were needed")
    assert key.item("sweetener").hint.startswith("Paragraph 3: ")


def test_adding_an_existing_item_keeps_it(review):
    review.row("devastating").decision.value = "drop"
    review.highlighter.mark_phrase("devastating")
    assert review.add_marked() == []
    assert review.row("devastating").decision.value == "keep" and "already an item" in review.status.value
    assert len(review.rows) == 3


def test_add_without_marks_says_what_to_do(review):
    assert review.add_marked() == []
    assert "Mark one or more words" in review.status.value


def test_nothing_kept_is_refused(review):
    for row in review.rows:
        row.decision.value = "drop"
    assert review.save() is None and "keep at least one item" in review.status.value


def test_key_is_validated_before_writing(review, monkeypatch):
    fill_neutrals(review)
    review.row("slammed").category.value = ""
    assert review.save() is None and "needs a category" in review.status.value
    review.row("slammed").category.value = "label"
    before = key_path(ID, "loaded_language").read_bytes()
    # Whatever the widget builds, key_from_dict has the last word before anything is written.
    monkeypatch.setattr(KeyReview, "key_data", lambda self: {"format": "newslit-key/1", "article": ID,
                                                             "exercise": "loaded_language", "version": "1",
                                                             "items": [{"id": "x", "text": "not in the text", "why": "w",
                                                                        "category": "label"}]})
    assert review.save() is None and "does not occur" in review.status.value
    assert key_path(ID, "loaded_language").read_bytes() == before


def test_reviewing_a_confirmed_key_again(review):
    fill_neutrals(review)
    review.save()
    again = KeyReview(ID)
    assert not again.was_draft and "machine draft" not in again.children[0].value
    again.save()
    assert saved_key()["version"] == "1", "saving without a change keeps the version"
    again.row("slammed").neutral.value = "criticised"
    again.save()
    assert saved_key()["version"] == "2", "a changed key gets a new version, recorded in hand-ins"


def test_lesson_uses_the_reviewed_key(review):
    fill_neutrals(review)
    review.row("slammed-2").decision.value = "drop"
    review.save()
    lesson = Lesson("01_loaded_language", article=ID)
    assert [i.id for i in lesson.key("loaded_language").items] == ["slammed", "devastating"]
    ex = lesson.highlighter()
    ex.highlighter.mark_phrase("slammed")
    ex.check()
    assert "1 of 2 points" in ex.feedback.value


def test_article_without_a_key_starts_from_a_draft(review, datasets_copy):
    key_path(ID, "loaded_language").unlink()
    fresh = KeyReview(ID)
    assert fresh.was_draft and len(fresh.rows) == 3
    assert not key_path(ID, "loaded_language").exists(), "nothing written before Save"


def test_broken_key_file_is_a_clear_error(review):
    key_path(ID, "loaded_language").write_text("{not json", encoding="utf-8")
    with pytest.raises(NewslitError, match="not valid JSON"):
        KeyReview(ID)
    key_path(ID, "loaded_language").write_text(json.dumps({**saved_key_dict(), "items": [
        {"id": "gone", "text": "never there", "why": "w", "category": "label"}]}), encoding="utf-8")
    with pytest.raises(NewslitError, match="does not occur"):
        KeyReview(ID)


def saved_key_dict() -> dict:
    return {"format": "newslit-key/1", "article": ID, "exercise": "loaded_language", "version": "1", "items": []}
