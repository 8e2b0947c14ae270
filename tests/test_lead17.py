"""The lead's changes of round 17: outlets count the compared articles that carry inline markers."""
import json
import sys
from pathlib import Path

from click.testing import CliRunner

from framing.cli.main import main
from framing.comparison.outlets import Outlets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_outlets import event_records  # noqa: E402

# two loaded words the shipped packs match, silenced by one pair of markers
MARKED = "\n\n<!-- framing off -->\nThe disgraceful scheme was outrageous.\n<!-- framing on -->\n"


def _records():
    recs = event_records()
    recs[0] = {**recs[0], "text": recs[0]["text"] + MARKED}
    return recs


def test_marked_text_silences_two_matches():
    import framing

    text = "The disgraceful scheme was outrageous."
    assert len(framing.score(text).matches) == 2  # the two words the markers silence below
    marked = framing.score("<!-- framing off -->\n" + text + "\n<!-- framing on -->")
    assert marked.matches == () and sum(r["matches"] for r in marked.suppressed["regions"]) == 2


def test_outlets_report_counts_marked_articles():
    report = Outlets(story_field="story", min_stories=1, n_boot=20).run(_records())
    counts = {k: report.marked[k] for k in ("articles", "matches")}  # markers18 added "warned", "by_article"
    assert counts == {"articles": 1, "matches": 2}
    assert report.to_dict()["marked"] == report.marked
    plain = Outlets(story_field="story", min_stories=1, n_boot=20).run(event_records())
    assert plain.marked == {"articles": 0, "matches": 0, "warned": 0, "by_article": []}


def test_outlets_summary_line_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    res = CliRunner().invoke(main, ["--no-config", "outlets", "news.jsonl", "--format", "json",
                                    "--bootstrap", "20"])
    assert res.exit_code == 0, res.stderr
    assert "; 1 article carries inline markers (2 matches silenced;" in res.stderr
    assert {k: json.loads(res.stdout)["marked"][k] for k in ("articles", "matches")} == {"articles": 1, "matches": 2}
    res = CliRunner().invoke(main, ["--no-config", "outlets", "news.jsonl", "--format", "json",
                                    "--bootstrap", "20", "--no-inline-markers"])
    assert res.exit_code == 0, res.stderr
    assert "inline markers" not in res.stderr and json.loads(res.stdout)["marked"]["articles"] == 0


def test_throughput_gives_each_repeat_a_fresh_setup():
    """throughput.py's measures build a fresh Scorer each repeat (untimed), so no repeat finds the
    corpus's words in the caches the previous one filled."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import throughput

    made, seen = [], []

    def setup():
        made.append(object())
        return made[-1]

    times = throughput._interleaved({"fresh": (setup, seen.append), "plain": lambda: seen.append("p")}, 3)
    assert len(made) == 3 and [x for x in seen if x != "p"] == made  # each run got its own setup
    assert seen.count("p") == 3 and all(len(v) == 3 for v in times.values())


def test_a_rule_off_by_its_id_is_on_again_by_its_name_and_back():
    """One rule, two spellings, one meaning: `off: hedging.modal-may` ... `on: modal-may` closes the
    region (the second "may" counts, no warning); so does the reverse; both spellings in one
    marker are one rule already off."""
    import framing

    for off, on in (("hedging.modal-may", "modal-may"), ("modal-may", "hedging.modal-may")):
        text = f"<!-- framing off: {off} -->\nIt may rain.\n<!-- framing on: {on} -->\nIt may snow."
        r = framing.score(text)
        assert [(m.rule, m.start) for m in r.matches] == [("hedging.modal-may", text.rindex("may"))]
        assert r.suppressed["warnings"] == [] and r.suppressed["regions"][0]["matches"] == 1
    both = framing.score("<!-- framing off: hedging.modal-may, modal-may -->\nIt may rain.")
    assert [w["message"] for w in both.suppressed["warnings"]] == ["'modal-may' is already off"]


def test_a_name_with_a_line_break_gives_one_warning_line():
    import framing

    r = framing.score("It may rain. <!-- framing off: hedg\ning -->\nIt may snow.")
    (w,) = r.suppressed["warnings"]
    assert "\n" not in w["message"] and w["message"].startswith("malformed marker: a name holds")
    assert (w["line"], w["column"]) == (1, 14) and len(r.matches) == 2  # nothing silenced


def test_a_binary_corpus_file_is_one_line(tmp_path):
    """An executable given as a JSONL corpus: one error line naming the file, not an error row
    for every 'line' of it suggesting another encoding."""
    (tmp_path / "prog.jsonl").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4)
    res = CliRunner().invoke(main, ["--no-config", "corpus", str(tmp_path / "prog.jsonl"), "-o",
                                    str(tmp_path / "out.csv")])
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == [
        f"framing: error: {tmp_path / 'prog.jsonl'}: looks binary (contains NUL bytes); give a JSONL file of text"]
    # a UTF-16 file with its byte-order mark is not called binary (it is read, or refused, as text)
    (tmp_path / "w.jsonl").write_bytes('{"id": "a", "text": "Hello."}\n'.encode("utf-16"))
    res = CliRunner().invoke(main, ["--no-config", "corpus", str(tmp_path / "w.jsonl"), "-o", str(tmp_path / "w.csv")])
    assert "looks binary" not in res.stderr


def test_a_pack_without_id_says_so_once(tmp_path):
    from framing.packs import PackError, load_pack

    (tmp_path / "p.toml").write_text('[pack]\nversion = "1"\n', encoding="utf-8")
    try:
        load_pack(tmp_path / "p.toml")
    except PackError as exc:
        problems = [p.split(": ", 1)[1] for p in exc.problems]
    assert problems == ["[pack]: 'id' is missing (a string)", "[pack]: 'description' is missing (a string)"]


def test_corpus_rows_count_marker_warnings_and_the_summary_names_the_first(tmp_path):
    src = tmp_path / "m.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "a", "text": "It may rain. <!-- framing of -->"},           # misspelt: 1 warning
        {"id": "b", "text": "It may rain. <!-- framing off -->It may snow."},  # fine: 1 silenced
        {"id": "c", "text": "It may be plain."}]), encoding="utf-8")
    res = CliRunner().invoke(main, ["--no-config", "corpus", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["suppressed.markers"], r["suppressed.matches"], r["suppressed.warnings"]) for r in rows] == \
        [(1, 0, 1), (1, 1, 0), (0, 0, 0)]
    assert "; 1 text has marker warnings (first: a; `framing score` on it shows them)" in res.stderr


def test_a_marker_with_a_misspelt_name_suggests_the_name(tmp_path):
    import framing

    r = framing.score("It may rain. <!-- framing off: hedgin, modal-mya -->It may.")
    assert [w["message"] for w in r.suppressed["warnings"]] == [
        "no rule or category named 'hedgin' (did you mean 'hedging'?)",
        "no rule or category named 'modal-mya' (did you mean 'hedging.modal-may' or 'hedging.modal-could'?)"]
    (tmp_path / "a.txt").write_text("It may rain. <!-- framing off: hedgin -->It may.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["--no-config", "score", str(tmp_path / "a.txt"), "--format", "line"])
    assert f"{tmp_path / 'a.txt'}:1:14: no rule or category named 'hedgin' (did you mean 'hedging'?)" in res.stderr
