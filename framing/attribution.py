"""Attribution: who speaks in an article, through which cue, and what they are reported to say.

The finder is native (core/src/attribution.rs, `framing._core.AttributionFinder`): one call per
article finds, on the words of each sentence around a cue (a verb of speech, thought or reporting,
or "according to"), the shapes news uses:

- SOURCE + cue: "Josh Schwerin said", "analysts expect", "a spokesman for Disney told reporters";
  with an appositive or a relative clause between them ("Josh Schwerin, a spokesman for the
  campaign, said") and with auxiliaries and adverbs ("has also repeatedly said");
- inverted: '"...," said Josh Schwerin', "..., said officials.", "Said Ellis: ...";
- "according to" + any source: people, documents, data ("according to data compiled by Rhodium");
- impersonal reporting: "it is believed that", "it was reported";
- a pronoun source ("he said") tied to the named person of the sentences just before it.

Each source is typed: named (a person or organisation by name), anonymous (an individual or a
counted few not named: "a senior official", "two people familiar with the talks", "the official"),
vague (groups and the unspecified: "critics", "some Democrats", "it is believed"), document
(reports, polls, data), described (a definite description pointing back to a named body: "the
agency said"), pronoun (a pronoun whose antecedent is not plain). Titles and roles go to their own
field; the name is normalised (title-free, surnames merged with the full name).

Every step is a bounded scan over tokens, linear in the sentence's length. The word lists are
lexicons (framing/lexicons/), so users can read and extend them; this module loads them and hands
them to the engine, and turns its spans into `Attribution` results.
"""
from __future__ import annotations

from collections.abc import Iterable

from .packs import data_dir, read_lexicon
from .results import AUTHORIAL, Attribution, Match, Span
from .segment import Segmented

# A source opened by these is generic or hypothetical ("any sensible person would disagree"), not a source.
_GENERIC = frozenset("any every no".split())
_INDEFINITE_PRONOUNS = frozenset("nobody everybody everyone somebody someone anybody anyone none".split())

UNNAMED_RULE = "attribution.unnamed-source"
TYPES = ("named", "anonymous", "vague", "document", "described", "pronoun")

# The lexicons the engine takes, in its order (core/src/attribution.rs LEXICONS): the four cue lists
# (parameters of the finder) first, then these.
_CUE_LEXICONS = ("attribution_speech", "attribution_thought", "attribution_acts", "attribution_evidence")
_WORD_LEXICONS = ("attribution_inverted", "attribution_participles", "source_titles", "place_names",
                  "document_nouns", "source_groups", "source_modifiers", "source_nouns")
_ANTECEDENT_SENTENCES = 3


def _lexicon(name: str) -> frozenset[str]:
    return frozenset(t for t, _ in read_lexicon(data_dir("lexicons") / f"{name}.txt").terms)


class AttributionFinder:
    """Finds attributions. Like the Scorer, the constructor stores parameters (the four cue word
    lists; None: the shipped lexicons) and the engine is built on first use, so the finder pickles
    as its parameters."""

    def __init__(self, speech: Iterable[str] | None = None, thought: Iterable[str] | None = None,
                 acts: Iterable[str] | None = None, evidence: Iterable[str] | None = None,
                 antecedent_sentences: int = _ANTECEDENT_SENTENCES):
        self.speech = speech
        self.thought = thought
        self.acts = acts
        self.evidence = evidence
        self.antecedent_sentences = antecedent_sentences

    def _prepare(self) -> None:
        if getattr(self, "core_", None) is not None:
            return
        from .native import _core

        def words(given, name):  # a blank "verb" would make every word a cue
            return frozenset(w.strip().lower() for w in given if w.strip()) if given is not None else _lexicon(name)

        given = (self.speech, self.thought, self.acts, self.evidence)
        lexicons = [sorted(words(g, name)) for g, name in zip(given, _CUE_LEXICONS)]
        lexicons += [sorted(_lexicon(name)) for name in _WORD_LEXICONS]
        self.core_ = _core.AttributionFinder(lexicons, self.antecedent_sentences)

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_")}

    def tokens(self, text: str, start: int, end: int) -> list[tuple]:
        """The finder's tokens of text[start:end]: (start, end, text, low, word, cap)."""
        self._prepare()
        return self.core_.tokens(text, start, end)

    def find(self, seg: Segmented, skip=lambda i: False, view: str | None = None) -> list[Attribution]:
        """The attributions of an article in text order, outside quoted speech and skipped sentences
        (view, the matching view, is unused: the engine reads the text itself)."""
        self._prepare()
        from .native import boundary_text

        text = seg.text
        sentences = [(s.start, s.end, s.index) for s in seg.sentences if not skip(s.index)]
        out: list[Attribution] = []
        for source, cue, content, typ, name_span, title, role, sentence, ante, name in self.core_.find(
                boundary_text(text), sentences, seg.voice):
            c = Span(start=cue[0], end=cue[1], text=text[cue[0]:cue[1]])
            body = Span(start=content[0], end=content[1], text=text[content[0]:content[1]]) if content else None
            if source is None:
                out.append(Attribution(source=None, cue=c, content=body, type=typ, name="", role="",
                                       sentence=sentence))
                continue
            src = Span(start=source[0], end=source[1], text=text[source[0]:source[1]])
            if ante is not None:
                a = out[ante]
                out.append(Attribution(source=src, cue=c, content=body, type=a.type, name=a.name, role=a.role,
                                       sentence=sentence, pronoun=True))
                continue
            ns = Span(start=name_span[0], end=name_span[1], text=text[name_span[0]:name_span[1]]) \
                if name_span else None
            appositive = text[role[0]:role[1]] if role else ""
            titled = " ".join(text[s:e] for s, e in title)
            out.append(Attribution(source=src, cue=c, content=body, type=typ, name=name if ns else "",
                                   role=", ".join(x for x in (titled, appositive) if x), sentence=sentence,
                                   name_span=ns))
        return out


def merge_names(names: list[str]) -> dict[str, str]:
    """Each name -> the fullest form of the same person or body in the article: "Moolenaar" and
    "John Moolenaar" -> "John Moolenaar"; "Velden" -> "Velden Cycles". A surname shared by two
    full names stays apart (ambiguous)."""
    distinct = sorted(set(names), key=lambda n: (-len(n.split()), n))
    low = {n: n.lower() for n in distinct}
    out = {}
    for n in distinct:
        fuller = [m for m in distinct if m != n and (low[m].endswith(" " + low[n]) or low[m].startswith(low[n] + " "))]
        fullest = [m for m in fuller if not any(x != m and (low[x].endswith(" " + low[m]) or low[x].startswith(low[m] + " "))
                                                for x in distinct)]
        out[n] = fullest[0] if len(fullest) == 1 else n
    return out


def reported_regions(attributions: list[Attribution], seg: Segmented) -> list[tuple[int, int]]:
    """Character ranges in the source's voice: the content of each attribution to someone (named,
    anonymous, a named document, a description or a pronoun), outside quotations (a quotation inside it
    stays quoted). Sorted and disjoint. What vague sources say ("critics say", "it is believed")
    and unnamed documents ("reports suggest") stays the author's: a claim resting on no one is the
    writer's own."""
    spans = sorted((a.content.start, a.content.end) for a in attributions
                   if a.content is not None and a.type != "vague" and not (a.type == "document" and not a.name))
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]



def unnamed_matches(attributions: list[Attribution], matches: list[Match], weight: float) -> list[Match]:
    """A match for each anonymous, vague or unnamed-document source the finder found and no rule of
    the packs already marks (on its source or its cue), so it counts as unnamed sourcing and a
    user sees why: rule attribution.unnamed-source, category sourcing."""
    tagged = [(m.start, m.end) for m in matches if m.attribution]  # a handful an article

    def covered(s: int, e: int) -> bool:
        return any(ts < e and s < te for ts, te in tagged)

    out = []
    for att in attributions:
        if att.type not in ("anonymous", "vague", "document") or att.source is None:
            continue
        if att.source.text.split()[0].lower() in _GENERIC or att.source.text.lower() in _INDEFINITE_PRONOUNS:
            continue  # "any sensible person would disagree", "Nobody asked": no one's report
        if att.type == "document" and att.name:
            continue  # "data compiled by Rhodium": named
        cls = "anonymous" if att.type == "anonymous" else "vague"
        if covered(att.source.start, att.source.end) or covered(att.cue.start, att.cue.end):
            continue
        out.append(Match(start=att.source.start, end=att.source.end, text=att.source.text,
                         rule=UNNAMED_RULE, category="sourcing", voice=AUTHORIAL,
                         sentence=att.sentence, weight=weight,
                         message=f"Unnamed source ({att.type}): '{att.source.text}' {att.cue.text}.",
                         attribution=cls))
    return out


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


def attribution_summary(seg: Segmented, matches: list[Match], attributions: list[Attribution],
                        min_quote_words: int, authorial_words: int, total_words: int) -> dict:
    # named sources: by name, or a document or data by a named body ("data compiled by Rhodium")
    named = [a for a in attributions if a.type in ("named", "document") and a.name_span is not None and not a.pronoun]
    documents = [a for a in attributions if a.type == "document"]
    merged = merge_names([a.name for a in named])
    unnamed = _one_per_source([m for m in matches if m.attribution and m.voice == AUTHORIAL])
    anonymous = [m for m in unnamed if m.attribution == "anonymous"]
    vague = [m for m in unnamed if m.attribution == "vague"]
    quotes = [q for q in seg.quotes if q.words >= min_quote_words]
    quoted_words = sum(q.words for q in seg.quotes)
    per_k = 1000.0 / authorial_words if authorial_words else 0.0
    return {
        "named": len(named),
        "anonymous": len(anonymous),
        "vague": len(vague),
        "documents": len(documents),
        "direct_quotes": len(quotes),
        "quoted_word_share": round(quoted_words / total_words, 4) if total_words else 0.0,
        "named_per_1000_words": round(len(named) * per_k, 3),
        "unnamed_per_1000_words": round((len(anonymous) + len(vague)) * per_k, 3),
        "named_sources": sorted(set(merged.values())),
        "named_spans": [{"start": a.name_span.start, "end": a.name_span.end, "text": a.name_span.text,
                         "sentence": a.sentence, "cue_start": a.cue.start, "cue_end": a.cue.end,
                         "name": merged[a.name], "role": a.role} for a in named],
    }


# ------------------------------------------------------------ the native finder

_NATIVE_LEXICONS = ("attribution_inverted", "attribution_participles", "source_titles", "place_names",
                    "document_nouns", "source_groups", "source_modifiers", "source_nouns")
