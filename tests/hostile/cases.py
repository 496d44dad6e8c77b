"""Hostile input, as data: every case says how it is fed and what must happen.

Text cases are files handed to ``python -m newslit analyze`` and
``python -m newslit import-article`` (and, where they are accepted, turned into
an article that the lesson widgets show). Big files are generated at test time
into a temporary folder (:func:`materialise`); nothing big is committed.

``expect`` is ``"ok"`` (exit 0; every offset indexes the text) or
``"refused"`` (exit 2, one stderr line containing ``message``).
``import_expect``/``import_message`` override them for import-article where the
two differ (a Markdown file that is only syntax has text for ``analyze`` but
no article once the syntax is removed).

The other lists are damaged files of the other entry points: article files
and key files (datasets/), answers files (the answer store), notebooks (the
grader).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from newslit.text.inputs import MAX_TEXT_BYTES

MARKER = "__nl_pwned"  # every payload sets window.__nl_pwned; the browser test checks it stays undefined

PAYLOADS = [
    "<script>window.__nl_pwned=1</script>",
    '<img src=x onerror="window.__nl_pwned=1">',
    "<svg onload=window.__nl_pwned=1>",
    "[click](javascript:window.__nl_pwned=1)",
    '<a href="javascript:window.__nl_pwned=1">x</a>',
    '<iframe srcdoc="<script>parent.__nl_pwned=1</script>"></iframe>',
    "<style>body{display:none}</style>",
    '<body onload="window.__nl_pwned=1">',
    '<details open ontoggle="window.__nl_pwned=1">',
    '"><script>window.__nl_pwned=1</script>',
    "</textarea></title></style><script>window.__nl_pwned=1</script>",
    "${window.__nl_pwned=1} {{constructor.constructor('window.__nl_pwned=1')()}}",
]

# Live tags: if any of these appear unescaped in HTML the kit makes, a payload could run.
LIVE_TAGS = ["<script", "<img", "<svg", "<iframe", "<style>body", "<body on", "<a href=\"javascript", "</textarea>"]

BODY = ("The council voted to cut library hours on Tuesday. Critics slammed the devastating decision, "
        "officials said. The mayor insisted the cuts were necessary.")


@dataclass
class TextCase:
    name: str
    data: bytes | Callable[[], bytes]
    expect: str  # "ok" | "refused" | "ok-or-refused"
    message: str = ""  # in the one stderr line when refused
    suffix: str = ".txt"
    import_expect: str | None = None
    import_message: str | None = None
    kind: str = "file"  # "file" | "missing" | "folder"
    timeout: float = 120
    payload: bool = False  # carries a script/event-handler payload
    import_bug: str = ""  # a known bug of import-article on this case (the test is a strict xfail)
    import_timeout: float | None = None

    def for_import(self) -> tuple[str, str]:
        return (self.import_expect or self.expect, self.import_message if self.import_message is not None else self.message)


def _big_article() -> bytes:  # 20 MB of ordinary paragraphs
    para = (BODY + "\n\n").encode()
    return para * (20 * 1024 * 1024 // len(para) + 1)


def _one_line_5mb() -> bytes:  # one line, no line breaks, just under the limit
    sentence = b"The devastating cuts slammed the library, officials said. "
    return (sentence * ((MAX_TEXT_BYTES - 1024) // len(sentence)))


def _lines_3mb() -> bytes:  # text copied from a web page: one paragraph per line, no blank line
    return (BODY + "\n").encode() * (3 * 1024 * 1024 // (len(BODY) + 1))


def _one_line_450k() -> bytes:  # one line just under the paragraph limit
    sentence = b"The devastating cuts slammed the library, officials said. "
    return sentence * (450_000 // len(sentence))


def _just_over() -> bytes:
    return b"a " * (MAX_TEXT_BYTES // 2) + b"b\n"


def _long_word() -> bytes:
    return b"Supercalifragilistic" * 5000 + b" is a long word.\n"


def _payload_text() -> bytes:
    return ("Hostile payloads follow.\n\n" + "\n\n".join(f"Paragraph {n}: {p} {BODY}" for n, p in enumerate(PAYLOADS, 1))
            + "\n").encode()


TEXT_CASES: list[TextCase] = [
    # nothing there
    TextCase("empty", b"", "refused", "has no text"),
    TextCase("whitespace-only", b"   \n\t\n   \n", "refused", "has no text"),
    TextCase("unicode-spaces-only", "\u00a0\u2003\u3000\n".encode(), "refused", "has no text"),
    TextCase("crlf-only", b"\r\n\r\n\r\n", "refused", "has no text"),
    TextCase("missing-file", b"", "refused", "No such file", kind="missing"),
    TextCase("a-folder", b"", "refused", "is a folder", kind="folder"),
    # tiny
    TextCase("single-word", b"Catastrophe", "ok"),
    TextCase("single-word-newline", b"slammed\n", "ok"),
    TextCase("punctuation-only", b"!!! ??? ... ---\n", "ok"),
    # size
    TextCase("article-20mb", _big_article, "refused", "the limit is 5,242,880 bytes", timeout=30),
    TextCase("one-byte-over-limit", _just_over, "refused", "the limit is 5,242,880 bytes", timeout=30),
    TextCase("one-line-5mb", _one_line_5mb, "refused", "characters per paragraph", timeout=30),
    TextCase("lines-no-blank-3mb", _lines_3mb, "refused", "characters per paragraph", timeout=30),
    TextCase("one-line-450k", _one_line_450k, "ok", timeout=120, import_timeout=30),
    TextCase("one-100k-char-word", _long_word, "ok"),
    # bytes that are not UTF-8 text
    TextCase("binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "refused", "binary"),
    TextCase("nul-inside-text", b"Council voted\x00 to cut hours.\n", "refused", "binary"),
    TextCase("random-bytes-no-nul", bytes((i * 37 + 11) % 255 + 1 for i in range(4096)), "refused", "not valid UTF-8"),
    TextCase("latin-1", "Le conseil a vot\u00e9 la r\u00e9duction.\n".encode("latin-1"), "refused", "not valid UTF-8"),
    TextCase("truncated-utf8", "Caf\u00e9 ".encode() + b"\xe2\x82", "refused", "not valid UTF-8"),
    TextCase("overlong-utf8", b"Slash \xc0\xaf here.\n", "refused", "not valid UTF-8"),
    TextCase("surrogate-cesu", b"Bad \xed\xa0\x80 surrogate.\n", "refused", "not valid UTF-8"),
    TextCase("utf16-le-bom", "\ufeffThe council voted.\n".encode("utf-16-le"), "refused", "UTF-16"),
    TextCase("utf16-be-bom", "\ufeffThe council voted.\n".encode("utf-16-be"), "refused", "UTF-16"),
    TextCase("utf16-le-no-bom", "The council voted.\n".encode("utf-16-le"), "refused", "binary"),
    TextCase("utf8-bom", "\ufeff".encode() + BODY.encode(), "ok"),
    # line ends
    TextCase("crlf", BODY.replace(". ", ".\r\n").encode() + b"\r\n\r\nSecond paragraph here.\r\n", "ok"),
    TextCase("lone-cr", BODY.replace(". ", ".\r").encode() + b"\r\rSecond paragraph here.\r", "ok"),
    TextCase("mixed-line-ends", (BODY + "\r\n\rSecond.\n\r\nThird.\r").encode(), "ok"),
    TextCase("control-chars-ansi", b"\x1b[31mRed\x1b[0m alert\x07 slammed \x08the council.\x0c\n", "ok"),
    # scripts and directions
    TextCase("arabic-rtl", "\u0635\u0648\u062a \u0627\u0644\u0645\u062c\u0644\u0633 \u0639\u0644\u0649 \u062e\u0641\u0636 "
             "\u0633\u0627\u0639\u0627\u062a \u0627\u0644\u0645\u0643\u062a\u0628\u0629.\n".encode(), "ok"),
    TextCase("bidi-overrides", ("\u202eslammed\u202c the \u2067council\u2069 \u200fsaid\u200e. " + BODY + "\n").encode(), "ok"),
    TextCase("hebrew-mixed", ("\u05d4\u05de\u05d5\u05e2\u05e6\u05d4 voted \u05dc\u05e7\u05e6\u05e5 7-2. " + BODY).encode(), "ok"),
    TextCase("emoji", ("\U0001F525 Critics slammed \U0001F468\u200d\U0001F469\u200d\U0001F467 the devastating cuts \U0001F1FA\U0001F1F8. "
                       + BODY + "\n").encode(), "ok"),
    TextCase("zero-width", ("Crit\u200bics sla\u200cmmed the dev\u200dastating\u2060 cuts\ufeff. " + BODY).encode(), "ok"),
    TextCase("combining-marks", ("Cafe\u0301 Z\u0351\u0352\u0353a\u0354\u0355lgo slammed. " + BODY).encode(), "ok"),
    TextCase("french", "Le conseil a vot\u00e9 la r\u00e9duction des horaires. \u00ab C\u2019est scandaleux \u00bb, a dit le maire.\n\nLes critiques sont nombreuses.\n".encode(), "ok"),
    TextCase("russian", "\u0421\u043e\u0432\u0435\u0442 \u043f\u0440\u043e\u0433\u043e\u043b\u043e\u0441\u043e\u0432\u0430\u043b. \u041c\u044d\u0440 \u0441\u043a\u0430\u0437\u0430\u043b.\n".encode(), "ok"),
    TextCase("chinese-no-spaces", "\u8bae\u4f1a\u6295\u7968\u51cf\u5c11\u56fe\u4e66\u9986\u5f00\u653e\u65f6\u95f4\u3002\u5e02\u957f\u8bf4\u8fd9\u662f\u5fc5\u8981\u7684\u3002\n".encode(), "ok"),
    # markup
    TextCase("markdown-heavy", b"# Council *cuts* hours\n\n> **Critics** slammed the __devastating__ cuts.\n\n- one\n- two [link](http://x.org)\n\n```\ncode <b>\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "ok", suffix=".md"),
    TextCase("markdown-only-syntax", b"---\ntitle: x\n---\n\n***\n\n![img](x.png)\n", "ok", suffix=".md",
             import_expect="refused", import_message="no article text once Markdown is removed"),
    TextCase("html-page", b"<!DOCTYPE html><html><head><title>t</title></head><body><h1>Council</h1><p>Critics <b>slammed</b> the cuts.</p></body></html>\n", "ok"),
    TextCase("html-entities", b"Tom &amp; Jerry &lt;script&gt; &#60;b&#62; &nbsp; slammed.\n", "ok"),
    # payloads (each also carries ordinary text)
    *[TextCase(f"payload-{n}", f"{p}\n\n{BODY}\n".encode(), "ok", payload=True) for n, p in enumerate(PAYLOADS[:7], 1)],
    TextCase("payload-js-link-md", f"Read [this report](javascript:window.{MARKER}=1) now. {BODY}\n".encode(), "ok", suffix=".md", payload=True),
    TextCase("payload-html-in-md", f"# Title\n\n{PAYLOADS[1]} **{BODY}** {PAYLOADS[0]}\n".encode(), "ok", suffix=".md", payload=True),
    TextCase("payload-all", _payload_text, "ok", payload=True),
    TextCase("json-as-text", b'{"format": "newslit-article/1", "paragraphs": ["<script>x</script>"]}\n', "ok"),
]


def materialise(case: TextCase, folder: Path) -> Path:
    """Write the case's file into ``folder`` (or make the folder / missing path it needs)."""
    path = folder / f"{case.name}{case.suffix}"
    if case.kind == "missing":
        return path
    if case.kind == "folder":
        path.mkdir(parents=True, exist_ok=True)
        return path
    data = case.data() if callable(case.data) else case.data
    path.write_bytes(data)
    return path


# -- article files and key files in datasets/ -----------------------------------------------------
# (name, bytes of datasets/articles/<id>.json, what the message must contain)

def _article(**over) -> dict:
    data = {"format": "newslit-article/1", "id": "broken", "title": "T", "outlet": "O", "author": "A",
            "date": "2024-03-01", "date_precision": "day", "language": "en",
            "licence": {"name": "CC BY 4.0", "url": None}, "attribution": "a", "kind": "imported",
            "paragraphs": ["Critics slammed the cuts."]}
    data.update(over)
    return data


def _j(value) -> bytes:
    import json
    return json.dumps(value).encode()


ARTICLE_FILE_CASES: list[tuple[str, bytes, str]] = [
    ("article-empty-file", b"", "broken"),
    ("article-not-json", b"Critics slammed the cuts.", "broken"),
    ("article-truncated-json", _j(_article())[:60], "broken"),
    ("article-binary", b"\x89PNG\x00\x00", "broken"),
    ("article-latin1", _j(_article(title="x")).replace(b'"x"', b'"\xe9"'), "broken"),
    ("article-a-list", _j(["paragraphs"]), "broken"),
    ("article-no-paragraphs", _j(_article(paragraphs=[])), "broken"),
    ("article-paragraph-not-text", _j(_article(paragraphs=[1, None])), "broken"),
    ("article-wrong-format", _j(_article(format="newslit-article/9")), "broken"),
    ("article-missing-title", _j({k: v for k, v in _article().items() if k != "title"}), "broken"),
]

KEY_FILE_CASES: list[tuple[str, bytes]] = [
    ("key-empty-file", b""),
    ("key-not-json", b"slammed, devastating"),
    ("key-items-not-list", b'{"format": "newslit-key/1", "article": "broken", "exercise": "loaded_language", "version": "1", "items": "slammed"}'),
    ("key-text-not-in-article", b'{"format": "newslit-key/1", "article": "broken", "exercise": "loaded_language", "version": "1", '
                                b'"items": [{"id": "x", "text": "<script>nowhere</script>", "category": "label", "why": "w"}]}'),
]

# -- answers files (the answer store) -------------------------------------------------------------

ANSWER_FILE_CASES: list[tuple[str, bytes]] = [
    ("answers-empty", b""),
    ("answers-truncated", b'{"format": "newslit-answers/1", "answers": {"loaded_language": {"spans": [{"st'),
    ("answers-binary", b"\x00\x01\x02\xff\xfe"),
    ("answers-invalid-utf8", b'{"format": "newslit-answers/1", "answers": {"x": "\xe9"}}'),
    ("answers-utf16", '{"format": "newslit-answers/1", "answers": {}}'.encode("utf-16")),
    ("answers-a-list", b"[1, 2, 3]"),
    ("answers-wrong-format", b'{"format": "something-else", "answers": {}}'),
    ("answers-answers-not-dict", b'{"format": "newslit-answers/1", "answers": "lots"}'),
    ("answers-bad-revision", b'{"format": "newslit-answers/1", "revision": "seven", "answers": {}}'),
    ("answers-huge-revision", b'{"format": "newslit-answers/1", "revision": 1e999, "answers": {}}'),
    ("answers-nan", b'{"format": "newslit-answers/1", "revision": NaN, "answers": {}}'),
    ("answers-payload", b'{"format": "newslit-answers/1", "answers": {"loaded_language": "<script>window.__nl_pwned=1</script>"}}'),
]

# -- notebooks handed to the grader ---------------------------------------------------------------
# (name, bytes or a function of the solution notebook dict -> bytes)

NOTEBOOK_CASES: list[str] = [
    "nb-empty", "nb-not-json", "nb-binary", "nb-utf16", "nb-truncated", "nb-a-list", "nb-no-cells",
    "nb-handin-not-dict", "nb-payload-in-answers", "nb-invalid-utf8",
]


def counts() -> dict:
    return {"text files": len(TEXT_CASES), "article files": len(ARTICLE_FILE_CASES), "key files": len(KEY_FILE_CASES),
            "answers files": len(ANSWER_FILE_CASES), "notebooks": len(NOTEBOOK_CASES)}
