"""The first-pass reader of written answers (newslit.keys.rubric): keywords alone earn nothing.

The examples from the learner review are here verbatim; the agreement with a
teacher is measured on answer sets written blind to the reader
(tests/data/rubric_answers/, see tools/eval_rubrics.py for the figures).
"""

from __future__ import annotations

import pytest

from newslit.keys.answer_key import load_key
from newslit.keys.rubric import demands, read_answer
from newslit.keys.kinds import score_answer
from tools.eval_rubrics import agreement, quadratic_weighted_kappa, rubric_key


@pytest.fixture(scope="module")
def keys():
    """The rubrics as the blind answer sets were graded against (the mechanism, not one key version, is tested)."""
    return {r: rubric_key(r) for r in ("evidence_plan", "lateral_plan", "context_written")}


def test_the_kits_current_rubrics_read_their_strong_answers_in_full():
    for rubric in ("evidence_plan", "lateral_plan", "context_written"):
        key = load_key("aleppo-2016", rubric)
        assert read_answer(key.items, key.exemplar, key.prompt).points == key.max_points, rubric


def test_the_reviewed_gaming_answers_earn_little(keys):
    plan = score_answer(keys["evidence_plan"], {"text": "I dont trust it. I would search the number and where it came from."})
    assert plan.points <= 1, plan  # was 6 of 6 ("4 of 4 ideas found")
    written = score_answer(keys["context_written"], {"text": "civilian Nusra Turkey reader UN estimate"})
    assert written.points == 0 and any("list of words" in r for r in written.remarks)  # was 9 of 9


@pytest.mark.parametrize("text", [
    "trust source number search",
    "Anti-Media, Financial Times, Washington Post, Reuters, search, because, both sides",
    "The rebels were Nusra and FSA and Ahrar al-Sham and jihadists and Islamists and factions.",
    "SIFT: stop, investigate the source, find better coverage, trace claims to the original",
])
def test_lists_of_keywords_earn_nothing(keys, text):
    for key in keys.values():
        assert score_answer(key, {"text": text}).points == 0, (key.exercise, text)


def test_copies_of_the_prompt_or_the_strong_answer_earn_nothing(keys):
    for key in keys.values():
        copied = score_answer(key, {"text": key.exemplar})
        assert copied.points == 0 and "repeats the strong answer" in " ".join(copied.remarks)
        reworded = key.exemplar.replace("I would", "I'd").replace(" the ", " a ")
        assert score_answer(key, {"text": reworded}).points == 0, key.exercise
        prompt = score_answer(key, {"text": key.prompt})
        assert prompt.points == 0 and "repeats the question" in " ".join(prompt.remarks)


def test_one_sentence_cannot_collect_every_idea(keys):
    key = keys["context_written"]
    stuffed = ("In my opinion the most important context is the civilians, the armed groups, the backers on both sides, "
               "the reader effect, the source and being careful, because all of these are important.")
    result = read_answer(key.items, stuffed, key.prompt, key.exemplar)
    assert sum(1 for i in result.ideas if i.points) <= 1


def test_an_idea_said_in_a_sentence_of_its_own_counts_and_is_quoted(keys):
    key = keys["evidence_plan"]
    text = ("Paragraph 6 says thousands are reportedly fleeing but not who counted them. "
            "I would look for a dated count of arrivals from the UN refugee agency or the Red Crescent.")
    result = read_answer(key.items, text, key.prompt, key.exemplar)
    shown = {i.id: i for i in result.ideas if i.points}
    assert "names-evidence" in shown and any("UN refugee agency" in i.sentence for i in shown.values())
    assert 0 < result.points < result.max_points
    assert any("sentences or steps" in r for r in result.remarks)  # two sentences where three or four are asked


def test_length_demands_are_read_from_the_prompt(keys):
    assert demands(keys["context_written"].prompt) == (100, 0)
    assert demands(keys["evidence_plan"].prompt)[1] == 3
    assert demands(keys["lateral_plan"].prompt)[1] == 3
    assert demands("Say what you think.") == (0, 0)


def test_odd_input_never_raises(keys):
    for text in ["", "   ", "\x00" * 50, "<script>alert(1)</script> " * 20, "a. " * 5000, "word " * 20000, "1. 2. 3. 4."]:
        for key in keys.values():
            result = score_answer(key, {"text": text})
            assert 0 <= result.points <= result.max_points and result.needs_review


def test_kappa_is_right_on_known_cases():
    assert quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3], 4) == pytest.approx(1.0)
    assert quadratic_weighted_kappa([0, 0, 3, 3], [3, 3, 0, 0], 4) < 0


@pytest.mark.parametrize("rubric", ["evidence_plan", "lateral_plan", "context_written"])
def test_agreement_with_a_teacher_on_blind_answers(rubric):
    # Figures when these limits were set (tools/eval_rubrics.py): dev QWK 0.81-0.88, held-out 0.84-0.94; the
    # keyword reader it replaced had 0.22-0.29 (dev) and 0.19-0.29 (held-out). Limits leave room for noise only.
    dev, heldout = agreement(rubric, "dev"), agreement(rubric, "heldout")
    assert dev["qwk"] >= 0.75, dev["qwk"]
    assert heldout["qwk"] >= 0.7, heldout["qwk"]
    for split in (dev, heldout):  # keyword lists, copies and off-topic answers earn little (teachers: 0)
        for category in ("keyword_list", "copied_prompt", "copied_exemplar", "off_topic"):
            if category in split["categories"]:
                # 1.5: one "copy" in the sets copies lesson 2's worked example, a text the reader is not given
                assert split["categories"][category][1] <= 1.5, (split["split"], category, split["categories"][category])
