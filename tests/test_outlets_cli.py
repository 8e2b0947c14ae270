"""`framing outlets` and the outlet reports: formats, golden renderings, story pages, errors."""
import csv
import gzip
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from framing.report import outlets as outlets_report
from framing.cli.main import main
from framing.comparison.outlets import LEAD_MEASURES, within_story

from test_outlets import EVENTS, OUTLETS, event_records

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("FRAMING_UPDATE_GOLDEN") == "1"


def run(*args, input=None):
    return CliRunner().invoke(main, ["--no-config", "outlets", *args], input=input)


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in event_records()), encoding="utf-8")
    return path


def test_json_report_keeps_the_contract(corpus):
    res = run(str(corpus), "--story-field", "story", "--format", "json", "--bootstrap", "200")
    assert res.exit_code == 0, res.stderr
    d = json.loads(res.stdout)
    assert d["schema_version"] == 2
    assert sorted(s["story"] for s in d["stories"]) == sorted(EVENTS)
    assert [o["source"] for o in d["outlets"]] == list(OUTLETS)
    assert all(o["stories"] == 3 and o["articles"] == 3 and o["reliable"] is False for o in d["outlets"])
    for o in d["outlets"]:
        for name in LEAD_MEASURES:
            m = o["measures"][name]
            assert m["ci_low"] <= m["difference"] <= m["ci_high"]
    assert "3 outlets, 3 stories compared" in res.stderr


def test_automatic_grouping_from_the_command_line(corpus):
    res = run(str(corpus), "--format", "json", "--bootstrap", "100")
    assert res.exit_code == 0, res.stderr
    d = json.loads(res.stdout)
    assert sorted(sorted(s["articles"]) for s in d["stories"]) == sorted(
        sorted(f"{e}-{o}" for o in OUTLETS) for e in EVENTS)
    assert d["grouping"]["method"] == "tfidf-cosine"


def test_csv_has_one_row_per_outlet_and_measure(corpus):
    res = run(str(corpus), "--story-field", "story", "--format", "csv", "--bootstrap", "100")
    assert res.exit_code == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    measures = {r["measure"] for r in rows}
    assert set(LEAD_MEASURES) <= measures
    assert len(rows) == len(OUTLETS) * len(measures)
    assert {(r["source"], r["stories"], r["articles"]) for r in rows} == {(o, "3", "3") for o in OUTLETS}


def test_csv_and_gzip_inputs_read_as_corpus_does(tmp_path):
    recs = event_records()
    path = tmp_path / "news.csv.gz"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["id", "source", "story", "date", "text"])
    w.writeheader()
    w.writerows(recs)
    path.write_bytes(gzip.compress(buf.getvalue().encode("utf-8")))
    res = run(str(path), "--story-field", "story", "--format", "json", "--bootstrap", "100")
    assert res.exit_code == 0, res.stderr
    assert len(json.loads(res.stdout)["stories"]) == 3


def test_html_is_self_contained_with_charts_and_story_pages(corpus, tmp_path):
    out = tmp_path / "report.html"
    res = run(str(corpus), "--story-field", "story", "--format", "html", "-o", str(out), "--bootstrap", "100")
    assert res.exit_code == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") >= len(LEAD_MEASURES) and "<script" not in page.lower()
    assert "<link" not in page and "src=" not in page  # nothing fetched from elsewhere
    links = [line.split("'")[0] for line in page.split("<a href='")[1:]]
    assert len(links) == 3
    for link in links:
        target = tmp_path / link
        assert target.is_file() and "How " in target.read_text(encoding="utf-8")  # the compare report
    assert "3 story pages written" in res.stderr


def test_html_without_pages(corpus, tmp_path):
    res = run(str(corpus), "--story-field", "story", "--format", "html", "--no-story-pages", "--bootstrap", "50")
    assert res.exit_code == 0 and "<a href" not in res.stdout and "were not written" in res.stdout


def test_pairs_and_unknown_pair(corpus):
    res = run(str(corpus), "--story-field", "story", "--format", "json", "--bootstrap", "100",
              "--pair", "Herald", "Courier")
    d = json.loads(res.stdout)
    assert (d["pairs"][0]["a"], d["pairs"][0]["b"], d["pairs"][0]["stories"]) == ("Herald", "Courier", 3)
    res = run(str(corpus), "--story-field", "story", "--pair", "Herald", "Nobody")
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("framing: error: no outlet named 'Nobody'")


def test_error_rows_are_reported_and_the_run_goes_on(corpus):
    with open(corpus, "a", encoding="utf-8") as f:
        f.write('{"id": "x1", "text": "No outlet given here."}\n{"id": "x2", "source": "Herald"}\nnot json\n')
    res = run(str(corpus), "--story-field", "story", "--format", "json", "--bootstrap", "50")
    assert res.exit_code == 0, res.stderr
    errors = {e["id"]: e["error"] for e in json.loads(res.stdout)["errors"]}
    assert set(errors) == {"x1", "x2", "line:12"}
    assert "framing: warning: 3 records could not be used" in res.stderr


def test_fewer_than_two_outlets_is_one_line(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in event_records() if r["source"] == "Gazette"))
    res = run(str(path), "--story-field", "story")
    assert res.exit_code == 2
    assert res.stderr == ("framing: error: need articles from at least two outlets to compare; found 1 (Gazette) "
                          "in the field 'source'\n")


def test_bad_input_is_one_line(tmp_path):
    res = run(str(tmp_path / "missing.jsonl"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "no such file" in res.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    res = run(str(empty))
    assert res.exit_code == 2 and res.stderr == f"framing: error: {empty}: no records\n"


def test_workers_give_the_same_report(corpus):
    one = run(str(corpus), "--story-field", "story", "--format", "json", "--bootstrap", "100")
    two = run(str(corpus), "--story-field", "story", "--format", "json", "--bootstrap", "100", "--workers", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


# ---------------------------------------------------------------------------------------------
# Renderings, byte for byte, of a report whose numbers are fixed (no scoring involved)


def fixed_report():
    arts = [("a1", "Alpha", "s1", {"loaded_language": 3.0, "named_per_1000_words": 1.0}),
            ("b1", "Beta", "s1", {"loaded_language": 1.0, "named_per_1000_words": 2.0}),
            ("a2", "Alpha", "s2", {"loaded_language": 2.0, "named_per_1000_words": 0.5}),
            ("b2", "Beta", "s2", {"loaded_language": 1.5, "named_per_1000_words": 2.5}),
            ("c1", "Gamma", "s3", {"loaded_language": 9.0, "named_per_1000_words": 9.0})]
    return within_story(arts, ("loaded_language", "named_per_1000_words"), min_stories=2, n_boot=1000, seed=4,
                        errors=[{"id": "z", "error": "no text"}])


@pytest.mark.parametrize("fmt,name", [("text", "outlets.txt"), ("markdown", "outlets.md"), ("csv", "outlets.csv"),
                                      ("html", "outlets.html"), ("json", "outlets.json")])
def test_rendering_matches_golden(fmt, name):
    out = outlets_report.render(fixed_report(), fmt, {"s1": "pages/s1.html"})
    path = GOLDEN / name
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_fixed_report_numbers_by_hand():
    r = fixed_report()
    a = r.outlet("Alpha").measures["loaded_language"]
    # s1: 3 - 1 = 2; s2: 2 - 1.5 = 0.5; mean 1.25, interval over {2, 0.5}: [0.5, 2]
    assert (a["difference"], a["ci_low"], a["ci_high"]) == (1.25, 0.5, 2.0)
    # Beta is the mirror image; Gamma reports alone (a singleton, no measures)
    assert r.outlet("Beta").measures["loaded_language"]["difference"] == -1.25
    assert r.outlet("Gamma").measures == {} and r.singletons == ("c1",)
    assert r.summary[0] == ("On the same stories, Alpha uses loaded language in its own voice 1.3 more times per "
                            "1,000 words than the other outlet (95% interval 0.5 to 2.0 more, 2 stories).")
    assert r.summary[1] == ("On the same stories, Beta uses loaded language in its own voice 1.3 fewer times per "
                            "1,000 words than the other outlet (95% interval 0.5 to 2.0 fewer, 2 stories).")


def test_scheduler_needs_dask_engine(corpus):
    res = run(str(corpus), "--scheduler", "tcp://127.0.0.1:1")
    assert res.exit_code == 2 and res.stderr == "framing: error: --scheduler needs --engine dask\n"


def test_story_detail_in_json(corpus):
    res = run(str(corpus), "--story-field", "story", "--format", "json", "--bootstrap", "50", "--story-detail")
    detail = json.loads(res.stdout)["story_detail"]
    assert set(detail) == set(EVENTS) and set(detail["bridge"]) == set(OUTLETS)
    diffs = [detail["bridge"][o]["loaded_language"]["difference"] for o in OUTLETS]
    assert abs(sum(diffs)) < 1e-3  # with one article each, the differences from the others' mean sum to zero


def test_story_pages_are_headed_by_outlet_and_title(tmp_path):
    recs = [{**r, "title": f"{r['story'].title()} news ({r['source']})"} if r["source"] != "Courier" else r
            for r in event_records()]
    path = tmp_path / "titled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / "report.html"
    res = run(str(path), "--story-field", "story", "--format", "html", "-o", str(out), "--bootstrap", "50")
    assert res.exit_code == 0, res.stderr
    page = (tmp_path / "report_stories").glob("*bridge*.html").__next__().read_text(encoding="utf-8")
    assert ">Herald: Bridge news (Herald)</span></h2>" in page       # its title, with the outlet
    assert ">Gazette: Bridge news (Gazette)</span></h2>" in page
    assert ">Courier (bridge-Courier)</span></h2>" in page          # no title: the outlet and the id


# ---------------------------------------------------------------------------------------------
# --engine / --scheduler: one reading of the options for `framing corpus` and `framing outlets`


def test_engine_options_are_read_in_one_place(monkeypatch):
    from framing.comparison import dask as fdask

    assert fdask.executor_from_options("local", None, 3) == (None, None)
    with pytest.raises(fdask.EngineError, match="^--scheduler needs --engine dask$"):
        fdask.executor_from_options("local", "tcp://10.0.0.5:8786", None)
    seen = []
    monkeypatch.setattr(fdask, "executor_for", lambda s, w: seen.append((s, w)) or ("executor", "close"))
    assert fdask.executor_from_options("dask", "tcp://10.0.0.5:8786", 2) == ("executor", "close")
    assert seen == [("tcp://10.0.0.5:8786", 2)]

    def missing(s, w):
        raise ImportError("framing.comparison.dask needs distributed: pip install 'framing[dask]'")

    monkeypatch.setattr(fdask, "executor_for", missing)
    with pytest.raises(fdask.EngineError, match=r"^framing.comparison.dask needs distributed: pip install 'framing\[dask\]'$"):
        fdask.executor_from_options("dask", None, 2)


@pytest.mark.parametrize("command", ["outlets", "corpus"])
def test_unreachable_scheduler_is_the_same_line_for_both_commands(command, corpus, monkeypatch, tmp_path):
    from framing.comparison import dask as fdask

    def unreachable(s, w):
        raise OSError("Timed out trying to connect")

    monkeypatch.setattr(fdask, "executor_for", unreachable)
    extra = ["-o", str(tmp_path / "rows.jsonl")] if command == "corpus" else ["--story-field", "story"]
    res = CliRunner().invoke(main, ["--no-config", command, str(corpus), *extra, "--engine", "dask",
                                    "--scheduler", "tcp://10.0.0.5:8786"])
    assert res.exit_code == 2
    assert res.stderr == ("framing: error: cannot reach the Dask scheduler tcp://10.0.0.5:8786: "
                          "Timed out trying to connect\n")


def test_engine_dask_scores_and_groups_on_the_cluster_with_the_local_result(corpus, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from framing.comparison import dask as fdask

    def in_process(scheduler, workers):  # a real Client, on a cluster of threads in this process
        cluster = distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1,
                                           **fdask.LOCAL_CLUSTER)
        client = distributed.Client(cluster)
        return client.get_executor(), lambda: (client.close(), cluster.close())

    grouped_on = []
    real = fdask.DaskStoryGrouper.fit_predict_partitions
    monkeypatch.setattr(fdask.DaskStoryGrouper, "fit_predict_partitions",
                        lambda self, *a: grouped_on.append(self.scheduler) or real(self, *a))
    monkeypatch.setattr(fdask, "executor_for", in_process)
    args = (str(corpus), "--format", "json", "--bootstrap", "50", "--workers", "1")
    local, on_dask = run(*args), run(*args, "--engine", "dask")
    assert local.exit_code == 0 and on_dask.exit_code == 0, on_dask.stderr
    assert grouped_on == [None]  # grouped with Dask's default scheduler: the Client made for --engine dask
    assert json.loads(on_dask.stdout) == json.loads(local.stdout)
    assert len(json.loads(local.stdout)["stories"]) == 3


def test_counts_of_one_read_in_the_singular():
    arts = [("a1", "Alpha", "s1", {"loaded_language": 3.0}), ("b1", "Beta", "s1", {"loaded_language": 1.0})]
    text = outlets_report.render(within_story(arts, ("loaded_language",), n_boot=10), "text")
    assert "2 articles from 2 outlets: 1 story reported by two outlets or more, 0 articles in single-outlet " \
           "stories, 0 error rows;" in text
    assert "Alpha: 1 story, 1 article  [unreliable" in text and "Alpha - Beta: 1 story (unreliable)" in text
    assert "1 stories" not in text and "1 articles" not in text


def test_encoding_of_the_input(tmp_path):
    """A cp1252 corpus: without --encoding each record with a non-ASCII byte is an error row (so
    the run may have too few outlets left); with --encoding cp1252 every record is used."""
    recs = [{**r, "text": r["text"] + " Caf\u00e9 owners agreed."} for r in event_records()]
    path = tmp_path / "news.jsonl"
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode("cp1252"))
    res = run(str(path), "--story-field", "story", "--bootstrap", "50")
    assert res.exit_code == 2 and "not valid UTF-8" in res.stderr and len(res.stderr.splitlines()) == 1
    res = run(str(path), "--story-field", "story", "--bootstrap", "50", "--encoding", "cp1252", "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["errors"] == [] and "0 error rows" in res.stderr
    res = run(str(path), "--encoding", "klingon")
    assert res.exit_code == 2 and res.stderr.startswith("framing: error: unknown encoding 'klingon'")
