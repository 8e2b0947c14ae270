"""Attribution shapes of round 16 (issue 15, helper attr16), on sentences written for them: a
quoted title inside an appositive, a capitalised "Tweeted" mid-sentence, "posted" with words
posted, an aside in brackets longer than a few words."""
import pytest

import framing
from attribution_check import attributions_of, named_texts, one_attribution


@pytest.mark.parametrize("text, source, cue", [
    # a title in curly quotes, its comma inside them, then more of the appositive
    ("Bo Hart, the co-author of “Going Home,” about the long trip west, said the days were long.",
     "Bo Hart", "said"),
    # a slogan in quotes inside a participle's aside, after a quotation
    ("“We won,” Ohio delegate Dana Okafor, wearing a blue hat and “Vote Okafor” pins, said as the "
     "band played.", "Dana Okafor", "said"),
    # straight quotes after a comma, in a chain of appositives
    ('Rafael Stone, a player on the mayor\'s TV show, "The Boss," who went on to work for him, said '
     "the mayor was kind.", "Rafael Stone", "said"),
])
def test_a_quoted_title_inside_an_appositive(text, source, cue):
    a = one_attribution(text, cue)
    assert a.source.text == source
    assert a.type == "named"
    assert source in named_texts(text)


def test_a_quotation_before_the_name_still_ends_the_appositive():
    # the closing mark of a quotation is no title: the name after it is the source, as before
    text = "“We lost,” Dana Okafor, the mayor, said."
    a = one_attribution(text, "said")
    assert a.source.text == "Dana Okafor"
    assert named_texts(text) == ["Dana Okafor"]


def test_a_long_quotation_is_no_title():
    # more than a title's words in quotes: the appositive is not read through them (no name from
    # inside or before the quotation)
    text = ("The clerk, who called the plan “a reckless, costly and entirely needless gamble with "
            "money the city does not have,” said no more.")
    assert "Dana" not in " ".join(named_texts(text))
    assert all(a.source is None or "gamble" not in a.source.text for a in attributions_of(text))


def test_a_quoted_word_in_a_list_inside_dashes_opens_no_appositive():
    # the comma before the quoted item is the list's, not the appositive's opening mark: no item of
    # the list becomes the source
    text = ("The league — a group that argues for school prayer, lower taxes, the Ohio River plan, the "
            "end of “waste,” and open roads — claimed in May that the levy would fail.")
    assert all(a.source is None or "Ohio" not in a.source.text for a in attributions_of(text))
    assert "Ohio River" not in " ".join(named_texts(text))


def test_a_discourse_adverb_opening_the_sentence_is_no_name():
    # a chain of appositives read through a quoted word reaches the sentence's first word: an
    # adverb such as "Moreover" is no source
    text = ("Moreover, the bishops' “rules” for the plan, printed in the Daily Star—for which Lee "
            "thanked them—declare that the vote stands.")
    assert "Moreover" not in " ".join(named_texts(text))
    assert all(a.source is None or a.source.text != "Moreover" for a in attributions_of(text))


@pytest.mark.parametrize("text, source", [
    ("Bo Hart, the head of Fair Count Ohio, Tweeted on Friday with a picture of the banner.", "Bo Hart"),
    ("Dana Okafor, the editor who wrote the profile, Tweeted out the mayor's praise.", "Dana Okafor"),
])
def test_a_capitalised_tweeted_after_an_appositive(text, source):
    a = one_attribution(text, "Tweeted")
    assert a.source.text == source
    assert a.type == "named"


def test_other_capitalised_cue_words_mid_sentence_stay_names():
    # "Said" and "Tweets" inside a sentence are not cues (a surname, a column's name)
    text = "The award went to Edward Said on Monday, and Weekly Tweets ran a column."
    assert all(a.cue.text not in ("Said", "Tweets") for a in attributions_of(text))  # none, or others


@pytest.mark.parametrize("text, source", [
    ("Dana Okafor posted a message on Twitter thanking her volunteers.", "Dana Okafor"),
    ("Rafael Stone posted just two words on his blog after the count.", "Rafael Stone"),
    ("Bo Hart, the county clerk, posted his thanks to the voters on Facebook on Sunday.", "Bo Hart"),
])
def test_posted_with_words_posted(text, source):
    a = one_attribution(text, "posted")
    assert a.source.text == source
    assert a.type == "named"
    assert source in named_texts(text)


@pytest.mark.parametrize("text", [
    "Ohio Mutual posted a loss of 5 percent in the third quarter.",
    "Rafael Stone posted bail on Monday and left the courthouse.",
    "Dana Okafor posted a photo of the crowd after the rally.",
    "In a video posted to her Facebook account, Dana Okafor thanked her staff.",
    "Dana Okafor posted a photo of the crowd on Facebook after the rally.",
    "Ohio Mutual posted record results for the year.",
])
def test_posted_without_words_is_no_report(text):
    assert all(a.cue.text != "posted" for a in attributions_of(text))


def test_a_long_aside_in_brackets():
    text = ("Sen. Dana Okafor (a Democrat so young she is often taken for one of her own aides) says "
            "she felt lost in her first weeks.")
    a = one_attribution(text, "says")
    assert a.source.text == "Sen. Dana Okafor"
    assert a.type == "named"
    assert named_texts(text) == ["Dana Okafor"]


def test_offsets_of_the_new_readings_are_exact():
    texts = [
        "Bo Hart, the co-author of “Going Home,” about the long trip west, said the days were long.",
        "Bo Hart, the head of Fair Count Ohio, Tweeted on Friday with a picture of the banner.",
        "Dana Okafor posted a message on Twitter thanking her volunteers.",
    ]
    for text in texts:
        res = framing.score(text)
        for a in res.attributions:
            for sp in (a.source, a.cue, a.content):
                if sp is not None:
                    assert text[sp.start:sp.end] == sp.text
        for s in res.attribution["named_spans"]:
            assert text[s["start"]:s["end"]] == s["text"]
