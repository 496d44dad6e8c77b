"""Lesson 1 in JupyterLab, in headless Chromium: run it, mark words by mouse and keyboard, check, hand in."""

from __future__ import annotations


import pytest


from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_lesson_1_mark_check_and_hand_in(lab, page):
    lab.open(page, "01_loaded_language.ipynb")
    lab.run_all(page)

    words = page.locator(".nl-hl .nl-w")
    words.first.wait_for(timeout=60_000)
    assert words.count() > 300, "the whole article is one widget of word buttons"

    # How fast the widget draws the whole article, and answers a click (printed, not asserted: see make bench).
    render_ms = page.evaluate("""() => {
        const view = document.querySelector('.nl-hl').parentElement;
        const t = performance.now();
        const clone = view.cloneNode(true);  // layout cost of the same DOM, off-screen
        document.body.appendChild(clone); clone.getBoundingClientRect(); clone.remove();
        return performance.now() - t; }""")
    click_ms = page.evaluate("""async () => {
        const el = [...document.querySelectorAll('.nl-hl-body .nl-w')].find(w => w.textContent === 'Aleppo');
        const t = performance.now(); el.click();
        await new Promise(r => { const f = () => el.getAttribute('aria-pressed') === 'true' ? r() : requestAnimationFrame(f); f(); });
        const ms = performance.now() - t; el.click(); return ms; }""")
    print(f"highlighter layout {render_ms:.0f} ms for {words.count()} words; click to visible mark {click_ms:.0f} ms")

    # Mouse: mark "reclaiming"; the mark shows as pressed, not only by colour.
    target = page.locator(".nl-hl-body .nl-w", has_text="reclaiming").first
    target.scroll_into_view_if_needed()
    target.click()
    assert target.get_attribute("aria-pressed") == "true"

    # The headline is markable too: its words are buttons above the body, and a click on "Reclaiming" marks it.
    headline = page.locator(".nl-hl .nl-hl-title .nl-w")
    assert [headline.nth(i).inner_text() for i in range(headline.count())] == [
        "Pro-Assad", "Forces", "Begin", "Reclaiming", "Major", "Parts", "of", "Aleppo"]
    assert page.get_by_role("group", name="Headline").count() == 1
    in_title = page.locator(".nl-hl-title .nl-w", has_text="Reclaiming")
    in_title.click()
    assert in_title.get_attribute("aria-pressed") == "true" and in_title.get_attribute("data-part") == "title"
    page.wait_for_function("() => document.querySelector('.nl-hl-status').textContent === '2 words marked'",
                           timeout=30_000)

    # Keyboard: from "exclusively", arrow keys and Space mark the next word too.
    exclusively = page.locator(".nl-hl .nl-w", has_text="exclusively").first
    exclusively.focus()
    page.keyboard.press("Space")
    assert exclusively.get_attribute("aria-pressed") == "true"

    # Letter keys on a focused word must not reach JupyterLab's shortcuts ("m" = to Markdown, "d d" = delete).
    exclusively.focus()
    for key in ("m", "d", "d", "x"):
        page.keyboard.press(key)
    page.wait_for_timeout(500)
    assert page.locator(".nl-hl").count() == 1, "the highlighter cell survived command-mode letter keys"
    assert exclusively.get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="Check my marks").first.click()
    feedback = page.locator(".nl-feedback").first
    feedback.wait_for(timeout=30_000)
    text = feedback.inner_text()
    assert "Found" in text and "reclaiming" in text.lower() and "Still to find" in text
    assert target.get_attribute("data-status") == "found"
    assert in_title.get_attribute("data-status") == "found"  # the headline's item, scored apart from the body
    assert "found, in the key" in in_title.get_attribute("aria-label")
    page.get_by_role("button", name="Give me a hint").first.click()
    page.wait_for_function("() => document.querySelector('.nl-feedback').innerText.includes('Hint:')", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "lesson1-marks.png"))
    from tests.browser.test_screenshots import png_size, save_highlighter_picture

    width, height = png_size(save_highlighter_picture(page))  # the README's picture of the highlighter
    assert width >= 400 and height >= 300
    feedback.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lesson1-feedback.png"))

    # The marks were autosaved: run everything again (a new widget restores them), hand in, save.
    lab.run_all(page)
    page.wait_for_selector(".newslit-handin", timeout=60_000)
    handins = lab.save_and_read_handins(page, "01_loaded_language.ipynb")
    assert handins, "the saved notebook carries the hand-in"
    spans = handins[-1]["answers"]["loaded_language"]["spans"]
    marked = {s["text"] for s in spans if "part" not in s}
    assert {"reclaiming", "exclusively"} <= marked
    assert [s for s in spans if "part" in s] == [{"part": "title", "start": 23, "end": 33, "text": "Reclaiming"}]
