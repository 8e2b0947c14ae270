"""Quoted versus authorial voice: quotation marks, apostrophes, multi-paragraph and unbalanced quotes."""
from pathlib import Path

import pytest

import framing
from framing.packs import load_pack
from framing.scoring.scorer import load_abbreviations
from framing.scoring.segment import segment

ABBR = load_abbreviations()
PACKS = Path(__file__).resolve().parent / "packs"


def seg(text):
    return segment(text, ABBR)


def quoted(text, phrase, nth=0):
    """Whether every character of the nth occurrence of phrase is in quoted voice."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    v = seg(text).voice
    flags = {v.quoted_at(i) for i in range(start, start + len(phrase))}
    assert len(flags) == 1, f"{phrase!r} is partly quoted"
    return flags.pop()


def quote_texts(text):
    return [q.text for q in seg(text).quotes]


# --- double quotes

@pytest.mark.parametrize("open_,close", [("\u201c", "\u201d"), ('"', '"'), ("\u00ab", "\u00bb"), ("\u201e", "\u201c")])
def test_double_quotes(open_, close):
    text = f"The minister said {open_}the reform is dead{close} and walked out of the chamber."
    assert quoted(text, "the reform is dead")
    assert not quoted(text, "The minister said")
    assert not quoted(text, "walked out of the chamber")
    assert quote_texts(text) == [f"{open_}the reform is dead{close}"]


def test_quote_marks_themselves_are_inside_the_quote():
    text = "He said \u201cno\u201d twice."
    q = seg(text).quotes[0]
    assert (q.start, q.end) == (text.index("\u201c"), text.index("\u201d") + 1)
    assert q.words == 1


def test_inch_mark_is_not_a_quotation():
    text = 'The player is 6\'2" tall and "very quick" on the break, his coach said.'
    assert quote_texts(text) == ['"very quick"']
    assert not quoted(text, "tall and")


def test_mixed_marks_curly_open_straight_close():
    text = "\u201cWe will win,\" she said. The crowd cheered."
    assert quoted(text, "We will win")
    assert not quoted(text, "she said")
    assert not quoted(text, "The crowd cheered")


def test_mixed_marks_straight_open_curly_close():
    text = "\"We will win,\u201d she said.\n\n\"Next year too.\" The crowd cheered."
    assert quote_texts(text) == ["\"We will win,\u201d", "\"Next year too.\""]
    assert not quoted(text, "she said")
    assert not quoted(text, "The crowd cheered")


# --- single quotes as quotation marks, and apostrophes that are not

@pytest.mark.parametrize("open_,close", [("\u2018", "\u2019"), ("'", "'")])
def test_single_quotes_as_quotation_marks(open_, close):
    text = f"Critics called the bill {open_}a betrayal of voters{close} on Tuesday."
    assert quoted(text, "a betrayal of voters")
    assert not quoted(text, "Critics called the bill")
    assert not quoted(text, "on Tuesday")


def test_single_quoted_sentence_with_attribution():
    text = "\u2018We are not finished,\u2019 the coach said after the game."
    assert quoted(text, "We are not finished")
    assert not quoted(text, "the coach said")


@pytest.mark.parametrize("text", [
    "I don't think the council can't manage it, the mayor said, and she won't resign.",
    "Xi\u2019s visit follows the students\u2019 union vote on the ministry\u2019s plan.",
    "The workers' strike and the teachers' union protest closed the city's schools.",
    "Music from the \u201990s and \u201980s dominated the \u201970s-themed festival.",
    "Fans of rock \u2019n\u2019 roll and rock 'n' roll packed the hall of the musicians\u2019 guild.",
    "Let \u2019em go, the students\u2019 union said of the protesters.",
    "'Tis the season, the shoppers' guide said.",
    "O\u2019Brien and D'Souza met at the Smiths\u2019 house.",
])
def test_apostrophes_are_not_quotation_marks(text):
    s = seg(text)
    assert s.quotes == ()
    assert all(not s.voice.quoted_at(i) for i in range(len(text)))
    assert all(x.voice == "authorial" for x in s.sentences)


def test_apostrophes_inside_a_single_quoted_quotation():
    text = "She called it \u2018the country\u2019s worst day\u2019 and left."
    assert quote_texts(text) == ["\u2018the country\u2019s worst day\u2019"]
    assert not quoted(text, "and left")


def test_apostrophe_then_real_quotation():
    text = "The union's leader called the offer 'an insult' on Friday."
    assert quote_texts(text) == ["'an insult'"]
    assert not quoted(text, "The union's leader")


# --- quotations over several paragraphs

@pytest.mark.parametrize("o,c", [("\u201c", "\u201d"), ('"', '"')])
def test_quotation_over_several_paragraphs(o, c):
    text = (
        f"The senator read her statement aloud.\n\n"
        f"{o}We were promised a fair hearing and did not get one.\n\n"
        f"{o}We were promised the documents and did not get those either.\n\n"
        f"{o}We will keep asking until we do.{c}\n\n"
        f"The committee adjourned without a vote."
    )
    s = seg(text)
    assert len(s.quotes) == 1
    q = s.quotes[0]
    assert text[q.start:q.end].startswith(o + "We were promised a fair")
    assert text[q.start:q.end].endswith("until we do." + c)
    for phrase in ("a fair hearing", "the documents", "keep asking"):
        assert quoted(text, phrase)
    assert not quoted(text, "The senator read")
    assert not quoted(text, "The committee adjourned")
    voices = [(x.text, x.voice) for x in s.sentences]
    assert voices[0] == ("The senator read her statement aloud.", "authorial")
    assert voices[-1] == ("The committee adjourned without a vote.", "authorial")
    assert all(v == "quoted" for _, v in voices[1:-1])


# --- unbalanced marks fail safe

def _long_paragraph(n, word="council"):
    return " ".join(f"The {word} met again on day {i} and discussed the budget." for i in range(n))


@pytest.mark.parametrize("mark", ["\u201c", '"', "\u00ab", "\u201e"])
def test_unclosed_quote_never_swallows_the_article(mark):
    text = (
        f"The mayor said {mark}we are going to fix the roads this year.\n\n"
        + "\n\n".join(_long_paragraph(6) for _ in range(5))
        + "\n\nThe final paragraph is the reporter's own summary of the dispute."
    )
    assert quoted(text, "we are going to fix the roads")  # short: quoted to its paragraph's end
    for phrase in ("The final paragraph", "day 3 and discussed"):
        assert not quoted(text, phrase, nth=0)
    s = seg(text)
    assert all(x.voice == "authorial" for x in s.sentences[1:])
    assert s.quotes[0].end <= text.index("\n\n")


def test_long_unclosed_quote_in_one_paragraph_is_not_quoted():
    text = "The mayor said \u201c" + _long_paragraph(20) + "\n\nAnother paragraph follows."
    assert seg(text).quotes == ()
    assert not quoted(text, "day 15 and discussed")


def test_unclosed_quote_followed_by_a_closed_one():
    text = "He said \u201cwe will win and left the room. Later \u201canother remark\u201d came. The end."
    assert quoted(text, "another remark")
    assert not quoted(text, "came")
    assert not quoted(text, "The end")


def test_straight_quote_parity_recovers():
    # One stray unclosed straight quote must not flip every later quotation inside out.
    text = 'He said "we will win and left. Then "another remark" came and "a third" too.'
    assert quoted(text, "another remark")
    assert quoted(text, "a third")
    assert not quoted(text, "came and")


def test_stray_closing_mark_quotes_nothing():
    text = "The plan failed.\u201d The board met again. Nobody spoke."
    assert seg(text).quotes == ()


def test_unclosed_reopening_paragraphs_fail_safe():
    # A quotation that keeps reopening but never closes is dropped once it gets long.
    para = "\u201c" + _long_paragraph(4)
    text = "\n\n".join([para] * 6) + "\n\nThe reporter's own closing line."
    assert not quoted(text, "The reporter's own closing line")
    assert not quoted(text, "day 2 and discussed", nth=5)



@pytest.mark.parametrize("o,c", [("\u201c", "\u201d"), ('"', '"')])
def test_quotation_broken_by_a_line_break_closes_on_the_next_line(o, c):
    text = f"{o}We will win the next round of talks.\nThose thugs will regret it,{c} the general said.\nTalks resume today."
    assert quoted(text, "Those thugs will regret it")
    assert not quoted(text, "the general said")
    assert not quoted(text, "Talks resume today")


def test_stray_quote_does_not_run_into_a_line_whose_first_straight_mark_opens():
    body = " ".join(["The council met on Tuesday to discuss the budget and the roads."] * 11)
    text = 'He said "the plan is sound. ' + body + '\nOfficials called the plan\u2014"a sham"\u2014and taxes will rise.'
    assert quote_texts(text) == ['"a sham"']
    text = 'He said "the plan is sound. Taxes fell.\nThe mayor said:"We are done." Taxes will rise.'
    assert not quoted(text, "The mayor said")
    assert not quoted(text, "Taxes will rise")


def test_unclosed_quotation_does_not_run_into_a_line_that_opens_another():
    text = "He said \u201cwe will win and left.\nThe mayor called it \u201ca disgrace.\u201d Talks resume today."
    assert not quoted(text, "The mayor called it")
    assert quoted(text, "a disgrace")

# --- nested quotes

def test_single_inside_double():
    text = "\u201cHe told me \u2018never again\u2019 and walked off,\u201d she said. After that, silence."
    assert quote_texts(text) == ["\u201cHe told me \u2018never again\u2019 and walked off,\u201d"]
    assert quoted(text, "and walked off")
    assert not quoted(text, "After that")


def test_double_inside_single():
    text = "\u2018He told me \u201cnever again\u201d and walked off,\u2019 she said. After that, silence."
    assert quoted(text, "never again")
    assert quoted(text, "and walked off")
    assert not quoted(text, "she said")


def test_double_inside_double():
    text = "\u201cHe told me \u201cnever again\u201d and walked off,\u201d she said. After that, silence."
    assert quote_texts(text) == ["\u201cHe told me \u201cnever again\u201d and walked off,\u201d"]
    assert quoted(text, "and walked off")
    assert not quoted(text, "she said")


def test_straight_inside_curly():
    text = "\u201cHe told me \"never again\" and walked off,\u201d she said. After that, silence."
    assert quoted(text, "and walked off")
    assert not quoted(text, "she said")



def test_straight_inside_straight():
    text = '"He told me "never again" and walked off," she said. The vote was a disgraceful farce.'
    assert quote_texts(text) == ['"He told me "never again" and walked off,"']
    assert quoted(text, "and walked off")
    assert not quoted(text, "she said")
    assert not quoted(text, "disgraceful farce")


def test_straight_inside_straight_needs_closing_marks_for_both():
    # Only one closing-looking mark follows the inner one: the first quotation was never closed,
    # and is quoted only up to the next opening mark.
    text = '"This is wrong, she said. He called it "a sham" later. Nobody replied.'
    assert quoted(text, "a sham")
    assert not quoted(text, "later")
    assert not quoted(text, "Nobody replied")
    # Two closing-looking marks follow, but the second closes a quotation of its own.
    text = '"This is wrong, she said. He called it "a sham" and "a farce" later.'
    assert quoted(text, "a farce")
    assert not quoted(text, "and")
    assert not quoted(text, "later")


def test_stray_straight_mark_does_not_nest_the_quotes_after_it():
    # '" He' opens no word: it is a leftover mark, not the start of a quotation that holds the rest.
    text = 'He paused." He pledged "cooperation" and a "deep and sincere" bond to the nation.'
    assert quoted(text, "cooperation")
    assert quoted(text, "deep and sincere")
    assert not quoted(text, "bond to the nation")


@pytest.mark.parametrize("o,c", [("\u2018", "\u2019"), ("'", "'")])
def test_single_quotation_holding_a_plural_possessive(o, c):
    text = f"{o}We won\u2019t let the workers{c} rights be trampled by greedy bosses,{c} she said. Talks resume today."
    assert quoted(text, "rights be trampled by greedy bosses")
    assert not quoted(text, "she said")
    assert not quoted(text, "Talks resume")


def test_scare_quoted_plural_stays_short():
    # No mark that can only close follows before the next quotation opens: 'experts' is the quote.
    text = "The so-called \u2018experts\u2019 say the plan works, and \u2018we agree,\u2019 she said."
    assert quote_texts(text) == ["\u2018experts\u2019", "\u2018we agree,\u2019"]
    assert not quoted(text, "say the plan works")

# --- sentence voice

def test_sentence_voice_majority():
    text = ("\u201cThe deal is dead and everyone in this building knows it,\u201d he said. "
            "Analysts called the remark \u201cunusual.\u201d Shares fell.")
    s = seg(text)
    assert [x.voice for x in s.sentences] == ["quoted", "authorial", "authorial"]


# --- through framing.score: loaded words inside a named person's quote are quoted voice

def test_loaded_word_in_named_quote_is_counted_as_quoted():
    pack = load_pack(PACKS / "voice_pack.toml")
    text = ("Councillor Maya Brandt said the budget cuts were \u201ca betrayal of every family in this "
            "city,\u201d and promised to vote against them.\n\n"
            "The council will vote on the plan next month.")
    r = framing.score(text, packs=[pack], sentiment=False, readability=False)
    hits = [m for m in r.matches if m.text == "betrayal"]
    assert len(hits) == 1 and hits[0].voice == "quoted"
    cat = r.categories["loaded_language"]
    assert cat["quoted"]["count"] == 1
    assert cat["authorial"]["count"] == 0
    assert r.quoted_words > 0 and r.authorial_words > 0


def test_same_word_in_authorial_voice_is_counted_as_authorial():
    pack = load_pack(PACKS / "voice_pack.toml")
    text = ("The budget cuts are a betrayal of every family in this city, Councillor Maya Brandt "
            "\u201cwill not accept,\u201d she said.")
    r = framing.score(text, packs=[pack], sentiment=False, readability=False)
    cat = r.categories["loaded_language"]
    assert (cat["authorial"]["count"], cat["quoted"]["count"]) == (1, 0)
