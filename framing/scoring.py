"""Scoring: sentence and article scores from segmentation, voice, rule matches and attribution."""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from .attribution import (UNNAMED_RULE, NativeAttributionFinder, attribution_summary, reported_regions,
                          unnamed_matches)
from .matching import Matcher, longest_per_category, match_view, phrases_pattern
from .native import _core, boundary_text
from .packs import (Pack, PackError, as_list, check_config, data_dir, default_pack_paths, load_config, load_packs,
                    pack_file_key)
from .readability import Readability
from .results import AUTHORIAL, QUOTED, REPORTED, TOO_LONG, ArticleScore, Excluded, SentenceScore
from .segment import WORD_RE, Abbreviations, segment

FURNITURE = "furniture"
PROFILES = ("full", "rules")


def _vader():
    """The native VADER analyser, built from vaderSentiment's own data files (a few milliseconds)."""
    from .sentiment import SentimentAnalyzer

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


def _feature(d: dict, path: str):
    for part in path.split("."):
        if not isinstance(d, dict) or part not in d:
            return None
        d = d[part]
    return d if isinstance(d, (int, float)) and not isinstance(d, bool) else None


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
    """

    def __init__(self, packs: list[Pack] | None = None, *, extra_packs: Iterable[str] = (),
                 disabled: Iterable[str] = (), config: dict | None = None,
                 overlap: Callable = longest_per_category, sentiment: bool = True,
                 readability: bool = True, syllables: str = "pyphen", profile: str = "full",
                 classifiers=None, ignore: Iterable[str] = ()):
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
        categories = {r.category for p in packs for r in p.rules}
        known = {r.id for p in packs for r in p.rules} | categories | {f"category:{c}" for c in categories} \
            | {p.id for p in packs} | {f"pack:{p.id}" for p in packs} | {r.id.split(".", 1)[1] for p in packs for r in p.rules} \
            | {UNNAMED_RULE, UNNAMED_RULE.split(".", 1)[1], "sourcing", "category:sourcing"}
        unknown = sorted(disabled - known)
        if unknown:
            raise PackError([f"--disable: no rule, pack or category named {', '.join(map(repr, unknown))}"])
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
        self.attribution_ = NativeAttributionFinder()
        # the finder's matches for unnamed sources extend the speculation pack's sourcing rules, and
        # turn off with them
        # (so only where the speculation pack is loaded)
        self.unnamed_matches_ = any(p.id == "speculation" for p in packs) and not disabled & {
            UNNAMED_RULE, UNNAMED_RULE.split(".", 1)[1], "sourcing", "category:sourcing", "pack:speculation"}
        self.vader_ = _vader() if self.sentiment and full else None
        self.readability_ = Readability(self.syllables) if self.readability and full else None
        self.classifiers_ = self._load_classifiers() if full else ()

    def compile_patterns(self) -> Scorer:
        """Prepare the scorer and compile every pattern of its matchers now instead of on first
        use (framing.corpus does it before forking workers, which then share them)."""
        self._prepare()
        for m in (self.furniture_, self.matcher_, getattr(self, "classifier_matcher_", None)):
            if m is not None:
                m.compile()
        return self

    def _load_classifiers(self) -> tuple:
        if self.classifiers is False or self.classifiers == ():
            return ()
        from .classify import ClassifierSet, ModelError, SentenceModel, load_model, shipped_models  # native

        wanted = shipped_models() if self.classifiers is None or self.classifiers is True \
            else as_list(self.classifiers)
        try:
            models = tuple(m if isinstance(m, SentenceModel) else load_model(m) for m in wanted)
            self.classifier_set_ = ClassifierSet(models) if models else None
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
        if models:
            self.classifier_features_ = self.classifier_set_.rule_features(
                (self.classifier_matcher_ or self.matcher_).rules)
        return models

    def _compounds(self, text: str, spans: list[tuple[int, int]]) -> list[float]:
        """VADER compound of each sentence span, in one native call; an overlong sentence
        (sentiment.max_sentence_words) is scored in word windows, averaged by words."""
        return self.vader_.sentence_compounds(text, spans, self._setting("sentiment", "max_sentence_words", 120))

    def _classify(self, sentences: list[tuple[int, str, str, int]], hits) -> tuple[dict[int, dict[str, float]], dict]:
        """Each model's probability per sentence, and its mean and share above its threshold over
        the authorial sentences (the outlet's own voice, like the category rates), from plain data
        of the article's own pass: sentences as (index, text, voice, characters inside quotations),
        hits as (sentence index, rule id, voice) of the rule matches (of classifier_matcher_ when
        the scorer has one, else of matcher_). Returns ({sentence index: {model: probability}},
        {model: summary})."""
        # A sentence without a word ("***", an emoji line) gives a model nothing to go on: its
        # probability would be the bias term alone, so it is left unscored and out of the summary.
        scored = [s for s in sentences if WORD_RE.search(s[1])]
        row = {s[0]: i for i, s in enumerate(scored)}
        all_probs = self.classifier_set_.article_probabilities(
            [s[1] for s in scored], [s[3] for s in scored],
            [(row[k], rule, voice) for k, rule, voice in hits if k in row], self.classifier_features_)
        per_sentence: dict[int, dict[str, float]] = {s[0]: {} for s in sentences}
        summary = {}
        for model, probs in zip(self.classifiers_, all_probs):
            probs = [round(p, 4) for p in probs]
            name = model.name
            auth = []
            for s, p in zip(scored, probs):
                per_sentence[s[0]][name] = p
                if s[2] == AUTHORIAL:
                    auth.append(p)
            summary[name] = {
                "threshold": model.threshold,
                "mean": round(sum(auth) / len(auth), 4) if auth else 0.0,
                "share_above": round(sum(p >= model.threshold for p in auth) / len(auth), 4) if auth else 0.0,
            }
        return per_sentence, summary

    def _setting(self, section: str, key: str, default):
        return self.config_.get(section, {}).get(key, default)

    def _excluded(self, text: str, seg, view: str | None = None, limits: dict | None = None) -> list[Excluded]:
        """Publisher furniture: every line holding a furniture match, plus the footer block: the
        short lines without sentence punctuation after the last such line, when little prose
        follows it. A headline or subheading under a furniture line at the top or in the middle
        of an article is text, not footer."""
        found: dict[tuple[int, int], str] = {}
        paras = seg.paragraphs  # sorted and disjoint: bisect, so a long text stays linear
        starts = [s for s, _ in paras]
        stopped: dict = {}
        cands = self.furniture_.candidates(text, view, limits=stopped)
        # A look-around rule searches no region over lookaround_max_bytes: on a longer text it runs
        # paragraph by paragraph (a line of furniture is a paragraph), and what stops it there counts.
        long = [r for r, why in stopped.items() if why == TOO_LONG]
        if long:
            by_line: dict = {}
            cands += self.furniture_.window_candidates(text, seg.paragraphs, long, by_line)
            stopped = {r: why for r, why in stopped.items() if why != TOO_LONG} | by_line
        if limits is not None:
            limits.update(stopped)
        for c in cands:
            i = bisect.bisect_right(starts, c.start) - 1
            if i >= 0 and c.start < paras[i][1]:  # the paragraph holding the match's start
                found.setdefault(paras[i], c.rule.id)
            i += 1
            while i < len(paras) and starts[i] < c.end:  # paragraphs the match runs into
                found.setdefault(paras[i], c.rule.id)
                i += 1
        if not found:
            return []
        trailing_max = self._setting("furniture", "trailing_max_words", 8)
        last = max(found)
        after = [(s, e, len(WORD_RE.findall(text, s, e))) for s, e in seg.paragraphs if s > last[0]]
        prose = sum(n for _, _, n in after if n > trailing_max)
        # A footer closes an article: more of the article stands above the furniture line than
        # below it, and what is below is mostly short lines.
        if (prose <= self._setting("furniture", "footer_max_prose_words", 60)
                and len(WORD_RE.findall(text, 0, last[0])) > sum(n for _, _, n in after)):
            for s, e, n in after:
                # a last line ending '."' or '.”' is a sentence, not a footer: look past closing marks
                if n <= trailing_max and text[s:e].rstrip(" \t\"'”’»)]")[-1:] not in (".", "!", "?"):
                    found.setdefault((s, e), "furniture.trailing-block")
        return [Excluded(start=s, end=e, text=text[s:e], rule=r) for (s, e), r in sorted(found.items())]

    def score(self, text: str, source: str = "<text>") -> ArticleScore:
        self._prepare()
        if not isinstance(text, str):
            raise TypeError(f"score() needs str text; got {type(text).__name__}")
        seg = segment(text, self.abbreviations_, self._setting("segmentation", "max_unclosed_quote_chars", 600))
        view = match_view(text)
        limits: dict = {}  # rule id -> why a limit stopped its search (ArticleScore.limits)
        excluded = self._excluded(text, seg, view, limits)
        ex_starts = [x.start for x in excluded]  # sorted, disjoint paragraphs

        def excluded_at(pos: int) -> bool:
            i = bisect.bisect_right(ex_starts, pos) - 1
            return i >= 0 and pos < excluded[i].end

        skipped = {s.index for s in seg.sentences if excluded_at(s.start)}
        skip = skipped.__contains__
        matches = self.matcher_.match(seg, skip, view, limits)
        kept = [s for s in seg.sentences if s.index not in skipped]

        # Attribution, and the voice it gives: the content of an attribution outside quotation
        # marks is the source's (reported) voice, so its matches and words leave the author's rates.
        attributions = self.attribution_.find(seg, skip, view)
        if self.unnamed_matches_:
            found = unnamed_matches(attributions, matches,
                                    float(self._setting("attribution", "unnamed_source_weight", 0.4)))
            if found and self.ignore_re_ is not None:
                ignored = [m.span() for m in self.ignore_re_.finditer(view)]
                found = [m for m in found if not any(a <= m.start and m.end <= b for a, b in ignored)]
            matches = sorted(matches + found, key=lambda m: (m.start, m.end, m.rule))
        # Words by voice over the scored text (the engine's voice_tallies): words inside quotation
        # marks are quoted, words in an attribution's content outside them reported; a sentence mostly
        # in indirect speech is the source's, like one mostly quoted. An unnamed source inside a named
        # one's reported speech is the named source's, too.
        total, auth, rep, voices, reported_at = _core.voice_tallies(
            boundary_text(text), reported_regions(attributions, seg), seg.voice,
            [(s.start, s.end, s.voice == QUOTED) for s in kept], [seg.sentence_words[s.index] for s in kept],
            [m.start for m in matches if m.voice == AUTHORIAL])
        at = iter(reported_at)
        matches = [replace(m, voice=REPORTED) if m.voice == AUTHORIAL and next(at) else m for m in matches]
        sent_voice = {s.index: v for s, v in zip(kept, voices)}
        quoted_words = total - auth - rep

        compounds = self._compounds(text, [(s.start, s.end) for s in kept]) if self.vader_ is not None \
            else [0.0] * len(kept)
        sentences = [SentenceScore(index=s.index, start=s.start, end=s.end, text=s.text, voice=sent_voice[s.index],
                                   sentiment=round(c, 4)) for s, c in zip(kept, compounds)]

        categories = {}
        n_auth_sent = sum(1 for v in sent_voice.values() if v == AUTHORIAL)
        n_rep_sent = sum(1 for v in sent_voice.values() if v == REPORTED)
        n_quot_sent = len(kept) - n_auth_sent - n_rep_sent
        cats = list(self.categories_) + sorted({m.category for m in matches} - set(self.categories_))
        cat_of = {c: k for k, c in enumerate(cats)}
        voice_ix = {AUTHORIAL: 0, QUOTED: 1, REPORTED: 2}
        by_sentence = [None] * len(seg.sentences)
        for s in kept:
            by_sentence[s.index] = voice_ix[sent_voice[s.index]]
        # (count, summed weight, sentences of that voice hit) per category and voice, in one call
        tallies = iter(_core.category_tallies(
            len(cats), [(cat_of[m.category], voice_ix[m.voice], m.sentence, m.weight) for m in matches], by_sentence))
        for cat in cats:
            entry = {}
            for voice, words, nsent in ((AUTHORIAL, auth, n_auth_sent), (QUOTED, quoted_words, n_quot_sent),
                                        (REPORTED, rep, n_rep_sent)):
                count, weighted, hits = next(tallies)
                entry[voice] = {
                    "count": count,
                    "weighted": round(weighted, 3) if count else 0,
                    "per_1000_words": round(count * 1000.0 / words, 3) if words else 0.0,
                    "sentence_share": round(hits / nsent, 4) if nsent else 0.0,
                }
            categories[cat] = entry

        attribution = attribution_summary(seg, matches, attributions,
                                          self._setting("attribution", "min_quote_words", 4), auth, total)
        classifiers = {}
        if self.classifiers_:
            hits = matches if self.classifier_matcher_ is None else self.classifier_matcher_.match(seg, skip, view)
            probs, classifiers = self._classify(
                [(s.index, s.text, s.voice, seg.voice.quoted_chars(s.start, s.end)) for s in sentences],
                [(m.sentence, m.rule, m.voice) for m in hits])
            sentences = [replace(s, classifiers=probs[s.index]) for s in sentences]
        auth_sent = [s.sentiment for s in sentences if s.voice == AUTHORIAL]
        sentiment = {
            "mean": round(sum(auth_sent) / len(auth_sent), 4) if auth_sent else 0.0,
            "mean_abs": round(sum(abs(x) for x in auth_sent) / len(auth_sent), 4) if auth_sent else 0.0,
            "sentences": len(auth_sent),
            "enabled": self.vader_ is not None,
        }
        read = {}
        if self.readability_ is not None:
            read = self.readability_.scores("\n".join(s.text for s in kept))
        partial = {"categories": categories, "attribution": attribution}
        index = 0.0
        for term in self._setting("index", "terms", []):
            v = _feature(partial, term["feature"])
            index += float(term["weight"]) * (v or 0.0)
        min_words = self._setting("rates", "min_words_for_rates", 150)
        return ArticleScore(
            source=source, words=total, authorial_words=auth, quoted_words=quoted_words, reported_words=rep,
            attributions=tuple(attributions),
            sentences=tuple(sentences), matches=tuple(matches), categories=categories,
            attribution=attribution, sentiment=sentiment, readability=read,
            excluded=tuple(excluded), index=round(index, 3),
            quotes=tuple(q for q in seg.quotes if not excluded_at(q.start)),
            packs=tuple(f"{p.id}@{p.version}" for p in self.packs_),
            rates_reliable=auth >= min_words, classifiers=classifiers, limits=dict(sorted(limits.items())),
        )
