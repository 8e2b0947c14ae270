"""What a new user's review found in the reports (round 18): compare gave ratios of measures with no
true zero (a signed sentiment mean, the readability scales), and every score page had the title
"framing report"."""
import framing
from framing.comparison.compare import compare_scores
from framing.packs import load_config
from framing.report.formats import to_html


def test_compare_gives_no_ratio_for_a_signed_mean_or_a_readability_scale():
    s = framing.Scorer(classifiers=False)
    target = s.score("The reckless plan was a shameful failure. It was a disaster for everyone.", source="t")
    ref = s.score("The plan was approved on Tuesday. The council will meet next week.", source="r")
    c = compare_scores(target, [ref], load_config())
    assert c.sentiment["mean"]["ratio"] is None
    assert c.sentiment["mean"]["difference"] == round(target.sentiment["mean"] - ref.sentiment["mean"], 4)
    assert c.readability["flesch_reading_ease"]["ratio"] is None
    assert c.readability["flesch_kincaid_grade"]["ratio"] is None
    # a size keeps its ratio: mean |compound| and the length
    mean_abs = c.sentiment["mean_abs"]
    assert mean_abs["ratio"] == round(target.sentiment["mean_abs"] / ref.sentiment["mean_abs"], 3)
    assert c.length["words"]["ratio"] == round(13 / 12, 3) == 1.083  # 13 words against 12, counted by hand


def test_a_score_page_is_titled_by_what_it_reports_on():
    s = framing.Scorer(profile="rules")
    texts = {name: "The plan may fail." for name in ("a.txt", "b.txt", "c.txt", "d.txt")}
    one = to_html([s.score(texts["a.txt"], source="a.txt")], texts)
    assert "<title>framing: how a.txt reads</title>" in one
    many = to_html([s.score(t, source=n) for n, t in texts.items()], texts)
    assert "<title>framing: 4 articles (a.txt, b.txt, c.txt, ...)</title>" in many
