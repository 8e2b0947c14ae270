"""benchmarks/ceiling.py: the learned variants it compares the rule packs with, on text we wrote."""
import json

import pytest

from conftest import benchmark_script


@pytest.fixture(scope="module")
def ceiling():
    return benchmark_script("ceiling")


def _doc(ceiling, key, text, gold_words, match_words, rule="loaded_language.emotive-evaluative"):
    def at(w):
        s = text.index(w)
        return s, s + len(w)
    return ceiling.Doc(key, text, [at(w) for w in gold_words], [(*at(w), rule) for w in match_words])


def test_oracle_extent_is_perfect_when_every_gold_span_is_touched(ceiling):
    d = _doc(ceiling, "a", "It was a truly shameful and cowardly act.", ["truly shameful", "cowardly act"],
             ["shameful", "cowardly"])
    assert ceiling.char_counts(d.gold, d.matches)[2] > 0  # the matches alone miss characters
    tp, fp, fn = ceiling.char_counts(d.gold, ceiling.oracle_extent(d))
    assert fp == 0 and fn == 0


def test_learned_words_are_those_inside_gold_spans(ceiling):
    docs = [_doc(ceiling, str(i), f"The vile plan number {i} passed.", ["vile"], []) for i in range(4)]
    words = ceiling.learn_words(docs, min_count=3, min_rate=0.5)
    assert "vile" in words and "plan" not in words and "passed" not in words
    assert ceiling.add_words(words, docs[0]) == [docs[0].gold[0]]


def test_pruning_drops_matches_the_labels_never_agree_with(ceiling):
    docs = [_doc(ceiling, str(i), "A massive crowd and a vile plan.", ["vile"], ["massive", "vile"]) for i in range(4)]
    dropped = ceiling.learn_pruning(docs, min_count=4, max_rate=0.15)
    assert dropped == {"massive"}
    assert ceiling.prune(dropped, docs[0]) == [docs[0].gold[0]]


def test_widening_absorbs_tokens_that_spans_go_on_over(ceiling):
    train = [_doc(ceiling, str(i), f"Case {i}: an utterly vile scheme, said Ann.", ["utterly vile scheme"], [])
             for i in range(5)]
    model = ceiling.learn_continuation(train)
    d = _doc(ceiling, "t", "Today: an utterly vile scheme, said Bob.", [], ["vile"])
    (s, e), = ceiling.widen(model, d)
    assert d.text[s:e] == "utterly vile scheme"


def test_folds_are_stable_and_cover_every_fold(ceiling):
    assert ceiling.fold_of("abc") == ceiling.fold_of("abc")
    assert {ceiling.fold_of(str(i)) for i in range(100)} == set(range(ceiling.FOLDS))


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_script_runs_on_fixture_data_and_reports_each_method(ceiling, tmp_path, capsys):
    texts = [f"Story {i}: the senator made a disgraceful and utterly reckless attack on the plan." for i in range(6)]
    _write(tmp_path / "ptc_train.jsonl", [
        {"id": f"p{i}", "text": t, "spans": [[t.index("disgraceful"), t.index(" attack"), "Loaded_Language"]]}
        for i, t in enumerate(texts)] + [{"id": "bad"}])
    _write(tmp_path / "babe_train.jsonl", [{"id": "b", "text": texts[0], "spans": []}])
    arts = []
    for k, src in enumerate(("fox", "nyt", "hpo")):
        text = "A disgraceful vote.\nThe plan passed on Tuesday." if k else "The plan passed on Tuesday."
        sents = text.split("\n")
        spans = [{"sent": 0, "start": 2, "end": 13, "text": "disgraceful", "bias": "lex", "quote": "no"}] if k else []
        arts.append({"id": f"a{k}", "source": src, "title": "", "text": text, "sentences": sents, "spans": spans})
    _write(tmp_path / "basil_dev.jsonl", [{"triplet_uuid": "t", "articles": arts}])
    assert ceiling.main(["--data", str(tmp_path), "--json", "--tagger"]) == 0
    out = json.loads(capsys.readouterr().out)
    methods = {r["method"]: r for r in out["rows"]}
    assert methods["rule packs as shipped"]["recall"] > 0
    assert methods["oracle: touched gold spans at their exact extent"]["f1"] == 1.0
    assert "token tagger: logistic regression, word window + rule matches" in methods
    assert methods["rule packs as shipped: authorial loaded rate"]["pairwise"] is not None
    assert any("'bad'" in w and "no text" in w for w in out["warnings"])


def test_missing_data_is_one_line_exit_2(ceiling, tmp_path, capsys):
    assert ceiling.main(["--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ptc_train.jsonl" in err


def test_unusable_basil_data_is_a_warning_not_a_crash(ceiling, tmp_path, capsys):
    text = "The senator made a disgraceful attack on the plan."
    _write(tmp_path / "ptc_train.jsonl", [{"id": "p", "text": text, "spans": [[18, 29, "Loaded_Language"]]}])
    _write(tmp_path / "babe_train.jsonl", [{"id": "b", "text": text, "spans": []}])
    _write(tmp_path / "basil_dev.jsonl", [{"triplet_uuid": "t", "articles": [
        {"id": "a", "source": "fox", "title": "", "text": text, "sentences": [text], "spans": []}]}])
    assert ceiling.main(["--data", str(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert not [r for r in out["rows"] if r["set"] == "basil"]
    assert any("no triplet" in w for w in out["warnings"])
