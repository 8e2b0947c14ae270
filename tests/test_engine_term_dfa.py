"""The phrase and lexicon terms' automaton (issue 16, furn11): a contiguous NFA until the engine has
scanned literal_dfa_bytes_per_state bytes of text per state of the terms' trie, then a DFA built
once (None: never; Scorer.warm builds it at once). Only how the terms are looked for changes:
matches and articles never depend on it."""
import json

import framing
from framing import _core
from framing.engine.native import boundary_text
from conftest import shared_data
from test_engine_literal_sets import _same_matches


def _rule_args():
    scorer = framing.Scorer(profile="rules")
    scorer.score("Warm.")
    return scorer.matcher_.engine.__getnewargs__()


def test_term_dfa_switch_and_matches_stay():
    rules, backtrack, lookaround, min_bytes, max_bytes, _ = _rule_args()
    assert any(r[4] for r in rules)  # the rules profile has terms
    engines = [_core.Engine(rules, backtrack, lookaround, min_bytes, max_bytes, n)
               for n in (None, 0, 1, 270)]
    assert [e.term_automaton for e in engines] == ["nfa"] * 4  # built at a scan, not before
    _same_matches(engines)
    # never an NFA only, 0 a DFA from the first scan, 1 switched on the way (the 32 texts are ~150 kB,
    # over the 1 byte a state of a trie of some 15,000 states), 270 still the NFA
    assert [e.term_automaton for e in engines] == ["nfa", "dfa", "dfa", "nfa"]
    asked = _core.Engine(rules, backtrack, lookaround, min_bytes, max_bytes)
    asked.build_literal_dfa()
    assert (asked.term_automaton, asked.literal_automaton) == ("dfa", "dfa")
    never = _core.Engine(rules, backtrack, lookaround, min_bytes, max_bytes, None)
    never.build_literal_dfa()
    assert never.term_automaton == "nfa"


def test_no_terms_no_term_automaton():
    scorer = framing.Scorer(profile="rules")
    scorer.score("Warm.")
    # the furniture pack has regex rules only
    assert scorer.furniture_.engine.term_automaton is None


def test_articles_are_the_same_with_the_term_dfa():
    """A warmed scorer (every DFA built) scores real articles as one whose terms stay with the NFA."""
    texts = ["On the other hand, officials said.  Allegedly  the  deal  was a \u201cdisaster\u201d."]
    with open(shared_data("polnear_dev.jsonl"), encoding="utf-8") as f:
        texts += [boundary_text(json.loads(line)["text"]) for line in f][:60]
    plain = framing.Scorer(profile="rules")
    plain.score("Warm.")
    warm = framing.Scorer(profile="rules").warm()
    assert warm.matcher_.engine.term_automaton == "dfa"
    matched = 0
    for text in texts:
        want = plain.score_data(text)
        matched += len(want["matches"])
        assert warm.score_data(text) == want, text[:60]
    assert matched > 500  # the terms find something, so the check can fail
    # 61 short texts stay under the 4 MB the plain scorer's terms need before their DFA
    assert plain.matcher_.engine.term_automaton == "nfa"
