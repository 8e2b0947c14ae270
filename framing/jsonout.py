"""JSON output, the one implementation every command writes with (score, compare, corpus, outlets,
rules list, models, explain, train, evaluate, bench accuracy): orjson, about 15 times the standard library's speed on score results.

The text is what `json.dumps(obj, ensure_ascii=False[, indent=2])` writes for the same data, bar
float spelling in exponent form (orjson writes 1e-5 where json writes 1e-05; both read back the same
float) and NaN/Infinity, which orjson writes as null (valid JSON; json's NaN is not). What orjson
cannot write (a lone surrogate in a string, an integer beyond 64 bits) falls back to the standard
library with ASCII escapes, so such a value still round-trips instead of failing the output.
"""
from __future__ import annotations

import json

import orjson

# Keys other than str (an int key, written as json.dumps writes it) cost orjson about a third more
# time on every dict when allowed (OPT_NON_STR_KEYS: 9.8 against 7.4 ms for 200 score results), so
# they are allowed only when a dump meets one: score results have none.
_OPTS = orjson.OPT_SERIALIZE_NUMPY


# The schema_version of each JSON the CLI prints that is not an article result (score, compare and
# corpus rows carry results.SCHEMA_VERSION, outlets its own): raised when a key is renamed or removed.
# Version 1 of each is the first with a version (2026-12-07): `rules list`, `models` and `explain`
# printed a bare list before, now an object holding it.
COMMAND_SCHEMA_VERSIONS = {"rules list": 1, "models": 1, "explain": 1, "train": 1, "evaluate": 1,
                           "bench accuracy": 1}


def versioned(command: str, fields: dict) -> dict:
    """The object `framing COMMAND --format json` prints: schema_version first, then `fields`."""
    return {"schema_version": COMMAND_SCHEMA_VERSIONS[command], **fields}


def dumps_bytes(obj, *, indent: bool = False, default=None) -> bytes:
    """obj as UTF-8 JSON bytes: compact, or indented by two spaces. default: called for a value of
    a type JSON has no form for (e.g. str), as in json.dumps."""
    option = _OPTS | (orjson.OPT_INDENT_2 if indent else 0)
    try:
        return orjson.dumps(obj, default=default, option=option)
    except orjson.JSONEncodeError:
        pass
    try:  # a key that is not a str, or what orjson cannot write at all
        return orjson.dumps(obj, default=default, option=option | orjson.OPT_NON_STR_KEYS)
    except orjson.JSONEncodeError:
        # ensure_ascii: \\u escapes carry a lone surrogate, which UTF-8 cannot
        return json.dumps(obj, ensure_ascii=True, indent=2 if indent else None, default=default,
                          separators=None if indent else (",", ":")).encode("ascii")


def dumps(obj, *, indent: bool = False, default=None) -> str:
    """obj as JSON text (see dumps_bytes)."""
    return dumps_bytes(obj, indent=indent, default=default).decode("utf-8")


def _plain(result) -> dict:
    """A result's plain data: an ArticleScore's to_dict(), or the dict Scorer.score_data gave."""
    return result if isinstance(result, dict) else result.to_dict()


def score_chunks(results, *, lines: bool = False, as_list: bool = True):
    """The bytes of `framing score --format json` (lines: jsonl) as they can be written, a result at
    a time, so a batch of any length is never held whole: an indented list (as_list; with no
    results, nothing) or the one object, with a final newline; or one compact object a line. Each
    item is dumped alone as a list of one, "[\n  item\n]", whose middle is the item indented one
    level more: the very text of dumping the list, with no pass over the bytes to re-indent them."""
    first = True
    for r in results:
        if lines:
            yield dumps_bytes(_plain(r)) + b"\n"
        elif not as_list:
            yield dumps_bytes(_plain(r), indent=True) + b"\n"
        else:
            one = dumps_bytes([_plain(r)], indent=True)
            yield one[:-2] if first else b"," + memoryview(one)[1:-2]  # one copy of the item's bytes
        first = False
    if as_list and not lines and not first:
        yield b"\n]\n"


def scores(results, as_list: bool | None = None) -> bytes:
    """`framing score --format json`: article results (ArticleScore, or the plain data of
    Scorer.score_data) as indented JSON bytes with a final newline. One object for one result, a
    list for several; as_list forces either (the CLI decides by how many files were asked for, so
    a failed file does not change the shape)."""
    results = list(results)
    if as_list is None:
        as_list = len(results) != 1
    if as_list and not results:
        return b"[]\n"
    return b"".join(score_chunks(results, as_list=as_list))


def score_lines(results) -> bytes:
    """`framing score --format jsonl`: one compact JSON object a line per result (as for scores)."""
    return b"".join(score_chunks(results, lines=True))
