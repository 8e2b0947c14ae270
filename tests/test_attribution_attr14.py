"""Attribution shapes of round 14 (issue 15, helper attr14), on sentences written for them: the
subject of the nearest clause, a participle after a preposition opening the sentence, subordinators
that are no names, documents by a body whose name holds a link, "this past week"."""
import pytest

from attribution_check import attributions_of, named_texts, one_attribution


@pytest.mark.parametrize("text, source, cue, other", [
    # a participle after a clause that ", but" opens: its subject, not the sentence's first one
    ("Dana Okafor turned to the budget, but Rafael Stone pulled her back to the audit, asking her to "
     "explain the missing funds.", "Rafael Stone", "asking", "Okafor"),
    ("The mayor praised the plan, while Councillor Bo Hart called it reckless, saying the city could "
     "not pay for it.", "Councillor Bo Hart", "saying", "mayor"),
    ("It was a sharp exchange between the two rivals, as Dana Okafor repeated the charge, arguing "
     "that the audit was rigged.", "Dana Okafor", "arguing", "It"),
    # a cue coordinated with the verb of such a clause
    ("Mayor Rafael Stone on Monday signed the order, while Dana Okafor, the county clerk, filed a "
     "protest and said the order was void.", "Dana Okafor", "said", "Stone"),
])
def test_the_subject_of_the_nearest_clause(text, source, cue, other):
    a = one_attribution(text, cue)
    assert a.source.text == source
    assert a.type == "named"
    named = " ".join(named_texts(text))
    assert source.split()[-1] in named
    assert other not in named


def test_the_first_subject_when_the_later_clause_has_no_name():
    # "as the crowd cheered" names no one: the participle stays with the sentence's subject
    text = "Dana Okafor left the stage as the crowd cheered, saying she would return in May."
    assert one_attribution(text, "saying").source.text == "Dana Okafor"


@pytest.mark.parametrize("text, source, cue", [
    ("Since announcing in March that she would not run, Ms. Okafor has stayed out of the race.",
     "Ms. Okafor", "announcing"),
    ("After suggesting on Friday that the count was wrong, Rafael Stone asked for a recount.",
     "Rafael Stone", "suggesting"),
    ("Before announcing the cuts, Bo Hart met the union leaders.", "Bo Hart", "announcing"),
])
def test_a_participle_after_an_opening_preposition(text, source, cue):
    a = one_attribution(text, cue)
    assert (a.source.text, a.type) == (source, "named")
    assert source.split()[-1] in " ".join(named_texts(text))


def test_a_participle_after_an_opening_preposition_needs_a_named_subject():
    text = "After suggesting on Friday that the count was wrong, the board asked for a recount."
    assert not [a for a in attributions_of(text) if a.cue.text == "suggesting" and a.type == "named"]
    assert named_texts(text) == []


@pytest.mark.parametrize("text, opener, source", [
    ("Once she was mayor, Ms. Okafor made the audit a priority, announcing a review of every contract.",
     "Once", "Ms. Okafor"),
    ("Whenever asked about the audit, Rafael Stone changed the subject, saying it was settled.",
     "Whenever", "Rafael Stone"),
])
def test_a_subordinator_opening_the_sentence_is_no_name(text, opener, source):
    named = named_texts(text)
    assert opener not in named
    assert source.split()[-1] in " ".join(named)


@pytest.mark.parametrize("text", [
    "Having said that, there are some economists who argue that the tax should be cut.",
    "Absent a clear answer, voters may conclude that the plan has failed.",
])
def test_an_opening_word_is_no_source(text):
    assert named_texts(text) == []
    assert not [a for a in attributions_of(text) if a.source is not None and a.source.text in ("Having", "Absent")]


@pytest.mark.parametrize("text, source, name", [
    ("A University of Dayton poll shows the two candidates tied.", "A University of Dayton poll",
     "University of Dayton"),
    ("According to an online University of Dayton/Dayton Courier poll out Thursday, the race is tied.",
     "an online University of Dayton/Dayton Courier poll out Thursday", "University of Dayton/Dayton Courier"),
])
def test_a_document_by_a_body_whose_name_holds_a_link(text, source, name):
    (a,) = attributions_of(text)
    assert (a.source.text, a.type) == (source, "document")
    assert named_texts(text) == [name]


def test_a_title_with_a_link_before_a_document_is_no_author():
    # "Secretary of State" is a title, not a body's name: no named span
    text = "The Secretary of State report said the deal was near."
    assert named_texts(text) == []


def test_this_past_week_between_the_appositive_and_the_cue():
    text = "Rafael Stone, the party chairman, this past week announced the creation of a new website."
    a = one_attribution(text, "announced")
    assert (a.source.text, a.type) == ("Rafael Stone", "named")


@pytest.mark.parametrize("text, names", [
    ("As many tax lawyers, including Ms. Okafor, have pointed out, the mayor is free to publish the audit.",
     ["Okafor"]),
    ("Even the hawks, like Rafael Stone and Bo Hart, say the fight should be left to others.",
     ["Rafael Stone", "Bo Hart"]),
])
def test_names_a_group_includes_after_an_opening_as_or_even(text, names):
    assert named_texts(text) == names


def test_names_a_group_includes_need_the_group_to_open_the_clause():
    # the group is the object of "praised", not a source
    text = "Dana Okafor praised the hawks, like Rafael Stone and Bo Hart, and said the fight was over."
    assert "Rafael Stone" not in named_texts(text)
