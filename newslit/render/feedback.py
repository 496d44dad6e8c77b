"""Explained feedback for learners, rendered from templates in ``templates/feedback/``.

This module prepares the data (plain text from the key, the article and the
learner's marks); the templates hold the markup and the wording, and autoescape
shows every string as text, never as live HTML.
"""

from __future__ import annotations

from newslit.keys.answer_key import AnswerKey
from newslit.keys.scoring import EXTRA_WORD_PENALTY, HighlightScore
from newslit.render.templates import render
from newslit.text.lexicon import load_lexicon


def category_name(category: str) -> str:
    """The readable name of a lexicon category (``"label or name-calling"``), or the id if it is unknown."""
    cat = load_lexicon().categories.get(category)
    return cat.name if cat else category


def bare(text: str) -> str:
    """Text without surrounding blanks and quotation marks: templates add their own quotes, once."""
    return text.strip().strip("\u201c\u201d\"")


def _paragraph(item) -> int | None:
    """Where a key item is: its paragraph number, or 0 for the headline (templates say "the headline")."""
    return 0 if getattr(item, "part", "body") == "title" else getattr(item, "paragraph", None)


def _item(item, **more) -> dict:
    return {"text": bare(item.text), "category": category_name(getattr(item, "category", "")),
            "why": item.why, "neutral": getattr(item, "neutral", ""), "paragraph": _paragraph(item),
            "hint": getattr(item, "hint", ""), **more}


def highlight_feedback(key: AnswerKey, score: HighlightScore, stage: str = "hints", hints: int = 0) -> str:
    """Feedback on a highlighting exercise (``feedback/highlight.html``).

    Missed items are shown in three steps, so a learner keeps looking before
    being told: ``stage="hints"`` with ``hints=0`` says how many are left in
    which paragraphs; each extra hint (``hints=n``) adds one pointed question
    ("Paragraph 7: which verb blames The Times?"); ``stage="reveal"`` shows
    every missed item with its explanation. An item in the headline is said to be
    there ("the headline") rather than in a paragraph. The score line says what the items
    found are worth and why the key's points differ from its number of items
    (items are worth 1 or 2 points); a phrase marked one word too long is named
    and said to cost nothing (see :mod:`newslit.keys.scoring`).
    """
    per_paragraph: dict[int, int] = {}
    for r in score.missed:
        where = _paragraph(r.item)
        per_paragraph[where] = per_paragraph.get(where, 0) + 1
    missed = [_item(r.item) for r in score.missed]
    worth: dict[float, int] = {}
    for r in score.items:
        worth[r.item.points] = worth.get(r.item.points, 0) + 1
    return render(
        "feedback/highlight.html",
        score=score,
        total=len(score.items),
        stage=stage,
        found=[_item(r.item, near=r.marked if r.status == "near" else "", points=r.points, max_points=r.item.points,
                     edge=bare(r.edge.text) if r.edge else "") for r in score.found],
        missed=missed,
        where=sorted(per_paragraph.items(), key=lambda pair: (pair[0] is None, pair[0] or 0)),
        hints=missed[:hints],
        defensible=[{"text": bare(item.text), "why": item.why} for item in score.defensible],
        extras=[bare(span.text) for span in score.extras],
        extra_words=round(score.penalty / EXTRA_WORD_PENALTY),
        per_word=EXTRA_WORD_PENALTY,
        worth=sorted(worth.items()),
        earned=sum(r.points for r in score.items),
        edges=[{"edge": bare(r.edge.text), "text": bare(r.item.text)} for r in score.edges],
    )


def hint_text(item) -> str:
    """The pointed question for a missed key item (its own hint, or where to look)."""
    if getattr(item, "hint", ""):
        return item.hint
    if getattr(item, "part", "body") == "title":
        return "Look again at the headline."
    return f"Look again at paragraph {getattr(item, 'paragraph', '?')}."


def error_box(message: str) -> str:
    """A clear message in place of a traceback (``feedback/error_box.html``)."""
    return render("feedback/error_box.html", message=message)


def saved_line(message: str) -> str:
    """The line under an answer saying the last change was saved (``feedback/saved.html``)."""
    return render("feedback/saved.html", message=message)
