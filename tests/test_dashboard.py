"""The class dashboard: a small class built from the executed solutions, with answers altered, and a damaged file."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from newslit.grading import dashboard
from newslit.learner.handin import MIME
from newslit.keys.answer_key import load_key

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "instructor" / "class_dashboard.ipynb"


def _solution(name: str) -> dict:
    return json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text(encoding="utf-8"))


def _payload(nb: dict) -> dict:
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if MIME in output.get("data", {}):
                return output["data"][MIME]
    raise AssertionError("no hand-in")


def _write(folder: Path, name: str, nb: dict, user: str) -> None:
    _payload(nb)["user"] = user
    (folder / name).write_text(json.dumps(nb), encoding="utf-8")


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    capstone = _solution("04_capstone")
    _write(folder, "ana_04_capstone.ipynb", copy.deepcopy(capstone), "ana")

    ben = copy.deepcopy(capstone)
    answers = _payload(ben)["answers"]
    first_claim = load_key("practice-pennick-school-board", "claims").items[0]
    ok = {first_claim.data["label"], *first_claim.data.get("accept", [])}
    answers["pennick_claims"]["labels"][first_claim.id] = next(l for l in ("opinion", "vague", "sourced") if l not in ok)
    answers["northmere_loaded_language"]["spans"] = answers["northmere_loaded_language"]["spans"][1:]
    tarrant = load_key("practice-tarrant-data-centre", "loaded_language").article.text
    start = tarrant.index("farmland")
    answers["tarrant_loaded_language"]["spans"] = [{"start": start, "end": start + 8, "text": "farmland"}]
    answers["tarrant_context_checklist"]["checked"]["vote-source"] = {"checked": True, "spans": []}
    _write(folder, "ben_04_capstone.ipynb", ben, "ben")

    cara = _solution("03_missing_context")
    _payload(cara)["answers"]["context_written"]["text"] = "The article leaves things out."
    _write(folder, "cara_03_missing_context.ipynb", cara, "cara")
    _write(folder, "dan_03_missing_context.ipynb", _solution("03_missing_context"), "dan")

    (folder / "broken_04_capstone.ipynb").write_text('{"cells": [{"cell_type": "code", "sou', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def data(klass):
    return dashboard.load_class(klass)


def test_files_and_spread(data):
    files = dashboard.files_table(data)
    assert len(files) == 5
    broken = files[files["file"].str.endswith("broken_04_capstone.ipynb")].iloc[0]
    assert broken["status"] == "not graded" and "truncated" in broken["problems"]
    spread = dashboard.score_spread(data).set_index("lesson")
    assert spread.loc["04_capstone", "graded"] == 2 and spread.loc["03_missing_context", "graded"] == 2
    assert spread.loc["04_capstone", "max %"] == 100.0 and spread.loc["04_capstone", "min %"] < 100.0
    bands = dashboard.score_bands(data, "04_capstone")
    assert bands["100%"] == 1 and bands.sum() == 2


def test_word_marks_count_learners_and_show_key_and_machine(data):
    words = dashboard.word_marks(data, "04_capstone", "northmere_loaded_language")
    key = load_key("practice-northmere-health-app", "loaded_language")
    first = key.items[0]
    row = words[(words["start"] >= first.start) & (words["start"] < first.end)].iloc[0]
    assert row["learners"] == 1 and row["key item"] == first.id  # ben left the first item out
    second = key.items[1]
    assert words[(words["start"] >= second.start) & (words["start"] < second.end)]["learners"].max() == 2
    assert words["machine"].any() and (words[words["key item"] == ""]["learners"] == 0).all()
    html = dashboard.heatmap_html(words, "<Northmere>")
    assert "&lt;Northmere&gt;" in html and "<sup>2</sup>" in html and "<script" not in html


def test_most_missed_and_over_marked(data):
    missed = dashboard.most_missed(data, "04_capstone")
    assert missed.iloc[0]["% right"] == 50.0
    assert {"northmere_loaded_language", "pennick_claims"} <= set(missed[missed["% right"] < 100]["exercise"])
    over = dashboard.over_marked(data, "04_capstone")
    farmland = over[over["what"] == "farmland"].iloc[0]
    assert farmland["learners"] == 1 and farmland["exercise"] == "tarrant_loaded_language"
    assert (over["exercise"] == "tarrant_context_checklist").any()


def test_claims_confusion(data):
    table = dashboard.claims_confusion(data, "04_capstone", "pennick_claims")
    key = load_key("practice-pennick-school-board", "claims")
    assert int(table.values.sum()) == 2 * len(key.items)
    diagonal = sum(int(table.loc[name, name]) for name in table.index)
    assert diagonal == 2 * len(key.items) - 1
    assert int(table["unanswered"].sum()) == 0


def test_missing_ideas(data):
    ideas = dashboard.missing_ideas(data, "03_missing_context")
    written = ideas[ideas["exercise"] == "context_written"]
    assert (written["answers"] == 2).all() and written.iloc[0]["% missing"] == 50.0


def test_colours_pass_contrast():
    for _lo, background, text in dashboard.HEAT:
        assert dashboard.contrast_ratio(background, text) >= 4.5
    assert dashboard.contrast_ratio(dashboard.BAR, "#ffffff") >= 3.0  # a graphical object


def test_empty_folder_is_explained(tmp_path):
    html = dashboard.Dashboard(tmp_path / "nothing").html()
    assert "No notebooks there yet" in html


def test_notebook_is_clean_and_runs_on_the_class(klass, monkeypatch, tmp_path):
    raw = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    ids = [c["id"] for c in raw["cells"]]
    assert len(ids) == len(set(ids)) and all(ids)
    assert all(c.get("outputs", []) == [] for c in raw["cells"] if c["cell_type"] == "code")
    assert "NEWSLIT_CLASS_DIR" in "".join(raw["cells"][1]["source"])
    monkeypatch.setenv("NEWSLIT_CLASS_DIR", str(klass))
    monkeypatch.setenv("NEWSLIT_HOME", str(tmp_path))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    html = nb.cells[1].outputs[0]["data"]["text/html"]
    assert "4 of 5 file(s) graded" in html and "Lesson 04_capstone" in html and "farmland" in html


def test_headline_marks_are_counted_apart_from_the_body(tmp_path):
    """Lesson 1's headline can be marked: its words are rows of their own (paragraph 0), never body words."""
    folder = tmp_path / "c"
    folder.mkdir()
    solution = _solution("01_loaded_language")
    _write(folder, "ana_01_loaded_language.ipynb", copy.deepcopy(solution), "ana")  # marks the headline's item
    old = copy.deepcopy(solution)
    spans = _payload(old)["answers"]["loaded_language"]["spans"]
    _payload(old)["answers"]["loaded_language"]["spans"] = [s for s in spans if "part" not in s]  # a version-3 hand-in
    _write(folder, "ben_01_loaded_language.ipynb", old, "ben")
    data = dashboard.load_class(folder)
    words = dashboard.word_marks(data, "01_loaded_language", "loaded_language")
    title = words[words["part"] == "title"]
    assert list(title["word"]) == ["Pro-Assad", "Forces", "Begin", "Reclaiming", "Major", "Parts", "of", "Aleppo"]
    reclaiming = title[title["word"] == "Reclaiming"].iloc[0]
    assert reclaiming["learners"] == 1 and reclaiming["key item"] == "reclaiming-headline" and reclaiming["paragraph"] == 0
    assert title[title["word"] == "Pro-Assad"].iloc[0]["defensible"]
    body = words[words["part"] == "body"]
    assert (body[(body["start"] < 33) & (body["end"] > 23)]["learners"] == 0).all()  # same offsets, other words
    assert body[body["key item"] == "reclaiming-1"]["learners"].max() == 2
    html = dashboard.heatmap_html(words, "lesson 1")
    assert html.index("<strong>Headline</strong>") < html.index("<strong>1</strong>")
    assert "Reclaiming<sup>1</sup>" in html
    missed = dashboard.most_missed(data, "01_loaded_language")
    assert missed.iloc[0]["item"] == "reclaiming-headline" and missed.iloc[0]["% right"] == 50.0
