"""Every notebook runs top to bottom; lessons are clean and built from the solutions."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from newslit.learner.handin import read_handins
from newslit.keys.answer_key import load_key
from tools.build_lessons import build_lessons, lesson_from_solution
from newslit.keys.scoring import score_highlights

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def execute(path: Path, home: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("NEWSLIT_HOME", str(home))  # the kernel inherits it: answers go to a temp folder
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def test_there_are_lessons_and_solutions():
    assert {p.name for p in LESSONS} >= {"00_start_here.ipynb", "01_loaded_language.ipynb"}
    assert {p.name for p in SOLUTIONS} >= {"01_loaded_language.ipynb"}


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_executes(path, tmp_path, monkeypatch):
    nb = execute(path, tmp_path, monkeypatch)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_are_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4 and nb["nbformat_minor"] >= 5
    ids = [c.get("id") for c in nb["cells"]]
    assert all(ids) and len(ids) == len(set(ids)), "every cell needs a stable, unique id"
    for cell in nb["cells"]:
        assert "solution-only" not in cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"cell {cell['id']} has outputs"


def test_lessons_match_their_solutions():
    assert build_lessons(check=False, root=ROOT) == [], "lessons/ was out of date; run `make notebooks` and commit"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_lesson_equals_solution_outside_answer_cells(path):
    solution = json.loads(path.read_text(encoding="utf-8"))
    lesson = json.loads((ROOT / "lessons" / path.name).read_text(encoding="utf-8"))
    kept = [c for c in solution["cells"] if "solution-only" not in c.get("metadata", {}).get("tags", [])]
    assert [c["id"] for c in lesson["cells"]] == [c["id"] for c in kept]
    for s, l in zip(kept, lesson["cells"]):
        if "solution" not in s.get("metadata", {}).get("tags", []):
            assert s["source"] == l["source"], f"cell {s['id']} differs"
    assert lesson_from_solution(solution)["cells"] == lesson["cells"]


def test_solution_1_scores_full_marks(tmp_path, monkeypatch):
    nb = execute(ROOT / "solutions" / "01_loaded_language.ipynb", tmp_path, monkeypatch)
    handins = read_handins(nb)
    assert len(handins) == 1
    answers = handins[0]["answers"]
    key = load_key(handins[0]["article"], "loaded_language")
    assert handins[0]["key_versions"]["loaded_language"] == key.version
    score = score_highlights(key, answers["loaded_language"]["spans"])  # as saved: the headline's span says its part
    assert score.points == score.max_points > 0
    assert not score.extras
    assert answers["reflection"]["text"].strip() and answers["rewrite"]["text"].strip()


def test_lesson_answers_survive_a_kernel_restart(tmp_path, monkeypatch):
    """Answers made in one kernel come back when the lesson is run again in a new one."""
    execute(ROOT / "solutions" / "01_loaded_language.ipynb", tmp_path, monkeypatch)
    nb = execute(ROOT / "lessons" / "01_loaded_language.ipynb", tmp_path, monkeypatch)  # a fresh kernel
    handin = read_handins(nb)[0]
    # the reference solution marks every item of the key, one phrase each (the headline's "Reclaiming" too)
    spans = handin["answers"]["loaded_language"]["spans"]
    assert len(spans) == len(load_key("aleppo-2016", "loaded_language").items) == 15
    assert [s for s in spans if s.get("part") == "title"] == [{"part": "title", "start": 23, "end": 33, "text": "Reclaiming"}]


def test_web_links_say_they_need_the_internet():
    """Lessons are often used offline: a link in the lesson text goes only with a word that it needs the internet;
    what a learner needs to know is explained in the notebook itself."""
    import re

    for path in LESSONS + SOLUTIONS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for paragraph in "".join(cell["source"]).split("\n\n"):
                if re.search(r"https?://", paragraph):
                    assert "internet" in paragraph.lower(), f"{path.name} {cell['id']}: a link that does not say it needs the internet"


def test_start_here_prints_no_folder_path():
    """Lesson 0 says where answers go in words; it prints no hidden folder path a learner cannot open."""
    nb = json.loads((ROOT / "lessons" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "answers_dir" not in code and ".newslit" not in code and "NEWSLIT_HOME" not in code
    assert "saved automatically" in code and "You do not need to open it or do anything" in code
