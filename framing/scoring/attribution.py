"""Attribution: who speaks in an article, through which cue, and what they are reported to say.

The finder works on the words of each sentence, around a cue (a verb of speech, thought or
reporting, or "according to"), in the shapes news uses:

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

Every step is a bounded scan over tokens: linear in the sentence's length, no regex that can
backtrack. The word lists are lexicons (framing/lexicons/), so users can read and extend them.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from .matching import match_view
from ..engine.native import _core
from ..packs import data_dir, read_lexicon
from ..results import AUTHORIAL, Attribution, Match, Span
from .segment import Segmented

# A word, keeping inner periods, hyphens and apostrophes ("U.S.", "Ros-Lehtinen", "Trump's") and a
# final period that the token rules below keep only for abbreviations and initials; or one other
# non-space character; a plural possessive keeps its apostrophe ("the Dockworkers' Union"). Each
# repeat starts with a separator, so matching is linear.
_TOKEN = re.compile(r"\w+(?:[.'’\-]\w+)*(?:(?<=s)['’](?=\s))?\.?|[^\w\s]")

# Tokens cover every non-space character, so only spaces stand between them.
_SPACED_TOKEN = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")

_OPEN_QUOTES = frozenset("\"“‘«'")
_CLOSE_QUOTES = frozenset("\"”’»'")
_CLAUSE_END = frozenset(".;:!?")

# Auxiliaries and adverbs that may stand between a source and its cue ("has also repeatedly said").
_BETWEEN = frozenset("""has have had also would will could may might should must did does do not never already
previously repeatedly later then still recently just once again now publicly privately reportedly often long
frequently further initially first separately earlier subsequently similarly likewise quickly flatly
bluntly angrily don't doesn't didn't won't wouldn't can't couldn't isn't aren't wasn't weren't haven't hasn't
hadn't cannot can can't shall must however meanwhile too instead nonetheless nevertheless though eventually finally
ultimately""".split())
_DETERMINERS = frozenset("a an the this that these those his her its their our my your one another some many most "
                         "several few both all no each every other two three four five six seven eight nine ten "
                         "dozens hundreds any".split())
# A source opened by these is generic or hypothetical ("any sensible person would disagree"), not a source.
_GENERIC = frozenset("any every no".split())
_INDEFINITE = frozenset("a an one another".split())
_DEFINITE = frozenset("the this that these those his her its their our my your both".split())
_NUMBERS = frozenset("two three four five six seven eight nine ten dozen dozens hundreds".split())
_QUANTIFIERS = frozenset("some many most several few both all other others each".split())
_LINKS = frozenset("of for at from with in on to".split())
_NAME_LINKS = frozenset("of the for de van von al bin da and la le du del".split())
_PRONOUNS = frozenset("""he she they it we i you he'd she'd they'd i'd we'd he's she's it's they've we've i've i'm
they're we're you're""".split())
_PERSON_PRONOUNS = frozenset("he she he'd she'd he's she's".split())
# Sentence openers that are capitalised without being names.
_OPENERS = frozenset("""the a an but and or so yet in on at after before when while as if because although though
however meanwhile still also then later earlier now today yesterday last this that these those there here his
her its their our my your some many most several few both all no each every other another one two three
speaking asked by for with from to of until since during despite under over through without within among against
between into amid across toward towards about nearly almost roughly only just more less fewer even already beyond
enough usually inside outside instead indeed perhaps maybe sometimes""".split())
# After a cue, words that begin the reported clause only after them ("told reporters on Monday that").
_THAT = frozenset(("that",))
# Words that open a modifier after a source noun ("people familiar with", "an aide to the senator").
_POSTMODIFIERS = frozenset("""familiar briefed close with knowledgeable privy acquainted involved in at from on of to
for close""".split())
# Lower-case words that never end a source noun phrase.
_STOP_HEADS = frozenset("""that which who whom what when where why how if because while as than but and or so
is are was were be been being has have had do does did not to of in on at for with by from it this about over under
against between into through during without within among across toward towards upon via""".split())
_NEVER_IN_NAMES = frozenset("""how why what when where whether while if because but and or so yet although though
however as after before since until unless""".split())
# Cue words that are nouns as often as verbs, and the endings of the adjectives that come before nouns.
_NOUN_OR_VERB = frozenset("""claim claims suspect suspects doubt doubts fear fears estimate estimates hope hopes worry
worries report reports show shows find finds comment comments note notes states post posts tweet tweets answer reply
replies remark remarks call calls promise promises pledge pledges charge charges demand demands concern study point""".split())
_ADJECTIVE_ENDINGS = ("ing", "ful", "ive", "al", "ous", "ible", "able", "ic", "ent", "ant", "ary", "ory")
# Title words that qualify a role but are never its head ("Trade Representative", "state senator").
_NOT_HEADS = frozenset("""state house senate trade foreign finance interior defense defence treasury commerce health
labor energy homeland security education justice press us u.s. uk u.k. republican democratic democrat gop vice prime
former acting deputy assistant chief managing presidential""".split())
# Words that may follow an inverted source ('..., said Rep. Ann Price at the time').
_AFTER_INVERTED = frozenset("who in on at during after before when last this while".split())
_CLAUSE_JOINS = frozenset((",", ";", "and", "but", "while", "whereas", "—", "–"))
# "Rep. Chris Collins, R-NY, says": a party and state tag between commas.
_PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z.]{0,12}")
_LEADING_PREPOSITIONS = frozenset("in on at during after before speaking".split())
_EMBEDDING = frozenset("how why what whether if unless".split())
_APPOSITIVE_MARKS = frozenset((",", "—", "–", "--"))
_HONORIFICS = frozenset("mr. mrs. ms. miss dr. prof. rev. sen. rep. gov. gen. lt. col. sgt. adm. capt. mr mrs ms dr".split())
_MONTHS = frozenset("""january february march april may june july august september october november december jan. feb.
aug. sept. oct. nov. dec.""".split())
_ANONYMOUS_PLURALS = frozenset("officials sources aides diplomats insiders people".split())
_IMPERSONAL_PARTICIPLES = frozenset("""said reported believed thought understood rumored rumoured alleged claimed
suggested feared expected known""".split())
# Participles between a document and its author ("a poll released by Gallup").
_AUTHORED = frozenset("released published conducted compiled commissioned issued funded sponsored prepared written "
                      "obtained produced".split())
# Cues of "as reported by X" ("as first reported by", "as noted by").
_AS_REPORTED_BY = frozenset("reported noted stated explained confirmed revealed described documented".split())
# Words after which a participle of speech has the sentence's subject as its source ("by saying").
_BEFORE_PARTICIPLE = frozenset("by while before after when".split())
_IMPERSONAL_AUX = frozenset("is was has had been being".split())
_INSTITUTION_HEADS = frozenset("""department dept service services union unions association council committee office
agency board bureau federation commission institute foundation authority corps force academy society group center
centre league guild alliance coalition caucus network organization organisation party campaign administration
government ministry court inc inc. corp corp. co co. company ltd ltd. llc university college times post journal
news bank fund""".split())

_INDEFINITE_PRONOUNS = frozenset("nobody everybody everyone somebody someone anybody anyone none".split())
# Shares of a group that poll reports make sources of ("47 percent said", "a majority of voters say").
_SHARES = frozenset("""percent % majority majorities plurality half third thirds quarter quarters fourths fifths
two-thirds three-quarters three-fourths one-third one-quarter one-fourth one-fifth two-fifths three-fifths""".split())
# Words that may open a share ("about 40 percent", "nearly nine in 10", "more than half").
_SHARE_OPENERS = frozenset("about nearly almost roughly only just some than more fewer less over under a full".split())
# Verbs of speaking that report speech only with what it was about ("spoke about", "spoke on condition").
_SPOKE = frozenset("spoke speaks talked talks".split())
# US states as news abbreviates them ("a truck driver from Ava, Mo., said"): a period that ends no word.
_STATES = frozenset("""ala. ariz. ark. calif. colo. conn. del. fla. ga. ill. ind. kan. kans. ky. la. md. mass. mich. minn.
miss. mo. mont. neb. nev. okla. ore. pa. tenn. tex. va. vt. wash. wis. wyo.""".split())

# How many words a name, an appositive and a described source may hold: bounds of the scans.
_MAX_SOURCE_TOKENS = 10
_MAX_APPOSITIVE_TOKENS = 24
_MAX_ACCORDING_TOKENS = 14
_MAX_THAT_DISTANCE = 10
_ANTECEDENT_SENTENCES = 3

ANONYMOUS_HEADS = frozenset("""official officials source sources person people aide aides insider insiders diplomat
diplomats adviser advisers advisor advisors staffer staffers spokesman spokeswoman spokesperson representative
individual individuals executive executives negotiator negotiators investigator investigators employee employees
officer officers friend friends relative relatives associate associates ally allies witness witnesses lawyer
lawyers attorney attorneys member members resident residents""".split())

UNNAMED_RULE = "attribution.unnamed-source"
TYPES = ("named", "anonymous", "vague", "document", "described", "pronoun")


class _Tok(NamedTuple):
    """A token of a sentence. A named tuple: the finder builds one per word of every sentence holding
    a cue, and a tuple is several times cheaper to make than a frozen dataclass."""
    start: int
    end: int
    text: str
    low: str
    word: bool
    cap: bool  # a word with a capital first letter


def _lexicon(name: str) -> frozenset[str]:
    return frozenset(t for t, _ in read_lexicon(data_dir("lexicons") / f"{name}.txt").terms)


def _tokens(text: str, start: int, end: int, abbreviations: frozenset[str]) -> list[_Tok]:
    out: list[_Tok] = []
    append = out.append
    pos = start
    # (spaces, token) pairs: offsets by counting, without a match object per token
    for space, t in _SPACED_TOKEN.findall(text, start, end):
        s = pos + len(space)
        e = pos = s + len(t)
        c = t[0]
        if c.isalnum():
            if len(t) > 1 and t[-1] == ".":
                body = t[:-1]
                if not (len(body) == 1 or "." in body or t.lower() in abbreviations or _PARTY_TAG.fullmatch(t)):
                    append(_Tok(s, e - 1, body, body.lower(), True, c.isupper()))
                    append(_Tok(e - 1, e, ".", ".", False, False))
                    continue
            low = t.lower()
            append(_Tok(s, e, t, low.replace("’", "'") if "’" in low else low, True, c.isupper()))
        else:
            append(_Tok(s, e, t, t.lower().replace("’", "'"), c == "_", False))
    return out


@dataclass(frozen=True, slots=True)
class _Found:
    """One attribution before typing: token ranges of the source ([a, b), or None), the cue and the content."""
    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int] | None  # character offsets
    role: tuple[int, int] | None = None  # an appositive's tokens
    impersonal: bool = False


class AttributionFinder:
    """Finds attributions. Like the Scorer, the constructor stores parameters (lexicon paths by
    name; None: the shipped ones) and the compiled word sets are built on first use."""

    def __init__(self, speech: Iterable[str] | None = None, thought: Iterable[str] | None = None,
                 acts: Iterable[str] | None = None, evidence: Iterable[str] | None = None,
                 antecedent_sentences: int = _ANTECEDENT_SENTENCES):
        self.speech = speech
        self.thought = thought
        self.acts = acts
        self.evidence = evidence
        self.antecedent_sentences = antecedent_sentences

    def _prepare(self) -> None:
        if getattr(self, "speech_", None) is not None:
            return
        def words(given, name):  # a blank "verb" would make every word a cue
            return frozenset(w.strip().lower() for w in given if w.strip()) if given is not None else _lexicon(name)

        self.speech_ = words(self.speech, "attribution_speech")
        self.thought_ = words(self.thought, "attribution_thought")
        self.acts_ = words(self.acts, "attribution_acts")
        self.evidence_ = words(self.evidence, "attribution_evidence")
        self.inverted_ = _lexicon("attribution_inverted")
        self.participles_ = _lexicon("attribution_participles")
        self.titles_ = _lexicon("source_titles")
        self.places_ = _lexicon("place_names")
        self.documents_ = _lexicon("document_nouns")
        self.groups_ = _lexicon("source_groups")
        self.modifiers_ = _lexicon("source_modifiers")
        self.nouns_ = _lexicon("source_nouns") | ANONYMOUS_HEADS
        self.cue_words_ = (self.speech_ | self.thought_ | self.acts_ | self.evidence_ | self.participles_
                           | {"according", "like", "pointed", "points", "point"} | _SPOKE)
        # A sentence is tokenised only if one of its words is a cue: found in one Aho-Corasick pass
        # over the matcher's lower-cased view of the text (same offsets).
        self.cue_automaton_ = ahocorasick.Automaton()
        for w in self.cue_words_:
            self.cue_automaton_.add_word(w, len(w))
        self.cue_automaton_.make_automaton()
        self.abbreviations_ = frozenset(t for t in self.titles_ if t.endswith(".")) | frozenset(
            "jr. sr. st. no. inc. corp. co. ltd. mt. ft. ave. jan. feb. aug. sept. oct. nov. dec.".split()) | _STATES

    # ------------------------------------------------------------ finding

    def _cue_sentences(self, seg: Segmented, view: str) -> set[int]:
        """Positions (in seg.sentences) of the sentences holding a cue word as a whole word."""
        ends = [s.end for s in seg.sentences]
        n = len(view)
        out: set[int] = set()
        for last, length in self.cue_automaton_.iter(view):
            first = last - length + 1
            if (first > 0 and (view[first - 1].isalnum() or view[first - 1] == "_")) or (
                    last + 1 < n and (view[last + 1].isalnum() or view[last + 1] == "_")):
                continue
            out.add(bisect.bisect_right(ends, last))
        return out

    def find(self, seg: Segmented, skip=lambda i: False, view: str | None = None) -> list[Attribution]:
        """The attributions of an article in text order, outside quoted speech and skipped sentences.
        view: match_view(seg.text), when the caller has it already."""
        self._prepare()
        text = seg.text
        out: list[Attribution] = []
        with_cues = self._cue_sentences(seg, match_view(text) if view is None else view)
        for k, sent in enumerate(seg.sentences):
            if k not in with_cues or skip(sent.index):
                continue
            toks = _tokens(text, sent.start, sent.end, self.abbreviations_)
            if not toks:
                continue
            seen: set[tuple[int, int]] = set()
            found = []
            for f in self._sentence(text, toks, seg, sent.start, sent.end):
                key = (toks[f.source[0]].start, toks[f.source[1] - 1].end) if f.source else (-1, toks[f.cue[0]].start)
                if key in seen:
                    continue
                seen.add(key)
                found.append(f)
            for f in self._coordinated(text, toks, found):
                out.append(self._typed(text, toks, f, sent.index, out))
        return out

    @staticmethod
    def _coordinated(text: str, toks: list[_Tok], found: list[_Found]) -> list[_Found]:
        """ "A said P, and B said Q": A's content ends where B's attribution begins, after a comma,
        a semicolon or a conjunction. (Nested speech, "A said B told him Q", keeps B inside A.)"""
        out = []
        for f in found:
            if f.content is not None:
                cs, ce = f.content
                for g in found:
                    if g is f:
                        continue
                    k = g.source[0] if g.source and g.source[0] < g.cue[0] else g.cue[0]
                    at = toks[k].start
                    if cs < at < ce and k > 0 and toks[k - 1].low in _CLAUSE_JOINS:
                        j = k - 1
                        while j >= 0 and toks[j].low in _CLAUSE_JOINS:
                            j -= 1
                        end = toks[j].end if j >= 0 else cs
                        f = _Found(f.source, f.cue, (cs, end) if end > cs else None, f.role, f.impersonal)
                        cs, ce = f.content if f.content else (cs, cs)
            out.append(f)
        return out

    def _is_cue(self, toks: list[_Tok], i: int) -> str | None:
        low = toks[i].low
        if low not in self.cue_words_:
            return None
        if toks[i].cap and i > 0 and not self._title_case(toks):
            return None  # "the United States": a capitalised cue word is part of a name
        if low == "like" and i > 0 and toks[i - 1].low == "would":
            return "thought"  # "some Democrats would like"
        if low in ("pointed", "points", "point") and i + 1 < len(toks) and toks[i + 1].low in ("out", "to") and not (
                i > 0 and (toks[i - 1].low in _DETERMINERS or toks[i - 1].low in _LINKS)):  # not "at one point to"
            return "speech"  # "Mr. Rubel pointed out", "Clinton has pointed to her record"
        if low in ("added", "adds", "adding") and i + 1 < len(toks) and toks[i + 1].low == "to":
            return None  # "only added to the picture", "adding to his victories": not speech
        if low == "reported" and i + 1 < len(toks) and toks[i + 1].low == "from":
            return None  # "Lerer reported from Los Angeles": a byline's note, not a report of a claim
        if low in _SPOKE:
            # "spoke on condition of anonymity", "spoke about the plan": speech about something, not
            # "spoke at the rally"
            nxt = toks[i + 1].low if i + 1 < len(toks) else ""
            after = toks[i + 2].low if i + 2 < len(toks) else ""
            return "speech" if nxt in ("about", "of", "anonymously") or (nxt == "on" and after in (
                "condition", "the", "background")) or (nxt == "to" and after in ("reporters", "journalists")) else None
        if i > 0 and (toks[i - 1].low in ("a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "this",
                                           "these", "those") or (toks[i - 1].low.endswith("'s") and not toks[i - 1].cap)):
            return None  # "an added benefit", "the reported deal", "the congressman's alleged ...": not a verb
        if low in _NOUN_OR_VERB and low.endswith("s") and i > 1 and toks[i - 1].word and not toks[i - 1].cap \
                and not toks[i - 1].low.endswith("s") and toks[i - 1].low not in _PRONOUNS \
                and toks[i - 1].low not in _BETWEEN and toks[i - 2].word and not toks[i - 2].cap \
                and toks[i - 2].low not in _DETERMINERS and not toks[i - 2].low.endswith("'s") \
                and toks[i - 2].low not in self.modifiers_ and not (i > 2 and toks[i - 3].low in _DETERMINERS):
            return None  # "to stoke voter fears": a bare singular noun is no subject; a compound noun
        if low in _NOUN_OR_VERB and i > 0 and (
                toks[i - 1].low in _DETERMINERS or toks[i - 1].low in _LINKS or toks[i - 1].low.endswith("'s")
                or (not toks[i - 1].cap and toks[i - 1].low.endswith(_ADJECTIVE_ENDINGS))
                or (i > 1 and toks[i - 2].low in ("a", "an", "the") and not toks[i - 1].cap
                    and toks[i - 1].low not in self.nouns_ and toks[i - 1].low not in _NUMBERS)
                or (i > 1 and toks[i - 2].low in ("more", "most", "less", "least", "larger", "smaller"))
                or (i > 1 and toks[i - 1].cap and toks[i - 2].low in _QUANTIFIERS and toks[i - 1].low not in self.groups_)
                or (i > 2 and toks[i - 3].low in ("a", "an") and all(
                    t.word and not t.cap and t.low not in self.nouns_ and t.low not in _BETWEEN and t.low not in self.documents_
                    and t.low not in self.groups_ and t.low not in self.titles_ for t in toks[i - 2:i]))):
            return None  # "a false claim", "a very high note", "more diverse states", "most Southern states": nouns
        if low in _NOUN_OR_VERB and low.endswith("s") and i + 1 < len(toks) and toks[i + 1].low in (
                "have", "had", "are", "were", "remain", "persist", "grew", "grow", "mounted"):
            return None  # "Health worries have dogged her", "Fears were raised": a plural noun, its verb after
        if low == "say" and i > 1 and toks[i - 2].low in ("a", "an", "the") and not toks[i - 1].cap \
                and toks[i - 1].low not in self.nouns_ and toks[i - 1].low not in _NUMBERS:
            return None  # "a larger say", "the final say": a noun
        if i + 2 < len(toks) and toks[i + 1].low == "by" and (toks[i + 2].low in _DETERMINERS or toks[i + 2].cap):
            return None  # "a fact later confirmed by the department": a passive (not "responded by saying")
        if low == "think" and i + 1 < len(toks) and toks[i + 1].low in ("tank", "tanks"):
            return None  # "a conservative think tank"
        if low == "told" and i > 0 and toks[i - 1].low == "all":
            return None  # "All told, ...": an idiom
        if low in self.speech_:
            return "speech"
        if low in self.participles_:
            return "participle"
        if low in self.thought_:
            return "thought"
        if low in self.acts_:
            return "act"
        if low in self.evidence_:
            return "evidence"
        if low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
            return "according"
        return None

    def _sentence(self, text: str, toks: list[_Tok], seg: Segmented, s_start: int, s_end: int):
        quoted = seg.voice.quoted_at
        cue_words = self.cue_words_
        for i, tok in enumerate(toks):
            if tok.low not in cue_words or not tok.word or (quoted(tok.start) and not self._after_close(toks, i)):
                continue  # (the set lookup first: most words are no cue)
            f = self._asked_by(toks, i)
            if f:
                yield f
                continue
            kind = self._is_cue(toks, i)
            if kind is None:
                continue
            if kind == "according":
                f = self._according(toks, i, s_start, s_end)
                if f:
                    yield f
                continue
            if kind == "participle" and i > 0 and toks[i - 1].low in ("is", "are", "was", "were", "been"):
                kind = "speech"  # "Kasich is telling a crowd", "Trump is warning voters"
            if kind == "participle":
                f = self._participle(toks, i)
                if f:
                    yield f
                continue
            imp = self._impersonal(toks, i, s_end)
            if imp:
                yield imp
                continue
            if i > 0 and toks[i - 1].text == "," and kind in ("speech", "act", "evidence") and tok.low in self.inverted_:
                right = self._right_source(toks, i)  # "for some, the losses would outstrip the gains, said Batchelder"
                if right is not None and (right[1] == len(toks) or toks[right[1]].text in (".", ",", ";", "!", "?")) \
                        and any(self._is_name_word(toks, x, False) or toks[x].low in self.nouns_
                                for x in range(right[0], right[1])):
                    a, b, role = right
                    yield _Found((a, b), (i, i + 1), self._content_before(toks, i, s_start), role)
                    continue
            left = self._left_source(toks, i)
            if left is not None and left[0] > 0 and toks[left[0] - 1].low in _EMBEDDING:
                continue  # "How Washington responds will signal ...": a question, not a report
            if left is not None:
                a, b, role = left
                if not self._cue_fits(toks, kind, i, (a, b), _after_quotation(text, s_start)):
                    continue
                if (kind != "speech" or toks[i].cap) and all(toks[x].low in self.places_ or not toks[x].cap
                                                             for x in range(a, b)) \
                        and any(toks[x].low in self.places_ for x in range(a, b)):
                    # "Beijing hopes", "Japan has pledged", the headline "China Urges Calm": a country's act or
                    # wish, not a source
                    continue
                first = min(a, role[0]) if role else a
                content = self._content_after(toks, i, (first, b), s_start, s_end)
                join = next((x for x in range(a + 1, b - 1) if toks[x].low == "and"), None) if role is None else None
                if join is not None and any(toks[x].low in _LINKS for x in range(a, join)):
                    join = None  # "the Centers for Disease Control and Prevention": one body
                if join is not None:
                    yield _Found((a, join), (i, i + 1), content)  # "Ryan and Trump agreed": each a source
                    a = join + 1
                yield _Found((a, b), (i, i + 1), content, role)
                continue
            if kind not in ("speech", "act", "evidence") or tok.low not in self.inverted_:
                continue
            right = self._right_source(toks, i)
            if right is not None:
                a, b, role = right
                content = self._content_before(toks, i, s_start)
                if content is None and i == 0 and b < len(toks) and toks[b].text == ":":
                    content = self._span_of(toks, b + 1, len(toks))  # "Continued Stone: ..."
                yield _Found((a, b), (i, i + 1), content, role)

    @staticmethod
    def _after_close(toks: list[_Tok], i: int) -> bool:
        """ '"I heard it," Trump said.' where the quotation opened with a curly mark and closed with a
        straight one (so the voice pass reads on as quoted): a name between the quotation's comma and
        the cue, the cue ending the sentence or followed by a comma."""
        return 2 < i and i + 1 < len(toks) and toks[i - 1].cap and toks[i - 2].text in ("\"", "”") \
            and toks[i - 3].text in (",", "?", "!") and toks[i + 1].text in (".", ",") and toks[i].low in ("said", "says")

    @staticmethod
    def _title_case(toks: list[_Tok]) -> bool:
        """A headline in title case ("Obama Says Voters Will Decide"), where cues are capitalised."""
        words = caps = 0
        for t in toks:
            if t.word and t.text[0].isalpha():
                words += 1
                caps += t.cap
        return words >= 3 and caps * 4 >= words * 3

    def _participle(self, toks: list[_Tok], i: int) -> _Found | None:
        """ "Clinton attacked Trump, saying he would ...": after a comma, a participle of speech has
        the sentence's subject as its source, when that subject opens the sentence as a name or a
        pronoun followed by its verb."""
        if i > 1 and (toks[i - 1].word or toks[i - 1].text == "%") and (
                toks[i - 1].cap or toks[i - 1].low in self.nouns_ or toks[i - 1].low in self.groups_
                or self._share_left(toks, i) is not None):
            # its own subject: "with Senator John McCain telling reporters", "– Ryan saying he was encouraged"
            start = self._np_left(toks, i)
            if start is not None and start > 0 and (toks[start - 1].low == "with" or toks[start - 1].text in _DASHES) \
                    and toks[i - 1].low not in _PRONOUNS:
                end = next((x for x in range(i + 1, len(toks)) if toks[x].text in (",", ";") or toks[x].text in _DASHES),
                           len(toks))
                return _Found((start, i), (i, i + 1), self._span_of(toks, i + 1, end))
        if i == 0 or (toks[i - 1].text != "," and toks[i - 1].text not in _DASHES and toks[i - 1].low not in _BEFORE_PARTICIPLE
                      and not (i > 1 and toks[i - 1].text in _CLOSE_QUOTES and toks[i - 2].text == ",")):
            # after a comma or a dash: "Rubio flipped his choice on the spot – saying ...", 'a defense of
            # "values," saying'; "distanced himself by saying", "while saying"
            return None
        if i > 1 and toks[i - 2].low in self.speech_ and not (i > 2 and toks[i - 3].low == "to"):
            return None  # "..., the Post reported, citing ...": the reporting clause's source, found there
        f = self._subject(toks, i)
        if f is None and toks[i - 1].text == "," and i > 1:
            # "Price, speaking at a rally, said" is found at "said"; "Price, tweeting from the rally, called
            # it dead": the name just before the participle, opening its clause
            start = self._np_left(toks, i - 1)
            if start is not None and self._opens_clause(toks, start) and any(
                    self._is_name_word(toks, x, x == 0) for x in range(start, i - 1)):
                f = (start, i - 1)
                end = next((x for x in range(i + 1, len(toks)) if toks[x].text == ","), len(toks))
                return _Found(f, (i, i + 1), self._span_of(toks, i + 1, end))  # up to the clause's comma
        if f is None:
            return None
        k = i + 1
        if k < len(toks) and toks[k].low == "that":
            k += 1
        return _Found(f, (i, i + 1), self._span_of(toks, k, len(toks)))

    def _subject(self, toks: list[_Tok], i: int) -> tuple[int, int] | None:
        """The subject opening the sentence before token i, when it is a name or a pronoun followed
        by its (lower-case) verb. The sentence may open with a dateline ("WASHINGTON — ") or a
        leading phrase and its comma ("In an interview with the Journal, ", "Back in 2001, "); the
        name may carry a party tag or an appositive ("Sen. Ann Price (D-Ore.) defended",
        "Ann Price, the budget hawk, endorsed")."""
        a0 = _after_dateline(toks, i)
        starts = [a0] + [k + 1 for k in range(a0 + 1, min(i, a0 + _MAX_APPOSITIVE_TOKENS)) if toks[k].text == ","][:3]
        for a in starts:
            f = self._subject_at(toks, a, i)
            if f is not None:
                return f
        return None

    def _subject_at(self, toks: list[_Tok], a: int, i: int) -> tuple[int, int] | None:
        while a < i and (not toks[a].word or toks[a].low in ("but", "and", "yet", "so", "still", "meanwhile")):
            if toks[a].text in _OPEN_QUOTES:
                return None  # '"Thank you, son," Cruz replied, before adding': a quotation is no subject
            a += 1
        b = a
        while b < i and (toks[b].cap or (toks[b].low in _NAME_LINKS and b > a)) and b - a < _MAX_SOURCE_TOKENS:
            b += 1
        if b == a:
            if a < i and toks[a].low in _PRONOUNS:
                b = a + 1
            else:
                return None
        while b - 1 > a and toks[b - 1].low in _NAME_LINKS:
            b -= 1  # a name does not end with "of" or "the"
        if not any(self._is_name_word(toks, k, k == 0) for k in range(a, b)) and toks[a].low not in _PRONOUNS:
            return None
        if toks[a].low not in _PRONOUNS and not toks[b - 1].low.endswith(("'s", "'")):
            while b < i and b - a < _MAX_SOURCE_TOKENS and not toks[b].cap and (
                    toks[b].low in _INSTITUTION_HEADS or toks[b].low in ANONYMOUS_HEADS):
                b += 1  # "Trump campaign officials declined ..., saying": the subject's head noun
        if toks[b - 1].low.endswith(("'s", "'")):
            # "Cruz's campaign tweeted", "Grayson's spokeswoman said": the possessed noun is the subject
            while b < i and b - a < _MAX_SOURCE_TOKENS and not toks[b].cap and (
                    toks[b].low in self.nouns_ or toks[b].low in self.titles_ or toks[b].low in _INSTITUTION_HEADS
                    or toks[b].low in self.modifiers_):
                b += 1
            if toks[b - 1].low.endswith(("'s", "'")):
                return None
        v = b
        if v < i and toks[v].text == "(":  # "Sen. Ann Price (D-Ore.) defended"
            close = next((k for k in range(v + 1, min(i, v + 8)) if toks[k].text == ")"), None)
            v = close + 1 if close is not None else v
        elif v < i and toks[v].text == "," and v + 1 < i and self._opens_appositive(toks, v + 1):
            # "Ann Price, the veteran budget hawk, endorsed": the appositive's closing comma
            close = next((k for k in range(v + 2, min(i, v + _MAX_APPOSITIVE_TOKENS)) if toks[k].text in (",", ";")), None)
            v = close + 1 if close is not None and toks[close].text == "," else v
        if v >= i or not toks[v].word or toks[v].cap or toks[v].low in _LINKS or toks[v].low in _LEADING_PREPOSITIONS:
            return None  # the subject must be followed by its (lower-case) verb, not a preposition ("Back in 2001")
        return a, b

    def _opens_appositive(self, toks: list[_Tok], k: int) -> bool:
        """Whether token k can open an appositive or a relative clause after a name: "a spokesman",
        "the", "who", "67", "R-NY", a title or a lower-case word."""
        t = toks[k]
        return t.word and (not t.cap or t.low in _DETERMINERS or self._is_title(toks, k) or t.text.isdigit()
                           or bool(_PARTY_TAG.fullmatch(t.text)))

    def _cue_fits(self, toks: list[_Tok], kind: str, i: int, src: tuple[int, int], after_quote: bool = False) -> bool:
        """Speech and thought verbs make any subject a source; a speech act ("accused", "pledged")
        only before a that-clause, a colon or a quotation; an evidence verb ("shows", "found") only
        with a document or data as subject, or before "that"."""
        if toks[i].low in ("point", "points", "pointed") and i + 1 < len(toks) and toks[i + 1].low == "to":
            # someone points to evidence; "all signs point to" is no one's report
            last = toks[src[1] - 1]
            return last.low in self.nouns_ or last.low in self.groups_ or last.low in self.titles_ \
                or last.low in _PRONOUNS or any(self._is_name_word(toks, k, k == 0) for k in range(*src))
        if kind in ("speech", "thought"):
            return True
        rest = _skip_setting(toks, i + 1)  # past "on Monday", "in a statement"
        nxt = toks[rest] if rest < len(toks) else None
        opens = nxt is not None and (nxt.low == "that" or nxt.text in _OPEN_QUOTES or nxt.text == ":" or (
            toks[rest - 1].text == "," and nxt.text in _OPEN_QUOTES))
        # '"Thank you, Indiana!" Trump tweeted.', '..., Fox found.': the report before the source,
        # the cue ending the clause
        # (a quotation ending the sentence before: '"... fun!" Trump tweeted.')
        before = src[0] - 1
        while before > 0 and src[0] - before <= 4 and toks[before].word and not toks[before].cap \
                and toks[before].low not in _STOP_HEADS:
            before -= 1  # '"...," election law expert Rick Hasen tweeted Monday.': a role before the name
        if before >= 0 and toks[before].text not in _CLOSE_QUOTES:
            before = src[0] - 1
        closes = (toks[before].text == "," or toks[before].text in _CLOSE_QUOTES if before >= 0
                  else after_quote) and (
            nxt is None or nxt.text in _CLAUSE_END or (before >= 0 and toks[rest - 1].text == ","
                                                    and toks[before].text in _CLOSE_QUOTES))
        if kind == "act":
            return opens or closes
        return (nxt is not None and nxt.low == "that") or closes or any(toks[k].low in self.documents_
                                                                       for k in range(*src))

    def _left_source(self, toks: list[_Tok], i: int):
        """The source standing before the cue at i: (first, end) token range and an appositive's
        range, or None."""
        j = i - 1
        progressive = toks[i].low.endswith("ing")
        while j >= 0 and (toks[j].low in _BETWEEN or (toks[j].low.endswith("ly") and toks[j].word and not toks[j].cap)
                          or (progressive and toks[j].low in ("is", "are", "was", "were", "been"))):
            j -= 1
        if j >= 0 and (toks[j].low in ("to", "be", "been", "being") or (toks[j].low in ("is", "are", "was", "were")
                                                                          and not progressive)):
            return None  # "to estimate", "were claimed by": not a finite verb of its own subject
        j = self._skip_time_left(toks, j)
        if j < 0 or toks[j].low in ("who", "which", "whom", "that", "else"):
            return None  # "a voice that said", "no one else will say": not a source of its own
        rel = self._relative_left(toks, j)
        if rel is not None:
            return rel
        if toks[j].text == "," and j > 0 and toks[j - 1].text == ")":
            j -= 1  # "Gov. John Kasich (R-Ohio), said"
        if j > 0 and _PARTY_TAG.fullmatch(toks[j].text) and toks[j - 1].cap:
            j -= 1  # "Sen. Rand Paul R-Ky. said"
        if toks[j].text == ")":
            j = self._skip_paren(toks, j)
            if j < 0:
                return None
        if toks[j].text in _CLOSE_QUOTES and j > 2 and toks[j - 1].text == ",":
            # 'Mike Kent, the co-author of "Going Viral," said': a title in quotes ends the appositive
            k = j - 2
            while k > 0 and j - k <= _MAX_APPOSITIVE_TOKENS and toks[k].text not in _OPEN_QUOTES \
                    and toks[k].text not in _CLAUSE_END:
                k -= 1
            if k > 2 and toks[k].text in _OPEN_QUOTES and toks[k - 1].word:
                near = self._appositive(toks, j - 1, k)
                if near is not None and self._opens_clause(toks, near[0]):
                    return near[0], near[1], (near[2][0], j + 1)
        if toks[j].text in _APPOSITIVE_MARKS:  # "Josh Schwerin, a spokesman for the campaign, said"
            near = self._appositive(toks, j)
            if near is not None and self._opens_clause(toks, near[0]):
                return near
            return self._appositive_chain(toks, j) or near
        if toks[j].low in ("and", "but") and j > 0 and (toks[j - 1].word or toks[j - 1].text in _CLOSE_QUOTES
                                                         or toks[j - 1].text == ","):
            # "McConnell embraced the mogul and said ...", "Price disputed it, but says ...": the subject
            f = self._subject(toks, j)
            return None if f is None else (f[0], f[1], None)
        end = j + 1
        start = self._np_left(toks, end)
        if start is not None and start > 1 and toks[end - 1].low in _SETTINGS and toks[start - 1].low in ("in", "on"):
            # "Jeb Bush in a Medium post said": the setting is not the source; the one before it is
            end = start - 1
            start = self._np_left(toks, end)
        if start is not None and start > 0 and toks[start - 1].low == "by":
            # "a poll released by Gallup shows", "a report by the Brookings Institution found": the
            # document is the source, its author its name
            k = self._skip_time_left(toks, start - 2)
            if k >= 0 and toks[k].low in _AUTHORED:
                k = self._skip_time_left(toks, k - 1)
            doc = self._np_left(toks, k + 1) if k >= 0 and toks[k].low in self.documents_ else None
            return None if doc is None else (doc, end, None)  # "a witness interviewed by congressional staff said"
        if start is not None and start >= 2:
            # '"...," election law expert Rick Hasen tweeted': lower-case role words after a quotation
            k = start - 1
            while k > 0 and start - k <= 3 and toks[k].word and not toks[k].cap and toks[k].low not in _STOP_HEADS \
                    and toks[k].low not in _BETWEEN and toks[k].low not in _DETERMINERS:
                k -= 1
            if k < start - 1 and toks[k].text in _CLOSE_QUOTES and any(
                    self._is_name_word(toks, x, False) for x in range(start, end)):
                start = k + 1
        if start is not None and start >= 3:
            # "Ann Price of consulting firm Acme Partners said": the person, not her firm
            k = start - 1
            while k > start - 4 and toks[k].word and not toks[k].cap and toks[k].low not in _STOP_HEADS \
                    and toks[k].low not in _DETERMINERS and toks[k].low not in _BETWEEN:
                k -= 1
            if k < start - 1 and k >= 1 and toks[k].low in ("of", "at") and self._is_name_word(toks, k - 1, k == 1):
                head = self._np_left(toks, k)
                if head is not None and self._opens_clause(toks, head):
                    start = head
        if start is not None and start >= 2 and toks[start - 1].low == "and":
            # "Ryan and Trump agreed", "Mr. Autor and his colleagues found": two sources of one cue
            other = self._np_left(toks, start - 1)
            if other is not None and self._opens_clause(toks, other) and any(
                    self._is_name_word(toks, x, x == 0) for x in range(other, start - 1)):
                start = other
        last = toks[end - 1]
        if start is None or not (last.cap or last.low in self.nouns_ or last.low in self.titles_
                                 or last.low in self.documents_ or last.low in self.groups_ or last.low in _PRONOUNS):
            # "one person briefed on [the talks] said": the source noun stands before its modifier
            post = self._postmodified(toks, end)
            if post is not None:
                return post
        return None if start is None else (start, end, None)

    def _relative_left(self, toks: list[_Tok], j: int):
        """ "Democrats in Iowa who watched the debate said", "economists who favor consumption taxes
        agree": the source before a relative clause (its verb right after "who"), the clause its role."""
        r = j
        while r > 0 and j - r < 12 and toks[r].word and toks[r].low not in ("who", "that", "which"):
            r -= 1
        if r <= 0 or r == j or toks[r].low not in ("who", "that") or not toks[r + 1].word or toks[r + 1].cap \
                or toks[r + 1].low in _PRONOUNS or toks[r + 1].low in _DETERMINERS or toks[r + 1].low in self.nouns_:
            return None  # ("the voters who Trump says", "the program that officials say": the subject is there)
        last = toks[r - 1]
        if not last.word or not (last.cap or last.low in self.nouns_ or last.low in self.groups_ or last.low in self.titles_):
            return None
        if toks[r].low == "that" and not (last.low in self.nouns_ or last.low in self.groups_):
            return None  # "that" after a name or a title is a conjunction as often as a pronoun
        start = self._np_left(toks, r)
        if start is None or not self._opens_clause(toks, start):
            return None
        return start, r, (r, j + 1)

    @staticmethod
    def _opens_clause(toks: list[_Tok], start: int) -> bool:
        """Whether a source starting at token `start` opens its clause: the sentence's start, after a
        conjunction or a quotation, or after a short leading phrase and its comma ("Last week, ")."""
        if start == 0 or toks[start - 1].text in _CLOSE_QUOTES or toks[start - 1].low in ("but", "and", "yet", "so"):
            return True
        if toks[start - 1].text != ",":
            return False
        return start - 1 <= 8 and not any(t.text == "," for t in toks[:start - 1]) or (
            start >= 2 and toks[start - 2].text in _CLOSE_QUOTES)

    def _appositive_chain(self, toks: list[_Tok], j: int):
        """ "Ann Price, a truck driver from Ava, Mo., who is a member of the union, said": back over
        up to four commas to the name that opens the clause, the rest being its appositive."""
        marks = 0
        k = j - 1
        while k > 0 and j - k <= 2 * _MAX_APPOSITIVE_TOKENS:
            t = toks[k].text
            if t in (";", ":", ".") or t in _OPEN_QUOTES or t in _CLOSE_QUOTES:
                return None
            if t == ",":
                marks += 1
                if marks > 4:
                    return None
                start = self._np_left(toks, k)
                if start is not None and self._opens_clause(toks, start) and self._opens_appositive(toks, k + 1) \
                        and any(self._is_name_word(toks, x, x == 0) for x in range(start, k)) \
                        and toks[k - 1].cap:
                    return start, k, (k + 1, j)
            k -= 1
        return None

    def _appositive(self, toks: list[_Tok], j: int, k: int | None = None):
        """The source before the appositive that ends at the mark j, and the appositive's range (the scan
        for its opening mark starts at k, before a quoted title inside it)."""
        mark = toks[j].text
        k = j - 1 if k is None else k - 1
        for _ in range(2):  # one more comma inside it: "a delegate from Houston, Texas,"
            while k >= 0 and j - k <= _MAX_APPOSITIVE_TOKENS and toks[k].text not in _APPOSITIVE_MARKS \
                    and toks[k].text not in (";", ":", ".") and toks[k].text not in _OPEN_QUOTES \
                    and toks[k].text not in _CLOSE_QUOTES:
                k -= 1
            if k > 1 and toks[k].text == "," and toks[k - 1].cap and toks[k + 1].cap and j - k <= 3 \
                    and mark == "," and not _PARTY_TAG.fullmatch(toks[k + 1].text):  # (not "Collins, R-NY,")
                k -= 1
                continue
            break
        if k <= 0 or toks[k].text not in _APPOSITIVE_MARKS or k + 1 >= j:
            return None
        if toks[k - 1].text.isdigit() and k >= 3 and toks[k - 2].text == ",":
            # "Marley Anderson, 21, a junior from Las Vegas, said": the age (after a name: k >= 3;
            # ", 21, a spokesman, said Bob" has none, and indexed toks[-1])
            k -= 2
        end = k
        if toks[end - 1].text == ")":
            end = self._skip_paren(toks, end - 1) + 1
            if end <= 0:
                return None
        start = self._np_left(toks, end)
        if start is None:
            return None
        if all(toks[x].cap or toks[x].low in _NAME_LINKS for x in range(k + 1, j)) and (
                toks[start].low in _DETERMINERS or any(toks[x].low.endswith("'s") for x in range(start, end))):
            # "the White House press secretary, Josh Earnest, said": the name is the source
            return k + 1, j, (start, end)
        first = toks[k + 1]
        if first.low in ("and", "but", "or", "so", "yet", "nor") and mark == ",":
            return None  # "..., and the meeting deteriorated from there, said one source": a clause, not an appositive
        if not (first.low in _DETERMINERS or first.low in ("who", "which", "whose", "where", "when", "speaking", "talking")
                or self._is_title(toks, k + 1)
                or first.low in self.modifiers_ or first.low in self.nouns_
                or (toks[end - 1].cap and first.word and (not first.cap or first.low.endswith(("'s", "'"))
                                                          or _PARTY_TAG.fullmatch(first.text)))):
            return None
        return start, end, (k + 1, j)

    @staticmethod
    def _skip_paren(toks: list[_Tok], j: int) -> int:
        """From a ")" at j, the token before its "(" ("Sen. Ann Price (D-Mass.) said"); -1 if none near."""
        k = j - 1
        while k >= 0 and j - k < 8 and toks[k].text != "(":
            k -= 1
        return k - 1 if k >= 0 and toks[k].text == "(" else -1

    def _skip_time_left(self, toks: list[_Tok], j: int) -> int:
        """Back past when a source spoke or was released: "a poll released Sunday showed", "Trump on
        Monday said", "the group last week warned". j itself when nothing is skipped."""
        k = j
        if k >= 0 and self._share_left(toks, k + 1) is not None:
            return j  # "nine in 10 said": a share, not a year
        if k >= 0 and toks[k].low == "ago":  # "the department less than two weeks ago said"
            k -= 1
            while k >= 0 and (toks[k].low in _TIME_NOUNS or toks[k].low in _NUMBERS or toks[k].text.isdigit()
                              or toks[k].low in ("a", "an", "few", "several", "than", "less", "more", "about", "just")):
                k -= 1
            return k if k >= 0 and toks[k].word else j
        while k >= 0 and (toks[k].low in _WEEKDAYS or toks[k].low in _MONTHS or toks[k].low in _TIME_NOUNS
                          or toks[k].text.isdigit()):
            k -= 1
        if k == j:
            return j
        if k >= 0 and toks[k].low in _BETWEEN:
            while k >= 0 and toks[k].low in _BETWEEN:
                k -= 1  # "Priebus later Thursday told"
            return k if k >= 0 and toks[k].word else j
        if k >= 0 and toks[k].low in ("on", "last", "this", "early", "late", "in", "since", "during", "until", "by"):
            k -= 1  # (a preposition ends no source: "the shift of voters to him in 2008 felt")
            if k >= 0 and toks[k].low in ("in", "on") and toks[k + 1].low in ("early", "late"):
                k -= 1  # "a poll released in late August found"
        if k >= 0 and toks[k].low in ("released", "published", "conducted", "issued", "taken"):
            k -= 1
        while k >= 0 and toks[k].low in _BETWEEN and k < j - 1:
            k -= 1  # "Wells Fargo just this month announced"
        return k if k >= 0 and (toks[k].word or toks[k].text in (")", ",")) else j

    def _postmodified(self, toks: list[_Tok], end: int):
        """A source noun with a modifier after it: "one person briefed on the talks said", "a
        senior official in the administration said", "people familiar with the matter say"."""
        k = end - 1
        while k > 0 and end - k < _MAX_SOURCE_TOKENS and toks[k].word and toks[k].low not in _THAT \
                and self._is_cue(toks, k) is None:
            if toks[k - 1].low in self.nouns_ and toks[k].low in _POSTMODIFIERS and not (
                    toks[k].low == "to" and k + 1 < end and not toks[k + 1].cap and toks[k + 1].low not in _DETERMINERS):
                start = self._np_left(toks, k)
                return (start, end, None) if start is not None else None
            k -= 1
        return None

    def _headed(self, toks: list[_Tok], k: int) -> bool:
        """A lower-case noun ending a source: "campaign strategists", "the assailant": after a name,
        a possessive, a modifier or, within three words, a determiner."""
        if not toks[k].word or toks[k].low in _BETWEEN or toks[k].low in _STOP_HEADS:
            return False
        if len(toks[k].low) > 4 and toks[k].low.endswith("ed") and toks[k].low not in self.nouns_:
            return False  # "Ann Price expressed [doubts]": a past tense, not a noun ending the source
        prev = toks[k - 1] if k > 0 else None
        if prev is not None and prev.word and prev.low not in _PRONOUNS and (
                prev.cap or prev.low.endswith("'s") or prev.low in self.modifiers_):
            return True
        for j in range(k - 1, max(-1, k - 4), -1):
            t = toks[j]
            if not t.word or t.low in _STOP_HEADS or t.low in _PRONOUNS or t.low in _BETWEEN:
                return False
            if t.low in _DETERMINERS:
                return True
        return False

    @staticmethod
    def _share_left(toks: list[_Tok], end: int) -> int | None:
        """Where a bare share of respondents ending at `end` starts: "42 %", "nine in 10", "about
        two-thirds", "three-quarters" (poll reports make them sources); else None."""
        last = toks[end - 1]
        if last.text == "%" and end >= 2 and toks[end - 2].text.replace(".", "").isdigit():
            k = end - 2
        elif (last.text.isdigit() or last.low in _NUMBERS) and end >= 3 and toks[end - 2].low == "in" and (
                toks[end - 3].low in _NUMBERS or toks[end - 3].low == "one" or toks[end - 3].text.isdigit()):
            k = end - 3
        elif last.low in _SHARES and last.low not in ("majority", "majorities", "plurality", "percent", "half", "%") \
                and "-" in last.low or last.low in ("half", "third", "quarter") and end >= 2 and toks[end - 2].low in (
                    "a", "one", "than"):
            k = end - 1
        else:
            return None
        while k > 0 and toks[k - 1].low in _SHARE_OPENERS:
            k -= 1
        if k > 0 and toks[k - 1].low == "as" and k > 2 and toks[k - 2].low in ("many", "few") and toks[k - 3].low == "as":
            k -= 3  # "as many as three-fourths"
        return k

    def _np_left(self, toks: list[_Tok], end: int) -> int | None:
        """Where the noun phrase ending at token `end` starts, scanning left over names, titles,
        source nouns and their modifiers; None if the token before `end` cannot end a source."""
        last = toks[end - 1]
        share = self._share_left(toks, end)
        if share is not None:
            return share
        if not last.word:
            return None
        if last.low in _PRONOUNS:
            return end - 1
        if last.low.endswith("'s") or last.low.endswith("'"):
            return None  # "Trump's telling of": a possessive is not a subject
        if last.low in _NEVER_IN_NAMES or last.low in ("there", "here") or last.low in _TIME_NOUNS \
                or last.low in _WEEKDAYS or last.low in _MONTHS or (end - 1 == 0 and last.low in _OPENERS
                                                                     and last.low not in _DETERMINERS):
            return None
        if not last.cap and (last.low in _NOT_HEADS or (last.low in self.modifiers_ and last.low not in self.nouns_
                                                         and last.low not in _INSTITUTION_HEADS)):
            return None  # "security fears", "each state feel": a modifier is not a source
        if not (last.cap or last.low in self.nouns_ or last.low in self.documents_ or last.low in self.groups_
                or last.low in self.titles_ or self._headed(toks, end - 1)):
            return None
        k = end - 1
        start = k
        while k > 0 and end - k < _MAX_SOURCE_TOKENS:
            t = toks[k - 1]
            if not t.word:
                break
            if t.low in _DETERMINERS:
                start = k - 1
                if t.low == "the" and k >= 3 and toks[k - 2].low == "of" and toks[k - 3].cap and toks[k].cap:
                    k -= 2  # "the Council of the Great City Schools", "Secretary of the Treasury Jack Lew"
                    start = k
                    continue
                # "one of the people", "some of Trump's aides": a quantifier before "of" belongs too
                break
            if t.low in _LINKS or t.low in _NAME_LINKS:
                # "spokesman for Disney", "Secretary of State": only between two parts of a source
                if k - 2 >= 0 and toks[k - 2].word and (toks[k - 2].cap or toks[k - 2].low in self.nouns_
                                                        or toks[k - 2].low in self.titles_
                                                        or toks[k - 2].low in self.documents_):
                    k -= 1
                    continue
                break
            if t.low in _NEVER_IN_NAMES:
                break
            if not t.cap and t.low not in _STOP_HEADS and t.low not in _BETWEEN and k - 2 >= 0 \
                    and toks[k - 2].low in _DETERMINERS and t.low not in _PRONOUNS:
                k -= 1  # "the two-term president": an adjective after a determiner
                start = k
                continue
            if t.cap or t.low in self.titles_ or t.low in self.modifiers_ or t.low in self.nouns_ \
                    or t.low in self.documents_ or t.low.endswith(("'s", "'")) or (t.text.isdigit() and toks[k].low in _SHARES):
                # "47 percent [of voters] said": poll respondents
                k -= 1
                start = k
                continue
            break
        # a quantifier before "of": "one of the officials", "many of Trump's advisers"
        if start >= 2 and toks[start - 1].low == "of" and (toks[start - 2].low in _QUANTIFIERS or toks[start - 2].low
                                                          in _NUMBERS or toks[start - 2].low in _INDEFINITE):
            start -= 2
        elif start >= 2 and toks[start - 1].low == "of":
            share = self._share_left(toks, start - 1)  # "about two-thirds of caucus attendees"
            if share is not None:
                start = share
        elif start >= 1 and toks[start].word and not toks[start].text.isdigit():
            share = self._share_left(toks, start)  # "six in 10 voters", "42% of Democrats"
            if share is not None:
                start = share
        while start < end - 1 and (toks[start].low in _LINKS or toks[start].low in ("and", "that")):
            start += 1  # "given [that] polls show": a conjunction, not a determiner
        return start

    def _np_right(self, toks: list[_Tok], a: int, limit: int) -> int | None:
        """The end of the source starting at token a: up to punctuation, "who"/"that", or limit tokens."""
        k = a
        while k < len(toks) and k - a < limit:
            t = toks[k]
            if not t.word or t.low in ("who", "which", "that", "whose", "when", "because", "while", "after",
                                       "before", "as", "if", "in", "on") and k > a:
                break
            k += 1
        return k if k > a else None

    def _right_source(self, toks: list[_Tok], i: int):
        """Inverted order: '"...," said Josh Schwerin' and "..., said officials."; "Said Ellis:"."""
        before = toks[i - 1] if i > 0 else None
        if before is not None and before.text not in (",",) and before.text not in _CLOSE_QUOTES:
            return None
        if before is None and toks[i].low not in ("said", "says", "added", "wrote", "writes") and not (
                toks[i].low != "asked" and i + 2 < len(toks) and toks[i + 1].cap and toks[i + 2].text == ":"):
            # "Said Ellis: ..." and "Continued Stone: ..." open a sentence; "Asked whether ..." names no source
            return None
        a = _skip_setting(toks, i + 1)
        while a < len(toks) and toks[a].low in _BETWEEN:
            a += 1
        if a >= len(toks) or not toks[a].word:
            return None
        b = a
        p = a
        while p < len(toks) and p - a < 3 and toks[p].word and not toks[p].cap and toks[p].low not in _STOP_HEADS \
                and toks[p].low not in _EMBEDDING and toks[p].low not in _BETWEEN and toks[p].low not in _PRONOUNS \
                and toks[p].low not in ("having", "being", "with", "without"):
            p += 1
        if p > a and p < len(toks) and self._is_name_word(toks, p, False):
            b = p  # "said pollster Frank Luntz", "said consulting firm Acme Partners": a role before the name
        while b < len(toks) and b - a < _MAX_SOURCE_TOKENS and toks[b].word and toks[b].low not in _NEVER_IN_NAMES \
                and toks[b].low not in _EMBEDDING and (
                toks[b].cap or toks[b].low in _DETERMINERS or toks[b].low in self.titles_ or toks[b].low in self.nouns_
                or toks[b].low in self.modifiers_ or toks[b].low in self.documents_ or toks[b].low in _PRONOUNS
                or (toks[b].low in _NAME_LINKS and b > a) or (b > a and self._headed(toks, b))):
            b += 1
        if b == a:
            return None
        if b is None:
            return None
        after = toks[b] if b < len(toks) else None
        if after is not None and after.text not in (",", ".", ";", ":", "!", "?", "—", "–", "(") \
                and after.text not in _CLOSE_QUOTES and after.low not in _AFTER_INVERTED and after.low not in _WEEKDAYS:
            return None
        if not any(toks[k].cap or toks[k].low in self.nouns_ or toks[k].low in _PRONOUNS for k in range(a, b)):
            return None
        if b - a == 1 and toks[a].low in ("that", "this", "it"):
            return None
        role = None
        possessive = toks[a].low.endswith(("'s", "'")) and b > a + 1
        if after is not None and after.text == "," and b + 1 < len(toks) and (toks[a].low in _DETERMINERS or possessive) \
                and not any(self._is_name_word(toks, k, False) for k in range(a + possessive, b)):
            # '"...," said another local resident, Jane Doe.': the name after the role is the source
            e = b + 1
            while e < len(toks) and e - b <= 5 and self._is_name_word(toks, e, False):
                e += 1
            if e > b + 1 and (e == len(toks) or toks[e].text in _CLAUSE_END or toks[e].text == ","
                              or toks[e].text in _CLOSE_QUOTES):
                return b + 1, e, (a, b)
        if after is not None and after.text == "," and b + 1 < len(toks):
            first = toks[b + 1]
            if first.low in _DETERMINERS or first.low in self.titles_:
                e = self._np_right(toks, b + 1, _MAX_APPOSITIVE_TOKENS)
                if e is not None:
                    role = (b + 1, e)
        return a, b, role

    def _asked_by(self, toks: list[_Tok], i: int) -> _Found | None:
        """ "Asked by Matt Lauer whether ...", "Sanders was asked by host Bill Maher if ...": the one who
        asks is a source; the question is the content."""
        if i + 2 >= len(toks) or toks[i + 1].low != "by":
            return None
        if toks[i].low != "asked":
            # "As reported by Western Journalism, ...": the reporter is the source
            if not (i > 0 and toks[i - 1].low == "as" and toks[i].low in _AS_REPORTED_BY):
                return None
        elif not (i == 0 or toks[i - 1].low in ("was", "were", "is", "been", "being", "when", "after", "later")
                  or toks[i - 1].text in (",", "—")):
            return None
        a = i + 2
        b = a
        while b < len(toks) and b - a < 3 and toks[b].word and not toks[b].cap and toks[b].low not in _STOP_HEADS:
            b += 1
        if not (b < len(toks) and self._is_name_word(toks, b, False)):
            b = a  # "host Bill Maher": a role before the name
        while b < len(toks) and b - a < _MAX_SOURCE_TOKENS and toks[b].word and (
                toks[b].cap or toks[b].low in _DETERMINERS or toks[b].low in self.titles_ or toks[b].low in self.nouns_
                or toks[b].low in self.modifiers_ or (b > a and toks[b].low in _NAME_LINKS)
                or (b > a and toks[b].low.endswith(("'s", "'")))):
            b += 1
        while b > a and toks[b - 1].low in _NAME_LINKS:
            b -= 1
        if b == a or not any(self._is_name_word(toks, k, False) or toks[k].low in self.nouns_ for k in range(a, b)):
            return None
        k = b + 1 if b < len(toks) and toks[b].text == "," else b
        if toks[i].low != "asked" and i > 1:
            return _Found((a, b), (i, i + 1), None)  # "The deal, as noted by the Times, was late": split content
        return _Found((a, b), (i, i + 1), self._span_of(toks, k, len(toks)))

    def _according(self, toks: list[_Tok], i: int, s_start: int, s_end: int) -> _Found | None:
        a = i + 2
        if a >= len(toks) or not toks[a].word:
            return None
        k = a
        while k < len(toks) and k - a < _MAX_ACCORDING_TOKENS and toks[k].text not in (",", ";", ":", ".", "!", "?", ")", "—", "–") \
                and toks[k].text not in _OPEN_QUOTES and toks[k].text not in _CLOSE_QUOTES:
            if toks[k].low in ("that", "which", "who") and k > a:
                break
            k += 1
        if k == a:
            return None
        content = self._content_before(toks, i, s_start)
        if content is None and k < len(toks) and toks[k].text == ",":
            content = self._span_of(toks, k + 1, len(toks))
        return _Found((a, k), (i, i + 2), content)

    def _impersonal(self, toks: list[_Tok], i: int, s_end: int) -> _Found | None:
        """ "it is believed (that)", "it was reported": a source hidden by the passive."""
        if toks[i].low not in _IMPERSONAL_PARTICIPLES:
            return None
        j = i - 1
        while j >= 0 and toks[j].low in ("widely", "generally", "commonly", "often", "long", "now", "also", "privately"):
            j -= 1
        k = j
        while k >= 0 and i - k <= 5 and toks[k].low in _IMPERSONAL_AUX:
            k -= 1
        if k == j or k < 0 or toks[k].low != "it":
            return None
        c = i + 1
        if c < len(toks) and toks[c].low == "that":
            c += 1
        return _Found(None, (k, i + 1), self._span_of(toks, c, len(toks)), impersonal=True)

    # ------------------------------------------------------------ content

    def _span_of(self, toks: list[_Tok], a: int, b: int) -> tuple[int, int] | None:
        while a < b and not toks[a].word and toks[a].text not in _OPEN_QUOTES:
            a += 1
        while b > a and not toks[b - 1].word and toks[b - 1].text not in _CLOSE_QUOTES:
            b -= 1
        return (toks[a].start, toks[b - 1].end) if b > a else None

    def _content_after(self, toks: list[_Tok], i: int, src: tuple[int, int], s_start: int, s_end: int):
        """What a source said: the clause after its cue ("said [that] ..."), after "that" when a few
        words stand between ("told reporters on Monday that ..."); when the cue closes the sentence
        ("..., the official said."), the part before the source."""
        n = len(toks)
        k = i + 1
        while k < n and k - i <= _MAX_THAT_DISTANCE and toks[k].word and toks[k].low not in _THAT:
            k += 1
        if k < n and toks[k].low in _THAT and k - i <= _MAX_THAT_DISTANCE:
            return self._span_of(toks, k + 1, n)
        rest = _skip_setting(toks, i + 1)
        if rest >= n or toks[rest].text in _CLAUSE_END:
            # the cue ends the sentence: the content comes before the source
            return self._content_before(toks, src[0], s_start)
        return self._span_of(toks, rest, n)

    def _content_before(self, toks: list[_Tok], i: int, s_start: int):
        """The part of the sentence before a cue or a source that follows a comma or a quotation."""
        j = i - 1
        if j < 0 or not (toks[j].text == "," or toks[j].text in _CLOSE_QUOTES):
            return None
        if toks[j].text == ",":  # '"...", said X' or '..., said X'; '"...," said X' keeps its closing quote
            j -= 1
        if j >= 0 and toks[j].text in _CLOSE_QUOTES:
            # the quotation itself: 'a betrayal, Brandt "will not accept," she said' reports only the quote
            k = j - 1
            while k >= 0 and not (toks[k].text in _OPEN_QUOTES and (toks[k].text != toks[j].text or toks[k].text in "\"'")
                                  and (k == 0 or not toks[k - 1].word or toks[k].text in "“‘«")):
                k -= 1
            if k >= 0:
                return (toks[k].start, toks[j].end)
        return self._span_of(toks, 0, j + 1)

    # ------------------------------------------------------------ typing and names

    def _typed(self, text: str, toks: list[_Tok], f: _Found, sentence: int, earlier: list[Attribution]) -> Attribution:
        cue = Span(start=toks[f.cue[0]].start, end=toks[f.cue[1] - 1].end,
                   text=text[toks[f.cue[0]].start:toks[f.cue[1] - 1].end])
        content = Span(start=f.content[0], end=f.content[1], text=text[f.content[0]:f.content[1]]) if f.content else None
        if f.source is None:
            return Attribution(source=None, cue=cue, content=content, type="vague", name="", role="",
                               sentence=sentence)
        a, b = f.source
        src = toks[a:b]
        source = Span(start=src[0].start, end=src[-1].end, text=text[src[0].start:src[-1].end])
        role_text = ""
        if f.role and not (toks[f.role[0]].low in _LEADING_PREPOSITIONS or toks[f.role[0]].low.endswith("ing")):
            # (not a setting: "Price, in a statement Tuesday, said", "Price, speaking at a rally, said")
            ra, rb = f.role
            role_text = text[toks[ra].start:toks[rb - 1].end]
        typ, name_range, title = self._classify(toks, a, b)
        name = ""
        name_span = None
        if typ in ("named", "document") and name_range:
            na, nb = name_range
            name_span = Span(start=toks[na].start, end=toks[nb - 1].end, text=text[toks[na].start:toks[nb - 1].end])
            name = _normalise(name_span.text)
            if typ == "named":
                role_text = ", ".join(x for x in (title, role_text) if x)
        elif typ == "pronoun":
            ante = self._antecedent(src[0].low, sentence, earlier)
            if ante is not None:
                typ, name, role_text = ante.type, ante.name, ante.role
                return Attribution(source=source, cue=cue, content=content, type=typ, name=name, role=role_text,
                                   sentence=sentence, pronoun=True)
        return Attribution(source=source, cue=cue, content=content, type=typ, name=name, role=role_text,
                           sentence=sentence, name_span=name_span)

    def _is_title(self, toks: list[_Tok], k: int) -> bool:
        """A title or role word, unless an honorific makes it a name ("Mr. King", "Sen. Price")."""
        if toks[k].cap and k + 1 < len(toks) and toks[k + 1].cap and toks[k + 1].low in _INSTITUTION_HEADS:
            return False  # "the State Department", "Justice Department": part of a body's name
        return toks[k].low in self.titles_ and not (k > 0 and toks[k - 1].low in _HONORIFICS)

    def _is_name_word(self, toks: list[_Tok], k: int, sentence_initial: bool) -> bool:
        t = toks[k]
        if not t.cap or self._is_title(toks, k):
            return False
        if not sentence_initial and not any(x.word for x in toks[:k]):
            sentence_initial = True  # after an opening quotation mark or a dash: '"Nobody cares'
        if t.low in _INDEFINITE_PRONOUNS:
            return False
        low = t.low[:-2] if t.low.endswith("'s") else t.low
        if low in self.nouns_ and k + 1 < len(toks) and toks[k + 1].cap and toks[k + 1].low in _INSTITUTION_HEADS:
            return True  # "Police Department", "Teachers Union": the noun is part of the name
        if low in ("today", "tonight") and k > 0 and toks[k - 1].cap and toks[k - 1].word:
            return True  # "USA Today", "NBC Nightly News Tonight"
        if low in self.nouns_ or low in self.groups_ or low in self.documents_ or low in _WEEKDAYS or low in _MONTHS:
            return False
        return not (sentence_initial and (low in _OPENERS or low in self.modifiers_ or low in _TIME_NOUNS))

    def _classify(self, toks: list[_Tok], a: int, b: int):
        """(type, token range of the name or None, title text) of the source tokens [a, b)."""
        src = toks[a:b]
        lows = [t.low for t in src]
        if len(src) == 1 and lows[0] in _PRONOUNS:
            return "pronoun", None, ""
        # the head part: before the first link ("a spokesman [for Disney]", "data [compiled by Rhodium]")
        h = 0
        while h < len(src) and not (h > 0 and (lows[h] in _LINKS or lows[h] in ("compiled", "released", "by",
                                                                                  "published", "conducted"))):
            h += 1
        first = lows[0]
        names = [k for k in range(a, a + h) if self._is_name_word(toks, k, k == 0)]
        if lows[h - 1] in self.documents_ or (  # (the head decides: "the average voter" is no document)
                lows[h - 1] not in self.nouns_ and any(w in self.documents_ for w in lows[:h])):
            return "document", self._name_range(toks, a, b), ""
        if names and first not in _INDEFINITE and first not in _NUMBERS and first not in _QUANTIFIERS:
            # a name: titles and modifiers before it are its role ("US Trade Representative Jamieson Greer")
            na = names[-1]
            while na > a and self._is_name_word(toks, na - 1, na - 1 == 0):
                na -= 1
            while na > a and toks[na - 1].low in _NAME_LINKS and na - 2 >= a and self._is_name_word(toks, na - 2, na - 2 == 0):
                na -= 2
            nb = names[-1] + 1
            title = " ".join(t.text for t in toks[a:na] if t.low not in _DETERMINERS)
            while nb + 1 < b and nb == a + h and toks[nb].low in ("of", "for", "de") \
                    and self._is_name_word(toks, nb + 1, False):
                # "the Ministry of Transport": the name goes on after "of"
                nb += 1
                while nb < b and self._is_name_word(toks, nb, False):
                    nb += 1
                h = nb - a
            while nb < a + h and toks[nb].low in _INSTITUTION_HEADS and not toks[nb - 1].low.endswith("'s"):
                nb += 1  # "the Sanders campaign", "the Obama administration": the body is the name
            if nb < a + h and first in _DEFINITE and not toks[nb - 1].low.endswith("'s") and all(
                    not t.cap for t in toks[nb:a + h]) and (toks[a + h - 1].low in self.titles_
                                                            or toks[a + h - 1].low in self.nouns_):
                return "described", None, ""  # "the Vermont senator said": a description, not the name
            if nb < a + h and toks[a + h - 1].low in ANONYMOUS_HEADS and not toks[a + h - 1].cap \
                    and not toks[nb - 1].low.endswith("'s") and toks[a + h - 1].low.endswith("s"):
                # "Justice Department officials", "Clinton aides": the head noun decides; people of a
                # named body, not named themselves
                return "anonymous", None, ""
            tail = " ".join(t.text for t in toks[nb:a + h])
            if tail and not toks[nb - 1].low.endswith("'s"):
                title = " ".join(x for x in (title, tail) if x)
            if toks[nb - 1].low.endswith("'s") and nb < a + h:
                if toks[a + h - 1].low in _INSTITUTION_HEADS:
                    return "named", (na, a + h), title  # "Marco Rubio's campaign": a body by name
                # "Hillary Clinton's spokesman": the source is the spokesman, not Clinton
                return ("described" if first in _DEFINITE or toks[a].cap else "anonymous"), None, ""
            return "named", (na, nb), title
        if h < len(src) and (first not in _INDEFINITE and first not in _NUMBERS and first not in _QUANTIFIERS):
            # "Secretary of State John Kerry": a title with an "of" part, then the name
            named = self._name_range(toks, a + h, b)
            if named and all(self._is_title(toks, k) or toks[k].low in _DETERMINERS for k in range(a, a + h)):
                return "named", named, " ".join(t.text for t in toks[a:named[0]])
        if h == 1 and src[0].cap and src[0].low in self.titles_ and src[0].low not in _NOT_HEADS \
                and src[0].low not in self.nouns_ and src[0].low not in self.groups_:
            return "named", (a, a + 1), ""  # "King said": a surname that is also a title
        noun = next((w for w in reversed(lows[:h]) if w in self.nouns_), lows[h - 1])  # "people [familiar]"
        if first in _DEFINITE:
            # "the official", "the senior official" (newswire's back-reference to an unnamed source)
            anonymous = first == "the" and noun in ANONYMOUS_HEADS and h <= 3 and all(
                t.low in self.modifiers_ for t in src[1:h - 1])
            return ("anonymous" if anonymous else "described"), None, ""
        if any(w in _SHARES for w in lows[:h]) or any(
                lows[k] == "in" and k + 1 < len(lows) and (lows[k + 1].isdigit() or lows[k + 1] in _NUMBERS) and (
                    lows[k - 1] in _NUMBERS or lows[k - 1] == "one" or lows[k - 1].isdigit()) for k in range(1, len(lows))):
            return "vague", None, ""  # "47 percent", "a majority of voters": a share of a group
        if first in _INDEFINITE or first in _NUMBERS or first.isdigit():
            return "anonymous", None, ""
        if noun in _ANONYMOUS_PLURALS and first not in _QUANTIFIERS:
            return "anonymous", None, ""
        return "vague", None, ""

    def _name_range(self, toks: list[_Tok], a: int, b: int) -> tuple[int, int] | None:
        """The first run of name words in [a, b) ("a [New York Times/CBS News] survey"), else the last
        after a link ("data compiled by [Rhodium]", "Secretary of State [John Kerry]")."""
        k = a
        while k < b and not self._is_name_word(toks, k, k == 0):
            k += 1
        if k == b:
            return None
        e = k
        while e < b:
            if self._is_name_word(toks, e, False):
                e += 1
                continue
            m = e
            while m < b and m - e < 2 and toks[m].low in _NAME_LINKS:
                m += 1  # "the Council [of the] Great City Schools"
            if m == e or m >= b or not self._is_name_word(toks, m, False):
                break
            e = m
        return k, e

    def _antecedent(self, pronoun: str, sentence: int, earlier: list[Attribution]) -> Attribution | None:
        """The named source a pronoun plainly refers to: the latest named source within a few
        sentences, a person for he/she and an organisation for it; no antecedent for they/we/I."""
        for att in reversed(earlier):
            if sentence - att.sentence > self.antecedent_sentences:
                return None
            if att.type != "named" or (att.cue.text.lower() == "asked" and att.source.start > att.cue.start):
                continue  # (the one who asked is not who answers: "Asked by Lauer whether ..., she said")
            org = any(w.lower() in _INSTITUTION_HEADS for w in att.name.split()) or att.name.lower().startswith("the ")
            if pronoun in _PERSON_PRONOUNS and not org:
                return att
            if pronoun == "it" and org:
                return att
            return None
        return None


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split())
_TIME_NOUNS = frozenset("""week month year night morning afternoon evening weekend weeks months years days day decade
decades hours""".split())
_SETTINGS = frozenset("statement interview email letter speech post tweet call conference briefing hearing".split())


_DASHES = frozenset(("—", "–", "―", "--", "-"))


def _after_dateline(toks: list[_Tok], i: int) -> int:
    """Where a sentence starts after its dateline ("WASHINGTON — ", "LOS ANGELES, Feb. 2 (UPI) — "):
    the token after a dash that only capitalised words, numbers and punctuation precede; else 0."""
    for k in range(min(i, 12)):
        t = toks[k]
        if t.text in _DASHES:
            return k + 1 if k > 0 else 0
        if t.word and not (t.cap or t.text.isdigit()):
            return 0
    return 0


def _after_quotation(text: str, start: int) -> bool:
    """Whether the text before `start`, past its spaces, ends with a closing quotation mark."""
    j = start - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j >= 0 and text[j] in _CLOSE_QUOTES


def _skip_setting(toks: list[_Tok], k: int) -> int:
    """Past the words that say when or how something was said, after its cue: "on Monday", "last
    week", "in a statement", "to reporters", "Thursday", a comma or a colon."""
    n = len(toks)
    while k < n:
        t = toks[k].low
        if toks[k].text in (",", ":") or t in _WEEKDAYS or t in ("earlier", "later", "again", "also"):
            k += 1
        elif t in ("on", "last", "this", "late", "early", "in") and k + 1 < n and (
                toks[k + 1].low in _WEEKDAYS or toks[k + 1].low in _MONTHS or (toks[k + 1].low in _TIME_NOUNS and t != "in")):
            k += 2  # "last January", "in March"
        elif t == "in" and k + 2 < n and toks[k + 1].low in ("a", "an", "the") and toks[k + 2].low in _SETTINGS:
            k += 3
        elif t == "to" and k + 1 < n and toks[k + 1].low in ("reporters", "journalists"):
            k += 2
        else:
            break
    return k


def _normalise(name: str) -> str:
    """A name without a possessive and with plain spaces and apostrophes."""
    name = " ".join(name.split()).replace("’", "'")
    return name[:-2] if name.endswith("'s") else name.rstrip("'")


def merge_names(names: list[str]) -> dict[str, str]:
    """Each name -> the fullest form of the same person or body in the article: "Moolenaar" and
    "John Moolenaar" -> "John Moolenaar"; "Velden" -> "Velden Cycles". A surname shared by two
    full names stays apart (ambiguous). The engine's (core/src/attribution.rs)."""
    return dict(_core.merge_names(list(names)))


def reported_regions(attributions: list[Attribution], seg: Segmented | None = None) -> list[tuple[int, int]]:
    """Character ranges in the source's voice: the content of each attribution to someone (named,
    anonymous, a named document, a description or a pronoun), outside quotations (a quotation inside it
    stays quoted). Sorted and disjoint. What vague sources say ("critics say", "it is believed")
    and unnamed documents ("reports suggest") stays the author's: a claim resting on no one is the
    writer's own. The engine's, as scoring uses it (core/src/article.rs); seg is not needed."""
    return _core.reported_regions([(a.type, bool(a.name), (a.content.start, a.content.end) if a.content else None)
                                   for a in attributions])


# ------------------------------------------------------------ the native finder

_NATIVE_LEXICONS = ("attribution_inverted", "attribution_participles", "source_titles", "place_names",
                    "document_nouns", "source_groups", "source_modifiers", "source_nouns")


class NativeAttributionFinder(AttributionFinder):
    """The same finder in the native engine (core/src/attribution.rs): the same parameters and
    `find`, one call per article. The Python AttributionFinder above is its oracle
    (tests/test_attribution_native.py) until it is retired."""

    def _prepare(self) -> None:
        if getattr(self, "core_", None) is not None:
            return
        super()._prepare()
        from ..engine.native import _core

        lexicons = [sorted(self.speech_), sorted(self.thought_), sorted(self.acts_), sorted(self.evidence_)]
        lexicons += [sorted(_lexicon(name)) for name in _NATIVE_LEXICONS]
        self.core_ = _core.AttributionFinder(lexicons, self.antecedent_sentences)

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_")}

    def find(self, seg: Segmented, skip=lambda i: False, view: str | None = None) -> list[Attribution]:
        """The attributions of an article in text order, outside quoted speech and skipped sentences
        (view is accepted for the Python finder's interface; the engine needs none)."""
        self._prepare()
        from ..engine.native import boundary_text

        text = seg.text
        sentences = [(s.start, s.end, s.index) for s in seg.sentences if not skip(s.index)]
        return attributions_from_rows(text, self.core_.find(boundary_text(text), sentences, seg.voice))


def attributions_from_rows(text: str, rows) -> list[Attribution]:
    """Attribution objects from the engine's rows (_core.AttributionFinder.find and
    ArticleResult.attributions give the same rows)."""
    out: list[Attribution] = []
    for source, cue, content, typ, name_span, title, role, sentence, ante in rows:
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
        out.append(Attribution(source=src, cue=c, content=body, type=typ, name=_normalise(ns.text) if ns else "",
                               role=", ".join(x for x in (titled, appositive) if x), sentence=sentence,
                               name_span=ns))
    return out
