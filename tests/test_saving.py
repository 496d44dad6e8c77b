"""Saving a learner's work: nothing the kit cannot read, did not load, or finds damaged is ever overwritten,
and typing is saved soon (not per keystroke), when the box loses focus, and at kernel shutdown.

The store cases (tests/hostile/store_cases.py) run here, one test per class of loss:

1. an unreadable answers file is never overwritten; saves go beside it, and the learner is told both paths;
2. a file that is not the one this copy loaded or last wrote (another copy saved; the file vanished and
   reappeared, its revision going backwards) is never overwritten: the copy refuses and says where it saved;
3. a damaged file in a read-only folder: the notice tells the truth, and the damaged bytes are kept aside
   before anything is saved over them once the folder is writable;
4. answers of the wrong type: the valid ones are restored, the bad ones named, the original kept intact.

Typing (newslit/widgets/autosave.py) is driven deterministically with a fake event loop
(:class:`FakeLoop`), on a real asyncio loop, and in a real kernel through the comm messages
JupyterLab and Voilà send.
"""

from __future__ import annotations

import asyncio
import errno
import os
import re
import stat
import time
from pathlib import Path

import pytest

import newslit.learner.store as store_module
from newslit import files as jsonfiles
from newslit.learner.store import AnswerStore, read_answers_file
from newslit.widgets import autosave
from newslit.widgets.exercises import SaveStatus
from newslit.widgets.lesson import Lesson

from tests.conftest import REPO, subprocess_env
from tests.hostile.store_cases import (DAMAGED_READ_ONLY_CASES, FOREIGN_FILE_CASES, GOOD, UNREADABLE_CASES,
                                       WRONG_TYPE_CASES, answers_bytes)

LESSON, ARTICLE = "01_loaded_language", "aleppo-2016"
ROOT_SKIP = ("running as root: chmod does not stop root from reading or writing, so a real permission test "
             "proves nothing here (the simulated test of the same case runs instead)")


def _chmod_stops_us() -> bool:
    """Whether file modes bind this process (not root, or root without the capability to ignore them)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe"
        probe.write_text("x")
        probe.chmod(0)
        try:
            probe.read_text()
            return False
        except PermissionError:
            return True
        finally:
            probe.chmod(stat.S_IRUSR | stat.S_IWUSR)


AS_ROOT = not _chmod_stops_us()


def paths_in(message: str) -> list[Path]:
    """Every absolute path to a .json file that a message names."""
    return [Path(p) for p in re.findall(r"(/[^\s()]+?\.json)", message)]


def kept_files(folder: Path, why: str = "damaged") -> list[Path]:
    return sorted(p for p in folder.iterdir() if f".{why}-" in p.name)


class FakeLoop:
    """The event loop's timers, driven by hand: ``advance(seconds)`` runs what falls due, in order."""

    class Timer:
        def __init__(self, when, callback):
            self.when, self.callback, self.cancelled = when, callback, False

        def cancel(self):
            self.cancelled = True

    def __init__(self):
        self.now = 1000.0
        self.timers: list[FakeLoop.Timer] = []

    def time(self) -> float:
        return self.now

    def call_later(self, delay, callback):
        timer = self.Timer(self.now + delay, callback)
        self.timers.append(timer)
        return timer

    def advance(self, seconds: float) -> None:
        end = self.now + seconds
        while True:
            due = [t for t in self.timers if not t.cancelled and t.when <= end]
            if not due:
                break
            timer = min(due, key=lambda t: t.when)
            self.timers.remove(timer)
            self.now = timer.when
            timer.callback()
        self.now = end


@pytest.fixture
def loop(monkeypatch):
    fake = FakeLoop()
    monkeypatch.setattr(autosave, "scheduler", fake)
    monkeypatch.setattr(autosave, "_pending", set())
    return fake


@pytest.fixture
def writes(monkeypatch):
    """Every answers-file write, in order (the path written)."""
    done: list[Path] = []
    real = store_module.write_json_atomic

    def counting(path, data):
        real(path, data)
        done.append(Path(path))

    monkeypatch.setattr(store_module, "write_json_atomic", counting)
    return done


# the message FocusWatch's browser side sends on "focusout" (an ipywidgets custom message)
BLUR = {"content": {"data": {"method": "custom", "content": {"event": "blur"}}}, "buffers": []}


def type_into(box, text: str, loop: FakeLoop | None = None, every: float = 0.08, start: str | None = None) -> None:
    """Type ``text`` one character at a time, as the browser sends it (each keystroke a state update)."""
    value = box.value if start is None else start
    for ch in text:
        value += ch
        box.set_state({"value": value})
        if loop is not None:
            loop.advance(every)


# == 1. unreadable files ====================================================================================


def _make_unreadable(case, store: AnswerStore, monkeypatch):
    """Make the answers file unreadable the way ``case`` says; returns a function that makes it readable again."""
    if case.how == "folder":  # (the file's bytes are put back afterwards: the folder itself must stay intact)
        before = store.path.read_bytes()
        store.path.unlink()
        store.path.mkdir()
        (store.path / "inside.txt").write_text("a folder where the answers file goes")

        def put_back():
            assert store.path.joinpath("inside.txt").read_text() == "a folder where the answers file goes"
            store.path.joinpath("inside.txt").unlink()
            store.path.rmdir()
            store.path.write_bytes(before)

        return put_back
    if case.how == "chmod":
        store.path.chmod(0)
        return lambda: store.path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    real = Path.read_bytes

    def failing(self):
        if self == store.path:
            raise OSError(case.errno, case.words)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    return lambda: monkeypatch.setattr(Path, "read_bytes", real)


@pytest.mark.parametrize("case", UNREADABLE_CASES, ids=lambda c: c.name)
def test_an_unreadable_file_is_never_overwritten(case, tmp_path, monkeypatch):
    if case.how == "chmod" and AS_ROOT:
        pytest.skip(ROOT_SKIP)
    first = AnswerStore(LESSON, ARTICLE, tmp_path)
    for n in range(1, 4):  # three earlier marks
        assert first.save({"loaded_language": {"spans": [{"start": i, "end": i + 1} for i in range(n)]}}).ok
    before = first.path.read_bytes()
    readable_again = _make_unreadable(case, first, monkeypatch)

    store = AnswerStore(LESSON, ARTICLE, tmp_path)
    assert store.load() == {}
    notice = store.notice
    assert case.words in notice and "Nothing was deleted" in notice and "will not be overwritten" in notice
    assert str(store.path) in notice and store.conflict is not None and str(store.conflict) in notice
    assert "hidden" not in notice and "~/.newslit" not in notice  # the paths, no folder jargon
    for n in range(2):  # the first new mark, and the next
        result = store.save({"loaded_language": {"spans": [{"start": 50 + n, "end": 60}]}})
        assert result.ok is False, "a save that did not go to the answers file never says Saved"
        assert str(store.path) in result.message and str(result.path) in result.message
        assert result.path == store.conflict and result.path.parent == tmp_path
        assert case.words in result.message
    assert read_answers_file(store.conflict)["answers"]["loaded_language"]["spans"][0]["start"] == 51

    readable_again()
    assert store.path.read_bytes() == before, "the unreadable file was overwritten"
    again = AnswerStore(LESSON, ARTICLE, tmp_path)
    assert len(again.load()["loaded_language"]["spans"]) == 3 and again.notice == ""  # the three marks are back


def test_unreadable_file_through_the_lesson(tmp_path, monkeypatch):
    """The probe: three marks saved; the file becomes unreadable; the first new mark must not replace it."""
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    ex = lesson.highlighter()
    for phrase in ("reclaiming", "exclusively", "progress"):
        ex.highlighter.mark_phrase(phrase)
    before = lesson.store.path.read_bytes()
    _make_unreadable(UNREADABLE_CASES[0], lesson.store, monkeypatch)

    reopened = Lesson(LESSON, answers_folder=tmp_path)
    html = reopened._repr_html_()
    assert 'class="nl-error"' in html and str(reopened.store.path) in html and str(reopened.store.conflict) in html
    marks = reopened.highlighter()
    marks.highlighter.mark_phrase("neglected to mention")
    assert "Saved at" not in marks.status.value and 'role="alert"' in marks.status.value
    assert str(reopened.store.conflict) in marks.status.value
    monkeypatch.undo()
    assert lesson.store.path.read_bytes() == before


# == 2. the file on disk is not the one this copy saw =========================================================


@pytest.mark.parametrize("case", FOREIGN_FILE_CASES, ids=lambda c: c.name)
def test_a_file_this_copy_did_not_see_is_never_overwritten(case, tmp_path):
    copies = {name: AnswerStore(LESSON, ARTICLE, tmp_path) for name in "AB"}
    answers: dict[str, dict] = {"A": {}, "B": {}}
    old, result = b"", None
    for step in case.steps:
        words = step.split()
        if step == "delete":
            copies["A"].path.unlink()
        elif step == "keep-old":
            old = copies["A"].path.read_bytes()
        elif step == "restore-old":
            copies["A"].path.write_bytes(old)
        elif words[0].endswith(".load"):
            who = words[0][0]
            answers[who] = copies[who].load()
            assert copies[who].notice == ""
        else:
            who, key, text = words[0][0], words[1], words[2]
            answers[who][key] = {"text": text}
            result = copies[who].save(dict(answers[who]))
    last = case.steps[-1].split()[0][0]
    on_disk = read_answers_file(copies["A"].path)["answers"]
    for key, text in case.on_disk.items():
        assert on_disk[key] == {"text": text}, f"{key} was lost from the answers file"
    if case.expect == "saved":
        assert result.ok and result.path == copies[last].path
        assert on_disk == answers[last]
        return
    assert result.ok is False, "the other copy's answers were overwritten and the save said Saved"
    assert case.message in result.message
    assert result.path == copies[last].conflict and str(result.path) in result.message
    assert read_answers_file(result.path)["answers"] == answers[last], "the refusing copy's answers are kept too"
    assert on_disk != answers[last]
    again = copies[last].save(dict(answers[last]))  # and it keeps refusing, to the same file
    assert again.ok is False and again.path == result.path


def test_two_tabs_and_a_deleted_file(tmp_path, loop, writes):
    """Tab A open; the answers file is deleted; tab B opens and saves a reflection; tab A saves."""
    tab_a = Lesson(LESSON, answers_folder=tmp_path)
    marks_a = tab_a.highlighter()
    for phrase in ("reclaiming", "exclusively", "progress"):
        marks_a.highlighter.mark_phrase(phrase)
    reflection_a = tab_a.written("reflection", "Which word steered you?")
    tab_a.store.path.unlink()

    tab_b = Lesson(LESSON, answers_folder=tmp_path)
    assert tab_b.answers == {}
    reflection_b = tab_b.written("reflection", "Which word steered you?")
    type_into(reflection_b.box, "Typed in tab B.", loop)
    loop.advance(1.0)
    assert "Saved at" in reflection_b.status.value

    marks_a.highlighter.mark_phrase("neglected to mention")  # a click saves at once
    status = marks_a.status.value
    assert "Saved at" not in status and 'role="alert"' in status and "was replaced after this notebook loaded it" in status
    conflict = tab_a.store.conflict
    assert conflict is not None and str(conflict) in status
    type_into(reflection_a.box, "Typed in tab A.", loop)
    loop.advance(1.0)
    assert "Saved at" not in reflection_a.status.value and str(conflict) in reflection_a.status.value

    on_disk = read_answers_file(tab_a.store.path)["answers"]
    assert on_disk == {"reflection": {"text": "Typed in tab B."}}, "tab B's reflection is gone"
    kept = read_answers_file(conflict)["answers"]
    assert len(kept["loaded_language"]["spans"]) == 4 and kept["reflection"] == {"text": "Typed in tab A."}


# == 3. a damaged file in a read-only folder ====================================================================


def _read_only(monkeypatch, folder: Path) -> None:
    """Simulate a read-only folder for root and everyone: no file can be created, renamed or replaced in it."""
    real_replace, real_mkstemp = os.replace, jsonfiles.tempfile.mkstemp

    def replace(src, dst, *a, **k):
        if Path(src).parent == folder or Path(dst).parent == folder:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_replace(src, dst, *a, **k)

    def mkstemp(*a, dir=None, **k):
        if dir is not None and Path(dir) == folder:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_mkstemp(*a, dir=dir, **k)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(jsonfiles.tempfile, "mkstemp", mkstemp)


def _check_damaged_read_only(store: AnswerStore, data: bytes, make_writable, words: str) -> None:
    folder = store.path.parent
    answers = store.load()
    notice = store.notice
    assert "damaged" in notice and "could not be moved aside" in notice and words in notice
    assert ".damaged-" not in notice and not kept_files(folder), "the notice claims a kept copy that was never written"
    assert all(p.exists() for p in paths_in(notice)), f"the notice names a file that does not exist: {notice}"
    assert "will not be overwritten" in notice and str(store.path) in notice
    assert store.path.read_bytes() == data

    answers["reflection"] = {"text": "Written while the folder is read-only."}
    result = store.save(answers)
    assert result.ok is False and "Saved at" not in result.message
    assert store.path.read_bytes() == data

    make_writable()
    answers["reflection"] = {"text": "Written once the folder is writable."}
    result = store.save(answers)
    assert result.ok and result.path == store.path
    kept = kept_files(folder)
    assert len(kept) == 1 and kept[0].read_bytes() == data, "the damaged bytes were overwritten"
    assert str(kept[0]) in result.message and "damaged" in result.message
    assert read_answers_file(store.path)["answers"]["reflection"]["text"] == "Written once the folder is writable."
    again = AnswerStore(store.lesson, store.article, folder)
    assert again.load() == answers and again.notice == ""
    assert store.save(answers).ok and kept[0].read_bytes() == data  # later saves never touch it either


@pytest.mark.parametrize("name, data", DAMAGED_READ_ONLY_CASES, ids=[c[0] for c in DAMAGED_READ_ONLY_CASES])
def test_damaged_file_in_a_read_only_folder(name, data, tmp_path, monkeypatch):
    folder = tmp_path / "answers"
    folder.mkdir()
    store = AnswerStore(LESSON, ARTICLE, folder)
    store.path.write_bytes(data)
    _read_only(monkeypatch, folder)
    _check_damaged_read_only(store, data, monkeypatch.undo, "Read-only file system")


@pytest.mark.skipif(AS_ROOT, reason=ROOT_SKIP)
def test_damaged_file_in_a_read_only_folder_for_real(tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    store = AnswerStore(LESSON, ARTICLE, folder)
    data = DAMAGED_READ_ONLY_CASES[0][1]
    store.path.write_bytes(data)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        _check_damaged_read_only(store, data, lambda: folder.chmod(stat.S_IRWXU), "Permission denied")
    finally:
        folder.chmod(stat.S_IRWXU)


def test_damaged_file_moved_aside_is_named_by_its_path(tmp_path):
    store = AnswerStore(LESSON, ARTICLE, tmp_path)
    store.path.write_bytes(b"{not json")
    assert store.load() == {}
    kept = kept_files(tmp_path)
    assert len(kept) == 1 and str(kept[0]) in store.notice and kept[0].read_bytes() == b"{not json"


# == 4. answers of the wrong type ===============================================================================


@pytest.mark.parametrize("case", WRONG_TYPE_CASES, ids=lambda c: c.name)
def test_wrong_type_answers_keep_the_valid_ones(case, tmp_path):
    data = answers_bytes(case.answers)
    store = AnswerStore(LESSON, ARTICLE, tmp_path)
    store.path.write_bytes(data)
    restored = store.load()
    assert restored == {k: v for k, v in case.answers.items() if k in case.restored}
    bad = set(case.answers) - case.restored
    assert set(store.dropped) == bad
    for exercise in bad:
        assert f"\u201c{exercise}\u201d" in store.notice, f"the notice does not name {exercise}"
    assert case.field in store.notice and "could not be restored" in store.notice
    kept = kept_files(tmp_path)
    assert len(kept) == 1 and kept[0].read_bytes() == data and str(kept[0]) in store.notice  # the original, intact
    if restored:  # the valid answers are back in place: there the next time too, with no new alarm
        assert read_answers_file(store.path)["answers"] == restored
        again = AnswerStore(LESSON, ARTICLE, tmp_path)
        assert again.load() == restored and again.notice == ""
    assert store.save({**restored, "more": {"text": "new"}}).ok
    assert read_answers_file(store.path)["answers"] == {**restored, "more": {"text": "new"}}
    assert kept[0].read_bytes() == data


def test_wrong_type_through_the_lesson(tmp_path):
    case = next(c for c in WRONG_TYPE_CASES if c.name == "payload-in-a-bad-answer")
    AnswerStore(LESSON, ARTICLE, tmp_path).path.write_bytes(answers_bytes(case.answers))
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    assert set(lesson.answers) == case.restored
    html = lesson._repr_html_()
    assert 'class="nl-error"' in html and "<script>" not in html and "&lt;script&gt;" in html
    assert lesson.written("reflection", "Why?").box.value == GOOD["reflection"]["text"]
    marks = lesson.highlighter()
    assert marks.highlighter.spans, "the valid marks are back in the widget"


# == typing: saved after a pause, on blur, at shutdown ============================================================


def test_typing_saves_after_a_pause_not_per_keystroke(tmp_path, loop, writes):
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Which word steered you?")
    text = "The word regime steered me, because it makes one side sound illegitimate before any fact. " + "x" * 10
    assert len(text) == 100
    type_into(answer.box, text, loop, every=0.08)
    assert writes == [], "a save per keystroke"
    assert answer.status.value == SaveStatus.SAVING
    assert lesson.answers["reflection"] == {"text": text}  # in the notebook at once (hand-in, other saves)
    loop.advance(0.5)
    assert writes == [] and not lesson.store.path.exists()
    loop.advance(0.5)  # one second after the last keystroke
    assert writes == [lesson.store.path]
    assert read_answers_file(lesson.store.path)["answers"]["reflection"]["text"] == text
    assert "✓ Saved at" in answer.status.value
    loop.advance(10)
    assert len(writes) == 1


def test_a_pause_in_typing_saves_once_per_pause(tmp_path, loop, writes):
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")
    type_into(answer.box, "First thought.", loop, every=0.1)
    loop.advance(2.0)  # a pause
    type_into(answer.box, " Second thought.", loop, every=0.1)
    loop.advance(2.0)
    assert len(writes) == 2
    assert read_answers_file(lesson.store.path)["answers"]["reflection"]["text"] == "First thought. Second thought."


def test_focus_leaving_the_box_saves_at_once(tmp_path, loop, writes):
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")
    type_into(answer.box, "Typed, then Tab.")
    assert writes == []
    answer.saver.watch._handle_msg(BLUR)
    assert writes == [lesson.store.path] and "✓ Saved at" in answer.status.value
    loop.advance(5)
    assert len(writes) == 1  # the timer found nothing left to save
    answer.saver.watch._handle_msg(BLUR)
    assert len(writes) == 1  # a blur with nothing typed saves nothing


def test_keystrokes_held_back_behind_the_blur_are_saved_at_once(tmp_path, loop, writes):
    """ipywidgets sends a box's value one message at a time, so the last keystrokes can arrive after the blur."""
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")
    type_into(answer.box, "Typed fast")
    answer.saver.watch._handle_msg(BLUR)
    assert len(writes) == 1
    loop.advance(0.02)
    answer.box.set_state({"value": "Typed fast, then Tab"})  # the held-back keystrokes, in one update, 20 ms later
    assert len(writes) == 2 and "✓ Saved at" in answer.status.value
    assert read_answers_file(lesson.store.path)["answers"]["reflection"]["text"] == "Typed fast, then Tab"
    loop.advance(5)
    type_into(answer.box, " Back in the box later.", loop)  # typing again later is debounced as usual
    assert len(writes) == 2
    loop.advance(1.0)
    assert len(writes) == 3


def test_a_pending_save_is_flushed_at_shutdown(tmp_path, loop, writes, monkeypatch):
    registered = []
    monkeypatch.setattr(autosave, "_atexit_registered", False)
    monkeypatch.setattr(autosave.atexit, "register", registered.append)
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")
    type_into(answer.box, "Typed just before the tab closed.")
    assert registered == [autosave.flush_all] and writes == []
    for run_at_exit in registered:
        run_at_exit()
    assert read_answers_file(lesson.store.path)["answers"]["reflection"]["text"] == "Typed just before the tab closed."
    assert autosave._pending == set()


def test_code_that_sets_a_value_saves_at_once(tmp_path, loop, writes):
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")
    answer.box.value = "set by a script"
    assert writes == [lesson.store.path] and "Saved at" in answer.status.value


def test_without_an_event_loop_typing_saves_at_once(tmp_path, writes):
    """A plain script has no event loop to run a timer: typing must then be saved at once, never dropped."""
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")
    type_into(answer.box, "abc")
    assert len(writes) == 3 and "Saved at" in answer.status.value


def test_typing_on_a_real_asyncio_loop(tmp_path, writes):
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")
    seen = {}

    async def typing():
        for ch in "On a real loop.":
            answer.box.set_state({"value": answer.box.value + ch})
            await asyncio.sleep(0.02)
        seen["after typing"] = len(writes)
        loop = asyncio.get_running_loop()
        started = loop.time()
        while not writes and loop.time() - started < 3:
            await asyncio.sleep(0.02)
        seen["delay"] = loop.time() - started

    asyncio.run(typing())
    assert seen["after typing"] == 0 and len(writes) == 1
    assert 0.5 < seen["delay"] < 1.5, seen
    assert read_answers_file(lesson.store.path)["answers"]["reflection"]["text"] == "On a real loop."


def _claims_lesson(folder):
    return Lesson("02_unsupported_claims", answers_folder=folder)


def _context_lesson(folder):
    return Lesson("03_missing_context", answers_folder=folder)


def _production(folder):
    from newslit.widgets.production import ProductionExercise

    return ProductionExercise(Lesson("04_capstone", answers_folder=folder))


TEXT_WIDGETS = {
    "TextAnswer": (lambda f: Lesson(LESSON, answers_folder=f).written("reflection", "Why?"), "box", "reflection"),
    "RewriteExercise": (lambda f: Lesson(LESSON, answers_folder=f).rewrite(), "box", "rewrite"),
    "ProductionExercise (loaded)": (_production, "loaded_box", "production"),
    "ProductionExercise (neutral)": (_production, "neutral_box", "production"),
    "RubricAnswer": (lambda f: _context_lesson(f).rubric_answer("context_written"), "box", "context_written"),
    "EvidencePlan": (lambda f: _claims_lesson(f).evidence_plan(), "box", "evidence_plan"),
    "AttributionRewrite": (lambda f: _claims_lesson(f).attribution_rewrite(), "box", "rewrite_attribution"),
}


@pytest.mark.parametrize("name", TEXT_WIDGETS)
def test_every_text_box_saves_after_a_pause(name, tmp_path, loop, writes):
    make, box_name, exercise = TEXT_WIDGETS[name]
    widget = make(tmp_path)
    box = getattr(widget, box_name)
    assert box.continuous_update, "every keystroke must reach the kernel"
    type_into(box, " and more typed here", loop, every=0.1)
    assert writes == [], f"{name}: a save per keystroke"
    assert widget.status.value == SaveStatus.SAVING
    loop.advance(1.0)
    assert len(writes) == 1 and "✓ Saved at" in widget.status.value
    saved = read_answers_file(writes[0])["answers"][exercise]
    assert saved["text"].endswith(" and more typed here") or box.value in saved["text"]
    assert "nl-autosave" in widget._dom_classes and widget.saver.watch in widget.children


# == the status line tells the truth ====================================================================================


def test_saved_appears_only_once_the_bytes_are_on_disk(tmp_path, loop):
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")
    seen = []

    def status_changed(change):
        on_disk = read_answers_file(lesson.store.path)["answers"] if lesson.store.path.exists() else {}
        seen.append((change["new"], on_disk.get("reflection", {}).get("text")))

    answer.status.observe(status_changed, "value")
    type_into(answer.box, "Checked on disk.", loop, every=0.1)
    loop.advance(1.0)
    assert seen[0] == (SaveStatus.SAVING, None)
    assert "✓ Saved at" in seen[-1][0] and seen[-1][1] == "Checked on disk."
    for value, text in seen:
        if "Saved at" in value:
            assert text == "Checked on disk.", "Saved was shown before the bytes were on disk"


def test_a_failed_save_is_an_error_never_saved(tmp_path, loop, monkeypatch):
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(jsonfiles.os, "fsync", full)
    type_into(answer.box, "Will not fit.", loop)
    loop.advance(1.0)
    assert "Saved at" not in answer.status.value and 'role="alert"' in answer.status.value
    assert "the disk is full" in answer.status.value and "still here in this notebook" in answer.status.value
    monkeypatch.undo()
    type_into(answer.box, " Now it fits.", loop)
    loop.advance(1.0)
    assert "✓ Saved at" in answer.status.value
    assert read_answers_file(lesson.store.path)["answers"]["reflection"]["text"] == "Will not fit. Now it fits."


def test_an_unexpected_error_on_the_loop_is_shown(tmp_path, loop, monkeypatch):
    lesson = Lesson(LESSON, answers_folder=tmp_path)
    answer = lesson.written("reflection", "Why?")

    def broken(*_):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(lesson, "record", broken)
    type_into(answer.box, "x", loop)
    loop.advance(1.0)  # the timer's callback must not raise into the event loop
    assert "something unexpected" in answer.status.value and 'role="alert"' in answer.status.value


# == in a real kernel: the comm messages JupyterLab and Voilà send ======================================================


KERNEL_SETUP = '''
from newslit import Lesson
from newslit.widgets import autosave
lesson = Lesson("01_loaded_language", article="aleppo-2016", answers_folder={folder!r})
answer = lesson.written("reflection", "Why?")
print("IDS", answer.box.model_id, answer.saver.watch.model_id)
'''


def test_in_a_real_kernel_typing_blur_and_shutdown(tmp_path):
    from jupyter_client import KernelManager

    folder = tmp_path / "answers"
    path = folder / f"{ARTICLE}--{LESSON}.json"
    km = KernelManager(kernel_name="python3")
    log = open(tmp_path / "kernel.log", "wb")
    km.start_kernel(env=subprocess_env(), cwd=str(REPO), stdout=log, stderr=log)
    log.close()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        out = []

        def printed(msg):
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])

        reply = kc.execute_interactive(KERNEL_SETUP.format(folder=str(folder)), timeout=60, output_hook=printed)
        assert reply["content"]["status"] == "ok", reply["content"]
        box_id, watch_id = re.search(r"IDS (\w+) (\w+)", "".join(out)).groups()

        def comm(comm_id, data):
            kc.shell_channel.send(kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data}))

        def text_on_disk():
            try:
                return read_answers_file(path)["answers"]["reflection"]["text"]
            except Exception:
                return None

        def wait_for(text, seconds):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if text_on_disk() == text:
                    return True
                time.sleep(0.05)
            return False

        # typing: keystrokes as the browser sends them; saved by the kernel's event loop after the pause
        for i in range(1, 6):
            comm(box_id, {"method": "update", "state": {"value": "typed"[:i]}, "buffer_paths": []})
        assert wait_for("typed", 3), "the kernel's timer did not save the typing"

        # blur: with the timer out of the way (a minute), the focus leaving the box saves at once
        kc.execute_interactive("answer.saver.delay = 60", timeout=30)
        comm(box_id, {"method": "update", "state": {"value": "typed, then Tab"}, "buffer_paths": []})
        assert not wait_for("typed, then Tab", 0.5)
        comm(watch_id, {"method": "custom", "content": {"event": "blur"}})
        assert wait_for("typed, then Tab", 3), "the blur message did not save"

        # shutdown: typed just before the kernel is shut down (the timer would wait a minute; the blur was
        # over a second ago, so this is new typing, not keystrokes held back behind the blur)
        time.sleep(autosave.AFTER_BLUR + 0.2)
        comm(box_id, {"method": "update", "state": {"value": "typed, then the tab closed"}, "buffer_paths": []})
        kc.execute_interactive("print(answer.status.value)", timeout=30, output_hook=printed)
        assert "Saving" in out[-1] and text_on_disk() == "typed, then Tab"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)  # a shutdown request, as the server sends when a tab or a Voilà page closes
    assert text_on_disk() == "typed, then the tab closed", "the pending save was not flushed at shutdown"


def test_a_file_where_the_answers_folder_should_be_is_named_not_called_a_full_disk(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "answers").write_text("not a folder")
    monkeypatch.setenv("NEWSLIT_HOME", str(home))
    from newslit.learner.store import AnswerStore

    store = AnswerStore("01_loaded_language", "aleppo-2016")
    store.load()
    result = store.save({"reflection": {"text": "kept"}})
    assert not result.ok
    assert f"{home / 'answers'} is a file, but your answers need a folder there" in result.message
    assert "free some space" not in result.message.lower() and "File exists" not in result.message
    assert (home / "answers").read_text() == "not a folder", "nothing is overwritten"
