"""Lesson 3 widgets, driven from plain Python (no kernel, no browser), and the lesson-3 solution notebook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from newslit.text.context import CHECKS
from newslit.learner.handin import MIME, read_handins
from newslit.keys.answer_key import load_key
from newslit.widgets.lesson import Lesson
from newslit.keys.kinds import score_answer
from newslit.learner.store import read_answers_file
from newslit.widgets.context import ChecklistView, ContextChecklist, RubricAnswer

LESSON = "03_missing_context"
ROOT = Path(__file__).resolve().parents[1]
GAPS = ["residents-unheard", "unnamed-sources", "a-third", "siege-and-civilians", "rebels-lumped", "rebel-backers",
        "media-claims", "vague-times", "accused-by-whom", "fighting-sides-unheard"]
COVERED = ["place-named", "government-backers-named", "us-position-covered", "group-named"]


@pytest.fixture
def lesson():
    return Lesson(LESSON)


def saved(lesson) -> dict:
    return read_answers_file(lesson.store.path)["answers"]


def sentence_index(checklist, phrase) -> int:
    match = re.search(r"\s+".join(map(re.escape, phrase.split())), checklist.key.article.text)
    return checklist._sentence_of(match.start())


# -- the checklist ------------------------------------------------------------------------------


def test_checklist_builds_from_the_key(lesson):
    cl = lesson.context_checklist()
    assert lesson.context_checklist() is cl
    key = load_key("aleppo-2016", "context_checklist")
    assert [i["id"] for i in cl.view.items] == [i.id for i in key.items] == sorted(GAPS + COVERED, key=[i.id for i in key.items].index)
    assert all(i["question"] == k.data["question"] for i, k in zip(cl.view.items, key.items))
    places = cl.view.places
    assert len(places) == len(cl.sentences) >= 16
    assert [p["value"] for p in places] == list(range(len(places)))
    assert places[0]["label"].startswith("1.1 (ANTIMEDIA)") and places[-1]["paragraph"] == 8
    assert cl.view.state == {} and cl.reveal_button.disabled
    assert not lesson.store.path.exists()  # building saves nothing


def test_ticking_autosaves_with_the_chosen_sentence(lesson):
    cl = lesson.context_checklist()
    n = sentence_index(cl, "Thousands of residents")
    cl.view.state = {"residents-unheard": {"checked": True, "place": n}}  # what a click and a menu choice do
    answer = saved(lesson)["context_checklist"]["checked"]
    assert set(answer) == {i.id for i in cl.key.items}
    assert answer["residents-unheard"]["checked"] is True
    (span,) = answer["residents-unheard"]["spans"]
    assert cl.key.article.text[span["start"]:span["end"]] == span["text"] and span["text"].startswith("Thousands of residents")
    assert answer["a-third"] == {"checked": False, "spans": []}
    assert "Saved at" in cl.status.value
    assert read_answers_file(lesson.store.path)["key_versions"] == {"context_checklist": "2"}


def test_unticked_statement_saves_no_place(lesson):
    cl = lesson.context_checklist()
    cl.view.state = {"a-third": {"checked": False, "place": 3}}
    assert saved(lesson)["context_checklist"]["checked"]["a-third"] == {"checked": False, "spans": []}


def test_checklist_restored_after_restart(lesson):
    cl = lesson.context_checklist()
    cl.set("a-third", True, "about a third")
    cl.set("media-claims", True)
    cl.set("place-named", False)
    restarted = Lesson(LESSON)
    cl2 = restarted.context_checklist()
    assert cl2.view.state == {
        "a-third": {"checked": True, "place": sentence_index(cl, "about a third")},
        "media-claims": {"checked": True, "place": -1},
        "place-named": {"checked": False, "place": -1},
    } | {i.id: {"checked": False, "place": -1} for i in cl.key.items if i.id not in ("a-third", "media-claims", "place-named")}
    cl2.set("vague-times", True, "earlier this year")  # the restarted copy saves normally (no conflict)
    assert "Saved at" in cl2.status.value
    assert saved(restarted)["context_checklist"]["checked"]["vague-times"]["checked"] is True


def test_restore_tolerates_old_or_damaged_answers(lesson):
    lesson.answers["context_checklist"] = {"checked": {"a-third": True, "media-claims": {"checked": True, "spans": ["x"]},
                                                       "unknown": {"checked": True}}}
    cl = ContextChecklist(lesson, lesson.key("context_checklist"))
    assert cl.view.state["a-third"] == {"checked": True, "place": -1}
    assert cl.view.state["media-claims"] == {"checked": True, "place": -1}
    assert "unknown" not in cl.view.state


def test_hints_first_then_reveal(lesson):
    cl = lesson.context_checklist()
    cl.set("residents-unheard", True, "Thousands of residents")  # right, exact place
    cl.set("a-third", True, "With the aid of Russian bombers")  # right, same paragraph
    cl.set("media-claims", True, "Financial Times")  # right, another paragraph
    cl.set("vague-times", True)  # right, no place
    cl.set("place-named", True, "Eastern Aleppo")  # wrong: the article names the place
    result = cl.check()
    key = cl.key
    assert result.points == 4 + len(COVERED) - 1 and result.max_points == key.max_points == 14
    fb = cl.view.feedback
    assert fb["residents-unheard"]["status"] == "correct" and "matches the key" in fb["residents-unheard"]["text"]
    assert "right paragraph" in fb["a-third"]["text"]
    assert "paragraph 7" in fb["media-claims"]["text"] and "key's evidence is in paragraph 6" in fb["media-claims"]["text"]
    assert "You did not choose a sentence; the key's evidence is in paragraph 1" in fb["vague-times"]["text"]
    assert fb["place-named"]["status"] == "wrong" and fb["place-named"]["symbol"] == "\u2717"
    assert fb["place-named"]["text"] == "Hint: " + key.item("place-named").hint
    assert fb["siege-and-civilians"]["status"] == "missed" and fb["siege-and-civilians"]["symbol"] == "?"
    assert key.item("siege-and-civilians").why not in json.dumps(fb, ensure_ascii=False), "a hint, not the answer"
    assert fb["group-named"]["label"] == "Right to leave it unticked"
    summary = cl.feedback.value
    assert f"Score: {result.points:g} of 14 points" in summary and "role=\"status\"" in summary
    assert "2 of the 4 gaps you found point to the key" in summary and "not scored" in summary
    assert not cl.reveal_button.disabled
    cl.check(stage="reveal")
    fb = cl.view.feedback
    assert fb["siege-and-civilians"]["status"] == "revealed" and key.item("siege-and-civilians").why in fb["siege-and-civilians"]["text"]
    assert "does leave this out" in fb["siege-and-civilians"]["label"]
    assert "covers this" in fb["place-named"]["label"]
    assert cl.reveal_button.disabled


def test_score_is_the_graders_score(lesson):
    cl = lesson.context_checklist()
    for item_id in GAPS[:6]:
        cl.set(item_id, True)
    cl.set("group-named", True)
    assert cl.check().points == score_answer(cl.key, saved(lesson)["context_checklist"]).points == 6 + 3


def test_changing_answers_after_check_resets_feedback(lesson):
    cl = lesson.context_checklist()
    cl.set("a-third", True)
    cl.check()
    assert cl.view.feedback
    cl.set("vague-times", True)
    assert cl.view.feedback == {} and "Check my answers" in cl.feedback.value


def test_full_marks_and_clear(lesson):
    cl = lesson.context_checklist()
    for item in cl.key.items:
        cl.set(item.id, bool(item.data["expected"]), item.text if item.data["expected"] else None)
    result = cl.check()
    assert result.points == result.max_points and "All right" in cl.feedback.value and cl.reveal_button.disabled
    assert all(f["status"] == "correct" for f in cl.view.feedback.values())
    cl.clear()
    assert cl.view.state == {} and cl.view.feedback == {}
    assert not any(v["checked"] for v in saved(lesson)["context_checklist"]["checked"].values())


def test_set_rejects_unknown_items_and_places(lesson):
    cl = lesson.context_checklist()
    with pytest.raises(KeyError):
        cl.set("no-such-item")
    with pytest.raises(ValueError):
        cl.set("a-third", True, "not in this article at all")


def test_checklist_js_is_safe_and_accessible():
    js = (Path(__file__).resolve().parents[1] / "newslit" / "widgets" / "static" / "checklist.js").read_text(encoding="utf-8")
    assert str(ChecklistView._esm) == js, "the widget runs the JavaScript in newslit/widgets/static/checklist.js"
    code = "\n".join(line for line in js.splitlines() if not line.strip().startswith("//"))
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code and "outerHTML" not in code
    assert "textContent" in code and "createTextNode" in code
    assert 'type = "checkbox"' in code and 'createElement("select")' in code and "htmlFor" in code
    assert 'createElement("fieldset")' in code and 'createElement("legend")' in code
    assert '"aria-live", "polite"' in code and "aria-describedby" in code
    assert ChecklistView._css and "focus" in ChecklistView._css


# -- the machine's checks, the source card, the pack -------------------------------------------------


def test_context_checks_widget(lesson):
    html = lesson.context_checks().html.value
    assert html.count("<details ") == html.count("</details>") == len(CHECKS)
    for title in CHECKS.values():
        assert title.split(":")[0] in html.replace("&#x27;", "'").replace("&#39;", "'")
    assert "the Financial Times" in html and "\u2713 answered" in html and "~ only partly" in html
    assert "Anti-Media" in html and "<table" in html


def test_source_card(lesson):
    html = lesson.about_the_source().value
    assert "Anti-Media" in html and "Darius Shahtahmasebi" in html and "Stated stance" in html
    assert "Questions to ask" in html and "(ANTIMEDIA)" in html and '<th scope="row"' in html


def test_pack_comparison_and_compare_answer(lesson):
    cmp = lesson.compare_with_pack()
    assert lesson.compare_with_pack() is cmp
    html = cmp.table.value
    assert html.count('<th scope="row"') == len(lesson.article.paragraphs)
    assert "The context pack adds" in html and "How sure: well established" in html
    assert 'rel="noopener noreferrer"' in html and "Source: The New Arab" in html
    assert html.count("<strong>The siege of eastern Aleppo</strong>") == 1, "a note is shown once, then referred to"
    assert "See \u201cThe siege of eastern Aleppo\u201d above." in html
    assert html.count("Known only after the article was published") == 2
    assert "About the article as a whole" in html and "Who is behind Anti-Media" in html
    cmp.answer.box.value = "A reader would not know about the siege."
    assert saved(lesson)["compare"] == {"text": "A reader would not know about the siege."}
    assert Lesson(LESSON).compare_with_pack().answer.box.value == "A reader would not know about the siege."


# -- written answers against a rubric ----------------------------------------------------------------


@pytest.mark.parametrize("exercise, text", [
    ("context_written", "A reader of this article would not know that about 275,000 civilians were trapped in the besieged east."),
    ("lateral_plan", "I would search for Reuters and AP reports on the siege of eastern Aleppo from November 2016."),
])
def test_rubric_answer(lesson, exercise, text):
    ra = lesson.rubric_answer(exercise)
    assert isinstance(ra, RubricAnswer) and lesson.rubric_answer(exercise) is ra
    intro = ra.children[0].value
    assert "A person reads and marks this answer" in intro and ra.key.prompt[:40] in intro
    assert ra.reveal_button.disabled
    ra.box.value = text
    assert saved(lesson)[exercise] == {"text": ra.box.value}
    result = ra.check()
    assert result.needs_review and 0 < result.points < result.max_points
    fb = ra.feedback.value
    assert "First reading by the kit:" in fb and "provisional until your teacher marks it" in fb
    assert "Missing, a hint:" in fb and "You wrote:" in fb and ra.key.exemplar not in fb
    assert not ra.reveal_button.disabled
    ra.check(stage="reveal")
    assert "What a strong answer covers" in ra.feedback.value and "Missing:" in ra.feedback.value
    ra.box.value += " More."
    assert "changed since the check" in ra.feedback.value
    assert Lesson(LESSON).rubric_answer(exercise).box.value == ra.box.value


STRONG_CONTEXT_ANSWER = (  # written for this test, in other words than the key's strong answer
    "What matters most is missing: the civilians who lived in the besieged east. A UN estimate put them at about "
    "275,000, and the World Health Organization said no hospital in the east was fully working. The article also "
    "treats every rebel as al-Qaeda-linked, although the armed groups included Free Syrian Army brigades as well as "
    "Fateh al-Sham and Ahrar al-Sham. Outside powers were on both sides: Russia and Iran supported Assad, while Turkey, "
    "Qatar and Saudi Arabia armed parts of the opposition. Context cuts the other way too: the UN reported that "
    "shelling from the rebel-held east killed civilians in government-held western Aleppo. Someone reading only this article would see a clean military "
    "victory over terrorists and would not picture families under siege. Several of these figures were estimates and "
    "were disputed at the time, so I would present them as reported, not as certain.")


def test_rubric_full_marks(lesson):
    ra = lesson.rubric_answer("context_written")
    ra.box.value = STRONG_CONTEXT_ANSWER
    result = ra.check()
    assert result.points == result.max_points and "Missing" not in ra.feedback.value


def test_copying_the_strong_answer_earns_nothing_and_says_why(lesson):
    ra = lesson.rubric_answer("context_written")
    ra.box.value = ra.key.exemplar
    result = ra.check()
    assert result.points == 0 and "repeats the strong answer" in ra.feedback.value


# -- hand-in -------------------------------------------------------------------------------------------


def test_hand_in_carries_lesson_3_answers(lesson, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.append(objs[0]))
    lesson.context_checklist().set("a-third", True, "about a third")
    lesson.rubric_answer("context_written").box.value = "Civilians were besieged."
    lesson.compare_with_pack().answer.box.value = "Different."
    lesson.hand_in()
    payload = shown[0][MIME]
    assert payload["lesson"] == LESSON and payload["answers"] == lesson.answers
    assert payload["key_versions"] == {"context_checklist": "2", "context_written": "2"}
    html = shown[0]["text/html"]
    assert "context_checklist: 1 statement(s) ticked" in html and "context_written: 3 word(s) written" in html


# -- escaping: an article, key and pack full of HTML -------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def xss_lesson(write_article, write_key, make_article_dict, make_key_dict, datasets_copy):
    write_article(make_article_dict(
        "xss-context",
        paragraphs=[f"Officials said {SCRIPT} about a third of homes flooded.", f"Critics posted {IMG} elsewhere."],
        title=f"Title {SCRIPT}", outlet=f"Outlet {IMG}", author="<b>Bold</b>", stance=f"Stance {SCRIPT}",
    ))
    checklist = make_key_dict("xss-context", [
        {"id": "gap", "question": f"Q {IMG}", "expected": True, "text": SCRIPT, "why": f"Why {IMG}", "hint": f"Hint {SCRIPT}"},
        {"id": "covered", "question": f"Q2 {SCRIPT}", "expected": False, "why": f"W {SCRIPT}", "hint": IMG},
    ], exercise="context_checklist")
    checklist["kind"], checklist["prompt"] = "checklist", f"Prompt {IMG}"
    write_key(checklist)
    rubric = make_key_dict("xss-context", [{"id": "idea", "idea": f"Idea {IMG}", "keywords": ["flood*"], "why": f"Why {SCRIPT}",
                                            "hint": f"Hint {IMG}"}], exercise="context_written")
    rubric.update(kind="rubric", prompt=f"Prompt {SCRIPT}", exemplar=f"Exemplar {IMG}")
    write_key(rubric)
    pack = {"format": "newslit-context/1", "article": "xss-context", "version": "1", "written_by": f"Team {IMG}",
            "notes": [{"id": "n", "topic": f"Topic {SCRIPT}", "text": f"Text {IMG}", "certainty": f"Sure {SCRIPT}",
                       "source": {"publication": f"Pub {IMG}", "date": "2024", "url": "https://example.org/a?b=1&c=2"},
                       "paragraphs": [1, 2]}]}
    (datasets_copy / "context").mkdir(exist_ok=True)
    (datasets_copy / "context" / "xss-context.json").write_text(json.dumps(pack), encoding="utf-8")
    return Lesson(LESSON, article="xss-context")


def assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<b>" not in lowered, html


def test_everything_from_article_key_and_pack_is_escaped(xss_lesson):
    cl = xss_lesson.context_checklist()
    assert cl.view.items[0]["question"] == f"Q {IMG}"  # data goes to the browser as text (textContent)
    cl.set("gap", True, "alert(1)")
    cl.check()
    assert_inert(cl.feedback.value)
    cl.check(stage="reveal")
    assert_inert(cl.feedback.value)
    checks = xss_lesson.context_checks().html.value
    assert_inert(checks)
    assert "&lt;script&gt;" in checks
    card = xss_lesson.about_the_source().value
    assert_inert(card)
    assert "Stance &lt;script&gt;" in card
    cmp = xss_lesson.compare_with_pack()
    assert_inert(cmp.table.value)
    assert_inert(cmp.children[0].value)
    assert "Topic &lt;script&gt;" in cmp.table.value and "Team &lt;img" in cmp.children[0].value
    assert 'href="https://example.org/a?b=1&amp;c=2"' in cmp.table.value
    ra = xss_lesson.rubric_answer("context_written")
    assert_inert(ra.children[0].value)
    ra.box.value = f"It flooded {SCRIPT}"
    ra.check()
    assert_inert(ra.feedback.value)
    ra.check(stage="reveal")
    assert_inert(ra.feedback.value)
    assert "Exemplar &lt;img" in ra.feedback.value


# -- the solution notebook -------------------------------------------------------------------------


def execute(path: Path, home: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("NEWSLIT_HOME", str(home))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def test_solution_3_scores_full_marks_and_survives_a_restart(tmp_path, monkeypatch):
    nb = execute(ROOT / "solutions" / "03_missing_context.ipynb", tmp_path, monkeypatch)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    (handin,) = read_handins(nb)
    answers = handin["answers"]
    assert set(answers) == {"context_checklist", "compare", "lateral_plan", "context_written"}
    for exercise in ("context_checklist", "lateral_plan", "context_written"):
        key = load_key(handin["article"], exercise)
        assert handin["key_versions"][exercise] == key.version
        result = score_answer(key, answers[exercise])
        assert result.points == result.max_points > 0, exercise
        assert result.needs_review == (key.kind == "rubric")
    ticked = {k: v for k, v in answers["context_checklist"]["checked"].items() if v["checked"]}
    assert set(ticked) == set(GAPS) and all(v["spans"] for v in ticked.values())
    assert len(answers["compare"]["text"].split()) > 60
    # a fresh kernel running the lesson gets the same answers back
    lesson_nb = execute(ROOT / "lessons" / "03_missing_context.ipynb", tmp_path, monkeypatch)
    assert read_handins(lesson_nb)[0]["answers"] == answers


def test_lesson_3_says_written_answers_are_checked_by_a_person():
    nb = json.loads((ROOT / "lessons" / "03_missing_context.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["newslit"] == {"lesson": LESSON}
    text = "\n".join(c["source"] for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "**A person reads and marks this answer.**" in text and "checked by a person" in text
    assert "about 65 minutes" in text and "First Draft" in text and "SIFT" in text and "Civic Online Reasoning" in text
    assert all(c["id"].startswith("l03-") for c in nb["cells"])
    code = "\n".join(c["source"] for c in nb["cells"] if c["cell_type"] == "code")
    for call in ("context_checklist()", "context_checks()", "compare_with_pack()", 'rubric_answer("lateral_plan")',
                 'rubric_answer("context_written")', "about_the_source()", "hand_in()"):
        assert call in code
    assert ".set(" not in code and "box.value =" not in code, "no answers in the lesson"
