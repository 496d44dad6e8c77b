"""The grader's feedback pages and the class dashboard are Jinja2 templates with autoescape.

Every template under ``templates/report/`` and ``templates/dashboard/`` is rendered
here with hostile text (a learner named ``<img src=x onerror=alert(1)>{{7*7}}``, the
same text in answers, file names, lesson titles, category names, captions and
article words): it must reach the page escaped, and ``{{7*7}}`` must stay text
(never evaluated to 49). A teacher's copy of a template in ``NEWSLIT_TEMPLATES``
is used before the kit's own.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import newslit.render
from newslit.grading import dashboard, reports
from newslit.grading.grade import grade
from newslit.render import templates

from tests.grading_fixtures import payload, solution, submission, write

TEMPLATES = Path(newslit.render.__file__).resolve().parent / "templates"
OURS = sorted(p.relative_to(TEMPLATES).as_posix() for folder in ("report", "dashboard")
              for p in (TEMPLATES / folder).rglob("*") if p.is_file())

HOSTILE = "<img src=x onerror=alert(1)>{{7*7}}"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;{{7*7}}"
ALLOWED_TAGS = {"html", "head", "body", "meta", "title", "style", "section", "h1", "h2", "h3", "h4", "p", "small",
                "strong", "em", "ul", "li", "div", "blockquote", "code", "span", "sup", "figure", "figcaption",
                "table", "caption", "thead", "tbody", "tr", "th", "td"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(html: str, copies: int = 1) -> None:
    """The hostile text is there as text ``copies`` times or more, and the page has no tag or handler of its own."""
    assert html.count(ESCAPED) >= copies, "the hostile text is not shown (escaped) where expected"
    assert "<img" not in html and "<script" not in html.lower() and "{{7*7}}" in html
    assert "alert(1)&gt;49" not in html, "{{7*7}} was evaluated"
    parser = _Tags()
    parser.feed(html)
    parser.close()
    assert parser.tags
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on") and not (value or "").strip().lower().startswith("javascript:"), (tag, name)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Everything rendered with hostile text; ``loaded`` is every template the renders used (includes too)."""
    tmp = tmp_path_factory.mktemp("hostile")
    answers = payload(solution())["answers"]
    answers["reflection"]["text"] = HOSTILE + " & more"
    answers["rewrite"]["text"] = "</blockquote>" + HOSTILE
    answers["loaded_language"]["spans"] = answers["loaded_language"]["spans"][1:]  # one missed: something to practise
    write(tmp / "class" / "{{7*7}}<b>x.ipynb", submission(HOSTILE, answers=answers))
    write(tmp / "class" / "plain.ipynb", submission("plain"))

    env = templates.environment()
    loaded: set[str] = set()
    original = env.get_template

    def get_template(name, *args, **kwargs):
        loaded.add(name if isinstance(name, str) else name.name)
        return original(name, *args, **kwargs)

    env.get_template = get_template
    try:
        run = grade([tmp / "class"], progress=False)
        written = reports.write_reports(run, tmp / "out")
        pages = [p.read_text(encoding="utf-8") for p in (tmp / "out" / "feedback").glob("*.html") if p.name != "plain.html"]
        mine = [s for s in run.submissions if s.learner == HOSTILE]
        run.titles[mine[0].lesson] = HOSTILE  # a lesson title from a teacher's lessons.json
        page_direct = reports.feedback_html(run, HOSTILE, mine, categories={c: HOSTILE for c in _category_ids(run, mine)})
        board = dashboard.Dashboard(tmp / "class")
        out = {
            "page": pages[0],
            "page_direct": page_direct,
            "dashboard": board.html(),
            "bars": dashboard.bars_html(pd.Series([3, 0], index=[HOSTILE, "b"]), HOSTILE, unit=HOSTILE),
            "table": dashboard.table_html(
                pd.DataFrame({HOSTILE: [HOSTILE, 1.5]}, index=pd.Index([HOSTILE, "b"], name=HOSTILE)),
                caption=HOSTILE, index=True),
            "table_empty": dashboard.table_html(pd.DataFrame(), caption=HOSTILE),
            "heatmap": dashboard.heatmap_html(_words(HOSTILE), HOSTILE),
        }
    finally:
        del env.get_template
    assert written["counts"]["feedback"] == 2 and len(pages) == 1
    return {"html": out, "loaded": loaded}


def _category_ids(run, subs) -> set[str]:
    ids = set()
    for sub in subs:
        for ex in run.exercises(sub):
            if ex.key is not None:
                ids.update(item.category for item in ex.key.items if item.category)
    return ids


def _words(word: str) -> pd.DataFrame:
    """A two-word article for the heat map, its first word hostile, marked by one learner and in the key."""
    text = f"{word} said."
    table = pd.DataFrame([
        {"word": word, "start": 0, "end": len(word), "paragraph": 1, "learners": 1, "share": 1.0, "key item": "k1",
         "defensible": False, "machine": True},
        {"word": "said", "start": len(word) + 1, "end": len(word) + 5, "paragraph": 1, "learners": 0, "share": 0.0,
         "key item": "", "defensible": True, "machine": False},
    ])
    table.attrs["text"] = text
    return table


def test_there_are_templates_to_check():
    assert "report/feedback.html" in OURS and "dashboard/class.html" in OURS


@pytest.mark.parametrize("name", OURS)
def test_every_template_is_rendered_with_hostile_text(rendered, name):
    assert name in rendered["loaded"], f"{name} is not rendered by these tests: add it to the `rendered` fixture"


@pytest.mark.parametrize("name", OURS)
def test_no_template_turns_autoescape_off(name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert not re.search(r"autoescape\s+false|\|\s*safe\b|Markup", source), name
    assert templates.environment().get_template(name).environment.autoescape is True


def test_feedback_page_shows_hostile_text_as_text(rendered):
    page = rendered["html"]["page"]
    assert f"<title>Feedback for {ESCAPED}</title>" in page and f"<h1>Feedback for {ESCAPED}</h1>" in page
    assert f"<blockquote>{ESCAPED} &amp; more</blockquote>" in page  # the reflection
    assert f"<blockquote>&lt;/blockquote&gt;{ESCAPED}</blockquote>" in page  # the rewrite
    assert "{{7*7}}&lt;b&gt;x.ipynb" in page  # the file name
    assert_inert(page, copies=4)


def test_feedback_page_shows_hostile_titles_and_categories_as_text(rendered):
    page = rendered["html"]["page_direct"]
    assert f"Lesson 01_loaded_language: {ESCAPED}</h2>" in page
    assert f"<em>{ESCAPED}</em>" in page  # a category name in a found item
    assert f"<li><strong>{ESCAPED}</strong>:" in page  # what to practise, grouped by category
    assert_inert(page, copies=5)


def test_dashboard_shows_hostile_text_as_text(rendered):
    html = rendered["html"]["dashboard"]
    assert f"<td>{ESCAPED}</td>" in html  # the learner in the table of files
    assert_inert(html)
    assert "<style>" in html and 'class="nl-dash"' in html


@pytest.mark.parametrize("panel, copies", [("bars", 4), ("table", 5), ("table_empty", 1), ("heatmap", 3)])
def test_dashboard_panels_show_hostile_text_as_text(rendered, panel, copies):
    assert_inert(rendered["html"][panel], copies)


def test_panels_keep_their_markup(rendered):
    html = rendered["html"]
    assert f'aria-label="{ESCAPED}"' in html["bars"] and f"<strong>3</strong> {ESCAPED}" in html["bars"]
    assert f"<caption>{ESCAPED}</caption>" in html["table"] and f"<th>{ESCAPED}</th>" in html["table"]
    assert "<td>1.5</td>" in html["table"]
    assert html["table_empty"].strip() == f"<p><em>{ESCAPED}: nothing to show yet.</em></p>"
    heat = html["heatmap"]
    assert f'title="{ESCAPED}: marked by 1; in the key; machine flag"' in heat
    assert f"{ESCAPED}<sup>1</sup></span> " in heat and "</span>.</p>" in heat  # the article's spaces and full stop


def test_a_teachers_template_is_used_first(tmp_path, monkeypatch):
    own = tmp_path / "own"
    (own / "report").mkdir(parents=True)
    kit = (TEMPLATES / "report" / "feedback.html").read_text(encoding="utf-8")
    assert "<h1>Feedback for {{ learner }}</h1>" in kit
    (own / "report" / "feedback.html").write_text(
        kit.replace("<h1>Feedback for {{ learner }}</h1>", "<h1>Rückmeldung für {{ learner }}</h1>"), encoding="utf-8")
    (own / "dashboard").mkdir()
    (own / "dashboard" / "_style.html").write_text("<style>.nl-dash { color: #000000; } /* our school */</style>",
                                                   encoding="utf-8")
    write(tmp_path / "class" / "a.ipynb", submission(HOSTILE))
    run = grade([tmp_path / "class"], progress=False)

    monkeypatch.setenv("NEWSLIT_TEMPLATES", str(own))
    page = reports.feedback_html(run, HOSTILE, run.submissions)
    assert f"<h1>Rückmeldung für {ESCAPED}</h1>" in page and "<h1>Feedback for" not in page
    assert "border-left: 4px solid #b26a00" in page  # the kit's style sheet, included from the kit's folder
    assert_inert(page)  # the teacher's copy is autoescaped too
    assert "/* our school */" in dashboard.Dashboard(tmp_path / "class").html()

    monkeypatch.delenv("NEWSLIT_TEMPLATES")
    assert f"<h1>Feedback for {ESCAPED}</h1>" in reports.feedback_html(run, HOSTILE, run.submissions)


def _html_literals(path: Path) -> list[tuple[int, str]]:
    """String literals and f-strings in a module that hold an HTML tag (the docstrings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    inner = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    tag = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*|!DOCTYPE)[\s>/]")
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inner | docstrings:
            text = node.value
        else:
            continue
        if tag.search(text):
            found.append((node.lineno, text))
    return found


@pytest.mark.parametrize("module", [reports, dashboard], ids=lambda m: m.__name__)
def test_html_lives_in_templates_not_in_python(module):
    found = _html_literals(Path(module.__file__))
    # The one tag left reads pages back (is a page in the feedback folder the grader's own?); it builds nothing.
    found = [(line, text) for line, text in found if text != '<meta name="generator" content="">']
    assert not found, f"HTML built in {module.__name__}: {found}"
