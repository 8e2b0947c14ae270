"""Round 16, lead: inline markers from the command line (--no-inline-markers, .framing.toml's
inline_markers) and their warnings on stderr."""
import json

from click.testing import CliRunner

from framing.cli.main import main

# one loaded word inside a region; a marker with a misspelt category on the first line
TEXT = ("The senator made a <!-- framing off: loaded_languag --> plain claim.\n\n"
        "It was a <!-- framing off --> shocking and disgraceful betrayal. <!-- framing on -->\n")


def _score(tmp_path, *args, project=None):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    if project is not None:
        (tmp_path / ".framing.toml").write_text(project, encoding="utf-8")
    config = ["--config", str(tmp_path / ".framing.toml")] if project is not None else ["--no-config"]
    res = CliRunner().invoke(main, ["score", str(tmp_path / "a.txt"), "--format", "json", *args, *config])
    assert res.exit_code == 0, res.output
    return res


def _loaded(res):
    data = json.loads(res.stdout)
    data = data[0] if isinstance(data, list) else data
    return data


def test_markers_read_by_default_and_warned_on_stderr(tmp_path):
    res = _score(tmp_path)
    data = _loaded(res)
    assert data["suppressed"]["regions"][0]["matches"] == 2  # "shocking", "disgraceful betrayal"
    assert "a.txt:1:20: no rule or category named 'loaded_languag'" in res.stderr


def test_no_inline_markers_flag_reads_them_as_text(tmp_path):
    on, off = _loaded(_score(tmp_path)), _loaded(_score(tmp_path, "--no-inline-markers"))
    assert "suppressed" not in off
    # the two silenced matches count again
    assert off["categories"]["loaded_language"]["authorial"]["count"] == on["categories"]["loaded_language"]["authorial"]["count"] + 2


def test_project_file_turns_markers_off(tmp_path):
    res = _score(tmp_path, project="[framing]\ninline_markers = false\n")
    assert "suppressed" not in _loaded(res)
    assert "loaded_languag" not in res.stderr


def test_project_file_key_validated(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / ".framing.toml").write_text('[framing]\ninline_markers = "no"\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["score", str(tmp_path / "a.txt"), "--config", str(tmp_path / ".framing.toml")])
    assert res.exit_code != 0
    assert "'inline_markers' must be true or false" in res.stderr
    assert "Traceback" not in res.output


def test_a_character_limit_that_is_no_whole_number_is_one_error():
    """max_unclosed_quote_chars = 1.5 reached the engine as a float (a TypeError traceback)."""
    import pytest

    from framing.packs import PackError
    from framing.scoring.scorer import Scorer

    with pytest.raises(PackError, match=r"\[segmentation\] max_unclosed_quote_chars counts characters"):
        Scorer(profile="rules", config={"segmentation": {"max_unclosed_quote_chars": 1.5}}).score("He said hi.")
    # inf: no limit, as for the word windows
    s = Scorer(profile="rules", config={"segmentation": {"max_unclosed_quote_chars": float("inf")}})
    assert s.score('He said "hello there. And more.').quotes


def test_full_profile_reads_the_text_with_its_markers_blanked():
    """A marker inside a sentence reached VADER, readability and the classifiers' n-grams; the
    full profile now reads what the rules pass reads: the marker blanked to spaces (readability
    counted the marker's words before)."""
    import framing

    marked = ("Officials called the <!-- framing off: loaded_language --> plan a wonderful success, "
              "and critics agreed. <!-- framing on -->\nThe vote is on Monday.")
    blanked = marked
    for m in ("<!-- framing off: loaded_language -->", "<!-- framing on -->"):
        blanked = blanked.replace(m, " " * len(m))
    a, b = framing.score(marked).to_dict(), framing.score(blanked).to_dict()
    assert a["suppressed"]["markers"] and "suppressed" not in b
    # (the classifiers differ on purpose: the silenced matches are not their rule features)
    for key in ("sentiment", "readability"):
        assert a[key] == b[key], key


def test_throughput_says_when_its_corpus_cycles_a_few_texts(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import throughput

    (tmp_path / "d.jsonl").write_text('{"text": "One."}\n{"text": "  "}\n{"text": "Two."}\n', encoding="utf-8")
    assert throughput.jsonl_texts(str(tmp_path / "d.jsonl")) == ["One.", "Two."]
    assert throughput.jsonl_texts(str(tmp_path / "d.jsonl"), 1) == ["One."]
    corpus = throughput.build_corpus(5, texts=throughput.jsonl_texts(str(tmp_path / "d.jsonl")))
    assert corpus[:2] == ["One.", "Two."] and corpus[2].startswith("One.")
    assert throughput.cycled_note(84, 400) == \
        " (84 distinct texts, cycled: word and automaton caches are warm after the first 84)"
    assert throughput.cycled_note(400, 400) == "" and throughput.cycled_note(None, 400) == ""
    # the default corpus, composed of the example story's paragraphs, says so too
    assert throughput.cycled_note(400, 400, composed=23).startswith(" (composed of the example story's 23 paragraphs")
    assert len(throughput.example_paragraphs()) >= 5


def test_corpus_rows_honour_no_inline_markers(tmp_path):
    src = tmp_path / "m.jsonl"
    src.write_text(json.dumps({"id": "x", "text": TEXT}) + "\n", encoding="utf-8")
    counts = []
    for extra in ([], ["--no-inline-markers"]):
        res = CliRunner().invoke(main, ["corpus", str(src), "-o", "-", "--format", "jsonl", "--profile", "rules",
                                        "--workers", "1", "--no-config", *extra])
        assert res.exit_code == 0, res.output
        counts.append(json.loads(res.stdout.splitlines()[0])["loaded_language.authorial.count"])
    assert counts[1] == counts[0] + 2  # "shocking", "disgraceful betrayal" silenced only with markers read
