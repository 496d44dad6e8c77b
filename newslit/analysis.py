"""Analyse a text: sentences with TextBlob scores, loaded language, claims.

The result is plain JSON-ready data; every ``start``/``end`` indexes the text
passed in, and ``text`` equals that slice.
"""

from __future__ import annotations

from .loaded import find_loaded
from .nlp import sentences, use_bundled_nltk_data


def sentence_scores(text: str) -> list[dict]:
    """Each sentence with TextBlob's polarity (-1..1) and subjectivity (0..1)."""
    use_bundled_nltk_data()
    from textblob.en.sentiments import PatternAnalyzer

    analyzer = PatternAnalyzer()
    rows = []
    for span in sentences(text):
        polarity, subjectivity = analyzer.analyze(span.text)[:2]
        rows.append({**span.as_dict(), "polarity": round(polarity, 3), "subjectivity": round(subjectivity, 3)})
    return rows


def analyze(text: str) -> dict:
    """``{"sentences": [...], "loaded": [...], "claims": []}`` for ``text``."""
    return {
        "sentences": sentence_scores(text),
        "loaded": [span.as_dict() for span in find_loaded(text)],
        "claims": [],
    }
