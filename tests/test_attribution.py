"""newslit.text.attribution: the one attribution engine, lesson 2 and lesson 3 agreeing, and the word lists."""

from __future__ import annotations

import ast
import json
import re
import time
from pathlib import Path

import pytest

from newslit.errors import NewslitError
from newslit.paths import REPO_DIR
from newslit.text import lexicon
from newslit.text.articles import load_article
from newslit.text.attribution import analyse
from newslit.text.claims import find_claims, voices
from newslit.text.context import find_context
from newslit.text.lexicon import WORDLISTS_FORMAT, load_wordlists

AGREEMENT_TEXTS = [
    "aleppo-2016",
    "practice-tessel-river-flood",
    "practice-harbourside-rents",
    "practice-pennick-school-board",
    "practice-alder-vale-carbon-levy",
    "practice-kestwick-warehouse-strike",
    "practice-orrin-police-stops",
]
WORD_LIST_FILES = ["attribution", "actors", "time", "claims", "context_checks"]


def times(question: str) -> int:
    """The count in a voice finding's question: "(once)" is 1, "(3 times)" is 3."""
    m = re.search(r"\((once|\d+) times?\)|\((once)\)", question)
    assert m, question
    return 1 if "once" in m.group(0) else int(m.group(1))


def summary(findings) -> tuple[list[str], list[str]]:
    """(heard, talked about) names from lesson 3's voices summary."""
    (text,) = [f.text for f in findings if f.check == "voices" and f.start is None]
    heard, talked = text.removeprefix("Heard from (quoted or cited): ").split(". Talked about but not heard from: ")
    split = lambda part: [] if part.rstrip(".") == "nobody" else part.rstrip(".").split("; ")
    return split(heard), split(talked)


# -- lesson 2's attribution map and lesson 3's voice check agree -----------------------------------------


@pytest.mark.parametrize("article_id", AGREEMENT_TEXTS)
def test_attribution_map_and_voice_check_agree(article_id):
    text = load_article(article_id).text
    lesson2 = voices(text)  # the attribution map
    lesson3 = find_context(text)  # the voice check
    by_who = {}
    for v in lesson2:
        by_who.setdefault(v.who, []).append(v)
    # each person or group lesson 3 asks about is one lesson 2 shows as talked about only, with the same count
    actors = {a.first.start: a for a in analyse(text).actors}
    gaps = [f for f in lesson3 if f.check == "voices" and f.start is not None]
    assert gaps or article_id != "aleppo-2016"
    for f in gaps:
        actor = actors[f.start]
        (voice,) = [v for v in by_who[actor.name] if v.mentions == times(f.question)]
        assert voice.heard == "talked about only", (f.text, voice)
        assert not voice.claims
    # every actor lesson 2 shows as mentioned at least twice and never heard is a question in lesson 3
    asked = {times(f.question) for f in gaps}
    for v in lesson2:
        if v.heard == "talked about only" and v.mentions >= 2 and len(gaps) < 15:
            assert v.mentions in asked and any(v.who in f.text or f.text in v.who for f in gaps), v
    # the summary names the same voices, heard or not
    heard, talked = summary(lesson3)
    assert heard == [v.who for v in lesson2 if v.heard != "talked about only"][:8]
    assert set(talked) <= {v.who for v in lesson2 if v.heard == "talked about only"}
    assert len(talked) == min(12, sum(v.heard == "talked about only" for v in lesson2))


def test_hezbollah_is_counted_the_same_in_both_lessons():
    text = load_article("aleppo-2016").text
    (hezbollah,) = [v for v in voices(text) if v.who == "Hezbollah"]
    assert (hezbollah.heard, hezbollah.mentions, hezbollah.paragraphs) == ("talked about only", 2, [2, 8])
    (gap,) = [f for f in find_context(text) if f.check == "voices" and f.text == "Hezbollah"]
    assert "(2 times)" in gap.question
    assert text[gap.start:gap.end] == "Hezbollah" and text[gap.start:gap.start + 17] == "Hezbollah members"


def test_the_sample_map():
    text = load_article("aleppo-2016").text
    by_who = {v.who: v for v in voices(text)}
    assert by_who["the Washington Post"].heard == "named source" and len(by_who["the Washington Post"].claims) == 1
    assert by_who["some military observers"].heard == "vague source" and len(by_who["some military observers"].claims) == 2
    assert by_who["many sources"].heard == "vague source"
    assert by_who["John Kerry"].mentions == 3, "\u201cSecretary of State\u201d does not make Kerry a place"
    assert "Washington" in by_who and by_who["Washington"].heard == "talked about only", \
        "\u201cthe Washington Post\u201d is heard, not Washington"


# -- the engine's attributions -----------------------------------------------------------------------------


def test_an_attribution_has_speaker_cue_and_span_said():
    text = "According to the Washington Post, the deal is off. Residents were not asked."
    reading = analyse(text)
    (att,) = reading.attributions
    assert (att.speaker, att.support, att.cue) == ("the Washington Post", "sourced", "According to the Washington Post")
    assert att.text == text[att.start:att.end] == "According to the Washington Post, the deal is off."
    assert text[att.speaker_span[0]:att.speaker_span[1]] == "the Washington Post"
    assert [(a.name, a.heard, a.count) for a in reading.voices()] == [
        ("the Washington Post", "named source", 1), ("Residents", "talked about only", 1)]


def test_she_said_points_back_to_the_person_named_before():
    text = "Mayor Lena Ortiz defended the budget on Tuesday. \u201cWe had no choice,\u201d she said."
    reading = analyse(text)
    (att,) = reading.attributions
    assert att.cue == "she said" and att.speaker == "Mayor Lena Ortiz" and att.support == "sourced"
    assert text[att.speaker_span[0]:att.speaker_span[1]] == "Mayor Lena Ortiz"
    (ortiz,) = [a for a in reading.actors if a.key == "n:ortiz"]
    assert ortiz.heard == "named source" and ortiz.attributions == (att,)
    assert [c.source for c in find_claims(text)] == [None, "Mayor Lena Ortiz"]


def test_a_title_and_an_appositive_name_the_groups_a_speaker_speaks_for():
    text = ("The council voted to close the library. Parents were angry.\n\n"
            "\u201cWe were never asked,\u201d said Ana Ruiz, a parent of two. Council leader Tom Reed said the "
            "building was unsafe.\n\nThe pupils who use it were not consulted.")
    reading = analyse(text)
    heard = {a.key for a in reading.heard()}
    assert {"n:ruiz", "g:parent", "n:reed", "g:council"} <= heard
    assert {a.key for a in reading.talked_about()} >= {"g:pupil"}
    (reed,) = [v for v in voices(text) if "Reed" in v.who]
    assert reed.who == "Council leader Tom Reed" and reed.heard == "named source"


def test_quoted_words_are_not_mentions_and_unnamed_sources_are_actors():
    reading = analyse("\u201cResidents are angry,\u201d the councillor said. Critics say the plan will fail.")
    assert "g:resident" not in {a.key for a in reading.actors}
    (critics,) = [a for a in reading.actors if a.key == "g:critic"]
    assert critics.heard == "vague source"


@pytest.mark.parametrize("text", ["", "   ", "\u201c", "said said said.", "<b>x</b>", "a" * 3000])
def test_odd_input(text):
    reading = analyse(text)
    for att in reading.attributions:
        assert text[att.start:att.end] == att.text
    assert analyse(None).actors == ()  # type: ignore[arg-type]


def test_hostile_numbers_and_verbs_of_saying_stay_fast():
    """10 KB of "said 12 said 13 ..." took 22 s in the voice and number checks; 40 KB now takes well under a second."""
    text = " ".join(f"said {n}" for n in range(12, 12 + 40 * 1024 // 7))
    began = time.perf_counter()
    findings = find_context(text)
    took = time.perf_counter() - began
    assert all(text[f.start:f.end] == f.text for f in findings if f.start is not None) and findings
    assert took < 15, f"{took:.1f} s"  # generous: tools/bench_text_scaling.py prints the real figures


# -- the word lists --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WORD_LIST_FILES)
def test_word_list_files_carry_format_licence_and_provenance(name):
    path = REPO_DIR / "datasets" / "lexicons" / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == WORDLISTS_FORMAT
    assert data["licence"].startswith("CC BY 4.0") and "newslit team" in data["provenance"]
    assert re.search(r"20\d\d-\d\d-\d\d", data["provenance"]), "when it was written"
    for kind in ("lists", "tables", "patterns", "pattern_lists"):
        for entry_name, entry in data.get(kind, {}).items():
            assert entry.get("about"), f"{name}.json {kind}.{entry_name} says what it is for"
    loaded = load_wordlists(name)
    assert loaded.lists or loaded.patterns or loaded.pattern_lists


def test_one_list_of_verbs_of_saying():
    words = load_wordlists("attribution")
    verbs = words.words("verbs_of_saying")
    for subset in ("no_claim_verbs", "plain_verbs", "inverted_verbs", "name_first_verbs", "document_verbs", "participles"):
        assert words.words(subset) <= verbs, subset
    numbers_source = load_wordlists("context_checks").pattern("number_source")
    assert all(numbers_source.search(f"x {verb} y") for verb in verbs), "the numbers check reads the same list"


def test_the_finders_keep_no_language_in_code():
    """Word lists and regex tables left in claims.py, context.py, loaded.py and attribution.py are mechanics only."""
    for name in ("claims", "context", "loaded", "attribution"):
        tree = ast.parse((REPO_DIR / "newslit" / "text" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
                strings = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                lowered = [s for s in strings if re.fullmatch(r"[a-z][a-z' ]+", s)]
                assert len(lowered) < 4, f"{name}.py:{node.lineno}: a word list in code: {lowered[:6]}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" \
                    and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
                assert len(node.func.value.value.split()) < 4, f"{name}.py:{node.lineno}: a word list in code"
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not re.search(r"[a-z]{3,}\|[a-z]{3,}\|[a-z]{3,}", node.value), \
                    f"{name}.py:{node.lineno}: a word alternation in code: {node.value[:60]!r}"


def test_a_damaged_word_list_is_one_clear_message(tmp_path, monkeypatch):
    folder = tmp_path / "datasets" / "lexicons"
    folder.mkdir(parents=True)
    monkeypatch.setenv("NEWSLIT_DATASETS", str(tmp_path / "datasets"))
    base = {"format": WORDLISTS_FORMAT, "name": "t", "licence": "CC BY 4.0", "provenance": "test"}
    cases = {
        "broken": "{not json",
        "unknown_parent": json.dumps({**base, "lists": {"a": {"about": "x", "words": ["x"], "subset_of": "b"}}}),
        "not_a_subset": json.dumps({**base, "lists": {"a": {"about": "x", "words": ["x"]},
                                                      "b": {"about": "x", "words": ["y"], "subset_of": "a"}}}),
        "bad_regex": json.dumps({**base, "patterns": {"p": {"about": "x", "regex": "(unclosed"}}}),
        "bad_placeholder": json.dumps({**base, "patterns": {"p": {"about": "x", "regex": "{@nothing}"}}}),
        "wrong_format": json.dumps({**base, "format": "newslit-lexicon/1"}),
    }
    for name, content in cases.items():
        (folder / f"{name}.json").write_text(content, encoding="utf-8")
        with pytest.raises(NewslitError) as err:
            load_wordlists(name)
        assert "\n" not in str(err.value) and str(folder / f"{name}.json") in str(err.value), str(err.value)
    (folder / "fine.json").write_text(json.dumps({**base, "lists": {"a": {"about": "x", "words": ["x"]}}}), encoding="utf-8")
    with pytest.raises(NewslitError, match="no list 'b'"):
        load_wordlists("fine").list("b")


def test_a_datasets_folder_without_word_lists_uses_the_kits_own(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLIT_DATASETS", str(tmp_path))
    assert lexicon.wordlists_path("attribution") == REPO_DIR / "datasets" / "lexicons" / "attribution.json"
    assert "said" in load_wordlists("attribution").words("verbs_of_saying")
