"""Safe rendering, in a real browser: an article full of script and event-handler payloads runs nowhere.

A hostile copy of the sample article (tests/hostile/articles.py: every
payload in its text, title, byline, outlet and attribution; every key still
resolving) is set as ARTICLE in copies of lessons 1-3, run in JupyterLab in
headless Chromium, marked, checked, hinted and revealed, and handed in. The
hand-ins are graded and the grader's feedback pages opened; the instructor's
class dashboard (if present) is run on them. After each, ``window.__nl_pwned``
(which every payload would set) must be undefined, no element a payload would
create may exist, the page must still be visible, and the payload must be
visible as text.
"""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest

from newslit.learner.handin import read_handins

from tests.hostile.articles import HOSTILE, make_hostile_article
from tests.hostile.cases import PAYLOADS
from tests.browser.conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser

LESSONS = ("01_loaded_language", "02_unsupported_claims", "03_missing_context")
PLACED = "[onerror],[onload],[ontoggle],[onclick],iframe[srcdoc],a[href^='javascript'],script:not([src]):not([type])"


@pytest.fixture
def hostile_datasets(tmp_path, monkeypatch):
    """A datasets copy with the hostile article; NEWSLIT_DATASETS is set before the `lab` fixture starts the server."""
    target = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", target)
    make_hostile_article(target)
    monkeypatch.setenv("NEWSLIT_DATASETS", str(target))
    return target


def _copy_notebook(source, target, replace):
    nb = json.loads(source.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for old, new in replace:
                text = re.sub(old, new, text)
            cell["source"] = text
    target.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def _check_place(page, where: str, results: list) -> None:
    """The payloads did not run, created nothing, hid nothing, and show as text."""
    _step(f"check {where}")
    assert page.evaluate("typeof window.__nl_pwned") == "undefined", f"a payload ran in {where}"
    assert page.evaluate("typeof window.parent.__nl_pwned") == "undefined"
    made = page.evaluate("""(sel) => [...document.querySelectorAll(sel)]
        .filter(e => (e.outerHTML || '').includes('__nl_pwned')).map(e => e.outerHTML.slice(0, 120))""", PLACED)
    assert made == [], f"elements made from a payload in {where}: {made}"
    assert page.evaluate("getComputedStyle(document.body).display") != "none", f"a <style> payload hid {where}"
    text = re.sub(r"\s+", "", page.evaluate("document.body.innerText"))
    shown = [p for p in PAYLOADS if re.sub(r"\s+", "", p) in text]
    assert shown, f"no payload is visible as text in {where}"
    results.append((where, len(shown)))


def _run_all(page, lab):
    lab.wait_for_idle_kernel()
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")


def _click(page, name):
    _step(f"click {name!r}")
    buttons = page.get_by_role("button", name=name)
    if buttons.count():
        b = buttons.first
        b.scroll_into_view_if_needed()
        if b.is_enabled():
            b.click(timeout=10_000)
            page.wait_for_timeout(700)


def _step(message):
    print(f"[safe-rendering {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _open_lesson(page, lab, name):
    _step(f"open {name}")
    _goto_notebook(page, lab, name)
    _run_all(page, lab)
    _wait_for_cells(page)


def _write_payloads(page):
    """Type the payloads into every written answer of the notebook (they reach the hand-in and the feedback)."""
    boxes = page.locator(".jp-NotebookPanel textarea")
    _step(f"write payloads into {boxes.count()} text boxes")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if box.is_visible() and box.is_enabled():
            box.scroll_into_view_if_needed()
            box.fill("My answer: " + " ".join(PAYLOADS), timeout=10_000)
            box.press("Tab")
    page.wait_for_timeout(1000)


def _goto_notebook(page, lab, name):
    """Open one notebook alone (``reset``: no notebook restored from the last visit stays in the page)."""
    page.goto(f"{lab.url}/lab/tree/{name}.ipynb?reset&token={lab.token}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('.jp-NotebookPanel').length === 1", timeout=30_000)


def _wait_for_cells(page):
    """Every cell has run (no "[*]" prompt left) and the hand-in cell's output is there."""
    page.wait_for_timeout(1000)
    page.wait_for_function("""() => {
        const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')];
        return prompts.length > 0 && !prompts.some(e => e.textContent.includes('*'))
            && document.querySelector('.newslit-handin') !== null; }""", timeout=180_000)
    page.wait_for_timeout(1500)


def _saved_handin(lab, name) -> list:
    page_file = lab.root / f"{name}.ipynb"
    deadline, handins = time.time() + 30, []
    while time.time() < deadline and not handins:
        time.sleep(0.5)
        try:
            handins = read_handins(json.loads(page_file.read_text(encoding="utf-8")))
        except ValueError:
            handins = []
    return handins


def test_no_payload_runs_anywhere(hostile_datasets, lab, page, tmp_path):
    for name in LESSONS:
        _copy_notebook(ROOT / "lessons" / f"{name}.ipynb", lab.root / f"{name}.ipynb",
                       [(r'ARTICLE = "aleppo-2016"', f'ARTICLE = "{HOSTILE}"')])
    dialogs = []

    def on_dialog(d):  # leaving a notebook asks "leave the page?"; any other dialog came from a payload
        if d.type == "beforeunload":
            d.accept()
        else:
            dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

    page.on("dialog", on_dialog)
    results: list = []

    # Lesson 1: mark words (one in a payload paragraph), check, hint, reveal, machine marks.
    _open_lesson(page, lab, LESSONS[0])
    _check_place(page, "lesson 1 (run)", results)
    words = page.locator(".nl-hl .nl-w", has_text="slammed")
    words.first.wait_for(timeout=60_000)
    for i in range(min(3, words.count())):
        words.nth(i).scroll_into_view_if_needed()
        words.nth(i).click()
    payload_word = page.locator(".nl-hl .nl-w", has_text="window.__nl_pwned=1")
    if payload_word.count():
        payload_word.first.click()
    for name in ("Check my marks", "Give me a hint", "Reveal missed", "Show machine marks", "Compare with my marks"):
        _click(page, name)
    _write_payloads(page)
    _check_place(page, "lesson 1 (marked, checked, revealed)", results)

    # Lesson 2: a label, check, reveal; evidence plan; finder comparison.
    _open_lesson(page, lab, LESSONS[1])
    radios = page.locator(".nl-claims input[type=radio]")
    if radios.count():
        radios.first.scroll_into_view_if_needed()
        radios.first.check(timeout=10_000)
    for name in ("Check my labels", "Reveal answers", "Check my plan", "Compare with my labels"):
        _click(page, name)
    _write_payloads(page)
    _check_place(page, "lesson 2 (labelled, checked, revealed)", results)

    # Lesson 3: tick a gap, check, reveal; rubric answers.
    _open_lesson(page, lab, LESSONS[2])
    boxes = page.locator(".jp-Notebook input[type=checkbox]")
    if boxes.count():
        boxes.first.scroll_into_view_if_needed()
        boxes.first.check(timeout=10_000)
    for name in ("Check my answers", "Reveal answers", "Check my ideas", "Show a strong answer"):
        _click(page, name)
    _write_payloads(page)
    _check_place(page, "lesson 3 (ticked, checked, revealed)", results)

    # Hand in: run all again (the hand-in cell records the answers), save, collect.
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for name in LESSONS:
        _goto_notebook(page, lab, name)
        _run_all(page, lab)
        _wait_for_cells(page)
        page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
        assert _saved_handin(lab, name), f"{name} was handed in"
        shutil.copy(lab.root / f"{name}.ipynb", submissions / f"{name}.ipynb")

    # The grader's feedback pages.
    from newslit.grading.grade import grade
    from newslit.grading.reports import write_reports

    run = grade([submissions], progress=False)
    assert all(s.status == "graded" for s in run.submissions), [(s.path, s.problems) for s in run.submissions]
    out = tmp_path / "grades"
    write_reports(run, out)
    pages = sorted(out.rglob("*.html"))
    assert pages
    for html in pages:
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        _check_place(page, f"feedback {html.name}", results)

    # The class dashboard, run on the same hand-ins.
    dashboard = ROOT / "instructor" / "class_dashboard.ipynb"
    if dashboard.exists():
        _copy_notebook(dashboard, lab.root / "class_dashboard.ipynb",
                       [(r'CLASS_DIR = Path\([^\n]*\)', f'CLASS_DIR = Path({str(submissions)!r})')])
        _goto_notebook(page, lab, "class_dashboard")
        _run_all(page, lab)
        page.wait_for_function("() => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length >= 3",
                               timeout=120_000)
        lab.wait_for_idle_kernel()
        page.wait_for_timeout(3000)
        _check_place(page, "class dashboard", results)

    page.screenshot(path=str(ARTIFACTS / "safe-rendering.png"))
    assert dialogs == [], f"a payload opened a dialog: {dialogs}"
    places = len(results)
    blocked = sum(shown for _w, shown in results)
    for where, shown in results:
        print(f"  {where}: {shown} of {len(PAYLOADS)} payloads on the page as visible text, none ran")
    print(f"safe rendering: {len(PAYLOADS)} payloads, {places} places, {blocked} payload x place renderings shown "
          "as text and blocked")
