"""Which texts the finder evaluation counts as neutral controls (where every flag is a false flag)."""

from __future__ import annotations

from newslit.instructor.evaluate import is_neutral_control
from newslit.keys.answer_key import key_path, load_key
from newslit.text.articles import list_articles

PRACTICE = list_articles(kind="practice")


def test_controls_are_neutral_texts_whose_key_finds_nothing():
    controls = [a for a in PRACTICE if is_neutral_control(a)]
    assert len(controls) >= 10
    for article in controls:
        assert article.meta.get("leaning") == "neutral"
        assert not load_key(article, "loaded_language").items, article.id


def test_a_neutral_story_with_a_loaded_word_in_its_key_is_not_a_control():
    keyed = [a for a in PRACTICE if a.meta.get("leaning") == "neutral" and key_path(a.id, "loaded_language").exists()
             and load_key(a, "loaded_language").items]
    assert keyed, "the practice set has neutral-leaning news with a loaded word or two"
    assert not any(is_neutral_control(a) for a in keyed)
    assert not any(is_neutral_control(a) for a in PRACTICE if a.meta.get("leaning") != "neutral")
