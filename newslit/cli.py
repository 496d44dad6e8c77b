"""The command line: ``python -m newslit COMMAND``.

Every problem a user can fix is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from .errors import NewslitError


def _analyze(args) -> int:
    from .analysis import analyze
    from .inputs import read_text_file

    result = analyze(read_text_file(args.path))
    if args.format == "json":
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(f"{len(result['sentences'])} sentences, {len(result['loaded'])} loaded-language spans")
    print("\nSentences (polarity -1..1, subjectivity 0..1)")
    for s in result["sentences"]:
        text = s["text"].replace("\n", " ")
        print(f"  {s['start']:>7}-{s['end']:<7} {s['polarity']:+.2f} {s['subjectivity']:.2f}  {text[:90]}")
    print("\nLoaded language")
    for span in result["loaded"]:
        print(f"  {span['start']:>7}-{span['end']:<7} {span['category']:<15} {span['text']!r}: {span['reason']}")
    return 0


def _evaluate(args) -> int:
    from .evaluate import evaluate, report

    print(report(evaluate()))
    return 0


def _bench(args) -> int:
    from .bench import run

    run(notebooks=not args.skip_notebooks)
    return 0


def _build_lessons(args) -> int:
    from .notebooks import build_lessons

    for path in build_lessons(check=args.check):
        print(path)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m newslit", description="newslit: a Jupyter teaching kit for news literacy.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    a = sub.add_parser("analyze", help="analyse a UTF-8 text or Markdown file")
    a.add_argument("path", help="a .txt or .md file (UTF-8, at most 5 MB)")
    a.add_argument("--format", choices=("json", "table"), default="table")
    a.set_defaults(run=_analyze)

    e = sub.add_parser("evaluate", help="precision and recall of the finders on the practice texts")
    e.set_defaults(run=_evaluate)

    b = sub.add_parser("bench", help="print timings: analysis (sample and 100,000 words) and notebook execution")
    b.add_argument("--skip-notebooks", action="store_true", help="only time the analysis")
    b.set_defaults(run=_bench)

    n = sub.add_parser("build-lessons", help="write lessons/ from solutions/ (answer cells emptied)")
    n.add_argument("--check", action="store_true", help="only report lessons that are out of date; exit 2 if any")
    n.set_defaults(run=_build_lessons)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except NewslitError as exc:
        print(f"newslit: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newslit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head or similar: not an error
        sys.stderr.close()
        return 0
