"""Lesson and widget logic, driven from plain Python (no kernel, no browser)."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from newslit.errors import NewslitError
from newslit.render.feedback import error_box
from newslit.learner.handin import MIME, read_handins
from newslit.widgets.lesson import Lesson
from newslit.text.loaded import find_loaded
from newslit.learner.store import SaveResult, read_answers_file
from newslit.widgets import SaveStatus

LESSON = "01_loaded_language"


@pytest.fixture
def lesson():
    return Lesson(LESSON)


def saved(lesson) -> dict:
    return read_answers_file(lesson.store.path)["answers"]


def word_index(hl, phrase, occurrence=1) -> list[int]:
    start = -1
    for _ in range(occurrence):
        start = hl.text.index(phrase, start + 1)
    return hl.words_in(start, start + len(phrase))


# -- building and restoring ---------------------------------------------------------


def test_lesson_builds(lesson, answers_home):
    assert lesson.id == LESSON and lesson.article.id == "aleppo-2016"
    assert repr(lesson) == "Lesson('01_loaded_language', article='aleppo-2016')"
    assert lesson.answers == {}
    assert lesson.store.path.parent == answers_home / "answers"
    html = lesson._repr_html_()
    assert "no saved answers yet" in html and str(lesson.store.path) in html
    ex = lesson.highlighter()
    assert lesson.highlighter() is ex
    hl = ex.highlighter
    assert hl.text == lesson.article.text and hl.title == lesson.article.title
    assert hl.tokens == [[w.start, w.end] for w in hl.words]
    assert hl.marked == [] and ex.reveal_button.disabled
    assert not lesson.store.path.exists()  # building saves nothing


def test_show_article(lesson):
    html = lesson.show_article().value
    assert html.count('class="nl-para-no"') == len(lesson.article.paragraphs) == 8
    assert "Darius Shahtahmasebi" in html and "<footer>" in html


def test_clicking_autosaves_spans(lesson):
    ex = lesson.highlighter()
    hl = ex.highlighter
    hl.marked = word_index(hl, "reclaiming") + word_index(hl, "Russian bombers")  # what a click does
    spans = saved(lesson)["loaded_language"]["spans"]
    assert [s["text"] for s in spans] == ["Russian bombers", "reclaiming"]
    for s in spans:
        assert hl.text[s["start"]:s["end"]] == s["text"]
    assert "Saved at" in ex.status.value
    assert read_answers_file(lesson.store.path)["key_versions"] == {"loaded_language": ex.key.version}


def test_marks_restored_after_restart(lesson):
    ex = lesson.highlighter()
    ex.highlighter.mark_phrase("reclaiming", occurrence=2)
    ex.highlighter.mark_phrase("any mainstream narrative")
    before = (list(ex.highlighter.marked), ex.highlighter.spans)
    restarted = Lesson(LESSON)  # a new kernel: a new Lesson object on the same answers file
    assert "1 saved answer(s) restored" in restarted._repr_html_()
    ex2 = restarted.highlighter()
    assert (ex2.highlighter.marked, ex2.highlighter.spans) == before
    assert [s["text"] for s in ex2.highlighter.spans] == ["reclaiming", "any mainstream narrative"]
    ex2.highlighter.mark_phrase("exclusively")  # the restarted copy saves normally (no conflict)
    assert "Saved at" in ex2.status.value
    assert len(saved(restarted)["loaded_language"]["spans"]) == 3


def test_spans_join_words_into_phrases(lesson):
    hl = lesson.highlighter().highlighter
    hl.mark_phrase("heavily connected")
    hl.mark_phrase("\u201crebels\u201d")
    texts = [s["text"] for s in hl.spans]
    assert "heavily connected" in texts and "rebels" in texts
    with pytest.raises(NewslitError):
        hl.mark_phrase("not in this article at all")


# -- checking -------------------------------------------------------------------------


def test_check_gives_score_and_statuses(lesson):
    ex = lesson.highlighter()
    hl = ex.highlighter
    key = ex.key
    hl.mark_phrase("reclaiming")  # item reclaiming-1, 2 points
    hl.mark_phrase("Russian bombers")  # two extra words
    ex.check()
    html = ex.feedback.value
    expected = 2 - 2 * 0.25
    assert f"Score: {expected:g} of {key.max_points:g} points" in html
    assert f"(1 of {len(key.items)} found" in html and "0.5 off for 1 extra mark(s)" in html
    assert "<h4>Found</h4>" in html and "\u201creclaiming\u201d" in html
    assert "Not in the key" in html and "Russian" in html
    statuses = hl.statuses
    assert {statuses[str(i)] for i in word_index(hl, "reclaiming")} == {"found"}
    assert {statuses[str(i)] for i in word_index(hl, "Russian bombers")} == {"extra"}
    assert not ex.reveal_button.disabled


def test_near_miss_status(lesson):
    ex = lesson.highlighter()
    hl = ex.highlighter
    item = ex.key.item("neglected")  # "The Times also neglected to mention"
    before = [w for w in hl.words if w.end <= item.start][-1]
    assert before.text == "also"
    hl.marked = [hl.words.index(before)]
    ex.check()
    assert hl.statuses == {str(hl.words.index(before)): "near"}
    assert "near miss, half points" in ex.feedback.value


def test_hints_first_then_reveal(lesson):
    ex = lesson.highlighter()
    hl = ex.highlighter
    key = ex.key
    hl.mark_phrase("reclaiming")
    ex.check_button.click()
    counts = ex.feedback.value
    missed = [i for i in key.items if i.id != "reclaiming-1"]
    assert f"Still to find: {len(missed)}" in counts and "paragraph 6: " in counts
    assert "Hint:" not in counts and "<h4>Missed</h4>" not in counts  # first, only where to look
    from html import escape

    ex.hint_button.click()
    ex.hint_button.click()
    hints = ex.feedback.value
    assert hints.count("Hint:") == 2
    assert escape(missed[0].hint, quote=True) in hints and escape(missed[1].hint, quote=True) in hints
    assert "\u201cany mainstream narrative\u201d" not in hints  # the answer is not given away
    assert "missed" not in hl.statuses.values()
    ex.reveal_button.click()
    reveal = ex.feedback.value
    assert "<h4>Missed</h4>" in reveal and "\u201cany mainstream narrative\u201d (paragraph 6)" in reveal
    assert ex.stage == "reveal" and not ex.reveal_button.disabled  # stays enabled: keyboard focus is kept
    ex.hint_button.click()  # after the reveal, a hint press keeps the revealed feedback
    assert ex.feedback.value == reveal
    assert set(hl.statuses.values()) == {"found", "missed"}
    for i in word_index(hl, "any mainstream narrative"):
        assert hl.statuses[str(i)] == "missed"


def test_changing_marks_after_check_resets_feedback(lesson):
    ex = lesson.highlighter()
    ex.highlighter.mark_phrase("progress")
    ex.check()
    assert ex.highlighter.statuses
    ex.highlighter.mark_phrase("exclusively")
    assert ex.highlighter.statuses == {}
    assert "click <strong>Check my marks</strong> again" in ex.feedback.value


def test_clear_button_clears_and_saves(lesson):
    ex = lesson.highlighter()
    ex.highlighter.mark_phrase("progress")
    ex.clear_button.click()  # one press only arms the button: a stray click wipes nothing
    assert ex.highlighter.marked != [] and "Press again" in ex.clear_button.description
    ex.clear_button.click()
    assert ex.highlighter.marked == []
    assert saved(lesson)["loaded_language"]["spans"] == []
    assert ex.clear_button.description == "Clear all marks"


def test_full_marks_and_defensible(lesson):
    ex = lesson.highlighter()
    key = ex.key
    ex.highlighter.mark_spans([i.as_span() for i in key.items + key.defensible])  # the headline's items too
    ex.check()
    assert f"Score: {key.max_points:g} of {key.max_points:g} points" in ex.feedback.value
    assert "Defensible (no penalty)" in ex.feedback.value
    assert "extra" not in ex.highlighter.statuses.values()
    assert ex.reveal_button.disabled


# -- machine opinion, rewrite, written answers, hand-in --------------------------------


def test_machine_toggle_fills_machine(lesson):
    ex = lesson.highlighter()
    hl = ex.highlighter
    assert hl.machine == [] and not hl.show_machine
    ex.machine_button.value = True
    assert hl.show_machine
    expected = sorted({i for s in find_loaded(lesson.article.text) for i in hl.words_in(s.start, s.end)})
    assert hl.machine == expected and expected
    ex.machine_button.value = False
    assert not hl.show_machine and hl.machine == expected


def test_machine_opinion_table(lesson):
    ex = lesson.highlighter()
    ex.highlighter.mark_phrase("exclusively")
    opinion = lesson.machine_opinion()
    assert "Check my marks" in opinion.table.value and "<table" not in opinion.table.value  # no shortcut
    assert ex.machine_button.disabled
    ex.check()
    assert not ex.machine_button.disabled
    opinion.refresh()
    table = opinion.comparison()
    assert list(table.columns) == ["machine flags", "kind", "machine's reason", "you marked it"]  # the key stays hidden
    row = table[table["machine flags"] == "exclusively"].iloc[0]
    assert row["you marked it"] == "yes" and row["kind"] == "absolute, certainty or exaggeration"
    ex.check(stage="reveal")
    table = opinion.comparison()
    assert table[table["machine flags"] == "exclusively"].iloc[0]["in the key"] == "yes"
    opinion.refresh()
    assert "<table" in opinion.table.value and "TextBlob" in opinion.sentences.value
    assert "Shahtahmasebi" in opinion.sentences.value  # the article is reprinted with its attribution
    sentences = opinion.sentence_table()
    assert sentences["your marks"].sum() == 1


def test_rewrite_saves_and_restores(lesson):
    rw = lesson.rewrite()
    assert "any mainstream narrative" in rw.original  # the sentence with the most key items
    assert rw.box.value == rw.original
    rw.box.value = "Some coverage leaves out that the rebels are linked to al-Qaeda."
    assert saved(lesson)["rewrite"] == {"text": rw.box.value, "original": rw.original}
    assert "Saved at" in rw.status.value
    assert re.search(r"<th scope='row'>yours</th><td>[+-]\d\.\d\d</td>", rw.scores.value)
    again = Lesson(LESSON).rewrite()
    assert again.box.value == "Some coverage leaves out that the rebels are linked to al-Qaeda."


def test_rewrite_describe_scores():
    from newslit.widgets import RewriteExercise

    loaded = RewriteExercise.describe("The regime slammed the devastating cuts.")
    neutral = RewriteExercise.describe("The government criticised the cuts.")
    assert loaded["loaded"] == ["regime", "slammed", "devastating"]
    assert neutral["loaded"] == []
    assert RewriteExercise.describe("   ") == {"polarity": 0, "subjectivity": 0, "loaded": []}


def test_written_answer_saves_and_restores(lesson):
    ta = lesson.written("reflection", "Which word surprised you?")
    assert ta.box.value == ""
    ta.box.value = "Reclaiming, because it takes a side."
    assert saved(lesson)["reflection"] == {"text": "Reclaiming, because it takes a side."}
    assert "Saved at" in ta.status.value
    assert Lesson(LESSON).written("reflection", "Which word surprised you?").box.value == "Reclaiming, because it takes a side."


def test_summary_lines(lesson):
    assert lesson.summary() == ["no answers yet"]
    lesson.highlighter().highlighter.mark_phrase("progress")
    lesson.written("reflection", "Why?").box.value = "Three words here"
    assert lesson.summary() == ["loaded_language: 1 marked phrase(s)", "reflection: 3 word(s) written"]


def test_hand_in_carries_the_answers(lesson, monkeypatch, tmp_path):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.append((objs, kw)))
    lesson.highlighter().highlighter.mark_phrase("reclaiming")
    lesson.written("reflection", "Why?").box.value = "It takes a side."
    lesson.rewrite().box.value = "The forces retook the area."
    lesson.hand_in()
    assert len(shown) == 1
    (bundle,), kw = shown[0]
    assert kw == {"raw": True}
    payload = bundle[MIME]
    assert payload["lesson"] == LESSON and payload["article"] == "aleppo-2016"
    assert payload["answers"] == lesson.answers == saved(lesson)
    assert payload["answers"]["loaded_language"]["spans"][0]["text"] == "reclaiming"
    assert payload["key_versions"] == {"loaded_language": lesson.key("loaded_language").version}
    assert "Handed in" in bundle["text/html"] and "reflection: 4 word(s) written" in bundle["text/html"]
    # ... and the saved notebook carries them to the grader
    nb = new_notebook(cells=[new_code_cell("lesson.hand_in()", outputs=[new_output("display_data", data=bundle)])])
    path = tmp_path / "submitted.ipynb"
    nbformat.write(nb, str(path))
    assert read_handins(path)[0]["answers"] == lesson.answers


def test_hand_in_with_ipython_capture(lesson, monkeypatch, tmp_path):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from traitlets.config import Config

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # never the real ~/.ipython
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    try:
        lesson.written("reflection", "Why?").box.value = "Captured."
        with capture_output() as captured:
            lesson.hand_in()
        (output,) = captured.outputs
        assert output.data[MIME]["answers"] == {"reflection": {"text": "Captured."}}
    finally:
        InteractiveShell.clear_instance()
        del shell


def test_save_failure_is_shown_not_raised(lesson, monkeypatch):
    ex = lesson.highlighter()
    monkeypatch.setattr(lesson.store, "save", lambda *a, **k: SaveResult(False, "Could not save <b>now</b>."))
    ex.highlighter.mark_phrase("progress")
    assert 'class="nl-error"' in ex.status.value and "&lt;b&gt;now&lt;/b&gt;" in ex.status.value
    status = SaveStatus()
    status.show(SaveResult(True, "Saved <i>x</i>"))
    assert "<i>" not in status.value


# -- nothing from an article, a key or a learner is rendered as live HTML ----------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def xss_lesson(write_article, write_key, make_article_dict, make_key_dict):
    write_article(make_article_dict(
        "xss-test",
        paragraphs=[f"The mayor slammed the plan {SCRIPT} today.", f"Critics posted {IMG} and called it devastating."],
        title=f"Title {SCRIPT}", outlet=f"Outlet {IMG}", author="<b>Bold</b>", attribution=f"Attribution {IMG}",
    ))
    write_key(make_key_dict("xss-test", [
        {"id": "script", "text": SCRIPT, "category": "label", "points": 2,
         "why": f"Why {IMG}", "neutral": f"Neutral {SCRIPT}", "hint": f"Hint {IMG}"},
        {"id": "slammed", "text": "slammed", "category": "verb_of_saying", "why": f"W {SCRIPT}", "neutral": IMG, "hint": f"H {SCRIPT}"},
        {"id": "devastating", "text": "devastating", "category": "intensifier", "why": IMG, "neutral": SCRIPT, "hint": IMG},
    ], defensible=[{"id": "img", "text": IMG, "why": f"Defensible {SCRIPT}"}]))
    return Lesson("xss-lesson", article="xss-test")


def assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered, html
    assert "<img" not in lowered, html


def test_feedback_and_article_escape_html(xss_lesson):
    assert_inert(xss_lesson.show_article().value)
    assert "&lt;script&gt;" in xss_lesson.show_article().value
    assert_inert(xss_lesson._repr_html_())
    ex = xss_lesson.highlighter()
    hl = ex.highlighter
    hl.mark_phrase("script>alert(1)</script")  # found item
    hl.mark_phrase("img src=x onerror")  # defensible
    hl.mark_phrase("The mayor")  # extras
    ex.check()
    assert "Score:" in ex.feedback.value
    assert_inert(ex.feedback.value)
    ex.hint()  # the hint text comes from the key and is escaped too
    assert "Hint:" in ex.feedback.value
    assert_inert(ex.feedback.value)
    ex.check(stage="reveal")
    assert "<h4>Missed</h4>" in ex.feedback.value and "Defensible" in ex.feedback.value
    assert_inert(ex.feedback.value)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in ex.feedback.value
    opinion = xss_lesson.machine_opinion()
    assert_inert(opinion.table.value)
    assert_inert(opinion.sentences.value)
    rw = xss_lesson.rewrite(f"They slammed it {SCRIPT}.")
    rw.box.value = f"New {IMG} text"
    for child in rw.children:
        if hasattr(child, "value") and child is not rw.box:
            assert_inert(child.value)
    ta = xss_lesson.written("reflection", f"Prompt {SCRIPT}")
    assert_inert(ta.children[0].value)
    assert_inert(error_box(f"{SCRIPT}{IMG}"))


def test_hand_in_html_escapes_answers(xss_lesson, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.append(objs[0]))
    xss_lesson.written(f"note{SCRIPT}", "Why?").box.value = IMG
    xss_lesson.hand_in()
    assert_inert(shown[0]["text/html"])
    assert shown[0][MIME]["answers"][f"note{SCRIPT}"] == {"text": IMG}  # the data itself is kept exactly


def test_highlighter_js_never_uses_innerhtml():
    from newslit.widgets.highlighter import Highlighter

    js = Highlighter._esm.read_text(encoding="utf-8") if hasattr(Highlighter._esm, "read_text") else str(Highlighter._esm)
    code = "\n".join(line for line in js.splitlines() if not line.strip().startswith("//"))
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code and "outerHTML" not in code
    assert "textContent" in code or "createTextNode" in code


def test_answers_file_is_json(lesson):
    lesson.highlighter().highlighter.mark_phrase("progress")
    data = json.loads(lesson.store.path.read_text(encoding="utf-8"))
    assert data["format"] == "newslit-answers/1" and data["lesson"] == LESSON


# -- the learner review: hints in view, phrase edges, points explained, the compare button, quotes ------------------


def test_a_new_hint_shows_under_the_buttons_and_is_announced(lesson):
    from newslit.widgets.highlighter import HintBox

    ex = lesson.highlighter()
    hl = ex.highlighter
    for phrase in ("reclaiming", "exclusively", "terror groups", "heavily connected"):
        hl.mark_phrase(phrase)
    ex.check()
    assert ex.hint_box.text == ""
    buttons = ex.children.index(ex.hint_box) - 1
    assert ex.children[buttons].children[1] is ex.hint_button, "the hint box sits right under the hint button"
    assert ex.children.index(ex.feedback) > ex.children.index(ex.hint_box)
    missed = ex.score().missed
    ex.hint_button.click()
    assert ex.hint_box.text == f"Hint 1 ({len(missed)} still to find): {missed[0].item.hint}"
    serial = ex.hint_box.hint["serial"]
    ex.hint_button.click()
    assert ex.hint_box.text.startswith("Hint 2 (") and missed[1].item.hint in ex.hint_box.text
    assert ex.hint_box.hint["serial"] > serial  # a new serial: the browser shows it and scrolls to it
    # in the feedback, what is still to find (with the hints) comes before the long list of found items
    html = ex.feedback.value
    assert html.index("Still to find") < html.index("Hint:") < html.index("<h4>Found</h4>")
    # the box is a live region that stays on the page; its text goes in as text
    js = str(HintBox._esm)  # anywidget keeps the file's contents
    assert "aria-live" in js
    code = "\n".join(line for line in js.splitlines() if not line.strip().startswith("//"))
    assert 'setAttribute("aria-live", "polite")' in code and 'setAttribute("role", "status")' in code
    assert "innerHTML" not in code and "createTextNode" in code and "scrollIntoView" in code
    # a mark changed: the old hint goes with the old feedback
    hl.mark_phrase("progress")
    assert ex.hint_box.text == ""
    # every missed item has had a hint: the press says so instead of doing nothing
    ex.check()
    ex.hints = len(ex.score().missed)
    ex.hint_button.click()
    assert ex.hint_box.text.startswith("No new hint: each of the")


def test_a_phrase_one_word_too_long_is_explained_not_charged(lesson):
    ex = lesson.highlighter()
    hl = ex.highlighter
    hl.mark_phrase("from any mainstream narrative")
    result = ex.score()
    assert result.penalty == 0 and [(r.item.id, r.edge.text) for r in result.edges] == [("mainstream-narrative", "from")]
    ex.check()
    html = ex.feedback.value
    assert "you marked one word more than the key's phrase" in html.replace("&#39;", "'")
    assert "\u201cfrom\u201d as well" in html and "off for" not in html
    assert hl.statuses[str(word_index(hl, "from any")[0])] == "edge"
    assert {hl.statuses[str(i)] for i in word_index(hl, "any mainstream narrative")} == {"found"}


def test_the_score_line_explains_the_points(lesson):
    ex = lesson.highlighter()
    key = ex.key
    ex.highlighter.mark_phrase("reclaiming")
    ex.check()
    html = ex.feedback.value
    values = sorted({i.points for i in key.items})
    assert len(values) > 1, "the sample key has items of different worth"
    assert f"Why {key.max_points:g} points for {len(key.items)} items?" in html
    counted = " + ".join(f"{sum(1 for i in key.items if i.points == v)} item{'s' if sum(1 for i in key.items if i.points == v) != 1 else ''}"
                         f" \u00d7 {v:g} point{'s' if v != 1 else ''}" for v in values)
    assert f"{counted} = {key.max_points:g} points" in html
    assert f"(1 of {len(key.items)} found, worth {key.item('reclaiming-1').points:g} points" in html
    assert "\u201creclaiming\u201d</strong> (2 points)" in html


def test_compare_with_my_marks_says_what_happened(lesson):
    ex = lesson.highlighter()
    opinion = lesson.machine_opinion()
    assert opinion.note.value == ""  # nothing pressed yet
    opinion.refresh_button.click()
    assert "Nothing to compare yet" in opinion.note.value
    ex.highlighter.mark_phrase("exclusively")
    ex.check()
    opinion.refresh_button.click()
    assert "Updated at" in opinion.note.value and "1 marked phrase" in opinion.note.value
    opinion.refresh_button.click()
    assert "nothing has changed since the last comparison" in opinion.note.value
    ex.highlighter.mark_phrase("reclaiming")
    opinion.refresh_button.click()
    assert "Updated at" in opinion.note.value and "2 marked phrases" in opinion.note.value


def test_machine_flags_with_their_own_quotes_are_quoted_once(lesson):
    rw = lesson.rewrite()
    assert "\u201crebels\u201d" in rw.original
    assert "\u201crebels\u201d" in rw.scores.value and "\u201c\u201c" not in rw.scores.value and "\u201d\u201d" not in rw.scores.value


# -- the headline: markable in the highlighter, saved with "part": "title" ---------------------------------------


def test_the_headline_is_markable_and_saved_with_its_part(lesson):
    ex = lesson.highlighter()
    hl = ex.highlighter
    assert hl.title_tokens == [[w.start, w.end] for w in hl.title_words] and len(hl.title_words) == 8  # "Pro-Assad" is one word
    hl.mark_phrase("Reclaiming", part="title")
    hl.mark_phrase("reclaiming")  # the body's first "reclaiming"
    assert hl.title_marked == [3] and len(hl.marked) == 1
    spans = saved(lesson)["loaded_language"]["spans"]
    assert spans[0] == {"part": "title", "start": 23, "end": 33, "text": "Reclaiming"}
    assert spans[1]["text"] == "reclaiming" and "part" not in spans[1]  # body spans are saved as they always were
    assert hl.title[23:33] == "Reclaiming" and hl.text[spans[1]["start"]:spans[1]["end"]] == "reclaiming"
    restarted = Lesson(LESSON).highlighter().highlighter  # a new kernel restores both parts
    assert (restarted.title_marked, restarted.marked, restarted.spans) == (hl.title_marked, hl.marked, hl.spans)
    with pytest.raises(NewslitError, match="does not occur 1 time\\(s\\) in the headline"):
        hl.mark_phrase("Damascus", part="title")
    with pytest.raises(NewslitError, match='use "title" or "body"'):
        hl.mark_phrase("Reclaiming", part="headline")


def test_checking_the_headline(lesson):
    ex = lesson.highlighter()
    hl = ex.highlighter
    key = ex.key
    hl.mark_phrase("Reclaiming", part="title")
    hl.mark_phrase("Aleppo", part="title")  # not in the key: an extra, in the headline
    ex.check()
    html = ex.feedback.value
    assert f"Score: {1 - 0.25:g} of {key.max_points:g} points" in html and "\u201cReclaiming\u201d" in html
    assert hl.statuses == {"t3": "found", "t7": "extra"}  # headline words are keyed "t<i>", never a body index
    hl.title_marked = []  # unmarking in the headline resets the check and saves
    assert hl.statuses == {} and not any(s.get("part") for s in saved(lesson)["loaded_language"]["spans"])
    ex.check()
    assert "the headline: 1" in ex.feedback.value  # where the missed headline item is
    ex.hint()
    assert ex.hint_box.text.endswith(key.item("reclaiming-headline").hint)
    ex.check(stage="reveal")
    assert "\u201cReclaiming\u201d (the headline)" in ex.feedback.value and hl.statuses["t3"] == "missed"


def test_clear_and_machine_cover_the_headline(lesson, monkeypatch):
    from newslit.text.spans import Span
    import newslit.widgets.exercises as exercises

    ex = lesson.highlighter()
    hl = ex.highlighter
    hl.mark_phrase("Reclaiming", part="title")
    ex.clear_button.click()
    assert ex.clear_button.description == "Press again to clear all 1 marks"
    ex.clear_button.click()
    assert hl.title_marked == [] and saved(lesson)["loaded_language"]["spans"] == []
    real = exercises.find_loaded
    monkeypatch.setattr(exercises, "find_loaded", lambda text: [Span(23, 33, "Reclaiming")] if text == hl.title else real(text))
    ex.check()
    ex.machine_button.value = True
    assert hl.title_machine == [3] and hl.machine  # the finder is run on the headline as its own text


def test_old_answers_without_part_restore_and_score_as_before(lesson):
    """An answers file written before the headline was markable: body spans only, no "part"."""
    from newslit.learner.store import AnswerStore

    key = lesson.key("loaded_language")
    body = [i for i in key.items if i.part == "body"]
    spans = [{"start": i.start, "end": i.end, "text": i.text} for i in body]
    AnswerStore(LESSON, "aleppo-2016", lesson.store.folder).save(
        {"loaded_language": {"spans": spans, "hints_used": 0, "revealed": False}}, {"loaded_language": "3"})
    ex = Lesson(LESSON).highlighter()
    hl = ex.highlighter
    assert hl.title_marked == [] and hl.marked == sorted(i for s in spans for i in hl.words_in(s["start"], s["end"]))
    assert not any("part" in s for s in hl.spans)
    result = ex.score()
    assert result.points == sum(i.points for i in body) == 20 and result.penalty == 0
    assert [r.item.id for r in result.missed] == ["reclaiming-headline"]


def test_a_body_only_highlighter_shows_the_title_as_text(lesson):
    from newslit.widgets.highlighter import Highlighter

    hl = Highlighter(lesson.article)  # the key review's highlighter: the headline is not markable there
    assert hl.title_tokens == [] and hl.title_words == [] and hl.title == lesson.article.title
    with pytest.raises(NewslitError, match="headline cannot be marked"):
        hl.mark_phrase("Reclaiming", part="title")
    hl.mark_spans([{"part": "title", "start": 23, "end": 33}, {"start": 335, "end": 345}])
    assert hl.title_marked == [] and [s["text"] for s in hl.spans] == ["reclaiming"]


def test_a_headline_with_markup_stays_text(write_article, write_key, make_article_dict, make_key_dict):
    write_article(make_article_dict("xss-title", title=f"Mayor {SCRIPT} slams {IMG}",
                                    paragraphs=["The mayor spoke today.", "Critics objected."]))
    write_key(make_key_dict("xss-title", [
        {"id": "slams", "part": "title", "text": "slams", "category": "verb_of_saying", "why": f"W {SCRIPT}",
         "neutral": IMG, "hint": f"H {IMG}"},
        {"id": "objected", "text": "objected", "category": "verb_of_saying", "why": "w"}]))
    ex = Lesson("xss-lesson", article="xss-title").highlighter()
    hl = ex.highlighter
    assert hl.title == f"Mayor {SCRIPT} slams {IMG}"  # sent as data; the widget inserts it as text nodes
    hl.mark_phrase("script", part="title")
    ex.check()
    assert_inert(ex.feedback.value)
    ex.hint()
    ex.check(stage="reveal")
    assert_inert(ex.feedback.value)
    assert "\u201cslams\u201d (the headline)" in ex.feedback.value and "&lt;script&gt;" in ex.feedback.value
