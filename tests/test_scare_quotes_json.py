"""The JSON `quotes[].scare` key (issue 15, item 3): true for a scare quote, whose words are the
author's; the same in score() and score_data(), and through from_dict."""
import framing
from framing.results import ArticleScore

TEXT = 'The board approved a "sham" audit. Trump called the deal "a disaster" on Tuesday.'


def test_quotes_say_which_are_scare_quotes():
    scorer = framing.Scorer(profile="rules")
    data = scorer.score_data(TEXT)
    assert [(q["start"], q["end"], q["words"], q["scare"]) for q in data["quotes"]] == [
        (21, 27, 1, True), (57, 69, 2, False)]
    r = scorer.score(TEXT)
    assert r.to_dict() == data and ArticleScore.from_dict(data) == r
    # the counts follow: "sham" is the author's, "a disaster" Trump's
    assert r.quoted_words == 2 and [m.voice for m in r.matches if m.text in ("sham", "disaster")] == [
        "authorial", "quoted"]
