"""Native VADER's compound alone (`compounds`, `sentence_compounds`: no neg/neu/pos computed) is
the compound of the four scores, which test_sentiment_native checks against vaderSentiment."""
from hypothesis import given, settings, strategies as st

# the analysers (fixtures) and the sentences of the differential test, as that module builds them
from test_sentiment_native import VOCABULARY, _shared_sentences, analyzer, stock  # noqa: F401


def test_every_shared_sentence_compound_alone_is_its_polarity_compound(analyzer):
    sentences = _shared_sentences()
    assert len(sentences) == 74_094
    full = [g["compound"] for g in analyzer.polarity_scores_many(sentences)]
    assert analyzer.compounds(sentences) == full
    # each sentence as one span of a text of them all, after any non-ASCII sentence before it
    text, spans = "", []
    for s in sentences[:5000]:
        spans.append((len(text), len(text) + len(s)))
        text += s + "\n"
    assert analyzer.sentence_compounds(text, spans, 10**6) == full[:5000]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=6), max_size=16),
       st.sampled_from([" ", "  ", "! ", "?? ", "\u00a0", "\u3000", ", "]))
def test_compound_alone_is_vaders(analyzer, stock, words, sep):
    text = sep.join(words)
    assert analyzer.compounds([text]) == [stock.polarity_scores(text)["compound"]], text
