"""The instructor's review of an answer key: confirm or edit the machine's draft before class.

>>> from newslit.instructor.review import KeyReview      # doctest: +SKIP
>>> KeyReview("council-cuts-library-hours")         # doctest: +SKIP

One row per key item, each showing the words in their sentence (escaped: the
article is always text), a choice of **keep** (scored), **defensible** (costs a
learner nothing) or **drop**, and the fields learners read: category, why,
neutral alternative, hint, points. Above the rows, the whole article in the
same highlighter learners use: items kept in the key are underlined (dotted);
mark words there and click *Add marked words* to add what the machine missed.

*Save the key* checks every kept item (a reason and a neutral alternative),
builds the key without ``"draft"``, validates it with
:func:`newslit.keys.answer_key.key_from_dict` (so it will load in a lesson) and only then
writes it, atomically, to ``keys/<article>/<exercise>.json`` in the course data
(:func:`newslit.paths.course_data_dir`). The kit's own keys are shown but never
saved over: Save says so instead.
"""

from __future__ import annotations

import getpass
from datetime import datetime, timezone
from pathlib import Path

import ipywidgets as w

from newslit.text.articles import Article, load_article
from newslit.errors import NewslitError
from newslit.render.feedback import error_box
from newslit.render.templates import render
from newslit.instructor.import_article import default_hint, draft_key, occurrence_of, unique_id, write_course_json
from newslit.files import read_json
from newslit.paths import course_data_dir, kit_data_file
from newslit.keys.answer_key import locate, key_from_dict, key_path
from newslit.text.lexicon import load_lexicon
from newslit.widgets.highlighter import Highlighter

DECISIONS = (("keep", "keep"), ("defensible", "defensible"), ("drop", "drop"))
_ITEM_FIELDS = ("id", "text", "occurrence", "category", "why", "neutral", "hint", "points")
_CONTEXT = 70  # characters of article shown either side of an item


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after an item within its paragraph, at most ``_CONTEXT`` characters each ("…" where cut)."""
    left = max(text.rfind("\n", 0, start) + 1, start - _CONTEXT)
    right_nl = text.find("\n", end)
    right = min(right_nl if right_nl >= 0 else len(text), end + _CONTEXT)
    before = ("\u2026" if left > 0 and text[left - 1] != "\n" else "") + text[left:start]
    after = text[end:right] + ("\u2026" if right < len(text) and text[right] != "\n" else "")
    return before, after


def article_preview(article: str | Article) -> w.HTML:
    """The article as learners will read it: numbered paragraphs, byline, attribution (all escaped)."""
    a = article if isinstance(article, Article) else load_article(article)
    return w.HTML(render("review/article_preview.html", id=a.id, title=a.title, byline=a.byline,
                         paragraphs=list(a.paragraphs), words=len(a.text.split()), attribution=a.attribution))


class ItemRow(w.VBox):
    """One key item under review."""

    def __init__(self, article: Article, raw: dict, decision: str, categories: list[tuple[str, str]], machine: bool):
        self.article = article
        self.raw = dict(raw)
        self.machine = machine  # True: proposed by the finder; False: written or added by a person
        self.start, self.end = locate(article.text, raw["text"], raw.get("occurrence", 1))
        if self.start < 0:
            raise NewslitError(f"Key item {raw['id']!r}: {raw['text']!r} does not occur {raw.get('occurrence', 1)} time(s) "
                               f"in article {article.id!r}; fix the key file or drop the item.")
        self.paragraph = article.paragraph_of(self.start)
        known = {value for _, value in categories}
        category = raw.get("category", "")
        options = list(categories) if category in known else list(categories) + [(f"{category} (unknown)", category)]
        self.decision = w.ToggleButtons(options=list(DECISIONS), value=decision, description="Decision",
                                        tooltips=["scored: learners earn points for finding it",
                                                  "no points, no penalty: a borderline word",
                                                  "not loaded here: leave it out of the key"],
                                        style={"button_width": "7em", "description_width": "6em"})
        self.category = w.Dropdown(options=options, value=category, description="Category",
                                   style={"description_width": "6em"}, layout=w.Layout(width="30em"))
        wide = w.Layout(width="95%")
        label = {"description_width": "6em"}
        self.why = w.Textarea(value=raw.get("why", ""), description="Why", layout=w.Layout(width="95%", height="4em"),
                              style=label, placeholder="One line a learner can read: what the word does here")
        self.neutral = w.Text(value=raw.get("neutral", ""), description="Neutral", layout=wide, style=label,
                              placeholder="A neutral word or phrase for the same fact")
        self.hint = w.Text(value=raw.get("hint", ""), description="Hint", layout=wide, style=label,
                           placeholder="Where to look, without giving the answer away")
        self.points = w.BoundedFloatText(value=float(raw.get("points", 1)), min=0.25, max=100, step=0.25,
                                         description="Points", style=label, layout=w.Layout(width="14em"))
        before, after = _context(article.text, self.start, self.end)
        self.heading = w.HTML(render("review/item.html", text=self.text, paragraph=self.paragraph,
                                     occurrence=raw.get("occurrence", 1), machine=machine, before=before,
                                     marked=article.text[self.start:self.end], after=after))
        self.decision.observe(self._decided, "value")
        super().__init__([self.heading, self.decision, self.category, self.why, self.neutral, self.hint, self.points],
                         layout=w.Layout(border="1px solid #cccccc", padding="0.4em", margin="0.3em 0"))
        self._decided()

    @property
    def id(self) -> str:
        return self.raw["id"]

    @property
    def text(self) -> str:
        return self.raw["text"]

    def _decided(self, _change=None) -> None:
        scored = self.decision.value == "keep"
        for field in (self.category, self.neutral, self.hint, self.points):
            field.disabled = not scored
        self.why.disabled = self.decision.value == "drop"

    def problems(self) -> list[str]:
        """What must be fixed before this item can be saved."""
        found = []
        if self.decision.value == "drop":
            return found
        if not self.why.value.strip():
            found.append(f"\u201c{self.text}\u201d needs a reason (Why)")
        if self.decision.value == "keep":
            if not self.neutral.value.strip():
                found.append(f"\u201c{self.text}\u201d needs a neutral alternative")
            if not self.category.value:
                found.append(f"\u201c{self.text}\u201d needs a category")
        return found

    def as_item(self) -> dict:
        """The item as the key file stores it (fields the review does not edit are kept)."""
        base = {k: v for k, v in self.raw.items() if k not in _ITEM_FIELDS}
        if self.decision.value == "defensible":
            return {"id": self.id, "text": self.text, "occurrence": self.raw.get("occurrence", 1), "why": self.why.value.strip()}
        points = self.points.value
        return {
            **base,
            "id": self.id,
            "text": self.text,
            "occurrence": self.raw.get("occurrence", 1),
            "category": self.category.value,
            "why": self.why.value.strip(),
            "neutral": self.neutral.value.strip(),
            "hint": self.hint.value.strip() or default_hint(self.article, self.start, self.category.value),
            "points": int(points) if float(points).is_integer() else points,
        }


class KeyReview(w.VBox):
    """Review, edit and save the answer key for ``exercise`` on ``article`` (an id or an :class:`Article`)."""

    def __init__(self, article: str | Article, exercise: str = "loaded_language"):
        self.article = article if isinstance(article, Article) else load_article(article)
        self.exercise = exercise
        source = key_path(self.article.id, exercise)  # the kit's key, or the course data's
        relative = f"keys/{self.article.id}/{exercise}.json"
        self.path: Path = course_data_dir() / relative  # where Save writes
        self.kit_key = kit_data_file(relative)  # the kit's own key: shown, never saved over
        if source.exists():
            data = read_json(source, "Answer key")
            if not isinstance(data, dict):
                raise NewslitError(f"Answer key {source} should hold one JSON object. See docs/formats.md.")
        elif exercise == "loaded_language":
            data = draft_key(self.article)  # no key yet: start from the machine's flags
        else:
            raise NewslitError(f"There is no {exercise} key for {self.article.id!r} to review (expected {source}).")
        self.original = data
        self.was_draft = bool(data.get("draft"))
        lexicon = load_lexicon().categories
        self.categories = [("choose\u2026", "")] + [(c.name, cid) for cid, c in lexicon.items()]
        self._taken = {raw["id"] for raw in data.get("items", []) + data.get("defensible", [])}
        # Items in the headline ("part": "title") are kept as they are: this review marks the body text only.
        in_title = lambda raw: isinstance(raw, dict) and raw.get("part") == "title"  # noqa: E731
        self._title_items = {f: [raw for raw in data.get(f, []) if in_title(raw)] for f in ("items", "defensible")}
        rows = [ItemRow(self.article, raw, "keep", self.categories, self.was_draft)
                for raw in data.get("items", []) if not in_title(raw)]
        rows += [ItemRow(self.article, raw, "defensible", self.categories, self.was_draft)
                 for raw in data.get("defensible", []) if not in_title(raw)]
        self.rows: list[ItemRow] = sorted(rows, key=lambda r: r.start)

        self.highlighter = Highlighter(self.article, show_machine=True)
        self.highlighter.label = f"Article: {self.article.title}. Mark words to add them to the key."
        self.add_category = w.Dropdown(options=self.categories, value="", description="Category",
                                       style={"description_width": "initial"})
        self.add_button = w.Button(description="Add marked words",
                                   tooltip="Each run of marked words becomes a new key item")
        self.save_button = w.Button(description="Save the key", button_style="primary",
                                    tooltip="Check every item, then write the confirmed key")
        for b in (self.add_button, self.save_button):
            b.layout.width = "auto"
        self.status = w.HTML()
        self.summary = w.HTML()
        self.items_box = w.VBox(self.rows)
        self.add_button.on_click(lambda _: self.add_marked())
        self.save_button.on_click(lambda _: self.save())
        for row in self.rows:
            row.decision.observe(self._refresh, "value")
        intro = w.HTML(render("review/intro.html", exercise=exercise.replace("_", " "), title=self.article.title,
                              draft=self.was_draft))
        super().__init__([
            intro, self.highlighter,
            w.HBox([self.add_category, self.add_button]),
            self.summary, self.items_box,
            w.HBox([self.save_button]), self.status,
        ])
        self._refresh()

    # -- what the instructor does ---------------------------------------------------------

    def row(self, item_id: str) -> ItemRow:
        for row in self.rows:
            if row.id == item_id:
                return row
        raise KeyError(item_id)

    def _refresh(self, _change=None) -> None:
        kept = [r for r in self.rows if r.decision.value == "keep"]
        defensible = sum(r.decision.value == "defensible" for r in self.rows)
        dropped = sum(r.decision.value == "drop" for r in self.rows)
        self.summary.value = render("review/summary.html", kept=len(kept), points=sum(r.points.value for r in kept),
                                    defensible=defensible, dropped=dropped)
        underlined = set()
        for r in kept:
            underlined.update(self.highlighter.words_in(r.start, r.end))
        self.highlighter.machine = sorted(underlined)

    def add_marked(self) -> list[ItemRow]:
        """Each run of marked words in the article becomes a new kept item (marks are then cleared)."""
        spans = self.highlighter.spans
        if not spans:
            self.status.value = error_box("Mark one or more words in the article first, then click Add marked words.")
            return []
        added, notes = [], []
        text = self.article.text
        for span in spans:
            same = next((r for r in self.rows if (r.start, r.end) == (span["start"], span["end"])), None)
            if same is not None:
                same.decision.value = "keep"
                notes.append({"text": span["text"], "kind": "kept"})
                continue
            occurrence = occurrence_of(text, span["text"], span["start"])
            if occurrence is None:
                notes.append({"text": span["text"], "kind": "overlap"})
                continue
            category = self.add_category.value
            raw = {"id": unique_id(span["text"], self._taken), "text": span["text"], "occurrence": occurrence,
                   "category": category, "why": "", "neutral": "",
                   "hint": default_hint(self.article, span["start"], category) if category else "", "points": 1}
            row = ItemRow(self.article, raw, "keep", self.categories, machine=False)
            row.decision.observe(self._refresh, "value")
            added.append(row)
        self.rows = sorted(self.rows + added, key=lambda r: r.start)
        self.items_box.children = self.rows
        self.highlighter.marked = []
        self._refresh()
        self.status.value = render("review/added.html", added=len(added), notes=notes)
        return added

    def key_data(self) -> dict:
        """The confirmed key as it will be written (no ``"draft"``)."""
        data = {k: v for k, v in self.original.items() if k not in ("draft", "items", "defensible")}
        data["items"] = self._title_items["items"] + [r.as_item() for r in self.rows if r.decision.value == "keep"]
        data["defensible"] = (self._title_items["defensible"]
                              + [r.as_item() for r in self.rows if r.decision.value == "defensible"])
        when = datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            who = getpass.getuser()
        except Exception:
            who = "unknown"
        if self.was_draft:
            data["notes"] = (f"Reviewed by {who} on {when[:10]}, starting from the kit's machine draft: every item "
                             "was kept, marked defensible or dropped by a person.")
        elif self._changed(data):
            version = str(self.original.get("version", "1"))
            data["version"] = str(int(version) + 1) if version.isdigit() else version + ".1"
        data["reviewed_at"] = when
        return data

    def _changed(self, data: dict) -> bool:
        def core(d):
            return (d.get("items"), d.get("defensible", []))
        return core(data) != core(self.original)

    def problems(self) -> list[str]:
        found = [p for r in self.rows for p in r.problems()]
        if not any(r.decision.value == "keep" for r in self.rows):
            found.append("keep at least one item, or add the words the machine missed")
        return found

    def save(self) -> Path | None:
        """Check, validate and write the key; the status line says what happened. Returns the path or ``None``."""
        problems = self.problems()
        if problems:
            more = f" (and {len(problems) - 6} more)" if len(problems) > 6 else ""
            self.status.value = error_box("Not saved yet: " + "; ".join(problems[:6]) + more + ".")
            return None
        if self.kit_key is not None:
            self.status.value = error_box(f"Not saved: this is the kit's own key ({self.kit_key}), which is never "
                                          "replaced. Import the article under an id of your own (newslit import-article "
                                          "--id) to review a key of your own.")
            return None
        data = self.key_data()
        try:
            key_from_dict(data, self.article, where=f"The reviewed key for {self.article.id!r}")
            write_course_json(self.path, data)
        except NewslitError as exc:
            self.status.value = error_box(f"Not saved: {exc}")
            return None
        except OSError as exc:
            self.status.value = error_box(f"Not saved: could not write {self.path} ({exc.strerror or exc}). Make room "
                                          "on the disk, or set NEWSLIT_COURSE_DATA to a folder you can write to.")
            return None
        self.original, self.was_draft = data, False
        kept = len(data["items"])
        self.status.value = render("review/saved.html", items=kept, path=str(self.path), article=self.article.id)
        return self.path
