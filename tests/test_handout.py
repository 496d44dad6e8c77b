"""Handing lessons out: ``newslit lessons DEST [--article ID]`` and the locked setup and hand-in cells."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newslit.errors import NewslitError
from newslit.instructor.handout import copy_lessons

ROOT = Path(__file__).resolve().parents[1]


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "newslit", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env)


def test_setup_and_handin_cells_are_locked_in_every_lesson():
    for path in sorted((ROOT / "lessons").glob("0[1-4]_*.ipynb")):
        locked = [c for c in cells(path) if "locked" in c["metadata"].get("tags", [])]
        assert [c["id"].rsplit("-", 1)[-1] for c in locked] == ["setup", "code"], path.name  # setup, handin-code
        for cell in locked:
            assert cell["metadata"]["deletable"] is False and cell["metadata"]["editable"] is False, (path.name, cell["id"])
        others = [c for c in cells(path) if c not in locked]
        assert all("editable" not in c["metadata"] for c in others), "answer cells stay editable"


def test_copy_gives_learner_notebooks_only(tmp_path):
    copied, kept = copy_lessons(tmp_path / "class")
    names = sorted(p.name for p in copied)
    assert names == sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")) and kept == []
    for path in copied:
        assert path.read_bytes() == (ROOT / "lessons" / path.name).read_bytes()


def test_copy_never_overwrites_a_learners_file(tmp_path):
    dest = tmp_path / "class"
    dest.mkdir()
    mine = dest / "02_unsupported_claims.ipynb"
    mine.write_text("my answers", encoding="utf-8")
    copied, kept = copy_lessons(dest)
    assert kept == [mine] and mine.read_text(encoding="utf-8") == "my answers"
    assert mine not in copied


def test_article_option_sets_the_locked_setup_cell(tmp_path, datasets_copy):
    from newslit.instructor.import_article import import_article

    text = tmp_path / "council.txt"
    text.write_text("The council slammed the devastating cuts, the mayor said.\n\nCritics say the plan failed.\n", encoding="utf-8")
    article = import_article(text, title="Council cuts", outlet="Test Gazette", date="2024-03-01", licence="CC BY 4.0")
    copied, _ = copy_lessons(tmp_path / "class", article=article.id)
    for path in copied:
        setup = [c for c in cells(path) if c["id"].endswith("-setup")]
        source = "".join(setup[0]["source"]) if setup else ""
        if path.name.startswith(("01_", "02_", "03_")):
            assert f'ARTICLE = "{article.id}"' in source and "aleppo-2016" not in source
            assert setup[0]["metadata"]["editable"] is False
        else:
            assert article.id not in source


def test_article_without_keys_is_refused_before_anything_is_copied(tmp_path):
    dest = tmp_path / "class"
    with pytest.raises(NewslitError) as err:
        copy_lessons(dest, article="practice-corvale-foods-earnings")  # a practice text keyed for lesson 1 only
    message = str(err.value)
    assert "no answer key" in message and "import-article" in message
    assert not dest.exists() or not any(dest.iterdir())


@pytest.mark.parametrize("article, words", [("no-such-article", "no-such-article"), ("../etc", "not an article id"),
                                            ("Bad Id", "not an article id")])
def test_unknown_or_malformed_article_is_one_clear_line(tmp_path, article, words, run_env):
    proc = run("lessons", tmp_path / "class", "--article", article, env=run_env())
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("newslit: ") and words in proc.stderr and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_dest_that_is_a_file_or_unwritable(tmp_path, run_env):
    afile = tmp_path / "afile"
    afile.write_text("x")
    proc = run("lessons", afile, env=run_env())
    assert proc.returncode == 2 and "is a file, not a folder" in proc.stderr and "Traceback" not in proc.stderr
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        proc = run("lessons", locked / "class", env=run_env())
        import os
        if os.geteuid() != 0:  # root may write anywhere
            assert proc.returncode == 2 and "Cannot copy the lessons" in proc.stderr and "Traceback" not in proc.stderr
        else:
            assert proc.returncode == 0
    finally:
        locked.chmod(0o700)
