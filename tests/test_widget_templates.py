"""The lesson 2 and 3 panel templates (``newslit/render/templates/claims/`` and ``context/``).

Every template is rendered, in every branch, with hostile text in every
string it shows: the text comes out escaped (an ``<img>`` or ``<script>`` is
shown as text, a ``</div>`` closes nothing) and template syntax in the text is
shown as it is, never evaluated. The widget modules keep no HTML of their own
and never mark text as ``Markup``; a teacher's copy of a template is used first.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newslit.render.templates import render
from tests.test_contrast import TEXT_AA, Sheet, hexed, ratio

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "newslit" / "render" / "templates"
IMG = "<img src=x onerror=alert(1)>"
CODE = "{{7*7}}"
CLOSE = "</div><script>"
BAD = f"{IMG} {CODE} {CLOSE}"  # every string a template shows
ESCAPED = ["&lt;img src=x onerror=alert(1)&gt;", "&lt;/div&gt;&lt;script&gt;"]


def idea(status: str, points: float = 0.0) -> dict:
    return {"status": status, "idea": BAD, "note": BAD, "why": BAD, "hint": BAD, "points": points, "max_points": 2}


EXPLANATION = {"label": BAD, "accepted": [BAD, BAD], "why": BAD, "support_needed": BAD, "check": BAD}
READING = {"says": BAD, "cue": BAD, "source": BAD}
NOTE = {"first": True, "topic": BAD, "text": BAD, "publication": BAD, "date": BAD,
        "url": "https://example.org/a?b=1&c=2", "certainty": BAD, "after_publication": True}
SECTION = {"title": BAD, "five_ws": False, "answered": 2, "notes": [{"text": BAD, "question": BAD}],
           "columns": [BAD, BAD], "rows": [[BAD, 3], [BAD, BAD]]}
SCORE = {"points": 2.5, "max_points": 14}

# (template, context), covering every branch of every panel template.
CASES: list[tuple[str, dict]] = [
    ("claims/sorter_legend.html", {"labels": [(BAD, BAD), (BAD, "")]}),
    ("claims/explanation.html", {"explanation": EXPLANATION}),
    *[("claims/claim_feedback.html", {"status": status, "stage": stage, "given": BAD, "hint": hint, "paragraph": 3,
                                      "explanation": EXPLANATION})
      for status in ("correct", "accepted", "wrong", "unanswered") for stage in ("hints", "reveal") for hint in (BAD, None)],
    ("claims/claim_feedback.html", {"status": "changed"}),
    *[("claims/sorter_summary.html", {**SCORE, "counts": counts, "stage": stage})
      for stage in ("hints", "reveal")
      for counts in ({"correct": 1, "accepted": 1, "wrong": 1, "unanswered": 1},
                     {"correct": 2, "accepted": 0, "wrong": 0, "unanswered": 0})],
    ("claims/attribution_map.html", {"named": 1, "vague": 2, "talked": 3, "columns": [BAD, BAD], "rows": [[BAD, 5]]}),
    ("claims/evidence_plan_intro.html", {"prompt": BAD}),
    ("claims/evidence_plan_intro.html", {"prompt": None}),
    ("claims/evidence_plan_quote.html", {"text": BAD, "paragraph": 4}),
    ("claims/evidence_plan_feedback.html", {"changed": True}),
    *[("claims/evidence_plan_feedback.html", {**SCORE, "changed": False, "ideas": ideas, "found": 1, "stage": stage,
                                              "support_needed": BAD, "check": BAD, "exemplar": exemplar,
                                              "remarks": [BAD]})
      for ideas in ([idea("present", 2), idea("present", 1), idea("absent")], None) for stage in ("hints", "reveal")
      for exemplar in (BAD, None)],
    ("claims/finder_opinion_summary.html", {"same": 1, "labelled": 2, "exact": 1, "as_none": 0, "differ": [2]}),
    ("claims/finder_opinion_summary.html", {"same": 16, "labelled": 18, "exact": 11, "as_none": 5, "differ": [3, 7]}),
    ("claims/finder_opinion_summary.html", {"same": 0, "labelled": 0, "exact": 0, "as_none": 0, "differ": []}),
    ("claims/finder_opinion_table.html", {"columns": [BAD, BAD], "rows": [[BAD, 1], [BAD, BAD]]}),
    ("claims/finder_opinion_extras.html", {"columns": [BAD], "rows": [[BAD]]}),
    ("claims/rewrite_original.html", {"sentence": BAD}),
    *[("claims/rewrite_verdict.html", {"original": READING, "yours": READING, "advice": advice})
      for advice in ("none", "sourced", "vague", "unsourced")],
    ("context/checklist_feedback.html", {"changed": True}),
    *[("context/checklist_feedback.html", {**SCORE, "changed": False, "right": right, "total": 3, "found": found,
                                           "pointed": 1, "stage": stage})
      for right in (2, 3) for found in (0, 2) for stage in ("hints", "reveal")],
    ("context/context_checks.html", {"sections": [SECTION, {**SECTION, "five_ws": True, "notes": []},
                                                  {**SECTION, "rows": [], "notes": []}]}),
    *[("context/source_card.html", {"title": BAD, "outlet": BAD, "author": BAD, "date": BAD, "date_note": BAD,
                                    "stance": BAD, "licence": BAD, "kind": kind, "profile": profile,
                                    "questions": [BAD, BAD]})
      for kind in ("practice", "sample", "imported")
      for profile in (None, {"name": BAD, "about": BAD, "owner": BAD, "funding": BAD, "mission": BAD,
                             "corrections": BAD, "others_say": [BAD, BAD]})],
    ("context/pack_table.html", {"paragraphs": [{"n": 1, "text": BAD, "notes": [NOTE, {**NOTE, "url": None}]},
                                                {"n": 2, "text": BAD, "notes": [{**NOTE, "first": False}]},
                                                {"n": 3, "text": BAD, "notes": []}],
                                 "general": [{**NOTE, "after_publication": False}]}),
    ("context/pack_intro.html", {"has_pack": True, "written_by": BAD}),
    ("context/pack_intro.html", {"has_pack": False, "written_by": None}),
    ("context/rubric_intro.html", {"prompt": BAD}),
    ("context/rubric_feedback.html", {"changed": True}),
    *[("context/rubric_feedback.html", {**SCORE, "changed": False, "ideas": [idea("present", 2), idea("present", 1), idea("absent")],
                                        "found": 2, "stage": stage, "exemplar": exemplar, "remarks": [BAD]})
      for stage in ("hints", "reveal") for exemplar in (BAD, None)],
]


NO_TEXT = {"claims/sorter_summary.html", "claims/finder_opinion_summary.html",  # numbers only: nothing to escape
           "context/checklist_feedback.html"}


def panel_templates() -> set[str]:
    """Every panel template in claims/ and context/ (partials start with an underscore)."""
    return {f"{folder}/{p.name}" for folder in ("claims", "context")
            for p in (TEMPLATES / folder).glob("*.html") if not p.name.startswith("_")}


def strings(value) -> list[str]:
    """Every string in a template context, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


def shows_text(name: str, context: dict) -> bool:
    """Whether this branch shows some of its text (a few show none: a hint by paragraph number, a plan unchecked)."""
    if name == "claims/claim_feedback.html" and context["status"] == "unanswered" and context["stage"] == "hints":
        return bool(context["hint"])
    if name == "claims/evidence_plan_feedback.html" and not context["changed"]:
        return context["ideas"] is not None or context["stage"] == "reveal"
    return BAD in strings(context)


def test_every_panel_template_has_a_hostile_case():
    assert {name for name, _ in CASES} == panel_templates()
    with_text = {name for name, context in CASES if BAD in strings(context)}
    assert with_text == panel_templates() - NO_TEXT


@pytest.mark.parametrize("name, context", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_hostile_text_is_escaped_not_evaluated(name, context):
    html = render(name, **context)
    lowered = html.lower()
    assert "<img" not in lowered and "<script" not in lowered and "</div><script>" not in lowered
    assert html.count("<div") == html.count("</div>"), "an escaped </div> closes nothing"
    for tag in re.findall(r"<[a-z][^<>]*>", lowered):  # the real tags: no handler, no script URL
        assert not re.search(r"\son[a-z]+\s*=", tag) and "javascript:" not in tag, tag
    assert "49" not in html, "template syntax in the text is never run"
    assert BAD not in html
    if shows_text(name, context):
        assert CODE in html, "template syntax in the text is shown as it is"
        for escaped in ESCAPED:
            assert escaped in html


def test_templates_need_every_name_they_use():
    """StrictUndefined: a misspelt or missing name fails here, not silently in class."""
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        render("claims/rewrite_original.html")
    with pytest.raises(UndefinedError):
        render("context/source_card.html", title="t")


def test_empty_extras_render_nothing():
    assert render("claims/finder_opinion_extras.html", columns=["a"], rows=[]).strip() == ""


def test_pack_link_is_escaped_in_its_attribute():
    html = render("context/pack_table.html", paragraphs=[{"n": 1, "text": "t", "notes": [NOTE]}], general=[])
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html and 'rel="noopener noreferrer"' in html


def test_widget_modules_keep_no_html_and_mark_nothing_as_markup():
    for module in ("claims", "context"):
        source = (ROOT / "newslit" / "widgets" / f"{module}.py").read_text(encoding="utf-8")
        assert "Markup" not in source and "from html import" not in source and "<style>" not in source
        assert "export default" not in source, f"widget JavaScript belongs in newslit/widgets/static/, not {module}.py"
        assert not re.search(r"f[\"'][^\"'\n]*<[a-z/]", source), f"an HTML f-string is back in {module}.py"


def test_the_lesson_2_style_meets_aa(tmp_path):
    """The claims panels' <style> (a template, so a teacher can brand it) is held to the text rule."""
    style = (TEMPLATES / "claims" / "_style.html").read_text(encoding="utf-8")
    css = "\n".join(re.findall(r"<style>(.*?)</style>", style, flags=re.S))
    assert ".nl-claims" in css
    (tmp_path / "claims_style.css").write_text(css, encoding="utf-8")
    sheet = Sheet(tmp_path / "claims_style.css")
    failures = [f"{where}: {hexed(fg)} on {hexed(bg)}" for where, fg, bg in sheet.text_pairs() if ratio(fg, bg) < TEXT_AA]
    assert not failures and list(sheet.text_pairs())


def test_a_teachers_template_is_used_first(tmp_path, monkeypatch):
    """Translating a panel: a template of the same name in NEWSLIT_TEMPLATES wins; text is still escaped."""
    from newslit.widgets.claims import AttributionRewrite

    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "rewrite_original.html").write_text(
        "<p><strong>Original :</strong> « {{ sentence }} »</p>", encoding="utf-8")
    monkeypatch.setenv("NEWSLIT_TEMPLATES", str(tmp_path))

    class Lesson:  # the little a rewrite needs
        answers: dict = {}

        def record(self, exercise, answer):
            return None

    rewrite = AttributionRewrite(Lesson(), f"Critics say {IMG} {CODE}.")
    html = rewrite.children[0].value
    assert html.startswith("<p><strong>Original :</strong> « Critics say &lt;img") and "{{7*7}}" in html
