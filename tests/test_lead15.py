"""The lead's round-15 fixes: the finder's unnamed-source message names its cue plainly."""
import framing


def _unnamed(text: str) -> list:
    return [m for m in framing.score(text).matches if m.rule == "attribution.unnamed-source"]


def test_unnamed_source_message_names_source_then_cue():
    # the review: "'critics' described." read as if the cue dangled after the quote
    (m,) = _unnamed("The plan, critics described, was reckless.")
    assert m.text == "critics"
    assert m.message == "Unnamed source (vague): 'critics', cue 'described'."


def test_unnamed_source_message_keeps_the_texts_spelling():
    (m,) = _unnamed("Critics, who asked not to be named, said the plan was weak.")
    assert m.message == "Unnamed source (vague): 'Critics', cue 'said'."


def _with(**attribution):
    import copy

    from framing.packs import load_config
    cfg = copy.deepcopy(load_config())
    cfg["attribution"].update(attribution)
    return framing.Scorer(profile="rules", config=cfg)


def test_scare_quote_word_windows_come_from_the_scoring_settings():
    # 8 words between the naming verb and the quotation: the shipped window (8) gives it to the
    # board; a window of 7 leaves it to no one, a scare quote, and its words turn authorial
    text = "The board called the council's plan to sell the harbour site \"a giveaway\" on Monday."
    shipped = framing.Scorer(profile="rules").score(text)
    narrow = _with(scare_naming_words_before=7).score(text)
    assert [q.scare for q in shipped.quotes] == [False]
    assert [q.scare for q in narrow.quotes] == [True]
    assert narrow.quoted_words == shipped.quoted_words - 2 == 0
    assert narrow.authorial_words == shipped.authorial_words + 2


def test_a_word_window_must_be_a_whole_number():
    import pytest

    from framing.packs import PackError
    with pytest.raises(PackError, match=r"scare_naming_words_before counts words: give a whole number, got 2.5"):
        _with(scare_naming_words_before=2.5).score("A \"sham\" audit.")


def test_an_infinite_word_window_means_no_limit():
    # inf is valid TOML; it reads like 1e30 (a naming verb anywhere before the quotation counts)
    text = "The board called the council's plan to sell the harbour site \"a giveaway\" on Monday."
    assert [q.scare for q in _with(scare_naming_words_before=float("inf")).score(text).quotes] == [False]
    assert [q.scare for q in _with(scare_naming_words_before=0).score(text).quotes] == [True]
