"""Issue #19: editor and CI formats, did-you-mean, each warning once, rates_reliable in every table,
`rules check` on a broken pack, singular and plural. Each test is one of the issue's "Tried" bullets
or one of its must-builds, with hand-computed positions."""
import csv
import io
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.cli.main import main
from framing.packs import PACKAGE_DIR

EXAMPLES = PACKAGE_DIR / "examples"
# Line 1 ends in CRLF; 'reckless' starts at offset 23 = line 2, column 5; 'may' on line 2 at column 34.
TEXT = ("Line one is calm.\r\n"
        "The reckless plan, insiders say, may fail.\n"
        "“It is a disgraceful, reckless mess,” she said.\n")


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(TEXT.encode("utf-8"))  # the CRLF kept as written
    return p


def test_positions_are_one_based_characters_and_count_crlf_and_lone_cr_as_one_break():
    from framing.report.formats import line_starts, position

    starts = line_starts("ab\r\ncd\ref\ng")
    assert starts == [0, 4, 7, 10]
    assert position(starts, 0) == (1, 1)
    assert position(starts, 2) == (1, 3)  # the \r of line 1 still belongs to line 1
    assert position(starts, 5) == (2, 2)
    assert position(starts, 10) == (4, 1)
    assert position(line_starts("é“x"), 2) == (1, 3)  # characters, not bytes


def test_line_format_one_match_a_line(runner, article):
    res = runner.invoke(main, ["score", "--format", "line", "--profile", "rules", str(article)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert f"{article}:2:5: loaded_language loaded_language.emotive-evaluative: Emotive or evaluative word " \
           "'reckless'." in lines
    assert f"{article}:2:20: speculation speculation.anon-sources-say: Unnamed source: 'insiders say'." in lines
    assert any(line.startswith(f"{article}:2:34: hedging hedging.modal-may: ") for line in lines)
    # quoted speech says so: the rule fired, but not in the author's own voice
    assert any(line.startswith(f"{article}:3:23: ") and line.endswith("(quoted voice)") for line in lines)
    data = json.loads(runner.invoke(main, ["score", "--format", "json", "--profile", "rules", str(article)]).stdout)
    assert len(lines) == len(data["matches"])


def test_github_format_annotations_and_escaping(runner, tmp_path):
    odd = tmp_path / "a,b:c%.txt"  # a file name with the characters GitHub needs escaped in properties
    odd.write_text(TEXT, encoding="utf-8")
    res = runner.invoke(main, ["score", "--format", "github", "--profile", "rules", str(odd)])
    assert res.exit_code == 0, res.output
    first = res.stdout.splitlines()[0]
    name = str(odd).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert first == (f"::warning file={name},line=2,col=5,endLine=2,endColumn=13,"
                     "title=loaded_language loaded_language.emotive-evaluative::Emotive or evaluative word 'reckless'.")
    from framing.report.formats import _gh_data, _gh_property

    assert _gh_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert _gh_property("x:y,z%") == "x%3Ay%2Cz%25"


@pytest.mark.parametrize("fmt", ["line", "github"])
def test_fail_on_works_with_editor_formats(runner, article, fmt):
    low = runner.invoke(main, ["score", "--format", fmt, "--profile", "rules", "--fail-on", "-1000", str(article)])
    assert low.exit_code == 1 and low.stdout.count("\n") >= 5
    assert "above --fail-on" in low.stderr
    high = runner.invoke(main, ["score", "--format", fmt, "--profile", "rules", "--fail-on", "1000000", str(article)])
    assert high.exit_code == 0 and "::error" not in high.stdout
    if fmt == "github":  # the failure is an annotation on the file too
        assert low.stdout.splitlines()[-1].startswith(f"::error file={article},title=framing --fail-on::"
                                                      "editorializing index ")


@pytest.mark.parametrize("fmt", ["text", "line", "github"])
def test_a_bad_file_in_the_batch_does_not_cancel_fail_on(runner, article, tmp_path, fmt):
    """Issue #19 review: a missing file beside an article over the threshold. The article is still
    reported and checked against --fail-on; the missing file gets its one error line (and in github
    format its own ::error annotation); exit 2 wins over 1."""
    missing = tmp_path / "nonexist.txt"
    res = runner.invoke(main, ["score", str(missing), str(article), "--format", fmt, "--profile", "rules",
                               "--fail-on", "-1000"])
    assert res.exit_code == 2
    assert res.stderr.count("framing: error:") == 1 and f"{missing}: no such file" in res.stderr
    assert f"above --fail-on -1000: {article} (" in res.stderr
    if fmt == "text":
        assert res.stdout.startswith(f"{article}: ")
    else:
        assert f"{article}:2:5: " in res.stdout or f"file={article},line=2,col=5," in res.stdout
    if fmt == "github":
        errors = [line for line in res.stdout.splitlines() if line.startswith("::error ")]
        assert errors == [f"::error file={article},title=framing --fail-on::editorializing index "
                          + errors[0].rsplit("index ", 1)[1],
                          f"::error file={missing},title=framing::{missing}: no such file"]
    # without the threshold crossed, the bad file alone sets the code and no ::error names the article
    calm = runner.invoke(main, ["score", str(missing), str(article), "--format", fmt, "--profile", "rules",
                                "--fail-on", "1000000"])
    assert calm.exit_code == 2 and "above --fail-on" not in calm.stderr
    assert f"file={article},title=framing --fail-on" not in calm.stdout


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab é“\r\n\t😀"), max_size=40), st.data())
def test_position_points_at_the_character_of_the_offset(text, data):
    """Any text, any offset: the 1-based (line, column) names that very character, lines split
    where editors split them."""
    import re

    from framing.report.formats import line_starts, position

    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    line, col = position(line_starts(text), offset)
    lines = re.split(r"\r\n|\r|\n", text)
    assert 1 <= line <= len(lines)
    before = sum(len(x) for x in lines[:line - 1]) + sum(len(m) for m in re.findall(r"\r\n|\r|\n", text)[:line - 1])
    assert before + col - 1 == offset


@pytest.mark.parametrize("args,suggestion", [
    (["--disable", "hedgin"], "did you mean 'hedging'?"),
    (["--disable", "Opinion"], "did you mean 'opinion'?"),
    (["--disable", "pack:speculaton"], "did you mean 'pack:speculation'?"),
    (["--disable", "hedging.modal-mya"], "did you mean 'hedging.modal-may'"),
    (["--model", "biasd"], "did you mean 'biased'?"),
])
def test_unknown_names_suggest_the_nearest(runner, article, args, suggestion):
    res = runner.invoke(main, ["score", *args, str(article)])
    assert res.exit_code == 2
    assert suggestion in res.stderr and len(res.stderr.splitlines()) == 1, res.stderr


def test_rules_show_and_compare_suggest_too(runner, article):
    res = runner.invoke(main, ["rules", "show", "modal-mya"])
    assert res.exit_code == 2 and "did you mean 'hedging.modal-may'" in res.stderr  # the full id
    res = runner.invoke(main, ["compare", str(article), "--ref", str(EXAMPLES / "wire_a.txt"), "--disable", "opinon"])
    assert res.exit_code == 2 and "did you mean 'opinion'?" in res.stderr
    res = runner.invoke(main, ["score", "--disable", "zzzzzz", str(article)])
    assert res.exit_code == 2 and "did you mean" not in res.stderr  # nothing close: no guess


@pytest.mark.parametrize("args", [["rules", "show", "hedging.modal-maay"], ["rules", "show", "modal-maay"],
                                  ["score", "--disable", "hedging.modal-maay", "unused.txt"]])
def test_each_rule_is_suggested_once_by_its_full_id(runner, args):
    """Issue #19 review: 'hedging.modal-maay' suggested 'hedging.modal-may' and 'modal-may', one
    rule twice. Each rule once, by its full id."""
    res = runner.invoke(main, args)
    assert res.exit_code == 2 and "'hedging.modal-may'" in res.stderr
    assert "'modal-may'" not in res.stderr and res.stderr.count("modal-may'") == 1, res.stderr


def test_did_you_mean_prefers_the_given_spelling():
    from framing.packs import did_you_mean

    assert did_you_mean("modal-maay", ["a.modal-may", "modal-may"], {"modal-may": "a.modal-may"}) == \
        " (did you mean 'a.modal-may'?)"


@pytest.mark.parametrize("args,suggestion", [
    (["explain", "Critics say the plan could fail.", "--model", "biasd"], "did you mean 'biased'?"),
    (["evaluate", "--model", "subjectiv", "--data", "unused.jsonl"], "did you mean 'subjective'?"),
])
def test_model_commands_suggest_the_nearest_model(runner, args, suggestion):
    res = runner.invoke(main, args)
    assert res.exit_code == 2
    assert suggestion in res.stderr and len(res.stderr.splitlines()) == 1, res.stderr


def test_did_you_mean_wording():
    from framing.packs import did_you_mean

    assert did_you_mean("hedgin", ["hedging", "opinion"]) == " (did you mean 'hedging'?)"
    assert did_you_mean("qqq", ["hedging"]) == ""
    assert did_you_mean("pack:hedgin", ["pack:hedging", "pack:certainty", "hedging"]) == " (did you mean 'pack:hedging'?)"


def test_ranked_compare_warns_once(runner, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("Factory shut.", encoding="utf-8")
    res = runner.invoke(main, ["compare", "--no-classifiers", str(short), str(EXAMPLES / "wire_a.txt"),
                               str(EXAMPLES / "wire_b.txt")])
    assert res.exit_code == 0, res.output
    assert res.output.count("rates are unreliable") == 1  # stdout and stderr together, as a terminal shows them
    assert "only 2 words in the author's own voice" in res.stderr
    assert res.stdout.count("Ranking (") == 1
    md = runner.invoke(main, ["compare", "--no-classifiers", "--format", "markdown", str(short),
                              str(EXAMPLES / "wire_a.txt"), str(EXAMPLES / "wire_b.txt")])
    assert md.stdout.count("rates are unreliable") == 1


def test_score_csv_and_corpus_rows_carry_rates_reliable(runner, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("Shut.", encoding="utf-8")
    res = runner.invoke(main, ["score", "--format", "csv", "--profile", "rules", str(short), str(EXAMPLES / "wire_a.txt")])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["rates_reliable"] for r in rows] == ["False", "True"]
    assert rows[0]["index"] == "0.0"
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "s", "text": "Shut."}) + "\n"
                       + json.dumps({"id": "w", "text": (EXAMPLES / "wire_a.txt").read_text(encoding="utf-8")}) + "\n",
                       encoding="utf-8")
    for out in ("rows.csv", "rows.jsonl"):
        res = runner.invoke(main, ["corpus", str(records), "-o", str(tmp_path / out), "--profile", "rules", "--workers", "1"])
        assert res.exit_code == 0, res.output
    rows = list(csv.DictReader((tmp_path / "rows.csv").open(encoding="utf-8")))
    assert [r["rates_reliable"] for r in rows] == ["False", "True"]
    rows = [json.loads(line) for line in (tmp_path / "rows.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["rates_reliable"] for r in rows] == [False, True]


def test_rules_check_on_a_pack_that_does_not_load_prints_only_the_error(runner, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[pack]\nid = "x"\n', encoding="utf-8")
    res = runner.invoke(main, ["rules", "check", str(bad)])
    assert res.exit_code == 2
    assert res.stdout == "" and "passed" not in res.output
    assert all(line.startswith("framing: error: ") and "bad.toml" in line for line in res.stderr.splitlines())


def test_singular_and_plural_agree(runner, tmp_path):
    from framing.comparison.compare import counted

    assert (counted(1, "word"), counted(2, "word"), counted("1", "direct quote"), counted("1.5", "direct quote"),
            counted(1, "match", "matches"), counted(0, "match", "matches")) == \
        ("1 word", "2 words", "1 direct quote", "1.5 direct quotes", "1 match", "0 matches")
    one = tmp_path / "one.txt"
    one.write_text("“The harbour plan will fail within a year,” the mayor said.", encoding="utf-8")
    res = runner.invoke(main, ["score", "--profile", "rules", str(one)])
    assert "1 direct quote," in res.stdout and "1 sentence," in res.stdout
    word = tmp_path / "word.txt"
    word.write_text("Shut.", encoding="utf-8")
    res = runner.invoke(main, ["score", "--profile", "rules", str(word)])
    assert f"{word}: 1 word (" in res.stdout
    res = runner.invoke(main, ["compare", "--no-classifiers", str(word), "--ref", str(EXAMPLES / "wire_a.txt")])
    assert "only 1 word in the author's own voice" in res.stderr
    assert "1 of 1 sentence of" in res.stdout and "has no counterpart" in res.stdout


def test_a_further_voice_renders_by_its_name():
    """Attribution may add a voice (reported speech): every output names it instead of dropping it."""
    from dataclasses import replace

    import framing
    from framing.report.formats import comparison_text, to_html, to_lines, to_text

    text = (EXAMPLES / "editorial.txt").read_text(encoding="utf-8")
    sc = framing.Scorer(profile="rules")
    r = sc.score(text, source="e.txt")
    m = r.matches[0]
    reported = {"count": 1, "per_1000_words": 2.5, "sentence_share": 0.05}
    cats = {c: {**e, "reported": reported if c == m.category else {**reported, "count": 0, "per_1000_words": 0.0}}
            for c, e in r.categories.items()}
    r = replace(r, categories=cats, matches=(replace(m, voice="reported"), *r.matches[1:]))
    table = to_text([r])
    assert "reported" in table.splitlines()[1] and "2.5" in table
    assert to_lines([r], {"e.txt": text}).splitlines()[0].endswith("(reported voice)")
    page = to_html([r], {"e.txt": text})
    assert "reported voice)" in page and "reported: count" in page
    comp = framing.compare(r, [sc.score((EXAMPLES / "wire_a.txt").read_text(encoding="utf-8"), source="w.txt")])
    assert comp.categories[m.category]["reported"]["target"] == 2.5
    assert f"reported per 1k words: {m.category}" in comparison_text([comp])


# Reported (indirect) speech: "Brandt said [the reckless plan may fail ...]" is the source's voice.
REPORTED_TEXT = ("The council met on Monday to vote on the harbour plan.\n"
                 "Mayor Anna Brandt said the reckless plan may fail and the board should have sought grants first.\n"
                 "\u201cIt is a disgraceful, reckless mess,\u201d said Tom Liu, a councillor.\n"
                 "The vote was put off until June.\n")
REPORTED_SPAN = "the reckless plan may fail and the board should have sought grants first"


def test_reported_speech_is_counted_and_shown_by_its_own_name(runner, tmp_path):
    """Issue #19 review: the summary said "11 further matches lie in quoted speech" when 3 were
    reported speech, and the text header's voices did not add up to the words. Hand-counted: 46
    words, 6 quoted (It is a disgraceful, reckless mess), 13 reported (REPORTED_SPAN), 27 authorial;
    3 matches quoted (disgraceful, reckless, mess), 3 reported (reckless, may, should)."""
    from html.parser import HTMLParser

    path = tmp_path / "r.txt"
    path.write_text(REPORTED_TEXT, encoding="utf-8")
    text = runner.invoke(main, ["score", "--profile", "rules", str(path)]).stdout
    assert text.startswith(f"{path}: 46 words (27 authorial, 6 quoted, 13 reported), 4 sentences")
    page = runner.invoke(main, ["score", "--profile", "rules", "--format", "html", str(path)]).stdout
    assert ("3 further matches lie in quoted speech and 3 in reported speech: the speakers&#x27; words, "
            "not the author&#x27;s.") in page
    assert "27 in the author&#x27;s own voice, 6 in quotations and 13 in reported speech" in page
    assert "<li><span class='reported'>reported speech</span></li>" in page  # the legend entry
    assert ".reported{" in page  # styled like the other voices

    class Reported(HTMLParser):  # the text inside elements of class 'reported', in the article
        def __init__(self):
            super().__init__()
            self.depth, self.parts = 0, []

        def handle_starttag(self, tag, attrs):
            if self.depth or "reported" in (dict(attrs).get("class") or "").split():
                self.depth += 1

        def handle_endtag(self, tag):
            self.depth = max(0, self.depth - 1)

        def handle_data(self, data):
            if self.depth:
                self.parts.append(data)

    parser = Reported()
    parser.feed(page.split("<div class='article'>", 1)[1])
    assert "".join(parser.parts) == REPORTED_SPAN


def test_one_further_match_agrees_in_number():
    from framing import Scorer
    from framing.report.formats import article_summary

    r = Scorer(profile="rules").score("The plan was approved.\n\u201cIt is a reckless plan,\u201d she said.\n")
    assert "1 further match lies in quoted speech: the speakers' words, not the author's." in article_summary(r)


def test_outside_cuts_the_quotations_out_of_reported_speech():
    from framing.report.formats import _outside

    assert _outside([(0, 10), (20, 30)], [(2, 4), (8, 12), (25, 40)]) == [(0, 2), (4, 8), (20, 25)]
    assert _outside([(5, 9)], [(0, 5), (9, 12)]) == [(5, 9)]
    assert _outside([(5, 9)], [(0, 20)]) == []


ALL_QUOTED = "\u201cThe plan is reckless and it may well fail before the summer is out.\u201d\n"


def test_classifiers_without_an_authorial_sentence_show_n_a(runner, tmp_path):
    """Issue #19 review: a text whose one sentence is quoted showed "biased mean 0.00, 0% above
    0.44", a measurement of nothing. The renderings say n/a; the JSON contract keeps its 0.0 (the
    per-sentence probability is still there)."""
    path = tmp_path / "q.txt"
    path.write_text(ALL_QUOTED, encoding="utf-8")
    text = runner.invoke(main, ["score", str(path)]).stdout
    assert "  classifiers (authorial sentences): biased n/a (no authorial sentence); subjective n/a (no " \
           "authorial sentence); uncertain n/a (no authorial sentence)\n" in text
    assert "mean 0.00" not in text
    page = runner.invoke(main, ["score", "--format", "html", str(path)]).stdout
    assert "Sentence classifiers (authorial sentences): biased n/a (no authorial sentence);" in page
    data = json.loads(runner.invoke(main, ["score", "--format", "json", str(path)]).stdout)
    assert data["classifiers"]["biased"]["mean"] == 0.0 and data["sentences"][0]["voice"] == "quoted"
    assert set(data["sentences"][0]["classifiers"]) == {"biased", "subjective", "uncertain"}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_compare_rows_show_n_a_for_an_article_without_authorial_sentences(runner, tmp_path, fmt):
    path = tmp_path / "q.txt"
    path.write_text(ALL_QUOTED, encoding="utf-8")
    wire = str(EXAMPLES / "wire_a.txt")
    as_target = runner.invoke(main, ["compare", str(path), "--ref", wire, "--format", fmt]).stdout
    def cells(out: str) -> list[str]:  # target, reference mean, difference, ratio, the reference
        row = next(line for line in out.splitlines() if "classifier: biased mean" in line)
        return row.split()[3:] if fmt == "text" else [c.strip() for c in row.split("|")[2:7]]

    assert cells(as_target) == ["n/a", "0.23", "n/a", "n/a", "0.23"]
    as_ref = runner.invoke(main, ["compare", wire, "--ref", str(path), "--format", fmt]).stdout
    assert cells(as_ref) == ["0.23", "n/a", "n/a", "n/a", "n/a"]
