"""``python -m tools.eval_sentences``: the sentence splitter against a held-out set.

The set is ``tests/data/sentence_boundaries.json``: short news-style passages,
each with the sentences a careful reader would split it into, written by
someone who had not seen the splitter. For each pattern (quotes, titles,
times, ...) and overall this prints

* exact: the share of cases whose sentences all come out right;
* boundary precision, recall and F1: a boundary is the offset where one
  sentence ends and the next begins (the end of every sentence but the last),
  so a wrong split costs precision and a missed one costs recall.

``--splitter module:function`` measures another splitter: the function takes a
text and returns spans (objects with ``start``/``end``, or ``(start, end)``
pairs, or the sentence strings in order). ``--errors`` lists the cases it
gets wrong.
"""

from __future__ import annotations

import argparse
import importlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "sentence_boundaries.json"


def load_cases(path: Path = DATA) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


def _offsets(text: str, pieces: Iterable) -> list[tuple[int, int]]:
    """``(start, end)`` of each piece: spans pass through, strings are found in order."""
    out, pos = [], 0
    for piece in pieces:
        if isinstance(piece, str):
            stripped = piece.strip()
            start = text.find(stripped, pos)
            if start < 0 or not stripped:
                continue  # a splitter that rewrote the text: the piece has no place in it
            end = start + len(stripped)
        elif isinstance(piece, tuple):
            start, end = piece
        else:
            start, end = piece.start, piece.end
        while start < end and text[start].isspace():  # spans that keep the gap between sentences
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        out.append((start, end))
        pos = end
    return out


def _boundaries(spans: list[tuple[int, int]]) -> set[int]:
    return {end for _, end in spans[:-1]}


def _expected(case: dict) -> list[tuple[int, int]]:
    return _offsets(case["text"], case["sentences"])


def score(split: Callable[[str], Iterable], cases: list[dict] | None = None) -> dict:
    """``{"overall": {...}, "patterns": {name: {...}}, "errors": [...]}`` for ``split`` on the set.

    Each ``{...}`` holds ``cases``, ``exact`` (share of cases all right), ``precision``,
    ``recall`` and ``f1`` of the boundaries.
    """
    cases = load_cases() if cases is None else cases
    tallies: dict[str, dict] = {}
    errors = []
    for case in cases:
        text = case["text"]
        want = _expected(case)
        got = _offsets(text, split(text))
        hit = want == got
        tp = len(_boundaries(want) & _boundaries(got))
        for name in (case["pattern"], "overall"):
            t = tallies.setdefault(name, {"cases": 0, "right": 0, "tp": 0, "predicted": 0, "true": 0})
            t["cases"] += 1
            t["right"] += hit
            t["tp"] += tp
            t["predicted"] += len(_boundaries(got))
            t["true"] += len(_boundaries(want))
        if not hit:
            errors.append({"id": case["id"], "want": case["sentences"], "got": [text[s:e] for s, e in got]})

    def figures(t: dict) -> dict:
        p = t["tp"] / t["predicted"] if t["predicted"] else 1.0
        r = t["tp"] / t["true"] if t["true"] else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"cases": t["cases"], "exact": t["right"] / t["cases"], "precision": p, "recall": r, "f1": f}

    overall = tallies.pop("overall")
    return {
        "overall": figures(overall),
        "patterns": {name: figures(t) for name, t in sorted(tallies.items())},
        "errors": errors,
    }


def _splitter(spec: str | None) -> Callable[[str], Iterable]:
    if not spec:
        from newslit.text.spans import sentences

        return sentences
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name or "sentences")


def table(result: dict) -> str:
    rows = ["| pattern | cases | exact | boundary P | boundary R | boundary F1 |", "|---|---|---|---|---|---|"]
    for name, f in [*result["patterns"].items(), ("**overall**", result["overall"])]:
        rows.append(f"| {name} | {f['cases']} | {f['exact']:.2f} | {f['precision']:.2f} | {f['recall']:.2f} | {f['f1']:.2f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.eval_sentences", description=__doc__.splitlines()[0])
    parser.add_argument("--splitter", help="module:function to measure instead of newslit.text.spans.sentences")
    parser.add_argument("--errors", action="store_true", help="list the cases the splitter gets wrong")
    args = parser.parse_args(argv)
    result = score(_splitter(args.splitter))
    print(table(result))
    if args.errors:
        for err in result["errors"]:
            print(f"\n{err['id']}\n  want: {err['want']}\n  got:  {err['got']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
