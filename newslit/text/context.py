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
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newslit.text.spans import Span, sentences, words

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


# -- the text, split once ------------------------------------------------------------------------

_QUOTED = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"")


class _Doc:
    def __init__(self, text: str, sentence_spans: list[Span] | None = None):
        self.text = text
        self.sentences: list[Span] = list(sentence_spans) if sentence_spans is not None else sentences(text)
        self._starts = [s.start for s in self.sentences]
        self.quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        self._quote_starts = [q[0] for q in self.quotes]
        self.words: list[Span] = words(text)
        self._word_starts = [w.start for w in self.words]

    def sentence_at(self, offset: int) -> Span:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end + 1:
            return self.sentences[i]
        return Span(offset, offset, "")

    def sentence_index(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def in_quote(self, offset: int) -> bool:
        i = bisect_right(self._quote_starts, offset) - 1
        return i >= 0 and self.quotes[i][0] < offset < self.quotes[i][1]

    def word_index(self, offset: int) -> int:
        """Index of the first word starting at or after ``offset``."""
        return bisect_right(self._word_starts, offset - 1)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:.":
        end -= 1
    return start, end


# -- voices: who is heard and who is only talked about ------------------------------------------

_IRREGULAR = {
    "children": "child", "families": "family", "militias": "militia", "businesses": "business", "bosses": "boss",
    "companies": "company", "authorities": "authority", "police": "police", "staff": "staff", "media": "media",
    "press": "press", "forces": "force", "people": "people", "parties": "party", "ministries": "ministry",
    "agencies": "agency", "charities": "charity", "communities": "community",
}
_GROUP_FORMS = """
resident residents civilian civilians citizen citizens families parent parents pupil pupils
student students teacher teachers worker workers employee employees staff striker strikers tenant tenants
landlord landlords patient patients nurse nurses doctor doctors police officer officers protester protesters
protestor protestors campaigner campaigners activist activists voter voters taxpayer taxpayers ratepayer ratepayers
shopper shoppers shopkeeper shopkeepers trader traders businesses driver drivers passenger passengers pensioner
pensioners locals refugee refugees migrant migrants rebel rebels fighter fighters militia militias militant militants
troops soldier soldiers forces government governments regime administration opposition council councillor councillors
board company companies firm firms union unions authority authorities officials ministry media press journalist
journalists critic critics supporter supporters opponent opponents observer observers analyst analysts expert experts
investor investors shareholder shareholders customer customers consumer consumers farmer farmers bosses manager
managers executives developer developers contractor contractors charity charities community communities
"""
_GROUP = {w: _IRREGULAR.get(w, w[:-1] if w.endswith("s") and not w.endswith("ss") else w) for w in _GROUP_FORMS.split()}
_GROUP["troops"] = "troop"
_NOT_AFTER_FORCES = {"the", "a", "an", "them", "us", "him", "her", "it", "people", "residents", "its", "their"}
_PRESS_BEFORE = {"the", "mainstream", "national", "local", "free", "foreign", "international", "western", "gutter"}

_ROLE_WORDS = {
    "spokesman", "spokeswoman", "spokesperson", "leader", "councillor", "councilor", "organiser", "organizer", "chair",
    "chairman", "chairwoman", "resident", "member", "executive", "chief", "manager", "officer", "nurse", "pensioner",
    "doctor", "gp", "candidate", "president", "founder", "director", "head", "envoy", "correspondent", "reporter",
    "minister", "secretary", "mayor", "deputy", "superintendent", "inspector", "professor", "analyst", "economist",
    "lawyer", "judge", "senator", "governor", "commander", "general", "colonel", "captain", "ambassador", "official",
    "campaigner", "activist", "teacher", "worker", "picker", "farmer", "owner", "landlord", "tenant", "student",
}
_TITLES = {
    "mr", "mrs", "ms", "dr", "sir", "dame", "president", "prime", "minister", "secretary", "senator", "governor",
    "mayor", "councillor", "chief", "superintendent", "inspector", "judge", "professor", "general", "colonel",
    "captain", "king", "queen", "prince", "princess", "sheikh", "pope", "rev", "father", "deputy", "vice",
    "chancellor", "lord", "lady", "state", "foreign", "defence", "defense", "interior", "home",
}
_ORG_WORDS = {
    "council", "board", "authority", "office", "union", "party", "group", "movement", "front", "forum", "partnership",
    "coalition", "holdings", "systems", "foods", "residential", "agency", "ministry", "department", "centre", "center",
    "company", "corporation", "inc", "ltd", "plc", "bank", "fund", "commission", "committee", "service", "services",
    "police", "army", "forces", "brigade", "observatory", "organization", "organisation", "association", "society",
    "institute", "university", "federation", "alliance", "league", "network", "trust", "foundation", "club",
    "administration", "government", "parliament", "congress", "senate", "assembly", "cabinet", "militia",
    "hezbollah", "isis", "nato", "un",
}
_PLACE_WORDS = {
    "street", "road", "lane", "avenue", "park", "river", "bridge", "square", "hall", "farm", "end", "green", "court",
    "wood", "valley", "hill", "way", "gate", "estate", "ward", "camp", "hospital", "school", "clinic", "airport",
    "station", "town", "city", "county", "district", "province", "region", "village", "harbour", "port", "mountains",
    "sea", "ocean", "island", "islands", "state", "states", "kingdom", "republic", "eastbank", "general", "lodge",
    "hotel", "inn", "mall", "market", "stadium", "church", "mosque", "museum", "library", "theatre", "flats", "tower",
    "hills", "mountain", "lake", "forest", "moor", "heath", "beach", "coast", "bay",
}
_AREA_WORDS = {"area", "areas", "part", "parts", "centre", "center", "city", "town", "outskirts", "north", "south", "east",
               "west", "edge", "streets", "suburbs", "district", "heart", "rest", "middle", "village", "county"}
_PLACE_PREPOSITIONS = {"in", "at", "near", "into", "across", "outside", "around", "throughout", "inside", "towards",
                       "toward", "from", "of"}
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
_NATIONALITY = re.compile(r"(?:ian|ean|ese|ish|i|an|ic|ch|ss)$")
_VERBISH = {
    "is", "was", "are", "were", "has", "had", "have", "will", "would", "could", "should", "may", "might", "must",
    "can", "said", "says", "says", "told", "intends", "wants", "wanted", "did", "does", "remain", "remains",
    "announced", "claimed", "insisted", "admitted", "warned", "argued", "denied", "agreed", "refused", "called",
    "takes", "took", "made", "makes", "voted", "won", "lost", "backed", "plans", "planned", "approved", "also",
    "cut", "cuts", "says", "say", "insists", "claims", "calls", "wants", "knows", "will", "refuses", "faces", "met",
    "meets", "keeps", "kept", "hopes", "expects", "argues", "warns", "admits", "agrees", "denies", "owns", "runs",
}
_NOT_ACTORS = {
    "levy", "plan", "act", "bill", "law", "scheme", "programme", "program", "app", "strategy", "policy", "report", "project",
    "tax", "budget", "deal", "agreement", "treaty", "accord", "war", "conflict", "crisis", "day", "week", "month", "year",
    "award", "prize", "cup", "festival", "summit", "conference", "election", "elections", "act", "order", "rule", "rules",
    "code", "charter", "index", "line", "route", "fair", "show", "games", "olympics", "season", "era", "revolution",
}
_PARTICLES = {"al", "bin", "ibn", "de", "van", "von", "der", "la", "le", "du", "da", "di", "abu", "el"}


@dataclass
class _Actor:
    key: str
    kind: str  # "group", "person", "org", "media"
    mentions: list[Span]
    name: str = ""

    @property
    def first(self) -> Span:
        return self.mentions[0]

    @property
    def display(self) -> str:
        return self.name or self.first.text


def _lemma(word: str) -> str:
    return _GROUP.get(word.lower(), word.lower())


def _is_cap(token: str) -> bool:
    return token[:1].isupper()


def _group_mentions(doc: _Doc) -> list[tuple[str, Span]]:
    found = []
    toks = doc.words
    text = doc.text
    for i, tok in enumerate(toks):
        low = tok.text.lower()
        if low not in _GROUP or doc.in_quote(tok.start):
            continue
        after = text[tok.end:tok.end + 1]
        if after == "-" or after in "’'" and text[tok.end:tok.end + 2] not in ("’s", "'s"):
            continue  # "rebel-held", "government-run"
        nxt = toks[i + 1].text.lower() if i + 1 < len(toks) else ""
        prev = toks[i - 1].text.lower() if i > 0 else ""
        if low == "forces" and (nxt in _NOT_AFTER_FORCES or prev in {"which", "that", "it", "this", "and"}):
            continue
        if low == "press" and prev not in _PRESS_BEFORE:
            continue
        if low == "board" and prev in {"on", "across"}:
            continue
        if i + 1 < len(toks) and nxt in _GROUP and text[tok.end:toks[i + 1].start] == " ":
            continue  # "militia fighters", "government forces": the next word is the head
        if low == _GROUP[low] and i + 1 < len(toks) and text[tok.end:toks[i + 1].start] == " " and nxt.isalpha() \
                and nxt.islower() and nxt not in _VERBISH and nxt not in _COMMON and not nxt.endswith("ed"):
            continue  # a modifier: "driver vacancies", "union organiser", "council tax"
        start = tok.start
        j = i - 1
        while j >= 0 and i - j <= 3:  # modifiers: "Pro-Assad forces", "Iraqi Shi'a militia fighters"
            gap = text[toks[j].end:toks[j + 1].start]
            prev_tok = toks[j].text
            if gap != " " or not (_is_cap(prev_tok) or "-" in prev_tok or prev_tok.lower() in _GROUP):
                break
            if doc.sentence_at(toks[j].start).start == toks[j].start and prev_tok.lower() in _COMMON:
                break
            start = toks[j].start
            j -= 1
        found.append((_lemma(low), doc.span(start, tok.end)))
    return found


def _capital_runs(doc: _Doc) -> list[tuple[int, int]]:
    """Runs of word indices that look like one proper name ("Nour al-Din al-Zinki", "U.S. Secretary of State John Kerry")."""
    toks, text = doc.words, doc.text
    runs, i = [], 0
    while i < len(toks):
        if not _is_cap(toks[i].text) or toks[i].text.isdigit():
            i += 1
            continue
        j = i
        while j + 1 < len(toks):
            gap = text[toks[j].end:toks[j + 1].start]
            nxt = toks[j + 1].text
            joined = gap == " " or (gap == ". " and "." in toks[j].text) or (gap == ". " and toks[j].text in ("Mr", "Mrs", "Ms", "Dr", "St"))
            if not joined or _POSSESSIVE.search(toks[j].text):
                break  # a possessive ends a name: "Stonebury's GP surgery"
            if _is_cap(nxt) or nxt.lower().split("-")[0] in _PARTICLES:
                j += 1
            elif nxt == "of" and j + 2 < len(toks) and _is_cap(toks[j + 2].text) and text[toks[j + 1].end:toks[j + 2].start] == " ":
                j += 2  # "Secretary of State"
            else:
                break
        runs.append((i, j))
        i = j + 1
    return runs


def _named_actors(doc: _Doc) -> list[tuple[str, str, Span, str]]:
    """(key, kind, mention span, name) for proper names that look like people, organisations or outlets."""
    toks, text = doc.words, doc.text
    lower_words = {t.text.lower() for t in toks if not _is_cap(t.text)}
    runs = _capital_runs(doc)
    out = []
    place_names: set[str] = set()
    cap_counts: dict[str, int] = {}
    for i, j in runs:
        key = _POSSESSIVE.sub("", toks[j].text).lower()
        cap_counts[key] = cap_counts.get(key, 0) + 1
        prev = toks[i - 1].text.lower() if i > 0 else ""
        prev2 = toks[i - 2].text.lower() if i > 1 else ""
        if prev in _PLACE_PREPOSITIONS and text[toks[i - 1].end:toks[i].start] == " " and (prev != "of" or prev2 in _AREA_WORDS):
            place_names.add(key)
        lows = [t.text.lower() for t in toks[i:j + 1]]
        if any(t in _PLACE_WORDS for t in lows[1:]) and not any(t in _ORG_WORDS for t in lows):
            place_names.update(t for t in lows if t not in _PLACE_WORDS)  # "Millbrook Bridge": Millbrook is a place
    for i, j in runs:
        if doc.in_quote(toks[i].start):
            continue
        if toks[i].text.isupper() and len(toks[i].text) > 2 and re.match(r"\s*(?:\(|,|—|–)", text[toks[j].end:toks[j].end + 3]) \
                and (toks[i].start == 0 or text[toks[i].start - 1] == "\n"):
            continue  # a dateline ("MILLBROOK (newslit) —"): a place
        at_sentence_start = doc.sentence_at(toks[i].start).start == toks[i].start or text[max(0, toks[i].start - 1)] in "“\"(‘"
        # drop capitalised ordinary words at the start of a sentence ("The", "Thousands", "Residents")
        while i <= j and (toks[i].text.lower() in _COMMON or toks[i].text.lower() in _MONTHS | _DAYS
                          or (at_sentence_start and toks[i].text.lower() in lower_words)):
            i += 1
            at_sentence_start = False
        while j >= i and (toks[j].text.lower() in _MONTHS | _DAYS or toks[j].text == "of"):
            j -= 1
        if i > j:
            continue
        tokens = [_POSSESSIVE.sub("", t.text) for t in toks[i:j + 1]]
        lows = [t.lower() for t in tokens]
        if all(t in _TITLES or t in _COMMON for t in lows):
            continue
        key = lows[-1]
        if key in _NOT_ACTORS:
            continue  # "Home Carbon Levy", "Climate Emergency Action Plan": things, not actors
        nxt = toks[j + 1].text.lower() if j + 1 < len(toks) else ""
        nxt2 = toks[j + 2].text.lower() if j + 2 < len(toks) else ""
        prev = toks[i - 1].text.lower() if i > 0 else ""
        span = doc.span(toks[i].start, toks[j].end - (2 if _POSSESSIVE.search(toks[j].text) else 0))
        if _OUTLET.fullmatch(span.text) or _OUTLET.fullmatch("The " + span.text):
            out.append((f"n:{key}", "media", span, span.text))
            continue
        if any(t in _PLACE_WORDS for t in lows) and not any(t in _ORG_WORDS for t in lows):
            continue  # "River Tessel", "Mill Lane", "Oxley Green"
        if len(tokens) == 1 and _NATIONALITY.search(lows[0]) and nxt and not _is_cap(toks[j + 1].text) \
                and nxt not in _VERBISH and text[toks[j].end:toks[j + 1].start] == " ":
            continue  # "Russian bombers", "Syrian forces": an adjective, not a name
        org_after = nxt2 in {"group", "movement", "party", "union", "front", "coalition"}
        if nxt in _GROUP and not org_after and text[toks[j].end:toks[j + 1].start] == " ":
            continue  # "Pro-Assad forces", "Iraqi Shi'a militia fighters": the group noun is the actor
        is_org = any(t in _ORG_WORDS for t in lows) or nxt in _ORG_WORDS or org_after
        if is_org:
            if nxt in _ORG_WORDS or nxt2 in {"group", "movement"}:
                end_tok = j + 1 if nxt in _ORG_WORDS else j + 2
                span = doc.span(toks[i].start, toks[end_tok].end)
            out.append((f"n:{key}", "org", span, span.text))
            continue
        if key in place_names:
            continue
        role_after = re.match(r",\s+(?:a|an|the|its|their)\s+(?:\w+\s+)??(\w+)\b", text[toks[j].end:toks[j].end + 40])
        titled = any(t in _TITLES for t in lows[:-1]) or prev in _ROLE_WORDS \
            or bool(role_after and role_after.group(1).lower() in _ROLE_WORDS)
        if titled or len(tokens) >= 2:
            last_title = max((k for k, t in enumerate(lows[:-1]) if t in _TITLES), default=-1)
            name = text[toks[i + last_title + 1].start:span.end] if last_title >= 0 else span.text
            out.append((f"n:{key}", "person" if titled or len(tokens) <= 3 else "org", span, name))
            continue
        if cap_counts.get(key, 0) >= 2 or nxt in _VERBISH or _POSSESSIVE.search(toks[j].text):
            out.append((f"n:{key}", "person", span, span.text))
    return out


def _actors(doc: _Doc) -> list[_Actor]:
    actors: dict[str, _Actor] = {}
    for key, kind, span, name in _named_actors(doc):
        lemma = key[2:]
        if kind == "org" and lemma in _GROUP:  # "Alder Vale District Council" is "the council"
            key = f"g:{_lemma(lemma)}"
        actor = actors.setdefault(key, _Actor(key, kind, [], name))
        actor.mentions.append(span)
        if len(name) > len(actor.name) and kind != "group":
            actor.name = name
    named_spans = sorted((m.start, m.end) for a in actors.values() for m in a.mentions)
    named_starts = [s[0] for s in named_spans]
    for lemma, span in _group_mentions(doc):
        k = bisect_right(named_starts, span.start) - 1
        if k >= 0 and named_spans[k][1] >= span.end:
            continue  # part of a name: "Logistics and Retail Workers Union"
        actor = actors.setdefault(f"g:{lemma}", _Actor(f"g:{lemma}", "group", []))
        actor.mentions.append(span)
    for actor in actors.values():
        actor.mentions.sort(key=lambda s: s.start)
        if actor.kind == "group" and actor.key.startswith("g:") and not actor.name:
            actor.name = actor.first.text
    return sorted(actors.values(), key=lambda a: a.first.start)


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
_ACCORDING = re.compile(r"\baccording to\s+([^,.;:!?\n“”\"]{2,90})", re.IGNORECASE)
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being|am)\s+(?:(?:\w+ly|not|never)\s+)*$", re.IGNORECASE)
_LEAD_JUNK = re.compile(
    r"^(?:(?:and|but|or|so|then|while|whereas|as|leading|prompting|with|meanwhile|instead|also|yet|which|who|that|when|"
    r"after|before|because|although|though|if|where|what|in fact|for example|further|regardless|however|even|still|now)\b[\s,]*)+",
    re.IGNORECASE,
)
_TAIL_JUNK = re.compile(r"(?:\s+(?:to|has|have|had|also|already|now|just|then|once|repeatedly|still|never|always|later|will|"
                        r"would|could|can|cannot|can[’']t|did|does|do|not|n[’']t|may|might|must|should|\w+ly))+$")
_PRONOUN = re.compile(r"^(?:he|she|they|it|we|i)$", re.IGNORECASE)


@dataclass
class _Attribution:
    start: int
    end: int
    speaker: str
    pronoun: str = ""
    also: str = ""  # an appositive that also names the speaker ("Maria Delgado, a nurse who...")


def _attributions(doc: _Doc) -> list[_Attribution]:
    text = doc.text
    found: list[_Attribution] = []
    for m in _ACCORDING.finditer(text):
        who = re.split(r"\s+(?:that|who|which|is|are|was|were|has|have|will|would)\s", m.group(1))[0].strip()
        found.append(_Attribution(m.start(1), m.start(1) + len(who), who))
    for m in _SAY_RE.finditer(text):
        if doc.in_quote(m.start()) or re.match(r"\s+by\b", text[m.end():m.end() + 4]):
            continue  # inside a quotation, or a passive participle ("the strike, called by the union")
        if m.group().endswith("ing") and not text[:m.start()].endswith(", "):
            continue  # "letters telling them": only ", saying ..." reports the subject's words
        sent = doc.sentence_at(m.start())
        left = text[sent.start:m.start()]
        if _BE_BEFORE.search(left) or left.rstrip().lower().endswith(("to be", "be")):
            continue  # passive: "is expected", "has been accused" (see the actors check)
        cut = max(left.rfind(c) for c in "“”\";:—–(")
        chunk_start = sent.start + cut + 1
        chunk = text[chunk_start:m.start()]
        also = ""
        if chunk.rstrip().endswith(","):
            parts = [p.strip() for p in chunk.rstrip().rstrip(",").split(",")]
            speaker = parts[0]
            if len(parts) > 1 and 0 < len(parts[1].split()) <= 4 and _is_cap(parts[1]):
                speaker += ", " + parts[1]
            elif len(parts) > 1:
                also = re.split(r"\b(?:who|which|whose|that)\b", parts[1])[0]
        else:
            speaker = chunk.split(",")[-1].strip()
            speaker = re.split(r"\b(?:that|which|whom|whose|who)\s", speaker)[-1]  # "...an offer that union organiser X described"
        speaker = _TAIL_JUNK.sub("", _LEAD_JUNK.sub("", speaker)).strip()
        speaker = " ".join(speaker.split()[-12:])
        if not speaker and cut >= 0:  # “...,” said Eastbank resident Tom Kessler, 61
            right = re.match(r"\s*([^,.;:!?\n“”\"]{2,80})", text[m.end():sent.end])
            speaker = right.group(1).strip() if right else ""
        if not speaker or len(speaker.split()) > 12:
            continue
        pronoun = speaker.lower() if _PRONOUN.match(speaker) else ""
        found.append(_Attribution(m.start(), m.end(), speaker, pronoun, also))
    found.sort(key=lambda a: a.start)
    return found


def _speaker_words(speaker: str) -> set[str]:
    return {_POSSESSIVE.sub("", w.text).lower() for w in words(speaker)}


_FORMS: dict[str, set[str]] = {}
for _form, _lem in _GROUP.items():
    _FORMS.setdefault(_lem, {_lem}).add(_form)


def _heard_keys(actors: list[_Actor], attributions: list[_Attribution]) -> dict[str, str]:
    """Actor key -> the speaker phrase that shows the actor is heard."""
    heard: dict[str, str] = {}
    mentions = sorted(((m.start, a) for a in actors for m in a.mentions), key=lambda x: x[0])
    starts = [x[0] for x in mentions]
    index: dict[str, list[str]] = {}  # a word in a speaker phrase -> the actors it names
    for actor in actors:
        lemma = actor.key[2:]
        for word in (_FORMS.get(lemma, {lemma}) if actor.key.startswith("g:") else {lemma}):
            index.setdefault(word, []).append(actor.key)
    displays = {a.key: a.display for a in actors}
    for att in attributions:
        if att.pronoun:
            i = bisect_right(starts, att.start) - 1
            want = ("person",) if att.pronoun in ("he", "she", "i") else ("group", "org", "media")
            while i >= 0 and mentions[i][1].kind not in want:
                i -= 1
            if i >= 0:
                heard.setdefault(mentions[i][1].key, displays[mentions[i][1].key])
            continue
        for word in _speaker_words(att.speaker + " " + att.also):
            for key in index.get(word, ()):
                heard.setdefault(key, att.speaker)
    return heard


_AFFECTED = {
    "resident", "civilian", "citizen", "family", "parent", "pupil", "student", "teacher", "worker", "employee",
    "striker", "tenant", "patient", "nurse", "doctor", "protester", "protestor", "campaigner", "activist", "voter",
    "taxpayer", "ratepayer", "shopper", "shopkeeper", "trader", "driver", "passenger", "pensioner", "local", "refugee",
    "migrant", "customer", "consumer", "farmer", "community",
}


def _voice_findings(doc: _Doc, actors: list[_Actor]) -> list[ContextFinding]:
    attributions = _attributions(doc)
    heard = _heard_keys(actors, attributions)
    unheard = [a for a in actors if a.key not in heard]

    def worth_asking(a: _Actor) -> bool:  # one passing mention of a name is rarely a missing voice
        return len(a.mentions) >= 2 or a.key[2:] in _AFFECTED or (a.kind == "person" and len(a.display.split()) >= 2)

    def rank(a: _Actor) -> tuple:
        return (a.key[2:] not in _AFFECTED, -len(a.mentions), a.first.start)

    findings = []
    chosen = sorted((a for a in unheard if worth_asking(a)), key=rank)[:MAX_VOICE_FINDINGS]
    for actor in sorted(chosen, key=lambda a: a.first.start):
        name = actor.first.text
        times = "once" if len(actor.mentions) == 1 else f"{len(actor.mentions)} times"
        affected = " The story is about what happens to them." if actor.key[2:] in _AFFECTED else ""
        findings.append(ContextFinding(
            "voices", actor.first.start, actor.first.end, name,
            f"The text mentions \u201c{name}\u201d ({times}) but never quotes or cites them.{affected} "
            "What would they say, and where could you hear it in their own words?",
        ))
    if actors or attributions:
        speakers: list[str] = []
        for att in attributions:
            if att.pronoun:
                continue
            who = att.speaker
            if len(who.split()) > 6:  # show the actor, not the whole clause
                said = _speaker_words(who)
                match = next((a for a in actors if _FORMS.get(a.key[2:], {a.key[2:]}) & said), None)
                who = match.display if match else who
            if who not in speakers:
                speakers.append(who)
        heard_text = "; ".join(speakers[:8]) or "nobody"
        unheard_text = "; ".join(a.display for a in unheard[:12]) or "nobody"
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


def _is_statistic(doc: _Doc, m: re.Match) -> bool:
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


def _paragraph_of(doc: _Doc, offset: int) -> Span:
    start = doc.text.rfind("\n\n", 0, offset)
    start = 0 if start < 0 else start + 2
    end = doc.text.find("\n\n", offset)
    end = len(doc.text) if end < 0 else end
    return doc.span(start, end)


def _number_findings(doc: _Doc) -> list[ContextFinding]:
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


def _time_findings(doc: _Doc, article: Article | None) -> list[ContextFinding]:
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


def _place_findings(doc: _Doc) -> list[ContextFinding]:
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


def _actor_findings(doc: _Doc) -> list[ContextFinding]:
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


def _media_findings(doc: _Doc, article: Article | None) -> list[ContextFinding]:
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
        k = bisect_right(doc._quote_starts, sent.start - 1)
        long_quote = False
        while k < len(doc.quotes) and doc.quotes[k][0] < sent.end:
            long_quote = long_quote or len(text[doc.quotes[k][0]:doc.quotes[k][1]].split()) >= 6
            k += 1
        if long_quote:
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


def _clause(doc: _Doc, start: int, end: int, limit: int = 90) -> Span:
    """From ``start`` to the end of its clause (at most ``limit`` characters): readable evidence."""
    sent = doc.sentence_at(start)
    stop = min(sent.end, start + limit)
    m = re.search(r"[,;:.!?](?:\s|$)", doc.text[end:stop])
    stop = end + m.start() if m else stop
    a, b = _trim(doc.text, start, stop)
    return doc.span(a, b)


def _five_ws(doc: _Doc, actors: list[_Actor]) -> list[ContextFinding]:
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


def _behind(doc: _Doc, article: Article | None) -> list[ContextFinding]:
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
    doc = _Doc(text, sentence_spans)
    actors = _actors(doc)
    findings = (
        _voice_findings(doc, actors) + _number_findings(doc) + _time_findings(doc, article) + _place_findings(doc)
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
