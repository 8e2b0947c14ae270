"""Run-on text (no sentence end) with many attributions: contents are capped, so output and
memory grow with the text, not with its square (a new user's review: 39 kB of "He said that ..."
gave 60 MB of JSON; 1.1 MB of nested attributions took 24 GB)."""
import copy

import pytest

import framing
from framing.packs import PackError, load_config


def scorer_with(cap) -> framing.Scorer:
    config = copy.deepcopy(load_config())
    config["attribution"]["max_content_chars"] = cap
    return framing.Scorer(profile="rules", config=config)


def test_nested_contents_end_at_a_word_within_the_cap():
    text = "Officials said that critics say that sources said that the plan will fail. " \
           "The mayor said the vote was close."
    score = scorer_with(40).score(text)
    contents = [(a.cue.text, a.content) for a in score.attributions]
    assert [cue for cue, _ in contents] == ["said", "say", "said", "said"]
    for _, c in contents:
        assert len(c.text) <= 40 and text[c.start:c.end] == c.text
    # "critics say that sources said that the plan will fail" (54 characters) cut after "the",
    # the last word ending within 40 characters of its start (hand-counted: 38)
    assert contents[0][1].text == "critics say that sources said that the"
    assert contents[1][1].text == "sources said that the plan will fail"  # 36: under the cap, whole
    assert contents[2][1].text == "the plan will fail"
    assert contents[3][1].text == "the vote was close"


def test_the_shipped_cap_leaves_news_sentences_whole():
    text = "The minister said " + "that the new budget would cut spending on roads and schools, " * 20 + "and more."
    score = framing.Scorer(profile="rules").score(text)
    (said,) = [a for a in score.attributions if a.cue.text == "said"]
    assert said.content.end == len(text) - 1  # 1,227 characters: under 2,000, not cut


def test_a_run_on_text_stays_linear():
    n = 3000
    text = "He said that " * n
    score = framing.Scorer(profile="rules").score(text)
    assert len(score.attributions) == n
    total = sum(len(a.content.text) for a in score.attributions if a.content)
    assert total <= n * 2000  # before the cap: the sum of n suffixes, about 13 * n * n / 2 = 58 M
    assert max(len(a.content.text) for a in score.attributions if a.content) <= 2000


@pytest.mark.parametrize("bad", [-1, 2.5, "many"])
def test_a_bad_cap_is_a_pack_error(bad):
    with pytest.raises((PackError, TypeError, ValueError)) as info:
        scorer_with(bad).score("Ann Lee said the plan failed.")
    assert "max_content_chars" in str(info.value)
