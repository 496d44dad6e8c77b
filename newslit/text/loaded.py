"""Find loaded language in any news text.

Four sources of evidence, each giving a span, a category and a reason a
learner can read:

* the kit's lexicon (``datasets/lexicons/loaded_language.json``), matched word
  by word, skipping phrases the lexicon lists as not loaded ("heart attack");
* scare quotes: one to three words in quotation marks that nobody is quoted as
  saying;
* TextBlob's subjectivity lexicon: words it rates as emotional;
* VADER's sentiment lexicon (read from the installed vaderSentiment package):
  words, and hyphenated compounds with a part, it rates far from neutral.

TextBlob and VADER words carry the category "intensifier" and say in their
reason which lexicon rated them and how. Lexicon terms match inflections and
derivations through their lemma (simplemma, offline), and may hold a gap:
``_`` stands for one to four words ("bleed* _ dry" matches "bleeding the
town's savers dry"). Each candidate then gets a confidence from a small
logistic-regression model (``datasets/lexicons/finder_model.json``, trained on
the dev practice texts by ``python -m tools.train_finder``; ``python -m
tools.cv_finder`` cross-validates it) that reads the candidate's source and
category, whether it sits inside a quotation from a source (the source's word,
not the writer's) or after a negation ("not a disaster"), TextBlob's polarity
and subjectivity and VADER's valence of its words, the word's ending (a hint
of its part of speech), a verb of saying nearby, and how many lexicon terms
surround it (a word of feeling in a passage full of loaded terms is more
likely the writer's slant than one in plain wire copy). It also reads the
whole text: how many other lexicon terms it holds per 100 words and how many
of its sentences hold one, and whether it reads like wire copy (a
dateline, "said" often, quotations from sources), so a lone candidate in sober
copy is discounted; and whether the candidate's sentence reports what someone
said ("X said the plan was a disaster": the source's verdict, not the
writer's).
``find_loaded(text, caution=...)`` keeps the candidates whose confidence
reaches ``caution``.

The finder is a second opinion, not an answer key: it misses context and
flags some neutral uses. ``python -m newslit evaluate`` measures how often.
"""

from __future__ import annotations

import importlib.util
import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from newslit.text.lexicon import Lexicon, Term, index_key, load_finder_model, load_lexicon, load_wordlists
from newslit.text.spans import Span, words

# 1-3 words inside straight or curly double quotes.
_SCARE_QUOTE = re.compile(r"[\"“]([^\"“”\n]{1,40})[\"”]")
_ATTRIBUTION = load_wordlists("attribution")  # datasets/lexicons/attribution.json
_SAYING = _ATTRIBUTION.pattern("quotation_before")  # a verb of saying: what follows is a quotation
_NAMING = _ATTRIBUTION.pattern("naming_before")  # "called", "the term": what follows is a name


@dataclass(frozen=True)
class LoadedSpan:
    """A stretch of text the finder thinks is loaded."""

    start: int
    end: int
    text: str
    category: str
    reason: str
    source: str  # "lexicon", "quotes", "textblob" or "vader"
    confidence: float = 1.0  # the second stage's estimate that a key would mark this span

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "category": self.category, "reason": self.reason}


def _lowered(tokens: list[Span]) -> list[str]:
    return [t.text.lower().replace("’", "'") for t in tokens]


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The dictionary form of a lower-case word ("bled" -> "bleed"), offline; the word itself when unknown."""
    if not word.isalpha():
        return word
    try:
        from simplemma import lemmatize
    except ImportError:  # pragma: no cover - simplemma is a dependency; without it, exact matching only
        return word
    return lemmatize(word, lang="en").lower()


GAP = "_"  # in a lexicon term: one to four words of any kind
_MAX_GAP = 4


_EXACT, _PREFIX, _LEMMA, _GAP = range(4)


def _compile_words(words: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """Each pattern word as (kind, text): a gap, a prefix ("slam*"), a dictionary form that also matches its other
    forms through their lemma ("moan"), or a word matched exactly (an inflected form: "railed" is not "rail")."""
    out = []
    for w in words:
        if w == GAP:
            out.append((_GAP, w))
        elif w.endswith("*"):
            out.append((_PREFIX, w[:-1]))
        elif "'" not in w and w.isalpha() and lemma(w) == w:
            out.append((_LEMMA, w))
        else:
            out.append((_EXACT, w))
    return tuple(out)


_COMPILED: dict[int, tuple] = {}


def _compiled(lexicon: Lexicon) -> dict:
    """The lexicon's index with every term's words compiled (kept while the lexicon object lives)."""
    entry = _COMPILED.get(id(lexicon))
    if entry is None or entry[0] is not lexicon:
        index = {}
        for key, items in lexicon.index.items():
            if isinstance(key, tuple):  # quiet phrases
                index[key] = [(_compile_words(phrase), phrase) for phrase in items]
            else:
                index[key] = [(_compile_words(t.words), t) for t in items]
        if len(_COMPILED) > 8:
            _COMPILED.clear()
        entry = _COMPILED[id(lexicon)] = (lexicon, index)
    return entry[1]


def _match(pats: tuple[tuple[int, str], ...], lowered: list[str], lemmas: list[str], at: int) -> tuple[int, bool] | None:
    """End index (exclusive) of the compiled pattern matched at ``at``, and whether a word matched through its lemma."""
    via_lemma = False
    i = at
    n = len(lowered)
    for k, (kind, pattern) in enumerate(pats):
        if kind == _GAP:
            rest = pats[k + 1:]
            for skip in range(1, _MAX_GAP + 1):
                if i + skip > n:
                    return None
                found = _match(rest, lowered, lemmas, i + skip) if rest else (i + skip, False)
                if found:
                    return found[0], via_lemma or found[1]
            return None
        if i >= n:
            return None
        token = lowered[i]
        if kind == _PREFIX:
            if not token.startswith(pattern):
                return None
        elif token != pattern:
            if kind == _EXACT or lemmas[i] != pattern:
                return None
            via_lemma = True
        i += 1
    return i, via_lemma


def _index(compiled: dict, kind, lowered: list[str], lemmas: list[str], i: int) -> list:
    key, key2 = index_key(lowered[i]), index_key(lemmas[i])
    first = compiled.get(key if kind is None else (kind, key), [])
    if key2 == key:
        return first
    return first + compiled.get(key2 if kind is None else (kind, key2), [])


def _quiet_tokens(lowered: list[str], lexicon: Lexicon, lemmas: list[str] | None = None) -> set[int]:
    """Indices of words inside phrases the lexicon lists as not loaded ("heart attack")."""
    lemmas = lemmas if lemmas is not None else [lemma(w) for w in lowered]
    compiled = _compiled(lexicon)
    quiet: set[int] = set()
    for i in range(len(lowered)):
        for pats, _phrase in _index(compiled, "quiet", lowered, lemmas, i):
            found = _match(pats, lowered, lemmas, i)
            if found:
                quiet.update(range(i, found[0]))
    return quiet


def quiet_phrases(text: str, lexicon: Lexicon | None = None) -> list[tuple[int, int, tuple[str, ...]]]:
    """Each phrase of the lexicon's quiet list found in ``text``, as (start, end, phrase): the ordinary senses that
    keep a term from being flagged ("heart attack"). ``tools/cv_finder.py`` forgets those no training text holds."""
    lexicon = lexicon or load_lexicon()
    tokens = words(text)
    lowered = _lowered(tokens)
    lemmas = [lemma(w) for w in lowered]
    compiled = _compiled(lexicon)
    found = []
    for i in range(len(lowered)):
        for pats, phrase in _index(compiled, "quiet", lowered, lemmas, i):
            m = _match(pats, lowered, lemmas, i)
            if m:
                found.append((tokens[i].start, tokens[m[0] - 1].end, phrase))
    return found


_UNQUIETED: dict[int, tuple] = {}


def unquieted(lexicon: Lexicon) -> Lexicon:
    """The lexicon without its quiet list and TextBlob quiet words: the finder as it would be before anyone tuned it
    on a text (for cross-validation and training only)."""
    entry = _UNQUIETED.get(id(lexicon))
    if entry is None or entry[0] is not lexicon:
        if len(_UNQUIETED) > 8:
            _UNQUIETED.clear()
        loud = replace(lexicon, quiet=(), textblob_quiet=frozenset(), index={})
        entry = _UNQUIETED[id(lexicon)] = (lexicon, loud)
    return entry[1]


@dataclass
class _Context:
    """What the finder knows about each word of one text."""

    text: str
    tokens: list[Span]
    lowered: list[str]
    lemmas: list[str]
    quiet: set[int]
    quoted: list[bool]  # inside a quotation from a source
    negated: list[bool]  # within three words after a negation
    starts: list[int]  # each word's start offset (sorted)
    valence: list[float]  # VADER's valence of each word (0.0 when unknown)
    saying: list[int]  # indices of plain verbs of saying ("said", "told")
    sentence: list[int]  # each word's sentence number
    attributed: Counter  # sentence number -> how many verbs of saying it holds
    style: dict[str, float]  # features of the whole text (wire style: dateline, "said", quotations)


_NEGATIONS = load_wordlists("negation").words("negations")  # datasets/lexicons/negation.json
_QUOTATION = re.compile(r"[\"“]([^\"“”]*)[\"”]")


def _context(text: str, lexicon: Lexicon) -> _Context:
    tokens = words(text)
    lowered = _lowered(tokens)
    lemmas = [lemma(w) for w in lowered]
    quiet = _quiet_tokens(lowered, lexicon, lemmas)
    quoted = [False] * len(tokens)
    regions = [(m.start(), m.end()) for m in _QUOTATION.finditer(text) if len(m.group(1).split()) > 3]
    if regions:
        r = 0
        for n, tok in enumerate(tokens):
            while r < len(regions) and regions[r][1] <= tok.start:
                r += 1
            quoted[n] = r < len(regions) and regions[r][0] < tok.start
    negated = [False] * len(tokens)
    for n, word in enumerate(lowered):
        if word in _NEGATIONS or word.endswith("n't"):
            for k in range(n + 1, min(n + 4, len(tokens))):
                if _crosses_sentence(text, tokens[n].start, tokens[k].end) or "," in text[tokens[n].end:tokens[k].start]:
                    break
                negated[k] = True
    valence = [_vader_valence(w, lemmas[n]) for n, w in enumerate(lowered)]
    saying = [n for n, w in enumerate(lowered) if w in _PLAIN_SAYING]
    sentence, k = [0] * len(tokens), 0
    for n in range(1, len(tokens)):
        if _SENTENCE_END.search(text, tokens[n - 1].end - 1, tokens[n].start):
            k += 1
        sentence[n] = k
    attributed = Counter(sentence[n] for n in saying)
    return _Context(text, tokens, lowered, lemmas, quiet, quoted, negated, [t.start for t in tokens], valence, saying,
                    sentence, attributed, _style(text, tokens, saying, quoted, k + 1))


_SENTENCE_END = re.compile(r"[.!?;:][\"”’)]*\s|\n")
_DATELINE = re.compile(r"^[A-Z][A-Z .’'-]{2,}(?: \([^)\n]{1,40}\))?(?:,[^—–\n]{1,30})? [—–-] ")


def _style(text: str, tokens: list[Span], saying: list[int], quoted: list[bool], sentences: int) -> dict[str, float]:
    """Features of the whole text that tell sober wire copy from opinion: a dateline ("CADDESTON (Coastline Wire)
    —"), how often it says "said", how much of it is quotation."""
    n = max(len(tokens), _SHORT_WORDS)
    style = {"_words": float(len(tokens)), "_sentences": float(sentences)}
    if _DATELINE.match(text):
        style["doc_dateline"] = 1.0
    if saying:
        style["doc_said_rate"] = min(len(saying) * 100 / n, _SAID_FULL) / _SAID_FULL
    share = sum(quoted) / n
    if share:
        style["doc_quoted_share"] = round(share, 4)
    return style


_SAID_FULL = 5.0  # verbs of saying per 100 words that make ``doc_said_rate`` 1.0


def _lexicon_spans(ctx: _Context, lexicon: Lexicon) -> list[tuple[LoadedSpan, dict]]:
    text, tokens, lowered, lemmas, quiet = ctx.text, ctx.tokens, ctx.lowered, ctx.lemmas, ctx.quiet
    compiled = _compiled(lexicon)
    found, i = [], 0
    while i < len(tokens):
        if i in quiet:
            i += 1
            continue
        match = None
        for pats, term in _index(compiled, None, lowered, lemmas, i):
            m = _match(pats, lowered, lemmas, i)
            if m and (match is None or m[0] > match[1]):
                match = (term, m[0], m[1])
        if match is None:
            found += _hyphen_part_spans(ctx, i, lexicon)
            i += 1
            continue
        term, end, via_lemma = match
        last = tokens[end - 1]
        if _crosses_sentence(text, tokens[i].start, last.end) or quiet & set(range(i, end)):
            i += 1
            continue
        span_text = text[tokens[i].start:last.end]
        category = lexicon.categories[term.category]
        found.append((LoadedSpan(tokens[i].start, last.end, span_text, term.category, category.reason_for(span_text),
                                 "lexicon"),
                      _features(ctx, i, end, "lexicon", term.category, lemma=via_lemma, gap=GAP in term.words)))
        i = end
    return found


def _hyphen_part_spans(ctx: _Context, n: int, lexicon: Lexicon) -> list[tuple[LoadedSpan, dict]]:
    """A loaded word inside a hyphenated compound ("eco-zealot") flags the whole compound."""
    token, lowered = ctx.tokens[n], ctx.lowered[n]
    if "-" not in lowered:
        return []
    for part in lowered.split("-")[1:]:
        term = next((t for pats, t in _compiled(lexicon).get(index_key(part), ())
                     if len(t.words) == 1 and _match(pats, [part], [lemma(part)], 0)), None)
        if term:
            category = lexicon.categories[term.category]
            return [(LoadedSpan(token.start, token.end, token.text, term.category, category.reason_for(token.text),
                                "lexicon"), _features(ctx, n, n + 1, "lexicon", term.category, hyphen=True))]
    return []


def _phrase_at(phrase: tuple[str, ...], lowered: list[str], i: int) -> bool:
    return tuple(lowered[i:i + len(phrase)]) == phrase


def _crosses_sentence(text: str, start: int, end: int) -> bool:
    return bool(re.search(r"[.!?;:]\s|\n", text[start:end]))


def _scare_quote_spans(ctx: _Context, lexicon: Lexicon) -> list[tuple[LoadedSpan, dict]]:
    text = ctx.text
    found = []
    for m in _SCARE_QUOTE.finditer(text):
        inner = m.group(1).strip()
        n_words = len(inner.split())
        if not inner or n_words > 3 or re.search(r"[.!?,]$", inner):
            continue
        before = text[max(0, m.start() - 80):m.start()]
        line_start = max(before.rfind("\n"), before.rfind(". "))
        before = before[line_start + 1:]
        if before.rstrip().endswith((":", ",")) or _SAYING.search(before):
            continue  # a real quotation, or a title cited after a verb of saying
        if _NAMING.search(before):
            continue
        span_text = m.group(0)
        category = lexicon.categories["scare_quotes"]
        n = bisect_left(ctx.starts, m.start())
        end = bisect_left(ctx.starts, m.end())
        found.append((LoadedSpan(m.start(), m.end(), span_text, "scare_quotes", category.reason_for(inner), "quotes"),
                      _features(ctx, n, max(end, n + 1), "quotes", "scare_quotes")))
    return found


@lru_cache(maxsize=1)
def _textblob_lexicon() -> dict:
    from textblob.en import sentiment

    sentiment.load()
    return sentiment


def _textblob_scores(word: str) -> tuple[float, float] | None:
    entry = _textblob_lexicon().get(word)
    if not entry or None not in entry:
        return None
    return entry[None][0], entry[None][1]


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER's valence of each plain word (-4 to +4), read at run time from the installed vaderSentiment package
    (MIT licence; its ``vader_lexicon.txt``, not copied into the kit); empty when the package is missing."""
    try:
        spec = importlib.util.find_spec("vaderSentiment")
    except (ImportError, ValueError):  # pragma: no cover - a broken install
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "vader_lexicon.txt"
    valence: dict[str, float] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split("\t", 2)
                if len(parts) >= 2 and parts[0].isalpha():  # emoticons and abbreviations left out
                    valence[parts[0].lower()] = float(parts[1])
    except (OSError, ValueError):  # pragma: no cover - a damaged install: no VADER evidence
        return {}
    return valence


def _vader_valence(word: str, lemma_: str) -> float:
    """VADER's valence of a lower-case word or, failing that, of its lemma; for a hyphenated word, its strongest
    part ("job-killing" -> "killing"); 0.0 when VADER does not know it."""
    lex = vader_lexicon()
    v = lex.get(word)
    if v is None:
        v = lex.get(lemma_)
    if v is None and "-" in word:
        parts = [lex.get(p, lex.get(lemma(p), 0.0)) for p in word.split("-") if p.isalpha()]
        v = max(parts, key=abs, default=0.0)
    return v or 0.0


# Candidates the second stage weighs (most stay below caution): TextBlob rates the word at least this subjective
# and polar, or VADER at least this far from neutral. The lexicon's own TextBlob thresholds mark the "strong" ones.
_TEXTBLOB_CANDIDATE = (0.5, 0.8)  # |polarity|, subjectivity
_VADER_CANDIDATE = 1.5  # |valence| on VADER's -4 to +4 scale
_VADER_COMPOUND = 2.5  # ... of the strongest part of a hyphenated compound ("job-killing")


def _sentiment_spans(ctx: _Context, lexicon: Lexicon) -> list[tuple[LoadedSpan, dict]]:
    """Single words that TextBlob or VADER rate as emotional (category intensifier, source textblob or vader)."""
    found = []
    for n, tok in enumerate(ctx.tokens):
        word = ctx.lowered[n]
        if n in ctx.quiet or word in lexicon.textblob_quiet or word in lexicon.function_words \
                or not word.replace("-", "").isalpha():
            continue
        scores = _textblob_scores(word) if word.isalpha() else None
        valence = ctx.valence[n]
        strong = tb = False
        if scores:
            polarity, subjectivity = scores
            strong = abs(polarity) >= lexicon.textblob_min_polarity and subjectivity >= lexicon.textblob_min_subjectivity
            tb = strong or (abs(polarity) >= _TEXTBLOB_CANDIDATE[0] and subjectivity >= _TEXTBLOB_CANDIDATE[1])
        if tb:
            tone = "positive" if polarity > 0 else "negative"
            reason = (f"TextBlob rates \u201c{tok.text}\u201d as {'strongly ' if strong else ''}{tone} and subjective "
                      f"({polarity:+.1f}, {subjectivity:.1f}): it expresses feeling, not fact.")
            found.append((LoadedSpan(tok.start, tok.end, tok.text, "intensifier", reason, "textblob"),
                          _features(ctx, n, n + 1, "textblob", "intensifier", strong=strong)))
        elif abs(valence) >= (_VADER_COMPOUND if "-" in word else _VADER_CANDIDATE):
            tone = "positive" if valence > 0 else "negative"
            reason = (f"The VADER sentiment lexicon rates \u201c{tok.text}\u201d as {tone} ({valence:+.1f} on its "
                      f"-4 to +4 scale): a word of feeling that can colour a report.")
            found.append((LoadedSpan(tok.start, tok.end, tok.text, "intensifier", reason, "vader"),
                          _features(ctx, n, n + 1, "vader", "intensifier")))
    return found


# -- the second stage: a logistic regression over each candidate's features --------------------------------------

_PLAIN_SAYING = _ATTRIBUTION.words("plain_verbs")  # said, told, added: attribution nearby
_NEAR = 8  # words either side that count as "nearby"


# Word endings that hint at the part of speech (the kit has no tagger): feeling sits in adjectives and adverbs more
# than in the nouns and verbs that report events ("collision", "argument").
_SHAPES = (("ly", "adverb"), ("ous", "adjective"), ("ful", "adjective"), ("ive", "adjective"), ("ic", "adjective"),
           ("al", "adjective"), ("less", "adjective"), ("able", "adjective"), ("ible", "adjective"),
           ("ing", "participle"), ("ed", "participle"), ("ion", "noun"), ("ment", "noun"), ("ness", "noun"),
           ("ity", "noun"), ("ance", "noun"), ("ence", "noun"), ("ism", "noun"), ("ist", "noun"))


def _word_shape(word: str) -> str:
    if "-" in word:
        return "compound"
    for ending, shape in _SHAPES:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return shape
    return ""


def _features(ctx: _Context, start: int, end: int, source: str, category: str, *, lemma: bool = False,
              gap: bool = False, hyphen: bool = False, strong: bool = True) -> dict[str, float]:
    """Named features of the candidate made of words ``start``..``end`` (exclusive); absent features are 0."""
    f = {f"source={source}": 1.0, f"category={category}": 1.0, **ctx.style}
    end = min(end, len(ctx.tokens))
    if start >= end:  # a scare quote around no word ("“—”")
        return f
    f["_sentence"] = float(ctx.sentence[start])
    own = sum(ctx.lowered[k] in _PLAIN_SAYING for k in range(start, end))  # "truth be told" reports no one
    if ctx.attributed[ctx.sentence[start]] > own and not ctx.quoted[start]:
        f["attributed_sentence"] = 1.0  # reported speech: "X said the plan was a disaster"
    n_words = end - start
    if n_words > 1:
        f["multiword"] = 1.0
    if ctx.quoted[start:end] and all(ctx.quoted[start:end]):
        f["in_quotation"] = 1.0
        f[f"in_quotation&category={category}"] = 1.0
    if ctx.negated[start]:  # a negation before the candidate ("not a disaster"), not one inside it ("not a single")
        f["negated"] = 1.0
    if lemma:
        f["lemma_match"] = 1.0
    if gap:
        f["gap"] = 1.0
    if hyphen:
        f["hyphen_part"] = 1.0
    if source == "vader" or source == "textblob" and not strong:  # not among the lexicon's strong TextBlob words
        f["textblob_weak"] = 1.0
    pol, subj, val = 0.0, 0.0, 0.0
    for k in range(start, end):
        scores = _textblob_scores(ctx.lowered[k]) if ctx.lowered[k].isalpha() else None
        if scores:
            pol, subj = max(pol, abs(scores[0])), max(subj, scores[1])
        if abs(ctx.valence[k]) > abs(val):
            val = ctx.valence[k]
    if pol or subj:
        f["textblob_polarity"] = pol
        f["textblob_subjectivity"] = subj
    if val:
        f["vader_valence"] = abs(val) / 4
        if val < 0:
            f["vader_negative"] = 1.0
    if start < len(ctx.tokens) and ctx.tokens[start].text[:1].isupper() and start > 0 \
            and not _crosses_sentence(ctx.text, ctx.tokens[start - 1].start, ctx.tokens[start].start):
        f["capitalised_inside_sentence"] = 1.0
    prev = ctx.lowered[start - 1] if start > 0 else ""
    if prev in ("a", "an", "the"):
        f["after_article"] = 1.0
    if n_words == 1:
        shape = _word_shape(ctx.lowered[start])
        if shape:
            f[f"shape={shape}"] = 1.0
    k = bisect_left(ctx.saying, start - _NEAR)
    while k < len(ctx.saying) and ctx.saying[k] < end + _NEAR:  # a verb of saying outside the candidate, same sentence
        verb = ctx.saying[k]
        k += 1
        if start <= verb < end:
            continue
        a, b = (verb, start) if verb < start else (end - 1, verb)
        if not _crosses_sentence(ctx.text, ctx.tokens[a].start, ctx.tokens[b].end):
            f["said_nearby"] = 1.0
            break
    return f


def confidence(features: dict[str, float], model: dict | None = None) -> float:
    """The model's probability that a key marks this candidate (1.0 when the kit ships no model)."""
    model = model if model is not None else load_finder_model()
    if not model:  # no second stage: today's rules (no weak TextBlob or VADER words; a source's words count as the writer's)
        return 0.0 if "textblob_weak" in features else 1.0
    weights = model["weights"]
    z = model.get("bias", 0.0) + sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_READABLE = {
    "in_quotation": "it is inside a quotation, so it may be the speaker's word rather than the writer's",
    "negated": "it follows a negation (\u201cnot\u201d, \u201cnever\u201d), which can undo it",
    "attributed_sentence": "its sentence reports what someone said, so it may be the source's verdict rather than "
                           "the writer's",
}


def candidates(text: str, lexicon: Lexicon | None = None) -> list[tuple[LoadedSpan, dict]]:
    """Every candidate span with its features, before the second stage (``tools/train_finder.py`` trains on these)."""
    lexicon = lexicon or load_lexicon()
    ctx = _context(text, lexicon)
    return with_neighbourhood(_scare_quote_spans(ctx, lexicon) + _lexicon_spans(ctx, lexicon)
                              + _sentiment_spans(ctx, lexicon))


_NEIGHBOURHOOD = 300  # characters either side
_NEIGHBOURS_FULL = 4  # lexicon hits nearby that make the feature 1.0
_BESIDE = 20  # characters: a lexicon hit this close is "beside" the candidate


def with_neighbourhood(found: list[tuple[LoadedSpan, dict]]) -> list[tuple[LoadedSpan, dict]]:
    """Sets each candidate's ``loaded_nearby``: how many other lexicon hits lie within a few sentences of it (a
    word of feeling in a passage full of loaded terms is more likely the writer's slant than one in plain wire
    copy), from 0 to 1, and the whole text's ``doc_loaded_rate`` and ``doc_loaded_sentences`` (see
    ``_document``). Recomputed from the spans, so a caller that drops candidates can
    call it again. Feature names starting with ``_`` (the text's length, the candidate's sentence) are context for
    this count, not evidence: the model has no weight for them."""
    hits = sorted((span.start, span.end) for span, _f in found if span.source == "lexicon")
    starts = [a for a, _b in hits]
    hits_in = Counter(f.get("_sentence", -1.0) for span, f in found if span.source == "lexicon")
    n_sentences = next((int(f["_sentences"]) for _s, f in found if "_sentences" in f), 1)
    for span, features in found:
        k = bisect_left(starts, span.end)
        itself = 0  # lexicon hits on the candidate's own words are not its neighbours
        while k > 0 and hits[k - 1][1] > span.start:
            itself, k = itself + 1, k - 1
        near = bisect_left(starts, span.end + _NEIGHBOURHOOD) - bisect_left(starts, span.start - _NEIGHBOURHOOD) - itself
        beside = bisect_left(starts, span.end + _BESIDE) - bisect_left(starts, span.start - _BESIDE) - itself
        for name in [n for n in features if n.startswith(_RECOUNTED)]:
            del features[name]
        if near > 0:
            features["loaded_nearby"] = min(near, _NEIGHBOURS_FULL) / _NEIGHBOURS_FULL
        if beside > 0:
            features["beside_loaded"] = 1.0
        if "_words" in features:
            _document(span, features, itself, hits_in, n_sentences)
    return found


_RECOUNTED = ("loaded_nearby", "beside_loaded", "doc_loaded")
_LOADED_FULL = 3.0  # other lexicon hits per 100 words that make ``doc_loaded_rate`` 1.0
# A shorter text is measured as if it were this long, the rest sober: one sentence is too little to tell how loaded
# the whole is ("The regime jailed three reporters." is not a text full of loaded words).
_SHORT_WORDS, _SHORT_SENTENCES = 150.0, 8


def _document(span: LoadedSpan, features: dict, itself: int, hits_in: Counter, n_sentences: int) -> None:
    """How loaded the whole text is apart from the candidate: other lexicon hits per 100 words (also by the
    candidate's source) and the share of sentences with a lexicon hit (the candidate's own hit left out). A lone
    candidate in otherwise sober copy gets neither, so the model discounts it."""
    n_words = max(features["_words"], _SHORT_WORDS)
    others = sum(hits_in.values()) - itself
    rate = others * 100 / n_words
    if rate:  # also by source: a TextBlob or VADER word counts for more in a text the lexicon finds loaded
        features["doc_loaded_rate"] = features[f"doc_loaded_rate&source={span.source}"] = \
            round(min(rate, _LOADED_FULL) / _LOADED_FULL, 4)
    sentence = features.get("_sentence")
    with_hit = len(hits_in) - (1 if sentence is not None and hits_in.get(sentence, 0) == itself and itself else 0)
    if with_hit > 0:
        features["doc_loaded_sentences"] = round(with_hit / max(n_sentences, _SHORT_SENTENCES), 4)


DEFAULT_CAUTION = 0.5


def find_loaded(text: str, lexicon: Lexicon | None = None, caution: float = DEFAULT_CAUTION,
                model: dict | None = None) -> list[LoadedSpan]:
    """Loaded-language spans in ``text``, sorted, never overlapping.

    ``caution`` (0 to 1) is how sure the machine must be before it flags a span: 0 flags every candidate, the
    default 0.5 flags what the model thinks a key more likely marks than not, higher values flag less.
    ``model``: second-stage weights to use instead of the shipped ones (``tools/cv_finder.py`` passes its own).

    >>> [s.text for s in find_loaded("The senator slammed the devastating cuts.")]
    ['slammed', 'devastating']
    """
    return keep(candidates(text, lexicon), caution, model)


def keep(found: list[tuple[LoadedSpan, dict]], caution: float = DEFAULT_CAUTION,
         model: dict | None = None) -> list[LoadedSpan]:
    """The candidates whose confidence reaches ``caution``, each with its confidence and reason, sorted, never
    overlapping (at the same start the longer span wins: scare quotes and phrases before single words)."""
    model = model if model is not None else load_finder_model()
    scored = []
    for span, features in found:
        p = round(confidence(features, model), 3)
        if p < caution:
            continue
        notes = [why for name, why in _READABLE.items() if name in features]
        reason = span.reason + (f" (Less sure: {'; '.join(notes)}.)" if notes else "")
        scored.append(LoadedSpan(span.start, span.end, span.text, span.category, reason, span.source, p))
    chosen: list[LoadedSpan] = []
    taken_until = -1
    for span in sorted(scored, key=lambda s: (s.start, -(s.end - s.start))):
        if span.start >= taken_until:
            chosen.append(span)
            taken_until = span.end
    return chosen
