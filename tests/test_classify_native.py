"""The native classifiers against their references: the Python analyzers they replaced (kept here
as the oracle), scikit-learn's fitted pipeline on held-back development sentences, hand-computed
scores, and the start-up of `framing score` (no NumPy or scikit-learn).

Dataset sentences are read from ../shared/data at test time, never copied here.
"""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import threading

import numpy as np
import pytest
from conftest import ROOT, shared_data
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.engine.native import boundary_text
from framing.scoring import classify
from framing.learning import training
from framing.scoring.classify import ClassifierSet, SentenceModel
from framing.scoring.model_files import ModelError
from framing.scoring.sentence_features import STYLE, style_features

# ---------------------------------------------------------------------------------------------
# The Python analyzers the engine replaced, verbatim: the oracle of the differential tests.

_NORM = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("«", '"'), ("»", '"'))
_TOKEN_RE = re.compile(r"\w+(?:'\w+)*|[^\w\s]")
_FIRST = frozenset("i me my mine myself we us our ours ourselves".split())
_SECOND = frozenset("you your yours yourself yourselves".split())
_MODALS = frozenset("may might could would should must can will shall ought".split())
_NEGATION = frozenset("not no never nor none nothing neither n't cannot".split())
_STYLE_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


def py_normalise(text: str) -> str:
    text = text.lower()
    for a, b in _NORM:
        text = text.replace(a, b)
    return text


def py_word_ngrams(text: str, lo: int = 1, hi: int = 2) -> list[str]:
    toks = _TOKEN_RE.findall(py_normalise(text))
    out = toks[:] if lo <= 1 else []
    for n in range(max(lo, 2), hi + 1):
        out.extend([" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)])
    return out


def py_char_ngrams(text: str, lo: int = 2, hi: int = 5) -> list[str]:
    out: list[str] = []
    for w in py_normalise(text).split():
        w = f" {w} "
        k = len(w)
        for n in range(lo, min(hi, k) + 1):
            out += [w[i:i + n] for i in range(k - n + 1)]
    return out


def py_style(sentence: str, quoted_chars: int) -> list[float]:
    words = _STYLE_WORD_RE.findall(sentence)
    nw = len(words) or 1
    chars = first = second = modals = neg = digits = capital = caps = 0
    for i, w in enumerate(words):
        lw = w.lower()
        chars += len(w)
        if lw in _FIRST:
            first += 1
        elif lw in _SECOND:
            second += 1
        elif lw in _MODALS:
            modals += 1
        if lw in _NEGATION or lw.endswith("n't"):
            neg += 1
        if w.isdigit():
            digits += 1
        elif i and w[0].isupper():
            capital += 1
            if len(w) > 1 and w.isupper():
                caps += 1
    return [math.log1p(len(words)), chars / nw, quoted_chars / (len(sentence) or 1), float(bool(quoted_chars)),
            float(first), float(second), float(sentence.count("?")), float(sentence.count("!")), float(modals),
            float(neg), float(digits), capital / nw, float(caps)]


# Letters, marks, digits of several scripts, titlecase and special-cased letters, every kind of
# space and quote, apostrophes, surrogates.
ALPHABET = st.sampled_from(list("aZ09_ '’‘“”„«»\"-.,!?:;()\t\n\u00a0\u2028\u3000\x1c\x85") + [
    "İ", "ẞ", "ß", "ǅ", "ᾈ", "Σ", "ς", "é", "e\u0301", "\u0345", "٣", "²", "½", "Ⅻ", "ﬁ", "😀", "\u200b",
    "\ufffd", "\ud800", "\u05d0", "ー"])
TEXT = st.lists(ALPHABET, max_size=40).map("".join)
ODD_TEXTS = ["İstanbul'un İİ ẞtraße ǅemal ΣΑΣ", "tab\there\u00a0nbsp\u3000ideo\x85next\u2028line", "a lone \ud800 surrogate",
             "👩‍👩‍👧 family 😀😀", "x", "", "   ", "reckless reckless reckless reckless!", "a" * 300,
             "\u201cOutrageous,\u201d she said \u2014 \u2018disgraceful\u2019 \u00abplan\u00bb.", "AǅB Ǆ ᾈᾈ NASA's can't'"]


def _no_surrogates(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text)  # what crosses the boundary (framing.engine.native)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(1, 3), st.integers(0, 3), st.integers(0, 30))
def test_native_cutting_and_style_equal_the_python_analyzers(text, lo, extra, quoted):
    text = _no_surrogates(text)
    hi = lo + extra
    assert classify.normalise(text) == py_normalise(text)
    assert classify.word_ngrams(text, lo, hi) == py_word_ngrams(text, lo, hi)
    assert classify.char_ngrams(text, lo + 1, hi + 2) == py_char_ngrams(text, lo + 1, hi + 2)
    assert style_features([text], [quoted])[0] == pytest.approx(py_style(text, quoted), rel=1e-12, abs=1e-12)


def test_native_cutting_equals_the_python_analyzers_on_every_dev_sentence():
    texts = [json.loads(line)["text"] for name in ("babe_train.jsonl", "checkthat2023_dev.jsonl",
                                                   "factbank_uncertainty_train.jsonl")
             for line in shared_data(name).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 5000
    for t in texts:
        assert classify.word_ngrams(t) == py_word_ngrams(t) and classify.char_ngrams(t) == py_char_ngrams(t), t
    got = style_features(texts, [len(t) // 3 for t in texts])
    want = [py_style(t, len(t) // 3) for t in texts]
    assert np.allclose(got, want, rtol=1e-12, atol=1e-12)


def test_lower_casing_with_the_final_sigma_agrees_with_the_running_python_on_every_character():
    # core/src/case_tables.rs comes from the interpreter that generated it: probe each character
    # before and after a capital sigma, as core/tools/gen_case_tables.py does.
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for text in (" ".join("a" + c + "Σ" for c in chars), " ".join("aΣ" + c for c in chars)):
        assert classify.normalise(text) == py_normalise(text)


def test_style_features_by_hand():
    # words We MUST not say 42 NASA's thing: 7 words of 25 characters, in 34 characters, 7 quoted
    (f,) = style_features(["We MUST not say 42 NASA's \"thing\"?"], [7])
    got = dict(zip(STYLE, f))
    assert got["words_log"] == pytest.approx(math.log(8)) and got["chars_per_word"] == pytest.approx(25 / 7)
    assert got["quote_share"] == pytest.approx(7 / 34) and got["has_quote"] == 1.0
    assert (got["first_person"], got["modals"], got["negation"], got["digits"], got["question"]) == (1, 1, 1, 1, 1)
    assert got["capitalised_share"] == pytest.approx(2 / 7) and got["all_caps"] == 1.0  # MUST; not NASA's


# ---------------------------------------------------------------------------------------------
# Scores by hand, saturation, odd input.

def hand_model(intercept: float = -1.0, a: float = 2.0, b: float = 0.5) -> SentenceModel:
    settings_ = {"threshold": 0.5, "positive_label": "1", "negative_label": "0",
                 "features": {"word": {"ngram_range": [1, 1], "sublinear_tf": True},
                              "dense": {"names": ["rule:loaded_language:authorial", "style:question"],
                                        "rules": "full", "per_rule": False, "style": True, "vader": False,
                                        "scaler": "maxabs"}},
                 "word_vocabulary": ["bad", "plan"]}
    arrays = {"word_idf": [2.0, 1.0], "word_coef": [3.0, -1.0], "dense_mean": [0.0, 0.0], "dense_scale": [2.0, 1.0],
              "dense_coef": [1.5, 0.25], "intercept": [intercept], "calibration": [a, b]}
    return SentenceModel(name="hand", settings=settings_, arrays=arrays)


def test_a_probability_computed_by_hand():
    m = hand_model()
    # "The bad, bad plan is reckless?": bad twice (tf 1 + ln 2, idf 2), plan once (tf 1, idf 1);
    # 'reckless' is one loaded-language hit (scaled by 2); one question mark.
    v_bad, v_plan = (1 + math.log(2)) * 2.0, 1.0
    z = (v_bad * 3.0 - v_plan) / math.hypot(v_bad, v_plan) + 1.5 * 1 / 2.0 + 0.25 * 1 - 1.0
    want = 1 / (1 + math.exp(-(2.0 * z + 0.5)))
    (got,) = m.predict_proba(["The bad, bad plan is reckless?"])
    assert got == pytest.approx(want, abs=1e-12)
    parts, bias = m.contributions("The bad, bad plan is reckless?")
    assert dict(parts)["rule:loaded_language:authorial"] == pytest.approx(2.0 * 0.75)
    assert sum(c for _, c in parts) + bias == pytest.approx(2.0 * z + 0.5, abs=1e-12)


def test_extreme_scores_saturate():
    assert hand_model(intercept=1e6).predict_proba(["plan"])[0] == 1.0
    assert hand_model(intercept=-1e6).predict_proba(["plan"])[0] == 0.0
    assert hand_model(intercept=-30.0, a=1.0, b=0.0).predict_proba(["x"])[0] == pytest.approx(
        math.exp(-30) / (1 + math.exp(-30)), rel=1e-12)


def test_contributions_add_up_to_the_log_odds_on_odd_text():
    for m in classify.load_models():
        z = m.decision_function(ODD_TEXTS)
        a, b = m._set().native_.calibration(0)
        for t, zi in zip(ODD_TEXTS, z):
            parts, bias = m.contributions(t)
            assert sum(c for _, c in parts) + bias == pytest.approx(a * zi + b, rel=1e-9, abs=1e-9), (m.name, t)


def test_the_engine_refuses_bad_calls_with_a_value_error_never_a_panic():
    from framing import _core

    spec = classify._native_spec(hand_model())
    with pytest.raises(ValueError, match="non-finite"):
        _core.ModelSet([(spec[0], spec[1], spec[2], spec[3], b"\0\0\0\0\0\0\xf8\x7f" * 2, *spec[5:])])
    with pytest.raises(ValueError, match="2 values for 1 features|values for"):
        _core.ModelSet([(spec[0], spec[1][:1], *spec[2:])])
    with pytest.raises(ValueError, match="bytes"):
        _core.ModelSet([(spec[0], spec[1], b"123", *spec[3:])])
    s = _core.ModelSet([spec])
    with pytest.raises(ValueError):
        s.scores(["a"], [0, 1], [])
    assert s.scores(["a"], [0], [(5, 99, 1.0)]) == s.scores(["a"], [0], [])  # out-of-range inputs are dropped
    with pytest.raises(ValueError, match="no model 3"):
        s.contributions(3, "a", 0, [])
    assert _core.word_ngrams_native("a b", 3, 1) == [] and _core.char_ngrams_native("ab", 9, 10**6) == []


@pytest.fixture(scope="module")
def shipped_set():
    return ClassifierSet(classify.load_models())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=4))
def test_any_unicode_gets_probabilities_in_0_1_the_same_every_time(shipped_set, texts):
    first = shipped_set.scores(texts)
    assert first == shipped_set.scores(texts) and all(len(p) == len(texts) for p in first)
    assert all(0.0 <= v <= 1.0 for p in first for v in p)
    z = shipped_set.scores(texts, calibrated=False)
    assert all(math.isfinite(v) for p in z for v in p)


def test_probabilities_rounded_natively_are_pythons_round_of_each(shipped_set):
    """digits=4 (what framing score reports) rounds each probability as round(p, 4) does, on every
    sentence of a dev article set; the ties of the fifth decimal round to even, as in Python."""
    texts = []
    with shared_data("polnear_dev.jsonl").open(encoding="utf-8") as f:
        for line in f:
            texts += json.loads(line)["text"].split(". ")
    texts = [boundary_text(t) for t in texts[:3000] + ODD_TEXTS]
    exact = shipped_set.native_.scores(texts, [0] * len(texts), [])
    rounded = shipped_set.native_.scores(texts, [0] * len(texts), [], True, 4)
    assert rounded == [[round(p, 4) for p in col] for col in exact]
    assert shipped_set.article_probabilities(texts[:5], [0] * 5, [], {}, digits=4) == [c[:5] for c in rounded]
    # a logistic of 0 is 0.5 exactly; 0.03125 and 0.09375 are ties of the fifth decimal (to even)
    m = hand_model(intercept=0.0, a=1.0, b=0.0)
    assert m._set().native_.scores([""], [0], [], True, 4) == [[0.5]]
    assert [round(0.03125, 4), round(0.09375, 4)] == [0.0312, 0.0938]


# ---------------------------------------------------------------------------------------------
# Several models together, threads.

def test_models_scored_together_give_each_its_own_probabilities_to_the_bit():
    texts = ODD_TEXTS + ["Officials said the plan may fail.", "The reckless plan is a disgrace!"]
    shipped = classify.load_models()
    models = shipped + [hand_model()]
    together = ClassifierSet(models).scores(texts)
    for m, p in zip(models, together):
        assert p == list(m.predict_proba(texts)), m.name
    for size in (0, 3):  # a word cache that keeps starting afresh, over calls
        small = ClassifierSet(models, word_cache=size)
        assert small.scores(texts) == together and small.scores(texts[::-1]) == [p[::-1] for p in together]
    assert ClassifierSet(shipped).scores([]) == [[], [], []]


def test_threads_scoring_at_once_each_get_their_own_answer():
    s = ClassifierSet(classify.load_models())
    batches = [[f"The council {w} the plan on day {i}." for i in range(40)] for w in ("approved", "slammed")]
    want = [s.scores(b) for b in batches]
    got, errors = [], []

    def run(k):
        try:
            for i in range(10):
                got.append(((i + k) % 2, s.scores(batches[(i + k) % 2])))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(got) == 40 and all(p == want[k] for k, p in got)


# ---------------------------------------------------------------------------------------------
# The article path: rule hits and quotations from the article's own pass.

def test_framing_score_takes_rule_hits_from_the_article_pass_not_a_matcher_per_sentence(monkeypatch):
    import framing
    from framing.scoring import sentence_features

    sentences = ["The reckless plan failed.", "Officials said the bridge may have been damaged.",
                 "The council approved the budget on Tuesday.", "Critics called it a \"disgraceful\" sham."]
    want = {m.name: m.predict_proba(sentences) for m in classify.load_models()}  # each sentence alone

    def boom(*a, **k):
        raise AssertionError("a sentence-by-sentence matcher run")

    monkeypatch.setattr(sentence_features.SentenceFeaturizer, "_rule_counts", boom)
    r = framing.Scorer().score("\n\n".join(sentences))
    assert [s.text for s in r.sentences] == sentences
    for name, p in want.items():  # no context crosses these sentences: both paths agree
        assert [s.classifiers[name] for s in r.sentences] == [round(float(x), 4) for x in p]


def test_article_matches_count_as_trained_reported_speech_authorial_and_other_finders_not_at_all():
    import dataclasses

    import framing

    scorer = framing.Scorer()
    text = "The reckless plan failed. Officials said the bridge may have been damaged."
    r = scorer.score(text)
    cs, features = scorer.classifier_set_, scorer.classifier_set_.rule_features(scorer.matcher_.rules)
    texts = [s.text for s in r.sentences]

    def probs(matches):
        return cs.article_probabilities(texts, [0, 0], [(m.sentence, m.rule, m.voice) for m in matches], features)

    plain = probs(r.matches)
    assert plain == [list(scorer.classifier_set_.scores(texts)[k]) for k in range(len(cs.models))]  # as alone
    assert len(r.matches) >= 2 and any(m.voice == "authorial" for m in r.matches)
    reported = [dataclasses.replace(m, voice="reported") if m.voice == "authorial" else m for m in r.matches]
    extra = [dataclasses.replace(r.matches[0], rule="attribution.unnamed-source", category="sourcing")]
    assert probs(reported + extra) == plain
    assert probs(r.matches[1:]) != plain  # a match does count


def test_rule_features_map_each_rule_and_voice_to_the_features_a_hit_adds():
    from framing.packs import load_packs

    names = ["rule:hedging:authorial", "rule:hedging:quoted", "rule:hedging.modal-may", "style:question"]
    settings_ = {"threshold": 0.5, "features": {"dense": {"names": names, "rules": "full", "scaler": "maxabs"}}}
    arrays = {"dense_mean": [0.0] * 4, "dense_scale": [1.0] * 4, "dense_coef": [1.0] * 4, "intercept": [0.0],
              "calibration": [1.0, 0.0]}
    cs = classify.ClassifierSet([SentenceModel(name="toy", settings=settings_, arrays=arrays)])
    rules = {r.id: r for p in load_packs() for r in p.rules}
    given = cs.given_
    f = cs.rule_features([rules["hedging.modal-may"]])
    assert f[("hedging.modal-may", "authorial")] == (given["rule:hedging:authorial"], given["rule:hedging.modal-may"])
    assert f[("hedging.modal-may", "reported")] == f[("hedging.modal-may", "authorial")]  # as a sentence alone sees it
    assert f[("hedging.modal-may", "quoted")] == (given["rule:hedging:quoted"], given["rule:hedging.modal-may"])
    other = next(r for r in rules.values() if r.category == "opinion")
    assert cs.rule_features([other]) == {}  # features this model does not have


def test_a_lexicon_only_model_with_vader_gets_its_features_from_the_article_pass_too():
    import framing
    from test_classify import synthetic

    texts, labels = synthetic(30, seed=2)
    toy = training.train(texts, labels, name="lexvader", rules="lexicon", vader=True, calibration_folds=2)
    assert any(n.startswith("vader:") for n in toy.settings["features"]["dense"]["names"])
    sentences = ["The mayor forced a reckless transport bill.", "The agency released a water project on Tuesday.",
                 "Critics called it a \"disgraceful\" sham!"]
    r = framing.Scorer(classifiers=[toy]).score("\n\n".join(sentences))
    assert [s.classifiers["lexvader"] for s in r.sentences] == [round(float(p), 4) for p in toy.predict_proba(sentences)]


def test_an_ignore_list_does_not_change_the_features_but_is_one_article_pass():
    import framing

    text = "The reckless senator slammed the so-called reform. It may fail, critics said."
    plain = framing.Scorer()
    ignoring = framing.Scorer(ignore=["reckless"])
    assert ignoring.score(text).classifiers == plain.score(text).classifiers
    assert plain.classifier_matcher_ is None and ignoring.classifier_matcher_ is not None


# ---------------------------------------------------------------------------------------------
# Parity with scikit-learn on held-back development sentences.

PARITY = [("babe_train.jsonl", "Biased", {}), ("checkthat2023_train.jsonl", "SUBJ", {"rules": "lexicon", "vader": True}),
          ("factbank_uncertainty_train.jsonl", "uncertain", {"dense_scaler": "standard", "per_rule": True})]


@pytest.mark.parametrize("name, positive, params", PARITY, ids=[p[0].split("_")[0] for p in PARITY])
def test_native_scores_reproduce_the_trained_pipeline(name, positive, params):
    rows = [json.loads(line) for line in shared_data(name).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in rows]
    y = np.array([r["label"] == positive for r in rows])
    held = len(texts) // 4  # every fourth sentence is held back from training
    train_idx = [i for i in range(len(texts)) if i % 4]
    test_texts = [texts[i] for i in range(len(texts)) if i % 4 == 0][:held]
    model, pipe = training.train_with_pipeline([texts[i] for i in train_idx], y[train_idx], calibration_folds=2,
                                               **params)
    assert len(test_texts) >= 150
    z = pipe.decision_function(test_texts)
    assert np.max(np.abs(model.decision_function(test_texts) - z)) < 1e-9
    a, b = model.arrays["calibration"]
    assert np.max(np.abs(model.predict_proba(test_texts) - 1 / (1 + np.exp(-(a * z + b))))) < 1e-9
    uncalibrated = 1 / (1 + np.exp(-model.decision_function(test_texts)))
    assert np.max(np.abs(uncalibrated - pipe.predict_proba(test_texts)[:, 1])) < 1e-9


# ---------------------------------------------------------------------------------------------
# Model files without NumPy.

def test_weights_in_other_float_layouts_load_and_bad_headers_are_refused(tmp_path):
    model = hand_model()
    d = model.save(tmp_path / "m")
    arrays = {k: np.asarray(v) for k, v in dict(np.load(d / "weights.npz")).items()}
    assert arrays["word_coef"].tolist() == [3.0, -1.0]  # what NumPy reads of what we wrote
    np.savez(d / "weights.npz", **{k: v.astype(">f8") if k.startswith("word") else v.astype("<f4")
                                   for k, v in arrays.items()})
    again = classify.load_model(d)
    assert again.predict_proba(["bad plan?"])[0] == pytest.approx(model.predict_proba(["bad plan?"])[0], abs=1e-6)
    np.savez(d / "weights.npz", **{**arrays, "word_idf": np.array([1, 2])})
    with pytest.raises(ModelError, match="word_idf.*dtype"):
        classify.load_model(d)
    np.savez(d / "weights.npz", **{**arrays, "word_idf": np.array([1.0, np.inf])})
    with pytest.raises(ModelError, match="word_idf.*non-finite"):
        classify.load_model(d)
    np.savez(d / "weights.npz", **{**arrays, "word_idf": np.ones((2, 1))})
    with pytest.raises(ModelError, match=r"word_idf.*shape \(2, 1\)"):
        classify.load_model(d)
    import zipfile

    with zipfile.ZipFile(d / "weights.npz", "w") as zf:
        for k, v in arrays.items():
            zf.writestr(f"{k}.npy", b"\x93NUMPY\x01\x00\x10\x00{'descr': __import__('os')}" if k == "intercept"
                        else b"")
    with pytest.raises(ModelError, match="weights.npz"):
        classify.load_model(d)


# ---------------------------------------------------------------------------------------------
# Start-up.

def test_default_framing_score_imports_no_numpy_or_sklearn(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The reckless plan failed, critics said. Officials may review it on Monday.", encoding="utf-8")
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "framing", "score", str(article), "--format", "json"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert set(json.loads(r.stdout)["classifiers"]) == {"biased", "subjective", "uncertain"}
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in r.stderr.splitlines()
                if line.startswith("import time:")}
    assert "framing" in imported and not imported & {"numpy", "sklearn", "scipy"}, sorted(imported)
