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
