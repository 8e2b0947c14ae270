"""Scoring: sentence and article scores from segmentation, voice, rule matches and attribution."""
from __future__ import annotations

import bisect
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable

from .attribution import MAX_CONTENT_CHARS, UNNAMED_RULE, AttributionFinder
from ..engine.patterns import match_view
from .matching import Matcher, longest_per_category, phrases_pattern
from ..engine.native import _core, boundary_text, compensated_sum
from ..packs import (Pack, PackError, as_list, check_config, data_dir, default_pack_paths, did_you_mean, load_config,
                    load_packs, pack_file_key)
from ..engine.readability import Readability
from ..results import (SCHEMA_VERSION, VOICES, ArticleScore, ArticleSummary, Attribution, Excluded,
                       MarkedArticleScore, MarkedArticleSummary, Match, Quote, SentenceScore, extra_columns, flatten, positional)
from .segment import Abbreviations, segmented

FURNITURE = "furniture"
_ARTICLE_FIELDS = tuple(ArticleScore.__dataclass_fields__)
# What a name in an inline marker means to the engine (core/src/suppress.rs)
_RULE, _BARE, _CATEGORY, _PACK = range(4)
# What Scorer._assembled makes each sentence, match, excluded paragraph and quote with, and the
# tuple of attributions from their plain rows: score()'s result objects, or score_data()'s plain
# data (the attribution rows are that already: no call per row).
_OBJECTS = (*(positional(c) for c in (SentenceScore, Match, Excluded, Quote)),
            lambda rows: tuple(map(Attribution.from_dict, rows)))
_PLAIN = (*(positional(c, as_plain=True) for c in (SentenceScore, Match, Excluded, Quote)), tuple)
PROFILES = ("full", "rules")


def _vader():
    """The native VADER analyser, built from vaderSentiment's own data files (a few milliseconds)."""
    from ..engine.sentiment import SentimentAnalyzer

    return SentimentAnalyzer()


def load_abbreviations() -> Abbreviations:
    groups: dict[str, set[str]] = {"never": set(), "ambiguous": set(), "starter": set()}
    path = data_dir("lexicons") / "abbreviations.txt"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, term = line.partition("\t")
        if kind not in groups or not term.strip():
            raise PackError([f"{path}:{n}: expected 'never|ambiguous|starter<TAB>term'; got {line!r}"])
        groups[kind].add(term.strip().lower())
    return Abbreviations(frozenset(groups["never"]), frozenset(groups["ambiguous"]), frozenset(groups["starter"]))


def _kept(text: str, sentences, voices) -> list[tuple[int, int, int, str, str]]:
    """The scored sentences (those outside publisher furniture, whose voice is not None) as
    (index, start, end, text, voice), from the engine's sentence rows and sentence voices."""
    return [(k, s, e, text[s:e], VOICES[voices[k]]) for k, (s, e, _, _) in enumerate(sentences)
            if voices[k] is not None]


# `disabled` naming nothing (the CLI reads "disabled:" as "--disable:")
UNKNOWN_DISABLED = "disabled: no rule, pack or category named "


def nearest_names(name: str, names) -> str:
    """' (did you mean ...?)' naming the known names (`rule_names`) closest to an unknown one, a
    rule suggested once, by its full id; '' when none is close."""
    return did_you_mean(name, [n for n, _kind, _target in names],
                        {n: target for n, kind, target in names if kind == _RULE and n != target})


def _hints(unknown: list[str], names) -> str:
    """The nearest known names of each unknown `disabled` name: ' (did you mean ...?)' for one name,
    '; NAME: did you mean ...?' each for several."""
    hints = [(n, nearest_names(n, names)) for n in unknown if isinstance(n, str)]
    hints = [(n, h) for n, h in hints if h]
    if len(unknown) == 1 and hints:
        return hints[0][1]
    return "".join(f"; {n!r}{h.replace(' (', ': ', 1).rstrip(')')}" for n, h in hints)


class Scorer:
    """Scores articles. Like a scikit-learn estimator, the constructor only stores parameters;
    compiled state (matchers, lexicons, VADER) is built on first use and ends in '_'.

    packs: loaded packs (None: the shipped ones); extra_packs: paths of more packs;
    disabled: rule ids, rule names, pack ids or categories to turn off; config: scoring settings
    (None: rules/scoring.toml); overlap: the overlap policy; sentiment/readability: compute them.
    profile: "full" (everything) or "rules" (segmentation, voice, rule packs and attribution only:
    no sentiment, readability or classifiers, and none of their imports; for fast corpus runs).
    classifiers: sentence classifiers to run in the full profile: None (the shipped ones),
    False or () (none), or a list of model names, model directories or SentenceModel objects.
    ignore: phrases (an ignore list) that cancel any match lying inside them, whatever the rule.
    inline_markers: honour `<!-- framing off -->` ... `<!-- framing on -->` markers in the text
    (README, "Inline suppression"); False reads them as article text; None: the setting
    [suppression] inline_markers of the scoring settings (true in rules/scoring.toml).
    """

    def __init__(self, packs: list[Pack] | None = None, *, extra_packs: Iterable[str] = (),
                 disabled: Iterable[str] = (), config: dict | None = None,
                 overlap: Callable = longest_per_category, sentiment: bool = True,
                 readability: bool = True, syllables: str = "pyphen", profile: str = "full",
                 classifiers=None, ignore: Iterable[str] = (), inline_markers: bool | None = None):
        self.packs = packs
        self.extra_packs = extra_packs
        self.disabled = disabled
        self.config = config
        self.overlap = overlap
        self.sentiment = sentiment
        self.readability = readability
        self.syllables = syllables
        self.profile = profile
        self.classifiers = classifiers
        self.ignore = ignore
        self.inline_markers = inline_markers

    def __getstate__(self):
        # Only the parameters travel (to a worker process, a joblib file): the compiled packs,
        # VADER and the models are rebuilt on first use there, as for a new Scorer.
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_")}

    def _prepare(self):
        if getattr(self, "matcher_", None) is not None:
            return
        if self.profile not in PROFILES:
            raise ValueError(f"The 'profile' parameter must be one of {PROFILES}; got {self.profile!r} instead.")
        full = self.profile == "full"
        packs = self.packs if self.packs is not None else load_packs()
        # A file already among the packs (a shipped pack named again) loads once, as in load_packs.
        have = {pack_file_key(p.path) for p in packs if isinstance(p, Pack) and p.path}
        extra = [e for e in as_list(self.extra_packs) if pack_file_key(e) not in have]
        if extra:
            packs = list(packs) + load_packs(extra, include_defaults=False)
            ids = [r.id for p in packs for r in p.rules]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise PackError([f"duplicate rule ids across packs: {', '.join(dup)}"])
        if any(not isinstance(p, Pack) for p in packs):
            raise TypeError("packs must be Pack objects (from framing.load_packs); give pack file paths as "
                            "extra_packs")
        if not callable(self.overlap):
            raise TypeError(f"overlap must be a function of a list of candidates; got {self.overlap!r}")
        self.packs_ = list(packs)
        if self.config is not None:
            check_config(self.config)
        self.config_ = self.config if self.config is not None else load_config()
        disabled = self.disabled_ = set(as_list(self.disabled))
        names = rule_names(packs)
        unknown = sorted(disabled - {n for n, _kind, _target in names})
        if unknown:
            raise PackError([UNKNOWN_DISABLED + ", ".join(map(repr, unknown)) + _hints(unknown, names)])
        self.categories_ = sorted({r.category for p in packs for r in p.rules if r.category != FURNITURE})
        ignore = self.ignore_ = tuple(as_list(self.ignore))
        bad = [x for x in ignore if not isinstance(x, str) or not any(ch.isalnum() for ch in x)]
        if bad:
            raise PackError([f"ignore list: {x!r} is not a phrase (an entry needs at least one word)" for x in bad])
        self.furniture_ = Matcher(packs, disabled, overlap=self.overlap, only=lambda r: r.category == FURNITURE)
        self.matcher_ = Matcher(packs, disabled, overlap=self.overlap, only=lambda r: r.category != FURNITURE,
                                ignore=(" ".join(x.split()) for x in ignore))
        # The finder's own unnamed-source matches honour the ignore list as rule matches do.
        self.ignore_re_ = re.compile(phrases_pattern(" ".join(x.split()) for x in ignore)) if ignore else None
        self.abbreviations_ = load_abbreviations()
        self.attribution_ = AttributionFinder(
            max_content_chars=self._whole_number("attribution", "max_content_chars", MAX_CONTENT_CHARS,
                                                counts="characters"))
        # the finder's matches for unnamed sources extend the speculation pack's sourcing rules, and
        # turn off with them
        # (so only where the speculation pack is loaded)
        self.unnamed_matches_ = any(p.id == "speculation" for p in packs) and not disabled & {
            UNNAMED_RULE, UNNAMED_RULE.split(".", 1)[1], "sourcing", "category:sourcing", "pack:speculation"}
        # the one native call per article: its rules' attribution classes and category slots
        # (the unnamed-source matches count under "sourcing", a slot of its own when no pack rule has it)
        self.attribution_._prepare()
        markers = self.inline_markers if self.inline_markers is not None else \
            self._setting("suppression", "inline_markers", True)
        if not isinstance(markers, bool):
            raise TypeError(f"inline_markers must be True, False or None; got {markers!r}")
        self.inline_markers_ = markers
        slots = {c: k for k, c in enumerate(self.categories_)}
        self.sourcing_slot_ = slots.get("sourcing", len(slots))
        classes = {None: 0, "anonymous": 1, "vague": 2}
        self.article_ = _core.ArticleEngine(
            self.abbreviations_.native, self.furniture_.engine, self.matcher_.engine, self.attribution_.core_,
            [classes[r.attribution] for r in self.matcher_.rules], [slots[r.category] for r in self.matcher_.rules],
            self.sourcing_slot_, len(slots) + 1,
            (self._whole_number("segmentation", "max_unclosed_quote_chars", 600, "characters"),
             float(self._setting("furniture", "trailing_max_words", 8)),
             float(self._setting("furniture", "footer_max_prose_words", 60)), self.unnamed_matches_,
             float(self._setting("attribution", "unnamed_source_weight", 0.4)),
             float(self._setting("attribution", "min_quote_words", 4)),
             tuple(self._whole_number("attribution", k, d) for k, d in (
                 ("scare_naming_words_before", 8), ("scare_naming_words_after", 2), ("scare_next_sentence_words", 3)))),
            (marker_names(packs, names), [*self.categories_, "sourcing"]) if markers else None)
        # the index terms as (weight, feature path) and the rates' word floor, read once
        self.index_terms_ = tuple((float(t["weight"]), tuple(t["feature"].split(".")))
                                  for t in self._setting("index", "terms", []))
        self.min_rate_words_ = self._setting("rates", "min_words_for_rates", 150)
        # the numbers and the corpus row of an article, from the engine's tallies (names made once)
        self.rows_ = _core.RowBuilder(self.categories_, [(w, list(p)) for w, p in self.index_terms_],
                                      float(self.min_rate_words_), SCHEMA_VERSION)
        self.vader_ = _vader() if self.sentiment and full else None
        self.readability_ = Readability(self.syllables) if self.readability and full else None
        self.classifiers_ = self._load_classifiers() if full else ()
        # the article's pass and the extras over its kept sentences in one native call: each
        # sentence's compound, the readability of the kept sentences, the classifiers'
        # probabilities from the pass's own hits (of classifier_matcher_'s when the scorer has one:
        # then given by _other_hits), the summaries; compounds, probabilities and summaries
        # rounded to 4 decimals
        counted = (self.classifier_matcher_ or self.matcher_).rules if self.classifiers_ else []
        self.full_ = _core.FullArticle(
            self.article_, self.vader_.engine_ if self.vader_ is not None else None,
            self._setting("sentiment", "max_sentence_words", 120),
            (self.readability_.engine_, self.readability_.syllables) if self.readability_ is not None else None,
            self.classifier_set_.article_models(counted) if self.classifiers_ else None, 4, compensated_sum(),
            # what an inline marker's region tests _other_hits's hits by
            [(r.id, r.category) for r in counted])
        # models that count another matcher's hits, or VADER features, get them from Python
        self.other_hits_ = bool(self.classifiers_) and (self.classifier_matcher_ is not None
                                                       or self.classifier_set_.needs_vader_)

    def warm(self, texts: Iterable[str] | None = None) -> Scorer:
        """Prepare the scorer and score `texts` once (None: the shipped example articles, 20 kB),
        keeping nothing of the results: the pattern forms and engine caches that news text needs
        are built now (benchmarks of steady work call it; a process that forks workers would too).
        (Compiling every form of every pattern up front, Matcher.compile, cost about 1.6 s of CPU
        for the full profile, most of it forms a corpus never uses.) Returns the scorer."""
        self._prepare()
        if texts is None:
            texts = [p.read_text(encoding="utf-8") for p in sorted(data_dir("examples").glob("*.txt"))]
        for text in texts:
            self.summary(text)
        # The engines look for literals and terms with a cheap NFA until they have scanned enough
        # text for a DFA to pay (a few hundred kB to 4 MB): built now, the workers inherit the DFAs
        # instead of each building its own.
        for matcher in (self.matcher_, self.furniture_, getattr(self, "classifier_matcher_", None)):
            if matcher is not None:
                matcher.engine.build_literal_dfa()
        return self

    def _load_classifiers(self) -> tuple:
        if self.classifiers is False or self.classifiers == ():
            return ()
        from .classify import ModelError, load_classifier_set, shipped_models  # native

        wanted = shipped_models() if self.classifiers is None or self.classifiers is True \
            else as_list(self.classifiers)
        try:
            self.classifier_set_ = load_classifier_set(wanted) if wanted else None
            models = self.classifier_set_.models if wanted else ()
        except ModelError as exc:
            raise PackError([f"sentence classifier: {exc}"]) from None
        names = [m.name for m in models]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:  # results are keyed by model name: one would silently overwrite the other
            raise PackError([f"sentence classifier: two models named {', '.join(map(repr, twice))}; "
                             "give each model once (a trained model needs its own --name)"])
        shipped = [str(p) for p in default_pack_paths()]
        # The models' rule features count the shipped packs' matches: a scorer whose matches differ
        # (--disable, an ignore list, other packs or overlap) finds theirs in one more pass.
        self.classifier_matcher_ = None
        if models and not ([p.path for p in self.packs_] == shipped and not self.disabled_ and not self.ignore_
                           and self.config is None and self.overlap is longest_per_category):
            self.classifier_matcher_ = Matcher(load_packs(), (), only=lambda r: r.category != FURNITURE)
        return models

    def _setting(self, section: str, key: str, default):
        return self.config_.get(section, {}).get(key, default)

    def _whole_number(self, section: str, key: str, default: int, counts: str = "words") -> int:
        """A setting that counts words or characters: a whole number (the settings' validation has
        already refused text, NaN and negative numbers); 1e30 or inf reads as 'no limit'."""
        value = self._setting(section, key, default)
        if value == float("inf"):
            return sys.maxsize
        if value != int(value):
            raise PackError([f"scoring settings: [{section}] {key} counts {counts}: give a whole number, got {value!r}"])
        return min(int(value), sys.maxsize)

    # ------------------------------------------------------------------ one native call per article

    def _native(self, text: str, extras: bool = False, per_sentence: bool = False):
        """The engine's one call for `text` (every path of score, summary and row goes through
        it): an ArticleResult and the limits of a caller's overlap policy's run (None with the
        default policy, whose limits the result holds); with `extras` a third item, the full
        profile's extras (sentiment, readability, classifiers, and with per_sentence each kept
        sentence's compound and {model: probability})."""
        self._prepare()
        if not isinstance(text, str):
            raise TypeError(f"score() needs str text; got {type(text).__name__}")
        plain = boundary_text(text)
        ignored = [m.span() for m in self.ignore_re_.finditer(match_view(text))] if self.ignore_re_ is not None else []
        matches = limits = None
        if self.overlap is not longest_per_category:
            # A policy of the caller's: the candidates of each sentence go through it in Python.
            _, rows, limits = self.article_.candidates(plain)
            matches = self.matcher_.overlap_rows(rows)
        if not extras:
            return self.article_.score(plain, ignored, matches), limits
        if self.other_hits_:
            res = self.article_.score(plain, ignored, matches)
            return res, limits, self._other_hits(text, plain, res, per_sentence)
        res, *found = self.full_.score(plain, ignored, matches, per_sentence)
        return res, limits, found

    def _pass(self, text: str, extras: bool = True, per_sentence: bool = False):
        """_native's three items, the extras None when not asked for."""
        return self._native(text, True, per_sentence) if extras else (*self._native(text), None)

    def _other_hits(self, text: str, plain: str, res, per_sentence: bool) -> list:
        """The extras of `res` for models the native call cannot feed alone: the hits of
        classifier_matcher_ (the shipped packs' matches, for the models' features) and the VADER
        features of models trained with them, computed here."""
        parts, voices = res.segmentation(), res.sentence_voices()
        # the text as the article pass read it (inline markers blanked): a marker's words are no
        # match here either; the engine silences the hits a marker's region covers (`starts`)
        unmarked = self.full_.unmarked(res, plain)
        if unmarked is not None:
            text = unmarked
        hits = starts = None
        if self.classifier_matcher_ is not None:
            index = {r.id: i for i, r in enumerate(self.classifier_matcher_.rules)}
            skipped = {k for k, v in enumerate(voices) if v is None}
            found = self.classifier_matcher_.match(segmented(text, parts), skipped.__contains__, None)
            hits = [(m.sentence, index[m.rule], VOICES.index(m.voice)) for m in found]
            starts = [m.start for m in found]
        kept = _kept(text, parts[1], voices)
        given = [(kept[i][0], j, v) for i, j, v in self.classifier_set_.vader_given([t for _, _, _, t, _ in kept])]
        return list(self.full_.extras_of(res, plain, hits, given, per_sentence, starts))

    def _tallied(self, res, limits) -> dict:
        """The per-article numbers from the engine's tallies: words, categories, the attribution
        counts and rates, the index (no spans: a corpus row's content), computed and shaped by
        the native RowBuilder (the corpus row's columns come from the same figures)."""
        return self.rows_.numbers(res, limits)

    def _has_extras(self) -> bool:
        """Whether the scorer adds anything to a corpus row's numbers (the full profile)."""
        return self.vader_ is not None or self.readability_ is not None or bool(self.classifiers_)

    def _through_score(self) -> bool:
        """Whether summaries go through score(): models counting other packs' matches need its
        Segmented for their matcher's pass."""
        return bool(self.classifiers_) and self.classifier_matcher_ is not None

    def summary(self, text: str, source: str = "<text>") -> ArticleSummary:
        """The numbers of score(text) without its spans (a corpus row): built from the engine's
        tallies, with no per-match objects; the sentence classifiers (when the scorer has them)
        from plain rows of the same call, as score() gives them their input."""
        self._prepare()
        if self._through_score():
            r = self.score(text, source)
            found = getattr(r, "suppressed", None)
            numbers = {f: getattr(r, f) for f in ArticleSummary.__dataclass_fields__}
        else:
            res, limits, extras = self._pass(text, self._has_extras())
            numbers = self._tallied(res, limits)
            sentiment, read, classifiers = extras[:3] if extras is not None else (
                {"mean": 0.0, "mean_abs": 0.0, "sentences": 0, "enabled": False}, {}, {})
            numbers |= {"source": source, "sentiment": sentiment, "readability": read, "classifiers": classifiers}
            found = res.suppressed()
            found = _suppressed(text, *found) if found is not None else None
        # a text with inline markers: their numbers too, as its corpus row has them
        if found is None:
            return ArticleSummary(**numbers)
        return MarkedArticleSummary(**numbers, suppressed=marker_counts(found))

    def row(self, text: str, *, markers: bool = False) -> dict:
        """flatten(summary(text)) without its "source" column: an article's corpus row, built by
        the native RowBuilder straight from the engine's tallies (no nested dicts, no result
        object); the full profile's sentiment, readability and classifier columns in between.
        markers: the row of `framing corpus`, with marker_columns at its end (how many inline
        markers the text held and how many matches they silenced)."""
        self._prepare()
        if self._through_score():
            result = self.score(text)
            row = flatten(result)
            del row["source"]
            return row | marker_columns(getattr(result, "suppressed", None)) if markers else row
        res, limits, extras = self._pass(text, self._has_extras())
        row = self.rows_.row(res, limits, extra_columns(*extras[:3]) if extras is not None else None)
        if markers:
            found = res.suppressed()
            row.update(marker_columns(_suppressed(text, *found) if found is not None else None))
        return row

    def score(self, text: str, source: str = "<text>") -> ArticleScore:
        """The article's scores with every span behind them: ArticleScore.from_dict(score_data(text,
        source)), built by the same builder with the result objects made straight from its rows."""
        data = self._assembled(text, source, _OBJECTS)
        return (MarkedArticleScore if "suppressed" in data else ArticleScore)(**data)

    def score_data(self, text: str, source: str = "<text>") -> dict:
        """score(text, source).to_dict() without the result objects: the JSON contract's plain data
        (what `framing score --format json` writes), from the same builder as score()."""
        return self._assembled(text, source, _PLAIN)

    def _assembled(self, text: str, source: str, make) -> dict:
        """The one builder of an article's full result: ArticleScore's fields (in their order, as
        to_dict gives them) straight from the engine's rows, each sentence, match, excluded paragraph, quote and
        attribution made by `make` (_OBJECTS: the result objects; _PLAIN: their plain data)."""
        sentence_score, match, excluded_, quote, attributions_of = make
        res, limits, (sentiment, read, classifiers, compounds, probs) = self._pass(text, per_sentence=True)
        numbers = self._tallied(res, limits)
        parts = res.segmentation()
        voices = res.sentence_voices()
        kept = _kept(text, parts[1], voices)
        # the attribution dicts, the merged names and the named spans, built in the engine
        attributions, named_sources, named_spans = res.attribution_data(text)
        rules, voice_names = self.matcher_.rules, VOICES  # locals: read once a match
        matches = []
        rows = res.matches()  # a new list of tuples a call: fetched once, for the matches and the hits
        for s, e, i, k, w, v, cls, a in rows:
            span = text[s:e]
            if i < 0:  # the finder's unnamed source
                att = attributions[a]
                matches.append(match(s, e, span, UNNAMED_RULE, "sourcing", voice_names[v], k, w,
                                     f"Unnamed source ({att['type']}): '{att['source']['text']}', cue '{att['cue']['text']}'.",
                                     "anonymous" if cls == 1 else "vague"))
            else:
                rule = rules[i]
                matches.append(match(s, e, span, rule.id, rule.category, voice_names[v], k, w,
                                     rule.message.replace("{match}", span), rule.attribution))
        attribution = numbers.pop("attribution") | {"named_sources": named_sources, "named_spans": named_spans}
        excluded = res.excluded()  # sorted, disjoint paragraphs
        ex_starts = [x[0] for x in excluded]

        def excluded_at(pos: int) -> bool:
            i = bisect.bisect_right(ex_starts, pos) - 1
            return i >= 0 and pos < excluded[i][1]

        data = {
            **numbers, "source": source,
            # tuple([...]): a list comprehension, not a generator resumed for each item
            "sentences": tuple([sentence_score(k, s, e, t, v, c, p)
                                for (k, s, e, t, v), c, p in zip(kept, compounds, probs)]),
            "matches": tuple(matches), "attribution": attribution, "sentiment": sentiment, "readability": read,
            "excluded": tuple([excluded_(s, e, text[s:e], r) for s, e, r in excluded]),
            # each quotation with whether it is a scare quote (its words are the author's); most
            # articles exclude no paragraph: no look-up a quote then
            "quotes": tuple([quote(s, e, text[s:e], n, c) for (s, e, n), c in zip(parts[2], res.scare_quotes())
                             if not (excluded and excluded_at(s))]),
            "attributions": attributions_of(attributions),
            "packs": tuple(f"{p.id}@{p.version}" for p in self.packs_), "classifiers": classifiers,
            "schema_version": SCHEMA_VERSION,
        }
        out = {f: data[f] for f in _ARTICLE_FIELDS}
        # only for a text with inline markers (MarkedArticleScore): a text without keeps its JSON
        found = res.suppressed()
        if found is not None:
            out["suppressed"] = _suppressed(text, *found, hint=self._marker_hint)
        return out

    def _marker_hint(self, unknown: str | None) -> str:
        """' (did you mean ...?)' for a marker's unknown name (the engine's warning row gives it), as
        --disable gives one; '' for another warning."""
        return "" if unknown is None else nearest_names(unknown, rule_names(self.packs_))


def full_rule_ids(rule_ids: Iterable[str]) -> dict[str, str]:
    """A rule's short name -> its full id ('modal-may' -> 'hedging.modal-may'), for the short names
    that name one rule only: one meaning, two spellings."""
    ids = list(rule_ids)
    short = Counter(i.split(".", 1)[1] for i in ids)
    return {i.split(".", 1)[1]: i for i in ids if short[i.split(".", 1)[1]] == 1}


def rule_names(packs) -> list[tuple[str, int, str]]:
    """The names --disable and an inline marker may give, as (name, kind, target): a rule id,
    a category (also `category:NAME`), a rule's name in any pack, a pack (also `pack:NAME`),
    and the finder's unnamed-source rule and its `sourcing` category; a bare name that is a
    category is the category. Rules turned off by --disable stay known names (a marker naming
    one silences nothing, and warns of nothing)."""
    rules = [r for p in packs for r in p.rules]
    categories = sorted({r.category for r in rules} | {"sourcing"})
    names: dict[str, tuple[int, str]] = {}
    for c in categories:
        names.setdefault(c, (_CATEGORY, c))
        names.setdefault(f"category:{c}", (_CATEGORY, c))
    ids = [r.id for r in rules] + [UNNAMED_RULE]
    # a rule's name that one rule alone holds means that rule: `off: hedging.modal-may` is closed
    # by `on: modal-may`; a name several packs' rules share means all of them
    full = full_rule_ids(ids)
    for rule_id in ids:
        name = rule_id.split(".", 1)[1]
        names.setdefault(rule_id, (_RULE, rule_id))
        names.setdefault(name, (_RULE, full[name]) if name in full else (_BARE, name))
    for p in packs:
        names.setdefault(p.id, (_PACK, p.id))
        names.setdefault(f"pack:{p.id}", (_PACK, p.id))
    return [(n, kind, target) for n, (kind, target) in names.items()]


def marker_names(packs, names) -> list[tuple[str, int, str, tuple[str, str] | None]]:
    """The engine's table of inline marker names: rule_names(packs) (as `names`), each rule id
    with its rule's (category, pack), so a marker naming a rule inside a category or pack already
    off says it is off already (core/src/suppress.rs)."""
    # the finder's unnamed-source rule: category sourcing, turned off with pack:speculation
    # a rule's pack is its id's first part, as a region tests a match by it
    of = {r.id: (r.category, r.id.split(".", 1)[0]) for p in packs for r in p.rules}
    of[UNNAMED_RULE] = ("sourcing", "speculation")
    return [(n, kind, target, of.get(target) if kind == _RULE else None) for n, kind, target in names]


def marker_counts(suppressed: dict | None) -> dict:
    """The numbers of an article's inline markers, from its `suppressed` (None: the text held
    none, or markers were off): {"markers": how many it held, "matches": how many matches they
    silenced, "warnings": how many warnings they gave (a misspelt marker silences nothing)}."""
    if suppressed is None:
        return {"markers": 0, "matches": 0, "warnings": 0}
    return {"markers": len(suppressed["markers"]), "matches": sum(g["matches"] for g in suppressed["regions"]),
            "warnings": len(suppressed["warnings"])}


def marker_columns(suppressed: dict | None) -> dict:
    """The corpus row's columns of an article's inline markers (marker_counts as
    `suppressed.markers`, `.matches`, `.warnings`), so an archive's rows show which texts edited
    their own figures, or meant to."""
    return {f"suppressed.{k}": v for k, v in marker_counts(suppressed).items()}


def _suppressed(text: str, regions, markers, warnings, hint=lambda unknown: "") -> dict:
    """ArticleScore.suppressed from the engine's rows: the regions (names as written, null for
    every rule, and how many matches each dropped), the markers and the warnings (each message
    followed by hint(the unknown name it gave, or None))."""
    return {"regions": [{"start": s, "end": e, "rules": names, "matches": n} for s, e, names, n in regions],
            "markers": [{"start": s, "end": e, "text": text[s:e]} for s, e in markers],
            "warnings": [{"start": s, "end": e, "line": line, "column": col, "message": message + hint(unknown)}
                         for s, e, line, col, message, unknown in warnings]}
