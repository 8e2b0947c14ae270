"""The exact form of a pattern: what the engine runs on text holding a character `re` and the regex
crate class differently (a combining mark, "²", "\\x1c"). It must find what `re` finds, and it must
stay cheap to compile (a text with a combining mark compiles it on first use)."""
import re

import pytest

from framing import _core
from framing.engine.patterns import Forms, Translator
from framing.packs import load_packs

DISPUTED = ["\u0301", "\u00b2", "\u24b6", "\x1c", "\u0903"]


def engine(forms):
    return _core.Engine([("p.r", "c", 1.0, 0, [], (forms.native, forms.fancy, forms.gate, forms.exact, forms.relaxed,
                                                   forms.literals),
                          None, 0)])


def re_spans(pattern, flags, text):
    return [m.span() for m in re.finditer(pattern, text, flags) if m.end() > m.start()]


def with_disputed(text: str) -> list[str]:
    words = text.split(" ")
    out = []
    for d in DISPUTED:
        out.append(" ".join(w[:1] + d + w[1:] if w else w for w in words))  # inside each word
        out.append(" ".join(w + d for w in words))  # after each word
        out.append(d.join(words))  # between the words
        out.append(d + text)
    return out


def lookarounds(src: str) -> int:
    return sum(src.count(x) for x in ("(?<=", "(?<!", "(?=", "(?!"))


@pytest.mark.parametrize("pattern,want", [
    (r"\bfoo\b", 2),  # a word character on the inner side of each: one look-around each
    (r"\b(?:foo|bar)\b", 2),
    (r"\b\d+\b", 2),
    (r"\b-\b", 2),  # a non-word character inside: (?<=W) before it, (?=W) after it
    (r"\Bfoo", 1),
    (r"\b(?:x|-)", 4),  # either side: the general form, four look-arounds
    (r"(?:x)?\b", 4),  # nothing known on either side
])
def test_boundaries_beside_a_known_character_are_one_lookaround(pattern, want):
    f = Translator().forms(pattern, 0)
    assert lookarounds(f.exact) == want, f.exact[:200]
    for text in ["foo bar", "xfoo foox", "a-b - -x", "12 a12 12a", "x- -x", ""] + with_disputed("foo bar a-b 12 x"):
        assert engine(f).candidates(text)[0] == [(s, e, 0, 1.0) for s, e in re_spans(pattern, 0, text)], (pattern, text)


def test_shipped_patterns_on_text_with_disputed_characters_match_re():
    checked = 0
    for pack in load_packs(cache=False):
        tr = Translator()
        for rule in pack.rules:
            if rule.pattern is None:
                continue
            flags = 0 if rule.case_sensitive else re.IGNORECASE
            e = engine(tr.forms(rule.pattern, flags))
            for example in rule.flag + rule.passes:
                plain = example.replace("[", "").replace("]", "")
                for text in with_disputed(plain):
                    got = [(s, t) for s, t, _, _ in e.candidates(text)[0]]
                    assert got == re_spans(rule.pattern, flags, text), (rule.id, text)
                    checked += 1
    assert checked > 1000


def test_exact_class_is_res_class():
    """re's \\w written as the crate's \\w plus and minus the characters they disagree on: the
    same set as re's own, character by character (the surrogates aside, which no text holds)."""
    tr = Translator()
    for name, neg, native, test in [("word", False, "\\w", lambda c: c.isalnum() or c == "_"),
                                    ("space", False, "\\s", str.isspace), ("digit", True, "\\D",
                                                                           lambda c: not c.isdecimal())]:
        src = tr.exact_category(name, neg, native)
        assert len(src) < 8000  # re's \w spelled out is 733 ranges, about 11,500 characters
        e = engine(Forms(native=src, fancy=False, gate=None, exact=src, relaxed=None))
        text = "".join(chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c <= 0xDFFF) + "\u0301"
        want = [i for i, c in enumerate(text) if test(c)]
        got = [s for s, _, _, _ in e.candidates(text)[0]]
        assert got == want, name
