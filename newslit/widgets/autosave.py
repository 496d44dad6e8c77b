"""Saving what a learner types: soon after the last keystroke, when the box loses focus, and at kernel shutdown.

A text box sends its value to the kernel on every keystroke (``continuous_update``),
so the notebook always holds what the learner typed (a hand-in, or another widget's
save, includes it at once). Writing it to disk is what costs: a locked, fsynced
save, slow on the network home folders hubs use. So typing is saved:

* about a second after the last keystroke (:data:`DELAY`): a timer on the kernel's
  event loop (the asyncio loop ipykernel runs, in JupyterLab and in Voilà alike),
  restarted by each keystroke; the keystroke handler itself never touches the disk;
* at once when the box loses focus (:class:`FocusWatch` tells the kernel), keystrokes the
  browser held back until just after that message included;
* once more when the kernel shuts down (``atexit``): nothing pending is left unsaved.

A value set by code (a script, a test, ``box.value = ...``) is saved at once, as
before. Where no event loop runs (a plain script), typing is saved at once too.

The status line under the box tells the truth: "Saving…" while a save is pending,
"✓ Saved at HH:MM:SS" only once the bytes are on disk, and an error if they are not.

Tests drive the timer deterministically by replacing :data:`scheduler` with
one that has ``time()`` and ``call_later(delay, callback)``.
"""

from __future__ import annotations

import asyncio
import atexit
import time
from typing import Callable

import anywidget
import ipywidgets as w

DELAY = 0.75  # seconds after the last keystroke
# The browser sends a box's value at most one message ahead of the kernel (ipywidgets holds later keystrokes
# back until the kernel has taken the previous one), so the last keystrokes can arrive just after the message
# saying the focus left the box: a value arriving within this many seconds of that message is saved at once too.
AFTER_BLUR = 1.0


class LoopScheduler:
    """Timers on the running asyncio event loop (the kernel's); ``call_later`` gives None where none runs."""

    def time(self) -> float:
        return time.monotonic()

    def call_later(self, delay: float, callback: Callable[[], None]):
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        return loop.call_later(delay, callback)


scheduler = LoopScheduler()

_pending: set["TypingSaver"] = set()
_atexit_registered = False


def flush_all() -> None:
    """Save every typed answer still waiting for its timer (at kernel shutdown; also usable by hand)."""
    for saver in list(_pending):
        try:
            saver.flush()
        except Exception:  # at shutdown the widgets' comms may be gone; the save itself has been attempted
            pass


def _register_atexit() -> None:
    global _atexit_registered
    if not _atexit_registered:
        atexit.register(flush_all)
        _atexit_registered = True


class TypedTextarea(w.Textarea):
    """A ``Textarea`` that tells the learner's typing (a value from the browser) from values set by code.

    ``typing`` is True while a value that came from the front end is being applied
    (ipywidgets calls :meth:`set_state` with it; observers run inside that call).
    """

    typing = False

    def set_state(self, sync_data):
        self.typing = True
        try:
            super().set_state(sync_data)
        finally:
            self.typing = False


class FocusWatch(anywidget.AnyWidget):
    """Invisible: tells the kernel when the focus leaves the text boxes of the widget it sits in.

    It finds its container (the nearest ``.nl-autosave`` element) when a ``focusout``
    happens, so it works however JupyterLab or Voilà attaches the outputs.
    """

    _esm = """
    export default {
      render({ model, el }) {
        el.classList.add("nl-focus-watch");
        const left = (event) => {
          const box = el.closest(".nl-autosave");
          if (box && box.contains(event.target)) {
            model.send({ event: "blur" });
          }
        };
        document.addEventListener("focusout", left, true);
        return () => document.removeEventListener("focusout", left, true);
      },
    };
    """

    def __init__(self, on_blur: Callable[[], None]):
        super().__init__(layout=w.Layout(display="none"))
        self._on_blur = on_blur
        self.on_msg(self._message)

    def _message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "blur":
            self._on_blur()


class TypingSaver:
    """Saves one widget's answer: debounced while the learner types, at once otherwise.

    ``lesson``: the :class:`~newslit.widgets.lesson.Lesson`; ``exercise``: the answer's
    name; ``answer()``: the answer now; ``status``: the widget's
    :class:`~newslit.widgets.exercises.SaveStatus`. Put :attr:`watch` in the widget's
    children and give the widget the class ``nl-autosave``.
    """

    def __init__(self, lesson, exercise: str, answer: Callable[[], dict], status, delay: float | None = None):
        self.lesson, self.exercise, self.answer, self.status = lesson, exercise, answer, status
        self.delay = DELAY if delay is None else delay
        self.pending = False
        self.saves = 0  # writes this saver asked for (for the figures)
        self._timer = None
        self._last = 0.0
        self._left_at: float | None = None  # when the focus last left the box (scheduler time)
        self.watch = FocusWatch(self.left)

    def changed(self, source=None) -> None:
        """The answer changed: keep it in the notebook now; save it soon if typed, or at once if set by code."""
        self.lesson.keep(self.exercise, self.answer())
        if getattr(source, "typing", False):
            self.typed()
        else:
            self.save_now()

    def typed(self) -> None:
        """A keystroke: (re)start the timer. Never writes to disk itself (unless no event loop runs)."""
        self._last = scheduler.time()
        if self._left_at is not None and self._last - self._left_at < AFTER_BLUR:
            self._left_at = None  # keystrokes the browser held back behind the blur: they belong to it
            self.save_now()
            return
        if not self.pending:
            self.pending = True
            _pending.add(self)
            _register_atexit()
            self.status.saving()
        if self._timer is None:
            self._timer = scheduler.call_later(self.delay, self._due)
            if self._timer is None:  # no event loop (a script): save now rather than never
                self.save_now()

    def _due(self) -> None:
        self._timer = None
        if not self.pending:
            return
        wait = self._last + self.delay - scheduler.time()
        if wait > 0.01:  # typed again since the timer started: wait for the pause
            self._timer = scheduler.call_later(wait, self._due)
            if self._timer is not None:
                return
        try:
            self.save_now()
        except Exception as exc:  # on the event loop nobody would see it: the status line says it instead
            self.status.failed(f"Could not save your answers ({exc}). They are still here in this notebook: "
                               "do not close it; ask your teacher.")

    def left(self) -> None:
        """The focus left the box: save now what is waiting (and what the browser sends right after)."""
        self._left_at = scheduler.time()
        self.flush()

    def flush(self) -> None:
        """Save now if typing is waiting to be saved (the focus left the box; the kernel shuts down)."""
        if self.pending:
            self.save_now()

    def save_now(self):
        """Save the answer now and show the result; returns the :class:`SaveResult`."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.pending = False
        _pending.discard(self)
        self.saves += 1
        result = self.lesson.record(self.exercise, self.answer())
        self.status.show(result)
        return result
