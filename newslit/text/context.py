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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newslit.text.attribution import Actor, Doc, Reading, analyse
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




# -- voices: who is heard and who is only talked about ------------------------------------------

_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_COMMON = set("""
a an the in on at for with from this that these those it its his her their our your my we they he she i you but and
or so if as when while after before since by of to according meanwhile instead further regardless yet still even not
no some many most all every each one two three four five six seven eight nine ten ask tell wake delete open until then
there here what who why how under over once under across about against among between during into through upon
nobody everyone anyone someone nothing everything something people just only also however because although though
unless whether where which whose whom yes of course now today yesterday tomorrow tonight last next another other
such both either neither several few more less much very too quite rather almost nearly hundreds thousands millions
dozens missing further for example instead behind ordinary don't coincidence
""".split())
_POSSESSIVE = re.compile(r"[’']s$")

_SAY = (
    r"said|says|say|told|tells|tell|added|adds|explained|explains|stated|states|claimed|claims|claim|insisted|"
    r"insists|insist|maintained|maintains|warned|warns|admitted|admits|conceded|concedes|confirmed|confirms|"
    r"announced|announces|argued|argues|described|describes|wrote|writes|noted|notes|replied|replies|reported|"
    r"reports|asked|asks|denied|denies|acknowledged|acknowledges|estimated|estimates|predicted|predict|predicts|"
    r"promised|promise|promises|gushed|bragged|lectured|slammed|swear|swears|swore|called|calls|call|tweeted|"
    r"posted|recalled|suggested|suggests|believes|believe|expects|expected|speculating|speculated|speculate|urged|"
    r"urges|complained|complains|accused|accuses|blamed|blames|condemned|condemns|criticised|criticized|saying|telling|"
    r"adding|arguing|insisting|claiming|warning|describing|calling|explaining|noting"
)
_SAY_RE = re.compile(rf"\b(?:{_SAY})\b")

_AFFECTED = {
    "resident", "civilian", "citizen", "family", "parent", "pupil", "student", "teacher", "worker", "employee",
    "striker", "tenant", "patient", "nurse", "doctor", "protester", "protestor", "campaigner", "activist", "voter",
    "taxpayer", "ratepayer", "shopper", "shopkeeper", "trader", "driver", "passenger", "pensioner", "local", "refugee",
    "migrant", "customer", "consumer", "farmer", "community",
}


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

_FRACTION = re.compile(
    r"\b(?:(?:about|around|roughly|nearly|almost|some|more than|over|less than|fewer than|up to|at least|barely|"
    r"just over|just under|as many as|as much as|by)\s+)?(?:a|one|two|three)\s+(?:third|quarter|half|fifth|tenth)s?\b"
    r"|\b(?:more than |less than |about |nearly |almost |over )?half\b(?! an? (?:hour|day|mile|minute))",
    re.IGNORECASE,
)
_VAGUE_COUNT = re.compile(
    r"\b(?:(?:tens|hundreds) of )?(?:dozens|scores|hundreds|thousands|millions|billions)\b(?: of)?"
    r"|\b(?:a|the) (?:majority|minority|handful|fraction)\b(?: of)?",
    re.IGNORECASE,
)
_DIGITS = re.compile(
    r"(?<![\w.,/:-])(?:[$£€¥]\s?)?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:\s?(?:%|percent|per cent|million|billion|trillion|bn|m\b|k\b))?"
    r"|(?<![\w.,/:-])(?:[$£€¥]\s?)?\d+(?:\.\d+)?(?:\s?(?:%|percent|per cent|million|billion|trillion|bn|m\b|k\b))?"
)
_TIME_UNIT_AFTER = re.compile(r"\s?(?:-|\s)?(?:a\.m\.|p\.m\.|am\b|pm\b|:\d\d|hours?|days?|weeks?|months?|years?|minutes?|"
                              r"seconds?|decades?|centuries|year-old|-year|-week|-day|-hour|-month|st\b|nd\b|rd\b|th\b)",
                              re.IGNORECASE)
_ID_BEFORE = re.compile(r"(?:route|routes|number|no\.|gate|chapter|page|room|platform|line|flat|junction|section|article|"
                        r"level|grade|bus|ward|unit|building|block|exit|version|aged|age|ages|year|years)\s*$", re.IGNORECASE)
_MONTH_NAMES = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_NEAR = re.compile(rf"(?:{_MONTH_NAMES}\s*$)", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^\s*{_MONTH_NAMES}\b", re.IGNORECASE)
_SOURCE = re.compile(
    rf"\b(?:according to|figures|data|statistics|survey|study|census|poll|polled|report|reported|reports|shows|showed|"
    rf"published|statement|records|counted|estimated|estimates|measured|found)\b|\b(?:{_SAY})\b",
    re.IGNORECASE,
)
_VAGUE_SOURCE = re.compile(
    r"\b(?:(?:many|some|several|multiple|unnamed|anonymous|various|numerous|other)\s+(?:\w+\s+)?(?:sources|observers|"
    r"experts|reports|people|analysts|critics|officials)|reportedly|allegedly|it is (?:said|believed|thought|reported)|"
    r"sources say|sources said|observers)\b",
    re.IGNORECASE,
)
_TIME_FRAME = re.compile(
    rf"\b(?:(?:19|20)\d\d|{_MONTH_NAMES}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
    r"tonight|(?:last|this|next|previous|each|every|a|per)[ -](?:week|month|year|quarter|day|winter|summer|spring|autumn|"
    r"fall|night|decade)|since|so far|in the year to|annual(?:ly)?|quarter|recent(?:ly)?|in the (?:last|past) "
    r"(?:few |several )?(?:days|weeks|months|years)|within \d+|by the end of|until|weekly|monthly|daily|overnight|"
    r"this (?:morning|afternoon|evening)|in the (?:spring|summer|autumn|fall|winter|new year)|(?:later|earlier) this "
    r"(?:week|month|year))\b",
    re.IGNORECASE,
)
_COUNT_BASELINE = re.compile(r"\b(?:out of|of (?:the |its |their |an estimated |some |about |around )?[\d,]+|than|compared|per)\b",
                             re.IGNORECASE)
_BASELINE = re.compile(
    r"\b(?:of (?:the|its|their|his|her|all|a|an|every|opposition|\d)|of\b|out of|than|compared|from\b|up\b|down\b|rose|"
    r"fell|risen|fallen|increase[ds]?|decrease[ds]?|cut|jump(?:ed)?|higher|lower|below|above|previous|average|per|"
    r"each|every|a head|in every|rise|drop(?:ped)?|doubled|tripled|halved|total)\b",
    re.IGNORECASE,
)


def _is_statistic(doc: Doc, m: re.Match) -> bool:
    text = doc.text
    value = m.group()
    if re.search(r"[%$£€¥]|percent|per cent|million|billion|trillion|bn\b", value, re.IGNORECASE):
        return True
    digits = re.sub(r"\D", "", value.split(".")[0])
    if not digits:
        return False
    after = text[m.end():m.end() + 14]
    before = text[max(0, m.start() - 14):m.start()]
    if _TIME_UNIT_AFTER.match(after) or _ID_BEFORE.search(before) or _DATE_NEAR.search(before) or _DATE_AFTER.match(after):
        return False
    if re.match(r"\s?[-–]\s?\d|\s?to\s\d", after) or re.search(r"\d\s?[-–]\s?$", before):
        return False  # a score or a vote: 7-2, 23 to 19
    if re.match(r"^(?:19|20)\d\d$", value):
        return False  # a year
    if re.search(r",\s*$", before) and re.match(r"\s*,", after):
        return False  # an age after a name: "Ron Castle, 78,"
    return int(digits) >= 10


def _paragraph_of(doc: Doc, offset: int) -> Span:
    start = doc.text.rfind("\n\n", 0, offset)
    start = 0 if start < 0 else start + 2
    end = doc.text.find("\n\n", offset)
    end = len(doc.text) if end < 0 else end
    return doc.span(start, end)


def _number_findings(doc: Doc) -> list[ContextFinding]:
    """Quantities a reader cannot check: vague ones ("thousands", "about a third") missing a source, a
    baseline or a time, and precise figures (money, percentages, counts of 100 or more) with no source nearby."""
    text = doc.text
    found: list[tuple[int, int, bool]] = []
    for regex in (_FRACTION, _VAGUE_COUNT):
        for m in regex.finditer(text):
            start, end = m.start(), m.end()
            if regex is _FRACTION and re.match(r"(?:a|one)\s", m.group(), re.I) and re.match(r"\s+(?!of\b)[a-z]", text[end:end + 3]):
                continue  # an ordinal: "a third operating theatre", not a fraction
            if text[start:end].lower().endswith(" of"):
                end -= 3
            found.append((start, end, True))
    for m in _DIGITS.finditer(text):
        if _is_statistic(doc, m):
            found.append((m.start(), m.end(), False))
    found.sort()
    findings, taken = [], -1
    for start, end, vague in found:
        if start < taken:
            continue
        taken = end
        q = text[start:end]
        sent = doc.sentence_at(start)
        # a vague quantity must be pinned down in its own sentence; a precise one is usually
        # covered by an attribution elsewhere in its paragraph ("..., the finance office said.")
        scope = sent.text if vague else _paragraph_of(doc, start).text
        vague_source = _VAGUE_SOURCE.search(sent.text)
        if vague_source:  # "according to many sources", "some experts believe": a source no reader can check
            cleaned = re.sub(r"(?:according to\s+)?" + re.escape(vague_source.group()) + r"(?:\s+\w+)?", " ", scope, flags=re.I)
            has_source = bool(re.search(r"according to (?:the )?[A-Z]|\b(?:figures|data|statistics|survey|study|census|"
                                        r"poll|report)\b", cleaned))
        else:
            has_source = bool(_SOURCE.search(scope))
        has_time = bool(_TIME_FRAME.search(scope))
        proportion = bool(re.search(r"third|quarter|half|fifth|tenth|%|percent|per cent|majority|minority|fraction", q, re.I))
        after = text[end:min(sent.end, end + 40)]
        has_base = bool(_BASELINE.search(after) if (proportion or not vague) else _COUNT_BASELINE.search(after)) \
            or bool(re.search(r"\b(?:risen|rose|fallen|fell|up|down|increased|decreased|cut|jumped|grown|grew|dropped)\s+(?:by\s+)?$",
                              text[max(sent.start, start - 30):start], re.I)) \
            or bool(re.search(r"\b(?:from|than|compared|out of)\b", sent.text, re.I))
        missing = []
        if vague_source and not has_source:
            missing.append(f"The only source is \u201c{vague_source.group()}\u201d, which a reader cannot check.")
        elif not has_source:
            missing.append("Where does the figure come from? The text names no source for it.")
        if (proportion or vague) and not has_base:
            missing.append("Out of how many, or compared with what? There is no baseline.")
        if not has_time:
            missing.append("When was this true? There is no time frame.")
        plain_count = not vague and not re.search(r"[%$£€¥]|percent|per cent|million|billion|trillion|bn", q, re.I)
        if not missing or (not vague and has_source) or (plain_count and has_source):
            continue  # sourced, dated and with a baseline: nothing to ask here
        if plain_count and int(re.sub(r"\D", "", q.split(".")[0]) or 0) < 100:
            continue  # "23 people", "about 40 residents": small counts a reporter can see for themselves
        lead = (f"\u201c{q}\u201d is not an exact figure: roughly how many?" if vague and not re.search(r"\d", q)
                else f"\u201c{q}\u201d:")
        findings.append(ContextFinding("numbers", start, end, q, " ".join([lead] + missing)))
    return findings


# -- time and place ------------------------------------------------------------------------------

_VAGUE_TIME = re.compile(
    r"\b(?:in|over|during|within) the (?:last|past|next|coming) (?:few |several |couple of )?(?:days|weeks|months|years|decades)\b"
    r"|\b(?:earlier|later) (?:this|that|in the) (?:year|month|week|decade|day)\b"
    r"|\b(?:recently|lately|of late|nowadays|these days|in recent (?:days|weeks|months|years|times))\b"
    r"|\brecent\b"
    r"|\b(?:some time|a while|not long|years|months|weeks|decades) ago\b"
    r"|\bfor (?:years|decades|months|weeks|some time|a long time|as long as anyone can remember)\b"
    r"|\b(?:at one point|in the past|one day|some day|soon|at some point|before long)\b",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(
    r"\b(?:(?:on|last|this|next) )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?: (?:night|morning|afternoon|evening))?\b"
    r"|\b(?:last|this|next) (?:week|month|year|winter|summer|spring|autumn|weekend|night)\b"
    r"|\b(?:yesterday|today|tonight|tomorrow|currently|earlier this week)\b",
    re.IGNORECASE,
)
_VAGUE_PLACE = re.compile(
    r"\b(?:elsewhere|somewhere|abroad|overseas|around the world|across the (?:country|world|region|globe)|"
    r"in (?:the|this|that) region|in other (?:countries|places|cities|towns|areas)|nearby|in some (?:places|areas|countries)|"
    r"on the ground|in many places|in other parts of the (?:world|country))\b",
    re.IGNORECASE,
)


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
        vague = [(f.start, f.end) for f in findings]
        relative = [m for m in _RELATIVE_TIME.finditer(text)
                    if not doc.in_quote(m.start()) and not any(a <= m.start() < b for a, b in vague)]
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

_AGENTLESS = re.compile(
    r"\b(?:(?:has|have|had|would|will|could|may|might|must|can|should)\s+(?:\w+\s+){0,2}?)?(?:is|are|was|were|be|been|being)\s+(?:(?:widely|often|also|now|still|generally|commonly|already|most|likely|"
    r"long|repeatedly|previously)\s+)*(?:expected|believed|thought|said|reported|alleged|accused|considered|seen|"
    r"feared|understood|estimated|rumou?red|claimed|described|referred to|blamed|suspected|predicted|viewed|regarded|"
    r"tipped|deemed|linked|criticised|criticized|condemned)\b",
    re.IGNORECASE,
)
_SCHEDULED = re.compile(
    r"\s+to\s+(?:publish|announce|face|meet|vote|report|decide|rule|appear|attend|open|close|start|begin|finish|arrive|"
    r"return|sign|visit|speak|testify|release|hold|take effect|complete|launch|debate|hear)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:reportedly|allegedly|purportedly|supposedly|apparently|rumou?redly)\b", re.IGNORECASE)
_FACELESS = re.compile(
    r"\b(?:(?:many|some|several|multiple|unnamed|anonymous|various|numerous|certain)\s+(?:(?:military|political|western|"
    r"local|independent|senior|government|industry|security|diplomatic|intelligence|other)\s+)?(?:sources|observers|"
    r"experts|critics|analysts|commentators|insiders|officials|reports|people|studies|scientists|economists)"
    r"|(?<![’'])\b(?:sources|observers|experts|critics|analysts|commentators|insiders)(?=\s+(?:say|said|says|believe|"
    r"think|speculat\w*|predict\w*|warn\w*|claim\w*|suggest\w*|agree\w*|fear\w*|expect\w*|note\w*|point\w*|to\b)))\b",
    re.IGNORECASE,
)
_NAMED_AFTER = re.compile(r"^\W{0,3}(?:\w+\s+){0,3}?(?:by|at|from|of|for|with|in)\s+(?:the\s+)?(?:\w+\s+){0,2}?[A-Z]")


def _actor_findings(doc: Doc) -> list[ContextFinding]:
    text = doc.text
    findings = []
    for m in _AGENTLESS.finditer(text):
        sent = doc.sentence_at(m.start())
        rest = re.split(r"[.;:!?]", text[m.end():sent.end])[0]
        if re.search(r"\bby\s+(?!the time|then|now|far|contrast|comparison|\d|\w+ing\b)", rest):
            continue  # the agent is named: "is accused by the council of..."
        if re.search(r"\b(?:said|says|according to)\b", sent.text, re.I) or doc.in_quote(m.start()):
            continue  # the sentence says who (even if only "people familiar with the plans")
        if _SCHEDULED.match(text[m.end():m.end() + 30]) and _TIME_FRAME.search(sent.text):
            continue  # "is expected to publish figures in the spring": a timetable, not a claim
        if re.match(r"(?:No|None|Nothing|Neither)\b", sent.text):
            continue  # "No deaths were reported": nothing is claimed
        verb = m.group().split()[-1] if not m.group().endswith("referred to") else "referred to"
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
        findings.append(ContextFinding(
            "actors", m.start(), m.end(), m.group(),
            f"\u201c{m.group()}\u201d: who are they? Unnamed sources cannot be checked. What would you need to know "
            "about them (who, how they know, what they gain) to trust the claim?",
        ))
    return findings


_WHO_DID = {
    "expected": "who expects it", "believed": "who believes it", "thought": "who thinks so", "said": "who says it",
    "reported": "who reported it", "alleged": "who alleges it", "accused": "who made the accusation",
    "considered": "who sees it that way", "seen": "who sees it that way", "viewed": "who sees it that way",
    "regarded": "who sees it that way", "deemed": "who judged it so", "feared": "who fears it",
    "understood": "who understands it so", "estimated": "who made the estimate", "rumoured": "who spread the rumour",
    "rumored": "who spread the rumor", "claimed": "who claims it", "described": "who describes it so",
    "referred to": "who would call them that", "blamed": "who blames them", "suspected": "who suspects it",
    "predicted": "who predicts it", "tipped": "who tips it", "linked": "who makes the link",
    "criticised": "who criticised it", "criticized": "who criticized it", "condemned": "who condemned it",
}


# -- claims about other media -------------------------------------------------------------------

_MEDIA_END = (
    r"Times|Post|News|Journal|Herald|Guardian|Telegraph|Gazette|Tribune|Chronicle|Observer|Mail|Express|Independent|"
    r"Mirror|Standard|Star|Sun|Economist|Press|Radio|Television|TV|Review|Magazine|Record|Bulletin|Dispatch|Inquirer|"
    r"Examiner|Courier|Register|Monitor|Reporter"
)
_OUTLET = re.compile(
    rf"(?:[Tt]he\s+)(?:[A-Z][\w’'.&-]*\s+){{0,3}}(?:{_MEDIA_END})\b|(?:[A-Z][\w’'.&-]*\s+){{1,3}}(?:{_MEDIA_END})\b"
    r"|\b(?:BBC|CNN|Reuters|AP|AFP|NPR|PBS|MSNBC|Al Jazeera|RT|Bloomberg|Politico|Axios|BuzzFeed|HuffPost|Breitbart|"
    r"Sputnik|Anadolu|SANA|Xinhua|Le Monde|Der Spiegel|Associated Press|Agence France-Presse|Fox)\b"
)
_MEDIA_GENERIC = re.compile(
    r"\b(?:(?:the|any|all|every|most|no|not one|many)\s+)?(?:(?:mainstream|national|local|western|corporate|liberal|"
    r"conservative|legacy|establishment|foreign|international|major|news|other)\s+)+(?:media|press|narratives?|"
    r"coverage|outlets?|newspapers?|networks|channels|broadcasters|reporters|journalists)\b"
    r"|\b(?:the|these|those)\s+media\b|\bthe press\b|\bjournalists\b|\bthe news\b",
    re.IGNORECASE,
)
_MEDIA_VERB = re.compile(
    r"\b(?:report\w*|refer\w*|said|say|says|quot\w*|mention\w*|ignor\w*|neglect\w*|fail\w*|missing|left out|leave out|"
    r"omit\w*|cover\w*|print\w*|describ\w*|call\w*|portray\w*|bother\w*|silent|too busy|won[’']t tell|will not|"
    r"according to|publish\w*|broadcast\w*|narrative|tell you|told|wrote|claim\w*|spin\w*|hid\w*|bury|buried|notice\w*)\b",
    re.IGNORECASE,
)
_SELF = re.compile(r"\bthis (?:website|site|newspaper|paper|outlet|station|programme|program|magazine|blog)\b", re.IGNORECASE)
_LINK = re.compile(r"https?://|www\.\w", re.IGNORECASE)


def _media_findings(doc: Doc, article: Article | None) -> list[ContextFinding]:
    text = doc.text
    own = (getattr(article, "outlet", "") or "").lower()
    findings = []
    for sent in doc.sentences:
        refs = []
        for m in _OUTLET.finditer(sent.text):
            name = m.group().strip()
            if own and name.lower().removeprefix("the ") == own.removeprefix("the "):
                continue
            refs.append((m.start(), m.end(), True))
        for m in _MEDIA_GENERIC.finditer(sent.text):
            refs.append((m.start(), m.end(), False))
        refs = [r for r in refs if not _SELF.search(sent.text[max(0, r[0] - 5):r[1]])
                and not (re.search(r"\b(?:to|with|told|tell|tells)\s+$", sent.text[max(0, r[0] - 8):r[0]])
                         and not re.search(r"according\s+to\s+$", sent.text[max(0, r[0] - 14):r[0]], re.I))]
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

_WHEN_EXACT = re.compile(
    rf"\b(?:(?:on |last |this |next )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    rf"\d{{1,2}} {_MONTH_NAMES}(?: (?:19|20)\d\d)?|{_MONTH_NAMES} \d{{1,2}}(?:, (?:19|20)\d\d)?|"
    rf"(?:in |since |from |until |by )?(?:January|February|March|April|May|June|July|August|September|October|November|December)(?: (?:19|20)\d\d)?|"
    r"yesterday|today|tonight|last (?:week|month|night)|this (?:week|month|morning|afternoon|evening)|\d{1,2}(?::\d\d)? ?[ap]\.m\.)",
)
_WHEN_YEAR = re.compile(r"\b(?:in |since |of |before |after |by )?(?:the end of |early |late )?(?:19|20)\d\d\b|\b(?:last|this|next) year\b")
_WHERE = re.compile(
    r"^[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+)*(?=\s*(?:\(|,|—|–|-))"
    r"|\b(?:in|at|near|outside|across|inside|from|to|on|through|along|around) (?:the )?(?:[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,3})",
    re.MULTILINE,
)
_WHY = re.compile(
    r"\b(?:because(?: of)?|due to|as a result(?: of)?|caused by|in order to|so that|the reason|in response to|followed|"
    r"aims? to|aimed at|intends? to|in an effort to|to try to|following|after (?:a|an|the|two|three|several|\w+ing)\b|"
    r"which (?:allows|means)|needed because|to pay for|to fund|the aim)\b",
    re.IGNORECASE,
)
_HOW = re.compile(
    r"\b(?:with the (?:aid|help|support|backing) of|by means of|by (?:\w+ing)\b|using|through|via|backed by|"
    r"funded by|with (?:the )?use of|under the plan|by boat|by bus|by road|by air)\b",
    re.IGNORECASE,
)


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
        first = re.sub(r"^the ", "", name).split()[0] if name.strip() else ""
        if first.lower() in _MONTHS | _DAYS | _COMMON or first.lower() in {"the"} or doc.in_quote(m.start()):
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
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our)\b|\btold (?:me|us)\b|\bthis (?:website|site|newspaper|paper|blog)\b")


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
    elif not re.match(r"\s*(?:By|BY)\s+[A-Z]", text):
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
