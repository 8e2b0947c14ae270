"""The authorial sentiment reads the author's words only: an authorial sentence holding a quotation
or reported speech is scored with those blanked (a new user's review: a councillor's quoted
"shameful betrayal" gave the author's sentiment -0.79)."""
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import framing

QUOTE = '"This is a shameful betrayal of our children," said councillor Maria Lopez, who voted against the plan.'


def test_a_quotation_inside_an_authorial_sentence_is_not_the_authors_sentiment():
    text = "The council approved the budget. " + QUOTE
    score = framing.Scorer(classifiers=False).score(text)
    first, second = score.sentences
    assert second.voice == "authorial"  # 9 words outside the quotation, 8 inside
    vader = SentimentIntensityAnalyzer()
    assert vader.polarity_scores(QUOTE)["compound"] == -0.7906  # what the sentence scored before
    # the author's words: ", said councillor Maria Lopez, who voted against the plan." (no lexicon word)
    assert second.sentiment == 0.0
    assert first.sentiment == vader.polarity_scores(first.text)["compound"] == 0.4215
    # 0.21075 rounds to 0.2107 (the float just below it), as Python's round gives
    assert score.sentiment["mean"] == round((0.4215 + 0.0) / 2, 4) == 0.2107
    assert score.sentiment["mean_abs"] == 0.2107 and score.sentiment["sentences"] == 2


def test_reported_speech_inside_an_authorial_sentence_is_blanked_too():
    # "that the plan was a disaster" is the mayor's (reported); the rest is the author's and calm
    text = "On Tuesday, at the long and crowded meeting in the old town hall, the mayor said the plan was a disaster."
    score = framing.Scorer(classifiers=False).score(text)
    (s,) = score.sentences
    assert s.voice == "authorial"
    assert SentimentIntensityAnalyzer().polarity_scores(text)["compound"] < -0.5
    assert s.sentiment == 0.0


def test_a_sentence_without_quotes_or_reports_scores_as_before():
    text = "The reckless plan was a shameful failure."
    (s,) = framing.Scorer(classifiers=False).score(text).sentences
    assert s.sentiment == SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
