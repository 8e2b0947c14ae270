"""Matching: all phrase and lexicon terms of all packs in one Aho-Corasick automaton, regex and
token rules as compiled patterns; scope, exceptions and an overlap policy applied after.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

try:
    from re import _constants as _sre_c, _parser as _sre_p
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre_c
    import sre_parse as _sre_p

from .packs import Pack, Rule
from .results import QUOTED, Match
from .segment import Segmented

_WORDCHAR = re.compile(r"\w")
# Characters that case-insensitive `re` equates with an ASCII letter although str.lower() does not
# (so the lower-cased view could hide a match from the literal prefilter): then no prefilter.
_FOLD_RISK = re.compile("[\u0130\u0131\u017f]")


def _view_char(code: int) -> str | None:
    """A pattern literal as it appears in match_view, or None when it cannot serve as an anchor."""
    c = chr(code)
    if c == "’":
        return "'"
    if c.isascii():
        return c.lower()
    # Non-ASCII: only uncased characters (©, «, —), which case-insensitive matching leaves alone.
    return c if c.lower() == c == c.upper() else None


def _anchor_quality(lits: frozenset[str]) -> tuple[int, int]:
    return min(map(len, lits)), -len(lits)


def required_literals(items) -> frozenset[str] | None:
    """Literals of which every match of a parsed regex contains at least one (lower-cased, as in
    match_view), or None when no such set is known. Used as a prefilter: a regex rule runs only on
    sentences where the Aho-Corasick pass found one of its literals."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(lits):
        nonlocal best
        if lits and all(lits) and (best is None or _anchor_quality(lits) > _anchor_quality(best)):
            best = lits

    def flush():
        if run:
            consider(frozenset(["".join(run)]))
            run.clear()

    c = _sre_c
    for op, av in items:
        if op is c.LITERAL:
            ch = _view_char(av)
            if ch is None:
                flush()
            else:
                run.append(ch)
        elif op is c.IN:
            chars = {_view_char(a) if o is c.LITERAL else None for o, a in av}
            if len(chars) == 1 and None not in chars:
                run.append(chars.pop())  # ['’] is one character in the view
            else:
                flush()
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: a literal run goes on across it
        else:
            flush()
            if op is c.SUBPATTERN:
                consider(required_literals(av[-1]))
            elif op is c.BRANCH:
                alts = [required_literals(b) for b in av[1]]
                if all(a is not None for a in alts):
                    consider(frozenset().union(*alts))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
                consider(required_literals(av[2]))
    flush()
    return best


def pattern_anchors(pattern: str, flags: int = 0) -> frozenset[str] | None:
    try:
        return required_literals(_sre_p.parse(pattern, flags))
    except Exception:  # an unusual construct: no prefilter, the regex simply always runs
        return None


def match_view(text: str) -> str:
    """Lower-cased copy of the same length (offsets stay valid), curly apostrophes made straight."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.replace("’", "'")


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    weight: float


def longest_per_category(cands: list[Candidate]) -> list[Candidate]:
    """Default overlap policy: within a category keep the longest match, then the heavier, then the
    earlier; matches of different categories may overlap (one span can hedge and be loaded)."""
    kept: list[Candidate] = []
    by_cat: dict[str, list[tuple[int, int]]] = {}
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.weight, c.start, c.rule.id)):
        taken = by_cat.setdefault(c.rule.category, [])
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        kept.append(c)
    kept.sort(key=lambda c: (c.start, c.end, c.rule.id))
    return kept


class Matcher:
    """Compiled form of a set of packs. Build once, reuse for many texts."""

    def __init__(self, packs: Iterable[Pack], disabled: Iterable[str] = (),
                 overlap: Callable[[list[Candidate]], list[Candidate]] = longest_per_category,
                 only: Callable[[Rule], bool] = lambda rule: True):
        self.disabled = frozenset(disabled)
        self.overlap = overlap
        self.rules = [r for p in packs for r in p.rules if only(r) and not self._is_disabled(r)]
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[Rule, float, bool]]] = {}
        self._patterns = []
        self._exceptions: dict[str, re.Pattern] = {}
        anchors: dict[str, list[int]] = {}
        self._anchored: list[bool] = []
        for r in self.rules:
            for term, w in r.terms:
                prefix = term.endswith("*")
                key = term[:-1] if prefix else term
                if key:
                    entries.setdefault(key, []).append((r, w, prefix))
            if r.pattern is not None:
                flags = 0 if r.case_sensitive else re.IGNORECASE
                lits = pattern_anchors(r.pattern, flags)
                for lit in lits or ():
                    anchors.setdefault(lit, []).append(len(self._patterns))
                self._anchored.append(lits is not None)
                self._patterns.append((r, re.compile(r.pattern, flags)))
            if r.exceptions:
                alts = "|".join(re.escape(match_view(e)) for e in r.exceptions)
                self._exceptions[r.id] = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)")
        # One automaton holds the terms (whole words, checked after) and the regex anchors (substrings).
        for key in entries.keys() | anchors.keys():
            self._automaton.add_word(key, (len(key), tuple(entries.get(key, ())), tuple(anchors.get(key, ()))))
        self._has_terms = bool(entries) or bool(anchors)
        if self._has_terms:
            self._automaton.make_automaton()

    def _is_disabled(self, rule: Rule) -> bool:
        pack = rule.id.split(".", 1)[0]
        return bool({rule.id, rule.category, pack, rule.id.split(".", 1)[1]} & self.disabled)

    def _term_candidates(self, view: str, s: int, e: int, vals, end: int, out: list) -> None:
        if s > 0 and _WORDCHAR.match(view[s - 1]):
            return
        right_ok = e >= len(view) or not _WORDCHAR.match(view[e])
        for rule, w, prefix in vals:
            if prefix:
                pe = e
                while pe < end and _WORDCHAR.match(view[pe]):
                    pe += 1
                out.append(Candidate(s, pe, rule, w))
            elif right_ok:
                out.append(Candidate(s, e, rule, w))

    def candidates(self, text: str, view: str | None = None, start: int = 0, end: int | None = None) -> list[Candidate]:
        end = len(text) if end is None else end
        view = match_view(text) if view is None else view
        out: list[Candidate] = []
        hit: set[int] = set()
        if self._has_terms:
            for last, (n, vals, anchors) in self._automaton.iter(view, start, end):
                hit.update(anchors)
                if vals:
                    self._term_candidates(view, last - n + 1, last + 1, vals, end, out)
        prefilter = not _FOLD_RISK.search(text, start, end)
        for i, (rule, pat) in enumerate(self._patterns):
            if prefilter and self._anchored[i] and i not in hit:
                continue
            for m in pat.finditer(text, start, end):
                if m.end() > m.start():
                    out.append(Candidate(m.start(), m.end(), rule, rule.weight))
        if self._exceptions:
            out = [c for c in out if not self._excepted(c, view)]
        return out

    def _excepted(self, c: Candidate, view: str) -> bool:
        pat = self._exceptions.get(c.rule.id)
        if pat is None:
            return False
        lo, hi = max(0, c.start - 80), min(len(view), c.end + 80)
        return any(m.start() <= c.start and c.end <= m.end() for m in pat.finditer(view, lo, hi))

    def match(self, seg: Segmented, skip: Callable[[int], bool] = lambda i: False) -> list[Match]:
        """Matches over every sentence of a segmented text; each match stays inside its sentence.

        One Aho-Corasick pass over the whole text finds the terms and the regex anchors; each regex
        then runs only on the sentences holding one of its anchors (or on all, when it has none)."""
        text = seg.text
        view = match_view(text)
        sentences = seg.sentences
        starts = [s.start for s in sentences]
        per_sent: dict[int, list[Candidate]] = {}
        n_pat = len(self._patterns)
        anchored_in: list[set[int]] = [set() for _ in range(n_pat)]
        if self._has_terms and sentences:
            for last, (n, vals, anchors) in self._automaton.iter(view):
                s, e = last - n + 1, last + 1
                k = bisect.bisect_right(starts, s) - 1
                if k < 0 or e > sentences[k].end or skip(sentences[k].index):
                    continue
                for a in anchors:
                    anchored_in[a].add(k)
                if vals:
                    self._term_candidates(view, s, e, vals, sentences[k].end, per_sent.setdefault(k, []))
        prefilter = not _FOLD_RISK.search(text)
        everywhere = [k for k, sent in enumerate(sentences) if not skip(sent.index)]
        for i, (rule, pat) in enumerate(self._patterns):
            where = sorted(anchored_in[i]) if prefilter and self._anchored[i] else everywhere
            for k in where:
                sent = sentences[k]
                for m in pat.finditer(text, sent.start, sent.end):
                    if m.end() > m.start():
                        per_sent.setdefault(k, []).append(Candidate(m.start(), m.end(), rule, rule.weight))
        found: list[Match] = []
        voice_of = seg.voice.of_span
        for k in sorted(per_sent):
            sent = sentences[k]
            cands = []
            for c in per_sent[k]:
                if self._exceptions and self._excepted(c, view):
                    continue
                if c.rule.scope != "any" and c.rule.scope != voice_of(c.start, c.end):
                    continue
                cands.append(c)
            for c in self.overlap(cands):
                voice = voice_of(c.start, c.end)
                found.append(Match(
                    start=c.start, end=c.end, text=text[c.start:c.end], rule=c.rule.id,
                    category=c.rule.category, voice=voice, sentence=sent.index, weight=c.weight,
                    message=c.rule.message.replace("{match}", text[c.start:c.end]),
                    attribution=c.rule.attribution,
                ))
        return found
