"""newslit.learner.store and jsonfiles.write_json_atomic: answers are autosaved and never lost."""

from __future__ import annotations

import errno
import json
import os
import stat

import pytest

from newslit import files as jsonfiles
from newslit.errors import NewslitError
from newslit.files import write_json_atomic
from newslit.learner.store import FORMAT, AnswerStore, SaveResult, read_answers_file

ANSWERS = {"loaded_language": {"spans": [{"start": 1, "end": 5, "text": "abcd"}]}, "reflection": {"text": "Words matter. “Quotes” ✓"}}


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def store(answers_home):
    return AnswerStore("01_loaded_language", "aleppo-2016")


def test_default_folder_is_newslit_home(store, answers_home):
    assert store.path == answers_home / "answers" / "aleppo-2016--01_loaded_language.json"


def test_load_when_nothing_saved(store):
    assert store.load() == {}
    assert store.notice == ""
    assert not store.path.exists()


def test_save_load_round_trip(store):
    result = store.save(ANSWERS, {"loaded_language": "1"})
    assert isinstance(result, SaveResult)
    assert result.ok and result.path == store.path and result.message.startswith("Saved at")
    fresh = AnswerStore("01_loaded_language", "aleppo-2016")
    assert fresh.load() == ANSWERS
    assert fresh.notice == ""
    data = read_answers_file(store.path)
    assert data["format"] == FORMAT
    assert data["lesson"] == "01_loaded_language" and data["article"] == "aleppo-2016"
    assert data["key_versions"] == {"loaded_language": "1"}
    assert data["revision"] == 1 and fresh.revision == 1
    assert "saved_at" in data
    assert store.path.read_bytes().decode("utf-8")  # UTF-8 on disk
    assert "“Quotes” ✓" in store.path.read_text(encoding="utf-8")


def test_repeated_saves_bump_revision(store):
    for n in range(1, 4):
        assert store.save({"n": {"text": str(n)}}).ok
        assert store.revision == n
    assert AnswerStore("01_loaded_language", "aleppo-2016").load() == {"n": {"text": "3"}}
    assert leftovers(store.folder) == []


def test_stores_are_per_lesson_and_article(tmp_path):
    a = AnswerStore("l1", "art", tmp_path)
    b = AnswerStore("l2", "art", tmp_path)
    a.save({"x": {"text": "a"}})
    assert b.load() == {}
    assert a.path != b.path


# -- atomic writes --------------------------------------------------------------


def test_write_json_atomic_creates_folders(tmp_path):
    path = tmp_path / "a" / "b" / "c.json"
    write_json_atomic(path, {"é": [1, 2]})
    assert json.loads(path.read_text(encoding="utf-8")) == {"é": [1, 2]}
    assert leftovers(path.parent) == []


def test_interrupted_replace_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "answers.json"
    write_json_atomic(path, {"old": True})
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(jsonfiles.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_json_atomic(path, {"new": True})
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


class _HalfWriter:
    """A file object that writes half of what it is given, then fails."""

    def __init__(self, real, exc):
        self.real, self.exc = real, exc

    def write(self, data):
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise self.exc

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()
        return False

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("exc", [OSError(errno.EIO, "Input/output error"), KeyboardInterrupt()])
def test_write_interrupted_half_way_keeps_old_file(tmp_path, monkeypatch, exc):
    path = tmp_path / "answers.json"
    write_json_atomic(path, {"old": "x" * 1000})
    before = path.read_bytes()
    real_fdopen = os.fdopen
    seen = []

    def half_fdopen(fd, *args, **kwargs):
        seen.append(fd)
        return _HalfWriter(real_fdopen(fd, *args, **kwargs), exc)

    monkeypatch.setattr(jsonfiles.os, "fdopen", half_fdopen)
    with pytest.raises(type(exc)):
        write_json_atomic(path, {"new": "y" * 1000})
    assert seen, "the write went through os.fdopen"
    assert path.read_bytes() == before
    assert json.loads(before) == {"old": "x" * 1000}
    assert leftovers(tmp_path) == []


def test_store_save_interrupted_keeps_old_answers(store, monkeypatch):
    assert store.save(ANSWERS).ok
    before = store.path.read_bytes()
    real_fdopen = os.fdopen
    with monkeypatch.context() as m:
        m.setattr(jsonfiles.os, "fdopen",
                  lambda fd, *a, **k: _HalfWriter(real_fdopen(fd, *a, **k), OSError(errno.EIO, "Input/output error")))
        result = store.save({"other": {"text": "new"}})
    assert result.ok is False
    assert "Input/output error" in result.message
    assert store.path.read_bytes() == before
    assert leftovers(store.folder) == []
    assert AnswerStore("01_loaded_language", "aleppo-2016").load() == ANSWERS
    assert store.save({"other": {"text": "new"}}).ok  # works again once the disk does


# -- damaged files ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": "newslit-answers/1", "answers": {"x": ',  # cut off half-way
        b"\xff\xfe\x00g\x00a\x00r\x00",  # not UTF-8
        b"",  # empty
        b"[1, 2, 3]",  # not an object
        b'{"format": "something-else/1", "answers": {}}',
        b'{"format": "newslit-answers/1", "answers": []}',
    ],
)
def test_damaged_file_moved_aside(store, content):
    store.folder.mkdir(parents=True)
    store.path.write_bytes(content)
    assert store.load() == {}
    assert "damaged" in store.notice and "starting with empty answers" in store.notice
    assert not store.path.exists()
    kept = [p for p in store.folder.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1
    assert kept[0].read_bytes() == content  # never deleted
    assert kept[0].name in store.notice
    assert store.save(ANSWERS).ok
    assert AnswerStore("01_loaded_language", "aleppo-2016").load() == ANSWERS


@pytest.mark.parametrize("revision", ["x", None, [1]])
def test_damaged_revision_moved_aside(store, revision):
    store.folder.mkdir(parents=True)
    store.path.write_text(json.dumps({"format": FORMAT, "answers": {"a": {"text": "b"}}, "revision": revision}))
    assert store.load() == {}
    assert "damaged" in store.notice


def test_read_answers_file_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(NewslitError, match="Cannot read answers file"):
        read_answers_file(bad)
    bad.write_text('{"format": "other"}')
    with pytest.raises(NewslitError, match="not a newslit answers file"):
        read_answers_file(bad)


# -- two copies of a lesson ---------------------------------------------------------


def test_second_copy_saves_to_conflict_file(store):
    first = AnswerStore("01_loaded_language", "aleppo-2016")
    second = AnswerStore("01_loaded_language", "aleppo-2016")
    assert first.load() == {} and second.load() == {}
    assert first.save({"who": {"text": "first"}}).ok
    result = second.save({"who": {"text": "second"}})
    assert result.ok is False
    assert result.path is not None and result.path != second.path
    assert ".conflict-" in result.path.name and result.path.parent == second.folder
    assert result.path.name in result.message and "Another copy" in result.message
    assert read_answers_file(result.path)["answers"] == {"who": {"text": "second"}}
    assert read_answers_file(first.path)["answers"] == {"who": {"text": "first"}}  # not overwritten
    assert first.save({"who": {"text": "first again"}}).ok  # the first copy carries on normally
    assert read_answers_file(first.path)["answers"] == {"who": {"text": "first again"}}


def test_reopened_copy_saves_normally(store):
    first = AnswerStore("01_loaded_language", "aleppo-2016")
    first.save({"a": {"text": "1"}})
    reopened = AnswerStore("01_loaded_language", "aleppo-2016")
    assert reopened.load() == {"a": {"text": "1"}}
    assert reopened.save({"a": {"text": "2"}}).ok
    assert not [p for p in reopened.folder.iterdir() if "conflict" in p.name]


# -- disk problems: a result, never an exception -----------------------------------------


def test_read_only_folder(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    store = AnswerStore("l", "a", folder)
    assert store.save(ANSWERS).ok
    before = store.path.read_bytes()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.geteuid() == 0:  # root ignores permissions: fail the way a read-only folder does
            def denied(*args, **kwargs):
                raise PermissionError(errno.EACCES, "Permission denied")

            monkeypatch.setattr(jsonfiles.tempfile, "mkstemp", denied)
        result = store.save({"new": {"text": "x"}})
    finally:
        folder.chmod(stat.S_IRWXU)
    assert isinstance(result, SaveResult) and result.ok is False
    assert "Could not save your answers" in result.message and "Permission denied" in result.message
    assert store.path.read_bytes() == before
    assert leftovers(folder) == []


def test_folder_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = AnswerStore("l", "a", blocker / "answers").save(ANSWERS)
    assert result.ok is False and "Could not save" in result.message


def test_disk_full(store, monkeypatch):
    assert store.save(ANSWERS).ok
    before = store.path.read_bytes()
    real_fdopen = os.fdopen
    monkeypatch.setattr(jsonfiles.os, "fdopen",
                        lambda fd, *a, **k: _HalfWriter(real_fdopen(fd, *a, **k), OSError(errno.ENOSPC, "No space left on device")))
    result = store.save({"new": {"text": "x"}})
    assert result == SaveResult(False, result.message, None)
    assert "the disk is full" in result.message and "do not close it" in result.message
    assert store.path.read_bytes() == before
    assert leftovers(store.folder) == []


def test_disk_full_on_fsync(store, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(jsonfiles.os, "fsync", full)
    result = store.save(ANSWERS)
    assert result.ok is False and "the disk is full" in result.message
    assert not store.path.exists()
    assert leftovers(store.folder) == []


def test_unreadable_answers_file_gives_notice(store, monkeypatch):
    store.save(ANSWERS)
    fresh = AnswerStore("01_loaded_language", "aleppo-2016")

    def eio(self):
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as m:
        m.setattr(type(fresh.path), "read_bytes", eio)
        assert fresh.load() == {}
    assert "Input/output error" in fresh.notice and "Nothing was deleted" in fresh.notice
    assert store.path.exists()
    assert fresh.load() == ANSWERS


def test_two_damaged_files_in_the_same_second_are_both_kept(store, monkeypatch):
    import newslit.learner.store as store_module

    monkeypatch.setattr(store_module.time, "strftime", lambda fmt, *a: "20240101-120000")
    store.folder.mkdir(parents=True)
    store.path.write_bytes(b"first damaged")
    assert store.load() == {}
    store.path.write_bytes(b"second damaged")
    assert store.load() == {}
    kept = sorted(p.read_bytes() for p in store.folder.iterdir() if ".damaged-" in p.name)
    assert kept == [b"first damaged", b"second damaged"]
