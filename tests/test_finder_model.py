"""The loaded-language finder's second stage: shipped weights, confidence and caution."""

from __future__ import annotations

import json

from newslit.text.lexicon import finder_model_path, load_finder_model
from newslit.text.loaded import candidates, confidence, find_loaded
from newslit.text.spans import words

TEXT = ("The senator slammed the devastating cuts. \u201cThis is a shameful, outrageous betrayal of everyone in "
        "this town,\u201d she said. Critics grumbled that the so-called reform was a stunt.")


def test_retraining_reproduces_the_shipped_weights():
    from tools.train_finder import build

    shipped = json.loads(finder_model_path().read_text(encoding="utf-8"))
    rebuilt = build()
    assert rebuilt["trained_on"] == shipped["trained_on"]
    assert rebuilt["trained_on"]["split"] == "dev", "trained on the dev texts only"
    assert set(rebuilt["weights"]) == set(shipped["weights"])
    for name, weight in shipped["weights"].items():
        assert abs(rebuilt["weights"][name] - weight) < 2e-3, name
    assert abs(rebuilt["bias"] - shipped["bias"]) < 2e-3


def test_model_is_small_and_readable():
    model = load_finder_model()
    assert model and model["format"] == "newslit-finder-model/1"
    assert 5 <= len(model["weights"]) <= 200
    assert finder_model_path().stat().st_size < 20_000


def test_every_flag_has_a_confidence_category_and_reason():
    spans = find_loaded(TEXT)
    assert spans
    for span in spans:
        assert 0.5 <= span.confidence <= 1.0
        assert span.category and span.text.strip("\u201c\u201d\"") in span.reason


def test_caution_trades_flags_for_certainty():
    everything = find_loaded(TEXT, caution=0.0)
    default = find_loaded(TEXT)
    strict = find_loaded(TEXT, caution=0.95)
    assert len(everything) >= len(default) >= len(strict)
    assert {(s.start, s.end) for s in strict} <= {(s.start, s.end) for s in everything}
    assert all(s.confidence >= 0.95 for s in strict)


def test_a_word_inside_a_quotation_is_less_certain_and_says_why():
    outside = next(s for s in find_loaded("The shameful plan was approved on Monday.", caution=0.0) if s.text == "shameful")
    inside = next(s for s in find_loaded("\u201cIt is a shameful plan and we will fight it all the way,\u201d she said.",
                                         caution=0.0) if s.text == "shameful")
    assert inside.confidence < outside.confidence
    assert "quotation" in inside.reason


def test_negation_lowers_confidence():
    plain = [f for s, f in candidates("It was a catastrophe for the town.") if s.text == "catastrophe"]
    negated = [f for s, f in candidates("It was not a catastrophe for the town.") if s.text == "catastrophe"]
    assert plain and negated and "negated" in negated[0] and "negated" not in plain[0]
    assert confidence(negated[0]) < confidence(plain[0])


def test_without_a_model_the_finder_keeps_todays_rules():
    feats = {"source=textblob": 1.0, "category=intensifier": 1.0, "textblob_weak": 1.0}
    assert confidence(feats, model={}) == 0.0
    assert confidence({"source=lexicon": 1.0}, model={}) == 1.0


def test_cross_validation_holds_each_text_back_once():
    from tools.cv_finder import FOLDS, cross_validate, fold_of
    from tools.train_finder import dev_articles

    articles = dev_articles()[:10]
    assert [fold_of(a.id) for a in articles] == [fold_of(a.id) for a in articles]
    assert {fold_of(a.id, r) for a in articles for r in range(3)} <= set(range(FOLDS))
    results = cross_validate((0.0, 0.5), articles=articles)
    everything, default = results[0.0]["all"], results[0.5]["all"]
    assert everything.articles == default.articles == len(articles)
    assert everything.words == sum(len(words(a.text)) for a in articles)
    assert everything.tp + everything.fp >= default.tp + default.fp
    assert set(results[0.0]["sources"]) <= {"lexicon", "quotes", "textblob", "vader"}
    assert sum(right for right, _wrong in results[0.0]["sources"].values()) > 0
    assert cross_validate((0.5,), articles=articles, repeats=2)[0.5]["all"].articles == 2 * len(articles)


def test_training_never_reads_held_out_texts():
    from tools.train_finder import dev_articles

    assert dev_articles() and all(a.meta.get("split", "dev") == "dev" for a in dev_articles())


def test_model_reads_vader_and_context_features():
    weights = load_finder_model()["weights"]
    assert {"source=vader", "vader_valence", "loaded_nearby", "said_nearby"} <= set(weights)
    assert weights["in_quotation"] < 0 and weights["source=lexicon"] > weights["source=vader"]


def test_training_also_sees_each_text_as_new_text():
    from tools.train_finder import UNSEEN_SHARE, as_if_unseen, dev_articles, labelled, lexicon_term, training_set

    found = {"a": candidates("The mayor slammed the catastrophe."), "b": candidates("Critics slammed it.")}
    unseen = as_if_unseen(found["a"], {lexicon_term(s) for s, _f in found["b"] if s.source == "lexicon"})
    assert [s.text for s, _f in unseen if s.source == "lexicon"] == ["slammed"], "a term no other text holds is forgotten"
    assert any("loaded_nearby" in f for s, f in found["a"] if s.text == "slammed"), "the original keeps its features"
    assert not any("loaded_nearby" in f for s, f in unseen if s.text == "slammed"), "the copy recounts them"

    articles = dev_articles()[:3]
    found = {a.id: candidates(a.text) for a in articles}
    rows, labels, weights = training_set(articles, found)
    terms = {a.id: {lexicon_term(s) for s, _f in found[a.id] if s.source == "lexicon"} for a in articles}
    expected = 0
    for a in articles:
        elsewhere = set().union(*(terms[o.id] for o in articles if o is not a))
        expected += len(labelled(a, found[a.id])[1]) + len(labelled(a, as_if_unseen(found[a.id], elsewhere))[1])
    assert len(rows) == len(labels) == len(weights) == expected
    assert set(weights) == {UNSEEN_SHARE, 1 - UNSEEN_SHARE}


def test_show_lists_every_weight_strongest_first():
    from tools.train_finder import show

    model = load_finder_model()
    lines = show(model).splitlines()
    assert lines[1].split()[0] == "bias"
    names = [line.split()[0] for line in lines[2:]]
    assert sorted(names) == sorted(model["weights"])
    strengths = [abs(float(line.split()[-1])) for line in lines[2:]]
    assert strengths == sorted(strengths, reverse=True)
