"""Who says what in a news text, who is heard, and who is only talked about.

This is the kit's one attribution engine. Lesson 2's claim finder
(:mod:`newslit.text.claims`: each claim's support and its attribution map) and
lesson 3's voice check (:mod:`newslit.text.context`) both read its answer, so
they name the same people, organisations and groups, with the same counts.

:func:`analyse` reads a text once and returns a :class:`Reading`:

* ``segments``: every sentence or clause that asserts something, with its
  attribution: ``sourced`` (a named source), ``vague`` (an unnamed one, or
  "reportedly") or ``unsourced``; who it is attributed to (``source``) and the
  attribution phrase (``cue``: "According to the Washington Post", "she said");
* ``attributions``: the segments that are attributed, each with the speaker,
  the cue, the span said and where the text names the speaker ("she said"
  points back to the person she is);
* ``actors``: every person, organisation or group the text names, with their
  mentions, and whether they are *heard* (quoted or paraphrased as a source,
  named or vague) or only *talked about*. A source that is never mentioned
  otherwise ("many sources") is an actor too.

It is rule-based, reads English only (sentences that are mostly not English
are skipped) and works in time linear in the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from newslit.text.lexicon import alternation, load_wordlists
from newslit.text.spans import Span, paragraphs, sentences, words

# -- language data (datasets/lexicons/attribution.json, actors.json, time.json) -------------------

_W = load_wordlists("attribution")
_SAY = re.compile(r"\b(" + alternation(sorted(_W.words("verbs_of_saying") - _W.words("no_claim_verbs"), key=len, reverse=True))
                  + r")\b")
_PASSIVE_BEFORE = _W.pattern("passive_before")
PRONOUNS = _W.words("pronouns")
QUANTIFIERS = _W.words("quantifiers")
GENERIC_PEOPLE = _W.words("generic_people")
ROLES = _W.words("roles")
SPOKESPEOPLE = _W.words("spokespeople")
INSTITUTIONS = _W.words("institutions")
DOCUMENTS = _W.words("documents")
_DEFINITE = _W.words("definite_determiners")
_INDEFINITE = _W.words("indefinite_determiners")
_AUX = _W.words("auxiliaries")
_VAGUE = [(pattern, fields.get("names")) for pattern, fields in _W.pattern_list("vague_cues")]
_ANONYMOUS = _W.pattern("anonymous")
_ACCORDING = _W.pattern("according_to")
_DATELINE = re.compile(r"^(?:\([A-Z][A-Za-z .-]{1,30}\)\s*|[A-Z][A-Z .,'’-]{1,40}\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s+)")
_LEAD_WORDS = _W.words("lead_words")
_LINKING_WORDS = _W.words("linking_words")
_COMMAND_LEAD_INS = _W.words("command_lead_ins")
_COMMAND_OPENERS = _W.words("command_openers")
_PERFECT_AUX = _W.words("perfect_auxiliaries")
_SPLIT = _W.pattern("clause_split")
_VERB_LEAD_INS = tuple(sorted(_W.list("verb_lead_ins"), key=len, reverse=True))
_RESULT_CLAUSE = _W.pattern("result_clause")
_OPEN_QUOTES = "“\""


@dataclass
class _Cue:
    """An attribution as a clause states it: "pronoun" until :class:`_Context` resolves "she said"."""

    support: str  # sourced / vague / pronoun
    source: str | None
    cue: str | None
    speaker: tuple[int, int] | None = None  # where the text names the source (offsets into the text)

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
    if tag == "VBN" and previous.lower() in _PERFECT_AUX:
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


_PARTICIPLE_LEAD = _W.pattern("participle_lead")


def _strip_lead(clause: str) -> int:
    """How many characters of introductory matter ("In fact, ", "But ") to skip before the subject."""
    pos = 0
    m = _PARTICIPLE_LEAD.match(clause)
    if m:  # "Asked whether the bridge was safe, Ruiz said ...": the speaker comes after the comma
        pos = m.end()
    for _ in range(2):
        m = re.match(r"(\W*)(\w+)", clause[pos:])
        if not m or m.group(2).lower() not in _LEAD_WORDS:
            break
        comma = clause.find(",", pos)
        if m.group(2).lower() in _LINKING_WORDS and (comma < 0 or comma > pos + len(m.group(0)) + 1):
            pos += len(m.group(0))
            while pos < len(clause) and clause[pos].isspace():
                pos += 1
            continue
        if 0 <= comma and len(clause[pos:comma].split()) <= 10 and not _has_finite_verb(clause[pos:comma]):
            pos = comma + 1
            while pos < len(clause) and clause[pos].isspace():
                pos += 1
            continue
        break
    return pos

# -- who is a source ----------------------------------------------------------------------------


_MODIFIER_START = _W.words("modifier_starts")


@lru_cache(maxsize=256)
def _anonymous(context: str) -> bool:
    """Does the sentence say its source asked not to be named? (Asked once per sentence, however many sources it has.)"""
    return bool(_ANONYMOUS.search(context))


@lru_cache(maxsize=256)
def _person_like(source: str | None) -> bool:
    """Does ``source`` name a person (for "he"/"she") rather than an organisation or a document?"""
    if not source:
        return False
    low = {w.lower().replace("’", "'").removesuffix("'s") for w in source.replace(",", " ").split()}
    if low & (ROLES | SPOKESPEOPLE | GENERIC_PEOPLE) or {w.rstrip("s") for w in low} & ROLES:
        return True
    return not low & (DOCUMENTS | INSTITUTIONS)


@lru_cache(maxsize=256)
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
    if low[0] in _HYPOTHETICAL:
        return None  # "If the council says no, ...": nobody has said it
    if low[0] in _SUBORDINATORS and len(toks) > 1:  # "When Roadlink announced ..., the company called it ...": Roadlink
        return classify_source(phrase[phrase.lower().index(low[0]) + len(low[0]):], context, at_start)
    if low[0] in _PREPOSITIONS:
        return None  # "in a statement", "on Monday": a source never starts with a preposition
    if len(low) == 1 and low[0] in PRONOUNS or _AGE_REFERENCE.match(phrase):
        return ("pronoun", phrase)  # "she", "the 24-year-old": someone named before
    if _INSIDER.search(phrase):
        return ("vague", phrase)
    if low[0] in QUANTIFIERS or (low[0] == "a" and len(low) > 1 and low[1] in _A_FEW):
        polled = _POLLED_BY.search(phrase)
        if polled and any(_looks_proper(t.text, False) for t in words(phrase[polled.end():])):
            return ("sourced", phrase)  # "most economists polled by Reuters": a named poll
        return ("vague", phrase)
    counted = low[0] in _NUMBER_WORDS or low[0].replace(",", "").isdigit()
    if (counted or low[0] in _INDEFINITE) and len(low) > 2 and low[1] == "of" \
            and (low[2] in _OBJECT_PRONOUNS or classify_source(" ".join(toks[2:]), context) is not None):
        return ("vague", phrase)  # "one of the people", "two of its directors": some of a group, unnamed
    if counted and len(low) > 1 and classify_source(" ".join(toks[1:]), context) is not None:
        return ("vague", phrase)  # "two government officials": counted, not named
    cut = next((i for i in range(1, len(low)) if low[i] in _MODIFIER_START), len(low))
    head, head_low, mods, mod_low = toks[:cut], low[:cut], toks[cut:], low[cut:]
    head_proper = any(_looks_proper(t, i == 0 and at_start) for i, t in enumerate(head))
    mod_proper = any(_looks_proper(t, False) for t in mods)
    possessive = any(t.endswith("'s") or t.endswith("s'") for t in head_low)
    hset = {w.removesuffix("'s").rstrip("'") for w in head_low}
    mset = {w.removesuffix("'s").rstrip("'") for w in mod_low}
    definite = low[0] in _DEFINITE
    indefinite = low[0] in _INDEFINITE
    if _anonymous(context) and not head_proper and not hset & SPOKESPEOPLE:
        return ("vague", phrase)
    if hset & _UNNAMED_HEADS:
        return ("vague", phrase)  # "police sources", "sources at the Treasury", "a person briefed on the talks"
    if hset & SPOKESPEOPLE:  # "a council spokesperson", "a spokesperson for the council": the council speaks
        named = head_proper or mod_proper or hset & INSTITUTIONS or possessive or definite \
            or (mset & INSTITUTIONS and mset & _DEFINITE)
        return ("sourced" if named else "vague", phrase)
    if hset & DOCUMENTS:
        if head_low[-1] in _PLURAL_REPORTS and not (head_proper or possessive or definite) and mod_low[:1] == ["in"]:
            return ("vague", phrase)  # "reports in Spain": which reports?
        named = (head_proper or mod_proper or possessive or definite or hset & INSTITUTIONS
                 or (mset & (DOCUMENTS | INSTITUTIONS) and mset & _DEFINITE))
        return ("sourced" if named else "vague", phrase)
    if hset & GENERIC_PEOPLE:
        if indefinite:
            return ("vague", phrase)  # an unnamed individual, wherever they work
        if head_low[-1].removesuffix("'s").rstrip("'") in _PRIVATE_PEOPLE and not any(
                _looks_proper(t, i == 0 and at_start) and not _NATIONALITY.search(t.lower()) for i, t in enumerate(head)):
            return ("vague", phrase)  # "residents of Mill Lane", "Spanish media": a place or an employer names no one
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
_NEGATED = _W.pattern("negated")
_REFUSED = _W.pattern("refused_to")
_INSIDER = _W.pattern("insider")
_A_FEW = _W.words("a_few")
_NUMBER_WORDS = _W.words("number_words")
_PRIVATE_PEOPLE = _W.words("private_people")
_AGE_REFERENCE = _W.pattern("age_reference")
_DEFINITE_GROUP = _W.pattern("definite_group")
_AGE_PRONOUN = sorted(_W.words("person_pronouns"))[0]  # any person pronoun: "the 24-year-old" is a person
_OBJECT_PRONOUNS = _W.words("object_pronouns")
_PLURAL_REPORTS = _W.words("plural_reports")
_POLLED_BY = _W.pattern("polled_by")
_PREPOSITIONS = _W.words("prepositions")
_SUBORDINATORS = _W.words("subordinators")
_HYPOTHETICAL = _W.words("hypothetical")
_UNNAMED_HEADS = _W.words("unnamed_heads")
_NOT_SOURCE_WORDS = _W.words("reflexives_and_not")
_DOCUMENT_VERBS = _W.words("document_verbs")
_PARTICIPLES = _W.words("participles")


def _sentence_subject(clause: str, lead: int, end: int, loose: bool = False) -> str:
    """The words before the first finite verb of ``clause[lead:end]`` (its grammatical subject, roughly), or ''.
    ``loose``: the first word that may be a verb will do ("The union disputes the figures": the lexicon reads
    "disputes" as a noun)."""
    toks = words(clause, lead, end)
    for i, t in enumerate(toks):
        if i and (_is_finite_verb(t.text, toks[i - 1].text)
                  or (_tag(t.text.lower()) == "VBN" and toks[i - 1].text[:1].isupper())  # "Ravi Patel left early"
                  or (loose and _maybe_verb(t.text) and toks[i - 1].text.lower() not in _DEFINITE | _INDEFINITE)):
            return clause[lead:t.start]
    return ""


_MAX_SUBJECT = 600  # characters from the start of a clause to its verb of saying, at most
_QUOTED_AS = _W.pattern("quoted_as")
_NOT_SAYING = _W.pattern("not_saying")
_POSSESSIVE_END = re.compile(r"[’']s$")
_RELATIVE = _W.pattern("relative_clause")
_EXHORTATION_MODALS = _W.words("exhortation_modals")
_INCLUDING = _W.pattern("including_named")
_APPOSITIVE_MODIFIER = _W.pattern("appositive_modifier")
_PHRASE_THEN_SUBJECT = _W.pattern("phrase_then_subject")


def _subject_attribution(clause: str) -> tuple[_Cue, int, int] | None:
    """``X said ...`` / ``The report found ...`` at the start of ``clause``: the attribution and its span."""
    lead = _strip_lead(clause)
    if clause[lead:lead + 1] in _OPEN_QUOTES or clause[lead:lead + 1] in "‘'":
        return None  # a quotation, not a subject: "“...,” she said" is found by _trailing_attribution
    for m in _SAY.finditer(clause, lead):
        if m.start() - lead > _MAX_SUBJECT:
            break  # no subject is that long: the rest of a long (or hostile) sentence costs nothing more
        verb = m.group(0)
        if _NOT_SAYING.match(clause, m.start()):
            continue  # "the union has called a strike ballot": calling a vote says nothing
        subject = clause[lead:m.start()]
        quoted_as = _QUOTED_AS.search(subject) if verb in _PARTICIPLES else None
        if quoted_as:  # "Ruiz was quoted as saying ...": Ruiz said it
            subject = subject[:quoted_as.start()]
        elif verb in _PARTICIPLES:  # "Moreno trotted out the usual jargon, saying ...": the sentence's subject said it
            if not subject.rstrip().endswith(","):
                continue
            subject = _sentence_subject(clause, lead, m.start()) or _sentence_subject(clause, lead, m.start(), loose=True)
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
                              _NOT_SOURCE_WORDS or _NEGATED.fullmatch(head_words[-1])):
            between.append(head_words.pop())
        if any(_NEGATED.fullmatch(w) for w in between) or _REFUSED.search(subject):
            return None  # "She has never once admitted ...": a claim about her, not one she makes
        if head_words and _POSSESSIVE_END.search(head_words[-1]):
            continue  # "Ruiz’s claim that ...": a noun after a possessive, not a verb
        if head_words and head_words[-1].lower() in _EXHORTATION_MODALS:
            return None  # "Students ... should call it what it is": what someone ought to say, not what they said
        head = " ".join(head_words)
        lowered = head.lower().replace("\xa0", " ")
        for lead_in in _VERB_LEAD_INS:  # "the FT made a point of quoting": the FT quotes
            if lowered.endswith(" " + lead_in):
                head = " ".join(head.replace("\xa0", " ").split()[:-len(lead_in.split())])
                head_words = head.split()
                break
        if not head or len(head_words) > 12 or (verb not in _PARTICIPLES and _has_finite_verb(_RELATIVE.split(head, 1)[0])):
            return None  # (a relative clause may have its own verb: "An official who was not authorised to speak said")
        if len(segments) >= 2 and segments[1]:
            appositive = segments[1]
            if all(w[:1].isupper() for w in appositive.split()) and len(appositive.split()) <= 4:
                head = f"{head}, {appositive}"
            elif _APPOSITIVE_MODIFIER.match(appositive) and len(head_words) + len(appositive.split()) <= 14 \
                    and any(w[:1].isupper() for w in appositive.split()[1:]):
                head = f"{head} {appositive}"  # "A study, published in the journal Child Health Review, found"
        if verb in _DOCUMENT_VERBS and not {w.lower() for w in head_words} & DOCUMENTS:
            return None  # "the police chiefs showed their true colours" is not a citation
        kind = classify_source(head, clause, at_start=True)
        if kind is None and (after_phrase := _PHRASE_THEN_SUBJECT.match(head)):
            head = after_phrase.group("subject")  # "In a statement he insisted": he
            kind = classify_source(head, clause, at_start=True)
        if kind is None:
            return None
        named = _INCLUDING.match(segments[1]) if kind[0] == "vague" and len(segments) >= 2 else None
        if named and (classify_source(named.group("who")) or ("",))[0] == "sourced":  # "Critics, including Marten Hale, say"
            kind = ("sourced", f"{head}, {segments[1]}")
        cue = clause[lead:m.end()].strip()
        if "," in cue and len(cue.split()) > 8:  # long appositive: "Sheep farmer Alan Pryce … told"
            cue = f"{kind[1]} \u2026 {verb}"
        return _Cue(kind[0], kind[1], cue), lead, m.end()
    return None


def _according_to(sentence: str) -> tuple[_Cue, int, int] | None:
    m = _ACCORDING.search(sentence)
    if not m:
        return None
    rest = sentence[m.end():]
    stop = re.search(r"[,.;:!?]|$", rest)
    phrase = rest[:stop.start()]
    after = rest[stop.start():]
    name = re.match(r",\s*((?:[A-Z][\w’'.-]*\s*){1,4})(?=[,.;]|$)", after)
    if name:
        full = name.group(1).strip()
        if full.endswith(".") and full[-2:-1].islower():  # "..., Simon Okafor.": the full stop ends the sentence
            full = full[:-1]
        phrase = f"{phrase}, {full}"
    if _NOT_ACCORDING_SOURCE.match(phrase):
        return None  # "shared according to the length of road each maintains": in proportion, not a source
    kind = classify_source(phrase, sentence) or ("vague", phrase.strip())
    end = m.end() + len(phrase)
    return _Cue(kind[0], kind[1], sentence[m.start():end].strip()), m.start(), end


_PROCEEDINGS = _W.pattern("proceedings")
_TIME_TAIL_END = _W.pattern("time_tail_end")
_COLON_QUOTE = _W.pattern("colon_quote")


def _proceedings(sentence: str) -> tuple[_Cue, int, int] | None:
    """"The court heard that ...", "..., the jury was told.": what a court or an inquiry heard."""
    lead = _strip_lead(sentence)
    for m in _PROCEEDINGS.finditer(sentence):
        if m.start() == lead or _TIME_TAIL_END.match(sentence, m.end()):
            return _Cue("sourced", m.group("src"), m.group(0)), m.start(), m.end()
    return None


def _colon_quote(sentence: str) -> tuple[_Cue, int, int] | None:
    """"Ruiz was blunt: “This is a disaster.”": the subject before the colon says the quotation after it."""
    m = _COLON_QUOTE.match(sentence)
    if not m:
        return None
    lead = _strip_lead(sentence)
    subject = _sentence_subject(sentence, lead, m.end("pre")).strip()
    if not subject or _COMMA.search(subject):
        return None
    kind = classify_source(subject, sentence, at_start=True)
    if kind is None:
        return None
    return _Cue(kind[0], kind[1], sentence[lead:m.end("pre") + 1].strip()), lead, m.end("pre") + 1


_DOCUMENT_LEAD = _W.pattern("document_lead")


def _document_lead(sentence: str) -> tuple[_Cue, int, int] | None:
    """"In a survey commissioned by Aquavell, 87 percent ...": a document named in the opening phrase, when the
    sentence's subject is not a source itself."""
    m = _DOCUMENT_LEAD.match(sentence)
    if not m:
        return None
    after = _subject_attribution(sentence[m.end():])  # "In a study published in ..., researchers at X wrote"
    if after:
        return after[0], m.end() + after[1], m.end() + after[2]
    phrase = m.group("doc")
    low = [t.text.lower() for t in words(phrase)]
    cut = next((i for i in range(1, len(low)) if low[i] in _MODIFIER_START), len(low))
    if cut == len(low) or not set(low[:cut]) & DOCUMENTS or _has_finite_verb(phrase):
        return None  # "In a statement, the board said ...": no author or subject in the phrase, the sentence names its own
    kind = classify_source(phrase, sentence)
    if kind is None or kind[0] == "pronoun":
        return None
    return _Cue(kind[0], kind[1], sentence[m.start("cue"):m.end("doc")]), m.start("cue"), m.end("doc")


_NOT_ACCORDING_SOURCE = _W.pattern("according_to_measure")
_TRAILING = _W.pattern("closing_cue")
_INVERTED = _W.pattern("inverted_cue")
_TRAILING_APPOSITIVE = _W.pattern("closing_cue_appositive")
_TRAILING_ROLE_NAME = _W.pattern("closing_cue_role_name")


def _trailing_attribution(sentence: str) -> tuple[_Cue, int, int] | None:
    for pattern in (_TRAILING, _INVERTED, _TRAILING_APPOSITIVE, _TRAILING_ROLE_NAME):
        for m in pattern.finditer(sentence):
            src = _AS_BEFORE.sub("", m.group("src").strip())  # "..., as the council's own assessment conceded"
            core = _RELATIVE.split(src, 1)[0]  # "a council official who declined to be named": the official
            if not src or len(core.split()) > 8 or len(src.split()) > 16 or _has_finite_verb(core):
                continue
            kind = classify_source(src, sentence)
            if kind is None:
                continue
            cue_start = m.start() + 1
            while cue_start < m.end() and sentence[cue_start].isspace():
                cue_start += 1
            return _Cue(kind[0], kind[1], sentence[cue_start:m.end()].strip()), cue_start, m.end()
    return None


_CITING = _W.pattern("citing")
_AS_BEFORE = _W.pattern("as_before_source")


def _citing(part: str, found: tuple[_Cue, int, int] | None) -> tuple[_Cue, int, int] | None:
    """"..., the Courier reported, citing unnamed sources": a source that cites unnamed ones is vague."""
    if found is None or found[0].support != "sourced":
        return found
    m = _CITING.search(part, found[2])
    if not m:
        return found
    kind = classify_source(m.group("src"), part)
    if kind is None or kind[0] != "vague":
        return found
    cue = found[0]
    return _Cue("vague", kind[1], f"{cue.cue}, citing {kind[1]}"), found[1], found[2]


_MID_NAME = _W.pattern("name_first_cue")


def _clause_attribution(clause: str) -> tuple[_Cue, int, int] | None:
    found = _according_to(clause) or _subject_attribution(clause)
    if found:
        return found
    for m in _MID_NAME.finditer(clause):
        if m.start() == 0 or _PASSIVE_BEFORE.search(clause, max(0, m.start() - 200), m.start()):
            continue
        kind = classify_source(m.group("src"), clause)
        if kind and kind[0] == "sourced":
            return _Cue("sourced", m.group("src"), m.group(0)), m.start(), m.end()
    m = _RELATIVE_CUE.search(clause)  # "the filter, which the company says captures 99.7 percent"
    if m:
        kind = classify_source(m.group("src"), clause)
        if kind:
            return _Cue(kind[0], kind[1], m.group(0)), m.start(), m.end()
    return None


_RELATIVE_CUE = _W.pattern("relative_cue")


_SPEECH_TAIL = _W.pattern("speech_tail")
_PHRASE_TAIL = _W.pattern("phrase_tail")


def _vague_cue(clause: str) -> tuple[str, str | None, int, int] | None:
    """The earliest vague attribution in ``clause``: (the phrase, the unnamed group it cites or None, where the phrase is)."""
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
        return cue, None, m.start(), m.end()
    group = _SPEECH_TAIL.sub("", cue)
    if names == "phrase":  # "sources close to the council leader": the whole phrase, up to the verb
        tail = _PHRASE_TAIL.match(clause[m.start():])
        group = tail.group(0).strip() if tail else cue
    return cue, group, m.start(), m.end()

def _quoted(clause: str) -> bool:
    return clause[:1] in _OPEN_QUOTES


def _unbalanced_quote(clause: str) -> bool:
    opens = clause.count("“") + (clause.count('"') + 1) // 2
    closes = clause.count("”") + clause.count('"') // 2
    return opens > closes

_CREDIT_LINE = _W.pattern("credit_line")


def _noun_subject(toks: list[str], i: int) -> bool:
    """Does ``toks[i]`` (a word that can be a verb) open a noun subject instead ("Lead pipes still carry ...",
    not "Cut costs now")? The next word is a plural noun and a verb follows it, perhaps after an adverb."""
    if i + 2 >= len(toks) or _tag(toks[i + 1].lower()) != "NNS":
        return False
    j = i + 2
    if _tag(toks[j].lower()) == "RB" and j + 1 < len(toks):
        j += 1
    return (_tag(toks[j].lower()) or "") in ("VB", "VBP", "VBD", "MD")


def _skip_reason(sentence: str) -> str:
    """Why a sentence is not a claim ('' if it is one)."""
    stripped = sentence.rstrip(" ”\"’')]")
    if stripped.endswith("?"):
        return "question"
    if _CREDIT_LINE.match(sentence):
        return "credit line"
    toks = [t.text for t in words(sentence)]
    if not toks:
        return "no words"
    if not _is_english(sentence):
        return "not English"
    first_i = 0
    while first_i < len(toks) - 1 and toks[first_i].lower() in _COMMAND_LEAD_INS:
        first_i += 1
    first = toks[first_i].lower().replace("’", "'")
    nxt = toks[first_i + 1] if first_i + 1 < len(toks) else ""
    quoted = sentence.lstrip()[:1] in _OPEN_QUOTES
    if not quoted and ((_tag(first) == "VB" and not _is_finite_verb(nxt) and not _noun_subject(toks, first_i))
                       or first in _COMMAND_OPENERS or f"{first} {nxt.lower()}" in _COMMAND_OPENERS):
        return "command"
    if len(toks) <= 8 and not any(_maybe_verb(t) for t in toks):
        return "fragment"
    return ""

# -- the text, split once ------------------------------------------------------------------------

_QUOTED = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"")


class Doc:
    """A text split once into sentences, words, paragraphs and quotations, with offset look-ups."""

    def __init__(self, text: str, sentence_spans: list[Span] | None = None):
        self.text = text
        self.sentences: list[Span] = list(sentence_spans) if sentence_spans is not None else sentences(text)
        self._starts = [s.start for s in self.sentences]
        self.quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        self._quote_starts = [q[0] for q in self.quotes]
        self.words: list[Span] = words(text)
        self._word_starts = [w.start for w in self.words]
        self.paragraph_starts = [p.start for p in paragraphs(text)]

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

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quotations that open in ``text[start:end]``."""
        return self.quotes[bisect_left(self._quote_starts, start):bisect_left(self._quote_starts, end)]

    def word_index(self, offset: int) -> int:
        """Index of the first word starting at or after ``offset``."""
        return bisect_right(self._word_starts, offset - 1)

    def paragraph_number(self, offset: int) -> int:
        """1-based number of the paragraph ``offset`` is in."""
        return max(1, bisect_right(self.paragraph_starts, offset))

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

# -- the walk: every sentence and clause, with its attribution ----------------------------------------


_LOOK_BACK = 30  # sources a pronoun may point back past, at most (a real paragraph has a handful)


class _Context:
    """What earlier sentences said: for "he said", "it said" and for quotations that run on."""

    def __init__(self, doc: Doc | None = None, mentions: "_Mentions | None" = None):
        self.recent: list[tuple[int, _Cue]] = []  # (paragraph, attribution), newest last
        self.last: _Cue | None = None
        self.last_paragraph = -1
        self.doc, self.mentions = doc, mentions
        self.named: dict[tuple[int, int], _Cue] = {}  # a mention, as a source

    def resolve(self, attribution: _Cue, paragraph: int) -> _Cue:
        """Replace a pronoun ("she said") with the latest fitting source from this or the previous paragraph."""
        if attribution.support == "vague" and attribution.source and _DEFINITE_GROUP.match(attribution.source):
            attribution = self._named_before(attribution, paragraph)  # "The researchers found": the ones named before
        if attribution.support != "pronoun":
            if attribution.support in ("sourced", "vague"):
                self.recent.append((paragraph, attribution))
                self.last, self.last_paragraph = attribution, paragraph
            return attribution
        pronoun = (attribution.source or "").lower()
        if _AGE_REFERENCE.match(pronoun):
            pronoun = _AGE_PRONOUN  # "said the 24-year-old": a person named before
        for para, earlier in reversed(self.recent[-_LOOK_BACK:]):
            if paragraph - para > 1:
                break
            person = _person_like(earlier.source)
            if pronoun in _PERSON_PRONOUNS and (not person or _plural_group(earlier.source)) or pronoun in _THING_PRONOUNS and person:
                continue
            self.last, self.last_paragraph = earlier, paragraph
            return _Cue(earlier.support, earlier.source, attribution.cue, earlier.speaker)
        named = self._mentioned(pronoun, attribution.speaker)
        if named is not None:  # "Mayor Lena Ortiz defended the budget. “...,” she said."
            self.last, self.last_paragraph = named, paragraph
            return _Cue(named.support, named.source, attribution.cue, named.speaker)
        return _Cue("vague", attribution.source, attribution.cue)

    def _named_before(self, attribution: _Cue, paragraph: int) -> _Cue:
        """"The researchers" after "researchers at Arnholt University said": the same, named source."""
        noun = _DEFINITE_GROUP.match(attribution.source).group("noun").lower()
        for para, earlier in reversed(self.recent[-_LOOK_BACK:]):
            if paragraph - para > 1:
                break
            if earlier.support == "sourced" and earlier.source and noun in earlier.source.lower().split():
                return _Cue(earlier.support, earlier.source, attribution.cue, earlier.speaker)
        return attribution

    def _mentioned(self, pronoun: str, at: tuple[int, int] | None) -> _Cue | None:
        """The latest person (for "he", "she", "I") or organisation or group (for "it", "they", "we") the text
        names before ``at``, in the same or the previous paragraph, as a source."""
        if at is None or self.doc is None or self.mentions is None:
            return None
        kinds = ("person",) if pronoun in _PERSON_PRONOUNS else ("org", "media", "group") if pronoun in _THING_PRONOUNS else ("group", "org", "media")
        text = self.doc.text
        accept = None
        if pronoun in _THING_PRONOUNS:  # "it": an organisation, or a group named in the singular ("the company")
            accept = lambda row: row[3] != "group" or not text[row[0]:row[1]].lower().endswith("s")  # noqa: E731
        found = self.mentions.latest(at[0], kinds, self.doc.paragraph_number(at[0]) - 1, self.doc.paragraph_number,
                                     accept=accept)
        if found is None:
            return None
        span = (found[0], found[1])
        if span not in self.named:
            name = self.doc.text[span[0]:span[1]]
            kind = classify_source(name)
            self.named[span] = _Cue(kind[0] if kind and kind[0] != "pronoun" else "sourced", name, None, span)
        return self.named[span]


def _placed(text: str, base: int, found: tuple[_Cue, int, int] | None) -> tuple[_Cue, int, int] | None:
    """``found`` (offsets relative to ``text[base:]``) with the speaker located in the text."""
    if found is None:
        return None
    cue, s, e = found
    if cue.source:
        a, b = base + s, base + e
        at = text.find(cue.source, a, b)
        cue.speaker = (at, at + len(cue.source)) if at >= 0 else (a, b)
    return found


_CONTRAST = _W.pattern("contrast")
_SOFT_CONTRAST = _W.pattern("soft_contrast")
_REPORTED = _W.pattern("reported_content")
_PERSON_PRONOUNS = _W.words("person_pronouns")
_THING_PRONOUNS = _W.words("thing_pronouns")


def _pieces(part: str) -> list[tuple[int, int, bool]]:
    """Clause boundaries in ``part``: (start, end, introduced by a contrast such as "but").

    Never splits inside a quotation, and only where the right-hand side reads as a clause. Each
    question about the rest of the part is answered from one pass over it, so a part with many
    commas costs time in proportion to its length.
    """
    pieces, pos, contrast = [], 0, False
    right_side = _RightSide(part)
    for m in _SPLIT.finditer(part):
        if right_side.unbalanced_before(m.start()):
            continue
        if not (right_side.finite_verb_from(m.end()) or right_side.vague_cue_from(m.end())
                or _RESULT_CLAUSE.match(part, m.end())):
            continue
        if not right_side.finite_verb_between(pos, m.start()):
            continue  # a name or a phrase before the comma is not a clause of its own
        pieces.append((pos, m.start(), contrast))
        pos = m.end()
        contrast = "soft" if _SOFT_CONTRAST.search(part, m.start(), m.end()) else bool(_CONTRAST.search(part, m.start(), m.end()))
    pieces.append((pos, len(part), contrast))
    return pieces


class _RightSide:
    """Answers about the text of a part before or after a split point, in time linear in the part."""

    def __init__(self, part: str):
        self.part = part
        self.toks = words(part)
        self.starts = [t.start for t in self.toks]
        later = [False] * (len(self.toks) + 1)  # later[i]: a finite verb among toks[i:] (each read after its neighbour)
        finite = [_is_finite_verb(t.text, self.toks[i - 1].text if i else "") for i, t in enumerate(self.toks)]
        for i in range(len(self.toks) - 1, -1, -1):
            later[i] = later[i + 1] or (i > 0 and finite[i])
        self.later = later
        self.before = [0]  # before[i]: how many words that may be verbs among toks[:i] (the lexicon's tags are rough)
        for i, t in enumerate(self.toks):
            self.before.append(self.before[-1] + (finite[i] or _maybe_verb(t.text)))
        self.vague_next: list[int | None] = [-1] * len(_VAGUE)  # per pattern: its next match (None: no more)
        self.counted_to, self.counts = 0, [0, 0, 0]  # “, ” and " in part[:counted_to]

    def unbalanced_before(self, at: int) -> bool:
        """:func:`_unbalanced_quote` of ``part[:at]`` (``at`` only grows from one call to the next)."""
        for n, mark in enumerate(("“", "”", '"')):
            self.counts[n] += self.part.count(mark, self.counted_to, at)
        self.counted_to = at
        opens = self.counts[0] + (self.counts[2] + 1) // 2
        closes = self.counts[1] + self.counts[2] // 2
        return opens > closes

    def finite_verb_between(self, a: int, b: int) -> bool:
        """Is there a word that may be a verb in ``part[a:b]``? ("Lewis Carne, 24, and Anthony Broome ... are
        accused": no verb before the comma, so no clause ends there.)"""
        return self.before[bisect_left(self.starts, b)] > self.before[bisect_left(self.starts, a)]

    def finite_verb_from(self, at: int) -> bool:
        """:func:`_has_finite_verb` of ``part[at:]`` (``at`` is the start of a word or the end)."""
        i = bisect_left(self.starts, at)
        if i >= len(self.toks):
            return False
        return _is_finite_verb(self.toks[i].text, "") or self.later[i + 1]

    def vague_cue_from(self, at: int) -> bool:
        """Is there a vague attribution in ``part[at:]``? Each stretch of the part is searched once."""
        found = False
        for n, (pattern, _) in enumerate(_VAGUE):
            nxt = self.vague_next[n]
            if nxt is not None and nxt < at:  # not searched yet, or its match lies before ``at``: search on
                m = pattern.search(self.part, at)
                nxt = self.vague_next[n] = m.start() if m else None
            found = found or nxt is not None
        return found


_ELLIPTIC = _W.pattern("elliptic_cue")


def _first_subject(part: str, end: int) -> tuple[int, str]:
    """(where it starts, the words) of the subject of ``part[:end]``, the first clause of a sentence."""
    lead = _strip_lead(part[:end])
    return lead, _sentence_subject(part, lead, end)


def _elliptic_attribution(clause: str, subject: tuple[int, str], base: int) -> tuple[_Cue, int, int] | None:
    """"The council declined to comment, but said it would ...": a clause that opens with a verb of saying
    has the first clause's subject as its source."""
    m = _ELLIPTIC.match(clause)
    if not m:
        return None
    at, words_ = subject
    head = words_.strip()
    if not head or _COMMA.search(head) or len(head.split()) > 12:
        return None
    kind = classify_source(head, clause, at_start=True)
    if kind is None:
        return None
    cue = _Cue(kind[0], kind[1], f"{head} \u2026 {m.group('verb')}", (base + at, base + at + len(head)))
    return cue, m.start(), m.end()


_Row = tuple  # (start, end, support, source, cue, speaker)


def _merge(prev: _Row, row: _Row) -> _Row:
    return (prev[0], row[1], row[2], row[3], prev[4] or row[4], prev[5] or row[5])


def _analyse_part(text: str, start: int, end: int, context: _Context, paragraph: int) -> list[_Row]:
    """Rows (start, end, support, source, cue, speaker) for one sentence or semicolon part."""
    part = text[start:end]
    framing = _placed(text, start, _citing(part, _according_to(part) or _trailing_attribution(part)))
    leading = None if framing else _placed(text, start, _citing(part, _subject_attribution(part)))
    if not framing and not leading:
        framing = _placed(text, start, _document_lead(part) or _proceedings(part) or _colon_quote(part))
    if framing:  # "According to X, ...", "..., X said." or "In a survey by X, ...": the whole sentence is X's
        a = context.resolve(framing[0], paragraph)
        cut = _framing_cut(part, framing)
        if cut is None:
            return [(start, end, a.support, a.source, a.cue, a.speaker)]
        # "A, X said, but B" / "A, X said, and Y says B": A is X's; B is a clause of its own
        rest = text[start + cut[1]:end]
        first = [(start, start + cut[0], a.support, a.source, a.cue, a.speaker)]
        return first + _analyse_clauses(text, start + cut[1], end, context, paragraph,
                                        _placed(text, start + cut[1], _subject_attribution(rest)))
    return _analyse_clauses(text, start, end, context, paragraph, leading)


def _framing_cut(part: str, framing: tuple[_Cue, int, int]) -> tuple[int, int] | None:
    """Where a sentence attribution that closes its first clause ("A, X said, and B") ends, and where the next
    clause starts; None when it covers the whole sentence."""
    _, s, e = framing
    if s <= _strip_lead(part):
        return None  # "According to X, A, and B": all of it is X's
    m = _FRAMING_SPLIT.match(part, e)
    if not m or not _has_finite_verb(part[m.end():]):
        return None
    if not m.group("contrast"):  # "A, X said, and B": B is X's too, unless it has a source of its own
        rest = part[m.end():]
        if not (_subject_attribution(rest) or _vague_cue(rest)):
            return None
    return e, m.end()


_FRAMING_SPLIT = _W.pattern("after_closing_cue")


def _analyse_clauses(text: str, start: int, end: int, context: _Context, paragraph: int,
                     leading: tuple[_Cue, int, int] | None) -> list[_Row]:
    """Rows for the clauses of ``text[start:end]``; ``leading``: the attribution its first clause opens with."""
    part = text[start:end]
    # leading: "X said A, and B": B is X's too, unless it has its own source or contrasts; "X found that A,
    # while B": a "while" inside what X is reported to say stays X's
    reported = bool(leading and _REPORTED.match(part, leading[2]))
    out: list[_Row] = []
    pieces = _pieces(part)
    if leading and len(pieces) > 1 and pieces[1][0] < leading[2]:  # "Residents of X, which flooded in 2021, said":
        inside = [p for p in pieces if p[0] < leading[2]]  # a split inside the subject is no clause boundary
        pieces = [(0, inside[-1][1], False)] + pieces[len(inside):]
    subject: tuple[int, str] | None = None  # the first clause's subject, for "..., but said ..." (read once)
    for n, (a, b, contrast) in enumerate(pieces):
        s, e = _trim(part, a, b)
        if e <= s:
            continue
        clause = part[s:e]
        attribution = leading if n == 0 and leading else _placed(text, start + s, _clause_attribution(clause))
        if attribution is None and n and not leading:
            if subject is None:
                subject = _first_subject(part, pieces[0][1])
            attribution = _elliptic_attribution(clause, subject, start)
        if attribution:
            at = context.resolve(attribution[0], paragraph)
            row = (start + s, start + e, at.support, at.source, at.cue, at.speaker)
        elif (vague := _vague_cue(clause)):
            speaker = None
            if vague[1]:
                at = text.find(vague[1], start + s + vague[2], start + e)
                speaker = (at, at + len(vague[1])) if at >= 0 else (start + s + vague[2], start + s + vague[3])
            row = (start + s, start + e, "vague", vague[1], vague[0], speaker)
        elif leading and (not contrast or (contrast == "soft" and reported)):
            prev = out[-1] if out else None
            row = (start + s, start + e) + (prev[2:] if prev else ("unsourced", None, None, None))
        else:
            row = (start + s, start + e, "unsourced", None, None, None)
        if out and out[-1][2] == row[2] and out[-1][3] == row[3]:
            row = _merge(out.pop(), row)
        out.append(row)
    return out


@dataclass(frozen=True)
class Segment:
    """A sentence or clause that asserts something: ``text[start:end]``, with its attribution."""

    start: int
    end: int
    support: str  # sourced / vague / unsourced
    source: str | None  # who it is attributed to, as the text names them
    cue: str | None  # the attribution phrase
    speaker: tuple[int, int] | None = None  # where the text names the source (for "she said": where she is named)


def _walk(text: str, doc: Doc, mentions: "_Mentions | None" = None) -> list[Segment]:
    """Every claim-like segment of ``text``, in order, never overlapping (what :func:`~newslit.text.claims.find_claims` reports)."""
    out: list[Segment] = []

    def add(s: int, e: int, support: str = "unsourced", source: str | None = None, cue: str | None = None,
            speaker: tuple[int, int] | None = None) -> None:
        out.append(Segment(s, e, support, source, cue, speaker))

    context = _Context(doc, mentions)
    spans = _sentences(text, doc.sentences)
    paragraph_of = _paragraph_numbers(doc.paragraph_starts, spans)
    pending: Span | None = None  # a sentence that opened a quotation which a later sentence attributes
    open_quote: tuple | None = None  # (support, source, speaker, paragraph): a quotation still open, and whose it is
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
                    add(s, e)
            pending = None
            if open_quote is not None and _closes_quote(body):
                open_quote = None
            continue
        if pending is not None:
            pending_para = paragraph_of[n - 1]
            trailing = _placed(text, start, _trailing_attribution(body)) if para == pending_para else None
            if trailing and body.lstrip()[:1] not in _OPEN_QUOTES:
                a = context.resolve(trailing[0], para)
                add(pending.start, end, a.support, a.source, a.cue, a.speaker)
                pending = None
                continue
            last = context.last
            if last is not None and context.last_paragraph == pending_para:  # “A. B.”: the last speaker goes on
                add(pending.start, pending.end, last.support, last.source, _CONTINUES, last.speaker)
                open_quote = (last.support, last.source, last.speaker, pending_para)
            else:
                add(pending.start, pending.end)
        pending = None
        if open_quote is not None:  # inside a quotation an earlier sentence opened: "... sharp. But it’s November.”"
            first_in_para = n == 0 or paragraph_of[n - 1] != para
            opens = body.lstrip()[:1] in _OPEN_QUOTES
            if (open_quote[3] == para and not opens) or (open_quote[3] == para - 1 and first_in_para and opens
                                                         and not _trailing_attribution(body)):
                s, e = _trim(text, start, end)
                add(s, e, open_quote[0], open_quote[1], _CONTINUES, open_quote[2])
                open_quote = None if _closes_quote(body[1:] if opens else body) else open_quote[:3] + (para,)
                continue
            open_quote = None
        if _quoted(body.lstrip()) and _unbalanced_quote(body) and not _trailing_attribution(body) \
                and not _subject_attribution(body) and n + 1 < len(spans):
            pending = Span(start, end, body)
            continue
        parts, pos = [], start
        for m in re.finditer(r";\s+", body):
            parts.append((pos, start + m.start()))
            pos = start + m.end()
        parts.append((pos, end))
        rows: list[_Row] = []
        for a, b in parts:
            if (_quoted(text[a:b].lstrip()) and not _trailing_attribution(text[a:b]) and not _subject_attribution(text[a:b])
                    and context.last is not None and context.last_paragraph == para and out):
                last = out[-1]
                rows.append((a, b, last.support, last.source, _CONTINUES, last.speaker))
                continue
            rows.extend(_analyse_part(text, a, b, context, para))
        merged: list[_Row] = []
        for row in rows:
            if merged and merged[-1][2] == row[2] and merged[-1][3] == row[3]:
                row = _merge(merged.pop(), row)
            merged.append(row)
        for s, e, support, source, cue, speaker in merged:
            s, e = _trim(text, s, e)
            if e > s:
                add(s, e, support, source, cue, speaker)
        if merged and merged[-1][2] != "unsourced" and _unbalanced_quote(body):  # 'X said: “A.' + 'B.”': still X
            open_quote = (merged[-1][2], merged[-1][3], merged[-1][5], para)
    if pending is not None:
        add(pending.start, pending.end)
    return out


_QUOTE_OPENS = _W.pattern("quote_opens")
_CONTINUES = "(the quotation continues)"


def _closes_quote(body: str) -> bool:
    """Does ``body``, inside a quotation, close it?"""
    return "”" in body or '"' in body


def _sentences(text: str, spans: list[Span]) -> list[Span]:
    """Sentences, also split where a new quotation opens after a full stop Punkt took for an abbreviation ("2 a.m. “It")."""
    out = []
    carried = None  # an opening quotation mark the splitter left at the end of the sentence before
    for sent in spans:
        pos = sent.start if carried is None else carried
        carried = None
        for m in _QUOTE_OPENS.finditer(text, sent.start, sent.end):
            out.append(Span(pos, m.start(), text[pos:m.start()]))
            pos = m.end()
        stop = sent.end
        dangling = _DANGLING_QUOTE.search(text, pos, sent.end)
        if dangling and dangling.start() > pos:  # "... Ruiz said. “" + "It failed.": the mark opens the next one
            stop, carried = dangling.start(), dangling.start(1)
        out.append(Span(pos, stop, text[pos:stop]))
    return out


_DANGLING_QUOTE = re.compile(r"\s+([“\"])$")


def _paragraph_numbers(starts: list[int], spans: list[Span]) -> list[int]:
    out, i = [], 0
    for span in spans:
        while i + 1 < len(starts) and starts[i + 1] <= span.start:
            i += 1
        out.append(i)
    return out

# -- voices: who is heard and who is only talked about ------------------------------------------

_G = load_wordlists("actors")
_T = load_wordlists("time")
_IRREGULAR = _G.table("group_lemmas")
_GROUP = {w: _IRREGULAR.get(w, w[:-1] if w.endswith("s") and not w.endswith("ss") else w) for w in _G.list("group_nouns")}
_NOT_AFTER_FORCES = _G.words("not_after_forces")
_CLAUSE_BEFORE_FORCES = _G.words("clause_words_before_forces")
_PRESS_BEFORE = _G.words("press_before")
_NOT_A_BOARD_AFTER = _G.words("not_a_board_after")
_ROLE_WORDS = _G.words("role_words")
_TITLES = _G.words("titles")
_ABBREVIATED_TITLES = _G.words("abbreviated_titles")
_ORG_WORDS = _G.words("org_words")
_ORG_HEADS_AFTER = _G.words("org_heads_after")
_ORG_HEADS_NEXT = _G.words("org_heads_next")
_PLACE_WORDS = _G.words("place_words")
_AREA_WORDS = _G.words("area_words")
_PLACE_PREPOSITIONS = _G.words("place_prepositions")
_MONTHS = frozenset(m.lower() for m in _T.list("months") + _T.list("month_abbreviations"))
_DAYS = frozenset(d.lower() for d in _T.list("days"))
_CALENDAR = _MONTHS | _DAYS | {d + "s" for d in _DAYS}  # "on Sundays"
_COMMON = _G.words("common_words")
_POSSESSIVE = re.compile(r"[’']s$")
_NATIONALITY = _G.pattern("nationality")
_VERBISH = _G.words("verbish")
_NOT_ACTORS = _G.words("not_actors")
_THING_STARTS = _G.words("thing_name_starts")  # "Storm Helka", "Order of Merit"
_THING_BEFORE = _G.pattern("thing_before_name")  # "the ferry Marla Rose"
_WIRE_DATELINE = _G.pattern("dateline")  # "ELLERDEEN (Coastline Wire) —": its place and agency
_PARTICLES = _G.words("name_particles")
_ROLE_AFTER = _G.pattern("role_after")
_OUTLET = _G.pattern("outlet")


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


def _group_mentions(doc: Doc) -> list[tuple[str, Span]]:
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
        if low == "forces" and (nxt in _NOT_AFTER_FORCES or prev in _CLAUSE_BEFORE_FORCES):
            continue
        if low == "press" and prev not in _PRESS_BEFORE:
            continue
        if low == "board" and prev in _NOT_A_BOARD_AFTER:
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


def _capital_runs(doc: Doc) -> list[tuple[int, int]]:
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
            joined = gap == " " or (gap == ". " and "." in toks[j].text) or (gap == ". " and toks[j].text in _ABBREVIATED_TITLES) \
                or (gap in ("’ ", "' ") and toks[j].text.endswith("s") and _is_cap(nxt))  # "Brenlow Pensioners’ Forum"
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


def _titled(lows: list[str]) -> bool:
    """Does a name carry a title that is not also a place word ("Secretary", not "State" or "General")?"""
    return any(t in _TITLES and t not in _PLACE_WORDS for t in lows)


def _named_actors(doc: Doc) -> list[tuple[str, str, Span, str]]:
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
        if any(t in _PLACE_WORDS for t in lows[1:]) and not any(t in _ORG_WORDS for t in lows) and not _titled(lows):
            place_names.update(t for t in lows if t not in _PLACE_WORDS)  # "Millbrook Bridge": Millbrook is a place
    dateline = _WIRE_DATELINE.match(text)
    if dateline:  # the dateline's place is a place wherever the text names it; its agency is not an actor
        place_names.update(dateline.group("place").lower().split())
    for i, j in runs:
        if doc.in_quote(toks[i].start) or (dateline and toks[i].start < dateline.end()):
            continue
        if toks[i].text.isupper() and len(toks[i].text) > 2 and re.match(r"\s*(?:\(|,|—|–)", text[toks[j].end:toks[j].end + 3]) \
                and (toks[i].start == 0 or text[toks[i].start - 1] == "\n"):
            continue  # a dateline ("MILLBROOK (newslit) —"): a place
        at_sentence_start = doc.sentence_at(toks[i].start).start == toks[i].start or text[max(0, toks[i].start - 1)] in "“\"(‘"
        # drop capitalised ordinary words at the start of a sentence ("The", "Thousands", "Residents")
        while i <= j and (toks[i].text.lower() in _COMMON or toks[i].text.lower() in _CALENDAR
                          or (at_sentence_start and toks[i].text.lower() in lower_words)):
            i += 1
            at_sentence_start = False
        while j >= i and (toks[j].text.lower() in _CALENDAR or toks[j].text == "of"):
            j -= 1
        if i > j:
            continue
        tokens = [_POSSESSIVE.sub("", t.text) for t in toks[i:j + 1]]
        lows = [t.lower() for t in tokens]
        if all(t in _TITLES or t in _COMMON for t in lows):
            continue
        if len(lows) == 1 and lows[0] in _GROUP:
            continue  # "Critics", "Residents" at the start of a sentence: a group, found as one
        key = lows[-1]
        if key in _NOT_ACTORS or lows[0] in _THING_STARTS \
                or _THING_BEFORE.search(text, max(0, toks[i].start - 30), toks[i].start):
            continue  # "Home Carbon Levy", "Climate Emergency Action Plan", "Storm Helka", "the ferry Marla Rose": things
        nxt = toks[j + 1].text.lower() if j + 1 < len(toks) else ""
        nxt2 = toks[j + 2].text.lower() if j + 2 < len(toks) else ""
        prev = toks[i - 1].text.lower() if i > 0 else ""
        span = doc.span(toks[i].start, toks[j].end - (2 if _POSSESSIVE.search(toks[j].text) else 0))
        if _OUTLET.fullmatch(span.text) or _OUTLET.fullmatch("The " + span.text):
            out.append((f"n:{key}", "media", span, span.text))
            continue
        if any(t in _PLACE_WORDS for t in lows) and not any(t in _ORG_WORDS for t in lows) and not _titled(lows):
            continue  # "River Tessel", "Mill Lane", "Oxley Green" (but "Secretary of State John Kerry" is a person)
        if len(tokens) == 1 and _NATIONALITY.search(lows[0]) and nxt and not _is_cap(toks[j + 1].text) \
                and nxt not in _VERBISH and text[toks[j].end:toks[j + 1].start] == " ":
            continue  # "Russian bombers", "Syrian forces": an adjective, not a name
        org_after = nxt2 in _ORG_HEADS_AFTER
        if nxt in _GROUP and not org_after and text[toks[j].end:toks[j + 1].start] == " ":
            continue  # "Pro-Assad forces", "Iraqi Shi'a militia fighters": the group noun is the actor
        is_org = any(t in _ORG_WORDS for t in lows) or nxt in _ORG_WORDS or org_after
        if is_org:
            if nxt in _ORG_WORDS or nxt2 in _ORG_HEADS_NEXT:
                end_tok = j + 1 if nxt in _ORG_WORDS else j + 2
                span = doc.span(toks[i].start, toks[end_tok].end)
            out.append((f"n:{key}", "org", span, span.text))
            continue
        if key in place_names:
            continue
        role_after = _ROLE_AFTER.match(text[toks[j].end:toks[j].end + 40])
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


def _actors(doc: Doc) -> list[_Actor]:
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


# -- attributions, actors and the reading ---------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """Someone (or, for "reportedly", no one in particular) is credited with ``text[start:end]``."""

    start: int
    end: int
    text: str  # the span said
    support: str  # sourced / vague
    speaker: str | None  # who, as the text names them ("the Washington Post", "some military observers")
    cue: str | None  # the attribution phrase ("According to the Washington Post", "she said", "reportedly")
    speaker_span: tuple[int, int] | None = None  # where the text names the speaker
    actors: tuple[str, ...] = ()  # keys of the actors the speaker is (see :class:`Actor`)


HEARD = ("named source", "vague source", "talked about only")


@dataclass(frozen=True)
class Actor:
    """A person, organisation or group in a text: heard from (as a source) or only talked about.

    ``key`` identifies the actor ("n:kerry", "g:resident", "s:source" for a source the text never
    otherwise mentions); ``mentions`` are where the text names them (not inside quotations);
    ``attributions`` what the text credits to them.
    """

    key: str
    kind: str  # "person", "org", "media", "group" or "source"
    name: str  # the fullest name the text gives
    mentions: tuple[Span, ...]
    attributions: tuple[Attribution, ...] = ()
    paragraphs: tuple[int, ...] = ()  # 1-based

    @property
    def heard(self) -> str:
        """``"named source"``, ``"vague source"`` or ``"talked about only"``."""
        if any(a.support == "sourced" for a in self.attributions):
            return "named source"
        return "vague source" if self.attributions else "talked about only"

    @property
    def count(self) -> int:
        """How often the text names them (for a source it names only as a source: how often it cites them)."""
        return len(self.mentions) or len(self.attributions)

    @property
    def first(self) -> Span:
        """The first mention (or, for a source never mentioned otherwise, where it is first cited)."""
        if self.mentions:
            return self.mentions[0]
        a = self.attributions[0]
        s, e = a.speaker_span or (a.start, a.end)
        return Span(s, e, self.name)

    @property
    def start(self) -> int:
        starts = [m.start for m in self.mentions[:1]] + [(a.speaker_span or (a.start,))[0] for a in self.attributions[:1]]
        return min(starts)


@dataclass(frozen=True)
class Reading:
    """What :func:`analyse` found in one text."""

    text: str
    segments: tuple[Segment, ...]
    attributions: tuple[Attribution, ...]
    actors: tuple[Actor, ...]  # in order of first appearance
    doc: Doc | None = None

    def heard(self) -> list[Actor]:
        return [a for a in self.actors if a.attributions]

    def talked_about(self) -> list[Actor]:
        return [a for a in self.actors if not a.attributions]

    def voices(self) -> list[Actor]:
        """Named sources first (in order of their first claim), then vague ones, then the actors only
        talked about (most mentioned first)."""
        order = {"named source": 0, "vague source": 1}
        heard = sorted(self.heard(), key=lambda a: (order[a.heard], a.attributions[0].start))
        talked = sorted(self.talked_about(), key=lambda a: (-a.count, a.paragraphs[0] if a.paragraphs else 0))
        return heard + talked


def _singular(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s").rstrip("'")
    if word in _SINGULAR:
        return _SINGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


_PARTICLE = _W.pattern("name_particle")
_SINGULAR = _W.table("singular_nouns")


def _source_key(phrase: str) -> str:
    """"Council member Dana Okafor" -> "okafor"; "the Washington Post" -> "post"; "some military observers" -> "observer"."""
    toks = [t.text for t in words(phrase)]
    proper = [t for i, t in enumerate(toks) if _looks_proper(t, i == 0) or _PARTICLE.match(t)]
    if proper:
        return _singular(proper[-1]) if proper[-1].lower().endswith(("'s", "’s")) else proper[-1].lower()
    nouns = [t for t in toks if t.lower() not in QUANTIFIERS | _DEFINITE | _INDEFINITE]
    return _singular(nouns[-1]) if nouns else phrase.lower()


_APPOSITIVE = _W.pattern("appositive")


class _Mentions:
    """Mention spans in text order, to find the actors named inside a stretch of text."""

    def __init__(self, actors: list[_Actor]):
        rows = sorted((m.start, m.end, a.key, a.kind) for a in actors for m in a.mentions)
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.reach, furthest = [], -1  # reach[i]: the furthest end of rows[:i + 1]
        for r in rows:
            furthest = max(furthest, r[1])
            self.reach.append(furthest)

    def latest(self, before: int, kinds: tuple[str, ...], paragraph: int, paragraph_of, limit: int = 50, accept=None):
        """The last mention of one of ``kinds`` that ends before ``before``, not earlier than ``paragraph``
        (looking back at most ``limit`` mentions, so a long text costs no more per pronoun); ``accept(row)``
        may turn a mention down."""
        i = bisect_left(self.starts, before) - 1
        for _ in range(limit):
            if i < 0:
                return None
            row = self.rows[i]
            if paragraph_of(row[0]) < paragraph:
                return None
            if row[3] in kinds and row[1] <= before and (accept is None or accept(row)):
                return row
            i -= 1
        return None

    def inside(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """Mentions overlapping ``text[start:end]``, in text order."""
        i = bisect_left(self.starts, end) - 1
        out = []
        while i >= 0 and self.reach[i] > start:  # mentions hardly overlap: this walks back over a few rows
            if self.rows[i][1] > start:
                out.append(self.rows[i])
            i -= 1
        return out[::-1]


def _speaker_actors(text: str, speaker: tuple[int, int], source: str, mentions: _Mentions,
                    keys: set[str]) -> tuple[str, ...]:
    """The actors a speaker phrase names: the names and groups inside it ("Council leader Tom Reed": Reed
    and the council), and the group an appositive puts them in ("said Ana Ruiz, a parent of two": parents)."""
    a, b = speaker
    found = mentions.inside(a, b)
    named = [(s, e) for s, e, _, kind in found if kind != "group"]
    # the speaker first: the last name in the phrase ("Council leader Tom Reed": Reed), else the last group
    found.sort(key=lambda m: (m[3] != "group", m[0]), reverse=True)
    out = [key for _, _, key, _ in found]
    stretch = [(w, a + w.start) for w in words(text[a:b])]
    appositive = _APPOSITIVE.match(text, b, min(len(text), b + 80))
    if appositive:
        stretch += [(w, appositive.start(1) + w.start) for w in words(appositive.group(1))]
    for w, at in stretch:
        if any(s <= at < e for s, e in named):
            continue  # "Washington" in "the Washington Post" names the paper, not the city
        low = _POSSESSIVE.sub("", w.text).lower()
        key = f"g:{_lemma(low)}"
        if low in _GROUP and key in keys and key not in out:
            out.append(key)
    if not out:
        key = _source_key(source)
        for candidate in (f"n:{key}", f"g:{_lemma(key)}"):
            if candidate in keys:
                return (candidate,)
    return tuple(dict.fromkeys(out))


def _fullest(names: list[str]) -> str:
    """The name with the most proper words, then the longest: "Greystone Residential" over "A Greystone spokesperson"."""
    name = max(names, key=lambda n: (sum(_looks_proper(w.text, False) for w in words(n)), len(n)))
    return name[:-1] if name.endswith(".") and name[-2:-1].islower() else name  # "..., Carol Biggins." (not "U.S.")


def _read(text: str, sentence_spans: tuple[Span, ...] | None) -> Reading:
    doc = Doc(text, list(sentence_spans) if sentence_spans is not None else None)
    found = _actors(doc)
    mentions = _Mentions(found)
    segments = _walk(text, doc, mentions) if text.strip() else []
    keys = {a.key for a in found}
    attributions: list[Attribution] = []
    credited: dict[str, list[Attribution]] = {}
    named_by: dict[tuple[tuple[int, int], str], tuple[str, ...]] = {}  # (speaker span, source) -> actors
    sources: dict[str, tuple[str, int]] = {}  # key -> (first source phrase, where) for sources never mentioned
    for seg in segments:
        if seg.support == "unsourced":
            continue
        actors: tuple[str, ...] = ()
        if seg.source and seg.source.lower() not in PRONOUNS and seg.speaker:
            if (seg.speaker, seg.source) not in named_by:  # "she said" ten times: read where she is named once
                named_by[seg.speaker, seg.source] = _speaker_actors(text, seg.speaker, seg.source, mentions, keys)
            actors = named_by[seg.speaker, seg.source]
            if not actors:
                lemma = _lemma(_source_key(seg.source))
                key = f"s:{lemma}"
                sources.setdefault(key, (seg.source, seg.speaker[0]))
                actors = (key,)
        att = Attribution(seg.start, seg.end, text[seg.start:seg.end], seg.support, seg.source, seg.cue, seg.speaker,
                          actors)
        attributions.append(att)
        for key in actors:
            credited.setdefault(key, []).append(att)
    out: list[Actor] = []
    for a in found:
        atts = credited.get(a.key, [])
        name = a.display
        own = [x for x in atts if x.actors[0] == a.key]  # attributions to them, not to someone who speaks for them
        if own:
            names = list(dict.fromkeys(x.speaker for x in own if x.support == "sourced" and x.speaker)) or [own[0].speaker]
            if any(_looks_proper(w.text, False) for w in words(a.display)):
                names.append(a.display)
            name = _fullest(names)
        paras = {doc.paragraph_number(m.start) for m in a.mentions} | {doc.paragraph_number(x.start) for x in atts}
        out.append(Actor(a.key, a.kind, name, tuple(a.mentions), tuple(atts), tuple(sorted(paras))))
    for key, (source, _) in sources.items():
        atts = credited[key]
        names = list(dict.fromkeys(x.speaker for x in atts if x.support == "sourced" and x.speaker)) or [source]
        paras = {doc.paragraph_number(x.start) for x in atts}
        out.append(Actor(key, "source", _fullest(names), (), tuple(atts), tuple(sorted(paras))))
    out.sort(key=lambda a: a.start)
    return Reading(text, tuple(segments), tuple(attributions), tuple(out), doc)


@lru_cache(maxsize=2)
def _cached(text: str, sentence_spans: tuple[Span, ...] | None) -> Reading:
    return _read(text, sentence_spans)


def analyse(text: str, sentence_spans: list[Span] | None = None) -> Reading:
    """Read ``text`` once: its attributed segments, its attributions and its actors (see :class:`Reading`).

    ``sentence_spans`` (``spans.sentences(text)``) saves splitting the text again. The last two
    readings are kept, so lesson 2 and lesson 3 on the same text share one reading.

    >>> reading = analyse("According to the Washington Post, the deal is off. Residents were not asked.")
    >>> [(a.name, a.heard) for a in reading.voices()]
    [('the Washington Post', 'named source'), ('Residents', 'talked about only')]
    """
    if not isinstance(text, str):
        return Reading("", (), (), (), Doc(""))
    return _cached(text, tuple(sentence_spans) if sentence_spans is not None else None)
