"""The command line: formats, exit codes, one-line errors for bad input, help everywhere."""
import json

import click
import pytest
from click.testing import CliRunner

from framing.cli.main import main

ARTICLE = (
    "Council approves harbour plan\n\n"
    "The city council approved the harbour plan on Tuesday, according to the Ministry of Transport.\n"
    "Critics say the deal could mark a turning point, and insiders say the price may rise.\n"
    "“This is a reckless giveaway of public land,” councillor Maria Lund said.\n"
)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_score_json_contract(runner, article):
    res = runner.invoke(main, ["score", "--format", "json", str(article)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    for key in ("schema_version", "source", "words", "authorial_words", "sentences", "matches", "categories",
                "attribution", "sentiment", "readability", "excluded", "index"):
        assert key in data
    for m in data["matches"]:
        assert ARTICLE[m["start"]:m["end"]] == m["text"]
        assert {"rule", "category", "voice", "sentence"} <= set(m)
    for s in data["sentences"]:
        assert {"start", "end", "voice", "sentiment"} <= set(s)
    for cat in data["categories"].values():
        assert {"count", "per_1000_words", "sentence_share"} <= set(cat["authorial"])
        assert {"count", "per_1000_words", "sentence_share"} <= set(cat["quoted"])
    assert {"named", "anonymous", "vague", "direct_quotes", "quoted_word_share"} <= set(data["attribution"])
    assert data["attribution"]["named"] >= 1
    assert data["attribution"]["direct_quotes"] == 1
    assert data["readability"]["flesch_reading_ease"] is not None


def test_score_other_formats(runner, article):
    for fmt, check in (("text", "editorializing index"), ("csv", "schema_version"),
                       ("html", "<mark"), ("jsonl", '"schema_version"')):
        res = runner.invoke(main, ["score", "--format", fmt, str(article)])
        assert res.exit_code == 0, res.output
        assert check in res.output


def test_show_matches_and_stdin(runner):
    res = runner.invoke(main, ["score", "--show-matches", "-"], input=ARTICLE)
    assert res.exit_code == 0, res.output
    assert "insiders say" in res.output


@pytest.mark.parametrize("content,expected", [
    (b"", "empty file"),
    (b"   \n\t\n", "empty file"),
    (b"\x00\x01binary\x00", "binary"),
    (b"caf\xe9 au lait is \xff\xfe nice", "not valid UTF-8"),
])
def test_bad_files_one_line_error_exit_2(runner, tmp_path, article, content, expected):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    res = runner.invoke(main, ["score", "--format", "jsonl", str(bad), str(article)])
    assert res.exit_code == 2
    err_lines = [l for l in res.stderr.splitlines() if l]
    assert len(err_lines) == 1 and "bad.txt" in err_lines[0] and expected in err_lines[0]
    assert "Traceback" not in res.output
    # the rest of the batch is still scored
    assert json.loads(res.stdout.splitlines()[0])["source"] == str(article)


def test_missing_file_and_directory(runner, tmp_path):
    res = runner.invoke(main, ["score", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2 and "no such file" in res.stderr
    res = runner.invoke(main, ["score", str(tmp_path)])
    assert res.exit_code == 2 and "directory" in res.stderr


def test_input_over_the_size_limit_is_refused_before_reading(runner, tmp_path, article):
    big = tmp_path / "big.txt"
    big.write_text("The council met. " * 70_000, encoding="utf-8")  # 1.19 MB
    res = runner.invoke(main, ["score", "--max-mb", "1", "--profile", "rules", str(big), str(article)])
    assert res.exit_code == 2
    assert "big.txt: 1.19 MB is over the limit of 1 MB" in res.stderr and "--max-mb" in res.stderr
    assert str(article) in res.stdout  # the rest of the batch is still scored
    res = runner.invoke(main, ["score", "--max-mb", "1", "--profile", "rules", "-"], input="The council met. " * 70_000)
    assert res.exit_code == 2 and "<stdin>: the input is over the limit of 1 MB" in res.stderr


def test_utf16_and_crlf_inputs(runner, tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-16"))
    res = runner.invoke(main, ["score", "--format", "json", str(p)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["attribution"]["direct_quotes"] == 1


def test_malformed_pack_exit_2(runner, tmp_path, article):
    bad = tmp_path / "bad.toml"
    bad.write_text('[pack]\nid = "x"\nversion = "1"\ndescription = "d"\n[[rules]]\nid = "r"\nbogus = 1\n')
    res = runner.invoke(main, ["score", "--pack", str(bad), str(article)])
    assert res.exit_code == 2
    assert "bad.toml" in res.stderr and "'r'" in res.stderr and "bogus" in res.stderr
    assert "Traceback" not in res.output


def test_disable_category_and_unknown_name(runner, article):
    res = runner.invoke(main, ["score", "--format", "json", "--disable", "speculation", str(article)])
    assert res.exit_code == 0
    cats = {m["category"] for m in json.loads(res.output)["matches"]}
    # 'speculation' is a category and a pack (which also holds the sourcing rules): the category is meant
    assert "speculation" not in cats and "sourcing" in cats
    res = runner.invoke(main, ["score", "--format", "json", "--disable", "pack:speculation", str(article)])
    cats = {m["category"] for m in json.loads(res.output)["matches"]}
    assert res.exit_code == 0 and not cats & {"speculation", "sourcing"} and "hedging" in cats
    res = runner.invoke(main, ["score", "--disable", "no-such-rule", str(article)])
    assert res.exit_code == 2 and "no-such-rule" in res.stderr


def test_fail_on_threshold(runner, article):
    assert runner.invoke(main, ["score", "--fail-on", "1000000", str(article)]).exit_code == 0
    assert runner.invoke(main, ["score", "--fail-on", "-1000000", str(article)]).exit_code == 1


def test_rules_commands(runner):
    res = runner.invoke(main, ["rules", "list"])
    assert res.exit_code == 0 and "speculation" in res.output
    first = next(line.split()[0] for line in res.output.splitlines() if line.split()[2] != "finder")
    res = runner.invoke(main, ["rules", "show", first])
    assert res.exit_code == 0 and "why:" in res.output and "flags:" in res.output
    assert runner.invoke(main, ["rules", "show", "nope.nothing"]).exit_code == 2
    res = runner.invoke(main, ["rules", "check"])
    assert res.exit_code == 0, res.output
    assert " 0 failed" in res.output


def test_rules_check_reports_failing_example(runner, tmp_path):
    p = tmp_path / "p.toml"
    p.write_text('[pack]\nid = "mine"\nversion = "1"\ndescription = "d"\n[[rules]]\nid = "r"\n'
                 'category = "hedging"\nkind = "phrase"\nphrases = ["perhaps"]\nmessage = "m"\nwhy = "w"\n'
                 'examples.flag = ["It [maybe] so."]\nexamples.pass = ["It is perhaps so."]\n')
    res = runner.invoke(main, ["rules", "check", str(p)])
    assert res.exit_code == 1
    assert "mine.r" in res.output and "2 failed" in res.output


def _perhaps_pack(path, pack_id):
    """A one-rule pack (the phrase 'perhaps', category hedging) with the given pack id."""
    path.write_text(f'[pack]\nid = "{pack_id}"\nversion = "1"\ndescription = "d"\n[[rules]]\nid = "r"\n'
                    'category = "hedging"\nkind = "phrase"\nphrases = ["perhaps"]\nmessage = "m"\nwhy = "w"\n'
                    'examples.flag = ["It is [perhaps] so."]\nexamples.pass = ["It is so."]\n', encoding="utf-8")
    return path


def test_rules_check_finds_ids_that_clash_with_the_shipped_packs(runner, tmp_path, article):
    p = _perhaps_pack(tmp_path / "p.toml", "hedging")
    res = runner.invoke(main, ["rules", "check", str(p)])
    assert res.exit_code == 2 and "duplicate pack id 'hedging'" in res.output  # as score --pack would say
    # the shipped packs' and p's own examples still run, and the count says it is not the whole check
    assert res.stdout.splitlines()[-1].endswith(" passed, 0 failed (examples of the packs that loaded; "
                                                "fix the error above and check again)")
    assert runner.invoke(main, ["score", "--pack", str(p), str(article)]).exit_code == 2
    assert runner.invoke(main, ["rules", "check", "--no-default-packs", str(p)]).exit_code == 0


def test_the_same_pack_given_twice_loads_once(runner, tmp_path, article):
    p = _perhaps_pack(tmp_path / "p.toml", "house")
    res = runner.invoke(main, ["score", "--pack", str(p), "--pack", str(p), "--profile", "rules", str(article)])
    assert res.exit_code == 0, res.output


def test_demo_runs_on_shipped_story(runner, tmp_path):
    out = tmp_path / "demo.html"
    res = runner.invoke(main, ["demo", "-o", str(out)])
    assert res.exit_code == 0, res.output
    ranking = next(line for line in res.output.splitlines() if line.startswith("Ranking"))
    assert ": 1. editorial.txt" in ranking
    assert "names no sources" in res.output
    assert "<mark" in out.read_text(encoding="utf-8")


def _commands(group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # loads the lazily registered command families too
        cmd = group.get_command(ctx, name)
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


def test_every_command_has_help(runner):
    names = {path for path, _ in _commands(main)}
    assert {("train",), ("evaluate",), ("explain",), ("models",), ("corpus",), ("bench",), ("bench", "accuracy"),
            ("score",), ("compare",), ("demo",), ("rules",), ("rules", "check")} <= names
    for path, cmd in _commands(main):
        assert cmd.help and len(cmd.help) > 20, path
        res = runner.invoke(main, [*path, "--help"])
        assert res.exit_code == 0


def test_encoding_auto_falls_back_and_says_so(runner, tmp_path):
    p = tmp_path / "win.txt"
    p.write_bytes(ARTICLE.replace("“", '"').replace("”", '"').encode("utf-8")
                  + "Caf\u00e9 owners were \u201cfurious\u201d, the paper said.\n".encode("cp1252"))
    strict = runner.invoke(main, ["score", str(p)])
    assert strict.exit_code == 2 and "--encoding auto" in strict.stderr
    res = runner.invoke(main, ["score", "--encoding", "auto", "--format", "json", str(p)])
    assert res.exit_code == 0, res.stderr
    assert "decoded as Windows-1252" in res.stderr
    out = json.loads(res.stdout)
    assert any(m["text"] == "furious" and m["voice"] == "quoted" for m in out["matches"])


def test_html_input_scores_the_visible_text(runner, tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<!doctype html><html><head><title>x</title><style>p { color: red }</style>"
        "<script>var s = 'insiders say it is a reckless giveaway';</script></head><body>"
        "<article><h1>Harbour plan</h1><p>Critics say the deal is a <b>reckless</b>\n giveaway &amp; more.</p>"
        "<p>The council met on Tuesday.</p></article></body></html>", encoding="utf-8")
    res = runner.invoke(main, ["score", "--format", "json", str(page)])
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    from framing.inputs import html_to_text

    text = html_to_text(page.read_text(encoding="utf-8"))
    assert "var s" not in text and "color" not in text and "reckless giveaway & more." in text
    assert out["matches"] and all(text[m["start"]:m["end"]] == m["text"] for m in out["matches"])
    # the word inside <script> is not text: only the paragraph's one "reckless" is matched
    assert len({m["start"] for m in out["matches"] if m["text"].startswith("reckless")}) == 1
    plain = runner.invoke(main, ["score", "--input", "text", "--format", "json", str(page)])
    assert json.loads(plain.stdout)["words"] > out["words"]  # markup scored as text when asked


def test_unexpected_error_is_one_line_and_batch_goes_on(runner, article, monkeypatch):
    from framing.scoring.scorer import Scorer

    real = Scorer._assembled  # what score and the JSON formats both build from

    def flaky(self, text, source, make):
        if source.endswith("boom.txt"):
            raise RuntimeError("simulated failure")
        return real(self, text, source, make)

    monkeypatch.setattr(Scorer, "_assembled", flaky)
    boom = article.parent / "boom.txt"
    boom.write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(main, ["score", "--format", "jsonl", str(boom), str(article)])
    assert res.exit_code == 2
    assert "boom.txt: could not be scored (RuntimeError: simulated failure)" in res.stderr
    assert "Traceback" not in res.stderr and len(res.stdout.splitlines()) == 1
    debug = runner.invoke(main, ["--debug", "score", str(boom)])
    assert isinstance(debug.exception, RuntimeError)


def test_html_colours_every_category_including_user_packs(runner, tmp_path, article):
    pack = tmp_path / "spin.toml"
    pack.write_text('[pack]\nid = "mine"\nversion = "1"\ndescription = "d"\ncategories = ["spin"]\n[[rules]]\nid = "spin"\n'
                    'category = "spin"\nkind = "phrase"\nphrases = ["harbour plan"]\nmessage = "m"\nwhy = "w"\n'
                    'examples.flag = ["The [harbour plan] passed."]\nexamples.pass = ["The plan passed."]\n',
                    encoding="utf-8")
    res = runner.invoke(main, ["score", "--format", "html", "--pack", str(pack), str(article)])
    assert res.exit_code == 0, res.stderr
    cats = {c for c in ("spin", "speculation", "loaded_language")}
    for c in cats:
        assert f"mark.c-{c},.key.c-{c}{{background:" in res.stdout, c
        assert f"class='key c-{c}'" in res.stdout  # and in the legend


def test_project_config_is_found_walking_up_and_validated(runner, tmp_path, article, monkeypatch):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "house.toml").write_text(
        '[pack]\nid = "house"\nversion = "1"\ndescription = "d"\n[[rules]]\nid = "plan"\n'
        'category = "opinion"\nkind = "phrase"\nphrases = ["harbour plan"]\nmessage = "m"\nwhy = "w"\n'
        'examples.flag = ["The [harbour plan] passed."]\nexamples.pass = ["The plan passed."]\n', encoding="utf-8")
    (tmp_path / ".framing.toml").write_text(
        '[framing]\npacks = ["packs/house.toml"]\ndisable = ["pack:speculation"]\n', encoding="utf-8")
    deep = tmp_path / "articles" / "2026"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    res = runner.invoke(main, ["score", "--format", "json", str(article)])
    assert res.exit_code == 0, res.stderr
    rules = {m["rule"] for m in json.loads(res.stdout)["matches"]}
    assert "house.plan" in rules and not any(r.startswith("speculation.") for r in rules)
    ignored = runner.invoke(main, ["--no-config", "score", "--format", "json", str(article)])
    assert any(m["rule"].startswith("speculation.") for m in json.loads(ignored.stdout)["matches"])
    (tmp_path / ".framing.toml").write_text('[framing]\npack = ["x.toml"]\n', encoding="utf-8")
    bad = runner.invoke(main, ["score", str(article)])
    assert bad.exit_code == 2 and ".framing.toml: [framing]: unknown key 'pack'" in bad.stderr


def test_sentence_classifiers_in_score_and_compare(runner, article, tmp_path):
    res = runner.invoke(main, ["score", "--format", "json", str(article)])
    out = json.loads(res.stdout)
    from framing.scoring.classify import shipped_models

    assert set(out["classifiers"]) == set(shipped_models()) and out["classifiers"]
    for v in out["classifiers"].values():
        assert 0 <= v["mean"] <= 1 and 0 <= v["share_above"] <= 1 and 0 < v["threshold"] < 1
    for s in out["sentences"]:
        assert set(s["classifiers"]) == set(out["classifiers"])
        assert all(0 <= p <= 1 for p in s["classifiers"].values())
    off = json.loads(runner.invoke(main, ["score", "--no-classifiers", "--format", "json", str(article)]).stdout)
    assert off["classifiers"] == {} and all(s["classifiers"] == {} for s in off["sentences"])
    assert "classifier.biased.mean" in runner.invoke(main, ["score", "--format", "csv", str(article)]).stdout
    other = tmp_path / "b.txt"
    other.write_text("The city council approved the harbour plan on Tuesday, the ministry said.\n", encoding="utf-8")
    comp = json.loads(runner.invoke(main, ["compare", str(article), "--ref", str(other), "--format", "json"]).stdout)
    assert set(comp["classifiers"]) == set(out["classifiers"])
    assert comp["classifiers"]["biased"]["mean"]["target"] == out["classifiers"]["biased"]["mean"]


def test_bad_classifier_is_a_clear_error(tmp_path):
    import framing

    with pytest.raises(framing.PackError, match="sentence classifier: .*nope"):
        framing.Scorer(classifiers=[str(tmp_path / "nope")]).score("Some text.")


def test_rules_profile_skips_sentiment_readability_and_classifiers(runner, article):
    out = json.loads(runner.invoke(main, ["score", "--profile", "rules", "--format", "json", str(article)]).stdout)
    assert out["classifiers"] == {} and out["readability"] == {} and out["sentiment"]["enabled"] is False
    assert any(m["rule"].startswith("speculation.") for m in out["matches"])
    # CSV has no sentiment columns then, rather than a mean of 0.0 that was never computed.
    header = runner.invoke(main, ["score", "--profile", "rules", "--format", "csv", str(article)]).stdout.split("\n")[0]
    assert "hedging.authorial.count" in header and "sentiment" not in header and "readability" not in header
    header = runner.invoke(main, ["score", "--format", "csv", "--no-classifiers", str(article)]).stdout.split("\n")[0]
    assert "sentiment.mean" in header


def test_output_dash_is_stdout_and_json_shape_follows_the_files_asked_for(runner, article, tmp_path):
    res = runner.invoke(main, ["score", str(article), "--format", "json", "--profile", "rules", "-o", "-"])
    assert res.exit_code == 0 and json.loads(res.stdout)["schema_version"]
    res = runner.invoke(main, ["score", str(article), str(tmp_path / "missing.txt"), "--format", "json",
                               "--profile", "rules"])
    assert res.exit_code == 2 and isinstance(json.loads(res.stdout), list)  # two files asked for: a list
    res = runner.invoke(main, ["score", str(article), "--profile", "rules", "-o", str(tmp_path / "no" / "x.json")])
    assert res.exit_code == 2 and "cannot write" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("option", [["--max-mb", "inf"], ["--max-mb", "nan"], ["--fail-on", "nan"]])
def test_non_finite_numbers_are_usage_errors(runner, article, option):
    res = runner.invoke(main, ["score", str(article), *option])
    assert res.exit_code == 2 and "not a finite number" in res.stderr


def test_corpus_refuses_to_overwrite_its_input_and_renames_clashing_fields(runner, tmp_path):
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"id": "e1", "text": "Officials said the plan may fail.", "error": "prior",
                               "extra": "x"}) + "\n", encoding="utf-8")
    before = src.read_bytes()
    for args in (["-o", str(src)], ["-o", str(tmp_path / "o.jsonl"), "--spans", str(src)]):
        res = runner.invoke(main, ["corpus", str(src), *args, "--quiet", "--profile", "rules"])
        assert res.exit_code == 2 and "is the input" in res.stderr
        assert src.read_bytes() == before
    res = runner.invoke(main, ["corpus", str(src), "-o", str(tmp_path / "o.csv"), "--quiet", "--profile", "rules"])
    assert res.exit_code == 0
    import csv

    with open(tmp_path / "o.csv", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
        row = dict(zip(header, next(csv.reader(fh))))
    assert len(header) == len(set(header)) and row["error"] == "" and row["input.error"] == "prior"
    assert row["input.extra"] == "x" and float(row["words"]) > 0


def test_fail_on_names_the_articles_over_the_threshold(runner, article):
    res = runner.invoke(main, ["score", str(article), "--profile", "rules", "--fail-on", "-1000"])
    assert res.exit_code == 1 and str(article) in res.stderr and "--fail-on" in res.stderr


@pytest.mark.parametrize("command", ["score", "compare"])
def test_output_that_is_an_input_file_is_refused_before_writing(runner, tmp_path, article, command):
    other = tmp_path / "b.txt"
    other.write_text(ARTICLE.replace("reckless", "costly"), encoding="utf-8")
    res = runner.invoke(main, [command, str(article), str(other), "-o", str(other)])
    assert res.exit_code == 2
    assert "would overwrite" in res.output and str(other) in res.output
    assert "costly" in other.read_text(encoding="utf-8")  # the article is untouched
    pack = _perhaps_pack(tmp_path / "house.toml", "house")
    res = runner.invoke(main, [command, str(article), str(other), "--pack", str(pack), "-o", str(pack)])
    assert res.exit_code == 2 and "[pack]" in pack.read_text(encoding="utf-8")  # nor is a rule pack


def test_no_rules_loaded_is_an_error_not_an_empty_score(runner, tmp_path, article):
    res = runner.invoke(main, ["score", "--no-default-packs", str(article)])
    assert res.exit_code == 2 and "no rule is loaded" in res.output
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    res = runner.invoke(main, ["corpus", str(src), "-o", "-", "--no-default-packs", "--workers", "1"])
    assert res.exit_code == 2 and "no rule is loaded" in res.output


def test_compare_clips_new_sentences_at_a_word_with_an_ellipsis():
    from framing.report.formats import _clip

    text = "The harbour authority said the new terminal would open in spring after a long and costly delay"
    clipped = _clip(text, 40)
    assert clipped.endswith("…") and len(clipped) <= 40
    assert text.startswith(clipped[:-1]) and text[len(clipped) - 1] == " "
    assert _clip("Short enough.", 40) == "Short enough."


def test_article_of_furniture_only_is_scored_with_a_warning(runner, tmp_path):
    p = tmp_path / "f.txt"
    p.write_text("Advertisement\n\nSubscribe to our newsletter\n", encoding="utf-8")
    res = runner.invoke(main, ["score", "--profile", "rules", "--format", "json", str(p)])
    assert res.exit_code == 0 and json.loads(res.stdout)["words"] == 0
    assert "publisher furniture" in res.stderr and "f.txt" in res.stderr


def test_demo_keeps_standard_output_to_one_format(runner):
    res = runner.invoke(main, ["demo", "--format", "json", "-o", "-"])
    assert res.exit_code == 2 and "would mix" in res.stderr
    res = runner.invoke(main, ["demo", "--format", "html", "-o", "-"])
    assert res.exit_code == 0 and res.stdout.count("<!DOCTYPE html>") == 1


def test_compare_uses_a_file_given_under_two_paths_once(runner, article, monkeypatch):
    monkeypatch.chdir(article.parent)
    res = runner.invoke(main, ["compare", article.name, "--ref", "./" + article.name])
    assert res.exit_code == 2 and "same file" in res.stderr and "no readable reference" in res.stderr


def test_named_sources_listed_in_their_fullest_form():
    import framing

    text = ("Marta Lindqvist, the plant manager, said the line would close. Lindqvist said talks had failed. "
            "Velden Cycles said it regretted the decision. Velden said 420 jobs would go.")
    at = framing.score(text).attribution
    assert at["named_sources"] == ["Marta Lindqvist", "Velden Cycles"] and at["named"] == 4


def test_ranked_compare_html_and_markdown_show_the_ranking_and_every_summary(runner):
    from framing.packs import PACKAGE_DIR

    ex = [str(PACKAGE_DIR / "examples" / n) for n in ("wire_a.txt", "editorial.txt", "wire_b.txt")]
    page = runner.invoke(main, ["compare", *ex, "--format", "html", "-o", "-"]).stdout
    ranking = page[page.index("<ol class='ranking'>"):page.index("</ol>")]
    assert ranking.index("editorial.txt") < ranking.index("wire_a.txt") and "wire_b.txt" in ranking
    assert page.count("<details class='other'>") == 2 and page.count("<!DOCTYPE html>") == 1
    md = runner.invoke(main, ["compare", *ex, "--format", "markdown"]).stdout
    first_line = md.split("\n")[0]
    assert first_line.startswith("Ranking, most editorializing first: 1. `") and "editorial.txt` (" in first_line
    assert first_line.index("editorial.txt") < first_line.index("wire_a.txt")


def test_ignore_list_from_the_command_line_the_project_file_and_the_api(runner, tmp_path, monkeypatch):
    import framing

    text = "The so-called reform was a disgraceful sham, and the so-called experts agreed."
    base = [m.text for m in framing.Scorer(profile="rules").score(text).matches]
    assert base.count("so-called") == 2 and "disgraceful sham" in base
    kept = [m.text for m in framing.Scorer(profile="rules", ignore=["So-Called"]).score(text).matches]
    assert "so-called" not in kept and "disgraceful sham" in kept
    art = tmp_path / "a.txt"
    art.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = runner.invoke(main, ["score", str(art), "--profile", "rules", "--format", "json", "--ignore", "disgraceful sham"])
    assert out.exit_code == 0 and "disgraceful sham" not in [m["text"] for m in json.loads(out.stdout)["matches"]]
    (tmp_path / ".framing.toml").write_text('[framing]\nignore = ["so-called"]\n', encoding="utf-8")
    out = runner.invoke(main, ["score", str(art), "--profile", "rules", "--format", "json"])
    texts = [m["text"] for m in json.loads(out.stdout)["matches"]]
    assert "so-called" not in texts and "disgraceful sham" in texts
    bad = runner.invoke(main, ["score", str(art), "--ignore", "   "])
    assert bad.exit_code == 2 and "not a phrase" in bad.stderr


def test_long_ignore_phrase_and_regex_characters(runner, tmp_path):
    import framing

    boiler = ("This newsletter is independent and never takes money; any reckless opinion in it is ours "
              "alone, and readers may write to the editors about it at any time whatsoever.")
    text = "Note. " + boiler + " The so-called plan was reckless."
    res = framing.Scorer(profile="rules", ignore=[boiler, "(so-called)"]).score(text)
    # the 149-character phrase drops its own 'reckless'; "(so-called)" is a literal phrase, not a regex
    assert [m.text for m in res.matches if m.category == "loaded_language"] == ["so-called", "reckless"]
    assert [m.start for m in res.matches if m.text == "reckless"] == [text.rindex("reckless")]


_LOADED = """
import sys
from framing.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
print(sorted({m.split('.')[0] if not m.startswith('framing.') else '.'.join(m.split('.')[:2])
              for m in sys.modules}), file=sys.stderr)
"""


@pytest.mark.parametrize("extra", [[], ["--profile", "rules", "--format", "json"]])
def test_one_article_start_loads_no_heavy_module(article, extra):
    # issue 17 item 4: the default `framing score` (full profile: VADER, readability, the shipped
    # classifiers) imports no NumPy or scikit-learn; JSON output loads neither the text and HTML
    # reports, the comparison nor the HTML parser; the text table neither html nor the JSON writer
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-c", _LOADED, "score", *extra, str(article)], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    loaded = set(eval(res.stderr.strip().splitlines()[-1]))
    assert "framing.scoring" in loaded
    assert not loaded & {"numpy", "sklearn", "scipy", "pandas", "vaderSentiment", "textstat", "nltk"}
    if extra:
        assert not loaded & {"framing.report", "framing.comparison", "html", "csv"}
    else:
        assert "framing.report" in loaded and not loaded & {"html", "framing.jsonout"}


def test_the_executable_exits_quickly_with_its_output_and_code_whole(article, tmp_path):
    """`python -m framing` (the executable's `run`): after the command it ends the process at once
    (no teardown), so everything written must already be out and the exit code the command's: a
    large JSON batch through a pipe arrives whole, a bad file still gives 2 and its error line,
    and a usage error click's 2 and message."""
    import subprocess
    import sys

    paths = [str(article)] * 40
    res = subprocess.run([sys.executable, "-m", "framing", "--no-config", "score", "--profile", "rules",
                          "--format", "json", *paths], capture_output=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert len(json.loads(res.stdout)) == 40  # the whole list, though it is far beyond a pipe's buffer
    assert len(res.stdout) > 65536
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    res = subprocess.run([sys.executable, "-m", "framing", "--no-config", "score", "--profile", "rules",
                          "--format", "jsonl", str(bad), str(article)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert len(res.stdout.splitlines()) == 1 and "bad.txt" in res.stderr
    rows = tmp_path / "in.jsonl"  # `framing corpus -o -` writes rows through sys.stdout, unflushed
    rows.write_text("".join(json.dumps({"id": i, "text": article.read_text(encoding="utf-8")}) + "\n"
                            for i in range(30)), encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "framing", "--no-config", "corpus", str(rows), "-o", "-",
                          "--profile", "rules", "--workers", "1", "-q"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == list(range(30))
    res = subprocess.run([sys.executable, "-m", "framing", "score", "--format", "nope", str(article)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "Invalid value for '--format'" in res.stderr


@pytest.mark.parametrize("args", [
    ["score", "--profile", "rules", "--format", "json"],  # the output of a batch, far beyond a pipe's buffer
    ["rules", "list", "--format", "markdown"],
])
def test_a_reader_that_stops_early_gets_no_noise_and_exit_0(article, args):
    """`framing ... | head -1`: the reader closes the pipe while output is still buffered. The
    command ends quietly with 0 (as `head`'s writer should), not with CPython's shutdown garbage
    on stderr ("lost sys.stderr") and 1."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "framing", "--no-config", *args]
    if args[0] == "score":
        cmd += [str(article)] * 40
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(1)  # the first byte, as `head -c 1` reads it, then the pipe is closed
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=300) == 0, err
    assert err == ""


def test_rules_check_runs_the_project_files_packs(runner, tmp_path, monkeypatch):
    """`framing rules check` in CI checks what `score` loads there: a house pack that .framing.toml
    names had its failing example pass unnoticed (only the shipped packs were checked)."""
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "house.toml").write_text(
        '[pack]\nid = "house"\nversion = "1"\ndescription = "d"\n[[rules]]\nid = "plan"\n'
        'category = "opinion"\nkind = "phrase"\nphrases = ["harbour plan"]\nmessage = "m"\nwhy = "w"\n'
        'examples.flag = ["The harbour [plan] passed."]\nexamples.pass = ["The plan passed."]\n', encoding="utf-8")
    (tmp_path / ".framing.toml").write_text('[framing]\npacks = ["packs/house.toml"]\n', encoding="utf-8")
    deep = tmp_path / "articles"
    deep.mkdir()
    monkeypatch.chdir(deep)
    shipped = runner.invoke(main, ["--no-config", "rules", "check"])
    assert shipped.exit_code == 0, shipped.output
    n_shipped = int(shipped.stdout.split()[-4])  # "N passed, 0 failed"
    res = runner.invoke(main, ["rules", "check"])
    assert res.exit_code == 1, res.output
    assert "FAIL house.plan" in res.stdout
    assert res.stdout.splitlines()[-1] == f"{n_shipped + 1} passed, 1 failed"  # the shipped ones too
    (tmp_path / ".framing.toml").write_text('[framing]\npacks = ["packs/house.toml"]\nno_default_packs = true\n',
                                            encoding="utf-8")
    alone = runner.invoke(main, ["rules", "check"])
    assert alone.exit_code == 1 and alone.stdout.splitlines()[-1] == "1 passed, 1 failed"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_named_and_read_with_auto(runner, tmp_path, codec):
    """UTF-16 without a byte-order mark (Windows exports) was called binary even with --encoding
    auto; now the error names the encoding to pass, and auto reads it (with a warning)."""
    f = tmp_path / "u16.txt"
    f.write_bytes("The reckless mayor, critics say.\n".encode(codec))
    res = runner.invoke(main, ["score", "--profile", "rules", "--format", "json", str(f)])
    assert res.exit_code == 2
    assert res.stderr.strip().endswith(f"looks like {codec.upper()} text without a byte-order mark; "
                                       f"pass --encoding {codec} (or --encoding auto)")
    res = runner.invoke(main, ["score", "--profile", "rules", "--format", "json", "--encoding", "auto", str(f)])
    assert res.exit_code == 0 and f"decoded as {codec.upper()}" in res.stderr
    assert {m["text"] for m in json.loads(res.stdout)["matches"]} >= {"reckless"}
    noise = tmp_path / "noise.bin"  # NUL bytes on both sides of the pairs: binary still
    noise.write_bytes(bytes(range(256)) * 8)
    res = runner.invoke(main, ["score", "--encoding", "auto", str(noise)])
    assert res.exit_code == 2 and "looks binary" in res.stderr


def test_the_finders_unnamed_source_rule_is_listed_and_shown(runner, tmp_path):
    """attribution.unnamed-source is a rule id in the output, and --disable takes it; `rules
    show` said there was no such rule and `rules list` left it out."""
    brief = tmp_path / "brief.txt"
    brief.write_text("The council met on Monday. Members reviewed a proposal that critics described as costly.\n",
                     encoding="utf-8")
    out = json.loads(runner.invoke(main, ["score", "--profile", "rules", "--format", "json", str(brief)]).stdout)
    assert "attribution.unnamed-source" in {m["rule"] for m in out["matches"]}
    listed = json.loads(runner.invoke(main, ["rules", "list", "--format", "json"]).stdout)
    row = next(r for r in listed["rules"] if r["id"] == "attribution.unnamed-source")
    assert (row["category"], row["kind"], row["weight"]) == ("sourcing", "finder", 0.4)  # rules/scoring.toml
    for name in ("attribution.unnamed-source", "unnamed-source"):
        res = runner.invoke(main, ["rules", "show", name])
        assert res.exit_code == 0, res.output
        assert res.output.startswith("attribution.unnamed-source  (sourcing, kind finder, scope any, weight 0.4)")
        assert "--disable attribution.unnamed-source" in res.output
    off = runner.invoke(main, ["rules", "list", "--disable", "attribution.unnamed-source"])
    assert off.exit_code == 0 and "unnamed-source" not in off.output


def test_fail_on_says_when_a_short_text_crosses_and_can_leave_it_unjudged(runner, tmp_path):
    """A 21-word brief with one loaded word has index 1000 * 1 / 21 = 47.619 (loaded language
    weighs 1.0 in rules/scoring.toml): over --fail-on 40 on one match. The fail line and the
    annotation say its rates are unreliable; --fail-on-min-words leaves it unjudged."""
    brief = tmp_path / "brief.txt"
    brief.write_text("The council met on Monday to discuss the budget for next year. Members reviewed a "
                     "proposal that critics described as reckless.\n", encoding="utf-8")
    res = runner.invoke(main, ["score", "--format", "github", "--fail-on", "40", str(brief)])
    assert res.exit_code == 1
    assert (f"::error file={brief},title=framing --fail-on::editorializing index 47.619 is above --fail-on 40 "
            "(only 21 authorial words: rates unreliable)") in res.stdout
    assert res.stderr.strip() == (f"framing: editorializing index above --fail-on 40: {brief} (47.619) "
                                  "(only 21 authorial words: rates unreliable)")
    res = runner.invoke(main, ["score", "--format", "json", "--fail-on", "40", "--fail-on-min-words", "150",
                               str(brief)])
    assert res.exit_code == 0, res.stderr
    assert res.stderr.strip() == (f"framing: above --fail-on 40 but under --fail-on-min-words 150 (not judged): "
                                  f"{brief} (47.619, 21 authorial words)")
    # alone, --fail-on-min-words would narrow nothing: a usage error, not a silent exit 0
    res = runner.invoke(main, ["score", "--fail-on-min-words", "150", str(brief)])
    assert res.exit_code == 2
    assert "--fail-on-min-words only applies with --fail-on INDEX" in res.stderr
    long = tmp_path / "long.txt"  # 150 authorial words or more: judged as before
    long.write_text(" ".join(["The reckless council met again on Monday."] * 25) + "\n", encoding="utf-8")
    res = runner.invoke(main, ["score", "--format", "json", "--fail-on", "40", "--fail-on-min-words", "150", str(long)])
    assert res.exit_code == 1 and "rates unreliable" not in res.stderr


def test_ctrl_c_stops_a_long_article_at_once(tmp_path):
    """Python handles Ctrl-C between bytecodes, and the engine's call on one long article runs for
    seconds (about 1 s a MB): the interrupt waited for it (60 s on a 50 MB file). A long article is
    now scored on a thread while this one waits in short joins, so the interrupt lands at once."""
    import signal
    import subprocess
    import sys
    import time

    child = tmp_path / "child.py"
    child.write_text(
        "import signal, sys, time\n"
        # a job started in the background by a non-interactive shell inherits SIGINT ignored, and
        # Python then keeps it ignored: the child must take Ctrl-C whatever started the suite
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "import framing\n"
        "from framing.cli.main import score_or_report\n"
        "s = framing.Scorer(profile='rules').warm()\n"
        "text = ('The council said on Monday that the reckless plan may fail, critics say. ' * 70000)\n"
        "print('ready', flush=True)\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    score_or_report(s, text, 'long.txt')\n"
        "    print('finished', time.perf_counter() - t, flush=True)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', time.perf_counter() - t, flush=True)\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(child)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.5)  # the engine is at work on the 5 MB text (seconds of it)
    sent = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    what, _ = proc.stdout.readline().split()
    took = time.perf_counter() - sent
    proc.wait(timeout=120)
    assert what == "interrupted" and took < 2.0, (what, took)


def test_options_a_format_ignores_are_said_not_silently_dropped(runner, tmp_path):
    """outlets --story-detail (JSON only) and --story-pages (HTML only) with another format, and a
    corpus output named neither .jsonl nor .csv (JSONL written into out.parquet), each get one
    warning line; the run itself goes on as before."""
    rows = tmp_path / "in.jsonl"
    rows.write_text("".join(json.dumps({"id": i, "text": f"Officials said plan {i} may fail.", "source": s})
                            + "\n" for i, s in enumerate(["a", "b", "a", "b"])), encoding="utf-8")
    res = runner.invoke(main, ["corpus", str(rows), "-o", str(tmp_path / "out.parquet"), "--profile", "rules"])
    assert res.exit_code == 0, res.stderr
    assert (f"framing: warning: {tmp_path / 'out.parquet'}: writing JSONL (the format follows a .jsonl or .csv "
            "name; --format csv|jsonl to choose)") in res.stderr
    for name in ("out.jsonl", "out.csv.gz"):
        quiet = runner.invoke(main, ["corpus", str(rows), "-o", str(tmp_path / name), "--profile", "rules"])
        assert quiet.exit_code == 0 and "warning" not in quiet.stderr
    res = runner.invoke(main, ["outlets", str(rows), "--profile", "rules", "--story-detail", "--story-pages",
                               str(tmp_path / "pages")])
    assert "framing: warning: --story-detail applies to --format json only; ignored with --format text" in res.stderr
    assert "framing: warning: --story-pages applies to --format html only; ignored with --format text" in res.stderr


def test_voice_chooses_the_listed_matches_not_the_figures(runner, tmp_path):
    """--voice authorial keeps a politician's quoted words off the line/github listing (USERS.md item 3:
    voice as a reporting split, never a silent drop: stderr counts what was left out)."""
    f = tmp_path / "v.txt"
    f.write_text("The council approved the reckless budget on Tuesday.\n\n"
                 "\"This is a shameful betrayal of our children,\" said councillor Maria Lopez.\n", encoding="utf-8")
    every = runner.invoke(main, ["score", "--profile", "rules", "--format", "line", str(f)])
    assert [line.split(": ")[1].split()[1] for line in every.stdout.splitlines()] == [
        "loaded_language.emotive-evaluative", "loaded_language.evaluative-phrase"]
    own = runner.invoke(main, ["score", "--profile", "rules", "--format", "github", "--voice", "authorial", str(f)])
    assert own.exit_code == 0, own.stderr
    assert own.stdout.count("::warning ") == 1 and "reckless" in own.stdout and "shameful" not in own.stdout
    assert own.stderr.strip() == "framing: --voice authorial: 1 match in other voices not listed (counted in the figures)"
    quoted = runner.invoke(main, ["score", "--profile", "rules", "--show-matches", "--voice", "quoted", str(f)])
    row = next(line.split() for line in quoted.stdout.splitlines() if line.split()[:1] == ["loaded_language"])
    assert (row[1], row[4]) == ("1", "1")  # the figures keep both: 1 authorial, 1 quoted
    listed = [line for line in quoted.stdout.splitlines() if "loaded_language." in line]
    assert len(listed) == 1 and listed[0].endswith("shameful betrayal")
    both = runner.invoke(main, ["score", "--profile", "rules", "--format", "line", "--voice", "authorial",
                                "--voice", "quoted", str(f)])
    assert both.stdout == every.stdout and both.stderr == ""
    bad = runner.invoke(main, ["score", "--format", "json", "--voice", "authorial", str(f)])
    assert bad.exit_code == 2 and "--voice chooses the matches listed" in bad.stderr
