"""Publisher furniture: furniture lines and the footer block after them are excluded, and nothing else."""
import framing

SCORER = framing.Scorer(profile="rules")

BODY = ("The council approved the budget on Tuesday after a four-hour debate. The mayor said the plan "
        "would fund two new libraries and repair roads in the east of the city. Opponents said the "
        "tax rise was too steep for families already struggling with rent. The vote was seven to "
        "four, and the budget takes effect in July after a final reading next month.")


def excluded(text):
    return [x.text for x in SCORER.score(text).excluded]


def test_headline_and_subheading_under_top_furniture_are_scored():
    text = ("Advertisement\n\nCouncil's disastrous budget fiasco\n\n" + BODY
            + "\n\nA reckless gamble\n\n" + BODY)
    res = SCORER.score(text)
    assert [x.text for x in res.excluded] == ["Advertisement"]
    loaded = {m.text for m in res.matches if m.category == "loaded_language"}
    assert "reckless gamble" in loaded and any("fiasco" in t for t in loaded)


def test_short_article_under_top_furniture_keeps_its_headline():
    text = "Advertisement\n\nA disastrous night for the league\n\nThe final was cancelled, the league said."
    assert excluded(text) == ["Advertisement"]


def test_footer_block_after_the_article_is_excluded():
    text = BODY + "\n\n" + BODY + "\n\nAdvertisement\n\nShare on Facebook\n\nA shocking twist\n\nEmail"
    assert excluded(text) == ["Advertisement", "Share on Facebook", "A shocking twist", "Email"]


def test_footer_block_may_end_with_a_short_bio():
    text = (BODY + "\n\n" + BODY + "\n\nAdvertisement\n\nMore from the city desk\n\n"
            "Ann Lee covers the city council and local politics for the paper.")
    assert excluded(text) == ["Advertisement", "More from the city desk"]


def test_furniture_in_the_middle_leaves_the_next_section_heading():
    text = BODY + "\n\nAdvertisement\n\nWhat happens next\n\n" + BODY + "\n\n" + BODY
    assert excluded(text) == ["Advertisement"]
