"""Lesson 2 widgets: sort the claims, map who is heard, plan the evidence, compare with the finder, rewrite.

The HTML is in Jinja2 templates (``newslit/render/templates/claims/``, one per
panel, autoescape on), so a teacher can translate or brand them; this module
only prepares the data. Every string that comes from an article, a key, the
finder or a learner reaches a template as plain text and is escaped there.
Answers save through the :class:`~newslit.widgets.lesson.Lesson` on every change. States are shown
by a symbol and a word as well as a colour. All controls are ipywidgets
(native radio buttons, buttons, text areas), so they work with the keyboard.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as w
import pandas as pd
import traitlets as t

from newslit.text.claims import Claim, expected_support, find_claims, match_claims, voices
from newslit.keys.answer_key import AnswerKey, KeyItem
from newslit.keys.scoring import ExerciseScore
from newslit.keys.kinds import score_answer
from newslit.render.templates import render
from newslit.widgets.exercises import SaveStatus
from newslit.widgets.autosave import TypedTextarea, TypingSaver

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


def _html(template: str, **context) -> str:
    """Render ``claims/<template>`` (autoescaped)."""
    return render(f"claims/{template}", **context)


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


def explanation(key: AnswerKey, item: KeyItem) -> dict:
    """What ``claims/explanation.html`` shows for ``item``: its label, the labels also accepted, why, support, where to check."""
    data = item.data
    return {"label": label_name(key, data.get("label")),
            "accepted": [label_name(key, a) for a in data.get("accept", [])],
            "why": item.why, "support_needed": data.get("support_needed") or "", "check": data.get("check") or ""}


def explain_item(key: AnswerKey, item: KeyItem) -> str:
    """Why the key labels ``item`` as it does, what would support it, where a reader could check (escaped HTML)."""
    return _html("explanation.html", explanation=explanation(key, item))


def finder_hint(item: KeyItem, claim: Claim | None = None) -> str:
    """A pointed hint for a key item that has none of its own, from the claim finder's reading.

    It points at what to look for, never at the label: the attribution phrase
    ("credited in “Residents say”: to whom exactly?"), the sweeping phrase of an
    unsourced claim, a hedge, or the missing source. ``claim`` is the finder's
    claim matched to the item in the whole article (so "she said" knows who
    "she" is); without it the item's own text is read.
    """
    if claim is None:
        found = find_claims(item.text) if item.text.strip() else []
        claim = found[0] if found else None
    where = f"Paragraph {item.paragraph}"
    if claim is None:
        return (f"{where}: who is this credited to? Look for a name, a document or a verb such as “said”; "
                "if there is none, is it the writer's own claim or judgement?")
    hedge = next((h for h in claim.hedges if " " in h or h.endswith("ly")), "")  # "is expected", "reportedly"
    if claim.cue and claim.support in ("sourced", "vague"):
        hint = (f"{where}: the claim is credited in “{claim.cue}”. Credited to whom exactly, and could you "
                "look them up or contact them?")
    elif claim.cue:
        hint = f"{where}: look at “{claim.cue}”. Who says so, and how could anyone know?"
    elif claim.kind == "opinion":
        hint = f"{where}: could anyone check this, or is it the writer's own judgement? Is anyone credited?"
    else:
        hint = f"{where}: who says so? Look for a name, a document or a “said”. Is anyone credited at all?"
    if hedge:
        hint += f" And “{hedge}”: on whose word?"
    return hint


def claim_feedback(key: AnswerKey, item: KeyItem, status: str, given: str | None, stage: str,
                   claim: Claim | None = None) -> str:
    """One claim's feedback: a verdict in words and a symbol, then the explanation or a hint.

    The hint is the key item's own; a key without one gets :func:`finder_hint` (``claim``: the finder's match).
    """
    hint = item.hint or (finder_hint(item, claim) if status in ("wrong", "unanswered") and stage != "reveal" else "")
    return _html("claim_feedback.html", status=status, stage=stage, given=label_name(key, given), hint=hint,
                 paragraph=item.paragraph, explanation=explanation(key, item))


def summary_feedback(key: AnswerKey, result: ExerciseScore, stage: str) -> str:
    counts = {s: sum(1 for i in result.items if i.status == s) for s in ("correct", "accepted", "wrong", "unanswered")}
    return _html("sorter_summary.html", points=result.points, max_points=result.max_points, counts=counts, stage=stage)


class ClaimChoices(anywidget.AnyWidget):
    """The claims as radio groups: one ``<fieldset>`` per claim, its text in the ``<legend>``.

    ``labels`` holds the learner's choices (``{item id: label id}``); ``feedback`` holds each claim's
    feedback as ``{item id: {"status", "html"}}``, the HTML rendered in Python from ``claims/claim_feedback.html``
    (autoescaped), so the browser can insert it as it is.
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
        # Handed in for the teacher, as the highlighting exercise does: the key's answers were revealed.
        self.revealed = bool(saved.get("revealed", False)) if isinstance(saved, dict) else False
        known = {i.id for i in key.items}
        self.board = ClaimChoices(
            items=[{"id": i.id, "n": n, "paragraph": i.paragraph, "text": i.text} for n, i in enumerate(key.items, 1)],
            options=[[label, name] for label, name in key.labels.items()],
            labels={k: v for k, v in saved_labels.items() if k in known and v in key.labels},
        )
        self.board.observe(self._changed, "labels")
        header = w.HTML(_html("sorter_legend.html",
                              labels=[(name, LABEL_HELP.get(label, "")) for label, name in key.labels.items()]))
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
        """What is saved and handed in: the labels, and ``"revealed": true`` once the key's answers were shown."""
        return {"labels": self.labels, **({"revealed": True} if self.revealed else {})}

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
            feedback[item_id] = {"status": "changed", "html": _html("claim_feedback.html", status="changed")}
        self.board.feedback = feedback

    def clear(self) -> None:
        self.board.labels = {}
        self.board.feedback = {}
        self.feedback.value = ""
        self.reveal_button.disabled = True

    # -- checking -----------------------------------------------------------------------------

    def score(self) -> ExerciseScore:
        return score_answer(self.key, self.answer)

    def _finder_reading(self) -> dict[str, Claim]:
        """The claim finder's reading of each key item (for hints where the key has none), read once."""
        if not hasattr(self, "_finder"):
            self._finder = match_claims(self.key.items, find_claims(self.key.article.text))
        return self._finder

    def check(self, stage: str = "hints") -> ExerciseScore:
        """Score the labels and explain every claim (``stage="reveal"`` explains the ones still wrong too)."""
        self.stage, self.checked = stage, True
        result = self.score()
        by_id = {i.id: i for i in result.items}
        given = self.labels
        found = self._finder_reading() if any(not i.hint for i in self.key.items) else {}
        self.board.feedback = {
            item.id: {"status": by_id[item.id].status,
                      "html": claim_feedback(self.key, item, by_id[item.id].status, given.get(item.id), stage,
                                             found.get(item.id))}
            for item in self.key.items}
        self.feedback.value = summary_feedback(self.key, result, stage)
        self.reveal_button.disabled = stage == "reveal" or all(i.status in ("correct", "accepted") for i in result.items)
        if stage == "reveal" and not self.revealed:
            self.revealed = True
            self.status.show(self.lesson.record(self.key.exercise, self.answer))
        return result


class AttributionMap(w.VBox):
    """Who the article hears from (named or vague) and who it only talks about, as a pandas table."""

    COLUMNS = ["who", "heard from?", "claims credited", "for example", "paragraphs", "mentions"]

    def __init__(self, article):
        self.article = article
        self.voices = voices(article.text)
        table = self.table()
        named, vague, talked = self.heard_counts()
        super().__init__([w.HTML(_html("attribution_map.html", named=named, vague=vague, talked=talked,
                                       columns=list(table.columns), rows=table.values.tolist()))])

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

    def heard_counts(self) -> tuple[int, int, int]:
        """(voices heard from by name, heard from vaguely, talked about but never heard from)."""
        return tuple(sum(1 for v in self.voices if v.heard == heard)
                     for heard in ("named source", "vague source", "talked about only"))


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
        self.box = TypedTextarea(value=saved.get("text", ""), placeholder="The evidence I would need is ... I would look ... "
                                 "I would trust what I find if ...", layout=w.Layout(width="100%", height="9em"))
        self.box.description = "Your plan"
        self.status = SaveStatus()
        self.saver = TypingSaver(lesson, exercise, lambda: self.answer, self.status)  # typing: saved after a pause
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
        self.box.observe(lambda _: self._save(self.box), "value")
        self.claim.observe(lambda _: (self._show_claim(), self._save(self.claim)), "value")
        prompt = rubric.prompt if rubric is not None and rubric.prompt else None  # None: the template's question
        self._show_claim()
        super().__init__([w.HTML(_html("evidence_plan_intro.html", prompt=prompt)),
                          self.claim, self.quote, self.box, self.status,
                          w.HBox([self.check_button, self.reveal_button]), self.feedback, self.saver.watch])
        self.add_class("nl-autosave")

    @property
    def item(self) -> KeyItem:
        return self.key.item(self.claim.value)

    @property
    def answer(self) -> dict:
        return {"text": self.box.value, "claim": self.claim.value}

    def _show_claim(self) -> None:
        self.quote.value = _html("evidence_plan_quote.html", text=self.item.text, paragraph=self.item.paragraph)

    def _save(self, source=None) -> None:
        self.saver.changed(source)  # typed: saved after a pause, on blur and at shutdown; otherwise now
        if self.feedback.value:
            self.feedback.value = _html("evidence_plan_feedback.html", changed=True)

    def score(self) -> ExerciseScore | None:
        return score_answer(self.rubric, self.answer) if self.rubric is not None else None

    def check(self, stage: str = "hints") -> ExerciseScore | None:
        result = self.score()
        ideas, found = None, 0
        if result is not None:
            by_id = {i.id: i for i in result.items}
            ideas = [{"status": by_id[idea.id].status, "idea": idea.data.get("idea", ""), "note": by_id[idea.id].note,
                      "why": idea.why, "hint": idea.hint, "points": by_id[idea.id].points,
                      "max_points": by_id[idea.id].max_points} for idea in self.rubric.items]
            found = sum(1 for idea in ideas if idea["status"] == "present")
        data = self.item.data
        self.feedback.value = _html(
            "evidence_plan_feedback.html", changed=False, ideas=ideas, found=found, stage=stage,
            points=result.points if result else 0, max_points=result.max_points if result else 0,
            support_needed=data.get("support_needed", ""), check=data.get("check", ""),
            exemplar=self.rubric.exemplar if self.rubric is not None else None,
            remarks=result.remarks if result else [])
        self.reveal_button.disabled = stage == "reveal"
        return result


class ClaimFinderOpinion(w.VBox):
    """The finder's reading of each claim beside the learner's label (and the key's, once checked).

    The comparison is honest about what it counts: the finder has no *opinion* value, so a claim the
    learner called opinion and the finder reads as *no source* counts as agreeing, and the table says
    so on that row ("same as yours?"); the summary counts those apart from exact matches and names
    the claims where the two really differ. The finder's rules were written on the lesson's sample
    article, so its agreement there is not shown as a measure of accuracy (the panel says so).
    """

    COLUMNS = ["no.", "claim", "paragraph", "your label", "finder says", "same as yours?", "finder's cue",
               "hedges / certainty", "key"]
    MATCH_WORDS = {"same": "\u2713 same", "opinion": "\u2248 counted as same: opinion = no source to the finder",
                   "differs": "\u2717 differs", "": ""}

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

    def match(self, item_id: str, label: str | None) -> str:
        """How the finder's reading compares with ``label``: ``same``, ``opinion`` (the learner's opinion,
        the finder's no source: counted as agreeing), ``differs``, or ``""`` (not labelled)."""
        if not label:
            return ""
        claim = self.matched.get(item_id)
        if claim is None or claim.support != expected_support(label):
            return "differs"
        return "same" if claim.support == label else "opinion"

    def comparison(self) -> pd.DataFrame:
        key, labels = self.sorter.key, self.sorter.labels
        rows = []
        for n, item in enumerate(key.items, 1):
            claim = self.matched.get(item.id)
            words = ", ".join((claim.hedges + claim.certainty) if claim else ())
            rows.append({
                "no.": n,
                "claim": _short(item.text, 80),
                "paragraph": item.paragraph,
                "your label": label_name(key, labels.get(item.id)),
                "finder says": finder_says(claim),
                "same as yours?": self.MATCH_WORDS[self.match(item.id, labels.get(item.id))],
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
        """(claims where the finder's support matches the learner's label, opinion counted as no source;
        claims the learner labelled)."""
        labels = self.sorter.labels
        same = sum(1 for item_id, label in labels.items() if self.match(item_id, label) in ("same", "opinion"))
        return same, len(labels)

    def differences(self) -> dict:
        """What the summary counts: ``exact`` matches, ``as_none`` (opinion read as no source, counted as
        agreeing) and ``differ``, the numbers of the claims where the finder reads it otherwise."""
        labels = self.sorter.labels
        found = {n: self.match(item.id, labels.get(item.id)) for n, item in enumerate(self.sorter.key.items, 1)}
        return {"exact": sum(1 for m in found.values() if m == "same"),
                "as_none": sum(1 for m in found.values() if m == "opinion"),
                "differ": [n for n, m in found.items() if m == "differs"]}

    def refresh(self) -> None:
        same, labelled = self.agreement()
        self.summary.value = _html("finder_opinion_summary.html", same=same, labelled=labelled, **self.differences())
        table, extras = self.comparison(), self.extras()
        self.table_html.value = _html("finder_opinion_table.html", columns=list(table.columns), rows=table.values.tolist())
        self.extra_html.value = _html("finder_opinion_extras.html", columns=list(extras.columns), rows=extras.values.tolist())


class AttributionRewrite(w.VBox):
    """Rewrite a vaguely attributed claim so a reader could check it; the finder reads each version as you type."""

    def __init__(self, lesson, sentence: str, exercise: str = "rewrite_attribution"):
        self.lesson, self.original, self.exercise = lesson, sentence, exercise
        saved = lesson.answers.get(exercise, {})
        saved = saved if isinstance(saved, dict) else {}
        self.box = TypedTextarea(value=saved.get("text", sentence), layout=w.Layout(width="100%", height="6em"),
                                 description="Your version", style={"description_width": "initial"})
        self.verdict = w.HTML()
        self.status = SaveStatus()
        self.saver = TypingSaver(lesson, exercise, lambda: {"text": self.box.value, "original": self.original},
                                 self.status)
        self.box.observe(self._changed, "value")
        super().__init__([w.HTML(_html("rewrite_original.html", sentence=sentence)), self.box, self.verdict, self.status,
                          self.saver.watch])
        self.add_class("nl-autosave")
        self._show()

    @staticmethod
    def reading(text: str) -> Claim | None:
        """The finder's reading of the text's main claim (the first one), or None."""
        found = find_claims(text) if text.strip() else []
        return found[0] if found else None

    def _show(self) -> None:
        before, after = self.reading(self.original), self.reading(self.box.value)

        def reading(claim: Claim | None) -> dict:
            return {"says": finder_says(claim), "cue": (claim.cue or "") if claim else "",
                    "source": (claim.source or "") if claim else ""}

        advice = "none" if after is None else after.support if after.support in ("sourced", "vague") else "unsourced"
        self.verdict.value = _html("rewrite_verdict.html", original=reading(before), yours=reading(after), advice=advice)

    def _changed(self, _change) -> None:
        self._show()
        self.saver.changed(self.box)  # typed: saved after a pause, on blur and at shutdown; set by code: now
