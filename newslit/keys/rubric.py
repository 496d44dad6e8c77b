"""The first-pass reader of written answers: an honest, explainable score against a rubric, always provisional.

A rubric key lists ideas, each with keywords that show it. A keyword alone is
not an idea: this reader gives an idea credit only when a sentence of the
answer says something about it. Concretely:

* **Sentences, not lists.** A sentence counts if it has at least five words
  and some small words ("the", "would", "because"); a list of keywords earns
  nothing.
* **Substance.** The sentence that shows an idea must also carry words of its
  own: words that are neither small words, nor words any answer could use
  ("source", "trust", "search", "evidence": ``datasets/lexicons/written_answers.json``),
  nor the rubric's keywords, except names and figures the rubric expects
  ("Financial Times", "UN", "275,000"). Two such words earn half the idea's points, three or more the
  whole (a one-point idea: two).
* **One idea per sentence**, or one per fifteen words of a long sentence,
  each needing substance of its own, so a sentence that strings every keyword
  together earns one idea at most. Naming the idea ("the armed groups", "the
  reader effect") is not saying something about it; all the names in a
  sentence count as one word of substance.
* **Copies earn nothing**: an answer mostly made of the prompt or of the
  strong answer is recognised (also when lightly reworded: most of its own
  words come from the strong answer); sentences copied from the prompt are skipped,
  and a sentence that repeats earlier ones adds nothing.
* **Length and the question's demands**: "100 to 150 words" or "three or
  four sentences" in the prompt scale the score down (by up to half) when the
  answer is shorter.

Every point it gives is provisional: the widgets and the grader mark rubric
exercises for a person to review. :func:`read_answer` returns what it found
for each idea (the sentence that showed it), so a learner sees which ideas
they touched and what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from newslit.text.lexicon import load_wordlists
from newslit.text.spans import sentences

MIN_SENTENCE_WORDS = 4
WORDS_PER_IDEA = 15  # a long sentence may show one idea per this many words
COPY_SHARE = 0.5  # an answer whose word 4-grams are at least this share from the prompt or exemplar is a copy
REWORDED_SHARE, REWORDED_MIN_WORDS = 0.85, 30  # or whose own words (30 or more) mostly come from the exemplar
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _lists() -> tuple[frozenset, frozenset]:
    lists = load_wordlists("written_answers")  # the one loader of the kit's word lists (cached)
    return lists.words("small_words"), lists.words("generic_words")


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _grams(words: list[str], n: int = 4) -> set[tuple]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _share_from(words: list[str], source: str) -> float:
    grams = _grams(words)
    return len(grams & _grams(_words(source))) / len(grams) if grams else 0.0


def _reworded_from(words: list[str], source: str) -> bool:
    """Most of a long answer's own vocabulary comes from ``source``: a lightly reworded copy."""
    small, _ = _lists()
    own = {w for w in words if w not in small}
    theirs = {w for w in _words(source) if w not in small}
    return len(own) >= REWORDED_MIN_WORDS and len(own & theirs) >= REWORDED_SHARE * len(own)


def _keyword_pattern(keywords) -> re.Pattern | None:
    parts = []
    for keyword in keywords:
        kw = keyword.lower().strip()
        if kw:
            parts.append(re.escape(kw[:-1]) + r"\w*" if kw.endswith("*") else re.escape(kw))
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)") if parts else None


def demands(prompt: str) -> tuple[int, int]:
    """(least words, least sentences or steps) the prompt asks for; 0 where it says nothing."""
    lowered = prompt.lower()
    least_words = 0
    m = re.search(r"(\d+)\s*(?:to|-|–)\s*\d+\s*words", lowered) or re.search(r"(?:at least|about)\s+(\d+)\s*words", lowered)
    if m:
        least_words = int(m.group(1))
    least_sentences = 0
    m = re.search(r"\b(two|three|four|five|six|\d)\s+(?:or|to)\s+\w+\s+(?:sentences|steps)", lowered) or \
        re.search(r"\b(two|three|four|five|six|\d)\s+(?:sentences|steps)", lowered)
    if m:
        least_sentences = _NUMBERS.get(m.group(1)) or int(m.group(1))
    return least_words, least_sentences


@dataclass
class Sentence:
    text: str
    words: list[str]
    substance: set[str]
    capacity: int


@dataclass
class IdeaReading:
    id: str
    points: float
    max_points: float
    sentence: str = ""  # the learner's sentence that showed the idea ("" when absent)
    note: str = ""


@dataclass
class RubricReading:
    points: float
    max_points: float
    ideas: list[IdeaReading]
    remarks: list[str] = field(default_factory=list)  # what the learner should know about the whole answer


_JOINERS = {"and", "or", "&"}


def _is_list(piece: str, words: list[str], small: frozenset) -> bool:
    """A run of items ("Anti-Media, Reuters, search, both sides"; "Nusra and FSA and ...") rather than a sentence."""
    glue = [w for w in words if w in small and w not in _JOINERS]
    if not glue:
        return True
    if sum(w in _JOINERS for w in words) >= 3 and len(glue) <= 2:  # "Nusra and FSA and Ahrar al-Sham and ..."
        return True
    segments = [seg for seg in re.split(r"[,:/]", piece) if seg.strip()]
    return len(segments) >= 4 and sum(len(_words(seg)) <= 3 for seg in segments) >= 0.75 * len(segments)


def _sentences_of(text: str, prompt: str, all_keywords: re.Pattern | None, names: set[str],
                  labels: set[str]) -> tuple[list[Sentence], int]:
    small, generic = _lists()
    found, seen, copied = [], set(), 0
    pieces = [s.text for s in sentences(text)]
    # Lines, bullets, semicolons and numbered steps ("1. look up ... 2. look up ...") are sentences of their own.
    pieces = [p for piece in pieces for p in re.split(r"\n+|\s+[-•*]\s+|;\s+|(?:^|\s)\(?\d{1,2}[.)]\s+", piece) if p and p.strip()]
    for piece in pieces:
        words = _words(piece)
        if len(words) < MIN_SENTENCE_WORDS or _is_list(piece, words, small):
            continue
        if prompt and _share_from(words, prompt) >= 0.6:
            copied += 1
            continue
        lowered = piece.lower()
        keyword_words = set(_words(" ".join(all_keywords.findall(lowered)))) if all_keywords else set()
        # Names the rubric expects (the Financial Times, Reuters) are substance; generic keywords ("search") are not.
        # Naming the idea itself ("the armed groups", "the reader effect") says nothing about it.
        substance = {w for w in words if len(w) > 2 and w not in small and w not in generic and w not in labels
                     and w not in keyword_words and w not in names}
        if any(w in names for w in words):
            substance.add("\u2023named")  # all the names in a sentence count as one word of substance
        if substance and not substance - seen:
            continue  # says again what earlier sentences said
        seen |= substance
        found.append(Sentence(piece.strip(), words, substance, max(1, len(words) // WORDS_PER_IDEA)))
    return found, copied


def read_answer(items, text: str, prompt: str = "", exemplar: str = "") -> RubricReading:
    """Read ``text`` against the rubric ``items`` (key items with ``keywords``, ``idea``, ``hint``, ``points``)."""
    max_points = sum(item.points for item in items)
    absent = [IdeaReading(item.id, 0.0, item.points, note=item.data.get("hint") or item.data.get("idea", "")) for item in items]
    words = _words(text if isinstance(text, str) else "")
    if not words:
        return RubricReading(0.0, max_points, absent, ["Nothing written yet."])
    if exemplar and (_share_from(words, exemplar) >= COPY_SHARE or _reworded_from(words, exemplar)):
        return RubricReading(0.0, max_points, absent, ["This repeats the strong answer: write the plan in your own words."])
    if prompt and _share_from(words, prompt) >= COPY_SHARE:
        return RubricReading(0.0, max_points, absent, ["This repeats the question: answer it in your own words."])
    patterns = {item.id: _keyword_pattern(item.data.get("keywords", [])) for item in items}
    every_keyword = _keyword_pattern([k for item in items for k in item.data.get("keywords", [])])
    # Words of keywords written with a capital or a digit ("Financial Times", "UN", "275,000") name something specific.
    names = {w for item in items for k in item.data.get("keywords", []) if any(c.isupper() or c.isdigit() for c in k)
             for w in _words(k)}
    labels = {w for item in items for w in item.id.split("-") if len(w) > 2}
    found, copied = _sentences_of(text, prompt, every_keyword, names, labels)
    remarks = []
    if copied:
        remarks.append(f"{copied} sentence(s) repeat the question and were not counted.")
    if not found:
        remarks.append("Write whole sentences that say what you would do and why: a list of words earns no points.")
        return RubricReading(0.0, max_points, absent, remarks)

    readings = {r.id: r for r in absent}
    # Each sentence offers `capacity` slots; its k-th slot needs 2(k+1) words of substance, so a second idea
    # in one sentence needs substance of its own. Ideas are matched to slots so that as many as possible
    # are shown (the biggest first), each by a sentence of its own.
    slots = [(n, k) for n, sentence in enumerate(found) for k in range(sentence.capacity)
             if len(sentence.substance) >= 2 * (k + 1)]
    order = sorted(items, key=lambda i: -i.points)
    mentions = {item.id: [n for n, sentence in enumerate(found) if patterns[item.id] and patterns[item.id].search(sentence.text.lower())]
                for item in items}
    holder: dict[tuple, str] = {}

    def place(item_id: str, tried: set) -> bool:
        for slot in slots:
            if slot[0] in mentions[item_id] and slot not in tried:
                tried.add(slot)
                if slot not in holder or place(holder[slot], tried):
                    holder[slot] = item_id
                    return True
        return False

    for item in order:
        place(item.id, set())
    placed = {item_id: slot for slot, item_id in holder.items()}
    for item in items:
        if item.id not in placed:
            if mentions[item.id]:
                readings[item.id].note = "You mention this, but say what exactly: " + (item.data.get("hint") or item.data.get("idea", ""))
            continue
        n, k = placed[item.id]
        weight = len(found[n].substance) - 2 * k
        earned = item.points if weight >= (2 if item.points <= 1 else 3) else item.points / 2
        readings[item.id] = IdeaReading(item.id, earned, item.points, found[n].text,
                                        "shown" if earned == item.points else "touched: say more about it")

    earned = sum(r.points for r in readings.values())
    least_words, least_sentences = demands(prompt)
    factor = 1.0  # short of what the question asks: at most half the points are lost for it
    if least_sentences and len(found) < least_sentences:
        factor = min(factor, 0.5 + 0.5 * len(found) / least_sentences)
        remarks.append(f"The question asks for {least_sentences} or more sentences or steps; this has {len(found)}.")
    if least_words and len(words) < least_words:
        factor = min(factor, 0.5 + 0.5 * len(words) / least_words)
        remarks.append(f"The question asks for about {least_words} words or more; this has {len(words)}.")
    points = round(earned * factor * 2) / 2  # half points at most
    return RubricReading(points, max_points, [readings[item.id] for item in items], remarks)
