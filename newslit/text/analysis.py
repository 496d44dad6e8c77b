"""Analyse a text: sentences with TextBlob scores, loaded language, claims.

The result is plain JSON-ready data; every ``start``/``end`` indexes the text
passed in, and ``text`` equals that slice.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from newslit.text.context import find_context
from newslit.text.claims import find_claims
from newslit.text.loaded import find_loaded
from newslit.text.spans import sentences


def sentence_scores(text: str) -> list[dict]:
    """Each sentence with TextBlob's polarity (-1..1) and subjectivity (0..1)."""
    from textblob.en.sentiments import PatternAnalyzer

    analyzer = PatternAnalyzer()
    rows = []
    for span in sentences(text):
        polarity, subjectivity = analyzer.analyze(span.text)[:2]
        rows.append({**span.as_dict(), "polarity": round(polarity, 3), "subjectivity": round(subjectivity, 3)})
    return rows


@contextmanager
def _no_cyclic_gc():
    """Analysis allocates many small, acyclic objects; the cyclic collector only
    adds work that grows with the heap (measured: 1.35x cost per word at 100,000
    words with it, 1.0x without). Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyze(text: str) -> dict:
    """``{"sentences": [...], "loaded": [...], "claims": [...], ...}`` for ``text``."""
    with _no_cyclic_gc():
        return {
            "sentences": sentence_scores(text),
            "loaded": [span.as_dict() for span in find_loaded(text)],
            "claims": [claim.as_dict() for claim in find_claims(text)],  # lesson 2: who supports each claim
            "context": [finding.as_dict() for finding in find_context(text)],  # lesson 3: missing context
        }
