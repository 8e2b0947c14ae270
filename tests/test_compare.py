"""Comparison: the seed story's must-holds, bad input, order independence, the HTML in a browser."""
import json
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

import framing
from framing.cli.main import main
from framing.packs import PACKAGE_DIR
from conftest import missing

EXAMPLES = PACKAGE_DIR / "examples"


@pytest.fixture(scope="module")
def seed_comparison(seeds):
    runner = CliRunner()
    res = runner.invoke(main, ["compare", str(seeds["002"]), "--ref", str(seeds["000"]), "--ref", str(seeds["001"]),
                               "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _align(comp, needle):
    hits = [a for a in comp["alignment"] if needle in a["text"]]
    assert hits, needle
    return hits[0]


def test_seed_ranks_editorial_source_first(seed_comparison, seeds):
    assert seed_comparison["ranking"][0]["source"] == str(seeds["002"])
    res = CliRunner().invoke(main, ["compare", str(seeds["000"]), str(seeds["001"]), str(seeds["002"]), "--format", "json"])
    assert res.exit_code == 0, res.output
    comps = json.loads(res.stdout)
    assert comps[0]["target"] == str(seeds["002"])
    assert comps[0]["ranking"][0]["source"] == str(seeds["002"])


def test_seed_attribution_differences(seed_comparison):
    at = seed_comparison["attribution"]
    assert at["named"]["target"] == 0 and min(at["named"]["references"]) >= 3
    assert at["direct_quotes"]["target"] == 0 and min(at["direct_quotes"]["references"]) >= 3
    unnamed = at["unnamed_per_1000_words"]
    assert unnamed["target"] > unnamed["reference_mean"]


def test_seed_loaded_language_at_least_twice_references(seed_comparison):
    ll = seed_comparison["categories"]["loaded_language"]["authorial"]
    assert ll["target"] >= 2 * ll["reference_mean"]
    loaded = " ".join(a["text"] for a in seed_comparison["alignment"] if "loaded_language" in a["categories"])
    for phrase in ("audacious", "calculated geopolitical maneuver", "power move"):
        assert phrase in loaded


def test_seed_speculation_and_opinion_higher(seed_comparison):
    for cat in ("speculation", "opinion"):
        c = seed_comparison["categories"][cat]["authorial"]
        assert c["target"] > c["reference_mean"], cat
    assert "speculation" in _align(seed_comparison, "could mark a turning point")["categories"]
    assert "opinion" in _align(seed_comparison, "Bottom line")["categories"]


def test_seed_claim_alignment(seed_comparison):
    assert _align(seed_comparison, "electric vehicle")["label"] == "new"
    for needle in ("up to $1 trillion", "Madrid", "Committee on Foreign Investment"):
        assert _align(seed_comparison, needle)["label"] in ("shared", "reworded"), needle


def test_seed_quoted_loaded_words_not_editorializing_of_wire(seeds):
    r = framing.score(seeds["000"].read_text(encoding="utf-8"))
    auth = " ".join(m.text for m in r.matches if m.voice == "authorial")
    assert "routinely cheats" not in auth and "weaponized" not in auth


def test_summary_is_generated_from_numbers(seed_comparison):
    text = " ".join(seed_comparison["summary"])
    assert "names no sources" in text and "quotes nobody directly" in text


def test_json_contract_keys(seed_comparison):
    for key in ("schema_version", "target", "references", "ranking", "categories", "attribution",
                "alignment", "omitted", "summary"):
        assert key in seed_comparison
    for a in seed_comparison["alignment"]:
        assert {"start", "end", "text", "label", "score", "reference", "reference_text", "categories"} <= set(a)
    cat = seed_comparison["categories"]["hedging"]
    for voice in ("authorial", "quoted"):
        assert {"target", "references", "reference_mean", "difference", "ratio"} <= set(cat[voice])


STORY_A = ("The council approved the new harbour budget on Monday, officials said. "
           "Mayor Ana Ruiz said the plan would cost 40 million euros over five years. " * 6)
STORY_B = ("The harbour budget passed on Monday. Mayor Ana Ruiz told reporters the cost was "
           "40 million euros over five years, according to the city treasury. " * 6)
STORY_C = ("Make no mistake: the audacious harbour budget is a reckless power grab, insiders say. "
           "Critics say it could mark a turning point for the city. " * 6)


def test_reference_order_does_not_change_result():
    a = framing.compare(("c", STORY_C), [("a", STORY_A), ("b", STORY_B)]).to_dict()
    b = framing.compare(("c", STORY_C), [("b", STORY_B), ("a", STORY_A)]).to_dict()
    for key in ("ranking", "summary"):
        assert a[key] == b[key]
    for cat in a["categories"]:
        for voice in ("authorial", "quoted"):
            for k in ("target", "reference_mean", "difference", "ratio"):
                assert a["categories"][cat][voice][k] == b["categories"][cat][voice][k]
    assert [x["label"] for x in a["alignment"]] == [x["label"] for x in b["alignment"]]


def test_bad_references_warn_and_rest_runs():
    c = framing.compare(("c", STORY_C), [("c", STORY_C), ("empty", ""), ("a", STORY_A), ("short", "Tiny.")])
    assert c.references == ("a", "short")
    joined = " ".join(c.warnings)
    assert "target itself" in joined and "empty reference" in joined and "unreliable" in joined
    none = framing.compare(("c", STORY_C), [])
    assert "no usable reference" in " ".join(none.warnings)
    assert none.summary == ()


def test_cli_compare_bad_inputs(tmp_path):
    runner = CliRunner()
    t = tmp_path / "t.txt"
    t.write_text(STORY_C, encoding="utf-8")
    empty = tmp_path / "e.txt"
    empty.write_text("", encoding="utf-8")
    ref = tmp_path / "r.txt"
    ref.write_text(STORY_A, encoding="utf-8")
    res = runner.invoke(main, ["compare", str(t), "--ref", str(empty), "--ref", str(t), "--ref", str(ref)])
    assert res.exit_code == 2  # the empty file is an input error ...
    assert "empty file" in res.stderr and "given twice" in res.stderr
    assert "compared with" in res.stdout and "r.txt" in res.stdout  # ... and the rest still ran
    res = runner.invoke(main, ["compare", str(t), "--ref", str(empty), "--ref", str(t)])
    assert res.exit_code == 2 and "no readable reference" in res.stderr and not res.stdout
    res = runner.invoke(main, ["compare", str(t)])
    assert res.exit_code == 2 and "at least two" in res.stderr


class _Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.col = None
        self.depth = 0
        self.marks = []
        self.injected = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        # the report itself uses none of these tags or attributes; any of them came from article text
        if tag in ("img", "b", "script") or (a.get("href") or "").startswith("javascript:") or any(k.startswith("on") or k == "data-x" for k in a):
            self.injected.append((tag, a))
        if tag == "div" and "data-source" in a:
            self.col = a["data-source"]
        if tag == "mark":
            self._open = [self.col, a["data-rule"], int(a["data-start"]), int(a["data-end"]), ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[4] += data

    def handle_endtag(self, tag):
        if tag == "mark" and self._open:
            self.marks.append(tuple(self._open))
            self._open = None


def _browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def test_html_report_in_headless_browser(tmp_path):
    browser = _browser()
    if browser is None:
        missing("no Chromium found: .ci/run installs Debian's chromium; install it to run this test")
    hostile = ('\n<script>alert("x")</script> "quoted <b>bold</b>" text.\n</style><img src=x onerror="alert(1)">'
               '\n<a href="javascript:alert(2)">click</a> \' onmouseover=\'alert(3)\' " data-x="')
    texts = {"c.txt": STORY_C + hostile, "a.txt": STORY_A, "b.txt": STORY_B + hostile}
    scorer = framing.Scorer()
    scores = [scorer.score(t, source=s) for s, t in texts.items()]
    from framing.comparison.compare import compare_scores
    from framing.report.formats import comparison_html

    comp = compare_scores(scores[0], scores[1:], scorer.config_)
    page = tmp_path / "report.html"
    page.write_text(comparison_html(comp, texts), encoding="utf-8")
    res = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    dom = res.stdout
    # article text is escaped, never live markup: no injected element or attribute survives
    assert "<script>alert" not in dom and "<img" not in dom and 'href="javascript:' not in dom
    parser = _Marks()
    parser.feed(dom)
    assert not parser.injected, parser.injected
    assert "classifiers: biased" in dom  # each sentence's probabilities on hover
    assert any(s.matches for s in scores)
    for s in scores:
        rendered = {(r, st, en, tx) for col, r, st, en, tx in parser.marks if col == s.source}
        expected = {(m.rule, m.start, m.end, m.text) for m in s.matches}
        assert bool(rendered) == bool(s.matches), s.source
        assert rendered <= expected, s.source  # every highlight is a real match with exact text
        for m in s.matches:  # and every match is shown, alone or inside an overlapping highlight
            assert any(st <= m.start < en for _, st, en, _ in rendered), (s.source, m)


def test_api_tells_default_named_scores_apart_and_refuses_a_single_reference():
    texts = [(EXAMPLES / n).read_text(encoding="utf-8") for n in ("editorial.txt", "wire_a.txt", "wire_b.txt")]
    scores = [framing.score(t) for t in texts]  # all named "<text>"
    comp = framing.compare(scores[0], scores[1:])
    assert comp.references == ("<text> #2", "<text> #3") and not comp.warnings
    assert framing.compare(scores[0], [scores[0], scores[1]]).warnings  # the very same article is left out
    assert [c.target for c in framing.compare_all(scores)][0] == "<text>"
    with pytest.raises(TypeError, match="list of articles"):
        framing.compare(texts[0], texts[1])


def test_one_name_where_a_list_is_expected():
    t = "Officials said the reckless plan may fail. Bottom line: it is a disgrace."
    assert framing.Scorer(disabled="opinion").score(t).categories["opinion"]["authorial"]["count"] == 0
    assert framing.Scorer(disabled=["opinion"]).score(t).categories == \
        framing.Scorer(disabled="opinion").score(t).categories
    assert set(framing.Scorer(classifiers="biased").score(t).classifiers) == {"biased"}


def test_sentiment_is_compared_only_when_every_article_has_it():
    texts = [(EXAMPLES / n).read_text(encoding="utf-8") for n in ("editorial.txt", "wire_a.txt", "wire_b.txt")]
    rules, full = framing.Scorer(profile="rules"), framing.Scorer(classifiers=False)
    mixed = framing.compare(rules.score(texts[0], source="t"), [full.score(t, source=f"r{i}") for i, t in
                                                                 enumerate(texts[1:])])
    assert mixed.sentiment == {}
    both = framing.compare(full.score(texts[0], source="t"), [full.score(t, source=f"r{i}") for i, t in
                                                               enumerate(texts[1:])])
    assert set(both.sentiment) == {"mean", "mean_abs"}


def test_omitted_sentences_do_not_depend_on_the_order_of_references():
    ex = {n: (EXAMPLES / n).read_text(encoding="utf-8") for n in ("editorial.txt", "wire_a.txt", "wire_b.txt")}
    same = "The harbour authority will publish the full contract next week."
    t = ("t", ex["editorial.txt"] + "\n\n" + same)
    r1, r2 = ("r1", ex["wire_a.txt"] + "\n\n" + same), ("r2", ex["wire_b.txt"] + "\n\n" + same)
    key = lambda c: sorted((d["source"], d["sentence"]) for d in c.omitted["sentences"])  # noqa: E731
    one, other = framing.compare(t, [r1, r2]), framing.compare(t, [r2, r1])
    assert key(one) == key(other)
    assert not any(d["text"] == same for d in one.omitted["sentences"])


def test_summary_means_have_one_decimal_and_markdown_cells_stay_on_one_line():
    from framing.comparison.compare import _avg
    from framing.report.formats import _cell

    assert (_avg(1.6667), _avg(2.0), _avg(0.3333)) == ("1.7", "2", "0.3")
    assert _cell("The plan,\nthe vote | the rest") == "The plan, the vote \\| the rest"


def test_ranking_flags_a_text_too_short_for_its_index():
    import framing
    from framing.comparison.compare import compare_all
    from framing.packs import PACKAGE_DIR
    from framing.report.formats import comparison_text

    wire = (PACKAGE_DIR / "examples" / "wire_a.txt").read_text(encoding="utf-8")
    sc = framing.Scorer(profile="rules")
    comps = compare_all([sc.score("Factory shut.", source="short.txt"), sc.score(wire, source="wire.txt")], sc.config_)
    ranks = {r["source"]: r for r in comps[0].ranking}
    assert ranks["short.txt"]["rates_reliable"] is False and ranks["wire.txt"]["rates_reliable"] is True
    assert "short.txt (0.0; short text, index unreliable)" in comparison_text(comps)


def test_new_sentences_show_no_closest_reference():
    import framing
    from framing.comparison.compare import compare_scores
    from framing.packs import PACKAGE_DIR
    from framing.report.formats import comparison_html, comparison_markdown

    ex = {n: (PACKAGE_DIR / "examples" / n).read_text(encoding="utf-8") for n in ("editorial.txt", "wire_a.txt")}
    sc = framing.Scorer(profile="rules")
    c = compare_scores(sc.score(ex["editorial.txt"], source="editorial.txt"),
                       [sc.score(ex["wire_a.txt"], source="wire_a.txt")], sc.config_)
    new_rows = [line for line in comparison_markdown([c]).splitlines() if "| new |" in line]
    assert new_rows and all(line.endswith("|  |") for line in new_rows)
    page = comparison_html(c, ex)
    assert "new (" in page and "no counterpart in the other reports" in page


def test_summary_compares_no_classifier_share_with_an_article_without_authorial_sentences():
    """A reference whose one sentence is quoted has a classifier share of 0.0 that measures nothing:
    with a gap of 0.05, wire_a's 11% 'subjective' share would otherwise be 'against 0% in the others'."""
    from framing import Scorer
    from framing.comparison.compare import compare_scores
    from framing.packs import PACKAGE_DIR

    scorer = Scorer()
    wire = scorer.score((PACKAGE_DIR / "examples" / "wire_a.txt").read_text(encoding="utf-8"), source="wire_a.txt")
    quoted = scorer.score("\u201cThe plan is reckless and it may well fail before the summer is out.\u201d\n", source="q")
    config = {**scorer.config_, "compare": {**scorer.config_.get("compare", {}), "classifier_share_gap": 0.05}}
    assert wire.classifiers["subjective"]["share_above"] == 0.1111  # 2 of its 18 authorial sentences
    assert not any("classifier" in line for line in compare_scores(wire, [quoted], config).summary)
    other = scorer.score("The council approved the plan on Monday. The vote was put off until June.", source="o")
    assert any("'subjective' sentence classifier" in line for line in compare_scores(wire, [other], config).summary)


def test_summary_of_an_unreliable_target_says_so_first_and_states_no_ratio():
    """Issue #19 review: a 6-word target led with 'uses loaded language at 84.0 times the others'
    rate'. Hand-computed: 5 authorial words, 2 loaded-language matches (reckless, disgraceful):
    400.0 per 1,000 words against 0.0 in the wire reports."""
    from framing import Scorer
    from framing.comparison.compare import compare_scores
    from framing.packs import PACKAGE_DIR

    scorer = Scorer(classifiers=False)
    wires = [scorer.score((PACKAGE_DIR / "examples" / n).read_text(encoding="utf-8"), source=n)
             for n in ("wire_a.txt", "wire_b.txt")]
    short = scorer.score("This reckless, disgraceful plan failed.\n", source="short")
    summary = compare_scores(short, wires, scorer.config_).summary
    assert summary[0] == ("Unreliable: short has only 5 words in the author's own voice, too few for rates per 1,000 "
                          "words to mean much; this summary gives no ratios and flags the differences below.")
    assert not any("times the others" in line for line in summary)
    assert ("In its own voice, short uses loaded language at 400.0 per 1,000 words against 0.0 in the others "
            "(difference +400.0; unreliable: short text).") in summary
    # the other way round: every reference short
    summary = compare_scores(wires[0], [short], scorer.config_).summary
    assert summary[0].startswith("Unreliable: every other report has too few words")
    assert not any("times the others" in line for line in summary)
    # a reliable comparison has no such line
    assert not any(line.startswith("Unreliable") for line in compare_scores(wires[0], wires[1:], scorer.config_).summary)
