"""Attribution shapes of round 17 (issue 15, helper attr17), on sentences written for them: a cue
coordinated after an aside in dashes, a subject with its article and a lower-case title after an
opener, names listed before a last group, a name before an aside in dashes that holds a comma,
and two sentence openers that are no names ("Following ...", an adverb before a participle)."""
import pytest

from attribution_check import attributions_of, named_texts, one_attribution


def _spans_exact(text):
    for a in attributions_of(text):
        for sp in (a.source, a.cue, a.content):
            if sp is not None:
                assert text[sp.start:sp.end] == sp.text


@pytest.mark.parametrize("text, source", [
    # the aside in dashes between the predicate and "and said"
    ("Senator Ann Lee on Monday criticised the mayor — a rare move for her — and said the plan "
     "would fail.", "Senator Ann Lee"),
    # "but said", hyphens as dashes, a quotation inside the aside
    ('Bo Hart, 70, had served on the board - "far too long" - but said he would stay.', "Bo Hart"),
    # after a dateline's dash, two dashes of the aside further on
    ("DAYTON -- Dana Okafor defended the levy -- which voters rejected twice -- and said it was "
     "fair.", "Dana Okafor"),
])
def test_a_cue_coordinated_after_an_aside_in_dashes(text, source):
    a = one_attribution(text, "said")
    assert a.source.text == source
    assert a.type == "named"
    _spans_exact(text)


def test_an_aside_in_dashes_keeps_a_subject_that_names_no_one_out():
    # no name opens the clause: no source is made up from the aside
    text = "The board met in May — a quiet month for it — and said the levy would pass."
    assert named_texts(text) == []


@pytest.mark.parametrize("text, source, name", [
    ("Later, the county chairman Bo Hart declined to comment but said one delegate backed Lee.",
     "the county chairman Bo Hart", "Bo Hart"),
    ("There, the state party chairwoman Dana Okafor voted no and said the count was wrong.",
     "the state party chairwoman Dana Okafor", "Dana Okafor"),
])
def test_a_subject_with_its_article_and_a_lower_case_title_after_an_opener(text, source, name):
    a = one_attribution(text, "said")
    assert a.source.text == source
    assert name in named_texts(text)


def test_an_article_and_a_title_without_a_name_stay_unnamed():
    text = "Later, the county chairman declined to comment but said one delegate backed Lee."
    assert named_texts(text) == []


@pytest.mark.parametrize("text, names, group", [
    ("Ann Lee, Bo Hart, Cy Dunn and many more donors said the plan would fail.",
     ["Ann Lee", "Bo Hart", "Cy Dunn"], "many more donors"),
    ("Ms. Lee, Mrs. Hart and other donors in both parties said the plan would fail.",
     ["Lee", "Hart"], "other donors in both parties"),
])
def test_names_listed_before_a_last_group(text, names, group):
    srcs = [a.source.text for a in attributions_of(text) if a.cue.text == "said"]
    assert srcs[-1] == group
    assert named_texts(text) == names
    _spans_exact(text)


def test_a_list_that_does_not_open_the_clause_gives_no_names():
    # the names are the object of a preposition of an opening phrase, not the list subject
    text = "In Dayton, Ann Lee, Bo Hart and other donors said the plan would fail."
    assert named_texts(text) == []


def test_one_name_and_a_group_is_read_as_before():
    text = "Ann Lee and other donors said the plan would fail."
    assert named_texts(text) == ["Ann Lee"]
    assert [a.source.text for a in attributions_of(text)] == ["Ann Lee", "other donors"]


@pytest.mark.parametrize("text", [
    "Rep. Ann Lee — like Bo Hart, a rival of the mayor — recalled the mayor saying the same.",
    "Rep. Ann Lee — like Bo Hart, a friend of the mayor's rival, Rep. Cy Dunn — recalled the vote.",
])
def test_a_name_before_an_aside_in_dashes_holding_a_comma(text):
    a = one_attribution(text, "recalled")
    assert a.source.text == "Rep. Ann Lee"
    assert named_texts(text)[0] == "Ann Lee"
    assert "Hart" not in " ".join(named_texts(text))
    assert "Dunn" not in " ".join(named_texts(text))


def test_an_aside_in_dashes_without_a_comma_is_read_as_before():
    text = "Rep. Ann Lee — a longtime rival of the mayor — recalled the vote."
    assert one_attribution(text, "recalled").source.text == "Rep. Ann Lee"


@pytest.mark.parametrize("text, opener", [
    ("Following a town meeting last week, Bo Hart praised his team and stressed the cost.", "Following"),
    ("Following a town meeting last week, Bo Hart praised his team — “the best” — and stressed the "
     "cost.", "Following"),
    ("Hastily cutting the budget, Lee blamed the council and emphasized the cost.", "Hastily"),
])
def test_openers_that_are_no_names(text, opener):
    assert opener not in " ".join(named_texts(text))
    assert all(a.source is None or opener not in a.source.text for a in attributions_of(text))


@pytest.mark.parametrize("text, name", [
    ("Kelly said the plan would fail.", "Kelly"),
    ("Kelly, the mayor, said the plan would fail.", "Kelly"),
    ("Beverly Hart said the plan would fail.", "Beverly Hart"),
])
def test_names_ending_in_ly_stay_names(text, name):
    assert named_texts(text) == [name]


def test_after_an_opening_following_phrase_the_subject_is_the_source():
    text = "Following a town meeting last week, Bo Hart praised his team and stressed the cost."
    a = one_attribution(text, "stressed")
    assert a.source.text == "Bo Hart"
    assert named_texts(text) == ["Bo Hart"]


def test_no_name_inside_the_aside_in_dashes_before_the_cue():
    # the subject names no one; the names in the aside are the object's
    text = ("The suit names the firm and three of its owners — Ann Lee, Bo Hart, and Cy Dunn — and "
            "claims they hid the losses.")
    assert named_texts(text) == []
    assert all(a.source is None or "Hart" not in a.source.text for a in attributions_of(text))


def test_together_opening_the_sentence_is_no_name():
    text = ("Together they seemed to signal a change — earlier this week Lee had warned of a cost — "
            "and suggested the board would act.")
    assert "Together" not in " ".join(named_texts(text))
    assert all(a.source is None or a.source.text != "Together" for a in attributions_of(text))
