"""Ways to lose a learner's saved work, as data: each case says what happens to the answers file and what must follow.

Four classes, each a mechanism (tests/test_saving.py runs every case):

1. ``UNREADABLE_CASES``: a file the kit cannot read is never overwritten. It is
   left in place, saves go to a file beside it, and the learner is told both paths.
2. ``FOREIGN_FILE_CASES``: the file on disk is not the one this copy ("tab")
   loaded or last wrote: another copy saved after it opened, or the file was
   deleted (or restored from an old backup) and another copy saved there, so its
   revision went backwards. The copy must refuse (save to its own conflict file,
   and say so), never silently drop the other copy's answers.
3. ``DAMAGED_READ_ONLY_CASES``: a damaged file in a folder that cannot be written.
   The notice must not claim a kept copy that was never written; the damaged
   bytes stay where they are, and once the folder can be written they are kept
   aside byte for byte before anything is saved over them.
4. ``WRONG_TYPE_CASES``: an answers file whose answers are partly of the wrong
   type. Each exercise's answer is checked on its own: the valid ones are
   restored, the others named in the notice, the original file kept aside intact.
"""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass, field

FORMAT = "newslit-answers/1"
GOOD = {
    "loaded_language": {"spans": [{"start": 10, "end": 20, "text": "reclaiming"}], "hints_used": 1, "revealed": False},
    "reflection": {"text": "The word \u201cregime\u201d steered me."},
    "claims": {"labels": {"c1": "vague", "c2": None}},
}


def answers_bytes(answers: dict, revision: int = 3, **fields) -> bytes:
    return json.dumps({"format": FORMAT, "lesson": "01_loaded_language", "article": "aleppo-2016", "revision": revision,
                       "saved_at": "2026-11-25T10:00:00+00:00", "key_versions": {}, "answers": answers,
                       **fields}).encode()


# -- 1. unreadable files ------------------------------------------------------------------------------------
# how: "error" (reading raises OSError(errno), the file stays as it is), "folder" (a folder where the file
# goes), "chmod" (mode 000: real, only for a non-root user; as root reading still works, so the test skips it)


@dataclass
class UnreadableCase:
    name: str
    how: str
    errno: int = 0
    words: str = ""  # in the notice and in each save's message


UNREADABLE_CASES = [
    UnreadableCase("io-error", "error", errno.EIO, "Input/output error"),
    UnreadableCase("permission-denied", "error", errno.EACCES, "Permission denied"),
    UnreadableCase("stale-network-handle", "error", errno.ESTALE, "Stale file handle"),
    UnreadableCase("a-folder-in-its-place", "folder", errno.EISDIR, "Is a directory"),
    UnreadableCase("mode-000", "chmod", errno.EACCES, "Permission denied"),
]


# -- 2. the file on disk is not the one this copy saw -------------------------------------------------------
# A small script per case. Steps, run in order on copies "A" and "B" of the same lesson (AnswerStore objects):
#   "A.load"             the copy opens the lesson
#   "A.save KEY TEXT"    the copy saves its answers with KEY = {"text": TEXT} added (its earlier answers kept)
#   "delete"             the answers file is deleted
#   "keep-old"           a copy of the file's bytes is taken now ...
#   "restore-old"        ... and put back later (a backup restored, a sync client replaying an old version)
# expect: the LAST save's outcome: "conflict" (refused, saved to its own conflict file; every answer of the
# other copy still in the answers file) or "saved" (nothing was lost by writing the answers file).
# message: words in the refusing save's message.


@dataclass
class ForeignCase:
    name: str
    steps: list[str]
    expect: str
    message: str = ""
    on_disk: dict = field(default_factory=dict)  # KEY -> TEXT that must be in the answers file at the end


FOREIGN_FILE_CASES = [
    ForeignCase("deleted-then-other-tab-saves", [
        "A.load", "A.save mark1 one", "A.save mark2 two", "A.save mark3 three", "delete",
        "B.load", "B.save reflection from-B", "A.save mark4 four"],
        "conflict", "was replaced after this notebook loaded it", {"reflection": "from-B"}),
    ForeignCase("deleted-then-other-tab-saves-same-revision", [
        "A.load", "A.save mark1 one", "delete", "B.load", "B.save reflection from-B", "A.save mark2 two"],
        "conflict", "was replaced after this notebook loaded it", {"reflection": "from-B"}),
    ForeignCase("deleted-then-other-tab-saves-more-often", [
        "A.load", "A.save mark1 one", "delete", "B.load", "B.save reflection b1", "B.save reflection b2",
        "B.save reflection b3", "A.save mark2 two"],
        "conflict", "Another copy of this lesson saved answers", {"reflection": "b3"}),
    ForeignCase("old-backup-restored", [
        "A.load", "A.save mark1 one", "keep-old", "A.save mark2 two", "A.save mark3 three", "restore-old",
        "A.save mark4 four"],
        "conflict", "was replaced after this notebook loaded it", {"mark1": "one"}),
    ForeignCase("other-tab-saved-after-this-one-opened", [
        "A.load", "B.load", "B.save reflection from-B", "A.save mark1 one"],
        "conflict", "Another copy of this lesson saved answers", {"reflection": "from-B"}),
    ForeignCase("both-opened-the-same-revision", [
        "A.save mark1 one", "A.load", "B.load", "B.save reflection from-B", "A.save mark2 two"],
        "conflict", "Another copy of this lesson saved answers", {"reflection": "from-B", "mark1": "one"}),
    ForeignCase("deleted-nobody-else-saved", [
        "A.load", "A.save mark1 one", "delete", "A.save mark2 two"],
        "saved", "", {"mark1": "one", "mark2": "two"}),
    ForeignCase("reopened-after-the-other-saved", [
        "A.load", "B.load", "B.save reflection from-B", "A.load", "A.save mark1 one"],
        "saved", "", {"reflection": "from-B", "mark1": "one"}),
]


# -- 3. damaged files in a read-only folder ---------------------------------------------------------------


DAMAGED_READ_ONLY_CASES: list[tuple[str, bytes]] = [
    ("truncated", b'{"format": "newslit-answers/1", "answers": {"reflection": {"text": "three marks and a reflect'),
    ("not-utf8", b'{"format": "newslit-answers/1", "answers": {"x": "\xe9"}}'),
    ("wrong-format", b'{"format": "something-else", "answers": {}}'),
    ("bad-revision", b'{"format": "newslit-answers/1", "revision": "seven", "answers": {}}'),
    ("one-answer-of-the-wrong-type", answers_bytes({**GOOD, "claims": {"labels": ["vague"]}})),
]


# -- 4. answers of the wrong type beside valid ones ---------------------------------------------------------


@dataclass
class WrongTypeCase:
    name: str
    answers: dict
    restored: set[str]  # the exercises whose answers come back
    field: str  # the first bad field named in the notice


WRONG_TYPE_CASES = [
    WrongTypeCase("spans-as-text", {**GOOD, "rewrite": {"spans": "reclaiming"}}, set(GOOD), "answers.rewrite.spans"),
    WrongTypeCase("offset-as-text", {**GOOD, "loaded_language": {"spans": [{"start": "10", "end": 20}]}},
                  set(GOOD) - {"loaded_language"}, "answers.loaded_language.spans[0].start"),
    WrongTypeCase("answer-not-an-object", {**GOOD, "evidence_plan": "check the UN figures"}, set(GOOD),
                  "answers.evidence_plan"),
    WrongTypeCase("answer-null", {**GOOD, "compare": None}, set(GOOD), "answers.compare"),
    WrongTypeCase("two-bad-one-good", {"reflection": GOOD["reflection"], "claims": {"labels": {"c1": 3}},
                                       "checklist": {"checked": {"k1": "yes"}}}, {"reflection"}, "answers.claims.labels.c1"),
    WrongTypeCase("all-bad", {"claims": {"labels": ["vague"]}}, set(), "answers.claims.labels"),
    WrongTypeCase("payload-in-a-bad-answer", {**GOOD, "<script>x</script>": {"text": ["<img src=x onerror=alert(1)>"]}},
                  set(GOOD), "answers.<script>x</script>.text"),
]


def counts() -> dict:
    return {"unreadable": len(UNREADABLE_CASES), "foreign file": len(FOREIGN_FILE_CASES),
            "damaged, read-only": len(DAMAGED_READ_ONLY_CASES), "wrong type": len(WRONG_TYPE_CASES)}
