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
