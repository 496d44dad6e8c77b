"""newslit.keys.answer_key: every shipped key loads and resolves; bad keys fail clearly."""

from __future__ import annotations

import copy
import json
import re

import pytest

from newslit.text.articles import load_article
from newslit.errors import NewslitError
from newslit.files import read_json
from newslit.keys.answer_key import SPAN_KINDS, key_from_dict, load_key, part_text
from newslit.text.lexicon import load_lexicon
from newslit.paths import REPO_DIR

KEYS_DIR = REPO_DIR / "datasets" / "keys"
KEY_FILES = sorted(KEYS_DIR.glob("*/*.json"))
SAMPLE_KEY = KEYS_DIR / "aleppo-2016" / "loaded_language.json"


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_there_are_keys():
    assert SAMPLE_KEY in KEY_FILES
    assert len(KEY_FILES) >= 11


@pytest.mark.parametrize("path", KEY_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_key_loads_and_resolves(path):
    raw = read_json(path, "Answer key")
    key = load_key(path.parent.name, path.stem)
    assert key.article.id == path.parent.name == raw["article"]
    assert key.exercise == path.stem == raw["exercise"]
    assert len(key.items) == len(raw["items"])
    assert len(key.defensible) == len(raw.get("defensible", []))
    for item, raw_item in zip(key.items + key.defensible, raw["items"] + raw.get("defensible", [])):
        assert item.id == raw_item["id"]
        assert item.why.strip()
        if "text" not in raw_item:  # an item that is not a span of the article (rubric idea, checklist item)
            assert key.kind not in SPAN_KINDS and item.start is None and item.end is None
            continue
        assert item.part == raw_item.get("part", "body")
        text = part_text(key.article, item.part)  # the headline's items index the title
        assert 0 <= item.start < item.end <= len(text)
        assert item.text == text[item.start:item.end]
        assert _norm(item.text) == _norm(raw_item["text"])
        # the item starts and ends on word boundaries: no half words
        assert item.start == 0 or not (text[item.start - 1].isalnum() and text[item.start].isalnum()), item
        assert item.end == len(text) or not (text[item.end - 1].isalnum() and text[item.end].isalnum()), item
        if item.part == "title":
            assert item.paragraph is None and key.kind == "highlight"
            continue
        assert item.paragraph == key.article.paragraph_of(item.start)
        assert text.split("\n\n")[item.paragraph - 1].find(item.text) >= 0 or "\n" in item.text
    assert key.max_points == sum(float(i.get("points", 1)) for i in raw["items"])
    for item in key.defensible:
        assert item.points == 0


@pytest.mark.parametrize("path", KEY_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_key_items_are_in_lexicon_categories_and_hints_name_the_right_paragraph(path):
    key = load_key(path.parent.name, path.stem)
    categories = load_lexicon().categories
    for item in key.items:
        if key.exercise == "loaded_language":
            assert item.category in categories
        if item.paragraph is None:
            continue
        m = re.match(r"Paragraph (\d+)", item.hint)
        if m:
            assert int(m.group(1)) == item.paragraph, item


def test_item_ids_unique_in_every_key():
    for path in KEY_FILES:
        raw = read_json(path, "Answer key")
        ids = [i["id"] for i in raw["items"] + raw.get("defensible", [])]
        assert len(ids) == len(set(ids)), path


def test_sample_key_items_are_complete():
    raw = read_json(SAMPLE_KEY, "Answer key")
    assert raw["items"]
    for item in raw["items"]:
        for field in ("why", "neutral", "hint"):
            assert isinstance(item.get(field), str) and item[field].strip(), (item["id"], field)
        assert isinstance(item.get("points"), (int, float)) and item["points"] > 0, item["id"]


def test_sample_key_resolves_occurrences(sample_key):
    text = sample_key.article.text
    first, second = sample_key.item("reclaiming-1"), sample_key.item("reclaiming-2")
    assert first.text == second.text == "reclaiming"
    assert first.start == text.find("reclaiming")
    assert second.start == text.find("reclaiming", first.end)
    assert sample_key.max_points == sum(i.get("points", 1) for i in read_json(SAMPLE_KEY, "Answer key")["items"])
    with pytest.raises(KeyError):
        sample_key.item("no-such-item")


def test_key_phrase_matches_non_breaking_space(sample_key):
    item = sample_key.item("made-a-point")
    assert "\u00a0" in item.text  # the article has a no-break space the key author typed as a space
    assert _norm(item.text.replace("\u00a0", " ")) == "made a point of"


# -- malformed keys ---------------------------------------------------------------

GOOD_ITEM = {"id": "slammed", "text": "slammed", "category": "verb_of_saying", "why": "It tells you how to feel."}


def _key(article_id: str, items, **extra) -> dict:
    return {"format": "newslit-key/1", "article": article_id, "exercise": "loaded_language", "version": "1", "items": items, **extra}


@pytest.fixture
def small_article(write_article, make_article_dict):
    write_article(make_article_dict("keyed-article"))
    return load_article("keyed-article")


def _fails(write_key, data) -> str:
    path = write_key(data)
    with pytest.raises(NewslitError) as info:
        load_key(data["article"], data["exercise"])
    message = str(info.value)
    assert str(path) in message, message
    assert "\n" not in message
    return message


def test_small_good_key(write_key, small_article):
    write_key(_key("keyed-article", [GOOD_ITEM, dict(GOOD_ITEM, id="devastating", text="devastating cuts", category="intensifier", points=2)]))
    key = load_key("keyed-article", "loaded_language")
    assert [i.text for i in key.items] == ["slammed", "devastating cuts"]
    assert key.max_points == 3
    assert key.items[1].paragraph == 2


def test_unknown_category(write_key, small_article):
    message = _fails(write_key, _key("keyed-article", [dict(GOOD_ITEM, category="spin")]))
    assert "'slammed'" in message and "'spin'" in message and "intensifier" in message


def test_missing_category(write_key, small_article):
    item = dict(GOOD_ITEM)
    del item["category"]
    message = _fails(write_key, _key("keyed-article", [item]))
    assert "category None" in message


def test_text_not_in_article(write_key, small_article):
    message = _fails(write_key, _key("keyed-article", [dict(GOOD_ITEM, text="lambasted")]))
    assert "'lambasted'" in message and "does not occur" in message and "'keyed-article'" in message


def test_text_case_matters(write_key, small_article):
    message = _fails(write_key, _key("keyed-article", [dict(GOOD_ITEM, text="Slammed")]))
    assert "does not occur" in message


def test_duplicate_ids(write_key, small_article):
    items = [GOOD_ITEM, dict(GOOD_ITEM, text="devastating", category="intensifier")]
    message = _fails(write_key, _key("keyed-article", items))
    assert "unique" in message and "slammed" in message


def test_duplicate_id_between_items_and_defensible(write_key, small_article):
    data = _key("keyed-article", [GOOD_ITEM], defensible=[{"id": "slammed", "text": "cuts", "why": "fine"}])
    assert "repeated: slammed" in _fails(write_key, data)


def test_wrong_occurrence(write_key, small_article):
    message = _fails(write_key, _key("keyed-article", [dict(GOOD_ITEM, occurrence=2)]))
    assert "does not occur 2 time(s)" in message


def test_occurrence_zero_rejected(write_key, small_article):
    message = _fails(write_key, _key("keyed-article", [dict(GOOD_ITEM, occurrence=0)]))
    assert "items[0].occurrence" in message


@pytest.mark.parametrize("field", ["why", "id"])
def test_missing_required_item_field(write_key, small_article, field):
    item = dict(GOOD_ITEM)
    del item[field]
    message = _fails(write_key, _key("keyed-article", [item]))
    assert f"missing required field(s) in items[0]: {field}" in message


def test_missing_text_in_highlight_key(write_key, small_article):
    item = dict(GOOD_ITEM)
    del item["text"]
    message = _fails(write_key, _key("keyed-article", [item]))
    assert '"text"' in message and "slammed" in message


def test_missing_why_in_defensible(write_key, small_article):
    data = _key("keyed-article", [GOOD_ITEM], defensible=[{"id": "cuts", "text": "cuts"}])
    assert "missing required field(s) in defensible[0]: why" in _fails(write_key, data)


@pytest.mark.parametrize("points", [0, -1, "2"])
def test_bad_points(write_key, small_article, points):
    message = _fails(write_key, _key("keyed-article", [dict(GOOD_ITEM, points=points)]))
    assert "items[0].points" in message


def test_key_for_other_article(sample_article):
    data = _key("keyed-article", [GOOD_ITEM])
    with pytest.raises(NewslitError, match="is for article 'keyed-article', not 'aleppo-2016'"):
        key_from_dict(data, sample_article)


def test_no_key_for_article(small_article):
    with pytest.raises(NewslitError, match="no loaded_language answer key for article 'keyed-article'"):
        load_key(small_article, "loaded_language")


def test_key_file_not_json(write_key, small_article, datasets_copy):
    path = write_key(_key("keyed-article", [GOOD_ITEM]))
    path.write_text("{oops", encoding="utf-8")
    with pytest.raises(NewslitError) as info:
        load_key("keyed-article", "loaded_language")
    assert str(path) in str(info.value) and "not valid JSON" in str(info.value)


def test_shipped_key_edits_are_caught(sample_article):
    raw = read_json(SAMPLE_KEY, "Answer key")
    broken = copy.deepcopy(raw)
    broken["items"][0]["text"] = broken["items"][0]["text"].upper()
    with pytest.raises(NewslitError, match="does not occur"):
        key_from_dict(broken, sample_article)
    broken = copy.deepcopy(raw)
    broken["items"][3]["id"] = broken["items"][0]["id"]
    with pytest.raises(NewslitError, match="unique"):
        key_from_dict(broken, sample_article)
    assert key_from_dict(json.loads(json.dumps(raw)), sample_article).max_points == sum(i.get("points", 1) for i in raw["items"])


@pytest.mark.parametrize("text", [" ", "\t \n"])
def test_whitespace_only_item_text_rejected(sample_article, text):
    with pytest.raises(NewslitError):
        key_from_dict(_key("aleppo-2016", [dict(GOOD_ITEM, text=text)]), sample_article)


# -- items in the headline ("part": "title") ------------------------------------------------------------------


def _headline_key(make_article_dict, make_key_dict, items, defensible=None, **fields):
    from newslit.text.articles import Article

    article = Article.from_dict(make_article_dict("titled", title="Council slashes library budget",
                                                  paragraphs=["The council slashes the budget again.", "Critics objected."]))
    data = make_key_dict("titled", items, defensible)
    data.update(fields)
    return data, article


def test_a_title_item_is_located_in_the_title(make_article_dict, make_key_dict):
    data, article = _headline_key(make_article_dict, make_key_dict, [
        {"id": "slashes-headline", "part": "title", "text": "slashes", "category": "framing", "why": "w", "points": 1},
        {"id": "slashes", "part": "body", "text": "slashes", "category": "framing", "why": "w", "points": 2},
        {"id": "again", "text": "again", "category": "framing", "why": "w"},
    ], [{"id": "budget-headline", "part": "title", "text": "library budget", "why": "plain"}])
    key = key_from_dict(data, article)
    title, body, again = key.items
    assert (title.part, title.start, title.end, title.text, title.paragraph) == ("title", 8, 15, "slashes", None)
    assert (body.part, body.start, body.text, body.paragraph) == ("body", article.text.index("slashes"), "slashes", 1)
    assert again.part == "body" and "part" not in again.data  # no "part": the body, as every older key
    assert key.defensible[0].part == "title" and key.defensible[0].text == "library budget"
    assert title.as_span() == {"part": "title", "start": 8, "end": 15} and body.as_span() == {"start": body.start, "end": body.end}
    assert key.max_points == 4


def test_a_title_item_not_in_the_title_fails_clearly(make_article_dict, make_key_dict):
    data, article = _headline_key(make_article_dict, make_key_dict, [
        {"id": "critics", "part": "title", "text": "Critics", "category": "label", "why": "w"}])
    with pytest.raises(NewslitError, match=r"'Critics' does not occur 1 time\(s\) in the title of article 'titled'"):
        key_from_dict(data, article)


def test_only_a_highlight_key_has_title_items(make_article_dict, make_key_dict):
    data, article = _headline_key(make_article_dict, make_key_dict, [
        {"id": "c1", "part": "title", "text": "slashes", "label": "opinion", "why": "w"}],
        kind="labels", labels={"opinion": "opinion"}, exercise="claims")
    with pytest.raises(NewslitError, match=r"only a highlight key can have items in the title .* in: c1"):
        key_from_dict(data, article)


def test_a_part_that_is_neither_title_nor_body_is_refused(make_article_dict, make_key_dict):
    data, article = _headline_key(make_article_dict, make_key_dict, [
        {"id": "x", "part": "headline", "text": "slashes", "category": "framing", "why": "w"}])
    with pytest.raises(NewslitError, match=r'part.*"title", "body"'):
        key_from_dict(data, article)


def test_the_sample_key_scores_the_headline(sample_key):
    """Version 4 moved the headline's "Reclaiming" from not_markable into the items."""
    raw = read_json(SAMPLE_KEY, "Answer key")
    assert raw["version"] == "4" and "not_markable" not in raw and "Version 4:" in raw["notes"]
    item = sample_key.item("reclaiming-headline")
    assert (item.part, item.text, item.category, item.points) == ("title", "Reclaiming", "framing", 1.0)
    assert len(sample_key.items) == 15 and sample_key.max_points == 21 and "15 items, 21 points." in raw["notes"]
