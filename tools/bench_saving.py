"""What saving typed answers costs, before and after the debounced autosave (``python -m tools.bench_saving``).

Typing is simulated as the browser sends it: one state update per keystroke
(``box.set_state({"value": ...})``, what ipywidgets calls for a comm message),
on a real asyncio event loop (the kernel's kind), 80 ms apart (about 12 characters
a second). Printed, per 100 typed characters:

* answers-file writes and fsyncs;
* the time the value observer takes per keystroke (the keystroke handler: the
  kernel can take no other message meanwhile), mean and worst;
* the time from the last keystroke until the bytes are on disk;

on the local disk, and on a slow home folder (``os.fsync`` made to sleep 200 ms, as
a busy network home folder on a hub can). "Before" is the wiring the text boxes had:
a locked, fsynced save on every value change (``lesson.record`` in the observer).
Nothing here is asserted; tests/test_saving.py checks the behaviour.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import ipywidgets as w

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import newslit.learner.store as store_module  # noqa: E402
from newslit.widgets.exercises import SaveStatus  # noqa: E402
from newslit.widgets.lesson import Lesson  # noqa: E402

TEXT = ("The word regime steered me: it makes one side sound illegitimate before a single fact is given. "
        "I would ask who chose it.")[:100]
GAP = 0.08  # seconds between keystrokes
SLOW_FSYNC = 0.2


class Counters:
    """Counts writes and fsyncs; makes fsync slow on demand."""

    def __init__(self):
        self.writes = self.fsyncs = 0
        self.slow = 0.0
        self.real_fsync, self.real_write = os.fsync, store_module.write_json_atomic
        self.written_at: list[float] = []

    def __enter__(self):
        def fsync(fd):
            self.fsyncs += 1
            if self.slow:
                time.sleep(self.slow)
            return self.real_fsync(fd)

        def write(path, data):
            self.real_write(path, data)
            self.writes += 1
            self.written_at.append(time.perf_counter())

        os.fsync, store_module.write_json_atomic = fsync, write
        return self

    def __exit__(self, *exc):
        os.fsync, store_module.write_json_atomic = self.real_fsync, self.real_write


def old_text_answer(lesson: Lesson, exercise: str = "reflection"):
    """The text box as it was wired before: every value change saved at once."""
    box = w.Textarea(value="")
    status = SaveStatus()
    box.observe(lambda _: status.show(lesson.record(exercise, {"text": box.value})), "value")
    return box, status


async def _type(box, text: str, gap: float) -> list[float]:
    """Type ``text`` into ``box`` on the running loop; the observer's time per keystroke (s)."""
    took = []
    value = box.value
    for ch in text:
        value += ch
        start = time.perf_counter()
        box.set_state({"value": value})
        took.append(time.perf_counter() - start)
        await asyncio.sleep(gap)
    return took


def run(kind: str, slow: float, n_chars: int = 100) -> dict:
    with tempfile.TemporaryDirectory() as tmp, Counters() as c:
        lesson = Lesson("01_loaded_language", answers_folder=Path(tmp))
        if kind == "before":
            box, _status = old_text_answer(lesson)
        elif kind == "after":
            answer = lesson.written("reflection", "Which word steered you?")
            box = answer.box
        else:  # the rewrite box: TextBlob's scores and the finder follow each keystroke
            box = lesson.rewrite().box
            box.value = ""
        c.writes = c.fsyncs = 0
        c.written_at.clear()
        c.slow = slow
        save_times: list[float] = []
        real_save = lesson.store.save

        def timed_save(*args, **kwargs):
            start = time.perf_counter()
            try:
                return real_save(*args, **kwargs)
            finally:
                save_times.append(time.perf_counter() - start)

        lesson.store.save = timed_save

        async def main():
            took = await _type(box, TEXT[:n_chars], GAP)
            last = time.perf_counter() - GAP  # the last keystroke (the loop then slept GAP)
            deadline = time.perf_counter() + 5
            while time.perf_counter() < deadline and (kind == "before" or not c.written_at
                                                      or c.written_at[-1] < last):
                if kind == "before":
                    break
                await asyncio.sleep(0.01)
            return took, last

        took, last = asyncio.run(main())
        after_last = (c.written_at[-1] - last) if c.written_at else float("nan")
        scale = 100 / n_chars
        return {"writes": c.writes * scale, "fsyncs": c.fsyncs * scale, "mean_ms": statistics.mean(took) * 1000,
                "max_ms": max(took) * 1000, "to_disk_s": after_last, "chars": n_chars,
                "save_ms": statistics.mean(save_times) * 1000 if save_times else float("nan")}


def main() -> None:
    rows = [
        ("before: save on every keystroke", "before", 0.0, 100),
        ("after: debounced (TextAnswer)", "after", 0.0, 100),
        ("after: debounced (RewriteExercise, scores per keystroke)", "rewrite", 0.0, 100),
        (f"before, slow home folder (fsync +{SLOW_FSYNC * 1000:.0f} ms)", "before", SLOW_FSYNC, 20),
        (f"after, slow home folder (fsync +{SLOW_FSYNC * 1000:.0f} ms)", "after", SLOW_FSYNC, 100),
    ]
    print(f"Typing {len(TEXT)} characters, one every {GAP * 1000:.0f} ms, on an asyncio loop "
          f"(debounce {__import__('newslit.widgets.autosave', fromlist=['DELAY']).DELAY} s)\n")
    print("| case | writes / 100 chars | fsyncs / 100 chars | observer per keystroke, mean | worst | "
          "last keystroke to bytes on disk | one save (kernel busy) |")
    print("|---|---|---|---|---|---|---|")
    for label, kind, slow, n in rows:
        r = run(kind, slow, n)
        note = f" (measured on {n}, scaled)" if n != 100 else ""
        to_disk = "at once (each keystroke)" if kind == "before" else f"{r['to_disk_s']:.2f} s"
        print(f"| {label}{note} | {r['writes']:.0f} | {r['fsyncs']:.0f} | {r['mean_ms']:.2f} ms | {r['max_ms']:.1f} ms"
              f" | {to_disk} | {r['save_ms']:.0f} ms |")


if __name__ == "__main__":
    main()
