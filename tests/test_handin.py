"""newslit.learner.handin: answers travel inside the saved .ipynb and are read back without running it."""

from __future__ import annotations

import json
import random

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from newslit import __version__
from newslit.errors import NewslitError
from newslit.learner.handin import FORMAT, MIME, handin_payload, read_handins
from newslit.render.handin import handin_bundle

ANSWERS = {
    "loaded_language": {"spans": [{"start": 335, "end": 345, "text": "reclaiming"}]},
    "reflection": {"text": "Loaded words <b>tell</b> me how to feel & \u201cwhy\u201d. \u0645\u0631\u062d\u0628\u0627"},
    "rewrite": {"text": "The forces retook the area.", "original": "x"},
}


def bundle(lesson="01_loaded_language", answers=ANSWERS):
    payload = handin_payload(lesson, "aleppo-2016", answers, {"loaded_language": "1"})
    return handin_bundle(payload, ["loaded_language: 1 marked phrase(s)", "reflection: <script>x</script>"])


def notebook_with(*bundles, extra_cells=3):
    cells = [new_markdown_cell("# Lesson 1"), new_code_cell("lesson = Lesson('01_loaded_language')")]
    for n in range(extra_cells):
        cells.append(new_code_cell(f"x = {n}", outputs=[new_output("stream", name="stdout", text=f"{n}\n")]))
    for b in bundles:
        cells.append(new_code_cell("lesson.hand_in()", outputs=[new_output("display_data", data=b, metadata={})]))
    cells.append(new_markdown_cell("The end."))
    return new_notebook(cells=cells)


def write(nb, path):
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
    return path


def test_payload_fields():
    payload = handin_payload("01_loaded_language", "aleppo-2016", ANSWERS, {"loaded_language": "1"})
    assert payload["format"] == FORMAT
    assert payload["lesson"] == "01_loaded_language" and payload["article"] == "aleppo-2016"
    assert payload["answers"] == ANSWERS and payload["key_versions"] == {"loaded_language": "1"}
    assert payload["newslit_version"] == __version__
    assert payload["user"] and payload["handed_in_at"].endswith("+00:00")
    json.dumps(payload)  # JSON-ready


def test_payload_without_user_name(monkeypatch):
    import getpass

    def no_user():
        raise KeyError("no user")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert handin_payload("l", "a", {}, {})["user"] == "unknown"


def test_bundle_has_answers_and_escaped_summary():
    b = bundle()
    assert set(b) == {MIME, "text/html", "text/plain"}
    assert b[MIME]["answers"] == ANSWERS
    assert "<script>" not in b["text/html"] and "&lt;script&gt;" in b["text/html"]
    assert "01_loaded_language" in b["text/plain"]


def test_round_trip_through_saved_notebook(tmp_path):
    path = write(notebook_with(bundle()), tmp_path / "lesson.ipynb")
    found = read_handins(path)
    assert len(found) == 1
    assert found[0]["answers"] == ANSWERS
    assert found[0]["format"] == FORMAT and found[0]["lesson"] == "01_loaded_language"
    # the same from a parsed notebook (dict or NotebookNode)
    assert read_handins(json.loads(path.read_text(encoding="utf-8"))) == found
    assert read_handins(nbformat.read(str(path), as_version=4)) == found


def test_cells_reordered_and_others_deleted(tmp_path):
    path = write(notebook_with(bundle(), extra_cells=5), tmp_path / "lesson.ipynb")
    nb = nbformat.read(str(path), as_version=4)
    random.Random(3).shuffle(nb.cells)
    write(nb, path)
    assert read_handins(path)[0]["answers"] == ANSWERS
    nb.cells = [c for c in nb.cells if c.cell_type == "code" and c.outputs and c.outputs[0].output_type == "display_data"]
    assert len(nb.cells) == 1
    write(nb, path)
    assert read_handins(path)[0]["answers"] == ANSWERS
    nb.cells.insert(0, new_markdown_cell("Added by the learner"))
    nb.cells[1].source = "# edited\nlesson.hand_in()"
    write(nb, path)
    assert read_handins(path)[0]["answers"] == ANSWERS


def test_several_hand_ins_in_cell_order(tmp_path):
    first = bundle(answers={"reflection": {"text": "first"}})
    second = bundle(answers={"reflection": {"text": "second"}})
    path = write(notebook_with(first, second), tmp_path / "lesson.ipynb")
    assert [p["answers"]["reflection"]["text"] for p in read_handins(path)] == ["first", "second"]


def test_payload_stored_as_json_string(tmp_path):
    b = bundle()
    b[MIME] = json.dumps(b[MIME], indent=1)  # some tools store JSON bundles as text
    nb = notebook_with(b)
    path = tmp_path / "stringy.ipynb"
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    assert read_handins(path)[0]["answers"] == ANSWERS
    # and through nbformat's own writer
    write(nb, path)
    assert read_handins(path)[0]["answers"] == ANSWERS


def test_broken_string_payload_is_skipped(tmp_path):
    good, bad = bundle(), bundle()
    bad[MIME] = "{not json"
    path = tmp_path / "mixed.ipynb"
    path.write_text(json.dumps(notebook_with(bad, good)), encoding="utf-8")
    found = read_handins(path)
    assert len(found) == 1 and found[0]["answers"] == ANSWERS


def test_notebook_without_hand_in(tmp_path):
    path = write(notebook_with(), tmp_path / "empty.ipynb")
    assert read_handins(path) == []
    assert read_handins({"cells": "nonsense"}) == []
    assert read_handins({"cells": [None, {"outputs": [None, {"data": []}]}]}) == []


@pytest.mark.parametrize("content", [b"{oops", b"\xff\xfe\x00", None])
def test_unreadable_notebook_raises_newslit_error(tmp_path, content):
    path = tmp_path / "broken.ipynb"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(NewslitError, match="Cannot read notebook"):
        read_handins(path)
