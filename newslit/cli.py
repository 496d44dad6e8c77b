"""The command line: ``newslit COMMAND`` (the same as ``python -m newslit COMMAND``).

Every problem a user can fix is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from newslit.errors import NewslitError


def _analyze(args) -> int:
    from newslit.text.analysis import analyze
    from newslit.text.inputs import read_text_file

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
    if "context" in result:  # lesson 3: questions about missing context ("*" = about the whole text)
        print("\nMissing context")
        for f in result["context"]:
            where = f"{f['start']:>7}-{f['end']:<7}" if f["start"] is not None else f"{'*':>7} {'':<7}"
            print(f"  {where} {f['check']:<13} {f['text'][:70]!r}: {f['question']}")
    return 0


def _evaluate(args) -> int:
    from newslit.instructor.evaluate import claims_report, evaluate, evaluate_claims, report

    print(report(evaluate()))
    print()
    print(claims_report(evaluate_claims()))
    return 0


def _grade(args) -> int:
    from pathlib import Path

    from newslit.grading.grade import grade
    from newslit.grading.reports import summary, write_reports

    articles = {}
    for value in args.article or []:
        lesson, _, article = value.rpartition("=")
        articles[lesson or "*"] = article
    out = Path(args.out)
    run = grade(args.paths, learner_from=args.learner_from, articles=articles, max_mb=args.max_mb,
                exclude=out, progress=False if args.no_progress else None)
    try:
        written = write_reports(run, out)
    except OSError as exc:
        raise NewslitError(f"Cannot write the reports to {out}: {exc.strerror or exc}.") from None
    print(summary(run, written))
    return 1 if any(s.status == "not graded" for s in run.submissions) else 0  # 1: some files need a person


def _lessons(args) -> int:
    from newslit.instructor.handout import copy_lessons

    copied, kept = copy_lessons(args.dest, article=args.article)
    for path in copied:
        print(f"copied {path}")
    for path in kept:
        print(f"kept   {path} (already there: a learner's copy is never overwritten)")
    print(f"{len(copied)} lesson(s) copied to {args.dest}; open {args.dest}/00_start_here.ipynb in JupyterLab.")
    return 0


def _import_article(args) -> int:
    from newslit.instructor.import_article import run_cli

    return run_cli(args)


def parser() -> argparse.ArgumentParser:
    from newslit import __version__

    p = argparse.ArgumentParser(prog="newslit", description="newslit: a Jupyter teaching kit for news literacy.")
    p.add_argument("--version", action="version", version=f"newslit {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    a = sub.add_parser("analyze", help="analyse a UTF-8 text or Markdown file")
    a.add_argument("path", help="a .txt or .md file (UTF-8, at most 5 MB)")
    a.add_argument("--format", choices=("json", "table"), default="table")
    a.set_defaults(run=_analyze)

    e = sub.add_parser("evaluate", help="precision and recall of the finders on the practice texts")
    e.set_defaults(run=_evaluate)

    le = sub.add_parser("lessons", help="copy the learner notebooks into a folder (no solutions, never overwriting)")
    le.add_argument("dest", metavar="DEST", help="the folder to copy the lessons into (created if missing)")
    le.add_argument("--article", metavar="ID", help="the article lessons 1-3 use (default: the kit's sample article); "
                    "it needs its answer keys, e.g. from import-article")
    le.set_defaults(run=_lessons)

    g = sub.add_parser("grade", help="grade handed-in notebooks (never runs them): CSVs, gradebook, feedback pages")
    g.add_argument("paths", nargs="+", metavar="PATH", help="notebooks, or folders of them (searched recursively)")
    g.add_argument("--out", default="newslit-grades", help="folder for the reports (default: newslit-grades)")
    g.add_argument("--article", action="append", metavar="[LESSON=]ID",
                   help="the article the class worked on (default: the one most hand-ins use); repeatable")
    g.add_argument("--learner-from", choices=("user", "file"), default="user",
                   help="name learners by the hand-in's user name (default; generic names fall back to the file) "
                        "or by the file name")
    g.add_argument("--max-mb", type=float, default=20, help="refuse notebooks larger than this many MB (default 20)")
    g.add_argument("--no-progress", action="store_true", help="no progress bar")
    g.set_defaults(run=_grade)

    i = sub.add_parser("import-article", help="turn a .txt or .md file into a kit article with a draft answer key")
    i.add_argument("path", help="a .txt or .md file (UTF-8, at most 5 MB); HTML in it stays literal text")
    i.add_argument("--title", required=True, help="the headline as published")
    i.add_argument("--outlet", required=True, help="who published it")
    i.add_argument("--date", required=True, help="YYYY-MM-DD, YYYY-MM or YYYY")
    i.add_argument("--licence", required=True, help='the licence you may use it under, e.g. "CC BY 4.0"')
    i.add_argument("--author", help='as published (default "Author not stated")')
    i.add_argument("--url", help="where it was published")
    i.add_argument("--id", help="the article id (default: made from the title)")
    i.add_argument("--licence-url", help="link to the licence (known for Creative Commons licences)")
    i.add_argument("--attribution", help="the line shown with the article (default: title, author, outlet, date, licence)")
    i.add_argument("--language", default="en", help="BCP 47 code (default en)")
    i.add_argument("--force", action="store_true", help="replace an imported article with the same id")
    i.set_defaults(run=_import_article)
    return p


def main(argv: list[str] | None = None) -> int:
    if (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") != "utf8":
        try:  # e.g. output redirected on Windows (cp1252): write UTF-8 rather than crash on non-Latin text
            sys.stdout.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
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
