"""Notebook niceties: show the kit's own errors as a clear message, not a traceback."""

from __future__ import annotations

from newslit.errors import NewslitError
from newslit.render.feedback import error_box


def _show_error(shell, etype, value, tb, tb_offset=None):
    from IPython.display import HTML, display

    display(HTML(error_box(str(value))))
    return None


def install_error_display() -> None:
    """In IPython, show :class:`NewslitError` as a one-line message box (no-op elsewhere)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "set_custom_exc"):
        shell.set_custom_exc((NewslitError,), _show_error)
