"""Read, validate and atomically write the kit's JSON files."""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from .errors import NewslitError
from .paths import PACKAGE_DIR

MAX_JSON_BYTES = 50 * 1024 * 1024


@lru_cache(maxsize=None)
def _validator(schema: str):
    from jsonschema import Draft202012Validator

    with open(PACKAGE_DIR / "schemas" / f"{schema}.schema.json", encoding="utf-8") as f:
        return Draft202012Validator(json.load(f))


def read_json(path: Path, what: str) -> object:
    """Parse ``path``; any failure becomes a :class:`NewslitError` naming the file."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise NewslitError(f"{what} not found: {path}. Check the name and folder.") from None
    except OSError as exc:
        raise NewslitError(f"Cannot open {what} {path}: {exc.strerror}.") from None
    if size > MAX_JSON_BYTES:
        raise NewslitError(f"{what} {path} is {size:,} bytes, over the {MAX_JSON_BYTES:,}-byte limit; it is probably not a kit file.")
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        return json.loads(text)
    except UnicodeDecodeError:
        raise NewslitError(f"{what} {path} is not UTF-8 text. Save it as UTF-8 JSON.") from None
    except json.JSONDecodeError as exc:
        raise NewslitError(
            f"{what} {path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Fix it in a text editor or restore it from the repository."
        ) from None
    except OSError as exc:
        raise NewslitError(f"Cannot read {what} {path}: {exc.strerror}.") from None


def validate(data: object, schema: str, where: str) -> None:
    """Check ``data`` against ``newslit/schemas/<schema>.schema.json``.

    Raises :class:`NewslitError` listing up to five problems, each with the
    JSON path where it is, e.g. ``paragraphs[2]: '' should be non-empty``.
    """
    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    lines = []
    for err in errors[:5]:
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path).lstrip(".")
        lines.append(f"{path or 'top level'}: {err.message}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    raise NewslitError(f"{where} is not a valid {schema} file: " + "; ".join(lines) + more + ". See docs/formats.md.")


def write_json_atomic(path: Path, data: object) -> None:
    """Write ``data`` so that ``path`` holds either the old or the new content, never a mix.

    The JSON goes to a temporary file in the same folder, is flushed to disk,
    then renamed over ``path`` (``os.replace`` is atomic on POSIX and Windows).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
