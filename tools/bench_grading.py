"""``make bench``: grading a class, side by side with executing the same notebooks the way execute-based graders do.

Figures are printed, never asserted. The class is made from the reference
solutions that carry a hand-in (``make solutions``): each learner gets the
lesson notebook as a learner saves it (solution-only cells removed, outputs
kept) with a different subset of the reference answers, a few extra marks and
their own user name.

* grade 200 submissions in process and with ``python -m newslit grade`` (a
  fresh process, imports included), and the time just to read and parse them;
* execute submissions with nbclient, one fresh kernel each (as nbgrader's
  autograde does): by default a sample, timed, and the total for all of them
  estimated from the sample (``--grading-executions 200`` runs all of them);
* peak memory when grading 200 and 2,000 submissions, each in a fresh process.
"""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newslit.learner.handin import MIME
from newslit.paths import REPO_DIR


def _learner_notebooks() -> list[dict]:
    """Each solution with a hand-in, as a learner's saved lesson notebook."""
    bases = []
    for path in sorted((REPO_DIR / "solutions").glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb["cells"] = [c for c in nb["cells"] if "solution-only" not in c.get("metadata", {}).get("tags", [])]
        if any(MIME in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", [])):
            bases.append(nb)
    return bases


def _vary(answers: dict, rng: random.Random, text_length: int) -> dict:
    answers = copy.deepcopy(answers)
    for value in answers.values():
        if not isinstance(value, dict):
            continue
        if isinstance(value.get("spans"), list):
            keep = [s for s in value["spans"] if rng.random() < 0.7]
            extra = [{"start": start, "end": start + 4, "text": "word"}
                     for start in (rng.randrange(0, max(1, text_length - 5)) for _ in range(rng.randrange(0, 4)))]
            value["spans"] = keep + extra
        if isinstance(value.get("labels"), dict):
            value["labels"] = {k: v for k, v in value["labels"].items() if rng.random() < 0.8}
        if isinstance(value.get("checked"), dict):
            value["checked"] = {k: v for k, v in value["checked"].items() if rng.random() < 0.8}
        if isinstance(value.get("text"), str) and rng.random() < 0.2:
            value["text"] = ""
    return answers


def make_class(folder: Path, n: int, seed: int = 2026) -> list[Path]:
    """Write ``n`` varied submissions into ``folder``; returns their paths."""
    bases = _learner_notebooks()
    if not bases:
        raise RuntimeError("no solution carries a hand-in: run `make solutions` first")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    texts = {}
    for i in range(n):
        nb = copy.deepcopy(bases[i % len(bases)])
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                payload = output.get("data", {}).get(MIME)
                if isinstance(payload, dict):
                    if payload["article"] not in texts:
                        from newslit.text.articles import load_article

                        texts[payload["article"]] = len(load_article(payload["article"]).text)
                    payload["user"] = f"learner{i:05d}"
                    payload["handed_in_at"] = f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00+00:00"
                    payload["answers"] = _vary(payload["answers"], rng, texts[payload["article"]])
        path = folder / f"learner{i:05d}_{nb['metadata']['newslit']['lesson']}.ipynb"
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def _grade_in_process(folder: Path, out: Path) -> float:
    from newslit.grading.grade import grade
    from newslit.grading.reports import write_reports

    start = time.perf_counter()
    run = grade([folder], progress=False, exclude=out)
    write_reports(run, out)
    return time.perf_counter() - start


def _read_only(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        json.loads(path.read_bytes().decode("utf-8"))
    return time.perf_counter() - start


def _execute(paths: list[Path]) -> list[float]:
    import nbformat
    from nbclient import NotebookClient

    times = []
    with tempfile.TemporaryDirectory(prefix="newslit-bench-home-") as home:
        old = os.environ.get("NEWSLIT_HOME")
        os.environ["NEWSLIT_HOME"] = home
        try:
            for path in paths:
                start = time.perf_counter()
                nb = nbformat.read(str(path), as_version=4)
                NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                               resources={"metadata": {"path": str(REPO_DIR / "lessons")}}).execute()
                times.append(time.perf_counter() - start)
        finally:
            if old is None:
                os.environ.pop("NEWSLIT_HOME", None)
            else:
                os.environ["NEWSLIT_HOME"] = old
    return times


_MEMORY_CHILD = """
import json, resource, sys, time, tracemalloc
from pathlib import Path
from newslit.grading.grade import grade
from newslit.grading.reports import write_reports
import newslit.keys.answer_key, newslit.keys.scoring, tqdm  # imports are not the class's memory
newslit.keys.answer_key.load_key("aleppo-2016", "loaded_language")  # nor is loading jsonschema and the lexicon
folder, out = Path(sys.argv[1]), Path(sys.argv[2])


def peak_rss():  # VmHWM starts afresh at exec; ru_maxrss can carry the parent's peak over on Linux
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


base = peak_rss()
tracemalloc.start()
start = time.perf_counter()
run = grade([folder], progress=False, exclude=out)
write_reports(run, out)
took = time.perf_counter() - start
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({"seconds": took, "traced_peak": peak, "rss_before": base, "rss_peak": peak_rss(),
                  "graded": len(run.graded)}))
"""


def _memory(folder: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(folder), str(out)], capture_output=True,
                          text=True, check=True, cwd=REPO_DIR)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_grading(n: int = 200, executions: int = 10, memory_sizes=(200, 2000)) -> None:
    """Print grading time, execution time (nbclient) and their ratio, and peak memory."""
    MB = 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="newslit-bench-grading-") as tmp:
        tmp = Path(tmp)
        paths = make_class(tmp / f"class{n}", n)
        size = sum(p.stat().st_size for p in paths)
        print(f"grading: {n} submissions, {size / MB:.1f} MB ({size / n / 1024:.0f} KB each), cores: {os.cpu_count()}")
        _grade_in_process(tmp / f"class{n}", tmp / "warm")  # imports, keys and lexicon loaded once
        read = min(_read_only(paths) for _ in range(3))
        graded = min(_grade_in_process(tmp / f"class{n}", tmp / f"out{k}") for k in range(3))
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newslit", "grade", str(tmp / f"class{n}"), "--out", str(tmp / "cli"),
                        "--no-progress"], check=True, capture_output=True, cwd=REPO_DIR)
        command = time.perf_counter() - start
        print(f"  read and parse only        {read:8.2f} s")
        print(f"  grade, in process          {graded:8.2f} s  ({graded / read:.1f}x reading; reports included)")
        print(f"  python -m newslit grade    {command:8.2f} s  (a fresh process, imports included)")
        if executions:
            k = min(executions, n)
            sample = [paths[round(i * (n - 1) / max(1, k - 1))] for i in range(k)] if k < n else paths
            times = _execute(sample)
            per = sum(times) / len(times)
            total = per * n
            how = "measured" if k == n else f"estimated from {k} executed"
            print(f"  nbclient, one kernel each  {total:8.1f} s  ({how}; {per:.1f} s per notebook)")
            print(f"  ratio, nbclient / grade    {total / command:8.0f}x (fresh process)   "
                  f"{total / graded:.0f}x (in process)")
        for m in memory_sizes:
            folder = tmp / f"mem{m}"
            make_class(folder, m)
            stats = _memory(folder, tmp / f"memout{m}")
            print(f"  memory, {m:>5} submissions: peak RSS {stats['rss_peak'] / MB:6.1f} MB "
                  f"(+{(stats['rss_peak'] - stats['rss_before']) / MB:.1f} MB while grading), "
                  f"Python allocations peak {stats['traced_peak'] / MB:.1f} MB")
            for path in folder.iterdir():
                path.unlink()
