"""The engine's matches on every development text equal the record (benchmarks/match_hashes.json,
hashes only): a change to the engine or the packs that changes any match fails here until the
record is rewritten deliberately (`benchmarks/matching.py hashes --write`, with the reason in the
commit)."""
import json

import pytest

from conftest import benchmark_script, shared_data
from framing.scoring.matching import Matcher
from framing.scoring.scorer import load_abbreviations

bench = benchmark_script("matching", "bench_matching")

RECORD = json.loads(bench.HASHES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher():
    return bench.matchers(Matcher)


@pytest.mark.parametrize("name", sorted(RECORD))
def test_matches_on_dev_data_equal_the_record(name, matcher):
    digest, n = bench.file_hash(shared_data(name), matcher, load_abbreviations())
    assert (digest, n) == (RECORD[name]["native"], RECORD[name]["texts"])
