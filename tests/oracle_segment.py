"""The Python segmentation framing/segment.py ran before the native engine, kept verbatim as the oracle
of tests/test_native_segment.py (the differential test).


Every span is (start, end) into the original text; nothing is normalised in place.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from framing.results import AUTHORIAL, QUOTED, Quote, Sentence

WORD_RE = re.compile(r"\w+(?:['’.-]\w+)*")

# Sentence end: terminal punctuation, optional closing quotes/brackets, then space.
_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_STARTER_RE = re.compile(r"\s+[\"'“‘(\[]?(\w+)")


@dataclass(frozen=True, slots=True)
class Abbreviations:
    """Abbreviations that do not end a sentence (never) or only before a sentence starter (ambiguous)."""

    never: frozenset[str]
    ambiguous: frozenset[str]
    starters: frozenset[str]


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [m.span() for m in WORD_RE.finditer(text, start, end)]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Lines are paragraphs, except a line whose successor starts lowercase (hard wrap)."""
    spans: list[tuple[int, int]] = []
    start = None
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        lstart, lend = pos, pos + len(body)
        pos += len(line)
        stripped = body.strip()
        if not stripped:
            if start is not None:
                spans.append((start, last_end))
                start = None
            continue
        first = stripped[0]
        if start is not None and not first.islower():
            spans.append((start, last_end))
            start = None
        if start is None:
            start = lstart + (len(body) - len(body.lstrip()))
        last_end = lstart + len(body.rstrip())
    if start is not None:
        spans.append((start, last_end))
    return spans


# Abbreviations that are also ordinary words ("the answer was no."): abbreviations only before a number.
_NUMBER_ABBR = frozenset({"no", "nos"})
# Dotted initialisms: "u.s", "c.e.o", "a.m" (not numbers such as "3.2" or domains such as "example.com").
_INITIALISM_RE = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")
# A list marker alone before the cut: "1." or "(2)" at the start of a paragraph.
_LIST_MARKER_RE = re.compile(r"^\(?\d{1,3}[.)]$")
# "“Why now?” Smith asked." -- a quotation ending in ?/! followed by its attribution clause.
_SPEECH_VERBS = (r"said|says|asked|asks|added|adds|wrote|writes|replied|replies|shouted|cried|wondered|"
                 r"demanded|recalled|noted|continued|explained|insisted|warned|exclaimed|told")
_ATTRIBUTION_RE = re.compile(
    r"\s+(?:[A-Z][\w'’.-]*\s+){1,4}(?:" + _SPEECH_VERBS + r")(?=[.;!?]|,(?!\s*[“\x22‘'«„])|\s*$)")


def _is_initial(text: str, pos: int, end: int) -> bool:
    """A single letter followed by a period at pos: "R. Smith"."""
    return pos + 1 < end and text[pos].isalpha() and text[pos + 1] == "." and (pos == 0 or not text[pos - 1].isalnum())


def _sentence_spans(text: str, start: int, end: int, abbr: Abbreviations) -> list[tuple[int, int]]:
    spans = []
    s = start
    for m in _END_RE.finditer(text, start, end):
        cut = m.end()
        nxt = _STARTER_RE.match(text, cut, end)
        if not nxt:
            continue
        following = nxt.group(1)
        if not (following[0].isupper() or following[0].isdigit()):
            continue
        # The token before the terminal mark: letters, digits and periods back to the last space or bracket.
        ts = m.start()
        while ts > s and (text[ts - 1].isalnum() or text[ts - 1] in ".'’"):
            ts -= 1
        token = text[ts:m.start()].lstrip("'’").lower()
        if text[m.start()] == ".":
            is_starter = following.lower() in abbr.starters
            if token in _NUMBER_ABBR:
                if following[0].isdigit():
                    continue
            elif token in abbr.never:
                continue
            elif len(token) == 1 and token.isalpha():
                # An initial ("J. R. Smith") unless a sentence starter follows ("Plan B. The ...").
                if not is_starter or _is_initial(text, nxt.start(1), end):
                    continue
            elif (token in abbr.ambiguous or _INITIALISM_RE.match(token)) and not is_starter:
                continue
            if _LIST_MARKER_RE.match(text[s:m.end()]):
                continue
        elif m.end() > m.start() + 1 and text[m.end() - 1] in "\"”'’" and _ATTRIBUTION_RE.match(text, cut, end):
            continue  # "“Why now?” Smith asked."
        spans.append((s, cut))
        s = cut
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        spans.append((s, end))
    return spans


_OPENERS = "“«„"
_CLOSERS = "”»"
_REOPENERS = "“\"«„"
_DOUBLE_MARK_RE = re.compile("[\"“”«»„]")  # every character _closes, _OPENERS or '"' can accept


def _closes_carried_quote(text: str, opener: str, ps: int, pe: int, limit: int) -> bool:
    """Whether a line's first quotation mark closes the quotation the previous line left open (a
    line break inside the quote): a closing mark right after a word, . , ! ? or a closing single
    mark, not before a word, within `limit` characters of the line's start."""
    first = _DOUBLE_MARK_RE.search(text, ps, min(pe, ps + limit))
    if first is None:
        return False
    j, c = first.start(), first.group()
    if c != '"':
        return _closes(opener, c)
    before_ok = j > ps and (text[j - 1].isalnum() or text[j - 1] in ".,!?…'’)")
    return before_ok and not (j + 1 < pe and text[j + 1].isalnum())


def _closes(opener: str, c: str) -> bool:
    if opener == '"':
        return c in '"”'  # "...” is common in scraped text
    if opener == "„":
        return c in "“”"  # German „...“ (and „...”)
    if opener == "«":
        return c == "»"
    return c in _CLOSERS


def find_quotes(text: str, paras: list[tuple[int, int]], max_unclosed_chars: int) -> list[Quote]:
    """Quotations, double quotes first, then single quotes used as quotation marks.

    A quotation may run over paragraphs when each new paragraph reopens it. Nested quotations count
    only when their closing marks are there; an opening mark never closed is quoted to its paragraph's
    end (or to the next opening mark), and only when that is short: never the rest of the article.
    """
    spans: list[tuple[int, int]] = []

    def unclosed(open_at: int, stop: int) -> None:
        while stop > open_at and text[stop - 1].isspace():
            stop -= 1
        if stop - open_at <= max_unclosed_chars:
            spans.append((open_at, stop))

    stack: list[str] = []  # opening marks of the quotation open now, outermost first
    open_at = 0
    for pi, (ps, pe) in enumerate(paras):
        i = ps
        if stack and text[ps] not in _REOPENERS:
            if _closes_carried_quote(text, stack[-1], ps, pe, max_unclosed_chars):
                pass  # its first mark closes the open quotation: a line break inside the quote
            else:
                # Previous paragraph left a quote open and this one does not continue it.
                unclosed(open_at, paras[pi - 1][1])
                stack = []
        elif stack:
            stack = stack[:1]
            i = ps + 1  # the reopening mark continues the same quotation
        marks: dict[str, list[int]] = {}  # positions of closing marks in this paragraph, built on demand

        def after(chars: str, pos: int) -> int:
            n = 0
            for ch in chars:
                if ch not in marks:
                    found, j = [], text.find(ch, ps, pe)
                    while j >= 0:
                        found.append(j)
                        j = text.find(ch, j + 1, pe)
                    marks[ch] = found
                n += len(marks[ch]) - bisect.bisect_right(marks[ch], pos)
            return n

        net_closing: list[int] = []  # [k]: the sum below over this paragraph's marks k..end

        def closing_straight_after(pos: int) -> int:
            """Straight marks after pos that look closing, less those that open a word (each of
            those needs a closing mark of its own)."""
            after('"', pos)  # fills marks['"']
            found = marks['"']
            if not net_closing:  # once per paragraph, from the end: linear however many marks
                net_closing.append(0)
                for j in reversed(found):
                    step = 1 if not text[j - 1].isspace() else -1 if j + 1 < pe and not text[j + 1].isspace() else 0
                    net_closing.append(net_closing[-1] + step)
                net_closing.reverse()
            return net_closing[bisect.bisect_right(found, pos)]

        for qm in _DOUBLE_MARK_RE.finditer(text, i, pe):  # only the marks matter: jump between them
            i = qm.start()
            c = text[i]
            looks_opening = c == '"' and (i == ps or text[i - 1].isspace()) and i + 1 < pe and not text[i + 1].isspace()
            if stack and (_closes(stack[-1], c) and not (stack[-1] == '"' and looks_opening) or (
                    # Mixed marks, “...": a straight closing mark where no curly one follows.
                    c == '"' and stack[-1] != '"' and not looks_opening and not text[i - 1].isdigit()
                    and after(_CLOSERS + ("“" if "„" in stack else ""), i) < sum(1 for o in stack if o != '"'))):
                stack.pop()
                if not stack:
                    spans.append((open_at, i + 1))
            elif c in _OPENERS or (c == '"' and (i == ps or not text[i - 1].isalnum())):
                if not stack:
                    open_at, stack = i, [c]
                else:
                    # Nested only if its closing marks follow in this paragraph; otherwise the open
                    # quotation was never closed and this mark starts a new one.
                    if c == '"' and stack[-1] == '"':
                        # Straight inside straight ("It was a "sham," he said): this mark opens a
                        # word, so it is nested when the open quotation's own mark opened a word
                        # too (a stray '" He said' does not) and closing-looking marks follow for
                        # it and for every quotation open now (net of the marks that open others).
                        # (at most 4 levels: deeper nesting of one mark is noise, and the bound
                        # keeps each check constant-time on hostile input)
                        nested = (len(stack) < 4 and not text[open_at + 1:open_at + 2].isspace()
                                  and closing_straight_after(i) > stack.count('"'))
                    elif c == '"':
                        nested = after('"', i) > 0
                    else:
                        need = sum(1 for o in stack if o != '"') + 1
                        nested = after(_CLOSERS + ("“" if "„" in stack or c == "„" else ""), i) >= need
                    if nested:
                        stack.append(c)
                    else:
                        unclosed(open_at, i)
                        open_at, stack = i, [c]
    if stack and paras:
        unclosed(open_at, paras[-1][1])
    spans.extend(_single_quotes(text, paras, spans))
    return [Quote(start=s, end=e, text=text[s:e], words=len(WORD_RE.findall(text, s, e))) for s, e in _merged(spans)]


def _merged(spans) -> list[tuple[int, int]]:
    """Spans sorted, overlapping ones merged into one."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
            continue
        merged.append((s, e))
    return merged


# A single quotation mark opens before a letter (not after one: don't, Xi’s) and not as an elision
# (’em, 'n', 'til, 'tis); it closes after a letter or punctuation, not before one (students’ union
# closes only when a quotation is open, ’90s never opens).
_ELISIONS = r"(?:n['’]|(?:em|til|tis|twas|cause|cos|bout|round)\b)"
_SINGLE_RE = re.compile(r"(?<![\w’'])[‘'](?!" + _ELISIONS + r")(?=[^\W\d_])(.{1,400}?)(?<=[\w.,!?])['’](?![\w])",
                        re.DOTALL | re.IGNORECASE)


# A closing candidate that is a plural possessive ("the workers’ rights") and a later mark that
# can only close (after . , ! or ?), or open, a single quotation.
_POSSESSIVE_RE = re.compile(r"(?<=s)['’]\s+[a-z]")
_STRONG_CLOSE_RE = re.compile(r"[.,!?]['’](?!\w)")
_SINGLE_OPEN_RE = re.compile(r"(?<![\w’'])[‘'](?=[^\W\d_])")


def _past_possessive(text: str, start: int, end: int, stop: int) -> int:
    """The end of a single quotation whose first closing candidate is a plural possessive: the next
    mark that can only close it (',’' '.’'), when one follows before any new opening mark and within
    the quotation's length limit; else the end found."""
    if not _POSSESSIVE_RE.match(text, end - 1):
        return end
    limit = min(stop, start + 400)
    close = _STRONG_CLOSE_RE.search(text, end, limit)
    if close is None or _SINGLE_OPEN_RE.search(text, end, close.start()):
        return end
    return close.end()


def _single_quotes(text, paras, doubles):
    # Double quotations merged and sorted, so "does this start inside one" is a bisection.
    merged = _merged(doubles)
    starts = [ds for ds, _ in merged]
    ends = [de for _, de in merged]
    found = []
    for ps, pe in paras:
        pos = ps
        while (m := _SINGLE_RE.search(text, pos, pe)) is not None:
            s, e = m.start(), _past_possessive(text, m.start(), m.end(), pe)
            pos = e
            k = bisect.bisect_right(starts, s) - 1
            if not (k >= 0 and s < ends[k]):
                found.append((s, e))
    return found


class Voice:
    """Answers whether a character offset stands in quoted speech."""

    def __init__(self, quotes: list[Quote]):
        self._starts = [q.start for q in quotes]
        self._ends = [q.end for q in quotes]

    def quoted_at(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def of_span(self, start: int, end: int) -> str:
        return QUOTED if self.quoted_at((start + end - 1) // 2 if end > start else start) else AUTHORIAL

    def quoted_chars(self, start: int, end: int) -> int:
        n = 0
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        while i < len(self._starts) and self._starts[i] < end:
            n += max(0, min(end, self._ends[i]) - max(start, self._starts[i]))
            i += 1
        return n


@dataclass(frozen=True, slots=True)
class Segmented:
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    voice: Voice


def segment(text: str, abbr: Abbreviations, max_unclosed_chars: int = 600) -> Segmented:
    paras = paragraphs(text)
    quotes = find_quotes(text, paras, max_unclosed_chars)
    voice = Voice(quotes)
    sentences = []
    for pi, (ps, pe) in enumerate(paras):
        for s, e in _sentence_spans(text, ps, pe, abbr):
            while e > s and text[e - 1].isspace():
                e -= 1
            if e <= s:
                continue
            q = voice.quoted_chars(s, e)
            v = QUOTED if q * 2 > (e - s) else AUTHORIAL
            sentences.append(Sentence(index=len(sentences), start=s, end=e, text=text[s:e], paragraph=pi, voice=v))
    return Segmented(text, tuple(paras), tuple(sentences), tuple(quotes), voice)


# --- The words-by-voice loop of Scorer.score (framing/scoring.py), verbatim, per sentence

def sentence_words(text: str, seg: Segmented) -> tuple[tuple[int, int], ...]:
    out = []
    voice = seg.voice
    for s in seg.sentences:
        n = len(WORD_RE.findall(text, s.start, s.end))
        quoted_chars = voice.quoted_chars(s.start, s.end)
        if quoted_chars == 0 or quoted_chars == s.end - s.start:  # no word or every word quoted
            q = n if quoted_chars else 0
        else:
            q = sum(1 for m in WORD_RE.finditer(text, s.start, s.end) if voice.quoted_at(m.start()))
        out.append((n, q))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Counted:
    """The oracle's segmentation with the words-by-voice counts the engine returns beside it."""

    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    voice: Voice
    sentence_words: tuple[tuple[int, int], ...]


def segment_counted(text: str, abbr: Abbreviations, max_unclosed_chars: int = 600) -> Counted:
    seg = segment(text, abbr, max_unclosed_chars)
    return Counted(seg.paragraphs, seg.sentences, seg.quotes, seg.voice, sentence_words(text, seg))
