"""Model files: the safe on-disk form of a sentence classifier, read and written without NumPy.

A model is a directory of `model.json` (settings, vocabularies, dense feature names), `weights.npz`
(1-D float arrays, one NumPy `.npy` member each, as `numpy.load` reads them) and `MODEL_CARD.md`.
The archive is read with `zipfile` and the `.npy` header alone: only float arrays are accepted,
so loading never runs code from a file (no pickles, no object arrays), and scoring never imports
NumPy. Arrays are held as `array.array('d')`; the vocabularies of a file read are held natively
(`framing._core.Vocabulary`, a sequence of str): read straight from the JSON bytes, with no Python
string per term.
"""
from __future__ import annotations

import ast
import json
import re
import struct
import sys
import zipfile
from array import array
from pathlib import Path

import orjson

from ..engine.native import _core

FORMAT = "framing-sentence-model"
FORMAT_VERSION = 1
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
SETTINGS_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"
CARD_FILE = "MODEL_CARD.md"
_NPY_MAGIC = b"\x93NUMPY"
_VOCABULARIES = ("word_vocabulary", "char_vocabulary")
_FLOAT_DTYPES = {"<f8": ("d", "little"), ">f8": ("d", "big"), "<f4": ("f", "little"), ">f4": ("f", "big"),
                 "=f8": ("d", sys.byteorder), "=f4": ("f", sys.byteorder)}


# The header numpy (and write_npz) writes for a 1-D array: read without literal_eval, which cost
# ~0.1 ms a member (27 members in the shipped models). Any other header takes the general path.
_PLAIN_HEADER = re.compile(r"\{'descr': '([<>=]f[48])', 'fortran_order': False, 'shape': \((0|[1-9]\d*),\), \} *\n?\Z")


class ModelError(Exception):
    """A model file that cannot be used: names the file and the problem."""


def le_bytes(values: array) -> bytes:
    """float64 values as little-endian bytes (what the native engine reads)."""
    if sys.byteorder == "little":
        return values.tobytes()
    swapped = array("d", values)
    swapped.byteswap()
    return swapped.tobytes()


def _npy_array(raw: bytes, key: str, where: str) -> tuple[tuple, array]:
    """(shape, float64 values) of one .npy member; refuses anything but float arrays."""
    if not raw.startswith(_NPY_MAGIC) or len(raw) < 10:
        raise ModelError(f"{where}: array {key!r} is not a .npy array")
    major = raw[6]
    if major == 1:
        (hlen,), start = struct.unpack_from("<H", raw, 8), 10
    elif major in (2, 3):
        (hlen,), start = struct.unpack_from("<I", raw, 8), 12
    else:
        raise ModelError(f"{where}: array {key!r} has .npy format version {major}")
    if hlen > 65_536 or start + hlen > len(raw):
        raise ModelError(f"{where}: array {key!r} has a damaged header")
    text = raw[start:start + hlen].decode("latin-1")
    plain = _PLAIN_HEADER.match(text)
    if plain:
        header = {"descr": plain[1], "fortran_order": False, "shape": (int(plain[2]),)}
    else:
        try:  # a Python literal: literal_eval evaluates no code
            header = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise ModelError(f"{where}: array {key!r} has a damaged header") from None
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise ModelError(f"{where}: array {key!r} has a damaged header")
    descr, shape = header["descr"], header["shape"]
    if descr not in _FLOAT_DTYPES:
        if isinstance(descr, str) and "O" in descr:
            raise ModelError(f"{where}: refused: array {key!r} holds Python objects (loading it would need a pickle)")
        raise ModelError(f"{where}: array {key!r} has dtype {descr!r}; expected floats")
    if not (isinstance(shape, tuple) and all(isinstance(n, int) and n >= 0 for n in shape)):
        raise ModelError(f"{where}: array {key!r} has a damaged header")
    code, order = _FLOAT_DTYPES[descr]
    values = array(code)
    body = memoryview(raw)[start + hlen:]  # no copy of the body before frombytes
    count = 1
    for n in shape:
        count *= n
    if len(body) != count * values.itemsize:
        raise ModelError(f"{where}: array {key!r} holds {len(body)} bytes for shape {shape}")
    values.frombytes(body)
    if order != sys.byteorder:
        values.byteswap()
    return shape, (values if code == "d" else array("d", values))


def read_npz(path: Path, max_bytes: int = 2_000_000_000) -> dict[str, tuple[tuple, array]]:
    """{name: (shape, float64 values)} of the .npy members of an .npz archive."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ModelError(f"{path}: not a NumPy .npz archive ({type(exc).__name__}: {exc})") from None
    out = {}
    with zf:
        for info in zf.infolist():
            if not info.filename.endswith(".npy"):
                continue
            key = info.filename[:-4]
            if info.file_size > max_bytes:
                raise ModelError(f"{path}: array {key!r} is {info.file_size:,} bytes; the limit is {max_bytes:,}")
            try:
                raw = zf.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise ModelError(f"{path}: not a NumPy .npz archive ({type(exc).__name__}: {exc})") from None
            out[key] = _npy_array(raw, key, str(path))
    return out


def write_npz(path: Path, arrays: dict) -> None:
    """Write 1-D float arrays as an .npz archive (.npy members, format 1.0), stored without
    compression: inflating the shipped models took ~22 ms of every `framing score` start-up."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for key in sorted(arrays):
            values = array("d", arrays[key])
            header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }" % len(values)
            pad = 64 - (len(_NPY_MAGIC) + 4 + len(header) + 1) % 64
            header = (header + " " * (pad % 64) + "\n").encode("latin-1")
            zf.writestr(f"{key}.npy", _NPY_MAGIC + b"\x01\x00" + struct.pack("<H", len(header)) + header
                        + le_bytes(values))


# ---------------------------------------------------------------------------------------------
# Checks a foreign or tampered file needs.

_REQUIRED = ("format", "format_version", "name", "threshold", "features", "positive_label")


def check_settings(s, where: str) -> None:
    if not isinstance(s, dict):
        raise ModelError(f"{where}: expected a JSON object")
    missing = [k for k in _REQUIRED if k not in s]
    if missing:
        raise ModelError(f"{where}: missing key(s) {', '.join(missing)}")
    if s["format"] != FORMAT:
        raise ModelError(f"{where}: not a framing sentence model (format {s['format']!r})")
    if s["format_version"] != FORMAT_VERSION:
        raise ModelError(f"{where}: format version {s['format_version']!r} is not supported "
                         f"(this framing reads version {FORMAT_VERSION})")
    t = s["threshold"]
    if not isinstance(t, (int, float)) or isinstance(t, bool) or not 0.0 <= t <= 1.0:
        raise ModelError(f"{where}: threshold must be a number in [0, 1]; got {t!r}")
    fs = s["features"]
    if not isinstance(fs, dict) or not fs or set(fs) - {"word", "char", "dense"}:
        raise ModelError(f"{where}: 'features' must name some of the blocks word, char, dense")
    for block in ("word", "char"):
        b = fs.get(block)
        if b is None:
            continue
        rng = b.get("ngram_range") if isinstance(b, dict) else None
        if not (isinstance(rng, list) and len(rng) == 2 and all(type(v) is int and 1 <= v <= 10 for v in rng)
                and rng[0] <= rng[1]) or not isinstance(b.get("sublinear_tf"), bool):
            raise ModelError(f"{where}: features.{block} needs ngram_range [lo, hi] and sublinear_tf")
        vocab = s.get(f"{block}_vocabulary")
        if not isinstance(vocab, _core.Vocabulary) \
                and (not isinstance(vocab, list) or not set(map(type, vocab)) <= {str}):  # (C speed: 240k terms)
            raise ModelError(f"{where}: {block}_vocabulary must be a list of strings")
    d = fs.get("dense")
    if d is not None:
        if not isinstance(d, dict) or not isinstance(d.get("names"), list) \
                or not all(isinstance(n, str) for n in d["names"]) or d.get("rules") not in ("full", "lexicon", None):
            raise ModelError(f"{where}: features.dense needs a list of names and rules full|lexicon|null")
        if d.get("scaler", "standard") not in ("standard", "maxabs"):
            raise ModelError(f"{where}: features.dense.scaler must be standard or maxabs")


def check_arrays(s: dict, arrays: dict[str, tuple[tuple, array]], where: str) -> None:
    """Every array the settings need, 1-D of the right length, finite (dense_scale positive)."""
    fs = s["features"]
    want = {"intercept": 1, "calibration": 2}
    for block in ("word", "char"):
        if block in fs:
            n = len(s[f"{block}_vocabulary"])
            want[f"{block}_idf"] = want[f"{block}_coef"] = n
    if "dense" in fs:
        n = len(fs["dense"]["names"])
        want["dense_mean"] = want["dense_scale"] = want["dense_coef"] = n
    for k, n in want.items():
        if k not in arrays:
            raise ModelError(f"{where}: missing array {k!r}")
        shape, values = arrays[k]
        if shape != (n,):
            raise ModelError(f"{where}: array {k!r} has shape {shape}; expected ({n},) floats")
        if not _core.all_finite(le_bytes(values)):
            raise ModelError(f"{where}: array {k!r} holds non-finite values")
    if "dense_scale" in want and any(v <= 0 for v in arrays["dense_scale"][1]):
        raise ModelError(f"{where}: array 'dense_scale' must be positive")


# ---------------------------------------------------------------------------------------------
# Directories.

def shipped_models() -> list[str]:
    """Names of the models shipped with framing (directories of framing/models/ with a model.json)."""
    if not MODELS_DIR.is_dir():
        return []
    return sorted(p.name for p in MODELS_DIR.iterdir() if (p / SETTINGS_FILE).is_file())


def model_dir(name_or_dir: str | Path) -> Path:
    """The directory of a shipped model name ("biased") or of a model directory (or a file in one)."""
    key = str(name_or_dir)
    d = Path(name_or_dir)
    # A shipped name always means the shipped model, even when the working directory holds a folder of
    # that name (a model trained with -o biased is loaded as ./biased).
    if not isinstance(name_or_dir, Path) and re.fullmatch(r"[\w-]+", key) and (MODELS_DIR / key / SETTINGS_FILE).is_file():
        return MODELS_DIR / key
    if d.is_file():
        if d.name not in (SETTINGS_FILE, WEIGHTS_FILE):
            raise ModelError(f"{d}: not a model directory or {SETTINGS_FILE}; framing models are directories "
                             f"holding {SETTINGS_FILE} and {WEIGHTS_FILE} (pickles are never loaded)")
        d = d.parent
    if not d.is_dir():
        names = ", ".join(shipped_models()) or "none"
        raise ModelError(f"{key}: no such model directory and no shipped model of that name (shipped: {names})")
    return d


def read_model(name_or_dir: str | Path) -> tuple[str, dict, dict[str, array], str, str]:
    """(name, settings, arrays, card, source directory) of a stored model, every part checked.

    Raises ModelError naming the file and the problem for anything missing, foreign, tampered or
    of another format version."""
    d = model_dir(name_or_dir)
    sp, wp = d / SETTINGS_FILE, d / WEIGHTS_FILE
    for p in (sp, wp):
        if not p.is_file():
            raise ModelError(f"{p}: missing (a model directory holds {SETTINGS_FILE} and {WEIGHTS_FILE})")
    try:  # the vocabularies (270k terms) natively, the rest (small) with orjson
        rest, vocabularies = _core.split_model_json(sp.read_bytes(), list(_VOCABULARIES))
        settings = orjson.loads(rest)
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise ModelError(f"{sp}: not valid JSON ({exc})") from None
    if not isinstance(settings, dict):
        raise ModelError(f"{sp}: expected a JSON object")
    settings.update(vocabularies)
    check_settings(settings, str(sp))
    stored = read_npz(wp)
    check_arrays(settings, stored, str(wp))
    # The card is documentation: a damaged one must not stop a sound model from loading.
    card = (d / CARD_FILE).read_text(encoding="utf-8", errors="replace") if (d / CARD_FILE).is_file() else ""
    name = settings["name"] if isinstance(settings["name"], str) else d.name
    return name, settings, {k: v for k, (_, v) in stored.items()}, card, str(d)


def write_model(directory: str | Path, name: str, settings: dict, arrays: dict, card: str = "") -> Path:
    """Write model.json, weights.npz and (when given) MODEL_CARD.md into `directory`."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    payload = {"format": FORMAT, "format_version": FORMAT_VERSION, "name": name,
               **{k: v.tolist() if isinstance(v, _core.Vocabulary) else v for k, v in settings.items()}}
    (d / SETTINGS_FILE).write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n",
                                   encoding="utf-8")
    write_npz(d / WEIGHTS_FILE, arrays)
    if card:
        (d / CARD_FILE).write_text(card, encoding="utf-8")
    return d
