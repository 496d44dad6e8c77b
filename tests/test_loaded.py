"""newslit.text.loaded: the loaded-language finder."""

from __future__ import annotations

import random
import string

import pytest

from newslit import find_loaded
from newslit.text.articles import list_articles
from newslit.text.lexicon import load_lexicon
from newslit.text.loaded import LoadedSpan
from newslit.text.spans import words


def flagged(text: str) -> list[str]:
    return [s.text for s in find_loaded(text)]


def check_spans(text: str, spans: list[LoadedSpan]) -> None:
    categories = load_lexicon().categories
    for span in spans:
        assert 0 <= span.start < span.end <= len(text), span
        assert text[span.start:span.end] == span.text, span
        assert span.category in categories, span
        assert isinstance(span.reason, str) and span.reason.strip(), span
        assert span.source in {"lexicon", "quotes", "textblob", "vader"}
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start, "sorted and never overlapping"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The senator slammed the devastating cuts.", ["slammed", "devastating"]),
        ("Critics blasted the plan as a catastrophe for the town.", ["blasted", "catastrophe"]),
        ("The \u201cexperts\u201d got it wrong again.", ["\u201cexperts\u201d"]),
        ('The "experts" got it wrong again.', ['"experts"']),
        ("The regime jailed three reporters.", ["regime"]),
        ("The Regime jailed three reporters.", ["Regime"]),
        ("Everyone knows the plan will fail.", ["Everyone knows"]),
        ("The mainstream media ignored the vote.", ["mainstream media"]),
        ("Police cracked down on the march.", ["cracked down"]),
        ("It was a horrific, brutal attack.", ["horrific", "brutal"]),
        ("The minister insisted the figures were accurate.", ["insisted"]),
    ],
)
def test_finds_typical_loaded_words(sentence, expected):
    spans = find_loaded(sentence)
    assert [s.text for s in spans] == expected
    check_spans(sentence, spans)


def test_categories_of_typical_words():
    cats = {s.text: s.category for s in find_loaded(
        "The regime slammed the devastating \u201creform\u201d that everyone knows is a stunt.")}
    assert cats == {"regime": "label", "slammed": "verb_of_saying", "devastating": "intensifier",
                    "\u201creform\u201d": "scare_quotes", "everyone knows": "absolute", "stunt": "framing"}


def test_reason_mentions_the_words():
    spans = find_loaded("The senator slammed the devastating cuts. The \u201cexperts\u201d agreed.")
    assert {s.text for s in spans} >= {"slammed", "devastating"}, "the test needs flags to check"
    for span in spans:
        assert span.text.strip("\u201c\u201d\"") in span.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "The council voted 7-2 to approve the budget, the mayor said.",
        "Officials said the bridge would reopen on Monday.",
        "Police said the suspect was arrested on Friday.",
        "Shares fell 3% after the company reported lower quarterly earnings, according to a filing.",
        "The mayor said \u201cwe will rebuild\u201d after the storm.",
        "She told reporters: \u201cIt was a mistake.\u201d",
        "The report, titled \u201cFuture Cities\u201d, was published on Tuesday.",
        "",
        "   \n\n  ",
    ],
)
def test_quiet_on_neutral_wire_sentences(sentence):
    assert find_loaded(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "He died of a heart attack on Tuesday, police said.",
        "She had a panic attack before the exam.",
        "The group claimed responsibility for the bombing.",
        "The fire claimed the lives of two residents.",
        "He was admitted to hospital on Sunday.",
        "No one was injured in the collision.",
        "The site stored toxic waste until 2010.",
    ],
)
def test_quiet_phrases(sentence):
    assert find_loaded(sentence) == []


def test_quiet_phrase_only_silences_itself():
    assert flagged("He claimed responsibility, then claimed he was framed.") == ["claimed"]


@pytest.mark.parametrize("sentence", ["Residents braced for a brutal cold snap.", "Farmers struggled in the brutal heat."])
def test_quiet_phrases_silence_textblob_too(sentence):
    assert find_loaded(sentence) == []


def test_taxpayers_money_matches_with_its_apostrophe():
    assert any("taxpayers' money" in s.text for s in find_loaded("They wasted taxpayers' money on it."))


def test_no_lexicon_term_holds_characters_the_word_splitter_drops():
    """Terms are matched word by word; a '%' or a trailing apostrophe could never match."""
    for term in load_lexicon().terms:
        for word in term.words:
            assert "%" not in word and not word.rstrip("*").endswith("'"), term


def test_every_plain_lexicon_term_matches_itself():
    """Each lexicon term (prefix terms with a suffix added) is found in a neutral carrier sentence."""
    misses = []
    for term in load_lexicon().terms:
        phrase = " ".join(w.rstrip("*") + ("ed" if w.endswith("*") else "") for w in term.words)
        if "%" in phrase or phrase.endswith("'") or "' " in phrase:
            continue  # see test_every_lexicon_term_can_match
        text = f"They mentioned {phrase} yesterday."
        start, end = 15, 15 + len(phrase)
        if not any(s.start <= start and s.end >= end for s in find_loaded(text)):
            misses.append(phrase)
    assert misses == []


def test_scare_quotes_after_so_called():
    assert "\u201cexperts\u201d" in flagged("The so-called \u201cexperts\u201d were wrong.")


def test_long_quotations_are_not_scare_quotes():
    assert flagged("Residents held signs reading \u201cSave our library now please\u201d outside.") == []


def test_phrase_does_not_cross_a_sentence_boundary():
    assert flagged("The mayor lashed out at critics.") == ["lashed out"]
    # "lash* out" must not join "lashed." and "Out" across the full stop
    assert flagged("The storm lashed. Out came the sun.") == []


def test_curly_apostrophes_match():
    spans = find_loaded("What they don\u2019t want you to know is simple.")
    assert [s.category for s in spans] == ["absolute"]
    assert spans[0].text == "What they don\u2019t want you to know"


def test_works_on_random_ascii():
    rng = random.Random(20240301)
    alphabet = string.printable + "\u201c\u201d"
    for _ in range(50):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        spans = find_loaded(text)
        check_spans(text, spans)


def test_works_on_random_words():
    rng = random.Random(7)
    vocab = ["the", "regime", "slammed", '"experts"', "heart", "attack", "said", ".", "\n\n", "everyone", "knows",
             "brutal", "cold", "devastating", "\u201cx\u201d", "claimed", "responsibility", "100%", "--"]
    for _ in range(50):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 40)))
        check_spans(text, find_loaded(text))


def test_sample_and_practice_articles(sample_article):
    for article in [sample_article] + list_articles(kind="practice"):
        spans = find_loaded(article.text)
        check_spans(article.text, spans)
    texts = [s.text for s in find_loaded(sample_article.text)]
    assert "\u201crebels\u201d" in texts and "exclusively" in texts


def test_as_dict():
    span = find_loaded("The regime fell.")[0]
    assert span.as_dict() == {"start": 4, "end": 10, "text": "regime", "category": "label", "reason": span.reason}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The spokesman moaned about the plan.", ["moaned"]),  # lexicon "moan": its other forms match through the lemma
        ("Critics grumbling about the levy were ignored.", ["grumbling"]),
        ("The landlord has been bleeding the town's savers dry for years.", ["bleeding the town's savers dry"]),
        ("The government declared war on potholes.", ["declared war on"]),
        ("The offer is a slap in the face for nurses.", ["a slap in the face"]),
        ("For the traders, the writing is on the wall.", ["the writing is on the wall"]),
    ],
)
def test_inflections_and_phrases_with_gaps(sentence, expected):
    spans = find_loaded(sentence)
    assert [s.text for s in spans] == expected
    check_spans(sentence, spans)


@pytest.mark.parametrize(
    "sentence",
    [
        "The rail operator said the line would reopen.",  # "rail" is not the lexicon's "railed"
        "Emergency services attended the scene, police said.",
        "Cancer patients will be seen sooner, the trust said.",
        "The penalty shoot-out ended 4-3.",
        "Engineers inspected the eastern span of the bridge on Tuesday.",
    ],
)
def test_ordinary_senses_stay_quiet(sentence):
    assert find_loaded(sentence) == []


def test_every_term_list_names_its_category_and_provenance():
    import json

    from newslit.text.lexicon import lexicon_path

    main = json.loads(lexicon_path().read_text(encoding="utf-8"))
    assert main["includes"], "the families of loaded phrases live in an included file"
    categories = set(main["categories"])
    for name in main["includes"]:
        data = json.loads((lexicon_path().parent / name).read_text(encoding="utf-8"))
        assert "CC BY 4.0" in data["licence"]
        for list_name, entry in data["term_lists"].items():
            assert entry["category"] in categories and entry["provenance"].strip() and entry["terms"], list_name
    assert len(load_lexicon().terms) >= 1000


def test_vader_words_are_candidates_with_a_category_and_a_reason():
    from newslit.text.loaded import candidates

    text = "Residents said they felt bullied by the council."
    found = [s for s, _f in candidates(text) if s.text == "bullied"]
    assert found and found[0].source == "vader" and found[0].category == "intensifier"
    assert "VADER" in found[0].reason and "\u201cbullied\u201d" in found[0].reason
    check_spans(text, find_loaded(text, caution=0.0))


def test_vader_lexicon_is_read_from_the_installed_package():
    from newslit.paths import datasets_dir
    from newslit.text.loaded import vader_lexicon

    valence = vader_lexicon()
    assert valence["bullied"] < -2 and valence["win"] > 2
    assert all(word.isalpha() for word in list(valence)[:500])
    assert not list(datasets_dir().rglob("vader_lexicon*")), "VADER's list is not copied into the kit"


def test_neighbourhood_counts_other_lexicon_terms_only():
    from newslit.text.loaded import candidates

    alone = {s.text: f for s, f in candidates("The bitter dispute went on for a year.")}
    crowded = {s.text: f for s, f in candidates(
        "The regime slammed the bitter, shameful, devastating betrayal of the town.")}
    assert "loaded_nearby" not in alone["bitter"]
    assert crowded["bitter"]["loaded_nearby"] > 0 and crowded["bitter"]["beside_loaded"] == 1.0
    lone = {s.text: f for s, f in candidates("Officials called it a catastrophe on Monday.")}
    assert "loaded_nearby" not in lone["catastrophe"], "a term is not its own neighbour"


def test_scare_quotes_around_no_word():
    for text in ("He said \u201c\u2014\u201d and left.", 'x "--"', '"..." ok'):
        check_spans(text, find_loaded(text, caution=0.0))


def test_a_verb_of_saying_counts_as_nearby_only_outside_the_candidate_and_its_sentence():
    from newslit.text.loaded import candidates

    def nearby(text, word):
        return ["said_nearby" in f for s, f in candidates(text) if s.text == word]

    said = nearby("The plan is a disaster, she said.", "disaster")
    assert said and all(said)
    assert not any(nearby("He said it. The plan is a disaster.", "disaster"))
    assert not any(nearby("They mentioned or so he says yesterday.", "or so he says"))


def test_document_features_tell_a_lone_candidate_in_wire_copy_from_one_in_a_loaded_text():
    from newslit.text.loaded import candidates

    wire = ("HALDEN (newslit) \u2014 The council approved the budget on Monday, officials said. The vote was 9 to 2, "
            "the clerk said. Council tax will rise by 3 percent, a spokesperson said. It was a catastrophe for "
            "the opposition, which had asked for a freeze. The budget takes effect in April.")
    rant = ("The regime slammed the shameful budget. This devastating betrayal is a catastrophe for the town. "
            "Greedy bosses and spineless councillors rammed it through.")
    lone = next(f for s, f in candidates(wire) if s.text == "catastrophe" and s.source == "lexicon")
    crowded = next(f for s, f in candidates(rant) if s.text == "catastrophe" and s.source == "lexicon")
    assert lone["doc_dateline"] == 1.0 and lone["doc_said_rate"] > 0.5
    assert "doc_loaded_rate" not in lone and "doc_loaded_sentences" not in lone, "its own hit is not counted"
    assert crowded["doc_loaded_rate"] > 0 and 0 < crowded["doc_loaded_sentences"] <= 1
    assert "doc_dateline" not in crowded and "doc_said_rate" not in crowded
    assert lone["_words"] == len(words(wire)) and lone["_sentence"] == 3.0 and lone["_sentences"] == 5.0


def test_document_features_are_recounted_when_candidates_are_dropped():
    from newslit.text.loaded import candidates, with_neighbourhood

    found = candidates("The regime slammed the shameful budget, a catastrophe for the town.")
    only = with_neighbourhood([(s, dict(f)) for s, f in found if s.text == "catastrophe"])
    assert all(f.get("doc_loaded_rate", 0) > 0 for s, f in found if s.text == "catastrophe")
    assert only and not any(name.startswith(("doc_loaded", "loaded_nearby")) for _s, f in only for name in f)


def test_a_sentence_that_reports_speech_is_marked_attributed_unless_the_word_is_quoted():
    from newslit.text.loaded import candidates

    def attributed(text, word):
        return ["attributed_sentence" in f for s, f in candidates(text) if s.text == word]

    assert all(attributed("Critics said the plan was a disaster for the town.", "disaster")) \
        and attributed("Critics said the plan was a disaster for the town.", "disaster")
    assert not any(attributed("The plan was a disaster. Critics said so on Monday.", "disaster"))
    quoted = "\u201cThe plan is a disaster for everyone here,\u201d critics said."
    assert not any(attributed(quoted, "disaster"))


def test_unquieted_lexicon_flags_the_ordinary_senses_the_quiet_list_hides():
    from newslit.text.lexicon import load_lexicon
    from newslit.text.loaded import candidates, quiet_phrases, unquieted

    text = "He had a heart attack on Monday."
    lexicon = load_lexicon()
    assert quiet_phrases(text, lexicon) == [(9, 21, ("heart", "attack"))]
    assert not any(s.text == "attack" for s, _f in candidates(text, lexicon))
    assert any(s.text == "attack" for s, _f in candidates(text, unquieted(lexicon)))
    assert unquieted(lexicon) is unquieted(lexicon) and lexicon.quiet, "the shipped lexicon keeps its quiet list"


def test_a_verb_of_saying_inside_the_candidate_does_not_make_its_sentence_attributed():
    from newslit.text.loaded import candidates

    for text, term in (("They mentioned truth be told yesterday.", "truth be told"),
                       ("They mentioned or so he says yesterday.", "or so he says")):
        found = [f for s, f in candidates(text) if s.text == term]
        assert found and not any("attributed_sentence" in f for f in found), term
    found = [f for s, f in candidates("Truth be told, the plan failed, he said.") if s.text.lower() == "truth be told"]
    assert found and all("attributed_sentence" in f for f in found)
