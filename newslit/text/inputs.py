"""Read a text file someone hands the kit, refusing what it cannot use with a clear reason."""

from __future__ import annotations

import re
from pathlib import Path

from newslit.errors import NewslitError

MAX_TEXT_BYTES = 5 * 1024 * 1024  # about 800,000 words: far beyond any news article
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Sentence splitting works paragraph by paragraph; nltk stops (TimeoutError) on one of a few megabytes.
MAX_PARAGRAPH_CHARS = 500_000  # about 80,000 words with no blank line: no news paragraph is near it
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")  # as newslit.text.spans.paragraphs splits (after \r -> \n)


def read_text_file(path: str | Path) -> str:
    """The file's text exactly as ``Path.read_text(encoding="utf-8")`` returns it.

    Raises :class:`NewslitError` for a missing file, a folder, a file over
    :data:`MAX_TEXT_BYTES`, a paragraph over
    :data:`MAX_PARAGRAPH_CHARS` characters, binary or non-UTF-8 content, or no text at all.
    HTML and Markdown are fine: they are treated as plain text.
    """
    path = Path(path)
    if not path.exists():
        raise NewslitError(f"No such file: {path}. Check the path and try again.")
    if path.is_dir():
        raise NewslitError(f"{path} is a folder; give the path of one .txt or .md file.")
    if not path.is_file():
        raise NewslitError(f"{path} is not a regular file (a pipe or a device?); give the path of one .txt or .md file.")
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise NewslitError(
                f"{path} is {size:,} bytes; the limit is {MAX_TEXT_BYTES:,} bytes (about 800,000 words). "
                "Split it into smaller files."
            )
        with path.open("rb") as f:
            raw = f.read(MAX_TEXT_BYTES + 1)  # the size can change between stat and read
        if len(raw) > MAX_TEXT_BYTES:
            raise NewslitError(f"{path} is over the {MAX_TEXT_BYTES:,}-byte limit; split it into smaller files.")
    except OSError as exc:
        raise NewslitError(f"Cannot read {path}: {exc.strerror}.") from None
    if raw.startswith(_UTF16_BOMS):
        raise NewslitError(f"{path} is UTF-16 text; save it as UTF-8 (in most editors: Save As, encoding UTF-8).")
    if b"\x00" in raw:
        raise NewslitError(f"{path} looks like a binary file, not text; give a .txt or .md file.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NewslitError(
            f"{path} is not valid UTF-8 (bad byte at position {exc.start}); save it as UTF-8 and try again."
        ) from None
    if not text.strip():
        raise NewslitError(f"{path} has no text in it; give a file with the article's text.")
    # Path.read_text reads in text mode: \r\n and lone \r become \n. Offsets index that text.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_PARAGRAPH_CHARS:
        longest = max(len(p) for p in PARAGRAPH_BREAK.split(text))
        if longest > MAX_PARAGRAPH_CHARS:
            raise NewslitError(
                f"{path} has a paragraph of {longest:,} characters; the limit is {MAX_PARAGRAPH_CHARS:,} characters "
                "per paragraph. Put a blank line between paragraphs and try again."
            )
    return text
