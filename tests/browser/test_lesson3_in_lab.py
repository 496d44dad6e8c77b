"""Lesson 3 in JupyterLab, in headless Chromium: tick gaps by keyboard and mouse, point to where, check,
read the machine's checks and the context pack, write an answer, hand in."""

from __future__ import annotations

import time

import pytest


from tests.browser.conftest import ARTIFACTS

# text_content(), not inner_text(): JupyterLab skips rendering cells far off-screen, and innerText is empty there.

pytestmark = pytest.mark.browser
NOTEBOOK = "03_missing_context.ipynb"


def wait_until(predicate, timeout=30.0, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_lesson_3_checklist_pack_written_answer_and_hand_in(lab, page):
    lab.open(page, NOTEBOOK)
    lab.run_all(page)

    checklist = page.locator("fieldset.nl-cl").first
    checklist.wait_for(timeout=90_000)
    items = checklist.locator("li.nl-cl-item")
    assert items.count() == 14
    assert "Tick each statement" in checklist.locator("legend").text_content()

    # Keyboard: focus the first statement's box and tick it with Space; its sentence menu becomes usable.
    first = items.nth(0)
    box = first.locator("input[type=checkbox]")
    select = first.locator("select")
    assert "residents" in first.locator("label").first.text_content()
    assert select.is_disabled(), "no place to choose before the box is ticked"
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    wait_until(lambda: not select.is_disabled(), what="the sentence menu to be enabled")
    page.keyboard.press("Tab")
    assert select.evaluate("el => el === document.activeElement"), "Tab moves from the box to its menu"
    value = select.evaluate("""el => [...el.options].find(o => o.text.includes('Thousands of residents')).value""")
    select.select_option(value)
    assert first.get_attribute("data-checked") == "true"

    # Mouse: tick a statement the article does cover (a wrong tick), by clicking its label.
    wrong = items.filter(has_text="never says where the fighting is").first
    wrong.locator("label").first.click()
    assert wrong.locator("input[type=checkbox]").is_checked()
    assert "2 of 14 statements ticked" in checklist.locator(".nl-cl-status").text_content()

    page.get_by_role("button", name="Check my answers").first.click()
    wait_until(lambda: first.get_attribute("data-status") == "correct", what="checklist feedback")
    first_fb = first.locator(".nl-cl-fb").text_content()
    assert "Right, this is missing" in first_fb and "matches the key" in first_fb
    assert wrong.get_attribute("data-status") == "wrong" and "Hint:" in wrong.locator(".nl-cl-fb").text_content()
    summary = page.locator(".nl-feedback").first
    assert "Score:" in summary.text_content() and "not scored" in summary.text_content()
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lesson3-checklist.png"))

    # The machine's checks: sections open from the keyboard.
    details = page.locator(".nl-context-checks details").first
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    wait_until(lambda: details.get_attribute("open") is not None, what="a details section to open")
    assert "Heard from" in details.text_content()
    details.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lesson3-checks.png"))

    # The context pack beside the article, with sources and how sure each note is.
    pack = page.locator(".nl-pack table").first
    pack.scroll_into_view_if_needed()
    text = pack.text_content()
    assert "The context pack adds" in text and "How sure:" in text and "275,000" in text
    page.screenshot(path=str(ARTIFACTS / "lesson3-pack.png"))

    # The written answer: autosaves, the automatic check gives hints, and says a person marks it.
    answer = page.locator(".nl-text-answer textarea").last
    answer.scroll_into_view_if_needed()
    answer.fill("A reader would not know that about 275,000 civilians were besieged, according to the UN.")
    page.get_by_role("button", name="Check my ideas").last.click()
    feedback = page.locator(".nl-feedback", has_text="First reading by the kit").last
    feedback.wait_for(timeout=30_000)
    assert "provisional until your teacher marks it" in feedback.text_content() and "Missing, a hint:" in feedback.text_content()
    feedback.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lesson3-written.png"))

    # Everything was autosaved: run all again (new widgets restore it), hand in, save the notebook.
    lab.run_all(page)
    page.wait_for_selector(".newslit-handin", timeout=90_000)
    handins = lab.save_and_read_handins(page, NOTEBOOK)
    assert handins, "the saved notebook carries the hand-in"
    answers = handins[-1]["answers"]
    residents = answers["context_checklist"]["checked"]["residents-unheard"]
    assert residents["checked"] and residents["spans"][0]["text"].startswith("Thousands of residents")
    assert answers["context_checklist"]["checked"]["place-named"]["checked"] is True
    assert "275,000 civilians" in answers["context_written"]["text"]
    restored = page.locator("fieldset.nl-cl").first.locator("li.nl-cl-item").nth(0).locator("input[type=checkbox]")
    assert restored.is_checked(), "the re-run checklist shows the saved tick"
