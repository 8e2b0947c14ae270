"""Reading article files: one clear error per bad input, never a traceback."""
from __future__ import annotations

import codecs
import sys
from pathlib import Path


class InputError(Exception):
    """A bad input; the message names the file and the problem."""


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding}: {exc}") from None
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {enc} after its byte-order mark: {exc.reason} at byte {exc.start}") from None
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks binary (contains NUL bytes); give a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                         f"pass --encoding (for example --encoding cp1252)") from None


def read_article(path: str, encoding: str | None = None) -> tuple[str, str]:
    """Returns (source name, text). '-' reads standard input."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        p = Path(path)
        name = path
        if not p.exists():
            raise InputError(f"{name}: no such file")
        if p.is_dir():
            raise InputError(f"{name}: is a directory; give article files")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    text = decode(data, name, encoding)
    if not text.strip():
        raise InputError(f"{name}: empty file (no text to score)")
    return name, text
