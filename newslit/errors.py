"""The one exception the kit raises for problems a person can fix, and how any message is printed safely."""

import unicodedata


class NewslitError(Exception):
    """A problem with input or set-up, described for the person who can fix it.

    The message is one or two plain sentences: what is wrong and what to do.
    The command line prints it on one line; widgets show it in place of a
    traceback.
    """


MAX_LINE = 2_000  # characters of one printed line, at most
_ZWJ = "\u200d"  # joins emoji; harmless, kept


def terminal_line(text, limit: int = MAX_LINE, where_whole: str = "") -> str:
    """``text`` made safe to print to a terminal, on one line.

    Every control character (C0 and C1, DEL), format character (bidi overrides
    and isolates, zero-width spaces...), line or paragraph separator and lone
    surrogate (a file name's bytes that are not UTF-8) is shown escaped:
    ``\\n``, ``\\x1b``, ``\\u202e``. So text from a hand-in or a file name
    cannot start a new line, move the cursor, set the window title or reorder
    what is shown. Longer than ``limit`` characters, the line is cut, and says
    so (and ``where_whole`` the whole text is, if given).
    """
    text = str(text)
    if not text.isprintable():
        out = []
        for ch in text:
            if ch.isprintable() or ch == _ZWJ or unicodedata.category(ch) in ("Zs", "Co", "Cn"):
                out.append(ch)
                continue
            code = ord(ch)
            if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape
                out.append(f"\\x{code - 0xDC00:02x}")
            elif code <= 0xFF:
                out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{code:02x}"))
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
        text = "".join(out)
    if len(text) > limit:
        where = f"; {where_whole}" if where_whole else ""
        text = text[:limit] + f" \u2026 ({len(text) - limit:,} more characters{where})"
    return text
