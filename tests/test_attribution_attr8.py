"""Attribution shapes of round 9 (issue 15, helper attr8), on sentences written for them."""
import pytest

import framing
from attribution_check import attributions_of


@pytest.mark.parametrize("text, source", [
    ("\u201cIt was never close,\u201d said a longtime adviser to Moreno, who declined to be named.",
     "a longtime adviser to Moreno"),
    ("\u201cIt was never close,\u201d said one Democrat familiar with the talks.",
     "one Democrat familiar with the talks"),
    ("\u201cIt was never close,\u201d said a person close to the Vances.", "a person close to the Vances"),
    ("\u201cIt was never close,\u201d said a senior official involved in the planning, who spoke on "
     "condition of anonymity.", "a senior official involved in the planning"),
])
def test_an_inverted_unnamed_role_with_a_postmodifier_is_an_anonymous_source(text, source):
    (a,) = attributions_of(text)
    assert (a.source.text, a.cue.text, a.type) == (source, "said", "anonymous")
    assert text[a.source.start:a.source.end] == source


@pytest.mark.parametrize("text", [
    # a that-clause after the cue, with its own verb: no source after the cue
    "\u201cIt was never close,\u201d she said the company would close.",
    "Officials said a longtime adviser to Moreno had resigned.",
])
def test_a_clause_after_an_inverted_cue_is_not_taken_for_a_postmodified_role(text):
    assert all(not (a.source and a.source.text.startswith(("a longtime", "the company")))
               for a in attributions_of(text))


def test_a_straight_closing_mark_after_a_curly_opening_one_pairs_before_the_next_quotation():
    """Mixed marks in scraped copy: '\u201c...," Lee said' closes at the straight mark even when a
    curly closing mark follows later in the paragraph for another quotation."""
    text = ("\u201cWe are going to win so much,\" Moreno said at his party. \"You will be so happy.\u201d")
    r = framing.score(text)
    (a,) = r.attributions
    assert (a.source.text, a.type) == ("Moreno", "named")
    assert r.attribution["named_sources"] == ["Moreno"]
    quoted = [m for m in r.matches if m.voice == "quoted"]
    assert all(not (m.start < text.index("Moreno said") + 11 and m.end > text.index("Moreno said"))
               for m in quoted)
    # "Moreno said" is the author's words, not inside a quotation
    r2 = framing.score(("\u201cIt was a big night,\" Moreno said. He added: \u201cWe won.\u201d"))
    assert [a.source.text for a in r2.attributions][:1] == ["Moreno"]


@pytest.mark.parametrize("text, source", [
    ("Voters backing Moreno said they were happy.", "Voters backing Moreno"),
    ("Republicans opposing the measure said it would fail.", "Republicans opposing the measure"),
    ("House Republicans supporting the bill said it would pass.", "House Republicans supporting the bill"),
])
def test_a_noun_phrase_after_a_postmodifying_participle_is_not_the_source(text, source):
    """'House Republicans supporting the bill said': the bill does not speak, and in 'voters
    backing Moreno say' Moreno is not the named source."""
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == (source, "vague")
    assert framing.score(text).attribution["named_sources"] == []


def test_a_participle_modifier_before_the_head_still_belongs_to_the_source():
    (a,) = attributions_of("The ruling party said it would win.")
    assert (a.source.text, a.type) == ("The ruling party", "described")


def test_a_name_before_a_role_without_its_closing_comma_is_the_source():
    text = "Ana Moreno, the communications director for the Ohio Democratic Party said in a statement that the count was done."
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name) == ("Ana Moreno", "named", "Ana Moreno")
    assert a.role == "the communications director for the Ohio Democratic Party"


@pytest.mark.parametrize("text, source", [
    ("Overall, the fund predicted that growth would slow.", "the fund"),   # an adverb, no name
    ("Ana Moreno, the senator said, is wrong.", "the senator"),           # parenthetical cue
    ("They met Ana Moreno, the senator said on Monday.", "the senator"),  # the name is an object
])
def test_a_word_before_the_comma_that_is_no_subject_stays_out(text, source):
    (a,) = attributions_of(text)
    assert a.source.text == source and a.type != "named"


@pytest.mark.parametrize("text, source, name", [
    ("A study by the liberal watchdog group Civic Ledger found the senator got more airtime.",
     "A study by the liberal watchdog group Civic Ledger", "Civic Ledger"),
    ("FEC records from the 2008 presidential election cycle show he backed both candidates.",
     "FEC records from the 2008 presidential election cycle", "FEC"),
    ("An analysis by Factcheckers of elections going back to 1972 showed the party won.",
     "An analysis by Factcheckers of elections going back to 1972", "Factcheckers"),
])
def test_a_document_with_a_postmodifier_heads_the_source_of_an_evidence_cue(text, source, name):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name) == (source, "document", name)


def test_a_postmodified_document_needs_a_clause_of_its_own():
    # the document is the object of another verb: not the source of "show"
    got = [a.source.text for a in attributions_of("They read records from the 2008 cycle and polls show he won.") if a.source]
    assert "records from the 2008 cycle" not in " ".join(got)


@pytest.mark.parametrize("text, source", [
    ("And then Moreno went fully on the attack, saying the plan had failed.", "Moreno"),
    ("And even Moreno tried to calm them, noting that he would wait too.", "Moreno"),
    ("Mrs. Moreno -- whose husband signed the act -- has derided the plan, suggesting that it is misguided.",
     "Mrs. Moreno"),
])
def test_the_subject_of_a_participle_cue_after_then_even_or_an_aside_in_dashes(text, source):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == (source, "named")


def test_the_first_word_after_a_dateline_is_no_name():
    text = "WASHINGTON \u2014 The senator voted for the bill, saying it was fair."
    assert framing.score(text).attribution["named_sources"] == []
    r = framing.score("WASHINGTON \u2014 Sen. Ann Moreno voted for the bill, saying it was fair.")
    assert r.attribution["named_sources"] == ["Ann Moreno"]
