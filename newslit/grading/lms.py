"""Who handed a file in, as the download layouts of learning management systems say, and the LMS's roster.

Instructors grade what they download from their LMS, and every LMS renames the
files it hands out. :func:`recognise` reads a file's path and says which layout
it is, the identity the names carry (and which kind: a user id, a username or a
display name), and any attempt, late marker or time in the names:

=====================  =======================================================================  ===============
layout                 a file's path (one example)                                              identity
=====================  =======================================================================  ===============
``canvas``             ``smithjane_12345_678910_01_loaded_language.ipynb``; late:                Canvas user id
                       ``smithjane_LATE_12345_678911_01_loaded_language-1.ipynb``; anonymous
                       grading: ``anon_Xy7Q2_678912_...``                                          (anonymous id)
``moodle``             ``Jane Smith_12345_assignsubmission_file_/01_loaded_language.ipynb``;     display name
                       before Moodle 3.1 one flat folder:                                          (participant id
                       ``Jane Smith_12345_assignsubmission_file_01_loaded_language.ipynb``          kept beside it)
``google-classroom``   ``Jane Smith - 01_loaded_language.ipynb`` ("Make a copy for each          display name
                       student")
``blackboard``         ``Lesson 1_jsmith_attempt_2026-11-20-10-00-00_01_loaded_language.ipynb``  username
``nbgrader``           ``submitted/alice/ps1/01_loaded_language.ipynb`` (also ``autograded/``,    username
                       ``feedback/``) and the exchange's ``inbound/alice+ps1+2026-11-20
                       10:00:00.000000 UTC+Xy7Q2AbC9dEf/01_loaded_language.ipynb``
``browser-copy``       ``01_loaded_language (1).ipynb``, ``01_loaded_language(1).ipynb``        none (the rest
                                                                                                  of the path)
=====================  =======================================================================  ===============

The rules and where they come from are in ``tests/test_lms.py``. A path no
layout fits keeps the grader's file-name rule
(:func:`newslit.grading.grade.learner_from_file`).

:func:`settle` runs once the class is read: it keeps the LMS facts with each
submission, tells apart two Moodle learners with one name, maps every learner to
the LMS's own user id when a roster is given (:func:`read_roster`), and merges
spellings of one name (Unicode NFC, and letter case except in anonymous ids),
saying so in a problem row. The grader's same-learner rule then keeps the newest
hand-in; ties go to the later LMS time, the late copy, the higher attempt.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from newslit.errors import NewslitError

LAYOUTS = {
    "canvas": "Canvas", "moodle": "Moodle", "google-classroom": "Google Classroom", "blackboard": "Blackboard",
    "nbgrader": "nbgrader", "browser-copy": "a browser's second download", "newslit-collect": "newslit collect",
}
MAX_ROSTER_MB = 20
_OLDEST = datetime.min.replace(tzinfo=timezone.utc)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", str(text))


def identity_key(text: str, case_sensitive: bool = False) -> str:
    """One learner's name as compared: NFC, spaces collapsed, and letter case folded unless ``case_sensitive``."""
    text = " ".join(nfc(text).split())
    return text if case_sensitive else text.casefold()


@dataclass(frozen=True, slots=True)
class LmsFile:
    """What a file's path says about its hand-in (see the module docs)."""

    layout: str  # a key of LAYOUTS
    identity: str = ""  # what the names say the learner is
    identity_kind: str = ""  # "user id", "anonymous id", "participant id", "username", "display name" or ""
    name: str = ""  # a name beside the identity (Canvas: the sortable name, lowercased, without spaces)
    late: bool = False  # Canvas: submitted after the due date
    attempt: int = 0  # Canvas "-1", a browser's "(1)": a later copy of the same file; 0 for the first
    time: str = ""  # ISO 8601, from the names (Blackboard's attempt, nbgrader's timestamp)
    assignment: str = ""  # the LMS's assignment, when the path names it
    participant: str = ""  # Moodle: the participant number of this assignment
    attachment: str = ""  # Canvas: the file's attachment id
    filename: str = ""  # the learner's own file name, without the LMS's additions

    @property
    def learner(self) -> str:
        """The learner name the grader uses ("" when the path carries no identity)."""
        if self.layout == "canvas" and self.name:
            return f"{self.name}_{self.identity}"
        return self.identity

    @property
    def case_sensitive(self) -> bool:
        return self.identity_kind == "anonymous id"  # Canvas's anonymous ids mix cases: "anon_Xy7Q2"

    def describe(self) -> str:
        """E.g. ``Canvas download (user id 12345, smithjane; late; copy 1)``."""
        bits = [f"{self.identity_kind} {self.identity}" if self.identity else ""]
        bits += [self.name, "late" if self.late else "", f"copy {self.attempt}" if self.attempt else "",
                 f"participant {self.participant}" if self.participant and self.identity_kind != "participant id" else "",
                 self.time]
        inner = "; ".join(b for b in bits if b)
        return f"{LAYOUTS.get(self.layout, self.layout)} download" + (f" ({inner})" if inner else "")


# -- recognising a path ------------------------------------------------------------------------------

# newslit collect: <class folder>/<user name>/<lesson>--<YYYYMMDDTHHMMSS>.ipynb (newslit/instructor/collect.py)
_COLLECTED = re.compile(r"^(?P<lesson>\d\d_[a-z0-9_]+)--(?P<ts>\d{8}T\d{6})(?P<ext>\.ipynb)$")
_BROWSER_COPY = re.compile(r"^(?P<stem>.+?) ?\((?P<n>[1-9]\d{0,3})\)(?P<ext>\.[A-Za-z0-9]{1,10})$")
# Canvas: [<sortable name>_][LATE_]<user id | anon_<id>>_<attachment id>_<file> (lib/content_zipper.rb)
_CANVAS = re.compile(r"^(?:(?!LATE_|anon_)(?P<name>\w*?)_)?(?:(?P<late>LATE)_)?(?P<uid>\d+|anon_[A-Za-z0-9]+)_(?P<fid>\d+)_"
                     r"(?P<file>.+)$")
_CANVAS_AGAIN = re.compile(r"^(?P<stem>.+)-(?P<n>[1-9]\d{0,3})(?P<ext>\.[A-Za-z0-9]{1,10})$")
_MOODLE_FOLDER = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)_$")
_MOODLE_FLAT = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file>.+)$")
_CLASSROOM = re.compile(r"^(?P<name>[^/]{1,120}?) - (?P<file>.+)$")
_BLACKBOARD = re.compile(r"^(?P<assignment>.+)_(?P<user>[^_]+)_attempt_"
                         r"(?P<ts>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)(?:_(?P<file>.+)|\.txt)?$")
_NBGRADER_STEPS = ("submitted", "autograded", "feedback")
_NBGRADER_INBOUND = re.compile(r"^(?P<student>[^+]+)\+(?P<assignment>[^+]+)\+"
                               r"(?P<ts>\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[^+]*)(?:\+(?P<random>[^+]+))?$")
_LESSON_LIKE = re.compile(r"\d\d_[a-z]")


def recognise(path: str, lessons=()) -> LmsFile | None:
    """The layout ``path`` comes from and what its names say, or None for a path no layout fits.

    ``path`` may be relative or absolute, with ``/`` or ``\\``; only its last
    components (and an nbgrader step folder above them) are read. ``lessons``:
    the lesson ids a file name may contain, to tell a lesson id from an LMS's
    additions.
    """
    parts = [p for p in str(path).replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts:
        return None
    lessons = [str(lesson) for lesson in lessons if lesson]
    base, copy = parts[-1], 0
    match = _BROWSER_COPY.match(base)
    if match:
        base, copy = match["stem"] + match["ext"], int(match["n"])
    for reader in (_collected, _nbgrader, _moodle, _canvas, _blackboard, _classroom):
        found = reader(parts[:-1], base, lessons)
        if found is not None:
            if copy:
                found = _with(found, attempt=max(found.attempt, copy))
            return found
    if copy:
        return LmsFile("browser-copy", attempt=copy, filename=base)
    return None


def _with(info: LmsFile, **changes) -> LmsFile:
    from dataclasses import replace

    return replace(info, **changes)


def _cuts_a_lesson(base: str, start: int, lessons) -> bool:
    """True when the learner's own file name would start inside a lesson id (so the name is no LMS's)."""
    for lesson in lessons:
        at = base.find(lesson)
        if 0 <= at < start < at + len(lesson) + 1:
            return True
    return False


def _names_a_lesson(text: str, lessons) -> bool:
    return any(lesson in text for lesson in lessons) if lessons else bool(_LESSON_LIKE.search(text))


def _collected(folders, base, lessons) -> LmsFile | None:
    match = _COLLECTED.match(base)
    if not folders or not match:
        return None
    ts = match["ts"]
    when = f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}T{ts[9:11]}:{ts[11:13]}:{ts[13:15]}"
    return LmsFile("newslit-collect", folders[-1], "username", time=when, filename=match["lesson"] + match["ext"])


def _nbgrader(folders, base, lessons) -> LmsFile | None:
    # <step>/<student>/<assignment>/<notebook>: nbgrader's CourseDirectory.directory_structure
    if len(folders) >= 3 and folders[-3] in _NBGRADER_STEPS:
        return LmsFile("nbgrader", folders[-2], "username", assignment=folders[-1], filename=base)
    # <exchange>/<course>/inbound/<student>+<assignment>+<timestamp>[+<random>]/<notebook> (exchange/default/submit.py)
    if folders:
        match = _NBGRADER_INBOUND.match(folders[-1])
        if match:
            return LmsFile("nbgrader", match["student"], "username", assignment=match["assignment"],
                           time=_nbgrader_time(match["ts"]), filename=base)
    return None


def _nbgrader_time(text: str) -> str:
    """nbgrader's ``%Y-%m-%d %H:%M:%S.%f %Z`` (or without ``.%f``) as ISO 8601; the text itself if unreadable."""
    match = re.match(r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d{1,6})?)\s*(\S*)$", text.strip())
    if not match:
        return text
    zone = match[3].upper()
    moment = f"{match[1]}T{match[2]}"
    return moment + ("+00:00" if zone in ("UTC", "GMT", "Z", "") else "")


def _moodle(folders, base, lessons) -> LmsFile | None:
    # mod/assign/locallib.php download_submissions(): <full name>_<participant id>_assignsubmission_<plugin>_
    # as a folder (Moodle 3.1 and later, "Download submissions in folders") or as the file name's prefix.
    match = _MOODLE_FOLDER.match(folders[-1]) if folders else None
    filename = base
    if match is None:
        match = _MOODLE_FLAT.match(base)
        if match is None:
            return None
        filename = match["file"]
    name = " ".join(match["name"].split())
    if name.casefold() == "participant":  # blind marking: "Participant_12345_assignsubmission_file_"
        return LmsFile("moodle", f"Participant {match['pid']}", "participant id", participant=match["pid"],
                       filename=filename)
    return LmsFile("moodle", name, "display name", participant=match["pid"], filename=filename)


def _canvas(folders, base, lessons) -> LmsFile | None:
    match = _CANVAS.match(base)
    if match is None:
        return None
    name = match["name"] or ""
    if name != name.lower() or _cuts_a_lesson(base, match.start("file"), lessons):
        return None  # Canvas lowercases names; and "smith_42_01_loaded_language" is a learner's own name
    filename, attempt = match["file"], 0
    again = _CANVAS_AGAIN.match(filename)
    if again:  # Attachment.make_unique_filename: "<name>-1.ipynb" for the second file of one name
        filename, attempt = again["stem"] + again["ext"], int(again["n"])
    uid = match["uid"]
    return LmsFile("canvas", uid, "anonymous id" if uid.startswith("anon_") else "user id", name=name,
                   late=bool(match["late"]), attempt=attempt, attachment=match["fid"], filename=filename)


def _blackboard(folders, base, lessons) -> LmsFile | None:
    match = _BLACKBOARD.match(base)
    if match is None:
        return None
    ts = match["ts"]
    time = f"{ts[:10]}T{ts[11:13]}:{ts[14:16]}:{ts[17:19]}"
    return LmsFile("blackboard", match["user"], "username", time=time, assignment=match["assignment"],
                   filename=match["file"] or "")


def _classroom(folders, base, lessons) -> LmsFile | None:
    match = _CLASSROOM.match(base)
    if match is None:
        return None
    name = " ".join(match["name"].split())
    if (not name or not any(ch.isalpha() for ch in name) or _names_a_lesson(name, lessons)
            or not _names_a_lesson(match["file"], lessons)):
        return None
    return LmsFile("google-classroom", name, "display name", filename=match["file"])


def learner_for(shown: str, relative: str, lessons) -> str:
    """The learner name a file's path gives: the LMS's identity, else the grader's file-name rule."""
    from newslit.grading.grade import learner_from_file

    info = recognise(shown or relative, lessons)
    if info is not None and info.learner:
        return info.learner
    if info is not None and info.layout == "browser-copy":  # "alice/01_loaded_language (1).ipynb" is alice's
        folder, _, _ = str(relative).replace("\\", "/").rpartition("/")
        relative = f"{folder}/{info.filename}" if folder else info.filename
    return learner_from_file(relative, lessons)


def order(sub) -> tuple:
    """Tie-breaks for two hand-ins of one learner and lesson made at the same time: LMS time, late, attempt."""
    info = getattr(sub, "lms", None)
    if info is None:
        return (_OLDEST, False, 0)
    return (_time(info.time) or _OLDEST, info.late, info.attempt)


def _time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# -- the roster --------------------------------------------------------------------------------------

_FIELDS = {  # a roster column, spelled as LMS exports spell it -> what it holds
    "student": "student", "name": "name", "full name": "name", "fullname": "name", "student name": "name",
    "display name": "name",
    "first name": "first", "firstname": "first", "given name": "first",
    "last name": "last", "lastname": "last", "surname": "last", "family name": "last",
    "id": "user_id", "user id": "user_id", "userid": "user_id", "canvas user id": "user_id",
    "sis user id": "sis_id", "id number": "sis_id", "idnumber": "sis_id", "student number": "sis_id",
    "student id": "sis_id",
    "sis login id": "login", "username": "login", "user name": "login", "login": "login", "login id": "login",
    "email": "email", "email address": "email", "e-mail": "email", "e-mail address": "email", "mail": "email",
    "section": "section",
}
_IDENTIFYING = ("user_id", "sis_id", "login", "email")


def _column(header: str) -> str:
    return " ".join(str(header).replace("_", " ").split()).casefold()


@dataclass(eq=False)
class RosterEntry:
    """One learner on the LMS's roster; ``key`` is the LMS's id the reports name them by."""

    row: int
    key: str = ""
    name: str = ""  # "Jane Smith"
    sortable: str = ""  # "Smith, Jane"
    first: str = ""
    last: str = ""
    user_id: str = ""  # Canvas's ID (or Moodle's user id)
    sis_id: str = ""  # Canvas's SIS User ID, Moodle's ID number
    login: str = ""  # Canvas's SIS Login ID, Moodle's username
    email: str = ""
    section: str = ""
    subs: list = field(default_factory=list)

    def label(self) -> str:
        return self.name or self.sortable or self.key


@dataclass
class Roster:
    """A roster read by :func:`read_roster`; :func:`settle` records who handed in what."""

    path: str
    kind: str  # "canvas", "moodle", "google-classroom" or "list"
    encoding: str  # how the file was read, e.g. "UTF-8 with BOM"
    delimiter: str
    entries: list[RosterEntry]
    rows: list[dict] = field(default_factory=list)  # report rows: duplicate, unusable and skipped roster rows
    canvas_assignments: list[tuple[str, str, str]] = field(default_factory=list)  # (title, id, points possible)
    unmatched: list = field(default_factory=list)  # (submission, what it names) not on the roster
    ambiguous: list = field(default_factory=list)  # (submission, what it names, entries)
    _index: dict = field(default_factory=dict, repr=False)

    @property
    def kind_name(self) -> str:
        return {"canvas": "a Canvas gradebook export", "moodle": "a Moodle user list",
                "google-classroom": "a Google Classroom list"}.get(self.kind, "a list of learners")

    def describe(self) -> str:
        sep = {",": "commas", ";": "semicolons", "\t": "tabs"}.get(self.delimiter, repr(self.delimiter))
        return (f"Roster {self.path}: {len(self.entries)} learner(s), {self.kind_name}, read as {self.encoding} "
                f"with {sep}")

    def entry_for(self, learner: str) -> RosterEntry | None:
        return next((e for e in self.entries if e.key == learner), None)

    # matching ----------------------------------------------------------------------------------

    def _build_index(self) -> None:
        index: dict = defaultdict(lambda: defaultdict(set))
        for n, entry in enumerate(self.entries):
            for kind in _IDENTIFYING:
                value = getattr(entry, kind)
                if value:
                    index[kind][identity_key(value, case_sensitive=kind == "user_id")].add(n)
            if entry.email and "@" in entry.email:
                index["email_local"][identity_key(entry.email.split("@", 1)[0])].add(n)
            for name in _names(entry):
                index["name"][identity_key(name)].add(n)
            if entry.sortable or entry.name:
                index["canvas_name"][canvas_name(entry.sortable or entry.name)].add(n)
        self._index = index

    def lookup(self, value: str, kinds) -> list[RosterEntry]:
        """The roster entries whose ``kinds`` of identity equal ``value`` (compared as :func:`identity_key`)."""
        if not self._index:
            self._build_index()
        found: set = set()
        for kind in kinds:
            hits = self._index.get(kind, {}).get(identity_key(value, case_sensitive=kind == "user_id"), set())
            if hits:
                found = hits
                break
        return [self.entries[n] for n in sorted(found)]


def _names(entry: RosterEntry) -> set[str]:
    names = {entry.name, entry.sortable}
    if entry.first or entry.last:
        names |= {f"{entry.first} {entry.last}", f"{entry.last} {entry.first}", f"{entry.last}, {entry.first}"}
    return {n.strip(" ,") for n in names if n and n.strip(" ,")}


def canvas_name(sortable: str) -> str:
    """A sortable name as Canvas writes it into a submissions zip: lowercased, nothing but word characters."""
    name = re.sub(r"_(\d+)_", r"\1", nfc(sortable))
    return re.sub(r"[^\w]", "", name).lower()


def read_roster(path) -> Roster:
    """Read the LMS's roster or gradebook export (CSV, comma, semicolon or tab; UTF-8 with or without BOM,
    UTF-16 or Windows-1252). Rows it cannot use become report rows; a file it cannot read is a NewslitError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ROSTER_MB * 1024 * 1024:
            raise NewslitError(f"The roster {path} is {size / 1024 / 1024:,.0f} MB; a roster is a CSV of a few "
                               f"kilobytes. Give the CSV your LMS exports.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NewslitError(f"There is no roster at {path}: give the CSV your LMS exports (Canvas: Grades > "
                           f"Export; Moodle: a user list; Google Classroom: names and emails).") from None
    except IsADirectoryError:
        raise NewslitError(f"The roster {path} is a folder: give the CSV file your LMS exports.") from None
    except OSError as exc:
        raise NewslitError(f"Cannot read the roster {path}: {exc.strerror or exc}.") from None
    text, encoding = _decode(raw)
    if "\x00" in text:
        raise NewslitError(f"The roster {path} is not a CSV file (it holds binary data); save it as CSV and try again.")
    delimiter = _delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _parse_roster(str(path), rows, encoding, delimiter)


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            return raw[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM (damaged characters replaced)"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "ISO-8859-1 (Latin-1)"


def _delimiter(text: str) -> str:
    head = text.split("\n", 1)[0]
    counts = {sep: _outside_quotes(head).count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


def _outside_quotes(line: str) -> str:
    return re.sub(r'"[^"]*"', "", line)


def _parse_roster(path: str, rows: list[list[str]], encoding: str, delimiter: str) -> Roster:
    header_at, columns = None, {}
    for n, row in enumerate(rows[:20]):
        found = {}
        for i, cell in enumerate(row):
            kind = _FIELDS.get(_column(cell))
            if kind and kind not in found:
                found[kind] = i
        if any(k in found for k in (*_IDENTIFYING, "student", "name")) and len(found) >= 2 or \
                any(k in found for k in _IDENTIFYING) and len(row) == 1:
            header_at, columns = n, found
            break
    if header_at is None:
        raise NewslitError(f"The roster {path} has no header row the grader knows (looked for columns such as "
                           f"Student, ID, SIS Login ID, username, email, First name, Last name): give the CSV "
                           f"your LMS exports, with its header row.")
    header = rows[header_at]
    normalized = {_column(h) for h in header}
    if "student" in columns and "user_id" in columns and ({"section", "sis login id"} & normalized):
        kind = "canvas"
    elif "login" in columns and "sis login id" not in normalized or "sis_id" in columns and "id number" in normalized:
        kind = "moodle"
    elif "email" in columns and ("name" in columns or "first" in columns or "student" in columns):
        kind = "google-classroom"
    else:
        kind = "list"
    roster = Roster(path, kind, encoding, delimiter, [])
    if kind == "canvas":
        roster.canvas_assignments = _canvas_assignments(header, rows[header_at + 1:])
    first_of: dict = {}
    for n, row in enumerate(rows[header_at + 1:], header_at + 2):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        first_cell = cells[0] if cells else ""
        if "Points Possible" in first_cell or all(re.fullmatch(r"(?i)(Muted|Manual Posting.*)?", c) for c in cells):
            continue  # Canvas's rows about the assignments, not learners
        get = {k: (cells[i] if i < len(cells) else "") for k, i in columns.items()}
        entry = RosterEntry(n, first=nfc(get.get("first", "")), last=nfc(get.get("last", "")),
                            user_id=get.get("user_id", ""), sis_id=get.get("sis_id", ""),
                            login=nfc(get.get("login", "")), email=nfc(get.get("email", "")),
                            section=nfc(get.get("section", "")))
        student = nfc(get.get("student", "") or get.get("name", ""))
        if "," in student:
            last, _, first = student.partition(",")
            entry.sortable, entry.name = student, " ".join(f"{first.strip()} {last.strip()}".split())
        elif student:
            entry.name = student
        elif entry.first or entry.last:
            entry.name = " ".join(f"{entry.first} {entry.last}".split())
            entry.sortable = f"{entry.last}, {entry.first}".strip(" ,")
        if kind == "canvas" and entry.sortable == "Student, Test" and not entry.sis_id and not entry.login:
            roster.rows.append(_roster_row("skipped", entry, detail=f"row {n} is Canvas's Test Student"))
            continue
        order = {"canvas": ("user_id", "sis_id", "login", "email"), "moodle": ("login", "email", "sis_id", "user_id")}
        entry.key = next((getattr(entry, k) for k in order.get(kind, ("email", "login", "user_id", "sis_id"))
                          if getattr(entry, k)), "")
        if not entry.key:
            roster.rows.append(_roster_row("unusable", entry, detail=f"row {n} has no "
                                           + "/".join(header[columns[k]] for k in _IDENTIFYING if k in columns)
                                           + (f" ({entry.label()})" if entry.label() else "") + ": skipped; fill it in"))
            continue
        same = identity_key(entry.key, case_sensitive=kind == "canvas")
        if same in first_of:
            kept = first_of[same]
            roster.rows.append(_roster_row("duplicate", entry, detail=f"row {n} repeats {entry.key} of row {kept.row}"
                                           + ("" if entry.label() == kept.label() else
                                              f" ({entry.label()} / {kept.label()})")
                                           + f": row {kept.row} is used"))
            continue
        first_of[same] = entry
        roster.entries.append(entry)
    if not roster.entries:
        raise NewslitError(f"The roster {path} lists no learner the grader can use (rows need an ID, a login, "
                           f"a username or an email): check that it is the LMS's export.")
    for kind_ in ("login", "email", "sis_id"):  # two learners sharing a login or an email: say so
        seen: dict = defaultdict(list)
        for entry in roster.entries:
            if getattr(entry, kind_):
                seen[identity_key(getattr(entry, kind_))].append(entry)
        for entries in seen.values():
            if len(entries) > 1:
                rows_ = ", ".join(str(e.row) for e in entries)
                roster.rows.append(_roster_row("duplicate", entries[-1], detail=f"rows {rows_} share the "
                                               f"{kind_.replace('_', ' ')} {getattr(entries[0], kind_)}: a file naming "
                                               "it cannot tell them apart"))
    return roster


def _canvas_assignments(header: list[str], rest: list[list[str]]) -> list[tuple[str, str, str]]:
    """Canvas export columns ``Title (id)`` with their Points Possible (GradebookImporter's title_and_id)."""
    points = next((row for row in rest[:3] if row and "Points Possible" in row[0]), [])
    found = []
    for i, cell in enumerate(header):
        match = re.match(r"^(.*)\s\((\d+)\)$", cell.strip())
        if match:
            found.append((match[1].strip(), match[2], points[i].strip() if i < len(points) else ""))
    return found


ROSTER_COLUMNS = ["status", "learner", "name", "login", "email", "section", "lessons", "file", "detail"]


def _roster_row(status: str, entry: RosterEntry | None = None, **values) -> dict:
    row = {"status": status}
    if entry is not None:
        row.update(learner=entry.key, name=entry.label(), login=entry.login, email=entry.email, section=entry.section)
    row.update(values)
    return row


# -- settling who is who -----------------------------------------------------------------------------


def settle(submissions, *, learner_from: str = "user", roster: Roster | None = None, lessons=()) -> None:
    """Give every submission its LMS facts and settle learner names (see the module docs)."""
    from newslit.grading.grade import GENERIC_USERS

    subs = [s for s in submissions if s.is_notebook]
    for sub in subs:
        sub.lms = recognise(sub.path, lessons)
    _same_name_in_moodle(subs)
    mapped: set = set()
    if roster is not None:
        for sub in subs:
            if _map_to_roster(sub, roster, learner_from, GENERIC_USERS):
                mapped.add(id(sub))
    _merge_spellings(subs, mapped)


def _from_lms(sub) -> bool:
    return sub.lms is not None and bool(sub.lms.learner) and sub.learner == sub.lms.learner


def _same_name_in_moodle(subs) -> None:
    """Two Moodle learners with one name (different participant numbers, one lesson) are kept apart."""
    groups: dict = defaultdict(list)
    for sub in subs:
        if _from_lms(sub) and sub.lms.layout == "moodle" and sub.lms.identity_kind == "display name":
            groups[(identity_key(sub.lms.identity), sub.lesson)].append(sub)
    for group in groups.values():
        numbers = sorted({s.lms.participant for s in group})
        if len(numbers) < 2:
            continue
        for sub in group:
            sub.learner = f"{sub.lms.identity} (participant {sub.lms.participant})"
            sub.problem("same-name", f"is one of {len(numbers)} Moodle learners named {sub.lms.identity} "
                                     f"(participants {', '.join(numbers)}); named {sub.learner}. Give --roster to "
                                     "name them by username")


def _candidates(sub, learner_from, generic) -> list[tuple[str, str, tuple]]:
    """``(what, value, roster columns to look in)``, the first to name one roster learner wins."""
    user = sub.user if sub.user and sub.user.lower() not in generic else ""
    everything = ("user_id", "login", "email", "sis_id", "email_local", "name")
    found = []
    if user and learner_from == "user":
        found.append(("the hand-in's user name", user, ("login", "email", "user_id", "sis_id", "email_local", "name")))
    info = sub.lms
    if info is not None and info.identity and info.identity_kind != "anonymous id":
        what = f"the {LAYOUTS[info.layout]} {info.identity_kind}"
        if info.identity_kind == "user id":
            found.append((what, info.identity, ("user_id",)))
        elif info.identity_kind == "username":
            found.append((what, info.identity, ("login", "email", "email_local", "sis_id")))
        elif info.identity_kind == "display name":
            found.append((what, info.identity, ("name",)))
    if info is not None and info.layout == "canvas" and info.name:
        found.append(("the Canvas name", info.name, ("canvas_name",)))
    if user and learner_from != "user":
        found.append(("the hand-in's user name", user, ("login", "email", "user_id", "sis_id", "email_local", "name")))
    if sub.learner and not any(v == sub.learner for _, v, _ in found):
        found.append(("the file name", sub.learner, everything))
    return found


def _map_to_roster(sub, roster: Roster, learner_from: str, generic) -> bool:
    """Name ``sub``'s learner by the roster's id; False (and a problem) when the roster does not tell who it is."""
    chosen = None
    for what, value, kinds in _candidates(sub, learner_from, generic):
        entries = roster.lookup(value, kinds)
        if len(entries) == 1:
            chosen = (what, value, entries[0])
            break
        if len(entries) > 1:
            roster.ambiguous.append((sub, f"{what} {value}", entries))
            sub.problem("roster-ambiguous", f"names its learner by {what} {value!r}, which fits "
                        f"{len(entries)} learners on the roster ({', '.join(e.label() for e in entries[:4])}): "
                        "not mapped; add a login or email to the roster or rename the file")
            return False
    if chosen is None:
        names = "; ".join(f"{w} {v!r}" for w, v, _ in _candidates(sub, learner_from, generic)) or "no name"
        roster.unmatched.append((sub, names))
        sub.problem("not-on-roster", f"names a learner the roster {Path(roster.path).name} does not list ({names}): "
                                     "a file from another course or section, or a learner missing from the roster")
        return False
    what, value, entry = chosen
    for other_what, other_value, kinds in _candidates(sub, learner_from, generic):
        if other_what == what or other_what in ("the file name", "the Canvas name"):
            continue
        others = roster.lookup(other_value, kinds)
        if len(others) == 1 and others[0] is not entry:
            sub.problem("other-learner", f"is {entry.label()} ({entry.key}) by {what} {value!r}, but "
                                         f"{other_what} {other_value!r} is {others[0].label()} ({others[0].key}) on "
                                         "the roster: someone else's notebook? Check with both learners")
    sub.learner = entry.key
    entry.subs.append(sub)
    return True


def _merge_spellings(subs, exact=frozenset()) -> None:
    """One learner written two ways (NFC/NFD, letter case) becomes one, and the files say so.

    Letter case is kept apart where it may tell learners apart: Canvas's anonymous ids, and the roster's own ids
    (``exact``: the ids of submissions mapped to the roster).
    """
    groups: dict = defaultdict(list)
    for sub in subs:
        sensitive = id(sub) in exact or (sub.lms is not None and sub.lms.case_sensitive and sub.learner == sub.lms.learner)
        groups[identity_key(sub.learner, case_sensitive=sensitive)].append(sub)
    for group in groups.values():
        spellings = Counter(nfc(s.learner) for s in group)
        canonical = min(spellings, key=lambda n: (-spellings[n], n))
        raw = {s.learner for s in group}
        for sub in group:
            if len(raw) > 1 and sub.learner != canonical:
                how = "Unicode composition" if nfc(sub.learner) == canonical else "letter case or spacing"
                sub.problem("learner-merged", f"names its learner {sub.learner!r}, which differs from {canonical!r} "
                                              f"only in {how}: treated as one learner, {canonical}")
            sub.learner = canonical


def roster_rows(run, roster: Roster) -> list[dict]:
    """The rows of ``roster.csv``: every roster learner (handed in, missing lessons), then files not on it."""
    rows = []
    for entry in sorted(roster.entries, key=lambda e: (e.label().casefold(), e.key)):
        graded = {s.lesson: s for s in entry.subs if s.graded}
        missing = [lesson for lesson in run.lessons if lesson not in graded]
        files = "; ".join(s.path for s in sorted(entry.subs, key=lambda s: s.path))
        if not entry.subs:
            status, detail = "missing", "no hand-in"
        elif missing:
            status = "missing lessons" if graded else "not graded"
            detail = ("no graded hand-in of " + ", ".join(missing))
        else:
            status, detail = "handed in", ""
        rows.append(_roster_row(status, entry, lessons=", ".join(sorted(graded)), file=files, detail=detail))
    rows.extend(roster.rows)
    for sub, names in roster.unmatched:
        rows.append({"status": "not on roster", "learner": sub.learner, "lessons": sub.lesson, "file": sub.path,
                     "detail": f"{names}: not on the roster; graded as {sub.learner}"})
    for sub, names, entries in roster.ambiguous:
        rows.append({"status": "ambiguous", "learner": sub.learner, "lessons": sub.lesson, "file": sub.path,
                     "detail": f"{names} fits " + ", ".join(f"{e.label()} ({e.key}, row {e.row})" for e in entries)})
    return rows
