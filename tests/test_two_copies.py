"""Two copies of the same lesson open at once, for one learner.

Neither may silently overwrite the other's answers: the copy that finds newer
answers on disk saves its own to a separate conflict file, and its save line
tells the learner. Also raced for real: two processes that opened the lesson
at the same revision save at the same instant, round after round.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from newslit.widgets.lesson import Lesson
from newslit.learner.store import AnswerStore, read_answers_file

from tests.conftest import REPO, subprocess_env


def spans_text(answers: dict) -> list[str]:
    return [" ".join(s["text"].split()) for s in answers["loaded_language"]["spans"]]  # the article has no-break spaces


def test_two_lessons_open_at_once_lose_nothing(tmp_path):
    folder = tmp_path / "answers"
    first = Lesson("01_loaded_language", answers_folder=folder)
    second = Lesson("01_loaded_language", answers_folder=folder)  # e.g. a duplicated notebook, or a second session
    a, b = first.highlighter(), second.highlighter()

    a.highlighter.mark_phrase("reclaiming")
    assert "Saved at" in a.status.value

    b.highlighter.mark_phrase("exclusively")
    status = b.status.value
    assert 'role="alert"' in status and "Another copy of this lesson saved answers" in status
    conflict = second.store.conflict
    assert conflict is not None and conflict.name in status and conflict.parent == folder
    assert "Close the other copy" in status

    # Nothing lost: each copy's answers are on disk, neither over the other.
    assert spans_text(read_answers_file(first.store.path)["answers"]) == ["reclaiming"]
    assert spans_text(read_answers_file(conflict)["answers"]) == ["exclusively"]
    assert spans_text(second.answers) == ["exclusively"]  # and still in the second notebook's memory

    # Both carry on: the first saves normally, the second keeps to its one conflict file and keeps saying so.
    a.highlighter.mark_phrase("progress")
    assert "Saved at" in a.status.value
    b.highlighter.mark_phrase("neglected to mention")
    second.written("reflection", "Why?").box.value = "typed in the second copy"
    assert "Another copy" in b.status.value
    assert sorted(p.name for p in folder.glob("*.conflict-*")) == [conflict.name]
    assert set(spans_text(read_answers_file(conflict)["answers"])) == {"exclusively", "neglected to mention"}
    assert read_answers_file(conflict)["answers"]["reflection"] == {"text": "typed in the second copy"}
    assert set(spans_text(read_answers_file(first.store.path)["answers"])) == {"reclaiming", "progress"}

    # Re-opening restores the first copy's answers; the second copy's stay in the conflict file, named in its message.
    again = Lesson("01_loaded_language", answers_folder=folder)
    assert set(spans_text(again.answers)) == {"reclaiming", "progress"}
    assert conflict.exists()


def test_conflict_files_never_overwrite_each_other(tmp_path):
    """Three copies in the same second: two conflict files, both kept."""
    stores = [AnswerStore("l", "a", tmp_path) for _ in range(3)]
    for s in stores:
        s.load()
    assert stores[0].save({"who": {"text": "one"}}).ok
    r2 = stores[1].save({"who": {"text": "two"}})
    r3 = stores[2].save({"who": {"text": "three"}})
    assert not r2.ok and not r3.ok and r2.path != r3.path
    assert read_answers_file(r2.path)["answers"] == {"who": {"text": "two"}}
    assert read_answers_file(r3.path)["answers"] == {"who": {"text": "three"}}
    assert read_answers_file(stores[0].path)["answers"] == {"who": {"text": "one"}}


RACER = '''
import json, sys, time
from newslit.learner.store import AnswerStore
who, folder, t0, rounds, step = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
out = []
for r in range(rounds):
    while time.time() < t0 + r * step:          # both open the lesson at the same moment...
        pass
    store = AnswerStore("01_loaded_language", "aleppo-2016", folder)
    store.load()
    opened_at = store.revision
    while time.time() < t0 + r * step + step / 2:  # ...and save at the same instant
        pass
    answers = {"reflection": {"text": f"{who} round {r}"}}
    result = store.save(answers)
    out.append({"round": r, "opened_at": opened_at, "ok": result.ok, "path": str(result.path), "text": f"{who} round {r}"})
print(json.dumps(out))
'''


def test_two_copies_saving_at_the_same_instant(tmp_path):
    folder = tmp_path / "answers"
    AnswerStore("01_loaded_language", "aleppo-2016", folder).save({"reflection": {"text": "start"}})
    rounds, step = 40, 0.08
    t0 = time.time() + 3  # time for both interpreters to start
    procs = [subprocess.Popen([sys.executable, "-c", RACER, who, str(folder), str(t0), str(rounds), str(step)],
                              env=subprocess_env(), cwd=REPO, stdout=subprocess.PIPE, text=True)
             for who in ("A", "B")]
    results = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)

    raced = 0
    for a, b in zip(*results):
        if a["opened_at"] != b["opened_at"]:
            continue  # one opened after the other saved: not a race, both may save normally
        raced += 1
        assert a["ok"] != b["ok"], f"round {a['round']}: both copies overwrote the same revision" if a["ok"] else \
            f"round {a['round']}: neither copy saved to the answers file"
        loser = b if a["ok"] else a
        assert ".conflict-" in loser["path"]
        assert read_answers_file(loser["path"])["answers"] == {"reflection": {"text": loser["text"]}}, \
            "a conflict file was overwritten by another copy's"
    assert raced >= rounds // 2, f"only {raced} of {rounds} rounds were real races; the machine is too busy to tell"
    print(f"\nFIGURES two-copies: {raced} simultaneous saves from two copies; no overwrite, every answer kept")
