"""Attribution shapes of round 18 (issue 15, helper attr18), on sentences written for them: a
participle coordinated with an earlier one, a participle after "upon" or after a preposition and
an adverb, a participle in an aside after a named subject, "repeated her claim that ...", the
passive "was quoted as saying", '"...," Lee added to reporters', and a subordinate clause that
opens the sentence, which holds no subject of the main clause."""
import pytest

from attribution_check import attributions_of, named_texts, one_attribution


def _spans_exact(text):
    for a in attributions_of(text):
        for sp in (a.source, a.cue, a.content):
            if sp is not None:
                assert text[sp.start:sp.end] == sp.text


@pytest.mark.parametrize("text, cue", [
    ("Ann Lee toured the docks on Monday, waving a flag and suggesting that she might run.",
     "suggesting"),
    # a quotation inside the first participle's words does not end the stretch
    ("Bo Hart rang the clerk, reading out “the final tally” and telling her the count was safe.",
     "telling"),
    ("On the radio, Dana Okafor reads the farm prices, tapping the desk and warning listeners "
     "that wheat will fall.", "warning"),
])
def test_a_participle_coordinated_with_an_earlier_one(text, cue):
    a = one_attribution(text, cue)
    assert a.type == "named"
    assert a.source.text in ("Ann Lee", "Bo Hart", "Dana Okafor")
    _spans_exact(text)


@pytest.mark.parametrize("text", [
    # "including" opens a list, not a participle of the subject
    "The board named three aides, including Bo Hart and saying nothing of Lee.",
    # a comma between the two ends the stretch
    "Ann Lee left the room, waving to the crowd, and telling no one.",
])
def test_a_participle_after_and_without_an_earlier_participle_in_reach_is_no_cue(text):
    assert [a for a in attributions_of(text) if a.cue.text in ("saying", "telling")] == []


@pytest.mark.parametrize("text, cue, source", [
    ("Ann Lee won loud cheers upon saying that the mill would stay open.", "saying", "Ann Lee"),
    ("Bo Hart backed the levy, while also suggesting that the fee could drop.", "suggesting",
     "Bo Hart"),
    ("Dana Okafor calmed the room by quietly saying the mill would stay open.", "saying",
     "Dana Okafor"),
])
def test_a_participle_after_upon_or_a_preposition_and_an_adverb(text, cue, source):
    a = one_attribution(text, cue)
    assert a.source.text == source
    assert a.type == "named"


@pytest.mark.parametrize("text, cue, source", [
    ("Ann Lee, while saying she would not run, took to the airwaves.", "saying", "Ann Lee"),
    ("Mr. Hart, after briefly saying he would skip the fair, drove there on Sunday.", "saying",
     "Mr. Hart"),
])
def test_a_participle_in_an_aside_after_a_named_subject(text, cue, source):
    a = one_attribution(text, cue)
    assert a.source.text == source
    assert a.type == "named"
    _spans_exact(text)


def test_an_aside_participle_after_a_subject_without_a_name_gives_no_name():
    text = "The new mayor, while saying she would not run, took to the airwaves."
    assert named_texts(text) == []


@pytest.mark.parametrize("text", [
    "Ann Lee repeated her claim that the plant was safe.",
    "Ann Lee also repeated her contention that the levy would fail.",
])
def test_repeating_ones_claim_that_reports_it(text):
    a = one_attribution(text, "repeated")
    assert a.source.text == "Ann Lee"
    assert a.type == "named"
    _spans_exact(text)


@pytest.mark.parametrize("text", [
    # no that-clause: a promise or a call repeated is an act, not a report
    "Ann Lee repeated her promise to cut taxes.",
    "After the meeting, Ann Lee repeated her call for a new vote.",
])
def test_repeating_without_a_that_clause_is_no_report(text):
    assert [a for a in attributions_of(text) if a.cue.text == "repeated"] == []


@pytest.mark.parametrize("text", [
    "“It works well,” Ann Lee was quoted as saying.",
    "Ann Lee was quoted as saying that it works well.",
    "Ann Lee has been quoted as saying that it works well.",
])
def test_the_passive_quoted_as_saying_gives_its_subject(text):
    a = one_attribution(text, "quoted")
    assert a.source.text == "Ann Lee"
    assert a.type == "named"
    _spans_exact(text)


def test_quoted_as_evidence_is_no_report():
    assert not attributions_of("The memo was quoted as evidence by the panel.")


def test_added_to_a_listener_after_a_quotation():
    text = "“It was more than last year,” Ann Lee added to reporters."
    a = one_attribution(text, "added")
    assert a.source.text == "Ann Lee"
    assert a.type == "named"
    _spans_exact(text)


@pytest.mark.parametrize("text", [
    # without a quotation, or with an object that goes on, "added to" is adding, not speech
    "The storm added to Texas.",
    "“Stop,” the sign read. Ann Lee added to Bo Hart's woes.",
    "“It rained,” the report said, and the flood added to costs.",
])
def test_added_to_without_a_listener_after_a_quotation_is_no_speech(text):
    assert [a for a in attributions_of(text) if a.cue.text == "added"] == []


@pytest.mark.parametrize("text, cue", [
    ("On Friday, when Ann Lee lost the vote, Bo Hart rang her, telling her to run again.",
     "telling"),
    ("Before Ann Lee left town, Bo Hart rang her, praising her work and telling her she was "
     "missed.", "telling"),
    ("When Ann Lee lost, Bo Hart called her and said the count was wrong.", "said"),
])
def test_a_subordinate_clause_opening_the_sentence_is_not_the_subjects_clause(text, cue):
    a = one_attribution(text, cue)
    assert a.source.text == "Bo Hart"
    _spans_exact(text)


def test_a_cue_inside_the_opening_subordinate_clause_keeps_its_subject():
    # the cue coordinated inside the subordinate clause: its subject is the clause's own
    text = "When Ann Lee thanked the crowd and said the count was fair, Bo Hart left."
    a = one_attribution(text, "said")
    assert a.source.text == "Ann Lee"


def test_adding_coordinated_with_an_earlier_participle_reports_only_before_its_words():
    text = "The council rebuilt the hall, fixing the roof and adding a new stage."
    assert [a for a in attributions_of(text) if a.cue.text == "adding"] == []
    text = "Ann Lee praised the crew, thanking the council and adding that the hall was safe."
    assert one_attribution(text, "adding").source.text == "Ann Lee"
