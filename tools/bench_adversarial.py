"""``python -m tools.bench_adversarial``: every entry point on adversarial input of growing size, in seconds per KB.

Each entry point (analysis, import-article, the lesson 3 widgets, the grader)
gets inputs built to be slow (repeated numbers and verbs of saying, brackets,
quotation marks, one-letter sentences, one long word) at 16, 32 and 64 KB.
Linear code keeps the cost per KB flat as the size doubles; the last column
is the ratio of the largest size's cost per KB to the smallest's (about 1 is
linear, about 4 would be quadratic). Figures are printed, never asserted: the
tests bound each case's time instead (tests/test_hostile_*.py).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

SIZES_KB = (16, 32, 64)


def _repeat(unit: str, kb: int) -> str:
    return (unit * (kb * 1024 // len(unit) + 1))[: kb * 1024]


INPUTS = {
    "numbers": lambda kb: _repeat("said 12 said 13 in 2016, 275,000 people. ", kb),
    "verbs of saying": lambda kb: _repeat("officials said ", kb),
    "brackets": lambda kb: _repeat("[", kb) + "]",
    "quotes": lambda kb: _repeat("\u201c", kb),
    "one-letter sentences": lambda kb: _repeat("a. ", kb),
    "one long word": lambda kb: "x" * (kb * 1024),
    "loaded words": lambda kb: _repeat("The devastating cuts slammed the library, officials said. ", kb),
}


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _analysis(text: str) -> None:
    from newslit.text.analysis import analyze

    analyze(text)


def _import(text: str, folder: Path, n: list) -> None:
    from newslit.instructor.import_article import import_article

    path = folder / f"in{len(n)}.md"
    path.write_text(text, encoding="utf-8")
    n.append(import_article(path, title="Hostile", outlet="Bench", date="2024-03-01", licence="CC BY 4.0",
                            article_id=f"bench-{len(n)}"))


def _lesson_3(article) -> None:
    from newslit.widgets.lesson import Lesson

    lesson = Lesson("03_missing_context", article=article)
    lesson.context_checks()
    lesson.about_the_source()
    lesson.compare_with_pack()


def _grade(text: str, folder: Path, n: list) -> None:
    from newslit.grading.grade import grade
    from newslit.learner.handin import MIME

    repo = Path(__file__).resolve().parents[1]
    nb = json.loads((repo / "solutions" / "03_missing_context.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(MIME)
            if payload:
                payload["answers"]["context_written"] = {"text": text}
                payload["answers"]["context_checklist"]["checked"].update({f"x{i}": True for i in range(len(text) // 64)})
    target = folder / f"class{len(n)}"
    target.mkdir()
    (target / "03_missing_context.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    n.append(grade([target], progress=False))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="newslit-bench-adversarial-") as tmp:
        folder = Path(tmp)
        os.environ["NEWSLIT_HOME"] = str(folder / "home")
        os.environ["NEWSLIT_COURSE_DATA"] = str(folder / "course")
        imported: list = []
        graded: list = []
        articles: dict = {}  # (input, KB) -> the article import-article made of it
        print(f"{'entry point':<14} {'input':<22} " + " ".join(f"{kb:>5} KB" for kb in SIZES_KB) + "   s/KB at each size   ratio")
        for name, make in INPUTS.items():
            for entry in ("analysis", "import", "lesson 3", "grade"):
                per_kb = []
                for kb in SIZES_KB:
                    text = make(kb)
                    if entry == "analysis":
                        seconds = _time(lambda: _analysis(text))
                    elif entry == "import":
                        seconds = _time(lambda: _import(text, folder, imported))
                        articles[(name, kb)] = imported[-1]
                    elif entry == "lesson 3":
                        article = articles[(name, kb)]
                        seconds = _time(lambda: _lesson_3(article))
                    else:
                        seconds = _time(lambda: _grade(text, folder, graded))
                    per_kb.append(seconds / kb)
                ratio = per_kb[-1] / per_kb[0] if per_kb[0] else float("nan")
                print(f"{entry:<14} {name:<22} " + " ".join(f"{p * kb:7.2f}s" for p, kb in zip(per_kb, SIZES_KB))
                      + "   " + " ".join(f"{p * 1000:6.1f}ms" for p in per_kb) + f"   {ratio:5.2f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
