"""Attribution (issue 15): who speaks, through which cue, and in whose voice.

Every "Found" bullet of the issue is a test here, on sentences written for these tests.
"""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing.scoring.attribution import TYPES, AttributionFinder, merge_names
from framing.results import SCHEMA_VERSION
from attribution_check import attributions_of


def _by_source(text):
    return {a.source.text: a for a in attributions_of(text) if a.source is not None}


# ---------------------------------------------------------------- the "Found" bullets

def test_a_country_or_company_with_a_non_reporting_verb_is_not_a_source():
    text = "Japan has pledged $550bn to the fund. China accused the United States of cheating at the talks."
    r = framing.score(text)
    assert r.attribution["named"] == 0 and r.attribution["named_sources"] == []
    assert r.attributions == ()
    # the same countries with a reporting verb are sources
    said = framing.score("Japan said it would pay. China said the claim was false.")
    assert said.attribution["named_sources"] == ["China", "Japan"]


def test_the_official_said_after_a_quote_is_a_source():
    r = framing.score("\u201cWe are not there yet,\u201d the official said.")
    (a,) = r.attributions
    assert (a.source.text, a.cue.text, a.type) == ("the official", "said", "anonymous")
    assert a.content.text == "\u201cWe are not there yet,\u201d"
    assert r.attribution["anonymous"] == 1


def test_title_variants_of_one_person_merge_and_titles_go_to_the_role():
    text = ("Rep. John Moolenaar said the deal was weak. Republican Representative John Moolenaar said it "
            "came too late. Moolenaar added that he would hold hearings. US Trade Representative Jamieson "
            "Greer said talks would resume.")
    r = framing.score(text)
    assert r.attribution["named_sources"] == ["Jamieson Greer", "John Moolenaar"]
    roles = {(a.name, a.role) for a in r.attributions}
    assert ("John Moolenaar", "Rep.") in roles
    assert ("John Moolenaar", "Republican Representative") in roles
    assert ("Jamieson Greer", "US Trade Representative") in roles
    assert {d["name"] for d in r.attribution["named_spans"]} == {"John Moolenaar", "Jamieson Greer"}


def test_according_to_data_compiled_by_an_organisation_is_a_document_source():
    text = "Emissions rose 3 percent last year, according to data compiled by Rhodium."
    r = framing.score(text)
    (a,) = r.attributions
    assert (a.type, a.name, a.cue.text) == ("document", "Rhodium", "according to")
    assert a.source.text == "data compiled by Rhodium"
    assert a.content.text == "Emissions rose 3 percent last year"
    assert r.attribution["named_sources"] == ["Rhodium"] and r.attribution["documents"] == 1


def test_one_anonymous_source_not_a_second_sourcing_match_on_its_reported_clause():
    r = framing.score("One person briefed on the talks said officials were desperate.")
    assert r.attribution["anonymous"] == 1
    sourcing = [m for m in r.matches if m.attribution]
    assert [m.text for m in sourcing] == ["One person briefed on"]
    (a,) = r.attributions
    assert a.type == "anonymous" and a.content.text == "officials were desperate"


def test_indirect_speech_is_the_sources_voice_not_the_authors():
    text = "Councillor David Brandt said the board should have sought state grants first."
    r = framing.score(text)
    (a,) = r.attributions
    assert (a.name, a.role, a.type) == ("David Brandt", "Councillor", "named")
    assert a.content.text == "the board should have sought state grants first"
    opinion = [m for m in r.matches if m.category == "opinion"]
    assert opinion and all(m.voice == "reported" for m in opinion)
    assert r.categories["opinion"]["authorial"]["count"] == 0
    assert r.categories["opinion"]["reported"]["count"] == len(opinion)
    # words: "Councillor David Brandt said" is the author's (4), the reported clause the source's (8)
    assert (r.authorial_words, r.reported_words, r.quoted_words) == (4, 8, 0)
    assert r.sentences[0].voice == "reported"


def test_the_author_saying_the_same_is_still_authorial():
    r = framing.score("The board should have sought state grants first.")
    assert r.categories["opinion"]["authorial"]["count"] >= 1 and r.reported_words == 0


@pytest.mark.parametrize("text, word", [
    ("Investigators said the suspicion grew after the audit.", "suspicion"),
    ("The minister accused the agency of hiding the figures.", "accused"),
])
def test_wrong_sense_lexicon_entries_do_not_fire_as_hedges(text, word):
    r = framing.score(text)
    assert not [m for m in r.matches if m.category == "hedging" and word in m.text.lower()]


@pytest.mark.parametrize("text", [
    "The clerk accused of taking bribes was released on bail.",
    "The senator was accused of hiding the figures.",
    "The mayor denied the accusations on Monday.",
])
def test_accused_still_hedges_where_it_marks_a_charge_as_unproven(text):
    """FactBank and the Wikipedia set annotate 'accused' as a doxastic cue: the charge is not established.
    The speech act of wire copy ('China accused the United States of ...') is a report, not a hedge."""
    r = framing.score(text)
    assert [m.rule for m in r.matches if m.category == "hedging" and "accus" in m.text.lower()] == ["hedging.belief-predicate"]


# ---------------------------------------------------------------- shapes

@pytest.mark.parametrize("text, source, cue, typ", [
    ("Josh Schwerin, a spokesman for the campaign, said the ad was false.", "Josh Schwerin", "said", "named"),
    ("Campaign spokesman Josh Schwerin said the ad was false.", "Campaign spokesman Josh Schwerin", "said", "named"),
    ("\u201cThe ad is false,\u201d said Josh Schwerin.", "Josh Schwerin", "said", "named"),
    ("The ad was false, said officials.", "officials", "said", "anonymous"),
    ("A spokesman for Disney said the park would reopen.", "A spokesman for Disney", "said", "anonymous"),
    ("Some Democrats would like a vote on the bill.", "Some Democrats", "like", "vague"),
    ("Analysts expect rates to fall next year.", "Analysts", "expect", "vague"),
    ("Experts told the panel that the dam was unsafe.", "Experts", "told", "vague"),
    ("A new poll shows the mayor trailing.", "A new poll", "shows", "document"),
    ("The agency said the test was delayed.", "The agency", "said", "described"),
    ("Sen. Ann Price (D-Ore.) told reporters on Monday that the vote would wait.", "Sen. Ann Price", "told", "named"),
])
def test_shapes(text, source, cue, typ):
    found = _by_source(text)
    assert source in found, (text, list(found))
    a = found[source]
    assert (a.cue.text, a.type) == (cue, typ)


@pytest.mark.parametrize("text, source, cue", [
    # a participle's subject after a dateline, a leading phrase, a party tag or an appositive
    ("WASHINGTON \u2014 Senator Ann Price has taken a swipe at the budget, saying it would hurt farmers.",
     "Senator Ann Price", "saying"),
    ("Back in 2001, Ann Price voiced doubts about the plan, telling a radio host it would fail.", "Ann Price", "telling"),
    ("Sen. Ann Price (D-Ore.) defended her plan, saying it would help.", "Sen. Ann Price", "saying"),
    ("Ann Price, the veteran budget hawk, endorsed the plan on Monday, saying it would help.", "Ann Price", "saying"),
    # a discourse adverb between the source and its cue
    ("Carter however said he would welcome the talks.", "Carter", "said"),
    ("Ann Lee's campaign, for example, said she would support the nominee.", "Ann Lee's campaign", "said"),
    # a speech act after the quotation it reports, or before one
    ("\u201cHe is just so bad,\u201d Price tweeted.", "Price", "tweeted"),
    ("Price tweeted, \u201cThank you all.\u201d", "Price", "tweeted"),
    # "by" after a cue that is no passive
    ("Mr. Bush responded by first saying the plan was dead.", "Mr. Bush", "responded"),
    ("Ann Price said by telephone that the plan was dead.", "Ann Price", "said"),
    # a setting between a speech act and its that-clause; a report before its source
    ("For his part, Price tweeted Monday that Lee is a loser.", "Price", "tweeted"),
    ("\u201cNo, Lee,\u201d Price tweeted, quoting a reporter.", "Price", "tweeted"),
    ("Clinton has kept her support among black voters, Fox found.", "Fox", "found"),
    # 'and said' after a quotation, 'but says' after a comma, a time between an appositive and its cue
    ("Price called both men \u201ccrazy\u201d and said the party would lose.", "Price", "said"),
    ("Price has disputed both critiques, but says that she would decide differently.", "Price", "says"),
    ("Price, who supported Lee during the primaries, last week said Lee was wrong.", "Price", "said"),
    # citing and pointing to evidence
    ("In her bill, Price cited a 2001 memo from the agency.", "Price", "cited"),
    ("Price has pointed to her record on research.", "Price", "pointed"),
    ("Price resigned on Monday, citing health reasons.", "Price", "citing"),
    # a leading prepositional phrase is no name; ", and said" after the subject's clause
    ("By the end of the day, Ann Price was forced into damage control and said her words were misread.",
     "Ann Price", "said"),
    ("Jewish leaders point to the record.", "Jewish leaders", "point"),
    # a time ago, and a setting, between the source and its cue
    ("The State Department less than two weeks ago said the emails were secret.", "The State Department", "said"),
    ("Jeb Bush in a Medium post said he would appoint judges.", "Jeb Bush", "said"),
    ("Marco Rubio flipped his choice on the spot \u2013 saying he was rooting for Denver.", "Marco Rubio", "saying"),
    # the name after a possessive role; an appositive opened by "when"
    ("\u201cSolidarity with the victims,\u201d Ms. Merkel's spokesman, Steffen Seibert, wrote on Twitter.",
     "Steffen Seibert", "wrote"),
    ("Powell's office, when contacted by Reuters, said the former diplomat could not recall the dinner.",
     "Powell's office", "said"),
    # speaking about something, and an appositive that grants anonymity
    ("Price spoke about the budget at length.", "Price", "spoke"),
    # a report of a clause with its own subject and auxiliary, without "that"; quoting someone
    ("The Washington Times reports Beck will endorse Cruz at a rally.", "The Washington Times", "reports"),
    ("The Post quoted an unnamed official as saying the plan was dead.", "The Post", "quoted"),
    # a surname that is also a title, opening the sentence
    ("King says the game was fair.", "King", "says"),
    # a long appositive with commas of its own (a place with its state, an age, a relative clause)
    ("Ann Price, a truck driver from Ava, Mo., who is a member of the union, said the plan was dead.",
     "Ann Price", "said"),
    ("Mary Kent, 67, a retired teacher in Allentown, Pa., said the plan was dead.", "Mary Kent", "said"),
    # inverted: the name after the role is the source; a lower-case modifier opens the source
    ("\u201cWe are anxious,\u201d said another local resident, Jane Doe.", "Jane Doe", "said"),
    ("\u201cIt is unusual,\u201d said retired Army Lt. Gen. Mick Stone, who served in Iraq.",
     "retired Army Lt. Gen. Mick Stone", "said"),
])
def test_named_subjects_in_news_shapes(text, source, cue):
    found = _by_source(text)
    assert source in found, (text, list(found))
    assert (found[source].cue.text, found[source].type) == (cue, "named")


@pytest.mark.parametrize("text", [
    "Back in 2001, Ann Price expressed doubts about the plan.",  # "expressed" is no part of the source
    "Price posted a chart of the polls.",  # an act, not a report (a tweet is published words: a report)
    "It was a calculation, a fact later confirmed by the department.",  # a passive
    "She posted a link to a story about alleged fraud.",  # a preposition ends no source
    "She works at the Action Forum, a conservative think tank.",
    "Liberal voters have a larger say than they do.",  # nouns, not cues
    "Most Southern states that vote early have large minority populations.",
    "All told, the group raised $5 million.",
    "In some places, the shift of black voters to him in 2008 felt less dramatic.",  # a year, not a source
    "He will go out on a very high note with many people.",
    "Price spoke at the rally on Monday.",  # speaking somewhere is not reporting
    "Lee only added to the chaos.",
    "Price won the primary in Virginia, adding to her victories.",
    "Lerer reported from Los Angeles.",  # a byline's note
    "All signs point to a deal.",
    "She is listed as one of the congressman's alleged partners.",  # a participle used as an adjective
    "The posters stoke voter fears.",  # a compound noun
    "He interrupted himself at one point to wave to his family.",
    "China Urges Calm After Border Clash.",  # a title-case headline: a country's call, not a source
    "Whatever Price charged his campaign for rent was paid by donors.",  # a preposition ends the clause
    "Price reports investments in Ford worth $1 million.",  # an object, not a clause
])
def test_not_sources(text):
    assert [a.source.text for a in attributions_of(text) if a.source is not None] == []


@pytest.mark.parametrize("text", [
    "\u201cNobody cares when you spend your own money,\u201d she said.",
    "\u201cWhenever asked about it, they change the subject,\u201d she said.",
    "\u201cForward thinking leaders must come together,\u201d she said.",
])
def test_a_capital_after_an_opening_quotation_mark_is_no_name(text):
    r = framing.score(text)
    assert r.attribution["named_spans"] == [] and [a.type for a in r.attributions] == ["pronoun"]




def test_the_white_house_press_secretary_appositive_name_is_the_source():
    (a,) = attributions_of("The vote will wait, the White House press secretary, Ann Price, said on Tuesday.")
    assert (a.source.text, a.name, a.type) == ("Ann Price", "Ann Price", "named")
    assert a.role == "the White House press secretary"
    assert a.content.text == "The vote will wait"


def test_content_after_that_skips_the_setting():
    (a,) = attributions_of("The mayor told reporters on Monday that the bridge would close.")
    assert a.content.text == "the bridge would close"


def test_impersonal_reporting_has_no_source():
    (a,) = attributions_of("It is believed that the minister resigned.")
    assert a.source is None and a.type == "vague" and a.cue.text == "It is believed"
    assert a.content.text == "the minister resigned"


def test_pronoun_source_takes_its_plain_antecedent():
    text = "\u201cIt is over,\u201d said Laila Khawaja. She said the plan was dead."
    atts = attributions_of(text)
    assert [(a.source.text, a.name, a.pronoun) for a in atts] == [
        ("Laila Khawaja", "Laila Khawaja", False), ("She", "Laila Khawaja", True)]
    # the pronoun is not a second named source
    assert framing.score(text).attribution["named"] == 1


def test_pronoun_without_a_plain_antecedent_stays_a_pronoun():
    (a,) = attributions_of("He said the plan was dead.")
    assert a.type == "pronoun" and a.name == ""


def test_an_object_pronoun_before_the_cue_is_no_source():
    """'Let me just say': 'me' is the object of 'let', not the speaker; 'of them' keeps its source."""
    assert attributions_of("Let me just say that the plan is dead.") == ()
    assert attributions_of("Let them say what they want.") == ()
    (a,) = attributions_of("Many of them said the plan is dead.")
    assert (a.source.text, a.type) == ("Many of them", "vague")


@pytest.mark.parametrize("text, source, typ", [
    # a common word capitalised at the sentence's start, before a lower-case word, is no name
    ("Advocacy organizations said the rule was unfair.", "Advocacy organizations", "vague"),
    ("Public health experts say the rule is unfair.", "Public health experts", "vague"),
    # a number spelled out at the sentence's start; "Not" opening the sentence
    ("Twenty-four percent of voters said the rule was unfair.", "Twenty-four percent of voters", "vague"),
    ("Not everyone said the rule was unfair.", "Not everyone", "vague"),
    # before a capital the same word may open a name; a proper adjective stays one
    ("Public Citizen said the rule was unfair.", "Public Citizen", "named"),
    ("Jewish leaders said the rule was unfair.", "Jewish leaders", "named"),
])
def test_a_sentence_initial_capital_on_a_common_word_is_no_name(text, source, typ):
    r = framing.score(text)
    (a,) = r.attributions
    assert (a.source.text, a.type) == (source, typ)
    assert bool(r.attribution["named_spans"]) == (typ == "named")


def test_a_name_in_commas_after_a_title_of_a_place_or_body_is_the_source():
    (a,) = attributions_of("The mayor of Charlotte, Jennifer Roberts, said the road was closed.")
    assert (a.source.text, a.type, a.role) == ("Jennifer Roberts", "named", "The mayor of Charlotte")
    (a,) = attributions_of("The director of the Federal Bureau of Investigation, James Comey, said the files were safe.")
    assert (a.source.text, a.type, a.role) == ("James Comey", "named", "The director of the Federal Bureau of Investigation")
    # the name is the governor's, not the spokesman's
    assert [a.source.text for a in attributions_of("A spokesman for the governor of Texas, Greg Abbott, said it was closed.")
            if a.source is not None and a.type == "named"] == []


def test_the_words_of_a_relative_clause_before_the_cue_are_no_source():
    """The noun phrase right before the cue may close the subject's relative clause: the source is
    the clause's antecedent ("leaders"), or none, never "Cruz" or "the trail"."""
    (a,) = attributions_of("Many of the local party leaders who'd rather be working on a campaign for Cruz said they stayed.")
    assert a.source.text == "Many of the local party leaders"
    assert attributions_of("Friends of Mr. Lee's who have seen him on the trail recently say he is tired.") == ()


def test_embedded_question_and_place_with_a_wish_are_not_sources():
    assert attributions_of("How Washington responds will decide the outcome.") == ()
    assert attributions_of("Beijing hopes the deal will hold.") == ()


def test_merge_names_keeps_an_ambiguous_surname_apart():
    merged = merge_names(["John Moolenaar", "Moolenaar", "Ann Price", "Tom Price", "Price"])
    assert merged["Moolenaar"] == "John Moolenaar"
    assert merged["Price"] == "Price"


def test_json_carries_attributions_and_the_third_voice():
    d = framing.score("Councillor David Brandt said the board should have sought state grants first.").to_dict()
    assert d["schema_version"] == SCHEMA_VERSION >= 2  # 2 brought attributions; 3 added limits
    (a,) = d["attributions"]
    assert set(a) >= {"source", "cue", "content", "type", "name", "role", "sentence"}
    assert set(a["source"]) == {"start", "end", "text"}
    assert d["reported_words"] == 8
    assert set(d["categories"]["opinion"]) == {"authorial", "quoted", "reported"}
    json.dumps(d)


def test_finder_takes_its_word_lists_as_parameters():
    from framing.scoring.scorer import Scorer
    from framing.scoring.segment import segment

    scorer = Scorer(profile="rules")
    scorer._prepare()
    seg = segment("Ann Price remarked that it rained. Ann Price said it snowed.", scorer.abbreviations_)
    found = AttributionFinder(speech=["remarked"]).find(seg)
    assert [a.cue.text for a in found] == ["remarked"]


def test_unnamed_source_match_turns_off_with_sourcing():
    text = "A spokesman for Disney said the park would reopen."
    assert any(m.rule == "attribution.unnamed-source" for m in framing.score(text).matches)
    for off in ("sourcing", "attribution.unnamed-source", "pack:speculation"):
        r = framing.Scorer(disabled=[off], profile="rules").score(text)
        assert not any(m.rule == "attribution.unnamed-source" for m in r.matches), off


# ---------------------------------------------------------------- properties

PIECES = ["said", "says", "told", "according to", "Rep.", "Mr.", "Ann", "Price", "the", "official", "a", "spokesman",
          "for", "Disney", ",", "\u201c", "\u201d", '"', ".", " ", "that", "it", "is", "believed", "he", "She",
          "(D-Ore.)", "\u2014", "data", "compiled", "by", "Rhodium", "analysts", "expect", "é", "İ", "\n\n"]
TEXTS = st.one_of(st.text(), st.lists(st.one_of(st.sampled_from(PIECES).map(lambda w: w + " "),
                                                 st.sampled_from(PIECES), st.text(max_size=3)),
                                       max_size=60).map("".join))


RULES = framing.Scorer(profile="rules")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_attribution_spans_are_exact_for_any_text(text):
    r = RULES.score(text)
    for a in r.attributions:
        assert a.type in TYPES
        for sp in (a.source, a.cue, a.content, a.name_span):
            if sp is not None:
                assert 0 <= sp.start < sp.end <= len(text) and text[sp.start:sp.end] == sp.text
        if a.source is not None and a.content is not None:
            assert not (a.content.start < a.cue.end and a.cue.start < a.content.end)
    assert r.authorial_words + r.quoted_words + r.reported_words == r.words
    assert RULES.score(text).to_dict() == r.to_dict()


def test_an_unnamed_source_inside_reported_speech_is_the_named_sources():
    """'Brandt said critics fear ...': the critics are Brandt's claim, not the author's sourcing."""
    r = framing.score("Councillor David Brandt said critics fear the plan will fail.")
    assert [(m.text, m.voice) for m in r.matches if m.attribution] == [("critics fear", "reported")]
    assert r.attribution["vague"] == 0 and r.attribution["named"] == 1


FINDER = AttributionFinder()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), st.data())
def test_tokens_cover_every_non_space_character_once_in_order(text, data):
    """The finder's tokens, counted from the spaces between them, sit at their true offsets: each is
    its text's slice, they are ordered and disjoint, and together hold every non-space character."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    pos = start
    for t_start, t_end, t_text, _low, _word, _cap in FINDER.tokens(text, start, end):
        assert pos <= t_start < t_end <= end and text[t_start:t_end] == t_text
        assert text[pos:t_start].strip() == ""
        pos = t_end
    assert text[pos:end].strip() == ""
    sample = "Mr. Lee’s U.S. plan. _x"
    assert [(t[2], t[4], t[5]) for t in FINDER.tokens(sample, 0, len(sample))] == [
        ("Mr.", True, True), ("Lee’s", True, True), ("U.S.", True, True), ("plan", True, False),
        (".", False, False), ("_x", True, False)]


def test_token_lower_case_outside_ascii():
    """Tokens with other characters than ASCII take Python's whole-word str.lower() (a final sigma,
    the Kelvin sign to an ASCII k) with curly apostrophes straight, except a word whose final
    period splits off, which keeps its curly one; an opening curly mark typed for a closing one
    reads as closing. (The tokeniser slices ASCII tokens out of the article's folded copy and
    lower-cases the others apart: both paths here.)"""
    text = "ΟΔΟΣ said O’Neill’s \u212aelvin met Ann O’Neill. “Hi,“ said Lee."
    assert [(t[2], t[3]) for t in FINDER.tokens(text, 0, len(text))] == [
        ("ΟΔΟΣ", "οδος"), ("said", "said"), ("O’Neill’s", "o'neill's"), ("\u212aelvin", "kelvin"),
        ("met", "met"), ("Ann", "ann"), ("O’Neill", "o’neill"), (".", "."), ("“", "“"), ("Hi", "hi"),
        (",", ","), ("”", "”"), ("said", "said"), ("Lee", "lee"), (".", ".")]


def test_speaking_on_condition_of_anonymity_names_its_anonymous_source():
    r = framing.score("Two aides spoke on condition of anonymity because the plan is not public. One former "
                      "employee, speaking on condition of anonymity because of an agreement, said the plan was dead.")
    assert [(a.source.text, a.cue.text, a.type) for a in r.attributions] == [
        ("Two aides", "spoke", "anonymous"), ("One former employee", "said", "anonymous")]
    assert r.attribution["anonymous"] == 2


def test_citing_after_a_reporting_clause_belongs_to_that_clause():
    r = framing.score("Members of the Lee family soured on him long ago, the Post reported, citing another source.")
    assert [(a.source.text, a.cue.text) for a in r.attributions] == [("the Post", "reported")]


def test_nobody_is_no_unnamed_source():
    r = framing.score("Nobody asked about the rhetoric.")
    assert [m for m in r.matches if m.attribution] == [] and r.attribution["vague"] == 0


def test_a_possessive_opening_the_sentence_is_not_the_subject_its_noun_is():
    r = framing.score("Grayson's spokeswoman challenged the claim, and said the senator never attacked anyone.")
    (a,) = r.attributions
    assert (a.source.text, a.type, a.name) == ("Grayson's spokeswoman", "described", "")
    assert r.attribution["named_spans"] == []


def test_a_speech_act_in_its_own_sentence_after_a_quotation():
    """The segmenter may end a sentence at '!”'; the act that follows still reports the quotation."""
    r = framing.score("\u201cWe will win. It will be such fun!\u201d Price tweeted.")
    assert [(a.source.text, a.cue.text, a.type) for a in r.attributions] == [("Price", "tweeted", "named")]
    assert framing.score("Price tweeted. Lee slept.").attributions == ()


@pytest.mark.parametrize("text, source", [
    ("Around that time, 47 percent said they would vote for Price.", "47 percent"),
    ("In the poll, 47 percent of voters said they would vote for Price.", "47 percent of voters"),
    ("A majority of voters say the economy is weak.", "A majority of voters"),
    ("Nine in 10 said they thought the economy favors the wealthy.", "Nine in 10"),
    ("Six in 10 voters said the mayor is honest.", "Six in 10 voters"),
    ("On economic issues, 42% say they are liberal.", "42%"),
    ("Most liked the mayor, and three-quarters said the same of her deputy.", "three-quarters"),
    ("More than half said no.", "More than half"),
])
def test_poll_shares_are_vague_sources(text, source):
    found = _by_source(text)
    assert source in found, (text, list(found))
    assert found[source].type == "vague"
    assert framing.score(text).attribution["vague"] == 1


def test_majority_in_a_title_is_still_a_role():
    (a,) = attributions_of("Senate Majority Leader Ann Price said the vote would wait.")
    assert (a.name, a.role, a.type) == ("Ann Price", "Senate Majority Leader", "named")


def test_ignore_list_silences_the_finders_own_unnamed_sources_too():
    # A review found `--ignore "critics say"` dropped the rule's match but the finder then added
    # its own attribution.unnamed-source match on "Critics", so the vague count did not move.
    text = "Critics say the plan is doomed. People familiar with the matter said talks had stalled."
    base = framing.Scorer(profile="rules").score(text)
    assert (base.attribution["vague"], base.attribution["anonymous"]) == (1, 1)
    for phrase, left in (("critics say", (0, 1)), ("people familiar with the matter", (1, 0))):
        res = framing.Scorer(profile="rules", ignore=[phrase]).score(text)
        assert (res.attribution["vague"], res.attribution["anonymous"]) == left, phrase
        assert not any(m.rule == "attribution.unnamed-source" and phrase.startswith(m.text.lower())
                       for m in res.matches)


@pytest.mark.parametrize("text, name, role", [
    ("The State Department said the emails were secret.", "State Department", ""),
    ("State Department spokesman John Kirby said the talks would resume.", "John Kirby", "State Department spokesman"),
    ("Secretary of State John Kerry said the talks would resume.", "John Kerry", "Secretary of State"),
    ("Obama Says Voters Will Decide.", "Obama", ""),
])
def test_a_title_before_a_body_is_its_name_and_a_title_with_of_is_a_role(text, name, role):
    (a,) = attributions_of(text)
    assert (a.type, a.name, a.role) == ("named", name, role)


@pytest.mark.parametrize("text, source, name", [
    ("A poll released by Gallup shows the mayor trailing.", "A poll released by Gallup", "Gallup"),
    ("A report by the Brookings Institution found that wages fell.", "A report by the Brookings Institution",
     "Brookings Institution"),
    ("A study by the Council of the Great City Schools found that tests were many.",
     "A study by the Council of the Great City Schools", "Council of the Great City Schools"),
])
def test_a_document_with_its_author_is_the_source_and_the_author_its_name(text, source, name):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name) == (source, "document", name)
    assert framing.score(text).attribution["named_sources"] == [name]


def test_an_agent_after_by_is_still_no_source():
    atts = attributions_of("A witness interviewed by congressional staff said the door was locked.")
    assert "congressional staff" not in [a.source.text for a in atts if a.source is not None]


@pytest.mark.parametrize("text, source, name, role", [
    ("\u201cIt is over,\u201d said pollster Frank Luntz.", "pollster Frank Luntz", "Frank Luntz", "pollster"),
    ("\u201cIt is over,\u201d said consulting firm Acme Partners.", "consulting firm Acme Partners", "Acme Partners",
     "consulting firm"),
    ("Ann Price of consulting firm Acme Partners said the plan was dead.",
     "Ann Price of consulting firm Acme Partners", "Ann Price", ""),
])
def test_lower_case_roles_before_and_firms_after_a_name(text, source, name, role):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name, a.role) == (source, "named", name, role)


@pytest.mark.parametrize("text, source, cue, role", [
    ("Price attacked the plan, tweeting that it was dead.", "Price", "tweeting", ""),
    ("Price attacked the plan, asking why it had passed.", "Price", "asking", ""),
    ("Price, tweeting from the rally, called it dead.", "Price", "tweeting", ""),
    ("Sen. Rand Paul, R-Ky., said the plan was dead.", "Sen. Rand Paul", "said", "Sen., R-Ky."),
    ("Sen. Rand Paul R-Ky. said the plan was dead.", "Sen. Rand Paul", "said", "Sen."),
    # a setting between the subject and its verb is no role
    ("Price, in a statement Tuesday, said the plan was dead.", "Price", "said", ""),
    ("Price, speaking at a rally, said the plan was dead.", "Price", "said", ""),
])
def test_participles_party_tags_and_settings_around_a_named_source(text, source, cue, role):
    found = _by_source(text)
    assert source in found, (text, list(found))
    a = found[source]
    assert (a.cue.text, a.type, a.role) == (cue, "named", role)


@pytest.mark.parametrize("text, source, cue", [
    ("Hours later, Price returned the compliment to Lee, telling reporters the deal was good.", "Price", "telling"),
    ("\u201cIn breaking news,\u201d Price tweeted last January, \u201cwe won.\u201d", "Price", "tweeted"),
    ("Price has delivered a defense of \u201cRiverside values,\u201d saying the city was great.", "Price", "saying"),
    ("Price distanced himself from the movement by saying he would help.", "Price", "saying"),
    ("At an event in Ames, Iowa, on Sunday, Ms. Price tried to explain, saying that the town should lead.",
     "Ms. Price", "saying"),
])
def test_participle_subjects_after_leading_phrases_quotes_and_by(text, source, cue):
    found = _by_source(text)
    assert source in found, (text, list(found))
    assert (found[source].cue.text, found[source].type) == (cue, "named")


def test_a_quotation_opening_the_sentence_is_no_participles_subject():
    atts = attributions_of("\u201cThank you, son,\u201d Lee replied, before adding that children should listen.")
    assert "Thank" not in [a.source.text for a in atts if a.source is not None]


@pytest.mark.parametrize("text, source, cue, name, role", [
    ("\u201cWe can call it now,\u201d election law expert Ann Price tweeted Monday.", "election law expert Ann Price",
     "tweeted", "Ann Price", "election law expert"),
    ("\u201cIt is over,\u201d said Lee\u2019s deputy campaign manager, Ann Price, who ran the ground game.", "Ann Price",
     "said", "Ann Price", "Lee\u2019s deputy campaign manager"),
])
def test_roles_around_a_name_after_a_quotation(text, source, cue, name, role):
    found = _by_source(text)
    assert source in found, (text, list(found))
    a = found[source]
    assert (a.cue.text, a.type, a.name, a.role) == (cue, "named", name, role)
    assert a.content.text.startswith("\u201c")


def test_two_names_joined_by_and_are_two_sources_of_one_cue():
    r = framing.score("Ann Price and Tom Lee said they would meet again.")
    assert [(a.source.text, a.type, a.content.text) for a in r.attributions] == [
        ("Ann Price", "named", "they would meet again"), ("Tom Lee", "named", "they would meet again")]
    assert r.attribution["named_sources"] == ["Ann Price", "Tom Lee"]
    (one,) = attributions_of("The Centers for Disease Control and Prevention estimates that one in 45 children has autism.")
    assert one.source.text == "The Centers for Disease Control and Prevention"


@pytest.mark.parametrize("text, source", [
    ("To win their votes, donors said, the party must change.", "donors"),
    ("Party leaders told reporters that they would not spend money on the seat.", "Party leaders"),
    ("Strategists say the race is close.", "Strategists"),
])
def test_more_group_nouns_are_vague_sources(text, source):
    found = _by_source(text)
    assert source in found, (text, list(found))
    assert found[source].type == "vague"
    assert any(m.attribution == "vague" for m in framing.score(text).matches)


def test_the_one_who_asks_is_a_source_and_not_the_antecedent_of_who_answers():
    r = framing.score("Asked by Tom Lee whether she had practiced, she said no.")
    asked, said = r.attributions
    assert (asked.source.text, asked.cue.text, asked.type, asked.content.text) == (
        "Tom Lee", "Asked", "named", "whether she had practiced")
    assert (said.type, said.name) == ("pronoun", "")
    (a,) = attributions_of("Price was asked by host Tom Lee whether she would run.")
    assert (a.source.text, a.name, a.role, a.content.text) == ("host Tom Lee", "Tom Lee", "host", "whether she would run")


@pytest.mark.parametrize("text, source, cue, typ", [
    ("Price later Thursday told reporters that they would meet.", "Price", "told", "named"),
    ("While Lee did not spell out the path, Rep. Ann Price, R-NY, says the votes are there.", "Rep. Ann Price", "says",
     "named"),
    ("Both issued a statement \u2013 Price saying she was encouraged.", "Price", "saying", "named"),
    ("The debate turned on taxes, with Senator Ann Price telling reporters she blamed Lee.",
     "Senator Ann Price", "telling", "named"),
    ("Lee could win, with 47 percent of voters saying they will support him.", "47 percent of voters", "saying", "vague"),
])
def test_settings_party_tags_and_participles_with_their_own_subject(text, source, cue, typ):
    found = _by_source(text)
    assert source in found, (text, list(found))
    assert (found[source].cue.text, found[source].type) == (cue, typ)


def test_a_thing_with_a_participle_is_no_source():
    assert attributions_of("He left with a sign saying no.") == ()


@pytest.mark.parametrize("text, source, cue, content", [
    ("The deal is healthy, reported the Riverside Examiner.", "the Riverside Examiner", "reported", "The deal is healthy"),
    ("The plan is dead, reports USA Today.", "USA Today", "reports", "The plan is dead"),
    ("Continued Stone: \u201cSo I think it is a real problem.\u201d", "Stone", "Continued",
     "\u201cSo I think it is a real problem.\u201d"),
])
def test_inverted_reports_and_sentence_opening_cues_before_a_colon(text, source, cue, content):
    found = _by_source(text)
    assert source in found, (text, list(found))
    a = found[source]
    assert (a.cue.text, a.type, a.name, a.content.text) == (cue, "named", source.removeprefix("the "), content)


@pytest.mark.parametrize("text, role", [
    ("Mike Kent, the co-author of \u201cGoing Viral,\u201d said the days are over.", "the co-author of \u201cGoing Viral,\u201d"),
    ("Mike Kent, host of WXYZ\u2019s \u201cMorning Joe,\u201d suggested the refusal could hurt him.",
     "host of WXYZ\u2019s \u201cMorning Joe,\u201d"),
])
def test_an_appositive_ending_in_a_quoted_title(text, role):
    found = _by_source(text)
    assert "Mike Kent" in found, (text, list(found))
    assert (found["Mike Kent"].type, found["Mike Kent"].role) == ("named", role)


@pytest.mark.parametrize("text, source, typ, role", [
    ("Officials who spoke on condition of anonymity said the talks failed.", "Officials", "anonymous",
     "who spoke on condition of anonymity"),
    ("Economists who favor consumption taxes agree that the change will be slow.", "Economists", "vague",
     "who favor consumption taxes"),
    ("Democrats in Iowa who watched the debate said they were unfazed.", "Democrats in Iowa", "vague",
     "who watched the debate"),
    ("About one in five say they would not vote.", "About one in five", "vague", ""),
    ("Two in three said they are less likely to vote.", "Two in three", "vague", ""),
    ("Many voters shrugged, with three in 10 saying it had no effect.", "three in 10", "vague", ""),
])
def test_sources_before_a_relative_clause_and_more_shares(text, source, typ, role):
    found = _by_source(text)
    assert source in found, (text, list(found))
    assert (found[source].type, found[source].role) == (typ, role)
    assert framing.score(text).attribution["named_spans"] == []


def test_the_subject_inside_a_relative_clause_is_still_the_source():
    assert [a.source.text for a in attributions_of("Voters who Price says she loves stayed home.")] == ["Price"]


@pytest.mark.parametrize("text, source, typ, name", [
    ("Justice Department officials said the case was closed.", "Justice Department officials", "anonymous", ""),
    ("Price aides said the plan was set.", "Price aides", "anonymous", ""),
    ("Price campaign officials declined to comment, saying it was private.", "Price campaign officials", "anonymous", ""),
    ("The Price campaign said it would fight.", "The Price campaign", "named", "Price campaign"),
    ("Price campaign spokesman Tom Lee said no.", "Price campaign spokesman Tom Lee", "named", "Tom Lee"),
])
def test_the_head_noun_decides_between_a_named_body_and_its_unnamed_people(text, source, typ, name):
    found = _by_source(text)
    assert source in found, (text, list(found))
    assert (found[source].type, found[source].name) == (typ, name)


def test_a_quotation_opened_curly_and_closed_straight_still_ends_before_its_reporting_clause():
    (a,) = attributions_of('\u201cI heard parts of the speech," Price said. "He wants to give it away.\u201d')
    assert (a.source.text, a.cue.text, a.type) == ("Price", "said", "named")


@pytest.mark.parametrize("text, source, cue", [
    ("Democrats acknowledge that the bill is weak.", "Democrats", "acknowledge"),
    ("Officials deny any link to the group.", "Officials", "deny"),
    ("Price will announce her pick on Friday.", "Price", "announce"),
])
def test_base_forms_of_speech_verbs_are_cues(text, source, cue):
    found = _by_source(text)
    assert source in found, (text, list(found))
    assert found[source].cue.text == cue


def test_not_responding_is_no_report():
    assert attributions_of("The Price campaign did not respond to a request for comment.") == ()


@pytest.mark.parametrize("text, source", [
    ("It did not go over well with Republicans, and the meeting soured from there, said one GOP source.",
     "one GOP source"),
    ("For some, the losses would outstrip the gains, said Price.", "Price"),
])
def test_an_inverted_source_after_a_comma_wins_over_a_clause_read_as_an_appositive(text, source):
    assert [a.source.text for a in attributions_of(text)] == [source]


@pytest.mark.parametrize("text", [
    "Health worries have dogged her since May.",  # a plural noun with its verb after it
    "Price said having Lee at the top of the ticket helps.",  # no lower-case role before an inverted name
])
def test_nouns_and_clauses_that_are_no_sources(text):
    assert [a.source.text for a in attributions_of(text) if a.source is not None] in ([], ["Price"])


@pytest.mark.parametrize("text, source, typ, name", [
    ("A Riverside University poll released in late August found that 74 percent of voters want it.",
     "A Riverside University poll", "document", "Riverside University"),
    ("Acme Bank just this month announced it would end the plan.", "Acme Bank", "named", "Acme Bank"),
    ("The Real Clear Politics average of polls shows Price leading.", "The Real Clear Politics average of polls",
     "document", "Real Clear Politics"),
    ("The average voter said no.", "The average voter", "described", ""),
])
def test_times_before_the_cue_and_averages_as_documents(text, source, typ, name):
    found = _by_source(text)
    assert source in found, (text, list(found))
    assert (found[source].type, found[source].name) == (typ, name)


def test_a_place_before_a_role_is_a_description_not_a_name():
    r = framing.score("It was as bad as anything the Riverside senator said on stage. The Ohio governor said no.")
    assert [a.type for a in r.attributions] == ["described", "described"]
    assert r.attribution["named_sources"] == []


@pytest.mark.parametrize("text", ["Already, 520 delegates have said they back Price.", "Enough said."])
def test_sentence_opening_adverbs_are_no_names(text):
    assert framing.score(text).attribution["named_spans"] == []


def test_as_reported_by_names_its_source():
    (a,) = attributions_of("As reported by Western Journalism, the secretary was told of her duty.")
    assert (a.source.text, a.cue.text, a.type, a.content.text) == (
        "Western Journalism", "reported", "named", "the secretary was told of her duty")
    (b,) = attributions_of("The deal, as noted by the Times, was late.")
    assert (b.source.text, b.name, b.content) == ("the Times", "Times", None)


# ---------------------------------------------------------------- round 4 (issue 15): shapes news uses

def _found(text):
    return [(a.source.text, a.cue.text, a.type, a.name, a.content.text if a.content else None) for a in attributions_of(text)]


def test_an_organisation_named_with_for_a_is_one_name():
    assert _found("The Committee for a Sound Budget said the plan costs more.") == [
        ("The Committee for a Sound Budget", "said", "named", "Committee for a Sound Budget", "the plan costs more")]


def test_a_name_after_an_adjective_or_a_common_noun_is_the_source():
    """'A weary Ann Price said': a named source, not an anonymous 'a ...' one; 'an honor Ann Price
    said she valued': the name, not 'an honor Ann Price'."""
    assert _found("A weary Ann Price said the vote was lost.") == [
        ("Ann Price", "said", "named", "Ann Price", "the vote was lost")]
    assert [(s, t) for s, _, t, _, _ in _found("It was an honor Ann Price said she valued.")] == [("Ann Price", "named")]


def test_an_act_after_a_quotation_with_its_time():
    assert _found('"The plan works," Ann Price tweeted Friday afternoon.') == [
        ("Ann Price", "tweeted", "named", "Ann Price", '"The plan works,"')]


def test_a_name_in_apposition_after_its_role():
    """'The agency's director, Ann Price, said': the name is the source, the role its role (two
    capitalised words after a comma are no longer taken for a town and its state)."""
    (a,) = attributions_of("The agency's director, Ann Price, said the plan works.")
    assert (a.source.text, a.type, a.name, a.role) == ("Ann Price", "named", "Ann Price", "The agency's director")
    (b,) = attributions_of("Bo Lee, Acme Partners' chief economist, said rates will rise.")
    assert (b.source.text, b.type, b.role) == ("Bo Lee", "named", "Acme Partners' chief economist")


def test_a_slash_joins_the_names_of_a_poll():
    assert _found("A Gallup/Acme poll shows the race is close.") == [
        ("A Gallup/Acme poll", "shows", "document", "Gallup/Acme", "the race is close")]
    assert framing.score("A Gallup/Acme poll shows the race is close.").attribution["named_sources"] == ["Gallup/Acme"]


def test_spoke_with_an_adverb_of_something():
    assert [(s, c) for s, c, *_ in _found("Ann Price spoke warmly of the plan.")] == [("Ann Price", "spoke")]


def test_a_participle_after_a_subject_with_its_day():
    assert _found("Sen. Ann Price on Tuesday rejected the bill, saying it costs too much.") == [
        ("Sen. Ann Price", "saying", "named", "Ann Price", "it costs too much")]


def test_what_a_named_source_said():
    """The content of 'what Ann Price said' is the 'what': none is given (not 'at the hearing')."""
    assert _found("That is not what Ann Price said at the hearing.") == [("Ann Price", "said", "named", "Ann Price", None)]
    assert _found("How Ann Price responds will decide the vote.") == []


def test_a_possessive_claim_that_names_its_source():
    found = _found("Critics doubted Ann Price's claim that the plan works.")
    assert ("Ann Price's", "claim", "named", "Ann Price", "the plan works") in found
    # without a that-clause a possessive noun reports nothing
    assert _found("Ann Price's comments came late.") == []


def test_two_apostrophes_quote_as_a_double_mark():
    """''...,'' as the New York Times writes quotations: the words are quoted voice, the source
    after them is found with the quotation as its content."""
    text = "''The plan is dead,'' Ann Price said. ''We start again.''"
    r = framing.score(text)
    assert [text[q.start:q.end] for q in r.quotes] == ["''The plan is dead,''", "''We start again.''"]
    assert _found(text) == [("Ann Price", "said", "named", "Ann Price", "''The plan is dead,''")]
    assert r.quoted_words == 7


def test_expected_that_is_a_source_not_expected_to():
    assert _found("Ann Price expected that the vote would pass.") == [
        ("Ann Price", "expected", "named", "Ann Price", "the vote would pass")]
    assert _found("Ann Price expected the vote to pass.") == []
    assert _found("It is expected to pass on Monday.") == []


def test_a_name_and_a_description_with_a_link_are_two_sources():
    found = _found("Ann Lee and her rivals for the nomination have said the law works.")
    assert [(s, t) for s, _, t, _, _ in found] == [("Ann Lee", "named"), ("her rivals for the nomination", "described")]
    assert [(s, t) for s, _, t, _, _ in _found("Both Ann Lee and her campaign said the plan works.")] == [
        ("Ann Lee", "named"), ("her campaign", "described")]


def test_a_that_clause_after_an_inverted_cue_is_no_source():
    """'..., noted that Cruz won': Cruz is in the content; the source is the subject before."""
    found = _found("Sen. Ann Lee (R-Mo.), facing a stiff challenge, noted that Bo Chan won.")
    assert found == [("Sen. Ann Lee", "noted", "named", "Ann Lee", "Bo Chan won")]


def test_agreed_with_and_knew_that():
    (a,) = attributions_of("Dan Lee at the Review agreed with Bo Chan about the winner.")
    assert (a.source.text, a.cue.text, a.type, a.name) == ("Dan Lee at the Review", "agreed", "named", "Dan Lee")
    assert [(s, c) for s, c, *_ in _found("Ann Lee knew that the vote was lost.")] == [("Ann Lee", "knew")]
    assert _found("Ann Lee knows the area well.") == []


def test_officials_at_a_named_body_are_anonymous():
    assert [(s, t) for s, _, t, _, _ in _found("Officials at the Pentagon said it works.")] == [
        ("Officials at the Pentagon", "anonymous")]


@pytest.mark.parametrize("text, source, name, role", [
    ("Ann Kall -- co-editor of the book -- said the answer was no.", "Ann Kall", "Ann Kall", "co-editor of the book"),
    ("Dan Lee, the chief executive of Ora Media -- the firm that makes the show -- said that it was fine.",
     "Dan Lee", "Dan Lee", "the chief executive of Ora Media -- the firm that makes the show"),
])
def test_typed_double_hyphen_dashes_set_off_an_appositive(text, source, name, role):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name, a.role) == (source, "named", name, role)


def test_a_double_hyphen_is_one_token():
    text = "Ann Kall -- co-editor --- said"
    toks = [t[2] for t in AttributionFinder().tokens(text, 0, len(text))]
    assert toks == ["Ann", "Kall", "--", "co-editor", "---", "said"]


@pytest.mark.parametrize("text, source, name", [
    ("A Daily Ledger analysis of campaign filings shows that spending rose.",
     "A Daily Ledger analysis of campaign filings", "Daily Ledger"),
    ("The latest Acme opinion poll shows that the mayor leads.", "The latest Acme opinion poll", "Acme"),
    ("A Reuters/Ipsos exit poll shows that the mayor leads.", "A Reuters/Ipsos exit poll", "Reuters/Ipsos"),
])
def test_a_named_document_with_a_compound_or_of_phrase_is_the_source(text, source, name):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name) == (source, "document", name)


@pytest.mark.parametrize("text, source, name", [
    ("It was a root canal, according to Ann Lee's memoir.", "Ann Lee's memoir", "Ann Lee"),
    ("The talks were tense, according to a Pentagon readout.", "a Pentagon readout", "Pentagon"),
])
def test_memoirs_and_readouts_are_documents_named_by_their_author(text, source, name):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name) == (source, "document", name)


def test_the_subject_after_a_subordinator_is_the_source_of_a_coordinated_cue():
    text = "Some in the crowd booed, and when Ann Lee thanked the city and said it was good to be home, a man yelled."
    (a,) = attributions_of(text)
    assert (a.source.text, a.cue.text, a.type, a.name) == ("Ann Lee", "said", "named", "Ann Lee")


# ---------------------------------------------------------------- round 6

@pytest.mark.parametrize("text, source", [
    ("Reports suggest the harbour deal is close.", "Reports"),
    ("Some accounts suggest the review is a formality.", "Some accounts"),
    ("Several reports said the mayor had resigned.", "Several reports"),
    ("Media reports said the talks had stalled.", "Media reports"),
])
def test_bare_or_quantified_reports_and_accounts_are_vague_not_documents(text, source):
    """The issue lists "reports suggest" as vague: hearsay without an author is no paper anyone can check."""
    r = framing.score(text)
    (a,) = r.attributions
    assert (a.source.text, a.type, a.name) == (source, "vague", "")
    assert r.attribution["documents"] == 0 and r.attribution["named_sources"] == []


@pytest.mark.parametrize("text, source, name", [
    ("A WikiLeaks document shows the plan was ready.", "A WikiLeaks document", "WikiLeaks"),
    ("Reports by Reuters said the mayor had resigned.", "Reports by Reuters", "Reuters"),
    ("Wages fell, according to the report.", "the report", ""),
    ("The study shows the plan was ready.", "The study", ""),
])
def test_documents_with_an_author_or_a_determiner_stay_documents(text, source, name):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name) == (source, "document", name)


@pytest.mark.parametrize("text, source, cue", [
    # a speech act before a clause with its own pronoun subject
    ("Ann Lee claims he is worth far less.", "Ann Lee", "claims"),
    ("Bo Hart notes they were appointed before she came.", "Bo Hart", "notes"),
    # a prepositional phrase between a speech act and its that-clause
    ("Ann Lee tweeted in the early hours that the mayor was rude.", "Ann Lee", "tweeted"),
    # "even", "actually", reflexives between the source and its cue
    ("Ann Lee has even claimed she will win.", "Ann Lee", "claimed"),
    ("Bo Hart himself said the plan was late.", "Bo Hart", "said"),
])
def test_speech_acts_with_a_pronoun_clause_a_phrase_or_an_adverb_between(text, source, cue):
    (a,) = attributions_of(text)
    assert (a.source.text, a.cue.text, a.type) == (source, cue, "named")


@pytest.mark.parametrize("text", [
    "Ann Lee praised him for the work.",
    "Ann Lee accused them of lying.",
    "Bo Hart agreed to talk on the condition that his name stay out.",
])
def test_speech_acts_with_an_object_or_an_infinitive_are_not_reports(text):
    assert attributions_of(text) == ()


@pytest.mark.parametrize("text, names", [
    ("Sens. Ann Lee (D-Ore.), Bo Hart (D-Ohio) and Carl Ruiz (D-N.J.) all suggested the bank was wrong.",
     ["Ann Lee", "Bo Hart", "Carl Ruiz"]),
    ("Ann Lee, Bo Hart and Carl Ruiz all said the bank was wrong.", ["Ann Lee", "Bo Hart", "Carl Ruiz"]),
    ("Sens. Ann Lee (D-Ore.) and Bo Hart (D-Ohio) said the bank was wrong.", ["Ann Lee", "Bo Hart"]),
    ("Yesterday, Ann Lee and Bo Hart both said the bank was wrong.", ["Ann Lee", "Bo Hart"]),
])
def test_a_list_of_names_before_the_cue_is_one_source_each(text, names):
    atts = attributions_of(text)
    assert [a.name for a in atts] == names
    assert {a.type for a in atts} == {"named"}
    assert all("(" not in a.source.text for a in atts)


@pytest.mark.parametrize("text, name", [
    ("The plan failed, the Associated Press reported.", "Associated Press"),
    ("The Detroit Free Press reported that the plan failed.", "Detroit Free Press"),
    ("White House Press Secretary Ann Lee said the plan failed.", "Ann Lee"),
])
def test_press_ends_a_name_unless_a_title_follows(text, name):
    (a,) = attributions_of(text)
    assert (a.type, a.name) == ("named", name)


@pytest.mark.parametrize("text, source, cue, role", [
    # a lower-case title inside the name of a coordinated cue's subject
    ("Democratic candidate Ann Lee, like Bo Hart, has visited the towns but has said she will hold firm.",
     "Democratic candidate Ann Lee", "said", "Democratic candidate"),
    # a participle's subject with a party tag and then an appositive opened by a possessive name
    ("Attorney General Roy Cole (D), Lee's rival in the race, called Friday for the videos, saying that it helps.",
     "Attorney General Roy Cole", "saying", "Attorney General"),
])
def test_subjects_with_a_lower_case_title_or_a_tag_then_an_appositive(text, source, cue, role):
    found = _by_source(text)
    a = found[source]
    assert (a.cue.text, a.type, a.role.split(",")[0]) == (cue, "named", role)


@pytest.mark.parametrize("text, source, cue", [
    # a speech act right after the quotation it reports, whatever follows it
    ("\u201cWe stand with them,\u201d Ann Lee tweeted the day after the storm.", "Ann Lee", "tweeted"),
    # the article of a name opening the subject of a coordinated cue
    ("But the Court of Appeals overruled the judge and said Ohio was right.", "Court of Appeals", "said"),
])
def test_acts_after_their_quotation_and_a_named_subject_with_its_article(text, source, cue):
    (a,) = attributions_of(text)
    assert (a.source.text, a.cue.text, a.type, a.name) == (source, cue, "named", source)


@pytest.mark.parametrize("text", [
    "\u201cIt is unusual,\u201c said Larry Hale, an attorney with the firm. \u201cIt is hard.\u201d",
    "\u201cIt is unusual,\u201c Larry Hale said.",
])
def test_an_opening_mark_typed_as_the_closing_one_still_ends_the_quotation_before_its_speaker(text):
    r = framing.score(text)
    (a,) = r.attributions
    assert (a.source.text, a.cue.text, a.type) == ("Larry Hale", "said", "named")
    assert [q["text"] for q in r.to_dict()["quotes"]][0] == "\u201cIt is unusual,\u201c"


@pytest.mark.parametrize("text, source, name", [
    ("Democratic presidential candidate Sen. Ann Lee (I-Vt.) on Saturday criticized the accord, saying it was weak.",
     "Democratic presidential candidate Sen. Ann Lee", "Ann Lee"),
    ("Presumptive Republican presidential nominee Bo Hart also joined the debate, announcing that he would vote.",
     "Presumptive Republican presidential nominee Bo Hart", "Bo Hart"),
])
def test_a_run_of_lower_case_title_words_stays_inside_a_participles_subject(text, source, name):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name) == (source, "named", name)


def test_a_cue_coordinated_inside_a_relative_clause_reports_its_name():
    text = "Bo Hart, who backed Ann Lee in May and said he would campaign with her, stayed home."
    (a,) = attributions_of(text)
    assert (a.source.text, a.cue.text, a.type) == ("Bo Hart", "said", "named")
    # a participle inside the relative clause is no report of the name
    assert attributions_of("But Ann Lee, who was busy while saying goodbye to a guest, looked up.") == ()


@pytest.mark.parametrize("text, source, name, role", [
    # a role a few lower-case words after its possessor, then the name in commas
    ("Senator Roe's chief of staff, John Doe, told reporters the vote was near.",
     "John Doe", "John Doe", "Senator Roe's chief of staff"),
    # a description, then a role and a name in commas: the name is the source
    ("His wife, longtime party aide Jane Doe, announced they had separated.",
     "longtime party aide Jane Doe", "Jane Doe", "longtime party aide"),
])
def test_a_name_in_commas_after_a_possessed_role_or_a_description_is_the_source(text, source, name, role):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type, a.name, a.role.split(",")[0]) == (source, "named", name, role)
    # a place after a place in commas stays no source
    assert attributions_of("A driver from Dayton, North Carolina, said the road was closed.") == ()


@pytest.mark.parametrize("text, source, cue, typ", [
    ("Lewandowski continued to say he had never touched her.", "Lewandowski", "say", "named"),
    ("Critics continue to warn that the deal is dangerous.", "Critics", "warn", "vague"),
    ("Ann Lee has continued to insist that the vote was fair.", "Ann Lee", "insist", "named"),
])
def test_the_subject_of_continue_to_is_the_source_of_the_cue_after_it(text, source, cue, typ):
    (a,) = attributions_of(text)
    assert (a.source.text, a.cue.text, a.type) == (source, cue, typ)
    # other infinitives after "to" stay without a source
    assert attributions_of("The mayor wants to say more about the budget.") == ()


@pytest.mark.parametrize("text, source, cue", [
    # a tweet is published words, whatever its object
    ("Ann Lee tweeted her thanks to the mayor.", "Ann Lee", "tweeted"),
    # "continues" before a quotation or after one
    ("Ann Lee continues: \u201cWe will win.\u201d", "Ann Lee", "continues"),
    ("\u201cWe will win,\u201d Ann Lee continues.", "Ann Lee", "continues"),
])
def test_tweeted_is_speech_and_continues_reports_a_quotation(text, source, cue):
    (a,) = attributions_of(text)
    assert (a.source.text, a.cue.text, a.type) == (source, cue, "named")
    assert attributions_of("The war continues in the north.") == ()


def test_a_figure_estimated_at_is_no_view():
    assert attributions_of("Her net worth was estimated at $5 million by the magazine.") == ()
    (a,) = attributions_of("Analysts estimated that the bill would pass.")
    assert (a.source.text, a.cue.text, a.type) == ("Analysts", "estimated", "vague")


def test_a_name_after_an_inverted_cue_ends_before_of_and_a_lower_case_role():
    (a,) = attributions_of("\u201cThat is enough for now,\u201d said Jane Doe of digital consulting firm Acme.")
    assert (a.source.text, a.cue.text, a.type, a.name) == ("Jane Doe", "said", "named", "Jane Doe")
    # without a name the phrase stays no source
    assert attributions_of("\u201cThat is enough,\u201d said a man of little faith.") == ()


@pytest.mark.parametrize("text, expected", [
    # the cue scan before tokenising: a cue word beside a dash or a curly mark, overlapping cue words
    ("Ann Lee said\u2014it is over.", [("Ann Lee", "said")]),
    ("\u201cIt is over,\u201d said Ann Lee.", [("Ann Lee", "said")]),
    ("Ann Lee tells essayists that it is over.", [("Ann Lee", "tells")]),
    # a KELVIN SIGN lower-cases to 'k': the token 'asKed' is the cue 'asked'
    ("Ann Lee as\u212aed the mayor whether it is over.", [("Ann Lee", "as\u212aed")]),
    # no cue word, only cue words inside other words
    ("The essayists told\u00e9 nothing; the saying goes on.", []),
])
def test_sentences_without_a_cue_word_are_skipped_and_the_others_found(text, expected):
    assert [(a.source.text, a.cue.text) for a in attributions_of(text)] == expected


@pytest.mark.parametrize("text, sources", [
    # a discourse adverb in commas between the source and its cue is no role
    ("Ann Lee, however, said the plan failed.", [("Ann Lee", "")]),
    ("Security experts and U.S. officials, however, said the plan failed.",
     [("Security experts", ""), ("U.S. officials", "")]),
    # a filing's participle and its day before the cue
    ("A court document filed Thursday says that the case is closed.", [("A court document", "")]),
])
def test_a_discourse_adverb_or_a_filing_day_between_source_and_cue(text, sources):
    assert [(a.source.text, a.role) for a in attributions_of(text)] == sources


def test_after_an_inverted_cue_a_name_in_commas_after_the_role_is_the_source():
    """'"...," said ROLE [at/in/from/on ...], First Last': the name is the source, the role its
    description, also with capitalised modifiers in the role and "another" or "a" before it."""
    (a,) = attributions_of('"He was always quiet," said his oldest friend at Oberlin, Martin Dale, who met him in 1990.')
    assert (a.source.text, a.type, a.role) == ("Martin Dale", "named", "his oldest friend at Oberlin")
    (a,) = attributions_of('"The port was calm," wrote the British consul at the time, Henry F. Lowe.')
    assert (a.source.text, a.type, a.role) == ("Henry F. Lowe", "named", "the British consul at the time")
    (a,) = attributions_of('"We are tired," said another Facebook user, Laura Venn.')
    assert (a.source.text, a.type) == ("Laura Venn", "named")
    # a name after "a friend of the Texas governor" may be the governor's: the role stays the source
    (a,) = attributions_of('"It is closed," said a longtime friend of the Texas governor, Greg Abbott.')
    assert (a.source.text, a.type) == ("a longtime friend of the Texas governor", "anonymous")
    # a single capitalised word after the comma is no name in commas
    (a,) = attributions_of('"It is closed," said another Facebook user, Laura.')
    assert a.type != "named"


def test_a_document_by_or_from_a_named_author_is_a_named_document():
    """Press releases, complaints, lawsuits, declarations, databases, calculations and speeches are
    documents; the name of a document is its author after "by" (not the place before it), or after
    "from" when no name comes before it."""
    (a,) = attributions_of("Taxes rose last year, according to a press release from Clearwater Action.")
    assert (a.source.text, a.type, a.name) == ("a press release from Clearwater Action", "document",
                                              "Clearwater Action")
    (a,) = attributions_of("He hid the money, according to a lawsuit filed in Chicago by Maria Kovacs.")
    assert (a.type, a.name) == ("document", "Maria Kovacs")
    (a,) = attributions_of("Deaths rose, according to a Boston Globe database tracking such cases.")
    assert (a.type, a.name) == ("document", "Boston Globe")
    (a,) = attributions_of("Rents are high, according to calculations by Ruth Ellis of Stanford University.")
    assert (a.type, a.name_span.text) == ("document", "Ruth Ellis of Stanford University")
    (a,) = attributions_of("Rents are high, according to calculations by Ruth Ellis.")
    assert (a.type, a.name) == ("document", "Ruth Ellis")
    # a name before "from" stays the document's: "a Chicago Tribune report from Baghdad"
    (a,) = attributions_of("The city fell, according to a Chicago Tribune report from Baghdad.")
    assert (a.type, a.name) == ("document", "Chicago Tribune")
    # an unnamed one stays unnamed
    (a,) = attributions_of("The plant was closed, according to a civil complaint filed on Monday.")
    assert (a.type, a.name) == ("document", "")


def test_a_named_persons_team_is_a_named_body():
    """'Kasich's team' is named like "Clinton's campaign" (the body of a named person); "Kasich's
    advisers" stays a description."""
    (a,) = attributions_of("Moreno's team thinks the race is close.")
    assert (a.type, a.name_span.text) == ("named", "Moreno's team")
    (a,) = attributions_of("Moreno’s team denied the report.")
    assert a.type == "named"
    (a,) = attributions_of("Moreno's advisers think the race is close.")
    assert (a.type, a.name_span) == ("described", None)


def test_a_name_and_a_description_after_a_subordinator_are_both_sources():
    """'where Moreno and his aides believe': the clause opens after "where", so the name before
    "and" is a source beside the description."""
    got = [(a.source.text, a.type) for a in attributions_of("Then comes the vote in Ohio, where Moreno and his aides believe they can win.")]
    assert got == [("Moreno", "named"), ("his aides", "described")]
    # without a subordinator or a clause opening, the words before "and" are not joined
    got = [(a.source.text, a.type) for a in attributions_of("They met the mayor of Moreno and his aides believe they can win.")]
    assert ("Moreno", "named") not in got
