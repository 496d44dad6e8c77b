"""newslit.keys.scoring: partial credit against an answer key."""

from __future__ import annotations

import pytest

from newslit.keys.answer_key import load_key

from newslit.text.articles import Article
from newslit.keys.answer_key import key_from_dict
from newslit.text.spans import words
from newslit.keys.scoring import EXTRA_WORD_PENALTY, joined, normalise_spans, score_highlights

PARAGRAPHS = [
    "The senator slammed the devastating cuts to the city library on Monday.",
    "Officials said the regime of fees would start in June, the report said.",
    "Some residents called the plan fair and others called it a tax grab.",
]


@pytest.fixture
def key(make_article_dict, make_key_dict):
    article = Article.from_dict(make_article_dict("score-me", paragraphs=PARAGRAPHS))
    items = [
        {"id": "slammed", "text": "slammed", "category": "verb_of_saying", "why": "w", "points": 1},
        {"id": "devastating", "text": "devastating", "category": "intensifier", "why": "w", "points": 2},
        {"id": "regime", "text": "regime", "category": "label", "why": "w", "points": 1},
        {"id": "tax-grab", "text": "a tax grab", "category": "framing", "why": "w", "points": 3},
    ]
    defensible = [{"id": "fair", "text": "fair", "why": "an opinion, but attributed to residents"}]
    return key_from_dict(make_key_dict("score-me", items, defensible), article)


def span_of(key, phrase, occurrence=1):
    text = key.article.text
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return (start, start + len(phrase))


def status(score):
    return {r.item.id: r.status for r in score.items}


def test_all_items_full_marks(key):
    score = score_highlights(key, [(i.start, i.end) for i in key.items])
    assert score.points == score.max_points == 7
    assert score.penalty == 0 and score.extras == []
    assert set(status(score).values()) == {"found"}
    assert score.missed == []


def test_nothing_marked_scores_zero(key):
    for spans in ([], None, ()):
        score = score_highlights(key, spans)
        assert score.points == 0 and score.penalty == 0
        assert set(status(score).values()) == {"missed"}
        assert len(score.missed) == 4


@pytest.mark.parametrize("item_id, points", [("slammed", 1), ("devastating", 2), ("regime", 1), ("tax-grab", 3)])
def test_one_item_earns_its_points(key, item_id, points):
    item = key.item(item_id)
    score = score_highlights(key, [(item.start, item.end)])
    assert score.points == points
    assert status(score)[item_id] == "found"
    assert [r.item.id for r in score.found] == [item_id]


def test_part_of_a_phrase_counts_as_found(key):
    score = score_highlights(key, [span_of(key, "grab")])
    assert status(score)["tax-grab"] == "found"
    assert score.points == 3
    assert score.items[3].marked == "grab"


def test_partial_word_mark_counts(key):
    start, _ = span_of(key, "devastating")
    score = score_highlights(key, [(start + 2, start + 5)])
    assert status(score)["devastating"] == "found" and score.points == 2


def test_near_miss_by_one_word_counts_half(key):
    # "the regime of fees": marking "of", a small word right after the item, is a near miss: half points
    of = span_of(key, "of fees")[0]
    score = score_highlights(key, [(of, of + 2)])
    assert status(score)["regime"] == "near"
    assert score.points == 0.5 and score.penalty == 0 and score.extras == []
    assert [r.marked for r in score.items if r.status == "near"] == ["of"]
    # "the devastating cuts": "cuts" is a content word; marking it is an extra, not a near miss
    score = score_highlights(key, [span_of(key, "cuts")])
    assert status(score)["devastating"] == "missed"
    assert score.penalty == EXTRA_WORD_PENALTY and [s.text for s in score.extras] == ["cuts"]
    # "regime of fees": "fees" is two words away, so it is not a near miss but an extra
    score = score_highlights(key, [span_of(key, "fees")])
    assert status(score)["regime"] == "missed"
    assert score.penalty == EXTRA_WORD_PENALTY


def test_near_miss_before_the_item(key):
    start, _ = span_of(key, "regime")
    previous = [w for w in words(key.article.text) if w.end <= start][-1]
    score = score_highlights(key, [(previous.start, previous.end)])
    assert previous.text == "the"
    assert status(score)["regime"] == "near" and score.points == 0.5


def test_marking_the_word_before_every_item_does_not_pay(sample_key):
    """Content-word neighbours are extras, so shadow-marking every item scores (almost) nothing."""
    key = sample_key
    tokens = words(key.article.text)
    before = []
    for item in key.items:
        previous = [t for t in tokens if t.end <= item.start][-1]
        before.append((previous.start, previous.end))
    score = score_highlights(key, before)
    assert score.points <= 0.25 * key.max_points


def test_a_word_inside_another_item_is_not_a_near_miss(key):
    # "slammed the devastating": "slammed" is its own item, not a near miss for anything else
    score = score_highlights(key, [span_of(key, "slammed")])
    assert status(score) == {"slammed": "found", "devastating": "missed", "regime": "missed", "tax-grab": "missed"}


def test_defensible_marks_cost_nothing(key):
    score = score_highlights(key, [span_of(key, "fair")])
    assert score.points == 0 and score.penalty == 0 and score.extras == []
    assert [d.id for d in score.defensible] == ["fair"]
    item = key.item("slammed")
    score = score_highlights(key, [span_of(key, "fair"), (item.start, item.end)])
    assert score.points == 1 and score.penalty == 0


def test_extra_words_cost_penalty_each(key):
    item = key.item("tax-grab")
    for n, phrase in enumerate(["library", "library on", "library on Monday"], 1):
        score = score_highlights(key, [(item.start, item.end), span_of(key, phrase)])
        assert score.penalty == pytest.approx(n * EXTRA_WORD_PENALTY)
        assert score.points == pytest.approx(3 - n * EXTRA_WORD_PENALTY)
        assert [s.text for s in score.extras] == [phrase]
    assert EXTRA_WORD_PENALTY == 0.25


def test_extras_grouped_into_runs(key):
    score = score_highlights(key, [span_of(key, "city library"), span_of(key, "June")])
    assert [s.text for s in score.extras] == ["city library", "June"]
    assert score.penalty == pytest.approx(3 * EXTRA_WORD_PENALTY)


def test_marking_the_whole_article_scores_zero(key):
    text = key.article.text
    score = score_highlights(key, [(0, len(text))])
    assert set(status(score).values()) == {"found"}
    assert score.points == 0
    assert score.penalty > score.max_points


def test_marking_every_word_separately_scores_zero(key):
    score = score_highlights(key, [(w.start, w.end) for w in words(key.article.text)])
    assert score.points == 0


def test_marking_whole_sample_article_scores_zero(sample_key):
    text = sample_key.article.text
    assert score_highlights(sample_key, [(0, len(text))]).points == 0
    full = score_highlights(sample_key, [i.as_span() for i in sample_key.items])  # the headline's item with its part
    assert full.points == full.max_points > 0 and full.penalty == 0


def test_sample_key_defensible_items_are_free(sample_key):
    score = score_highlights(sample_key, [d.as_span() for d in sample_key.defensible])
    assert score.penalty == 0 and score.extras == []
    assert len(score.defensible) == len(sample_key.defensible)


def test_saved_dict_spans_score_like_pairs(key):
    """Answers are saved as {"start", "end", "text"} dicts; scoring takes them as they are."""
    as_dicts = [{"start": i.start, "end": i.end, "text": i.text} for i in key.items]
    as_pairs = [(i.start, i.end) for i in key.items]
    assert score_highlights(key, as_dicts).points == score_highlights(key, as_pairs).points == key.max_points


@pytest.mark.parametrize(
    "junk",
    [
        [(-50, -10)],
        [(10_000, 20_000)],
        [(30, 10)],
        [(5, 5)],
        ["ab"],
        [None],
        [(1,)],
        [("x", "y")],
        [object()],
        [(float("nan"), 10)],
    ],
)
def test_out_of_range_and_malformed_spans_are_ignored(key, junk):
    score = score_highlights(key, junk)
    assert score.points == 0 and score.penalty == 0 and score.extras == []


def test_malformed_spans_do_not_hide_good_ones(key):
    item = key.item("devastating")
    score = score_highlights(key, ["junk", None, (-5, -1), (item.start, item.end), (10**6, 10**7)])
    assert score.points == 2 and score.penalty == 0


def test_spans_are_clipped_to_the_text(key):
    text = key.article.text
    item = key.item("tax-grab")
    score = score_highlights(key, [(item.start, len(text) + 500)])
    assert status(score)["tax-grab"] == "found"
    assert score.penalty == 0  # "a tax grab." has nothing after it but the full stop


def test_infinite_span_is_ignored(key):
    score = score_highlights(key, [(float("inf"), 5), (0, float("inf"))])
    nothing = score_highlights(key, [])
    assert (score.points, score.penalty, score.extras) == (nothing.points, nothing.penalty, nothing.extras)
    assert score.points == 0 and score.penalty == 0
    assert all(r.status == "missed" for r in score.items)


def test_score_never_negative(key):
    scores = [score_highlights(key, [(0, len(key.article.text))]), score_highlights(key, [span_of(key, "library on Monday")])]
    for score in scores:
        assert score.points == 0 and score.penalty > 0


def test_normalise_spans_sorts_merges_and_clips():
    text = "x" * 100
    assert normalise_spans(text, [(50, 60), (0, 10), (5, 20), (20, 25), (95, 200), (-5, 3)]) == [(0, 25), (50, 60), (95, 100)]
    assert normalise_spans(text, None) == []
    assert normalise_spans(text, [(1.9, 4.2)]) == [(1, 4)]


def test_as_dict(key):
    item = key.item("devastating")
    data = score_highlights(key, [(item.start, item.end), span_of(key, "June")]).as_dict()
    assert data["points"] == 1.75 and data["max_points"] == 7 and data["penalty"] == 0.25
    assert {r["id"]: (r["status"], r["points"]) for r in data["items"]}["devastating"] == ("found", 2.0)
    assert {r["id"]: r["points"] for r in data["items"]}["slammed"] == 0.0
    assert data["extras"] == [{"start": key.article.text.index("June"), "end": key.article.text.index("June") + 4, "text": "June"}]


@pytest.fixture
def sample_key():
    return load_key("aleppo-2016", "loaded_language")


def test_near_miss_does_not_cross_a_paragraph_break(sample_key):
    """The first word of paragraph 3 is not a near miss for the last word of paragraph 2."""
    key = sample_key
    text = key.article.text
    reclaimed = key.item("reclaimed")
    next_word = text.index("The", reclaimed.end)
    assert "\n" in text[reclaimed.end:next_word]
    result = score_highlights(key, [(next_word, next_word + 3)])
    assert next(r for r in result.items if r.item.id == "reclaimed").status == "missed"


def test_one_marked_word_is_a_near_miss_for_one_item_only(sample_key):
    """In "the fact the “rebels”", the middle "the" sits between two items; it may count once."""
    key = sample_key
    text = key.article.text
    the_fact = key.item("the-fact")
    middle = text.index("the", the_fact.end)
    result = score_highlights(key, [(middle, middle + 3)])
    near = [r.item.id for r in result.items if r.status == "near"]
    assert len(near) == 1


# -- a phrase one word too long: the edge word is reported, not charged ------------------------------------


def edges(score):
    return [(r.item.id, r.edge.text, r.phrase) for r in score.edges]


@pytest.mark.parametrize("phrase, item_id, edge, points", [
    ("devastating cuts", "devastating", "cuts", 2),  # one word after the item
    ("senator slammed", "slammed", "senator", 1),  # one word before it
    ("it a tax grab", "tax-grab", "it", 3),  # a key phrase of three words, one word before
    ("regime of", "regime", "of", 1),  # a small word: part of the phrase, not a near miss (the item is found)
])
def test_a_phrase_one_word_too_long_is_not_charged(key, phrase, item_id, edge, points):
    score = score_highlights(key, [span_of(key, phrase)])
    assert status(score)[item_id] == "found"
    assert score.points == points and score.penalty == 0 and score.extras == []
    assert edges(score) == [(item_id, edge, phrase)]
    assert score.as_dict()["edges"] == [{"id": item_id, "start": score.edges[0].edge.start,
                                          "end": score.edges[0].edge.end, "text": edge}]


def test_two_words_too_many_are_both_charged(key):
    score = score_highlights(key, [span_of(key, "devastating cuts to")])
    assert score.points == 2 - 2 * EXTRA_WORD_PENALTY and [s.text for s in score.extras] == ["cuts to"]
    assert score.edges == []
    # one phrase, two items, two words outside the key: each is charged
    score = score_highlights(key, [span_of(key, "slammed the devastating cuts")])
    assert score.penalty == 2 * EXTRA_WORD_PENALTY and score.edges == []
    # one phrase, two items, one word outside the key between them: one phrase one word too long
    score = score_highlights(key, [span_of(key, "slammed the devastating")])
    assert score.points == 3 and score.penalty == 0 and edges(score) == [("slammed", "the", "slammed the devastating")]


def test_an_edge_word_must_be_joined_to_the_item(key, make_article_dict, make_key_dict):
    """Marked words make one phrase only across spaces, hyphens and quotes, never across a comma or a paragraph."""
    text = key.article.text
    tokens = words(text)
    index = {t.text: n for n, t in enumerate(tokens)}
    assert joined(text, tokens, index["tax"]) and not joined(text, tokens, index["June"])
    assert not joined(text, tokens, index["Monday"]), "the last word of a paragraph and the first of the next"
    # a word next to the item but not marked with it (the word between unmarked) is an extra as before
    devastating = key.item("devastating")
    score = score_highlights(key, [(devastating.start, devastating.end), span_of(key, "to")])
    assert score.penalty == EXTRA_WORD_PENALTY and score.edges == []
    # across a comma: two phrases, so the word after the comma is an extra
    article = Article.from_dict(make_article_dict("commas", paragraphs=["Critics slammed, loudly, the plan.",
                                                                        "The plan was \u201cnot fit\u201d for purpose."]))
    small = key_from_dict(make_key_dict("commas", [
        {"id": "slammed", "text": "slammed", "category": "verb_of_saying", "why": "w", "points": 1},
        {"id": "not-fit", "text": "not fit", "category": "framing", "why": "w", "points": 1}]), article)
    start = small.article.text.index("slammed")
    score = score_highlights(small, [(start, small.article.text.index("loudly") + 6)])
    assert score.penalty == EXTRA_WORD_PENALTY and score.edges == [] and [s.text for s in score.extras] == ["loudly"]
    # across quotation marks: one phrase, so one word past the item is free
    start = small.article.text.index("was")
    score = score_highlights(small, [(start, small.article.text.index("for") - 1)])
    assert score.penalty == 0 and edges(score) == [("not-fit", "was", "was \u201cnot fit")]


def test_one_word_past_every_item_is_free_but_two_are_not(sample_key):
    """The rule forgives one word per phrase: marking each item with two neighbours still costs."""
    key = sample_key
    tokens = words(key.article.text)
    one, two = [], []
    for item in key.items:
        after = [t for t in tokens if t.start >= item.end][:2]
        one.append((item.start, after[0].end))
        two.append((item.start, after[1].end))
    assert score_highlights(key, one).points >= score_highlights(key, two).points
    assert score_highlights(key, two).penalty > 0


def test_the_reviewers_phrases_in_harbourside():
    key = load_key("practice-harbourside-rents", "loaded_language")
    text = key.article.text
    for phrase, item_id, edge in (("fat bonuses", "fat", "bonuses"), ("Tenants call it what it is", "call-it-what-it-is", "Tenants")):
        start = text.index(phrase)
        score = score_highlights(key, [(start, start + len(phrase))])
        assert score.penalty == 0 and score.points == key.item(item_id).points
        assert edges(score) == [(item_id, edge, phrase)]


# -- the headline: title spans are scored apart from body offsets --------------------------------------------


def _title(start: int, end: int, text: str = "") -> dict:
    return {"part": "title", "start": start, "end": end, "text": text}


def test_a_title_span_scores_the_headline_item(sample_key):
    item = sample_key.item("reclaiming-headline")
    assert item.part == "title" and sample_key.article.title[item.start:item.end] == "Reclaiming"
    score = score_highlights(sample_key, [_title(item.start, item.end, "Reclaiming")])
    assert status(score)["reclaiming-headline"] == "found" and score.points == item.points == 1
    assert score.penalty == 0 and score.extras == []
    assert {r.item.id for r in score.found} == {"reclaiming-headline"}


def test_title_and_body_offsets_never_match_each_other(sample_key):
    """The same numbers mean different words in the headline and in the body."""
    headline = sample_key.item("reclaiming-headline")
    body = sample_key.item("reclaiming-1")
    # the headline item's offsets, as a body span (no "part"): words of the body, not the headline's item
    as_body = score_highlights(sample_key, [(headline.start, headline.end)])
    assert status(as_body)["reclaiming-headline"] == "missed" and as_body.points == 0
    # body offsets 23-33 are "...forces have": "forces" is in the defensible "Pro-Assad forces", "have" is an extra
    assert sample_key.article.text[headline.start:headline.end] == "orces have"
    assert [(e.text, getattr(e, "part", "body")) for e in as_body.extras] == [("have", "body")]
    assert [d.id for d in as_body.defensible] == ["pro-assad"]
    # a body item's offsets, as a title span: past the end of the title, so nothing at all
    as_title = score_highlights(sample_key, [_title(body.start, body.end)])
    assert status(as_title)["reclaiming-1"] == "missed" and as_title.points == 0 and as_title.extras == []
    # both, each in its own part: both found
    both = score_highlights(sample_key, [_title(headline.start, headline.end), body.as_span()])
    assert status(both)["reclaiming-headline"] == status(both)["reclaiming-1"] == "found"
    assert both.points == headline.points + body.points


def test_marks_in_the_title_not_in_the_key_are_extras_that_say_so(sample_key):
    title = sample_key.article.title
    start = title.index("Major")
    score = score_highlights(sample_key, [_title(start, start + len("Major"))])
    assert score.penalty == EXTRA_WORD_PENALTY and score.points == 0
    assert [(e.text, e.part) for e in score.extras] == [("Major", "title")]
    assert score.as_dict()["extras"] == [{"start": start, "end": start + 5, "text": "Major", "part": "title"}]
    # the headline's "Pro-Assad Forces" is defensible, as in paragraph 1
    free = score_highlights(sample_key, [_title(0, len("Pro-Assad Forces"))])
    assert free.penalty == 0 and [d.id for d in free.defensible] == ["pro-assad-headline"]


def test_the_rules_apply_within_the_headline(sample_key):
    """One word past the key's phrase is not charged, in the headline as in the body."""
    title = sample_key.article.title
    start = title.index("Begin")
    score = score_highlights(sample_key, [_title(start, title.index("Reclaiming") + len("Reclaiming"))])
    assert status(score)["reclaiming-headline"] == "found" and score.penalty == 0
    assert [(r.item.id, r.edge.text) for r in score.edges] == [("reclaiming-headline", "Begin")]


def test_answers_without_part_score_as_before_the_headline_was_markable(sample_key):
    """Every span saved before titles could be marked is a body span: against the same items it scores the same."""
    from newslit.files import read_json
    from newslit.paths import data_path

    raw = read_json(data_path("keys/aleppo-2016/loaded_language.json"), "key")
    old = dict(raw, version="3", items=[i for i in raw["items"] if i.get("part") != "title"],
               defensible=[d for d in raw["defensible"] if d.get("part") != "title"])
    old_key = key_from_dict(old, sample_key.article)
    assert old_key.max_points == 20 and sample_key.max_points == 21
    body_items = [i for i in sample_key.items if i.part == "body"]
    for spans in ([(i.start, i.end) for i in body_items],  # pairs, as the grader passed them
                  [{"start": i.start, "end": i.end, "text": i.text} for i in body_items[:5]],  # saved dicts
                  [(0, 40), (335, 345), (1200, 1300)]):
        before, now = score_highlights(old_key, spans), score_highlights(sample_key, spans)
        assert now.points == before.points and now.penalty == before.penalty
        assert now.as_dict()["extras"] == before.as_dict()["extras"]
        assert status(now) == {**status(before), "reclaiming-headline": "missed"}


def test_a_span_of_an_unknown_part_is_left_out(sample_key):
    from newslit.keys.scoring import score_highlight

    item = sample_key.item("reclaiming-1")
    spans = [{**item.as_span(), "part": "headline"}, {**item.as_span(), "part": None}, {**item.as_span(), "part": ["body"]}]
    assert normalise_spans(sample_key.article.text, spans) == []
    result = score_highlight(sample_key, {"spans": spans})
    assert result.points == 0 and result.extras == [] and not result.problems
