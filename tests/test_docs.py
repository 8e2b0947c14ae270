"""Docs kept current by tests."""
import re
from pathlib import Path

from click.testing import CliRunner

from framing.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def test_rules_table_in_docs_is_current():
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", doc, re.S).group(1)
    res = CliRunner().invoke(main, ["rules", "list", "--format", "markdown"])
    assert res.exit_code == 0
    assert table == res.output, "docs/rules.md is stale: run `python tests/test_docs.py` to regenerate"


def test_readme_outlets_commands_run(tmp_path, monkeypatch):
    """Every `framing outlets` command of the README runs as written, on a corpus of our own text
    whose outlets carry the README's names (fox, nyt, hpo) and a 'story' field."""
    import json
    import shlex
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from test_outlets import event_records

    names = {"Courier": "fox", "Gazette": "nyt", "Herald": "hpo"}
    recs = [{**r, "source": names[r["source"]]} for r in event_records()]
    (tmp_path / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [shlex.split(line.split("#", 1)[0])[1:] for line in readme.splitlines()
                if line.startswith("    framing outlets ")]
    assert len(commands) >= 2
    for args in commands:
        res = CliRunner().invoke(main, ["--no-config", *args, "--bootstrap", "50"])
        assert res.exit_code == 0, (args, res.stderr)
        if "--pair" in args:
            a, b = args[args.index("--pair") + 1: args.index("--pair") + 3]
            assert f"{a} - {b}: 3 stories" in res.stdout


if __name__ == "__main__":
    doc_path = ROOT / "docs" / "rules.md"
    doc = doc_path.read_text(encoding="utf-8")
    out = CliRunner().invoke(main, ["rules", "list", "--format", "markdown"]).output
    doc = re.sub(r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)", lambda m: m.group(1) + out + m.group(2), doc, flags=re.S)
    doc_path.write_text(doc, encoding="utf-8")
