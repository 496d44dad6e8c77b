"""Lesson 2 widgets: sort the claims, map who is heard, plan the evidence, compare with the finder, rewrite.

Every string that comes from an article, a key, the finder or a learner is
escaped (``html.escape``, or ``DataFrame.to_html(escape=True)``). Answers save
through the :class:`~newslit.widgets.lesson.Lesson` on every change. States are shown
by a symbol and a word as well as a colour. All controls are ipywidgets
(native radio buttons, buttons, text areas), so they work with the keyboard.
"""

from __future__ import annotations

from html import escape

from pathlib import Path

import anywidget
import ipywidgets as w
import pandas as pd
import traitlets as t

from newslit.text.claims import Claim, expected_support, find_claims, match_claims, voices
from newslit.keys.answer_key import AnswerKey, KeyItem
from newslit.keys.scoring import ExerciseScore, score_answer
from newslit.widgets.exercises import SaveStatus

_HERE = Path(__file__).parent / "static"
SUPPORT_NAMES = {"sourced": "named source", "vague": "vague source", "unsourced": "no source"}
LABEL_HELP = {
    "sourced": "the claim names a person, organisation or document you could look up or contact",
    "vague": "someone is credited, but you cannot tell who: \u201cmany sources\u201d, \u201ccritics say\u201d, "
             "\u201creportedly\u201d, \u201cis expected to\u201d, an unnamed insider",
    "unsourced": "nobody is credited at all: the writer simply asserts it, sometimes sweepingly "
                 "(\u201ceveryone knows\u201d, \u201cthe media never\u201d)",
    "opinion": "a judgement, forecast or recommendation in the writer's own voice: it can be argued, not checked",
}
STYLE = """<style>
.nl-claims { max-width: 52em; }
.nl-claims .nl-legend { border: 1px solid #767676; border-radius: 6px; padding: 0.4em 0.9em; background: #ffffff; color: #1a1a1a; }
.nl-claims table { border-collapse: collapse; width: 100%; }
.nl-claims th, .nl-claims td { border: 1px solid #cccccc; padding: 0.25em 0.5em; vertical-align: top; text-align: left;
  line-height: 1.35; }
.nl-claims th { background: #f0f0f0; }
</style>"""


def label_name(key: AnswerKey, label: str | None) -> str:
    return key.labels.get(label, label or "not labelled")


def finder_says(claim: Claim | None) -> str:
    """The finder's verdict in the learner's words: "vague source", "no source (reads as opinion)"."""
    if claim is None:
        return "not found as a claim"
    name = SUPPORT_NAMES.get(claim.support, claim.support)
    return f"{name} (reads as opinion)" if claim.kind == "opinion" else name


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def explain_item(key: AnswerKey, item: KeyItem) -> str:
    """Why the key labels ``item`` as it does, what would support it, where a reader could check (escaped HTML)."""
    data = item.data
    parts = [f"<strong>{escape(label_name(key, data.get('label')))}</strong>"]
    accepted = [label_name(key, a) for a in data.get("accept", [])]
    if accepted:
        parts.append(f" (also accepted: {escape(', '.join(accepted))})")
    parts.append(f". {escape(item.why)}")
    if data.get("support_needed"):
        parts.append(f"<br><em>What would support it:</em> {escape(data['support_needed'])}")
    if data.get("check"):
        parts.append(f"<br><em>Where to check:</em> {escape(data['check'])}")
    return "".join(parts)


def claim_feedback(key: AnswerKey, item: KeyItem, status: str, given: str | None, stage: str) -> str:
    """One claim's feedback: a verdict in words and a symbol, then the explanation or a hint."""
    hint = escape(item.hint or f"Look again at paragraph {item.paragraph}.")
    if status == "correct":
        verdict, body = "\u2713 Right:", explain_item(key, item)
    elif status == "accepted":
        verdict = "\u2713 Accepted:"
        body = (f"you chose <strong>{escape(label_name(key, given))}</strong>, which also counts; the key's first choice is "
                + explain_item(key, item))
    elif stage == "reveal":
        verdict = "\u2717 The key says" if status == "wrong" else "? Not labelled. The key says"
        body = explain_item(key, item)
        if status == "wrong":
            body = f"(you chose {escape(label_name(key, given))}) " + body
    elif status == "wrong":
        verdict, body = "\u2717 Not yet:", f"you chose {escape(label_name(key, given))}. Hint: {hint}"
    else:
        verdict, body = "? Not labelled yet.", f"Hint: {hint}"
    return f'<span class="nl-verdict">{verdict}</span> {body}'


def summary_feedback(key: AnswerKey, result: ExerciseScore, stage: str) -> str:
    counts = {s: sum(1 for i in result.items if i.status == s) for s in ("correct", "accepted", "wrong", "unanswered")}
    parts = [f'<div class="nl-feedback" role="status"><p><strong>Score: {result.points:g} of {result.max_points:g} points</strong> '
             f"({counts['correct']} right, {counts['accepted']} accepted, {counts['wrong']} to rethink, "
             f"{counts['unanswered']} not labelled yet).</p>"]
    if stage == "reveal":
        parts.append("<p>Every claim now shows the key's label, why, what would support it and where a reader could check.</p>")
    elif counts["wrong"] or counts["unanswered"]:
        parts.append("<p>Each claim below shows an explanation if you got it, or a <strong>hint</strong> if not. Change your "
                     "labels and check again, or click <strong>Reveal answers</strong>.</p>")
    else:
        parts.append("<p>All done. Read the explanations below: <em>what would support it</em> and <em>where to check</em> "
                     "are the habits this lesson is about.</p>")
    parts.append("<p><small>A claim is judged by the support the article gives it, not by whether it is true or which side "
                 "it helps: some unsourced claims here are true, and the one named source is no guarantee.</small></p></div>")
    return "".join(parts)


class ClaimChoices(anywidget.AnyWidget):
    """The claims as radio groups: one ``<fieldset>`` per claim, its text in the ``<legend>``.

    ``labels`` holds the learner's choices (``{item id: label id}``); ``feedback`` holds each claim's
    feedback as ``{item id: {"status", "html"}}``, the HTML escaped here in Python.
    """

    _esm = _HERE / "claims.js"
    _css = _HERE / "claims.css"

    items = t.List().tag(sync=True)  # [{"id", "n", "paragraph", "text"}]
    options = t.List().tag(sync=True)  # [[label id, name], ...]
    labels = t.Dict().tag(sync=True)
    feedback = t.Dict().tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)


class ClaimSorter(w.VBox):
    """Label every claim in the key: named source, vague source, no source or opinion; check; hints; reveal."""

    def __init__(self, lesson, key: AnswerKey):
        self.lesson, self.key = lesson, key
        self.stage = ""
        self.checked = False
        saved = lesson.answers.get(key.exercise, {})
        saved_labels = saved.get("labels", {}) if isinstance(saved, dict) else {}
        known = {i.id for i in key.items}
        self.board = ClaimChoices(
            items=[{"id": i.id, "n": n, "paragraph": i.paragraph, "text": i.text} for n, i in enumerate(key.items, 1)],
            options=[[label, name] for label, name in key.labels.items()],
            labels={k: v for k, v in saved_labels.items() if k in known and v in key.labels},
        )
        self.board.observe(self._changed, "labels")
        legend = "".join(f"<li><strong>{escape(name)}</strong>: {escape(LABEL_HELP.get(label, ''))}</li>"
                         for label, name in key.labels.items())
        header = w.HTML(f'{STYLE}<div class="nl-claims"><div class="nl-legend"><p><strong>The four labels</strong></p>'
                        f"<ul>{legend}</ul><p><em>Keyboard:</em> <strong>Tab</strong> moves from claim to claim, the "
                        "<strong>arrow keys</strong> choose a label within a claim. Your labels save as you go.</p></div></div>")
        self.check_button = w.Button(description="Check my labels", button_style="primary",
                                     tooltip="Compare your labels with the answer key and get explained feedback")
        self.reveal_button = w.Button(description="Reveal answers", disabled=True,
                                      tooltip="Show the key's label and explanation for every claim")
        self.clear_button = w.Button(description="Clear my labels")
        for button in (self.check_button, self.reveal_button, self.clear_button):
            button.layout.width = "auto"
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.on_click(lambda _: self.check(stage="reveal"))
        self.clear_button.on_click(lambda _: self.clear())
        self.status = SaveStatus()
        self.feedback = w.HTML()
        super().__init__([header, self.board, w.HBox([self.check_button, self.reveal_button, self.clear_button]),
                          self.status, self.feedback])
        self.add_class("nl-claim-sorter")

    # -- answers ------------------------------------------------------------------------------

    @property
    def labels(self) -> dict[str, str]:
        """The learner's labels: ``{item id: label id}`` (unlabelled claims are left out)."""
        return {item_id: label for item_id, label in self.board.labels.items() if label}

    @property
    def answer(self) -> dict:
        return {"labels": self.labels}

    def set_label(self, item_id: str, label: str | None) -> None:
        """Label one claim (what a click does); ``None`` clears it."""
        if item_id not in {i.id for i in self.key.items}:
            raise KeyError(item_id)
        labels = dict(self.board.labels)
        if label is None:
            labels.pop(item_id, None)
        else:
            labels[item_id] = label
        self.board.labels = labels

    def item_feedback(self, item_id: str) -> str:
        """The feedback HTML shown under one claim ('' before a check)."""
        return self.board.feedback.get(item_id, {}).get("html", "")

    def _changed(self, change) -> None:
        self.status.show(self.lesson.record(self.key.exercise, self.answer))
        old, new = change["old"] or {}, change["new"] or {}
        feedback = dict(self.board.feedback)
        for item_id in {k for k in set(old) | set(new) if old.get(k) != new.get(k)} & set(feedback):
            feedback[item_id] = {"status": "changed", "html": "<em>Label changed: click <strong>Check my labels</strong> again.</em>"}
        self.board.feedback = feedback

    def clear(self) -> None:
        self.board.labels = {}
        self.board.feedback = {}
        self.feedback.value = ""
        self.reveal_button.disabled = True

    # -- checking -----------------------------------------------------------------------------

    def score(self) -> ExerciseScore:
        return score_answer(self.key, self.answer)

    def check(self, stage: str = "hints") -> ExerciseScore:
        """Score the labels and explain every claim (``stage="reveal"`` explains the ones still wrong too)."""
        self.stage, self.checked = stage, True
        result = self.score()
        by_id = {i.id: i for i in result.items}
        given = self.labels
        self.board.feedback = {
            item.id: {"status": by_id[item.id].status,
                      "html": claim_feedback(self.key, item, by_id[item.id].status, given.get(item.id), stage)}
            for item in self.key.items}
        self.feedback.value = summary_feedback(self.key, result, stage)
        self.reveal_button.disabled = stage == "reveal" or all(i.status in ("correct", "accepted") for i in result.items)
        return result


class AttributionMap(w.VBox):
    """Who the article hears from (named or vague) and who it only talks about, as a pandas table."""

    COLUMNS = ["who", "heard from?", "claims credited", "for example", "paragraphs", "mentions"]

    def __init__(self, article):
        self.article = article
        self.voices = voices(article.text)
        super().__init__([w.HTML(STYLE + '<div class="nl-claims">' + self.summary_html()
                                 + self.table().to_html(index=False, escape=True) + "</div>")])

    def table(self) -> pd.DataFrame:
        rows = []
        for v in self.voices:
            rows.append({
                "who": v.who,
                "heard from?": v.heard,
                "claims credited": len(v.claims),
                "for example": _short(v.claims[0].text, 90) if v.claims else "",
                "paragraphs": ", ".join(str(p) for p in v.paragraphs),
                "mentions": v.mentions,
            })
        return pd.DataFrame(rows, columns=self.COLUMNS)

    def summary_html(self) -> str:
        named = sum(1 for v in self.voices if v.heard == "named source")
        vague = sum(1 for v in self.voices if v.heard == "vague source")
        talked = sum(1 for v in self.voices if v.heard == "talked about only")
        return (f"<p><strong>Heard from by name: {named}. Heard from, but vaguely: {vague}. "
                f"Talked about but never heard from: {talked}.</strong></p>"
                "<p><small>Drawn by the kit's claim finder: check it against your own labels. It counts the people, "
                "organisations and groups it can spot by name or by words such as \u201cresidents\u201d, and leaves out "
                "places.</small></p>")


class EvidencePlan(w.VBox):
    """Pick an unsupported claim and plan how to check it; autosaves; optional rubric check (a person marks it)."""

    def __init__(self, lesson, claims_key: AnswerKey, rubric: AnswerKey | None = None, exercise: str = "evidence_plan"):
        self.lesson, self.key, self.rubric, self.exercise = lesson, claims_key, rubric, exercise
        saved = lesson.answers.get(exercise, {})
        saved = saved if isinstance(saved, dict) else {}
        mine = lesson.answers.get(claims_key.exercise, {})
        mine = mine.get("labels", {}) if isinstance(mine, dict) else {}
        unsupported = [i for i in claims_key.items if mine.get(i.id) in ("vague", "unsourced")] or list(claims_key.items)
        options = [(f"Claim {claims_key.items.index(i) + 1}: {_short(i.text, 70)}", i.id) for i in unsupported]
        if saved.get("claim") and saved["claim"] not in [o[1] for o in options]:
            item = next((i for i in claims_key.items if i.id == saved["claim"]), None)
            if item is not None:
                options.append((f"Claim {claims_key.items.index(item) + 1}: {_short(item.text, 70)}", item.id))
        self.claim = w.Dropdown(options=options, value=saved.get("claim") if saved.get("claim") in [o[1] for o in options]
                                else options[0][1], description="Claim", layout=w.Layout(width="100%"))
        self.box = w.Textarea(value=saved.get("text", ""), placeholder="The evidence I would need is ... I would look ... "
                              "I would trust what I find if ...", layout=w.Layout(width="100%", height="9em"))
        self.box.description = "Your plan"
        self.status = SaveStatus()
        self.check_button = w.Button(description="Check my plan", button_style="primary",
                                     tooltip="Look for the ideas a strong plan names; a person marks the answer")
        self.reveal_button = w.Button(description="Show the key's suggestion", disabled=True,
                                      tooltip="Show what the key says would support this claim and where to check")
        for button in (self.check_button, self.reveal_button):
            button.layout.width = "auto"
        self.feedback = w.HTML()
        self.quote = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.on_click(lambda _: self.check(stage="reveal"))
        self.box.observe(lambda _: self._save(), "value")
        self.claim.observe(lambda _: (self._show_claim(), self._save()), "value")
        prompt = rubric.prompt if rubric is not None and rubric.prompt else (
            "Pick one claim you labelled vague source or no source. What evidence would support it, and where would you look?")
        self._show_claim()
        super().__init__([w.HTML(f"<p><strong>{escape(prompt)}</strong></p>"
                                 "<p><em>A person reads and marks this answer.</em> The automatic check only looks for "
                                 "the ideas a strong plan names, so use it as a hint, not as your mark.</p>"),
                          self.claim, self.quote, self.box, self.status,
                          w.HBox([self.check_button, self.reveal_button]), self.feedback])

    @property
    def item(self) -> KeyItem:
        return self.key.item(self.claim.value)

    @property
    def answer(self) -> dict:
        return {"text": self.box.value, "claim": self.claim.value}

    def _show_claim(self) -> None:
        self.quote.value = f'<blockquote>\u201c{escape(self.item.text)}\u201d <small>(paragraph {self.item.paragraph})</small></blockquote>'

    def _save(self) -> None:
        self.status.show(self.lesson.record(self.exercise, self.answer))
        if self.feedback.value:
            self.feedback.value = "<p><em>Your plan changed: click <strong>Check my plan</strong> again.</em></p>"

    def score(self) -> ExerciseScore | None:
        return score_answer(self.rubric, self.answer) if self.rubric is not None else None

    def check(self, stage: str = "hints") -> ExerciseScore | None:
        result = self.score()
        parts = ['<div class="nl-feedback" role="status">']
        if result is not None:
            by_id = {i.id: i for i in result.items}
            found = [i for i in self.rubric.items if by_id[i.id].status == "present"]
            parts.append(f"<p><strong>Automatic check: {len(found)} of {len(self.rubric.items)} ideas found "
                         f"({result.points:g} of {result.max_points:g} points, provisional).</strong> A person will read "
                         "your plan and may change this.</p><ul>")
            for idea in self.rubric.items:
                if by_id[idea.id].status == "present":
                    parts.append(f"<li>\u2713 <strong>Found:</strong> {escape(idea.data.get('idea', ''))} "
                                 f"<em>({escape(by_id[idea.id].note)})</em></li>")
                elif stage == "reveal":
                    parts.append(f"<li>! <strong>Not found:</strong> {escape(idea.data.get('idea', ''))} {escape(idea.why)}</li>")
                else:
                    parts.append(f"<li>? <strong>Hint:</strong> {escape(idea.hint or idea.data.get('idea', ''))}</li>")
            parts.append("</ul>")
        if stage == "reveal":
            data = self.item.data
            parts.append(f"<p><strong>The key's suggestion for this claim.</strong> <em>What would support it:</em> "
                         f"{escape(data.get('support_needed', ''))} <em>Where to check:</em> {escape(data.get('check', ''))}</p>")
            if self.rubric is not None and self.rubric.exemplar:
                parts.append(f"<p><strong>One strong plan</strong> (yours can differ):</p><blockquote>{escape(self.rubric.exemplar)}</blockquote>")
        else:
            parts.append("<p>Improve your plan with the hints, check again, or click <strong>Show the key's suggestion</strong>.</p>")
        parts.append("</div>")
        self.feedback.value = "".join(parts)
        self.reveal_button.disabled = stage == "reveal"
        return result


class ClaimFinderOpinion(w.VBox):
    """The finder's reading of each claim beside the learner's label (and the key's, once checked)."""

    COLUMNS = ["claim", "paragraph", "your label", "finder says", "finder's cue", "hedges / certainty", "key"]

    def __init__(self, sorter: ClaimSorter):
        self.sorter = sorter
        self.claims = find_claims(sorter.key.article.text)
        self.matched = match_claims(sorter.key.items, self.claims)
        self.refresh_button = w.Button(description="Compare with my labels",
                                       tooltip="Rebuild the table with your current labels")
        self.refresh_button.layout.width = "auto"
        self.summary = w.HTML()
        self.table_html = w.HTML()
        self.extra_html = w.HTML()
        self.refresh_button.on_click(lambda _: self.refresh())
        super().__init__([self.refresh_button, self.summary, self.table_html, self.extra_html])
        self.refresh()

    def comparison(self) -> pd.DataFrame:
        key, labels = self.sorter.key, self.sorter.labels
        rows = []
        for item in key.items:
            claim = self.matched.get(item.id)
            words = ", ".join((claim.hedges + claim.certainty) if claim else ())
            rows.append({
                "claim": _short(item.text, 80),
                "paragraph": item.paragraph,
                "your label": label_name(key, labels.get(item.id)),
                "finder says": finder_says(claim),
                "finder's cue": (claim.cue or "") if claim else "",
                "hedges / certainty": words,
                "key": label_name(key, item.data.get("label")) if self.sorter.checked else "(check your labels first)",
            })
        return pd.DataFrame(rows, columns=self.COLUMNS)

    def extras(self) -> pd.DataFrame:
        """Claims the finder reports that the key does not list."""
        used = {id(c) for c in self.matched.values()}
        rows = [{"finder's claim": _short(c.text, 90), "finder says": finder_says(c), "why": c.reason}
                for c in self.claims if id(c) not in used]
        return pd.DataFrame(rows, columns=["finder's claim", "finder says", "why"])

    def agreement(self) -> tuple[int, int]:
        """(claims where the finder's support matches the learner's label, claims the learner labelled)."""
        labels = self.sorter.labels
        same = sum(1 for item_id, label in labels.items()
                   if item_id in self.matched and self.matched[item_id].support == expected_support(label))
        return same, len(labels)

    def refresh(self) -> None:
        same, labelled = self.agreement()
        self.summary.value = (f"<p><strong>The finder agrees with your label on {same} of the {labelled} claims you "
                              "labelled</strong> (it has no <em>opinion</em> value: it counts an opinion in the writer's "
                              "voice as <em>no source</em> and notes when a claim reads as opinion).</p>")
        self.table_html.value = STYLE + '<div class="nl-claims">' + self.comparison().to_html(index=False, escape=True) + "</div>"
        extras = self.extras()
        self.extra_html.value = ("" if extras.empty else "<h4>Claims the finder found that the key does not list</h4>"
                                 + extras.to_html(index=False, escape=True))


class AttributionRewrite(w.VBox):
    """Rewrite a vaguely attributed claim so a reader could check it; the finder reads each version as you type."""

    def __init__(self, lesson, sentence: str, exercise: str = "rewrite_attribution"):
        self.lesson, self.original, self.exercise = lesson, sentence, exercise
        saved = lesson.answers.get(exercise, {})
        saved = saved if isinstance(saved, dict) else {}
        self.box = w.Textarea(value=saved.get("text", sentence), layout=w.Layout(width="100%", height="6em"),
                              description="Your version", style={"description_width": "initial"})
        self.verdict = w.HTML()
        self.status = SaveStatus()
        self.box.observe(self._changed, "value")
        super().__init__([w.HTML(f"<p><strong>Original:</strong> {escape(sentence)}</p>"), self.box, self.verdict, self.status])
        self._show()

    @staticmethod
    def reading(text: str) -> Claim | None:
        """The finder's reading of the text's main claim (the first one), or None."""
        found = find_claims(text) if text.strip() else []
        return found[0] if found else None

    def _show(self) -> None:
        before, after = self.reading(self.original), self.reading(self.box.value)

        def row(name: str, claim: Claim | None) -> str:
            cue = f"\u201c{escape(claim.cue)}\u201d" if claim and claim.cue else "none"
            return (f"<tr><th scope='row'>{name}</th><td>{escape(finder_says(claim))}</td><td>{cue}</td>"
                    f"<td>{escape(claim.source or '') if claim else ''}</td></tr>")

        if after is None:
            advice = "? The finder cannot find a claim in your version yet."
        elif after.support == "sourced":
            advice = (f"\u2713 The finder now reads a named source: \u201c{escape(after.source or '')}\u201d. Now check it "
                      "the way a reader would: could you find that source, and does your sentence say when or where "
                      "(a date, a report's title, a link)?")
        elif after.support == "vague":
            advice = (f"\u2717 Still vague: \u201c{escape(after.cue or after.source or '')}\u201d names no one a reader could "
                      "check. Name the person, organisation or document the claim comes from.")
        else:
            advice = "\u2717 No attribution yet: say who the claim comes from (a person, an organisation or a document)."
        self.verdict.value = (f'{STYLE}<div class="nl-claims"><table><tr><th></th><th>finder says</th><th>cue</th>'
                              f"<th>source</th></tr>{row('original', before)}{row('yours', after)}</table>"
                              f'<p role="status">{advice}</p></div>')

    def _changed(self, _change) -> None:
        self._show()
        self.status.show(self.lesson.record(self.exercise, {"text": self.box.value, "original": self.original}))
