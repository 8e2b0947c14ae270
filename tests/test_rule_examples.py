"""One parametrized test runs every shipped rule's own examples."""
import pytest

from framing.checks import rule_example_failures
from framing.packs import load_packs
from framing.scoring import Scorer

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
