"""Attribution shapes of round 10 (issue 15, helper attr10), on sentences written for them."""
import unicodedata

import pytest

import framing
from attribution_check import attributions_of


def _named(text):
    return framing.score(text).attribution["named_spans"]


@pytest.mark.parametrize("text, source, cue", [
    # a role, the name in commas, then the name's own predicate up to the participle's comma
    ("Britain's far-right party leader, Dana Okafor, voiced support for the plan on Monday, saying "
     "it would help.", "Dana Okafor", "saying"),
    ("The mayor, Dana Okafor, drew a sharp contrast, saying that jobs mattered more.", "Dana Okafor", "saying"),
    # ... or up to a coordinated cue, without a comma before it
    ("Britain's party leader, Dana Okafor, voiced support for the plan on Monday and said it would help.",
     "Dana Okafor", "said"),
    # the name after the comma may open with lower-case titles
    ("But the other candidate on the stage, former Governor Dana Okafor, drew a contrast, saying that "
     "jobs mattered.", "former Governor Dana Okafor", "saying"),
])
def test_a_name_in_commas_before_its_predicate_is_the_source_of_a_later_cue(text, source, cue):
    (a,) = [a for a in attributions_of(text) if a.cue.text == cue]
    assert (a.source.text, a.type) == (source, "named")
    assert text[a.source.start:a.source.end] == source
    (span,) = _named(text)
    assert text[span["start"]:span["end"]] == "Dana Okafor"


@pytest.mark.parametrize("text", [
    # a real appositive after the name, then the predicate: the name, as before
    "Dana Okafor, the senator from Ohio, drew a contrast, saying that jobs mattered.",
    "Dana Okafor, 70, had served in the Army and said he was proud of it.",
])
def test_an_appositive_after_the_name_still_closes_at_its_comma(text):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == ("Dana Okafor", "named")


@pytest.mark.parametrize("text", [
    # a place's comma, then a number-led description: no predicate of "Ohio"
    "At a June event in Tulsa, Ohio, 62-year-old Bea Day also railed against taxes, and explained how "
    "it hurt.",
    # a relative clause after the name is no predicate of it either
    "Republicans, who hold a majority in the Senate, have blocked the measures, saying they go too far.",
])
def test_no_place_or_group_before_a_comma_becomes_a_named_source(text):
    assert all(text[s["start"]:s["end"]] not in ("Ohio", "Republicans") for s in _named(text))


@pytest.mark.parametrize("name", [
    # UTF-8 read as Latin-1 once, with the lead letter decomposed (as scraped copy has it)
    "Enrique Pe" + unicodedata.normalize("NFD", "\u00c3") + "\u00b1a Nieto",
    # ... twice
    "Arturo Sarukh" + unicodedata.normalize("NFD", "\u00c3") + "\u0083"
    + unicodedata.normalize("NFD", "\u00c2") + "\u00a1n",
    # composed
    "Enrique Pe\u00c3\u00b1a Nieto",
    # a decomposed accent
    unicodedata.normalize("NFD", "Enrique Pe\u00f1a Nieto"),
])
def test_a_name_with_mojibake_or_a_combining_accent_is_one_name(name):
    for text in (f"\u201cWe are ready,\u201d {name} said.", f"{name} said that the talks went well."):
        (a,) = attributions_of(text)
        assert (a.source.text, a.type) == (name, "named")
        (span,) = _named(text)
        assert text[span["start"]:span["end"]] == name


@pytest.mark.parametrize("text, names", [
    ("Several candidates, including Dana Okafor, said the plan was bad.", ["Dana Okafor"]),
    ("Other senators, including Dana Okafor and Bo Hartley, said the plan was bad.",
     ["Dana Okafor", "Bo Hartley"]),
    ("Other senators, including Dana Okafor, Bo Hartley and Carl Ruiz, have said the plan was bad.",
     ["Dana Okafor", "Bo Hartley", "Carl Ruiz"]),
])
def test_names_included_in_a_group_before_its_cue_are_named_sources(text, names):
    atts = attributions_of(text)
    assert [(a.source.text, a.type, a.cue.text) for a in atts] == [(n, "named", "said") for n in names]
    assert [text[s["start"]:s["end"]] for s in _named(text)] == names


@pytest.mark.parametrize("text", [
    # what the group includes is no list of names: no source from it
    "Several candidates, including the mayor of Tulsa, said the plan was bad.",
    # the group does not open its clause
    "The plan drew fire from senators, including Dana Okafor, said one aide.",
])
def test_included_phrases_that_are_not_names_of_the_group_give_no_named_source(text):
    assert "Dana Okafor" not in [text[s["start"]:s["end"]] for s in _named(text)]
    assert all(a.source is None or a.source.text != "the mayor of Tulsa" or a.type != "named"
               for a in attributions_of(text))


@pytest.mark.parametrize("text, source", [
    # a colon a few words after an act of publishing opens its content
    ("Dana Okafor, the 2012 nominee, tweeted in response: \u201cWe will win.\u201d", "Dana Okafor"),
    ("Dana Okafor, who was an adviser, tweeted this: \u201cWe will win.\u201d", "Dana Okafor"),
    ("Dana Okafor tweeted in response: \u201cWe will win.\u201d", "Dana Okafor"),
    # after its quotation, a role before the name counts from the role's start
    ("\u201cWe will win!\u201d the party's nominee, Dana Okafor, tweeted Sunday after the attack.",
     "Dana Okafor"),
])
def test_a_tweet_with_a_colon_or_after_its_quotation_is_attributed(text, source):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.cue.text) == (source, "named", "tweeted")


@pytest.mark.parametrize("text", [
    "It was a tweet Dana Okafor posted on January 23 at 4:01 PM.",
    "Dana Okafor posted a photo of her son.",
    "Dana Okafor posted it here: https://example.org/a.",
])
def test_a_clock_or_a_link_colon_opens_no_content(text):
    assert attributions_of(text) == [] or all(a.source is None or a.source.text != "Dana Okafor" for a in attributions_of(text))
