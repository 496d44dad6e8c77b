"""The command line, run as users run it: ``python -m newslit ...`` in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from newslit.errors import NewslitError
from newslit.text.inputs import MAX_TEXT_BYTES, read_text_file
from newslit.paths import REPO_DIR


def run(env, *args, timeout=120):
    return subprocess.run([sys.executable, "-m", "newslit", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=REPO_DIR, timeout=timeout)


@pytest.fixture
def env(run_env):
    return run_env()


def analyze_json(env, path: Path) -> dict:
    proc = run(env, "analyze", path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


def assert_offsets_match(result: dict, text: str) -> None:
    assert set(result) == {"sentences", "loaded", "claims", "context"}
    for claim in result["claims"]:
        assert set(claim) == {"start", "end", "text", "support", "source", "cue"}
        assert text[claim["start"]:claim["end"]] == claim["text"]
        assert claim["support"] in ("sourced", "vague", "unsourced")
    for finding in result["context"]:
        assert {"check", "start", "end", "text", "question"} <= set(finding)
        if finding["start"] is not None:
            assert text[finding["start"]:finding["end"]] == finding["text"]
        assert finding["question"]
    for s in result["sentences"]:
        assert set(s) == {"start", "end", "text", "polarity", "subjectivity"}
        assert text[s["start"]:s["end"]] == s["text"]
        assert -1 <= s["polarity"] <= 1 and 0 <= s["subjectivity"] <= 1
    for span in result["loaded"]:
        assert set(span) == {"start", "end", "text", "category", "reason"}
        assert text[span["start"]:span["end"]] == span["text"]
        assert span["reason"]


def test_analyze_sample_json(env, tmp_path, sample_article):
    path = tmp_path / "sample.txt"
    path.write_text(sample_article.text, encoding="utf-8")
    result = analyze_json(env, path)
    text = path.read_text(encoding="utf-8")
    assert_offsets_match(result, text)
    assert len(result["sentences"]) >= len(sample_article.paragraphs)
    assert "\u201crebels\u201d" in [s["text"] for s in result["loaded"]]
    supports = {c["support"] for c in result["claims"]}
    assert {"sourced", "vague", "unsourced"} <= supports  # the sample has all three kinds
    assert any("Washington Post" in (c["source"] or "") for c in result["claims"])


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_analyze_crlf_and_cr_files(env, tmp_path, newline):
    body = "The senator slammed the plan.\nIt was devastating, critics said.\n\nThe \u201cexperts\u201d disagreed.\n"
    path = tmp_path / "windows.txt"
    path.write_bytes(body.replace("\n", newline).encode("utf-8"))
    result = analyze_json(env, path)
    text = path.read_text(encoding="utf-8")
    assert_offsets_match(result, text)
    assert [s["text"] for s in result["sentences"]] == [
        "The senator slammed the plan.", "It was devastating, critics said.", "The \u201cexperts\u201d disagreed."]
    assert [s["text"] for s in result["loaded"]] == ["slammed", "devastating", "\u201cexperts\u201d"]


def test_analyze_utf8_with_bom(env, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "The regime fell. Everyone knows it.".encode("utf-8"))
    result = analyze_json(env, path)
    assert_offsets_match(result, path.read_text(encoding="utf-8"))
    assert [s["text"] for s in result["loaded"]] == ["regime", "Everyone knows"]


def test_analyze_html_is_text(env, tmp_path):
    body = '<html><body><p>Hello.</p>\n\n<script>alert("slammed")</script> <img src=x onerror=alert(1)> Done.</body></html>'
    path = tmp_path / "page.html"
    path.write_text(body, encoding="utf-8")
    result = analyze_json(env, path)
    assert_offsets_match(result, body)
    joined = " ".join(s["text"] for s in result["sentences"])
    assert '<script>alert("slammed")</script>' in joined
    assert "<img src=x onerror=alert(1)>" in joined


def test_analyze_table(env, tmp_path, sample_article):
    path = tmp_path / "sample.md"
    path.write_text(sample_article.text, encoding="utf-8")
    proc = run(env, "analyze", path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    m = re.fullmatch(r"(\d+) sentences, (\d+) loaded-language spans", lines[0])
    assert m and int(m.group(1)) > 8 and int(m.group(2)) > 0
    assert "Sentences (polarity -1..1, subjectivity 0..1)" in lines
    assert "Loaded language" in lines
    assert any("scare_quotes" in line and "\u201crebels\u201d" in line for line in lines)
    table = proc.stdout
    assert "--format" not in table and proc.stderr == ""


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    cases = {
        "missing": tmp_path / "nope.txt",
        "folder": tmp_path / "a-folder",
        "empty": tmp_path / "empty.txt",
        "whitespace": tmp_path / "blank.txt",
        "binary": tmp_path / "image.png",
        "invalid utf-8": tmp_path / "latin1.txt",
        "utf-16 le bom": tmp_path / "utf16le.txt",
        "utf-16 be bom": tmp_path / "utf16be.txt",
        "too big": tmp_path / "huge.txt",
    }
    cases["folder"].mkdir()
    cases["empty"].write_bytes(b"")
    cases["whitespace"].write_bytes(b" \n\t\r\n  \n")
    cases["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    cases["invalid utf-8"].write_bytes("Caf\u00e9 au lait, d\u00e9j\u00e0 vu.".encode("latin-1"))
    cases["utf-16 le bom"].write_bytes("Hello there. The regime fell.".encode("utf-16"))  # BOM + LE on this machine
    cases["utf-16 be bom"].write_bytes(b"\xfe\xff" + "Hello there.".encode("utf-16-be"))
    with open(cases["too big"], "wb") as f:  # sparse: no disk space used
        f.truncate(MAX_TEXT_BYTES + 1)
    return cases


EXPECTED_WORDS = {
    "missing": "No such file",
    "folder": "is a folder",
    "empty": "no text",
    "whitespace": "no text",
    "binary": "binary",
    "invalid utf-8": "not valid UTF-8",
    "utf-16 le bom": "UTF-16",
    "utf-16 be bom": "UTF-16",
    "too big": "limit",
}


def test_bad_inputs_exit_2_with_one_line(env, tmp_path):
    cases = _bad_inputs(tmp_path)
    procs = {name: subprocess.Popen([sys.executable, "-m", "newslit", "analyze", str(path), "--format", "json"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO_DIR)
             for name, path in cases.items()}
    failures = []
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        err_text = err.decode("utf-8")
        lines = err_text.splitlines()
        ok = (proc.returncode == 2 and out == b"" and len(lines) == 1 and lines[0].startswith("newslit: ")
              and "Traceback" not in err_text and EXPECTED_WORDS[name] in lines[0] and str(cases[name]) in lines[0])
        if not ok:
            failures.append((name, proc.returncode, err_text[-500:]))
    assert failures == []


def test_read_text_file_matches_read_text(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("A line.\r\nB line.\rC line.\n\nD \u201cq\u201d.".encode("utf-8"))
    assert read_text_file(path) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED_WORDS))
def test_read_text_file_refuses_bad_input(tmp_path, name):
    path = _bad_inputs(tmp_path)[name]
    with pytest.raises(NewslitError, match=re.escape(EXPECTED_WORDS[name])):
        read_text_file(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_fifo_over_the_limit_is_refused(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            try:
                f.write(b"a" * (MAX_TEXT_BYTES + 1))
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        with pytest.raises(NewslitError):
            read_text_file(fifo)
    finally:
        if writer.is_alive():  # the reader never opened the pipe: unblock the writer
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            writer.join(5)
            os.close(fd)
        writer.join(5)


def test_analyze_non_latin_text_with_legacy_stdout_encoding(run_env, tmp_path):
    path = tmp_path / "arabic.txt"
    path.write_text("\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b. The \u201cexperts\u201d slammed it.\n",
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newslit", "analyze", str(path)], capture_output=True,
                          env=run_env(PYTHONIOENCODING="cp1252"), cwd=REPO_DIR, timeout=120)
    assert b"Traceback" not in proc.stderr
    assert proc.returncode in (0, 2)


def test_usage_error_exit_2(env):
    proc = run(env, "analyze")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_evaluate_prints_precision_and_recall(env):
    proc = run(env, "evaluate")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = next(line for line in lines if line.startswith("group"))
    assert header.split()[:6] == ["group", "texts", "words", "P", "R", "F1"]
    rows = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in {"dev", "heldout", "neutral", "sample"}}
    assert set(rows) == {"dev", "heldout", "neutral", "sample"}
    for name, cols in rows.items():
        texts, words = int(cols[1]), int(cols[2])
        assert texts >= 1 and words > 0, name
        for value in cols[3:6]:  # P, R, F1: a fraction, or n/a when undefined
            assert value == "n/a" or 0 <= float(value) <= 1, (name, value)
        assert float(cols[6]) >= 0  # false flags per 1000 words
    # Neutral wire copy is where every flag is a false flag: its rate is what the column is for.
    assert float(rows["neutral"][6]) == 0.0, "the finder flagged neutral wire copy"
    assert rows["neutral"][3:6] == ["n/a", "n/a", "n/a"], "neutral texts have no key items, so P/R/F1 are undefined"
    assert int(rows["sample"][1]) == 1
    sample = rows["sample"]
    assert float(sample[3]) > 0 and float(sample[4]) > 0, "the finder agrees with the sample key somewhat"
    from newslit.text.articles import list_articles

    assert int(rows["dev"][1]) + int(rows["heldout"][1]) == len(list_articles(kind="practice"))


@pytest.mark.parametrize("name", ["missing\x1b]0;pwned\x07.txt", "two\nlines.txt", "rtl\u202etxt.md"])
def test_error_lines_escape_what_a_file_name_carries(env, tmp_path, name):
    """A file name reaches the error message; control characters are shown escaped, on one line."""
    proc = run(env, "analyze", tmp_path / name)
    assert proc.returncode == 2 and proc.stdout == ""
    line = proc.stderr
    assert line.startswith("newslit: ") and line.count("\n") == 1
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
    assert any(esc in line for esc in ("\\x1b", "\\n", "\\u202e"))
