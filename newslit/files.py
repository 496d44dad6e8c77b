"""Read, validate and atomically write the kit's JSON files."""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from newslit.errors import NewslitError
from newslit.paths import PACKAGE_DIR

MAX_JSON_BYTES = 50 * 1024 * 1024


SCHEMA_DIR = PACKAGE_DIR / "schemas"
# Every schema's "$id" starts with this. It is a name, never fetched (.invalid cannot resolve): a "$ref" to
# another schema ("answer.schema.json") is read from SCHEMA_DIR by both validators below.
SCHEMA_BASE = "https://newslit.invalid/schemas/"


@lru_cache(maxsize=None)
def _schema(name: str) -> dict:
    with open(SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as f:
        return json.load(f)


def _schema_for_uri(uri: str) -> dict:
    """The kit's schema named by ``uri`` (a "$ref" to another schema); never a download."""
    name = uri.removeprefix(SCHEMA_BASE).split("#", 1)[0].removesuffix(".schema.json")
    if not uri.startswith(SCHEMA_BASE) or not (SCHEMA_DIR / f"{name}.schema.json").is_file():
        raise ValueError(f"a schema refers to {uri}, which is not one of the kit's schemas in {SCHEMA_DIR}")
    return copy.deepcopy(_schema(name))


@lru_cache(maxsize=None)
def _validator(schema: str):
    # fastjsonschema compiles each schema to a Python function once (per process): it imports in
    # milliseconds, where jsonschema's import costs about 1.5 s here (it builds an RFC 3987
    # grammar), a delay every lesson start and grader run would pay. It checks draft-07, the
    # draft every schema declares.
    import fastjsonschema

    # (a copy: compiling rewrites each "$ref" in place)
    return fastjsonschema.compile(copy.deepcopy(_schema(schema)), handlers={"https": _schema_for_uri})


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


def schema_problem(data: object, schema: str, root: str = "") -> str:
    """The first problem of ``data`` against ``newslit/schemas/<schema>.schema.json``, in plain words; ``""`` if none.

    Fast (the compiled validator only): for data read in bulk or in a learner's
    kernel, where one reason is enough. ``root`` is put before the field
    names, e.g. ``answers.reflection``.
    """
    from fastjsonschema import JsonSchemaValueException

    try:
        _validator(schema)(data)
        return ""
    except JsonSchemaValueException as exc:
        path = _join(root, exc.name.removeprefix("data"))
        return _explain(exc.rule, exc.definition, exc.value, path, exc.message.removeprefix(exc.name).strip())


def validate(data: object, schema: str, where: str) -> None:
    """Check ``data`` against ``newslit/schemas/<schema>.schema.json``.

    Raises :class:`NewslitError` listing up to five problems, each naming the
    field, e.g. ``missing required field(s): title; paragraphs[2] is empty``.
    Valid data costs one call of the compiled validator; only bad data pays
    for jsonschema's import, to list every problem at once.
    """
    first = schema_problem(data, schema)
    if not first:
        return
    problems = _all_problems(data, schema) or [first]
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    title = _schema(schema).get("title", f"{schema} file")
    raise NewslitError(f"{where} is not a valid {title}: " + "; ".join(problems[:5]) + more + ". See docs/formats.md.")


def _all_problems(data: object, schema: str) -> list[str]:
    """Every problem, via jsonschema (slow to import, so only used once a file is known to be bad)."""
    try:
        from jsonschema.validators import validator_for
        from referencing import Registry, Resource
    except ImportError:
        return []
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        other = _schema(path.name.removesuffix(".schema.json"))
        resources.append((other["$id"], Resource.from_contents(other)))
    root = _schema(schema)
    validator = validator_for(root)(root, registry=Registry().with_resources(resources))  # the draft it declares
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    out = []
    for err in errors:
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
        out.append(_explain(err.validator, err.schema, err.instance, _join("", path), err.message))
    return out


def _join(root: str, path: str) -> str:
    """``root`` and a path such as ``.spans[0].start`` as one field name, on one short line."""
    path = " ".join(f"{root}{path}".lstrip(".").split())
    return path if len(path) <= 120 else path[:119] + "\u2026"


_TYPE_NAMES = {"string": "text", "array": "a list", "object": "an object {...}", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "null"}


def _show(value: object) -> str:
    """A value as JSON, cut to 60 characters (for a message)."""
    try:
        return json.dumps(value)[:60]
    except (TypeError, ValueError, RecursionError):
        return repr(value)[:60]


def _custom(node: object, rule: str) -> str | None:
    """The schema's own wording for ``rule`` failing at ``node`` (its ``errorMessage``), if it has one.

    ``errorMessage`` is a template: a string for every rule of that node but
    ``required``, or an object by rule name (``required`` by property name).
    JSON Schema validators ignore keywords they do not know, so it changes nothing else.
    """
    custom = node.get("errorMessage") if isinstance(node, dict) else None
    if isinstance(custom, dict):
        custom = custom.get(rule)
    return custom if isinstance(custom, str) and rule != "required" else None


def _fill(template: str, **values: str) -> str:
    """``template`` with ``{field}``, ``{value}``, ``{length}`` filled in (other braces are kept as written)."""
    return re.sub(r"\{(field|value|length)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _explain(rule: str, node: object, value: object, path: str, message: str) -> str:
    """One plain phrase for a schema violation, naming the field.

    ``node`` is the (sub)schema whose ``rule`` failed, ``value`` the data there.
    """
    field = path or "the file"
    node = node if isinstance(node, dict) else {}
    definition = node.get(rule)
    if rule == "propertyNames" and isinstance(value, dict) and isinstance(definition, dict):
        # fastjsonschema reports the object; name the first key its pattern refuses, as jsonschema does
        pattern = definition.get("pattern")
        bad = [key for key in value if not isinstance(pattern, str) or not re.search(pattern, key)]
        if bad:
            return _explain("pattern", definition, bad[0], path, f"{_show(bad[0])} does not match {pattern!r}")
    if rule == "required" and isinstance(value, dict) and isinstance(definition, list):
        missing = [name for name in definition if name not in value]
        wording = node.get("errorMessage", {}).get("required", {}) if isinstance(node.get("errorMessage"), dict) else {}
        own = [_fill(wording[name], field=field) for name in missing if isinstance(wording.get(name), str)]
        plain = [name for name in missing if not isinstance(wording.get(name), str)]
        if plain:
            where = f" in {path}" if path else ""
            own.append(f"missing required field(s){where}: {', '.join(plain)}")
        return "; ".join(own)
    custom = _custom(node, rule)
    if custom is not None:
        length = f"{len(value):,}" if isinstance(value, (str, list, dict)) else "?"
        return _fill(custom, field=field, value=_show(value), length=length)
    if rule == "type":
        wanted = definition if isinstance(definition, list) else [definition]
        return f"{field} should be {' or '.join(_TYPE_NAMES.get(t, t) for t in wanted)}, not {_show(value)}"
    if rule in ("enum", "const"):
        allowed = definition if rule == "enum" else [definition]
        return f"{field} is {_show(value)}; it should be one of {', '.join(json.dumps(a) for a in allowed)}"
    if rule in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return f"{field} is empty"
    if rule == "minItems" and value == []:
        return f"{field} is empty; it should be a non-empty list"
    if rule == "maxLength" and isinstance(value, str) and isinstance(definition, int):
        return f"{field} is {len(value):,} characters long, over the limit of {definition:,}"
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
