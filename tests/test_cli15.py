"""cli15: a new user's review of the command line and inputs (review14's "Left").

1. every JSON the CLI prints carries a schema_version;
2. --config and --no-config work after the command as before it, and contradict each other loudly;
3. HTML input is scored as the article, without the site around it.
"""
from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from framing.cli.main import main
from framing.inputs import html_to_text


@pytest.fixture
def runner():
    return CliRunner()


# --- 1. schema_version in every JSON output ---------------------------------------------------

def _json_commands(group: click.Group, prefix=()) -> set[tuple[str, ...]]:
    """Every command with a JSON output: a --format choice holding json or jsonl, or a --json flag."""
    found = set()
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        path = (*prefix, name)
        if isinstance(cmd, click.Group):
            found |= _json_commands(cmd, path)
            continue
        for p in cmd.params:
            choices = set(getattr(p.type, "choices", ()))
            if "--json" in p.opts or ("--format" in p.opts and choices & {"json", "jsonl"}):
                found.add(path)
    return found


def _write_training(path, n=12):
    rows = []
    for i in range(n):
        rows.append({"text": f"The reckless shameless plan {i} failed badly.", "label": "loaded"})
        rows.append({"text": f"The council met on day {i} to review the plan.", "label": "plain"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_every_json_output_of_the_cli_has_a_schema_version(runner, tmp_path, monkeypatch):
    """Each command that can print JSON is run here and its output checked, so a new JSON output
    without a version (or one this test does not run) fails."""
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("Critics say the reckless plan could fail, officials said on Monday.\n", encoding="utf-8")
    other = tmp_path / "b.txt"
    other.write_text("The council approved the plan on Monday after a short debate.\n", encoding="utf-8")
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"id": str(i), "text": f"Story {i}: critics say the plan is reckless.",
                                        "source": "abc"[i % 3], "story": "s"}) + "\n" for i in range(6)),
                    encoding="utf-8")
    data = tmp_path / "train.jsonl"
    _write_training(data)
    model = tmp_path / "model"
    runs = {
        ("score",): ["score", "--profile", "rules", "--format", "json", str(article)],
        ("compare",): ["compare", "--no-classifiers", "--format", "json", str(article), "--ref", str(other)],
        ("demo",): ["demo", "--format", "json", "-o", str(tmp_path / "demo.html")],
        ("corpus",): ["corpus", str(rows), "-o", "-", "--format", "jsonl", "--profile", "rules", "-q"],
        ("outlets",): ["outlets", str(rows), "--story-field", "story", "--format", "json", "--bootstrap", "20"],
        ("rules", "list"): ["rules", "list", "--format", "json"],
        ("models",): ["models", "--format", "json"],
        ("explain",): ["explain", "Critics say the reckless plan could fail.", "--format", "json"],
        ("train",): ["train", "--data", str(data), "--positive", "loaded", "--name", "toy", "-o", str(model),
                     "--rules", "none", "--no-char", "--format", "json"],
        ("evaluate",): ["evaluate", "--model", str(model), "--data", str(data), "--format", "json"],
        ("bench", "accuracy"): ["bench", "accuracy", "--data", str(tmp_path), "--only", "factbank", "--json"],
    }
    assert _json_commands(main) == set(runs), "a command prints JSON this test does not check"
    for path, args in runs.items():  # in this order: evaluate reads what train wrote
        res = runner.invoke(main, ["--no-config", *args])
        assert res.exit_code == 0, (path, res.output)
        docs = [json.loads(line) for line in res.stdout.splitlines()] if path == ("corpus",) \
            else [json.loads(res.stdout)]
        for doc in docs:
            assert isinstance(doc, dict) and isinstance(doc.get("schema_version"), int), (path, res.stdout[:200])


def test_rules_list_models_and_explain_json_are_objects_holding_their_lists(runner):
    listed = json.loads(runner.invoke(main, ["rules", "list", "--format", "json"]).stdout)
    assert listed["schema_version"] == 1 and set(listed) == {"schema_version", "rules"}
    assert {"id", "category", "kind", "scope", "weight", "message"} <= set(listed["rules"][0])
    assert "hedging.modal-may" in {r["id"] for r in listed["rules"]}
    models = json.loads(runner.invoke(main, ["models", "--format", "json"]).stdout)
    assert models["schema_version"] == 1 and {m["name"] for m in models["models"]} >= {"biased"}
    sentence = "Critics say the reckless plan could fail."
    explained = json.loads(runner.invoke(main, ["explain", sentence, "--model", "biased", "--format", "json"]).stdout)
    assert explained["schema_version"] == 1 and explained["sentence"] == sentence
    (only,) = explained["models"]
    assert only["model"] == "biased" and only["features"]


def test_score_json_keeps_its_own_schema_version(runner, tmp_path):
    from framing import SCHEMA_VERSION

    article = tmp_path / "a.txt"
    article.write_text("Critics say the plan could fail.\n", encoding="utf-8")
    out = json.loads(runner.invoke(main, ["--no-config", "score", "--profile", "rules", "--format", "json",
                                          str(article)]).stdout)
    assert out["schema_version"] == SCHEMA_VERSION


# --- 2. --config and --no-config after the command ------------------------------------------

@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose .framing.toml turns loaded language off, and an article with a loaded word."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".framing.toml").write_text('[framing]\ndisable = ["loaded_language"]\n', encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text('[framing]\ndisable = ["hedging"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("The reckless plan may fail.\n", encoding="utf-8")
    return tmp_path


def _categories(res) -> set[str]:
    assert res.exit_code == 0, res.output
    return {m["category"] for m in json.loads(res.stdout)["matches"]}


@pytest.mark.parametrize("option", [["--no-config"], ["--config", "other.toml"]])
def test_config_options_mean_the_same_before_and_after_the_command(runner, project, option):
    score = ["score", "--profile", "rules", "--format", "json", "a.txt"]
    assert "loaded_language" not in _categories(runner.invoke(main, score))  # the project file is read
    before = _categories(runner.invoke(main, [*option, *score]))
    after = _categories(runner.invoke(main, [*score[:1], *option, *score[1:]]))
    at_end = _categories(runner.invoke(main, [*score, *option]))
    assert before == after == at_end
    assert "loaded_language" in before and ("hedging" in before) == (option == ["--no-config"])


@pytest.mark.parametrize("command", [["rules", "list"], ["rules", "show", "modal-may"], ["rules", "check"],
                                     ["compare", "a.txt", "a.txt"], ["corpus", "a.txt", "-o", "-"],
                                     ["outlets", "a.txt"]])
def test_every_command_that_reads_the_project_file_takes_the_config_options(runner, project, command):
    """An option click does not know is exit 2 with 'No such option'; each of these reads the file."""
    for option in (["--no-config"], ["--config", "other.toml"]):
        res = runner.invoke(main, [*command, *option])
        assert "No such option" not in res.output, (command, option, res.output)


def test_rules_list_after_the_command_honours_no_config(runner, project):
    listed = runner.invoke(main, ["rules", "list"]).stdout
    assert "loaded_language." not in listed
    assert "loaded_language." in runner.invoke(main, ["rules", "list", "--no-config"]).stdout


@pytest.mark.parametrize("args", [
    ["score", "--config", "other.toml", "--no-config", "a.txt"],
    ["--no-config", "score", "--config", "other.toml", "a.txt"],
    ["--config", "other.toml", "score", "--no-config", "a.txt"],
    ["--config", "other.toml", "--no-config", "score", "a.txt"],
    ["--config", "other.toml", "--no-config", "models"],  # before a command that reads no project file
    ["--config", "other.toml", "score", "--config", ".framing.toml", "a.txt"],
])
def test_a_contradicting_pair_is_one_error_line(runner, project, args):
    res = runner.invoke(main, args)
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("framing: error: --config"), res.stderr
    assert res.stdout == ""


def test_the_same_config_file_given_twice_is_no_contradiction(runner, project):
    res = runner.invoke(main, ["--config", "other.toml", "score", "--config", "./other.toml", "--profile", "rules",
                               "--format", "json", "a.txt"])
    assert "hedging" not in _categories(res)


def test_score_help_lists_the_config_options(runner):
    out = runner.invoke(main, ["score", "--help"]).stdout
    assert "--no-config" in out and "--config PATH" in out


# --- 3. HTML input: the article, not the page around it --------------------------------------

PAGE = """<!doctype html>
<html lang="en"><head><title>Harbour plan | Daily Planet</title>
<style>p { color: red }</style><script>var s = "insiders say it is a disgraceful scheme";</script>
<body>
<header class="site"><a href="/">Daily Planet</a>
  <nav><ul><li><a href="/">Home</a></li><li>Politics</li><li>Reckless deals</li></ul></nav></header>
<div id="cookie-notice">We use cookies to give you a shameless experience. <button>Accept</button></div>
<main>
<article>
  <header><h1>Council approves harbour plan</h1><p class="byline">By A. Writer</p></header>
  <p>The council approved the harbour plan on Tuesday.
     Critics say the deal is <b>reckless</b> &amp; costly.</p>
  <aside class="pull"><p>Outrageous, one reader wrote.</p></aside>
  <p>The vote was 7 to 2.<br>Work starts in May.</p>
  <form action="/comment"><p>Tell us what you think: is it a disaster?</p><textarea></textarea></form>
  <div hidden>Hidden: a catastrophic teaser.</div>
  <p aria-hidden="true">Decorative: an appalling flourish.</p>
  <noscript>Enable scripts for the scandalous video.</noscript>
  <template><p>A template's outrageous text.</p></template>
  <footer><p>Filed under harbour.</p></footer>
</article>
<aside><article><h2>Most read</h2><p>Outrage as mayor quits in a long teaser paragraph that is longer than the
story's own paragraphs so that it would win on paragraph text alone if asides counted.</p></article></aside>
</main>
<footer><p>&copy; 2026 Daily Planet. Terms. A disgraceful footer.</p></footer>
<div role="dialog" class="newsletter"><p>Sign up for our devastating newsletter.</p></div>
</body></html>
"""

ARTICLE = ("Council approves harbour plan\n\nBy A. Writer\n\n"
           "The council approved the harbour plan on Tuesday. Critics say the deal is reckless & costly.\n\n"
           "The vote was 7 to 2.\n\nWork starts in May.\n\nFiled under harbour.")


def test_a_page_is_read_as_its_article():
    assert html_to_text(PAGE) == ARTICLE


def test_scoring_a_page_scores_the_article_only(runner, tmp_path):
    page = tmp_path / "story.html"
    page.write_text(PAGE, encoding="utf-8")
    res = runner.invoke(main, ["--no-config", "score", "--profile", "rules", "--format", "json", str(page)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [m["text"] for m in out["matches"] if m["category"] == "loaded_language"] == ["reckless"]
    assert all(ARTICLE[m["start"]:m["end"]] == m["text"] for m in out["matches"])  # offsets into the article


def test_the_reviewers_navigation_is_not_scored(runner, tmp_path):
    page = tmp_path / "nav.html"
    page.write_text("<html><body><nav>Home | Politics | Reckless deals</nav>"
                    "<p>The council met on Tuesday and approved the budget.</p></body></html>", encoding="utf-8")
    res = runner.invoke(main, ["--no-config", "score", "--profile", "rules", "--format", "json", str(page)])
    assert res.exit_code == 0 and not json.loads(res.stdout)["matches"]


def test_without_article_the_main_element_is_the_article():
    page = ("<body><div class=top><p>Menu: News, Sport, Weather</p></div><main><h1>Vote</h1>"
            "<p>The council voted.</p></main><div class=bottom><p>More stories from the region today</p></div></body>")
    assert html_to_text(page) == "Vote\n\nThe council voted."


def test_without_article_or_main_the_element_holding_most_paragraph_text_is_the_article():
    page = """<html><body>
    <div id="top"><p>Menu</p><h1>Budget passes</h1></div>
    <div id="story">
      <div class="part"><p>The council voted on the budget today after a long debate in the hall.</p>
        <p>Members reviewed the plan for several hours before they voted on it.</p></div>
      <div class="ad">Advertisement</div>
      <div class="part"><p>A second part of the story continues here, after the advertisement.</p></div>
    </div>
    <div id="side"><p>Subscribe today</p></div>
    <div id="legal">Terms and privacy</div></body></html>"""
    text = html_to_text(page)
    assert text.splitlines()[0] == "Budget passes"  # the page's h1 before the article leads it
    assert "council voted" in text and "second part" in text and "Advertisement" in text
    assert "Menu" not in text and "Subscribe" not in text and "Terms" not in text


def test_the_page_headline_leads_an_article_without_one_but_not_the_sites_name():
    page = ("<body><header><h1>Daily Planet</h1></header><div><h1>Harbour plan passes</h1></div>"
            "<article><p>The council voted.</p></article></body>")
    assert html_to_text(page) == "Harbour plan passes\n\nThe council voted."


def test_a_page_of_paragraphs_alone_reads_as_it_did():
    assert html_to_text("<p>a</p>b</p>c<br/>d") == "a\n\nb\n\nc\n\nd"  # a stray </p> still breaks the line
    page = "<html><body><h1>Title</h1><p>One <i>two</i>\n three.</p><ul><li>x<li>y</ul></body></html>"
    assert html_to_text(page) == "Title\n\nOne two three.\n\nx\n\ny"


def test_page_header_and_footer_go_but_a_sections_stay_when_there_is_no_paragraph():
    page = ("<body><header>Site name</header><section><header>Part one</header>Text of part one."
            "<footer>End of part</footer></section><footer>Copyright</footer></body>")
    assert html_to_text(page) == "Part one\n\nText of part one.\n\nEnd of part"


@pytest.mark.parametrize("markup, expected", [
    # unclosed <head>: the body is still read (it used to be taken for part of the head)
    ("<html><head><title>T</title><body><p>Story text.</p></body></html>", "Story text."),
    # unclosed <p> and <li>, stray end tags, unclosed inline elements
    ("<body><article><p>First<p>Second</span></b><div>In div</div><ul><li>a<li>b</ul><p>Last <i>one",
     "First\n\nSecond\n\nIn div\n\na\n\nb\n\nLast one"),
    # an <aside> left open inside the article ends with it; what follows the article is not its text
    ("<body><article><p>Kept.</p><aside><p>Dropped</article><p>Outside.</p></body>", "Kept."),
    # an unclosed <nav> holding the whole page: everything would be chrome, so what a reader sees
    ("<body><nav><ul><li>Home</ul><p>Story text here.</p></body>", "Home\n\nStory text here."),
    # a consent class on <body> is the page, not a banner
    ('<body class="cookie-consent-pending"><p>Story.</p><div class="cc-cookie-bar">Accept cookies</div></body>',
     "Story."),
    # style display:none and a role=navigation div
    ('<body><div role="navigation">Home</div><p>Shown.</p><p style="display: none">Gone.</p></body>', "Shown."),
    # no element at all
    ("Just text &amp; an entity", "Just text & an entity"),
])
def test_broken_and_odd_markup(markup, expected):
    assert html_to_text(markup) == expected


def test_an_aside_teaser_article_is_never_the_article():
    page = ("<body><aside><article><p>" + "Teaser words. " * 50 + "</p></article></aside>"
            "<div><p>The story itself.</p></div></body>")
    assert html_to_text(page) == "The story itself."


def test_deeply_nested_broken_markup_does_not_recurse():
    assert html_to_text("<div>" * 100_000 + "text" + "</p>" * 1000 + "</div>" * 10) == "text"


def test_paragraph_share_is_checked():
    with pytest.raises(ValueError, match="paragraph_share"):
        html_to_text("<p>x</p>", paragraph_share=0.4)


# --- 4. the walk through every command -------------------------------------------------------

def test_demo_in_another_format_writes_no_page_unless_asked(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(main, ["demo", "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["schema_version"]
    assert not (tmp_path / "framing-demo.html").exists() and "written" not in res.stderr
    assert runner.invoke(main, ["demo", "--format", "markdown", "-o", "page.html"]).exit_code == 0
    assert (tmp_path / "page.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert runner.invoke(main, ["demo"]).exit_code == 0 and (tmp_path / "framing-demo.html").exists()


def test_train_help_describes_trains_own_negative_default(runner):
    train = " ".join(runner.invoke(main, ["train", "--help"]).stdout.split())
    evaluate = " ".join(runner.invoke(main, ["evaluate", "--help"]).stdout.split())
    assert "evaluate" not in train and "default: the most common other label;" in train
    assert "the model's own negative label" in evaluate


def test_bench_accuracy_takes_format_json_as_every_other_command(runner, tmp_path):
    args = ["bench", "accuracy", "--data", str(tmp_path), "--only", "factbank"]
    as_format = runner.invoke(main, [*args, "--format", "json"])
    assert as_format.exit_code == 0, as_format.output
    assert json.loads(as_format.stdout) == json.loads(runner.invoke(main, [*args, "--json"]).stdout)
    assert not runner.invoke(main, args).stdout.lstrip().startswith("{")


@pytest.mark.parametrize("fmt, warned", [("github", True), ("line", True), ("json", False), ("text", False)])
def test_line_and_github_output_say_that_a_pages_lines_are_its_extracted_texts(runner, tmp_path, fmt, warned):
    page = tmp_path / "p.html"
    page.write_text("<html><body><nav>Home</nav><p>Critics say the reckless plan may fail.</p></body></html>",
                    encoding="utf-8")
    plain = tmp_path / "p.txt"
    plain.write_text("Critics say the reckless plan may fail.\n", encoding="utf-8")
    res = runner.invoke(main, ["--no-config", "score", "--profile", "rules", "--format", fmt, str(page), str(plain)])
    assert res.exit_code == 0, res.output
    notes = [line for line in res.stderr.splitlines() if "read as HTML" in line]
    assert len(notes) == int(warned) and all(str(page) in line for line in notes)
