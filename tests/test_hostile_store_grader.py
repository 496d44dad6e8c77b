"""The hostile-input corpus against the answer store and the grader.

* Answer store: every corrupted answers file is moved aside byte for byte
  (never deleted), the learner is told in the lesson's error box, the lesson
  and its widgets still open, and the next save works. Other saved answers in
  the folder are never touched.
* Grader: damaged notebooks each get one clear reason (one line, no
  traceback) and the rest of the class is still graded; a hand-in whose
  answers carry script payloads is graded and its feedback page holds no live tag.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newslit.grading.grade import grade
from newslit.learner.handin import MIME
from newslit.grading.reports import write_reports

from tests.grading_fixtures import handin_cells, payload, reference_spans, submission, write
from tests.hostile.cases import ANSWER_FILE_CASES, LIVE_TAGS, NOTEBOOK_CASES, PAYLOADS

ARTICLE = "aleppo-2016"


def _answer_case(name, data):
    return pytest.param(name, data, id=name)


@pytest.mark.parametrize("name,data", [_answer_case(*c) for c in ANSWER_FILE_CASES])
def test_corrupted_answers_file(name, data, answers_home):
    from newslit import Lesson

    folder = answers_home / "answers"
    folder.mkdir(parents=True)
    other = folder / f"{ARTICLE}--02_unsupported_claims.json"  # earlier answers to another lesson
    other_bytes = json.dumps({"format": "newslit-answers/1", "revision": 3, "answers": {"claims": {"labels": {"a": "vague"}}}}).encode()
    other.write_bytes(other_bytes)
    damaged = folder / f"{ARTICLE}--01_loaded_language.json"
    damaged.write_bytes(data)

    lesson = Lesson("01_loaded_language", article=ARTICLE)
    kept = [p for p in folder.iterdir() if p.name not in (damaged.name, other.name) and not p.name.startswith(".")]
    if lesson.store.notice:  # refused: moved aside, learner told, starting empty
        assert len(kept) == 1 and kept[0].read_bytes() == data, "the damaged file is kept, byte for byte"
        assert not damaged.exists()
        html = lesson._repr_html_()
        assert 'class="nl-error"' in html and kept[0].name in html
        assert lesson.answers == {}
    else:  # readable: the answers came back as they were
        assert damaged.read_bytes() == data
    ex = lesson.highlighter()  # the widgets open whatever was in the file
    ex.highlighter.mark_phrase("reclaiming")
    ex.save()
    again = Lesson("01_loaded_language", article=ARTICLE)
    assert again.store.notice == ""
    assert again.answers["loaded_language"]["spans"], "the new marks were saved"
    assert other.read_bytes() == other_bytes, "earlier answers to another lesson are never touched"
    for p in kept:
        assert p.exists(), "a kept damaged file is never deleted by later saves"
    for tag in LIVE_TAGS:
        assert tag not in lesson._repr_html_().lower()


# -- the grader --------------------------------------------------------------------------------------


def _nb_bytes(name: str) -> bytes:
    good = json.dumps(submission(name)).encode()
    if name == "nb-empty":
        return b""
    if name == "nb-not-json":
        return b"this is not a notebook"
    if name == "nb-binary":
        return b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256))
    if name == "nb-utf16":
        return json.dumps(submission(name)).encode("utf-16")
    if name == "nb-truncated":
        return good[: len(good) // 2]
    if name == "nb-a-list":
        return b"[1, 2, 3]"
    if name == "nb-no-cells":
        nb = submission(name)
        del nb["cells"]
        return json.dumps(nb).encode()
    if name == "nb-handin-not-dict":
        nb = submission(name)
        out = next(o for o in handin_cells(nb)[-1]["outputs"] if MIME in o.get("data", {}))
        out["data"][MIME] = "<script>window.__nl_pwned=1</script>"
        return json.dumps(nb).encode()
    if name == "nb-payload-in-answers":
        nb = submission("<script>window.__nl_pwned=1</script>")
        p = payload(nb)
        spans = reference_spans()
        spans.append({"start": 0, "end": 5, "text": PAYLOADS[1]})
        p["answers"]["loaded_language"]["spans"] = spans
        for answer in p["answers"].values():
            if isinstance(answer, dict) and "text" in answer and isinstance(answer["text"], str):
                answer["text"] = " ".join(PAYLOADS)
        p["answers"]["reflection"] = {"text": " ".join(PAYLOADS)}
        return json.dumps(nb).encode()
    if name == "nb-invalid-utf8":
        return good.replace(b'"cells"', b'"c\xe9lls"', 1)
    raise AssertionError(name)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    for learner in ("good-one", "good-two"):
        write(folder / f"{learner}.ipynb", submission(learner))
    for name in NOTEBOOK_CASES:
        (folder / f"{name}.ipynb").write_bytes(_nb_bytes(name))
    run = grade([folder], progress=False)
    out = tmp_path_factory.mktemp("out")
    return run, write_reports(run, out), out


def _sub(run, name):
    return next(s for s in run.submissions if Path(s.path).name == f"{name}.ipynb")


@pytest.mark.parametrize("name", NOTEBOOK_CASES)
def test_damaged_notebook_gets_one_clear_reason(graded, name):
    run, _written, _out = graded
    sub = _sub(run, name)
    if name in ("nb-payload-in-answers", "nb-utf16"):  # JSON in UTF-16 is still JSON (RFC 8259 readers accept it)
        assert sub.status == "graded", sub.problems
    else:
        assert sub.status == "not graded", (name, sub.status, sub.problems)
        assert len([p for p in sub.problems if not p.graded]) == 1
    for p in sub.problems:
        assert "\n" not in p.message and "Traceback" not in p.message and len(p.message) < 500, p.message
        assert p.code != "internal", f"{name}: an unexpected error, not a clear reason: {p.message}"


def test_the_rest_of_the_class_is_graded(graded):
    run, _written, _out = graded
    for learner in ("good-one", "good-two"):
        sub = _sub(run, learner)
        assert sub.status == "graded" and sub.points > 0


def test_feedback_pages_hold_no_live_tag(graded):
    _run, _written, out = graded
    pages = list(out.rglob("*.html"))
    assert pages
    payload_seen = False
    for page in pages:
        html = page.read_text(encoding="utf-8")
        body = html.split("<body", 1)[-1]
        for tag in LIVE_TAGS:
            assert tag not in body.lower(), (page.name, tag)
        for tag in re.findall(r"<[a-z][^<>]*>", body.lower()):
            assert not re.search(r"\son[a-z]+\s*=", tag) and "javascript:" not in tag, (page.name, tag)
        payload_seen |= "&lt;script&gt;window.__nl_pwned=1&lt;/script&gt;" in html
    assert payload_seen, "the payload is shown as text in a feedback page"
