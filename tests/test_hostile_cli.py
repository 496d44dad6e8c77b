"""The hostile-input corpus (tests/hostile/cases.py) through the command line, as users run it.

``python -m newslit analyze`` and ``python -m newslit import-article`` in a
subprocess: every case either succeeds with offsets that index the text, or is
refused with exit status 2 and exactly one stderr line that names the problem
and what to do. Never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from newslit.text.inputs import read_text_file
from newslit.paths import REPO_DIR

from tests.hostile.cases import TEXT_CASES, materialise

IDS = [c.name for c in TEXT_CASES]


def run(env, *args, timeout):
    return subprocess.run([sys.executable, "-m", "newslit", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=env, cwd=REPO_DIR, timeout=timeout)


def assert_refused(proc, message: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("newslit: ")
    assert message in lines[0], lines[0]
    assert len(lines[0]) < 400


def assert_offsets(result: dict, text: str) -> None:
    for group in ("sentences", "loaded", "claims"):
        for item in result[group]:
            assert 0 <= item["start"] <= item["end"] <= len(text)
            assert text[item["start"]:item["end"]] == item["text"], (group, item)
    for f in result["context"]:
        if f["start"] is not None:
            assert text[f["start"]:f["end"]] == f["text"]


@pytest.mark.parametrize("case", TEXT_CASES, ids=IDS)
def test_analyze(case, tmp_path, run_env):
    path = materialise(case, tmp_path)
    began = time.monotonic()
    proc = run(run_env(), "analyze", path, "--format", "json", timeout=case.timeout)
    took = time.monotonic() - began
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    if case.expect == "refused" or (case.expect == "ok-or-refused" and proc.returncode == 2):
        assert_refused(proc, case.message)
        if case.name.startswith(("article-20mb", "one-byte-over", "one-line-5mb", "lines-no-blank")):
            assert took < 10, f"an oversized file must be refused at once, took {took:.1f} s"
        return
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr == ""
    result = json.loads(proc.stdout)
    assert_offsets(result, read_text_file(path))
    if case.name == "one-line-450k":
        print(f"one 450,000-character line analysed in {took:.1f} s")


def _import_param(case):
    if case.import_bug:
        return pytest.param(case, id=case.name, marks=pytest.mark.xfail(
            strict=True, raises=subprocess.TimeoutExpired, reason=case.import_bug))
    return pytest.param(case, id=case.name)


@pytest.mark.parametrize("case", [_import_param(c) for c in TEXT_CASES])
def test_import_article(case, tmp_path, run_env, datasets_copy):
    path = materialise(case, _folder(tmp_path))
    proc = run(run_env(NEWSLIT_DATASETS=str(datasets_copy)), "import-article", path, "--title", f"Hostile {case.name}",
               "--outlet", "Test", "--date", "2024-03-01", "--licence", "CC BY 4.0", "--id", f"h-{case.name}",
               timeout=case.import_timeout or case.timeout)
    expect, message = case.for_import()
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    target = datasets_copy / "articles" / f"h-{case.name}.json"
    if expect == "refused" or (expect == "ok-or-refused" and proc.returncode == 2):
        assert_refused(proc, message)
        assert not target.exists(), "a refused file leaves nothing behind"
        return
    assert proc.returncode == 0, proc.stderr[-3000:]
    from newslit.text.articles import load_article
    from newslit.keys.answer_key import load_key

    article = load_article(target)
    assert article.paragraphs and all(p.strip() for p in article.paragraphs)
    key = load_key(article, "loaded_language")  # the draft key resolves against the article
    for item in key.items:
        assert article.text[item.start:item.end] == item.text
    if case.payload and case.suffix == ".txt":  # HTML stays literal text: the payload's characters are in the article
        first = materialise(case, _folder(tmp_path)).read_text(encoding="utf-8").split("\n")[0]
        assert first.split(": ", 1)[-1] in article.text


def _folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    return folder
