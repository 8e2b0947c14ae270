"""The boundary to the Rust engine (`framing._core`): what every native call shares.

Text crosses as UTF-8, which cannot carry a lone surrogate (a Python `str` can: a file decoded with
errors="surrogateescape", or "\\ud800" typed in). Each one becomes U+FFFD, one code point for one,
so every offset the engine returns still indexes the caller's untouched text.
"""
from __future__ import annotations

import re

from .. import _core

_SURROGATE = re.compile("[\ud800-\udfff]")


def boundary_text(text: str) -> str:
    """`text` as it can cross into Rust: the same length, lone surrogates replaced by U+FFFD."""
    if text.isascii():  # CPython knows this without a scan
        return text
    # the engine's check leaves the text's UTF-8 cached in the str for its own read of it
    return text if _core.crosses_as_is(text) else _SURROGATE.sub("\ufffd", text)


def compensated_sum() -> bool:
    """Whether this Python's `sum()` of floats is compensated (Neumaier; CPython 3.12 and later):
    the engine then sums as it does, so its means equal Python's to the last bit."""
    return sum([0.1, 0.2, 0.3]) == 0.6


__all__ = ["_core", "boundary_text", "compensated_sum"]
