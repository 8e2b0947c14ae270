"""The pure-Python matcher the native Engine replaced, kept as the oracle of the differential test
(tests/test_native_matching.py): all phrase and lexicon terms of all packs in one Aho-Corasick
automaton, regex and token rules as compiled patterns; scope, exceptions and an overlap policy after.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

try:
    from re import _constants as _sre_c
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre_c

from framing.packs import Pack, Rule, parse_regex
from framing.results import Match
from framing.segment import Segmented

_WORDCHAR = re.compile(r"\w")
_NEWLINE = re.compile("\n")
# Characters that case-insensitive `re` equates with an ASCII letter although str.lower() does not
# (so the lower-cased view could hide a match from the literal prefilter): then no prefilter.
_FOLD_RISK = re.compile("[\u0130\u0131\u017f]")


def _isword(c: str) -> bool:
    """str.isalnum() or '_' is exactly what `re` calls \\w for str patterns, and cheaper to ask."""
    return c.isalnum() or c == "_"


@functools.lru_cache(maxsize=None)  # a few hundred distinct literals, asked for ~20,000 times at start-up
def _view_char(code: int) -> str | None:
    """A pattern literal as it appears in match_view, or None when it cannot serve as an anchor."""
    c = chr(code)
    mapped = _VIEW_TABLE.get(code)
    if mapped is not None:  # ’ -> ', line breaks, tabs and no-break spaces -> space, as in the view
        return mapped
    if c.isascii():
        return c.lower()
    # Non-ASCII: only uncased characters (©, «, —), which case-insensitive matching leaves alone.
    return c if c.lower() == c == c.upper() else None


# Very common words make poor anchors (a regex guarded by "here" still runs nearly everywhere), so
# among a pattern's possible anchor sets, sets made of these come last.
_COMMON = frozenset("""a an the and or but if of to in on at by for from with as is are was were be been
being it its it's this that these those there here he she we they i you me us our my your his her
their them who what which when where how why not no so do does did have has had will would can could
may might must should said says say more most also just only very than then now up out about into over
get got make one all any some new""".split())


def _anchor_cost(anchor: tuple[str, bool, bool]) -> float:
    """Rough expected frequency of an anchor in news text: common words cost most, then short
    literals; standing as a whole word makes a literal rarer."""
    lit, left, right = anchor
    if lit in _COMMON:
        return 50.0
    return 8.0 / len(lit) / (1 + left + right)


def _anchor_quality(anchors: frozenset) -> float:
    return -sum(map(_anchor_cost, anchors))


def _boundary(op, av, side: int) -> bool:
    """Does this zero-width item assert a non-word character (or nothing) on `side` (-1 before, 1 after)?"""
    c = _sre_c
    if op is c.AT:
        if av is c.AT_BOUNDARY:
            return True  # with a word character on our side of it, the other side is not one
        return av in ((c.AT_BEGINNING, c.AT_BEGINNING_STRING) if side < 0 else (c.AT_END, c.AT_END_STRING))
    if op is c.ASSERT_NOT and av[0] == side:
        return av[1] == [(c.IN, [(c.CATEGORY, c.CATEGORY_WORD)])] or \
            list(av[1]) == [(c.IN, [(c.CATEGORY, c.CATEGORY_WORD)])]
    return False


def _nonword_class(op, av) -> bool:
    c = _sre_c
    if op is c.LITERAL:
        return not _WORDCHAR.match(chr(av))
    if op is c.IN:
        return all((o is c.LITERAL and not _WORDCHAR.match(chr(a))) or
                   (o is c.CATEGORY and a in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD)) for o, a in av)
    return False


def _nonword_repeat(op, av) -> int | None:
    """Minimum length of an item made only of non-word characters (\\s+, [ \\t]*, ','), or None."""
    c = _sre_c
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and len(av[2]) == 1 and _nonword_class(*av[2][0]):
        return av[0]
    if _nonword_class(op, av):
        return 1
    return None


def required_literals(items, left: bool = False, right: bool = False, collect: list | None = None) -> frozenset | None:
    """Anchors (literal, word-boundary before, word-boundary after) of which every match of a parsed
    regex contains at least one (lower-cased, as in match_view), or None when no such set is known.
    A prefilter: a regex rule runs only on sentences where the Aho-Corasick pass found one of its
    anchors (standing as a whole word where the regex says so). left/right: whether the items are
    preceded/followed by a word boundary in the enclosing pattern. collect: receives every set that
    is necessary on its own (the sets of one sequence), so a filter may require one of each."""
    best: frozenset | None = None
    run: list[str] = []
    run_left = False
    items = list(items)
    c = _sre_c
    zero_width = (c.AT, c.ASSERT, c.ASSERT_NOT)

    def consider(anchors):
        nonlocal best
        if not anchors or not all(a[0] for a in anchors):
            return
        if collect is not None:
            collect.append(anchors)
        if best is None or _anchor_quality(anchors) > _anchor_quality(best):
            best = anchors

    def bounded_before(j: int) -> bool:
        """A non-word character (or the start) stands just before item j: look back over zero-width
        items and runs of non-word characters such as \\s+ or [ \\t]*."""
        k = j - 1
        while k >= 0:
            op, av = items[k]
            if op in zero_width:
                if _boundary(op, av, -1):
                    return True
            else:
                n = _nonword_repeat(op, av)
                if n is None:
                    return False
                if n >= 1:
                    return True
            k -= 1
        return left

    def bounded_after(j: int) -> bool:
        """A non-word character (or the end) stands just after item j."""
        k = j + 1
        while k < len(items):
            op, av = items[k]
            if op in zero_width:
                if _boundary(op, av, 1):
                    return True
            else:
                n = _nonword_repeat(op, av)
                if n is None:
                    return False
                if n >= 1:
                    return True
            k += 1
        return right

    def flush(j_last: int):
        if run:
            lit = "".join(run)
            rb = bounded_after(j_last) and _WORDCHAR.match(lit[-1]) is not None
            consider(frozenset([(lit, run_left, rb)]))
            run.clear()

    last = -1
    for j, (op, av) in enumerate(items):
        ch = None
        if op is c.LITERAL:
            ch = _view_char(av)
        elif op is c.IN:
            chars = {_view_char(a) if o is c.LITERAL else None for o, a in av}
            if len(chars) == 1 and None not in chars:
                ch = chars.pop()  # ['’] is one character in the view
        elif op in zero_width:
            continue  # zero width: a literal run goes on across it
        if ch == " " and run and run[-1] == " ":
            ch = None  # runs of spaces are one space where match() looks: no literal holds two
        if ch is not None:
            if not run:
                run_left = bounded_before(j) and _WORDCHAR.match(ch) is not None
            run.append(ch)
            last = j
            continue
        flush(last)
        if op is c.SUBPATTERN:
            consider(required_literals(av[-1], bounded_before(j), bounded_after(j)))
        elif op is c.BRANCH:
            lb, rb = bounded_before(j), bounded_after(j)
            alts = [required_literals(alt, lb, rb) for alt in av[1]]
            if all(a is not None for a in alts):
                consider(frozenset().union(*alts))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            consider(required_literals(av[2]))
    flush(last)
    return best


def pattern_anchors(pattern: str, flags: int = 0, min_letters: int = 2, max_groups: int = 2) -> list[frozenset] | None:
    """Anchor groups of a pattern: a match holds one anchor of every group. None when it has none
    worth using: a one-letter anchor ("i") is found inside nearly every word, and looking it up
    costs more than running the regex. Groups are best first; max_groups of them are kept."""
    found: list[frozenset] = []
    try:
        required_literals(_parse(pattern, flags), collect=found)
    except Exception:  # an unusual construct: no prefilter, the regex simply always runs
        return None
    found = [g for g in found if not any((len(a[0]) < min_letters and a[0].isalpha()) or not a[0].strip()
                                         for a in g)]  # "i" or " " stands nearly everywhere
    if not found:
        return None
    found = sorted(set(found), key=_anchor_quality, reverse=True)
    return found[:max_groups]


# A prefix standing for "the start of a line" (position 0 or just after a newline).
LINE_START = ("", False)


def prefix_literals(items, left: bool = False) -> frozenset | None:
    """Literals one of which every match of a parsed regex starts with, as (literal, a non-word
    character stands before it), or None; LINE_START for matches that start a line. Such a regex
    need only be tried where one occurs."""
    c = _sre_c
    zero_width = (c.AT, c.ASSERT, c.ASSERT_NOT)
    items = list(items)
    j, bounded = 0, left
    while j < len(items) and items[j][0] in zero_width:
        if items[j] in ((c.AT, c.AT_BEGINNING), (c.AT, c.AT_BEGINNING_STRING)):
            return frozenset([LINE_START])  # every match starts where a line does
        bounded = bounded or _boundary(*items[j], -1)
        j += 1
    run: list[str] = []
    k = j
    while k < len(items):
        op, av = items[k]
        ch = None
        if op is c.LITERAL:
            ch = _view_char(av)
        elif op is c.IN:
            chars = {_view_char(a) if o is c.LITERAL else None for o, a in av}
            ch = chars.pop() if len(chars) == 1 and None not in chars else None
        elif op in zero_width and run:
            k += 1
            continue
        if ch is None or (ch == " " and run and run[-1] == " "):
            break
        run.append(ch)
        k += 1
    if run:
        return frozenset([("".join(run), bounded and _isword(run[0]))])
    if j == len(items):
        return None
    op, av = items[j]
    if op is c.SUBPATTERN:
        return prefix_literals(av[-1], bounded)
    if op is c.BRANCH:
        alts = [prefix_literals(alt, bounded) for alt in av[1]]
        return None if any(a is None for a in alts) else frozenset().union(*alts)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return prefix_literals(av[2], bounded)
    return None


def _parse(pattern: str, flags: int):
    """The parse tree (shared with the ReDoS check), or an error for a pattern whose word
    boundaries are not Unicode ones: the prefilters test boundaries with str.isalnum(), which
    disagrees with \\b under re.ASCII or re.LOCALE, so such a pattern gets no prefilter."""
    parsed = parse_regex(pattern, flags)
    if parsed.state.flags & (_sre_c.SRE_FLAG_ASCII | _sre_c.SRE_FLAG_LOCALE) or _BYTE_FLAG.search(pattern):
        raise ValueError("ASCII or LOCALE word boundaries")
    return parsed


# An inline flag group turning on ASCII or LOCALE matching for part of a pattern: "(?a:...)", "(?aL)".
_BYTE_FLAG = re.compile(r"\(\?[imsxauL-]*[aL][imsxauL-]*[:)]")


def pattern_prefixes(pattern: str, flags: int = 0, min_letters: int = 2) -> frozenset | None:
    try:
        parsed = _parse(pattern, flags)
        if parsed.getwidth()[0] == 0:
            return None  # an empty match would need finditer's own retry rules
        found = prefix_literals(parsed)
    except Exception:
        return None
    # A prefix starting with a space cannot place a match: match() finds it in a view where a run of
    # spaces (from "\r\n", say) is one space, and the match may start at any character of the run.
    if not found or any((len(lit) < min_letters and lit.isalpha()) or lit[:1] == " " for lit, _ in found):
        return None
    return found


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


# Curly apostrophes made straight; line breaks, tabs and no-break or thin spaces made plain spaces,
# so a phrase term ("turning point") also matches across a hard-wrapped line or an &nbsp;.
_VIEW_TABLE = str.maketrans({"’": "'", **{c: " " for c in "\t\n\r\x0b\x0c\xa0\u2007\u2009\u202f\u2028\u2029"}})


_SPACE_RUN = re.compile(" {2,}")


_VIEW_PAIRS = tuple(_VIEW_TABLE.items())


def match_view(text: str) -> str:
    """Lower-cased copy of the same length (offsets stay valid), for the phrase automaton."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if low.isascii():
        return low.translate(_VIEW_TABLE)  # CPython's fast path for ASCII
    # str.translate looks up every character of non-ASCII text in the table (about 20 MB/s);
    # a dozen str.replace scans of characters that are mostly absent cost a fraction of that.
    for code, repl in _VIEW_PAIRS:
        low = low.replace(chr(code), repl)
    return low


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
    earlier; matches of different categories may overlap (one span can hedge and be loaded)."""
    kept: list[Candidate] = []
    # Kept spans of a category are disjoint, so sorted by start they are sorted by end too: the one
    # span that can overlap a candidate is the last starting before its end (bisect, not a scan).
    by_cat: dict[str, tuple[list[int], list[int]]] = {}
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.weight, c.start, c.rule.id)):
        starts, ends = by_cat.setdefault(c.rule.category, ([], []))
        i = bisect.bisect_left(starts, c.end)
        if i > 0 and ends[i - 1] > c.start:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        kept.append(c)
    kept.sort(key=lambda c: (c.start, c.end, c.rule.id))
    return kept


def _phrases_pattern(phrases) -> re.Pattern:
    """Whole-word occurrences of any of the phrases in the matcher's lower-cased view; a space in a
    phrase matches any run of spaces, as in the phrase terms."""
    alts = "|".join(r" +".join(re.escape(w) for w in match_view(e).split(" ")) for e in phrases)
    return re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)")


class Matcher:
    """Compiled form of a set of packs. Build once, reuse for many texts."""

    def __init__(self, packs: Iterable[Pack], disabled: Iterable[str] = (),
                 overlap: Callable[[list[Candidate]], list[Candidate]] = longest_per_category,
                 only: Callable[[Rule], bool] = lambda rule: True, rare_anchor_cost: float = 15.0,
                 ignore: Iterable[str] = ()):
        """rare_anchor_cost: a regex tried at its prefixes is also gated by a second anchor group
        only when that group costs at most this (see _anchor_cost): a common one costs more hits
        than it saves. ignore: phrases that cancel any match lying inside them, for every rule (a
        user's ignore list; each rule's own exceptions work the same way)."""
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
        self.rare_anchor_cost = rare_anchor_cost
        self.rules = [r for p in packs for r in p.rules if only(r) and not self._is_disabled(r)]
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[Rule, float, bool]]] = {}
        self._patterns = []
        self._exceptions: dict[str, re.Pattern] = {}
        self._exception_reach: dict[str, int] = {}
        anchors: dict[str, list[int]] = {}
        self._anchored: list[bool] = []
        self._groups: list[tuple[int, ...]] = []  # per pattern: its anchor groups (ids into the automaton values)
        n_groups = 0
        starts: dict[str, list[tuple[int, bool]]] = {}
        self._prefixed: list[bool] = []  # per pattern: tried only where one of its prefixes starts
        self._line_start: list[bool] = []  # ... and at every line start
        ignore_only = None
        for r in self.rules:
            for term, w in r.terms:
                prefix = term.endswith("*")
                key = term[:-1] if prefix else term
                if key:
                    entries.setdefault(key, []).append((r, w, prefix))
            if r.pattern is not None:
                flags = 0 if r.case_sensitive else re.IGNORECASE
                prefixes = pattern_prefixes(r.pattern, flags)
                groups = pattern_anchors(r.pattern, flags) or []
                if prefixes:
                    # Anchors rarer than the prefixes also gate them: the regex is tried at its
                    # prefixes only in sentences (candidates(): texts) holding an anchor of each group.
                    # Every line start is an attempt for a line-start pattern: priced as a common word.
                    cost = sum(_anchor_cost((lit, lb, False)) if lit else _anchor_cost(("the", False, False))
                               for lit, lb in prefixes)
                    groups = [g for j, g in enumerate(groups) if -_anchor_quality(g) < cost
                              and (j == 0 or -_anchor_quality(g) <= rare_anchor_cost)]
                ids = []
                for group in groups:
                    for lit, lb, rb in group:
                        anchors.setdefault(lit, []).append((n_groups, lb, rb))
                    ids.append(n_groups)
                    n_groups += 1
                self._groups.append(tuple(ids))
                self._anchored.append(bool(groups))
                for lit, lb in prefixes or ():
                    if lit:
                        starts.setdefault(lit, []).append((len(self._patterns), lb))
                self._prefixed.append(bool(prefixes))
                self._line_start.append(bool(prefixes) and LINE_START in prefixes)
                self._patterns.append((r, re.compile(r.pattern, flags)))
            if r.exceptions:
                self._exceptions[r.id] = _phrases_pattern((*r.exceptions, *self.ignore))
            elif self.ignore:  # one compiled ignore list serves every rule without exceptions of its own
                self._exceptions[r.id] = ignore_only = ignore_only or _phrases_pattern(self.ignore)
            if r.exceptions or self.ignore:
                # how far around a candidate an exception may start or end (runs of spaces included)
                self._exception_reach[r.id] = 2 * max(len(e) for e in (*r.exceptions, *self.ignore)) + 16
        self._n_groups = n_groups
        # One automaton holds the terms (whole words, checked after) and the regex anchors (substrings).
        for key in entries.keys() | anchors.keys() | starts.keys():
            anch = anchors.get(key, ())
            free = tuple(sorted({i for i, lb, rb in anch if not (lb or rb)}))
            bounded = tuple(a for a in anch if (a[1] or a[2]) and a[0] not in free)
            st = starts.get(key, ())
            terms = tuple(entries.get(key, ()))
            pfree = tuple(i for i, lb in st if not lb)
            # Most hits of short keys fall inside words ("on" in "nation"); a key whose every use
            # needs a word boundary before it is dropped there before anything else is looked up.
            left_only = not free and not pfree and all(a[1] for a in bounded)
            self._automaton.add_word(key, (len(key), terms, free, bounded, pfree,
                                           tuple(i for i, lb in st if lb), left_only))
        self._has_terms = bool(entries) or bool(anchors) or bool(starts)
        if self._has_terms:
            self._automaton.make_automaton()

    def _term_hits(self, view: str):
        """(start, last, payload) of every automaton hit, in view offsets. Runs of spaces (a double
        space, or a CRLF line break, which match_view makes two spaces) count as one, so phrase
        terms match across them; a hit is then mapped back to the offsets of the view."""
        if "  " not in view:
            for last, payload in self._automaton.iter(view):
                yield last - payload[0] + 1, last, payload
            return
        marks, removed, done = [], [], 0  # squeezed index from which `removed` more chars lie before
        parts, at = [], 0
        for m in _SPACE_RUN.finditer(view):
            a, b = m.span()
            parts.append(view[at:a + 1])
            at = b
            marks.append(a - done + 1)  # the squeezed index just after this run's one kept space
            done += b - a - 1
            removed.append(done)
        parts.append(view[at:])
        squeezed = "".join(parts)

        def orig(q: int) -> int:
            i = bisect.bisect_right(marks, q) - 1
            return q + (removed[i] if i >= 0 else 0)

        # Hits come in order of their last character: the run before it is found by walking forward
        # (a bisection if the order ever breaks), and a hit that holds no run shares its offset.
        i, n_marks, prev = -1, len(marks), -1
        for last, payload in self._automaton.iter(squeezed):
            if last < prev:
                i = bisect.bisect_right(marks, last) - 1
            prev = last
            while i + 1 < n_marks and marks[i + 1] <= last:
                i += 1
            s = last - payload[0] + 1
            if i < 0:
                yield s, last, payload
            elif marks[i] <= s:
                yield s + removed[i], last + removed[i], payload
            else:
                yield orig(s), last + removed[i], payload

    def _is_disabled(self, rule: Rule) -> bool:
        pack, name = rule.id.split(".", 1)
        return pack in self._off_packs or bool({rule.id, rule.category, name} & self._off)

    def _term_candidates(self, view: str, s: int, e: int, vals, end: int, out: list) -> None:
        if s > 0 and _isword(view[s - 1]):
            return
        right_ok = e >= len(view) or not _isword(view[e])
        for rule, w, prefix in vals:
            if prefix:
                pe = e
                while pe < end and _isword(view[pe]):
                    pe += 1
                out.append(Candidate(s, pe, rule, w))
            elif right_ok:
                out.append(Candidate(s, e, rule, w))

    @staticmethod
    def _anchor_hits(view: str, s: int, e: int, end: int, anchors) -> list[int]:
        """Patterns whose anchor stands at [s, e): bounded anchors must stand as whole words (a
        pattern sees `end` as the end of the string)."""
        lb = s == 0 or not _isword(view[s - 1])
        rb = e >= end or not _isword(view[e])
        out = []
        for i, need_l, need_r in anchors:
            if need_l and not lb:
                continue
            if need_r:
                if not rb:
                    continue
            out.append(i)
        return out

    def candidates(self, text: str, view: str | None = None, start: int = 0, end: int | None = None) -> list[Candidate]:
        end = len(text) if end is None else end
        view = match_view(text) if view is None else _checked_view(view, text)
        out: list[Candidate] = []
        hit: set[int] = set()
        starts_of: dict[int, set[int]] = {}
        if self._has_terms:
            for last, (n, vals, free, bounded, pfree, pleft, _) in self._automaton.iter(view, start, end):
                s = last - n + 1
                hit.update(free)
                if bounded:
                    hit.update(self._anchor_hits(view, s, last + 1, end, bounded))
                for i in pfree:
                    starts_of.setdefault(i, set()).add(s)
                if pleft and (s == 0 or not _isword(view[s - 1])):
                    for i in pleft:
                        starts_of.setdefault(i, set()).add(s)
                if vals:
                    self._term_candidates(view, s, last + 1, vals, end, out)
        prefilter = not _FOLD_RISK.search(text, start, end)
        lines = None
        for i, (rule, pat) in enumerate(self._patterns):
            if prefilter and self._anchored[i] and not all(g in hit for g in self._groups[i]):
                continue
            if prefilter and self._prefixed[i]:
                where = starts_of.get(i, set())
                if self._line_start[i]:
                    if lines is None:
                        lines = [p for p in _line_starts(text) if start <= p < end]
                    where = where.union(lines)
                last_end = start
                for s in sorted(where):
                    if s < last_end:
                        continue
                    m = pat.match(text, s, end)
                    if m is not None and m.end() > m.start():
                        out.append(Candidate(m.start(), m.end(), rule, rule.weight))
                        last_end = m.end()
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
        reach = self._exception_reach[c.rule.id]
        lo, hi = max(0, c.start - reach), min(len(view), c.end + reach)
        return any(m.start() <= c.start and c.end <= m.end() for m in pat.finditer(view, lo, hi))

    def match(self, seg: Segmented, skip: Callable[[int], bool] = lambda i: False,
              view: str | None = None) -> list[Match]:
        """Matches over every sentence of a segmented text; each match stays inside its sentence.

        One Aho-Corasick pass over the whole text finds the terms and the regex anchors; each regex
        then runs only on the sentences holding one of its anchors (or on all, when it has none)."""
        text = seg.text
        view = match_view(text) if view is None else _checked_view(view, text)  # shared with candidates()
        sentences = seg.sentences
        ends = [s.end for s in sentences]
        per_sent: dict[int, list[Candidate]] = {}
        anchored_in: list[set[int]] = [set() for _ in range(self._n_groups)]
        starts_of: list[dict[int, int]] = [{} for _ in self._patterns]  # per pattern: start -> sentence
        # Sentence holding a character (-1 between sentences and in skipped ones), by bisection over
        # sentence starts (for line starts; hits walk forward below): a table of every character
        # would cost 8 bytes a character (800 MB for a 100 MB article).
        starts = [sent.start for sent in sentences]
        live = [not skip(sent.index) for sent in sentences]
        n_sent = len(sentences)

        def sentence_at(pos: int) -> int:
            k = bisect.bisect_right(starts, pos) - 1
            return k if k >= 0 and live[k] and pos < ends[k] else -1
        if self._has_terms and sentences:
            k, prev = 0, -1
            for s, last, (n, vals, free, bounded, pfree, pleft, left_only) in self._term_hits(view):
                if s:
                    c = view[s - 1]
                    left_ok = not (c.isalnum() or c == "_")
                    if left_only and not left_ok:
                        continue
                else:
                    left_ok = True
                # Hits come in order of their last character: the sentence that can hold one is the
                # first ending after it, found by walking forward (a bisection when the order breaks).
                if last < prev:
                    k = bisect.bisect_right(ends, last)
                prev = last
                while k < n_sent and ends[k] <= last:
                    k += 1
                if k == n_sent or starts[k] > s or not live[k]:
                    continue
                for i in pfree:
                    starts_of[i][s] = k
                if pleft and left_ok:
                    for i in pleft:
                        starts_of[i][s] = k
                for a in free:
                    anchored_in[a].add(k)
                if bounded:
                    for a in self._anchor_hits(view, s, last + 1, ends[k], bounded):
                        anchored_in[a].add(k)
                if vals:
                    self._term_candidates(view, s, last + 1, vals, ends[k], per_sent.setdefault(k, []))
        prefilter = not _FOLD_RISK.search(text)
        if any(self._line_start) and sentences:
            line_starts = {p: k for p in _line_starts(text) if p < len(text) and (k := sentence_at(p)) >= 0}
            for i, flag in enumerate(self._line_start):
                if flag:
                    starts_of[i].update(line_starts)
        everywhere = [k for k, sent in enumerate(sentences) if not skip(sent.index)]
        for i, (rule, pat) in enumerate(self._patterns):
            gate = None
            if prefilter and self._anchored[i]:
                first, *rest = self._groups[i]
                gate = anchored_in[first].intersection(*(anchored_in[g] for g in rest))
            if prefilter and self._prefixed[i]:
                # Every match starts at a prefix: try only there, as finditer would, sentence by
                # sentence and never inside the previous match.
                if gate is not None and not gate:
                    continue
                last_k, last_end = -1, 0
                where_k = starts_of[i]
                for s in sorted(where_k):
                    k = where_k[s]
                    if gate is not None and k not in gate:
                        continue
                    if k == last_k and s < last_end:
                        continue
                    m = pat.match(text, s, ends[k])
                    if m is not None and m.end() > m.start():
                        per_sent.setdefault(k, []).append(Candidate(m.start(), m.end(), rule, rule.weight))
                        last_k, last_end = k, m.end()
                continue
            if gate is not None:
                where = sorted(gate)
            else:
                where = everywhere
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
