"""Lessons 1 to 3 completed with the keyboard alone, in JupyterLab in headless Chromium.

No mouse anywhere: run the cells with Shift+Enter, Tab into the article,
arrow keys to a word, Space to mark it, Tab to "Check my marks" and Enter,
reveal and machine marks the same way, type the rewrite and the reflection,
go back to the notebook and run the hand-in cell, save with Ctrl+S. Along the
way: every widget has an accessible name, focus is visible, and marks and
feedback carry a symbol or text, not only a colour. Lessons 2 and 3 the same
way: radio groups, menus, check boxes, disclosure sections and text boxes,
each reached with Tab and worked with the keys a keyboard user has.
"""

from __future__ import annotations

import json
import re
import time

import pytest


from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

ACTIVE = """() => { const a = document.activeElement;
  return {tag: a.tagName, cls: (a.className || '').toString(), text: (a.textContent || '').trim().slice(0, 80),
          label: a.getAttribute('aria-label') || (a.labels && a.labels[0] ? a.labels[0].textContent : ''),
          pressed: a.getAttribute('aria-pressed'), status: a.dataset ? a.dataset.status || '' : ''}; }"""


ICON_GLYPHS = "\ue000-\uf8ff"  # Unicode private use area: icon fonts


def active(page) -> dict:
    return page.evaluate(ACTIVE)


def press_until(page, key: str, predicate: str, limit: int = 60) -> int:
    """Press ``key`` until ``predicate`` (JS, on document.activeElement ``el``) holds; return the presses."""
    for n in range(limit + 1):
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({predicate}); }}"):
            return n
        page.keyboard.press(key)
        time.sleep(0.05)
    raise AssertionError(f"{key} x{limit} never reached {predicate!r}; focus is on {active(page)}")


def wait_until(page, js: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while not page.evaluate(f"() => !!({js})"):
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {js!r}; focus is on {active(page)}")
        time.sleep(0.2)


UNNAMED_CONTROLS = """() => [...document.querySelectorAll(
    '.jp-OutputArea input, .jp-OutputArea select, .jp-OutputArea textarea, .jp-OutputArea button, .jp-OutputArea summary,'
    + ' .jp-OutputArea [role=button], .jp-OutputArea [tabindex="0"]')]
  .map(el => { const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
                 .map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
               const name = el.getAttribute('aria-label') || by || [...(el.labels || [])].map(l => l.textContent).join(' ')
                 || (el.matches('button, summary, [role=button]') ? el.textContent : '') || el.title || '';
               return name.trim() ? null : el.outerHTML.slice(0, 160); })
  .filter(Boolean)"""


def run_by_keyboard(page, lab, notebook: str, ready: str) -> None:
    """Open ``notebook`` and run every cell but the hand-in with Shift+Enter, from the top; wait for ``ready`` (JS)."""
    lab.open(page, notebook)
    lab.wait_for_idle_kernel()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Home")
    cells = page.locator(".jp-Notebook .jp-Cell").count()
    for _ in range(cells - 1):  # everything but the hand-in cell
        page.keyboard.press("Shift+Enter")
        time.sleep(0.15)
    wait_until(page, ready, 120)
    assert page.evaluate(UNNAMED_CONTROLS) == [], "every control in the lesson has an accessible name"


def hand_in_by_keyboard(page, lab, notebook: str) -> dict:
    """From a widget: Shift+Tab back to the notebook, Escape, J to the hand-in cell, Shift+Enter, Ctrl+S."""
    press_until(page, "Shift+Tab", "el.closest('.jp-Notebook') && !el.closest('.jp-OutputArea') && !el.matches(':read-write')", 40)
    page.keyboard.press("Escape")
    press_until(page, "j", "document.querySelector('.jp-Notebook .jp-Cell.jp-mod-active').textContent.includes('lesson.hand_in()')", 30)
    page.keyboard.press("Shift+Enter")
    page.wait_for_selector(".newslit-handin", timeout=60_000)
    page.keyboard.press("Control+s")
    handins = lab.saved_handins(notebook)
    assert handins, "Ctrl+S saved the notebook with the hand-in"
    return handins[-1]["answers"]


def type_into(page, label: str, text: str, replace: bool = False) -> None:
    """Tab to the text box named ``label`` and type ``text``; wait for its autosave."""
    press_until(page, "Tab", f"el.tagName === 'TEXTAREA' && el.labels[0] && el.labels[0].textContent === {json.dumps(label)}"
                f" && el.value !== {json.dumps(text)}")
    if replace:
        page.keyboard.press("Control+a")
    page.keyboard.type(text, delay=5)
    time.sleep(1)


def pseudo(page, selector: str, which: str, prop: str = "content") -> str:
    return page.evaluate(f"() => getComputedStyle(document.querySelector({json.dumps(selector)}), {json.dumps(which)}).{prop}")


def test_lesson_1_with_the_keyboard_alone(lab, page):
    # Run the lesson cell by cell, from the top, as a keyboard user does.
    run_by_keyboard(page, lab, "01_loaded_language.ipynb",
                    "document.querySelector('.nl-hl .nl-w') && document.querySelectorAll('textarea').length >= 2")

    # Accessible names: the article is a named group described by the help text; words, buttons, text boxes are named.
    group = page.get_by_role("group", name="Article: Pro-Assad Forces Begin Reclaiming Major Parts of Aleppo. Mark the loaded words.")
    assert group.count() == 1
    assert "arrow keys" in page.evaluate(
        "() => document.getElementById(document.querySelector('.nl-hl-body').getAttribute('aria-describedby')).textContent")
    for role, name in [("button", "Check my marks"), ("button", "Reveal missed"), ("button", "Show machine marks"),
                       ("button", "Clear all marks"), ("button", "Compare with my marks"), ("textbox", "Your version"),
                       ("textbox", "Your answer"), ("button", "reclaiming")]:
        pattern = re.compile(rf"^{re.escape(name)}$")  # exactly the name: no icon glyph in front
        assert page.get_by_role(role, name=pattern).count() >= 1, f"no {role} named {name!r}"
    names = [b.aria_snapshot() for b in page.locator(".jp-OutputArea .jupyter-button").all()]  # the computed names
    with_glyph = [n for n in names if re.search(f"[{ICON_GLYPHS}]", n)]
    assert not with_glyph, f"button names with an icon glyph: {with_glyph}"
    assert page.get_by_role("status").filter(has_text="words marked").count() == 1  # the live count of marks

    # Tab into the article: exactly one word is a tab stop (roving tabindex), so one Tab lands in the text.
    press_until(page, "Tab", "el.classList.contains('nl-w')")
    assert page.evaluate("() => document.querySelectorAll('.nl-hl .nl-w[tabindex=\"0\"]').length") == 1
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), f"focus is not visible: {outline}"

    # Arrow keys move word by word (Home/End to the ends, Down a paragraph); Space marks, Space again unmarks.
    page.keyboard.press("End")
    last = active(page)["text"]
    page.keyboard.press("Home")
    first = active(page)["text"]
    assert first != last
    page.keyboard.press("ArrowDown")
    assert active(page)["text"] != first, "Down jumps to the next paragraph"
    page.keyboard.press("ArrowUp")
    assert active(page)["text"] == first
    press_until(page, "ArrowRight", "el.textContent === 'significant'", 400)
    page.keyboard.press("Space")
    wait_until(page, "document.activeElement.getAttribute('aria-pressed') === 'true'")
    page.keyboard.press("Space")
    wait_until(page, "document.activeElement.getAttribute('aria-pressed') === 'false'")
    press_until(page, "ArrowRight", "el.textContent === 'reclaiming'", 400)
    page.keyboard.press("Space")
    wait_until(page, "document.activeElement.getAttribute('aria-pressed') === 'true'")
    assert page.get_by_role("status").filter(has_text="1 word marked").count() == 1
    # Marked: brackets and an underline as well as the colour.
    sel = ".nl-hl .nl-w.nl-on"
    assert pseudo(page, sel, "::before") == '"["' and pseudo(page, sel, "::after") == '"]"'
    assert "underline" in pseudo(page, sel, None, "textDecorationLine")
    wait_until(page, "document.querySelector('.nl-saved')")  # the autosave confirmed, in words

    # Tab to "Check my marks", Enter: explained feedback, and the word says "found" in its name and with a symbol.
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.includes('Check my marks')", 5)
    page.keyboard.press("Enter")
    page.locator(".nl-feedback").first.wait_for(timeout=30_000)
    feedback = page.locator(".nl-feedback").first.inner_text()
    assert "Found" in feedback and "reclaiming" in feedback.lower() and "Still to find" in feedback
    assert "\u2713" in feedback  # found items carry a symbol, not only a colour
    found = ".nl-hl .nl-w[data-status='found']"
    wait_until(page, f"document.querySelector(\"{found}\")")
    assert "found, in the key" in page.evaluate(f"() => document.querySelector(\"{found}\").getAttribute('aria-label')")
    assert "\u2713" in pseudo(page, found, "::after")
    page.screenshot(path=str(ARTIFACTS / "lesson1-keyboard-check.png"))

    # A hint (if the lesson offers one), the missed items, then the machine's marks, all from the keyboard.
    if page.get_by_role("button", name=re.compile("Give me a hint")).count():
        press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.includes('Give me a hint') && !el.disabled", 5)
        page.keyboard.press("Enter")
        wait_until(page, "document.querySelector('.nl-feedback') && /hint/i.test(document.querySelector('.nl-feedback').parentElement.innerText)")
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.includes('Reveal missed') && !el.disabled", 5)
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('.nl-feedback') && document.querySelector('.nl-feedback').innerText.includes('Missed')")
    assert page.evaluate("() => document.activeElement !== document.body"), "focus stays on the Reveal button"
    missed = ".nl-hl .nl-w[data-status='missed']"
    wait_until(page, f"document.querySelector(\"{missed}\")")
    assert "missed, in the key" in page.evaluate(f"() => document.querySelector(\"{missed}\").getAttribute('aria-label')")
    assert pseudo(page, missed, "::after") == '"?"'
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.includes('Show machine marks')", 80)
    page.keyboard.press("Space")
    wait_until(page, "document.querySelector('.nl-hl .nl-w.nl-machine')")
    assert "flagged by the machine" in page.evaluate(
        "() => document.querySelector('.nl-hl .nl-w.nl-machine').getAttribute('aria-label')")

    # The rewrite and the reflection: Tab to each text box and type.
    press_until(page, "Tab", "el.tagName === 'TEXTAREA' && el.labels[0] && el.labels[0].textContent === 'Your version'")
    page.keyboard.press("Control+a")
    rewrite = "Pro-government forces have retaken parts of eastern Aleppo, according to military observers."
    page.keyboard.type(rewrite, delay=5)
    press_until(page, "Tab", "el.tagName === 'TEXTAREA' && el.labels[0] && el.labels[0].textContent === 'Your answer'")
    reflection = "Reclaiming told me whose city it was before I knew the facts."
    page.keyboard.type(reflection, delay=5)
    time.sleep(1)

    # Back to the notebook (Shift+Tab out of the outputs), Escape, J down to the hand-in cell, Shift+Enter, Ctrl+S.
    answers = hand_in_by_keyboard(page, lab, "01_loaded_language.ipynb")
    assert [s["text"] for s in answers["loaded_language"]["spans"]] == ["reclaiming"]
    assert answers["rewrite"]["text"] == rewrite
    assert answers["reflection"]["text"] == reflection


def test_lesson_2_with_the_keyboard_alone(lab, page):
    run_by_keyboard(page, lab, "02_unsupported_claims.ipynb",
                    "document.querySelectorAll('.nl-claim-sorter fieldset.nl-claim').length >= 10"
                    " && document.querySelectorAll('textarea').length >= 2")

    # Tab into the first claim; Space picks the focused label, the arrow keys move the choice; Tab goes to the next claim.
    press_until(page, "Tab", "el.type === 'radio' && el.closest('.nl-claim-sorter')", 80)
    first_claim = page.evaluate("() => document.activeElement.closest('fieldset').dataset.item")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.checked && document.activeElement.labels[0].textContent.trim()") == "no source"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('fieldset').dataset.item") != first_claim, "one tab stop per claim"

    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.includes('Check my labels')", 40)
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('.nl-claim-sorter .nl-feedback') && "
                     "document.querySelector('.nl-claim-sorter .nl-feedback').textContent.includes('Score:')")
    verdict = page.evaluate(f"() => document.querySelector('fieldset[data-item={json.dumps(first_claim)}]').textContent")
    assert "\u2713 Right" in verdict, "feedback names the verdict in words and a symbol"

    # The evidence plan: the claim menu with the arrow keys, the plan typed, checked with Enter.
    press_until(page, "Tab", "el.tagName === 'SELECT' && el.labels[0] && el.labels[0].textContent === 'Claim'", 40)
    before = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("ArrowDown")
    wait_until(page, f"document.activeElement.value !== {json.dumps(before)}")
    plan = "I would need the Washington Post report itself, and look for it on the Post's site."
    type_into(page, "Your plan", plan)
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.includes('Check my plan')", 5)
    feedbacks = page.evaluate("() => document.querySelectorAll('.nl-feedback').length")
    page.keyboard.press("Enter")
    wait_until(page, f"document.querySelectorAll('.nl-feedback').length > {feedbacks}")

    rewrite = "The Washington Post reported, citing named officials, that the forces advanced."
    type_into(page, "Your version", rewrite, replace=True)

    answers = hand_in_by_keyboard(page, lab, "02_unsupported_claims.ipynb")
    assert answers["claims"]["labels"][first_claim] == "unsourced"
    assert answers["evidence_plan"]["text"] == plan
    assert answers["rewrite_attribution"]["text"] == rewrite


def test_lesson_3_with_the_keyboard_alone(lab, page):
    run_by_keyboard(page, lab, "03_missing_context.ipynb",
                    "document.querySelector('fieldset.nl-cl li.nl-cl-item') && document.querySelectorAll('textarea').length >= 3")

    # The checklist: Tab to the first statement, Space ticks it, Tab to its menu, arrow keys choose the sentence.
    press_until(page, "Tab", "el.type === 'checkbox' && el.closest('li.nl-cl-item') === document.querySelector('li.nl-cl-item')", 80)
    page.keyboard.press("Space")
    wait_until(page, "document.activeElement.checked")
    wait_until(page, "!document.querySelector('li.nl-cl-item select').disabled")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "SELECT"
    # Space opens the menu, the arrow keys move in it, Enter chooses. (On the closed menu JupyterLab's command-mode
    # shortcuts take the arrow keys and move to another cell: the checklist does not keep them, as the other widgets do.)
    target = page.evaluate("() => [...document.activeElement.options].findIndex(o => o.text.includes('Thousands of residents'))")
    assert target > 0
    page.keyboard.press("Space")
    time.sleep(0.3)
    for _ in range(target - page.evaluate("() => document.activeElement.selectedIndex")):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement.selectedOptions[0].text.includes('Thousands of residents')")
    wait_until(page, "document.querySelector('li.nl-cl-item').dataset.checked === 'true'")

    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.includes('Check my answers')", 60)
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('li.nl-cl-item').dataset.status === 'correct'")
    assert "Right, this is missing" in page.evaluate("() => document.querySelector('li.nl-cl-item .nl-cl-fb').textContent")

    # The machine's checks: a section opens with Enter.
    press_until(page, "Tab", "el.tagName === 'SUMMARY'", 20)
    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement.parentElement.open")

    # The written answers: the last one typed and checked from the keyboard.
    answer = "A reader would not know that about 275,000 civilians were besieged, according to the UN."
    for _ in range(page.evaluate("() => [...document.querySelectorAll('textarea')].filter(t => t.labels[0] && "
                                 "t.labels[0].textContent === 'Your answer').length") - 1):
        press_until(page, "Tab", "el.tagName === 'TEXTAREA'", 40)
        page.keyboard.press("Tab")  # past the other written answers
    type_into(page, "Your answer", answer)
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.includes('Check my ideas')", 5)
    page.keyboard.press("Enter")
    wait_until(page, "[...document.querySelectorAll('.nl-feedback')].some(f => f.textContent.includes('First reading by the kit'))")

    answers = hand_in_by_keyboard(page, lab, "03_missing_context.ipynb")
    residents = answers["context_checklist"]["checked"]["residents-unheard"]
    assert residents["checked"] and residents["spans"][0]["text"].startswith("Thousands of residents")
    assert answers["context_written"]["text"] == answer
