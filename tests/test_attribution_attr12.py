"""Attribution shapes of round 12 (issue 15, helper attr12), on sentences written for them:
a cue in an infinitive ("to declare", "to announce") and who its source is."""
import pytest

from attribution_check import attributions_of, named_texts


@pytest.mark.parametrize("text, source, cue", [
    # a purpose clause: the subject of the predicate says what the infinitive reports
    ("Dana Okafor went on CNN to declare that the deal was done.", "Dana Okafor", "declare"),
    ("Okafor took the stage on Monday to acknowledge that the count had been close.", "Okafor", "acknowledge"),
    ("Rafael Stone took his son there on Sunday to explain who the mayor was.", "Rafael Stone", "explain"),
    ("Dana Okafor took to Twitter to say thanks to her volunteers.", "Dana Okafor", "say"),
    # an aside in commas before the infinitive
    ("In that speech, Ms. Okafor chimed in, breaking with the chairman, to argue that rates were too high.",
     "Ms. Okafor", "argue"),
    # inside a subordinate clause that the comma closes after the infinitive
    ("Even before Okafor took the stage to acknowledge her victory, her aides had left.", "Okafor", "acknowledge"),
])
def test_a_purpose_infinitive_reports_the_subject(text, source, cue):
    (a,) = [a for a in attributions_of(text) if a.cue.text == cue]
    assert (a.source.text, a.type) == (source, "named")
    assert text[a.source.start:a.source.end] == source
    assert text[a.cue.start:a.cue.end] == cue
    assert source.split()[-1] in " ".join(named_texts(text))


@pytest.mark.parametrize("text, source, cue", [
    # a verb that brings the report about: its object is the source
    ("The vote led party chairman Rafael Stone to announce his resignation.", "Rafael Stone", "announce"),
    ("The defeat prompted Dana Okafor to declare that the race was over.", "Dana Okafor", "declare"),
])
def test_a_causative_makes_its_object_the_source(text, source, cue):
    (a,) = [a for a in attributions_of(text) if a.cue.text == cue]
    assert a.type == "named"
    assert a.source.text.endswith(source)
    assert text[a.source.start:a.source.end] == a.source.text
    assert not any(x.cue.text == cue and x.source and x.source.text in ("The vote", "The defeat")
                   for x in attributions_of(text))


@pytest.mark.parametrize("text, cue", [
    # a complement of a verb, adjective or noun: the subject has not said it
    ("Dana Okafor wants to say that the deal is done.", "say"),
    ("Dana Okafor declined to say whether the deal was done.", "say"),
    ("Dana Okafor has no plans to announce a run.", "announce"),
    ("Dana Okafor was the first candidate to say the deal was done.", "say"),
    ("Dana Okafor apologized for her campaign's decision to tell voters the race was over.", "tell"),
    ("Dana Okafor announced the creation of a website to explain the rules.", "explain"),
    # the object of a request may say it; the one who asks does not
    ("Dana Okafor asked Rafael Stone to say the deal was done.", "say"),
    ("Dana Okafor urged the committee to declare a winner.", "declare"),
    # negated: nothing was said
    ("Dana Okafor did not go on CNN to declare that the deal was done.", "declare"),
    # the main clause's subject is not the subordinate clause's
    ("When Okafor launched her campaign, her critics rushed to TV to say she was wrong.", "say"),
    # a participle opening the sentence is no subject
    ("Using a crude expression to describe the rivals, the speaker moved on.", "describe"),
    # idioms
    ("The deal was, to say the least, odd.", "say"),
])
def test_an_infinitive_that_reports_no_one_has_no_source(text, cue):
    assert not [a for a in attributions_of(text) if a.cue.text == cue and a.source is not None]


@pytest.mark.parametrize("text, source, cue", [
    # an adverb between the comma and the participle
    ("Dana Okafor has voiced frustration, and even some doubt, about the debate, recently telling a friend "
     "that she was worried.", "Dana Okafor", "telling"),
    ("Rafael Stone rejected the plan on Monday, repeatedly saying it would fail.", "Rafael Stone", "saying"),
])
def test_a_participle_after_an_adverb_reports_the_subject(text, source, cue):
    (a,) = [a for a in attributions_of(text) if a.cue.text == cue]
    assert (a.source.text, a.type) == (source, "named")
    assert text[a.source.start:a.source.end] == source


def test_a_participle_after_an_adverb_skips_a_subordinate_subject():
    text = "If Dana Okafor wins, her husband would be the first man in the role, possibly calling himself the first gentleman."
    assert not [a for a in attributions_of(text) if a.cue.text == "calling" and a.source and "Okafor" in a.source.text]


@pytest.mark.parametrize("text, source", [
    # a time phrase opening the sentence without its comma
    ("On Sunday morning Dana Okafor made another attempt to end the dispute, writing on her blog that "
     "the real issue was trade.", "Dana Okafor"),
    ("Last week Rafael Stone rejected the plan, saying it would fail.", "Rafael Stone"),
])
def test_a_participle_after_an_opening_time_phrase_reports_the_subject(text, source):
    (a,) = [a for a in attributions_of(text) if a.cue.text in ("writing", "saying")]
    assert (a.source.text, a.type) == (source, "named")
    assert text[a.source.start:a.source.end] == source


@pytest.mark.parametrize("text, source", [
    # a role the other readings do not parse, then the name in commas before the cue
    ("Okafor's business manager, Rafael Stone, said the deal was done.", "Rafael Stone"),
    ("Dana Okafor's business manager, Rafael Stone, said the deal was done.", "Rafael Stone"),
    ("One of the authors of that report, Rafael Stone, said the deal was done.", "Rafael Stone"),
    ("The firm's chief human resources executive, Rafael Stone, told reporters the deal was done.", "Rafael Stone"),
])
def test_a_name_in_commas_after_a_role_is_the_source(text, source):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == (source, "named")
    assert text[a.source.start:a.source.end] == source
    assert named_texts(text) == [source]


@pytest.mark.parametrize("text", [
    # no role before the name's comma: a place, or a subordinate clause
    "In Dayton, Rafael Stone, said the deal was done.",
    "After the vote ended, Rafael Stone, said the deal was done.",
])
def test_a_name_in_commas_without_a_role_is_not_taken_as_its_source(text):
    assert not [a for a in attributions_of(text) if a.source and a.source.text == "Rafael Stone"]
