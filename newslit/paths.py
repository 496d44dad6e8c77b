"""Where the kit finds its data and keeps each learner's answers.

Installed from a wheel, the kit's data travels inside the package
(``newslit/datasets``, ``newslit/lessons``, ...). In a checkout (an editable
install, or the tests) the same folders are read from the repository's top
level, which stays their one editable source.

Articles, answer keys and context packs are read from two folders, in this
order (:func:`data_folders`, the one search path every reader uses):

1. the kit's data, :func:`datasets_dir` (``$NEWSLIT_DATASETS`` replaces it
   entirely, as it always has), and
2. the **course data**, :func:`course_data_dir`: ``$NEWSLIT_COURSE_DATA``, by
   default ``~/.newslit/course-data`` (``$NEWSLIT_HOME/course-data``). It has
   the same layout (``articles/``, ``keys/<article>/``, ``context/``) and is
   where an instructor's additions go: ``newslit import-article`` and the key
   review widget write there, never into the kit's data, which on a hub is
   usually read-only. On a hub, set ``NEWSLIT_COURSE_DATA`` for everyone to one
   folder the instructor can write and learners can read.

The rule for names: the course data *adds* files; it never replaces one of the
kit's. A file present in both (an article id the kit also has, say, after a
kit upgrade added an article of that id) is refused with a message naming both
files, rather than one of them being picked silently (:class:`DataClash`).
The lesson index (``lessons.json``), the word lists and the key templates are
read from the kit's data only: instructors add articles, keys and packs, not
lessons.
"""

from __future__ import annotations

import os
from pathlib import Path

from newslit.errors import NewslitError

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent

COURSE_DATA_FOLDERS = ("articles", "keys", "context")  # what the course data may add to


def kit_dir(name: str) -> Path:
    """The kit's own ``name`` folder (``datasets``, ``lessons``, ``instructor``): packaged, or the checkout's."""
    packaged = PACKAGE_DIR / "data" / name
    return packaged if packaged.is_dir() else REPO_DIR / name


def datasets_dir() -> Path:
    """The ``datasets/`` folder: ``$NEWSLIT_DATASETS``, or the kit's own."""
    configured = os.environ.get("NEWSLIT_DATASETS")
    return Path(configured).expanduser() if configured else kit_dir("datasets")


def newslit_home() -> Path:
    """``$NEWSLIT_HOME``, by default ``~/.newslit``: this user's own newslit folder."""
    home = os.environ.get("NEWSLIT_HOME")
    return Path(home).expanduser() if home else Path.home() / ".newslit"


def answers_dir() -> Path:
    """Where answers autosave: ``$NEWSLIT_HOME/answers``, by default ``~/.newslit/answers``.

    On JupyterHub every learner has a home folder of their own, so answers are
    per user without any set-up.
    """
    return newslit_home() / "answers"


def course_data_dir() -> Path:
    """Where instructors' additions live: ``$NEWSLIT_COURSE_DATA``, by default ``~/.newslit/course-data``.

    Same layout as the kit's data (``articles/``, ``keys/``, ``context/``). It
    need not exist: until something is imported it simply adds nothing.
    """
    configured = os.environ.get("NEWSLIT_COURSE_DATA")
    return Path(configured).expanduser() if configured else newslit_home() / "course-data"


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return a == b


def data_folders(folder: str = "articles") -> list[Path]:
    """The search path for ``folder``: the kit's data, then the course data (for articles, keys and packs only).

    One folder when ``$NEWSLIT_COURSE_DATA`` is the datasets folder itself (a
    writable copy of the data that takes its own additions), or for anything
    the course data does not add to (``lessons.json``, ``lexicons``...).
    """
    kit, course = datasets_dir(), course_data_dir()
    return [kit] if folder not in COURSE_DATA_FOLDERS or _same_folder(kit, course) else [kit, course]


class DataClash(NewslitError):
    """A file of the course data has the same name as one of the kit's: neither is used."""

    def __init__(self, kit: Path, course: Path):
        self.kit, self.course = kit, course
        super().__init__(
            f"The course data has {course}, but the kit has its own {kit.parent.name}/{kit.name} ({kit}); course "
            "data adds to the kit and never replaces its files. Delete or rename the course copy (import the "
            "article again with another --id), then try again."
        )


def find_data_file(relative: str | os.PathLike) -> Path | None:
    """The file ``relative`` (e.g. ``articles/council.json``) in the search path, or ``None`` if no folder has it.

    Raises :class:`DataClash` when both the kit's data and the course data have
    it, and :class:`NewslitError` when the course data cannot be read (a
    learner's server without read access to the course folder). An unreadable
    course folder never hides one of the kit's own files.
    """
    folders = data_folders(Path(relative).parts[0])
    kit = folders[0] / relative
    in_kit = True
    try:
        in_kit = kit.is_file()  # errors other than "not there" (an unreadable folder) are raised
    except OSError:
        pass  # unreadable: return it, so the reader says what is wrong with it
    if len(folders) == 1:
        return kit if in_kit else None
    course = folders[1] / relative
    try:
        in_course = course.is_file()
    except OSError as exc:
        if in_kit:
            return kit
        raise NewslitError(
            f"Cannot read the course data folder {folders[1]} ({exc.strerror or exc}) while looking for {relative}. "
            "Ask whoever runs the course to make it readable (chmod -R a+rX on the folder), "
            "or set NEWSLIT_COURSE_DATA to the right folder."
        ) from None
    if in_kit and in_course:
        raise DataClash(kit, course)
    return kit if in_kit else course if in_course else None


def data_path(relative: str | os.PathLike) -> Path:
    """Where ``relative`` is read from: the file found by :func:`find_data_file`, or, if none has it,
    its place in the course data (where an instructor would add it; the kit's data for what the
    course data does not add to)."""
    return find_data_file(relative) or data_folders(Path(relative).parts[0])[-1] / relative


def kit_data_file(relative: str | os.PathLike) -> Path | None:
    """The kit's own file ``relative``, when it has one and its data is not also the course data.

    Writers ask this before adding ``relative`` to the course data: the kit's
    own files are never replaced, and a course copy would only clash with them.
    """
    folders = data_folders(Path(relative).parts[0])
    path = folders[0] / relative
    try:
        return path if len(folders) == 2 and path.is_file() else None
    except OSError:
        return None


def list_data_files(folder: str, pattern: str = "*.json") -> list[Path]:
    """Every file matching ``pattern`` in ``folder`` (``articles``...) across the search path, sorted by name.

    Raises :class:`DataClash` if a name is in both the kit's data and the course
    data. An unreadable or missing course folder adds nothing.
    """
    found: dict[str, Path] = {}
    for base in data_folders(folder):
        try:
            paths = sorted(p for p in (base / folder).glob(pattern) if p.is_file())
        except OSError:
            continue
        for path in paths:
            if path.name in found:
                raise DataClash(found[path.name], path)
            found[path.name] = path
    return [found[name] for name in sorted(found)]
