"""Sentence classifiers: training, evaluation, safe model files, explanations, transformers.

Uses small synthetic labelled sets written here, never dataset sentences.
"""
from __future__ import annotations

import json
import math
import pickle
import random

import numpy as np
import pytest
from click.testing import CliRunner

from framing.scoring import classify
from framing.learning import evaluation
from framing.learning import training
from framing.cli.main import main

SUBJECTS = ["The council", "The minister", "The company", "The mayor", "The committee", "Officials", "The agency"]
LOADED = ["pushed through an outrageous", "rammed through a disgraceful", "unveiled a shameful",
          "forced a reckless", "defended a disastrous"]
PLAIN = ["announced a", "published a", "approved a", "discussed a", "released a"]
OBJECTS = ["budget plan", "housing policy", "transport bill", "tax proposal", "water project"]
TAIL_LOADED = ["that critics call a scandal.", "in a stunning betrayal of voters.", "despite furious protests!",
               "with breathtaking arrogance."]
TAIL_PLAIN = ["on Tuesday.", "after a vote of 7 to 2.", "in a statement.", "at its monthly meeting."]


def synthetic(n: int = 50, seed: int = 0) -> tuple[list[str], np.ndarray]:
    r = random.Random(seed)
    texts, labels = [], []
    for _ in range(n):
        texts.append(f"{r.choice(SUBJECTS)} {r.choice(LOADED)} {r.choice(OBJECTS)} {r.choice(TAIL_LOADED)}")
        labels.append(True)
        texts.append(f"{r.choice(SUBJECTS)} {r.choice(PLAIN)} {r.choice(OBJECTS)} {r.choice(TAIL_PLAIN)}")
        labels.append(False)
    return texts, np.array(labels)


def write_jsonl(path, texts, labels, extra_lines=()):
    with open(path, "w", encoding="utf-8") as fh:
        for t, y in zip(texts, labels):
            fh.write(json.dumps({"sentence": t, "tag": "loaded" if y else "plain"}) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")


@pytest.fixture(scope="module")
def model():
    texts, labels = synthetic()
    return training.train(texts, labels, name="toy", positive_label="loaded", negative_label="plain",
                          calibration_folds=3)


@pytest.fixture(scope="module")
def saved(model, tmp_path_factory):
    d = tmp_path_factory.mktemp("toy")
    model.save(d, card="# toy\n")
    return d


def test_model_separates_its_classes_and_probabilities_are_valid(model):
    texts, labels = synthetic(20, seed=7)
    p = model.predict_proba(texts)
    assert p.shape == (40,) and np.all((p >= 0) & (p <= 1))
    assert evaluation.metrics(labels, p, model.threshold)["macro_f1"] >= 0.9
    with pytest.raises(TypeError):
        model.predict_proba("one string, not a list")


def test_save_load_gives_identical_probabilities(model, saved):
    loaded = classify.load_model(saved)
    texts, _ = synthetic(10, seed=3)
    texts += ["An unrelated sentence with \u201cquoted words\u201d and an em dash \u2014 here.", "?"]
    assert np.array_equal(loaded.predict_proba(texts), model.predict_proba(texts))
    assert loaded.threshold == model.threshold and loaded.name == "toy" and loaded.card == "# toy\n"


def test_batch_path_matches_per_sentence_explanation(model):
    texts, _ = synthetic(5, seed=11)
    p = model.predict_proba(texts)
    for t, pi in zip(texts, p):
        parts, bias = model.contributions(t)
        logit = math.log(pi / (1 - pi))
        assert sum(c for _, c in parts) + bias == pytest.approx(logit, rel=1e-6, abs=1e-6)


def test_explanations_point_the_right_way(model):
    top = model.explain("The mayor rammed through a disgraceful budget plan.", top=8)
    assert len(top) == 8
    assert [abs(c) for _, c in top] == sorted((abs(c) for _, c in top), reverse=True)
    up = {f for f, c in top if c > 0}
    assert any("disgraceful" in f or "loaded_language" in f for f in up), top
    down = dict(model.explain("The council approved a budget plan on Tuesday.", top=50))
    assert down.get("word:tuesday", 0) < 0


def test_cli_train_evaluate_round_trip(tmp_path):
    texts, labels = synthetic(30)
    data = tmp_path / "train.jsonl"
    bad = ["{not json", json.dumps({"sentence": "No label here."}), json.dumps({"tag": "loaded"}),
           json.dumps({"sentence": "Odd label.", "tag": "unsure"}), json.dumps(["a", "list"])]
    write_jsonl(data, texts, labels, bad)
    out = tmp_path / "model"
    r = CliRunner().invoke(main, ["train", "--data", str(data), "--positive", "loaded", "--text-field", "sentence",
                                  "--label-field", "tag", "--name", "toy", "-o", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["n"] == 60 and summary["skipped"] == 5 and summary["negative"] == "plain"
    assert "unknown label 'unsure'" in r.stderr
    assert (out / "MODEL_CARD.md").read_text().startswith("# Model card: `toy`")

    test = tmp_path / "test.jsonl"
    t2, l2 = synthetic(15, seed=5)
    write_jsonl(test, t2, l2, ["", json.dumps({"sentence": "", "tag": "plain"})])
    r = CliRunner().invoke(main, ["evaluate", "--model", str(out), "--data", str(test), "--text-field", "sentence",
                                  "--label-field", "tag", "--format", "json"])
    assert r.exit_code == 0, r.output
    m = json.loads(r.stdout)
    for key in ("n", "precision", "recall", "f1", "macro_f1", "roc_auc", "confusion", "skipped"):
        assert key in m
    assert m["n"] == 30 and m["skipped"] == 1
    assert sum(map(sum, m["confusion"])) == 30 and m["macro_f1"] >= 0.9

    r = CliRunner().invoke(main, ["evaluate", "--model", str(out), "--data", str(test), "--text-field", "sentence",
                                  "--label-field", "tag"])
    assert r.exit_code == 0 and "macro-F1" in r.stdout and "confusion" in r.stdout

    r = CliRunner().invoke(main, ["explain", "The agency forced a reckless tax proposal.", "--model", str(out),
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    (e,) = json.loads(r.stdout)["models"]
    assert 0 <= e["probability"] <= 1 and len(e["features"]) == 10


def test_cli_train_cross_validation_reports_metrics(tmp_path):
    texts, labels = synthetic(20)
    data = tmp_path / "d.jsonl"
    write_jsonl(data, texts, labels)
    r = CliRunner().invoke(main, ["train", "--data", str(data), "--positive", "loaded", "--text-field", "sentence",
                                  "--label-field", "tag", "--name", "t", "-o", str(tmp_path / "m"), "--cv", "2",
                                  "--rules", "lexicon", "--vader", "--format", "json"])
    assert r.exit_code == 0, r.output
    cv = json.loads(r.stdout)["cv"]
    assert cv["n"] == 40 and len(cv["folds"]) == 2 and 0 <= cv["macro_f1"] <= 1
    assert "2-fold stratified cross-validation" in (tmp_path / "m" / "MODEL_CARD.md").read_text()


def test_cli_errors_are_one_line(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"text": "A sentence.", "label": "x"}) + "\n")
    r = CliRunner().invoke(main, ["train", "--data", str(data), "--positive", "y", "--name", "t", "-o",
                                  str(tmp_path / "m")])
    assert r.exit_code == 2 and r.stderr.startswith("framing: error:") and "'y'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = CliRunner().invoke(main, ["evaluate", "--model", str(tmp_path / "nope"), "--data", str(data)])
    assert r.exit_code == 2 and r.stderr.startswith("framing: error:") and "nope" in r.stderr


class Boom:
    """Unpickling this would create a file: the proof that nothing in a model file was executed."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def _copy(saved, tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    for f in saved.iterdir():
        (d / f.name).write_bytes(f.read_bytes())
    return d


def test_pickle_payloads_are_refused_and_never_run(saved, tmp_path):
    marker = tmp_path / "executed"
    d = _copy(saved, tmp_path)
    (d / "weights.npz").write_bytes(pickle.dumps(Boom(str(marker))))
    with pytest.raises(classify.ModelError, match="weights.npz"):
        classify.load_model(d)
    # An .npz whose array is a pickled object array.
    arrays = dict(np.load(saved / "weights.npz"))
    arrays["intercept"] = np.array([Boom(str(marker))], dtype=object)
    with open(d / "weights.npz", "wb") as fh:
        np.savez(fh, **arrays)
    with pytest.raises(classify.ModelError, match="weights.npz.*refused"):
        classify.load_model(d)
    # A bare pickle handed over as the model.
    pkl = tmp_path / "model.pkl"
    pkl.write_bytes(pickle.dumps(Boom(str(marker))))
    with pytest.raises(classify.ModelError, match="model.pkl.*pickles are never loaded"):
        classify.load_model(pkl)
    assert not marker.exists()


@pytest.mark.parametrize("tamper, message", [
    (lambda s: s.update(format_version=99), "format version 99"),
    (lambda s: s.update(format="something-else"), "not a framing sentence model"),
    (lambda s: s.pop("threshold"), "missing key.*threshold"),
    (lambda s: s.update(threshold=3), "threshold"),
    (lambda s: s["word_vocabulary"].append("extra"), "word_idf.*shape"),
    (lambda s: s["features"]["dense"]["names"].pop(), "dense_.*shape"),
])
def test_tampered_settings_are_refused(saved, tmp_path, tamper, message):
    d = _copy(saved, tmp_path)
    s = json.loads((d / "model.json").read_text())
    tamper(s)
    (d / "model.json").write_text(json.dumps(s))
    with pytest.raises(classify.ModelError, match=message) as err:
        classify.load_model(d)
    assert str(d) in str(err.value)


def test_wrong_array_shapes_and_missing_arrays_are_refused(saved, tmp_path):
    d = _copy(saved, tmp_path)
    arrays = dict(np.load(saved / "weights.npz"))
    arrays["char_coef"] = arrays["char_coef"][:-1]
    np.savez(d / "weights.npz", **arrays)
    with pytest.raises(classify.ModelError, match="char_coef"):
        classify.load_model(d)
    del arrays["char_coef"]
    np.savez(d / "weights.npz", **arrays)
    with pytest.raises(classify.ModelError, match="missing array 'char_coef'"):
        classify.load_model(d)
    (d / "model.json").write_text("not json")
    with pytest.raises(classify.ModelError, match="model.json: not valid JSON"):
        classify.load_model(d)


def test_cli_refuses_tampered_model_in_one_line(saved, tmp_path):
    d = _copy(saved, tmp_path)
    s = json.loads((d / "model.json").read_text())
    s["format_version"] = 0
    (d / "model.json").write_text(json.dumps(s))
    r = CliRunner().invoke(main, ["explain", "Some sentence.", "--model", str(d)])
    assert r.exit_code == 2 and r.stderr.startswith("framing: error:") and "format version 0" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_rule_features_in_a_user_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    from framing.learning.features import RuleFeatures

    rf = RuleFeatures().fit(["x"])
    names = list(rf.get_feature_names_out())
    assert "rule:loaded_language:authorial" in names and "rule:loaded_language:quoted" in names
    x = rf.transform(["The plan is a disgraceful sham.", 'He said the plan was "a disgraceful sham".'])
    col = {n: j for j, n in enumerate(names)}
    assert x[0, col["rule:loaded_language:authorial"]] >= 1 and x[0, col["rule:loaded_language:quoted"]] == 0
    assert x[1, col["rule:loaded_language:quoted"]] >= 1 and x[1, col["rule:loaded_language:authorial"]] == 0

    texts, labels = synthetic(20)
    pipe = make_pipeline(make_union(TfidfVectorizer(), RuleFeatures(rules="lexicon")), LogisticRegression())
    pipe.fit(texts, labels)
    assert (pipe.predict(texts) == labels).mean() >= 0.9


def test_metrics_against_hand_counts():
    y = np.array([1, 1, 0, 0, 1], dtype=bool)
    p = np.array([0.9, 0.4, 0.6, 0.1, 0.8])
    m = evaluation.metrics(y, p, 0.5)
    assert m["confusion"] == [[1, 1], [1, 2]]
    assert m["precision"] == pytest.approx(2 / 3, abs=1e-4) and m["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0.5) / 2, abs=1e-4)
    assert m["roc_auc"] == pytest.approx(5 / 6, abs=1e-4)  # 5 of 6 positive/negative pairs ordered right
    assert evaluation.roc_auc(np.array([1, 0], bool), np.array([0.5, 0.5])) == 0.5


def test_shipped_models_load_and_give_probabilities():
    names = classify.shipped_models()
    assert {"subjective", "biased", "uncertain"} <= set(names)
    sentences = ["The committee met on Monday.", "This is a shameful, outrageous disgrace!",
                 "Officials said the bridge may have been damaged.", ""]
    for name in names:
        m = classify.load_model(name)
        p = m.predict_proba(sentences)
        assert p.shape == (4,) and np.all((p >= 0) & (p <= 1)), name
        assert 0 < m.threshold < 1 and m.card.startswith("# Model card")
    assert classify.load_model("uncertain").predict_proba(
        ["Officials said the bridge may possibly have been damaged, though it is unclear."])[0] > \
        classify.load_model("uncertain").predict_proba(["The bridge was closed on Monday."])[0]


def test_read_labelled_numeric_labels_and_row_numbers(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "One.", "label": 1}), json.dumps({"text": "Two.", "label": 0.0}),
        json.dumps({"text": "Three.", "label": 2}), "[1, 2]", json.dumps({"text": "Four.", "label": True}),
        json.dumps({"text": "Five.", "label": "1"}),
    ]) + "\n")
    texts, labels, pos, neg, skipped = evaluation.read_labelled(path, positive="1")
    assert texts == ["One.", "Two.", "Five."] and labels.tolist() == [True, False, True]
    assert (pos, neg) == ("1", "0")
    assert [s.split(":")[-2] for s in skipped] == ["3", "4", "5"]
    assert "unknown label '2'" in skipped[0] and "not a JSON object" in skipped[1]


def test_shipped_models_are_not_driven_by_one_feature_of_another_dimension():
    """A loaded-language phrase alone must not make a plain statement 'uncertain' (a rare rule,
    standardised by a tiny deviation, once pushed P(uncertain) to 1.0)."""
    u = classify.load_model("uncertain")
    plain = ["The senator's brazen power grab stunned the chamber.",
             "Critics called the plan a calculated move to silence dissent.",
             "The minister slammed the blistering report on Tuesday."]
    assert np.all(u.predict_proba(plain) < 0.9), u.predict_proba(plain)
    for name in classify.shipped_models():
        m = classify.load_model(name)
        top = max(abs(c) for _, c in m.explain(plain[0], top=1))
        assert top < 6.0, (name, m.explain(plain[0], top=3))


def test_sentences_without_words_are_left_unscored():
    import framing

    r = framing.score("The council met on Monday.\n\n***\n\n\U0001F600\n\nThe council approved the budget.")
    by_text = {s.text: s.classifiers for s in r.sentences}
    assert by_text["***"] == {} and by_text["\U0001F600"] == {}
    assert set(by_text["The council met on Monday."]) == {"biased", "subjective", "uncertain"}
    plain = framing.score("The council met on Monday.\n\nThe council approved the budget.")
    assert r.classifiers == plain.classifiers  # the decoration lines change nothing


@pytest.mark.parametrize("labels, error", [(["1", "0"] * 5, ValueError), (["Biased", "Non-biased"] * 5, ValueError),
                                           ([True, False] * 4, ValueError), ("1010101010", TypeError)])
def test_training_refuses_labels_that_are_not_booleans(labels, error):
    texts = [f"sentence number {i} here" for i in range(10)]
    with pytest.raises(error):
        training.train(texts, labels, min_df=1)


def test_training_parameters_are_checked_up_front(model):
    texts, labels = synthetic(10)
    for bad in ({"word_ngrams": (0, 2)}, {"char_ngrams": (1, 20)}, {"C": -1}, {"calibration_folds": -1}):
        with pytest.raises(ValueError):
            training.train(texts, labels, **bad)
    with pytest.raises(ValueError, match="examples of each class"):
        training.cross_validate(texts[:6], labels[:6], folds=5)
    with pytest.raises(ValueError, match="texts but"):
        evaluation.evaluate(model, ["a b", "c d"], [True])
    with pytest.raises(TypeError):
        evaluation.evaluate(model, [None, "c d"], [True, False])


def test_explain_checks_its_arguments_and_a_used_scorer_pickles(model):
    import pickle

    import framing

    with pytest.raises(TypeError):
        model.explain(None)
    with pytest.raises(ValueError):
        model.explain("The mayor met.", top=0)
    s = framing.Scorer(disabled=["opinion"], classifiers=False)
    text = "Officials said the reckless plan may fail. Bottom line: it is a disgrace."
    first = s.score(text)
    again = pickle.loads(pickle.dumps(s))
    assert again.score(text) == first and again.disabled == ["opinion"]


ODD_TEXTS = ["İstanbul'un İİ ẞtraße ǅemal ΣΑΣ", "tab\there\u00a0nbsp\u3000ideo\x85next\u2028line", "a lone \ud800 surrogate",
             "👩‍👩‍👧 family 😀😀", "x", "", "   ", "reckless reckless reckless reckless!", "a" * 300,
             "\u201cOutrageous,\u201d she said \u2014 \u2018disgraceful\u2019 \u00abplan\u00bb."]


def test_sample_weight_is_checked_and_shifts_the_model():
    texts, labels = synthetic(30, seed=4)
    plain = training.train(texts, labels, calibration_folds=3)
    ones = training.train(texts, labels, calibration_folds=3, sample_weight=np.ones(len(texts)))
    probe = synthetic(10, seed=9)[0]
    assert np.allclose(plain.predict_proba(probe), ones.predict_proba(probe), atol=1e-6)
    # Flip the labels of a few sentences and weight them heavily: predictions move toward them.
    flipped = labels.copy()
    flipped[:6] = ~flipped[:6]
    w = np.ones(len(texts))
    w[:6] = 50.0
    light = training.train(texts, flipped, calibration_folds=3)
    heavy = training.train(texts, flipped, calibration_folds=3, sample_weight=w)
    agree = lambda m: np.mean(m.predict(texts[:6]) == flipped[:6])  # noqa: E731
    assert agree(heavy) > agree(light)
    for bad in (np.ones(3), -np.ones(len(texts)), np.zeros(len(texts)), np.full(len(texts), np.nan)):
        with pytest.raises(ValueError, match="sample_weight"):
            training.train(texts, labels, calibration_folds=3, sample_weight=bad)


def test_shipped_name_is_never_shadowed_by_a_folder_in_the_working_directory(saved, tmp_path, monkeypatch):
    if "biased" not in classify.shipped_models():
        pytest.skip("no shipped model")
    import shutil

    shutil.copytree(saved, tmp_path / "biased")  # a user's model trained with -o biased
    monkeypatch.chdir(tmp_path)
    assert classify.load_model("biased").source == str(classify.MODELS_DIR / "biased")
    assert classify.load_model("./biased").name == "toy"


def test_evaluate_labels_follow_the_model(saved, tmp_path):
    texts, labels = synthetic(10, seed=3)
    data = tmp_path / "other_labels.jsonl"
    with open(data, "w", encoding="utf-8") as fh:  # the negative class is called 'neutral' here, not 'plain'
        for t, y in zip(texts, labels):
            fh.write(json.dumps({"sentence": t, "tag": "loaded" if y else "neutral"}) + "\n")
    base = ["evaluate", "--model", str(saved), "--data", str(data), "--text-field", "sentence", "--label-field", "tag"]
    r = CliRunner().invoke(main, base + ["--format", "json"])
    assert r.exit_code == 0, r.output
    m = json.loads(r.stdout)
    assert m["n"] == 20 and m["negative"] == "neutral" and m["skipped"] == 0
    assert "'neutral' is taken as the negative class" in r.stderr
    r = CliRunner().invoke(main, base + ["--positive", "neutral"])
    assert r.exit_code == 2 and "invert" in r.stderr


def test_card_says_when_too_few_examples_left_probabilities_uncalibrated():
    texts, labels = synthetic(1)  # one sentence of each class: no fold to calibrate on
    m = training.train(texts, labels, name="tiny", positive_label="loaded", negative_label="plain")
    card = training.model_card(m, data=["tiny.jsonl"])
    assert "not calibrated: too few examples" in card and "Platt" not in card
    assert m.threshold == 0.5 and "fixed" in card
    texts, labels = synthetic(20)
    m = training.train(texts, labels, name="ok", positive_label="loaded", negative_label="plain", calibration_folds=3)
    card = training.model_card(m, data=["ok.jsonl"])
    assert "Platt scaling on 3-fold" in card and "chosen on the out-of-fold probabilities" in card


def test_file_without_usable_rows_says_why(tmp_path):
    data = tmp_path / "renamed.jsonl"
    data.write_text('{"text": "The plan failed.", "lab": "loaded"}\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["train", "--data", str(data), "--positive", "loaded", "--name", "x",
                                  "-o", str(tmp_path / "m")])
    assert r.exit_code == 2 and "label field 'label'" in r.stderr and "line 1: missing" in r.stderr


def test_explain_traces_rule_features_to_the_matched_words():
    if "biased" not in classify.shipped_models():
        pytest.skip("no shipped model")
    r = CliRunner().invoke(main, ["explain", "Critics say the reckless plan could fail.", "--model", "biased",
                                  "--top", "40", "--format", "json"])
    assert r.exit_code == 0, r.output
    (e,) = json.loads(r.stdout)["models"]
    feats = {f["feature"]: f for f in e["features"]}
    loaded = feats["rule:loaded_language:authorial"]["matches"]
    assert [m["text"] for m in loaded] == ["reckless"] and loaded[0]["rule"].startswith("loaded_language.")
    assert all("matches" not in f for name, f in feats.items() if not name.startswith("rule:"))
    text = CliRunner().invoke(main, ["explain", "Critics say the reckless plan could fail.", "--model", "biased"])
    assert "<- 'reckless' (loaded_language." in text.stdout


def test_score_compare_and_corpus_run_a_trained_model_given_with_model(saved, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The agency forced a reckless tax proposal. The council approved a budget plan on Tuesday.",
                       encoding="utf-8")
    r = CliRunner().invoke(main, ["score", str(article), "--model", str(saved), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert list(out["classifiers"]) == ["toy"] and all(list(s["classifiers"]) == ["toy"] for s in out["sentences"])
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"id": "a", "text": article.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["corpus", str(src), "-o", "-", "--model", str(saved), "--workers", "1", "-q"])
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout.splitlines()[0])
    assert "classifier.toy.mean" in row and "classifier.biased.mean" not in row
    for bad, why in ((["--no-classifiers"], "cannot go with"), (["--profile", "rules"], "full profile")):
        r = CliRunner().invoke(main, ["score", str(article), "--model", str(saved), *bad])
        assert r.exit_code == 2 and why in r.stderr


def test_several_data_files_are_one_pool_of_labels(tmp_path):
    texts, labels = synthetic(15)
    pos, neg = tmp_path / "pos.jsonl", tmp_path / "neg.jsonl"
    write_jsonl(pos, [t for t, y in zip(texts, labels) if y], [True] * 15)
    write_jsonl(neg, [t for t, y in zip(texts, labels) if not y], [False] * 15)
    r = CliRunner().invoke(main, ["train", "--data", str(pos), "--data", str(neg), "--positive", "loaded",
                                  "--text-field", "sentence", "--label-field", "tag", "--name", "pool",
                                  "-o", str(tmp_path / "m"), "--format", "json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert (summary["n"], summary["negative"]) == (30, "plain")
    assert "only 15 examples of the smaller class" in r.stderr


def test_ignore_list_leaves_classifier_probabilities_alone_in_either_order():
    import framing

    text = "The reckless senator slammed the so-called reform, a disastrous and shameful scheme."
    ignore = ["reckless", "slammed", "so-called", "disastrous"]
    first = framing.Scorer(ignore=ignore).score(text).classifiers
    plain = framing.Scorer().score(text).classifiers
    assert first == plain and framing.Scorer(ignore=ignore).score(text).classifiers == plain


def test_two_models_of_one_name_are_refused(saved):
    import framing

    with pytest.raises(framing.PackError, match="two models named 'toy'"):
        framing.Scorer(classifiers=[str(saved), str(saved)]).score("The plan passed.")
