"""Reading article files: one clear error per bad input, never a traceback."""
from __future__ import annotations

import codecs
import os
import re
import sys


class InputError(Exception):
    """A bad input; the message names the file and the problem."""


def decode(data: bytes, name: str, encoding: str | None = None, notes: list[str] | None = None) -> str:
    """Bytes -> text. encoding=None: BOM or strict UTF-8 (an error says what to pass);
    encoding='auto': BOM, UTF-8, then Windows-1252, then UTF-8 with U+FFFD for bad bytes, saying
    which in `notes`; any other value: that codec, strictly."""
    if encoding and encoding.lower() != "auto":
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
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(f"{name}: looks binary (contains NUL bytes); give a text file")
        enc, text = utf16
        if not encoding:
            raise InputError(f"{name}: looks like {enc.upper()} text without a byte-order mark; "
                             f"pass --encoding {enc} (or --encoding auto)")
        notes = notes if notes is not None else []
        notes.append(f"{name}: no byte-order mark; decoded as {enc.upper()}")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not encoding:
            raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                             f"pass --encoding auto, or the file's encoding (for example --encoding cp1252)") from None
    notes = notes if notes is not None else []
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        notes.append(f"{name}: not valid UTF-8 or Windows-1252; {text.count(chr(0xFFFD))} undecodable byte "
                     "sequence(s) replaced with U+FFFD")
    else:
        notes.append(f"{name}: not valid UTF-8; decoded as Windows-1252")
    return text


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """('utf-16-le' or 'utf-16-be', the text) when `data` reads as UTF-16 text without a
    byte-order mark (as Windows tools export it): mostly Latin text, so the NUL bytes fall on one
    side of each pair, and it decodes without error or NUL characters; else None (binary)."""
    sample = data[:65536]
    sample = sample[:len(sample) - len(sample) % 2]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    pairs = len(sample) // 2
    for enc, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if pairs and nuls >= 0.3 * pairs and other <= 0.01 * pairs:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            return (enc, text) if "\x00" not in text else None
    return None


_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "button"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "h1", "h2", "h3", "h4",
          "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "figure",
          "figcaption", "hr", "br", "title", "address", "form", "fieldset", "details", "summary"}


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000]
    if "<" not in head:  # every sign below starts with "<": plain prose is not lowercased and searched
        return False
    head = head.lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(?:body|article|p|div)[\s>]", head))


def html_to_text(markup: str) -> str:
    """The text a reader sees: scripts, styles and the head dropped, entities decoded, one line a
    block element, spaces inside a line collapsed. Scores and offsets then refer to this text."""
    from html.parser import HTMLParser  # only for HTML input: a plain-text run does not load it

    class TextExtractor(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in _SKIP:
                self.skip += 1
            elif tag in _BLOCK:
                self.parts.append("\n")

        def handle_startendtag(self, tag, attrs):
            if tag in _BLOCK:
                self.parts.append("\n")

        def handle_endtag(self, tag):
            if tag in _SKIP:
                self.skip = max(0, self.skip - 1)
            elif tag in _BLOCK:
                self.parts.append("\n")

        def handle_data(self, data):
            if not self.skip:  # source line breaks are layout, not paragraph breaks
                self.parts.append(data.replace("\r", " ").replace("\n", " "))

    parser = TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n\n".join(line for line in lines if line)


def _too_big(name: str, size: int | None, max_bytes: int) -> InputError:
    what = f"{size / 1e6:,.4g} MB is" if size is not None else "the input is"
    return InputError(f"{name}: {what} over the limit of {max_bytes / 1e6:,.6g} MB for one "
                      "article (scoring needs about 30 bytes of memory per character); split it into "
                      "articles or raise --max-mb")


def read_article(path: str, encoding: str | None = None, input_format: str = "auto",
                 notes: list[str] | None = None, max_bytes: int | None = None) -> tuple[str, str]:
    """Returns (source name, text). '-' reads standard input.

    input_format: 'text', 'html' (converted with html_to_text) or 'auto' (HTML when the name ends
    in .html/.htm or the content starts like an HTML page). Notes about decoding go to `notes`.
    max_bytes: refuse larger inputs (None: no limit), before reading them whole."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1) if max_bytes is not None else sys.stdin.buffer.read()
        name = "<stdin>"
        if max_bytes is not None and len(data) > max_bytes:
            raise _too_big(name, None, max_bytes)  # only max_bytes + 1 were read
    else:
        name = path
        try:  # one open and one fstat: a corpus of small files pays little per file
            with open(path, "rb") as f:
                if max_bytes is not None:
                    size = os.fstat(f.fileno()).st_size
                    if size > max_bytes:
                        raise _too_big(name, size, max_bytes)
                data = f.read()
        except (FileNotFoundError, NotADirectoryError):
            raise InputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory; give article files") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    text = decode(data, name, encoding, notes)
    if input_format == "html" or (input_format == "auto" and (
            name.lower().endswith((".html", ".htm")) or looks_like_html(text))):
        text = html_to_text(text)
        if not text.strip():
            raise InputError(f"{name}: HTML page with no visible text")
    if not text.strip():
        raise InputError(f"{name}: empty file (no text to score)")
    return name, text
