"""Attribution analysis: named sources, anonymous and vague sources, direct quotes.

Named sources are found by pattern: a capitalised name (a person or an institution) next to a
reporting verb, or after "according to". Anonymous and vague sources come from the rule packs'
rules tagged with `attribution`, so users extend them like any other rule.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import ahocorasick

from .matching import match_view
from .packs import data_dir, read_lexicon
from .results import AUTHORIAL, Match
from .segment import WORD_RE, Segmented

# a capitalised word, not its possessive 's; a plural possessive inside a name ("Dockworkers' Union") stays
_CAP = r"(?:[A-Z][\w.-]*(?:['’](?!s\b)\w+)*(?:(?<=s)['’](?=\s+[A-Z]))?)"
_LINK = r"(?:of|the|for|de|van|von|al|bin|da|and|on)"
_NAME = rf"{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP}){{0,6}}"


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedSource:
    start: int
    end: int
    text: str
    sentence: int
    voice: str
    cue_start: int = -1  # the reporting verb or "according to" that makes the name a source
    cue_end: int = -1


class AttributionFinder:
    def __init__(self, reporting_verbs: tuple[str, ...] | None = None, source_nouns: tuple[str, ...] | None = None):
        self.reporting_verbs = reporting_verbs
        self.source_nouns = source_nouns
        verbs = reporting_verbs or tuple(t for t, _ in read_lexicon(data_dir("lexicons") / "reporting_verbs.txt").terms)
        verbs = tuple(v for v in verbs if v.strip())  # a blank "verb" would make every name a source
        nouns = source_nouns or tuple(t for t, _ in read_lexicon(data_dir("lexicons") / "source_nouns.txt").terms)
        self._nouns = frozenset(nouns)
        verb_alt = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in verbs), key=len, reverse=True))
        inverted = r"said|says|added|adds|wrote|writes|noted|explained|asked|continued|warned"
        self._patterns = [
            # Name [(party-state)] [, apposition,] verb:  "Liu Pengyu, a spokesman for the embassy, said"
            re.compile(rf"(?P<name>{_NAME})(?![\w'’])(?:\s*\([^()\n]{{1,20}}\))?(?:\s*,[^,;\"“”]{{1,120}},)?\s+(?:(?:has|had|have)\s+)?(?:also\s+)?(?P<cue>{verb_alt})\b"),
            # verb Name:  '..." said Laila Khawaja'
            re.compile(rf"(?:[”\"’']\s*|,\s+)(?P<cue>{inverted})\s+(?P<name>{_NAME})(?=\s*(?:[,.;:!?]|$))"),
            # according to Name
            re.compile(rf"\b(?P<cue>[Aa]ccording\s+to)\s+(?:the\s+|a\s+)?(?P<name>{_NAME})"),
        ]
        # Every match holds its cue, so a pattern runs only on sentences where the first word of one
        # of its cues occurs (lower-cased, even inside a word: a superset, found in one C pass).
        firsts: dict[str, set[int]] = {}
        for i, cues in enumerate((verbs, inverted.split("|"), ["according"])):
            for cue in cues:
                firsts.setdefault(cue.split()[0].lower(), set()).add(i)
        self._cue_words = ahocorasick.Automaton()
        for word, which in firsts.items():
            self._cue_words.add_word(word, tuple(sorted(which)))
        self._cue_words.make_automaton()

    def _sentences_with_cues(self, seg: Segmented, skip, view: str | None) -> dict[int, set[int]]:
        """Sentence index -> the patterns whose cue word occurs in it (found in the matcher's
        lower-cased view of the text, which keeps every offset)."""
        sents = seg.sentences
        ends = [s.end for s in sents]
        need: dict[int, set[int]] = {}
        for last, which in self._cue_words.iter(match_view(seg.text) if view is None else view):
            k = bisect.bisect_right(ends, last)
            if k < len(sents) and sents[k].start <= last:
                need.setdefault(k, set()).update(which)
        return {sents[k].index: v for k, v in need.items() if not skip(sents[k].index)}

    def named_sources(self, seg: Segmented, skip=lambda i: False, view: str | None = None) -> list[NamedSource]:
        """view: match_view(seg.text), when the caller has it already."""
        found: dict[tuple[int, int], NamedSource] = {}
        text = seg.text
        need = self._sentences_with_cues(seg, skip, view)
        for sent in seg.sentences:
            if sent.index not in need:
                continue
            local: list[tuple[int, int]] = []  # names never cross a sentence: overlap is checked within it
            for i in sorted(need[sent.index]):
                for m in self._patterns[i].finditer(text, sent.start, sent.end):
                    s, e = m.span("name")
                    s, e = self._trim(text, s, e, sent.start)
                    if s is None or seg.voice.quoted_at(s):
                        continue
                    if any(a <= s < b or s <= a < e for a, b in local):
                        continue
                    local.append((s, e))
                    found[(s, e)] = NamedSource(start=s, end=e, text=text[s:e], sentence=sent.index,
                                                voice=seg.voice.of_span(s, e), cue_start=m.start("cue"),
                                                cue_end=m.end("cue"))
        return sorted(found.values(), key=lambda n: n.start)

    def _trim(self, text: str, s: int, e: int, sent_start: int):
        """Drop leading function words and reject names that are really common nouns or pronouns."""
        toks = [(m.start() + s, m.end() + s, m.group()) for m in WORD_RE.finditer(text[s:e])]
        while toks and (_base(toks[0][2]) in self._nouns or toks[0][2].lower() in ("the", "a", "an", "in", "on", "at", "but", "and", "after", "days", "later")):
            if _base(toks[0][2]) in self._nouns and len(toks) > 1 and toks[1][2] in _INSTITUTION_HEADS:
                break  # "Police Department", "Teachers Union": the noun is part of the name
            toks.pop(0)
        while toks and toks[-1][2].lower() in ("of", "the", "for", "and", "on"):
            toks.pop()
        if not toks:
            return None, None
        if all(_base(t[2]) in self._nouns for t in toks):
            return None, None
        if not any(t[2][0].isupper() for t in toks):
            return None, None
        return toks[0][0], toks[-1][1]


# Words that make a source noun before them part of an institution's name.
_INSTITUTION_HEADS = frozenset("""Department Dept Service Services Union Unions Association Council Committee
Office Agency Board Bureau Federation Commission Institute Foundation Authority Corps Force Academy Society
Group Center Centre League Guild Alliance Coalition Caucus Network Organization Organisation""".split())


def _base(word: str) -> str:
    """Lower-cased word without a possessive or contracted 's ("He’s" -> "he")."""
    w = word.lower()
    return w[:-2] if w.endswith(("'s", "’s")) else w


def _one_per_source(matches: list[Match]) -> list[Match]:
    """Overlapping unnamed-source matches (rules of different categories may both match "according
    to one source familiar with...") are one source: keep the longest of each overlapping group.
    Then one source of each class per sentence: "Two officials said, speaking on condition of
    anonymity, ..." names one anonymous source twice, not two."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            if m.end - m.start > kept[-1].end - kept[-1].start:
                kept[-1] = m
            continue
        kept.append(m)
    one_each: dict[tuple[int, str | None], Match] = {}
    for m in kept:
        first = one_each.setdefault((m.sentence, m.attribution), m)
        if m.end - m.start > first.end - first.start:
            one_each[(m.sentence, m.attribution)] = m
    return sorted(one_each.values(), key=lambda m: m.start)


def _fullest_names(names: set[str]) -> list[str]:
    """Distinct names, each in its fullest form: "Lindqvist" is listed once as "Marta Lindqvist",
    "Velden" as "Velden Cycles"."""
    low = {n: n.lower() for n in names}
    return sorted(n for n in names
                  if not any(m != n and (low[m].endswith(" " + low[n]) or low[m].startswith(low[n] + " "))
                             for m in names))


def attribution_summary(seg: Segmented, matches: list[Match], named: list[NamedSource],
                        min_quote_words: int, authorial_words: int, total_words: int,
                        skip=lambda i: False) -> dict:
    merged: list[list[int]] = []  # unnamed-source spans merged into disjoint intervals, for bisect
    for a, b in sorted((m.start, m.end) for m in matches if m.attribution):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]

    def inside_unnamed(n) -> bool:
        i = bisect.bisect_left(starts, n.end) - 1
        return i >= 0 and merged[i][1] > n.start

    named_auth = [n for n in named if n.voice == AUTHORIAL and not inside_unnamed(n)]
    unnamed = _one_per_source([m for m in matches if m.attribution and m.voice == AUTHORIAL])
    anonymous = [m for m in unnamed if m.attribution == "anonymous"]
    vague = [m for m in unnamed if m.attribution == "vague"]
    quotes = [q for q in seg.quotes if q.words >= min_quote_words]
    quoted_words = sum(q.words for q in seg.quotes)
    per_k = 1000.0 / authorial_words if authorial_words else 0.0
    return {
        "named": len(named_auth),
        "anonymous": len(anonymous),
        "vague": len(vague),
        "direct_quotes": len(quotes),
        "quoted_word_share": round(quoted_words / total_words, 4) if total_words else 0.0,
        "named_per_1000_words": round(len(named_auth) * per_k, 3),
        "unnamed_per_1000_words": round((len(anonymous) + len(vague)) * per_k, 3),
        "named_sources": _fullest_names({n.text for n in named_auth}),
        "named_spans": [{"start": n.start, "end": n.end, "text": n.text, "sentence": n.sentence,
                         "cue_start": n.cue_start, "cue_end": n.cue_end} for n in named_auth],
    }
