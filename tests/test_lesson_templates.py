"""The templates learners and instructors see (feedback, lesson, hand-in, review panels).

Every template renders text from an article, a key or a learner as text (autoescape), a
teacher's ``NEWSLIT_TEMPLATES`` folder overrides them, and the hand-in file written for a
learner does not ask them to save a notebook.
"""

from __future__ import annotations

import ast
import base64
import json
import re
from pathlib import Path

import pytest

import newslit.learner
from newslit.learner.handin import MIME, handin_payload, read_handins
from newslit.render.feedback import error_box
from newslit.render.handin import app_receipt_html, handin_bundle, handin_notebook
from newslit.render.templates import render
from newslit.widgets.lesson import Lesson

TEMPLATES = Path(__file__).resolve().parents[1] / "newslit" / "render" / "templates"
FOLDERS = ("feedback", "lesson", "handin", "review")

IMG = "<img src=x onerror=alert(1)>"
CURLY = "{{7*7}}"
CLOSE = "</div><script>"
QUOTE = '" onmouseover="alert(1)'  # breaking out of an attribute
HOSTILE = f"{IMG} {CURLY} {CLOSE} {QUOTE}"


def assert_escaped(html: str) -> None:
    """Every hostile piece shows as text: no live tag, no template code run, no attribute broken."""
    lowered = html.lower()
    assert "<img" not in lowered and "<script" not in lowered, html
    assert CLOSE not in html and QUOTE not in html, html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html, html
    assert "&lt;/div&gt;&lt;script&gt;" in html, html
    assert CURLY in html, "template code inside data is shown, never run"


H = HOSTILE
SCORE = {"points": 1.5, "max_points": 4, "penalty": 0.5}
ITEM = {"text": H, "category": H, "why": H, "neutral": H, "paragraph": 2, "hint": H, "near": H,
        "points": 0.5, "max_points": 1, "edge": H}
POINTS = dict(extra_words=2, per_word=0.25, worth=[(1, 2), (2, 1)], earned=1.5)

# Every template, with a context whose every piece of text is hostile.
CONTEXTS = {
    "feedback/highlight.html": [
        dict(score=SCORE, total=3, stage="hints", found=[ITEM], missed=[ITEM], where=[(2, 1)], hints=[ITEM],
             defensible=[{"text": H, "why": H}], extras=[H], edges=[{"edge": H, "text": H}], **POINTS),
        dict(score=SCORE, total=3, stage="reveal", found=[], missed=[ITEM], where=[(2, 1)], hints=[],
             defensible=[], extras=[], edges=[], **POINTS),
    ],
    "feedback/error_box.html": [dict(message=H)],
    "feedback/saved.html": [dict(message=H)],
    "feedback/restraint.html": [dict(extras=[H, H], defensible=[{"text": H, "why": H}]),
                                 dict(extras=[], defensible=[{"text": H, "why": H}])],
    "lesson/lesson.html": [dict(lesson=H, title=H, answers=3, path=H, notice=H)],
    "lesson/article.html": [dict(title=H, byline=H, paragraphs=[H, H], attribution=H)],
    "lesson/machine_marks.html": [dict(ready=True, columns=[H, "kind"], rows=[[H, H]])],
    "lesson/sentence_scores.html": [dict(columns=[H], rows=[[H]], attribution=H)],
    "lesson/rewrite_original.html": [dict(sentence=H)],
    "lesson/rewrite_scores.html": [dict(rows=[{"name": H, "polarity": 0.5, "subjectivity": 0.25, "loaded": [H]}])],
    "lesson/prompt.html": [dict(prompt=H)],
    "lesson/capstone.html": [dict(articles=[{"short": H, "name": H, "title": H, "answers": 2}], folder=H)],
    "lesson/production_intro.html": [dict(paragraph=H, steps=[H, H])],
    "lesson/production_table.html": [dict(note=H, rows=[
        {"version": H, "written": True, "original": False, "polarity": 0.1, "subjectivity": 0.2, "flags": [H], "changed": [H]},
        {"version": H, "written": False, "original": False, "polarity": 0, "subjectivity": 0, "flags": [], "changed": []},
    ])],
    "handin/bundle.html": [dict(when=H, lines=[H, H], copy=False), dict(when=H, lines=[H], copy=True)],
    "handin/receipt.html": [dict(when=H, lines=[H], name=H, href=H, path=H, error=H)],
    "review/article_preview.html": [dict(id=H, title=H, byline=H, paragraphs=[H], words=12, attribution=H)],
    "review/item.html": [dict(text=H, paragraph=1, occurrence=1, machine=True, marked=H, before=H, after=H)],
    "review/intro.html": [dict(exercise=H, title=H, draft=True)],
    "review/added.html": [dict(added=1, notes=[{"text": H, "kind": "kept"}, {"text": H, "kind": "overlap"}])],
    "review/saved.html": [dict(items=2, path=H, article=H)],
}
# Templates that show no text from outside the kit: they must render, and hold no hostile piece by themselves.
FIXED = {
    "feedback/marks_changed.html": {},
    "lesson/compare_note.html": {"ready": True, "changed": False, "phrases": 2, "when": "10:42:05"},
    "lesson/production_step.html": {"step": 1},
    "handin/app_note.html": {},
    "review/summary.html": {"kept": 2, "points": 2.5, "defensible": 1, "dropped": 0},
}
MACROS = {"lesson/_table.html"}  # imported by other templates, tested through them


def template_files() -> set[str]:
    return {f"{folder}/{p.name}" for folder in FOLDERS for p in (TEMPLATES / folder).glob("*.html")}


def test_every_template_is_tested_here():
    assert template_files() == set(CONTEXTS) | set(FIXED) | MACROS


@pytest.mark.parametrize("name, context", [(n, c) for n, cs in CONTEXTS.items() for c in cs],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_template_shows_hostile_text_as_text(name, context):
    assert_escaped(render(name, **context))


@pytest.mark.parametrize("name", sorted(FIXED))
def test_fixed_templates_render(name):
    html = render(name, **FIXED[name])
    assert html.startswith("<") and "{{" not in html and "{%" not in html


def test_a_misspelt_variable_fails_loudly():
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        render("feedback/error_box.html")


# -- a teacher's own templates -------------------------------------------------------------------


def test_newslit_templates_overrides_a_template(tmp_path, monkeypatch):
    own = tmp_path / "my-templates"
    (own / "feedback").mkdir(parents=True)
    (own / "feedback" / "error_box.html").write_text(
        '<div class="nl-error" role="alert"><strong>Bitte korrigieren:</strong> {{ message }}</div>', encoding="utf-8")
    monkeypatch.setenv("NEWSLIT_TEMPLATES", str(own))
    html = error_box(HOSTILE)
    assert html.startswith('<div class="nl-error" role="alert"><strong>Bitte korrigieren:</strong> ')
    assert_escaped(html)  # autoescape holds in a teacher's template too
    lesson = Lesson("01_loaded_language")
    lesson.store.notice = "The answers file was damaged."
    assert "Bitte korrigieren:" in lesson._repr_html_(), "templates that include it use the teacher's copy"
    assert "Check my marks" in render("feedback/marks_changed.html"), "the others still come from the kit"
    monkeypatch.delenv("NEWSLIT_TEMPLATES")
    assert "Something needs fixing:" in error_box("x")


# -- the functions that fill the templates ----------------------------------------------------------


def payload(lesson=f"01_loaded_language{QUOTE}"):
    return handin_payload(lesson, "aleppo-2016", {"reflection": {"text": HOSTILE}}, {})


def test_hand_in_receipts_escape_learner_text(tmp_path):
    lines = [f"reflection: {HOSTILE}"]
    assert_escaped(handin_bundle(payload(), lines)["text/html"])
    nb = handin_notebook(payload(), lines)
    receipt = app_receipt_html(payload(), lines, tmp_path / HOSTILE, nb, error=HOSTILE)
    assert_escaped(receipt.replace(re.search(r"base64,[^\"]+", receipt).group(0), "base64,"))
    link = re.search(r'download="([^"]+)"[^>]* href="data:application/x-ipynb\+json;base64,([^"]+)"', receipt)
    assert link and link.group(1) == "01_loaded_language&#34; onmouseover=&#34;alert(1).ipynb"
    assert read_handins(json.loads(base64.b64decode(link.group(2)))) == [nb.cells[-1].outputs[0].data[MIME]]


SAVE_WORDS = ("Ctrl+S", "save the notebook", "Save Notebook")


def test_the_hand_in_file_does_not_ask_to_save_a_notebook():
    """The bug: a str.replace that never matched left "save the notebook" in the file the app hands out."""
    lines = ["reflection: 3 word(s) written"]
    shown = handin_bundle(payload(), lines)["text/html"]  # in JupyterLab, in the notebook the learner has open
    assert all(word in shown for word in SAVE_WORDS)
    copy = handin_bundle(payload(), lines, copy=True)["text/html"]
    assert not any(word.lower() in copy.lower() for word in SAVE_WORDS)
    assert "This file is the hand-in: submit it the way your teacher asked." in copy
    nb = handin_notebook(payload(), lines)
    (output,) = [o for c in nb.cells for o in c.get("outputs", [])]
    assert output.data["text/html"] == copy


def test_app_mode_hand_in_never_says_save(monkeypatch, answers_home):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.append(objs[0]))
    monkeypatch.setenv("NEWSLIT_APP", "1")
    lesson = Lesson("01_loaded_language")
    lesson.written("reflection", "Why?").box.value = "Because words matter."
    lesson.hand_in()
    box = shown[-1]
    box.hand_in()  # what a click does
    receipt = box.children[-1].value
    downloaded = json.loads(base64.b64decode(re.search(r"base64,([^\"]+)", receipt).group(1)))
    on_disk = json.loads((answers_home / "handins" / "aleppo-2016" / "01_loaded_language.ipynb").read_text("utf-8"))
    for page in (box.children[0].value, receipt, *(o["data"]["text/html"] for nb in (downloaded, on_disk)
                                                  for c in nb["cells"] for o in c.get("outputs", []))):
        assert not any(word.lower() in page.lower() for word in SAVE_WORDS), page
    assert read_handins(downloaded)[0]["answers"]["reflection"]["text"] == "Because words matter."


def test_the_learner_layer_holds_no_html():
    """newslit.learner prepares data only; markup lives in templates rendered by newslit.render."""
    folder = Path(newslit.learner.__file__).parent
    tag = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[\s>/]")
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert not tag.search(node.value), f"{path.name}:{node.lineno}: HTML in the learner layer: {node.value[:60]!r}"


def test_the_app_receipt_shows_paths_as_the_learner_knows_them(tmp_path):
    from pathlib import Path

    from newslit.render.handin import app_receipt_html, home_relative

    inside = Path.home() / ".newslit" / "handins" / "aleppo-2016" / "01_loaded_language.ipynb"
    assert home_relative(inside) == "~/.newslit/handins/aleppo-2016/01_loaded_language.ipynb"
    assert home_relative(Path("/srv/secret/layout/x.ipynb")) == "x.ipynb"
    payload = {"lesson": "01_loaded_language", "handed_in_at": "2026-11-29T10:00:00+00:00"}
    html = app_receipt_html(payload, ["reflection: 3 word(s) written"], Path("/srv/secret/layout/x.ipynb"), None)
    assert "/srv/secret" not in html and "x.ipynb" in html
