"""Context checks (newslit.text.context), the context pack (newslit.keys.packs) and the lesson-3 keys."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newslit.text.analysis import analyze
from newslit.text.articles import list_articles, load_article
from newslit.text.context import CHECKS, ContextFinding, context_for, find_context
from newslit.keys.packs import FORMAT, context_pack_from_dict, load_context_pack
from newslit.errors import NewslitError
from newslit.keys.answer_key import key_path, load_key
from newslit.keys.catalogue import lessons_index, scored_exercises
from newslit.keys.kinds import score_answer

ARTICLES = list_articles()
PRACTICE = list_articles(kind="practice")


@pytest.fixture(scope="module")
def sample():
    return load_article("aleppo-2016")


@pytest.fixture(scope="module")
def found(sample):
    return context_for(sample)


def gaps(findings, check) -> list[str]:
    return [f.text for f in findings if f.check == check and f.start is not None]


def whole(findings, check) -> list[ContextFinding]:
    return [f for f in findings if f.check == check and f.start is None]


def para(article, finding) -> int:
    return article.paragraph_of(finding.start)


# -- the offset rules, on every article the kit has ---------------------------------------------


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_offsets_and_shape_on_every_article(article):
    findings = context_for(article)
    assert findings
    located = [f for f in findings if f.start is not None]
    assert [f for f in findings if f.start is None] == findings[len(located):], "whole-text findings come last"
    assert located == sorted(located, key=lambda f: (f.start, f.end, list(CHECKS).index(f.check)))
    for f in findings:
        assert f.check in CHECKS and f.question.strip() and f.text.strip()
        if f.start is None:
            assert f.end is None
        else:
            assert 0 <= f.start < f.end <= len(article.text)
            assert article.text[f.start:f.end] == f.text
        assert set(f.as_dict()) == {"check", "start", "end", "text", "question"}
        assert f.status in ({"answered", "partly", "open"} if f.check == "five_ws" else {"gap", "info"})
    ws = whole(findings, "five_ws") + [f for f in located if f.check == "five_ws"]
    assert len(ws) == 6, "one finding for each of who, what, when, where, why and how"
    assert len(whole(findings, "behind")) == 1 and len(whole(findings, "voices")) == 1


def test_works_on_any_text_without_metadata():
    empty = find_context("")
    assert all(f.start is None for f in empty) and {f.check for f in empty} == {"five_ws", "behind"}
    out = find_context("Prices went up.")
    assert [f.text for f in out if f.check == "behind"] == ["No outlet or author is named in the text."]
    byline = find_context("By Jane Doe\n\nThe council met on Monday in Leeds.")
    assert not [f for f in byline if f.check == "behind" and f.start is None]
    weird = find_context("<script>alert(1)</script> “Unclosed quote and 40% — ¿qué? 🚀\n\n\n\n")
    for f in weird:
        if f.start is not None:
            assert "<script>alert(1)</script> “Unclosed quote and 40% — ¿qué? 🚀\n\n\n\n"[f.start:f.end] == f.text


# -- voices ----------------------------------------------------------------------------------------


def test_voices_on_the_sample(sample, found):
    unheard = gaps(found, "voices")
    for name in ("residents", "rebels", "Trump", "Assad", "Iran", "Russia", "Yaser Alyoussef"):
        assert name in unheard, name
    assert "Washington Post" not in " ".join(unheard), "the Washington Post is cited (\u201caccording to\u201d)"
    (summary,) = whole(found, "voices")
    heard, not_heard = summary.text.split("Talked about but not heard from:")
    assert "the Washington Post" in heard and "many sources" in heard
    assert "residents" in not_heard or "rebels" in not_heard
    residents = next(f for f in found if f.check == "voices" and f.text == "residents")
    assert para(sample, residents) == 6 and "what happens to them" in residents.question


def test_voices_quoted_people_are_heard():
    text = ("The council voted to close the Elm Street library on Monday. Parents were angry.\n\n"
            "\u201cWe were never asked,\u201d said Ana Ruiz, a parent of two. Council leader Tom Reed said the "
            "building was unsafe.\n\nThe library's staff and the pupils who use it were not consulted.")
    out = find_context(text)
    unheard = gaps(out, "voices")
    assert "pupils" in unheard
    assert not any("Parents" in u or "Ana Ruiz" in u or "Tom Reed" in u or u == "council" for u in unheard)
    summary = whole(out, "voices")[0].text
    assert "Ana Ruiz" in summary and "Council leader Tom Reed" in summary


def test_voices_pronoun_after_a_quote_and_gerund_saying():
    text = ("Mayor Lena Ortiz defended the budget on Tuesday. \u201cWe had no choice,\u201d she said.\n\n"
            "Tenants and the landlords' association were not asked. Board chair Ravi Patel left early, saying "
            "nothing had changed.")
    out = find_context(text)
    unheard = gaps(out, "voices")
    assert "Lena Ortiz" not in " ".join(unheard) and "Ravi Patel" not in " ".join(unheard)
    assert "Tenants" in unheard


def test_words_inside_quotes_are_not_mentions():
    out = find_context("\u201cResidents are already dealing with higher bills,\u201d the councillor said.")
    assert "Residents" not in gaps(out, "voices")


# -- numbers ---------------------------------------------------------------------------------------


def test_numbers_on_the_sample(found):
    numbers = {f.text.replace("\u00a0", " "): f for f in found if f.check == "numbers"}
    assert {"thousands", "about a third", "Thousands"} <= set(numbers)
    assert "many sources" in numbers["about a third"].question
    assert "reportedly" in numbers["Thousands"].question
    assert "no source" in numbers["thousands"].question and "no time frame" in numbers["thousands"].question


@pytest.mark.parametrize("text, flagged, missing", [
    ("Crime rose 40 percent.", "40 percent", ["no source", "no time frame"]),
    ("About a third of voters want change.", "About a third", ["no source", "no time frame"]),
    ("Thousands of people marched.", "Thousands", ["no source", "no baseline", "no time frame"]),
    ("The firm lost $2.5 million, some experts believe.", "$2.5 million", ["cannot check", "no time frame"]),
])
def test_numbers_without_source_baseline_or_time(text, flagged, missing):
    (f,) = [f for f in find_context(text) if f.check == "numbers"]
    assert f.text == flagged
    for words in missing:
        assert words in f.question


@pytest.mark.parametrize("text", [
    "Crime rose 40 percent in 2024 compared with 2023, police figures show.",
    "The council voted 7-2 on Tuesday.",
    "The river peaked at 4 a.m. on 12 January 2025.",
    "Ron Castle, 78, lives alone at number 12.",
    "About 40 residents came to the meeting on Monday.",
    "About a third of the city's streets were rated poor in a 2025 survey by the public works department.",
])
def test_numbers_that_need_no_question(text):
    assert not [f for f in find_context(text) if f.check == "numbers"], text


@pytest.mark.parametrize("text", [
    "Gillingrove led 2-0 at half-time and scored twice more in the second half.",
    "Guidance allows the drug to be given within four and a half hours of the first symptoms.",
    "Her marches were played at band contests for more than half a century.",
    "Judge Ann Moss said the harm was grave. Harrop will serve up to half of the sentence in custody.",
    "Detective Sergeant Holly Ince said about half of the stolen property had been returned to its owners.",
    "About 30,000 homes lost power and dozens of roads were closed on Sunday, the network operator said.",
    "A crowd of 3,812 was the club’s biggest league attendance since 2018.",
    "Shares in Corran rose 3.4 percent in early trading on Wednesday.",
    "The currency rose 0.4 percent against the dollar after the announcement.",
    # wire copy: figures after a sentence that gives figures and their source share it
    "Turnout was 34 percent on Thursday, the returning officer said.\n\n"
    "Anita Sharma won 11,482 votes, 41.2 percent of the total.\n\n"
    "The Alliance’s share fell by 9.6 points compared with two years ago, when turnout was 63 percent.",
    "Shares in Inchmorrow Homes fell 18 percent on Wednesday.\n\n"
    "The company said it now expected a profit of £140 million for the year.",
])
def test_wire_conventions_need_no_number_question(text):
    assert not [f for f in find_context(text) if f.check == "numbers"], text


@pytest.mark.parametrize("text, flagged", [
    ("Anita Sharma won 11,482 votes, 41.2 percent of the total.", ["11,482", "41.2 percent"]),
    # a source with no figure in its sentence, or a view rather than wire attribution, is not carried on
    ("Critics say the fund is a scandal.\n\nThe firm paid £48 million in dividends.", ["£48 million"]),
    ("Turnout was 34 percent, the returning officer said.\n\n“We won.”\n\n“Thank you.”\n\n"
     "The firm paid £48 million in dividends.", ["£48 million"]),
    ("Dozens of roads were closed.", ["Dozens"]),
    ("Maria Delgado said she spends more than half her pay on rent.", ["more than half"]),
    ("Up to half of residents oppose the plan.", ["half"]),
    ("A crowd of 3,812 watched.", ["3,812"]),
    ("Corran raised prices by 3.4 percent.", ["3.4 percent"]),
    ("Half the council’s money is wasted.", ["Half"]),
])
def test_numbers_still_asked_outside_wire_conventions(text, flagged):
    assert gaps(find_context(text), "numbers") == flagged


# -- time and place ----------------------------------------------------------------------------------


def test_time_and_place_on_the_sample(sample, found):
    times = gaps(found, "time")
    assert "in the last few days" in times and "earlier this year" in times
    relative = [f for f in found if f.check == "time" and "known only to the month" in f.question]
    assert [f.text for f in relative] == ["currently"]
    places = gaps(found, "place")
    assert places.count("in the region") == 2 and "elsewhere" in places
    # without the article's metadata nothing says the date is imprecise
    assert "currently" not in gaps(find_context(sample.text), "time")


def test_relative_times_are_one_finding(make_article_dict):
    from newslit.text.articles import Article

    article = Article.from_dict(make_article_dict("t", ["It opened on Monday and closed on Friday.", "It reopens next week."],
                                                  date="2024-03", date_precision="month"))
    (f,) = [f for f in context_for(article) if f.check == "time"]
    assert f.text == "on Monday" and "2 other times" in f.question
    exact = Article.from_dict(make_article_dict("t", ["It opened on Monday and closed on Friday."]))
    assert not [f for f in context_for(exact) if f.check == "time"], "a day-precise date resolves 'on Monday'"


# -- actors ----------------------------------------------------------------------------------------


def test_actors_on_the_sample(found):
    actors = [t.replace("\u00a0", " ") for t in gaps(found, "actors")]
    for phrase in ("has been accused", "is expected", "reportedly", "many sources", "some military observers",
                   "would most likely be referred to"):
        assert phrase in actors, phrase
    accused = next(f for f in found if f.check == "actors" and f.text == "has been accused")
    assert "who made the accusation" in accused.question


@pytest.mark.parametrize("text, expected", [
    ("The minister has been accused of lying.", ["has been accused"]),
    ("The minister has been accused by the auditor of lying.", []),
    ("Critics say the plan will fail.", ["Critics"]),
    ("Analysts polled by MarketLens expected a loss.", []),
    ("The plan was reportedly dropped.", ["reportedly"]),
    ("No injuries were reported.", []),
])
def test_actors_patterns(text, expected):
    assert gaps(find_context(text), "actors") == expected


@pytest.mark.parametrize("text, expected", [
    ("Two men have been charged with burglary.\n\nThey are accused of 17 burglaries in six weeks.", []),
    ("They are accused of lying to voters.", ["are accused"]),
    ("A man was arrested on Friday.\n\nHe is alleged to have struck the driver twice.", []),
    ("He is alleged to have lied to voters.", ["is alleged"]),
    ("Long delays were reported on the A12 on Monday.", []),
    ("The minister is expected to attend the summit, her office confirmed.", []),
    ("Parents at Longmead Primary, where nine of the cases were reported, received a letter.", []),
    ("Parents at Longmead Primary, where the outbreak was reported to have begun, received a letter.",
     ["was reported"]),
    ("Some critics argued at the time that her later works were weaker.", []),
    ("Some critics argued that her later works were weaker.", ["Some critics"]),
    ("Ms Sharma is expected to take her seat next week.", []),
    ("The talks are expected to resume on Monday.", []),
    ("The first arrivals are expected in February.", []),
    ("Ordinary people are expected to swallow that next week.", ["are expected"]),
])
def test_actors_wire_and_court_conventions(text, expected):
    assert gaps(find_context(text), "actors") == expected


# -- claims about other media ------------------------------------------------------------------


def test_media_claims_on_the_sample(sample, found):
    media = gaps(found, "media_claims")
    assert media == ["the Washington Post", "any mainstream narrative", "The media", "the Financial Times", "The Times"]
    assert all("Anti-Media" not in m for m in media)
    ft = next(f for f in found if f.check == "media_claims" and f.text == "the Financial Times")
    assert "trace" in ft.question.lower() and para(sample, ft) == 7


@pytest.mark.parametrize("text, expected", [
    ("The mainstream media ignored the protest.", ["The mainstream media"]),
    ("The BBC reported the protest (https://www.bbc.co.uk/news/x).", []),
    ("The Daily Record wrote: \u201cthe protest was the largest the town has seen in years\u201d.", []),
    ("Not one national outlet bothered to send a reporter.", ["Not one national outlet"]),
    ("This website asked the board; the press will not.", ["the press"]),
    ("A nurse, who may not speak to the press, said lists were cancelled.", []),
])
def test_media_claims_patterns(text, expected):
    assert gaps(find_context(text), "media_claims") == expected


@pytest.mark.parametrize("text, expected", [
    ("ELLERDEEN (Coastline Wire) — Health officials confirmed 23 cases on Friday.", []),
    ("CINDERMOOR (Northern News Service) — Two men were charged on Friday, police said.", []),
    ("The study, published on Monday in the Journal of Clinical Neurology, followed 1,140 patients.", []),
    ("A study published in the journal Child Health Review in June found that parents worried.", []),
    ("Halvorsen said in an interview with the Brindle Post that he was sorry.", []),
    ("The Brindle Post reported that he was sorry.", ["The Brindle Post"]),
    ("CINDERMOOR (Coastline Wire) — Two men were charged. The Northern News reported the arrests on Friday.",
     ["The Northern News"]),
    ("The Daily Journal reported that the plan was dead.", ["The Daily Journal"]),
])
def test_media_claims_wire_conventions(text, expected):
    assert gaps(find_context(text), "media_claims") == expected


@pytest.mark.parametrize("text, not_voices, voices", [
    ("LAMMERBY (Midland Press Agency) — Trains between Lammerby and Corrick Junction will stop running on "
     "Sundays in December, rail operator Heartland Rail said. Lammerby residents and Lammerby Council were not "
     "asked, Heartland Rail said. Sundays will be quiet.", ["Midland Press Agency", "Lammerby", "Sundays"], ["residents"]),
    ("ESKERRIDGE (Coastline Wire) — Storm Helka brought gusts of 94 mph, the forecaster said. The highest was "
     "at Eskerridge Point. Eskerridge Point lost power. Storm Helka moved east. Residents were not warned.",
     ["Storm Helka", "Eskerridge Point", "Coastline Wire", "Eskerridge"], ["Residents"]),
    ("Edith Marr was appointed to the Order of Merit for Music in 2011. Lena Ortiz and Tom Reed praised her.",
     ["Order of Merit"], ["Lena Ortiz", "Tom Reed"]),
    ("The ferry Marla Rose struck a boat, the harbour authority said. Her best-known piece, Pit Head Morning, was "
     "played. Ana Ruiz was hurt.", ["Marla Rose", "Pit Head Morning"], ["Ana Ruiz"]),
])
def test_wire_datelines_days_and_things_are_not_voices(text, not_voices, voices):
    out = find_context(text)
    unheard = gaps(out, "voices")
    summary = whole(out, "voices")[0].text
    listed = summary.split("Talked about but not heard from:")[1].strip(" .").split("; ")
    for name in not_voices:
        assert name not in unheard and name not in listed, name
    for name in voices:
        assert any(name in u for u in unheard), name


def test_own_outlet_is_not_other_media(make_article_dict):
    from newslit.text.articles import Article

    article = Article.from_dict(make_article_dict("t", ["The Valley Post reported the vote on Monday."], outlet="Valley Post"))
    assert gaps(context_for(article), "media_claims") == []
    assert gaps(find_context(article.text), "media_claims") == ["The Valley Post"]


# -- the 5 Ws and H, and who is behind it ------------------------------------------------------


def test_five_ws_on_the_sample(found):
    ws = {f.question.split("?")[0].split()[0]: f for f in found if f.check == "five_ws"}
    assert set(ws) == {"Who", "What", "When", "Where", "Why", "How"}
    assert ws["Where"].text == "in Eastern Aleppo" and ws["Where"].status == "answered"
    assert ws["When"].status == "partly", "only 'the last few days', 'earlier this year' and 'the end of 2016'"
    assert ws["Why"].status == "answered" and "due to the fact" in ws["Why"].text
    assert ws["How"].text.startswith("With the aid of")


def test_five_ws_open_when_missing():
    out = find_context("Something happened to them.")
    opened = {f.text.split(":")[0] for f in out if f.check == "five_ws" and f.status == "open"}
    assert opened == {"Who", "When", "Where", "Why", "How"}


def test_behind_from_metadata(sample, found):
    (meta,) = whole(found, "behind")
    assert meta.status == "info" and "Anti-Media" in meta.text and "Darius Shahtahmasebi" in meta.text
    assert sample.meta["stance"] in meta.text and "who is behind" in meta.question.lower()
    assert gaps(found, "behind") == ["(ANTIMEDIA)"]


def test_first_person_writing_is_flagged():
    out = find_context("The board refused when this website asked. \u201cWe care,\u201d a nurse said.")
    assert gaps(out, "behind") == ["this website"]


# -- practice texts --------------------------------------------------------------------------------


def gap_count(article) -> int:
    return sum(1 for f in context_for(article) if f.status == "gap" and f.check not in ("time",))


def test_neutral_practice_texts_have_fewer_gaps_than_slanted_ones():
    neutral = [a for a in PRACTICE if a.meta.get("leaning") == "neutral"]
    slanted = [a for a in PRACTICE if a.meta.get("leaning") not in ("neutral", None)]
    assert len(neutral) >= 3 and len(slanted) >= 6
    per_word = lambda arts: sum(gap_count(a) for a in arts) / sum(len(a.text.split()) for a in arts)  # noqa: E731
    assert per_word(neutral) * 2 < per_word(slanted)
    strict = 0
    for a in neutral:
        found = context_for(a)
        weak = _weak_claims(a)
        if not weak:  # fully sourced wire copy: sourced numbers, named sources, no claims about other media
            strict += 1
            assert not gaps(found, "media_claims") and not gaps(found, "actors") and not gaps(found, "numbers"), a.id
            continue
        # A neutral report that leans on unnamed sources ("analysts expect", "it is understood"), as real wire copy
        # does: every hidden actor and vague number the checker asks about sits in a claim the key calls weak, and
        # a question about other media is about a claim the key lists (an outlet cited with no date or link: "find
        # the original report" is the check's question by design).
        claims = load_key(a, "claims").items
        for f in found:
            if f.status == "gap" and f.check in ("actors", "numbers") and f.start is not None:
                assert any(f.start < i.end and f.end > i.start for i in weak), (a.id, f.check, f.text)
            if f.status == "gap" and f.check == "media_claims" and f.start is not None:
                assert any(i.start is not None and f.start < i.end and f.end > i.start for i in claims), (a.id, f.text)
    assert strict >= 10


def _weak_claims(article) -> list:
    """The claims a text's claims key labels vague, unsourced or opinion (or accepts as such); [] with no claims key."""
    if not key_path(article.id, "claims").exists():
        return []
    return [i for i in load_key(article, "claims").items if i.start is not None
            and ({i.data.get("label")} | set(i.data.get("accept") or ())) & {"vague", "unsourced", "opinion"}]


@pytest.mark.parametrize("article_id, check, text", [
    ("practice-northmere-health-app", "media_claims", "the mainstream media"),
    ("practice-northmere-health-app", "behind", "this website"),
    ("practice-quillfield-election-count", "media_claims", "Not one national outlet"),
    ("practice-quillfield-election-count", "actors", "are expected"),
    ("practice-kestwick-warehouse-strike", "numbers", "Hundreds"),
    ("practice-harbourside-rents", "numbers", "more than half"),
    ("practice-dunmere-wind-farm", "actors", "is widely believed"),
    ("practice-orrin-police-stops", "actors", "Insiders"),
    ("practice-erythrolite-sweetener", "place", "across the country"),
    ("practice-fenwick-park-protest", "numbers", "a handful"),
    ("practice-fenwick-park-protest", "time", "Earlier in the week"),
    ("practice-ashcombe-parking-fees", "behind", "told me"),
    ("practice-ashcombe-parking-fees", "numbers", "barely a third"),
    ("practice-stonebury-hotel", "voices", "residents"),
    ("practice-alder-vale-carbon-levy", "voices", "Alder Vale’s taxpayers"),
    ("practice-marrowdale-water-sale", "place", "elsewhere"),
    ("practice-pennick-school-board", "voices", "parents"),
])
def test_checks_on_practice_texts(article_id, check, text):
    assert text in gaps(context_for(load_article(article_id)), check)


@pytest.mark.parametrize("article_id, speaker", [
    ("practice-tessel-river-flood", "Tom Kessler"),
    ("practice-tessel-river-flood", "Anita Rowe"),
    ("practice-brenlow-bus-routes", "Desmond Alcott"),
    ("practice-harbourside-rents", "Maria Delgado"),
    ("practice-pennick-school-board", "Alicia Moreno"),
    ("practice-kestwick-warehouse-strike", "Kemi Adeyemi"),
])
def test_quoted_people_in_practice_texts_are_heard(article_id, speaker):
    found = context_for(load_article(article_id))
    assert not any(speaker in f.text for f in found if f.check == "voices" and f.start is not None)


# -- analyze and the command line --------------------------------------------------------------


def test_analyze_adds_context(sample):
    result = analyze(sample.text)
    assert result["context"] and all(set(f) == {"check", "start", "end", "text", "question"} for f in result["context"])
    for f in result["context"]:
        if f["start"] is not None:
            assert sample.text[f["start"]:f["end"]] == f["text"]
    assert {f["check"] for f in result["context"]} >= {"voices", "numbers", "time", "place", "actors", "media_claims",
                                                       "five_ws", "behind"}


def test_cli_json_and_table_carry_context(tmp_path, sample, run_env):
    path = tmp_path / "a.txt"
    path.write_text(sample.text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newslit", "analyze", str(path), "--format", "json"],
                          capture_output=True, text=True, env=run_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    context = json.loads(proc.stdout)["context"]
    text = path.read_text(encoding="utf-8")
    assert any(f["check"] == "media_claims" and f["text"] == "the Financial Times" for f in context)
    assert all(text[f["start"]:f["end"]] == f["text"] for f in context if f["start"] is not None)
    table = subprocess.run([sys.executable, "-m", "newslit", "analyze", str(path)], capture_output=True, text=True,
                           env=run_env(), timeout=120)
    assert "Missing context" in table.stdout.splitlines() and "media_claims" in table.stdout


# -- the context pack ------------------------------------------------------------------------------


def test_sample_context_pack(sample):
    pack = load_context_pack(sample)
    assert pack.article.id == "aleppo-2016" and pack.version and len(pack.notes) >= 10
    ids = {n.id for n in pack.notes}
    assert {"siege", "people-inside", "armed-groups", "government-backers", "rebel-backers", "zinki-video",
            "zinki-accusations", "a-third", "how-it-ended"} <= ids
    for note in pack.notes:
        assert note.topic and note.text and note.certainty
        assert note.source.publication and (note.source.date.startswith("2016") or note.after_publication)
        assert "the article" not in note.text.lower().replace("after the article was published", ""), \
            f"{note.id}: notes give background, they do not point out the article's gaps"
        assert note.source.url is None or note.source.url.startswith(("http://", "https://"))
        assert all(1 <= p <= len(sample.paragraphs) for p in note.paragraphs)
    assert "check" in pack.check_before_class.lower()
    assert [n.id for n in pack.notes_for(7)] == ["armed-groups", "zinki-video", "zinki-accusations"]
    assert [n.id for n in pack.general_notes] == ["the-outlet"]
    assert {n.id for n in pack.notes if n.after_publication} == {"how-it-ended", "the-outlet"}
    text = " ".join(n.text for n in pack.notes)
    for fact in ("275,000", "Free Syrian Army", "Ahrar al-Sham", "Jabhat Fateh al-Sham", "Turkey", "Qatar", "Iran",
                 "13 December 2016", "19 July 2016"):
        assert fact in text, fact


def pack_dict(**changes) -> dict:
    data = {"format": FORMAT, "article": "aleppo-2016", "version": "1", "notes": [
        {"id": "one", "topic": "T", "text": "Text.", "source": {"publication": "P", "date": "2016-11", "url": None},
         "certainty": "well established", "paragraphs": [1]}]}
    for path, value in changes.items():
        target = data
        *parents, last = path.split(".")
        for p in parents:
            target = target["notes"][0] if p == "note" else target[p]
        if value is ...:
            del target[last]
        else:
            target[last] = value
    return data


@pytest.mark.parametrize("changes, message", [
    ({"format": "newslit-context/2"}, "newslit-context/1"),
    ({"article": "other-article"}, "is for article 'other-article'"),
    ({"notes": []}, "non-empty list"),
    ({"version": ...}, "version"),
    ({"note.source": ...}, "needs a source"),
    ({"note.source.date": "Nov 2016"}, "ISO date"),
    ({"note.source.url": "javascript:alert(1)"}, "http(s) link or null"),
    ({"note.source.url": ...}, "add \"url\""),
    ({"note.paragraphs": [9]}, "paragraph 9 does not exist"),
    ({"note.paragraphs": "1"}, "list of paragraph numbers"),
    ({"note.certainty": ""}, "\"certainty\""),
    ({"note.id": "Bad Id"}, "lower-case slug"),
    ({"note.after_publication": "yes"}, "true or false"),
])
def test_pack_errors_are_clear(sample, changes, message):
    with pytest.raises(NewslitError, match="context pack") as err:
        context_pack_from_dict(pack_dict(**changes), sample)
    assert message in str(err.value)


def test_pack_duplicate_ids_and_missing_file(sample, datasets_copy):
    data = pack_dict()
    data["notes"].append(dict(data["notes"][0]))
    with pytest.raises(NewslitError, match="unique; repeated: one"):
        context_pack_from_dict(data, sample)
    (datasets_copy / "context" / "aleppo-2016.json").unlink()
    with pytest.raises(NewslitError, match="no context pack for article 'aleppo-2016'"):
        load_context_pack("aleppo-2016")
    (datasets_copy / "context" / "aleppo-2016.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(NewslitError, match="not valid JSON"):
        load_context_pack("aleppo-2016")


def test_a_pack_for_another_article(datasets_copy):
    data = pack_dict(article="practice-tessel-river-flood")
    (datasets_copy / "context" / "practice-tessel-river-flood.json").write_text(json.dumps(data), encoding="utf-8")
    pack = load_context_pack("practice-tessel-river-flood")
    assert pack.article.id == "practice-tessel-river-flood" and pack.notes_for(1)[0].id == "one"


# -- the lesson-3 keys -----------------------------------------------------------------------------


def test_checklist_key(sample, found):
    key = load_key(sample, "context_checklist")
    assert key.kind == "checklist" and key.exercise == "context_checklist" and key.prompt
    expected = [i for i in key.items if i.data["expected"]]
    distractors = [i for i in key.items if not i.data["expected"]]
    assert len(expected) >= 8 and len(distractors) >= 3
    for item in key.items:
        assert item.data["question"] and item.why and item.hint and item.start is not None and item.paragraph
        assert item.data["check"] in set(CHECKS) | {"background"}
    # where the key says a gap shows, the machine's check of the same kind finds something in that paragraph
    for item in expected:
        if item.data["check"] in ("background", "five_ws"):
            continue
        paras = {para(sample, f) for f in found if f.check == item.data["check"] and f.start is not None}
        assert item.paragraph in paras, item.id
    perfect = {"checked": {i.id: {"checked": i.data["expected"], "spans": []} for i in key.items}}
    assert score_answer(key, perfect).points == key.max_points
    assert score_answer(key, {"checked": {}}).points == len(distractors)


@pytest.mark.parametrize("exercise", ["context_written", "lateral_plan"])
def test_rubric_keys(sample, exercise):
    key = load_key(sample, exercise)
    assert key.kind == "rubric" and key.prompt and key.exemplar
    for item in key.items:
        assert item.data["idea"] and item.data["keywords"] and item.hint and item.why
    from newslit.keys.rubric import read_answer

    # The key's strong answer, read on its own merits, shows every idea; handed in as an answer it is a copy.
    strong = read_answer(key.items, key.exemplar, key.prompt)
    assert strong.points == strong.max_points, [(i.id, i.points) for i in strong.ideas]
    copied = score_answer(key, {"text": key.exemplar})
    assert copied.points == 0 and copied.needs_review and "repeats the strong answer" in " ".join(copied.remarks)
    weak = score_answer(key, {"text": "The article is biased and I do not like it."})
    assert weak.points < strong.max_points / 3 and weak.needs_review


def test_lesson_index_entry():
    entry = lessons_index()["03_missing_context"]
    assert entry["minutes"] == 65
    assert entry["exercises"]["context_checklist"] == {"kind": "checklist", "scored": True}
    assert entry["exercises"]["context_written"]["kind"] == "rubric"
    assert scored_exercises("03_missing_context") == ["context_checklist", "lateral_plan", "context_written"]
    for exercise in scored_exercises("03_missing_context"):
        load_key("aleppo-2016", exercise)
