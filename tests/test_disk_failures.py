"""A full disk and a read-only folder, through a lesson's widgets.

The learner must be told (the widget's save line says what went wrong and
what to do), the answers stay in the notebook's memory, the file on disk keeps
the last good save, and saving works again once the disk does.

As root (CI, classroom servers) the disk is real: a 256 kB tmpfs, filled up,
and a tmpfs remounted read-only (root ignores file permissions, so chmod
would prove nothing; a read-only mount stops root too). Where mounting is not
allowed the same failures are simulated by making the write fail with
ENOSPC / EROFS, and the test says so (NEWSLIT_SIMULATE_DISK=1 forces that).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from newslit import files as jsonfiles
from newslit.learner.store import read_answers_file

MODES: list[str] = []  # "real" or "simulated", for the figures


def _run(*cmd: str) -> bool:
    return subprocess.run(cmd, capture_output=True).returncode == 0


@contextmanager
def small_tmpfs(where: Path, size: str = "256k"):
    """A tmpfs of ``size`` mounted at ``where``; yields False (and mounts nothing) if mounting is not allowed."""
    where.mkdir()
    mounted = (os.environ.get("NEWSLIT_SIMULATE_DISK") != "1" and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None
               and _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "newslit-test", str(where)))
    try:
        yield mounted
    finally:
        if mounted and not _run("umount", str(where)):
            _run("umount", "-l", str(where))


def fill(folder: Path) -> Path:
    """Fill the file system holding ``folder`` to the last byte."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    with open(folder / "filler-small.bin", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0")
        except OSError:
            pass
    return filler


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def failing_writes(monkeypatch, err: int, text: str):
    """Simulate the disk: every write of a temporary file fails with ``err`` (after creating the file, as on a full disk)."""
    real_mkstemp = jsonfiles.tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        if err == errno.EROFS:  # a read-only folder refuses the new file itself
            raise OSError(err, text)
        return real_mkstemp(*args, **kwargs)  # a full disk still creates it, then cannot write to it

    real_fdopen = jsonfiles.os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()
            return False

        def write(self, data):
            raise OSError(err, text)

        def __getattr__(self, name):
            return getattr(self.f, name)

    monkeypatch.setattr(jsonfiles.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(jsonfiles.os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))


def open_lesson(folder: Path):
    from newslit.widgets.lesson import Lesson

    lesson = Lesson("01_loaded_language", article="aleppo-2016", answers_folder=folder)
    return lesson, lesson.highlighter(), lesson.written("reflection", "Which word steered you most?")


def test_full_disk_tells_the_learner_and_keeps_answers(tmp_path, monkeypatch):
    mnt = tmp_path / "small-disk"
    with small_tmpfs(mnt) as real:
        MODES.append("real 256 kB tmpfs, filled" if real else "simulated ENOSPC")
        folder = mnt / "answers"
        lesson, marks, reflection = open_lesson(folder)
        reflection.box.value = "The word 'regime' steered me."
        assert "Saved at" in reflection.status.value
        before = lesson.store.path.read_bytes()

        filler = fill(mnt) if real else None
        if not real:
            failing_writes(monkeypatch, errno.ENOSPC, "No space left on device")
        long_answer = "A long reflection that no longer fits on the disk. " * 2000  # ~100 kB
        reflection.box.value = long_answer
        marks.highlighter.mark_phrase("reclaiming")

        for status in (reflection.status.value, marks.status.value):
            assert 'role="alert"' in status and "Something needs fixing" in status
            assert "the disk is full" in status and "still here in this notebook" in status and "do not close it" in status
        # In memory: everything the learner did. On disk: the last good save, intact.
        assert lesson.answers["reflection"] == {"text": long_answer}
        assert [s["text"] for s in lesson.answers["loaded_language"]["spans"]] == ["reclaiming"]
        assert lesson.store.path.read_bytes() == before
        assert read_answers_file(lesson.store.path)["answers"] == {"reflection": {"text": "The word 'regime' steered me."}}
        assert leftovers(folder) == []

        # Space again: the next change saves everything that was kept in memory.
        if real:
            filler.unlink()
            (mnt / "filler-small.bin").unlink()
        else:
            monkeypatch.undo()
        reflection.box.value = long_answer + "Done."
        assert "Saved at" in reflection.status.value
        saved = read_answers_file(lesson.store.path)["answers"]
        assert saved["reflection"]["text"].endswith("Done.")
        assert [s["text"] for s in saved["loaded_language"]["spans"]] == ["reclaiming"]
    print(f"\nFIGURES full-disk: {MODES[-1]}; learner told, answers kept in memory and saved once space returned")


def test_read_only_folder_tells_the_learner_and_keeps_answers(tmp_path, monkeypatch):
    mnt = tmp_path / "ro-disk"
    with small_tmpfs(mnt, "1m") as real:
        MODES.append("real read-only tmpfs remount" if real else "simulated EROFS")
        folder = mnt / "answers"
        lesson, marks, reflection = open_lesson(folder)
        marks.highlighter.mark_phrase("reclaiming")
        assert "Saved at" in marks.status.value
        before = lesson.store.path.read_bytes()

        if real:
            assert _run("mount", "-o", "remount,ro", str(mnt)), "could not remount read-only"
            with pytest.raises(OSError) as exc:
                (folder / "probe").write_text("x")  # even root cannot write here now
            assert exc.value.errno == errno.EROFS
        else:
            failing_writes(monkeypatch, errno.EROFS, "Read-only file system")

        marks.highlighter.mark_phrase("exclusively")
        reflection.box.value = "Written while the folder is read-only."
        for status in (marks.status.value, reflection.status.value):
            assert 'role="alert"' in status and "Could not save your answers (Read-only file system)" in status
            assert "still here in this notebook" in status
        assert {s["text"] for s in lesson.answers["loaded_language"]["spans"]} == {"reclaiming", "exclusively"}
        assert lesson.answers["reflection"] == {"text": "Written while the folder is read-only."}
        assert lesson.store.path.read_bytes() == before

        # Opening the lesson again on the read-only folder still restores the last good save, with no false alarm.
        again, again_marks, _ = open_lesson(folder)
        assert again.store.notice == ""
        assert [s["text"] for s in again.answers["loaded_language"]["spans"]] == ["reclaiming"]
        assert sorted(again_marks.highlighter.marked) == sorted(marks.highlighter.words_in(
            *(lambda s: (s["start"], s["end"]))(again.answers["loaded_language"]["spans"][0])))

        if real:
            assert _run("mount", "-o", "remount,rw", str(mnt))
        else:
            monkeypatch.undo()
        reflection.box.value = "Written once the folder is writable again."
        assert "Saved at" in reflection.status.value
        saved = read_answers_file(lesson.store.path)["answers"]
        assert {s["text"] for s in saved["loaded_language"]["spans"]} == {"reclaiming", "exclusively"}
        assert saved["reflection"]["text"] == "Written once the folder is writable again."
        assert leftovers(folder) == []
    print(f"\nFIGURES read-only: {MODES[-1]}; learner told, answers kept in memory and saved once writable")
