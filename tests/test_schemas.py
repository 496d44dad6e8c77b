"""The JSON schemas in newslit/schemas: what they declare, and what each format's loader says with them.

* Every schema declares draft-07, the draft fastjsonschema checks, and uses no
  keyword of a later draft (it would be silently ignored).
* Per format (context pack, lesson index, answers file, hand-in): a valid
  file passes; each kind of wrong type gives one clear message naming the
  file and the field; a bad file gets every problem listed.
* Answers files and hand-ins come from learners: a wrong type inside an
  otherwise valid file never crashes the store, the widgets or the grader.
* Speed: schemas compile once; jsonschema (slow to import) is never imported
  for good files.
* The answers file's lock: a lock left by a killed process never blocks a save.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from newslit import files
from newslit.errors import NewslitError
from newslit.files import SCHEMA_BASE, SCHEMA_DIR, schema_problem, validate
from newslit.keys.catalogue import lessons_index
from newslit.keys.packs import MAX_NOTE_CHARS, context_pack_from_dict, load_context_pack
from newslit.learner.handin import FORMAT as HANDIN_FORMAT
from newslit.learner.handin import payload_problem, read_handins, readable_answers
from newslit.learner.store import FORMAT as ANSWERS_FORMAT
from newslit.learner.store import AnswerStore, read_answers_file

from tests.conftest import REPO, subprocess_env

SCHEMAS = sorted(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json"))
# keywords of drafts after 07: a draft-07 validator ignores them, so a schema using one checks less than it says
LATER_KEYWORDS = {"$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor",
                  "$vocabulary", "prefixItems", "dependentRequired", "dependentSchemas", "unevaluatedProperties",
                  "unevaluatedItems", "minContains", "maxContains", "contentSchema"}


def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def walk(node, path=""):
    """Every (path, subschema object) in a schema."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key not in ("enum", "const", "errorMessage", "description", "title"):
                yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from walk(value, f"{path}/{n}")


# -- the schemas themselves ------------------------------------------------------------------------


def test_every_format_has_its_schema():
    assert {"article", "key", "context", "lessons", "answers", "answer", "handin"} <= set(SCHEMAS)


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_declares_draft_07_and_uses_only_its_keywords(name):
    from jsonschema import Draft7Validator

    data = schema(name)
    assert data["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert data["$id"] == f"{SCHEMA_BASE}{name}.schema.json"
    Draft7Validator.check_schema(data)
    for path, node in walk(data):
        later = LATER_KEYWORDS & set(node)
        assert not later, f"{name}{path} uses {sorted(later)}, which draft-07 ignores"
        if "$ref" in node:  # draft-07 ignores every keyword beside "$ref"
            assert set(node) == {"$ref"}, f"{name}{path}: keywords beside $ref are ignored: {sorted(node)}"
        for keyword in ("exclusiveMinimum", "exclusiveMaximum"):  # numbers since draft-06, not draft-04 booleans
            assert not isinstance(node.get(keyword), bool), f"{name}{path}: {keyword}"


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_ref_resolves_and_messages_use_known_placeholders(name):
    import re

    files._validator(name)  # compiles, following every $ref
    for path, node in walk(schema(name)):
        custom = node.get("errorMessage")
        texts = [custom] if isinstance(custom, str) else []
        if isinstance(custom, dict):
            texts += [v for v in custom.values() if isinstance(v, str)]
            texts += list(custom.get("required", {}).values())
            assert set(custom.get("required", {})) <= set(node.get("required", [])), f"{name}{path}"
        for text in texts:
            assert set(re.findall(r"\{(\w+)\}", text)) <= {"field", "value", "length"}, (name, path, text)


def test_a_ref_outside_the_kit_is_never_fetched():
    with pytest.raises(ValueError, match="not one of the kit's schemas"):
        files._schema_for_uri("https://example.com/schema.json")
    assert files._schema_for_uri(f"{SCHEMA_BASE}answer.schema.json")["title"] == "newslit answer"


def test_the_note_limit_is_the_schemas():
    assert schema("context")["definitions"]["note"]["properties"]["text"]["maxLength"] == MAX_NOTE_CHARS


def test_every_shipped_file_fits_its_schema():
    datasets = REPO / "datasets"
    checked = 0
    for name, pattern in (("article", "articles/*.json"), ("key", "keys/*/*.json"), ("key", "templates/*.json"),
                          ("context", "context/*.json"), ("lessons", "lessons.json")):
        for path in sorted(datasets.glob(pattern)):
            validate(json.loads(path.read_text(encoding="utf-8")), name, str(path))
            checked += 1
    assert checked > 20


def test_every_hand_in_the_widgets_made_fits_the_schema():
    """The executed solutions hold real hand-ins of every lesson, made by the real widgets."""
    solutions = sorted((REPO / "solutions").glob("*.ipynb"))
    assert len(solutions) >= 4
    for path in solutions:
        handins = read_handins(path)
        assert handins, path.name
        for payload in handins:
            assert schema_problem(payload, "handin") == "", path.name
            assert payload_problem(payload) == ""
            assert readable_answers(payload["answers"]) == (payload["answers"], [])


def test_a_bad_file_gets_every_problem_listed():
    data = {"format": ANSWERS_FORMAT, "revision": "7", "key_versions": "1",
            "answers": {f"ex{n}": {"text": n} for n in range(3)}}
    with pytest.raises(NewslitError) as err:
        validate(data, "answers", "Answers file /somewhere/a.json")
    message = str(err.value)
    assert message == ("Answers file /somewhere/a.json is not a valid newslit answers file: answers.ex0.text should be "
                       "text, not 0; answers.ex1.text should be text, not 1; answers.ex2.text should be text, not 2; "
                       'key_versions should be an object {...}, not "1"; revision should be a whole number, not "7". '
                       "See docs/formats.md.")
    data["answers"] = {f"ex{n}": {"text": n} for n in range(7)}
    with pytest.raises(NewslitError, match=r"answers.ex4.text should be text, not 4 \(and 4 more\)\. See docs"):
        validate(data, "answers", "Answers file /somewhere/a.json")


def test_compiled_once():
    assert files._validator("answers") is files._validator("answers")


def test_good_files_never_import_jsonschema(tmp_path):
    """jsonschema costs over a second to import: only a bad file may pay it, to list its problems."""
    script = """
import json, sys, time
from pathlib import Path
from newslit.learner.handin import payload_problem, read_handins, readable_answers
from newslit.learner.store import AnswerStore
from newslit.keys.catalogue import lessons_index
from newslit.keys.packs import load_context_pack
payloads = [p for nb in sorted(Path("solutions").glob("*.ipynb")) for p in read_handins(nb)]
lessons_index(); load_context_pack("aleppo-2016")
store = AnswerStore("l", "a", sys.argv[1]); store.save(payloads[-1]["answers"]); AnswerStore("l", "a", sys.argv[1]).load()
start = time.perf_counter()
for _ in range(100):
    for p in payloads:
        assert payload_problem(p) == "" and not readable_answers(p["answers"])[1]
each = (time.perf_counter() - start) / (100 * len(payloads))
print(json.dumps({"jsonschema": "jsonschema" in sys.modules, "each_ms": each * 1000}))
"""
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "answers")], cwd=REPO, env=subprocess_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["jsonschema"] is False
    assert result["each_ms"] < 20, result  # about a millisecond for the capstone's, on a busy machine
    print(f"\nFIGURES schemas: a hand-in payload checked in {result['each_ms']:.3f} ms; jsonschema not imported")


# -- context packs -------------------------------------------------------------------------------------


def pack(**note_changes) -> dict:
    note = {"id": "one", "topic": "T", "text": "Text.", "source": {"publication": "P", "date": "2016-11", "url": None},
            "certainty": "well established", "paragraphs": [1]}
    note.update(note_changes)
    return {"format": "newslit-context/1", "article": "aleppo-2016", "version": "1", "notes": [note]}


def test_valid_pack(sample_article):
    loaded = context_pack_from_dict(pack(paragraphs=[2, 1, 2], after_publication=True), sample_article)
    assert loaded.notes[0].paragraphs == (1, 2) and loaded.notes[0].after_publication
    assert loaded.notes[0].source.url is None and loaded.version == "1"


@pytest.mark.parametrize("top, changes, words", [
    ({}, {"paragraphs": ["1"]}, 'notes[0].paragraphs[0] should be a paragraph number (1, 2, ...), not "1"'),
    ({}, {"paragraphs": [0]}, "notes[0].paragraphs[0] should be a paragraph number (1, 2, ...), not 0"),
    ({}, {"paragraphs": [True]}, "notes[0].paragraphs[0] should be a paragraph number"),
    ({}, {"after_publication": 1}, "notes[0].after_publication should be true or false, not 1"),
    ({}, {"topic": 5}, "notes[0].topic should be a heading for the note (non-empty text), not 5"),
    ({}, {"text": " \n "}, "notes[0].text should be the note itself (non-empty text)"),
    ({}, {"text": "x" * (MAX_NOTE_CHARS + 1)}, f"notes[0].text is {MAX_NOTE_CHARS + 1:,} characters; keep a note under"),
    ({}, {"source": "The Times"}, 'notes[0].source should be {"publication": ..., "date": ..., "url": ... or null}'),
    ({}, {"source": {"publication": "P", "date": 2016, "url": None}}, "notes[0].source.date should be an ISO date"),
    ({}, {"source": {"publication": "", "date": "2016", "url": None}}, "notes[0].source.publication should name"),
    ({}, {"source": {"publication": "P", "date": "2016", "url": 5}},
     "notes[0].source.url should be an http(s) link or null, not 5"),
    ({"notes": {"one": {}}}, {}, 'notes should be a non-empty list of notes, not {"one": {}}'),
    ({"version": 1}, {}, 'version should be a string such as "1"'),
    ({"title": ["x"]}, {}, 'title should be text, not ["x"]'),
    ({"article": None}, {}, "article should be the id of the article the notes are about, not null"),
])
def test_pack_wrong_types_name_the_field(sample_article, top, changes, words):
    data = pack(**changes)
    data.update(top)
    with pytest.raises(NewslitError) as err:
        context_pack_from_dict(data, sample_article, where="Context pack /packs/aleppo-2016.json")
    message = str(err.value)
    assert message.startswith("Context pack /packs/aleppo-2016.json is not a valid newslit context pack: ")
    assert words in message


def test_pack_file_with_several_problems_lists_them_all(datasets_copy):
    data = pack(paragraphs="1", certainty=3)
    data["notes"].append({"id": "Two", "topic": "T", "text": "x", "certainty": "sure"})
    path = datasets_copy / "context" / "aleppo-2016.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(NewslitError) as err:
        load_context_pack("aleppo-2016")
    message = str(err.value)
    assert str(path) in message
    for words in ("notes[0].certainty should say in words how sure the note is",
                  "notes[0].paragraphs should be a list",
                  'notes[1].id should be a lower-case slug such as "siege"',
                  "notes[1] needs a source a reader can look up"):
        assert words in message, message


# -- the lesson index ------------------------------------------------------------------------------------


def write_index(datasets, change) -> str:
    path = datasets / "lessons.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_valid_index():
    index = lessons_index()
    assert index["01_loaded_language"]["exercises"]["loaded_language"] == {"kind": "highlight", "scored": True}


@pytest.mark.parametrize("change, words", [
    (lambda d: d["lessons"]["01_loaded_language"]["exercises"]["reflection"].update(scored="no"),
     'lessons.01_loaded_language.exercises.reflection.scored should be true or false, not "no"'),
    (lambda d: d["lessons"]["01_loaded_language"]["exercises"]["reflection"].update(kind="essay"),
     'lessons.01_loaded_language.exercises.reflection.kind is "essay"; it should be one of'),
    (lambda d: d["lessons"]["01_loaded_language"].update(exercises=["loaded_language"]),
     'lessons.01_loaded_language.exercises should be an object {...}, not ["loaded_language"]'),
    (lambda d: d["lessons"]["01_loaded_language"].update(minutes="45"),
     'lessons.01_loaded_language.minutes should be a whole number, not "45"'),
    (lambda d: d["lessons"]["01_loaded_language"].pop("title"),
     "missing required field(s) in lessons.01_loaded_language: title"),
    (lambda d: d["lessons"]["04_capstone"]["exercises"]["harbourside_claims"].update(article="../x"),
     "lessons.04_capstone.exercises.harbourside_claims.article should be the id of the article"),
    (lambda d: d["lessons"].update({"../escape": {"title": "x", "exercises": {}}}),
     'lesson id "../escape" should be lower-case letters'),
    (lambda d: d.update(lessons=[]), "lessons should be an object {...}, not []"),
    (lambda d: d.pop("format"), "missing required field(s): format"),
])
def test_index_wrong_types_name_the_field(datasets_copy, change, words):
    path = write_index(datasets_copy, change)
    with pytest.raises(NewslitError) as err:
        lessons_index()
    message = str(err.value)
    assert f"Lesson index {path} is not a valid newslit lesson index: " in message and words in message


# -- the answers file (the learner's) --------------------------------------------------------------------------

GOOD_ANSWERS = {  # every shape the widgets save
    "loaded_language": {"spans": [{"start": 335, "end": 345, "text": "reclaiming"}], "hints_used": 2, "revealed": False},
    "reflection": {"text": "Words matter."},
    "rewrite": {"text": "The forces retook the area.", "original": "The forces reclaimed the area."},
    "claims": {"labels": {"c1": "vague", "c2": None}},
    "evidence_plan": {"text": "I would look ...", "claim": "c1"},
    "context_checklist": {"checked": {"k1": {"checked": True, "spans": [{"start": 0, "end": 9, "text": "The siege"}]},
                                      "k2": False, "k3": {"checked": False, "spans": []}}},
    "production": {"text": "Loaded version: ...", "loaded": "x", "neutral": "y", "original": "z"},
    "capstone_control": {"spans": [], "hints_used": 0, "revealed": False, "text": "Marked nothing."},
    "headline_marks": {"spans": [{"part": "title", "start": 23, "end": 33, "text": "Reclaiming"},  # in the headline
                                 {"part": "body", "start": 335, "end": 345, "text": "reclaiming"}]},
}

BAD_ANSWERS = [  # (answer, the field the message names, what it says)
    ({"spans": "reclaiming"}, "answers.ex.spans", 'should be a list, not "reclaiming"'),
    ({"spans": [[335, 345]]}, "answers.ex.spans[0]", "should be an object {...}, not [335, 345]"),
    ({"spans": [{"start": "335", "end": 345}]}, "answers.ex.spans[0].start", 'should be a whole number, not "335"'),
    ({"spans": [{"start": 1.5, "end": 345}]}, "answers.ex.spans[0].start", "should be a whole number, not 1.5"),
    ({"spans": [{"start": 335}]}, "answers.ex.spans[0]", "missing required field(s) in answers.ex.spans[0]: end"),
    ({"spans": [{"start": 3, "end": 5, "text": None}]}, "answers.ex.spans[0].text", "should be text, not null"),
    ({"spans": [{"part": "headline", "start": 23, "end": 33}]}, "answers.ex.spans[0].part",
     'is "headline"; it should be one of "title", "body"'),
    ({"spans": [{"part": None, "start": 23, "end": 33}]}, "answers.ex.spans[0].part", 'is null; it should be one of'),
    ({"hints_used": "2"}, "answers.ex.hints_used", 'should be a whole number, not "2"'),
    ({"revealed": "yes"}, "answers.ex.revealed", 'should be true or false, not "yes"'),
    ({"text": ["a", "b"]}, "answers.ex.text", 'should be text, not ["a", "b"]'),
    ({"original": 5}, "answers.ex.original", "should be text, not 5"),
    ({"claim": 3}, "answers.ex.claim", "should be text or null, not 3"),
    ({"labels": ["vague"]}, "answers.ex.labels", 'should be an object {...}, not ["vague"]'),
    ({"labels": {"c1": ["vague"]}}, "answers.ex.labels.c1", 'should be text or null, not ["vague"]'),
    ({"checked": ["k1"]}, "answers.ex.checked", 'should be an object {...}, not ["k1"]'),
    ({"checked": {"k1": "yes"}}, "answers.ex.checked.k1", 'should be true or false or an object {...}, not "yes"'),
    ({"checked": {"k1": {"checked": 1}}}, "answers.ex.checked.k1.checked", "should be true or false, not 1"),
    ({"checked": {"k1": {"checked": True, "spans": "x"}}}, "answers.ex.checked.k1.spans", 'should be a list, not "x"'),
    ({"loaded": None}, "answers.ex.loaded", "should be text, not null"),
    ("everything", "answers.ex", 'should be an object {...}, not "everything"'),
    (None, "answers.ex", "should be an object {...}, not null"),
]


def answers_file(answers: dict) -> dict:
    return {"format": ANSWERS_FORMAT, "lesson": "01_loaded_language", "article": "aleppo-2016", "revision": 3,
            "saved_at": "2026-11-25T10:00:00+00:00", "key_versions": {"loaded_language": "1"}, "answers": answers}


def test_every_answer_shape_the_widgets_save_is_valid(tmp_path):
    assert schema_problem(answers_file(GOOD_ANSWERS), "answers") == ""
    store = AnswerStore("01_loaded_language", "aleppo-2016", tmp_path)
    assert store.save(GOOD_ANSWERS, {"loaded_language": "1"}).ok
    fresh = AnswerStore("01_loaded_language", "aleppo-2016", tmp_path)
    assert fresh.load() == GOOD_ANSWERS and fresh.notice == ""
    assert read_answers_file(store.path)["answers"] == GOOD_ANSWERS


@pytest.mark.parametrize("answer, field, words", BAD_ANSWERS)
def test_wrong_type_in_an_answer_is_caught_at_load(tmp_path, answer, field, words):
    store = AnswerStore("01_loaded_language", "aleppo-2016", tmp_path)
    tmp_path.mkdir(exist_ok=True)
    raw = json.dumps(answers_file({**GOOD_ANSWERS, "ex": answer})).encode()
    store.path.write_bytes(raw)
    # nothing of the wrong type reaches a widget; the file's valid answers are restored (each answer checked on its own)
    assert store.load() == GOOD_ANSWERS
    assert f"{field} {words}" in store.notice if "missing" not in words else words in store.notice
    assert "damaged" in store.notice and "\u201cex\u201d could not be restored" in store.notice
    assert store.dropped.keys() == {"ex"}
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == raw and kept[0].name in store.notice  # never deleted
    with pytest.raises(NewslitError) as err:  # and a teacher reading it is told every field
        read_answers_file(kept[0])
    assert str(kept[0]) in str(err.value) and words in str(err.value)
    assert store.save({"reflection": {"text": "again"}}).ok


@pytest.mark.parametrize("fields, words", [
    ({"revision": "3"}, 'revision should be a whole number, not "3"'),
    ({"revision": -1}, "revision: must be bigger than or equal to 0"),
    ({"revision": True}, "revision should be a whole number, not true"),
    ({"key_versions": {"loaded_language": 1}}, "key_versions.loaded_language should be text, not 1"),
    ({"key_versions": "1"}, 'key_versions should be an object {...}, not "1"'),
    ({"lesson": 1}, "lesson should be text, not 1"),
    ({"answers": ["x"]}, 'answers should be an object {...}, not ["x"]'),
])
def test_wrong_type_in_the_answers_file_is_caught_at_load(tmp_path, fields, words):
    store = AnswerStore("01_loaded_language", "aleppo-2016", tmp_path)
    store.path.write_text(json.dumps({**answers_file(GOOD_ANSWERS), **fields}), encoding="utf-8")
    assert store.load() == {}
    assert words in store.notice, store.notice


def test_a_lesson_opens_on_a_file_with_a_wrong_type(answers_home):
    """The widgets restore from the store: they start empty instead of meeting a string where spans go."""
    from newslit.widgets.lesson import Lesson

    folder = answers_home / "answers"
    folder.mkdir(parents=True)
    (folder / "aleppo-2016--01_loaded_language.json").write_text(json.dumps(answers_file({
        "loaded_language": {"spans": [{"start": "<b>1</b>", "end": 5}]},
        "rewrite": {"text": "a rewrite"}, "reflection": {"text": "kept in the damaged file"}})), encoding="utf-8")
    lesson = Lesson("01_loaded_language", article="aleppo-2016")
    assert lesson.answers == {"rewrite": {"text": "a rewrite"}, "reflection": {"text": "kept in the damaged file"}}
    html = lesson._repr_html_()
    assert "answers.loaded_language.spans[0].start should be a whole number" in html
    assert "<b>1</b>" not in html and "&lt;b&gt;1&lt;/b&gt;" in html
    ex = lesson.highlighter()
    ex.highlighter.mark_phrase("reclaiming")
    ex.save()
    lesson.rewrite()
    assert "Saved at" in ex.status.value


def test_a_bad_part_in_the_answers_file_is_moved_aside_and_said(answers_home):
    """A span whose "part" is neither "title" nor "body" is handled like any other invalid span: that answer is
    kept out of the lesson, the file is moved aside byte for byte, and the lesson says why."""
    from newslit.widgets.lesson import Lesson

    folder = answers_home / "answers"
    folder.mkdir(parents=True)
    path = folder / "aleppo-2016--01_loaded_language.json"
    path.write_text(json.dumps(answers_file({
        "loaded_language": {"spans": [{"part": "headline", "start": 23, "end": 33, "text": "Reclaiming"}]},
        "reflection": {"text": "kept"}})), encoding="utf-8")
    raw = path.read_bytes()
    lesson = Lesson("01_loaded_language", article="aleppo-2016")
    assert lesson.answers == {"reflection": {"text": "kept"}}
    assert 'answers.loaded_language.spans[0].part is "headline"; it should be one of "title", "body"' in lesson.store.notice
    assert [p.read_bytes() for p in folder.glob("*damaged*")] == [raw]
    ex = lesson.highlighter()
    assert ex.highlighter.marked == [] and ex.highlighter.title_marked == []


# -- the hand-in (the learner's, read by the grader) -----------------------------------------------------------


def handin(**changes) -> dict:
    data = {"format": HANDIN_FORMAT, "lesson": "01_loaded_language", "article": "aleppo-2016",
            "key_versions": {"loaded_language": "1"}, "user": "ann", "handed_in_at": "2026-11-25T10:00:00+00:00",
            "newslit_version": "0.2.0", "answers": dict(GOOD_ANSWERS)}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def test_valid_handin():
    assert payload_problem(handin()) == ""
    assert readable_answers(handin()["answers"]) == (GOOD_ANSWERS, [])
    validate(handin(), "handin", "hand-in")


@pytest.mark.parametrize("payload, words", [
    (handin(lesson=...), "no lesson recorded"),
    (handin(lesson=""), 'no lesson recorded (lesson is "")'),
    (handin(lesson=["01"]), 'no lesson recorded (lesson is ["01"])'),
    (handin(article=7), "no article recorded (article is 7)"),
    (handin(answers=...), "no answers recorded"),
    (handin(answers="all of them"), 'no answers recorded (answers is "all of them")'),
    (handin(format="newslit-handin/2"), "hand-in format 'newslit-handin/2' is newer than this grader; update the kit"),
    (handin(format=None), "not a newslit hand-in (format None)"),
    (["not", "an", "object"], "the hand-in is not a JSON object"),
])
def test_handin_that_cannot_be_graded(payload, words):
    assert payload_problem(payload) == words


@pytest.mark.parametrize("changes", [
    {"user": 5}, {"handed_in_at": None}, {"key_versions": ["1"]}, {"newslit_version": 2},
    {"answers": {**GOOD_ANSWERS, "reflection": {"text": 5}}},
])
def test_handin_with_other_wrong_types_can_still_be_graded(changes):
    """The grader notes these itself (a wrong answer costs only that exercise); the schema still names them."""
    payload = handin(**changes)
    assert payload_problem(payload) == ""
    with pytest.raises(NewslitError, match=r"hand-in in /c/ann\.ipynb is not a valid newslit hand-in: \S"):
        validate(payload, "handin", "hand-in in /c/ann.ipynb")


@pytest.mark.parametrize("answer, field, words", BAD_ANSWERS)
def test_an_answer_of_the_wrong_shape_is_left_out_and_named(answer, field, words):
    kept, problems = readable_answers({**GOOD_ANSWERS, "ex": answer})
    assert kept == GOOD_ANSWERS
    assert len(problems) == 1 and words in problems[0] and field in problems[0]


def test_odd_exercise_names_stay_on_one_short_line():
    kept, problems = readable_answers({"a\nb" * 100: 5})
    assert kept == {} and len(problems) == 1
    assert "\n" not in problems[0] and len(problems[0]) < 250


def test_grader_scores_the_rest_of_a_handin_with_one_malformed_answer(tmp_path):
    from newslit.grading.grade import grade
    from tests.grading_fixtures import payload, reference_spans, submission, write

    good = submission("good")
    bad = submission("mal")
    answers = payload(bad)["answers"]
    spans = reference_spans()
    answers["loaded_language"]["spans"] = spans + [{"start": "0", "end": 5, "text": "x"}]
    answers["reflection"] = {"text": {"nested": "<script>x</script>"}}
    write(tmp_path / "c" / "good.ipynb", good)
    write(tmp_path / "c" / "mal.ipynb", bad)
    run = grade([tmp_path / "c"], progress=False)
    subs = {s.path.rsplit("/", 1)[-1]: s for s in run.submissions}
    mal = subs["mal.ipynb"]
    assert mal.status == "graded" and mal.points == 0 < subs["good.ipynb"].points
    messages = [p.message for p in mal.problems if p.code == "malformed-answer"]
    assert sorted(messages) == sorted([
        f'has an answer the grader cannot read: answers.loaded_language.spans[{len(spans)}].start should be a whole '
        'number, not "0"',
        'has an answer the grader cannot read: answers.reflection.text should be text, not {"nested": "<script>x</script>"}',
    ])


# -- the answers file's lock -----------------------------------------------------------------------------------

HOLDER = """
import sys, time
from newslit.learner.store import AnswerStore
lock = AnswerStore("l", "a", sys.argv[1])._locked()
print(lock.__enter__(), flush=True)
time.sleep(120)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_lock_left_by_a_killed_process_never_blocks_a_save(tmp_path):
    store = AnswerStore("l", "a", tmp_path)
    assert store.save({"x": {"text": "1"}}).ok
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], cwd=REPO, env=subprocess_env(),
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "True"  # the other process holds the lock
        with store._locked(wait=0.2) as locked:
            assert not locked  # held: a second copy waits for it (here, gives up after 0.2 s)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (tmp_path / ".a--l.json.lock").exists()  # the kill left the lock file behind...
    started = time.monotonic()
    with store._locked(wait=5) as locked:
        assert locked  # ...but its lock died with the process
    reopened = AnswerStore("l", "a", tmp_path)
    assert reopened.load() == {"x": {"text": "1"}} and reopened.save({"x": {"text": "2"}}).ok
    assert time.monotonic() - started < 2


def test_without_filelock_saves_go_on_unlocked(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "filelock", None)  # e.g. a broken install: import fails
    store = AnswerStore("l", "a", tmp_path)
    with store._locked() as locked:
        assert not locked
    assert store.save({"x": {"text": "1"}}).ok and AnswerStore("l", "a", tmp_path).load() == {"x": {"text": "1"}}
