"""Lesson 2 in JupyterLab, in headless Chromium: label claims by mouse and keyboard, check, read the feedback, hand in."""

from __future__ import annotations


import pytest


from newslit.keys.answer_key import load_key
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

NOTEBOOK = "02_unsupported_claims.ipynb"


def test_lesson_2_label_check_and_hand_in(lab, page):
    lab.open(page, NOTEBOOK)
    lab.run_all(page)

    sorter = page.locator(".nl-claim-sorter").first
    sorter.wait_for(timeout=90_000)
    sorter.scroll_into_view_if_needed()
    groups = sorter.locator("fieldset.nl-claim")
    groups.first.wait_for(timeout=30_000)
    assert groups.count() == len(load_key("aleppo-2016", "claims").items) == 19, "one radio group (fieldset) per claim"
    assert "According to the Washington Post" in groups.nth(7).locator("legend").text_content(), "the claim names its group"

    # Mouse: claim 8 (the Washington Post) is a named source.
    post = groups.nth(7)
    post.scroll_into_view_if_needed()
    post.get_by_label("named source").click()
    assert post.get_by_label("named source").is_checked()

    # Keyboard: in claim 1, Space picks the focused choice and the arrow keys move it to "no source";
    # JupyterLab's own arrow-key shortcuts must not take the keys (focus stays in the group).
    first = groups.nth(0)
    first.scroll_into_view_if_needed()
    first.get_by_label("named source").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert first.get_by_label("no source").is_checked(), "arrow keys move the choice within a claim"
    assert page.evaluate("document.activeElement.closest('fieldset') !== null")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('fieldset')?.dataset.item") == "observers-predict", \
        "Tab goes on to the next claim: one tab stop per claim"

    # Claim 4 ("According to many sources") labelled wrongly: it gets a hint, not the answer.
    groups.nth(3).get_by_label("named source").click()

    first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lesson2-sorter.png"))

    page.get_by_role("button", name="Check my labels").first.click()
    summary = sorter.locator(".nl-feedback").first
    summary.wait_for(timeout=30_000)
    assert f"Score: 2 of {load_key('aleppo-2016', 'claims').max_points:g} points" in summary.inner_text()
    feedback = sorter.locator(".nl-claim-fb")
    post_fb = feedback.nth(7)
    post_fb.wait_for(timeout=30_000)
    text = post_fb.inner_text()
    assert "✓ Right:" in text and "named source" in text
    assert "What would support it:" in text and "Where to check:" in text and "Washington Post" in text
    wrong = feedback.nth(3).inner_text()
    assert "✗ Not yet:" in wrong and "Hint:" in wrong and "Where to check" not in wrong
    assert "✓ Right:" in feedback.nth(0).inner_text()
    post_fb.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lesson2-feedback.png"))

    # The attribution map is a table with the named source first.
    table = page.locator("table").filter(has_text="heard from?").first
    page.get_by_text("Heard from by name:").first.scroll_into_view_if_needed()
    assert "named source" in table.inner_text() and "talked about only" in table.inner_text()
    page.screenshot(path=str(ARTIFACTS / "lesson2-map.png"))

    # The labels autosaved: run everything again (new widgets restore them), hand in, save the notebook.
    lab.run_all(page)
    page.wait_for_selector(".newslit-handin", timeout=90_000)
    handins = lab.save_and_read_handins(page, NOTEBOOK)
    assert handins, "the saved notebook carries the hand-in"
    labels = handins[-1]["answers"]["claims"]["labels"]
    assert labels == {"gains": "unsourced", "many-sources": "sourced", "washington-post": "sourced"}
