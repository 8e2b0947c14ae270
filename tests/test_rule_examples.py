"""One parametrized test runs every shipped rule's own examples."""
import pytest

from framing.scoring.checks import rule_example_failures
from framing.packs import load_packs
from framing.scoring.scorer import Scorer

PACKS = load_packs()
RULES = [(p, r) for p in PACKS for r in p.rules]
SCORERS = {p.id: Scorer([p], sentiment=False, readability=False) for p in PACKS}


def test_every_default_category_has_rules():
    cats = {r.category for _, r in RULES}
    assert {"hedging", "speculation", "loaded_language", "certainty", "opinion", "furniture"} <= cats


@pytest.mark.parametrize("pack,rule", RULES, ids=[r.id for _, r in RULES])
def test_rule_examples(pack, rule):
    assert rule.flag and rule.passes, f"{rule.id} has no examples"
    assert rule_example_failures(rule, SCORERS[pack.id]) == []


@pytest.mark.parametrize("sep", ["\n", "\t", "\xa0", "\u2009", "  ", "\r\n", " \r\n  "])
def test_phrase_terms_match_across_line_breaks_and_odd_spaces(sep):
    import framing

    text = f"The deal could mark a turning{sep}point. It remains to be{sep}seen."
    found = {" ".join(m.text.split()) for m in framing.score(text, profile="rules").matches}
    assert "turning point" in found and any("remains to be seen" in f for f in found), found
