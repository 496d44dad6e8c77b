"""The course data: instructors' articles and keys beside a read-only kit, and file-system failures in every command.

The kit's data is installed read-only on a hub (a copy of datasets/ made
read-only, ``NEWSLIT_DATASETS`` pointing at it); an instructor's additions go
to the course data (``NEWSLIT_COURSE_DATA``). Lessons, the grader, the
dashboard and ``newslit lessons`` read both; a course file with the name of
one of the kit's files is refused, naming both; an import appears whole or not
at all. Then every command against a read-only folder and a full disk: one
line on stderr, exit status 2, never a traceback.

Read-only for real: as root (CI, classroom servers) chmod stops nothing, so
the folder is bind-mounted read-only (a read-only tmpfs for a full disk:
filled to the last byte); without root, chmod 0o555. Where neither can stop
this process writing (root without mount), the real variant is skipped with
the reason, and the in-process variants (the write raising PermissionError,
EROFS or ENOSPC) still run. ``NEWSLIT_SIMULATE_DISK=1`` forces that.
"""

from __future__ import annotations

import csv
import errno
import html
import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from newslit.errors import NewslitError
from newslit.files import read_json
from newslit.paths import DataClash, course_data_dir, data_folders, data_path, datasets_dir

from tests.grading_fixtures import payload, submission, write

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
EXAMPLE = REPO / "instructor" / "example-article.md"
ID = "byo-council"
META = ["--title", "Council Axes Late Opening at Riverside Library", "--outlet", "Riverside Post",
        "--date", "2024-03-05", "--licence", "CC BY 4.0", "--id", ID]
META_KW = dict(title="Council Axes Late Opening at Riverside Library", outlet="Riverside Post", date="2024-03-05",
               licence="CC BY 4.0", article_id=ID)
KEY_FILES = sorted(f"{e}.json" for e in ("loaded_language", "claims", "context_checklist", "evidence_plan",
                                          "lateral_plan", "context_written"))
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SIMULATE = os.environ.get("NEWSLIT_SIMULATE_DISK") == "1"
NO_REAL_READ_ONLY = "as root chmod does not stop writes, and mounting a read-only folder is not allowed here"


# -- helpers ---------------------------------------------------------------------------------------------


def run(*args, env: dict, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newslit", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=env, cwd=REPO, timeout=timeout)


def refused(proc_or_err: subprocess.CompletedProcess | str, *words: str, returncode: int | None = None) -> str:
    """The one stderr line of a refusal (exit status 2, no traceback), checked for ``words``."""
    if isinstance(proc_or_err, subprocess.CompletedProcess):
        assert proc_or_err.returncode == 2, (proc_or_err.returncode, proc_or_err.stderr[-2000:])
        err = proc_or_err.stderr
    else:
        err = proc_or_err
    assert "Traceback" not in err, err[-3000:]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newslit: "), err[-3000:]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert len(lines[0]) < 600, lines[0]
    return lines[0]


def _sh(*cmd: str) -> bool:
    return subprocess.run(cmd, capture_output=True).returncode == 0


def _writes_blocked(folder: Path) -> bool:
    probe = folder / ".newslit-write-probe"
    try:
        probe.write_bytes(b"x")
    except OSError:
        return True
    probe.unlink()
    return False


def _chmod_tree(folder: Path, dirs: int, files: int) -> None:
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(dirs if path.is_dir() else files)


@contextmanager
def read_only(folder: Path):
    """Make ``folder`` read-only for this process; yields how ("read-only bind mount", "chmod 0o555"), or None."""
    if IS_ROOT and not SIMULATE and shutil.which("mount"):
        if _sh("mount", "--bind", str(folder), str(folder)):
            try:
                if _sh("mount", "-o", "remount,bind,ro", str(folder)) and _writes_blocked(folder):
                    yield "read-only bind mount"
                    return
            finally:
                if not _sh("umount", str(folder)):
                    _sh("umount", "-l", str(folder))
    _chmod_tree(folder, 0o555, 0o444)
    try:
        yield None if SIMULATE or not _writes_blocked(folder) else "chmod 0o555"
    finally:
        _chmod_tree(folder, 0o755, 0o644)


@contextmanager
def full_disk(where: Path):
    """A tiny tmpfs at ``where``, filled to the last byte; yields False (nothing mounted) where mounting is not allowed."""
    where.mkdir(parents=True)
    mounted = IS_ROOT and not SIMULATE and shutil.which("mount") is not None and _sh(
        "mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "newslit-full", str(where))
    try:
        if mounted:
            for name, chunk in (("filler.bin", 4096), ("filler-small.bin", 1)):
                with open(where / name, "wb", buffering=0) as f:
                    try:
                        while True:
                            f.write(b"\0" * chunk)
                    except OSError as exc:
                        assert exc.errno == errno.ENOSPC
        yield mounted
    finally:
        if mounted and not _sh("umount", str(where)):
            _sh("umount", "-l", str(where))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def env_now(**extra) -> dict:
    """The test's environment (NEWSLIT_HOME, NEWSLIT_DATASETS, NEWSLIT_COURSE_DATA as set) for a subprocess."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update({k: str(v) for k, v in extra.items()})
    return env


@pytest.fixture
def kit(tmp_path, monkeypatch):
    """The kit's data installed read-only (a copy of datasets/, made read-only); yields (folder, how or None)."""
    target = tmp_path / "site-packages" / "newslit" / "data" / "datasets"
    shutil.copytree(DATASETS, target)
    monkeypatch.setenv("NEWSLIT_DATASETS", str(target))
    with read_only(target) as how:
        yield target, how


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "srv" / "course-data"
    monkeypatch.setenv("NEWSLIT_COURSE_DATA", str(folder))
    return folder


def do_import(**kw):
    from newslit.instructor.import_article import import_article

    return import_article(EXAMPLE, **{**META_KW, **kw})


# -- where the data is ---------------------------------------------------------------------------------------


def test_course_data_folder_defaults_and_search_order(tmp_path, monkeypatch, answers_home):
    assert course_data_dir() == answers_home / "course-data", "default: ~/.newslit/course-data"
    assert data_folders() == [datasets_dir(), answers_home / "course-data"], "the kit's data first"
    monkeypatch.setenv("NEWSLIT_COURSE_DATA", str(tmp_path / "course"))
    assert data_folders() == [datasets_dir(), tmp_path / "course"]
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "lessons.json").write_text("{}", encoding="utf-8")
    assert data_folders("lexicons") == [datasets_dir()], "course data adds articles, keys and packs only"
    assert data_path("lessons.json") == datasets_dir() / "lessons.json", "lessons come only from the kit"
    monkeypatch.setenv("NEWSLIT_COURSE_DATA", str(datasets_dir()))
    assert data_folders() == [datasets_dir()], "the data folder as its own course data: searched once"


def test_import_goes_to_the_course_data_and_never_into_the_kit(kit, course):
    folder, how = kit
    before = snapshot(folder)
    proc = run("import-article", EXAMPLE, *META, env=env_now())
    assert proc.returncode == 0, proc.stderr
    assert str(course / "articles" / f"{ID}.json") in proc.stdout
    assert sorted(p.name for p in (course / "keys" / ID).iterdir()) == KEY_FILES
    assert [p.name for p in (course / "articles").iterdir()] == [f"{ID}.json"]
    assert not [p for p in course.iterdir() if p.name.startswith(".")], "no staging folder left"
    assert snapshot(folder) == before, "nothing written into the kit's data"
    assert not (folder / "articles" / f"{ID}.json").exists()
    print(f"kit data read-only by: {how or 'nothing (root, no mount): checked by comparing every file'}")


def test_course_files_are_readable_by_learners(kit, course):
    old = os.umask(0o022)
    try:
        do_import()
    finally:
        os.umask(old)
    for path in [course / "articles" / f"{ID}.json", *(course / "keys" / ID).iterdir()]:
        assert path.stat().st_mode & 0o777 == 0o644, path
    assert (course / "keys" / ID).stat().st_mode & 0o777 == 0o755


def test_lessons_grader_dashboard_and_handout_see_the_imported_article(kit, course, tmp_path):
    from newslit import Lesson
    from newslit.grading import dashboard
    from newslit.keys.answer_key import load_key
    from newslit.text.articles import list_articles, load_article

    do_import()
    assert load_article(ID).kind == "imported"
    assert ID in [a.id for a in list_articles()] and "aleppo-2016" in [a.id for a in list_articles()]

    lesson = Lesson("01_loaded_language", article=ID)
    assert lesson.article.id == ID and "Riverside" in lesson.article.text
    key = lesson.key("loaded_language")
    assert key.items and key.article.id == ID
    assert lesson.key("claims").article.id == ID  # lesson 2's draft key, also from the course data

    # a learner hands in lesson 1 on the imported article, finding every key item
    nb = submission("ana", spans=[{"start": i.start, "end": i.end, "text": i.text} for i in key.items])
    payload(nb).update(article=ID, key_versions={"loaded_language": key.version})
    write(tmp_path / "class" / "ana.ipynb", nb)
    proc = run("grade", tmp_path / "class", "--out", tmp_path / "grades", "--no-progress", env=env_now())
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert f"01_loaded_language on {ID}: 1 graded" in proc.stdout and "(100%)" in proc.stdout, proc.stdout
    with open(tmp_path / "grades" / "grades.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["learner"] == "ana" and r["exercise"] == "loaded_language"]
    assert len(rows) == len(key.items) and {(r["article"], r["status"]) for r in rows} == {(ID, "found")}, rows

    data = dashboard.load_class(tmp_path / "class")
    marks = dashboard.word_marks(data, "01_loaded_language", "loaded_language")
    assert list(marks["word"][:3]) == load_key(ID, "loaded_language").article.text.split()[:3]  # the imported text
    keyed = marks[marks["key item"] != ""]
    assert len(keyed) and set(keyed["learners"]) == {1}, "the dashboard shows ana's marks on the imported article"

    proc = run("lessons", tmp_path / "hand-out", "--article", ID, env=env_now())
    assert proc.returncode == 0, proc.stderr
    lesson_1 = (tmp_path / "hand-out" / "01_loaded_language.ipynb").read_text(encoding="utf-8")
    assert f'ARTICLE = \\"{ID}\\"' in lesson_1


def test_handout_names_the_course_data_when_the_article_is_nowhere(kit, course, tmp_path):
    proc = run("lessons", tmp_path / "hand-out", "--article", "not-imported-yet", env=env_now())
    refused(proc, "not-imported-yet", str(course), "NEWSLIT_COURSE_DATA")
    assert not (tmp_path / "hand-out").exists()


# -- an import appears whole or not at all ---------------------------------------------------------------


def _fail_on_call(monkeypatch, module, name: str, call: int, exc: BaseException):
    real = getattr(module, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == call:
            raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)
    return calls


def _nothing_imported(course: Path) -> None:
    leftovers = sorted(str(p.relative_to(course)) for p in course.rglob("*") if p.is_file())
    assert leftovers == [], leftovers
    assert not (course / "keys" / ID).exists()
    assert not [p for p in course.iterdir() if p.name.startswith(".import-")], "staging folder removed"


@pytest.mark.parametrize("where", ["third key written", "article written", "moved into place", "interrupted"])
def test_a_failed_import_leaves_nothing_and_the_retry_works(kit, course, monkeypatch, where):
    from newslit.instructor import import_article as module

    if where == "third key written":  # a full disk halfway through the keys
        _fail_on_call(monkeypatch, module, "write_json_atomic", 3, OSError(errno.ENOSPC, "No space left on device"))
    elif where == "article written":  # the last file, after every key
        _fail_on_call(monkeypatch, module, "write_json_atomic", len(KEY_FILES) + 1, OSError(errno.EIO, "I/O error"))
    elif where == "moved into place":  # after the key folder is in place, before the article is
        _fail_on_call(monkeypatch, module.os, "replace", 1, OSError(errno.EROFS, "Read-only file system"))
    else:
        _fail_on_call(monkeypatch, module, "write_json_atomic", 2, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt if where == "interrupted" else NewslitError) as err:
        do_import()
    if where != "interrupted":
        message = str(err.value)
        assert "nothing was imported" in message and str(course) in message, message
        assert ("Free some space" in message) if where == "third key written" else ("NEWSLIT_COURSE_DATA" in message)
    _nothing_imported(course)

    monkeypatch.undo()
    monkeypatch.setenv("NEWSLIT_DATASETS", str(kit[0]))
    monkeypatch.setenv("NEWSLIT_COURSE_DATA", str(course))
    article = do_import()  # no --force needed: nothing half-written is in the way
    assert sorted(p.name for p in (course / "keys" / ID).iterdir()) == KEY_FILES
    assert article.id == ID and read_json(course / "articles" / f"{ID}.json", "article")["id"] == ID


def test_a_failed_forced_import_keeps_the_previous_one(kit, course, monkeypatch):
    from newslit.instructor import import_article as module

    do_import()
    key_file = course / "keys" / ID / "loaded_language.json"
    confirmed = read_json(key_file, "key")
    del confirmed["draft"]
    key_file.write_text(json.dumps(confirmed), encoding="utf-8")
    (course / "keys" / ID / "my_extra.json").write_text("{}", encoding="utf-8")  # a key of the instructor's own
    before = snapshot(course)

    _fail_on_call(monkeypatch, module.os, "replace", 1, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(NewslitError, match="nothing was imported"):
        do_import(force=True, title="Council Axes Late Opening, Updated")
    assert snapshot(course) == before, "the earlier import is back exactly as it was"
    assert not [p for p in course.iterdir() if p.name.startswith(".import-")]

    monkeypatch.undo()
    monkeypatch.setenv("NEWSLIT_DATASETS", str(kit[0]))
    monkeypatch.setenv("NEWSLIT_COURSE_DATA", str(course))
    do_import(force=True, title="Council Axes Late Opening, Updated")
    folder = course / "keys" / ID
    assert read_json(course / "articles" / f"{ID}.json", "article")["title"] == "Council Axes Late Opening, Updated"
    kept = list(folder.glob("loaded_language.json.replaced-*"))
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == confirmed, "the confirmed key is kept aside"
    assert (folder / "my_extra.json").read_text() == "{}", "keys the import does not draft are left alone"
    assert read_json(key_file, "key")["draft"] is True


def test_keys_left_by_a_killed_import_do_not_block_the_next(kit, course):
    """Killed between moving the keys in and moving the article in: the keys are there, the article is not."""
    orphan = course / "keys" / ID
    orphan.mkdir(parents=True)
    (orphan / "claims.json").write_text('{"draft": true}', encoding="utf-8")
    do_import()
    assert sorted(p.name for p in orphan.iterdir()) == KEY_FILES
    assert read_json(course / "articles" / f"{ID}.json", "article")["id"] == ID


# -- the kit's own files are never shadowed ---------------------------------------------------------------------


def test_importing_a_kit_articles_id_is_refused_even_with_force(kit, course):
    folder, _ = kit
    for extra in ([], ["--force"]):
        proc = run("import-article", EXAMPLE, *META[:-1], "aleppo-2016", *extra, env=env_now())
        refused(proc, "aleppo-2016", "kit's own", "--id")
    assert not course.exists() or not any(course.rglob("*.json"))


def test_a_course_file_with_a_kit_name_is_refused_naming_both(kit, course, tmp_path):
    from newslit import Lesson
    from newslit.keys.answer_key import load_key
    from newslit.text.articles import list_articles, load_article

    folder, _ = kit
    shadow = course / "articles" / "aleppo-2016.json"
    shadow.parent.mkdir(parents=True)
    data = read_json(folder / "articles" / "aleppo-2016.json", "article")
    shadow.write_text(json.dumps({**data, "title": "A different text under the same id"}), encoding="utf-8")
    for attempt in (lambda: load_article("aleppo-2016"), list_articles,
                    lambda: Lesson("01_loaded_language", article="aleppo-2016")):
        with pytest.raises(DataClash) as err:
            attempt()
        assert str(shadow) in str(err.value) and str(folder / "articles" / "aleppo-2016.json") in str(err.value)
        assert "never replaces" in str(err.value)
    assert load_article("practice-pennick-school-board").id == "practice-pennick-school-board", "other ids unaffected"
    proc = run("lessons", tmp_path / "hand-out", "--article", "aleppo-2016", env=env_now())
    refused(proc, "never replaces", str(shadow))
    proc = run("grade", _class_folder(tmp_path), "--out", tmp_path / "grades", "--no-progress", env=env_now())
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr  # 1: not graded, a person must look
    assert "never replaces" in proc.stdout and "unexpected error" not in proc.stdout, proc.stdout
    shadow.unlink()
    assert load_article("aleppo-2016").title == data["title"]

    key = course / "keys" / "aleppo-2016" / "loaded_language.json"  # the same for a key
    key.parent.mkdir(parents=True)
    shutil.copy(folder / "keys" / "aleppo-2016" / "loaded_language.json", key)
    with pytest.raises(DataClash, match="never replaces"):
        load_key("aleppo-2016", "loaded_language")


def test_course_data_may_add_a_key_or_pack_to_a_kit_article(kit, course):
    from newslit.keys.answer_key import key_path
    from newslit.keys.packs import context_pack_path, load_context_pack
    from newslit.text.articles import list_articles

    folder, _ = kit
    article = next(a for a in list_articles(kind="practice") if not (folder / "context" / f"{a.id}.json").exists())
    pack = read_json(folder / "context" / "aleppo-2016.json", "pack")
    pack = {**pack, "article": article.id, "notes": [dict(pack["notes"][0], paragraphs=[1])]}
    target = course / "context" / f"{article.id}.json"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(pack), encoding="utf-8")
    assert context_pack_path(article.id) == target
    assert load_context_pack(article.id).article.id == article.id
    assert key_path("aleppo-2016", "loaded_language") == folder / "keys" / "aleppo-2016" / "loaded_language.json"
    assert key_path("aleppo-2016", "no_such_exercise") == course / "keys" / "aleppo-2016" / "no_such_exercise.json"


def test_review_saves_to_the_course_data_and_never_over_a_kit_key(kit, course):
    from newslit.instructor.review import KeyReview

    folder, _ = kit
    do_import()
    review = KeyReview(ID)
    for row in review.rows:
        row.neutral.value = row.neutral.value or "a neutral word"
        row.category.value = row.category.value or review.categories[1][1]
    assert review.save() == course / "keys" / ID / "loaded_language.json", review.status.value
    assert "draft" not in read_json(review.path, "key")
    assert review.path.stat().st_mode & 0o044, "learners can read the reviewed key"

    before = snapshot(folder)
    kit_review = KeyReview("aleppo-2016")
    assert kit_review.save() is None
    status = html.unescape(kit_review.status.value)
    assert "Not saved: this is the kit's own key" in status and "import-article --id" in status, status
    assert snapshot(folder) == before and not (course / "keys" / "aleppo-2016").exists()


def test_unreadable_course_data_never_hides_the_kits_articles(kit, course, monkeypatch):
    from newslit.text.articles import load_article

    do_import()
    real_is_file = Path.is_file

    def is_file(self):
        if str(self).startswith(str(course)):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    assert load_article("aleppo-2016").id == "aleppo-2016"
    with pytest.raises(NewslitError, match="Cannot read the course data folder.*chmod -R a\\+rX"):
        load_article(ID)


def test_the_data_folder_as_its_own_course_data(datasets_copy, monkeypatch):
    from newslit.text.articles import article_path

    monkeypatch.setenv("NEWSLIT_COURSE_DATA", str(datasets_copy))
    article = do_import()
    assert article_path(article.id) == datasets_copy / "articles" / f"{ID}.json"
    assert (datasets_copy / "keys" / ID / "loaded_language.json").exists()


# -- every command: a read-only folder and a full disk -------------------------------------------------------


def _class_folder(tmp_path: Path) -> Path:
    write(tmp_path / "class" / "ana.ipynb", submission("ana"))
    return tmp_path / "class"


def _homes(tmp_path: Path) -> Path:
    write(tmp_path / "homes" / "ana" / "lessons" / "01_loaded_language.ipynb", submission("ana"))
    return tmp_path / "homes"


def _command(name: str, tmp_path: Path, target: Path) -> list:
    """``newslit NAME`` writing into ``target`` (a folder that cannot be written)."""
    return {
        "lessons": ["lessons", target / "lessons"],
        "grade": ["grade", _class_folder(tmp_path), "--out", target / "grades", "--no-progress"],
        "collect": ["collect", "--learners", "ana", "--homes", _homes(tmp_path), "--to", target / "class"],
        "import-article": ["import-article", EXAMPLE, *META],
    }[name]


WRITING = ["lessons", "grade", "collect", "import-article"]
WORDS = {"lessons": "Cannot copy the lessons", "grade": "Cannot write the reports",
         "collect": "Cannot", "import-article": "nothing was imported"}


@pytest.mark.parametrize("name", WRITING)
def test_a_read_only_folder_is_one_line(name, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    with read_only(folder) as how:
        if how is None:
            pytest.skip(NO_REAL_READ_ONLY)
        env = env_now(NEWSLIT_COURSE_DATA=folder / "course-data")
        refused(run(*_command(name, tmp_path, folder), env=env), WORDS[name])
        print(f"{name}: read-only by {how}")


@pytest.mark.parametrize("name", WRITING)
def test_a_full_disk_is_one_line(name, tmp_path):
    with full_disk(tmp_path / "full") as real:
        if not real:
            pytest.skip("mounting a small tmpfs needs root; test_failures_in_process_are_one_line simulates ENOSPC")
        env = env_now(NEWSLIT_COURSE_DATA=tmp_path / "full" / "course-data")
        line = refused(run(*_command(name, tmp_path, tmp_path / "full"), env=env), WORDS[name])
        assert "space" in line, line
        if name == "import-article":
            assert not [p for p in (tmp_path / "full" / "course-data").rglob("*") if p.is_file()]


def test_read_only_data_is_enough_for_the_reading_commands(kit, tmp_path):
    folder, how = kit
    text = folder / "articles" / "aleppo-2016.json"  # any file in the read-only folder
    proc = run("analyze", text, "--format", "json", env=env_now())
    assert proc.returncode == 0 and json.loads(proc.stdout)["sentences"], proc.stderr
    proc = run("evaluate", env=env_now())
    assert proc.returncode == 0 and "group" in proc.stdout, proc.stderr


def test_analyze_into_a_full_disk_is_one_line(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    source = tmp_path / "text.txt"
    source.write_text("Critics slammed the devastating cuts, the mayor said.\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "newslit", "analyze", str(source)], stdout=full,
                              stderr=subprocess.PIPE, text=True, env=env_now(), cwd=REPO, timeout=120)
    refused(proc.stderr, "disk is full", "free some space")
    assert proc.returncode == 2


FAILURES = {
    "EACCES": PermissionError(errno.EACCES, "Permission denied", "/srv/x/file.json"),
    "EROFS": OSError(errno.EROFS, "Read-only file system", "/srv/x/file.json"),
    "ENOSPC": OSError(errno.ENOSPC, "No space left on device", "/srv/x/file.json"),
    "ENAMETOOLONG": OSError(errno.ENAMETOOLONG, "File name too long", "/srv/" + "x" * 5000),
    "ENOTDIR": NotADirectoryError(errno.ENOTDIR, "Not a directory", "/srv/x/file.json/a"),
    "EIO": OSError(errno.EIO, "Input/output error", "/srv/x/file.json"),
}
HINTS = {"EACCES": "permission denied", "EROFS": "read-only", "ENOSPC": "disk is full",
         "ENAMETOOLONG": "too long", "ENOTDIR": "not a folder", "EIO": "Input/output error"}


def _patch_command(monkeypatch, name: str, exc: OSError, tmp_path: Path) -> list[str]:
    """Make ``newslit NAME`` meet ``exc`` where it touches the file system; return its arguments."""
    from newslit.grading import grade, reports
    from newslit.instructor import collect, evaluate, handout
    from newslit.instructor import import_article as importing
    from newslit.text import inputs

    def fail(*args, **kwargs):
        raise exc

    source = tmp_path / "text.txt"
    source.write_text("Critics slammed the cuts.\n", encoding="utf-8")
    if name == "analyze":
        monkeypatch.setattr(inputs, "read_text_file", fail)
        return ["analyze", str(source)]
    if name == "evaluate":
        monkeypatch.setattr(evaluate, "evaluate", fail)
        return ["evaluate"]
    if name == "lessons":
        monkeypatch.setattr(handout, "lesson_notebooks", fail)
        return ["lessons", str(tmp_path / "out")]
    if name == "grade":
        monkeypatch.setattr(grade, "grade", fail)
        return ["grade", str(tmp_path), "--out", str(tmp_path / "grades")]
    if name == "grade-reports":  # the grader's own message for its output folder
        monkeypatch.setattr(reports, "write_reports", fail)
        return ["grade", str(_class_folder(tmp_path)), "--out", str(tmp_path / "grades"), "--no-progress"]
    if name == "collect":
        monkeypatch.setattr(collect, "collect", fail)
        return ["collect", "--learners", "ana", "--to", str(tmp_path / "class")]
    if name == "import-article":  # the import's own message: nothing imported, what to do
        monkeypatch.setattr(importing, "write_json_atomic", fail)
        return ["import-article", str(EXAMPLE), *META]
    raise AssertionError(name)


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("name", ["analyze", "evaluate", "lessons", "grade", "grade-reports", "collect",
                                  "import-article"])
def test_failures_in_process_are_one_line(name, failure, tmp_path, monkeypatch, capsys):
    from newslit.cli import main

    exc = FAILURES[failure]
    args = _patch_command(monkeypatch, name, exc, tmp_path)
    assert main(args) == 2
    captured = capsys.readouterr()
    line = refused(captured.err)
    if name == "import-article":
        assert "nothing was imported" in line and ("space" in line if failure == "ENOSPC" else "NEWSLIT_COURSE_DATA" in line)
    elif name == "grade-reports":
        assert "Cannot write the reports" in line
    else:
        assert HINTS[failure] in line and "try again" in line, line
        if failure in ("EACCES", "EROFS"):
            hint = {"analyze": "read the file", "evaluate": "NEWSLIT_DATASETS", "lessons": "DEST", "grade": "--out",
                    "collect": "--to"}[name]
            assert hint in line, line
    assert len(line) < 400, line
    assert not (course_data_dir() / "articles").exists() or not any((course_data_dir() / "articles").iterdir())
