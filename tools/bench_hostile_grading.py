"""What one hostile file costs ``newslit grade``: seconds, bytes written, the longest line.

Each size case of the grader's hostile corpus (``tests/hostile/grader_cases.py``,
:data:`SIZE_CASES`: a 15 MB written answer, 700,000 answers to items a key does
not have, 150,000 damaged hand-ins in one notebook...) is written into a class
folder beside one ordinary hand-in, and ``python -m newslit grade`` grades the
folder in a fresh process, as an instructor runs it. Printed per case: the
wall time, the exit status, the bytes of every report together, the largest
report, the longest line in a CSV and the longest line printed.

Figures are printed, never asserted (``tests/test_hostile_grader.py`` asserts
the bounds). ``--kit DIR`` grades with another checkout of the kit (e.g. one
before a fix, from ``git worktree add``), so the two can be compared:

    python tools/bench_hostile_grading.py
    python tools/bench_hostile_grading.py --kit ../newslit-before --timeout 300
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.grading_fixtures import submission, write  # noqa: E402
from tests.hostile.grader_cases import SIZE_CASES  # noqa: E402


def _size(folder: Path) -> tuple[int, int]:
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(sizes), max(sizes, default=0)


def _longest_csv_line(folder: Path) -> int:
    longest = 0
    for path in folder.rglob("*.csv"):
        with open(path, "rb") as f:
            for line in f:
                longest = max(longest, len(line))
    return longest


def run_case(case, kit: Path, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"newslit-bench-{case.name}-") as tmp:
        folder, out = Path(tmp) / "class", Path(tmp) / "out"
        folder.mkdir()
        case.build(folder)
        write(folder / "good.ipynb", submission("good"))
        handed_in = sum(p.stat().st_size for p in folder.iterdir())
        env = {**os.environ, "PYTHONPATH": str(kit)}
        began = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-m", "newslit", "grade", str(folder), "--out", str(out),
                                   "--no-progress"], capture_output=True, env=env, cwd=kit, timeout=timeout)
            code, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            code, stdout, stderr = "timeout", exc.stdout or b"", exc.stderr or b""
        took = time.perf_counter() - began
        total, largest = _size(out) if out.exists() else (0, 0)
        return {"case": case.name, "input": handed_in, "seconds": took, "exit": code, "written": total,
                "largest": largest, "csv_line": _longest_csv_line(out) if out.exists() else 0,
                "printed_line": max((len(line) for line in stdout.splitlines()), default=0),
                "traceback": b"Traceback" in stderr}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kit", type=Path, default=REPO, help="the checkout of the kit to grade with (default: this one)")
    parser.add_argument("--cases", help="only these cases (comma-separated names)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a case is stopped (default 600)")
    args = parser.parse_args(argv)
    wanted = {n.strip() for n in args.cases.split(",")} if args.cases else None
    cases = [c for c in SIZE_CASES if wanted is None or c.name in wanted]
    print(f"kit: {args.kit.resolve()}")
    print(f"{'case':<26} {'input MB':>8} {'seconds':>8} {'exit':>7} {'written':>13} {'largest':>13} "
          f"{'CSV line':>11} {'printed':>10}")
    for case in cases:
        r = run_case(case, args.kit.resolve(), args.timeout)
        print(f"{r['case']:<26} {r['input'] / 1024 / 1024:>8.1f} {r['seconds']:>8.1f} {str(r['exit']):>7} "
              f"{r['written']:>13,} {r['largest']:>13,} {r['csv_line']:>11,} {r['printed_line']:>10,}"
              + ("  TRACEBACK" if r["traceback"] else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
