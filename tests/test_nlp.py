"""newslit.text.spans: paragraphs, sentences and words keep exact character offsets."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from newslit.text import spans as nlp
from newslit.text.spans import Span, paragraphs, sentences, words

ODD_TEXTS = {
    "empty": "",
    "whitespace only": "   \n\t \r\n  \u00a0 ",
    "crlf": "One line here.\r\nSecond line here.\r\n\r\nNew paragraph. Another sentence.\r\n",
    "lone cr": "Old Mac text.\rStill the first paragraph.\r\rSecond paragraph here.",
    "mixed endings": "Unix.\n\nWindows.\r\n\r\nMac.\r\rDone.",
    "emoji": "Crowds cheered 👏🏽 loudly. The 👨\u200d👩\u200d👧 family left! Was it 🎉? Yes.",
    "zero width": "zero\u200bwidth\u200d join here. Next\ufeff sentence\u200c follows.",
    "arabic rtl": "\u200fقال المتحدث إن الحكومة ستعمل بسرعة. وأضاف أن الوضع صعب جدا.",
    "mixed rtl/ltr": "The sign read \u202bمرحبا بكم\u202c at the gate. Visitors nodded.",
    "non-english": "Der Bürgermeister sagte, dass alles gut sei. Ça va très bien, merci. 東京は大きい。",
    "abbreviations": "The U.S. Sen. Jane Smith met Gen. Lee and Dr. Patel on Monday. Then they left.",
    "html": '<p>Hello <b>world</b>.</p>\n\n<script>alert("x")</script> <img src=x onerror=alert(1)> Next.',
    "tabs and nbsp": "\tIndented\u00a0text with\u00a0nbsp.  Two  spaces.\n \n\tNext para.",
    "only punctuation": "... !!! ??? -- “” ''",
}


def assert_exact(text: str, spans: list[Span]) -> None:
    for span in spans:
        assert isinstance(span, Span)
        assert 0 <= span.start < span.end <= len(text), span
        assert text[span.start:span.end] == span.text, span


def assert_sorted_disjoint(spans: list[Span]) -> None:
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start, (a, b)


def all_spans(text: str) -> dict[str, list[Span]]:
    return {"paragraphs": paragraphs(text), "sentences": sentences(text), "words": words(text)}


# -- the offset invariant ---------------------------------------------------------


def test_sample_offsets_exact(sample_article):
    text = sample_article.text
    for kind, spans in all_spans(text).items():
        assert spans, kind
        assert_exact(text, spans)
        assert_sorted_disjoint(spans)


def test_sample_paragraphs_match_article(sample_article):
    paras = paragraphs(sample_article.text)
    assert [p.text for p in paras] == [p.strip() for p in sample_article.paragraphs]
    assert [p.start for p in paras] == sample_article.paragraph_starts()


def test_sample_sentences_stay_inside_one_paragraph(sample_article):
    paras = paragraphs(sample_article.text)
    sents = sentences(sample_article.text)
    assert len(sents) > len(paras)
    for s in sents:
        assert any(p.start <= s.start and s.end <= p.end for p in paras), s
        assert "\n\n" not in s.text


def test_sample_sentences_cover_every_word(sample_article):
    text = sample_article.text
    sents = sentences(text)
    for w in words(text):
        assert any(s.start <= w.start and w.end <= s.end for s in sents), w


@pytest.mark.parametrize("name", sorted(ODD_TEXTS))
def test_odd_input_offsets_exact(name):
    text = ODD_TEXTS[name]
    for kind, spans in all_spans(text).items():
        assert_exact(text, spans)
        assert_sorted_disjoint(spans)
        for span in spans:
            if kind != "words":
                assert span.text == span.text.strip(), (kind, span)


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\r\n\r\n", "\t\u00a0\u2003 "])
def test_empty_and_blank_give_nothing(text):
    assert paragraphs(text) == []
    assert sentences(text) == []
    assert words(text) == []


def test_crlf_paragraphs_and_sentences():
    text = ODD_TEXTS["crlf"]
    assert [p.text for p in paragraphs(text)] == ["One line here.\r\nSecond line here.", "New paragraph. Another sentence."]
    assert [s.text for s in sentences(text)] == ["One line here.", "Second line here.", "New paragraph.", "Another sentence."]
    assert all("\r" not in w.text and "\n" not in w.text for w in words(text))


def test_lone_cr_paragraphs():
    text = ODD_TEXTS["lone cr"]
    assert [p.text for p in paragraphs(text)] == ["Old Mac text.\rStill the first paragraph.", "Second paragraph here."]
    assert [s.text for s in sentences(text)][-1] == "Second paragraph here."


def test_mixed_line_endings_paragraphs():
    assert [p.text for p in paragraphs(ODD_TEXTS["mixed endings"])] == ["Unix.", "Windows.", "Mac.", "Done."]


def test_emoji_and_zero_width_are_not_words_but_do_not_shift_offsets():
    text = ODD_TEXTS["emoji"]
    assert [w.text for w in words(text)] == ["Crowds", "cheered", "loudly", "The", "family", "left", "Was", "it", "Yes"]
    assert len(sentences(text)) == 4
    text = ODD_TEXTS["zero width"]
    assert [w.text for w in words(text)] == ["zero", "width", "join", "here", "Next", "sentence", "follows"]
    assert len(sentences(text)) == 2


def test_right_to_left_arabic():
    text = ODD_TEXTS["arabic rtl"]
    sents = sentences(text)
    # the right-to-left mark is a format character, not a space: it stays with its sentence
    assert [s.text for s in sents] == ["\u200fقال المتحدث إن الحكومة ستعمل بسرعة.", "وأضاف أن الوضع صعب جدا."]
    assert [w.text for w in words(text)][:3] == ["قال", "المتحدث", "إن"]


def test_non_english_words_keep_accents():
    text = ODD_TEXTS["non-english"]
    ws = [w.text for w in words(text)]
    assert "Bürgermeister" in ws and "Ça" in ws and "très" in ws
    assert [s.text for s in sentences(text)][:2] == ["Der Bürgermeister sagte, dass alles gut sei.", "Ça va très bien, merci."]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Sen. Jane Smith met Gen. Lee and Dr. Patel on Monday.",
        "Sen. Smith spoke first.",
        "Gen. Lee agreed with the plan.",
        "Dr. Patel treated the patients.",
        "Officials in the U.S. Senate voted on Monday.",
        "Mr. and Mrs. Jones met Gov. Brown on Jan. 5 in St. Louis.",
    ],
)
def test_abbreviations_do_not_end_sentences(text):
    assert [s.text for s in sentences(text)] == [text]


def test_abbreviations_then_real_sentence_break():
    text = ODD_TEXTS["abbreviations"]
    assert [s.text for s in sentences(text)] == [
        "The U.S. Sen. Jane Smith met Gen. Lee and Dr. Patel on Monday.",
        "Then they left.",
    ]


def test_words_keep_inner_punctuation():
    text = "The city’s al-Qaeda-linked groups in the U.S. got 3,000 votes (2.5%) — don't."
    assert [w.text for w in words(text)] == [
        "The", "city’s", "al-Qaeda-linked", "groups", "in", "the", "U.S", "got", "3,000", "votes", "2.5", "don't",
    ]


def test_words_in_a_window_use_offsets_of_the_whole_text():
    text = "alpha beta gamma delta"
    ws = words(text, 6, 16)
    assert [w.text for w in ws] == ["beta", "gamma"]
    assert_exact(text, ws)


def test_html_markup_is_plain_text():
    text = ODD_TEXTS["html"]
    paras = paragraphs(text)
    assert [p.text for p in paras] == ["<p>Hello <b>world</b>.</p>", '<script>alert("x")</script> <img src=x onerror=alert(1)> Next.']
    joined = " ".join(s.text for s in sentences(text))
    assert "<script>" in joined and "<img src=x onerror=alert(1)>" in joined
    assert "script" in [w.text for w in words(text)]


def test_span_as_dict():
    assert Span(1, 4, "abc").as_dict() == {"start": 1, "end": 4, "text": "abc"}


# -- stock TextBlob with only the bundled Punkt parameters --------------------------

TEXTBLOB_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    import nltk
    # Only the (empty) NLTK_DATA folder: nothing the machine may have installed.
    nltk.data.path[:] = [os.environ["NLTK_DATA"]]
    before = None
    try:
        from textblob import TextBlob
        TextBlob("One. Two.").sentences
    except Exception as exc:
        before = type(exc).__name__
    import newslit.text.spans
    newslit.text.spans.use_bundled_nltk_data()
    newslit.text.spans.use_bundled_nltk_data()  # idempotent
    from textblob import TextBlob
    text = sys.argv[1]
    blob = TextBlob(text)
    print(json.dumps({
        "before": before,
        "found": str(nltk.data.find("tokenizers/punkt_tab/english/")),
        "path": list(nltk.data.path),
        "sentences": [str(s) for s in blob.sentences],
        "words": list(blob.words),
        "sentiment": [[s.sentiment.polarity, s.sentiment.subjectivity] for s in blob.sentences],
    }))
    """
)


def test_stock_textblob_works_with_bundled_data_only(tmp_path, run_env):
    empty = tmp_path / "nltk_empty"
    empty.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    text = "Sen. Smith slammed the terrible plan. Everyone was happy! The U.S. budget passed on Monday."
    proc = subprocess.run(
        [sys.executable, "-c", TEXTBLOB_SCRIPT, text],
        env=run_env(NLTK_DATA=str(empty), HOME=str(home)),
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["before"] is not None, "without the bundled data TextBlob should have failed (isolation check)"
    assert out["found"].startswith(str(nlp.NLTK_DATA_DIR))
    assert out["path"] == [str(nlp.NLTK_DATA_DIR), str(empty)]
    assert out["sentences"] == ["Sen. Smith slammed the terrible plan.", "Everyone was happy!", "The U.S. budget passed on Monday."]
    assert out["words"][:5] == ["Sen", "Smith", "slammed", "the", "terrible"]
    assert "happy" in out["words"]
    polarity = [p for p, _ in out["sentiment"]]
    assert polarity[0] < 0 < polarity[1]
    assert all(-1 <= p <= 1 and 0 <= s <= 1 for p, s in out["sentiment"])
    assert list(empty.iterdir()) == []  # nothing downloaded


def test_use_bundled_nltk_data_puts_folder_first_once():
    import nltk

    saved = list(nltk.data.path)
    try:
        nltk.data.path[:] = ["/nonexistent", str(nlp.NLTK_DATA_DIR)]
        nlp.use_bundled_nltk_data()
        nlp.use_bundled_nltk_data()
        assert nltk.data.path == [str(nlp.NLTK_DATA_DIR), "/nonexistent"]
    finally:
        nltk.data.path[:] = saved
