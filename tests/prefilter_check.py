"""What a pack finds, written the plain way: every regex rule is Python's `re.finditer` over the text
(or a sentence), every term is a whole-word occurrence in the lower-cased view. The engine's
prefilters (the assertion-free whole-text pass, gates, the forms it picks per sentence) must never
change that. The reference forms here are deliberately naive: no automaton, no prefilter."""
import bisect
import functools
import random
import re

from framing.scoring.matching import Matcher
from framing.packs import Pack, Rule
from framing.scoring.segment import segment

_VIEW = str.maketrans({"’": "'", **{c: " " for c in "\t\n\r\x0b\x0c\xa0\u2007\u2009\u202f\u2028\u2029"}})


def regex_pack(patterns) -> Pack:
    rules = tuple(Rule(id=f"gen.r{i}", category="certainty", kind="regex", weight=1.0, scope="any",
                       message="m", why="w", pattern=p) for i, p in enumerate(patterns))
    return Pack(id="gen", version="1", description="generated", path="<generated>", rules=rules)


def reference_view(text: str) -> str:
    """match_view by its definition: str.lower() where it keeps the length, then the table."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text).translate(_VIEW)


def _isword(c: str) -> bool:
    return c.isalnum() or c == "_"


def _exception_re(rule: Rule, ignore) -> re.Pattern | None:
    phrases = (*rule.exceptions, *ignore)
    if not phrases:
        return None
    alts = "|".join(r" +".join(re.escape(w) for w in reference_view(e).split(" ")) for e in phrases)
    return re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)")


@functools.lru_cache(maxsize=None)
def _term_pattern(key: str, squeeze: bool):
    """(what every occurrence starts with, the pattern of an occurrence)."""
    if squeeze:
        return key.split(" ")[0], re.compile(" +".join(map(re.escape, key.split(" "))))
    return key, re.compile(re.escape(key))


def _term_spans(key: str, prefix: bool, view: str, squeeze: bool, limit: int) -> list[tuple[int, int, int]]:
    """Whole-word occurrences of a term in the view as (start, end of the key, end of the match);
    with squeeze a space of the term matches a run of spaces (as Matcher.match does, not
    Matcher.candidates); a prefix term runs on to the end of its word, not past limit."""
    out = []
    first, pat = _term_pattern(key, squeeze)
    at = view.find(first) if key else -1
    while at >= 0:
        m = pat.match(view, at)
        if m is not None and (at == 0 or not _isword(view[at - 1])):
            e = m.end()
            if prefix:
                while e < limit and _isword(view[e]):
                    e += 1
                out.append((at, m.end(), e))
            elif e == len(view) or not _isword(view[e]):
                out.append((at, e, e))
        at = view.find(first, at + 1)
    return out


def _excepted(rule: Rule, ignore, view: str, s: int, e: int) -> bool:
    exc = _exception_re(rule, ignore)
    if exc is None:
        return False
    reach = 2 * max(len(x) for x in (*rule.exceptions, *ignore)) + 16  # looked up near the match
    return any(m.start() <= s and e <= m.end() for m in exc.finditer(view, max(0, s - reach), min(len(view), e + reach)))


def reference_match(rules, seg, skip=lambda i: False, ignore=()) -> list[tuple]:
    """Matcher.match by definition: per sentence, re.finditer of each regex rule over the sentence
    and whole-word term occurrences inside it; exceptions, scope, longest_per_category."""
    from framing.scoring.matching import Candidate, longest_per_category

    text, sents = seg.text, seg.sentences
    view = reference_view(text)
    live = [k for k, sent in enumerate(sents) if not skip(sent.index)]
    starts = [sent.start for sent in sents]
    per: dict[int, list] = {}
    for r in rules:
        if r.pattern is not None:
            pat = re.compile(r.pattern, 0 if r.case_sensitive else re.IGNORECASE)
            for k in live:
                per.setdefault(k, []).extend(Candidate(m.start(), m.end(), r, r.weight) for m in
                                             pat.finditer(text, sents[k].start, sents[k].end) if m.end() > m.start())
        for term, w in r.terms:
            key, prefix = (term[:-1], True) if term.endswith("*") else (term, False)
            for s, key_end, _ in _term_spans(key, prefix, view, True, len(view)):
                # the sentence holding the key (sentences are sorted and disjoint); a prefix term
                # runs on to the end of its word inside it
                k = bisect.bisect_right(starts, s) - 1
                if k < 0 or key_end > sents[k].end or skip(sents[k].index):
                    continue
                e = key_end
                while prefix and e < sents[k].end and _isword(view[e]):
                    e += 1
                per.setdefault(k, []).append(Candidate(s, e, r, w))
    out = []
    for k in sorted(per):
        cands = [c for c in per[k] if not _excepted(c.rule, ignore, view, c.start, c.end)
                 and (c.rule.scope == "any" or c.rule.scope == seg.voice.of_span(c.start, c.end))]
        for c in longest_per_category(cands):
            out.append((c.start, c.end, c.rule.id, c.rule.category, seg.voice.of_span(c.start, c.end),
                        sents[k].index, c.weight))
    return out


def reference_candidates(rules, text: str, ignore=()) -> list[tuple[int, int, str]]:
    """Matcher.candidates by definition: regex rules through re over the whole text, terms as
    whole words of the view (a prefix term runs to the end of its word), exceptions after."""
    view = reference_view(text)
    out = []
    for r in rules:
        found = []
        if r.pattern is not None:
            flags = 0 if r.case_sensitive else re.IGNORECASE
            found += [m.span() for m in re.finditer(r.pattern, text, flags) if m.end() > m.start()]
        for term, _ in r.terms:
            key, prefix = (term[:-1], True) if term.endswith("*") else (term, False)
            found += [(a, e) for a, _, e in _term_spans(key, prefix, view, False, len(view))]
        found = [(s, e) for s, e in found if not _excepted(r, ignore, view, s, e)]
        out += [(s, e, r.id) for s, e in found]
    return sorted(out)


def assert_prefilters_agree(fast: Matcher, packs, texts, abbr) -> int:
    """Asserts, text by text, that fast.candidates() equals the reference, and that every regex
    match of fast.match() is one of re's matches in its sentence. Returns how many matches the
    texts hold."""
    found = 0
    for text in texts:
        got = sorted((c.start, c.end, c.rule.id) for c in fast.candidates(text))
        assert got == reference_candidates(fast.rules, text, fast.ignore), text[:80]
        seg = segment(text, abbr)
        by_id = {r.id: r for r in fast.rules}
        for m in fast.match(seg):
            sent = seg.sentences[m.sentence]
            assert sent.start <= m.start < m.end <= sent.end and text[m.start:m.end] == m.text
            r = by_id[m.rule]
            if r.pattern is not None:
                flags = 0 if r.case_sensitive else re.IGNORECASE
                spans = {x.span() for x in re.compile(r.pattern, flags).finditer(text, sent.start, sent.end)}
                assert (m.start, m.end) in spans, (m, text[:80])
            found += 1
    return found


# ------------------------------------------------------------------ windows and the plain path of the native Engine


def sentence_windows(text: str) -> list[tuple[int, int, int, bool]]:
    """Rough sentences as `Engine.match_sentences` windows (start, end, index, scored)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]
    return [(s, e, k, True) for k, (s, e) in enumerate(spans)]


def cut_windows(text: str, rng: random.Random) -> list[tuple[int, int, int, bool]]:
    """Disjoint windows cut anywhere (inside words too), with gaps now and then."""
    out, at = [], 0
    while at < len(text):
        start = at + (rng.random() < 0.2)
        end = min(len(text), start + 1 + rng.randrange(60))
        if start < end:
            out.append((start, end, len(out), True))
        at = end
    return out


def plain_rule(rule: tuple) -> tuple:
    """An Engine rule tuple without its relaxed form and literal sets: every window is searched."""
    forms = rule[5]  # (native, fancy, gate, exact, relaxed, literals)
    return rule[:5] + (forms[:4] + (None, ()),) + rule[6:]
