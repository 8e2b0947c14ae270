"""The prepared model blob: a set of stored models' native tables, read back by a fresh process
without reading or hashing the vocabularies. It must never change a score and never be an error."""
import re
import shutil
from pathlib import Path

import pytest

from framing import _core, packs
from framing.scoring import classify
from framing.scoring.classify import ClassifierSet, load_classifier_set, load_models

SENTENCES = ["The senator's reckless plan will surely devastate working families.",
             "Officials said the report may be released on Tuesday, according to sources.",
             "Rain is expected.", "“Don't,” she said — it's a disaster!", ""]


def blobs(d: Path) -> list[Path]:
    return sorted(d.glob("models-*.bin"))


@pytest.fixture(scope="module")
def expected():
    return ClassifierSet(load_models()).scores(SENTENCES)


def test_written_once_then_read_back_with_the_same_scores(cache, expected):
    first = load_classifier_set(classify.shipped_models())
    assert len(blobs(cache)) == 1
    assert first.scores(SENTENCES) == expected
    again = load_classifier_set(classify.shipped_models())
    assert all(isinstance(m, classify._PreparedModel) for m in again.models)
    assert [m.name for m in again.models] == classify.shipped_models()
    assert [m.threshold for m in again.models] == [m.threshold for m in first.models]
    assert again.scores(SENTENCES) == expected
    assert again.explain(0, SENTENCES[0]) == first.explain(0, SENTENCES[0])
    assert len(blobs(cache)) == 1


def test_a_prepared_model_reads_its_files_when_asked_for_them(cache):
    load_classifier_set(["biased"])
    (m,) = load_classifier_set(["biased"]).models
    assert isinstance(m, classify._PreparedModel) and m.full_ is None
    whole = classify.load_model("biased")
    assert m.predict_proba(SENTENCES).tolist() == whole.predict_proba(SENTENCES).tolist()
    assert len(m.settings["word_vocabulary"]) == len(whole.settings["word_vocabulary"])
    assert m.arrays.keys() == whole.arrays.keys()


@pytest.mark.parametrize("damage", ["truncate", "flip", "not a blob"])
def test_a_damaged_blob_is_ignored_and_rewritten(cache, expected, damage):
    load_classifier_set(classify.shipped_models())
    (entry,) = blobs(cache)
    raw = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(raw[:len(raw) // 2])
    elif damage == "flip":  # caught by the file's checksum
        entry.write_bytes(raw[:-100] + bytes([raw[-100] ^ 1]) + raw[-99:])
    else:  # a sound cache file whose blob the engine refuses
        data = packs._cache_load(entry)
        packs._cache_store(entry, {**data, "blob": data["blob"][:-8]})
    got = load_classifier_set(classify.shipped_models())
    assert not any(isinstance(m, classify._PreparedModel) for m in got.models)
    assert got.scores(SENTENCES) == expected
    assert load_classifier_set(classify.shipped_models()).scores(SENTENCES) == expected
    assert isinstance(load_classifier_set(classify.shipped_models()).models[0], classify._PreparedModel)


def test_a_changed_model_is_another_blob(cache, tmp_path):
    d = tmp_path / "m"
    shutil.copytree(classify.MODELS_DIR / "biased", d)
    load_classifier_set([d])
    (before,) = blobs(cache)
    text = (d / classify.SETTINGS_FILE).read_text(encoding="utf-8")
    edited = re.sub(r'"threshold":[-+.\deE]+', '"threshold":0.125', text, count=1)
    assert edited != text
    (d / classify.SETTINGS_FILE).write_text(edited, encoding="utf-8")
    got = load_classifier_set([d])
    assert not isinstance(got.models[0], classify._PreparedModel)
    assert got.models[0].threshold == 0.125
    assert len(blobs(cache)) == 2 and before.exists()


def test_no_cache_no_blob(cache, monkeypatch, expected):
    monkeypatch.setenv("FRAMING_NO_CACHE", "1")
    assert load_classifier_set(classify.shipped_models()).scores(SENTENCES) == expected
    assert not cache.exists() or not blobs(cache)


def test_engine_refuses_a_cut_blob_with_one_line():
    blob = ClassifierSet(load_models(["biased"])).native_.to_blob()
    assert _core.ModelSet.from_blob(blob).scores(SENTENCES, [0] * len(SENTENCES), []) is not None
    for cut in (0, 10, 16, 17, len(blob) // 3, len(blob) - 1):
        with pytest.raises(ValueError) as e:
            _core.ModelSet.from_blob(blob[:cut])
        assert "\n" not in str(e.value)
    with pytest.raises(ValueError, match="bytes after the end"):
        _core.ModelSet.from_blob(blob + b"\0")
