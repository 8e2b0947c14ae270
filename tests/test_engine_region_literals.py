"""A region searched whole (`Engine.candidates`: the publisher furniture over a whole text) is
scanned for the patterns' literals only while a pattern with literals lacks its compiled relaxed
form (issue 16, rx12): once compiled, that form tells alone whether a match may stand in the region
(it finds nothing where a literal set is missing: the sets are its required literals). Only the
work changes: the candidates and the limit rows never do."""
import json

import framing
from framing import _core
from framing.engine.native import boundary_text
from conftest import shared_data


def _engine_args():
    scorer = framing.Scorer(profile="rules")
    scorer.score("Warm.")
    return {"matcher": scorer.matcher_.engine.__getnewargs__(),
            "furniture": scorer.furniture_.engine.__getnewargs__()}, scorer


def _texts(scorer) -> list[str]:
    # each furniture rule's own examples, alone and inside a long text (over 1,000 bytes: a
    # shorter region is told by the window form of the relaxed pattern), then real articles
    rules = scorer.furniture_.rules
    prose = "The council met on Tuesday and the vote was close. " * 25
    texts = []
    for r in rules:
        for example in (*r.flag, *r.passes):
            texts += [example, f"{prose}\n\n{example}\n\n{prose}"]
    with open(shared_data("polnear_dev.jsonl"), encoding="utf-8") as f:
        texts += [boundary_text(json.loads(line)["text"]) for line in f][:40]
    return texts


def test_candidates_equal_with_and_without_the_literal_scan():
    args, scorer = _engine_args()
    texts = _texts(scorer)
    found = 0
    for name, (rules, backtrack, lookaround, min_bytes, max_bytes, dfa) in args.items():
        # compiled: every relaxed form there, so no region is scanned for literals
        warm = _core.Engine(rules, backtrack, lookaround, min_bytes, max_bytes, dfa)
        warm.compile()
        for text in texts:
            # a fresh engine scans its first region for literals, whatever its patterns
            fresh = _core.Engine(rules, backtrack, lookaround, min_bytes, max_bytes, dfa)
            want = fresh.candidates(text)
            found += len(want[0])
            assert warm.candidates(text) == want, (name, text[:60])
            n = len(text)
            assert warm.candidates(text, n // 3, n) == fresh.candidates(text, n // 3, n), (name, text[:60])
    assert found > 1000  # both engines find something, so the check can fail


def test_furniture_found_by_the_warm_scorer():
    """The furniture lines of the rules' own examples are left out alike by a scorer whose engines
    are compiled (no literal scan) and a fresh one."""
    _, scorer = _engine_args()
    warm = framing.Scorer(profile="rules")
    warm.score("Warm.")
    warm.furniture_.compile()
    prose = "The council met on Tuesday and the vote was close. " * 25
    left_out = 0
    for r in scorer.furniture_.rules:
        for example in r.flag:
            text = f"{prose}\n\n{example.replace('[', '').replace(']', '')}\n\n{prose}"
            want = framing.Scorer(profile="rules").score_data(text)
            left_out += len(want["excluded"])
            assert warm.score_data(text) == want, example
    assert left_out >= 10
