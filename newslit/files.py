"""Read, validate and atomically write the kit's JSON files."""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from newslit.errors import NewslitError
from newslit.paths import PACKAGE_DIR

MAX_JSON_BYTES = 50 * 1024 * 1024


@lru_cache(maxsize=None)
def _validator(schema: str):
    # fastjsonschema compiles each schema to a Python function once: it imports in
    # milliseconds, where jsonschema's import costs about 1.5 s here (it builds an
    # RFC 3987 grammar), a delay every lesson start and grader run would pay.
    import fastjsonschema

    with open(PACKAGE_DIR / "schemas" / f"{schema}.schema.json", encoding="utf-8") as f:
        return fastjsonschema.compile(json.load(f))


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

    Raises :class:`NewslitError` listing up to five problems, each naming the
    field, e.g. ``missing required field(s): title; paragraphs[2] must be
    longer than or equal to 1 characters``.
    """
    from fastjsonschema import JsonSchemaValueException

    try:
        _validator(schema)(data)
        return
    except JsonSchemaValueException as exc:
        first = _explain(exc.rule, exc.rule_definition, exc.value, exc.name.removeprefix("data").lstrip("."),
                         exc.message.removeprefix(exc.name).strip())
    problems = _all_problems(data, schema) or [first]
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    raise NewslitError(f"{where} is not a valid {schema} file: " + "; ".join(problems[:5]) + more + ". See docs/formats.md.")


def _all_problems(data: object, schema: str) -> list[str]:
    """Every problem, via jsonschema (slow to import, so only used once a file is known to be bad)."""
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        return []
    with open(PACKAGE_DIR / "schemas" / f"{schema}.schema.json", encoding="utf-8") as f:
        validator = Draft202012Validator(json.load(f))
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    out = []
    for err in errors:
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path).lstrip(".")
        out.append(_explain(err.validator, err.validator_value, err.instance, path, err.message))
    return out


_TYPE_NAMES = {"string": "text", "array": "a list", "object": "an object {...}", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "null"}


def _explain(rule: str, definition, value, path: str, message: str) -> str:
    """One plain phrase for a schema violation, naming the field."""
    field = path or "the file"
    if rule == "required" and isinstance(value, dict):
        missing = [name for name in definition if name not in value]
        where = f" in {path}" if path else ""
        return f"missing required field(s){where}: {', '.join(missing)}"
    if rule == "type":
        wanted = definition if isinstance(definition, list) else [definition]
        return f"{field} should be {' or '.join(_TYPE_NAMES.get(t, t) for t in wanted)}, not {json.dumps(value)[:60]}"
    if rule in ("enum", "const"):
        allowed = definition if rule == "enum" else [definition]
        return f"{field} is {json.dumps(value)[:60]}; it should be one of {', '.join(json.dumps(a) for a in allowed)}"
    if rule in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return f"{field} is empty"
    return f"{field}: {message}"


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
