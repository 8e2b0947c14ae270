"""Running every rule's own examples: flag examples must match their [bracketed] span exactly,
pass examples must not fire the rule."""
from __future__ import annotations

import re

from .matching import Matcher
from ..packs import Pack

_MARK = re.compile(r"\[([^\[\]]+)\]")


def strip_marks(example: str) -> tuple[str, list[tuple[int, int]]]:
    spans, out, pos = [], [], 0
    for m in _MARK.finditer(example):
        out.append(example[pos:m.start()])
        start = sum(map(len, out))
        out.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        pos = m.end()
    out.append(example[pos:])
    return "".join(out), spans


def rule_example_failures(rule, scorer) -> list[str]:
    """Failures for one rule, scored with its own pack alone in a Scorer (voice and segmentation apply)."""
    fails = []
    if rule.category == "furniture":
        return _furniture_failures(rule, scorer)
    for ex in rule.flag:
        text, spans = strip_marks(ex)
        got = sorted((m.start, m.end) for m in scorer.score(text).matches if m.rule == rule.id)
        if got != sorted(spans):
            fails.append(f"{rule.id}: flag example {ex!r}: expected {[text[s:e] for s, e in spans]}, "
                         f"got {[text[s:e] for s, e in got]}")
    for ex in rule.passes:
        got = [m.text for m in scorer.score(ex).matches if m.rule == rule.id]
        if got:
            fails.append(f"{rule.id}: pass example {ex!r} fired on {got}")
    return fails


def _furniture_failures(rule, scorer) -> list[str]:
    """Furniture rules exclude whole lines: the marked span must lie in a line excluded by the rule."""
    fails = []
    for ex in rule.flag:
        text, spans = strip_marks(ex)
        lines = [(x.start, x.end) for x in scorer.score(text).excluded if x.rule == rule.id]
        if not all(any(a <= s and e <= b for a, b in lines) for s, e in spans):
            fails.append(f"{rule.id}: flag example {ex!r}: the marked line was not excluded")
    for ex in rule.passes:
        if any(x.rule == rule.id for x in scorer.score(ex).excluded):
            fails.append(f"{rule.id}: pass example {ex!r} was excluded as furniture")
    return fails


def check_examples(packs: list[Pack]) -> tuple[list[str], int]:
    from .scorer import Scorer

    from ..packs import backtracking_risk

    failures, total = [], 0
    for pack in packs:
        scorer = Scorer([pack], profile="rules")  # matches are all an example checks
        for rule in pack.rules:
            risk = rule.pattern and backtracking_risk(rule.pattern)
            if risk:  # shipped packs skip this check at load for speed; `rules check` always runs it
                failures.append(f"{rule.id}: regex can backtrack catastrophically (ReDoS): {risk}")
            total += len(rule.flag) + len(rule.passes)
            failures.extend(rule_example_failures(rule, scorer))
    return failures, total
