"""Matching: every rule of a set of packs compiled once into the native Engine (framing._core):
phrase and lexicon terms in one Aho-Corasick automaton with word boundaries checked natively, regex
and token rules as `regex`-crate patterns (look-around through fancy-regex under a backtrack limit);
scope, exceptions, the ignore list and the overlap policy applied natively too.

The Matcher validates nothing itself (packs.py did) and hands the engine plain data; a
user-supplied overlap policy gets the candidates back in Python.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import _core
from ..engine.patterns import Forms, Translator, phrase_words
from ..engine.native import boundary_text
from ..packs import Pack, Rule
from ..results import AUTHORIAL, GAVE_UP, QUOTED, TOO_LONG, Match
from .segment import Segmented

_SCOPES = {"any": 0, "authorial": 1, "quoted": 2}
_VOICES = {1: AUTHORIAL, 2: QUOTED}


def _checked_view(view: str, text: str) -> str:
    if len(view) != len(text):  # a view of another text would give wrong offsets silently
        raise ValueError(f"view has {len(view)} characters, text {len(text)}: pass match_view(text)")
    return view


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    weight: float


def longest_per_category(cands: list[Candidate]) -> list[Candidate]:
    """Default overlap policy: within a category keep the longest match, then the heavier, then the
    earlier; matches of different categories may overlap (one span can hedge and be loaded).
    The Matcher runs it natively; called directly, it runs the engine's own implementation."""
    rows = [(c.start, c.end, c.weight, c.rule.category, c.rule.id) for c in cands]
    return [cands[i] for i in _core.longest_per_category(rows)]


def _forms_tuple(forms: Forms) -> tuple:
    return (forms.native, forms.fancy, forms.gate, forms.exact, forms.relaxed, forms.literals)


def phrases_pattern(phrases) -> str:
    """Whole-word occurrences of any of the phrases in the lower-cased view; a space in a phrase
    matches any run of spaces, as in the phrase terms."""
    alts = "|".join(r" +".join(re.escape(w) for w in words) for words in phrase_words(phrases))
    return r"(?<!\w)(?:" + alts + r")(?!\w)"




class Matcher:
    """Compiled form of a set of packs. Build once, reuse for many texts (and threads)."""

    def __init__(self, packs: Iterable[Pack], disabled: Iterable[str] = (),
                 overlap: Callable[[list[Candidate]], list[Candidate]] = longest_per_category,
                 only: Callable[[Rule], bool] = lambda rule: True, ignore: Iterable[str] = (),
                 backtrack_limit: int = 1_000_000, lookaround_max_bytes: int = 20_000):
        """ignore: phrases that cancel any match lying inside them, for every rule (a user's
        ignore list; each rule's own exceptions work the same way). backtrack_limit: the most
        backtracking steps a look-around pattern may take in one sentence (then it gives up there);
        lookaround_max_bytes: a look-around pattern skips longer sentences (a look-ahead rescans the
        sentence from every position: no pack can make matching slower than linear in the text)."""
        packs = list(packs)
        self.ignore = tuple(ignore)
        self.disabled = frozenset(disabled)
        # A bare name that is both a category and a pack id ("speculation") means the category, as
        # in the score tables; "pack:ID" and "category:NAME" say which.
        categories = {r.category for p in packs for r in p.rules}
        self._off_packs = frozenset(d.removeprefix("pack:") for d in self.disabled
                                    if d.startswith("pack:") or (":" not in d and d not in categories))
        self._off = frozenset(d.removeprefix("category:") for d in self.disabled if not d.startswith("pack:"))
        self.overlap = overlap
        self.backtrack_limit = backtrack_limit
        self.lookaround_max_bytes = lookaround_max_bytes
        self.rules = [r for p in packs for r in p.rules if only(r) and not self._is_disabled(r)]
        specs = []
        # its caches live as long as this build; it starts from the packs' own translations
        tr = Translator(p.translations for p in packs)
        for r in self.rules:
            terms = [(t[:-1], w, True) if t.endswith("*") else (t, w, False) for t, w in r.terms]
            pattern = None
            if r.pattern is not None:
                pattern = _forms_tuple(tr.forms(r.pattern, 0 if r.case_sensitive else re.IGNORECASE))
            exceptions, reach = None, 0
            phrases = (*r.exceptions, *self.ignore)
            if phrases:
                exceptions = _forms_tuple(tr.phrase_forms(phrase_words(phrases)))
                # how far around a candidate an exception may start or end (runs of spaces included)
                reach = 2 * max(len(e) for e in phrases) + 16
            specs.append((r.id, r.category, float(r.weight), _SCOPES[r.scope], terms, pattern, exceptions, reach))
        self.engine = _core.Engine(specs, backtrack_limit, lookaround_max_bytes)

    def compile(self) -> Matcher:
        """Compile every pattern now (the engine compiles each form on first use otherwise), e.g.
        before timing searches alone. Returns the matcher."""
        self.engine.compile()
        return self

    def _is_disabled(self, rule: Rule) -> bool:
        pack, name = rule.id.split(".", 1)
        return pack in self._off_packs or bool({rule.id, rule.category, name} & self._off)

    def _note_limits(self, stopped, limits: dict | None) -> None:
        """Adds the engine's (rule, searches given up, windows too long) rows to `limits`
        (rule id -> "gave_up" or "too_long"; a rule that did both gave up)."""
        if limits is None:
            return
        for i, gave_up, _too_long in stopped:
            rid = self.rules[i].id
            if limits.get(rid) != GAVE_UP:
                limits[rid] = GAVE_UP if gave_up else TOO_LONG

    def candidates(self, text: str, view: str | None = None, start: int = 0, end: int | None = None,
                   limits: dict | None = None) -> list[Candidate]:
        """Every match in text[start:end] as one region (no sentences, no scope, no overlap policy),
        exceptions applied. limits: a dict that gets each rule a limit stopped (rule id ->
        "gave_up" at the backtrack or size limit, or "too_long": a look-around rule does not
        search a region over lookaround_max_bytes)."""
        if view is not None:
            _checked_view(view, text)
        rows, stopped = self.engine.candidates(boundary_text(text), start, end)
        self._note_limits(stopped, limits)
        rules = self.rules
        return [Candidate(s, e, rules[i], w) for s, e, i, w in rows]

    def match(self, seg: Segmented, skip: Callable[[int], bool] = lambda i: False,
              view: str | None = None, limits: dict | None = None) -> list[Match]:
        """Matches over every sentence of a segmented text; each match stays inside its sentence.
        view: accepted for callers that share one (it must be match_view(seg.text)). limits: a
        dict that gets each rule a limit stopped in some sentence (see `candidates`)."""
        text = seg.text
        if view is not None:
            _checked_view(view, text)
        sentences = [(s.start, s.end, s.index, not skip(s.index)) for s in seg.sentences]
        native = self.overlap is longest_per_category
        rows, stopped = self.engine.match_sentences(boundary_text(text), sentences, [q.start for q in seg.quotes],
                                                    [q.end for q in seg.quotes], native)
        self._note_limits(stopped, limits)
        rules = self.rules
        if not native:
            voice = seg.voice
            rows = [(s, e, i, k, w, 2 if voice.of_span(s, e) == QUOTED else 1) for s, e, i, k, w in self.overlap_rows(rows)]
        found = []
        for s, e, i, k, w, voice in rows:
            rule = rules[i]
            span = text[s:e]
            found.append(Match(start=s, end=e, text=span, rule=rule.id, category=rule.category,
                               voice=_VOICES[voice], sentence=k, weight=w,
                               message=rule.message.replace("{match}", span), attribution=rule.attribution))
        return found

    def overlap_rows(self, rows) -> list[tuple[int, int, int, int, float]]:
        """The caller's policy over the engine's candidate rows (start, end, rule, sentence,
        weight, voice), sentence by sentence: the kept ones as (start, end, rule, sentence, weight)."""
        rules, index_of = self.rules, {id(r): i for i, r in enumerate(self.rules)}
        by_sentence: dict[int, list] = {}
        for s, e, i, k, w, _ in rows:
            by_sentence.setdefault(k, []).append(Candidate(s, e, rules[i], w))
        return [(c.start, c.end, index_of[id(c.rule)], k, c.weight)
                for k, cands in by_sentence.items() for c in self.overlap(cands)]
