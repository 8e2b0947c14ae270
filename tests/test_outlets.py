"""framing.outlets: measures, within-story differences, bootstrap intervals, pairs, summary sentences,
story grouping, error rows. Every number here is computed by hand in the comments."""
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import framing
from framing.comparison.outlets import (LEAD_MEASURES, Outlets, OutletsError, StoryGrouper, interval, measure_sentence,
                             measures_of, parse_date, within_story)

# Three invented events, each told by three outlets; the Herald editorializes in its own voice.
EVENTS = {
    "bridge": ("2024-03-04", [
        "The Kelsworth river bridge closed on Monday after engineers found cracks in two steel girders. "
        "Transport director Mira Oduya said repairs to the Kelsworth crossing would take six weeks. "
        "Ferries will carry commuters across the river while the girders are replaced.",
        "Engineers shut the Kelsworth river bridge on Monday when cracks appeared in steel girders. "
        "Mira Oduya, the transport director, said the crossing would reopen in six weeks. "
        "Extra ferries will run across the river for commuters during the girder repairs.",
        "The shameless neglect of the Kelsworth river bridge finally closed it on Monday, as cracks split "
        "two steel girders. Transport director Mira Oduya admitted the disastrous crossing needs six weeks "
        "of repairs. Stranded commuters must take ferries across the river.",
    ]),
    "orchard": ("2024-05-20", [
        "A late frost destroyed most apple blossoms in the Pellham valley orchards this week, growers said. "
        "Farmer Tobias Renk estimated the harvest would fall by half. The valley cooperative asked the "
        "province for frost relief payments.",
        "Pellham valley apple growers lost most blossoms to a late frost this week. Tobias Renk, who farms "
        "forty hectares, expects half the usual harvest. The orchard cooperative has requested frost relief "
        "from the province.",
        "A brutal frost ravaged the Pellham valley orchards this week, wiping out apple blossoms in a "
        "catastrophe for growers. Farmer Tobias Renk fears a harvest halved. The cooperative begged the "
        "province for frost relief.",
    ]),
    "library": ("2024-09-09", [
        "The Dunmore public library reopened on Saturday after a two-year renovation of its reading rooms. "
        "Librarian Ines Valcourt said membership applications doubled in the first weekend. The renovated "
        "library added a children's wing and a digital archive.",
        "After two years of renovation, the Dunmore public library opened its doors again on Saturday. "
        "Ines Valcourt, the head librarian, said new membership applications doubled. A children's wing "
        "and a digital archive are part of the renovated library.",
        "The lavish Dunmore library finally reopened on Saturday after an outrageous two-year renovation of "
        "its reading rooms. Librarian Ines Valcourt boasted that membership applications doubled. The "
        "library now has a children's wing and a digital archive.",
    ]),
}
OUTLETS = ("Courier", "Gazette", "Herald")


def event_records() -> list[dict]:
    recs = []
    for story, (date, texts) in EVENTS.items():
        for outlet, text in zip(OUTLETS, texts):
            recs.append({"id": f"{story}-{outlet}", "source": outlet, "story": story, "date": date, "text": text})
    return recs


# ---------------------------------------------------------------------------------------------
# Measures of one article


def test_measures_of_a_row_by_hand():
    row = {"words": 800, "authorial_words": 500, "reported_words": 200,
           "loaded_language.authorial.per_1000_words": 2.5,
           "attribution.named": 3, "attribution.anonymous": 1, "attribution.vague": 3,
           "attribution.named_per_1000_words": 6.0, "attribution.unnamed_per_1000_words": 8.0,
           "attribution.direct_quotes": 4, "attribution.quoted_word_share": 0.375, "index": 1.25,
           "schema_version": 2}
    m = measures_of(row)
    assert m["loaded_language"] == 2.5
    assert m["named_per_1000_words"] == 6.0            # the scorer's rate, as flattened
    assert m["unnamed_per_1000_words"] == 8.0
    assert m["anonymous_per_1000_words"] == 2.0        # 8.0 * 1 / (1 + 3)
    assert m["vague_per_1000_words"] == 6.0            # 8.0 * 3 / (1 + 3)
    assert m["direct_quotes_per_1000_words"] == 5.0    # 4 * 1000 / 800 words in all
    assert m["quoted_word_share"] == 0.375
    assert m["reported_word_share"] == 0.25            # 200 / 800
    assert m["editorializing_index"] == 1.25
    full = measures_of({**row, "classifier.biased.share_above": 0.5, "classifier.biased.mean": 0.4,
                        "sentiment.mean": -0.2})
    assert (full["classifier_biased_share"], full["sentiment_mean"]) == (0.5, -0.2)
    assert list(full)[-1] == "editorializing_index"  # the composite comes last


def test_rows_from_an_older_framing_are_refused_with_one_line():
    row = {"words": 800, "authorial_words": 500, "reported_words": 0, "attribution.named": 3,
           "attribution.anonymous": 1, "attribution.vague": 1, "attribution.direct_quotes": 4,
           "attribution.quoted_word_share": 0.1}
    with pytest.raises(ValueError, match="^its scores have no 'attribution.named_per_1000_words'"):
        measures_of(row)
    with pytest.raises(ValueError, match="^scored under schema 1; this framing writes schema 3"):
        measures_of({**row, "schema_version": 1})


def test_flatten_carries_the_scorers_sourcing_rates():
    from framing.results import flatten

    text = ("The council met on Tuesday to vote on the budget. Mayor Ann Brandt said the reckless plan would "
            "ruin the town. Officials said the vote was close. The budget passed by two votes.")
    r = framing.score(text, profile="rules")
    row = flatten(r)
    # 33 words; "the reckless plan would ruin the town" and "the vote was close" are reported speech (11)
    assert (r.words, r.reported_words, r.authorial_words) == (33, 11, 22)
    assert row["attribution.named"] == 1 and row["attribution.anonymous"] == 1
    assert row["attribution.named_per_1000_words"] == 45.455    # 1 * 1000 / 22, to three decimals
    assert row["attribution.unnamed_per_1000_words"] == 45.455  # "Officials said": 1 * 1000 / 22
    m = measures_of(row)
    assert m["named_per_1000_words"] == 45.455 and m["anonymous_per_1000_words"] == 45.455
    # "reckless" is Brandt's (reported speech), not the author's: no loaded language in its own voice
    assert row["loaded_language.reported.count"] == 1 and m["loaded_language"] == 0.0
    assert row["reported_words"] == 11 and m["reported_word_share"] == 11 / 33


def test_loaded_words_in_reported_speech_are_not_the_outlets():
    """Two outlets on two stories: Herald's loaded words are all inside what a source is reported to
    have said, so its authorial loaded-language rate is the same as the Courier's (zero)."""
    plain = "The Kelsworth bridge closed on Monday. Director Mira Oduya said repairs would take six weeks."
    loaded = "The Kelsworth bridge closed on Monday. Director Mira Oduya said the shameless neglect was a disaster."
    recs = [{"id": f"{s}-{o}", "source": o, "story": s, "text": t}
            for s in ("s1", "s2") for o, t in (("Courier", plain), ("Herald", loaded))]
    r = framing.outlets(recs, story_field="story", n_boot=50)
    m = r.outlet("Herald").measures["loaded_language"]
    assert (m["mean"], m["others_mean"], m["difference"]) == (0.0, 0.0, 0.0)


def test_module_and_function_names_do_not_clash():
    import importlib
    import importlib.util

    assert callable(framing.outlets) and not isinstance(framing.outlets, type(framing))
    assert importlib.util.find_spec("framing.outlets") is None
    module = importlib.import_module("framing.comparison.outlets")
    assert module.Outlets is Outlets and callable(framing.outlets)  # importing it left the function in place


# ---------------------------------------------------------------------------------------------
# Within-story differences, counts, intervals


def small_case(min_stories=2, **kw):
    """s1: A has two articles (3 and 5, mean 4), B 2, C 0; s2: A 1, B 3; s3: C alone (a singleton)."""
    arts = [("a1", "A", "s1", {"x": 3.0}), ("a2", "A", "s1", {"x": 5.0}), ("b1", "B", "s1", {"x": 2.0}),
            ("c1", "C", "s1", {"x": 0.0}), ("a3", "A", "s2", {"x": 1.0}), ("b2", "B", "s2", {"x": 3.0}),
            ("c2", "C", "s3", {"x": 7.0})]
    return within_story(arts, ("x",), min_stories=min_stories, n_boot=4000, **kw)


def test_differences_and_counts_by_hand():
    r = small_case()
    a, b, c = (r.outlet(s) for s in "ABC")
    # A: s1 4 - (2 + 0) / 2 = 3; s2 1 - 3 = -2; mean difference 0.5; own mean (4 + 1) / 2; others (1 + 3) / 2
    assert a.measures["x"]["difference"] == 0.5
    assert a.measures["x"]["mean"] == 2.5 and a.measures["x"]["others_mean"] == 2.0
    assert (a.stories, a.articles, a.singleton_articles, a.reliable) == (2, 3, 0, True)
    # B: s1 2 - (4 + 0) / 2 = 0; s2 3 - 1 = 2; mean 1
    assert b.measures["x"]["difference"] == 1.0
    # C: s1 0 - (4 + 2) / 2 = -3, one story: no interval (None, not the point twice), unreliable even with
    # min_stories=1; its s3 article is a singleton
    assert c.measures["x"] == {"mean": 0.0, "others_mean": 3.0, "difference": -3.0, "ci_low": None, "ci_high": None}
    assert small_case(min_stories=1).outlet("C").reliable is False
    assert (c.stories, c.articles, c.singleton_articles, c.reliable) == (1, 1, 1, False)
    assert [s.story for s in r.stories] == ["s1", "s2"] and r.singletons == ("c2",)
    assert r.stories[0].articles == ("a1", "a2", "b1", "c1") and r.stories[0].sources == ("A", "B", "C")


def test_bootstrap_interval_of_two_stories_by_hand():
    # A's differences {3, -2}: resampled means are -2 (1/4), 0.5 (1/2), 3 (1/4); 2.5% and 97.5% -> -2 and 3
    a = small_case().outlet("A").measures["x"]
    assert (a["ci_low"], a["ci_high"]) == (-2.0, 3.0)


def test_bootstrap_interval_tiny_seeded_case():
    # {0, 0, 3}: resampled means 0 (8/27 = .296), 1 (12/27, cumulative .741), 2 (6/27, .963), 3 (1/27).
    # An 80% interval takes the 10% and 90% quantiles: 0 and 2.
    vals = np.array([[0.0], [0.0], [3.0]])
    mean, low, high = interval(vals, n_boot=20000, confidence=0.8, rng=np.random.default_rng(3))
    assert (mean[0], low[0], high[0]) == (1.0, 0.0, 2.0)


def test_pair_over_shared_stories_by_hand():
    r = small_case()
    p = r.pair("A", "B")
    # s1: 4 - 2 = 2; s2: 1 - 3 = -2; mean 0, interval [-2, 2] (each extreme has probability 1/4)
    assert p.stories == 2 and p.measures["x"] == {"a_mean": 2.5, "b_mean": 2.5, "difference": 0.0,
                                                  "ci_low": -2.0, "ci_high": 2.0}
    assert r.pair("A", "C").stories == 1 and r.pair("A", "C").reliable is False
    assert (r.pair("A", "C").measures["x"]["ci_low"], r.pair("A", "C").measures["x"]["ci_high"]) == (None, None)
    with pytest.raises(KeyError, match="no outlet named 'Z'"):
        r.pair("A", "Z")


def test_same_seed_same_report_and_seed_is_used():
    assert small_case(seed=5).to_dict() == small_case(seed=5).to_dict()
    arts = [(f"{s}{i}", s, f"t{i}", {"x": math.sin(i * 1.7 + ord(s) * 0.3) * (i + 1)}) for i in range(12) for s in "AB"]
    r1, r2 = (within_story(arts, ("x",), seed=s, n_boot=200) for s in (1, 2))
    assert r1.outlet("A").measures["x"]["difference"] == r2.outlet("A").measures["x"]["difference"]
    assert r1.outlet("A").measures["x"] != r2.outlet("A").measures["x"]  # the intervals come from the seed


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABCD"), st.integers(0, 5),
                          st.floats(-50, 50, allow_nan=False, allow_infinity=False)), min_size=2, max_size=30),
       st.integers(0, 2**31))
def test_every_difference_lies_inside_its_interval(rows, seed):
    arts = [(f"id{i}", src, f"s{story}", {"x": v}) for i, (src, story, v) in enumerate(rows)]
    try:
        r = within_story(arts, ("x",), seed=seed, n_boot=300)
    except OutletsError:  # no story with two outlets: a clear error, nothing to check
        return
    for o in r.outlets:
        for m in o.measures.values():
            assert (m["ci_low"] is None) == (o.stories < 2) == (m["ci_high"] is None)
            assert o.stories < 2 or m["ci_low"] <= m["difference"] <= m["ci_high"]
    for p in r.pairs:
        for m in p.measures.values():
            assert (m["ci_low"] is None) == (p.stories < 2) == (m["ci_high"] is None)
            assert p.stories < 2 or m["ci_low"] <= m["difference"] <= m["ci_high"]
    assert within_story(arts, ("x",), seed=seed, n_boot=300).to_dict() == r.to_dict()


def test_no_story_with_two_outlets_is_a_clear_error():
    with pytest.raises(OutletsError, match="no story is reported by two outlets"):
        within_story([("a", "A", "s1", {"x": 1.0}), ("b", "B", "s2", {"x": 2.0})], ("x",))


# ---------------------------------------------------------------------------------------------
# Summary sentences


# (subject, measure, difference, interval, stories, confidence, against) -> the sentence, written by hand.
# A rate per 1,000 words counts things: "more" / "fewer"; a share: percentage points "higher" / "lower".
SENTENCES = [
    (("HuffPost", "loaded_language", 0.8, (0.3, 1.3), 100, 0.95, "the other outlets"),
     "On the same stories, HuffPost uses loaded language in its own voice 0.8 more times per 1,000 words "
     "than the other outlets (95% interval 0.3 to 1.3 more, 100 stories)."),
    (("NYT", "named_per_1000_words", -4.75, (-6.5, -3.0), 55, 0.95, "the other outlets"),
     "On the same stories, NYT cites 4.8 fewer named sources per 1,000 words than the other outlets "
     "(95% interval 3.0 to 6.5 fewer, 55 stories)."),
    (("nyt", "hedging", -1.82, (-3.57, -0.06), 55, 0.95, "the other outlets"),
     "On the same stories, nyt uses hedging in its own voice 1.8 fewer times per 1,000 words than the "
     "other outlets (95% interval 0.1 to 3.6 fewer, 55 stories)."),
    (("nyt", "direct_quotes_per_1000_words", -2.05, (-3.7, -0.5), 55, 0.95, "the other outlets"),
     "On the same stories, nyt carries 2.1 fewer direct quotes per 1,000 words than the other outlets "
     "(95% interval 0.5 to 3.7 fewer, 55 stories)."),
    (("Herald", "classifier_biased_share", 0.2, (0.05, 0.35), 12, 0.9, "the other outlets"),
     "On the same stories, the share of Herald's own sentences above the 'biased' classifier's threshold is "
     "20.0 percentage points higher than the other outlets' (90% interval 5.0 to 35.0 points higher, 12 stories)."),
    (("nyt", "quoted_word_share", -0.098, (-0.126, -0.071), 55, 0.95, "the other outlet"),
     "On the same stories, the share of nyt's words in quotation is 9.8 percentage points lower than the "
     "other outlet's (95% interval 7.1 to 12.6 points lower, 55 stories)."),
]


@pytest.mark.parametrize("case,expected", SENTENCES)
def test_summary_sentences_by_hand(case, expected):
    subject, name, diff, (low, high), stories, confidence, against = case
    m = {"difference": diff, "ci_low": low, "ci_high": high}
    assert measure_sentence(subject, name, m, stories, confidence, against) == expected


@pytest.mark.parametrize("name", ["loaded_language", "hedging", "named_per_1000_words", "unnamed_per_1000_words",
                                  "anonymous_per_1000_words", "vague_per_1000_words", "direct_quotes_per_1000_words",
                                  "quoted_word_share", "reported_word_share", "classifier_biased_share",
                                  "sentiment_mean", "editorializing_index"])
def test_no_measure_reads_less(name):
    for diff in (-1.5, 1.5):
        s = measure_sentence("X", name, {"difference": diff, "ci_low": diff - 1, "ci_high": diff + 1}, 20, 0.95,
                             "the other outlets")
        assert " less " not in s and " less." not in s
        assert ("fewer" in s or "lower" in s) if diff < 0 else ("more" in s or "higher" in s)


def test_summary_names_only_clear_differences():
    r = small_case()  # every interval of A and B includes zero; C has one story (below min_stories=2)
    assert "No outlet clearly differs" not in " ".join(r.summary)  # x is not a lead measure
    assert not any(s.startswith("On the same stories, C ") for s in r.summary)  # unreliable: named once, below
    assert r.summary[-1] == ("C: no interval: 1 story shared with another outlet (fewer than 2), too few to rely "
                             "on; its differences are in the table, not summarised here.")


# ---------------------------------------------------------------------------------------------
# The whole run on articles we wrote


def test_story_field_reproduces_the_given_groups_exactly():
    recs = event_records()
    recs.append({"id": "lone", "source": "Courier", "story": "solo", "text": "A short note on the weather today."})
    r = framing.outlets(recs, story_field="story", n_boot=200)
    assert {s.story: set(s.articles) for s in r.stories} == {
        story: {f"{story}-{o}" for o in OUTLETS} for story in EVENTS}
    assert r.singletons == ("lone",)
    assert set(LEAD_MEASURES) <= set(r.measures)
    herald = r.outlet("Herald").measures["loaded_language"]
    assert herald["difference"] > 0 and herald["mean"] > herald["others_mean"]


def test_automatic_grouping_finds_the_events_and_respects_dates():
    recs = event_records()
    r = framing.outlets([{k: v for k, v in x.items() if k != "story"} for x in recs], n_boot=200)
    assert sorted(sorted(s.articles) for s in r.stories) == sorted(
        sorted(f"{story}-{o}" for o in OUTLETS) for story in EVENTS)
    assert r.grouping["method"] == "tfidf-cosine" and r.grouping["window_days"] == 3
    texts = [t for _, ts in EVENTS.values() for t in ts]
    same_day = ["2024-01-01"] * len(texts)
    bridge_late = ["2024-01-20"] * 3 + ["2024-01-01"] * 6  # the bridge reports 19 days after the rest
    assert len(set(StoryGrouper().fit_predict(texts, same_day).tolist())) == 3
    labels = StoryGrouper(window_days=0).fit_predict(texts[:2] + texts[3:], ["2024-01-01", "2024-01-05"] + same_day[3:])
    assert labels[0] != labels[1]  # the same event four days apart is two stories with a 0-day window
    assert len(set(StoryGrouper().fit_predict(texts, bridge_late).tolist())) == 3


def test_candidate_pairs_are_bounded_not_all_pairs():
    texts = [t for _, ts in EVENTS.values() for t in ts] * 4
    g = StoryGrouper(neighbours=2)
    terms = g.terms(texts)
    model = g.fit_vocabulary(g.document_frequencies(terms), len(terms))
    P = g.index_rows(g.transform(terms, model), model.df)
    rows, cols = g.candidates(P, P)
    assert len(rows) == len(texts) * 2 and (rows < cols).all()  # each article's 2 best, never all pairs
    # a partition of the rows finds the same pairs as the whole corpus (the Dask grouping's premise)
    parts = [g.candidates(P[a:a + 7], P, a) for a in range(0, len(texts), 7)]
    assert sorted(zip(rows.tolist(), cols.tolist())) == sorted(
        (int(x), int(y)) for r, c in parts for x, y in zip(r, c))


def test_error_rows_are_counted_and_the_run_goes_on():
    recs = event_records() + [{"id": "nosrc", "text": "Some text."}, {"id": "notext", "source": "Herald"},
                              {"id": "blank", "source": "Gazette", "text": "  "},
                              {"id": "bad", "error": "x.jsonl:9: not JSON"}]
    r = framing.outlets(recs, story_field="story", n_boot=100)
    assert {e["id"]: e["error"] for e in r.errors} == {
        "nosrc": "no source (field 'source' missing or empty)", "notext": "no text", "blank": "no text",
        "bad": "x.jsonl:9: not JSON"}
    assert len(r.stories) == 3


def test_fewer_than_two_outlets_is_one_clear_error():
    recs = [r for r in event_records() if r["source"] == "Herald"]
    with pytest.raises(OutletsError, match=r"need articles from at least two outlets to compare; found 1 \(Herald\)"):
        framing.outlets(recs, story_field="story")


def test_bad_parameters_are_clear_errors():
    with pytest.raises(OutletsError, match="confidence"):
        Outlets(confidence=1.5).run(event_records())
    with pytest.raises(OutletsError, match="grouping threshold"):
        StoryGrouper(threshold=0).fit_predict(["a b c"], None)


def test_parse_date():
    assert parse_date("2019-01-04T10:00:00Z") == parse_date("2019-01-04") != parse_date("2019-01-05")
    assert parse_date("yesterday") is None and parse_date(None) is None


def test_json_contract():
    r = framing.outlets(event_records(), story_field="story", n_boot=100)
    d = json.loads(json.dumps(r.to_dict()))
    assert d["schema_version"] == 2
    assert set(d["stories"][0]) == {"story", "articles", "sources"}
    o = d["outlets"][0]
    assert {"source", "articles", "stories", "reliable", "measures"} <= set(o)
    for name in LEAD_MEASURES:
        assert {"mean", "difference", "ci_low", "ci_high"} <= set(o["measures"][name])
    assert isinstance(d["singletons"], list) and all(isinstance(s, str) for s in d["summary"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from(["s1", "s2", "s3", "s4"])), min_size=2, max_size=25))
def test_given_stories_are_kept_exactly(rows):
    arts = [(f"id{i}", src, story, {"x": float(i)}) for i, (src, story) in enumerate(rows)]
    try:
        r = within_story(arts, ("x",), n_boot=50)
    except OutletsError:
        return
    given_groups = {}
    for rid, src, story, _ in arts:
        given_groups.setdefault(story, []).append((rid, src))
    multi = {k: tuple(i for i, _ in v) for k, v in given_groups.items() if len({s for _, s in v}) > 1}
    assert {s.story: s.articles for s in r.stories} == multi
    assert sorted(r.singletons) == sorted(i for k, v in given_groups.items() if k not in multi for i, _ in v)
    for o in r.outlets:  # counts add up: every article of an outlet is compared or a singleton
        assert o.articles + o.singleton_articles == sum(1 for _, s, _, _ in arts if s == o.source)


def test_rows_scored_by_framing_corpus_give_the_same_report():
    from framing.comparison.corpus import score_partition

    recs = event_records()
    rows = list(score_partition([{"id": r["id"], "text": r["text"]} for r in recs], profile="rules"))
    scored = [{**row, "source": r["source"], "story": r["story"]} for row, r in zip(rows, recs)]
    a = framing.outlets(recs, story_field="story", n_boot=100)
    b = framing.outlets(scored, story_field="story", n_boot=100)
    assert a.outlets == b.outlets
    with pytest.raises(OutletsError, match="found 0 .* 9 records could not be used .first: scores without text"):
        framing.outlets(scored, n_boot=100)


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(9)))
def test_grouping_does_not_depend_on_input_order(order):
    texts = [t for _, ts in EVENTS.values() for t in ts]
    dates = [d for d, ts in EVENTS.values() for _ in ts]
    labels = StoryGrouper().fit_predict([texts[i] for i in order], [dates[i] for i in order])
    groups = {}
    for pos, i in enumerate(order):
        groups.setdefault(int(labels[pos]), set()).add(i // 3)  # the event of text i
    assert sorted(map(sorted, groups.values())) == [[0], [1], [2]]
    assert labels[0] == 0  # stories numbered by first appearance


def test_any_executor_scores_the_same():
    import concurrent.futures as cf

    with cf.ThreadPoolExecutor(2) as pool:
        on_pool = Outlets(story_field="story", n_boot=100, executor=pool, chunk_articles=2).run(event_records())
    assert on_pool.outlets == framing.outlets(event_records(), story_field="story", n_boot=100).outlets


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=0, max_size=12),
       st.lists(st.one_of(st.none(), st.dates().map(str), st.text(max_size=12)), max_size=12))
def test_grouping_any_unicode_text_and_dates(texts, dates):
    dates = (dates + [None] * len(texts))[:len(texts)]
    labels = StoryGrouper().fit_predict(texts, dates)
    assert len(labels) == len(texts)
    if len(texts):
        assert labels[0] == 0 and sorted(set(labels.tolist())) == list(range(max(labels) + 1))
    assert (StoryGrouper().fit_predict(texts, dates) == labels).all()


def test_min_words_leaves_short_articles_out():
    recs = event_records() + [{"id": "brief", "source": "Herald", "story": "bridge", "date": "2024-03-04",
                               "text": "The shameless bridge closed."}]
    r = framing.outlets(recs, story_field="story", n_boot=50, min_words=20)
    assert [e["id"] for e in r.errors] == ["brief"]
    assert r.errors[0]["error"] == "only 4 words in the author's own voice (fewer than min_words=20); left out"
    assert r.outlet("Herald").articles == 3
    assert framing.outlets(recs, story_field="story", n_boot=50).outlet("Herald").articles == 4


def test_story_detail_by_hand():
    d = small_case().story_detail()
    # s1: A 4 (mean of 3 and 5) against (2 + 0) / 2 -> +3; B 2 - (4 + 0) / 2 = 0; C 0 - 3 = -3
    assert {s: v["x"] for s, v in d["s1"].items()} == {"A": {"value": 4.0, "difference": 3.0},
                                                      "B": {"value": 2.0, "difference": 0.0},
                                                      "C": {"value": 0.0, "difference": -3.0}}
    assert set(d) == {"s1", "s2"}  # s3 is a singleton
    assert "story_detail" not in small_case().to_dict() and small_case().to_dict(story_detail=True)["story_detail"] == d


def test_a_corpus_path_is_read_as_framing_corpus_reads_it(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in event_records()) + "not json\n", encoding="utf-8")
    r = framing.outlets(path, story_field="story", n_boot=50)
    assert len(r.stories) == 3
    assert r.errors == ({"id": "line:10", "error": f"{path}:10: not JSON (Expecting value at column 1)"},)


def test_dates_that_are_not_iso_dates_are_counted_not_silently_dropped():
    """A date field holding 'Sept 12 2016' or 'garbage' cannot be read: those articles are grouped
    without a date window, as before, but the grouping says how many and the first one (it did not)."""
    from framing.report.outlets import render

    recs = [{k: v for k, v in x.items() if k != "story"} for x in event_records()]
    recs[0]["date"], recs[4]["date"], recs[5]["date"] = "garbage", "Sept 12 2016", ""  # "": no date, not unread
    r = framing.outlets(recs, n_boot=200)
    assert r.grouping["dates_not_read"] == {"count": 2, "first": "garbage"}
    assert "2 dates not read as an ISO date (first 'garbage'), grouped without it" in render(r, "text")
    clean = framing.outlets([{k: v for k, v in x.items() if k != "story"} for x in event_records()], n_boot=200)
    assert "dates_not_read" not in clean.grouping
