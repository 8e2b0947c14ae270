"""Sentiment: VADER (Hutto & Gilbert 2014), computed by the native engine from vaderSentiment's data.

vaderSentiment stays a dependency as the source of VADER's data and as the reference a test checks
every score against; its module is not imported (the engine needs only its data). From the installed
package this reads the two lexicon files, and the module's word lists and scalars (NEGATE,
BOOSTER_DICT, SPECIAL_CASES, C_INCR, N_SCALAR) from its source as literals, with `ast`.
"""
from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

from .native import _core, boundary_text

LEXICON_FILE = "vader_lexicon.txt"
EMOJI_FILE = "emoji_utf8_lexicon.txt"
MODULE_FILE = "vaderSentiment.py"
# The module-level names the engine takes (B_INCR and B_DECR are the values inside BOOSTER_DICT).
_NAMES = ("B_INCR", "B_DECR", "C_INCR", "N_SCALAR", "NEGATE", "BOOSTER_DICT", "SPECIAL_CASES")


class SentimentError(Exception):
    """vaderSentiment's data could not be found or read."""


def vader_dir() -> Path:
    """The installed vaderSentiment package's folder (found, not imported)."""
    spec = importlib.util.find_spec("vaderSentiment")
    if spec is None or not spec.submodule_search_locations:
        raise SentimentError("sentiment needs the vaderSentiment package (its lexicons): pip install vaderSentiment")
    return Path(next(iter(spec.submodule_search_locations)))


class _Substitute(ast.NodeTransformer):
    """Replaces a name by the literal already read for it (BOOSTER_DICT's values are B_INCR...)."""

    def __init__(self, known: dict):
        self.known = known

    def visit_Name(self, node: ast.Name):
        if node.id not in self.known:
            raise ValueError(f"refers to {node.id}, which is not a literal read before it")
        return ast.copy_location(ast.Constant(self.known[node.id]), node)


def vader_constants(source: str, path: str = MODULE_FILE) -> dict:
    """vaderSentiment's word lists and scalars, read from its module source as literals."""
    # They sit above the first function: parsing only that part saves most of the ~10 ms.
    first_def = re.search(r"^(?:def|class) ", source, re.MULTILINE)
    if first_def is not None:
        known = _literals(source[:first_def.start()], path)
        if all(n in known for n in _NAMES):
            return known
    known = _literals(source, path)
    missing = [n for n in _NAMES if n not in known]
    if missing:
        raise SentimentError(f"{path}: no module-level {', '.join(missing)} (a vaderSentiment this engine "
                             "does not know?)")
    return known


def _literals(source: str, path: str) -> dict:
    known: dict = {}
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise SentimentError(f"{path}: cannot parse ({exc.msg}, line {exc.lineno})") from None
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in _NAMES:
            name = node.targets[0].id
            try:
                known[name] = ast.literal_eval(_Substitute(known).visit(node.value))
            except ValueError as exc:
                raise SentimentError(f"{path}:{node.lineno}: {name} is not a literal ({exc})") from None
    return known


class SentimentAnalyzer:
    """VADER's `polarity_scores`, equal to vaderSentiment's, natively. Build it once (it reads
    vaderSentiment's files, a few milliseconds) and score whole batches with `polarity_scores_many`
    or `compounds`; it holds no state that scoring changes, so threads may share it.

    package_dir: a vaderSentiment package folder to read (None: the installed one).
    """

    def __init__(self, package_dir: str | Path | None = None):
        self.package_dir = package_dir
        folder = Path(package_dir) if package_dir is not None else vader_dir()
        try:
            lexicon = (folder / LEXICON_FILE).read_text(encoding="utf-8")
            emoji = (folder / EMOJI_FILE).read_text(encoding="utf-8")
            module = folder / MODULE_FILE
            consts = vader_constants(module.read_text(encoding="utf-8"), str(module))
        except (OSError, UnicodeDecodeError) as exc:
            raise SentimentError(f"cannot read vaderSentiment's data in {folder}: {exc}") from None
        try:
            # compensated: this Python's sum() of floats is (3.12 and later), so VADER's sum is
            self.engine_ = _core.Vader(lexicon, emoji, consts, compensated_sum=sum([0.1, 0.2, 0.3]) == 0.6)
        except (ValueError, TypeError, AttributeError) as exc:
            raise SentimentError(f"{folder}: {exc}") from None

    def __repr__(self) -> str:
        return f"SentimentAnalyzer({len(self.engine_)} lexicon entries)"

    def polarity_scores(self, text: str) -> dict:
        """vaderSentiment's dict: neg, neu, pos (3 decimals) and compound (4 decimals)."""
        neg, neu, pos, compound = self.engine_.polarity_scores(boundary_text(_checked(text)))
        return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}

    def polarity_scores_many(self, texts) -> list[dict]:
        """`polarity_scores` of each text, in one native call."""
        rows = self.engine_.polarity_scores_many([boundary_text(_checked(t)) for t in texts])
        return [{"neg": neg, "neu": neu, "pos": pos, "compound": c} for neg, neu, pos, c in rows]

    def compounds(self, texts) -> list[float]:
        """The compound score of each text, in one native call."""
        return self.engine_.compounds([boundary_text(_checked(t)) for t in texts])

    def sentence_compounds(self, text: str, spans, max_words: int, digits: int | None = None) -> list[float]:
        """The compound score of each sentence span (start, end) of `text`, in one native call; a
        sentence of more than max_words words (framing's words) is scored in windows of max_words
        words, from a window's first word to its last, averaged by words (VADER's compound
        saturates on long texts). digits: each rounded as round(compound, digits) would."""
        if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
            raise ValueError(f"max_sentence_words must be a whole number >= 1; got {max_words!r}")
        if digits is not None and (not isinstance(digits, int) or isinstance(digits, bool) or digits < 0):
            raise ValueError(f"digits must be a whole number >= 0 or None; got {digits!r}")
        try:
            return self.engine_.sentence_compounds(boundary_text(_checked(text)), list(spans), max_words, digits)
        except OverflowError:  # a negative offset
            raise ValueError("sentence spans are (start, end) offsets >= 0") from None


def _checked(text) -> str:
    if not isinstance(text, str):
        raise TypeError(f"sentiment scores text (str), not {type(text).__name__}")
    return text


__all__ = ["SentimentAnalyzer", "SentimentError", "vader_constants", "vader_dir"]
