"""App mode (``make app``): the lessons as Voilà web apps, in headless Chromium, plus the app-mode hand-in.

The browser test starts Voilà with the flags ``make app`` uses on a copy of
lessons/01, answers in a temporary ``NEWSLIT_HOME``; it checks that no code is
visible, that a click autosaves, that a reload restores the mark, and that the
*Hand in* button gives a notebook the grader reads. The other tests drive the
same hand-in from plain Python.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newslit.learner.handin import MIME, handin_copy_path, in_app_mode, read_handins
from newslit.widgets.lesson import Lesson

from tests.browser.conftest import ARTIFACTS, ROOT, _free_port

LESSON = "01_loaded_language"
ANSWERS_FILE = f"aleppo-2016--{LESSON}.json"


def make_app_flags() -> list[str]:
    """The Voilà flags of ``make app`` (``APP_FLAGS ?= ...`` in the Makefile), so the test serves what learners get."""
    match = re.search(r"^APP_FLAGS\s*\?=\s*(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert match, "the Makefile defines APP_FLAGS for make app"
    return shlex.split(match.group(1))


def make_app_jupyter_path() -> str:
    """The Jupyter data folder ``make app`` puts first (where Voilà finds the kit's offline "newslit" template)."""
    match = re.search(r'^\tJUPYTER_PATH="\$\(CURDIR\)/(\w+)[^"]*" \$\(BIN\)/voila ', (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert match, "make app runs Voila with the kit's jupyter/ folder on JUPYTER_PATH"
    assert (ROOT / match.group(1) / "voila" / "templates" / "newslit" / "index.html.j2").is_file()
    return str(ROOT / match.group(1))


def test_make_app_uses_the_offline_template():
    assert "--template=newslit" in make_app_flags()
    template = (Path(make_app_jupyter_path()) / "voila" / "templates" / "newslit" / "index.html.j2").read_text()
    assert "extends 'lab/index.html.j2'" in template
    assert "https://" not in template and "cdn" not in template.split("-#}")[-1].lower()


# -- the hand-in in app mode, without a browser ------------------------------------------------------


@pytest.fixture
def shown(monkeypatch):
    """Whatever ``Lesson.hand_in()`` displays."""
    import IPython.display

    seen = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: seen.extend(objs))
    return seen


@pytest.fixture
def no_voila_env(monkeypatch):
    for name in ("NEWSLIT_APP", "VOILA_KERNEL_ID", "SERVER_SOFTWARE"):
        monkeypatch.delenv(name, raising=False)


def test_app_mode_is_detected(monkeypatch, no_voila_env):
    assert not in_app_mode()
    monkeypatch.setenv("VOILA_KERNEL_ID", "3f1c")  # Voilà sets it in every kernel it starts
    assert in_app_mode()
    monkeypatch.delenv("VOILA_KERNEL_ID")
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    assert in_app_mode()
    monkeypatch.delenv("SERVER_SOFTWARE")
    monkeypatch.setenv("NEWSLIT_APP", "1")
    assert in_app_mode()


def test_app_hand_in_is_a_button_that_writes_a_notebook(monkeypatch, no_voila_env, shown, answers_home, tmp_path):
    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons", lessons)
    monkeypatch.chdir(lessons)  # Voilà starts the kernel in the notebook's folder
    monkeypatch.setenv("NEWSLIT_APP", "1")
    lesson = Lesson(LESSON)
    lesson.highlighter().highlighter.mark_phrase("reclaiming")
    lesson.hand_in()  # runs when the page opens: it must not hand in by itself
    (box,) = shown
    note, button, receipt = box.children
    assert "download" in note.value
    assert button.description == "Hand in my answers" and receipt.value == ""
    assert not (answers_home / "handins").exists()

    box.hand_in()  # what a click does
    path = answers_home / "handins" / "aleppo-2016" / f"{LESSON}.ipynb"
    assert handin_copy_path(read_handins(path)[0]) == path
    (payload,) = read_handins(path)
    assert payload["lesson"] == LESSON and payload["article"] == "aleppo-2016"
    assert [s["text"] for s in payload["answers"]["loaded_language"]["spans"]] == ["reclaiming"]
    assert payload["key_versions"] == {"loaded_language": lesson.key("loaded_language").version}

    nb = json.loads(path.read_text(encoding="utf-8"))
    given = json.loads((ROOT / "lessons" / f"{LESSON}.ipynb").read_text(encoding="utf-8"))
    assert [c["id"] for c in nb["cells"]] == [c["id"] for c in given["cells"]], "the lesson learners were given"
    assert nb["metadata"]["newslit"]["lesson"] == LESSON and nb["metadata"]["newslit"]["handin_copy"] is True
    with_outputs = [c["id"] for c in nb["cells"] if c.get("outputs")]
    assert with_outputs == ["l01-handin-code"]

    # The receipt names the copy as the learner knows it (~/... inside their home; here, outside it, the file name)
    # and never shows the server's folders (issue: app mode showed server paths).
    assert "Handed in" in receipt.value and f"<code>{path.name}</code>" in receipt.value and str(path.parent) not in receipt.value
    link = re.search(r'download="([^"]+)"[^>]* href="data:application/x-ipynb\+json;base64,([^"]+)"', receipt.value)
    assert link and link.group(1) == f"{LESSON}.ipynb"
    downloaded = json.loads(base64.b64decode(link.group(2)))
    assert read_handins(downloaded) == [payload]

    lesson.highlighter().highlighter.mark_phrase("exclusively")
    box.hand_in()  # hand in again: the copy is replaced by the newer answers
    assert len(read_handins(path)[0]["answers"]["loaded_language"]["spans"]) == 2


def test_app_hand_in_without_the_lesson_file(monkeypatch, no_voila_env, shown, answers_home, tmp_path):
    monkeypatch.chdir(tmp_path)  # a renamed or moved notebook: the copy is a small notebook of its own
    monkeypatch.setenv("NEWSLIT_APP", "1")
    lesson = Lesson(LESSON)
    lesson.written("reflection", "Why?").box.value = "Because <b>words</b> matter."
    lesson.hand_in()
    shown[0].hand_in()
    path = answers_home / "handins" / "aleppo-2016" / f"{LESSON}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert len(nb["cells"]) == 2 and read_handins(nb)[0]["answers"]["reflection"]["text"] == "Because <b>words</b> matter."


def test_an_odd_lesson_file_falls_back_to_a_notebook_of_its_own(monkeypatch, no_voila_env, shown, answers_home,
                                                               tmp_path):
    monkeypatch.chdir(tmp_path)
    odd = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"newslit": {"lesson": LESSON}},
           "cells": [{"cell_type": "code", "source": "lesson.hand_in()", "id": "x"}]}  # no outputs field: invalid
    (tmp_path / f"{LESSON}.ipynb").write_text(json.dumps(odd), encoding="utf-8")
    lesson = Lesson(LESSON)
    lesson.hand_in()  # JupyterLab mode: the bundle is shown and a copy written whatever the file on disk holds
    copy = answers_home / "handins" / "aleppo-2016" / f"{LESSON}.ipynb"
    nb = json.loads(copy.read_text(encoding="utf-8"))
    assert [c["id"] for c in nb["cells"]] == ["handin-title", "handin-code"] and read_handins(nb)


def test_app_hand_in_when_the_disk_fails(monkeypatch, no_voila_env, shown, answers_home, tmp_path):
    monkeypatch.setenv("NEWSLIT_APP", "1")
    (answers_home).mkdir(parents=True, exist_ok=True)
    (answers_home / "handins").write_text("a file where the folder should be")
    lesson = Lesson(LESSON)
    lesson.hand_in()
    shown[0].hand_in()
    receipt = shown[0].children[-1].value
    assert "could not be written" in receipt and "data:application/x-ipynb+json;base64," in receipt


def test_lab_hand_in_also_keeps_a_copy(monkeypatch, no_voila_env, shown, answers_home):
    lesson = Lesson(LESSON)
    lesson.highlighter().highlighter.mark_phrase("reclaiming")
    lesson.hand_in()
    (bundle,) = shown
    assert MIME in bundle  # JupyterLab: the hand-in goes into the notebook, as before
    copy = answers_home / "handins" / "aleppo-2016" / f"{LESSON}.ipynb"
    assert read_handins(copy)[0]["answers"] == bundle[MIME]["answers"]


def test_the_grader_reads_app_hand_ins(monkeypatch, no_voila_env, shown, answers_home, tmp_path, run_env):
    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons", lessons)
    monkeypatch.chdir(lessons)
    monkeypatch.setenv("NEWSLIT_APP", "1")
    lesson = Lesson(LESSON)
    lesson.highlighter().highlighter.mark_phrase("reclaiming")
    lesson.hand_in()
    shown[0].hand_in()
    out = tmp_path / "grades"
    proc = subprocess.run([sys.executable, "-m", "newslit", "grade", str(answers_home / "handins"), "--out", str(out)],
                          capture_output=True, text=True, env=run_env(), cwd=ROOT, timeout=120)
    if "invalid choice" in proc.stderr:
        pytest.skip("python -m newslit grade is not in this checkout yet")
    assert proc.returncode == 0, proc.stderr
    gradebook = (out / "gradebook.csv").read_text(encoding="utf-8")
    assert LESSON in gradebook
    problems = out / "problems.csv"
    if problems.exists():
        assert "no-lesson-metadata" not in problems.read_text() and "cells-deleted" not in problems.read_text()


# -- the real thing: Voilà in headless Chromium ---------------------------------------------------------


@pytest.fixture
def voila_app(chromium, tmp_path):
    """Voilà on 127.0.0.1 (a free port) serving a copy of lesson 1 with ``make app``'s flags; answers in a temp home."""
    root, home = tmp_path / "app", tmp_path / "home"
    root.mkdir()
    home.mkdir()
    shutil.copy(ROOT / "lessons" / f"{LESSON}.ipynb", root)
    port = _free_port()
    cmd = [sys.executable, "-m", "voila", str(root), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
           *make_app_flags()]
    env = {**os.environ, "NEWSLIT_HOME": str(home), "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_PATH": make_app_jupyter_path()}
    env.pop("NEWSLIT_APP", None)  # the app must be detected from Voilà itself
    log = open(tmp_path / "voila.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("Voila did not start:\n" + (tmp_path / "voila.log").read_text()[-3000:])
                time.sleep(0.3)
        yield url, root, home
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)  # Voilà and the kernels it started
            proc.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


def _answers(home: Path) -> dict:
    try:
        return json.loads((home / "answers" / ANSWERS_FILE).read_text(encoding="utf-8"))["answers"]
    except (OSError, ValueError, KeyError):
        return {}


def _wait_for(check, timeout=30.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    return check()


@pytest.mark.browser
def test_lesson_1_as_an_app(voila_app, page):
    url, root, home = voila_app
    # A classroom behind a firewall: anything not served by the app itself fails, and is recorded.
    outside = []
    page.route(lambda u: not u.startswith((url, "data:", "blob:")),
               lambda route: (outside.append(route.request.url), route.abort()))
    page.goto(f"{url}/voila/render/{LESSON}.ipynb", timeout=120_000)
    words = page.locator(".nl-hl .nl-w")
    words.first.wait_for(timeout=120_000)
    assert words.count() > 300, "the article is there, as word buttons"
    page.wait_for_load_state("networkidle", timeout=60_000)
    assert outside == [], f"the app page asked for files outside the server: {outside[:5]}"

    # Learners see the text and the widgets, never the code.
    assert page.locator(".cm-editor, .jp-CodeMirrorEditor, .CodeMirror, .jp-InputPrompt").count() == 0
    body = page.inner_text("body")
    for code in ("from newslit import Lesson", "lesson.highlighter()", "lesson.hand_in()", 'ARTICLE = "aleppo-2016"'):
        assert code not in body
    assert "Mark the loaded words" in body and "Pro-Assad Forces Begin Reclaiming" in body
    assert page.locator(".newslit-handin").count() == 0, "opening the page hands nothing in"

    # A click marks the word and autosaves, exactly as in JupyterLab.
    target = page.locator(".nl-hl-body .nl-w", has_text="reclaiming").first  # the body's, not the headline's
    target.scroll_into_view_if_needed()
    target.click()
    assert target.get_attribute("aria-pressed") == "true"
    saved = _wait_for(lambda: [s["text"] for s in _answers(home).get("loaded_language", {}).get("spans", [])])
    assert saved == ["reclaiming"]
    page.get_by_role("button", name="Check my marks").first.click()
    page.locator(".nl-feedback").first.wait_for(timeout=30_000)
    target.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "app-mode.png"))

    # A reload starts a new kernel: the saved mark comes back.
    page.reload(timeout=120_000)
    restored = page.locator(".nl-hl-body .nl-w", has_text="reclaiming").first
    restored.wait_for(timeout=120_000)
    assert _wait_for(lambda: restored.get_attribute("aria-pressed") == "true", 30)

    # Hand in: a button, a receipt, a copy on disk and a download, all read by read_handins.
    button = page.get_by_role("button", name="Hand in my answers")
    button.scroll_into_view_if_needed()
    button.click()
    page.locator(".newslit-handin").wait_for(timeout=30_000)
    copy = home / "handins" / "aleppo-2016" / f"{LESSON}.ipynb"
    assert _wait_for(copy.exists)
    assert [s["text"] for s in read_handins(copy)[-1]["answers"]["loaded_language"]["spans"]] == ["reclaiming"]
    with page.expect_download(timeout=30_000) as download_info:
        page.locator("a.newslit-handin-download").click()
    download = download_info.value
    assert download.suggested_filename == f"{LESSON}.ipynb"
    downloaded = Path(download.path())
    assert read_handins(downloaded)[-1]["answers"] == read_handins(copy)[-1]["answers"]
    page.locator(".newslit-handin").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "app-mode-handin.png"))
