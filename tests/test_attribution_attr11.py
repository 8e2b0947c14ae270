"""Attribution shapes of round 11 (issue 15, helper attr11), on sentences written for them."""
import pytest

from attribution_check import attributions_of, named_texts


@pytest.mark.parametrize("text, cue", [
    # a columnist named Will: capitalised inside a sentence, the word is a name, not the modal
    ("In his column, Will wrote that the governor had the better record.", "wrote"),
    ("The race is not over, Will wrote, and the governor can still win it.", "wrote"),
    ("While Will acknowledges the senator's appeal, he prefers the governor.", "acknowledges"),
    ("In the piece, Will claims that the speech affirmed an old belief.", "claims"),
])
def test_a_capitalised_will_inside_a_sentence_is_a_named_source(text, cue):
    (a,) = [a for a in attributions_of(text) if a.cue.text == cue]
    assert (a.source.text, a.type) == ("Will", "named")
    assert text[a.source.start:a.source.end] == "Will"
    assert named_texts(text) == ["Will"]


@pytest.mark.parametrize("text, source", [
    # the modal stays a modal: lower-case, or the first word of a title-case headline's verb group
    ("Dana Okafor will say that the deal is done.", "Dana Okafor"),
    ("Okafor Will Say Deal Is Done", "Okafor"),
])
def test_the_modal_will_is_still_skipped(text, source):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == (source, "named")


@pytest.mark.parametrize("text, source, cue", [
    # a cue coordinated by "then" after a comma reports the sentence's subject
    ("Dana Okafor paused, then revealed why the vote had moved her.", "Dana Okafor", "revealed"),
    ("Okafor jokingly offered the man a job, then says she will welcome his advice.", "Okafor", "says"),
])
def test_a_cue_after_comma_then_reports_the_subject(text, source, cue):
    (a,) = [a for a in attributions_of(text) if a.cue.text == cue]
    assert (a.source.text, a.type) == (source, "named")
    assert text[a.source.start:a.source.end] == source


@pytest.mark.parametrize("text", [
    # "then" after an appositive's comma: the name before the appositive, as before
    "Dana Okafor, the senator, then said that it was over.",
    # "then" opening an age or a former role is no coordination
    "Dana Okafor, then 35, said that it was over.",
])
def test_then_after_an_appositive_keeps_the_name(text):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == ("Dana Okafor", "named")


def test_a_non_response_is_no_attribution():
    # decided in round 11: "did not respond to a request for comment" reports no content of the
    # named party, so it makes no source (the finder's base forms stay out of the speech lexicon)
    text = "Dana Okafor did not respond to a request for comment."
    assert list(attributions_of(text)) == []
    assert named_texts(text) == []


@pytest.mark.parametrize("text, source", [
    # a spaced hyphen sets off an aside as a dash does ("--", "—")
    ("Dana Okafor - his girlfriend and co-host on the channel - told the paper that he was wary.",
     "Dana Okafor"),
    ("On his way out, Mr. Okafor - in a line aimed at his rival - said that the party must unite.",
     "Mr. Okafor"),
])
def test_an_aside_in_spaced_hyphens_closes_before_the_cue(text, source):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == (source, "named")
    assert text[a.source.start:a.source.end] == source


def test_a_hyphen_inside_words_is_no_aside():
    text = "Dana Okafor said the co-host of the show made a two-thirds majority look easy."
    (a,) = attributions_of(text)
    assert (a.source.text, a.cue.text) == ("Dana Okafor", "said")


@pytest.mark.parametrize("text", [
    # an inverted cue, then a role headed by a title, then the name in commas
    '"It is over," said the director, Dana Okafor.',
    "They had known each other for years, said the bureau's director, Dana Okafor, on Monday.",
])
def test_an_inverted_cue_before_a_titled_role_and_a_name_names_the_source(text):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == ("Dana Okafor", "named")
    assert text[a.source.start:a.source.end] == "Dana Okafor"
    assert named_texts(text) == ["Dana Okafor"]


def test_an_inverted_cue_before_a_titled_role_alone_is_a_described_source():
    text = '"It is over," said the director.'
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == ("the director", "described")
    assert named_texts(text) == []


@pytest.mark.parametrize("text, source", [
    # a cue of evidence whose that-clause comes after a short phrase
    ("Dana Okafor found in 2014 that the program had saved money.", "Dana Okafor"),
    ("Two analysts, Dana Okafor and Bo Hart, found in a 2014 study that the program had saved money.",
     "Dana Okafor and Bo Hart"),
])
def test_a_cue_of_evidence_takes_a_that_clause_past_a_phrase(text, source):
    (a,) = attributions_of(text)
    assert (a.source.text, a.cue.text) == (source, "found")
    assert a.content is not None and a.content.text.startswith("the program")


def test_a_cue_of_evidence_without_a_clause_is_no_attribution():
    assert list(attributions_of("Dana Okafor found in the car a note from her brother.")) == []


@pytest.mark.parametrize("text, source", [
    # a name postmodified by its town, the town's state in commas, then the cue
    ("Dana Okafor from Derry, N.H., said that the turnout surprised her.", "Dana Okafor from Derry"),
    ("Another delegate, Dana Okafor of Dayton, Ohio, explained that she had changed her mind.",
     "Dana Okafor of Dayton"),
])
def test_a_name_of_a_place_with_its_state_in_commas_is_the_source(text, source):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == (source, "named")
    assert text[a.source.start:a.source.end] == source


def test_two_words_in_commas_after_a_place_are_no_state():
    # "of Ora, Bo Hart,": a second name, not a state; no source is guessed
    assert list(attributions_of("Dana Okafor of Ora, Bo Hart, said that it was fine.")) == []
