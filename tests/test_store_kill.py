"""Kill the process that is saving answers (SIGKILL, no clean-up at all), over and over.

After every kill the answers file must parse and hold exactly one of the
versions that were being written: the last one whose save returned, or the one
in flight when the kill came. Never a mix, never an older one, never gone.
Temporary files a kill leaves behind are removed by the next load.

Two variants:

* a child Python process calling ``AnswerStore.save`` (the call every widget
  makes) in a tight loop with growing answers, killed at random moments,
  ``NEWSLIT_KILLS`` times (default 120);
* a real Jupyter kernel typing into a lesson's written-answer widget (the same
  path as a learner typing), the kernel process killed mid-save, restarted,
  ``NEWSLIT_KERNEL_KILLS`` times (default 8).

Each prints its figures (kills, kills that landed inside a save, temp files
cleaned) for docs/hardening.md.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newslit.learner.store import AnswerStore, read_answers_file

from tests.conftest import REPO, subprocess_env

KILLS = int(os.environ.get("NEWSLIT_KILLS", "120"))
KERNEL_KILLS = int(os.environ.get("NEWSLIT_KERNEL_KILLS", "8"))
LESSON, ARTICLE = "01_loaded_language", "aleppo-2016"

# Version n of the answers: it grows (and cycles, keeping files under ~30 kB), and n can be read back from it.
VERSION_SRC = '''
def version(n):
    return {
        "loaded_language": {"spans": [{"start": 10 * i, "end": 10 * i + 7, "text": f"word{i:03d}"} for i in range(n % 200 + 1)]},
        "reflection": {"text": f"Version {n}. " + "Loaded words steer readers \\u201cquietly\\u201d \\u2713. " * (n % 300)},
    }
'''
exec(VERSION_SRC)  # defines version() here exactly as in the child

CHILD = VERSION_SRC + '''
import os, sys
from newslit.learner.store import AnswerStore

store = AnswerStore(sys.argv[1], sys.argv[2], sys.argv[3])
answers = store.load()
n = int(answers["reflection"]["text"].split()[1].rstrip("."))
log = os.open(sys.argv[4], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
os.write(log, b"ready\\n")
while True:
    n += 1
    os.write(log, f"start {n}\\n".encode())
    result = store.save(version(n))
    if not result.ok:
        os.write(log, f"fail {n} {result.message}\\n".encode())
        sys.exit(1)
    os.write(log, f"done {n}\\n".encode())
'''


def n_of(answers: dict) -> int:
    return int(re.match(r"Version (\d+)\.", answers["reflection"]["text"]).group(1))


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


class Log:
    """The child's log of saves: 'ready', 'start n', 'done n', read incrementally."""

    def __init__(self, path: Path):
        self.path, self.offset = path, 0

    def wait_for(self, word: str, timeout: float, proc=None) -> list[str]:
        lines: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            lines += self.read()
            if any(line == word for line in lines):
                return lines
            if proc is not None and proc.poll() is not None:
                raise AssertionError(f"the saving process ended by itself (status {proc.returncode}): {lines[-3:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {word!r} in the log after {timeout} s: {lines[-3:]}")
            time.sleep(0.005)

    def read(self) -> list[str]:
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        return complete.decode().splitlines()


def read_log(lines: list[str], last_done: int) -> tuple[int, int | None]:
    """From a saver's log: the last completed version and the one in flight (None if none); no save failed."""
    for line in lines:
        assert not line.startswith("fail"), line
        if line.startswith("done "):
            last_done = int(line.split()[1])
    starts = [int(line.split()[1]) for line in lines if line.startswith("start ")]
    return last_done, (starts[-1] if starts and starts[-1] > last_done else None)


def check_after_kill(path: Path, lines: list[str], last_done: int) -> tuple[int, int | None]:
    """Assert the file holds the last completed version or the one in flight; return (last_done, in_flight)."""
    last_done, in_flight = read_log(lines, last_done)
    data = read_answers_file(path)  # raises if the file is gone or does not parse
    n = n_of(data["answers"])
    assert data["answers"] == version(n), f"version {n} on disk is not exactly what was written"
    assert data["revision"] == n, "the revision counts saves; it must match the version"
    allowed = {last_done} | ({in_flight} if in_flight else set())
    assert n in allowed, f"on disk: version {n}; expected one of {sorted(allowed)}"
    return n, in_flight


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_mid_save_never_loses_or_corrupts_answers(tmp_path):
    folder = tmp_path / "answers"
    store = AnswerStore(LESSON, ARTICLE, folder)
    assert store.save(version(1)).ok
    log = Log(tmp_path / "saves.log")
    log.path.touch()
    rng = random.Random(int(os.environ.get("NEWSLIT_KILL_SEED", "20261125")))
    last_done, mid_save, temp_left, max_temp = 1, 0, 0, 0
    started = time.monotonic()
    for kill in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, LESSON, ARTICLE, str(folder), str(log.path)],
                                env=subprocess_env(), cwd=REPO)
        try:
            lines = log.wait_for("ready", timeout=60, proc=proc)
            time.sleep(rng.uniform(0.0, 0.12))
            os.kill(proc.pid, signal.SIGKILL)
            assert proc.wait(10) == -signal.SIGKILL, "the child ended before it was killed"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        lines += log.read()
        last_done, in_flight = check_after_kill(store.path, lines, last_done)
        assert last_done > 1 or kill < 3, "the child did not get to save at all"
        mid_save += in_flight is not None
        left = temp_files(folder)
        assert len(left) <= 1, f"temporary files accumulate: {left}"  # the kill can leave at most the one in flight
        temp_left += bool(left)
        max_temp = max(max_temp, len(left))

    fresh = AnswerStore(LESSON, ARTICLE, folder)
    answers = fresh.load()  # the next load cleans whatever the last kill left
    assert answers == version(last_done) and fresh.revision == last_done
    assert temp_files(folder) == []
    assert fresh.save(version(last_done + 1)).ok
    print(f"\nFIGURES store-kill: {KILLS} SIGKILLs survived in {time.monotonic() - started:.0f} s; "
          f"{last_done - 1} saves completed; {mid_save} kills landed inside a save; "
          f"{temp_left} left a temporary file, each removed by the next load; files never corrupt or lost.")


KERNEL_CODE = '''
import os
from newslit import Lesson

def text(n):
    return f"Version {n}. " + "Loaded words steer readers \\u201cquietly\\u201d. " * (n % 120)

lesson = Lesson("01_loaded_language", article="aleppo-2016", answers_folder=ANSWERS)
box = lesson.written("reflection", "Which loaded word did the most to steer you?")
n = int(box.box.value.split()[1].rstrip(".")) if box.box.value else 0
log = os.open(LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
os.write(log, b"ready\\n")
while True:
    n += 1
    os.write(log, f"start {n}\\n".encode())
    box.box.value = text(n)  # what typing does: the widget saves through Lesson.record
    if "Saved at" not in box.status.value:
        os.write(log, f"fail {n} {box.status.value}\\n".encode())
        break
    os.write(log, f"done {n}\\n".encode())
'''


def kernel_text(n: int) -> str:
    return f"Version {n}. " + "Loaded words steer readers \u201cquietly\u201d. " * (n % 120)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_kernel_killed_mid_save_keeps_answers(tmp_path):
    from jupyter_client import KernelManager

    folder, log = tmp_path / "answers", Log(tmp_path / "kernel-saves.log")
    log.path.touch()
    store = AnswerStore(LESSON, ARTICLE, folder)
    rng = random.Random(7)
    last_done, mid_save = 0, 0
    env = subprocess_env(NEWSLIT_HOME=str(tmp_path / "home"))
    code = f"ANSWERS = {str(folder)!r}\nLOG = {str(log.path)!r}\n" + KERNEL_CODE
    for kill in range(KERNEL_KILLS):
        km = KernelManager(kernel_name="python3")
        kernel_log = open(tmp_path / f"kernel-{kill}.log", "wb")  # its warnings stay out of the test output
        km.start_kernel(env=env, cwd=str(tmp_path), stdout=kernel_log, stderr=subprocess.STDOUT)
        kernel_log.close()
        kc = km.client()
        try:
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            kc.execute(code)
            lines = log.wait_for("ready", timeout=120)
            time.sleep(rng.uniform(0.05, 0.4))
            pid = km.provisioner.pid
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while km.is_alive() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not km.is_alive(), "the kernel survived SIGKILL"
        finally:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)
            km.cleanup_resources()
        lines += log.read()
        last_done, in_flight = read_log(lines, last_done)
        if not store.path.exists():  # killed before the very first save finished: nothing was saved, nothing lost
            assert last_done == 0, f"the answers file is gone after version {last_done} was saved"
            continue
        data = read_answers_file(store.path)
        n = int(data["answers"]["reflection"]["text"].split()[1].rstrip("."))
        assert data["answers"] == {"reflection": {"text": kernel_text(n)}}
        assert n in {last_done, in_flight}, f"on disk: version {n}; last saved {last_done}, in flight {in_flight}"
        assert len(temp_files(folder)) <= 1
        mid_save += in_flight is not None
        last_done = n  # the next kernel starts from what is on disk

    assert last_done > KERNEL_KILLS, "the kernels did save"
    restored = AnswerStore(LESSON, ARTICLE, folder)
    assert restored.load() == {"reflection": {"text": kernel_text(last_done)}}
    assert temp_files(folder) == []
    print(f"\nFIGURES kernel-kill: {KERNEL_KILLS} kernels SIGKILLed while typing into a lesson widget; "
          f"{mid_save} kills landed inside a save; answers always restored, never corrupt.")
