"""Find the claims in any news text and say how well each one is supported.

A **claim** is a sentence, or a clause of a sentence, that asserts something a
reader could check: an event, a number, a cause, a forecast, a
generalisation, a characterisation of other media. Questions, commands and
verbless fragments are not claims. When the parts of a sentence have
different support ("X is expected to happen, and Y is happening"), each part
is a claim of its own.

Each claim gets a **support**:

* ``sourced``: attributed to a named, identifiable person, organisation or
  document ("According to the Washington Post", "Councillor Ama Osei said",
  "the health department's report found");
* ``vague``: attributed, but to no one a reader could check ("many sources",
  "observers", "critics say", "reportedly", "it is widely believed", "is
  expected to", "sources close to", an unnamed nurse);
* ``unsourced``: asserted with no attribution at all, including sweeping
  generalisations ("everyone knows", "the media exclusively").

It also records the attribution phrase (``cue``), who the claim is attributed
to (``source``: the named source, or the unnamed group for a vague one), hedges
("could", "likely") and certainty words ("never", "all"), whether it reads as
the writer's **opinion** rather than a factual assertion (where a few clear
signals allow: "should", "if ... will", first-person views, strongly
subjective wording), and a reason a learner can read.

It is rule-based and reads English only (sentences that are mostly not English
are skipped). It is a second opinion, not an answer key: ``python -m newslit
evaluate`` measures how often it agrees with the keys on texts it was tuned on
and on texts held out from tuning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from newslit.text.loaded import find_loaded
from newslit.text.spans import Span, sentences, words

SUPPORTS = ("sourced", "vague", "unsourced")

# -- word lists -------------------------------------------------------------------------------

_VERBS = (
    "said says say told tells tell stated states claimed claims claim argued argues argue insisted insists insist "
    "maintained maintains warned warns warn announced announces reported reports conceded concedes concede admitted "
    "admits admit confirmed confirms confirm acknowledged acknowledges noted notes added adds explained explains "
    "described describes estimated estimates estimate predicted predicts predict found finds showed shows show "
    "suggested suggests suggest concluded concludes wrote writes write tweeted posted believes believe believed fears "
    "fear feared speculated speculate speculating called calls call slammed slams blasted blasts gushed bragged "
    "boasted lectured promised promises promise swore swear swears credited credits denied denies deny recommended "
    "recommends expects expect revealed reveals agreed agree testified alleged alleges saying"
).split()
_SAY = re.compile(r"\b(" + "|".join(sorted(set(_VERBS), key=len, reverse=True)) + r")\b")
# Verbs that can close a sentence as "..., the county said."
_TRAILING_VERBS = ("said|says|added|adds|wrote|writes|reported|explained|noted|argued|warned|stated|claimed|insisted|"
                   "confirmed|estimated|announced|told reporters|said in a statement|shows|show|showed|found|finds")
_PASSIVE_BEFORE = re.compile(r"\b(is|are|was|were|be|been|being|to)\s+$", re.I)

PRONOUNS = {"he", "she", "they", "it", "we", "i"}
QUANTIFIERS = {"some", "many", "several", "various", "multiple", "numerous", "countless", "certain", "few", "most",
               "other", "others", "unnamed", "anonymous", "unidentified"}
GENERIC_PEOPLE = set(
    "sources source observers observer experts expert critics critic analysts analyst insiders insider officials "
    "official commentators commentator pundits pundit people residents resident locals local workers worker tenants "
    "tenant parents parent campaigners campaigner activists activist supporters supporter opponents opponent economists "
    "economist scientists scientist doctors doctor researchers researcher nurses nurse staff staffer employees employee "
    "members member voters voter neighbours neighbors witnesses witness users user customers customer mothers mother "
    "fathers father teachers teacher officers officer pickers picker drivers driver councillors councilors shoppers "
    "someone somebody everyone everybody lobby elites establishment media press industry insiders diplomats diplomat "
    "investors investor".split())
ROLES = set(
    "minister mayor coach president chairman chairwoman chair chairperson chief director manager secretary governor "
    "senator councillor councilor leader judge prosecutor lawyer attorney owner founder ceo executive professor author "
    "writer reporter journalist editor organiser organizer commissioner superintendent inspector sheriff captain general "
    "colonel sergeant ambassador envoy negotiator premier chancellor king queen prince pope bishop priest imam rabbi "
    "headteacher principal dean treasurer auditor economist coroner pathologist surgeon physician".split())
SPOKESPEOPLE = {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative", "spokespersons"}
INSTITUTIONS = set(
    "council councils county city police force government ministry department agency authority board office company "
    "firm court commission hospital school district centre center university union regulator committee party parliament "
    "congress senate service network association forum partnership administration fund charity coalition institute "
    "bank chamber trust foundation club campaign newspaper outlet station channel army military navy embassy state "
    "pentagon kremlin group organisation organization corporation inc ltd plc observatory un nato who".split())
DOCUMENTS = set(
    "report reports figures data survey surveys study studies review statement statements assessment plan papers records "
    "minutes poll polls analysis audit filing accounts budget documents document census research letter website "
    "leaflet results statistics database register transcript footage recording release".split())
_DEFINITE = {"the", "its", "their", "his", "her", "our", "this", "these", "those", "that"}
_INDEFINITE = {"a", "an", "one"}
_AUX = set("will would has have had can could may might did does do also already now often privately publicly "
           "repeatedly quietly never always once still just then later earlier recently again today yesterday".split())

_HEDGES = re.compile(
    r"\b(could|may|might|likely|unlikely|possibly|perhaps|probably|appears?|seems?|suggests?|would|most likely|"
    r"reportedly|allegedly|apparently|is expected|are expected|estimated)\b", re.I)
_CERTAINTY = re.compile(
    r"\b(never|always|all|every|everyone|everybody|everything|nobody|no one|none|nothing|certainly|definitely|"
    r"undoubtedly|clearly|obviously|exclusively|entirely|completely|totally|the fact|the truth|of course|"
    r"without (?:any )?doubt|not one|not once|will only)\b", re.I)
_SWEEPING = [
    re.compile(r"\b(?:every(?:one|body)\b[^.;:!?]{0,40}?\bknows?|we all know|as everyone knows)\b", re.I),
    re.compile(r"\b(?:nobody|no one|not one)\b(?:\s+\w+){0,6}", re.I),
    re.compile(r"\b(?:any|the)\s+mainstream\s+(?:media|narrative|press|outlet)s?\b", re.I),
    re.compile(r"\bthe\s+(?:media|press)\s+(?:\w+\s+){0,1}(?:exclusively|always|never|refuses?|ignores?|won[’']t|will never|is too busy|was too busy)\b", re.I),
    re.compile(r"\bexclusively\b|\bthe truth is\b|\bthe fact (?:is|that)\b", re.I),
    re.compile(r"\b(?:never|always)\b", re.I),
]
# (pattern, what the match names: None, "group" (the unnamed group cited) or "phrase" (up to the verb))
_VAGUE = [
    (re.compile(r"\b(?:reportedly|allegedly|purportedly|supposedly|rumou?red)\b", re.I), None),
    (re.compile(r"\b(?:is|are|was|were)\s+(?:widely\s+)?(?:expected|believed|thought|said|rumou?red|understood|reported|alleged|feared|tipped)\s+to\b", re.I), None),
    (re.compile(r"\bit\s+(?:is|was|has\s+been)\s+(?:widely\s+|generally\s+)?(?:believed|thought|said|claimed|reported|understood|rumou?red|known|feared|suggested|alleged)\b", re.I), None),
    (re.compile(r"\b(?:has|have|had)\s+been\s+(?:accused|blamed|linked)\b|\b(?:is|are|was|were)\s+(?:widely\s+)?accused\b", re.I), None),
    (re.compile(r"\b(?:were|was|has\s+been|have\s+been)\s+reported\b", re.I), None),
    (re.compile(r"\b(?:some|many|several|various|multiple|numerous|countless|certain|unnamed|anonymous|a\s+few|a\s+number\s+of)\s+"
               r"(?:[a-z-]+\s+){0,2}?(?:sources|observers|experts|critics|analysts|insiders|officials|commentators|people|"
               r"residents|doctors|scientists|economists|locals|parents|workers|voices|reports|studies|diplomats)\b", re.I), 'group'),
    (re.compile(r"(?<![A-Z]\w)(?<!\w)(?:sources|observers|experts|critics|analysts|insiders|commentators|pundits|economists|"
               r"scientists|doctors|researchers|diplomats)\s+(?:[a-z]+\s+)?(?:say|said|says|warn|warned|warns|believe|"
               r"believed|fear|feared|claim|claimed|argue|argued|suggest|suggested|predict|predicted|speculating|speculate|"
               r"speculated|estimate|estimated|agree|agreed|insist|think|admit)\b", re.I), 'group'),
    (re.compile(r"\bsources?\s+(?:close\s+to|familiar\s+with)\b|\bpeople\s+familiar\s+with\b", re.I), 'phrase'),
    (re.compile(r"\bstudies\s+(?:show|have\s+shown|suggest|prove|find|found)\b|\bresearch\s+(?:shows|suggests|has\s+shown|proves|finds|found)\b|\bscience\s+says\b", re.I), 'group'),
    (re.compile(r"\b(?:video|footage|posts?|photos?|images?|messages?|clips?)\s+(?:shared|circulating|posted|spreading)\s+(?:online|on\s+social\s+media)\b", re.I), 'group'),
    (re.compile(r"\b(?:some|many|others)\s+(?:say|believe|think|argue|claim|fear|suspect|feel)\b|\bthere\s+(?:are|were|have\s+been)\s+(?:reports|claims|suggestions|rumou?rs)\b|\bpeople\s+are\s+saying\b", re.I), 'group'),
    (re.compile(r"\bwho\s+(?:asked|declined)\s+not\s+to\s+be\s+(?:named|identified)\b|\bon\s+condition\s+of\s+anonymity\b|\bspeaking\s+anonymously\b", re.I), None),
]
_ANONYMOUS = re.compile(r"\b(?:asked|declined)\s+not\s+to\s+be\s+(?:named|identified)\b|\bcondition\s+of\s+anonymity\b|"
                        r"\bspeaking\s+anonymously\b|\bunnamed\b|\banonymous\b", re.I)
_OPINION = [
    (re.compile(r"\b(?:should|must|ought\s+to|deserves?|it\s+is\s+time)\b", re.I), "says what ought to happen"),
    (re.compile(r"^\W*if\b[^.]*?\bwill\b|\bwill\s+only\b", re.I), "states a forecast as if it were certain"),
    (re.compile(r"\b(?:I|we)\s+(?:think|believe|feel|doubt|suspect)\b"), "gives the writer's own view"),
]
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_DATELINE = re.compile(r"^(?:\([A-Z][A-Za-z .-]{1,30}\)\s*|[A-Z][A-Z .,'’-]{1,40}\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s+)")
_LEAD_WORDS = set("in on at from under for with after before during since until over meanwhile regardless further "
                  "furthermore however instead still yet but and so also moreover indeed now then earlier later last this "
                  "separately similarly likewise of by despite although though while once if when as even besides "
                  "regardless".split())
_SPLIT = re.compile(r";\s+|,\s+(?:and|but|though|although|while|whereas|yet|so)\s+|,\s+(?=leading\b)")
_OPEN_QUOTES = "“\""


@dataclass(frozen=True)
class Claim:
    """One claim: ``text == source_text[start:end]``."""

    start: int
    end: int
    text: str
    support: str  # sourced / vague / unsourced
    source: str | None  # who it is attributed to, as the text names them
    cue: str | None  # the attribution phrase, or the sweeping phrase of an unsourced claim
    kind: str = "fact"  # "fact" or "opinion" (the writer's judgement, forecast or recommendation)
    hedges: tuple[str, ...] = ()
    certainty: tuple[str, ...] = ()
    reason: str = ""

    def as_dict(self) -> dict:
        """The six fields ``python -m newslit analyze`` prints for each claim."""
        return {"start": self.start, "end": self.end, "text": self.text, "support": self.support,
                "source": self.source, "cue": self.cue}

    def details(self) -> dict:
        """Everything the finder knows about the claim."""
        return {**self.as_dict(), "kind": self.kind, "hedges": list(self.hedges), "certainty": list(self.certainty),
                "reason": self.reason}


@dataclass
class _Attribution:
    support: str  # sourced / vague / pronoun
    source: str | None
    cue: str | None


# -- small helpers ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon():
    from textblob.en import lexicon

    return lexicon


def _tag(word: str) -> str | None:
    return _lexicon().get(word.replace("’", "'"))


def _is_finite_verb(word: str, previous: str = "") -> bool:
    low = word.lower()
    tag = _tag(low)
    if tag in ("VBD", "VBZ", "VBP", "MD"):
        return True
    if tag == "VBN" and previous.lower() in ("is", "are", "was", "were", "has", "have", "had", "been"):
        return True
    return tag is None and low.endswith("ed") and len(low) > 4


def _maybe_verb(word: str) -> bool:
    """Could ``word`` be a verb? (The lexicon stores one tag per word: "shares" is a noun there.)"""
    low = word.lower().replace("’", "'")
    tag = _tag(low) or ""
    if tag.startswith(("VB", "MD")) or _is_finite_verb(low):
        return True
    return low.endswith("s") and not low.endswith("ss") and (_tag(low[:-1]) or "").startswith(("VB", "NN")) \
        and not word[:1].isupper()


def _has_finite_verb(text: str) -> bool:
    toks = [t.text for t in words(text)]
    return any(_is_finite_verb(t, toks[i - 1] if i else "") for i, t in enumerate(toks))


def _looks_proper(word: str, first: bool) -> bool:
    """A capitalised word that names someone (not a capitalised common word at the start)."""
    if not word[:1].isupper():
        return False
    low = word.lower().replace("’", "'")
    if low in GENERIC_PEOPLE or low in QUANTIFIERS or low in DOCUMENTS or low in PRONOUNS or low in _DEFINITE \
            or low in _INDEFINITE or low in _AUX:
        return False
    if not first:
        return True
    tag = _tag(low)
    return tag is None or tag in ("NNP", "NNPS")


def _is_english(text: str) -> bool:
    """Are most lower-case words English? (Capitalised words are names in any language.)"""
    toks = [t.text for t in words(text) if t.text.isalpha() and t.text.islower()]
    if not toks:
        return any(t.text.isalpha() for t in words(text)) and all(
            _tag(t.text) is not None or _tag(t.text.lower()) is not None for t in words(text) if t.text.isalpha())
    known = sum(1 for t in toks if _tag(t) is not None)
    return known / len(toks) >= 0.5


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _strip_lead(clause: str) -> int:
    """How many characters of introductory matter ("In fact, ", "But ") to skip before the subject."""
    pos = 0
    for _ in range(2):
        m = re.match(r"(\W*)(\w+)", clause[pos:])
        if not m or m.group(2).lower() not in _LEAD_WORDS:
            break
        comma = clause.find(",", pos)
        if m.group(2).lower() in ("but", "and", "yet", "so", "also") and (comma < 0 or comma > pos + len(m.group(0)) + 1):
            pos += len(m.group(0))
            while pos < len(clause) and clause[pos].isspace():
                pos += 1
            continue
        if 0 <= comma and len(clause[pos:comma].split()) <= 7 and not _has_finite_verb(clause[pos:comma]):
            pos = comma + 1
            while pos < len(clause) and clause[pos].isspace():
                pos += 1
            continue
        break
    return pos


# -- who is a source ----------------------------------------------------------------------------


_MODIFIER_START = set("of in at from for on with by near inside across within including polled published released run "
                      "based who which that".split())


def _person_like(source: str | None) -> bool:
    """Does ``source`` name a person (for "he"/"she") rather than an organisation or a document?"""
    if not source:
        return False
    low = {w.lower().replace("’", "'").removesuffix("'s") for w in source.replace(",", " ").split()}
    if low & (ROLES | SPOKESPEOPLE | GENERIC_PEOPLE) or {w.rstrip("s") for w in low} & ROLES:
        return True
    return not low & (DOCUMENTS | INSTITUTIONS)


def _plural_group(source: str | None) -> bool:
    """"Critics", "some military observers": a group, so not "he" or "she"."""
    toks = [t.text for t in words(source or "")]
    if any(_looks_proper(t, False) for t in toks[1:]) or (toks and _looks_proper(toks[0], True)):
        return False
    return any(t.lower() in GENERIC_PEOPLE and t.lower().endswith("s") for t in toks) or \
        bool(toks and toks[0].lower() in QUANTIFIERS)


def classify_source(phrase: str, context: str = "", at_start: bool = False) -> tuple[str, str] | None:
    """``("sourced" | "vague" | "pronoun", phrase)`` if ``phrase`` names a source of information, else None.

    The head of the phrase decides ("officials at the Migration Office": officials, qualified by a name);
    an unnamed individual ("a nurse at Northmere General") is vague; a bare group ("critics") is vague.

    >>> classify_source("the Washington Post")
    ('sourced', 'the Washington Post')
    >>> classify_source("many sources")
    ('vague', 'many sources')
    >>> classify_source("one search in eight") is None
    True
    """
    phrase = phrase.strip(" ,“”\"'‘’")
    toks = [t.text for t in words(phrase)]
    if not toks or len(toks) > 14:
        return None
    low = [t.lower().replace("’", "'") for t in toks]
    if len(low) == 1 and low[0] in PRONOUNS:
        return ("pronoun", phrase)
    if re.search(r"\b(close to|familiar with)\b", phrase, re.I):
        return ("vague", phrase)
    if low[0] in QUANTIFIERS or (low[0] == "a" and len(low) > 1 and low[1] in ("few", "number")):
        return ("vague", phrase)
    cut = next((i for i in range(1, len(low)) if low[i] in _MODIFIER_START), len(low))
    head, head_low, mods, mod_low = toks[:cut], low[:cut], toks[cut:], low[cut:]
    head_proper = any(_looks_proper(t, i == 0 and at_start) for i, t in enumerate(head))
    mod_proper = any(_looks_proper(t, False) for t in mods)
    possessive = any(t.endswith("'s") or t.endswith("s'") for t in head_low)
    hset = {w.removesuffix("'s").rstrip("'") for w in head_low}
    mset = {w.removesuffix("'s").rstrip("'") for w in mod_low}
    definite = low[0] in _DEFINITE
    indefinite = low[0] in _INDEFINITE
    if _ANONYMOUS.search(context) and not head_proper and not hset & SPOKESPEOPLE:
        return ("vague", phrase)
    if hset & SPOKESPEOPLE:
        named = head_proper or mod_proper or hset & INSTITUTIONS or possessive or definite
        return ("sourced" if named else "vague", phrase)
    if hset & DOCUMENTS:
        named = (head_proper or mod_proper or possessive or definite or hset & INSTITUTIONS
                 or (mset & (DOCUMENTS | INSTITUTIONS) and mset & _DEFINITE))
        return ("sourced" if named else "vague", phrase)
    if hset & GENERIC_PEOPLE:
        if indefinite:
            return ("vague", phrase)  # an unnamed individual, wherever they work
        named = head_proper or hset & INSTITUTIONS or mod_proper
        return ("sourced" if named else "vague", phrase)
    if hset & INSTITUTIONS:
        return ("vague" if indefinite and not head_proper else "sourced", phrase)
    if head_proper or mod_proper:
        return ("sourced", phrase)
    if hset & ROLES or {w.rstrip("s") for w in hset} & ROLES:
        return ("vague" if indefinite else "sourced", phrase)  # "the mayor said" / "a minister said"
    return None


_COMMA = re.compile(r"(?<!\d),|,(?!\d)")  # a comma, but not the one in "1,200"
_NEGATED = re.compile(r"\b(never|not|n[’']t|refused\s+to|declined\s+to|failed\s+to)\b", re.I)
_DOCUMENT_VERBS = {"show", "shows", "showed", "reveals", "revealed"}
_PARTICIPLES = {"saying", "adding", "warning", "arguing", "insisting", "claiming", "noting", "explaining"}


def _sentence_subject(clause: str, lead: int) -> str:
    """The words before the first finite verb of ``clause`` (its grammatical subject, roughly)."""
    toks = words(clause, lead)
    for i, t in enumerate(toks):
        if i and _is_finite_verb(t.text, toks[i - 1].text):
            return clause[lead:t.start]
    return ""


def _subject_attribution(clause: str) -> tuple[_Attribution, int, int] | None:
    """``X said ...`` / ``The report found ...`` at the start of ``clause``: the attribution and its span."""
    lead = _strip_lead(clause)
    if clause[lead:lead + 1] in _OPEN_QUOTES or clause[lead:lead + 1] in "‘'":
        return None  # a quotation, not a subject: "“...,” she said" is found by _trailing_attribution
    for m in _SAY.finditer(clause, lead):
        verb = m.group(0)
        subject = clause[lead:m.start()]
        if verb in _PARTICIPLES:  # "Moreno trotted out the usual jargon, saying ...": the sentence's subject said it
            if not subject.rstrip().endswith(","):
                continue
            subject = _sentence_subject(clause, lead)
            if not subject.strip() or _COMMA.search(subject.strip().rstrip(",")):
                continue
        if _PASSIVE_BEFORE.search(subject) or not subject.strip():
            continue
        commas = [c.start() for c in _COMMA.finditer(subject)]
        if commas and subject.rstrip()[-1:] != "," and verb not in _PARTICIPLES:
            continue  # the verb sits inside an appositive ("Erythrolite, the sweetener now found in ...")
        segments = [x.strip() for x in _COMMA.split(subject)]
        head_words = segments[0].split()
        between = []
        while head_words and (head_words[-1].lower().replace("’", "'") in _AUX or head_words[-1].lower() in
                              ("not", "themselves", "himself", "herself", "itself", "n't") or _NEGATED.fullmatch(head_words[-1])):
            between.append(head_words.pop())
        if any(_NEGATED.fullmatch(w) for w in between) or re.search(r"\b(refused|declined|failed)\s+to\s*$", subject):
            return None  # "She has never once admitted ...": a claim about her, not one she makes
        head = " ".join(head_words)
        if not head or len(head_words) > 12 or (verb not in _PARTICIPLES and _has_finite_verb(head)):
            return None
        if len(segments) >= 2 and segments[1]:
            appositive = segments[1]
            if all(w[:1].isupper() for w in appositive.split()) and len(appositive.split()) <= 4:
                head = f"{head}, {appositive}"
        if verb in _DOCUMENT_VERBS and not {w.lower() for w in head_words} & DOCUMENTS:
            return None  # "the police chiefs showed their true colours" is not a citation
        kind = classify_source(head, clause, at_start=True)
        if kind is None:
            return None
        cue = clause[lead:m.end()].strip()
        if "," in cue and len(cue.split()) > 8:  # long appositive: "Sheep farmer Alan Pryce … told"
            cue = f"{kind[1]} \u2026 {verb}"
        return _Attribution(kind[0], kind[1], cue), lead, m.end()
    return None


def _according_to(sentence: str) -> tuple[_Attribution, int, int] | None:
    m = _ACCORDING.search(sentence)
    if not m:
        return None
    rest = sentence[m.end():]
    stop = re.search(r"[,.;:!?]|$", rest)
    phrase = rest[:stop.start()]
    after = rest[stop.start():]
    name = re.match(r",\s*((?:[A-Z][\w’'.-]*\s*){1,4})(?=[,.;]|$)", after)
    if name:
        phrase = f"{phrase}, {name.group(1).strip()}"
    kind = classify_source(phrase, sentence) or ("vague", phrase.strip())
    end = m.end() + len(phrase)
    return _Attribution(kind[0], kind[1], sentence[m.start():end].strip()), m.start(), end


_TRAILING = re.compile(
    r"[,”\"]\s*(?P<src>[^,.;:!?“”\"]{1,80}?)\s+(?P<verb>" + _TRAILING_VERBS + r")"
    r"(?:\s+(?:on|in|at|last|this|late|early|earlier|later|yesterday|today|of)\b[^,.;:!?]{0,40})?\s*(?=[,.;!?”\"]|$)")
_INVERTED = re.compile(r"[,”\"]\s*(?P<verb>said|says|added|wrote|asked)\s+(?P<src>[^,.;:!?“”\"]{1,80}?)"
                       r"(?:\s+(?:on|in|at|last|this|late|early|earlier|later|yesterday|today)\b[^,.;:!?]{0,40})?\s*(?=[,.;!?]|$)")


def _trailing_attribution(sentence: str) -> tuple[_Attribution, int, int] | None:
    for pattern in (_TRAILING, _INVERTED):
        for m in pattern.finditer(sentence):
            src = m.group("src").strip()
            if not src or len(src.split()) > 8 or _has_finite_verb(src):
                continue
            kind = classify_source(src, sentence)
            if kind is None:
                continue
            cue_start = m.start() + 1
            while cue_start < m.end() and sentence[cue_start].isspace():
                cue_start += 1
            return _Attribution(kind[0], kind[1], sentence[cue_start:m.end()].strip()), cue_start, m.end()
    return None


_MID_NAME = re.compile(r"(?P<src>(?:[A-Z][\w’'-]+\s+){1,3}[A-Z][\w’'-]+)\s+(?P<verb>described|said|says|told|called|warned|claimed|wrote)\b")


def _clause_attribution(clause: str) -> tuple[_Attribution, int, int] | None:
    found = _according_to(clause) or _subject_attribution(clause)
    if found:
        return found
    for m in _MID_NAME.finditer(clause):
        if m.start() == 0 or _PASSIVE_BEFORE.search(clause[:m.start()]):
            continue
        kind = classify_source(m.group("src"), clause)
        if kind and kind[0] == "sourced":
            return _Attribution("sourced", m.group("src"), m.group(0)), m.start(), m.end()
    return None


_SPEECH_TAIL = re.compile(r"\s+(?:[a-z]+\s+)?(?:say|said|says|warn|warned|warns|believe|believed|fear|feared|claim|claimed|"
                          r"argue|argued|suggest|suggested|predict|predicted|speculating|speculate|speculated|estimate|"
                          r"estimated|agree|agreed|insist|think|admit|show|shows|have\s+shown|prove|proves|find|finds|"
                          r"found|has\s+shown|feel|suspect)$", re.I)


def _vague_cue(clause: str) -> tuple[str, str | None] | None:
    """The earliest vague attribution in ``clause``: (the phrase, the unnamed group it cites or None)."""
    best = None
    for pattern, names in _VAGUE:
        m = pattern.search(clause)
        if m and (best is None or m.start() < best[0].start()):
            best = (m, names)
    if best is None:
        return None
    m, names = best
    cue = m.group(0).strip()
    if names is None:
        return cue, None
    group = _SPEECH_TAIL.sub("", cue)
    if names == "phrase":  # "sources close to the council leader": the whole phrase, up to the verb
        tail = re.match(r"[^,.;:!?]*?(?=\s+(?:say|said|says|admit|admits|told|claim|claims|believe|suggest)\b|[,.;:!?]|$)",
                        clause[m.start():])
        group = tail.group(0).strip() if tail else cue
    return cue, group


def _sweeping_cue(clause: str) -> str | None:
    for pattern in _SWEEPING:
        m = pattern.search(clause)
        if m:
            return m.group(0).strip()
    return None


def _quoted(clause: str) -> bool:
    return clause[:1] in _OPEN_QUOTES


def _unbalanced_quote(clause: str) -> bool:
    opens = clause.count("“") + (clause.count('"') + 1) // 2
    closes = clause.count("”") + clause.count('"') // 2
    return opens > closes


@lru_cache(maxsize=1)
def _sentiment():
    """TextBlob's pattern sentiment (what ``PatternAnalyzer`` uses): ``(polarity, subjectivity)`` of a text."""
    from textblob.en import sentiment

    return sentiment


@lru_cache(maxsize=1)
def _loaded_lexicon():
    from newslit.text.lexicon import load_lexicon

    return load_lexicon()


def _opinion(clause: str) -> str:
    """Why ``clause`` reads as the writer's opinion, or ''."""
    if _quoted(clause):
        return ""
    for pattern, why in _OPINION:
        if pattern.search(clause):
            return why
    if not re.search(r"\d", clause):
        emotional = [span.text for span in find_loaded(clause, _loaded_lexicon()) if span.category == "intensifier"]
        if emotional:
            return f"uses emotional wording (\u201c{emotional[0]}\u201d)"
        polarity, subjectivity = _sentiment()(clause)[:2]
        if subjectivity >= 0.6 and abs(polarity) >= 0.25:
            return "uses strongly subjective wording (TextBlob subjectivity {:.1f})".format(subjectivity)
    return ""


def _skip_reason(sentence: str) -> str:
    """Why a sentence is not a claim ('' if it is one)."""
    stripped = sentence.rstrip(" ”\"’')]")
    if stripped.endswith("?"):
        return "question"
    toks = [t.text for t in words(sentence)]
    if not toks:
        return "no words"
    if not _is_english(sentence):
        return "not English"
    first_i = 0
    while first_i < len(toks) - 1 and toks[first_i].lower() in ("and", "but", "so", "just", "please", "now", "then"):
        first_i += 1
    first = toks[first_i].lower().replace("’", "'")
    nxt = toks[first_i + 1] if first_i + 1 < len(toks) else ""
    quoted = sentence.lstrip()[:1] in _OPEN_QUOTES
    if not quoted and ((_tag(first) == "VB" and not _is_finite_verb(nxt)) or first in ("don't", "let's")
                       or (first == "do" and nxt.lower() == "not")):
        return "command"
    if len(toks) <= 8 and not any(_maybe_verb(t) for t in toks):
        return "fragment"
    return ""


# -- the finder -------------------------------------------------------------------------------------------


def _reason(support: str, source: str | None, cue: str | None) -> str:
    if support == "sourced":
        return f"Attributed to \u201c{source}\u201d: a named source a reader could look up or contact."
    if support == "vague":
        if source and cue and source in cue and source != cue:
            return f"Attributed (\u201c{cue}\u201d), but \u201c{source}\u201d names no one a reader could check."
        if source:
            return f"\u201c{source}\u201d names no one a reader could check."
        return f"\u201c{cue}\u201d attributes the claim without saying who said it."
    if cue:
        return f"No attribution: the text asserts this on its own authority, sweepingly (\u201c{cue}\u201d)."
    return "No attribution: the text asserts this on its own authority."


def _words_found(pattern: re.Pattern, text: str) -> tuple[str, ...]:
    seen: list[str] = []
    for m in pattern.finditer(text):
        w = m.group(0).lower()
        if w not in seen:
            seen.append(w)
    return tuple(seen)


def _make_claim(text: str, start: int, end: int, support: str, source: str | None, cue: str | None) -> Claim:
    body = text[start:end]
    kind_reason = _opinion(body) if support == "unsourced" else ""  # opinion: the writer's own voice
    if support == "unsourced" and cue is None:
        cue = _sweeping_cue(body)
    reason = _reason(support, source, cue)
    if kind_reason:
        reason += f" It reads as the writer's opinion: it {kind_reason}."
    return Claim(start, end, body, support, source, cue, "opinion" if kind_reason else "fact",
                 _words_found(_HEDGES, body), _words_found(_CERTAINTY, body), reason)


class _Context:
    """What earlier sentences said: for "he said", "it said" and for quotations that run on."""

    def __init__(self):
        self.recent: list[tuple[int, _Attribution]] = []  # (paragraph, attribution), newest last
        self.last: _Attribution | None = None
        self.last_paragraph = -1

    def resolve(self, attribution: _Attribution, paragraph: int) -> _Attribution:
        """Replace a pronoun ("she said") with the latest fitting source from this or the previous paragraph."""
        if attribution.support != "pronoun":
            if attribution.support in ("sourced", "vague"):
                self.recent.append((paragraph, attribution))
                self.last, self.last_paragraph = attribution, paragraph
            return attribution
        pronoun = (attribution.source or "").lower()
        for para, earlier in reversed(self.recent):
            if paragraph - para > 1:
                break
            person = _person_like(earlier.source)
            if pronoun in ("he", "she", "i") and (not person or _plural_group(earlier.source)) or pronoun == "it" and person:
                continue
            self.last, self.last_paragraph = earlier, paragraph
            return _Attribution(earlier.support, earlier.source, attribution.cue)
        return _Attribution("vague", attribution.source, attribution.cue)


_CONTRAST = re.compile(r",\s+(?:but|though|although|yet|whereas|while)\s+$")


def _pieces(part: str) -> list[tuple[int, int, bool]]:
    """Clause boundaries in ``part``: (start, end, introduced by a contrast such as "but").

    Never splits inside a quotation, and only where the right-hand side reads as a clause.
    """
    pieces, pos, contrast = [], 0, False
    for m in _SPLIT.finditer(part):
        if _unbalanced_quote(part[:m.start()]):
            continue
        right = part[m.end():]
        if not (_has_finite_verb(right) or _vague_cue(right) or right.startswith("leading")):
            continue
        pieces.append((pos, m.start(), contrast))
        pos = m.end()
        contrast = bool(_CONTRAST.search(part[:m.end()]))
    pieces.append((pos, len(part), contrast))
    return pieces


def _analyse_part(text: str, start: int, end: int, context: _Context, paragraph: int) -> list[tuple[int, int, str, str | None, str | None]]:
    """Claims (start, end, support, source, cue) in one sentence or semicolon part."""
    part = text[start:end]
    framing = _according_to(part) or _trailing_attribution(part)
    if framing:  # "According to X, ..." or "..., X said.": the whole sentence is X's
        a = context.resolve(framing[0], paragraph)
        return [(start, end, a.support, a.source, a.cue)]
    leading = _subject_attribution(part)  # "X said A, and B": B is X's too, unless it has its own source or contrasts
    out: list[tuple[int, int, str, str | None, str | None]] = []
    for n, (a, b, contrast) in enumerate(_pieces(part)):
        s, e = _trim(part, a, b)
        if e <= s:
            continue
        clause = part[s:e]
        attribution = leading if n == 0 and leading else _clause_attribution(clause)
        if attribution:
            at = context.resolve(attribution[0], paragraph)
            row = (start + s, start + e, at.support, at.source, at.cue)
        elif (vague := _vague_cue(clause)):
            row = (start + s, start + e, "vague", vague[1], vague[0])
        elif leading and not contrast:
            prev = out[-1] if out else None
            row = (start + s, start + e, prev[2], prev[3], prev[4]) if prev else (start + s, start + e, "unsourced", None, None)
        else:
            row = (start + s, start + e, "unsourced", None, None)
        if out and out[-1][2] == row[2] and out[-1][3] == row[3]:
            prev = out.pop()
            row = (prev[0], row[1], row[2], row[3], prev[4] or row[4])
        out.append(row)
    return out


def find_claims(text: str) -> list[Claim]:
    """The claims in ``text``, in order, never overlapping.

    >>> [(c.support, c.source) for c in find_claims("According to the Washington Post, the deal is off.")]
    [('sourced', 'the Washington Post')]
    >>> [c.support for c in find_claims("Thousands are reportedly fleeing. The media never reports it.")]
    ['vague', 'unsourced']
    """
    if not isinstance(text, str) or not text.strip():
        return []
    claims: list[Claim] = []
    context = _Context()
    spans = _sentences(text)
    paragraph_of = _paragraph_numbers(text, spans)
    pending: Span | None = None  # a sentence that opened a quotation which a later sentence attributes
    for n, sent in enumerate(spans):
        start, end = sent.start, sent.end
        m = _DATELINE.match(sent.text)
        if m and len(sent.text) - m.end() > 20:
            start += m.end()
        body = text[start:end]
        para = paragraph_of[n]
        skip = _skip_reason(body)
        if skip:
            if ":" in body and skip == "command":  # "Trust your instincts: they are usually right."
                colon = body.index(":")
                s, e = _trim(text, start + colon + 1, end)
                if e > s and not _skip_reason(text[s:e]):
                    claims.append(_make_claim(text, s, e, "unsourced", None, None))
            pending = None
            continue
        if pending is not None and para == paragraph_of[n - 1]:
            trailing = _trailing_attribution(body)
            if trailing and body.lstrip()[:1] not in _OPEN_QUOTES:
                a = context.resolve(trailing[0], para)
                claims.append(_make_claim(text, pending.start, end, a.support, a.source, a.cue))
                pending = None
                continue
            claims.append(_make_claim(text, pending.start, pending.end, "unsourced", None, None))
        pending = None
        if _quoted(body.lstrip()) and _unbalanced_quote(body) and not _trailing_attribution(body) \
                and not _subject_attribution(body) and n + 1 < len(spans):
            pending = Span(start, end, body)
            continue
        parts, pos = [], start
        for m in re.finditer(r";\s+", body):
            parts.append((pos, start + m.start()))
            pos = start + m.end()
        parts.append((pos, end))
        rows = []
        for a, b in parts:
            if (_quoted(text[a:b].lstrip()) and not _trailing_attribution(text[a:b]) and not _subject_attribution(text[a:b])
                    and context.last is not None and context.last_paragraph == para and claims):
                last = claims[-1]
                rows.append((a, b, last.support, last.source, "(the quotation continues)"))
                continue
            rows.extend(_analyse_part(text, a, b, context, para))
        merged = []
        for row in rows:
            if merged and merged[-1][2] == row[2] and merged[-1][3] == row[3]:
                prev = merged.pop()
                row = (prev[0], row[1], row[2], row[3], prev[4] or row[4])
            merged.append(row)
        for s, e, support, source, cue in merged:
            s, e = _trim(text, s, e)
            if e > s:
                claims.append(_make_claim(text, s, e, support, source, cue))
    if pending is not None:
        claims.append(_make_claim(text, pending.start, pending.end, "unsourced", None, None))
    return claims


_QUOTE_OPENS = re.compile(r"(?<=[.!?])\s+(?=[“\"][A-Z])|(?<=\b[ap]\.m\.)\s+(?=(?:It|Its|The|He|She|They|A|An|This|That|"
                          r"These|Those|In|On|At|But|And|We|I|His|Her|Their|Our|There)\b)")


def _sentences(text: str) -> list[Span]:
    """Sentences, also split where a new quotation opens after a full stop Punkt took for an abbreviation ("2 a.m. “It")."""
    out = []
    for sent in sentences(text):
        pos = sent.start
        for m in _QUOTE_OPENS.finditer(text, sent.start, sent.end):
            out.append(Span(pos, m.start(), text[pos:m.start()]))
            pos = m.end()
        out.append(Span(pos, sent.end, text[pos:sent.end]))
    return out


def _paragraph_numbers(text: str, spans: list[Span]) -> list[int]:
    from newslit.text.spans import paragraphs

    starts = [p.start for p in paragraphs(text)]
    out, i = [], 0
    for span in spans:
        while i + 1 < len(starts) and starts[i + 1] <= span.start:
            i += 1
        out.append(i)
    return out


# -- matching claims with a key (evaluation, lessons) -------------------------------------------------


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_claims(items, claims: list[Claim]) -> dict[str, Claim]:
    """Pair key items (anything with ``id``, ``start``, ``end``) with found claims, one to one.

    A claim matches an item when their overlap covers at least half of each.
    Pairs are made greedily, largest overlap first.
    """
    pairs = []
    for item in items:
        for j, claim in enumerate(claims):
            o = overlap(item.start, item.end, claim.start, claim.end)
            if o and o >= 0.5 * (item.end - item.start) and o >= 0.5 * (claim.end - claim.start):
                pairs.append((o, item.id, j))
    pairs.sort(key=lambda p: -p[0])
    used_items, used_claims, out = set(), set(), {}
    for _, item_id, j in pairs:
        if item_id in used_items or j in used_claims:
            continue
        used_items.add(item_id)
        used_claims.add(j)
        out[item_id] = claims[j]
    return out


def expected_support(label: str) -> str:
    """The finder's support value for a key label: ``opinion`` counts as ``unsourced``."""
    return "unsourced" if label == "opinion" else label


# -- who is heard, and who is only talked about (the attribution map) ---------------------------------------

_GROUP_NOUNS = set(
    "residents civilians rebels fighters families workers tenants parents protesters protestors pupils children "
    "patients farmers shopkeepers drivers passengers pensioners refugees migrants voters taxpayers staff nurses doctors "
    "police officers councillors landlords students teachers locals customers media press journalists campaigners "
    "critics supporters opponents officials experts observers analysts insiders sources".split())
_ACTOR_INSTITUTIONS = set("council board company government authority agency department ministry office police "
                          "union regulator committee commission court hospital school district".split())
_PLACE_WORDS = set("river bridge street road lane avenue park square hall area town city village valley hill hills "
                   "farm wood green end lodge hotel estate ward gate court way harbour port island county".split())
_AREA_WORDS = set("area areas part parts centre center city town outskirts streets suburbs district heart rest middle".split())
_PLACE_PREP = set("in at from near into across outside inside around throughout towards toward within".split())
_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|abu|de|van|von|der|du|da|di|la|le)(?:-\w+)?$")
_DEMONYM = re.compile(r"(?:ian|ean|ese|ish|i|an)$")
_CALENDAR = set("january february march april may june july august september october november december monday "
                "tuesday wednesday thursday friday saturday sunday".split())


@dataclass
class Voice:
    """One person, organisation or group in a text: heard from (as a source) or only talked about."""

    who: str
    heard: str  # "named source", "vague source" or "talked about only"
    claims: list[Claim] = field(default_factory=list)
    mentions: int = 0
    paragraphs: list[int] = field(default_factory=list)


def _singular(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s").rstrip("'")
    if word in ("police", "staff", "media", "press", "children"):
        return {"children": "child"}.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _voice_key(phrase: str) -> str:
    """"Council member Dana Okafor" -> "okafor"; "the Washington Post" -> "post"; "some military observers" -> "observer"."""
    toks = [t.text for t in words(phrase)]
    proper = [t for i, t in enumerate(toks) if _looks_proper(t, i == 0) or _PARTICLE.match(t)]
    if proper:
        return _singular(proper[-1]) if proper[-1].lower().endswith(("'s", "’s")) else proper[-1].lower()
    nouns = [t for t in toks if t.lower() not in QUANTIFIERS | _DEFINITE | _INDEFINITE]
    return _singular(nouns[-1]) if nouns else phrase.lower()


def _mentions(text: str) -> dict[str, tuple[str, list[int]]]:
    """Actor key -> (a display name, the offsets where it is mentioned). Places and adjectives are left out."""
    toks = words(text)
    sentence_starts = {s.start for s in _sentences(text)}
    found: dict[str, tuple[str, list[int]]] = {}
    places: set[str] = set()
    i = 0
    while i < len(toks):
        t = toks[i]
        low = t.text.lower()
        before = toks[i - 1].text.lower() if i else ""
        if (low in _GROUP_NOUNS and (low not in ("media", "press") or before in ("the", "mainstream"))) or (
                low in _ACTOR_INSTITUTIONS and before == "the" and t.text.islower()):
            key = _singular(low)
            name, at = found.get(key, (low, []))
            found[key] = (name, at + [t.start])
            i += 1
            continue
        first = t.start in sentence_starts or text[max(0, t.start - 1):t.start] in ("“", '"', "(")
        if not (_looks_proper(t.text, first) and not (t.text.isupper() and len(t.text) > 4)):
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and (text[toks[j].end:toks[j + 1].start] in (" ", "\u00a0")
                                     or ("." in toks[j].text and text[toks[j].end:toks[j + 1].start] == ". ")) and (
                toks[j + 1].text[:1].isupper() or _PARTICLE.match(toks[j + 1].text)
                or (toks[j + 1].text == "of" and j + 2 < len(toks) and _looks_proper(toks[j + 2].text, False))):
            j += 1
        run = toks[i:j + 1]
        nxt = toks[j + 1].text if j + 1 < len(toks) else ""
        prev = toks[i - 1].text.lower() if i else ""
        prev2 = toks[i - 2].text.lower() if i > 1 else ""
        i = j + 1
        last = run[-1].text
        key = last.lower().replace("’", "'").removesuffix("'s")
        if key in _CALENDAR or key in _DEFINITE or key in PRONOUNS or key.split("-")[-1].islower() and "-" in key \
                and not last.split("-")[-1][:1].isupper():
            continue  # "Russian-Iranian-dominated": an adjective
        if nxt[:1].islower() and (len(run) == 1 and _DEMONYM.search(key) or nxt.lower() in _GROUP_NOUNS | {
                "forces", "bombers", "members", "militia", "group", "groups", "authorities"}):
            continue  # "Russian bombers", "Pro-Assad forces": an adjective, not someone
        if prev in _PLACE_PREP or (prev == "of" and prev2 in _AREA_WORDS) or any(r.text.lower() in _PLACE_WORDS for r in run) \
                or nxt.lower() in ("area", "areas", "district", "streets", "road", "street"):
            places.add(key)
        display = text[run[0].start:run[-1].end].removesuffix("’s").removesuffix("'s")
        name, at = found.get(key, (display, []))
        found[key] = (display if len(display) > len(name) else name, at + [run[0].start])
    return {k: v for k, v in found.items() if k not in places}


def voices(text: str, claims: list[Claim] | None = None) -> list[Voice]:
    """Who the claims in ``text`` are attributed to, and who is mentioned but never heard from.

    Sources come from :func:`find_claims`; mentions are proper names and group nouns ("residents"),
    without places. Named sources first, then vague ones, then the people only talked about.
    """
    claims = find_claims(text) if claims is None else claims
    paragraph_starts = [p.start for p in _paragraphs(text)]

    def paragraph(offset: int) -> int:
        return max(1, sum(1 for s in paragraph_starts if s <= offset))

    heard: dict[str, Voice] = {}
    for claim in claims:
        if claim.support == "unsourced" or not claim.source or claim.source.lower() in PRONOUNS:
            continue
        key = _voice_key(claim.source)
        voice = heard.setdefault(key, Voice(claim.source, "vague source"))
        voice.claims.append(claim)
        if claim.support == "sourced":
            voice.heard = "named source"
        if len(claim.source) > len(voice.who) and claim.support == "sourced":
            voice.who = claim.source
    talked: dict[str, Voice] = {}
    for key, (name, offsets) in _mentions(text).items():
        target = heard.get(key)
        if target is None:
            target = talked.setdefault(key, Voice(name, "talked about only"))
        else:  # the fullest proper name: "Greystone Residential" rather than "A Greystone spokesperson"
            candidates = [c.source for c in target.claims if c.support == "sourced" and c.source] or [target.who]
            if any(_looks_proper(w.text, False) for w in words(name)):
                candidates.append(name)
            target.who = max(candidates, key=lambda n: (sum(_looks_proper(w.text, False) for w in words(n)), len(n)))
        target.mentions += len(offsets)
        target.paragraphs = sorted(set(target.paragraphs) | {paragraph(o) for o in offsets})
    for voice in heard.values():
        voice.paragraphs = sorted(set(voice.paragraphs) | {paragraph(c.start) for c in voice.claims})
        voice.mentions = max(voice.mentions, len(voice.claims))
    order = {"named source": 0, "vague source": 1}
    named = sorted(heard.values(), key=lambda v: (order[v.heard], v.claims[0].start))
    others = sorted(talked.values(), key=lambda v: (-v.mentions, v.paragraphs[0] if v.paragraphs else 0))
    return named + others


def _paragraphs(text: str) -> list[Span]:
    from newslit.text.spans import paragraphs

    return paragraphs(text)
