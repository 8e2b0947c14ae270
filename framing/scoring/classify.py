"""Sentence classifiers: native inference from safe model files.

A model scores one sentence at a time with a calibrated linear model over three feature blocks:

* ``word``  TF-IDF over word uni- and bigrams (punctuation marks are tokens too),
* ``char``  TF-IDF over character n-grams inside word boundaries,
* ``dense`` rule-pack hits by category and voice and by rule (``rule:...``), VADER scores
  (``vader:...``) and simple style features (``style:...``), each divided by its largest
  training value (older files: standardised).

The featurisation and the scores run in the native engine (`framing._core.ModelSet`), several
models at once; neither NumPy nor scikit-learn is imported to score. Model files are read by
framing.scoring.model_files, training is framing.learning.training (scikit-learn), evaluation framing.learning.evaluation.
In `framing score` the rule hits and quotations come from the article's own pass; a list of
sentences taken one by one gets them from framing.scoring.sentence_features.

Public API (stable)::

    shipped_models() -> list[str]
    load_model(name_or_dir) -> SentenceModel
    load_models(names=None) -> list[SentenceModel]
    load_classifier_set(models) -> ClassifierSet (names and directories through the prepared model blob)
    sentence_probabilities(sentences, models=None) -> {name: {threshold, probabilities, mean, share_above}}
    predict_proba_many(models, sentences) -> [np.ndarray of P(positive), one per model]
    SentenceModel.predict_proba(sentences) -> np.ndarray of P(positive)
    SentenceModel.predict(sentences) -> np.ndarray of bool (probability >= threshold)
    SentenceModel.explain(sentence, top=10) -> [(feature, contribution), ...]
    SentenceModel.name, .threshold, .positive_label, .card
    ClassifierSet(models): several models scored together (what Scorer uses)
    normalise, word_ngrams, char_ngrams: the text as the models cut it
    train, cross_validate, model_card (framing.learning.training); evaluate, metrics, roc_auc,
    read_labelled (framing.learning.evaluation); RuleFeatures, StyleFeatures (framing.learning.features)
"""
from __future__ import annotations

from array import array
from collections import Counter
from pathlib import Path

from .model_files import (CARD_FILE, FORMAT, FORMAT_VERSION, MODELS_DIR, SETTINGS_FILE, WEIGHTS_FILE, ModelError,
                          le_bytes, model_dir, read_model, shipped_models, write_model)
from ..engine.native import _core, boundary_text
from ..packs import as_list

__all__ = ["CARD_FILE", "FORMAT", "FORMAT_VERSION", "MODELS_DIR", "SETTINGS_FILE", "WEIGHTS_FILE", "ModelError",
           "ClassifierSet", "SentenceModel", "char_ngrams", "load_classifier_set", "load_model", "load_models", "normalise",
           "predict_proba_many", "sentence_probabilities", "shipped_models", "word_ngrams"]

_LEXICON = "lexicon|"  # prefix of the rule features of models trained on the lexicon rules alone
# Voices of an article's matches the sentence-alone features (what the models learnt) do not have:
# reported speech lies outside quotation marks, so a sentence alone is authorial there.
_VOICE_AS_TRAINED = {"reported": "authorial"}
_VOICES = ("authorial", "quoted", "reported")


def normalise(text: str) -> str:
    """Lower case with typographic quotes made straight: the form both analyzers see."""
    return _core.normalise_text(boundary_text(text))


def word_ngrams(text: str, lo: int = 1, hi: int = 2) -> list[str]:
    """Word n-grams (lo..hi) over tokens: words, contractions, and single punctuation marks."""
    return _core.word_ngrams_native(boundary_text(text), lo, hi)


def char_ngrams(text: str, lo: int = 2, hi: int = 5) -> list[str]:
    """Character n-grams (lo..hi) of each whitespace-separated word padded with one space."""
    return _core.char_ngrams_native(boundary_text(text), lo, hi)


def _as_list(sentences) -> list[str]:
    if isinstance(sentences, str):
        raise TypeError("predict_proba() takes a list of sentences, not one string")
    out = list(sentences)
    for i, s in enumerate(out):
        if not isinstance(s, str):
            raise TypeError(f"sentence {i} is {type(s).__name__}, not str")
    return out


def _features(model: SentenceModel) -> dict:
    """The model's feature settings (a prepared model's without reading its vocabularies)."""
    return (getattr(model, "light_", None) or model.settings)["features"]


def _dense_settings(model: SentenceModel) -> dict:
    return _features(model).get("dense") or {}


def _native_spec(model: SentenceModel) -> tuple:
    """The model as framing._core.ModelSet takes it. Rule features of a lexicon-only model are
    renamed: their counts come from the lexicon rules alone, not every rule."""
    s, a = model.settings, model.arrays
    fs = s["features"]
    blocks = [(b, *fs[b]["ngram_range"], fs[b]["sublinear_tf"], s[f"{b}_vocabulary"], le_bytes(a[f"{b}_idf"]),
               le_bytes(a[f"{b}_coef"])) for b in ("word", "char") if fs.get(b)]
    dense = _dense_settings(model)
    lexicon = dense.get("rules") == "lexicon"
    names = [_LEXICON + n if lexicon and n.startswith("rule:") else n for n in dense.get("names", [])]
    arrays = [le_bytes(a[k]) if names else b"" for k in ("dense_mean", "dense_scale", "dense_coef")]
    return (blocks, names, *arrays, a["intercept"][0], a["calibration"][0], a["calibration"][1])


class ClassifierSet:
    """Several sentence models scored together by the native engine: each sentence is cut into
    n-grams once and each n-gram looked up once for all of them.

    article_probabilities() takes the rule hits and quotations of an article pass; scores()
    finds them for sentences taken one by one (framing.scoring.sentence_features). word_cache: the most
    distinct words whose n-gram look-ups are kept between calls (news repeats its words; the
    cache starts afresh when full). scorer: a framing.Scorer whose compiled packs the
    sentence-alone rule features use (None: the shipped packs, compiled on first use).
    """

    def __init__(self, models, *, word_cache: int = 50_000, scorer=None, _native=None):
        self.models = tuple(models)
        self.word_cache = word_cache
        self.scorer = scorer
        if not isinstance(word_cache, int) or word_cache < 0:
            raise ValueError(f"word_cache must be a whole number >= 0; got {word_cache!r}")
        try:  # _native: these models' ModelSet read from the prepared model blob
            self.native_ = _native if _native is not None else _core.ModelSet([_native_spec(m) for m in self.models], word_cache)
        except ValueError as exc:
            raise ModelError(f"{', '.join(m.source for m in self.models)}: {exc}") from None
        self.given_ = {n: i for i, n in enumerate(self.native_.given_features())}
        self.needs_lexicon_ = any(n.startswith(_LEXICON) for n in self.given_)
        self.needs_vader_ = any(n.startswith("vader:") for n in self.given_)

    # -- the features handed to the engine
    def _given_rows(self, rows: list[dict[str, float]], prefix: str = "") -> list[tuple[int, int, float]]:
        index = self.given_
        out = []
        for i, feats in enumerate(rows):
            for k, v in feats.items():
                j = index.get(prefix + k)
                if j is not None:
                    out.append((i, j, v))
        return out

    def _featurizers(self) -> dict[str | None, object]:
        """One featurizer per way of counting rule hits the models need (built on first use)."""
        if getattr(self, "featurizers_", None) is None:
            from .sentence_features import SentenceFeaturizer

            dense = [_dense_settings(m) for m in self.models if _dense_settings(m).get("names")]
            per_rule = any(d.get("per_rule") for d in dense)
            found = {mode: SentenceFeaturizer(rules=mode, per_rule=per_rule, style=False, vader=False,
                                              scorer=self.scorer)
                     for mode in {d.get("rules") for d in dense} if mode}
            if self.needs_vader_ or (dense and not found):  # VADER, or only the quotations for style
                found[None] = SentenceFeaturizer(rules=None, per_rule=False, style=False, vader=self.needs_vader_,
                                                 scorer=self.scorer)
            self.featurizers_ = found
        return self.featurizers_

    def sentence_inputs(self, sentences: list[str]) -> tuple[list[int], list[tuple[int, int, float]]]:
        """(characters inside quotations, (sentence, given feature, value) triples) of sentences
        taken one by one: their rule hits and quotations are found in each sentence alone."""
        feats = self._featurizers()
        if not feats:
            return [0] * len(sentences), []
        quotes = next(iter(feats.values())).quotes(sentences)
        given: list[tuple[int, int, float]] = []
        for mode, f in feats.items():
            given += self._given_rows(f.given(sentences, quotes if mode else None), _LEXICON if mode == "lexicon" else "")
        return [sum(q.end - q.start for q in qs) for qs in quotes], given

    # -- scoring
    def scores(self, sentences: list[str], calibrated: bool = True) -> list[list[float]]:
        """[model][sentence] P(positive) (or, not calibrated, the decision values) of sentences
        taken one by one (see sentence_inputs)."""
        sentences = _as_list(sentences)
        if not sentences or not self.models:
            return [[] for _ in self.models]
        quoted, given = self.sentence_inputs(sentences)
        return self.native_.scores([boundary_text(s) for s in sentences], quoted, given, calibrated)

    def rule_features(self, rules) -> dict[tuple[str, str], tuple[int, ...]]:
        """{(rule id, voice): the given features one hit of that rule in that voice adds 1 to}, for
        the rules of the matcher whose matches article_probabilities gets (build it once a scorer).

        The features are counted as the models were trained (framing.scoring.sentence_features): only hits
        of these rules count (not ones another finder added), a hit in reported speech (outside
        quotation marks) as authorial, and a lexicon-only model's features only from the lexicon
        rules (a lexicon hit that lost an overlap to a regex rule's is then not counted, as it
        would be by the lexicon rules alone)."""
        index = self.given_
        out: dict[tuple[str, str], tuple[int, ...]] = {}
        for r in rules:
            for voice in _VOICES:
                keys = [f"rule:{r.category}:{_VOICE_AS_TRAINED.get(voice, voice)}", f"rule:{r.id}"]
                if r.pattern is None:
                    keys += [_LEXICON + k for k in keys]
                found = tuple(index[k] for k in keys if k in index)
                if found:
                    out[(r.id, voice)] = found
        return out

    def article_models(self, rules) -> tuple:
        """These models as framing._core.FullArticle takes them, counting the hits of the
        matcher whose rules are `rules` (by index, as the engine's hits name them): (ModelSet,
        names, thresholds, [(rule, voice, given features)] from rule_features(rules), rules)."""
        index = {r.id: i for i, r in enumerate(rules)}
        voice = {v: i for i, v in enumerate(_VOICES)}
        table = [(index[rule], voice[v], list(found)) for (rule, v), found in self.rule_features(rules).items()]
        return (self.native_, [m.name for m in self.models], [m.threshold for m in self.models], table, len(rules))

    def vader_given(self, sentences: list[str]) -> list[tuple[int, int, float]]:
        """(sentence, given feature, value) of the VADER features of sentences (models trained with
        vader=True), which the engine's article pass does not compute."""
        return self._given_rows(self._featurizers()[None].given(sentences)) if self.needs_vader_ else []

    def article_probabilities(self, sentences: list[str], quoted: list[int], hits, features,
                              digits: int | None = None) -> list[list[float]]:
        """[model][sentence] P(positive) of an article's sentences from the article's own pass, as
        plain data: quoted: each sentence's characters inside the article's quotations; hits: (row
        of the sentence in `sentences`, rule id, voice) of the article's rule matches; features:
        rule_features() of the rules that found them. digits: each probability rounded as
        round(p, digits) would (natively: a Python round per value was ~2% of the full profile)."""
        given = [(row, j, 1.0) for row, rule, voice in hits for j in features.get((rule, voice), ())]
        given += self.vader_given(sentences)
        return self.native_.scores([boundary_text(s) for s in sentences], list(quoted), given, True, digits)

    def contributions(self, k: int, sentence: str) -> tuple[list[tuple[str, float]], float]:
        """Every feature's contribution to model k's calibrated log-odds of `sentence` (taken
        alone), and the bias. Character n-grams are credited to the words they occur in."""
        (quoted,), rows = self.sentence_inputs([sentence])
        given = [(j, v) for _, j, v in rows]
        text = boundary_text(sentence)
        parts, intercept = self.native_.contributions(k, text, quoted, given)
        a, b = self.native_.calibration(k)
        out = [(f"word:{term}", a * c) for block, term, c in parts if block == "word"]
        out += [(name.removeprefix(_LEXICON), a * c) for block, name, c in parts if block == "dense"]
        chars = [(term, c) for block, term, c in parts if block == "char"]
        if chars:
            # A character n-gram means little alone: credit each to the words it occurs in (shared
            # n-grams split by occurrences), so the parts still sum to the block's total.
            lo, hi = _features(self.models[k])["char"]["ngram_range"]
            per_word: dict[str, Counter] = {}
            for word in _core.normalise_text(text).split():
                per_word.setdefault(word, Counter()).update(_core.char_ngrams_native(word, lo, hi))
            total: Counter = Counter()
            for grams in per_word.values():
                total.update(grams)
            credit: dict[str, float] = {}
            for g, c in chars:
                for word, grams in per_word.items():
                    if g in grams:
                        credit[word] = credit.get(word, 0.0) + a * c * grams[g] / total[g]
            out += [(f"chars:{word}", c) for word, c in credit.items()]
        return out, a * intercept + b


    def explain(self, k: int, sentence: str, top: int = 10) -> list[tuple[str, float]]:
        """Model k's `top` contributions to the log-odds of `sentence`, largest magnitude first
        (see SentenceModel.explain)."""
        if not isinstance(sentence, str):
            raise TypeError(f"explain() takes one sentence (a string); got {type(sentence).__name__}")
        if not isinstance(top, int) or top < 1:
            raise ValueError(f"top must be a whole number >= 1; got {top!r}")
        parts, _ = self.contributions(k, sentence)
        parts.sort(key=lambda p: (-abs(p[1]), p[0]))
        return parts[:top]


class SentenceModel:
    """A trained sentence classifier. Build with `framing.learning.training.train()` or `load_model()`.

    name: short name ("biased"); positive_label / negative_label: the labels it was trained on;
    threshold: probability at or above which a sentence counts as positive (chosen on
    cross-validated training predictions); card: the model card text (may be empty);
    settings, arrays: the stored settings and float arrays (array('d')).
    """

    def __init__(self, *, name: str, settings: dict, arrays: dict, card: str = "", source: str = "<memory>"):
        self.name = name
        self.settings = settings
        self.arrays = {k: v if isinstance(v, array) and v.typecode == "d" else array("d", v) for k, v in arrays.items()}
        self.card = card
        self.source = source
        self.threshold = float(settings["threshold"])
        self.positive_label = settings.get("positive_label")
        self.negative_label = settings.get("negative_label")

    def __repr__(self):
        return f"SentenceModel(name={self.name!r}, threshold={self.threshold:.3f}, source={self.source!r})"

    def _set(self) -> ClassifierSet:
        """This model alone as a ClassifierSet (built on first use)."""
        if getattr(self, "set_", None) is None:
            self.set_ = ClassifierSet([self])
        return self.set_

    def decision_function(self, sentences):
        """Uncalibrated linear score of each sentence (log-odds before calibration): a NumPy array."""
        import numpy as np

        return np.array(self._set().scores(_as_list(sentences), calibrated=False)[0], dtype=float)

    def predict_proba(self, sentences):
        """Calibrated P(positive) of each sentence: a 1-D NumPy float array, one value per sentence."""
        import numpy as np

        return np.array(self._set().scores(_as_list(sentences))[0], dtype=float)

    def predict(self, sentences):
        """True where P(positive) >= threshold."""
        return self.predict_proba(sentences) >= self.threshold

    def contributions(self, sentence: str) -> tuple[list[tuple[str, float]], float]:
        """Every feature's contribution to the calibrated log-odds of `sentence`, and the bias.

        sum(contributions) + bias == logit(predict_proba([sentence])[0]) (up to rounding).
        """
        return self._set().contributions(0, sentence)

    def explain(self, sentence: str, top: int = 10) -> list[tuple[str, float]]:
        """The `top` features that pushed this sentence's probability up (positive contribution,
        in log-odds) or down (negative), largest magnitude first. Feature names: 'word:<n-gram>',
        'chars:<word>' (the character n-grams of that word, summed), 'rule:...', 'style:...',
        'vader:...'. In older, standardised models a rule that does not fire can still push a
        little (contributions are relative to the average training sentence); in models scaled by
        the largest value (the default) an absent feature contributes nothing."""
        return self._set().explain(0, sentence, top)

    def save(self, directory: str | Path, card: str | None = None) -> Path:
        """Write model.json, weights.npz and MODEL_CARD.md into `directory` (created if needed)."""
        if card is not None:
            self.card = card
        return write_model(directory, self.name, self.settings, self.arrays, self.card)


def load_model(name_or_dir: str | Path) -> SentenceModel:
    """Load a shipped model by name ("biased") or a model directory written by `save()`.

    Reads only JSON and the float arrays of an .npz archive (framing.scoring.model_files); raises
    ModelError naming the file and the problem for anything missing, foreign, tampered or of
    another format version."""
    name, settings, arrays, card, source = read_model(name_or_dir)
    return SentenceModel(name=name, settings=settings, arrays=arrays, card=card, source=source)


def load_models(names=None) -> list[SentenceModel]:
    """Several models at once (default: every shipped model)."""
    return [load_model(n) for n in (shipped_models() if names is None else as_list(names))]


# The prepared model blob: the ModelSet of a set of stored models as bytes (ModelSet.to_blob: its
# tables as they are, term tables included, so reading it back hashes no term) with each model's
# settings but its vocabularies (its weights are the ModelSet's), in the compiled-pack cache's
# directory and file format (framing.packs: length and CRC-32 checked before reading). Named by a
# sha256 of the engine build (framing._core's version, size and mtime), this code, and each model
# file's path, length and CRC-32 (a changed model or engine is another file, never a stale one). A
# blob that is missing, unreadable or damaged is ignored: the models are read from their files and
# the blob written afresh.
_BLOB_FORMAT = 1


class _PreparedModel(SentenceModel):
    """A stored model as the prepared model blob knows it: its settings but the vocabularies
    (`light_`). `settings` and `arrays` read the whole model from its files when first asked for
    (predict_proba, save); scoring in a ClassifierSet read from the blob needs neither."""

    def __init__(self, *, name: str, light: dict, card: str, source: str):
        self.light_ = light
        self.full_ = None
        self.name, self.card, self.source = name, card, source
        self.threshold = float(light["threshold"])
        self.positive_label = light.get("positive_label")
        self.negative_label = light.get("negative_label")

    def _full(self) -> tuple[dict, dict]:
        if self.full_ is None:
            _, settings, arrays, _, _ = read_model(self.source)
            self.full_ = (settings, arrays)
        return self.full_

    @property
    def settings(self) -> dict:
        return self._full()[0]

    @settings.setter
    def settings(self, value: dict) -> None:
        self.full_ = (value, self._full()[1])

    @property
    def arrays(self) -> dict:
        return self._full()[1]

    @arrays.setter
    def arrays(self, value: dict) -> None:
        self.full_ = (self._full()[0], value)


def _blob_entry(dirs: list[Path]) -> Path | None:
    """The prepared model blob's file of these model directories, or None (no cache directory, a
    file that cannot be read)."""
    import sys
    import zlib

    from .. import packs
    from . import model_files

    where = packs.pack_cache_dir()
    if where is None:
        return None
    try:
        h = packs._cache_hash(_BLOB_FORMAT, (sys.modules[__name__], model_files))
        for d in dirs:
            for f in (SETTINGS_FILE, WEIGHTS_FILE, CARD_FILE):
                p = d / f
                data = p.read_bytes() if f != CARD_FILE or p.is_file() else b""
                h.update(f"\0{p.resolve()}\0{len(data)}\0{zlib.crc32(data)}".encode())
    except (OSError, ValueError, AttributeError):
        return None
    return where / f"models-{h.hexdigest()}.bin"


def load_classifier_set(models, *, word_cache: int = 50_000, scorer=None) -> ClassifierSet:
    """ClassifierSet(models) (same scores), models given as SentenceModel objects or as names and
    directories (load_model); names and directories alone are read through the prepared model blob
    (see above): a fresh process then neither reads nor hashes the vocabularies."""
    from ..packs import _cache_load, _cache_store

    items = as_list(models)
    if any(isinstance(m, SentenceModel) for m in items):
        return ClassifierSet(_models(items), word_cache=word_cache, scorer=scorer)
    entry = _blob_entry([model_dir(m) for m in items])
    data = _cache_load(entry) if entry is not None else None
    if data is not None:
        try:
            native = _core.ModelSet.from_blob(data["blob"], word_cache)
            ms = [_PreparedModel(name=m["name"], light=m["light"], card=m["card"], source=m["source"])
                  for m in data["models"]]
            if len(native) == len(ms):
                return ClassifierSet(ms, word_cache=word_cache, scorer=scorer, _native=native)
        except Exception:  # noqa: BLE001 - whatever is wrong with a blob, the models are read from their files
            pass
    ms = [load_model(m) for m in items]
    out = ClassifierSet(ms, word_cache=word_cache, scorer=scorer)
    if entry is not None:
        light = [{"name": m.name, "card": m.card, "source": m.source,
                  "light": {k: v for k, v in m.settings.items() if not k.endswith("_vocabulary")}} for m in ms]
        try:
            _cache_store(entry, {"models": light, "blob": out.native_.to_blob()})
        except ValueError:  # settings marshal cannot hold: no blob
            pass
    return out


def _models(models) -> list[SentenceModel]:
    return [m if isinstance(m, SentenceModel) else load_model(m) for m in models] if models is not None \
        else load_models()


def predict_proba_many(models, sentences) -> list:
    """[m.predict_proba(sentences) for m in models], the same values, with one n-gram look-up for all."""
    import numpy as np

    return [np.array(p, dtype=float) for p in ClassifierSet(_models(models)).scores(_as_list(sentences))]


def sentence_probabilities(sentences, models=None) -> dict[str, dict]:
    """Probabilities of every sentence under each model, with the article-level summary that
    `framing score`/`compare` report: {name: {"threshold", "probabilities" (list, one per sentence),
    "mean", "share_above" (share of sentences with probability >= threshold)}}.

    models: SentenceModel objects or names/directories (default: every shipped model).
    """
    sentences = _as_list(sentences)
    ms = _models(models)
    out = {}
    for m, p in zip(ms, ClassifierSet(ms).scores(sentences)):
        out[m.name] = {
            "threshold": m.threshold,
            "probabilities": [round(v, 4) for v in p],
            "mean": round(sum(p) / len(p), 4) if p else 0.0,
            "share_above": round(sum(v >= m.threshold for v in p) / len(p), 4) if p else 0.0,
        }
    return out

