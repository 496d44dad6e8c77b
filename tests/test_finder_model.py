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


def test_training_can_forget_quiet_entries_no_other_text_needs(monkeypatch):
    import tools.train_finder as tf
    from newslit.text.lexicon import load_lexicon

    lexicon = load_lexicon()
    text = "He had a heart attack on Monday, his family said."
    found = candidates(text, lexicon)
    quieted = tf.suppressed(text, found, lexicon)
    assert quieted and all(why == {("heart", "attack")} for _s, _f, why in quieted)
    assert tf.restored(found, quieted, {("heart", "attack")}) is found, "a quiet entry another text needs stays"
    back = tf.restored(found, quieted, set())
    assert {s.text for s, _f in back} - {s.text for s, _f in found} >= {"attack"}
    assert all("_words" in f for _s, f in back), "restored candidates keep their document context"

    class Article:
        def __init__(self, id_):
            self.id = id_

    texts = {"a": text, "b": "A heart attack is a medical emergency."}
    found = {k: candidates(t, lexicon) for k, t in texts.items()}
    quieted = {k: tf.suppressed(t, found[k], lexicon) for k, t in texts.items()}
    monkeypatch.setattr(tf, "labelled", lambda article, cands: ([f for _s, f in cands], [0] * len(cands)))
    both = [Article("a"), Article("b")]
    assert len(tf.training_set(both, found, quieted)[0]) == len(tf.training_set(both, found)[0]), \
        "a quiet entry two texts need is not forgotten"
    alone = [Article("a")]
    rows, _labels, weights = tf.training_set(alone, found, quieted)
    assert len(rows) == len(tf.training_set(alone, found)[0]) + len(quieted["a"]), \
        "the second copy of a text meets what only its own quiet entries hid"
    assert set(weights) == {tf.UNSEEN_SHARE, 1 - tf.UNSEEN_SHARE}


def test_cross_validation_can_forget_the_quiet_list_of_held_back_texts():
    from tools.cv_finder import cross_validate
    from tools.train_finder import dev_articles

    articles = [a for a in dev_articles() if a.meta.get("leaning") == "neutral"][:3] + dev_articles()[:5]
    tuned = cross_validate((0.0,), articles=articles)[0.0]["all"]
    untuned = cross_validate((0.0,), articles=articles, unseen_quiet=True)[0.0]["all"]
    assert untuned.articles == tuned.articles
    assert untuned.tp + untuned.fp >= tuned.tp + tuned.fp


def test_model_reads_the_whole_text_and_reported_speech():
    weights = load_finder_model()["weights"]
    assert {"doc_loaded_rate", "doc_loaded_sentences", "doc_said_rate", "attributed_sentence"} <= set(weights)
    assert not any(name.startswith("_") for name in weights), "context keys are not features"
    assert weights["attributed_sentence"] < 0 and weights["doc_loaded_sentences"] > 0


def test_a_lone_loaded_word_in_wire_copy_is_less_certain_than_in_a_loaded_text():
    wire = ("HALDEN (newslit) \u2014 The council approved the budget on Monday, officials said. The vote was 9 to 2, "
            "the clerk said. Council tax will rise by 3 percent, a spokesperson said. The opposition slammed the "
            "plan, which takes effect in April.")
    rant = ("The regime slammed the shameful budget. This devastating betrayal is a catastrophe for the town. "
            "Greedy bosses and spineless councillors rammed it through.")

    def slammed(text):
        return next(s.confidence for s in find_loaded(text, caution=0.0) if s.text == "slammed")

    assert slammed(wire) < slammed(rant)
