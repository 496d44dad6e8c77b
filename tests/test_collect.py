"""``newslit collect``: each learner's newest hand-in, copied read-only into a class folder, nothing run.

Homes are folders under ``tmp_path`` (``--homes``); the real-hub version, with
Unix accounts, is in tests/hub/test_hub.py.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from newslit.errors import NewslitError
from newslit.instructor.collect import collect

ROOT = Path(__file__).resolve().parents[1]
MIME = "application/vnd.newslit.handin+json"


def notebook(lesson: str, when: str, user: str, marker: str = "") -> dict:
    payload = {"format": "newslit-handin/1", "lesson": lesson, "article": "aleppo-2016", "key_versions": {},
               "user": user, "handed_in_at": when, "newslit_version": "0.2.0", "answers": {"reflection": {"text": marker}}}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"newslit": {"lesson": lesson}},
            "cells": [{"cell_type": "code", "id": "h", "metadata": {}, "execution_count": 1, "source": "lesson.hand_in()",
                       "outputs": [{"output_type": "display_data", "metadata": {}, "data": {MIME: payload, "text/plain": "x"}}]}]}


def put(home: Path, relative: str, nb: dict) -> Path:
    path = home / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.fixture
def homes(tmp_path):
    root = tmp_path / "home"
    for name in ("ana", "ben", "cai"):
        (root / name / "lessons").mkdir(parents=True)
    return root


def test_newest_handin_per_lesson_is_copied_read_only(homes, tmp_path):
    put(homes / "ana", "lessons/01_loaded_language.ipynb", notebook("01_loaded_language", "2026-11-20T09:00:00+00:00", "ana", "old"))
    put(homes / "ana", ".newslit/handins/aleppo-2016/01_loaded_language.ipynb",
        notebook("01_loaded_language", "2026-11-20T10:00:00+01:00", "ana", "older by offset"))  # 09:00 UTC: a tie, not newer
    put(homes / "ana", "lessons/01_copy.ipynb", notebook("01_loaded_language", "2026-11-21T08:00:00+00:00", "ana", "newest"))
    put(homes / "ben", "lessons/02_unsupported_claims.ipynb", notebook("02_unsupported_claims", "2026-11-21T08:00:00+00:00", "ben"))
    result = collect(["ana", "ben", "cai"], tmp_path / "class", homes=homes, lessons=["01_loaded_language"])
    got = sorted(p.relative_to(tmp_path / "class").as_posix() for p in (tmp_path / "class").rglob("*.ipynb"))
    assert got == ["ana/01_loaded_language--20261121T080000.ipynb"]
    copied = tmp_path / "class" / got[0]
    assert "newest" in copied.read_text(encoding="utf-8")
    assert stat.S_IMODE(copied.stat().st_mode) == 0o444
    assert result.missing == {"ben": ["01_loaded_language"], "cai": ["01_loaded_language"]}
    assert "not handed in: cai" in result.summary()


def test_a_newer_handin_is_added_beside_and_nothing_is_overwritten(homes, tmp_path):
    nb = put(homes / "ana", "lessons/01_loaded_language.ipynb", notebook("01_loaded_language", "2026-11-20T09:00:00+00:00", "ana", "v1"))
    first = collect(["ana"], tmp_path / "class", homes=homes)
    assert [c.new for c in first.collected] == [True]
    assert [c.new for c in collect(["ana"], tmp_path / "class", homes=homes).collected] == [False]
    nb.write_text(json.dumps(notebook("01_loaded_language", "2026-11-22T09:00:00+00:00", "ana", "v2")), encoding="utf-8")
    collect(["ana"], tmp_path / "class", homes=homes)
    files = sorted((tmp_path / "class" / "ana").iterdir())
    assert [f.name for f in files] == ["01_loaded_language--20261120T090000.ipynb", "01_loaded_language--20261122T090000.ipynb"]
    assert "v1" in files[0].read_text(encoding="utf-8") and "v2" in files[1].read_text(encoding="utf-8")


def test_links_special_files_big_and_broken_files_are_skipped_with_a_reason(homes, tmp_path):
    other = put(homes / "ben", "lessons/01_loaded_language.ipynb", notebook("01_loaded_language", "2026-11-20T09:00:00+00:00", "ben"))
    (homes / "ana" / "lessons" / "01_loaded_language.ipynb").symlink_to(other)
    os.mkfifo(homes / "ana" / "lessons" / "fifo.ipynb")
    (homes / "ana" / "lessons" / "big.ipynb").write_bytes(b"{" + b" " * (2 * 1024 * 1024) + b"}")
    (homes / "ana" / "lessons" / "cut.ipynb").write_text('{"cells": [', encoding="utf-8")
    put(homes / "ana", "lessons/undated.ipynb", notebook("01_loaded_language", "yesterday", "ana"))
    result = collect(["ana"], tmp_path / "class", homes=homes, max_mb=1)
    assert result.collected == [] and result.missing == {"ana": []}
    reasons = "\n".join(result.problems)
    for expected in ("01_loaded_language.ipynb: a symbolic link (not followed)", "fifo.ipynb: not a regular file",
                     "big.ipynb: larger than 1 MB", "cut.ipynb: not a readable notebook", "undated.ipynb: a hand-in without a readable time"):
        assert expected in reasons, reasons


def test_bad_learner_names_are_refused(tmp_path):
    with pytest.raises(NewslitError, match="Not a user name"):
        collect(["../../etc"], tmp_path / "class", homes=tmp_path)


def test_cli_collect_reports_and_grade_reads_the_class_folder(homes, tmp_path, run_env):
    put(homes / "ana", "lessons/01_loaded_language.ipynb", notebook("01_loaded_language", "2026-11-20T09:00:00+00:00", "ana"))
    (tmp_path / "roster.txt").write_text("\ufeffana\nben\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newslit", "collect", "--learners-file", tmp_path / "roster.txt", "--homes", homes,
                           "--to", tmp_path / "class", "--lesson", "01_loaded_language"],
                          capture_output=True, text=True, cwd=ROOT, env=run_env())
    assert proc.returncode == 0, proc.stderr
    assert "Collected 1 new hand-in(s)" in proc.stdout and "not handed in: ben: 01_loaded_language" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "newslit", "collect", "--to", tmp_path / "class"],
                          capture_output=True, text=True, cwd=ROOT, env=run_env())
    assert proc.returncode == 2 and proc.stderr.startswith("newslit: Name the learners")


def test_a_linked_folder_on_the_way_is_not_followed(homes, tmp_path):
    theirs = put(homes / "ben", ".newslit/handins/aleppo-2016/01_loaded_language.ipynb",
                 notebook("01_loaded_language", "2026-11-20T09:00:00+00:00", "ben", "ben's work"))
    (homes / "ana" / ".newslit").symlink_to(homes / "ben" / ".newslit")  # every hub pod may share one uid
    (homes / "ana" / "lessons" / "sub").mkdir()
    result = collect(["ana", "ben"], tmp_path / "class", homes=homes)
    assert [(c.learner, c.source) for c in result.collected] == [("ben", theirs)]
    assert any(p.startswith("ana: .newslit/handins") and "symbolic link" in p for p in result.problems), result.problems


def test_the_grader_names_collected_files_by_their_folder(homes, tmp_path, run_env):
    for n, when in enumerate(("2026-11-20T09:00:00+00:00", "2026-11-21T09:00:00+00:00")):
        put(homes / "ana", f"lessons/copy{n}.ipynb", notebook("01_loaded_language", when, "jovyan", f"v{n}"))
        collect(["ana"], tmp_path / "class", homes=homes)
    from newslit.grading.grade import grade

    run = grade([tmp_path / "class"], progress=False)
    learners = {s.learner for s in run.submissions}
    assert learners == {"ana"}, learners  # not "ana_20261120T090000": the collect suffix is not a name
