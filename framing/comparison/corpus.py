"""Corpus runs: stream articles in, score them on several threads of this process (or a Dask
cluster), stream one row per article out, in input order, resumable after any interruption.

    records = read_records("articles.jsonl.gz")             # dicts: id, text, pass-through fields
    rows = score_partition(records, profile="rules")        # plain Python: also Dask, Spark
    summary = run_corpus("articles.jsonl", "scores.csv", workers=2, resume=True)

A record that cannot be scored (not JSON, no text, undecodable, or an error while scoring) becomes
an error row {"id": ..., "error": reason} and the run goes on.
"""
from __future__ import annotations

import collections
import csv
import gzip
import io
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..results import flatten

INPUT_FORMATS = ("jsonl", "csv", "dir", "txt")
OUTPUT_FORMATS = ("jsonl", "csv")
# Columns that are not scores: they come first, in this order.
ID, ERROR = "id", "error"
# a record's keys that are not its own fields (a field of that name was renamed by _record)
_NOT_OWN = (ID, "text", ERROR)
# What the engine's guard says when it caught a panic (a bug, not bad input): a run that met one
# ends with exit code 2 after writing every row.
INTERNAL_ERROR = "internal error (please report it)"


class CorpusError(Exception):
    """A problem with the run as a whole (missing input, unreadable output); one line, no traceback."""


# ---------------------------------------------------------------------------------------------
# Reading


def _open_binary(path: str, tracker: dict | None = None):
    if path == "-":
        return sys.stdin.buffer
    p = Path(path)
    if not p.exists():
        raise CorpusError(f"{path}: no such file or directory")
    try:
        raw = open(p, "rb")
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}") from None
    if tracker is not None:
        tracker["raw"] = raw  # its position (compressed bytes read) drives the progress ETA
    if path.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb")
    return raw


def input_format(path: str, fmt: str | None = None) -> str:
    """jsonl, csv, dir or txt: given, or from the path (standard input is JSONL unless told)."""
    if fmt:
        if fmt not in INPUT_FORMATS:
            raise CorpusError(f"unknown input format {fmt!r}; choose from {', '.join(INPUT_FORMATS)}")
        return fmt
    if path != "-" and Path(path).is_dir():
        return "dir"
    name = path[:-3] if path.endswith(".gz") else path
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".txt":
        return "txt"
    return "jsonl"


# Input fields whose names framing's own output uses are passed through as "input.<name>".
_RESERVED = (ERROR, "extra", "matches")


def _record(rid, text, fields: dict) -> dict:
    rec = {ID: rid, "text": text}
    for k, v in fields.items():
        if k not in (ID, "text"):
            rec[f"input.{k}" if k in _RESERVED else k] = v
    return rec


def _bad(rid, reason: str) -> dict:
    return {ID: rid, ERROR: reason}


def _fields(rec: dict) -> dict:
    """The pass-through fields of a record (as _record names them), for an error row to keep."""
    return {k: v for k, v in _record(None, None, rec).items() if k not in (ID, "text") and v is not None}


def _id_of_undecodable(raw: bytes, fallback: str):
    """The id of a JSONL line that is not valid UTF-8, when the line is JSON all the same, so its
    error row can be matched to the record; else the line's fallback id."""
    try:
        obj = json.loads(raw.decode("utf-8", "replace"))
    except json.JSONDecodeError:
        return fallback
    rid = obj.get(ID) if isinstance(obj, dict) else None
    return fallback if rid is None or isinstance(rid, (dict, list)) else rid


def check_encoding(encoding: str | None, fmt: str | None = None) -> str | None:
    """The codec's canonical name ("cp1252"), "auto", or None (UTF-8); an unknown codec is a
    CorpusError. JSONL and CSV are split into lines before decoding, so for them the encoding must
    write ASCII one byte a character (not UTF-16 or UTF-32)."""
    import codecs

    if encoding is None or encoding.lower() == "auto":
        return encoding and "auto"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise CorpusError(f"unknown encoding {encoding!r} (--encoding); for example utf-8, cp1252, latin-1 "
                          "or auto") from None
    if fmt in ("jsonl", "csv") and '\n,"{}'.encode(name, "replace") != b'\n,"{}':
        raise CorpusError(f"--encoding {encoding}: {fmt.upper()} is read line by line and needs an encoding "
                          "that writes ASCII one byte a character (UTF-8, cp1252, latin-1, ...); convert the "
                          f"file to UTF-8 (e.g. iconv -f {name} -t utf-8)")
    return name


def _encoding_name(encoding: str | None) -> str:
    return "UTF-8" if encoding in (None, "utf-8") else encoding


def _decode_line(raw: bytes, where: str, encoding: str | None) -> str:
    """One line (or CSV field) in the run's encoding: raises UnicodeDecodeError, or InputError
    (auto: a NUL byte)."""
    if encoding == "auto":
        from ..inputs import decode

        return decode(raw, where, "auto")  # BOM, UTF-8, Windows-1252, else U+FFFD for bad bytes
    return raw.decode(encoding or "utf-8")


def _read_jsonl(stream, name: str, encoding: str | None = None) -> Iterator[dict]:
    from ..inputs import InputError

    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        fallback = f"line:{n}"
        if n == 1 and raw.startswith(b"\xef\xbb\xbf") and encoding in (None, "utf-8", "auto"):
            raw = raw[3:]  # a UTF-8 byte-order mark
        try:
            line = _decode_line(raw, f"{name}:{n}", encoding)
        except UnicodeDecodeError as exc:
            hint = "" if encoding else "; pass --encoding auto, or the file's encoding (for example --encoding cp1252)"
            yield _bad(_id_of_undecodable(raw, fallback),
                       f"{name}:{n}: not valid {_encoding_name(encoding)} (byte 0x{raw[exc.start]:02x} at column "
                       f"{exc.start + 1}){hint}")
            continue
        except InputError as exc:
            yield _bad(_id_of_undecodable(raw, fallback), str(exc))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _bad(fallback, f"{name}:{n}: not JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield _bad(fallback, f"{name}:{n}: expected a JSON object; got {type(obj).__name__}")
            continue
        rid = obj.get(ID)
        if rid is None or isinstance(rid, (dict, list)):
            rid = fallback
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            what = "no 'text' field" if text is None else "'text' is empty" if isinstance(text, str) \
                else f"'text' is {type(text).__name__}, not a string"
            yield {**_bad(rid, f"{name}:{n}: {what}"), **_fields(obj)}
            continue
        yield _record(rid, text, obj)


class _RawLines:
    """The lines a csv reader takes, kept for the record being read (the reader reads exactly a
    record's lines, no further): what the record looked like in the file."""

    def __init__(self, lines):
        self.lines, self.taken, self.line = lines, [], 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.taken.append(line)
        self.line += 1
        return line

    def take(self) -> tuple[int, list[str]]:
        """(the file line the record began on, its lines); forgets them."""
        taken, self.taken = self.taken, []
        return self.line - len(taken) + 1, taken


def _read_csv(stream, name: str, encoding: str | None = None) -> Iterator[dict]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    # surrogateescape keeps undecodable bytes visible per row instead of stopping the whole file.
    text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig" if encoding in (None, "utf-8", "auto") else encoding,
                                   errors="surrogateescape", newline="")
    raw = _RawLines(text_stream)
    reader = csv.DictReader(raw)
    if reader.fieldnames is None:
        return
    if "text" not in reader.fieldnames:
        raise CorpusError(f"{name}: CSV needs a 'text' column; found {', '.join(reader.fieldnames)}")
    raw.take()
    last = None  # a record is yielded once the next is read: the last one needs a look at its lines
    for n, row in enumerate(reader, 2):
        line, lines = raw.take()
        if last is not None:
            yield _csv_record(*last, name, encoding)
        last = (n, row, line)
    if last is None:
        return
    n, row, line = last
    # The reader (not strict, so that a stray quote after a quoted field is kept) takes a quoted
    # field that never closes to the end of the file; read strictly, the record says so.
    if _never_closes(lines):
        yield _bad(row.get(ID) or f"row:{n}",
                   f"{name}:{line}: a quoted field opened in this record never closes; the rest of the file "
                   f"({len(lines)} lines) was read into it: close the quote (a quote inside a field is written \"\")")
        return
    yield _csv_record(n, row, line, name, encoding)


def _never_closes(lines: list[str]) -> bool:
    """Whether a CSV record's lines end inside a quoted field."""
    try:
        for _ in csv.reader(lines, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _csv_record(n: int, row: dict, line: int, name: str, encoding: str | None) -> dict:
    """One CSV row as a record, or an error row that says what is wrong with it: the n-th record
    (row:n its id when it has none), which begins on the file's line `line` (where messages point)."""
    fallback = f"row:{n}"
    rid = row.get(ID) or fallback
    if encoding == "auto" and any(isinstance(v, str) and _has_surrogates(v) for v in row.values()):
        row = {k: _redecode(v, f"{name}:{line}") for k, v in row.items()}  # each field: UTF-8, else cp1252, ...
        rid = row.get(ID) or fallback
    if any(isinstance(v, str) and _has_surrogates(v) for v in row.values()) or _has_surrogates(str(rid)):
        hint = "" if encoding else "; pass --encoding auto, or the file's encoding (for example --encoding cp1252)"
        return _bad(rid if not _has_surrogates(str(rid)) else fallback,
                    f"{name}:{line}: not valid {_encoding_name(encoding)}{hint}")
    if None in row:
        return _bad(rid, f"{name}:{line}: more fields than the header has columns")
    text = row.get("text")
    if not text or not text.strip():
        return {**_bad(rid, f"{name}:{line}: 'text' is empty"), **_fields(row)}
    return _record(rid, text, {k: v for k, v in row.items() if v is not None})


def _redecode(v, where: str):
    """A CSV field read as UTF-8 with its bad bytes kept (surrogateescape), decoded again as
    --encoding auto decodes (a field with a NUL byte keeps its surrogates: an error row)."""
    from ..inputs import InputError

    if not isinstance(v, str) or not _has_surrogates(v):
        return v
    try:
        return _decode_line(v.encode("utf-8", "surrogateescape"), where, "auto")
    except InputError:
        return v


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _read_text_file(path: Path, rid: str, encoding: str | None = None) -> dict:
    from ..inputs import HTML_SUFFIXES, InputError, decode

    try:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return _bad(rid, f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}")
    try:
        text = decode(data, str(path), encoding)
    except InputError as exc:
        return _bad(rid, str(exc))
    if _name(path).endswith(HTML_SUFFIXES):
        # a saved page: the article's text as a reader sees it (as `framing score page.html`)
        from ..inputs import html_to_text

        text = html_to_text(text)
    if not text.strip():
        return _bad(rid, f"{path}: empty file (no text to score)")
    return _record(rid, text, {})


# A folder's articles: text and Markdown as they are, HTML pages (inputs.HTML_SUFFIXES) through the
# article extraction (each also gzipped).
_TEXT = (".txt", ".md", ".markdown")


def _name(path: Path) -> str:
    """The file name in lower case without a .gz ending."""
    name = path.name.lower()
    return name[:-3] if name.endswith(".gz") else name


def _read_dir(path: str, encoding: str | None = None, tracker: dict | None = None) -> Iterator[dict]:
    from ..inputs import HTML_SUFFIXES

    root = Path(path)
    files, others = [], []
    for p in sorted(p for p in root.rglob("*") if p.is_file()):
        (files if _name(p).endswith(_TEXT + HTML_SUFFIXES) else others).append(p)
    if tracker is not None:  # the other files, for the run's summary (not silently passed over)
        tracker["not_read"] = [p.relative_to(root).as_posix() for p in others if not p.name.startswith(".")]
    for p in files:
        yield _read_text_file(p, p.relative_to(root).as_posix(), encoding)


def read_records(path: str, fmt: str | None = None, tracker: dict | None = None,
                 encoding: str | None = None) -> Iterator[dict]:
    """Stream the records of a corpus: JSONL or CSV (a file, .gz or '-'), a directory of articles
    (.txt, .md, .markdown as text; .html, .htm through the article extraction; each also .gz), or
    one .txt file. Each is {"id", "text", ...pass-through fields} or {"id", "error"}.
    Ids missing from the input become "line:N" (JSONL) or "row:N" (CSV). encoding: of the input's
    text (None: UTF-8; "auto": UTF-8, else Windows-1252, per line or file; or a codec's name);
    bytes it cannot decode make that record an error row naming it."""
    fmt = input_format(path, fmt)
    encoding = check_encoding(encoding, fmt)
    if fmt == "dir":
        if path == "-" or not Path(path).is_dir():
            raise CorpusError(f"{path}: not a directory")
        yield from _read_dir(path, encoding, tracker)
        return
    if fmt == "txt":
        if path == "-":
            data = sys.stdin.buffer.read()
            from ..inputs import InputError, decode

            try:
                yield _record("<stdin>", decode(data, "<stdin>", encoding), {})
            except InputError as exc:
                yield _bad("<stdin>", str(exc))
            return
        yield _read_text_file(Path(path), Path(path).name, encoding)
        return
    stream = _open_binary(path, tracker)
    if path == "-" and fmt in ("jsonl", "csv"):
        stream = _maybe_gunzip(stream)
    if _looks_binary(stream):  # an executable or image given by mistake: one line, not a row a line
        if stream is not sys.stdin.buffer:
            stream.close()
        raise CorpusError(f"{path if path != '-' else '<stdin>'}: looks binary (contains NUL bytes); "
                          f"give a {fmt.upper()} file of text")
    try:
        reader = _read_jsonl(stream, path if path != "-" else "<stdin>", encoding) if fmt == "jsonl" \
            else _read_csv(stream, path if path != "-" else "<stdin>", encoding)
        try:
            for rec in reader:
                yield rec
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield _bad(f"{path}:end", f"{path}: input ends early or is corrupt: {exc}")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _looks_binary(stream) -> bool:
    """A NUL byte in the first 4 kB, without a UTF-16 byte-order mark: no JSONL or CSV of text."""
    try:
        head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    except (OSError, EOFError):  # a corrupt .gz: said by the reader, as before
        return False
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _maybe_gunzip(stream):
    """Standard input may be gzip too: peek at the magic bytes."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    return gzip.GzipFile(fileobj=buffered) if buffered.peek(2)[:2] == b"\x1f\x8b" else buffered


# ---------------------------------------------------------------------------------------------
# Scoring: plain Python over an iterable of records, the per-partition function for every engine.


def build_scorer(params: tuple):
    """A prepared Scorer from frozen settings (_freeze); dicts such as config= are thawed."""
    from ..scoring.scorer import Scorer

    kw = dict(params)
    for k, v in kw.items():
        if isinstance(v, tuple) and len(v) == 2 and v[0] == "__json__":
            kw[k] = json.loads(v[1])
    for k in ("disabled", "extra_packs"):
        if k in kw:
            kw[k] = list(kw[k])
    scorer = Scorer(**kw)
    scorer._prepare()
    return scorer


def _freeze(params: dict) -> tuple:
    """Hashable, picklable form of scorer settings; dicts such as config= become JSON text,
    thawed again by build_scorer."""
    def freeze(v):
        if isinstance(v, dict):
            return ("__json__", json.dumps(v, sort_keys=True, default=str))
        return tuple(v) if isinstance(v, (list, set, tuple)) else v
    return tuple(sorted((k, freeze(v)) for k, v in params.items()))


def flatten_scores(result) -> dict:
    """A result's corpus row: its flat columns (no source: the id names the article), then the
    columns of its inline markers, as Scorer.row(text, markers=True) gives them."""
    from ..scoring.scorer import marker_columns

    row = flatten(result)
    row.pop("source", None)  # the id names the article
    row.update(marker_columns(getattr(result, "suppressed", None)))
    return row


def score_partition(records: Iterable[dict], *, spans: bool = False, classifiers: bool | tuple | None = None,
                    scorer=None, **scorer_params) -> Iterator[dict]:
    """Score an iterable of records ({"id", "text", ...}) and yield one flat row per record, in order.

    Plain Python with picklable arguments, so it serves a process pool, Dask (`bag.map_partitions`)
    and Spark (`rdd.mapPartitions(lambda rows: score_partition(rows, profile="rules"))`) alike.
    scorer_params go to framing.Scorer (profile, disabled, extra_packs, sentiment, ...); one Scorer
    is built per call (a partition), or pass a prepared `scorer` (then scorer_params and classifiers
    are not used). spans=True adds a "matches" list to each row. classifiers:
    add each shipped sentence classifier's mean probability and share of sentences above its
    threshold over the authorial sentences (None: in the full profile, when models are shipped).
    Records with an "error" key, or that fail to score, give {"id", "error"} rows.
    """
    if scorer is None:
        scorer = build_scorer(_freeze(_with_classifiers(scorer_params, classifiers)))
    for rec in records:
        yield score_record(rec, scorer, spans)


def _with_classifiers(scorer_params: dict, classifiers) -> dict:
    """The Scorer runs the shipped classifiers in the full profile; False turns them off, and a
    tuple of model names or directories runs those instead."""
    if classifiers is False or isinstance(classifiers, (tuple, list)):
        return scorer_params | {"classifiers": classifiers if classifiers is False else tuple(classifiers)}
    return scorer_params


def score_record(rec: dict, scorer, spans: bool = False) -> dict:
    if not isinstance(rec, dict):  # e.g. a raw line handed to score_partition by Spark or Dask
        return _bad(None, f"not a record (a {type(rec).__name__}, expected a dict with 'id' and 'text')")
    rid = rec.get(ID)
    # Error rows keep the record's own fields (title, source, date...), so they can still be joined.
    if rec.get(ERROR):
        return {**_bad(rid, str(rec[ERROR])), **_own_fields(rec)}
    text = rec.get("text")
    # (str.isspace stops at the first other character; strip() would copy the text)
    if not isinstance(text, str) or not text or text.isspace():
        return {**_bad(rid, "no text to score"), **_own_fields(rec)}
    try:
        # without spans, the row comes from the engine's tallies: no per-match objects, no result
        if spans:
            result = scorer.score(text, source=str(rid))
            scores = flatten_scores(result)  # classifier.<name>.mean / .share_above when they ran
        else:
            scores = scorer.row(text, markers=True)
    except Exception as exc:  # one bad record must not stop the run
        return {**_bad(rid, f"scoring failed: {type(exc).__name__}: {exc}"), **_own_fields(rec)}
    row = {ID: rid}
    for k, v in rec.items():
        if k in _NOT_OWN:
            continue
        row[f"input.{k}" if k in scores else k] = v
    row.update(scores)
    if spans:
        row["matches"] = [{"start": m.start, "end": m.end, "text": m.text, "rule": m.rule, "category": m.category,
                           "voice": m.voice, "sentence": m.sentence, "weight": m.weight} for m in result.matches]
    return row


def _own_fields(rec: dict) -> dict:
    """A record's fields but its id, text and error."""
    return {k: v for k, v in rec.items() if k not in _NOT_OWN}


def _score_chunk(records: list[dict], spans: bool, params: tuple, classifiers: bool | tuple | None = None) -> list[dict]:
    """One chunk of a run on another executor's worker (Dask): with the worker's Scorer for the
    run's frozen settings (_worker_scorer)."""
    key = _freeze(_with_classifiers(dict(params), classifiers))
    return list(score_partition(records, spans=spans, scorer=_worker_scorer(key)))


def _worker_scorer(key: tuple):
    """On a Dask worker, the Scorer of the latest settings it scored with, kept on the worker object
    (one at most, replaced when the settings change): a run's chunks of a few articles each would
    otherwise build a Scorer each (about 0.15 s) and compile again every pattern form their first
    articles need (about 0.3 s more). Elsewhere, a Scorer for the chunk."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):  # not on a Dask worker
        return build_scorer(key)
    kept = getattr(worker, "framing_scorer", None)
    if kept is None or kept[0] != key:
        kept = (key, build_scorer(key))
        worker.framing_scorer = kept
    return kept[1]


def _rows_of(records: list[dict], spans: bool, scorer) -> list[dict]:
    """One chunk of a run on a local thread, with the run's own Scorer."""
    return list(score_partition(records, spans=spans, scorer=scorer))


def local_pool(workers: int):
    """The executor of a local run with more than one worker: threads of this process sharing its
    Scorer. The engine's calls release the GIL, so the threads score in parallel, and they share
    what the first articles build (compiled pattern forms, the literal DFAs, the model set's
    caches), which each worker of a process pool built again: 2 workers of a process pool ran no
    faster than 1 on a corpus of 400 articles (the rules profile), 2 threads 1.4 x faster (RESULTS,
    "Lead, round 12"). Shared by framing corpus and framing outlets."""
    import concurrent.futures as cf

    return cf.ThreadPoolExecutor(workers, thread_name_prefix="framing-score")


# ---------------------------------------------------------------------------------------------
# Writing: one write() per row, so an interrupted run leaves at most one half line, which resume cuts.


def output_format(path: str, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in OUTPUT_FORMATS:
            raise CorpusError(f"unknown output format {fmt!r}; choose from {', '.join(OUTPUT_FORMATS)}")
        return fmt
    return named_format(path) or "jsonl"


def named_format(path: str) -> str | None:
    """The output format a file name says (.gz aside): csv for .csv, jsonl for .jsonl, .ndjson or
    .json; None for any other name (written as JSONL)."""
    name = (path[:-3] if path.endswith(".gz") else path).lower()
    if name.endswith(".csv"):
        return "csv"
    return "jsonl" if name.endswith((".jsonl", ".ndjson", ".json")) else None


def _one_line(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        from .. import jsonout

        v = jsonout.dumps(v)
    # One physical line per row keeps resume simple; JSONL output keeps newlines.
    return str(v).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


class RowWriter:
    """Appends rows to a JSONL or CSV file (or standard output) with one write() per row."""

    def __init__(self, path: str, fmt: str, columns: list[str] | None = None):
        self.path = path
        self.fmt = fmt
        self.columns = columns
        self._fd = None
        self._header_done = False

    def open(self, append: bool) -> RowWriter:
        if self.path == "-":
            self._fd = -1  # standard output, through sys.stdout (whatever it is replaced by)
        else:
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
            try:
                self._fd = os.open(self.path, flags, 0o644)
            except OSError as exc:
                raise CorpusError(f"{self.path}: cannot write: {exc.strerror}") from None
            self._header_done = append and os.fstat(self._fd).st_size > 0
        return self

    def close(self) -> None:
        if self._fd is not None and self.path != "-":
            os.close(self._fd)
        elif self.path == "-":
            sys.stdout.flush()
        self._fd = None

    def _write(self, data: bytes) -> None:
        if self._fd == -1:
            out = getattr(sys.stdout, "buffer", None)
            if out is not None:
                out.write(data)
            else:
                sys.stdout.write(data.decode("utf-8"))
            return
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)
            view = view[n:]

    def encode(self, row: dict) -> bytes:
        if self.fmt == "jsonl":
            from .. import jsonout

            return jsonout.dumps_bytes(row, default=str) + b"\n"  # a lone surrogate: \u escapes carry it
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        if not self._header_done:
            w.writerow(self.columns)
        known = set(self.columns)
        extra = {k: v for k, v in row.items() if k not in known}
        vals = [_one_line(row.get(c)) for c in self.columns[:-1]]
        vals.append(_one_line(extra) if extra else "")
        w.writerow(vals)
        self._header_done = True
        return buf.getvalue().encode("utf-8", "replace")  # a lone surrogate cannot be UTF-8: written as ?

    def write(self, row: dict) -> None:
        self._write(self.encode(row))


def csv_columns(score_columns: list[str], first: dict | None) -> list[str]:
    """id, error, the first record's pass-through fields, the score columns, then 'extra' (JSON of
    any other field)."""
    passthrough = [k for k in (first or {}) if k not in _NOT_OWN and k not in score_columns]
    return [ID, ERROR, *passthrough, *score_columns, "extra"]


# ---------------------------------------------------------------------------------------------
# Resume


def _id_key(rid) -> str:
    return str(rid)


def repair_and_collect(path: str, fmt: str) -> tuple[collections.Counter, list[str] | None]:
    """Cut a trailing half line (an interrupted write); count the ids already written and return
    them with the columns found: the CSV header, or the keys of the first JSONL row that is not an
    error row (None for an empty file)."""
    done: collections.Counter = collections.Counter()
    p = Path(path)
    if not p.exists() or p.stat().st_size == 0:
        return done, None
    with open(p, "rb+") as f:
        data = f.read()
        keep = data.rfind(b"\n") + 1
        if keep < len(data):
            f.truncate(keep)
    lines = data[:keep].split(b"\n")[:-1]
    header = None
    if fmt == "csv":
        rows = csv.reader(line.decode("utf-8", "replace") for line in lines)
        header = next(rows, None)
        for row in rows:
            if row:
                done[row[0]] += 1
    else:
        for line in lines:
            try:
                row = json.loads(line)
                done[_id_key(row[ID])] += 1
            except (ValueError, KeyError, TypeError):
                continue
            if header is None and ERROR not in row:
                header = list(row)
    return done, header


def _same_columns(path: str, old: list[str] | None, score_cols: list[str]) -> None:
    """--resume appends to rows an earlier run wrote (their columns `old`, from repair_and_collect):
    refuse when they hold other score columns (another profile, other classifiers or packs), which
    would mix two shapes in one file (CSV rows would lose this run's new columns). Input fields are
    told apart from scores by name: the score columns of this run, or a dotted name under one of
    their first parts (an input field named like a score column is written input.NAME)."""
    if not old:
        return
    ours = set(score_cols)
    parts = {c.split(".", 1)[0] for c in score_cols if "." in c} | {"classifier", "sentiment", "readability"}
    theirs = {k for k in old if k in ours or ("." in k and k.split(".", 1)[0] in parts)}
    if theirs != ours:
        gone, new = sorted(theirs - ours), sorted(ours - theirs)
        said = "; ".join(f"{what}: {', '.join(cols[:3])}{' ...' if len(cols) > 3 else ''} ({len(cols)})"
                         for what, cols in (("there, not in this run", gone), ("in this run, not there", new)) if cols)
        raise CorpusError(f"{path}: --resume: its rows were written with other settings (columns {said}); "
                          "resume with that run's options (--profile, classifiers, packs), or write a new file")


def _filter_spans(path: str, done: collections.Counter) -> None:
    """Keep only span lines of articles whose row was written (spans are written just before it)."""
    p = Path(path)
    if not p.exists():
        return
    tmp = p.with_name(p.name + ".resume-tmp")
    with open(p, "rb") as src, open(tmp, "wb") as dst:
        for line in src:
            if not line.endswith(b"\n"):
                break
            try:
                rid = json.loads(line)[ID]
            except (ValueError, KeyError, TypeError):
                continue
            if _id_key(rid) in done:
                dst.write(line)
    os.replace(tmp, p)


# ---------------------------------------------------------------------------------------------
# The run


@dataclass(frozen=True, slots=True)
class Summary:
    articles: int
    failures: int
    skipped: int
    text_bytes: int
    seconds: float
    internal_errors: int = 0  # error rows from the engine's guard (a panic caught): exit code 2
    # {rule id: (why, articles)}: the rules a limit stopped, and in how many articles (the `limits` column)
    limits: dict = field(default_factory=dict)
    # files of an input folder that are not articles (.txt, .md, .html): passed over, named in the summary line
    not_read: tuple = ()
    # rows whose text held inline markers, and the matches those silenced (the suppressed.* columns)
    marked: int = 0
    silenced: int = 0
    # rows whose markers gave warnings, and the first such row's id (`framing score` shows them)
    warned: int = 0
    first_warned: str | None = None
    # rows whose id an earlier row of the run has, and the first such id: rows and --spans lines
    # are joined back to records by id
    repeated: int = 0
    first_repeated: str | None = None

    @property
    def mb_per_s(self) -> float:
        return self.text_bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        skipped = f", {self.skipped:,} already done" if self.skipped else ""
        others = ""
        if self.not_read:
            n = len(self.not_read)
            others = (f"; {n:,} file{'' if n == 1 else 's'} of the folder not read (articles are .txt, .md, .html files: "
                      f"{', '.join(self.not_read[:3])}{', ...' if n > 3 else ''})")
        marked = marked_note(self.marked, self.silenced, "text", "the suppressed.* columns, ")
        if self.warned:  # a misspelt marker silences nothing: say so, not in each row alone
            marked += (f"; {self.warned:,} text{' has' if self.warned == 1 else 's have'} marker warnings "
                       f"(first: {self.first_warned}; `framing score` on it shows them)")
        if self.repeated:
            marked += (f"; {self.repeated:,} row{' repeats' if self.repeated == 1 else 's repeat'} an earlier "
                       f"row's id (first: {self.first_repeated!r}): give each record its own id to join the rows "
                       "and --spans lines back to it")
        return (f"framing: {self.articles:,} article{'' if self.articles == 1 else 's'}, {self.failures:,} failed{skipped}; "
                f"{self.seconds:.1f} s, {rate:,.1f} articles/s, {self.mb_per_s:.2f} MB/s of text{marked}{others}")


def marked_note(texts: int, silenced: int, noun: str, see: str = "") -> str:
    """A summary line's note of the texts (of `noun`) that turned rules off for themselves with
    inline markers, and the matches they silenced; '' when none did."""
    if not texts:
        return ""
    return (f"; {texts:,} {noun}{' carries' if texts == 1 else 's carry'} inline markers ({silenced:,} "
            f"match{'' if silenced == 1 else 'es'} silenced; {see}--no-inline-markers to read markers as text)")


class _Progress:
    def __init__(self, stream, total_bytes: int | None, every: float = 0.2):
        self.stream = stream
        self.total = total_bytes
        self.every = every
        self.start = time.perf_counter()
        self.last = 0.0

    def update(self, done: int, text_bytes: int, consumed: int | None, final: bool = False) -> None:
        now = time.perf_counter()
        if not final and now - self.last < self.every:
            return
        self.last = now
        dt = max(now - self.start, 1e-9)
        eta = ""
        if self.total and consumed:
            left = dt * (self.total - consumed) / consumed
            eta = f"  ETA {int(left // 60)}:{int(left % 60):02d}"
        self.stream.write(f"\r{done:,} articles  {done / dt:,.1f}/s  {text_bytes / 1e6 / dt:.2f} MB/s{eta}   ")
        if final:
            self.stream.write("\n")
        self.stream.flush()


def _chunks(records: Iterable[dict], max_articles: int, max_chars: int) -> Iterator[list[dict]]:
    chunk, size = [], 0
    for rec in records:
        chunk.append(rec)
        size += len(rec.get("text") or "")
        if len(chunk) >= max_articles or size >= max_chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve() or (Path(b).exists() and os.path.samefile(a, b))
    except OSError:
        return False


def run_corpus(input_path: str, output_path: str, *, input_fmt: str | None = None, output_fmt: str | None = None,
               spans_path: str | None = None, workers: int | None = None, resume: bool = False,
               executor=None, progress: bool = False, chunk_articles: int = 16, chunk_chars: int = 200_000,
               in_flight_per_worker: int = 3, classifiers: bool | tuple | None = None,
               max_article_bytes: int | None = 200_000_000, encoding: str | None = None,
               **scorer_params) -> Summary:
    """Score a corpus into output_path (see the module docstring). executor: any
    concurrent.futures-style executor (e.g. a Dask client's get_executor()); by default
    `workers` threads of this process sharing its Scorer (local_pool; all cores), or this thread
    when workers == 1. A text over
    max_article_bytes (in UTF-8) becomes an error row before it is scored (scoring needs about 30
    bytes of memory a character). encoding: the input's (read_records)."""
    fmt = output_format(output_path, output_fmt)
    if resume and output_path == "-":
        raise CorpusError("--resume needs an output file, not standard output")
    for what, out in (("output", output_path), ("--spans file", spans_path)):
        if out not in (None, "-") and input_path != "-" and same_file(input_path, out):
            raise CorpusError(f"{out}: the {what} is the input; writing it would destroy the corpus")
    params = _freeze(scorer_params)
    with_spans = spans_path is not None
    # Validate scorer settings here (bad pack, unknown --disable) before any worker starts.
    key = _freeze(_with_classifiers(scorer_params, classifiers))
    scorer = build_scorer(key)  # the run's Scorer: this thread's and the local pool's
    if not scorer.matcher_.rules:
        from ..packs import NO_RULES

        raise CorpusError(NO_RULES)
    probe = score_record({ID: "probe", "text": "Probe."}, scorer, False)
    score_cols = [k for k in probe if k != ID]
    n_workers = workers or _cpu_count()

    done, header = repair_and_collect(output_path, fmt) if resume else (collections.Counter(), None)
    if resume:
        _same_columns(output_path, header, score_cols)
    if resume and with_spans:
        _filter_spans(spans_path, done)
    total_bytes = None
    if input_path != "-" and Path(input_path).is_file():
        total_bytes = Path(input_path).stat().st_size

    tracker: dict = {}
    records = read_records(input_path, input_fmt, tracker, encoding)
    first = None
    try:
        first = next(records)
    except StopIteration:
        pass
    records_all = ([first] if first is not None else [])
    stream = _chain(records_all, records)
    pending_skip = done.copy()

    def todo():
        for rec in stream:
            key = _id_key(rec.get(ID))
            if pending_skip.get(key, 0) > 0:
                pending_skip[key] -= 1
                state["skipped"] += 1
                continue
            size = _over(rec.get("text"), max_article_bytes)
            if size is not None:
                reason = (f"text of {size / 1e6:,.4g} MB is over the limit of {max_article_bytes / 1e6:,.6g} MB "
                          "for one article; split it or raise --max-mb")
                # score_record turns it into an error row that keeps the record's fields.
                rec = {**{k: v for k, v in rec.items() if k != "text"}, ERROR: reason}
            yield rec

    state = {"skipped": 0}
    columns = (header or csv_columns(score_cols, first)) if fmt == "csv" else None
    writer = RowWriter(output_path, fmt, columns).open(append=resume)
    spans_writer = RowWriter(spans_path, "jsonl").open(append=resume) if with_spans else None
    bar = _Progress(sys.stderr, total_bytes) if progress else None
    from ..results import parse_limits
    from ..results import GAVE_UP

    n = failures = internal = text_bytes = marked = silenced = warned = 0
    first_warned = None
    ids: set = set()
    repeated, first_repeated = 0, None
    limits: dict = {}
    start = time.perf_counter()

    def emit(row: dict, nbytes: int) -> None:
        nonlocal n, failures, internal, text_bytes, marked, silenced, warned, first_warned, repeated, first_repeated
        key = _id_key(row[ID])
        if key in ids:
            repeated += 1
            if first_repeated is None:
                first_repeated = str(row[ID])
        else:
            ids.add(key)
        matches = row.pop("matches", None)
        if spans_writer is not None and matches:
            spans_writer._write(b"".join(spans_writer.encode({ID: row[ID], **m}) for m in matches))
        writer.write(row)
        n += 1
        failures += ERROR in row
        internal += INTERNAL_ERROR in str(row.get(ERROR) or "")
        if row.get("suppressed.markers"):
            marked += 1
            silenced += row["suppressed.matches"]
        if row.get("suppressed.warnings"):
            warned += 1
            if first_warned is None:
                first_warned = str(row[ID])
        if row.get("limits"):
            for rule, why in parse_limits(row["limits"]).items():
                was, count = limits.get(rule, (why, 0))
                limits[rule] = (GAVE_UP if GAVE_UP in (was, why) else why, count + 1)
        text_bytes += nbytes
        if bar:
            bar.update(n, text_bytes, _position(tracker))

    def sizes(chunk):
        return [len(r["text"].encode("utf-8")) if isinstance(r.get("text"), str) else 0 for r in chunk]

    own_pool = None
    try:
        chunks = _chunks(todo(), chunk_articles, chunk_chars)
        local = executor is None and n_workers > 1
        if local:
            own_pool = executor = local_pool(n_workers)
        if executor is None:
            for chunk in chunks:
                for row, nb in zip(score_partition(chunk, spans=with_spans, scorer=scorer), sizes(chunk)):
                    emit(row, nb)
        else:
            limit = max(1, n_workers * in_flight_per_worker)
            queue: collections.deque = collections.deque()
            for chunk in chunks:
                try:
                    fut = (executor.submit(_rows_of, chunk, with_spans, scorer) if local else
                           executor.submit(_score_chunk, chunk, with_spans, params, classifiers))
                except Exception as exc:  # a broken pool: these records fail, the run still ends cleanly
                    fut = _failed(exc)
                queue.append((fut, sizes(chunk), chunk))
                while len(queue) >= limit:
                    _drain_one(queue, emit)
            while queue:
                _drain_one(queue, emit)
    finally:
        if own_pool is not None:
            own_pool.shutdown(wait=True, cancel_futures=True)
        writer.close()
        if spans_writer is not None:
            spans_writer.close()
    seconds = time.perf_counter() - start
    if bar:
        bar.update(n, text_bytes, None, final=True)
    return Summary(articles=n, failures=failures, skipped=state["skipped"], text_bytes=text_bytes, seconds=seconds,
                   internal_errors=internal, limits=dict(sorted(limits.items())),
                   not_read=tuple(tracker.get("not_read", ())), marked=marked, silenced=silenced, warned=warned, first_warned=first_warned,
                   repeated=repeated, first_repeated=first_repeated)


def _over(text, max_bytes: int | None) -> int | None:
    """The text's size in UTF-8 bytes when it is over max_bytes, else None (encoded only when its
    length in characters, 1 to 4 bytes each, leaves it in doubt)."""
    if max_bytes is None or not isinstance(text, str) or len(text) * 4 <= max_bytes:
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    return size if size > max_bytes else None


def _drain_one(queue, emit) -> None:
    fut, sizes, chunk = queue.popleft()
    try:
        rows = fut.result()
    except Exception as exc:  # a worker died (e.g. killed, out of memory): the chunk's records fail
        rows = [_bad(r.get(ID), f"worker failed: {type(exc).__name__}: {exc}") for r in chunk]
    for row, nb in zip(rows, sizes):
        emit(row, nb)


def _failed(exc: Exception):
    import concurrent.futures as cf

    fut: cf.Future = cf.Future()
    fut.set_exception(exc)
    return fut


def _position(tracker: dict) -> int | None:
    raw = tracker.get("raw")
    try:
        return raw.tell() if raw is not None and not raw.closed else None
    except (OSError, ValueError):
        return None


def _chain(head: list, tail: Iterator) -> Iterator:
    yield from head
    yield from tail


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
