"""Inline suppression (USERS.md item 6): <!-- framing off --> ... <!-- framing on --> markers in
the text silence matches in the engine's one pass, so counts, rates, the index, corpus rows and
the JSON agree; markers are not article text; a bad marker is one warning, never a traceback."""
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing.cli.main import main
from framing.packs import PackError, check_config, load_config

OFF, ON = "<!-- framing off -->", "<!-- framing on -->"
# three sentences, one 'reckless' (loaded_language.emotive-evaluative) each: 13 words
PLAIN = "The reckless mayor spoke today.\nThe reckless council met.\nThe reckless board voted.\n"
MARKED = f"The reckless mayor spoke today.\n{OFF}\nThe reckless council met.\n{ON}\nThe reckless board voted.\n"


@pytest.fixture(scope="module")
def scorer():
    return framing.Scorer(profile="rules")


def _spans_exact(text: str, d: dict) -> None:
    for group in ("matches", "sentences", "quotes", "excluded"):
        for x in d[group]:
            assert text[x["start"]:x["end"]] == x["text"], (group, x)
    for a in d["attributions"]:
        for key in ("source", "cue", "content", "name_span"):
            if a.get(key):
                assert text[a[key]["start"]:a[key]["end"]] == a[key]["text"]
    for m in d.get("suppressed", {}).get("markers", ()):
        assert text[m["start"]:m["end"]] == m["text"]


def test_counts_and_rates_by_hand(scorer):
    before = scorer.score_data(PLAIN)
    assert (before["words"], before["categories"]["loaded_language"]["authorial"]["count"]) == (13, 3)
    d = scorer.score_data(MARKED)
    # the markers are no words and no sentences: 13 words, 3 sentences; one of 3 matches dropped
    assert d["words"] == 13 and len(d["sentences"]) == 3
    auth = d["categories"]["loaded_language"]["authorial"]
    assert auth["count"] == 2
    assert auth["per_1000_words"] == pytest.approx(2 / 13 * 1000, abs=1e-3)  # 153.846
    assert auth["sentence_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert d["index"] == pytest.approx(153.846, abs=1e-3)  # loaded_language's weight is 1.0
    assert [m["text"] for m in d["matches"]] == ["reckless", "reckless"]
    assert MARKED.index("mayor") > d["matches"][0]["start"] and d["matches"][1]["start"] > MARKED.index(ON)
    start, end = MARKED.index(OFF) + len(OFF), MARKED.index(ON)
    assert d["suppressed"]["regions"] == [{"start": start, "end": end, "rules": None, "matches": 1}]
    assert [m["text"] for m in d["suppressed"]["markers"]] == [OFF, ON]
    assert d["suppressed"]["warnings"] == []
    _spans_exact(MARKED, d)


def test_corpus_row_summary_and_score_agree(scorer):
    d = scorer.score_data(MARKED)
    row = scorer.row(MARKED)
    assert row["loaded_language.authorial.count"] == 2 and row["words"] == 13
    assert row["index"] == d["index"]
    assert scorer.summary(MARKED).categories == d["categories"]
    assert scorer.score(MARKED).to_dict() == d


def test_full_profile_counts_the_same():
    full = framing.Scorer(classifiers=False).score_data(MARKED)
    assert full["categories"]["loaded_language"]["authorial"]["count"] == 2
    assert full["suppressed"]["regions"][0]["matches"] == 1


@pytest.mark.parametrize("name", ["loaded_language", "category:loaded_language",
                                  "loaded_language.emotive-evaluative", "emotive-evaluative",
                                  "pack:loaded_language"])
def test_names_rule_id_rule_name_category_pack(scorer, name):
    text = (f"The reckless mayor may resign.\n<!-- framing off: {name} -->\nThe reckless council may fold.\n"
            f"<!-- framing on: {name} -->\nThe reckless board may vote.\n")
    d = scorer.score_data(text)
    # the region silences loaded language only: hedging's 'may' stays in all three sentences
    assert [m["text"] for m in d["matches"] if m["category"] == "loaded_language"] == ["reckless", "reckless"]
    assert sum(m["category"] == "hedging" for m in d["matches"]) == 3
    assert d["suppressed"]["regions"][0]["rules"] == [name]
    assert d["suppressed"]["regions"][0]["matches"] == 1
    _spans_exact(text, d)


def test_two_names_one_region_then_one_back_on(scorer):
    text = ("<!-- framing off: loaded_language, hedging -->The reckless mayor may resign.\n"
            "<!-- framing on: hedging -->The reckless council may fold.\n")
    d = scorer.score_data(text)
    assert [(m["category"], m["text"]) for m in d["matches"]] == [("hedging", "may")]
    regions = d["suppressed"]["regions"]
    # loaded_language runs to the end (left open), hedging to its on-marker
    assert [(r["rules"], r["matches"], r["end"]) for r in regions] == [
        (["loaded_language"], 2, len(text)), (["hedging"], 1, text.index("<!-- framing on"))]


def test_unnamed_sourcing_dropped_before_attribution_counts(scorer):
    text = "Critics say the mayor may resign.\n"
    assert scorer.score_data(text)["attribution"]["vague"] == 1
    d = scorer.score_data("<!-- framing off: sourcing -->\n" + text)
    assert [m["text"] for m in d["matches"]] == ["may"]
    assert d["attribution"]["vague"] == 0
    assert d["categories"]["sourcing"]["authorial"]["count"] == 0


def test_inline_marker_inside_a_sentence(scorer):
    text = f"The {OFF}reckless{ON} mayor and the reckless council met today.\n"
    d = scorer.score_data(text)
    assert [m["start"] for m in d["matches"]] == [text.rindex("reckless")]
    assert d["words"] == 9 and len(d["sentences"]) == 1
    _spans_exact(text, d)


def test_warnings_have_line_column_and_no_traceback(scorer):
    text = "First line.\nThe reckless plan <!-- framing off: loaded.smeer -->failed.\n<!-- framing offf -->\n"
    d = scorer.score_data(text)
    got = [(w["line"], w["column"], w["message"]) for w in d["suppressed"]["warnings"]]
    assert got[0] == (2, 19, "no rule or category named 'loaded.smeer'")
    assert got[1][:2] == (3, 1) and got[1][2].startswith("malformed marker")
    assert d["suppressed"]["regions"] == []  # nothing silenced by a bad marker
    assert d["categories"]["loaded_language"]["authorial"]["count"] == 1
    assert d["words"] == 6  # both markers are still no article text


def test_turned_off_markers_are_text():
    for scorer in (framing.Scorer(profile="rules", inline_markers=False),
                   framing.Scorer(profile="rules", config={**load_config(),
                                                           "suppression": {"inline_markers": False}})):
        d = scorer.score_data(MARKED)
        assert "suppressed" not in d
        assert d["categories"]["loaded_language"]["authorial"]["count"] == 3
        assert d["words"] > 13  # the markers' words count as the article's


def test_setting_validated():
    check_config({"suppression": {"inline_markers": False}})
    with pytest.raises(PackError, match="inline_markers must be bool"):
        check_config({"suppression": {"inline_markers": "no"}})
    with pytest.raises(TypeError, match="inline_markers"):
        framing.Scorer(inline_markers="yes").score_data("x")


def test_no_marker_no_key(scorer):
    d = scorer.score_data("A plain <!-- editor's note --> text with a reckless plan.")
    assert "suppressed" not in d
    assert "suppressed" not in scorer.score("A reckless plan.").to_dict()


# text with no framing marker (other HTML comments, '<!--' alone, the keyword) scores exactly as
# with markers turned off, which never looks for them
PIECES = st.sampled_from(["<!--", "-->", "<!-- note -->", "framing", " off ", "<!-- framingoff -->",
                          "The reckless plan may fail.", "\n", "\n\n", '"', "critics say"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=12).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_text_without_markers_scores_as_before(text):
    on = framing.Scorer(profile="rules").score_data(text)
    off = framing.Scorer(profile="rules", inline_markers=False).score_data(text)
    assert on == off and "suppressed" not in on


MARKER_TEXTS = st.lists(st.one_of(PIECES, st.sampled_from([OFF, ON, "<!-- framing off: hedging -->",
                                                          "<!-- framing on: nope -->", "<!-- framing x -->"]),
                                  st.text(max_size=10)), max_size=12).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKER_TEXTS)
def test_spans_stay_exact_with_markers(text):
    d = framing.Scorer(profile="rules").score_data(text)
    _spans_exact(text, d)
    # no match starts or ends in a marker (one may span a marker between its words: "could <!-- -->
    # mark a turning point" is a phrase of the words around it)
    for m in d["matches"]:
        for x in d.get("suppressed", {}).get("markers", ()):
            assert not x["start"] <= m["start"] < x["end"] and not x["start"] < m["end"] <= x["end"]


@pytest.fixture
def marked_file(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# Draft\n\nThe reckless plan <!-- framing off: nope -->failed.\n" + MARKED, encoding="utf-8")
    return p


def test_cli_line_and_github_formats_say_the_warning(marked_file):
    res = CliRunner().invoke(main, ["--no-config", "score", "--profile", "rules", "--format", "line", str(marked_file)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == f"{marked_file}:3:19: warning framing.marker: no rule or category named 'nope'"
    assert sum("loaded_language.emotive-evaluative" in x for x in lines) == 3  # 4 in the text, 1 silenced
    res = CliRunner().invoke(main, ["--no-config", "score", "--profile", "rules", "--format", "github", str(marked_file)])
    assert res.stdout.splitlines()[0] == (f"::warning file={marked_file},line=3,col=19,title=framing marker::"
                                          "no rule or category named 'nope'")


def test_cli_json_and_text(marked_file):
    res = CliRunner().invoke(main, ["--no-config", "score", "--profile", "rules", "--format", "json", str(marked_file)])
    d = json.loads(res.stdout)
    assert d["suppressed"]["regions"][0]["matches"] == 1 and d["schema_version"] == 3
    res = CliRunner().invoke(main, ["--no-config", "score", "--profile", "rules", str(marked_file)])
    assert "[every rule]: 1 match dropped" in res.stdout
    assert "marker warning: line 3, column 19: no rule or category named 'nope'" in res.stdout


@pytest.mark.parametrize("name", ["pack:speculation", "attribution.unnamed-source", "unnamed-source", "sourcing"])
def test_finder_unnamed_source_silenced_as_disable_names_it(scorer, name):
    text = "A report found the deal was near.\n"
    assert [m["rule"] for m in scorer.score_data(text)["matches"]] == ["attribution.unnamed-source"]
    d = scorer.score_data(f"<!-- framing off: {name} -->\n{text}")
    assert not d["matches"]
    assert d["suppressed"]["regions"][0]["matches"] == 1 and d["attribution"]["vague"] == 0


def test_callers_overlap_policy_reads_the_same_text():
    # a policy of the caller's runs over the engine's candidates (ArticleEngine.candidates), which
    # must see the markers blanked as the pass does: the offsets and counts agree with the default
    keep_all = lambda cands: list(cands)  # noqa: E731 - a policy is a function of the candidates
    text = MARKED.replace("council", "council may")
    default = framing.Scorer(profile="rules").score_data(text)
    mine = framing.Scorer(profile="rules", overlap=keep_all).score_data(text)
    assert mine["matches"] == default["matches"] and mine["suppressed"] == default["suppressed"]
    assert [m["text"] for m in mine["matches"]] == ["reckless", "reckless"]
    _spans_exact(text, mine)


def test_marked_result_is_a_subclass_and_round_trips(scorer):
    import dataclasses

    from framing.results import ArticleScore, MarkedArticleScore

    marked, plain_ = scorer.score(MARKED), scorer.score(PLAIN)
    assert type(marked) is MarkedArticleScore and isinstance(marked, ArticleScore)
    assert type(plain_) is ArticleScore and not hasattr(plain_, "suppressed")
    for r in (marked, plain_):
        assert dataclasses.asdict(r) == r.to_dict()
        assert ArticleScore.from_dict(r.to_dict()) == r
