"""The native matcher must find exactly what the Python matcher it replaced finds
(tests/oracle_matching.py, which runs every regex with Python's re)."""
from oracle_matching import Matcher as OracleMatcher

from framing.matching import Matcher, match_view
from framing.packs import Pack, Rule
from framing.segment import segment


def regex_pack(patterns) -> Pack:
    rules = tuple(Rule(id=f"gen.r{i}", category="certainty", kind="regex", weight=1.0, scope="any",
                       message="m", why="w", pattern=p) for i, p in enumerate(patterns))
    return Pack(id="gen", version="1", description="generated", path="<generated>", rules=rules)


def assert_prefilters_agree(fast: Matcher, packs, texts, abbr) -> int:
    """Asserts fast.match() and fast.candidates() equal those of the oracle over packs, text by
    text; returns how many matches the texts hold."""
    slow = OracleMatcher(packs)
    found = 0
    for text in texts:
        seg = segment(text, abbr)
        got = [(m.start, m.end, m.rule, m.voice) for m in fast.match(seg)]
        assert got == [(m.start, m.end, m.rule, m.voice) for m in slow.match(seg)], text[:80]
        found += len(got)
        view = match_view(text)
        assert sorted((c.start, c.end, c.rule.id) for c in fast.candidates(text, view)) == \
            sorted((c.start, c.end, c.rule.id) for c in slow.candidates(text, view)), text[:80]
    return found
