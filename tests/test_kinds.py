"""The registry of exercise kinds (newslit.keys.kinds): one place knows each kind's shape, scorer, widget and receipt line."""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

import pytest

from newslit.keys.answer_key import load_key
from newslit.keys.catalogue import lessons_index
from newslit.keys.kinds import KINDS, kind_named, kind_of_answer, score_answer, summary_line

SCHEMA = Path(__file__).resolve().parents[1] / "newslit" / "schemas" / "answer.schema.json"


def test_every_exercise_in_the_catalogue_has_a_registered_kind():
    for lesson, entry in lessons_index().items():
        for exercise, spec in entry["exercises"].items():
            assert spec["kind"] in KINDS, (lesson, exercise, spec["kind"])


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_kind_names_a_real_widget_and_a_field_the_answer_schema_knows(name):
    kind = KINDS[name]
    module, cls = kind.widget.split(":")
    assert isinstance(getattr(import_module(module), cls), type)
    assert kind.field in json.loads(SCHEMA.read_text())["properties"]


def test_scored_kinds_score_and_read_kinds_say_so():
    key = load_key("aleppo-2016", "loaded_language")
    assert score_answer(key, {"spans": []}).points == 0
    with pytest.raises(KeyError, match="known kinds"):
        kind_named("essay")
    assert {k.name for k in KINDS.values() if k.score is None} == {"text", "production"}
    assert all(k.needs_review for k in KINDS.values() if k.score is None or k.name == "rubric")


@pytest.mark.parametrize("answer, kind, line", [
    ({"spans": [{"start": 0, "end": 3, "text": "abc"}], "hints_used": 2, "revealed": True}, "highlight",
     "ex: 1 marked phrase(s) (after 2 hint(s) and answers revealed)"),
    ({"spans": [{"part": "title", "start": 0, "end": 3}, {"start": 5, "end": 9}, {"part": "body", "start": 9, "end": 12}]},
     "highlight", "ex: 3 marked phrase(s), 1 in the headline"),
    ({"labels": {"a": "vague", "b": "sourced"}}, "labels", "ex: 2 claim(s) labelled"),
    ({"labels": {"a": "vague"}, "revealed": True}, "labels", "ex: 1 claim(s) labelled (answers revealed)"),
    ({"checked": {"a": True, "b": {"checked": False}, "c": {"checked": True}}}, "checklist", "ex: 2 statement(s) ticked"),
    ({"text": "one two three"}, "rubric", "ex: 3 word(s) written"),
    ({"text": "x", "loaded": "a b c", "neutral": "d"}, "production", "ex: loaded version 3 word(s), neutral again 1 word(s)"),
    ({"spans": 5}, "highlight", "ex: 0 marked phrase(s)"),  # a wrong type never crashes the receipt
    ({"text": ["not", "text"]}, "text", "ex: 0 word(s) written"),
    ("not a dict", "text", "ex: answered"),
])
def test_summary_lines(answer, kind, line):
    assert summary_line("ex", answer, kind) == line


def test_kind_of_an_answer_not_in_the_catalogue():
    assert kind_of_answer({"spans": []}).name == "highlight"
    assert kind_of_answer({"text": "", "loaded": "x"}).name == "production"
    assert kind_of_answer({"checked": {}}).name == "checklist"
    assert kind_of_answer({"other": 1}) is None and kind_of_answer(None) is None


def test_answered_means_something_was_given():
    assert not KINDS["rubric"].answered({"text": "   "}) and KINDS["rubric"].answered({"text": "yes"})
    assert not KINDS["highlight"].answered({"spans": [], "hints_used": 3})
    assert KINDS["checklist"].answered({"checked": {"a": False}})  # "no gap here" is an answer
    assert not KINDS["labels"].answered(None) and not KINDS["labels"].answered({"labels": {}})
