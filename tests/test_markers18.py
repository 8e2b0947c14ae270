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
