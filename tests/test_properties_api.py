"""Properties of the public API beyond one article: comparisons, generated rule packs, HTML input.

Only the documented error types may escape: PackError for packs, InputError for inputs.
"""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing.inputs import html_to_text
from framing.packs import KINDS, SCOPES, PackError, load_pack

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SENTENCES = st.sampled_from([
    "The council approved the harbour plan on Tuesday.",
    "Critics say the reckless deal could mark a turning point.",
    "\u201cIt is a disgrace,\u201d said Mayor Ana Ruiz.",
    "Insiders say the price may rise, according to people familiar with the talks.",
    "The ministry said the review would take 90 days.",
    "Make no mistake: this is a power grab.",
    "Is anyone surprised?",
])
ARTICLES = st.lists(SENTENCES, min_size=1, max_size=12).map(" ".join)
SCORER = framing.Scorer(sentiment=False, readability=False)


@SETTINGS
@given(ARTICLES, st.lists(ARTICLES, min_size=2, max_size=3), st.randoms(use_true_random=False))
def test_comparison_does_not_depend_on_reference_order(target, refs, rnd):
    named = [(f"ref{i}", t) for i, t in enumerate(refs)]
    shuffled = named[:]
    rnd.shuffle(shuffled)
    a = framing.compare(("target", target), named, scorer=SCORER).to_dict()
    b = framing.compare(("target", target), shuffled, scorer=SCORER).to_dict()
    assert a["summary"] == b["summary"]
    assert [x["label"] for x in a["alignment"]] == [x["label"] for x in b["alignment"]]
    for cat, voices in a["categories"].items():
        for voice, stats in voices.items():
            for key in ("target", "reference_mean", "difference", "ratio"):
                assert stats[key] == b["categories"][cat][voice][key], (cat, voice, key)
    for x in a["alignment"]:
        assert target[x["start"]:x["end"]] == x["text"]


KEYS = ["id", "category", "kind", "weight", "scope", "message", "why", "phrases", "pattern", "tokens",
        "lexicon", "exceptions", "attribution", "case_sensitive", "colour"]
VALUES = st.one_of(
    st.sampled_from(list(KINDS) + list(SCOPES) + ["hedging", "anonymous", "maybe", "(a+)+$", "[", "{0,3}"]),
    st.text(max_size=12), st.integers(-3, 3), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.lists(st.sampled_from(["perhaps", "may|might", "{0,2}", "", "people", "x*"]), max_size=4),
)
RULES = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=9).map(
    lambda d: d | {"examples": {"flag": ["It is [perhaps] so."], "pass": ["It is so."]}})


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml, value)) + "]"
    return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"


@SETTINGS
@given(rules=st.lists(RULES, max_size=3), with_meta=st.booleans())
def test_generated_packs_load_or_fail_with_pack_error(rules, with_meta, tmp_path_factory):
    text = '[pack]\nid = "gen"\nversion = "1"\ndescription = "generated"\n' if with_meta else ""
    for rule in rules:
        text += "[[rules]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in rule.items())
    path = tmp_path_factory.mktemp("packs") / "gen.toml"
    path.write_text(text, encoding="utf-8")
    try:
        pack = load_pack(path)
    except PackError as exc:
        assert exc.problems and all(str(path) in line for line in exc.problems)
        return
    r = framing.Scorer([pack], sentiment=False, readability=False).score("It is perhaps so, people say.")
    assert all(m.rule.startswith("gen.") for m in r.matches)


MARKUP = st.lists(st.one_of(
    st.sampled_from(["<p>", "</p>", "<br>", "<script>", "</script>", "<style>", "</style>", "<b>", "</b>",
                     "&amp;", "&lt;", "&#x27;", "&bogus;", "<!--", "-->", "<![CDATA[", "<div class='x", "\n"]),
    st.text(max_size=15)), max_size=40).map("".join)


@SETTINGS
@given(MARKUP)
def test_html_extraction_never_raises_and_scores_exactly(markup):
    text = html_to_text(markup)
    assert "\r" not in text
    r = SCORER.score(text)
    assert all(text[m.start:m.end] == m.text for m in r.matches)


def test_fuzz_script_runs_and_finds_nothing():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz.py"
    # A fixed number of inputs, not a time budget: the same 30 mutated texts and packs on a busy machine.
    res = subprocess.run([sys.executable, str(script), "--seconds", "300", "--max-inputs", "30", "--json"],
                         capture_output=True, text=True, timeout=400)
    import json

    out = json.loads(res.stdout)
    assert res.returncode == 0 and out["findings"] == 0, out["findings_detail"]
    assert out["texts"] == 24 and out["packs"] == 6


def test_bad_scorer_parameters_are_clear_errors():
    from framing.packs import PackError

    for kw, error, text in [
        ({"packs": ["mine.toml"]}, TypeError, "extra_packs"),
        ({"overlap": None}, TypeError, "overlap"),
        ({"config": {"index": {"terms": [{}]}}}, PackError, "terms[0]"),
        ({"config": {"sentiment": {"max_sentence_words": 0}}}, PackError, "at least 1"),
        ({"config": {"bogus": {}}}, PackError, "unknown section"),
        ({"profile": "everything"}, ValueError, "profile"),
    ]:
        with pytest.raises(error) as exc:
            framing.Scorer(**kw).score("The plan may fail.")
        assert text in str(exc.value), (kw, str(exc.value))


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
RECORDS = st.one_of(
    st.fixed_dictionaries({"id": st.one_of(st.text(max_size=10), st.integers()),
                           "text": st.one_of(st.text(max_size=300), st.integers(), st.none())},
                          optional={"title": JSON_SCALARS, "error": JSON_SCALARS, "extra": JSON_SCALARS,
                                    "words": JSON_SCALARS, "note": st.lists(JSON_SCALARS, max_size=3)}),
    st.text(max_size=20), st.none())


@SETTINGS
@given(records=st.lists(RECORDS, max_size=6))
def test_corpus_rows_one_per_record_in_order_and_always_writable(records, tmp_path_factory):
    from framing.comparison.corpus import RowWriter, score_partition

    rows = list(score_partition(records, profile="rules"))
    assert len(rows) == len(records)
    for rec, row in zip(records, rows):
        if isinstance(rec, dict):
            assert row["id"] == rec["id"]
        assert ("error" in row) or isinstance(row["words"], int)
    d = tmp_path_factory.mktemp("rows")
    for fmt in ("jsonl", "csv"):
        columns = ["id", "error", "words", "extra"] if fmt == "csv" else None
        writer = RowWriter(str(d / f"out.{fmt}"), fmt, columns).open(append=False)
        for row in rows:
            writer.write(row)
        writer.close()
