"""newslit.text.articles: loading, listing and validating article files."""

from __future__ import annotations

import json

import pytest

from newslit.text.articles import PARAGRAPH_SEPARATOR, Article, list_articles, load_article
from newslit.errors import NewslitError
from newslit.paths import REPO_DIR

DATASETS = REPO_DIR / "datasets"

# -- the sample article -----------------------------------------------------------


def test_sample_loads_by_default():
    article = load_article()
    assert article.id == "aleppo-2016"
    assert article == load_article("aleppo-2016")


def test_sample_metadata(sample_article):
    a = sample_article
    assert a.title == "Pro-Assad Forces Begin Reclaiming Major Parts of Aleppo"
    assert a.outlet == "Anti-Media"
    assert a.author == "Darius Shahtahmasebi"
    assert a.kind == "sample"
    assert a.language == "en"
    assert a.date.startswith("2016")
    assert "Darius Shahtahmasebi" in a.attribution and "Anti-Media" in a.attribution
    assert a.byline == "Anti-Media · Darius Shahtahmasebi · November 2016 (date inferred)"


def test_sample_has_eight_paragraphs(sample_article):
    assert len(sample_article.paragraphs) == 8
    assert all(p.strip() for p in sample_article.paragraphs)


def test_sample_footer_is_metadata_not_body(sample_article):
    a = sample_article
    footer = a.meta["source_note"]
    assert "Creative Commons" in footer
    assert footer not in a.text
    for phrase in ("free and open source", "permission to republish", "Radio airs"):
        assert phrase in footer
        assert phrase not in a.text
    assert a.title not in a.text.split(PARAGRAPH_SEPARATOR)[0]  # title split off from the body


def test_text_is_paragraphs_joined_by_blank_line(sample_article):
    a = sample_article
    assert a.text == "\n\n".join(a.paragraphs)
    for n, (start, para) in enumerate(zip(a.paragraph_starts(), a.paragraphs), 1):
        assert a.text[start:start + len(para)] == para
        assert a.paragraph_of(start) == n
        assert a.paragraph_of(start + len(para) - 1) == n
    assert a.paragraph_of(0) == 1
    assert a.paragraph_of(len(a.text) - 1) == len(a.paragraphs)


def test_load_by_path_equals_load_by_id(sample_article):
    assert load_article(DATASETS / "articles" / "aleppo-2016.json") == sample_article
    assert load_article(str(DATASETS / "articles" / "aleppo-2016.json")) == sample_article


def test_to_dict_round_trip(sample_article):
    data = sample_article.to_dict()
    assert data["format"] == "newslit-article/1"
    assert data["source_note"] == sample_article.meta["source_note"]
    assert Article.from_dict(json.loads(json.dumps(data))) == sample_article


# -- listing --------------------------------------------------------------------


def _raw_articles() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATASETS / "articles").glob("*.json"))}


def test_list_articles_all():
    ids = [a.id for a in list_articles()]
    assert "aleppo-2016" in ids
    assert ids == sorted(ids) == list(_raw_articles())


def test_list_articles_by_kind():
    assert [a.id for a in list_articles(kind="sample")] == ["aleppo-2016"]
    practice = list_articles(kind="practice")
    expected = [i for i, d in _raw_articles().items() if d["kind"] == "practice"]
    assert len(practice) >= 10
    assert [a.id for a in practice] == expected
    assert all(a.kind == "practice" and a.id.startswith("practice-") for a in practice)
    assert list_articles(kind="imported") == []


def test_list_articles_by_split():
    dev = list_articles(kind="practice", split="dev")
    heldout = list_articles(kind="practice", split="heldout")
    assert dev and heldout
    assert all(a.meta["split"] == "dev" for a in dev)
    assert all(a.meta["split"] == "heldout" for a in heldout)
    assert {a.id for a in dev}.isdisjoint({a.id for a in heldout})
    assert len(dev) + len(heldout) == len(list_articles(kind="practice"))
    assert list_articles(split="dev") == dev  # only practice texts have a split


def test_list_articles_sees_new_files(write_article, make_article_dict):
    write_article(make_article_dict("zz-new-one"))
    assert [a.id for a in list_articles(kind="imported")] == ["zz-new-one"]


# -- validation -------------------------------------------------------------------


def _error_for(path) -> str:
    with pytest.raises(NewslitError) as info:
        load_article(path)
    message = str(info.value)
    assert str(path) in message, message
    assert "Traceback" not in message
    return message


def test_valid_small_article(write_article, make_article_dict):
    path = write_article(make_article_dict("small-one"))
    article = load_article("small-one")
    assert article.id == "small-one" and len(article.paragraphs) == 2
    assert load_article(path) == article


@pytest.mark.parametrize("missing", ["title", "outlet", "paragraphs", "licence", "format"])
def test_missing_field(write_article, make_article_dict, missing):
    data = make_article_dict("bad-missing")
    del data[missing]
    message = _error_for(write_article(data))
    assert f"missing required field(s): {missing}" in message
    assert "docs/formats.md" in message


@pytest.mark.parametrize(
    "field, value, where",
    [
        ("title", 5, "title should be text, not 5"),
        ("paragraphs", "One paragraph", 'paragraphs should be a list, not "One paragraph"'),
        ("paragraphs", ["ok", 3], "paragraphs[1] should be text, not 3"),
        ("licence", "CC BY", 'licence should be an object {...}, not "CC BY"'),
        ("kind", "opinion", 'kind is "opinion"; it should be one of "sample", "practice", "imported"'),
        ("date", "29 Nov 2016", "date: '29 Nov 2016' does not match"),
    ],
)
def test_wrong_type_or_value(write_article, make_article_dict, field, value, where):
    message = _error_for(write_article(make_article_dict("bad-type", **{field: value})))
    assert where in message


@pytest.mark.parametrize("paras, where", [(["ok", ""], "paragraphs[1]"), (["   "], "paragraphs[0]"), ([], "paragraphs")])
def test_empty_paragraph(write_article, make_article_dict, paras, where):
    message = _error_for(write_article(make_article_dict("bad-empty", paragraphs=paras)))
    assert where in message
    assert any(reason in message for reason in (f"{where} is empty", "should be non-empty"))


def test_invalid_json(write_article):
    path = write_article('{"format": "newslit-article/1", "id": "bad-json",\n  "title": }', name="bad-json")
    message = _error_for(path)
    assert "not valid JSON" in message and "line 2" in message


def test_not_utf8(write_article, make_article_dict):
    raw = json.dumps(make_article_dict("bad-enc", title="Café"), ensure_ascii=False).encode("latin-1")
    message = _error_for(write_article(raw, name="bad-enc"))
    assert "not UTF-8" in message


def test_utf8_bom_is_accepted(write_article, make_article_dict):
    raw = b"\xef\xbb\xbf" + json.dumps(make_article_dict("with-bom")).encode("utf-8")
    write_article(raw, name="with-bom")
    assert load_article("with-bom").id == "with-bom"


def test_top_level_not_an_object(write_article):
    message = _error_for(write_article("[1, 2, 3]", name="bad-list"))
    assert "one JSON object" in message


def test_id_filename_mismatch(write_article, make_article_dict):
    path = write_article(make_article_dict("real-id"), name="other-name")
    message = _error_for(path)
    assert "'real-id'" in message and "real-id.json" in message


def test_practice_without_split(write_article, make_article_dict):
    message = _error_for(write_article(make_article_dict("bad-practice", kind="practice")))
    assert '"split"' in message and "practice" in message


def test_practice_with_split_loads(write_article, make_article_dict):
    write_article(make_article_dict("good-practice", kind="practice", split="heldout"))
    assert load_article("good-practice").meta["split"] == "heldout"


@pytest.mark.parametrize("para", ["First part.\n\nSecond part.", "Windows.\r\nLine.", "Old Mac.\rLine."])
def test_paragraph_with_blank_line_or_cr(write_article, make_article_dict, para):
    message = _error_for(write_article(make_article_dict("bad-blank", paragraphs=["Fine.", para])))
    assert "blank line" in message


@pytest.mark.parametrize("para", ["First part.\n \nSecond part.", "First part.\n\t\nSecond part."])
def test_paragraph_with_whitespace_blank_line(write_article, make_article_dict, para):
    message = _error_for(write_article(make_article_dict("bad-blank-ws", paragraphs=["Fine.", para])))
    assert "blank line" in message


def test_missing_article_names_path(datasets_copy):
    with pytest.raises(NewslitError) as info:
        load_article("no-such-article")
    assert "not found" in str(info.value)
    assert str(datasets_copy / "articles" / "no-such-article.json") in str(info.value)


def test_bad_file_makes_list_articles_fail_clearly(write_article):
    path = write_article("{not json", name="zz-broken")
    with pytest.raises(NewslitError) as info:
        list_articles()
    assert str(path) in str(info.value)


def test_error_message_is_one_line(write_article, make_article_dict):
    data = make_article_dict("bad-many", title="", outlet="", author="", paragraphs=[""], kind="nope", date="x", language="English")
    message = _error_for(write_article(data))
    assert "\n" not in message
    assert "(and" in message and "more)" in message  # capped at five problems


@pytest.mark.parametrize("bad_date", ["2016-13", "2016-02-30", "2016-00"])
def test_impossible_dates_are_refused(make_article_dict, bad_date):
    with pytest.raises(NewslitError, match="not a real date"):
        Article.from_dict(make_article_dict("dated", date=bad_date))
