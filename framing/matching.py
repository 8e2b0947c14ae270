"""Matching: all phrase and lexicon terms of all packs in one Aho-Corasick automaton, regex and
token rules as compiled patterns; scope, exceptions and an overlap policy applied after.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

from .packs import Pack, Rule
from .results import QUOTED, Match
from .segment import Segmented

_WORDCHAR = re.compile(r"\w")


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
        for r in self.rules:
            for term, w in r.terms:
                prefix = term.endswith("*")
                key = term[:-1] if prefix else term
                if key:
                    entries.setdefault(key, []).append((r, w, prefix))
            if r.pattern is not None:
                self._patterns.append((r, re.compile(r.pattern, 0 if r.case_sensitive else re.IGNORECASE)))
            if r.exceptions:
                alts = "|".join(re.escape(match_view(e)) for e in r.exceptions)
                self._exceptions[r.id] = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)")
        for key, vals in entries.items():
            self._automaton.add_word(key, (len(key), tuple(vals)))
        self._has_terms = bool(entries)
        if entries:
            self._automaton.make_automaton()

    def _is_disabled(self, rule: Rule) -> bool:
        pack = rule.id.split(".", 1)[0]
        return bool({rule.id, rule.category, pack, rule.id.split(".", 1)[1]} & self.disabled)

    def candidates(self, text: str, view: str | None = None, start: int = 0, end: int | None = None) -> list[Candidate]:
        end = len(text) if end is None else end
        view = match_view(text) if view is None else view
        out: list[Candidate] = []
        if self._has_terms:
            for last, (n, vals) in self._automaton.iter(view, start, end):
                s, e = last - n + 1, last + 1
                if s > 0 and _WORDCHAR.match(view[s - 1]):
                    continue
                right_ok = e >= len(view) or not _WORDCHAR.match(view[e])
                for rule, w, prefix in vals:
                    if prefix:
                        pe = e
                        while pe < end and _WORDCHAR.match(view[pe]):
                            pe += 1
                        out.append(Candidate(s, pe, rule, w))
                    elif right_ok:
                        out.append(Candidate(s, e, rule, w))
        for rule, pat in self._patterns:
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
        """Matches over every sentence of a segmented text; each match stays inside its sentence."""
        text = seg.text
        view = match_view(text)
        found: list[Match] = []
        for sent in seg.sentences:
            if skip(sent.index):
                continue
            cands = []
            for c in self.candidates(text, view, sent.start, sent.end):
                voice = seg.voice.of_span(c.start, c.end)
                if c.rule.scope != "any" and c.rule.scope != voice:
                    continue
                cands.append(c)
            for c in self.overlap(cands):
                voice = seg.voice.of_span(c.start, c.end)
                found.append(Match(
                    start=c.start, end=c.end, text=text[c.start:c.end], rule=c.rule.id,
                    category=c.rule.category, voice=voice, sentence=sent.index, weight=c.weight,
                    message=c.rule.message.replace("{match}", text[c.start:c.end]),
                    attribution=c.rule.attribution,
                ))
        return found
