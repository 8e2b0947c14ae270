"""A pack's regex (Python `re` syntax and meaning) written for the native engine.

Python validates a pack's patterns with `re`; the engine runs them with the `regex` crate (linear
time) and, for look-around, with `fancy-regex` under a backtrack limit. The two libraries disagree
on what `\\w`, `\\s`, `\\d` and `\\b` mean outside ASCII (another Unicode version, combining marks)
and on case-insensitive matching (`re` equates "i" with "İ" and "ı", the crates do not). So the
pattern is rewritten from `re`'s own parse tree, with `re`'s meaning spelled out:

- every case-insensitive literal or class becomes the explicit set of characters `re` accepts;
- the *native* form keeps the crates' own `\\w`, `\\s`, `\\d` and word boundaries, which agree with
  `re` on every character outside a small set (`Forms.native` is used where none of them occurs);
- the *exact* form spells `re`'s classes out as code-point ranges (slower to compile and run; the
  engine uses it only for text holding a character the two disagree on);
- the *gate* form drops every look-around but word boundaries: a superset of the native form's
  matches that the `regex` crate finds in linear time; the backtracking form is tried only where
  one starts.

A `Translator` holds the caches of one set of translations (a Matcher build): re's `\\w` spelled
out is 733 ranges, written for every boundary, and a pattern of 5,000 literals holds a few dozen
distinct ones. Nothing is cached at module level.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from re import _casefix, _constants as sre

import _sre

from .. import _core
from .native import boundary_text

_MAXREPEAT = sre.MAXREPEAT


class Untranslatable(ValueError):
    """A construct of `re` the engine cannot run (a conditional group, for example)."""


@dataclass(frozen=True, slots=True)
class Forms:
    native: str  # the crates' own \w, \s, \d, \b: exact on text without a disputed character
    fancy: bool  # native needs fancy-regex (look-around other than word halves, back-references)
    gate: str | None  # fancy only: the native form without look-around, for the regex crate
    exact: str  # re's classes spelled out; always fancy-regex
    relaxed: str | None = None  # no assertion at all: searched once over a whole text, it marks the
    # sentences where a match may stand (None: it could match the empty string, or a back-reference)
    literals: tuple[tuple[bytes, ...], ...] | None = None  # the engine's required literal sets of
    # `relaxed` (_core.required_literals; () where none): kept here so that the compiled-pack cache
    # spares each engine build the analysis. None: the engine works them out itself


def _ranges_of(codes) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for c in sorted(set(codes)):
        if out and out[-1][1] + 1 == c:
            out[-1][1] = c
        else:
            out.append([c, c])
    return [(a, b) for a, b in out]


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, at = [], 0
    for a, b in ranges:
        if a > at:
            out.append((at, a - 1))
        at = b + 1
    if at <= 0x10FFFF:
        out.append((at, 0x10FFFF))
    return out


def _union(*sets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for a, b in sorted(r for s in sets for r in s):
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


_SURROGATES = [(0xD800, 0xDFFF)]  # no str of Rust holds one: the crates refuse them in a class


def _minus(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code points of `a` not in `b` (both sorted, disjoint range lists)."""
    return _complement(_union(_complement(a), b))


def _esc(cp: int) -> str:
    c = chr(cp)
    if c.isascii() and c.isalnum():
        return c
    return "\\x{%X}" % cp


def _class_src(ranges, negate: bool = False, extra: str = "") -> str:
    if not ranges and not extra:
        return "[^\\x{0}-\\x{10FFFF}]" if not negate else "[\\x{0}-\\x{10FFFF}]"
    body = "".join(_esc(a) if a == b else f"{_esc(a)}-{_esc(b)}" for a, b in ranges)
    return "[" + ("^" if negate else "") + body + extra + "]"


def _py_class(name: str) -> tuple[tuple[int, int], ...]:
    """re's \\w, \\s, \\d as code-point ranges (the engine's tables, checked against CPython)."""
    if name == "word":
        return tuple(_union(list(_core._pychar_table("alnum")), [(0x5F, 0x5F)]))
    return tuple(_core._pychar_table({"space": "space", "digit": "decimal"}[name]))


_ASCII = {"word": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)], "space": [(0x09, 0x0D), (0x20, 0x20)],
          "digit": [(0x30, 0x39)]}
_CATEGORIES = {
    sre.CATEGORY_WORD: ("word", False, "\\w"), sre.CATEGORY_NOT_WORD: ("word", True, "\\W"),
    sre.CATEGORY_SPACE: ("space", False, "\\s"), sre.CATEGORY_NOT_SPACE: ("space", True, "\\S"),
    sre.CATEGORY_DIGIT: ("digit", False, "\\d"), sre.CATEGORY_NOT_DIGIT: ("digit", True, "\\D"),
}


def _case_extra() -> dict[int, tuple[int, ...]]:
    """Characters whose simple lower case is `l` although they are neither l.upper() nor l.title()
    (KELVIN SIGN for "k", "İ" for "i"): found once over every code point by the test that checks
    this table (tests/test_native_matching.py)."""
    return {0x69: (0x130,), 0x3B8: (0x3F4,), 0xDF: (0x1E9E,), 0x3C9: (0x2126,), 0x6B: (0x212A,),
            0xE5: (0x212B,)}


_CASE_EXTRA = _case_extra()


def _with_lower(lo: int) -> list[int]:
    """Every character whose simple lower case (re's own, _sre.unicode_tolower) is `lo`."""
    ch = chr(lo)
    cands = {lo, *_CASE_EXTRA.get(lo, ())}
    for s in (ch.upper(), ch.title()):
        if len(s) == 1:
            cands.add(ord(s))
    return [x for x in cands if _sre.unicode_tolower(x) == lo]


def _ignorecase_set(lowered: set[int]) -> list[int]:
    """re's case-insensitive set: x matches when its simple lower case is in `lowered` (widened by
    re's fixes: "σ" and "ς", "s" and "ſ")."""
    keys = set(lowered)
    for lo in lowered:
        keys.update(_casefix._EXTRA_CASES.get(lo, ()))
    out: list[int] = []
    for k in keys:
        out.extend(_with_lower(k))
    return out


_MAX_CASE_EXPAND = 200_000


class Translator:
    """Pack patterns (and phrase lists) to the engine's forms, with the caches of one set of
    translations: build one per Matcher, let it go with it."""

    def __init__(self, known: Iterable[Mapping[tuple, Forms]] = ()):
        """known: translations made before (a Pack's `translations`, read from the compiled-pack
        cache or made at load), keyed as `forms` and `phrase_forms` key theirs."""
        self._tables: dict[str, tuple] = {}
        self._classes: dict[tuple, str] = {}
        self._literals: dict[tuple[int, int], str] = {}
        self._forms: dict[tuple, Forms] = {}
        for mapping in known:
            self._forms.update(mapping)

    @staticmethod
    def pattern_key(pattern: str, flags: int) -> tuple:
        return (pattern, int(flags))

    @staticmethod
    def phrases_key(words_of_phrases) -> tuple:
        return ("phrases", tuple(tuple(w) for w in words_of_phrases))

    def py_class(self, name: str) -> tuple[tuple[int, int], ...]:
        t = self._tables.get(name)
        if t is None:
            t = self._tables[name] = _py_class(name)
        return t

    def class_src(self, ranges, negate: bool = False, extra: str = "") -> str:
        key = ("src", tuple(ranges), negate, extra)
        out = self._classes.get(key)
        if out is None:
            out = self._classes[key] = _class_src(ranges, negate, extra)
        return out

    def exact_category(self, name: str, neg: bool, native: str) -> str:
        """re's class (\\w, \\W, ...) written as the crate's own plus the characters only re puts in
        it, minus those only the crate puts in it: `[\\w[...]--[...]]`. A few dozen ranges, where
        re's \\w spelled out is 733: each use of a class in a look-around is compiled on its own
        (fancy-regex), so this is what an exact form costs to compile."""
        key = ("category", name, neg)
        out = self._classes.get(key)
        if out is None:
            py, crate = list(self.py_class(name)), list(self.crate_class(name))
            if neg:
                py, crate = _complement(py), _complement(crate)
            add = _minus(_minus(py, crate), _SURROGATES)
            remove = _minus(_minus(crate, py), _SURROGATES)
            if not add and not remove:
                out = native
            else:
                body = native + (self.class_src(add) if add else "") + ("--" + self.class_src(remove) if remove else "")
                out = "[" + body + "]"
            self._classes[key] = out
        return out

    def loose_ranges(self, name: str, neg: bool, inside_negated: bool) -> list[tuple[int, int]]:
        """A class (\\w, \\S, ...) for the relaxed form: on ASCII the characters either library puts in
        it, plus every non-ASCII character; inside a negated class, only the ASCII characters both
        put in it. Never narrower than re's class nor the crate's, and a few ranges (re's \\w is 733)."""
        key = ("loose", name, neg, inside_negated)
        out = self._classes.get(key)
        if out is None:
            ascii_, rest = [(0, 0x7F)], [(0x80, 0x10FFFF)]
            py, crate = _minus(list(self.py_class(name)), rest), _minus(list(self.crate_class(name)), rest)
            if neg:
                py, crate = _minus(ascii_, py), _minus(ascii_, crate)
            if inside_negated:
                out = _minus(py, _minus(py, crate))
            else:
                out = _union(py, crate, rest)
            self._classes[key] = out
        return out

    def crate_class(self, name: str) -> tuple[tuple[int, int], ...]:
        t = self._tables.get("crate:" + name)
        if t is None:
            t = self._tables["crate:" + name] = tuple(_core._crate_table(name))
        return t

    def exact_class(self, codes: tuple, cats: tuple, negate: bool) -> str:
        key = ("exact", codes, cats, negate)
        out = self._classes.get(key)
        if out is None:
            parts = [self.exact_category(name, neg, native) for name, neg, native in cats]
            if not codes and len(parts) == 1 and not negate:
                out = parts[0]
            else:
                body = self.class_src(_union(list(codes)))[1:-1] if codes else ""
                out = "[" + ("^" if negate else "") + body + "".join(parts) + "]"
                if not codes and not parts:
                    out = self.class_src([], negate)
            self._classes[key] = out
        return out

    def literal_src(self, cp: int, flags: int) -> str:
        out = self._literals.get((cp, flags))
        if out is None:
            rs = _Emitter.literal_set(cp, flags)
            out = _esc(rs[0][0]) if len(rs) == 1 and rs[0][0] == rs[0][1] else self.class_src(rs)
            self._literals[(cp, flags)] = out
        return out

    def forms(self, pattern: str, flags: int = 0) -> Forms:
        """The engine's forms of a validated pack regex."""
        key = self.pattern_key(pattern, flags)
        out = self._forms.get(key)
        if out is None:
            from re import _parser

            out = self._forms[key] = self.translate(_parser.parse(pattern, flags))
        return out

    def translate(self, parsed) -> Forms:
        return translate(parsed, self)

    def phrase_forms(self, words_of_phrases: list[list[str]]) -> Forms:
        """The forms of whole-word occurrences of any phrase (each a list of words, runs of spaces
        between them), case-sensitive: what translate() gives for
        matching.phrases_pattern's regex, written directly (no regex parse)."""
        key = self.phrases_key(words_of_phrases)
        out = self._forms.get(key)
        if out is None:
            out = self._forms[key] = self._phrase_forms(words_of_phrases)
        return out

    def _phrase_forms(self, words_of_phrases) -> Forms:
        sep = "(?:\\x{20}){1,}"
        alts = "|".join(sep.join("".join(self.literal_src(ord(c), 0) for c in w) for w in words)
                        for words in words_of_phrases)
        alt = "(?:" + alts + ")"
        word = self.exact_class((), (("word", False, "\\w"),), False)
        return Forms(native="\\b{start-half}" + alt + "\\b{end-half}", fancy=False, gate=None,
                     exact=f"(?<!{word}){alt}(?!{word})", relaxed=alt if alts else None)


class _Emitter:
    def __init__(self, mode: str, tr: Translator):
        self.tr = tr
        self.mode = mode  # "native", "exact", "gate" or "relaxed"
        self.fancy = False  # native form needs look-around or back-references

    @staticmethod
    def literal_set(cp: int, flags: int) -> list[tuple[int, int]]:
        if flags & sre.SRE_FLAG_IGNORECASE and flags & sre.SRE_FLAG_ASCII:
            return _ranges_of({cp, _sre.ascii_tolower(cp), ord(chr(cp).upper()) if _sre.ascii_iscased(cp) else cp})
        if flags & sre.SRE_FLAG_IGNORECASE and _sre.unicode_iscased(cp):
            return _ranges_of(_ignorecase_set({_sre.unicode_tolower(cp)}))
        return [(cp, cp)]

    def literal(self, cp: int, flags: int) -> str:
        return self.tr.literal_src(cp, flags & (sre.SRE_FLAG_IGNORECASE | sre.SRE_FLAG_ASCII))

    def char_class(self, items, flags: int) -> str:
        negate = False
        codes: list[tuple[int, int]] = []
        cats: list[tuple[str, bool, str]] = []
        for op, av in items:
            if op is sre.NEGATE:
                negate = True
            elif op is sre.LITERAL:
                codes.append((av, av))
            elif op is sre.RANGE:
                codes.append(av)
            elif op is sre.CATEGORY:
                if av not in _CATEGORIES:
                    raise Untranslatable(f"class category {av}")
                cats.append(_CATEGORIES[av])
            else:
                raise Untranslatable(f"class item {op}")
        if flags & sre.SRE_FLAG_IGNORECASE and flags & sre.SRE_FLAG_ASCII:
            codes = [r for c in codes for r in self.literal_set(c[0], flags)] if all(a == b for a, b in codes) else \
                _union(codes, *([(max(a, lo) ^ 32, min(b, hi) ^ 32)] for a, b in codes for lo, hi in ((65, 90), (97, 122))
                                if max(a, lo) <= min(b, hi)))
        elif flags & sre.SRE_FLAG_IGNORECASE and codes:
            size = sum(b - a + 1 for a, b in codes)
            if size > _MAX_CASE_EXPAND:
                raise Untranslatable("a case-insensitive class of more than 200,000 characters")
            members = [c for a, b in codes for c in range(a, b + 1)]
            if any(_sre.unicode_iscased(c) for c in members):
                codes = _ranges_of(_ignorecase_set({_sre.unicode_tolower(c) for c in members}))
        codes = _union(codes)
        if flags & sre.SRE_FLAG_ASCII:  # re.ASCII: \w, \s, \d are ASCII classes, spelled out in every form
            parts = [codes] + [(_complement(_ASCII[name]) if neg else _ASCII[name]) for name, neg, _ in cats]
            return self.tr.class_src(_union(*parts), negate)
        if self.mode == "exact":
            return self.tr.exact_class(tuple(codes), tuple(cats), negate)
        if self.mode == "relaxed" and cats:
            # the prefilter runs over every text, disputed characters included: each class holds
            # whatever either library puts in it (inside a negated class, what both do), exact on
            # ASCII and loose beyond (every non-ASCII character): a superset that compiles fast
            parts = [codes] + [self.tr.loose_ranges(name, neg, negate) for name, neg, _ in cats]
            return self.tr.class_src(_union(*parts), negate)
        extra = "".join(native for _, _, native in cats)
        if not codes and len(cats) == 1 and not negate:
            return extra
        return self.tr.class_src(codes, negate, extra)

    def word(self, flags: int) -> str:
        if flags & sre.SRE_FLAG_ASCII:
            return self.tr.class_src(_ASCII["word"])
        return self.tr.exact_category("word", False, "\\w") if self.mode == "exact" else "\\w"

    def emit(self, items, flags: int) -> str:
        items = list(items)
        if self.mode != "exact" or flags & sre.SRE_FLAG_ASCII:
            return "".join(self.item(op, av, flags) for op, av in items)
        out = []
        for i, (op, av) in enumerate(items):
            if op is sre.AT and av in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY):
                half = self.boundary_half(av is sre.AT_BOUNDARY, _word_side(items[i + 1:], flags, 0),
                                          _word_side(items[:i][::-1], flags, -1), flags)
                if half is not None:
                    out.append(half)
                    continue
            out.append(self.item(op, av, flags))
        return "".join(out)

    def emit_gate(self, items, flags: int) -> str:
        """The gate of a sequence that ends where the pattern ends. The engine takes only a gate
        match's start (the backtracking form is tried there), so what the gate reads past the
        pattern's end changes nothing but which starts it offers: a one-character negative
        look-ahead at the very end, `(?![C])`, is read as `(?:[^C]|\\z)`, not dropped. The gate
        still starts wherever the pattern matches, and no longer where that look-ahead fails
        ("?" before a closing quote: opinion.rhetorical-question tried its backtracking form at
        126 starts a steady pass of 40 PolNeAR dev rows, 43 of them matches, 56 with this).
        A positive one, `(?=P)` read as P, cost more to compile (anon-anonymity's gate +5.9 M
        instructions) than it saved: dropped as before."""
        items = list(items)
        if not items:
            return ""
        op, av = items[-1]
        head = "".join(self.item(o, a, flags) for o, a in items[:-1])
        if op is sre.SUBPATTERN:
            group, add, dele, p = av
            return head + "(?:" + self.emit_gate(p, (flags | add) & ~dele) + ")"
        if op is sre.BRANCH:
            return head + "(?:" + "|".join(self.emit_gate(alt, flags) for alt in av[1]) + ")"
        if op is sre.ASSERT_NOT and av[0] == 1:
            kept, other = self.item(op, av, flags), _other_char(list(av[1]))
            if other is not None and kept == "":  # not (?!\w): that stays a half boundary
                return head + "(?:" + self.item(*other, flags) + "|\\z)"
            return head + kept
        return head + self.item(op, av, flags)

    def boundary_half(self, boundary: bool, after: bool | None, before: bool | None, flags: int) -> str | None:
        """re's \\b (or \\B) beside a character known to be (or not to be) a word character is one
        look-around, not the four of its general form: each is a class compiled on its own, and the
        exact form of a pattern with a dozen boundaries took a hundred milliseconds to compile."""
        w = self.word(flags)
        self.fancy = True
        if after is not None:  # the next character's side is known: look behind
            return f"(?<!{w})" if after == boundary else f"(?<={w})"
        if before is not None:  # the previous character's side is known: look ahead
            return f"(?!{w})" if before == boundary else f"(?={w})"
        return None

    def item(self, op, av, flags: int) -> str:
        if op is sre.LITERAL:
            return self.literal(av, flags)
        if op is sre.NOT_LITERAL:
            return self.tr.class_src(self.literal_set(av, flags), negate=True)
        if op is sre.ANY:
            return "[\\x{0}-\\x{10FFFF}]" if flags & sre.SRE_FLAG_DOTALL else "[^\\n]"
        if op is sre.IN:
            return self.char_class(av, flags)
        if op is sre.SUBPATTERN:
            group, add, dele, p = av
            inner = self.emit(p, (flags | add) & ~dele)
            return ("(" if group is not None else "(?:") + inner + ")"
        if op is sre.BRANCH:
            return "(?:" + "|".join(self.emit(alt, flags) for alt in av[1]) + ")"
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            lo, hi, p = av
            body = "(?:" + self.emit(p, flags) + ")"
            count = "{%d,}" % lo if hi == _MAXREPEAT else "{%d,%d}" % (lo, hi)
            if op is sre.MIN_REPEAT:
                return body + count + "?"
            if op is sre.POSSESSIVE_REPEAT:
                self.fancy = True
                return body + count if self.mode in ("gate", "relaxed") else "(?>" + body + count + ")"
            return body + count
        if op is sre.ATOMIC_GROUP:
            self.fancy = True
            inner = self.emit(av, flags)
            return "(?:" + inner + ")" if self.mode in ("gate", "relaxed") else "(?>" + inner + ")"
        if op is sre.AT:
            return self.anchor(av, flags)
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            return self.lookaround(op, av, flags)
        if op is sre.GROUPREF:
            self.fancy = True
            if self.mode in ("gate", "relaxed"):
                raise Untranslatable("a back-reference")  # no gate: the pattern always runs
            return "\\%d" % av
        raise Untranslatable(f"{op}".lower().replace("_", " "))

    def anchor(self, av, flags: int) -> str:
        if self.mode == "relaxed":
            return ""
        multiline = flags & sre.SRE_FLAG_MULTILINE
        if av is sre.AT_BEGINNING:
            return "(?m:^)" if multiline else "\\A"
        if av is sre.AT_BEGINNING_STRING:
            return "\\A"
        if av is sre.AT_END_STRING:
            return "\\z"
        if av is sre.AT_END:
            if multiline:
                return "(?m:$)"
            # re's "$": the end, or just before a newline that ends the text
            self.fancy = True
            return "" if self.mode == "gate" else "(?=\\n?\\z)"
        if av in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY):
            if self.mode == "gate":  # boundaries stay: the regex crate runs them (the engine
                return "" if flags & sre.SRE_FLAG_ASCII else ("\\b" if av is sre.AT_BOUNDARY else "\\B")
            if self.mode == "native" and not flags & sre.SRE_FLAG_ASCII:
                return "\\b" if av is sre.AT_BOUNDARY else "\\B"
            self.fancy = True
            w = self.word(flags)
            if av is sre.AT_BOUNDARY:
                return f"(?:(?<={w})(?!{w})|(?<!{w})(?={w}))"
            return f"(?:(?<={w})(?={w})|(?<!{w})(?!{w}))"
        raise Untranslatable(f"anchor {av}")

    def lookaround(self, op, av, flags: int) -> str:
        if self.mode == "relaxed":
            return ""
        direction, p = av
        p = list(p)
        word_only = (len(p) == 1 and p[0][0] is sre.IN and list(p[0][1]) == [(sre.CATEGORY, sre.CATEGORY_WORD)])
        if self.mode == "gate" and not (word_only and op is sre.ASSERT_NOT and not flags & sre.SRE_FLAG_ASCII):
            return ""
        if self.mode in ("native", "gate") and word_only and op is sre.ASSERT_NOT and not flags & sre.SRE_FLAG_ASCII:
            # (?<!\w) and (?!\w): the regex crate's half boundaries, no look-around needed
            return "\\b{start-half}" if direction < 0 else "\\b{end-half}"
        self.fancy = True
        body = self.emit(p, flags)
        kind = {(sre.ASSERT, 1): "?=", (sre.ASSERT_NOT, 1): "?!", (sre.ASSERT, -1): "?<=",
                (sre.ASSERT_NOT, -1): "?<!"}[(op, direction)]
        return f"({kind}{body})"


def _other_char(p) -> tuple | None:
    """The item that reads one character where `p`, a single-character item, does not (the class
    complemented); None for anything else."""
    if len(p) != 1:
        return None
    op, av = p[0]
    if op is sre.LITERAL:
        return sre.NOT_LITERAL, av
    if op is sre.NOT_LITERAL:
        return sre.LITERAL, av
    if op is sre.IN:
        av = list(av)
        if av and av[0][0] is sre.NEGATE:
            return (sre.IN, av[1:]) if len(av) > 1 else None
        return sre.IN, [(sre.NEGATE, None), *av]
    return None


def _is_word_char(cp: int) -> bool:
    c = chr(cp)
    return c.isalnum() or c == "_"


_SIDE_MAX_RANGE = 2048  # a class range longer than this is not checked character by character


def _side_of_class(items, flags: int) -> bool | None:
    """True when every character of a class is a word character (re's \\w), False when none is,
    None when it holds both or cannot be told cheaply."""
    sides = set()
    for op, av in items:
        if op is sre.NEGATE:
            return None
        if op is sre.LITERAL:
            codes = [c for a, b in _Emitter.literal_set(av, flags) for c in range(a, b + 1)]
        elif op is sre.RANGE:
            if av[1] - av[0] > _SIDE_MAX_RANGE:
                return None
            codes = [c for x in range(av[0], av[1] + 1) for a, b in _Emitter.literal_set(x, flags)
                     for c in range(a, b + 1)]
        elif op is sre.CATEGORY and av in (sre.CATEGORY_WORD, sre.CATEGORY_DIGIT):
            sides.add(True)
            continue
        elif op is sre.CATEGORY and av in (sre.CATEGORY_NOT_WORD, sre.CATEGORY_SPACE):
            sides.add(False)
            continue
        else:
            return None
        sides.update(_is_word_char(c) for c in codes)
    return sides.pop() if len(sides) == 1 else None


def _word_side(items, flags: int, direction: int) -> bool | None:
    """Whether the first character the items consume (direction 0; the last, with the items given
    in reverse and direction -1) is always a word character (True), never one (False), or either
    or none at all (None). Zero-width items are stepped over."""
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op is sre.LITERAL:
            return _side_of_class([(op, av)], flags)
        if op is sre.IN:
            return _side_of_class(av, flags)
        if op is sre.SUBPATTERN:
            group, add, dele, p = av
            inner = list(p) if direction == 0 else list(p)[::-1]
            return _word_side(inner, (flags | add) & ~dele, direction)
        if op is sre.ATOMIC_GROUP:
            return _word_side(list(av) if direction == 0 else list(av)[::-1], flags, direction)
        if op is sre.BRANCH:
            sides = {_word_side(list(b) if direction == 0 else list(b)[::-1], flags, direction) for b in av[1]}
            return sides.pop() if len(sides) == 1 else None
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            body = list(av[2])
            return _word_side(body if direction == 0 else body[::-1], flags, direction)
        return None
    return None


def _fancy_halves(src: str) -> str:
    """fancy-regex reads no `\\b{start-half}`: in a form that needs fancy-regex anyway, the halves
    are written as the look-around they stand for."""
    return src.replace("\\b{start-half}", "(?<!\\w)").replace("\\b{end-half}", "(?!\\w)")


def translate(parsed, tr: Translator | None = None) -> Forms:
    """The engine's forms of a pattern parsed by `re` (packs.parse_regex). Raises Untranslatable.
    tr: the Translator whose caches to use (None: a fresh one)."""
    tr = Translator() if tr is None else tr
    flags = int(parsed.state.flags)  # a plain int: RegexFlag arithmetic costs a call per literal
    if flags & sre.SRE_FLAG_LOCALE:
        raise Untranslatable("LOCALE matching (the (?L) flag)")
    native = _Emitter("native", tr)
    native_src = native.emit(parsed, flags)
    exact_src = _Emitter("exact", tr).emit(parsed, flags)
    try:
        relaxed: str | None = _Emitter("relaxed", tr).emit(parsed, flags)
    except Untranslatable:
        relaxed = None
    relaxed = relaxed or None
    literals = _required_literals(relaxed)
    if not native.fancy:
        return Forms(native=native_src, fancy=False, gate=None, exact=exact_src, relaxed=relaxed, literals=literals)
    try:
        gate: str | None = _Emitter("gate", tr).emit_gate(parsed, flags)
    except Untranslatable:
        gate = None
    if gate == "":
        gate = None
    return Forms(native=_fancy_halves(native_src), fancy=True, gate=gate, exact=exact_src, relaxed=relaxed,
                 literals=literals)


def _required_literals(relaxed: str | None) -> tuple[tuple[bytes, ...], ...] | None:
    """The engine's literal sets of a relaxed form; None where it has none to analyse, or where
    the engine cannot parse it (the engine build then reports the rule, as before)."""
    if relaxed is None:
        return None
    try:
        return tuple(tuple(s) for s in _core.required_literals(relaxed))
    except ValueError:
        return None


def match_view(text: str) -> str:
    """Lower-cased copy of the same length (offsets stay valid): curly apostrophes straight, line
    breaks, tabs and no-break spaces plain spaces, so a phrase term ("turning point") also matches
    across a hard-wrapped line or an &nbsp;. A character whose lower case is longer ("İ") stays."""
    return _core.match_view(boundary_text(text))


def phrase_words(phrases) -> list[list[str]]:
    """Each phrase as the words of its matching view (runs of spaces between them)."""
    return [match_view(e).split(" ") for e in phrases]
