"""Issue #18 review: the outlets reports read right for a new user: counts in the right number,
no interval claimed from fewer than two stories, intervals worded in the direction of the sentence
with one precision per measure, and an HTML page that fits 1,280 and 390 px windows."""
from framing.report import outlets as outlets_report
from framing.comparison.outlets import counted, measure_sentence, within_story


def one_story_report():
    """Two outlets sharing one story, a third alone: every count is 1."""
    arts = [("a1", "fox", "s1", {"loaded_language": 3.0, "named_per_1000_words": 1.0}),
            ("b1", "nyt", "s1", {"loaded_language": 1.0, "named_per_1000_words": 2.0}),
            ("c1", "hpo", "s2", {"loaded_language": 9.0, "named_per_1000_words": 9.0})]
    return within_story(arts, ("loaded_language", "named_per_1000_words"), min_stories=10, n_boot=200, seed=1,
                        errors=[{"id": "z", "error": "no text"}])


def test_counted():
    assert counted(1, "story", "stories") == "1 story"
    assert counted(0, "story", "stories") == "0 stories"
    assert counted(1234, "article") == "1,234 articles"
    assert counted(1, "error row") == "1 error row"


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


def test_one_story_gives_no_interval_and_one_summary_line_per_unreliable_outlet():
    r = one_story_report()
    text = outlets_report.render(r, "text")
    assert "(no interval: 1 story)" in text and "[+1.00, +1.00]" not in text and "[+2.00, +2.00]" not in text
    assert list(r.summary) == [
        "fox: no interval: 1 story shared with another outlet (fewer than 10), too few to rely on; its "
        "differences are in the table, not summarised here.",
        "hpo: no story shared with another outlet, so nothing to compare.",
        "nyt: no interval: 1 story shared with another outlet (fewer than 10), too few to rely on; its "
        "differences are in the table, not summarised here."]
    for fmt in ("text", "markdown", "html", "json"):
        out = outlets_report.render(r, fmt)
        assert "interval 2.0 to 2.0" not in out and "interval -2.0 to -2.0" not in out
        assert out.count("fox: no interval: 1 story") == 1, fmt
    rows = [row for row in outlets_report.csv_rows(r) if row["source"] == "fox"]
    assert rows and all(row["ci_low"] == row["ci_high"] == "" for row in rows)


SENTENCES = [
    # fewer: the bounds -9.9 to -2.8 read as sizes in the sentence's direction
    (("fox", "named_per_1000_words", -6.4, (-9.9, -2.8), 55),
     "On the same stories, fox cites 6.4 fewer named sources per 1,000 words than the other outlets "
     "(95% interval 2.8 to 9.9 fewer, 55 stories)."),
    (("hpo", "loaded_language", 0.8, (0.3, 1.3), 100),
     "On the same stories, hpo uses loaded language in its own voice 0.8 more times per 1,000 words than the "
     "other outlets (95% interval 0.3 to 1.3 more, 100 stories)."),
    # one precision per measure: 0.02 needs two decimals, so 4.2 is 4.20 and 1.96 is 1.96 (not 2.0)
    (("nyt", "hedging", 1.96, (0.02, 4.2), 55),
     "On the same stories, nyt uses hedging in its own voice 1.96 more times per 1,000 words than the other "
     "outlets (95% interval 0.02 to 4.20 more, 55 stories)."),
    (("nyt", "quoted_word_share", -0.098, (-0.126, -0.071), 55),
     "On the same stories, the share of nyt's words in quotation is 9.8 percentage points lower than the other "
     "outlets' (95% interval 7.1 to 12.6 points lower, 55 stories)."),
    # a bound that excludes zero never prints as 0.00: three decimals for 0.004 (the chart marks it red)
    (("fox", "loaded_language", -3.08, (-6.32, -0.004), 12),
     "On the same stories, fox uses loaded language in its own voice 3.080 fewer times per 1,000 words than "
     "the other outlets (95% interval 0.004 to 6.320 fewer, 12 stories)."),
    # halves away from zero: 1.25 -> 1.3
    (("fox", "direct_quotes_per_1000_words", -1.25, (-2.0, -0.5), 2),
     "On the same stories, fox carries 1.3 fewer direct quotes per 1,000 words than the other outlets "
     "(95% interval 0.5 to 2.0 fewer, 2 stories)."),
]


import pytest  # noqa: E402


@pytest.mark.parametrize("case,expected", SENTENCES)
def test_interval_reads_in_the_direction_of_the_words_at_one_precision(case, expected):
    subject, name, diff, (low, high), stories = case
    m = {"difference": diff, "ci_low": low, "ci_high": high}
    assert measure_sentence(subject, name, m, stories, 0.95, "the other outlets") == expected


def test_rendered_summary_has_no_negative_bounds_under_fewer():
    import re
    from test_outlets_cli import fixed_report

    for fmt in ("text", "markdown", "html", "json"):
        out = outlets_report.render(fixed_report(), fmt)
        assert "Beta uses loaded language in its own voice 1.3 fewer times per 1,000 words than the other outlet " \
               "(95% interval 0.5 to 2.0 fewer, 2 stories)." in out, fmt
        # signed bounds stay in the tables and tooltips, beside signed differences; never under "fewer"
        assert not re.search(r"interval -\d[^()]*(fewer|lower)", out), fmt
    assert not any(re.search(r"interval -\d", s) for s in fixed_report().summary)
