"""Issue #18 review: the outlets reports read right for a new user: counts in the right number,
no interval claimed from fewer than two stories, intervals worded in the direction of the sentence
with one precision per measure, and an HTML page that fits 1,280 and 390 px windows."""
from framing import outlets_report
from framing.outlet_comparison import within_story


def one_story_report():
    """Two outlets sharing one story, a third alone: every count is 1."""
    arts = [("a1", "fox", "s1", {"loaded_language": 3.0, "named_per_1000_words": 1.0}),
            ("b1", "nyt", "s1", {"loaded_language": 1.0, "named_per_1000_words": 2.0}),
            ("c1", "hpo", "s2", {"loaded_language": 9.0, "named_per_1000_words": 9.0})]
    return within_story(arts, ("loaded_language", "named_per_1000_words"), min_stories=10, n_boot=200, seed=1,
                        errors=[{"id": "z", "error": "no text"}])


def test_counted():
    assert outlets_report.counted(1, "story", "stories") == "1 story"
    assert outlets_report.counted(0, "story", "stories") == "0 stories"
    assert outlets_report.counted(1234, "article") == "1,234 articles"
    assert outlets_report.counted(1, "error row") == "1 error row"


def test_counts_of_one_are_singular_in_every_format():
    r = one_story_report()
    text = outlets_report.render(r, "text")
    assert "3 articles from 3 outlets: 1 story reported by two outlets or more, 1 article in single-outlet " \
           "stories, 1 error row" in text
    assert "fox: 1 story, 1 article" in text and "fox - nyt: 1 story" in text
    page = outlets_report.render(r, "html")
    assert "Single-outlet stories (1 article)" in page and "(2 articles: a1, b1)" in page
    for fmt in ("text", "markdown", "html"):
        out = outlets_report.render(r, fmt)
        assert "1 stories" not in out and "1 articles" not in out and "1 error rows" not in out, fmt
