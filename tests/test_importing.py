"""Bring your own article: ``python -m newslit import-article`` and ``newslit.instructor.import_article.import_article``.

Every import goes to a private copy of datasets/ (the ``datasets_copy`` fixture
sets ``NEWSLIT_DATASETS``), never into the repository's datasets/.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from newslit.text.articles import load_article
from newslit.errors import NewslitError
from newslit.learner.handin import read_handins
from newslit.instructor.import_article import (
    draft_key, import_article, is_draft, licence_url, markdown_inline, markdown_paragraphs, occurrence_of, slugify,
    text_paragraphs,
)
from newslit.text.inputs import MAX_TEXT_BYTES
from newslit.files import read_json
from newslit.keys.answer_key import locate, key_from_dict, load_key
from newslit.widgets.lesson import Lesson
from newslit.text.loaded import find_loaded
from newslit.paths import REPO_DIR
from newslit.keys.scoring import score_highlights

REPO = Path(__file__).resolve().parents[1]
META = ["--title", "Council cuts library hours", "--outlet", "Riverside Post", "--date", "2024-03-01",
        "--licence", "CC BY 4.0"]
META_KW = dict(title="Council cuts library hours", outlet="Riverside Post", date="2024-03-01", licence="CC BY 4.0")
ARTICLE_ID = "council-cuts-library-hours"
DRAFT_KEY_FILES = sorted(f"{e}.json" for e in ("loaded_language", "claims", "context_checklist", "evidence_plan",
                                                "lateral_plan", "context_written"))

TEXT = (
    "The council voted 7-2 on Monday to cut evening hours at the central library.\n"
    "Critics slammed the devastating cuts, and the mayor admitted the timing was poor.\n"
    "\n"
    "Opponents say everyone will suffer. The \u201cconsultation\u201d lasted two weeks.\n"
    "\n"
    "Staff slammed the plan again on Tuesday.\n"
)

MARKDOWN = """---
layout: post
---
# Council cuts library hours

By **Jane Doe** | [Riverside Post](https://example.org/post "home")

The council voted 7-2 to cut *evening* hours, and critics **slammed** the
[devastating cuts](https://example.org/a_(b)). ![A photo](photo.jpg)

## What happens next

> "We will appeal," said one *campaigner*.

- The library closes at 5 pm.
- Budget: 5 * 3 = 15 and snake_case_name stay, \\*so do escaped stars\\*.

Raw HTML stays text: <script>alert("x")</script> and <b>bold</b> &amp; `code *kept*`.
"""


def run(env, *args, timeout=120):
    return subprocess.run([sys.executable, "-m", "newslit", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=REPO_DIR, timeout=timeout)


@pytest.fixture
def env(run_env, datasets_copy):
    return run_env(NEWSLIT_DATASETS=str(datasets_copy))


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "council.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def assert_one_line_error(proc, *words):
    lines = proc.stderr.splitlines()
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and len(lines) == 1 and lines[0].startswith("newslit: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


# -- the command line ---------------------------------------------------------------------------


def test_cli_imports_text_file(env, datasets_copy, text_file):
    proc = run(env, "import-article", text_file, *META, "--author", "Sam Lee", "--url", "https://example.org/c")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert f"Imported '{ARTICLE_ID}'" in proc.stdout and "DRAFT key" in proc.stdout and "ARTICLE = " in proc.stdout

    article_file = datasets_copy / "articles" / f"{ARTICLE_ID}.json"
    article = load_article(article_file)  # validates the schema and the id
    assert article.kind == "imported" and article.title == "Council cuts library hours"
    assert article.author == "Sam Lee" and article.outlet == "Riverside Post"
    assert (article.date, article.date_precision) == ("2024-03-01", "day")
    assert article.licence == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert article.meta["url"] == "https://example.org/c" and "council.txt" in article.meta["provenance"]
    assert "Sam Lee" in article.attribution and "CC BY 4.0" in article.attribution
    assert article.paragraphs == (
        "The council voted 7-2 on Monday to cut evening hours at the central library. Critics slammed the devastating "
        "cuts, and the mayor admitted the timing was poor.",
        "Opponents say everyone will suffer. The \u201cconsultation\u201d lasted two weeks.",
        "Staff slammed the plan again on Tuesday.",
    )
    assert not (REPO / "datasets" / "articles" / f"{ARTICLE_ID}.json").exists(), "never written to the real datasets/"

    data = read_json(datasets_copy / "keys" / ARTICLE_ID / "loaded_language.json", "key")
    assert data["draft"] is True and "review" in data["notes"].lower()
    assert data["article"] == ARTICLE_ID and data["exercise"] == "loaded_language" and data["defensible"] == []
    key = key_from_dict(data, article)  # a valid key that loads in a lesson
    spans = find_loaded(article.text)
    assert [(i.start, i.end) for i in key.items] == [(s.start, s.end) for s in spans]
    for raw, span in zip(data["items"], spans):
        assert set(raw) == {"id", "text", "occurrence", "category", "why", "neutral", "hint", "points"}
        assert raw["text"] == span.text and raw["category"] == span.category and raw["why"] == span.reason
        assert raw["points"] == 1
        assert raw["hint"].startswith(f"Paragraph {article.paragraph_of(span.start)}: ")
    by_id = {raw["id"]: raw for raw in data["items"]}
    assert by_id["slammed"]["occurrence"] == 1 and by_id["slammed-2"]["occurrence"] == 2
    assert key.item("slammed-2").paragraph == 3
    assert by_id["admitted"]["neutral"] == "said"
    assert is_draft(ARTICLE_ID)


def test_cli_imports_markdown_file(env, datasets_copy, tmp_path):
    path = tmp_path / "council.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    proc = run(env, "import-article", path, *META, "--id", "council-md")
    assert proc.returncode == 0, proc.stderr
    article = load_article(datasets_copy / "articles" / "council-md.json")
    assert article.paragraphs == (
        "By Jane Doe | Riverside Post (https://example.org/post)",
        "The council voted 7-2 to cut evening hours, and critics slammed the devastating cuts "
        "(https://example.org/a_(b)). [Image: A photo]",
        "What happens next",
        "\"We will appeal,\" said one campaigner.",
        "The library closes at 5 pm.",
        "Budget: 5 * 3 = 15 and snake_case_name stay, *so do escaped stars*.",
        "Raw HTML stays text: <script>alert(\"x\")</script> and <b>bold</b> & code *kept*.",
    ), ("front matter, the title heading and emphasis go; links keep their address, images their alt text; "
        "HTML stays literal; entities are decoded")
    assert "Markdown syntax was removed" in article.meta["provenance"]
    key = load_key(article, "loaded_language")
    assert key.article.id == "council-md"


def test_import_article_function(datasets_copy, text_file):
    article = import_article(text_file, **META_KW)
    assert article == load_article(ARTICLE_ID)
    assert article.author == "Author not stated"
    assert article.meta["url"] is None
    key = load_key(ARTICLE_ID, "loaded_language")
    assert key.items and is_draft(ARTICLE_ID)


@pytest.mark.parametrize("date, precision", [("2016", "year"), ("2016-11", "month"), ("2016-11-29", "day")])
def test_date_precision(datasets_copy, text_file, date, precision):
    article = import_article(text_file, **{**META_KW, "date": date}, article_id=f"d-{precision}")
    assert (article.date, article.date_precision) == (date, precision)


def test_html_and_script_stay_literal_text(datasets_copy, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text('<p onclick="evil()">The <b>devastating</b> cuts</p>\n\n<script>alert("pwned")</script> &lt;b&gt;\n',
                    encoding="utf-8")
    article = import_article(path, **META_KW, article_id="html-text")
    assert article.paragraphs == ('<p onclick="evil()">The <b>devastating</b> cuts</p>',
                                  '<script>alert("pwned")</script> &lt;b&gt;')
    lesson = Lesson("01_loaded_language", article=article.id)
    shown = lesson.show_article().value
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "&amp;lt;b&amp;gt;" in shown
    assert lesson.highlighter().highlighter.text == article.text  # rendered with text nodes only
    key = load_key(article, "loaded_language")
    assert "devastating" in [i.text for i in key.items]


# -- bad input ----------------------------------------------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    cases = {
        "missing": (tmp_path / "nope.txt", "No such file"),
        "folder": (tmp_path / "a-folder", "is a folder"),
        "empty": (tmp_path / "empty.txt", "no text"),
        "whitespace": (tmp_path / "blank.md", "no text"),
        "binary": (tmp_path / "image.png", "binary"),
        "invalid utf-8": (tmp_path / "latin1.txt", "not valid UTF-8"),
        "utf-16": (tmp_path / "utf16.txt", "UTF-16"),
        "too big": (tmp_path / "huge.txt", "limit"),
        "markdown only": (tmp_path / "only-syntax.md", "no article text"),
    }
    cases["folder"][0].mkdir()
    cases["empty"][0].write_bytes(b"")
    cases["whitespace"][0].write_bytes(b" \n\t\r\n  \n")
    cases["binary"][0].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    cases["invalid utf-8"][0].write_bytes("Caf\u00e9 au lait.".encode("latin-1"))
    cases["utf-16"][0].write_bytes("Hello there.".encode("utf-16"))
    with open(cases["too big"][0], "wb") as f:  # sparse: no disk space used
        f.truncate(MAX_TEXT_BYTES + 1)
    cases["markdown only"][0].write_text("---\n\n***\n\n![only a picture](p.png)\n", encoding="utf-8")
    return cases


def test_bad_files_exit_2_with_one_line(env, datasets_copy, tmp_path):
    before = sorted(p.name for p in (datasets_copy / "articles").iterdir())
    procs = {name: (subprocess.Popen([sys.executable, "-m", "newslit", "import-article", str(path), *META],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO_DIR), path, word)
             for name, (path, word) in _bad_files(tmp_path).items()}
    failures = []
    for name, (proc, path, word) in procs.items():
        out, err = proc.communicate(timeout=120)
        lines = err.decode("utf-8").splitlines()
        ok = (proc.returncode == 2 and out == b"" and len(lines) == 1 and lines[0].startswith("newslit: ")
              and word in lines[0] and path.name in lines[0])
        if not ok:
            failures.append((name, proc.returncode, err.decode("utf-8")[-400:]))
    assert failures == []
    assert sorted(p.name for p in (datasets_copy / "articles").iterdir()) == before, "nothing written"


@pytest.mark.parametrize("args, words", [
    (["--date", "29/11/2016"], ["--date", "YYYY-MM-DD"]),
    (["--date", "2023-02-29"], ["not a real date"]),
    (["--id", "Bad ID!"], ["--id", "lower-case"]),
    (["--title", "   "], ["--title"]),
    (["--title", "\u0627\u0644\u0623\u062e\u0628\u0627\u0631"], ["--id"]),  # no ASCII to make an id from
    (["--licence", ""], ["--licence"]),
])
def test_bad_metadata_exit_2_with_one_line(env, text_file, args, words):
    meta = list(META)
    for flag, value in zip(args[::2], args[1::2]):
        if flag in meta:
            meta[meta.index(flag) + 1] = value
        else:
            meta += [flag, value]
    assert_one_line_error(run(env, "import-article", text_file, *meta), *words)


def test_missing_required_option_is_a_usage_error(env, text_file):
    proc = run(env, "import-article", text_file, "--title", "x")
    assert proc.returncode == 2 and "--outlet" in proc.stderr and "Traceback" not in proc.stderr


# -- overwriting --------------------------------------------------------------------------------


def test_refuses_to_overwrite_without_force(env, datasets_copy, text_file):
    assert run(env, "import-article", text_file, *META).returncode == 0
    article_file = datasets_copy / "articles" / f"{ARTICLE_ID}.json"
    key_file = datasets_copy / "keys" / ARTICLE_ID / "loaded_language.json"
    before = (article_file.read_bytes(), key_file.read_bytes())
    assert_one_line_error(run(env, "import-article", text_file, *META), "already exists", "--force", ARTICLE_ID)
    assert (article_file.read_bytes(), key_file.read_bytes()) == before

    text_file.write_text("A completely new text. Critics slammed it.\n", encoding="utf-8")
    proc = run(env, "import-article", text_file, *META, "--force")
    assert proc.returncode == 0, proc.stderr
    assert load_article(article_file).paragraphs == ("A completely new text. Critics slammed it.",)
    assert read_json(key_file, "key")["draft"] is True
    assert not list(key_file.parent.glob("*.replaced-*")), "a draft is simply replaced"


def test_force_keeps_a_confirmed_key_aside(datasets_copy, text_file):
    import_article(text_file, **META_KW)
    key_file = datasets_copy / "keys" / ARTICLE_ID / "loaded_language.json"
    confirmed = read_json(key_file, "key")
    del confirmed["draft"]
    key_file.write_text(json.dumps(confirmed), encoding="utf-8")
    import_article(text_file, **META_KW, force=True)
    kept = list(key_file.parent.glob("loaded_language.json.replaced-*"))
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == confirmed
    assert read_json(key_file, "key")["draft"] is True
    assert sorted(p.name for p in key_file.parent.glob("*.json")) == DRAFT_KEY_FILES, "the kept copy is not a key"


def test_never_replaces_the_kits_own_articles(env, datasets_copy, text_file):
    sample = (datasets_copy / "articles" / "aleppo-2016.json").read_bytes()
    assert_one_line_error(run(env, "import-article", text_file, *META, "--id", "aleppo-2016", "--force"),
                          "sample", "--id")
    assert (datasets_copy / "articles" / "aleppo-2016.json").read_bytes() == sample


# -- text to paragraphs ---------------------------------------------------------------------------


def test_text_paragraphs():
    assert text_paragraphs("One line\nwrapped here.\r\n\r\n  Two\tparas  \n\n\n") == ["One line wrapped here.", "Two paras"]
    assert text_paragraphs("Para one.\nPara two.\n") == ["Para one.", "Para two."], "no blank line: one per line"
    assert text_paragraphs("\ufeffBOM\x0bstart.") == ["BOMstart."]
    assert text_paragraphs("Stars *stay* in plain text, # and hashes.") == ["Stars *stay* in plain text, # and hashes."]


def test_markdown_inline():
    assert markdown_inline("[the *report*](https://x.org/a_(b) \"t\") said") == "the report (https://x.org/a_(b)) said"
    assert markdown_inline("**bold**, __bold__, *em*, _em_, ~~old~~, ***both***") == "bold, bold, em, em, old, both"
    assert markdown_inline("snake_case_name, 2 * 3 * 4, file_name_here") == "snake_case_name, 2 * 3 * 4, file_name_here"
    assert markdown_inline(r"\*not em\*, \_x\_, \[not a link\](y)") == "*not em*, _x_, [not a link](y)"
    assert markdown_inline("`a *b* [c](d)` e") == "a *b* [c](d) e"
    assert markdown_inline("<https://example.org/x> and <a href='y'>z</a>") == "https://example.org/x and <a href='y'>z</a>"
    assert markdown_inline("![alt](p.png) Text [ref][1]") == "[Image: alt] Text [ref][1]", "an undefined reference is text"


def test_markdown_blocks():
    md = "Title\n=====\n\nText *one*\ncontinues.\n\n1. first\n2) second\n\n```\n<b>code</b>\n```\n\n[1]: https://x\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert markdown_paragraphs(md) == ["Title", "Text one continues.", "first", "second", "<b>code</b>", "a | b", "1 | 2"]


def test_markdown_html_stays_literal_text():
    md = ('Tags <a href="x_y_z" title="*t*">stay</a>, <img src=x onerror="alert(1)"> too.\n\n'
          '<div class="box">\n*not read* &amp; <p onclick="e()">x</p>\n</div>\n\n<!-- a comment -->\n\n'
          '<script>\nalert(1)\n</script>\n')
    assert markdown_paragraphs(md) == [
        'Tags <a href="x_y_z" title="*t*">stay</a>, <img src=x onerror="alert(1)"> too.',  # attributes untouched
        '<div class="box"> *not read* &amp; <p onclick="e()">x</p> </div>',  # an HTML block is kept as written
        "<!-- a comment -->",
        "<script> alert(1) </script>",
    ]


def test_markdown_entities_are_decoded():
    md = "Tom &amp; Jerry&#8217;s&nbsp;show, &lt;b&gt; &copy; &#x41; &bogus; AT&T \\& \\<b\\>\n"
    assert markdown_paragraphs(md) == ["Tom & Jerry\u2019s\u00a0show, <b> \u00a9 A &bogus; AT&T & <b>"]
    assert markdown_inline("&#0;x&#x200b;y&#7;") == "\ufffdxy\ufffd", "no control or zero-width characters come out"


def test_markdown_tables_are_one_paragraph_per_row():
    md = ("| Name | Votes | Note |\n|:-----|------:|:----:|\n| *Lee* | 7 | [x](http://a.org) |\n"
          "| Ray \\| Co | | `a` |\n|  |  |  |\n\nAfter.\n")
    assert markdown_paragraphs(md) == ["Name | Votes | Note", "Lee | 7 | x (http://a.org)", "Ray | Co | | a", "After."], \
        "the rule row and empty rows go; an empty cell stays a place between bars"


def test_markdown_footnotes_are_kept_as_final_paragraphs():
    md = ("Claim one[^cdc] and two[^2], again[^cdc]; inline^[Said *twice*.] and undefined[^nope].\n\n"
          "[^2]: Second source.\n[^cdc]: The *CDC* report, [link](https://cdc.gov/r).\n\n    Its second paragraph.\n\n"
          "[^spare]: Never cited, still kept.\n\nLast body paragraph.\n")
    assert markdown_paragraphs(md) == [
        "Claim one[1] and two[2], again[1]; inline[3] and undefined[^nope].",  # numbered by first reference
        "Last body paragraph.",
        "[1] The CDC report, link (https://cdc.gov/r).",
        "Its second paragraph.",
        "[2] Second source.",
        "[3] Said twice.",
        "[4] Never cited, still kept.",
    ]
    assert markdown_paragraphs("Only a note.[^a]\n\n[^a]:\n") == ["Only a note.[1]"], "an empty definition adds nothing"


def test_markdown_links_keep_their_address():
    md = ("[inline](https://a.org/x \"T\"), [ref][r], [r], <https://b.org>, <me@c.org>, [https://d.org](https://d.org/), "
          "[top](#top), [bad](javascript:alert(1)), [rel](/news/2), [caf\u00e9](https://e.org/caf%C3%A9)\n\n[r]: https://f.org/ref\n")
    assert markdown_paragraphs(md) == [
        "inline (https://a.org/x), ref (https://f.org/ref), r (https://f.org/ref), https://b.org, me@c.org, https://d.org, "
        "top, [bad](javascript:alert(1)), rel (/news/2), caf\u00e9 (https://e.org/caf\u00e9)"
    ], "an address that repeats the text or points inside the page is not repeated; a javascript: link is plain text"


def test_markdown_emphasis_marks_go():
    md = "***both*** **bold _nested_ em** ~~gone~~ snake_case_var a * b *unclosed and_ this\n"
    assert markdown_paragraphs(md) == ["both bold nested em gone snake_case_var a * b *unclosed and_ this"]


def test_markdown_lists_and_quotes_become_paragraphs():
    md = ("- one\n- two\n  - two.a\n    1. deep *one*\n    2. deep two\n\n       continued para\n- three\n\n1) x\n2) y\n\n"
          "# H1 #\n\nSetext\n---\n\n> quote *one*\n> > nested\n\n***\n\nEnd.\n")
    assert markdown_paragraphs(md) == ["one", "two", "two.a", "deep one", "deep two", "continued para", "three", "x", "y",
                                       "H1", "Setext", "quote one", "nested", "End."]


def test_markdown_deep_nesting_keeps_the_text():
    # markdown-it stops parsing past its nesting limit and drops the rest; the kit keeps it as text.
    assert markdown_paragraphs(">" * 10_000 + " tail *text*") == ["tail text"]
    assert markdown_paragraphs("- " * 10_000 + "tail text") == ["tail text"]
    lines = "".join("  " * depth + f"- item {depth}\n" for depth in range(40))
    assert markdown_paragraphs(lines)[:3] == ["item 0", "item 1", "item 2"]
    assert all(f"item {depth}" in " ".join(markdown_paragraphs(lines)) for depth in range(40))


def test_markdown_code_stays_literal():
    md = ("Use `a <b> *c*` here.\n\n```python\nx = \"<b>*y*</b>\"\n\nprint(x)\n```\n\n    indented <code>\n    more\n\n"
          "~~~\n[not](a link)\n~~~\n")
    assert markdown_paragraphs(md) == ["Use a <b> *c* here.", 'x = "<b>*y*</b>"', "print(x)", "indented <code> more",
                                       "[not](a link)"]


def test_markdown_images_keep_their_alt_text():
    md = "![A chart of *votes*](c.png) and ![](empty.png) text.\n\n[![badge alt](b.svg)](https://h.org)\n"
    assert markdown_paragraphs(md) == ["[Image: A chart of votes] and text.", "[Image: badge alt] (https://h.org)"]
    assert markdown_paragraphs("![only](a.png)\n\n---\n\n![](b.png)\n") == [], "image descriptions alone are no article"
    assert markdown_paragraphs("---\ntitle: x\n---\n\n[r]: https://x\n\n***\n") == []


def test_markdown_file_with_only_images_is_refused(datasets_copy, tmp_path):
    path = tmp_path / "pictures.md"
    path.write_text("# \n\n![A photo](p.jpg)\n\n![Another](q.jpg)\n", encoding="utf-8")
    with pytest.raises(NewslitError, match="pictures.md has no article text once Markdown is removed"):
        import_article(path, **META_KW)


def _best_of(fn, text, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - began)
    return best


@pytest.mark.parametrize("unit, suffix", [("[", ""), ("*", " tail"), ("_", " tail"), ("](", ""), (">", " tail"),
                                          ("*a ", ""), ("_a ", ""), ("[a](", ""), ("*a _b ", "")])
def test_markdown_time_grows_linearly(unit, suffix):
    # Loose on purpose (timings on a shared machine wobble): 4x the input may take 8x the time plus 0.3 s.
    # The regular expressions this parser replaced were quadratic: 8 s for "[" x 30,000 and 37-47 s for 60,000,
    # 20 s for "*a " x 20,000.
    # tools/bench_markdown.py prints the figures.
    n = 4_000 // len(unit)
    small = _best_of(markdown_paragraphs, unit * n + suffix)
    large = _best_of(markdown_paragraphs, unit * (4 * n) + suffix)
    assert large < 8 * small + 0.3, (unit, small, large)


def test_markdown_brackets_are_fast():
    assert _best_of(markdown_paragraphs, "[" * 60_000, repeat=1) < 5, "was 32-47 s before the parser"


def test_ids_and_licences():
    assert slugify("Pro-Assad Forces Begin Reclaiming Major Parts of Aleppo!") == "pro-assad-forces-begin-reclaiming-major-parts-of"
    assert slugify("Caf\u00e9 r\u00e9sum\u00e9 na\u00efve") == "cafe-resume-naive"
    assert len(slugify("word " * 40)) <= 48 and not slugify("word " * 40).endswith("-")
    assert licence_url("CC BY-SA 4.0") == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert licence_url("cc-by-nc-nd-3.0") == "https://creativecommons.org/licenses/by-nc-nd/3.0/"
    assert licence_url("CC0") == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert licence_url("All rights reserved; used with permission") is None


def test_occurrences_are_counted_as_the_key_loader_counts(datasets_copy, tmp_path):
    # Case-sensitive, non-overlapping, whitespace-tolerant: exactly like newslit.keys.answer_key.locate.
    text = "Slammed early. They slammed it; they\u00a0slammed it. Devastating, devastating news."
    assert occurrence_of(text, "slammed", text.index("slammed")) == 1
    assert occurrence_of(text, "slammed", text.rindex("slammed")) == 2
    assert occurrence_of(text, "Slammed", 0) == 1
    assert occurrence_of(text, "slammed", 3) is None
    path = tmp_path / "rep.txt"
    path.write_text(text, encoding="utf-8")
    article = import_article(path, **META_KW, article_id="repeats")
    data = draft_key(article)
    for raw in data["items"]:
        start, end = locate(article.text, raw["text"], raw["occurrence"])
        assert article.text[start:end] == raw["text"]
    assert [(s.start, s.end) for s in find_loaded(article.text)] == \
        [locate(article.text, r["text"], r["occurrence"]) for r in data["items"]]
    assert len({r["id"] for r in data["items"]}) == len(data["items"])


def test_import_from_a_notebook_shows_errors_as_one_line(datasets_copy, tmp_path):
    with pytest.raises(NewslitError, match="No such file"):
        import_article(tmp_path / "missing.md", **META_KW)


# -- lessons and the instructor notebook on an imported article -------------------------------------


def _execute(nb, cwd: Path):
    NotebookClient(nb, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    return nb


def test_lesson_1_runs_on_an_imported_article(datasets_copy, tmp_path, answers_home):
    from newslit.instructor.review import KeyReview

    source = tmp_path / "article.md"
    shutil.copy(REPO / "instructor" / "example-article.md", source)
    article = import_article(source, title="Council Axes Late Opening at Riverside Library", outlet="Riverside Post",
                             date="2024-03-05", licence="CC BY 4.0", article_id="byo-article")
    review = KeyReview(article.id)
    for row in review.rows:
        if not row.neutral.value:
            row.neutral.value = "a neutral word"
    review.row("slammed").decision.value = "drop"  # "slammed the door": a metaphor, not a verb of saying
    assert review.save() is not None, review.status.value
    assert not is_draft(article.id)

    lesson_dir = tmp_path / "lessons"
    lesson_dir.mkdir()
    nb = nbformat.read(REPO / "lessons" / "01_loaded_language.ipynb", as_version=4)
    setup = next(c for c in nb.cells if 'ARTICLE = "aleppo-2016"' in c.source)
    setup.source = setup.source.replace('ARTICLE = "aleppo-2016"', 'ARTICLE = "byo-article"')  # the one setting
    handin_cell = next(i for i, c in enumerate(nb.cells) if "lesson.hand_in()" in c.source)
    nb.cells.insert(handin_cell, nbformat.v4.new_code_cell(
        "ex = lesson.highlighter()\n"
        "ex.highlighter.mark_spans([(i.start, i.end) for i in ex.key.items])\n"
        "ex.check(stage='reveal')\n"
        "lesson.written('reflection', '').box.value = 'The verbs of saying steered me.'"))
    nbformat.write(nb, lesson_dir / "01_loaded_language.ipynb")
    nb = _execute(nbformat.read(lesson_dir / "01_loaded_language.ipynb", as_version=4), lesson_dir)

    handin = read_handins(nb)[-1]
    assert handin["article"] == "byo-article" and handin["lesson"] == "01_loaded_language"
    key = load_key("byo-article", "loaded_language")
    assert handin["key_versions"]["loaded_language"] == key.version
    spans = [(s["start"], s["end"]) for s in handin["answers"]["loaded_language"]["spans"]]
    score = score_highlights(key, spans)
    assert score.points == score.max_points > 0 and not score.extras
    assert "slammed" not in [i.id for i in key.items]
    text = json.dumps([o for c in nb.cells for o in c.get("outputs", [])])
    assert "Riverside" in text and "Pro-Assad" not in text, "the lesson showed the imported article, not the sample"


INSTRUCTOR_NB = REPO / "instructor" / "import_article.ipynb"


def test_instructor_notebook_is_committed_clean():
    nb = json.loads(INSTRUCTOR_NB.read_text(encoding="utf-8"))
    nbformat.validate(nbformat.from_dict(nb))
    ids = [c.get("id") for c in nb["cells"]]
    assert all(ids) and len(ids) == len(set(ids)), "every cell needs a stable, unique id"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"cell {cell['id']} has outputs"
    assert not (REPO / "lessons" / "instructor").exists(), "instructor notebooks stay out of the learners' folder"


def test_instructor_notebook_runs(datasets_copy, tmp_path):
    folder = tmp_path / "instructor"
    shutil.copytree(REPO / "instructor", folder)
    nb = _execute(nbformat.read(folder / "import_article.ipynb", as_version=4), folder)
    assert (datasets_copy / "articles" / "example-riverside-library.json").exists()
    assert is_draft("example-riverside-library")
    outputs = json.dumps([o for c in nb.cells for o in c.get("outputs", [])])
    assert "machine draft: True" in outputs
    assert re.search(r"application/vnd\.jupyter\.widget-view\+json", outputs), "the review widget is shown"


# -- lessons 2 and 3 on an imported article -----------------------------------------------------------


def test_import_writes_draft_keys_for_lessons_2_and_3(datasets_copy, text_file):
    from newslit.text.claims import find_claims
    from newslit.instructor.import_article import CLAIM_LABELS, TEMPLATE_EXERCISES

    article = import_article(text_file, **META_KW)
    folder = datasets_copy / "keys" / ARTICLE_ID
    assert sorted(p.name for p in folder.glob("*.json")) == DRAFT_KEY_FILES
    for exercise in ("claims", "context_checklist") + TEMPLATE_EXERCISES:
        data = read_json(folder / f"{exercise}.json", "key")
        assert data["draft"] is True and "DRAFT" in data["notes"] and "edits only the loaded-language key" in data["notes"], exercise
        assert data["article"] == ARTICLE_ID and data["exercise"] == exercise
        key = load_key(ARTICLE_ID, exercise)  # every new key loads and resolves
        assert key.items, exercise
        assert is_draft(ARTICLE_ID, exercise)

    claims = load_key(ARTICLE_ID, "claims")
    assert claims.kind == "labels" and set(claims.labels) == set(CLAIM_LABELS)
    found = [c for c in find_claims(article.text) if c.text.strip()]
    assert [i.data["label"] for i in claims.items] == [c.support for c in found]
    assert [(i.start, i.end) for i in claims.items] == [(c.start, c.end) for c in found]
    for item in claims.items:
        assert item.why and item.data["support_needed"] and item.data["check"] and item.hint.startswith("Paragraph ")

    checklist = load_key(ARTICLE_ID, "context_checklist")
    assert checklist.kind == "checklist"
    expected_true = [i for i in checklist.items if i.data["expected"] is True]
    assert expected_true and all(i.data["question"] and i.start is not None for i in expected_true)
    assert {i.id for i in expected_true} >= {"five-ws-where", "five-ws-why", "five-ws-how"}  # never answered in TEXT
    for item in checklist.items:
        if item.data["expected"] is False:  # a distractor only where the checks found the article does answer
            assert item.data["question"].startswith("It never says ")

    for exercise in TEMPLATE_EXERCISES:
        key = load_key(ARTICLE_ID, exercise)
        template = read_json(datasets_copy / "templates" / f"{exercise}.json", "template")
        assert key.kind == "rubric" and [i.id for i in key.items] == [i["id"] for i in template["items"]]
        assert template["article"] == "<article-id>", "the template itself is not changed"
    assert not (datasets_copy / "context" / f"{ARTICLE_ID}.json").exists(), "no pack is invented"
    assert not (REPO / "datasets" / "keys" / ARTICLE_ID).exists()


def test_force_replaces_draft_keys_and_keeps_confirmed_ones_aside(datasets_copy, text_file):
    import_article(text_file, **META_KW)
    folder = datasets_copy / "keys" / ARTICLE_ID
    confirmed = read_json(folder / "claims.json", "key")
    del confirmed["draft"]
    (folder / "claims.json").write_text(json.dumps(confirmed), encoding="utf-8")
    import_article(text_file, **META_KW, force=True)
    kept = list(folder.glob("claims.json.replaced-*"))
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == confirmed
    assert not list(folder.glob("evidence_plan.json.replaced-*")), "a draft is simply replaced"
    assert sorted(p.name for p in folder.glob("*.json")) == DRAFT_KEY_FILES


LESSON_ANSWERS = {
    "02_unsupported_claims": (
        "sorter = lesson.claim_sorter()\n"
        "for item in sorter.key.items:\n"
        "    sorter.set_label(item.id, item.data['label'])\n"
        "sorter.check(stage='reveal')\n"
        "plan = lesson.evidence_plan()\n"
        "plan.box.value = 'I would trace the claim to the original report and search other news outlets.'\n"
        "plan.check()\n"
        "lesson.attribution_rewrite().box.value = 'The council said, in its published minutes, that it voted 7-2.'\n"
    ),
    "03_missing_context": (
        "cl = lesson.context_checklist()\n"
        "cl.view.state = {i.id: {'checked': bool(i.data['expected']), 'place': -1} for i in cl.key.items}\n"
        "cl.check(stage='reveal')\n"
        "cmp = lesson.compare_with_pack()\n"
        "cmp.answer.box.value = 'Students are talked about but never heard.'\n"
        "print(cmp.pack, cmp.children[0].value)\n"
        "for exercise in ('lateral_plan', 'context_written'):\n"
        "    r = lesson.rubric_answer(exercise)\n"
        "    r.box.value = 'I would check who runs the outlet and search other news for the original report.'\n"
        "    r.check()\n"
    ),
}


@pytest.mark.parametrize("lesson_id", sorted(LESSON_ANSWERS))
def test_lessons_2_and_3_run_on_an_imported_article(lesson_id, datasets_copy, tmp_path):
    source = tmp_path / "article.md"
    shutil.copy(REPO / "instructor" / "example-article.md", source)
    import_article(source, title="Council Axes Late Opening at Riverside Library", outlet="Riverside Post",
                   date="2024-03-05", licence="CC BY 4.0", article_id="byo-article")

    lesson_dir = tmp_path / "lessons"
    lesson_dir.mkdir()
    nb = nbformat.read(REPO / "lessons" / f"{lesson_id}.ipynb", as_version=4)
    setup = next(c for c in nb.cells if 'ARTICLE = "aleppo-2016"' in c.source)
    setup.source = setup.source.replace('ARTICLE = "aleppo-2016"', 'ARTICLE = "byo-article"')  # the one setting
    handin_cell = next(i for i, c in enumerate(nb.cells) if "lesson.hand_in()" in c.source)
    nb.cells.insert(handin_cell, nbformat.v4.new_code_cell(LESSON_ANSWERS[lesson_id]))
    nbformat.write(nb, lesson_dir / f"{lesson_id}.ipynb")
    nb = _execute(nbformat.read(lesson_dir / f"{lesson_id}.ipynb", as_version=4), lesson_dir)

    handin = read_handins(nb)[-1]
    assert handin["article"] == "byo-article" and handin["lesson"] == lesson_id
    answers = handin["answers"]
    text = json.dumps([o for c in nb.cells for o in c.get("outputs", [])])
    assert "Riverside" in text and "Pro-Assad" not in text, "the lesson showed the imported article, not the sample"
    if lesson_id == "02_unsupported_claims":
        key = load_key("byo-article", "claims")
        assert answers["claims"]["labels"] == {i.id: i.data["label"] for i in key.items}
        assert "original report" in answers["evidence_plan"]["text"]
        assert answers["rewrite_attribution"]["text"]
        assert handin["key_versions"]["claims"] == key.version and "evidence_plan" in handin["key_versions"]
    else:
        key = load_key("byo-article", "context_checklist")
        assert {k for k, v in answers["context_checklist"]["checked"].items() if v["checked"]} == \
            {i.id for i in key.items if i.data["expected"]}
        assert "Students" in answers["compare"]["text"]
        assert answers["lateral_plan"]["text"] and answers["context_written"]["text"]
        assert "no background notes for this article yet" in text, "the compare step says the pack is missing"
        assert {"context_checklist", "lateral_plan", "context_written"} <= set(handin["key_versions"])
