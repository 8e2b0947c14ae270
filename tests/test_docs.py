"""Docs kept current by tests."""
import re
from pathlib import Path

from click.testing import CliRunner

from framing.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_rules_table_in_docs_is_current():
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", doc, re.S).group(1)
    res = CliRunner().invoke(main, ["rules", "list", "--format", "markdown"])
    assert res.exit_code == 0
    assert table == res.output, "docs/rules.md is stale: run `python tests/test_docs.py` to regenerate"


if __name__ == "__main__":
    doc_path = ROOT / "docs" / "rules.md"
    doc = doc_path.read_text(encoding="utf-8")
    out = CliRunner().invoke(main, ["rules", "list", "--format", "markdown"]).output
    doc = re.sub(r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)", lambda m: m.group(1) + out + m.group(2), doc, flags=re.S)
    doc_path.write_text(doc, encoding="utf-8")
