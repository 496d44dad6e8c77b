"""``python -m tools.eval_rubrics``: how well the first-pass reader of written answers agrees with a teacher.

Reads the blind answer sets in ``tests/data/rubric_answers/`` (answers and a
careful teacher's grades, written by someone who had not seen the reader, with
a dev / held-out split fixed before the reader was run on them), scores them
against the rubric version the teacher graded with (``keys/``), and prints,
per rubric and split, quadratic weighted kappa and mean absolute error
between the reader's points and the teacher's, the mean points per category,
and the worst disagreements. Figures are printed, never asserted here.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from newslit.keys.answer_key import key_from_dict
from newslit.keys.kinds import score_answer

SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "rubric_answers"


def rubric_key(rubric: str):
    """The rubric exactly as the teacher graded against it (``keys/<rubric>.json``, a copy of that key version):
    a later version of the kit's key may add ideas the teacher's grades do not know."""
    path = SETS / "keys" / f"{rubric}.json"
    return key_from_dict(json.loads(path.read_text(encoding="utf-8")), where=str(path))


def quadratic_weighted_kappa(a: list[int], b: list[int], levels: int) -> float:
    """Cohen's kappa with quadratic weights between two lists of grades 0..levels-1."""
    observed = [[0] * levels for _ in range(levels)]
    for x, y in zip(a, b):
        observed[x][y] += 1
    rows = [sum(r) for r in observed]
    cols = [sum(observed[i][j] for i in range(levels)) for j in range(levels)]
    n = len(a)
    num = den = 0.0
    for i in range(levels):
        for j in range(levels):
            weight = (i - j) ** 2 / (levels - 1) ** 2
            num += weight * observed[i][j]
            den += weight * rows[i] * cols[j] / n
    return 1 - num / den if den else 1.0


def agreement(rubric: str, split: str) -> dict:
    data = json.loads((SETS / f"{rubric}.json").read_text(encoding="utf-8"))
    key = rubric_key(rubric)
    ids = set(data["split"][split])
    rows = []
    for answer in data["answers"]:
        if answer["id"] in ids:
            got = score_answer(key, {"text": answer["text"]}).points
            rows.append({"id": answer["id"], "category": answer["category"], "teacher": answer["teacher_points"],
                         "reader": got, "text": answer["text"]})
    levels = int(data["max_points"]) + 1
    teacher = [round(r["teacher"]) for r in rows]
    reader = [round(r["reader"]) for r in rows]
    by_category = defaultdict(list)
    for r in rows:
        by_category[r["category"]].append(r)
    return {
        "rubric": rubric, "split": split, "answers": len(rows), "max_points": data["max_points"],
        "qwk": quadratic_weighted_kappa(teacher, reader, levels),
        "mae": sum(abs(r["teacher"] - r["reader"]) for r in rows) / len(rows),
        "categories": {c: (sum(r["teacher"] for r in v) / len(v), sum(r["reader"] for r in v) / len(v))
                       for c, v in sorted(by_category.items())},
        "worst": sorted(rows, key=lambda r: -abs(r["teacher"] - r["reader"]))[:3],
    }


def main() -> None:
    for split in ("dev", "heldout"):
        for rubric in sorted(p.stem for p in SETS.glob("*.json")):
            a = agreement(rubric, split)
            print(f"{a['rubric']:<16} {split:<8} {a['answers']:>3} answers  QWK {a['qwk']:.2f}  MAE {a['mae']:.2f} of {a['max_points']:g}")
            for category, (teacher, reader) in a["categories"].items():
                print(f"    {category:<16} teacher {teacher:4.1f}  reader {reader:4.1f}")
            for r in a["worst"]:
                text = " ".join(r["text"].split())[:110]
                print(f"    worst: {r['id']} ({r['category']}) teacher {r['teacher']:g}, reader {r['reader']:g}: {text}")


if __name__ == "__main__":
    sys.exit(main())
