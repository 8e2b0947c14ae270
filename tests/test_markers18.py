"""Inline markers, round 18 (USERS.md item 6): what round 17 left. A rule named inside a category
or pack already off is off already; Scorer.summary carries the markers' numbers; the comparison
and outlet reports say which articles turned rules off for themselves, how many matches that
silenced and what their markers warned of."""
import json

import pytest
from click.testing import CliRunner

import framing
from framing.cli.main import main

# two loaded words the shipped packs match ('disgraceful', 'outrageous'), silenced by one pair of
# markers: 2 markers, 2 matches silenced, no warning
LOADED = "The disgraceful scheme was outrageous."
MARKED = f"<!-- framing off -->\n{LOADED}\n<!-- framing on -->\n"
STAYS_OFF = "(a rule or category is not turned on inside a wider region)"


@pytest.fixture(scope="module")
def scorer():
    return framing.Scorer(profile="rules")


def _warnings(scorer, text: str) -> list[str]:
    return [w["message"] for w in scorer.score_data(text)["suppressed"]["warnings"]]


# ------------------------------------------------------------- a rule inside a category already off


def test_a_rule_inside_a_category_off_is_already_off_and_opens_no_region(scorer):
    text = "<!-- framing off: hedging -->It may rain. <!-- framing off: modal-may -->It may.<!-- framing on: hedging -->"
    d = scorer.score_data(text)
    assert [w["message"] for w in d["suppressed"]["warnings"]] == ["'modal-may' is already off: 'hedging' is off here"]
    # one region, hedging's, ending at its on-marker: the rule's would have run to the text's end
    assert [(g["rules"], g["end"]) for g in d["suppressed"]["regions"]] == [(["hedging"], text.index("<!-- framing on"))]
    assert d["suppressed"]["regions"][0]["matches"] == 2  # 'may' twice


def test_a_category_inside_its_pack_off_and_the_finders_rule_stay_off(scorer):
    text = ("<!-- framing off: pack:speculation -->a <!-- framing off-next: sourcing -->\nb "
            "<!-- framing on: attribution.unnamed-source -->")
    assert _warnings(scorer, text) == [
        "'sourcing' is already off: 'pack:speculation' is off here",
        f"'attribution.unnamed-source' stays off: 'pack:speculation' is off here {STAYS_OFF}"]


def test_a_rule_turned_on_while_every_rule_is_off_stays_off(scorer):
    text = "<!-- framing off -->a <!-- framing on: hedging.modal-may -->b"
    assert _warnings(scorer, text) == [f"'hedging.modal-may' stays off: every rule is off here {STAYS_OFF}"]


def test_a_category_turned_on_while_only_its_rule_is_off_says_which_is(scorer):
    text = "<!-- framing off: modal-may -->It may. <!-- framing on: hedging -->It may."
    d = scorer.score_data(text)
    assert [w["message"] for w in d["suppressed"]["warnings"]] == [
        "'hedging' is not off here: only 'modal-may' is (turn it on by that name)"]
    assert d["suppressed"]["regions"][0]["end"] == len(text)  # the rule stays off to the end


def test_a_rule_off_then_its_category_opens_both(scorer):
    # the category covers more than the rule: no warning, two regions
    text = "<!-- framing off: modal-may -->It may. <!-- framing off: hedging -->It might."
    d = scorer.score_data(text)
    assert d["suppressed"]["warnings"] == []
    assert [g["rules"] for g in d["suppressed"]["regions"]] == [["modal-may"], ["hedging"]]


def test_the_unknown_name_of_a_warning_still_gets_its_did_you_mean(scorer):
    assert _warnings(scorer, "<!-- framing off: hedgin -->It may.") == [
        "no rule or category named 'hedgin' (did you mean 'hedging'?)"]


# ------------------------------------------------------------------------ Scorer.summary


@pytest.mark.parametrize("profile", ["rules", "full"])
def test_summary_of_a_marked_text_has_its_markers_numbers(profile):
    s = framing.Scorer(profile=profile, classifiers=False)
    got = s.summary(f"A plain line.\n\n{MARKED}<!-- framing off: hedgin -->")
    # 3 markers (off, on, the misspelt one), 2 matches silenced, 1 warning: as the corpus row counts
    assert isinstance(got, framing.results.MarkedArticleSummary)
    assert got.suppressed == {"markers": 3, "matches": 2, "warnings": 1}
    row = s.row(f"A plain line.\n\n{MARKED}<!-- framing off: hedgin -->", markers=True)
    assert {k: row[f"suppressed.{k}"] for k in got.suppressed} == got.suppressed
    plain = s.summary("A plain line.")
    assert type(plain) is framing.results.ArticleSummary and not hasattr(plain, "suppressed")


def test_summary_through_score_has_them_too(tmp_path):
    # a user pack makes the classifiers' hits a second pass: summary goes through score()
    (tmp_path / "p.toml").write_text(
        '[pack]\nid = "mine"\nversion = "1"\ndescription = "d"\ncategories = ["mine"]\n\n[[rules]]\nid = "zorb"\n'
        'category = "mine"\nkind = "phrase"\nphrases = ["zorblat"]\nweight = 1.0\nmessage = "m"\nwhy = "w"\n'
        'examples.flag = ["The [zorblat] plan."]\nexamples.pass = ["The plan."]\n', encoding="utf-8")
    s = framing.Scorer(extra_packs=[str(tmp_path / "p.toml")])
    s._prepare()
    assert s._through_score()
    assert s.summary(MARKED).suppressed == {"markers": 2, "matches": 2, "warnings": 0}


def test_the_text_report_says_the_markers_numbers(scorer):
    from framing.report.formats import to_text

    out = to_text([scorer.score(MARKED + "<!-- framing off: hedgin -->", source="a.txt")])
    assert "  inline markers: 3 markers, 2 matches silenced, 1 warning\n" in out
    assert "inline markers" not in to_text([scorer.score(LOADED, source="b.txt")])


# ------------------------------------------------------------------------ framing compare

def _example(name: str) -> str:
    from framing.packs import data_dir

    return (data_dir("examples") / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def compared(scorer):
    """The editorial example with two matches silenced and a misspelt marker, against the wire
    reports."""
    from framing.comparison.compare import compare_scores

    texts = {"editorial.txt": _example("editorial.txt") + "\n\n" + MARKED + "<!-- framing off: hedgin -->\n",
             "wire_a.txt": _example("wire_a.txt"), "wire_b.txt": _example("wire_b.txt")}
    scores = [scorer.score(t, source=n) for n, t in texts.items()]
    return compare_scores(scores[0], scores[1:], scorer.config_), texts


def test_comparison_lists_the_marked_article(compared):
    c, texts = compared
    text = texts["editorial.txt"]
    line = text[:text.index("<!-- framing off: hedgin")].count("\n") + 1
    assert c.markers == ({"source": "editorial.txt", "markers": 3, "matches": 2, "warnings": [
        {"line": line, "column": 1, "message": "no rule or category named 'hedgin' (did you mean 'hedging'?)"}]},)
    assert list(c.to_dict()["markers"]) == [c.markers[0]]
    note = ("editorial.txt turns rules off in its own text: 3 inline markers silence 2 matches, which its figures "
            "here leave out (--no-inline-markers counts them). Its markers gave 1 warning (listed with line and column).")
    assert note in c.summary


def test_a_comparison_without_markers_keeps_its_json(scorer):
    from framing.comparison.compare import compare_scores

    a, b = scorer.score(LOADED, source="a"), scorer.score("A calm line.", source="b")
    c = compare_scores(a, [b], scorer.config_)
    assert c.markers == () and "markers" not in c.to_dict()
    assert not any("inline marker" in x for x in c.summary)


def test_marker_notes_say_one_and_none():
    from framing.comparison.compare import marker_note

    assert marker_note({"source": "a", "markers": 1, "matches": 1, "warnings": []}) == (
        "a turns rules off in its own text: 1 inline marker silences 1 match, which its figures here leave out "
        "(--no-inline-markers counts them).")
    assert marker_note({"source": "a", "markers": 2, "matches": 0, "warnings": []}) == \
        "a holds 2 inline markers that silence no match."
    assert marker_note({"source": "a", "markers": 0, "matches": 0, "warnings": [{}, {}]}) == (
        "a holds an inline marker without its closing '-->', read as text. Its markers gave 2 warnings "
        "(listed with line and column).")


def test_comparison_text_markdown_and_html_show_the_markers(compared):
    from framing.report.formats import comparison_html, comparison_markdown, comparison_text

    c, texts = compared
    w = c.markers[0]["warnings"][0]
    out = comparison_text([c])
    assert ("  inline markers (the figures are those after suppression; --no-inline-markers counts every match):\n"
            "    editorial.txt: 3 markers, 2 matches silenced, 1 warning\n"
            f"      marker warning: line {w['line']}, column 1: {w['message']}\n") in out
    md = comparison_markdown([c])
    assert (f"- **inline markers**: `editorial.txt`: 3 markers, 2 matches silenced, 1 warning; line {w['line']}, "
            f"column 1: {w['message']}") in md
    page = comparison_html(c, texts)
    assert "<li><span class='silenced'>silenced by an inline marker</span></li>" in page
    assert page.count("class='marker' title='inline marker: not article text'") == 3 and ".silenced{" in page
    assert "title='silenced by an inline marker (every rule): 2 matches dropped'" in page
    assert f"marker warning: <span class='src' title='editorial.txt'>editorial</span>, line {w['line']}, column 1" in page


def test_pages_without_markers_carry_no_marker_style(scorer):
    from framing.comparison.compare import compare_scores
    from framing.report.formats import comparison_html, to_html

    a, b = scorer.score(LOADED, source="a"), scorer.score("A calm line.", source="b")
    for page in (comparison_html(compare_scores(a, [b], scorer.config_), {"a": LOADED, "b": "A calm line."}),
                 to_html([a], {"a": LOADED})):
        assert "silenced" not in page and "marker" not in page


def test_score_html_marks_the_silenced_region(scorer):
    from framing.report.formats import to_html

    page = to_html([scorer.score(MARKED, source="a.txt")], {"a.txt": MARKED})
    assert ("</span> turns rules off in its own text: 2 inline markers silence 2 matches, which its figures here "
            "leave out (--no-inline-markers counts them).") in page
    assert "title='silenced by an inline marker (every rule): 2 matches dropped'" in page


def test_framing_compare_json_has_the_markers(tmp_path):
    (tmp_path / "a.txt").write_text(MARKED + "A plain closing line.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("A calm report of the plan.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["--no-config", "compare", str(tmp_path / "a.txt"), "--ref",
                                    str(tmp_path / "b.txt"), "--format", "json", "--no-classifiers"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["markers"] == [{"source": str(tmp_path / "a.txt"), "markers": 2, "matches": 2, "warnings": []}]


# ------------------------------------------------------------------------ framing outlets

def _outlet_records():
    """The outlet tests' event records, the first article with two matches silenced and the second
    with a misspelt marker only (1 marker, nothing silenced, 1 warning)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_outlets import event_records

    recs = event_records()
    recs[0] = {**recs[0], "text": recs[0]["text"] + "\n\n" + MARKED}
    recs[1] = {**recs[1], "text": recs[1]["text"] + "\n\n<!-- framing off: hedgin -->\n"}
    return recs


@pytest.fixture(scope="module")
def outlet_report():
    from framing.comparison.outlets import Outlets

    return Outlets(story_field="story", min_stories=1, n_boot=20).run(_outlet_records())


def test_outlets_report_lists_each_marked_article(outlet_report):
    recs = _outlet_records()
    assert outlet_report.marked == {"articles": 2, "matches": 2, "warned": 1, "by_article": [
        {"id": recs[0]["id"], "source": recs[0]["source"], "markers": 2, "matches": 2, "warnings": 0},
        {"id": recs[1]["id"], "source": recs[1]["source"], "markers": 1, "matches": 0, "warnings": 1}]}
    assert outlet_report.summary[-2:] == (
        "2 compared articles carry inline markers in their own text, silencing 2 matches that the "
        "figures leave out (--no-inline-markers counts them).",
        f"1 compared article gave inline marker warnings (first: {recs[1]['id']}; `framing score` on its text "
        "shows each with its line and column).")


def test_outlets_text_markdown_and_html_list_them(outlet_report):
    from framing.report.outlets import to_html, to_markdown, to_text

    recs = _outlet_records()
    first = f"{recs[0]['id']} ({recs[0]['source']}): 2 markers, 2 matches silenced, 0 warnings"
    second = f"{recs[1]['id']} ({recs[1]['source']}): 1 marker, 0 matches silenced, 1 warning"
    assert f"\nInline markers in 2 articles (figures after suppression):\n  {first}\n  {second}\n" in to_text(outlet_report)
    assert f"## Inline markers in 2 articles (figures after suppression)\n\n- {first}\n- {second}" in to_markdown(outlet_report)
    assert f"<h2>Inline markers in 2 articles (figures after suppression)</h2><ul><li>{first}</li>" in to_html(outlet_report)


def test_outlets_reports_without_markers_say_nothing_of_them():
    import sys
    from pathlib import Path

    from framing.comparison.outlets import Outlets
    from framing.report.outlets import to_html, to_text

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_outlets import event_records

    report = Outlets(story_field="story", min_stories=1, n_boot=20).run(event_records())
    assert not any("inline marker" in x for x in report.summary)
    assert "Inline markers" not in to_text(report) and "Inline markers" not in to_html(report)


def test_outlets_lists_only_the_first_twenty():
    from dataclasses import replace

    from framing.comparison.outlets import marked_of, within_story
    from framing.report.outlets import to_text

    entries = [{"id": f"r{k}", "source": "s", "markers": 1, "matches": 1, "warnings": 0} for k in range(21)]
    report = within_story([("a", "x", "st", {"m": 1.0}), ("b", "y", "st", {"m": 2.0})], ("m",), n_boot=10,
                          min_stories=1, marked=marked_of(entries))
    out = to_text(replace(report))
    assert "Inline markers in 21 articles (figures after suppression; the first 20 listed, all in --format json):" in out
    assert "  r19 (s):" in out and "  r20 (s):" not in out
