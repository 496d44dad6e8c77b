"""How the text finders scale on hostile text: seconds for 10, 20 and 40 KB, and the cost per KB.

Hostile text is text no newspaper prints but anyone can paste: one endless
"sentence" of numbers and verbs of saying ("said 12 said 13 ..."), a verb of
saying repeated ("said said said ..."), quotations and names repeated, and
"the media said" over and over. A finder whose cost per KB grows with the size
is quadratic, and a learner who pastes such a text waits minutes.

Each measurement runs in its own process with a time limit, so a slow finder
shows as ``>LIMIT`` instead of stalling the table.

    .venv/bin/python tools/bench_text_scaling.py                 # the table
    .venv/bin/python tools/bench_text_scaling.py --sizes 10 20 40 --limit 120

Figures are wall-clock seconds on this machine: compare the columns, not
machines. Python's cyclic garbage collector is off while a finder runs, as
``python -m newslit analyze`` runs it (``newslit.text.analysis``): its work
grows with the heap, not with the finder's algorithm. ``per KB x`` is the cost per KB at the largest size divided by the
cost per KB at the smallest (1.0 = linear; quadratic doubles it with each
doubling of the size).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import subprocess
import sys
import time

KINDS = {
    "numbers": "said 12 said 13 ... (numbers and a verb of saying, no full stop)",
    "verb": "said said said ... (one verb of saying repeated)",
    "quotes": "\u201cIt is bad,\u201d said Ana Ruiz. ... (quotations and a name repeated)",
    "media": "the media said ... (a claim about the media repeated)",
    "names": "Mayor Ana Ruiz of Leeds said ... (names and titles repeated, no full stop)",
    "passive": "it is said it is said ... (a passive verb of saying repeated, no full stop)",
    "clauses": "prices rose, and prices rose, and ... (clauses joined by commas, no full stop)",
    "pronouns": "Critics said it. \u201cNo,\u201d she said. ... (pronouns with no person to point to, one paragraph)",
}
FINDERS = ("find_claims", "voices", "find_context", "attributions", "find_loaded")


def hostile_text(kind: str, kb: int) -> str:
    size = kb * 1024
    if kind == "numbers":
        parts = (f"said {n}" for n in itertools.count(12))
    elif kind == "verb":
        parts = itertools.repeat("said")
    elif kind == "quotes":
        parts = itertools.repeat("\u201cIt is bad,\u201d said Ana Ruiz.")
    elif kind == "media":
        parts = itertools.repeat("the media said")
    elif kind == "names":
        parts = itertools.repeat("Mayor Ana Ruiz of Leeds said")
    elif kind == "passive":
        parts = itertools.repeat("it is said")
    elif kind == "clauses":
        parts = itertools.repeat("prices rose, and")
    elif kind == "pronouns":
        parts = itertools.repeat("Critics said it. \u201cNo,\u201d she said.")
    else:
        raise SystemExit(f"unknown kind {kind!r}: pick one of {', '.join(KINDS)}")
    out, length = [], 0
    for part in parts:
        if length >= size:
            break
        out.append(part)
        length += len(part) + 1
    return " ".join(out)[:size]


def _run_one(finder: str, kind: str, kb: int) -> float:
    """Time one finder on one text, in this process (the child side of :func:`measure`)."""
    text = hostile_text(kind, kb)
    if finder == "find_claims":
        from newslit.text.claims import find_claims as fn
    elif finder == "voices":
        from newslit.text.claims import voices as fn
    elif finder == "find_context":
        from newslit.text.context import find_context as fn
    elif finder == "find_loaded":
        from newslit.text.loaded import find_loaded as fn
    elif finder == "attributions":
        try:
            from newslit.text.attribution import analyse as fn
        except ImportError:  # before the attribution engine existed
            return -1.0
    else:
        raise SystemExit(f"unknown finder {finder!r}")
    fn("Warm up: the council said 12 homes flooded.")  # load word lists and lexicons outside the timing
    gc.disable()
    began = time.perf_counter()
    fn(text)
    return time.perf_counter() - began


def measure(finder: str, kind: str, kb: int, limit: float) -> float | None:
    """Seconds, or None when the finder took longer than ``limit``."""
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", finder, kind, str(kb)], capture_output=True,
                              text=True, timeout=limit + 30)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        raise SystemExit(f"{finder} on {kind} {kb} KB failed:\n{proc.stderr[-2000:]}")
    seconds = json.loads(proc.stdout.strip().splitlines()[-1])
    return None if seconds > limit else seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 40], help="text sizes in KB")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    parser.add_argument("--finders", nargs="+", default=list(FINDERS), choices=list(FINDERS))
    parser.add_argument("--limit", type=float, default=60, help="seconds before a measurement is given up")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        finder, kind, kb = args.child
        print(json.dumps(_run_one(finder, kind, int(kb))))
        return
    sizes = sorted(args.sizes)
    print("Hostile-text scaling: wall-clock seconds (per KB x: cost per KB at the largest size / at the smallest)")
    for kind in args.kinds:
        print(f"  {kind}: {KINDS[kind]}")
    head = f"{'finder':<14}{'text':<9}" + "".join(f"{str(kb) + ' KB':>10}" for kb in sizes) + f"{'per KB x':>10}"
    print(head)
    for finder in args.finders:
        for kind in args.kinds:
            cells, times, skipped = [], {}, False
            for kb in sizes:
                if skipped:
                    cells.append(f"{'-':>10}")
                    continue
                seconds = measure(finder, kind, kb, args.limit)
                if seconds is not None and seconds < 0:
                    cells.append(f"{'n/a':>10}")
                    continue
                if seconds is None:
                    cells.append(f"{'>' + format(args.limit, 'g'):>10}")
                    skipped = True  # a bigger text takes longer still
                    continue
                times[kb] = seconds
                cells.append(f"{seconds:>10.3f}")
            small, large = sizes[0], sizes[-1]
            if small in times and large in times and times[small] > 0:
                ratio = f"{(times[large] / large) / (times[small] / small):>10.2f}"
            else:
                ratio = f"{'-':>10}"
            print(f"{finder:<14}{kind:<9}" + "".join(cells) + ratio, flush=True)


if __name__ == "__main__":
    main()
