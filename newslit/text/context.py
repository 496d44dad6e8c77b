"""Context checks: point at what a news text leaves out.

Missing context is what an article does *not* say, so no program can list it.
These checks do the next best thing: they point at places in the text where a
careful reader would ask a question, each with the evidence (offsets into the
text) and the question to ask.

* ``voices``: who is quoted or cited, and who is talked about but never heard;
* ``numbers``: quantities with no source, no baseline or no time frame;
* ``time``: vague times ("in the last few days", "earlier this year"), and
  times relative to a publication date the reader does not know;
* ``place``: vague places ("elsewhere", "in the region");
* ``actors``: who says so? Agentless claims ("has been accused"), unnamed
  sources ("many sources", "observers"), hedges ("reportedly");
* ``media_claims``: claims about what other media said or left out, with no
  link or quotation to check;
* ``five_ws``: which of who, what, when, where, why and how the text answers;
* ``behind``: who is behind the article (outlet, author, stated stance), from
  the article's metadata when there is one, and first-person writing.

Every finding with offsets obeys ``text[start:end] == finding.text``. A
finding about the whole text (the 5 Ws left open, who is behind it) has
``start`` and ``end`` set to ``None``. The checks use patterns and word lists
only: they are quick, work on any English news text, and are a second reader,
not a judge. They miss what needs knowledge of the world, and some findings
are not real gaps. That is the point of the lesson: the learner decides.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newslit.text.attribution import Actor, Doc, Reading, analyse
from newslit.text.lexicon import load_wordlists
from newslit.text.spans import Span, words

if TYPE_CHECKING:  # pragma: no cover
    from newslit.text.articles import Article

CHECKS: dict[str, str] = {
    "voices": "Voices: who is heard, and who is only talked about",
    "numbers": "Numbers with no source, baseline or time frame",
    "time": "Vague or missing times",
    "place": "Vague places",
    "actors": "Who says so? Unnamed sources and missing actors",
    "media_claims": "Claims about other media, with nothing to check",
    "five_ws": "The 5 Ws and H",
    "behind": "Who is behind the article",
}
_ORDER = {name: n for n, name in enumerate(CHECKS)}
MAX_VOICE_FINDINGS = 15


@dataclass(frozen=True)
class ContextFinding:
    """One place (or, with ``start is None``, the whole text) where context may be missing.

    ``status`` is ``"gap"`` for a likely gap, ``"info"`` for a summary or a
    fact to weigh (who is behind the article), and for the 5 Ws one of
    ``"answered"``, ``"partly"`` or ``"open"``.
    """

    check: str
    start: int | None
    end: int | None
    text: str
    question: str
    status: str = "gap"

    def as_dict(self) -> dict:
        return {"check": self.check, "start": self.start, "end": self.end, "text": self.text, "question": self.question}




# -- the text ---------------------------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:.":
        end -= 1
    return start, end




# -- language data (datasets/lexicons/context_checks.json, time.json, actors.json) -------------------

_Q = load_wordlists("context_checks")
_T = load_wordlists("time")
_G = load_wordlists("actors")
_MONTHS = frozenset(m.lower() for m in _T.list("months") + _T.list("month_abbreviations"))
_DAYS = frozenset(d.lower() for d in _T.list("days"))
_COMMON = _G.words("common_words")
_POSSESSIVE = re.compile(r"[’']s$")


# -- voices: who is heard and who is only talked about ------------------------------------------

_AFFECTED = _G.words("affected_groups")


def _voice_findings(reading: Reading) -> list[ContextFinding]:
    """Who is heard and who is only talked about: the attribution engine's actors, as lesson 2's map shows them."""
    actors = reading.actors
    unheard = [a for a in actors if not a.attributions]

    def worth_asking(a: Actor) -> bool:  # one passing mention of a name is rarely a missing voice
        return len(a.mentions) >= 2 or a.key[2:] in _AFFECTED or (a.kind == "person" and len(a.name.split()) >= 2)

    def rank(a: Actor) -> tuple:
        return (a.key[2:] not in _AFFECTED, -a.count, a.first.start)

    findings = []
    chosen = sorted((a for a in unheard if worth_asking(a)), key=rank)[:MAX_VOICE_FINDINGS]
    for actor in sorted(chosen, key=lambda a: a.first.start):
        name = actor.first.text
        times = "once" if actor.count == 1 else f"{actor.count} times"
        affected = " The story is about what happens to them." if actor.key[2:] in _AFFECTED else ""
        findings.append(ContextFinding(
            "voices", actor.first.start, actor.first.end, name,
            f"The text mentions \u201c{name}\u201d ({times}) but never quotes or cites them.{affected} "
            "What would they say, and where could you hear it in their own words?",
        ))
    if actors or reading.attributions:
        heard = [a.name for a in reading.voices() if a.attributions]
        heard_text = "; ".join(heard[:8]) or "nobody"
        unheard_text = "; ".join(a.name for a in unheard[:12]) or "nobody"
        findings.append(ContextFinding(
            "voices", None, None,
            f"Heard from (quoted or cited): {heard_text}. Talked about but not heard from: {unheard_text}.",
            "Whose side of the story is missing? For each person or group the text talks about but never hears "
            "from, ask what they would say, and whether the people who are heard are in a position to know.",
            "info",
        ))
    return findings


# -- numbers -------------------------------------------------------------------------------------

_FRACTION = _Q.pattern("fraction")
_VAGUE_COUNT = _Q.pattern("vague_count")
_COUNT_OF = _Q.pattern("count_of_tail")
_ORDINAL_START = _Q.pattern("ordinal_start")
_ORDINAL_AFTER = _Q.pattern("ordinal_after")
_DIGITS = _Q.pattern("quantity")
_RATE_OR_AMOUNT = _Q.pattern("rate_or_amount")
_RATE_OR_AMOUNT_IN_FIGURE = _Q.pattern("rate_or_amount_in_figure")
_PROPORTION = _Q.pattern("proportion")
_SCORE_AFTER = _Q.pattern("score_after")
_TIME_UNIT_AFTER = _T.pattern("time_unit_after")
_ID_BEFORE = _Q.pattern("identifier_before")
_DATE_NEAR = _T.pattern("date_before")
_DATE_AFTER = _T.pattern("date_after")
_SOURCE = _Q.pattern("number_source")
_VAGUE_SOURCE = _Q.pattern("vague_number_source")
_ACCORDING_PREFIX = _Q.pattern("according_prefix").pattern
_NAMED_SOURCE = _Q.pattern("named_number_source")
_WIRE_SOURCE = _Q.pattern("wire_source")
_MARKET_DATA = _Q.pattern("market_data")
_TIME_FRAME = _T.pattern("time_frame")
_COUNT_BASELINE = _Q.pattern("count_baseline")
_BASELINE = _Q.pattern("baseline")
_CHANGE_BEFORE = _Q.pattern("change_before")
_COMPARISON = _Q.pattern("comparison")
_ESTIMATE_OF_WHOLE = _Q.pattern("estimate_of_whole")
_EXACT_SHARE = _Q.pattern("exact_share")
_SAYS_WHO = _Q.pattern("says_who")


def _is_statistic(doc: Doc, m: re.Match) -> bool:
    text = doc.text
    value = m.group()
    if _RATE_OR_AMOUNT.search(value):
        return True
    digits = re.sub(r"\D", "", value.split(".")[0])
    if not digits:
        return False
    after = text[m.end():m.end() + 14]
    before = text[max(0, m.start() - 14):m.start()]
    if _TIME_UNIT_AFTER.match(after) or _ID_BEFORE.search(before) or _DATE_NEAR.search(before) or _DATE_AFTER.match(after):
        return False
    if _SCORE_AFTER.match(after) or re.search(r"\d\s?[-–]\s?$", before):
        return False  # a score or a vote: 7-2, 23 to 19
    if re.match(r"^(?:19|20)\d\d$", value):
        return False  # a year
    if re.search(r",\s*$", before) and re.match(r"\s*,", after):
        return False  # an age after a name: "Ron Castle, 78,"
    return int(digits) >= 10


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*")


def _sourced_paragraphs(doc: Doc, figure_starts: list[int]):
    """Which paragraphs take a source for their figures from the paragraph before, as wire copy gives it:
    after a sentence that gives figures and their source ("... a turnout of 34 percent, the returning officer
    said."), the next paragraphs of figures are still the same account, until two paragraphs in a row give
    no figure; the lead's figures may be sourced in the second paragraph the same way. Returns
    ``covered(offset)``."""
    text = doc.text
    spans = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    starts = [a for a, _ in spans]
    figures = [False] * len(spans)
    sourced = [False] * len(spans)  # a sentence in it gives a figure and says where it comes from
    seen: dict[int, bool] = {}
    for at in figure_starts:
        i = bisect_right(starts, at) - 1
        if i < 0:
            continue
        figures[i] = True
        sent = doc.sentence_at(at)
        if sent.start not in seen:
            seen[sent.start] = bool(_WIRE_SOURCE.search(sent.text)) and not _VAGUE_SOURCE.search(sent.text)
        sourced[i] = sourced[i] or seen[sent.start]
    carried = [False] * len(spans)
    run, quiet = False, 0  # a source is running; paragraphs in a row with no figure since
    for i in range(len(spans)):
        carried[i] = run
        if sourced[i]:
            run, quiet = True, 0
        elif figures[i]:
            quiet = 0
        else:
            quiet += 1
            run = run and quiet < 2  # one paragraph of quotes or background does not end the account; two do
    if len(spans) > 1:
        carried[0] = sourced[1]

    def covered(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and carried[i]
    return covered


def _paragraph_breaks(text: str) -> list[int]:
    """Where each "\\n\\n" starts (overlapping ones too), in order."""
    out, i = [], text.find("\n\n")
    while i >= 0:
        out.append(i)
        i = text.find("\n\n", i + 1)
    return out


def _paragraph_of(doc: Doc, offset: int, breaks: list[int]) -> tuple[int, int]:
    """The stretch between the blank lines around ``offset`` (``breaks``: :func:`_paragraph_breaks`)."""
    i = bisect_right(breaks, offset - 2) - 1
    start = breaks[i] + 2 if i >= 0 else 0
    j = bisect_left(breaks, offset)
    return start, breaks[j] if j < len(breaks) else len(doc.text)


def _number_findings(doc: Doc) -> list[ContextFinding]:
    """Quantities a reader cannot check: vague ones ("thousands", "about a third") missing a source, a
    baseline or a time, and precise figures (money, percentages, counts of 100 or more) with no source nearby."""
    text = doc.text
    found: list[tuple[int, int, bool]] = []
    for regex in (_FRACTION, _VAGUE_COUNT):
        for m in regex.finditer(text):
            start, end = m.start(), m.end()
            if regex is _FRACTION and _ORDINAL_START.match(m.group()) and _ORDINAL_AFTER.match(text[end:end + 3]):
                continue  # an ordinal: "a third operating theatre", not a fraction
            tail = _COUNT_OF.search(text, start, end)
            if tail:
                end = tail.start()
            found.append((start, end, True))
    for m in _DIGITS.finditer(text):
        if _is_statistic(doc, m):
            found.append((m.start(), m.end(), False))
    found.sort()
    breaks = _paragraph_breaks(text)
    covered = _sourced_paragraphs(doc, [f[0] for f in found])
    # what a sentence or a paragraph says is read once, however many figures it holds
    per_sentence: dict[tuple[int, int], tuple] = {}
    per_scope: dict[tuple[int, int, str | None], tuple[bool, bool]] = {}
    findings, taken = [], -1
    for start, end, vague in found:
        if start < taken:
            continue
        taken = end
        q = text[start:end]
        if vague and _EXACT_SHARE.match(q) and _ESTIMATE_OF_WHOLE.match(text[end:end + 30]):
            vague, exact = False, True  # "up to half of the sentence": an exact share, sourced like a precise figure
        else:
            exact = False
        sent = doc.sentence_at(start)
        # a vague quantity must be pinned down in its own sentence; a precise one is usually
        # covered by an attribution elsewhere in its paragraph ("..., the finance office said.")
        if (sent.start, sent.end) not in per_sentence:
            per_sentence[sent.start, sent.end] = (_VAGUE_SOURCE.search(sent.text), bool(_COMPARISON.search(sent.text)),
                                                  bool(_MARKET_DATA.search(sent.text)))
        vague_source, compared, market = per_sentence[sent.start, sent.end]
        if market and not vague and not vague_source:
            continue  # "Shares in Corran rose 3.4 percent in early trading": a market price, public record
        a, b = (sent.start, sent.end) if vague else _paragraph_of(doc, start, breaks)
        key = (a, b, vague_source.group() if vague_source else None)
        if key not in per_scope:
            scope = text[a:b]
            if vague_source:  # "according to many sources", "some experts believe": a source no reader can check
                cleaned = re.sub(_ACCORDING_PREFIX + re.escape(vague_source.group()) + r"(?:\s+\w+)?", " ", scope, flags=re.I)
                has_source = bool(_NAMED_SOURCE.search(cleaned))
            else:
                has_source = bool(_SOURCE.search(scope))
            per_scope[key] = (has_source, bool(_TIME_FRAME.search(scope)))
        has_source, has_time = per_scope[key]
        if not has_source and not vague and not vague_source:
            has_source = covered(start)  # "Anita Sharma won 11,482 votes" after "..., the returning officer said."
        proportion = bool(_PROPORTION.search(q))
        after = text[end:min(sent.end, end + 40)]
        has_base = bool(_BASELINE.search(after) if (proportion or not vague) else _COUNT_BASELINE.search(after)) \
            or bool(_CHANGE_BEFORE.search(text[max(sent.start, start - 30):start])) \
            or compared
        missing = []
        if vague_source and not has_source:
            missing.append(f"The only source is \u201c{vague_source.group()}\u201d, which a reader cannot check.")
        elif not has_source:
            missing.append("Where does the figure come from? The text names no source for it.")
        if (proportion or vague) and not has_base:
            missing.append("Out of how many, or compared with what? There is no baseline.")
        if not has_time:
            missing.append("When was this true? There is no time frame.")
        plain_count = not vague and not exact and not _RATE_OR_AMOUNT_IN_FIGURE.search(q)
        if plain_count and has_time and has_base and not vague_source:
            continue  # "A crowd of 3,812 was the club's biggest league attendance since 2018": a dated record
        named_source = has_source and not vague_source
        if vague and named_source and has_time and not proportion:
            continue  # "dozens of roads were closed on Sunday, the network said": sourced and dated
        if vague and named_source and proportion and not has_time and _ESTIMATE_OF_WHOLE.match(text[end:end + 30]) \
                and _SAYS_WHO.search(sent.text):
            continue  # "Detective Sergeant Holly Ince said about half of the stolen property had been returned"
        if not missing or (not vague and has_source) or (plain_count and has_source):
            continue  # sourced, dated and with a baseline: nothing to ask here
        if plain_count and int(re.sub(r"\D", "", q.split(".")[0]) or 0) < 100:
            continue  # "23 people", "about 40 residents": small counts a reporter can see for themselves
        lead = (f"\u201c{q}\u201d is not an exact figure: roughly how many?" if vague and not re.search(r"\d", q)
                else f"\u201c{q}\u201d:")
        findings.append(ContextFinding("numbers", start, end, q, " ".join([lead] + missing)))
    return findings


# -- time and place ------------------------------------------------------------------------------

_VAGUE_TIME = _T.pattern("vague_time")
_RELATIVE_TIME = _T.pattern("relative_time")
_VAGUE_PLACE = _Q.pattern("vague_place")


def _time_findings(doc: Doc, article: Article | None) -> list[ContextFinding]:
    text = doc.text
    findings = []
    for m in _VAGUE_TIME.finditer(text):
        if doc.in_quote(m.start()):
            continue
        findings.append(ContextFinding(
            "time", m.start(), m.end(), m.group(),
            f"\u201c{m.group()}\u201d: when exactly? A reader cannot tell which days or dates this covers, "
            "or check what else happened then.",
        ))
    precision = getattr(article, "date_precision", None)
    if article is not None and precision in ("month", "year"):
        unit = "month" if precision == "month" else "year"
        vague_starts = [f.start for f in findings]  # in order, never overlapping

        def in_vague(at: int) -> bool:
            i = bisect_right(vague_starts, at) - 1
            return i >= 0 and findings[i].start <= at < findings[i].end

        relative = [m for m in _RELATIVE_TIME.finditer(text) if not doc.in_quote(m.start()) and not in_vague(m.start())]
        if relative:  # one finding: the first such time, and how many there are
            m = relative[0]
            others = len(relative) - 1
            more = f" The same goes for {others} other time{'s' if others > 1 else ''} like it in the text." if others else ""
            findings.append(ContextFinding(
                "time", m.start(), m.end(), m.group(),
                f"\u201c{m.group()}\u201d depends on the day the text was written, and its date is known only to the {unit} "
                f"({article.date}). Which day does it mean?{more}",
            ))
    return findings


def _place_findings(doc: Doc) -> list[ContextFinding]:
    return [
        ContextFinding("place", m.start(), m.end(), m.group(),
                       f"\u201c{m.group()}\u201d: where exactly? Without a named place a reader cannot check the claim "
                       "or compare it with what happened there.")
        for m in _VAGUE_PLACE.finditer(doc.text) if not doc.in_quote(m.start())
    ]


# -- actors: who says so? -----------------------------------------------------------------------

_AGENTLESS = _Q.pattern("agentless")
_AGENT_NAMED = _Q.pattern("agent_named")
_SAYS_WHO = _Q.pattern("says_who")
_SCHEDULED = _Q.pattern("scheduled")
_NOTHING_CLAIMED = _Q.pattern("nothing_claimed")
_HEDGE = _Q.pattern("hedge")
_FACELESS = _Q.pattern("faceless")
_NAMED_AFTER = _Q.pattern("named_after")
_WHO_DID = _Q.table("who_did")
_REPORTED_EVENTS = _Q.pattern("reported_events")
_HEARSAY_AFTER = re.compile(r"\s+(?:to|as|that)\b")  # "was reported to have begun": a claim after all
_CHARGE_CONTEXT = _Q.pattern("charge_context")
_DATED_VIEW = _Q.pattern("dated_view")
_STOP = re.compile(r"[.;:!?]")


def _actor_findings(doc: Doc) -> list[ContextFinding]:
    text = doc.text
    findings = []
    stops = [m.start() for m in _STOP.finditer(text)]
    agents = [m.start() for m in _AGENT_NAMED.finditer(text)]
    says_who: dict[int, bool] = {}  # per sentence, asked once
    timed: dict[int, bool] = {}
    breaks = _paragraph_breaks(text)
    charges: dict[int, bool] = {}  # per paragraph: does it or the one before speak of a charge or a court?

    def charged(offset: int) -> bool:
        a, b = _paragraph_of(doc, offset, breaks)
        if a not in charges:
            charges[a] = bool(_CHARGE_CONTEXT.search(text, a, b)) or (
                a > 0 and bool(_CHARGE_CONTEXT.search(text, *_paragraph_of(doc, max(0, a - 3), breaks))))
        return charges[a]

    for m in _AGENTLESS.finditer(text):
        sent = doc.sentence_at(m.start())
        k = bisect_left(stops, m.end())
        stop = min(stops[k] if k < len(stops) else len(text), sent.end)  # the rest of the clause
        j = bisect_left(agents, m.end())
        if j < len(agents) and agents[j] + 3 <= stop:
            continue  # the agent is named: "is accused by the council of..."
        if sent.start not in says_who:
            says_who[sent.start] = bool(_SAYS_WHO.search(sent.text))
        if says_who[sent.start] or doc.in_quote(m.start()):
            continue  # the sentence says who (even if only "people familiar with the plans")
        if _SCHEDULED.match(text[m.end():m.end() + 30]):
            if sent.start not in timed:
                timed[sent.start] = bool(_TIME_FRAME.search(sent.text))
            if timed[sent.start]:
                continue  # "is expected to publish figures in the spring": a timetable, not a claim
        if _NOTHING_CLAIMED.match(sent.text):
            continue  # "No deaths were reported": nothing is claimed
        verb = m.group().split()[-1].lower()
        if verb == "reported" and _REPORTED_EVENTS.search(text, max(sent.start, m.start() - 40), m.start()) \
                and not _HEARSAY_AFTER.match(text[m.end():m.end() + 6]):
            continue  # "where nine of the cases were reported": cases reported to an authority, not a claim
        if verb in ("accused", "alleged") and charged(m.start()):
            continue  # court copy: "are accused of 17 burglaries" after "have been charged": the charge says so
            # (and "is alleged to have struck" in a trial report: the prosecution's case)
        said = m.group().split()
        verb = " ".join(said[-2:]) if " ".join(said[-2:]) in _WHO_DID else said[-1]  # "referred to"
        findings.append(ContextFinding(
            "actors", m.start(), m.end(), m.group(),
            f"\u201c{m.group()}\u201d: by whom? The text does not say {_WHO_DID.get(verb, 'who says so')}, "
            "so a reader cannot weigh the source.",
        ))
    for m in _HEDGE.finditer(text):
        if doc.in_quote(m.start()):
            continue
        findings.append(ContextFinding(
            "actors", m.start(), m.end(), m.group(),
            f"\u201c{m.group()}\u201d: reported by whom? The text passes the claim on without saying who made it.",
        ))
    for m in _FACELESS.finditer(text):
        if doc.in_quote(m.start()) or _NAMED_AFTER.match(text[m.end():m.end() + 60]):
            continue
        if _DATED_VIEW.match(text[m.end():m.end() + 40]):
            continue  # "Some critics argued at the time that ...": how a work was received then, not a source for now
        findings.append(ContextFinding(
            "actors", m.start(), m.end(), m.group(),
            f"\u201c{m.group()}\u201d: who are they? Unnamed sources cannot be checked. What would you need to know "
            "about them (who, how they know, what they gain) to trust the claim?",
        ))
    return findings




# -- claims about other media -------------------------------------------------------------------

_OUTLET = _G.pattern("outlet")
_MEDIA_GENERIC = _Q.pattern("media_generic")
_MEDIA_VERB = _Q.pattern("media_verb")
_SELF = _Q.pattern("self_reference")
_TALKING_TO = _Q.pattern("talking_to")
_ACCORDING_BEFORE = _Q.pattern("according_before")
_LINK = re.compile(r"https?://|www\.\w", re.IGNORECASE)
_JOURNAL_NAME = _Q.pattern("journal_name")
_JOURNAL_BEFORE = _Q.pattern("journal_before")
_DATELINE = _G.pattern("dateline")


def _dateline_credit(text: str) -> tuple[int, int] | None:
    """Where the agency or outlet of a wire dateline is ("ELLERDEEN (Coastline Wire) —": "Coastline Wire")."""
    m = _DATELINE.match(text)
    return m.span("credit") if m else None


def _media_findings(doc: Doc, article: Article | None) -> list[ContextFinding]:
    text = doc.text
    own = (getattr(article, "outlet", "") or "").lower()
    findings = []
    credit = _dateline_credit(text)
    for sent in doc.sentences:
        refs = []
        for m in _OUTLET.finditer(sent.text):
            name = m.group().strip()
            if own and name.lower().removeprefix("the ") == own.removeprefix("the "):
                continue
            if credit and credit[0] <= sent.start + m.start() < credit[1]:
                continue  # "ELLERDEEN (Coastline Wire) —": who filed the story, not a claim about other media
            if _JOURNAL_NAME.match(sent.text[m.end():m.end() + 12]) \
                    or _JOURNAL_BEFORE.search(sent.text[max(0, m.start() - 10):m.start()]):
                continue  # "published in the Journal of Clinical Neurology": a reference to look up, not a news outlet
            refs.append((m.start(), m.end(), True))
        for m in _MEDIA_GENERIC.finditer(sent.text):
            refs.append((m.start(), m.end(), False))
        refs = [r for r in refs if not _SELF.search(sent.text[max(0, r[0] - 5):r[1]])
                and not (_TALKING_TO.search(sent.text[max(0, r[0] - 60):r[0]])
                         and not _ACCORDING_BEFORE.search(sent.text[max(0, r[0] - 14):r[0]]))]
        # "speak to the press", "told reporters": talking to the media is not a claim about them
        if not refs:
            continue
        start, end, named = min(refs)
        rest = sent.text[:start] + " " + sent.text[end:]
        if not _MEDIA_VERB.search(rest) and not _MEDIA_VERB.search(sent.text[start:end]):
            continue
        if _LINK.search(sent.text):
            continue
        if any(len(text[a:b].split()) >= 6 for a, b in doc.quotes_in(sent.start, sent.end)):
            continue
        a, b = sent.start + start, sent.start + end
        ref = text[a:b]
        if named:
            question = (f"What exactly did {ref} say or leave out, and when? The text gives no link, date or quotation. "
                        "Find the original report and compare (SIFT: trace claims to the original).")
        else:
            question = (f"Which outlets are \u201c{ref}\u201d, and where did they say (or not say) this? A claim about "
                        "\u201cthe media\u201d names no report you could check: find two reports from different outlets and compare.")
        findings.append(ContextFinding("media_claims", a, b, ref, question))
    return findings


# -- the 5 Ws and H ------------------------------------------------------------------------------

_WHEN_EXACT = _T.pattern("when_exact")
_WHEN_YEAR = _T.pattern("when_year")
_WHERE = _Q.pattern("where")
_LEADING_ARTICLE = _Q.pattern("leading_article")
_WHY = _Q.pattern("why")
_HOW = _Q.pattern("how")


def _clause(doc: Doc, start: int, end: int, limit: int = 90) -> Span:
    """From ``start`` to the end of its clause (at most ``limit`` characters): readable evidence."""
    sent = doc.sentence_at(start)
    stop = min(sent.end, start + limit)
    m = re.search(r"[,;:.!?](?:\s|$)", doc.text[end:stop])
    stop = end + m.start() if m else stop
    a, b = _trim(doc.text, start, stop)
    return doc.span(a, b)


def _five_ws(doc: Doc, actors: list[Actor]) -> list[ContextFinding]:
    text = doc.text
    out: list[ContextFinding] = []

    def add(w: str, span: Span | None, status: str, question: str) -> None:
        if span is None:
            out.append(ContextFinding("five_ws", None, None, f"{w}: not answered in the text", question, status))
        else:
            out.append(ContextFinding("five_ws", span.start, span.end, span.text, question, status))

    people = [a for a in actors if a.kind in ("person", "org", "group")]
    if people:
        who = people[0].first
        add("Who", who, "answered",
            f"Who? The text names people or groups, starting with \u201c{who.text}\u201d. Are they the people the story is "
            "about, and who is missing? (See the voices findings.)")
    else:
        add("Who", None, "open", "Who? The text names no person or group. Who did this, and who is affected?")

    if doc.sentences:
        lead = doc.sentences[0]
        add("What", lead, "answered",
            "What happened? The first sentence should say. Does it report an event a reader could check, "
            "or mostly how the writer sees it?")
    else:
        add("What", None, "open", "What happened? The text has no sentence that says.")

    exact = next((m for m in _WHEN_EXACT.finditer(text) if not doc.in_quote(m.start())), None)
    rough = next((m for m in _WHEN_YEAR.finditer(text) if not doc.in_quote(m.start())), None) \
        or next((m for m in _VAGUE_TIME.finditer(text) if not doc.in_quote(m.start())), None)
    if exact:
        add("When", doc.span(exact.start(), exact.end()), "answered",
            f"When? The text gives \u201c{exact.group()}\u201d. Is every event in it dated, or only some?")
    elif rough:
        add("When", doc.span(rough.start(), rough.end()), "partly",
            f"When? Only roughly: the clearest time in the text is \u201c{rough.group()}\u201d. On what dates did the events happen?")
    else:
        add("When", None, "open", "When did this happen? The text gives no date or time.")

    named = {a.key[2:] for a in actors if a.kind != "group"}
    place = None
    for m in _WHERE.finditer(text):
        if _POSSESSIVE.search(m.group()):
            continue  # "at ShipRight's distribution centre": the place is the centre, not the firm
        last = _POSSESSIVE.sub("", m.group().split()[-1]).lower()
        if last in named and not m.group().isupper():
            continue  # "to the Washington Post" is a source, not a place
        name = m.group().split(" ", 1)[-1] if " " in m.group() and m.group()[0].islower() else m.group()
        first = _LEADING_ARTICLE.sub("", name).split()[0] if name.strip() else ""
        if first.lower() in _MONTHS | _DAYS | _COMMON or doc.in_quote(m.start()):
            continue
        place = m
        break
    if place:
        add("Where", doc.span(place.start(), place.end()), "answered",
            f"Where? The text names \u201c{place.group()}\u201d. Is that precise enough to check what happened there?")
    else:
        add("Where", None, "open", "Where did this happen? The text names no place.")

    why = next((m for m in _WHY.finditer(text) if not doc.in_quote(m.start())), None)
    if why:
        span = _clause(doc, why.start(), why.end())
        add("Why", span, "answered",
            f"Why? The text offers a reason: \u201c{span.text}\u201d. Whose explanation is it (the writer's, or someone "
            "in a position to know), and what other explanations are there?")
    else:
        add("Why", None, "open", "Why did this happen? The text gives no cause or reason. Who could explain it?")

    how = next((m for m in _HOW.finditer(text) if not doc.in_quote(m.start())), None)
    if how:
        span = _clause(doc, how.start(), how.end())
        add("How", span, "answered", f"How? The text says: \u201c{span.text}\u201d. Is that enough to picture how it happened?")
    else:
        add("How", None, "open", "How did it happen? The text does not say by what means or steps.")
    return out


# -- who is behind it -----------------------------------------------------------------------------

_TAG = re.compile(r"^\(([A-Za-z][\w .&-]{1,40})\)")
_FIRST_PERSON = _Q.pattern("first_person")
_BYLINE = _Q.pattern("byline")


def _behind(doc: Doc, article: Article | None) -> list[ContextFinding]:
    text = doc.text
    out = []
    if article is not None:
        stance = (article.meta.get("stance") or "").strip()
        text_line = f"{article.outlet} \u00b7 {article.author} \u00b7 {article.date}"
        if stance:
            text_line += f" \u00b7 stated stance: {stance}"
            question = (f"Who is behind this? It was published by {article.outlet}, which has a stated stance (above). "
                        "What does the outlet want readers to think? Who runs and funds it, and what do other sources say "
                        "about it? (Civic Online Reasoning: who is behind the information?)")
        else:
            question = (f"Who is behind this? It was published by {article.outlet}; the kit has no note on the outlet's "
                        "stance. Find out who runs and funds it, and what other sources say about it, before you trust it.")
        out.append(ContextFinding("behind", None, None, text_line, question, "info"))
    elif not _BYLINE.match(text):
        out.append(ContextFinding(
            "behind", None, None, "No outlet or author is named in the text.",
            "Who is behind this? The text alone does not say who published or wrote it. Find out who they are, "
            "and what they want readers to think, before you trust it.", "info"))
    tag = _TAG.match(text)
    if tag and not (article is not None and article.kind == "practice"):
        span = doc.span(tag.start(), tag.end())
        out.append(ContextFinding(
            "behind", span.start, span.end, span.text,
            f"\u201c{span.text}\u201d names the outlet, not a news agency or a reporter on the spot. Where was the writer, "
            "and how could they know what they report?"))
    for m in _FIRST_PERSON.finditer(text):
        if doc.in_quote(m.start()):
            continue
        out.append(ContextFinding(
            "behind", m.start(), m.end(), m.group(),
            f"The writer speaks for themselves (\u201c{m.group()}\u201d). Is this a news report or an opinion piece, "
            "and does the page say which?"))
        break
    return out


# -- everything ------------------------------------------------------------------------------------


def find_context(text: str, article: Article | None = None, sentence_spans: list[Span] | None = None) -> list[ContextFinding]:
    """Every context finding for ``text`` (an article's body text, or any text).

    Pass the :class:`~newslit.text.articles.Article` the text comes from to add
    what its metadata tells (who is behind it; which relative dates cannot be
    resolved). Findings with offsets come first, in text order; findings
    about the whole text (``start is None``) follow, in check order.
    ``sentence_spans`` (``nlp.sentences(text)``) saves splitting the text again.

    >>> [(f.check, f.text) for f in find_context("Thousands fled, observers said.") if f.status == "gap"]
    [('numbers', 'Thousands'), ('actors', 'observers')]
    """
    reading = analyse(text, sentence_spans)
    doc = reading.doc
    actors = [a for a in reading.actors if a.mentions]  # the people and groups the text names
    findings = (
        _voice_findings(reading) + _number_findings(doc) + _time_findings(doc, article) + _place_findings(doc)
        + _actor_findings(doc) + _media_findings(doc, article) + _five_ws(doc, actors) + _behind(doc, article)
    )
    seen, unique = set(), []
    for f in findings:
        key = (f.check, f.start, f.end, f.text, f.question if f.check == "five_ws" else "")
        if key not in seen:
            seen.add(key)
            unique.append(f)
    located = sorted((f for f in unique if f.start is not None), key=lambda f: (f.start, f.end, _ORDER[f.check]))
    whole = sorted((f for f in unique if f.start is None), key=lambda f: _ORDER[f.check])
    return located + whole


def context_for(article: Article) -> list[ContextFinding]:
    """:func:`find_context` on an article's body text, with its metadata."""
    return find_context(article.text, article)
