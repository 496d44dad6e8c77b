"""Bring your own article: a text or Markdown file becomes a kit article with a draft key.

>>> from newslit.instructor.import_article import import_article                      # doctest: +SKIP
>>> article = import_article("council.md", title="Council cuts library hours",
...                          outlet="Riverside Post", date="2024-03-01", licence="CC BY 4.0")

or, from a terminal::

    python -m newslit import-article council.md --title "Council cuts library hours" \\
        --outlet "Riverside Post" --date 2024-03-01 --licence "CC BY 4.0"

Either way the kit writes, into the **course data** (``$NEWSLIT_COURSE_DATA``,
by default ``~/.newslit/course-data``; never into the kit's own data, which is
often read-only; see :mod:`newslit.paths`)

* ``articles/<id>.json``: the article (``kind: "imported"``), and
* ``keys/<id>/loaded_language.json``: a **draft** answer key made of
  the loaded-language finder's flags (``"draft": true``), for the instructor
  to confirm or edit in the review widget (``newslit.instructor.review.KeyReview``,
  or ``instructor/import_article.ipynb``) before class, and
* draft keys for lessons 2 and 3, also marked ``"draft": true`` with notes
  saying what to review (the review widget does not edit them; edit the JSON):
  ``claims.json`` (the claim finder's labels), ``context_checklist.json`` (the
  context checks' gaps), and ``evidence_plan.json``, ``lateral_plan.json`` and
  ``context_written.json`` copied from the generic rubrics in
  ``datasets/templates/``. No context pack is written (a pack needs real,
  sourced notes); lesson 3 says so where the pack would be.

The article and all its keys appear together or not at all: everything is
written into a hidden staging folder in the course data (``.import-<id>-*``),
then moved into place, the key folder first and the article last (the article
is what makes an import visible). A failure midway (a full disk, a read-only
folder) removes the staging folder and puts back what was there, so nothing
half-written blocks a retry. An id the kit's own data already has is always
refused, with or without ``--force``.

The file is read with :func:`newslit.text.inputs.read_text_file` (so a missing,
empty, binary, non-UTF-8 or oversized file gets the same clear message as the
``analyze`` command). Markdown syntax is removed from ``.md`` files by a real
Markdown parser (:mod:`newslit.instructor.markdown_text`: heading markers and
emphasis go, links keep their text and address, images their alt text, tables
become one paragraph per row, footnotes are kept as final paragraphs); HTML is never
interpreted: a ``<script>`` tag in the file stays in the article as the literal
characters ``<script>``, and every widget shows it as text.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
from bisect import bisect_left
import unicodedata
from datetime import date as _date
from pathlib import Path

from newslit.text.articles import Article, article_path
from newslit.errors import NewslitError
from newslit.text.inputs import read_text_file
from newslit.instructor.markdown_text import markdown_inline, markdown_paragraphs  # noqa: F401 (re-exported)
from newslit.files import read_json, write_json_atomic
from newslit.keys.answer_key import key_from_dict, key_path
from newslit.text.lexicon import load_lexicon
from newslit.text.loaded import find_loaded
from newslit.text.spans import find_phrase, phrase_positions, sentences
from newslit.paths import course_data_dir, datasets_dir, kit_data_file, kit_dir

EXERCISE = "loaded_language"
MARKDOWN_SUFFIXES = (".md", ".markdown")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MAX_SLUG = 48

DRAFT_NOTES = (
    "DRAFT made by the kit's loaded-language finder, not by a person. The finder is precise but misses most "
    "loaded language it has not seen (metaphors, idioms, framing that depends on context), and it cannot tell "
    "a loaded use from a neutral one. Before class: keep, drop or mark as defensible every item, write a neutral "
    "alternative for each kept item, add what the finder missed, then save (instructor/import_article.ipynb, "
    "or newslit.instructor.review.KeyReview). Saving removes \"draft\"."
)

# Known licences: name as people write it -> canonical URL (for the attribution line).
_CC = re.compile(r"^\s*CC[\s-]*(BY(?:[\s-]+(?:NC|SA|ND))*)[\s-]*(\d\.\d)\s*$", re.IGNORECASE)
_CC0 = re.compile(r"^\s*CC0(?:[\s-]*1\.0)?\s*$", re.IGNORECASE)


# -- text -> paragraphs ---------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _clean_line(line: str) -> str:
    return _CONTROL.sub("", line.replace("\t", " "))


def _join(lines: list[str]) -> str:
    """One paragraph from its lines: hard line breaks become spaces, runs of spaces one space."""
    return re.sub(r"[ \u00a0]{2,}", " ", " ".join(part.strip() for part in lines if part.strip())).strip()


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text file.

    Paragraphs are separated by blank lines, and the lines of one paragraph are
    joined with a space. A file with no blank line at all has one paragraph
    per line (text copied from a web page often looks like that).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_clean_line(line) for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    if _BLANK_LINE.search(text):
        blocks = [block.split("\n") for block in _BLANK_LINE.split(text)]
    else:
        blocks = [[line] for line in text.split("\n")]
    return [p for p in (_join(block) for block in blocks) if p]


# Markdown: parsed with markdown-it-py in newslit.instructor.markdown_text (what becomes of each construct is
# documented there and in docs/formats.md); re-exported here for callers.


def paragraphs_from_text(text: str, markdown: bool) -> list[str]:
    return markdown_paragraphs(text) if markdown else text_paragraphs(text)


# -- metadata ---------------------------------------------------------------------------------


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """``"Council Cuts Library Hours!"`` -> ``"council-cuts-library-hours"`` (ASCII, at most ``limit`` characters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        cut = slug[:limit + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut[1:] else slug[:limit]
    return slug.strip("-")


def _check_date(value: str) -> tuple[str, str]:
    m = _DATE.match(value or "")
    if not m:
        raise NewslitError(f"--date {value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2016-11-29).")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        _date(year, month or 1, day or 1)
    except ValueError:
        raise NewslitError(f"--date {value!r} is not a real date; write YYYY-MM-DD, YYYY-MM or YYYY.") from None
    return value, "day" if day else "month" if month else "year"


def licence_url(name: str) -> str | None:
    """The Creative Commons URL for names such as ``CC BY 4.0`` or ``cc-by-sa-3.0``; else ``None``."""
    m = _CC.match(name)
    if m:
        parts = [p.lower() for p in re.split(r"[\s-]+", m.group(1).strip())]
        return f"https://creativecommons.org/licenses/{'-'.join(parts)}/{m.group(2)}/"
    if _CC0.match(name):
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    return None


def _same_words(a: str, b: str) -> bool:
    return a.casefold().split() == b.casefold().split()


def _required(value, flag: str) -> str:
    value = (value or "").strip()
    if not value:
        raise NewslitError(f"{flag} is empty; give the article's {flag.lstrip('-')} as published.")
    return value


def build_article(
    text: str,
    *,
    title: str,
    outlet: str,
    date: str,
    licence: str,
    author: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
    markdown: bool = False,
    source_name: str = "",
    licence_link: str | None = None,
    attribution: str | None = None,
    language: str = "en",
) -> Article:
    """An :class:`Article` (``kind: "imported"``) from the file's text, validated like any kit article."""
    title, outlet, licence = _required(title, "--title"), _required(outlet, "--outlet"), _required(licence, "--licence")
    author = (author or "").strip() or "Author not stated"
    date, precision = _check_date((date or "").strip())
    if article_id is None:
        article_id = slugify(title)
        if not article_id:
            raise NewslitError(f"Cannot make an id from the title {title!r}; give one with --id (lower-case letters, digits, hyphens).")
    elif not _ID.match(article_id):
        raise NewslitError(f"--id {article_id!r} is not a valid id; use lower-case letters, digits and hyphens "
                           "(at most 64, starting with a letter or digit), e.g. council-cuts-2024.")
    paragraphs = paragraphs_from_text(text, markdown)
    if paragraphs and _same_words(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the title repeated as the first line is not body text
    if not paragraphs:
        raise NewslitError(f"{source_name or 'The file'} has no article text once Markdown is removed; give a file with the article's text.")
    url = (url or "").strip() or None
    link = licence_link or licence_url(licence)
    attribution = (attribution or "").strip() or (
        f"\u201c{title}\u201d by {author}, {outlet}, {date}"
        + (f" ({url})" if url else "")
        + f". Licence: {licence}" + (f" ({link})" if link else "") + "."
    )
    data = {
        "format": "newslit-article/1",
        "id": article_id,
        "title": title,
        "outlet": outlet,
        "author": author,
        "date": date,
        "date_precision": precision,
        "language": language,
        "licence": {"name": licence, "url": link},
        "attribution": attribution,
        "kind": "imported",
        "url": url,
        "provenance": (f"Imported from {source_name} " if source_name else "Imported ")
        + f"with `python -m newslit import-article` on {time.strftime('%Y-%m-%d')}. "
        + ("Markdown syntax was removed; " if markdown else "")
        + "HTML in the file is kept as literal text.",
        "paragraphs": paragraphs,
    }
    return Article.from_dict(data, where=f"The imported article {article_id!r}")


# -- the draft key ----------------------------------------------------------------------------


def occurrence_of(text: str, phrase: str, start: int) -> int | None:
    """Which occurrence of ``phrase`` (as the key loader counts them) starts at ``start``; ``None`` if none does."""
    positions = phrase_positions(text, phrase)  # cached: one scan per distinct phrase
    n = bisect_left(positions, (start, -1))
    return n + 1 if n < len(positions) and positions[n][0] == start else None


def unique_id(text: str, taken: set[str], last: dict[str, int] | None = None) -> str:
    """A key-item id from the item's words (``"slammed"``, ``"slammed-2"``...), unique within ``taken``.

    ``last`` remembers the highest number used per word, so a word flagged
    thousands of times does not count up from 1 each time.
    """
    base = slugify(text, 40) or "item"
    last = {} if last is None else last
    n = last.get(base, 1)
    candidate = base if n == 1 else f"{base}-{n}"
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    last[base] = n
    taken.add(candidate)
    return candidate


def suggested_neutral(text: str, category: str) -> str:
    """A placeholder neutral alternative where one is mechanical; ``""`` where a person must write it."""
    if category == "verb_of_saying":
        return "said"
    if category == "scare_quotes":
        return text.strip("\"\u201c\u201d")
    if category == "intensifier":
        return "(leave the word out)"
    return ""


_HINT_KIND = {
    "intensifier": "an emotional intensifier",
    "label": "a label that judges people",
    "verb_of_saying": "a loaded verb of saying",
    "absolute": "an absolute or exaggerated claim",
    "scare_quotes": "scare quotes",
    "euphemism": "a euphemism",
    "framing": "a one-sided choice of words (framing)",
}


def default_hint(article: Article, start: int, category: str, categories: dict | None = None) -> str:
    """A draft item's hint: where to look and what kind of loaded language (``categories``: the lexicon's, if at hand)."""
    cat = (categories if categories is not None else load_lexicon().categories).get(category)
    kind = _HINT_KIND.get(category) or (f"this kind of loaded language: {cat.name}" if cat else "loaded language")
    return f"Paragraph {article.paragraph_of(start)}: look for {kind}."


def draft_key(article: Article) -> dict:
    """The finder's flags on ``article`` as a ``newslit-key/1`` dict marked ``"draft": true``."""
    text = article.text
    items, taken, last = [], set(), {}
    categories = load_lexicon().categories  # once, not once per flag
    for span in find_loaded(text):
        occurrence = occurrence_of(text, span.text, span.start)
        if occurrence is None or find_phrase(text, span.text, occurrence) != (span.start, span.end):
            continue  # cannot be written as text + occurrence (overlapping repeats); the reviewer can add it
        items.append({
            "id": unique_id(span.text, taken, last),
            "text": span.text,
            "occurrence": occurrence,
            "category": span.category,
            "why": span.reason,
            "neutral": suggested_neutral(span.text, span.category),
            "hint": default_hint(article, span.start, span.category, categories),
            "points": 1,
        })
    return {
        "format": "newslit-key/1",
        "article": article.id,
        "exercise": EXERCISE,
        "version": "1",
        "draft": True,
        "notes": DRAFT_NOTES,
        "items": items,
        "defensible": [],
    }


# -- draft keys for lessons 2 and 3 ------------------------------------------------------------

CLAIM_LABELS = {"sourced": "named source", "vague": "vague source", "unsourced": "no source", "opinion": "opinion"}
TEMPLATE_EXERCISES = ("evidence_plan", "lateral_plan", "context_written")
REVIEW_BY_HAND = (
    " The review widget (KeyReview) edits only the loaded-language key: review this file by editing its JSON by hand "
    "(keys/<id>/<exercise>.json in the course data folder, format in docs/formats.md), then remove \"draft\"."
)
CLAIMS_NOTES = (
    "DRAFT made by the kit's claim finder, not by a person: one item per claim it found, labelled with the support "
    "it detected (named source, vague source, no source). The finder misses claims, splits some sentences oddly and "
    "has no \"opinion\" label of its own (a claim it reads as the writer's opinion also accepts \"opinion\"). Before "
    "class: check every label, drop items that are not claims, add the claims it missed, and rewrite why, "
    "support_needed and check for this article." + REVIEW_BY_HAND
)
CHECKLIST_NOTES = (
    "DRAFT made by the kit's context checks, not by a person: each expected-true item is a gap the checks flagged, "
    "with the check's own question (a W of the 5 Ws the text never answers points to the opening sentence); expected-false items (distractors) are only made where the checks found the "
    "article does answer when or where. Before class: confirm each item is a real gap in this article, rewrite the "
    "questions as statements, drop weak ones, and add the gaps the checks cannot see (history, background, what the "
    "context pack says)." + REVIEW_BY_HAND
)
MAX_CHECKLIST_ITEMS = 10


def _item_text(text: str, phrase: str, start: int, end: int) -> tuple[str, int] | None:
    """``(text, occurrence)`` naming exactly ``text[start:end]`` the way keys do; ``None`` if it cannot be named."""
    start += len(phrase) - len(phrase.lstrip())
    phrase = phrase.strip()
    if not phrase:
        return None
    occurrence = occurrence_of(text, phrase, start)
    if occurrence is None or find_phrase(text, phrase, occurrence) != (start, start + len(phrase)):
        return None
    return phrase, occurrence


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return "\u201c" + (text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "\u2026") + "\u201d"


def draft_claims_key(article: Article) -> dict:
    """The claim finder's reading of ``article`` as a draft ``labels`` key for lesson 2 (``"draft": true``)."""
    from newslit.text.claims import find_claims

    text = article.text
    items, taken, last = [], set(), {}
    for claim in find_claims(text):
        named = _item_text(text, claim.text, claim.start, claim.end)
        if named is None or claim.support not in CLAIM_LABELS:
            continue
        phrase, occurrence = named
        paragraph = article.paragraph_of(claim.start)
        cue = f" ({_quote(claim.cue)})" if claim.cue else ""
        if claim.support == "sourced":
            why = (f"The claim is attributed to {claim.source or 'a named source'}{cue}: a named source a reader "
                   "could look up.")
            needed = "Nothing more to name: check that this source exists, said this, and is in a position to know."
            check = f"Look up {claim.source or 'the named source'} and, if there is one, the original statement or document."
        elif claim.support == "vague":
            why = (f"The claim is attributed{cue}, but to {claim.source or 'no one'}: nobody a reader could identify "
                   "or check.")
            needed = "A named person, organisation or document that said this and is in a position to know."
            check = "Search for other reports of the same claim and trace it to the first one that names its source."
        else:
            why = "The claim is stated with no attribution at all: the article does not say who says so or how it is known."
            needed = "A named source for the claim: a person, organisation, document or data a reader could check."
            check = "Search for the claim in other, independent reports and in official records or data."
        item = {
            "id": unique_id(phrase, taken, last),
            "text": phrase,
            "occurrence": occurrence,
            "label": claim.support,
            "why": why,
            "support_needed": needed,
            "check": check,
            "hint": f"Paragraph {paragraph}: who says so?",
            "points": 1,
        }
        if claim.kind == "opinion" and claim.support != "sourced":
            item["accept"] = ["opinion"]
        items.append(item)
    return {
        "format": "newslit-key/1",
        "article": article.id,
        "exercise": "claims",
        "version": "1",
        "kind": "labels",
        "draft": True,
        "labels": dict(CLAIM_LABELS),
        "prompt": "Sort each claim by its support: a named source, a vague source, no source at all, or the writer's opinion.",
        "notes": CLAIMS_NOTES,
        "items": items,
        "defensible": [],
    }


def draft_checklist_key(article: Article) -> dict:
    """The context checks' gaps on ``article`` as a draft ``checklist`` key for lesson 3 (``"draft": true``)."""
    from newslit.text.context import CHECKS, find_context

    text = article.text
    items, taken, last, seen = [], set(), {}, set()
    distractors = []
    lede = next((s for s in sentences(text) if s.text.strip()), None)
    for finding in find_context(text, article):
        if (finding.start is None and finding.check == "five_ws" and finding.status == "open" and lede is not None
                and len(items) < MAX_CHECKLIST_ITEMS):
            # A W the whole text never answers; a news story's opening sentence is where it is usually answered.
            named = _item_text(text, lede.text, lede.start, lede.end)
            what = finding.text.split(":", 1)[0]
            if named:
                items.append({
                    "id": unique_id(f"five-ws {what}", taken, last),
                    "check": "five_ws",
                    "question": finding.question,
                    "expected": True,
                    "text": named[0],
                    "occurrence": named[1],
                    "why": (f"The kit's 5 Ws check found no answer to \u201c{what}\u201d anywhere in the text; a news "
                            "story usually answers it in its opening. (Draft explanation: the instructor should check "
                            "and say why it matters here.)"),
                    "hint": f"{what}? Read the opening sentence, then the rest: does the article say?",
                    "points": 1,
                })
            continue
        if finding.start is None or (finding.check, finding.text.casefold()) in seen:
            continue  # other findings about the whole text have no sentence to point to
        named = _item_text(text, finding.text, finding.start, finding.end)
        if named is None:
            continue
        seen.add((finding.check, finding.text.casefold()))
        phrase, occurrence = named
        paragraph = article.paragraph_of(finding.start)
        if finding.status == "gap" and len(items) < MAX_CHECKLIST_ITEMS:
            items.append({
                "id": unique_id(f"{finding.check} {phrase}", taken, last),
                "check": finding.check,
                "question": finding.question,
                "expected": True,
                "text": phrase,
                "occurrence": occurrence,
                "why": (f"The kit's check \u201c{CHECKS.get(finding.check, finding.check)}\u201d flagged {_quote(phrase)} "
                        f"in paragraph {paragraph}. (Draft explanation: the instructor should say why this gap matters here.)"),
                "hint": f"Paragraph {paragraph}: look at {_quote(phrase)}.",
                "points": 1,
            })
        elif finding.check == "five_ws" and finding.status == "answered" and finding.question.startswith(("When?", "Where?")):
            what = "when" if finding.question.startswith("When?") else "where"
            distractors.append({
                "id": unique_id(f"says {what}", taken, last),
                "check": "five_ws",
                "question": f"It never says {what} the events happened.",
                "expected": False,
                "text": phrase,
                "occurrence": occurrence,
                "why": (f"It does: paragraph {paragraph} gives {_quote(phrase)}. Whether that is precise enough is "
                        "a fair question, but the article does say " + what + "."),
                "hint": f"Read paragraph {paragraph} again: does it say {what}?",
                "points": 1,
            })
    return {
        "format": "newslit-key/1",
        "article": article.id,
        "exercise": "context_checklist",
        "version": "1",
        "kind": "checklist",
        "draft": True,
        "prompt": ("Tick each line that is true of this article: context it leaves out, or a question it leaves "
                   "open. Leave a line unticked when the article does cover it. For each box you tick, choose the "
                   "sentence where the gap shows."),
        "notes": CHECKLIST_NOTES,
        "items": items + distractors[:1],
        "defensible": [],
    }


def templates_dir() -> Path:
    """``datasets/templates/`` (the configured datasets first, then the kit's own)."""
    configured = datasets_dir() / "templates"
    return configured if configured.is_dir() else kit_dir("datasets") / "templates"


def template_key(article: Article, exercise: str) -> dict:
    """The generic rubric in ``datasets/templates/<exercise>.json`` for ``article`` (``"draft": true``)."""
    data = read_json(templates_dir() / f"{exercise}.json", "Key template")
    if not isinstance(data, dict):
        raise NewslitError(f"The key template for {exercise!r} should hold one JSON object (see docs/formats.md).")
    data = dict(data, article=article.id, exercise=exercise, draft=True)
    return data


def draft_keys(article: Article) -> dict[str, dict]:
    """Every draft key an imported article gets: exercise -> key dict."""
    keys = {EXERCISE: draft_key(article), "claims": draft_claims_key(article),
            "context_checklist": draft_checklist_key(article)}
    for exercise in TEMPLATE_EXERCISES:
        keys[exercise] = template_key(article, exercise)
    return keys


def is_draft(article_id: str, exercise: str = EXERCISE) -> bool:
    """True when the key for ``article_id`` is still the machine's unreviewed draft."""
    path = key_path(article_id, exercise)
    if not path.exists():
        return False
    data = read_json(path, "Answer key")
    return isinstance(data, dict) and bool(data.get("draft"))


# -- writing ----------------------------------------------------------------------------------


def _shared_mode() -> int:
    """``0o666`` less this process's umask: what an ordinary new file gets.

    :func:`newslit.files.write_json_atomic` writes through a private temporary
    file (``0600``); course data must be readable by learners when the umask
    allows it (a shared course folder on a hub).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_course_json(path: Path, data: object) -> None:
    """Write ``data`` to ``path`` atomically, readable as the umask allows (for files in the course data)."""
    write_json_atomic(path, data)
    os.chmod(path, _shared_mode())


def _confirmed(path: Path) -> bool:
    """A key file a person has reviewed (no ``"draft"``), or one the kit cannot read (kept, to be safe)."""
    try:
        return not read_json(path, "Answer key").get("draft")
    except (NewslitError, AttributeError):
        return True


def _cannot_write(course: Path, exc: OSError) -> str:
    """One line for a failed import: what happened, that nothing was imported, what to do."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        todo = "Free some space (or set NEWSLIT_COURSE_DATA to a folder on another disk), then import again."
    elif exc.errno == errno.ENAMETOOLONG:
        todo = "Set NEWSLIT_COURSE_DATA to a folder with a shorter path, or give a shorter --id."
    else:
        todo = ("Set NEWSLIT_COURSE_DATA to a folder you can write to (on a hub: the course folder set up for "
                "instructors), then import again.")
    return f"Cannot write the imported article into the course data folder {course} ({reason}); nothing was imported. {todo}"


def _write_import(course: Path, article: Article, keys: dict[str, dict], stamp: str) -> None:
    """Write ``article`` and ``keys`` into ``course`` so that they appear together or not at all.

    Everything is written into a staging folder first; then the article's key
    folder is swapped in (what it held before is carried over: keys for other
    exercises, and every confirmed key this import replaces, kept as
    ``<exercise>.json.replaced-<stamp>``), and the article moved in last. On
    any failure the staging folder goes and the old key folder comes back.
    """
    key_dir = course / "keys" / article.id
    target = course / "articles" / f"{article.id}.json"
    for folder in (course / "articles", course / "keys"):
        folder.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".import-{article.id}-", dir=course))
    staged_keys, before = stage / "keys", stage / "keys-before"
    swapped = False
    try:
        staged_keys.mkdir()
        if key_dir.is_dir():  # --force, or a retry after an import that was killed before its article was moved in
            for old in key_dir.iterdir():
                if old.is_file() and not old.is_symlink() and not old.name.startswith("."):
                    shutil.copy2(old, staged_keys / old.name)
            for exercise in keys:
                staged = staged_keys / f"{exercise}.json"
                if staged.exists() and _confirmed(staged):
                    staged.rename(staged_keys / f"{exercise}.json.replaced-{stamp}")
        for exercise, key in keys.items():
            write_course_json(staged_keys / f"{exercise}.json", key)
        write_course_json(stage / "article.json", article.to_dict())
        # commit: nothing below writes data, it only renames within one folder
        if key_dir.exists():
            key_dir.rename(before)
        staged_keys.rename(key_dir)
        swapped = True
        os.replace(stage / "article.json", target)
    except BaseException:
        try:  # put back what was there
            if swapped:
                key_dir.rename(stage / "keys-failed")
            if before.exists():
                before.rename(key_dir)
        except OSError:
            pass
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def import_article(
    path: str | Path,
    *,
    title: str,
    outlet: str,
    date: str,
    licence: str,
    author: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
    force: bool = False,
    licence_link: str | None = None,
    attribution: str | None = None,
    language: str = "en",
) -> Article:
    """Turn a ``.txt`` or ``.md`` file into an article with draft keys, in the course data; return the article.

    Writes ``articles/<id>.json`` and ``keys/<id>/<exercise>.json`` for every
    draft key into :func:`newslit.paths.course_data_dir`, all together or not
    at all. Refuses to replace an existing article unless ``force=True``, and
    never replaces (or shadows) the kit's own articles. With ``force``, a
    confirmed key that would be replaced is kept beside it as
    ``<exercise>.json.replaced-<time>``.

    Raises :class:`NewslitError` with a one-line reason for anything a person can fix
    (including a course data folder that cannot be written: read-only, full).
    """
    from newslit.render.notebook import install_error_display

    install_error_display()  # in a notebook, a problem shows as one clear line, not a traceback
    path = Path(path)
    text = read_text_file(path)
    article = build_article(
        text, title=title, outlet=outlet, date=date, licence=licence, author=author, url=url,
        article_id=article_id, markdown=path.suffix.lower() in MARKDOWN_SUFFIXES, source_name=path.name,
        licence_link=licence_link, attribution=attribution, language=language,
    )
    relative = f"articles/{article.id}.json"
    kits = kit_data_file(relative)
    if kits is not None:
        raise NewslitError(f"{article.id!r} is the id of one of the kit's own articles ({kits}), which are never "
                           "replaced; choose another id with --id.")
    course = course_data_dir()
    target = course / relative
    try:
        exists = target.exists()
    except OSError as exc:
        raise NewslitError(_cannot_write(course, exc)) from None
    if exists:
        try:
            existing_kind = read_json(target, "Article file").get("kind")
        except (NewslitError, AttributeError):
            existing_kind = None
        if existing_kind in ("sample", "practice"):
            raise NewslitError(f"{target} is one of the kit's own {existing_kind} articles and is never replaced; "
                               "choose another id with --id.")
        if not force:
            raise NewslitError(f"An article with id {article.id!r} already exists ({target}); choose another id with --id, "
                               "or add --force to replace it (its answer key is replaced by a new draft).")
    keys = draft_keys(article)
    for exercise, key in keys.items():  # resolves every item: fail before writing
        key_from_dict(key, article, where=f"The draft {exercise} key for {article.id!r}")
    try:
        _write_import(course, article, keys, time.strftime("%Y%m%d-%H%M%S"))
    except OSError as exc:
        raise NewslitError(_cannot_write(course, exc)) from None
    return article


def run_cli(args) -> int:
    """``python -m newslit import-article``: import, then say what was written and what to do next."""
    article = import_article(
        args.path, title=args.title, outlet=args.outlet, date=args.date, licence=args.licence,
        author=args.author, url=args.url, article_id=args.id, force=args.force,
        licence_link=args.licence_url, attribution=args.attribution, language=args.language,
    )
    items = len(read_json(key_path(article.id, EXERCISE), "Answer key")["items"])
    words = len(article.text.split())
    print(f"Imported {article.id!r}: {len(article.paragraphs)} paragraphs, {words} words.")
    print(f"  article:   {article_path(article.id)}")
    print(f"  DRAFT key: {key_path(article.id, EXERCISE)} ({items} item(s) flagged by the machine)")
    print(f"  DRAFT keys for lessons 2 and 3 (edit the JSON by hand): {key_path(article.id, 'claims').parent}/"
          f"{{{', '.join(e for e in ('claims', 'context_checklist') + TEMPLATE_EXERCISES)}}}.json")
    print("Next: review the draft key before class (open instructor/import_article.ipynb, or in a notebook:")
    print(f"  from newslit.instructor.review import KeyReview; KeyReview({article.id!r})")
    print(f"then set ARTICLE = {article.id!r} at the top of a lesson.")
    return 0
