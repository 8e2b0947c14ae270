"""The accuracy benchmark: metric code on hand-written fixtures, the CLI, and a quick real-data run."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from framing.learning.accuracy import (AccuracyBench, basil_spans, char_counts, pairwise_agreement, prf, ranks,
                                    source_kind, span_counts, spearman, default_data_dir)
from framing.cli.main import main
from conftest import shared_data


def test_char_counts_of_known_spans():
    # gold covers 0-10, prediction 5-15 and an overlapping 8-12: 5 shared chars, 5 spurious, 5 missed.
    assert char_counts([(0, 10)], [(5, 15), (8, 12)]) == (5, 5, 5)
    p, r, f = prf(*char_counts([(0, 10)], [(5, 15)]))
    assert (p, r, f) == (0.5, 0.5, 0.5)
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_span_counts_any_overlap():
    gold = [(0, 5), (10, 15), (20, 25)]
    pred = [(4, 6), (30, 31)]
    assert span_counts(gold, pred) == (1, 2, 1, 3)


def test_spearman_and_ties():
    assert ranks([10, 20, 20, 5]) == [2.0, 3.5, 3.5, 1.0]
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ranks x: 1,2,3; y: 1.5,1.5,3 -> rho = 0.866
    assert spearman([1, 2, 3], [0, 0, 5]) == pytest.approx(0.8660254)
    assert spearman([1, 1, 1], [1, 2, 3]) is None


def test_pairwise_agreement_skips_gold_ties_and_halves_predicted_ties():
    # pairs (0,1): gold tie, skipped; (0,2) agree; (1,2): prediction tie -> 0.5
    assert pairwise_agreement([1.0, 2.0, 2.0], [0.0, 0.0, 3.0]) == (1.5, 2)
    assert pairwise_agreement([3, 2, 1], [1, 2, 3]) == (0, 3)


def test_basil_span_offsets_are_mapped_into_the_article():
    title = "Mayor slams budget"
    s1 = "The mayor blasted the plan on Monday."
    s2 = "\"It is a disgrace,\" she said."
    text = f"{title}\n\n{s1} {s2}"
    art = {"title": title, "sentences": [s1, s2], "spans": [
        {"sent": 0, "start": 10, "end": 17, "text": "blasted", "bias": "lex", "quote": "no"},
        {"sent": 1, "start": 9, "end": 17, "text": "disgrace", "bias": "lex", "quote": "yes"},
        {"sent": "title", "start": 6, "end": 11, "text": "slams", "bias": "lex", "quote": "no"},
        {"sent": 0, "start": 0, "end": 3, "text": "xyz", "bias": "lex", "quote": "no"},  # text mismatch: dropped
    ]}
    got = basil_spans(art, text)
    assert [text[s:e] for s, e, _, _ in got] == ["blasted", "disgrace", "slams"]
    assert [q for *_, q in got] == ["no", "yes", "no"]


def test_source_kind():
    text = "Experts say it will rain. Later, John Smith said no. The committee said so. He said yes."
    assert source_kind(text, 0, 7) == "unnamed"
    i = text.index("John")
    assert source_kind(text, i, i + 10) == "named"
    i = text.index("The committee")
    assert source_kind(text, i, i + 13) == "described"
    text2 = "Trump said no. Two aides said yes."
    assert source_kind(text2, 0, 5) == "named"
    i = text2.index("Two aides")
    assert source_kind(text2, i, i + 9) == "unnamed"
    i = text.index("He")
    assert source_kind(text, i, i + 2) == "pronoun"


def test_source_kind_does_not_read_the_finders_lexicons(monkeypatch):
    """The gold classifier keeps its own word list: emptying the finder's lexicons changes nothing."""
    import framing.packs as packs

    text = "Firefighters said the fire was out. Voters say no."
    before = [source_kind(text, 0, 12), source_kind(text, text.index("Voters"), text.index("Voters") + 6)]
    monkeypatch.setattr(packs, "read_lexicon", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read")))
    after = [source_kind(text, 0, 12), source_kind(text, text.index("Voters"), text.index("Voters") + 6)]
    assert before == after == ["unnamed", "unnamed"]


def _write(path: Path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _fixture_dir(tmp: Path) -> Path:
    _write(tmp / "factbank_uncertainty_train.jsonl", [
        {"id": "a", "text": "The plant may close next year.", "label": "uncertain", "spans": [[10, 13, "modal_possible"]]},
        {"id": "b", "text": "The plant closed in June.", "label": "certain", "spans": []},
        {"id": "c", "text": "Perhaps the vote slips.", "label": "uncertain", "spans": [[0, 7, "modal_possible"]]},
    ])
    text = "The senator launched a disgraceful attack on the utterly reckless plan."
    s = text.index("disgraceful")
    _write(tmp / "ptc_train.jsonl", [{"id": "p1", "text": text, "spans": [[s, s + 11, "Loaded_Language"], [0, 3, "Doubt"]]}])
    (tmp / "bad.jsonl").write_text("not json\n", encoding="utf-8")
    return tmp


def test_bench_on_fixture_data(tmp_path):
    res = AccuracyBench(_fixture_dir(tmp_path), only=["factbank", "ptc", "babe"]).run()
    rows = {(r["set"], r["measure"]): r for r in res["rows"]}
    f = rows[("factbank", "sentence F1 (uncertain)")]
    assert f["n"] == 2 and f["target"] == ">= 0.80"
    assert rows[("factbank", "sentence precision (uncertain)")]["value"] == 1.0
    assert rows[("factbank", "cue recall: modal_possible")]["n"] == 2
    assert rows[("ptc", "span recall (Loaded_Language, any overlap)")]["value"] == 1.0
    assert rows[("babe", "skipped")]["note"].startswith("missing")
    assert any(r["set"] == "factbank" and r["rule"] == "hedging.modal-may" for r in res["per_rule"])
    ptc_rules = [r for r in res["per_rule"] if r["set"] == "ptc"]
    assert ptc_rules and all(r["precision_any_technique"] >= r["precision"] for r in ptc_rules)


def test_bad_rows_are_warnings_not_failures(tmp_path):
    _write(tmp_path / "babe_train.jsonl", [{"id": "x", "text": "A shameful, reckless ruling.", "spans": [[2, 10, "biased_word"], [5, 999, "biased_word"]]}])
    with (tmp_path / "babe_train.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    res = AccuracyBench(tmp_path, only=["babe"]).run()
    assert any("babe_train.jsonl:2" in w for w in res["warnings"])
    assert any("outside the text" in w for w in res["warnings"])
    assert {r["measure"] for r in res["rows"]} >= {"char F1 (biased word)"}


def test_cli_missing_dir_is_one_line_exit_2(tmp_path):
    res = CliRunner().invoke(main, ["bench", "accuracy", "--data", str(tmp_path / "nope")])
    assert res.exit_code == 2
    assert "data directory not found" in res.output
    assert "Traceback" not in res.output


def test_cli_json_output(tmp_path):
    res = CliRunner().invoke(main, ["bench", "accuracy", "--data", str(_fixture_dir(tmp_path)), "--only", "factbank", "--json", "--per-rule"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["rows"][0]["set"] == "factbank" and out["per_rule"]


REAL = default_data_dir()


def test_real_data_table_has_every_row():
    for name in ("basil_dev.jsonl", "factbank_uncertainty_train.jsonl", "polnear_dev.jsonl"):
        shared_data(name)
    res = AccuracyBench(REAL, limit=15).run()
    measures = {(r["set"], r["measure"]) for r in res["rows"]}
    for key in [("factbank", "sentence F1 (uncertain)"), ("wiki", "sentence F1 (uncertain)"),
                ("factbank", "cue F1 (any overlap)"), ("ptc", "char F1 (Loaded_Language)"),
                ("ptc", "span F1 (Loaded_Language, any overlap)"), ("babe", "char F1 (biased word)"),
                ("basil", "Spearman, authorial loaded rate vs lex outside quotes"),
                ("basil", "pairwise order accuracy within triplets"),
                ("basil", "Spearman, weighted authorial rate (matches at their weights)"),
                ("basil", "span recall of lex outside quotes (authorial matches)"),
                ("voice", "in-quote annotated spans marked quoted"),
                ("polnear", "named source recall"),
                ("polnear", "named source precision (span overlaps an annotated source)"),
                ("polnear", "unnamed source recall (match on the source or its cue)"),
                ("polnear", "unnamed source recall: individual"),
                ("polnear", "anonymous/vague precision (match overlaps an annotated source or cue)")]:
        assert key in measures, key
    assert not res["warnings"]


def test_partial_overlap_credit():
    from framing.learning.accuracy import partial_counts
    # one 10-char gold span; a 2-char prediction inside it (full precision credit, 0.2 recall credit)
    # and a 4-char prediction half outside (0.5 precision credit, 0.2 recall credit).
    p, np_, r, ng = partial_counts([(0, 10)], [(2, 4), (8, 12)])
    assert (np_, ng) == (2, 1)
    assert p == pytest.approx(1.5) and r == pytest.approx(0.4)


def test_undecodable_file_is_a_warning(tmp_path):
    (tmp_path / "babe_train.jsonl").write_bytes(b'{"id": "a", "text": "A shameful ruling.", "spans": []}\n\xff\xfe\n')
    res = AccuracyBench(tmp_path, only=["babe"]).run()
    assert any("stopped reading" in w for w in res["warnings"])
    assert any(r["measure"] == "char F1 (biased word)" for r in res["rows"])


def test_met_targets_hold_on_development_data():
    shared_data("factbank_uncertainty_train.jsonl"), shared_data("basil_dev.jsonl")
    # Guards the two targets the packs meet (benchmarks/RESULTS.md) against regressions in packs,
    # matching or quote detection; a few seconds on the full FactBank and BASIL development parts.
    res = AccuracyBench(REAL, only=["factbank", "voice"]).run()
    value = {(r["set"], r["measure"]): r["value"] for r in res["rows"]}
    assert value[("factbank", "sentence F1 (uncertain)")] >= 0.80
    assert value[("voice", "in-quote annotated spans marked quoted")] >= 0.95


_TWO_CLASSES = """
[pack]
id = "two-classes"
version = "0.0.1"
description = "Two rules of different categories and classes on one source phrase."

[[rules]]
id = "anon"
category = "hedging"
kind = "phrase"
phrases = ["one insider close to the club"]
attribution = "anonymous"
message = "Anonymous: '{match}'."
why = "Fixture."
examples.flag = ["[One insider close to the club] said so."]
examples.pass = ["It was late."]

[[rules]]
id = "vague"
category = "opinion"
kind = "phrase"
phrases = ["insider close to the club says", "observers"]
attribution = "vague"
message = "Vague: '{match}'."
why = "Fixture."
examples.flag = ["One [insider close to the club says] so."]
examples.pass = ["It was late."]
"""


def test_one_unnamed_source_matched_by_two_rules_counts_once(tmp_path):
    """Rules of different categories may both match one source phrase; attribution counts it once,
    as the longer match's class: "one insider close to the club" (29 characters, anonymous) and
    "insider close to the club says" (30, vague) overlap: one vague source. "observers" in the next
    sentence is a second vague source; two anonymous phrases in one sentence are one source."""
    import framing

    pack = tmp_path / "two.toml"
    pack.write_text(_TWO_CLASSES, encoding="utf-8")
    scorer = framing.Scorer(extra_packs=[str(pack)], profile="rules", disabled=["pack:speculation"])
    got = scorer.score("Bad news. One insider close to the club says the coach will go. Observers agree.")
    assert sorted((m.text, m.attribution) for m in got.matches if m.attribution) == [
        ("Observers", "vague"), ("One insider close to the club", "anonymous"),
        ("insider close to the club says", "vague")]
    assert (got.attribution["anonymous"], got.attribution["vague"]) == (0, 2)
    got = scorer.score("One insider close to the club and one insider close to the club agree.")
    assert (got.attribution["anonymous"], got.attribution["vague"]) == (1, 0)


def test_one_unnamed_source_of_each_class_per_sentence():
    import framing

    for text in ("An official, who asked not to be identified because he was not authorized to speak "
                 "publicly, said the plan was dead.",
                 "Two officials said, speaking on condition of anonymity, that the talks had stalled."):
        assert framing.score(text).attribution["anonymous"] == 1, text
    two = "An aide said the talks had stalled. Later, a diplomat said the deal was off."
    assert framing.score(two).attribution["anonymous"] == 2


def test_institution_heads_keep_their_noun_but_not_function_words():
    import framing

    cases = {"The Police Department said no one was hurt.": ["Police Department"],
             "But Council said it would vote.": ["Council"],
             "Firefighters said the fire started at noon.": []}
    for text, named in cases.items():
        assert framing.score(text).attribution["named_sources"] == named, text


def test_speech_thought_cue_and_unnamed_type():
    from framing.learning.accuracy import speech_thought_cue, unnamed_type

    assert speech_thought_cue("has also said") and speech_thought_cue("according to")
    assert speech_thought_cue("Believes") and not speech_thought_cue("imposed")
    assert not speech_thought_cue("has pledged") and not speech_thought_cue("")
    assert unnamed_type("a spokesman for the council") == "individual"
    assert unnamed_type("one of the aides") == "group"
    assert unnamed_type("some Democrats") == "group"
    assert unnamed_type("a new poll") == "document"


def test_polnear_measure_hand_counted(tmp_path):
    """Two scored sources on text written here: one named (found), one unnamed (found through a
    vague-source match on it); the action cue 'fined' and the pronoun are not scored."""
    text = "Mayor Ada Quist said the road will close. Critics say the plan is rushed. The city fined him. He said no."
    def rel(src, cue):
        s, c = text.index(src), text.index(cue)
        return {"source": {"start": s, "end": s + len(src), "text": src},
                "cue": {"start": c, "end": c + len(cue), "text": cue}}
    art = {"id": "t", "text": text, "attributions": [rel("Mayor Ada Quist", "said"), rel("Critics", "say"),
                                                     rel("The city", "fined"), rel("He", "said no")]}
    _write(tmp_path / "polnear_dev.jsonl", [art])
    res = AccuracyBench(tmp_path, only=["polnear"]).run()
    value = {r["measure"]: (r["value"], r["n"]) for r in res["rows"]}
    assert value["named source recall"] == (1.0, 1)
    assert value["unnamed source recall (match on the source or its cue)"] == (1.0, 1)
    assert value["unnamed source recall: group"] == (1.0, 1)
