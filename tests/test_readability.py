"""Readability must work offline: textstat 0.7.13 would otherwise fetch NLTK's cmudict."""
import subprocess
import sys

import pytest

from framing.readability import readability

NO_NETWORK = """
import socket
def refuse(*a, **k):
    raise OSError("network disabled by test")
socket.socket.connect = refuse
socket.create_connection = refuse
import nltk
nltk.download = lambda *a, **k: (_ for _ in ()).throw(AssertionError("nltk.download called"))
from framing.readability import readability
r = readability("The committee approved the plan. Opponents were remarkably unhappy about it.")
assert r["flesch_reading_ease"] is not None, r
print(r["flesch_reading_ease"], r["flesch_kincaid_grade"])
"""


def test_readability_offline_in_fresh_process():
    res = subprocess.run([sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    ease, grade = map(float, res.stdout.split())
    assert 0 < ease < 100 and 0 < grade < 20


def test_readability_values_and_bounds():
    easy = readability("The cat sat on the mat. The dog ran.")
    hard = readability("Institutional considerations notwithstanding, the administration's "
                       "unprecedented deregulatory agenda necessitates comprehensive reevaluation.")
    assert easy["flesch_reading_ease"] > hard["flesch_reading_ease"]
    assert easy["flesch_kincaid_grade"] < hard["flesch_kincaid_grade"]
    assert readability("1234 !!")["flesch_reading_ease"] is None


def test_bad_syllable_source_is_a_clear_error():
    with pytest.raises(ValueError, match="'syllables' parameter"):
        readability("Some text.", syllables="nope")
