"""What the attribution tests read of `framing.score` on a sentence written for them."""
import framing


def attributions_of(text):
    return framing.score(text).attributions


def named_texts(text):
    """The text of each named-source span."""
    return [text[s["start"]:s["end"]] for s in framing.score(text).attribution["named_spans"]]


def one_attribution(text, cue):
    """The one attribution whose cue reads `cue`, its offsets checked against the text."""
    (a,) = [a for a in attributions_of(text) if a.cue.text == cue]
    if a.source is not None:
        assert text[a.source.start:a.source.end] == a.source.text
    assert text[a.cue.start:a.cue.end] == cue
    return a
