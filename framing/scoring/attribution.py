"""Attribution: who speaks in an article, through which cue, and what they are reported to say.

The finder is native (core/src/attribution/, `framing._core.AttributionFinder`): one call per
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

from ..engine.native import _core, boundary_text
from ..packs import data_dir, read_lexicon
from ..results import Attribution
from .segment import Segmented

UNNAMED_RULE = "attribution.unnamed-source"
TYPES = ("named", "anonymous", "vague", "document", "described", "pronoun")

# The lexicons the engine takes, in its order (core/src/attribution/mod.rs LEXICONS): the four cue lists
# (parameters of the finder) first, then these.
_CUE_LEXICONS = ("attribution_speech", "attribution_thought", "attribution_acts", "attribution_evidence")
_WORD_LEXICONS = ("attribution_inverted", "attribution_participles", "source_titles", "place_names",
                  "document_nouns", "source_groups", "source_modifiers", "source_nouns",
                  "source_common_modifiers")
_ANTECEDENT_SENTENCES = 3
MAX_CONTENT_CHARS = 2000  # rules/scoring.toml [attribution] max_content_chars


def _lexicon(name: str) -> frozenset[str]:
    return frozenset(t for t, _ in read_lexicon(data_dir("lexicons") / f"{name}.txt").terms)


class AttributionFinder:
    """Finds attributions. Like the Scorer, the constructor stores parameters (the four cue word
    lists, None: the shipped lexicons; how many sentences back a pronoun's antecedent may stand;
    the longest content in characters, cut after its last word within them) and the engine is
    built on first use, so the finder pickles as its parameters."""

    def __init__(self, speech: Iterable[str] | None = None, thought: Iterable[str] | None = None,
                 acts: Iterable[str] | None = None, evidence: Iterable[str] | None = None,
                 antecedent_sentences: int = _ANTECEDENT_SENTENCES, max_content_chars: int = MAX_CONTENT_CHARS):
        self.speech = speech
        self.thought = thought
        self.acts = acts
        self.evidence = evidence
        self.antecedent_sentences = antecedent_sentences
        self.max_content_chars = max_content_chars

    def _prepare(self) -> None:
        if getattr(self, "core_", None) is not None:
            return
        def words(given, name):  # a blank "verb" would make every word a cue
            return frozenset(w.strip().lower() for w in given if w.strip()) if given is not None else _lexicon(name)

        given = (self.speech, self.thought, self.acts, self.evidence)
        lexicons = [sorted(words(g, name)) for g, name in zip(given, _CUE_LEXICONS)]
        lexicons += [sorted(_lexicon(name)) for name in _WORD_LEXICONS]
        self.core_ = _core.AttributionFinder(lexicons, self.antecedent_sentences, self.max_content_chars)

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
        text = seg.text
        sentences = [(s.start, s.end, s.index) for s in seg.sentences if not skip(s.index)]
        return [Attribution.from_dict(a) for a in
                _core.attribution_dicts(self.core_, text, boundary_text(text), sentences, seg.voice)]


def merge_names(names: list[str]) -> dict[str, str]:
    """Each name -> the fullest form of the same person or body in the article: "Moolenaar" and
    "John Moolenaar" -> "John Moolenaar"; "Velden" -> "Velden Cycles". A surname shared by two
    full names stays apart (ambiguous). The engine's (core/src/attribution/)."""
    return dict(_core.merge_names(list(names)))


def reported_regions(attributions: list[Attribution], seg: Segmented | None = None) -> list[tuple[int, int]]:
    """Character ranges in the source's voice: the content of each attribution to someone (named,
    anonymous, a named document, a description or a pronoun), outside quotations (a quotation inside it
    stays quoted). Sorted and disjoint. What vague sources say ("critics say", "it is believed")
    and unnamed documents ("reports suggest") stays the author's: a claim resting on no one is the
    writer's own. The engine's, as scoring uses it (core/src/article.rs); seg is not needed."""
    return _core.reported_regions([(a.type, bool(a.name), (a.content.start, a.content.end) if a.content else None)
                                   for a in attributions])
