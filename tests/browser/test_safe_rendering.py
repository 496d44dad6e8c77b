"""Safe rendering, in a real browser: an article full of script and event-handler payloads runs nowhere.

A hostile copy of the sample article (tests/hostile/articles.py: every
payload in its text, title, byline, outlet and attribution; every key still
resolving) is set as ARTICLE in copies of lessons 1-3, each run in JupyterLab in
headless Chromium (one test per lesson, so they run side by side), marked,
checked, hinted and revealed, and handed in; each hand-in is graded and its
feedback page opened. The instructor's class dashboard is run on hand-ins of
all three lessons whose written answers and learner names are payloads, and
their feedback pages opened. After each, ``window.__nl_pwned``
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


def _watch_dialogs(page) -> list:
    dialogs = []

    def on_dialog(d):  # leaving a notebook asks "leave the page?"; any other dialog came from a payload
        if d.type == "beforeunload":
            d.accept()
        else:
            dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def _report(results: list, dialogs: list, what: str) -> None:
    assert dialogs == [], f"a payload opened a dialog: {dialogs}"
    for where, shown in results:
        print(f"  {where}: {shown} of {len(PAYLOADS)} payloads on the page as visible text, none ran")
    print(f"safe rendering ({what}): {len(PAYLOADS)} payloads, {len(results)} places, "
          f"{sum(shown for _w, shown in results)} payload x place renderings shown as text and blocked")


def _interact(page, name: str) -> None:
    """What a learner does in each lesson: mark or label or tick, check, hint, reveal, compare."""
    if name == "01_loaded_language":  # mark words (one in a payload paragraph), check, hint, reveal, machine marks
        words = page.locator(".nl-hl .nl-w", has_text="slammed")
        words.first.wait_for(timeout=60_000)
        for i in range(min(3, words.count())):
            words.nth(i).scroll_into_view_if_needed()
            words.nth(i).click()
        payload_word = page.locator(".nl-hl .nl-w", has_text="window.__nl_pwned=1")
        if payload_word.count():
            payload_word.first.click()
        buttons = ("Check my marks", "Give me a hint", "Reveal missed", "Show machine marks", "Compare with my marks")
    elif name == "02_unsupported_claims":  # a label, check, reveal; evidence plan; finder comparison
        radios = page.locator(".nl-claims input[type=radio]")
        if radios.count():
            radios.first.scroll_into_view_if_needed()
            radios.first.check(timeout=10_000)
        buttons = ("Check my labels", "Reveal answers", "Check my plan", "Compare with my labels")
    else:  # tick a gap, check, reveal; rubric answers
        boxes = page.locator(".jp-Notebook input[type=checkbox]")
        if boxes.count():
            boxes.first.scroll_into_view_if_needed()
            boxes.first.check(timeout=10_000)
        buttons = ("Check my answers", "Reveal answers", "Check my ideas", "Show a strong answer")
    for button in buttons:
        _click(page, button)
    _write_payloads(page)


def _check_feedback_pages(page, submissions, out, results) -> None:
    """Grade ``submissions`` and open every feedback page the grader writes."""
    from newslit.grading.grade import grade
    from newslit.grading.reports import write_reports

    run = grade([submissions], progress=False)
    assert all(s.status == "graded" for s in run.submissions), [(s.path, s.problems) for s in run.submissions]
    write_reports(run, out)
    pages = sorted(out.rglob("*.html"))
    assert pages
    for html in pages:
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        _check_place(page, f"feedback {html.name}", results)


@pytest.mark.parametrize("name", LESSONS)
def test_no_payload_runs_in_a_lesson_its_hand_in_or_its_feedback(name, hostile_datasets, lab, page, tmp_path):
    """One lesson on the hostile article: run, use every button, type payloads, hand in; then its feedback page."""
    _copy_notebook(ROOT / "lessons" / f"{name}.ipynb", lab.root / f"{name}.ipynb",
                   [(r'ARTICLE = "aleppo-2016"', f'ARTICLE = "{HOSTILE}"')])
    dialogs, results = _watch_dialogs(page), []
    _open_lesson(page, lab, name)
    _check_place(page, f"{name} (run)", results)
    _interact(page, name)
    _check_place(page, f"{name} (answered, checked, revealed)", results)

    # Hand in: run all again (the hand-in cell records the answers), save, grade.
    _goto_notebook(page, lab, name)
    _run_all(page, lab)
    _wait_for_cells(page)
    page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
    assert _saved_handin(lab, name), f"{name} was handed in"
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    shutil.copy(lab.root / f"{name}.ipynb", submissions / f"{name}.ipynb")
    _check_feedback_pages(page, submissions, tmp_path / "grades", results)
    page.screenshot(path=str(ARTIFACTS / f"safe-rendering-{name}.png"))
    _report(results, dialogs, name)


def _hostile_handins(folder, text: str) -> None:
    """Hand-ins of lessons 1-3 on the hostile article, every written answer and the learner's name a payload.

    They are the reference solutions' hand-ins with the article, the user and the written answers replaced:
    what a class that typed the payloads would hand in (the lesson tests above hand in through the browser).
    """
    from newslit.learner.handin import MIME

    for n, name in enumerate(LESSONS):
        nb = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                payload = output.get("data", {}).get(MIME)
                if payload:
                    payload["article"], payload["user"] = HOSTILE, f"learner{n} {PAYLOADS[n % len(PAYLOADS)]}"
                    for answer in payload["answers"].values():
                        if isinstance(answer, dict) and isinstance(answer.get("text"), str):
                            answer["text"] = text
        (folder / f"{name}.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")


def test_no_payload_runs_in_the_class_dashboard(hostile_datasets, make_lab, page, tmp_path):
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    _hostile_handins(submissions, "My answer: " + " ".join(PAYLOADS))
    lab = make_lab(ROOT / "instructor")
    dialogs, results = _watch_dialogs(page), []
    _copy_notebook(ROOT / "instructor" / "class_dashboard.ipynb", lab.root / "class_dashboard.ipynb",
                   [(r'CLASS_DIR = Path\([^\n]*\)', f'CLASS_DIR = Path({str(submissions)!r})')])
    _goto_notebook(page, lab, "class_dashboard")
    _run_all(page, lab)
    page.wait_for_function("() => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length >= 3",
                           timeout=120_000)
    lab.wait_for_idle_kernel()
    page.wait_for_timeout(3000)
    _check_place(page, "class dashboard", results)
    _check_feedback_pages(page, submissions, tmp_path / "grades", results)  # the class's pages, names as payloads
    page.screenshot(path=str(ARTIFACTS / "safe-rendering-dashboard.png"))
    _report(results, dialogs, "class dashboard and feedback pages")
