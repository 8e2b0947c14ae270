"""`framing corpus` and framing.comparison.corpus: inputs, error rows, order, resume after SIGKILL, profiles."""
import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from framing.cli.main import main
from framing.comparison.corpus import CorpusError, read_records, run_corpus, score_partition
from framing.scoring.scorer import load_abbreviations

SENTENCES = [
    "The council approved the harbour budget on Tuesday after a long debate.",
    "Officials said the plan may be revised next year, according to Mayor Ada Brandt.",
    "Critics say the deal is a shameless giveaway that could cost residents dearly.",
    "\u201cWe will keep every promise we made,\u201d said Brandt, a former engineer.",
    "Sources familiar with the talks said the vote was arguably rushed.",
    "Traffic on the bridge rose by 4 percent in the first quarter.",
]


def article(i: int, n: int = 4) -> str:
    """A short article of our own; i varies the sentences and adds a unique number."""
    picked = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(n)]
    return f"Report {i} from the harbour.\n\n" + " ".join(picked) + f" The figure was {i}."


def write_jsonl(path: Path, n: int, **extra) -> list[dict]:
    recs = [{"id": f"a{i}", "text": article(i), "title": f"Title {i}", "source": "Gazette", **extra}
            for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return recs


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_rows_pass_fields_through_and_bad_lines_become_error_rows(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": article(1), "title": "T", "source": "S", "date": "2024-05-01", "lang": "en"}),
        "{not json",
        json.dumps({"id": "nt", "title": "no text here"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"text": article(2)}),  # no id: its line number stands in
    ]
    # Not UTF-8: the id is kept when the line is JSON all the same, so the row can be traced.
    data = ("\n".join(lines) + "\n").encode() + b'{"id": "bin", "text": "caf\xe9"}\n' + b'not json \xff\n'
    src.write_bytes(data)
    out = tmp_path / "out.jsonl"
    summary = run_corpus(str(src), str(out), workers=1, profile="rules")
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["ok1", "line:2", "nt", "line:4", "empty", "line:6", "bin", "line:8"]
    ok = rows[0]
    assert (ok["title"], ok["source"], ok["date"], ok["lang"]) == ("T", "S", "2024-05-01", "en")
    assert "error" not in ok and ok["words"] > 20 and "hedging.authorial.count" in ok
    assert "text" not in ok
    reasons = {r["id"]: r.get("error", "") for r in rows}
    assert "not JSON" in reasons["line:2"] and ":2:" in reasons["line:2"]
    assert "no 'text'" in reasons["nt"]
    assert "JSON object" in reasons["line:4"]
    assert "empty" in reasons["empty"]
    assert "UTF-8" in reasons["bin"] and ":7:" in reasons["bin"]
    assert "UTF-8" in reasons["line:8"]
    assert "error" not in rows[5]
    assert (summary.articles, summary.failures) == (8, 6)


def test_csv_input_gz_and_csv_output(tmp_path):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "title", "text", "date"])
    w.writerow(["c1", "First, with comma", article(3), "2024-01-02"])
    w.writerow(["c2", "Second", "", "2024-01-03"])
    w.writerow(["", "No id", article(4), "2024-01-04"])
    src = tmp_path / "in.csv.gz"
    src.write_bytes(gzip.compress(buf.getvalue().encode()))
    out = tmp_path / "out.csv"
    run_corpus(str(src), str(out), workers=1, profile="rules")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["c1", "c2", "row:4"]
    assert rows[0]["title"] == "First, with comma" and rows[0]["date"] == "2024-01-02" and rows[0]["error"] == ""
    assert int(rows[0]["words"]) > 20
    assert "empty" in rows[1]["error"] and rows[1]["words"] == ""
    with out.open(encoding="utf-8") as f:
        assert len(f.read().splitlines()) == 4  # header + one physical line per row


def test_directory_input_and_binary_file(tmp_path):
    d = tmp_path / "arts"
    (d / "sub").mkdir(parents=True)
    (d / "b.txt").write_text(article(5), encoding="utf-8")
    (d / "sub" / "c.txt.gz").write_bytes(gzip.compress(article(6).encode()))
    (d / "a.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (d / "notes.csv").write_text("ignored", encoding="utf-8")  # not an article
    rows = list(score_partition(read_records(str(d)), profile="rules"))
    assert [r["id"] for r in rows] == ["a.txt", "b.txt", "sub/c.txt.gz"]
    assert "binary" in rows[0]["error"]
    assert rows[1]["words"] > 20 and rows[2]["words"] > 20


def test_cli_stdin_gz_to_stdout_and_spans(tmp_path):
    recs = [{"id": "s1", "text": article(7)}, {"id": "s2", "text": article(8)}]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in recs).encode())
    spans = tmp_path / "spans.jsonl"
    res = CliRunner().invoke(main, ["corpus", "-", "-o", "-", "--profile", "rules", "--workers", "1",
                                    "--spans", str(spans)], input=data)
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["s1", "s2"]
    assert "2 articles, 0 failed" in res.stderr
    texts = {r["id"]: r["text"] for r in recs}
    got = read_jsonl(spans)
    assert got and {g["id"] for g in got} == {"s1", "s2"}
    for g in got:
        assert texts[g["id"]][g["start"]:g["end"]] == g["text"]
    by_article = {r["id"]: sum(v for k, v in r.items() if k.endswith(".count")) for r in rows}
    assert by_article == {i: sum(1 for g in got if g["id"] == i) for i in by_article}


@pytest.mark.parametrize("profile, n", [("rules", 60), ("full", 24)])
def test_workers_keep_input_order_and_equal_single_process(tmp_path, profile, n):
    src = tmp_path / "in.jsonl"
    recs = write_jsonl(src, n)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_corpus(str(src), str(one), workers=1, profile=profile)
    run_corpus(str(src), str(two), workers=2, profile=profile, chunk_articles=3)
    assert [r["id"] for r in read_jsonl(two)] == [r["id"] for r in recs]
    assert one.read_bytes() == two.read_bytes()


def test_workers_are_threads_sharing_the_runs_scorer(tmp_path, monkeypatch):
    # One Scorer a run, whatever the number of workers: what its first articles compile (pattern
    # forms, automata, model caches) serves every worker, and no process is forked.
    import threading

    import framing.comparison.corpus as corpus

    built, scored_on = [], set()
    real_build, real_record = corpus.build_scorer, corpus.score_record
    monkeypatch.setattr(corpus, "build_scorer", lambda key: built.append(key) or real_build(key))
    monkeypatch.setattr(corpus, "score_record", lambda rec, scorer, spans=False: scored_on.add(
        (os.getpid(), id(scorer), threading.current_thread().name)) or real_record(rec, scorer, spans))
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 12)
    run_corpus(str(src), str(tmp_path / "out.jsonl"), workers=2, profile="rules", chunk_articles=2)
    assert len(built) == 1
    assert {(pid, scorer) for pid, scorer, _ in scored_on} and {pid for pid, _, _ in scored_on} == {os.getpid()}
    assert len({scorer for _, scorer, _ in scored_on}) == 1
    assert any(name.startswith("framing-score") for _, _, name in scored_on)


def test_full_profile_corpus_rows_equal_the_lazy_path(tmp_path):
    # Two threads share one Scorer's classifiers (and their word caches); scoring the same records
    # one by one, with fresh model objects that share nothing built, gives the same rows.
    src = tmp_path / "in.jsonl"
    recs = write_jsonl(src, 24)
    two = tmp_path / "two.jsonl"
    run_corpus(str(src), str(two), workers=2, profile="full", chunk_articles=5)
    rows = read_jsonl(two)
    from framing import Scorer
    from framing.scoring.classify import SentenceModel, load_models

    # Fresh model objects share nothing built: a Scorer with them starts on the lazy path.
    fresh = [SentenceModel(name=m.name, settings=m.settings, arrays=m.arrays) for m in load_models()]
    lazy = Scorer(classifiers=fresh)
    for rec, row in zip(recs, rows):
        got = lazy.score(rec["text"]).classifiers
        assert got and {f"classifier.{n}.{k}": v[k] for n, v in got.items() for k in ("mean", "share_above")} \
            == {k: v for k, v in row.items() if k.startswith("classifier.") and not k.endswith(".threshold")}


def test_resume_cuts_a_half_line_and_skips_done_ids(tmp_path):
    src = tmp_path / "in.jsonl"
    recs = write_jsonl(src, 12)
    full = tmp_path / "full.jsonl"
    run_corpus(str(src), str(full), workers=1, profile="rules")
    lines = full.read_bytes().splitlines(keepends=True)
    part = tmp_path / "part.jsonl"
    part.write_bytes(b"".join(lines[:5]) + lines[5][:17])  # killed in the middle of row 6
    summary = run_corpus(str(src), str(part), workers=1, profile="rules", resume=True)
    assert summary.skipped == 5 and summary.articles == 7
    assert part.read_bytes() == full.read_bytes()
    assert [r["id"] for r in read_jsonl(part)] == [r["id"] for r in recs]


def test_resume_csv_keeps_header(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 6)
    full, part = tmp_path / "full.csv", tmp_path / "part.csv"
    run_corpus(str(src), str(full), workers=1, profile="rules")
    lines = full.read_bytes().splitlines(keepends=True)
    part.write_bytes(b"".join(lines[:3]) + lines[3][:10])
    run_corpus(str(src), str(part), workers=1, profile="rules", resume=True)
    assert part.read_bytes() == full.read_bytes()


def _cli(*args):
    return [sys.executable, "-c", "from framing.cli.main import main; main()", *args]


def test_resume_after_sigkill_gives_every_id_exactly_once(tmp_path):
    src = tmp_path / "in.jsonl"
    recs = [{"id": f"k{i}", "text": article(i, 8)} for i in range(1000)]
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out, spans = tmp_path / "out.jsonl", tmp_path / "spans.jsonl"
    args = _cli("corpus", str(src), "-o", str(out), "--spans", str(spans), "--workers", "2", "--quiet",
                "--profile", "rules")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or out.stat().st_size < 10_000):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker processes, mid-run
    proc.wait()
    written = out.read_bytes().count(b"\n")
    assert 0 < written < len(recs), "the run should have been killed part-way"
    res = subprocess.run(args + ["--resume"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == sorted(r["id"] for r in recs)
    assert ids == [r["id"] for r in recs]
    counts = {r["id"]: sum(v for k, v in r.items() if k.endswith(".count"))
              for r in read_jsonl(out)}
    span_counts: dict = {}
    for line in spans.read_text(encoding="utf-8").splitlines():
        i = json.loads(line)["id"]
        span_counts[i] = span_counts.get(i, 0) + 1
    assert {i: c for i, c in counts.items() if c} == span_counts


def test_rules_profile_imports_no_sklearn_vader_or_numpy():
    code = (
        "import sys, framing\n"
        "from framing.comparison.corpus import score_partition\n"
        "rows = list(score_partition([{'id': 1, 'text': 'Officials said the plan may fail.'}], profile='rules'))\n"
        "assert rows[0]['words'] == 6, rows\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sklearn', 'numpy', 'scipy', 'vaderSentiment', 'textstat', 'nltk', 'pandas'))\n"
        "print(heavy)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_profiles_agree_on_rules_and_differ_on_sentiment():
    rec = [{"id": 1, "text": article(9)}]
    rules = next(score_partition(rec, profile="rules"))
    full = next(score_partition(rec, profile="full"))
    same = [k for k in rules if not k.startswith("sentiment.")]
    assert len(same) > 40 and all(rules[k] == full[k] for k in same)
    assert "readability.flesch_reading_ease" in full and "readability.flesch_reading_ease" not in rules
    assert full["sentiment.mean_abs"] > 0 and "sentiment.mean_abs" not in rules  # not computed: no column


def test_cli_errors_are_one_line_with_exit_2(tmp_path):
    r = CliRunner().invoke(main, ["corpus", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 2 and r.stderr.strip().count("\n") == 0
    assert "missing.jsonl" in r.stderr and "no such file" in r.stderr
    r = CliRunner().invoke(main, ["corpus", "-", "-o", "x.jsonl", "--scheduler", "tcp://x:1"], input="")
    assert r.exit_code == 2 and "--engine dask" in r.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("id,body\n1,hello\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["corpus", str(bad), "-o", str(tmp_path / "o.csv")])
    assert r.exit_code == 2 and "'text' column" in r.stderr
    r = CliRunner().invoke(main, ["corpus", "-", "-o", str(tmp_path / "o.jsonl"), "--disable", "nope"], input="")
    assert r.exit_code == 2 and "nope" in r.stderr


@pytest.mark.parametrize("bad_text", [None, 12, "", " \n\t\u3000\x1c"])
def test_score_partition_never_raises(bad_text):
    rows = list(score_partition([{"id": "x", "text": bad_text}, {"id": "y", "text": "Fine text here."}],
                                profile="rules"))
    assert rows[0] == {"id": "x", "error": "no text to score"}
    assert rows[1]["words"] == 3


def test_error_rows_keep_the_record_fields_and_scored_rows_rename_clashes():
    rows = list(score_partition([{"id": "x", "text": " ", "title": "T"},
                                 {"id": "y", "text": "Fine text here.", "title": "U", "words": 9}], profile="rules"))
    assert rows[0] == {"id": "x", "error": "no text to score", "title": "T"}
    assert (rows[1]["title"], rows[1]["input.words"], rows[1]["words"]) == ("U", 9, 3)


# --- The speed work must not change results -------------------------------------------------------


def _example_texts():
    from framing.scoring.checks import strip_marks
    from framing.packs import load_packs

    texts = []
    for pack in load_packs():
        for rule in pack.rules:
            texts += [strip_marks(ex)[0] for ex in rule.flag] + list(rule.passes)
    return texts


def test_regex_prefilter_finds_exactly_what_running_every_regex_finds():
    from framing.scoring.matching import Matcher
    from framing.packs import load_packs
    from prefilter_check import assert_prefilters_agree

    packs = load_packs()
    fast = Matcher(packs)
    examples = _example_texts()
    # One article of every rule example (so anchors meet sentence edges), plus case and fold oddities.
    texts = examples + ["\n\n".join(examples), " ".join(examples).upper(),
                        "\u0130t is clear. SOURCES FAMILIAR WITH THE MATTER SAID \u017fo."]
    assert_prefilters_agree(fast, packs, texts, load_abbreviations())


def test_readability_equals_textstat():
    textstat = pytest.importorskip("textstat")
    from textstat.backend.counts import _count_syllables as counter

    from framing.engine.readability import readability

    counter.get_cmudict = lambda lang: None  # textstat on pyphen alone, offline, as framing does
    texts = _example_texts()[:200] + [article(i) for i in range(20)] + [
        "I'm sure it's 'fine'. Don't -- really! Short. A b. The end?", "Well... ok; yes: no.\n\nNew para here now."]
    for t in texts:
        if not any(c.isalpha() for c in t):
            continue
        got = readability(t)
        assert got["flesch_reading_ease"] == round(float(textstat.flesch_reading_ease(t)), 2), t
        assert got["flesch_kincaid_grade"] == round(float(textstat.flesch_kincaid_grade(t)), 2), t


# Regexes whose literals hold characters the matcher's view changes (tab, no-break space, a line
# break, two spaces) or whose word boundaries are ASCII ones: the prefilters must never hide a match.
_ODD_REGEXES = [r"(?m)^Photo:\tReuters", r"(?m)^By\xa0Staff", r"(?m)^Copyright  Reuters",
                r"\bwhich\w* (?:are|is)\nclearly", r"\bit (?:is|was)\xa0absolutely", r"(?am)^\W*\bfoo",
                r"(?a)\bit\W*\bfoobar", r"\bplain (?a:\bwords)\b", r"\bdouble  spaced\b"]
_ODD_TEXTS = ["Text here.\nPhoto:\tReuters staff", "Intro.\nBy\xa0Staff", "Intro.\nCopyright  Reuters 2026",
              "Claims which are\nclearly wrong.", "Now it is\xa0absolutely done.", "Intro.\n\u00e9\u00e9foo bar",
              "It \u00e9\u00e9foobar now", "Some plain \u00e9words here.", "A double  spaced line.",
              "Text here.\r\nPhoto:\tReuters\r\nBy\xa0Staff"]


def test_prefilters_never_hide_a_match_of_odd_regexes():
    from framing.scoring.matching import Matcher
    from prefilter_check import assert_prefilters_agree, regex_pack

    packs = [regex_pack(_ODD_REGEXES)]
    found = assert_prefilters_agree(Matcher(packs), packs, _ODD_TEXTS + ["\n\n".join(_ODD_TEXTS)],
                                    load_abbreviations())
    assert found >= 10  # the texts do hold matches


def test_sentiment_analyzer_gives_vaders_own_scores():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from framing.scoring.scorer import _vader

    stock = SentimentIntensityAnalyzer()
    sentences = [x for i in range(12) for x in article(i).split(". ")] + _example_texts()[:300] + [
        "I love it \U0001F600 so much!", "", "  padded  ", "It was kind of bad.", "NOT GOOD at all!!!",
        "The plan was fine, but the rollout was a disaster.", "\U0001F621", "Never so happy?? Really???"]
    for s in sentences:
        assert _vader().polarity_scores(s) == stock.polarity_scores(s), s


def test_jsonl_with_byte_order_mark_and_crlf(tmp_path):
    src = tmp_path / "bom.jsonl"
    src.write_bytes(b'\xef\xbb\xbf{"id": "b1", "text": "Officials may act."}\r\n{"id": "b2", "text": "Fine."}\r\n')
    rows = list(score_partition(read_records(str(src)), profile="rules"))
    assert [r["id"] for r in rows] == ["b1", "b2"] and all("error" not in r for r in rows)


def test_unwritable_output_is_one_line_exit_2(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 2)
    r = CliRunner().invoke(main, ["corpus", str(src), "-o", str(tmp_path / "no" / "dir" / "o.jsonl")])
    assert r.exit_code == 2 and "cannot write" in r.stderr and r.stderr.count("\n") == 1


def test_full_profile_adds_shipped_classifiers_and_they_can_be_turned_off():
    from framing.scoring.classify import shipped_models

    names = shipped_models()
    if not names:
        pytest.skip("no sentence classifiers shipped")
    rec = [{"id": 1, "text": article(10)}]
    full = next(score_partition(rec, profile="full"))
    for n in names:
        assert 0.0 <= full[f"classifier.{n}.mean"] <= 1.0 and 0.0 <= full[f"classifier.{n}.share_above"] <= 1.0
    off = next(score_partition(rec, profile="full", classifiers=False))
    assert not any(k.startswith("classifier.") for k in off)
    assert not any(k.startswith("classifier.") for k in next(score_partition(rec, profile="rules")))
    assert {k: v for k, v in full.items() if not k.startswith("classifier.")} == off


def test_oversized_article_becomes_an_error_row_and_the_run_goes_on(tmp_path):
    src = tmp_path / "in.jsonl"
    recs = [{"id": "a", "text": article(1)}, {"id": "huge", "text": article(2) * 400}, {"id": "b", "text": article(3)}]
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    limit = len(article(2)) * 10
    summary = run_corpus(str(src), str(out), workers=1, profile="rules", max_article_bytes=limit)
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["a", "huge", "b"]
    assert "over the limit" in rows[1]["error"] and "--max-mb" in rows[1]["error"]
    assert "error" not in rows[0] and "error" not in rows[2] and summary.failures == 1
    res = CliRunner().invoke(main, ["corpus", str(src), "-o", str(tmp_path / "o2.jsonl"), "--workers", "1",
                                    "--profile", "rules", "--quiet", "--max-mb", str(limit / 1e6)])
    assert res.exit_code == 0, res.stderr
    assert "over the limit" in read_jsonl(tmp_path / "o2.jsonl")[1]["error"]


def test_lone_surrogates_and_non_records_do_not_stop_a_run(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "The plan was approved."}\n'
                   '{"id": 2, "text": "The plan was approved.", "note": "\\udc80"}\n'
                   '{"id": "\\udc81", "text": "Officials said it may rain."}\n', encoding="utf-8")
    for name in ("out.jsonl", "out.csv"):
        summary = run_corpus(str(src), str(tmp_path / name), workers=1, profile="rules")
        assert (summary.articles, summary.failures) == (3, 0), name
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert [r["id"] for r in rows] == [1, 2, "\udc81"] and rows[1]["note"] == "\udc80"
    run_corpus(str(src), str(tmp_path / "out.jsonl"), workers=1, profile="rules", resume=True)
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 3  # resume reads the escaped ids back
    rows = list(score_partition(["a raw line", None, {"id": "ok", "text": "Fine."}], profile="rules"))
    assert [("error" in r) for r in rows] == [True, True, False] and "not a record" in rows[0]["error"]


def test_error_rows_keep_the_records_own_fields(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "e", "text": "  ", "lang": "fr", "source": "Gazette"}) + "\n"
                   + json.dumps({"id": "big", "text": article(1) * 50, "lang": "en"}) + "\n", encoding="utf-8")
    run_corpus(str(src), str(tmp_path / "o.jsonl"), workers=1, profile="rules", max_article_bytes=len(article(1)) * 10)
    rows = read_jsonl(tmp_path / "o.jsonl")
    assert rows[0]["error"] and (rows[0]["lang"], rows[0]["source"]) == ("fr", "Gazette")
    assert "over the limit" in rows[1]["error"] and rows[1]["lang"] == "en"


def test_blank_reporting_verbs_are_ignored_and_a_foreign_view_is_refused():
    from framing.scoring.attribution import AttributionFinder
    from framing.engine.patterns import match_view
    from framing.scoring.matching import Matcher
    from framing.packs import load_packs
    from framing.scoring.scorer import Scorer

    scorer = Scorer(profile="rules")
    scorer._prepare()
    from framing.scoring.segment import segment

    seg = segment("Mayor Jane Doe said the plan works.", scorer.abbreviations_)
    found = AttributionFinder(speech=("said", "", "  ")).find(seg)
    assert [(a.name, a.role) for a in found] == [("Jane Doe", "Mayor")]
    with pytest.raises(ValueError, match="match_view"):
        Matcher(load_packs()).candidates("Some text.", match_view("Other, longer text."))


def test_encoding_decodes_the_input_and_bad_bytes_make_an_error_row_naming_the_record(tmp_path):
    """cp1252 input: without --encoding the record with 'café' in cp1252 is an error row that says
    what to pass; with --encoding cp1252 it is scored; a byte cp1252 does not define (0x81) is an
    error row naming the line and the record's id; the run goes on."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a", "text": "The caf\xe9 council met."}\n'
                    b'{"id": "b", "text": "Bad byte \x81 here."}\n'
                    b'{"id": "c", "text": "The plan was approved."}\n')
    out = tmp_path / "o.jsonl"
    run_corpus(str(src), str(out), workers=1, profile="rules")
    rows = read_jsonl(out)
    assert rows[0]["id"] == "a" and rows[0]["error"].startswith(f"{src}:1: not valid UTF-8 (byte 0xe9 at column 29)")
    assert "--encoding" in rows[0]["error"] and "error" not in rows[2]
    res = CliRunner().invoke(main, ["corpus", str(src), "-o", str(out), "--workers", "1", "--profile", "rules",
                                    "--quiet", "--encoding", "cp1252"])
    assert res.exit_code == 0, res.stderr
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["a", "b", "c"] and "error" not in rows[0] and rows[0]["words"] == 4
    assert rows[1]["error"] == f"{src}:2: not valid cp1252 (byte 0x81 at column 31)"
    assert "error" not in rows[2]
    # auto: UTF-8 else Windows-1252 line by line, else U+FFFD for bad bytes; every record is scored
    run_corpus(str(src), str(out), workers=1, profile="rules", encoding="auto")
    assert [("error" in r) for r in read_jsonl(out)] == [False, False, False]


def test_encoding_for_csv_and_folders(tmp_path):
    csv_path = tmp_path / "in.csv"
    csv_path.write_bytes(b"id,text\nx,Caf\xe9 owners said it may rain.\ny,Fine \x81 text.\n")
    rows = list(read_records(str(csv_path), encoding="cp1252"))
    assert rows[0]["text"] == "Caf\u00e9 owners said it may rain."
    assert rows[1] == {"id": "y", "error": f"{csv_path}:3: not valid cp1252"}
    assert [r.get("text") for r in read_records(str(csv_path), encoding="auto")][0] == "Caf\u00e9 owners said it may rain."
    assert "pass --encoding" in next(read_records(str(csv_path)))["error"]
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_bytes("Caf\u00e9 news.".encode("cp1252"))
    assert next(read_records(str(folder), encoding="cp1252"))["text"] == "Caf\u00e9 news."
    assert "not valid UTF-8" in next(read_records(str(folder)))["error"]


@pytest.mark.parametrize("encoding,message", [("klingon", "unknown encoding 'klingon'"),
                                              ("utf-16", "needs an encoding that writes ASCII one byte")])
def test_bad_encoding_is_one_clear_line(tmp_path, encoding, message):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 2)
    res = CliRunner().invoke(main, ["corpus", str(src), "-o", str(tmp_path / "o.jsonl"), "--encoding", encoding])
    assert res.exit_code == 2 and res.stderr.startswith("framing: error: ") and message in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


def test_max_mb_counts_utf8_bytes_not_characters(tmp_path):
    """A text of 300,000 characters of 'é' (2 bytes each in UTF-8) is 0.6 MB: over --max-mb 0.5,
    while 300,000 ASCII characters (0.3 MB) pass; the error row says the size and the limit."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "wide", "text": "Caf\u00e9 " + "\u00e9" * 299_995}) + "\n"
                   + json.dumps({"id": "narrow", "text": "Cafe " + "e" * 299_995}) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["corpus", str(src), "-o", str(tmp_path / "o.jsonl"), "--workers", "1",
                                    "--profile", "rules", "--quiet", "--max-mb", "0.5"])
    assert res.exit_code == 0, res.stderr
    rows = read_jsonl(tmp_path / "o.jsonl")
    assert rows[0]["error"] == ("text of 0.6 MB is over the limit of 0.5 MB for one article; split it or "
                                "raise --max-mb")
    assert "error" not in rows[1]


def test_a_csv_quote_that_never_closes_is_an_error_row_not_a_silent_merge(tmp_path):
    """A quoted field left open takes the rest of the file (the csv reader is lenient): the rows
    after it vanished into its text with no word. Now that record is an error row naming its line;
    a quote inside an unquoted field ('a 5" screen') and quoted fields over lines stay records."""
    bad = tmp_path / "bad.csv"
    bad.write_text('id,text\n1,"fine, quoted ""text"""\n2,"unterminated\n3,ok text here\n', encoding="utf-8")
    rows = list(read_records(str(bad)))
    assert rows[0] == {"id": "1", "text": 'fine, quoted "text"'}
    assert rows[1]["id"] == "2" and "text" not in rows[1] and len(rows) == 2
    assert rows[1]["error"].startswith(f"{bad}:3: a quoted field opened in this record never closes")
    good = tmp_path / "good.csv"
    good.write_text('id,text\n1,"two\nlines"\n2,a 5" screen and more\n', encoding="utf-8")
    assert [r.get("text") for r in read_records(str(good))] == ["two\nlines", 'a 5" screen and more']
    out = tmp_path / "out.jsonl"
    s = run_corpus(str(bad), str(out), workers=1, profile="rules")
    assert (s.articles, s.failures) == (2, 1)
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["1", "2"]


def test_resume_refuses_rows_written_with_other_settings(tmp_path):
    """--resume appends to what an earlier run wrote: with another profile the file mixed rows of
    two shapes (JSONL rows of 75 and 85 keys; CSV rows silently lost this run's columns). Now the
    run stops first with one line naming the columns; with the same settings it resumes."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": f"Officials said plan {i} may fail.", "title": "t"}) + "\n"
                           for i in range(6)), encoding="utf-8")
    for name in ("rows.jsonl", "rows.csv"):
        out = tmp_path / name
        run_corpus(str(src), str(out), workers=1, profile="rules")
        lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
        out.write_text("".join(lines[:3]), encoding="utf-8")  # interrupted after a few rows
        before = out.read_bytes()
        with pytest.raises(CorpusError, match=r"--resume: its rows were written with other settings \(columns "
                                              r"in this run, not there: classifier\.biased\.mean"):
            run_corpus(str(src), str(out), workers=1, profile="full", resume=True)
        assert out.read_bytes() == before  # nothing appended
        s = run_corpus(str(src), str(out), workers=1, profile="rules", resume=True)
        assert s.skipped == (3 if name.endswith(".jsonl") else 2) and len(out.read_text().splitlines()) == 6 + name.endswith(".csv")


def test_a_folders_other_files_are_named_in_the_summary_not_passed_over_silently(tmp_path):
    """A corpus folder is read for its articles (.txt, .md, .html); other files beside them were
    skipped without a word. The summary line names what it did not read."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("The plan may fail.\n", encoding="utf-8")
    (folder / "data.csv").write_text("x,y\n", encoding="utf-8")
    (folder / "sub" / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / ".hidden").write_text("x", encoding="utf-8")
    s = run_corpus(str(folder), str(tmp_path / "out.jsonl"), workers=1, profile="rules")
    assert s.articles == 1 and s.not_read == ("data.csv", "sub/notes.docx")
    assert s.line().endswith("; 2 files of the folder not read (articles are .txt, .md, .html files: data.csv, "
                             "sub/notes.docx)")


def test_a_folder_reads_markdown_and_html_pages_as_articles(tmp_path):
    """.md as text; .html as `framing score page.html` reads it: the article's text, the page's
    navigation and scripts dropped (also gzipped)."""
    import gzip

    from framing.comparison.corpus import read_records

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("# Title\n\nThe plan may fail.\n", encoding="utf-8")
    page = ("<html><head><title>t</title><script>var reckless = 1;</script></head><body>"
            "<nav>Home | Reckless deals</nav><article><p>The plan is a disgraceful betrayal.</p>"
            "<p>Officials said it might fail.</p></article></body></html>")
    (folder / "b.html").write_text(page, encoding="utf-8")
    (folder / "c.htm.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    (folder / "empty.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    recs = {r["id"]: r for r in read_records(str(folder))}
    assert recs["a.md"]["text"] == "# Title\n\nThe plan may fail.\n"
    for rid in ("b.html", "c.htm.gz"):
        text = recs[rid]["text"]
        assert "disgraceful betrayal" in text and "might fail" in text
        assert "var reckless" not in text and "Reckless deals" not in text
    assert "empty file" in recs["empty.html"]["error"]


def test_csv_errors_name_the_file_line_a_record_begins_on(tmp_path):
    """A record's error points at the file's line (its text may span several), as JSONL errors and
    `path:line` readers expect; the row keeps its record-number id (a new user's review: a two-line
    text put the next record's error at "in.csv:4", its record number, on line 5)."""
    src = tmp_path / "in.csv"
    src.write_text('id,text\na,"The first text\nruns over two lines."\nb,too,many\n,The third, unnamed\n',
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_corpus(str(src), str(out), profile="rules")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "row:4"]
    assert "error" not in rows[0]
    assert rows[1]["error"] == f"{src}:4: more fields than the header has columns"  # record 3, line 4
    assert rows[2]["error"] == f"{src}:5: more fields than the header has columns"  # record 4, line 5


def test_repeated_ids_are_counted_in_the_summary_line(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": "The council met on Monday."}) + "\n"
                           for i in ["a", "b", "a", "c", "a", "b"]), encoding="utf-8")
    summary = run_corpus(str(src), str(tmp_path / "out.jsonl"), profile="rules")
    assert (summary.repeated, summary.first_repeated) == (3, "a")  # a twice more, b once more
    assert ("; 3 rows repeat an earlier row's id (first: 'a'): give each record its own id to join the rows "
            "and --spans lines back to it") in summary.line()
    distinct = tmp_path / "d.jsonl"
    distinct.write_text(json.dumps({"id": "x", "text": "The council met."}) + "\n", encoding="utf-8")
    quiet = run_corpus(str(distinct), str(tmp_path / "out3.jsonl"), profile="rules")
    assert quiet.repeated == 0 and "repeat" not in quiet.line()
