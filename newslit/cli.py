"""The command line: ``newslit COMMAND`` (the same as ``python -m newslit COMMAND``).

Every problem a user can fix is one line on stderr and exit status 2: a
:class:`NewslitError` as the command words it, and any file-system failure a
command does not word itself (a read-only folder, a full disk, a name too
long...) as one line from :func:`os_error_line`, never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys

from newslit.errors import NewslitError, terminal_line


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
    if args.curve:
        from pathlib import Path

        from newslit.instructor.pr_curve import curve, svg
        from newslit.text.loaded import DEFAULT_CAUTION

        curves = {split: curve(split) for split in ("dev", "heldout")}
        print()
        print(f"Precision and recall as the caution varies (word level; the kit ships with caution {DEFAULT_CAUTION:.2f})")
        for split, points in curves.items():
            print(f"{split:<8} " + "  ".join(f"{c:.2f}: P {p:.2f} R {r:.2f}" for c, p, r in points[::2]))
        marks = [("before", *args.before)] if args.before else []
        picture = svg(curves, "Loaded-language finder: precision vs recall as caution varies", marks)
        try:
            Path(args.curve).write_text(picture, encoding="utf-8")
        except OSError as exc:
            raise NewslitError(f"Could not write the curve to {args.curve} ({exc.strerror or exc}); "
                               "give a file in a folder you can write to.") from None
        print(f"Wrote the precision-recall curve to {args.curve}")
    return 0


def _grade(args) -> int:
    from pathlib import Path

    from newslit.grading.grade import grade
    from newslit.grading.gradebooks import summary_lines as gradebook_lines
    from newslit.grading.gradebooks import write_gradebooks
    from newslit.grading.reports import summary, write_reports

    articles = {}
    for value in args.article or []:
        lesson, _, article = value.rpartition("=")
        articles[lesson or "*"] = article
    out = Path(args.out)
    roster = _roster(args.roster, out) if args.roster else None
    run = grade(args.paths, learner_from=args.learner_from, articles=articles, max_mb=args.max_mb,
                exclude=out, progress=False if args.no_progress else None, roster=roster)
    try:
        written = write_reports(run, out)
        books = write_gradebooks(run, out, roster)
    except OSError as exc:
        raise NewslitError(f"Cannot write the reports to {out}: {exc.strerror or exc}.") from None
    print(summary(run, written))
    print("\n".join(gradebook_lines(books, roster)))
    return 1 if any(s.status == "not graded" for s in run.submissions) else 0  # 1: some files need a person


def _roster(path: str, out) -> object:
    """The LMS roster for ``grade --roster``; never one of the files the grader is about to write."""
    from pathlib import Path

    from newslit.grading.gradebooks import output_names
    from newslit.grading.lms import read_roster

    ours = {(Path(out) / name).resolve() for name in ["grades.csv", "gradebook.csv", "problems.csv", *output_names()]}
    if Path(path).resolve() in ours:
        raise NewslitError(f"The roster {path} is a file grade writes into --out {out}: move it elsewhere "
                           "(the grader never overwrites a roster).")
    return read_roster(path)


def _lessons(args) -> int:
    from newslit.instructor.handout import copy_lessons

    copied, kept = copy_lessons(args.dest, article=args.article)
    for path in copied:
        print(f"copied {path}")
    for path in kept:
        print(f"kept   {path} (already there: a learner's copy is never overwritten)")
    print(f"{len(copied)} lesson(s) copied to {args.dest}; open {args.dest}/00_start_here.ipynb in JupyterLab.")
    return 0


def _collect(args) -> int:
    from newslit.instructor.collect import collect

    learners = [n.strip() for n in (args.learners or "").split(",") if n.strip()]
    if args.learners_file:
        from pathlib import Path

        try:
            text = Path(args.learners_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise NewslitError(f"Cannot read the list of learners {args.learners_file}: {getattr(exc, 'strerror', None) or exc}.") from None
        learners += [line.split(",")[0].strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not learners:
        raise NewslitError("Name the learners: --learners ana,ben or --learners-file FILE (one user name per line).")
    lessons = [n.strip() for n in args.lesson.split(",")] if args.lesson else None
    result = collect(learners, args.to, lessons=lessons, homes=args.homes, lessons_folder=args.lessons_folder,
                     max_mb=args.max_mb)
    print(result.summary())
    print(f"Class folder: {args.to} (grade it with: newslit grade {args.to})")
    return 0


def _import_article(args) -> int:
    from newslit.instructor.import_article import run_cli

    return run_cli(args)


def megabytes(value: str) -> float:
    """An argparse type: a size in MB, finite and above zero (``nan``, ``inf`` and ``-1`` are refused)."""
    import math

    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of megabytes") from None
    if not math.isfinite(number) or number <= 0 or number > 10_000:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size between 0 and 10000 MB")
    return number


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
    e.add_argument("--curve", metavar="FILE.svg", help="also draw the loaded-language finder's precision-recall "
                   "curves (dev and held-out texts, as the caution varies) as an SVG picture")
    e.add_argument("--before", nargs=2, type=float, metavar=("P", "R"),
                   help="mark an earlier finder's held-out precision and recall on the picture")
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
    g.add_argument("--roster", metavar="FILE", help="the LMS's roster or gradebook export (CSV: Canvas gradebook "
                   "export, Moodle user list, Google Classroom names and emails): names learners by the LMS's user "
                   "ids and reports who is missing")
    g.add_argument("--max-mb", type=megabytes, default=20, help="refuse notebooks larger than this many MB (default 20)")
    g.add_argument("--no-progress", action="store_true", help="no progress bar")
    g.set_defaults(run=_grade)

    c = sub.add_parser("collect", help="on a hub: copy each learner's latest hand-ins from their home into a class folder")
    c.add_argument("--learners", metavar="NAMES", help="user names, separated by commas")
    c.add_argument("--learners-file", metavar="FILE", help="a file of user names, one per line (first column of a CSV)")
    c.add_argument("--to", required=True, metavar="DIR", help="the class folder (created if missing)")
    c.add_argument("--lesson", metavar="IDS", help="only these lessons, e.g. 01_loaded_language (also reports who has not handed them in)")
    c.add_argument("--homes", metavar="DIR", help="the folder holding home folders (default: each account's own home)")
    c.add_argument("--lessons-folder", default="lessons", metavar="NAME", help="the learners' lesson folder in their home (default lessons)")
    c.add_argument("--max-mb", type=megabytes, default=20, help="skip notebooks larger than this many MB (default 20)")
    c.set_defaults(run=_collect)

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


# What to do when a command cannot write (or read) where it needs to: by command, then in general.
_WHERE_TO_WRITE = {
    "import-article": "set NEWSLIT_COURSE_DATA to a folder you can write to (on a hub: the course folder for "
                      "instructors)",
    "lessons": "choose a DEST folder you can write to",
    "grade": "give --out a folder you can write to, and check you can read the hand-ins",
    "collect": "give --to a folder you can write to, and run collect as the hub's administrator",
    "analyze": "check that you can read the file",
    "evaluate": "check that you can read the kit's data (NEWSLIT_DATASETS, NEWSLIT_COURSE_DATA)",
}


def _name(filename: object) -> str:
    text = os.fsdecode(filename) if isinstance(filename, (str, bytes, os.PathLike)) else str(filename)
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= 160 else text[:80] + "\u2026" + text[-79:]


def os_error_line(exc: OSError, command: str = "") -> str:
    """One line for a file-system failure: what failed, on which file, and what to do."""
    where = f" {_name(exc.filename)}" if exc.filename is not None else ""
    reason = exc.strerror or exc.__class__.__name__
    if exc.errno == errno.EROFS:
        what, todo = f"cannot write{where}: the file system is read-only", _WHERE_TO_WRITE.get(command)
    elif exc.errno in (errno.EACCES, errno.EPERM):
        what, todo = f"permission denied:{where or ' a file or folder'}", _WHERE_TO_WRITE.get(command)
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what, todo = f"the disk is full (writing{where or ' the output'})", "free some space, or write to another disk"
    elif exc.errno == errno.ENAMETOOLONG:
        what, todo = f"a file name is too long:{where}", "use a shorter file or folder name"
    elif exc.errno == errno.ENOTDIR:
        what, todo = f"part of this path is a file, not a folder:{where}", "check the path"
    elif exc.errno == errno.EISDIR:
        what, todo = f"this is a folder, not a file:{where}", "check the path"
    elif exc.errno == errno.ENOENT:
        what, todo = f"not found:{where}", "check the name and folder"
    else:
        what, todo = f"{reason}:{where}" if where else f"a file-system error ({reason})", None
    todo = todo or "check the folder's permissions and free space"
    return f"{what}. To fix it, {todo}, then try again."


def _silence_stdout() -> None:
    """After a failed write to stdout (``> /dev/full``), stop Python retrying it at exit with a traceback."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass


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
        print(f"newslit: {terminal_line(exc)}", file=sys.stderr)  # file names in messages: escaped, one line
        return 2
    except KeyboardInterrupt:
        print("newslit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head or similar: not an error
        sys.stderr.close()
        return 0
    except OSError as exc:  # a read-only folder, a full disk...: one line, not a traceback
        _silence_stdout()
        print(f"newslit: {terminal_line(os_error_line(exc, args.command))}", file=sys.stderr)
        return 2
