"""The hostile-input corpus through the lessons' widgets, in plain pytest (the browser test renders them).

* Every text case the importer accepts becomes an article (in a private
  datasets copy); lesson 1's widgets are built on it, marked, checked,
  hinted and revealed. No HTML the kit makes holds a live tag from the article.
* A hostile copy of the sample article (payloads in its text, title, author,
  outlet and attribution; every key still resolving) runs through every
  widget of lessons 1-3.
* Malformed article and key files give one :class:`NewslitError` with a
  clear message; in IPython it is shown by the kit's error box, never a traceback.
"""

from __future__ import annotations

import json
import re

import ipywidgets as w
import pytest

from newslit.errors import NewslitError

from tests.hostile.articles import HOSTILE, make_hostile_article
from tests.hostile.cases import ARTICLE_FILE_CASES, KEY_FILE_CASES, LIVE_TAGS, MARKER, TEXT_CASES, materialise

SMALL_OK = [c for c in TEXT_CASES if c.for_import()[0] == "ok" and c.timeout <= 120 and "450k" not in c.name]


def html_of(widget, seen=None) -> list[str]:
    """Every piece of HTML a widget tree hands to the browser as HTML (not as text)."""
    seen = seen if seen is not None else set()
    if id(widget) in seen:
        return []
    seen.add(id(widget))
    out = []
    if isinstance(widget, (w.HTML, w.HTMLMath)):
        out.append(widget.value)
    for name in ("feedback", "statuses"):  # anywidget traits whose "html" entries go in as innerHTML
        value = getattr(widget, name, None)
        if isinstance(value, dict):
            out += [v["html"] for v in value.values() if isinstance(v, dict) and isinstance(v.get("html"), str)]
    for child in getattr(widget, "children", ()) or ():
        out += html_of(child, seen)
    for attr in vars(widget).values() if hasattr(widget, "__dict__") else ():
        if isinstance(attr, w.Widget):
            out += html_of(attr, seen)
    return out


def assert_no_live_tag(pieces) -> int:
    checked = 0
    for html in pieces:
        if isinstance(html, str):
            checked += 1
            lower = html.lower()
            for tag in LIVE_TAGS:
                assert tag not in lower, f"live {tag!r} in widget HTML: ...{html[max(0, lower.find(tag) - 80):lower.find(tag) + 120]}..."
            for tag in re.findall(r"<[a-z][^<>]*>", lower):  # the real tags (escaped text has &lt; not <)
                assert not re.search(r"\son[a-z]+\s*=", tag), f"event handler in a live tag: {tag}"
                assert "javascript:" not in tag, f"javascript: URL in a live tag: {tag}"
    return checked


@pytest.mark.parametrize("case", SMALL_OK, ids=[c.name for c in SMALL_OK])
def test_imported_case_in_lesson_1_widgets(case, tmp_path, datasets_copy):
    from newslit import Lesson
    from newslit.instructor.import_article import import_article

    article = import_article(materialise(case, tmp_path), title=f"Hostile {case.name}", outlet="Test",
                             date="2024-03-01", licence="CC BY 4.0", article_id=f"h-{case.name}")
    lesson = Lesson("01_loaded_language", article=article.id)
    ex = lesson.highlighter()
    hl = ex.highlighter
    assert hl.text == article.text
    for tok in hl.tokens:  # every word the widget draws is a real slice of the text
        start, end = (tok["start"], tok["end"]) if isinstance(tok, dict) else tok[:2]
        assert 0 <= start < end <= len(article.text)
    if hl.tokens:
        hl.marked = [0, len(hl.tokens) - 1]
    ex.check()
    ex.hint()
    ex.check(stage="reveal")
    pieces = [lesson._repr_html_(), lesson.show_article().value, *html_of(ex), *html_of(lesson.machine_opinion())]
    pieces += html_of(lesson.rewrite())  # every imported case has a sentence to rewrite
    assert assert_no_live_tag(pieces) > 0
    again = Lesson("01_loaded_language", article=article.id)  # answers came back
    assert again.answers["loaded_language"]["spans"] == lesson.answers["loaded_language"]["spans"]


def test_hostile_sample_in_every_widget_of_lessons_1_to_3(datasets_copy):
    from newslit import Lesson

    make_hostile_article(datasets_copy)
    pieces: list[str] = []
    l1 = Lesson("01_loaded_language", article=HOSTILE)
    ex = l1.highlighter()
    ex.highlighter.mark_phrase("Officials slammed")
    ex.highlighter.mark_phrase("Reclaiming", part="title")  # the headline, which carries a payload, is markable
    ex.highlighter.mark_phrase("report", part="title")  # and an extra there
    ex.check(); ex.hint(); ex.check(stage="reveal")
    pieces += [l1._repr_html_(), l1.show_article().value, *html_of(ex), *html_of(l1.machine_opinion()),
               *html_of(l1.rewrite()), *html_of(l1.written("reflection", f"Prompt {MARKER}"))]
    l2 = Lesson("02_unsupported_claims", article=HOSTILE)
    sorter = l2.claim_sorter()
    first = next(iter(l2.key("claims").items))
    sorter.set_label(first.id, "opinion")
    sorter.check(); sorter.check(stage="reveal")
    plan = l2.evidence_plan()
    plan.check(); plan.check(stage="reveal")
    pieces += [*html_of(sorter), *html_of(l2.attribution_map()), *html_of(plan), *html_of(l2.claim_finder_opinion()),
               *html_of(l2.attribution_rewrite())]
    l3 = Lesson("03_missing_context", article=HOSTILE)
    checklist = l3.context_checklist()
    checklist.check(); checklist.check(stage="reveal")
    pieces += [*html_of(checklist), *html_of(l3.about_the_source()), *html_of(l3.context_checks()),
               *html_of(l3.compare_with_pack())]
    for name in ("lateral_plan", "context_written"):
        r = l3.rubric_answer(name)
        r.check(); r.check(stage="reveal")
        pieces += html_of(r)
    n = assert_no_live_tag(pieces)
    joined = "\n".join(p for p in pieces if isinstance(p, str))
    assert "&lt;script&gt;window.__nl_pwned=1&lt;/script&gt;" in joined, "the payload is shown, as text"
    print(f"{n} HTML outputs of lessons 1-3 checked: no live tag")


@pytest.mark.parametrize("name,data,_", ARTICLE_FILE_CASES, ids=[c[0] for c in ARTICLE_FILE_CASES])
def test_malformed_article_file(name, data, _, datasets_copy):
    from newslit import Lesson

    (datasets_copy / "articles" / "broken.json").write_bytes(data)
    with pytest.raises(NewslitError) as err:
        Lesson("01_loaded_language", article="broken")
    message = str(err.value)
    assert "broken" in message and "\n" not in message.strip() and len(message) < 500, message
    assert "Traceback" not in message


@pytest.mark.parametrize("name,data", KEY_FILE_CASES, ids=[c[0] for c in KEY_FILE_CASES])
def test_malformed_key_file(name, data, datasets_copy):
    from newslit import Lesson
    from tests.conftest import article_dict

    (datasets_copy / "articles" / "broken.json").write_text(json.dumps(article_dict("broken")), encoding="utf-8")
    folder = datasets_copy / "keys" / "broken"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "loaded_language.json").write_bytes(data)
    lesson = Lesson("01_loaded_language", article="broken")
    with pytest.raises(NewslitError) as err:
        lesson.highlighter()
    message = str(err.value)
    assert "loaded_language" in message or "key" in message.lower(), message
    assert len(message) < 600 and "Traceback" not in message


@pytest.mark.parametrize("name,data,_", ARTICLE_FILE_CASES[:4], ids=[c[0] for c in ARTICLE_FILE_CASES[:4]])
def test_ipython_shows_error_box_not_traceback(name, data, _, datasets_copy, capsys):
    """In a notebook kernel, a NewslitError from a lesson cell is the error box, never a traceback."""
    from IPython.core.interactiveshell import InteractiveShell

    (datasets_copy / "articles" / "broken.json").write_bytes(data)
    shown = []
    shell = InteractiveShell.instance()
    try:
        import IPython.display as display_module

        original = display_module.display

        def capture(*objs, **kw):
            shown.extend(objs)

        display_module.display = capture
        result = shell.run_cell("from newslit import Lesson\nLesson('01_loaded_language', article='broken')")
    finally:
        display_module.display = original
        InteractiveShell.clear_instance()
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert len(shown) == 1 and 'class="nl-error"' in shown[0].data and "broken" in shown[0].data
    assert not result.success
