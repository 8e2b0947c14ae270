"""Scare quotes stay in the author's voice (issue 15, item 3): a quotation under
`attribution.min_quote_words` words that no one speaks ('the board approved a "sham" audit') is the
writer's own distancing, so its words and matches count as authorial; a short quotation someone is
given ("Trump called the deal 'a disaster'", reported speech, a cue in the next sentence) stays
quoted. Counts below are by hand."""
import pytest
from hypothesis import HealthCheck, given, settings
from test_properties import TEXTS

import framing
from framing.packs import load_config
from framing.report.formats import to_lines

SCORER = framing.Scorer(profile="rules")


def scored(text):
    """The result, the scare flag of each quotation (from the engine's own call), and the Voice the
    engine hands Python."""
    res, _ = SCORER._native(text)
    return SCORER.score(text), res.scare_quotes(), res.segmentation()[4]


def voices(r):
    return [(m.start, m.end, m.text, m.voice) for m in r.matches if m.category == "loaded_language"]


def test_a_scare_quote_is_the_authors_voice():
    text = 'The board approved a "sham" audit on Tuesday.'
    r, scare, voice = scored(text)
    assert [(q.start, q.end, q.text, q.words) for q in r.quotes] == [(21, 27, '"sham"', 1)]
    assert scare == [True]
    assert voices(r) == [(22, 26, "sham", "authorial")]
    # 8 words, every one the author's; the sentence is authorial
    assert (r.words, r.authorial_words, r.quoted_words, r.reported_words) == (8, 8, 0, 0)
    assert [s.voice for s in r.sentences] == ["authorial"]
    assert r.categories["loaded_language"]["authorial"]["count"] == 1
    assert r.categories["loaded_language"]["quoted"]["count"] == 0
    assert r.categories["loaded_language"]["authorial"]["per_1000_words"] == 125.0
    assert r.attribution["quoted_word_share"] == 0.0 and r.attribution["direct_quotes"] == 0
    # Python's Voice of the article agrees: nothing is quoted speech
    assert voice.spans() == [] and voice.of_span(22, 26) == "authorial"
    # the line format has no "(quoted voice)" suffix for it
    line = to_lines([r], {"<text>": text}).splitlines()[0]
    assert "sham" in line and "voice)" not in line


def test_the_so_called_reform():
    text = 'The so-called "reform" will cut benefits for millions of families.'
    r, scare, _ = scored(text)
    assert scare == [True]
    assert (r.words, r.authorial_words, r.quoted_words) == (10, 10, 0)


def test_an_attributed_partial_quote_stays_quoted():
    text = 'Trump called the deal "a disaster" on Tuesday.'
    r, scare, voice = scored(text)
    assert scare == [False]
    assert voices(r) == [(25, 33, "disaster", "quoted")]
    assert (r.words, r.authorial_words, r.quoted_words, r.reported_words) == (8, 6, 2, 0)
    assert r.attribution["quoted_word_share"] == 0.25
    assert voice.spans() == [(22, 34)] and voice.of_span(25, 33) == "quoted"


@pytest.mark.parametrize("text", [
    'Critics call it "a sham" and worse.',
    'It was the "sham" line Moolenaar used at the hearing.',
    '"Stop the vote!" the protesters shouted.',
    'The letter ended with a plea: "stop this sham."',
])
def test_naming_verbs_dialogue_and_colons_give_the_quote_to_someone(text):
    r, scare, _ = scored(text)
    assert scare == [False]
    assert all(v == "quoted" for *_, v in voices(r))


def test_a_cue_in_the_next_sentence_claims_the_quote_ending_this_one():
    text = 'Her answer was "a disaster." She said it twice.'
    r, scare, _ = scored(text)
    assert scare == [False]
    assert voices(r) == [(18, 26, "disaster", "quoted")]
    # Her answer was (3) authorial, "a disaster." (2) quoted, She said (2) authorial, it twice (2)
    # reported
    assert (r.words, r.authorial_words, r.quoted_words, r.reported_words) == (9, 5, 2, 2)
    # ... but not when the quotation does not end its sentence, nor across a paragraph
    for other in ('Her answer was "a disaster" for us. She said it twice.',
                  'Her answer was "a disaster."\n\nShe said it twice.'):
        assert scored(other)[1] == [True], other


def test_a_nested_quotation_is_one_quotation():
    # the single marks inside the double ones: one quotation of 2 words, spoken by no one
    text = "The \u201c\u2018sham\u2019 audit\u201d of the county is finally over."
    r, scare, _ = scored(text)
    assert [(q.start, q.end, q.words) for q in r.quotes] == [(4, 18, 2)]
    assert scare == [True]
    assert voices(r) == [(6, 10, "sham", "authorial")]
    assert (r.words, r.authorial_words, r.quoted_words) == (9, 9, 0)
    # a nested quotation inside a long attributed one stays quoted
    text = "\u201cIt was a \u2018sham\u2019 from the very start,\u201d Lee said."
    r, scare, _ = scored(text)
    assert scare == [False] and all(v == "quoted" for *_, v in voices(r))


def test_a_quotation_inside_reported_speech_stays_quoted():
    text = 'Lee said the board ran a "sham" audit.'
    r, scare, _ = scored(text)
    assert scare == [False]
    assert voices(r) == [(26, 30, "sham", "quoted")]
    # Lee said (2) authorial; the board ran a ... audit (5) reported; "sham" (1) quoted
    assert (r.words, r.authorial_words, r.quoted_words, r.reported_words) == (8, 2, 1, 5)
    assert [s.voice for s in r.sentences] == ["reported"]


def test_a_long_quotation_is_never_a_scare_quote():
    text = 'The board approved "a sham audit of the county" on Tuesday.'
    r, scare, _ = scored(text)
    assert scare == [False] and r.attribution["direct_quotes"] == 1
    assert voices(r) == [(22, 26, "sham", "quoted")]


def test_one_setting_for_direct_quotes_and_scare_quotes():
    # attribution.min_quote_words decides both: at 2, a two-word quotation is a direct quote and
    # no scare quote; a one-word one (in a sentence of its own: beside speech it would be that
    # speech's) still is
    config = load_config()
    config["attribution"] = {**config["attribution"], "min_quote_words": 2}
    two = framing.Scorer(profile="rules", config=config)
    text = 'The board approved a "sham audit" on Tuesday. It was a "farce" all along.'
    res, _ = two._native(text)
    assert res.scare_quotes() == [False, True]
    assert two.score(text).attribution["direct_quotes"] == 1
    res, _ = SCORER._native(text)
    assert res.scare_quotes() == [True, True]
    assert SCORER.score(text).attribution["direct_quotes"] == 0


def test_a_caller_overlap_policy_sees_the_same_voices():
    from framing.scoring.matching import longest_per_category

    policy = framing.Scorer(profile="rules", overlap=lambda c: longest_per_category(c))
    text = 'The board approved a "sham" audit. Trump called the deal "a disaster" on Tuesday.'
    assert policy.score(text).to_dict() == SCORER.score(text).to_dict()


def test_seed_quotes_stay_quoted(seeds, seed_scores):
    # the seed story's "routinely cheats" and "weaponized" are Moolenaar's: quoted, not scare
    text = seeds["000"].read_text(encoding="utf-8")
    res, _ = SCORER._native(text)
    quotes = res.segmentation()[2]
    for phrase in ("routinely cheats", "weaponized"):
        at = text.index(phrase)
        (flag,) = [f for (s, e, _), f in zip(quotes, res.scare_quotes()) if s <= at < e]
        assert not flag, phrase


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_scare_quotes_are_short_and_hold_only_authorial_words(text):
    r, scare, voice = scored(text)
    res, _ = SCORER._native(text)
    quotes = res.segmentation()[2]
    assert len(scare) == len(quotes)
    for (s, e, n), flag in zip(quotes, scare):
        if flag:
            assert n < 4
            assert not any(voice.quoted_at(p) for p in range(s, e))
            assert all(m.voice != "quoted" for m in r.matches if s <= m.start and m.end <= e)
    # the engine's Voice is the counts' own: a match is quoted exactly when the Voice says so
    for m in r.matches:
        assert (m.voice == "quoted") == (voice.of_span(m.start, m.end) == "quoted")
    assert r.authorial_words + r.quoted_words + r.reported_words == r.words
