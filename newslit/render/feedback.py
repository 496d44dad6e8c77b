"""Explained feedback for learners, as escaped HTML.

Every string that comes from an article, a key or a learner passes through
``html.escape``; nothing here renders text as live HTML.
"""

from __future__ import annotations

from html import escape

from newslit.keys.answer_key import AnswerKey
from newslit.text.lexicon import load_lexicon
from newslit.keys.scoring import HighlightScore


def _category_name(category: str) -> str:
    cat = load_lexicon().categories.get(category)
    return cat.name if cat else category


def quoted(text: str) -> str:
    """Text in curly quotes, escaped, without doubling quotes it already has."""
    return f"\u201c{escape(text.strip().strip(chr(0x201c) + chr(0x201d) + chr(34)))}\u201d"


def _li(symbol: str, label: str, body: str) -> str:
    return f'<li><span class="nl-sym" aria-hidden="true">{symbol}</span> <strong>{label}</strong> {body}</li>'


def highlight_feedback(key: AnswerKey, score: HighlightScore, stage: str = "hints", hints: int = 0) -> str:
    """Feedback on a highlighting exercise.

    Missed items are shown in three steps, so a learner keeps looking before
    being told: ``stage="hints"`` with ``hints=0`` says how many are left in
    which paragraphs; each extra hint (``hints=n``) adds one pointed question
    ("Paragraph 7: which verb blames The Times?"); ``stage="reveal"`` shows
    every missed item with its explanation.
    """
    parts = [
        f'<div class="nl-feedback" role="status"><p><strong>Score: {score.points:g} of {score.max_points:g} points</strong> '
        f"({len(score.found)} of {len(score.items)} found"
        + (f", {score.penalty:g} off for {len(score.extras)} extra mark(s)" if score.penalty else "")
        + ").</p>"
    ]
    if score.found:
        parts.append("<h4>Found</h4><ul>")
        for r in score.found:
            item = r.item
            near = (f" (near miss, half points: you marked \u201c{escape(r.marked)}\u201d, next to the loaded words; "
                    "look at those)") if r.status == "near" else ""
            parts.append(_li("\u2713", quoted(item.text), f"<em>{escape(_category_name(item.category))}</em>{near}. "
                             f"{escape(item.why)} Neutral alternative: \u201c{escape(item.neutral)}\u201d."))
        parts.append("</ul>")
    if score.missed:
        if stage == "reveal":
            parts.append("<h4>Missed</h4><ul>")
            for r in score.missed:
                item = r.item
                parts.append(_li("?", f"{quoted(item.text)} (paragraph {item.paragraph})",
                                 f"<em>{escape(_category_name(item.category))}</em>. {escape(item.why)} "
                                 f"Neutral alternative: \u201c{escape(item.neutral)}\u201d."))
        else:
            per_paragraph: dict[int, int] = {}
            for r in score.missed:
                per_paragraph[r.item.paragraph] = per_paragraph.get(r.item.paragraph, 0) + 1
            where = "; ".join(f"paragraph {p}: {n}" for p, n in sorted(per_paragraph.items()))
            parts.append(f"<h4>Still to find: {len(score.missed)}</h4><p>Where: {escape(where)}. Look again there, "
                         "then click <em>Give me a hint</em> for a pointed question, or <em>Reveal missed</em>.</p><ul>")
            for r in score.missed[:hints]:
                hint = r.item.hint or f"Look again at paragraph {r.item.paragraph}."
                parts.append(_li("?", "Hint:", escape(hint)))
        parts.append("</ul>")
    if score.defensible:
        parts.append("<h4>Defensible (no penalty)</h4><ul>")
        for item in score.defensible:
            parts.append(_li("~", quoted(item.text), escape(item.why)))
        parts.append("</ul>")
    if score.extras:
        parts.append("<h4>Not in the key</h4><ul>")
        for span in score.extras:
            parts.append(_li("\u2717", quoted(span.text),
                             "is not in the answer key; most readers would take it as plain description here. "
                             "If you think it is loaded, argue for it in your reflection; your teacher may accept it."))
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


def error_box(message: str) -> str:
    """A clear, escaped message in place of a traceback."""
    return f'<div class="nl-error" role="alert"><strong>Something needs fixing:</strong> {escape(message)}</div>'
