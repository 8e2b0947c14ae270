"""Native VADER: the same four scores as vaderSentiment on every sentence of ../shared/data and on
generated sentences that exercise each of its rules; its data read from vaderSentiment's files."""
import hashlib
import json
import re
import subprocess
import sys
from importlib.metadata import version

import pytest
from hypothesis import given, settings, strategies as st

from conftest import shared_data
from framing.engine.native import _core
from framing.engine.sentiment import SentimentAnalyzer, SentimentError, vader_constants, vader_dir

ARTICLE_SETS = ("ptc_train.jsonl", "polnear_train.jsonl", "polnear_dev.jsonl")
SENTENCE_SETS = ("babe_train.jsonl", "checkthat2023_train.jsonl", "checkthat2023_dev.jsonl",
                 "factbank_uncertainty_train.jsonl", "wiki_uncertainty_train.jsonl")
# Articles split after . ! ? and at line breaks: fast, and close to the sentences scoring gives VADER.
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


@pytest.fixture(scope="module")
def analyzer():
    return SentimentAnalyzer()


@pytest.fixture(scope="module")
def stock():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _shared_sentences() -> list[str]:
    """Every sentence of ../shared/data: the sentence sets' texts, the article sets split into
    sentences, BASIL's titles and its own sentence lists; each distinct one once."""
    out = []
    for name in SENTENCE_SETS + ARTICLE_SETS:
        with shared_data(name).open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                out += _SPLIT.split(text) if name in ARTICLE_SETS else [text]
    with shared_data("basil_dev.jsonl").open(encoding="utf-8") as f:
        for line in f:
            for a in json.loads(line)["articles"]:
                out += [a.get("title") or ""] + list(a.get("sentences") or [])
    return list(dict.fromkeys(out))


def test_every_sentence_of_shared_data_scores_as_vader(analyzer, stock, request):
    """74,094 distinct sentences. vaderSentiment's scores are computed once and kept in pytest's
    cache, keyed by the sentences and vaderSentiment's version (about 3-15 s to recompute)."""
    sentences = _shared_sentences()
    assert len(sentences) == 74_094
    digest = hashlib.sha256("\x00".join(sentences).encode("utf-8", "surrogatepass")).hexdigest()[:24]
    key = f"framing/vader_reference/{version('vaderSentiment')}-{digest}"
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    reference = cache.get(key, None) if cache is not None else None
    if reference is None or len(reference) != len(sentences):
        reference = [list(stock.polarity_scores(s).values()) for s in sentences]
        if cache is not None:
            cache.set(key, reference)
    got = analyzer.polarity_scores_many(sentences)
    wrong = [(s, g, r) for s, g, r in zip(sentences, got, reference)
             if [g["neg"], g["neu"], g["pos"], g["compound"]] != r]
    assert not wrong, f"{len(wrong)} differ, e.g. {wrong[:3]}"
    assert analyzer.compounds(sentences[:500]) == [r[3] for r in reference[:500]]


def _lexicon_words() -> list[str]:
    words = [line.split("\t")[0] for line in (vader_dir() / "vader_lexicon.txt").read_text(encoding="utf-8")
             .splitlines() if line.strip()]
    return words[::15] + ["good", "bad", "great", "horrible", "love", "hate", "shit", "bomb", "ass", "die",
                          "death", "kiss", "heart", "no", "right", "yeah", ":)", ":(", ":D", "<3", "lol",
                          # valences in ratio 2:1 (2.0, 1.0, -2.0, -1.0, 2.4, 1.2): the 'but' rule halves
                          # scores before it and looks each score up by value, so halves collide
                          "ftw", "hugz", "jj", "wp", "abandoned", "abhor", "accusation", "aches", "fav",
                          "admirability", "gg", "xp"]


def _vocabulary() -> list[str]:
    consts = vader_constants((vader_dir() / "vaderSentiment.py").read_text(encoding="utf-8"))
    emoji = [line.split("\t")[0] for line in (vader_dir() / "emoji_utf8_lexicon.txt").read_text(encoding="utf-8")
             .splitlines()[::40]]
    rules = ["but", "BUT", "no", "least", "at", "very", "never", "so", "this", "without", "doubt", "kind", "of",
             "or", "nor", "the", "bus", "stop", "to", "for", "beating", "bad", "badass", "n't", "isn't", "kinda"]
    words = (_lexicon_words() + list(consts["NEGATE"]) + [w for k in consts["BOOSTER_DICT"] for w in k.split()]
             + [w for k in consts["SPECIAL_CASES"] for w in k.split()] + rules + emoji)
    return sorted(set(words))


VOCABULARY = _vocabulary()
_CASES = {"same": str, "upper": str.upper, "title": str.title, "lower": str.lower}
_word = st.tuples(st.sampled_from(VOCABULARY) | st.text(max_size=5), st.sampled_from(sorted(_CASES)),
                  st.sampled_from([" ", " ", " ", "  ", ", ", "! ", "!!! ", "? ", "?? ", "\n", "", "'", ".\u00a0",
                                   " :) ", "\u3000"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_word, max_size=14), st.sampled_from(["", ".", "!", "!!", "???", "?!?!", " "]))
def test_generated_sentences_score_as_vader(analyzer, stock, words, end):
    """Lexicon words, negations, boosters, idioms, "but", "least", emoji and emoticons, in any case,
    with exclamation and question marks: each of VADER's rules."""
    text = "".join(_CASES[case](w) + sep for w, case, sep in words) + end
    assert analyzer.polarity_scores(text) == stock.polarity_scores(text), text


_HALVES = ["ftw", "hugz", "jj", "wp", "abandoned", "abhor", "accusation", "aches", "fav", "gg", "not", "very", "ok"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_HALVES), max_size=4), st.lists(st.sampled_from(_HALVES), max_size=4))
def test_but_rule_scores_as_vader(analyzer, stock, before, after):
    """'but' halves the scores before it and adds half to those after, finding each score by value
    (list.index): when a halved score equals a later one, vaderSentiment scales the earlier again."""
    text = " ".join(before + ["but"] + after)
    assert analyzer.polarity_scores(text) == stock.polarity_scores(text), text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_scores_as_vader(analyzer, stock, text):
    assert analyzer.polarity_scores(text) == stock.polarity_scores(text)


def test_scores_by_hand(analyzer):
    # "good" is 1.9 in VADER's lexicon: 1.9 / sqrt(1.9^2 + 15) = 0.44044 -> 0.4404, all positive
    assert analyzer.polarity_scores("good") == {"neg": 0.0, "neu": 0.0, "pos": 1.0, "compound": 0.4404}
    # "not good": 1.9 * -0.74 = -1.406 -> -1.406 / sqrt(1.976836 + 15) = -0.3412;
    # neg = 2.406 / (2.406 + 1 neutral) = 0.706
    assert analyzer.polarity_scores("not good") == {"neg": 0.706, "neu": 0.294, "pos": 0.0, "compound": -0.3412}
    # "good!!": 1.9 + 2 * 0.292 = 2.484 -> 2.484 / sqrt(6.170256 + 15) = 0.5399
    assert analyzer.compounds(["good!!", "", "   "]) == [0.5399, 0.0, 0.0]


def test_capitals_are_pythons_isupper():
    """str.isupper() of every character after an upper-case letter, and of each alone (CPython
    shortcuts a single character to its uppercase property)."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    words = [c for c in chars] + ["A" + c for c in chars] + ["", "123", "ÉTÉ", "A\u01c5", "ǅ"]
    assert _core._isupper(words) == [w.isupper() for w in words]


def test_data_comes_from_vaderSentiment(analyzer):
    from vaderSentiment import vaderSentiment as vs

    consts = vader_constants((vader_dir() / "vaderSentiment.py").read_text(encoding="utf-8"))
    assert consts["NEGATE"] == vs.NEGATE and consts["BOOSTER_DICT"] == vs.BOOSTER_DICT
    assert consts["SPECIAL_CASES"] == vs.SPECIAL_CASES and (consts["C_INCR"], consts["N_SCALAR"]) == (0.733, -0.74)
    assert len(analyzer.engine_) == len(vs.SentimentIntensityAnalyzer().lexicon)


def test_default_scoring_does_not_import_vaderSentiment():
    code = ("import sys, framing\n"
            "r = framing.score('The plan is good. Critics call it a disaster.')\n"
            "assert r.sentences[0].sentiment > 0 > r.sentences[1].sentiment, r.sentences\n"
            "print('vaderSentiment.vaderSentiment' in sys.modules)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "False"


def test_bad_data_and_input_are_clear_errors(tmp_path, analyzer):
    with pytest.raises(SentimentError, match="cannot read vaderSentiment's data"):
        SentimentAnalyzer(tmp_path)
    (tmp_path / "vader_lexicon.txt").write_text("good\t1.9\nbad -2.5\n", encoding="utf-8")
    (tmp_path / "emoji_utf8_lexicon.txt").write_text("\U0001F600\tgrinning face\n", encoding="utf-8")
    (tmp_path / "vaderSentiment.py").write_text((vader_dir() / "vaderSentiment.py").read_text(encoding="utf-8"),
                                                encoding="utf-8")
    with pytest.raises(SentimentError, match=r"vader_lexicon.txt:2: expected 'word<TAB>valence'"):
        SentimentAnalyzer(tmp_path)
    (tmp_path / "vaderSentiment.py").write_text("NEGATE = ['not']\nBOOSTER_DICT = {'very': B_INCR}\n",
                                                encoding="utf-8")
    with pytest.raises(SentimentError, match=r"vaderSentiment.py:2: BOOSTER_DICT is not a literal"):
        SentimentAnalyzer(tmp_path)
    with pytest.raises(TypeError, match="not bytes"):
        analyzer.polarity_scores(b"good")


def test_lone_surrogates_score_like_any_other_character(analyzer, stock):
    text = "A good \ud800 day \udfff!"
    assert analyzer.polarity_scores(text) == stock.polarity_scores(text)


def test_overlong_sentence_is_scored_in_word_windows(stock):
    import framing
    from framing.scoring.segment import WORD_RE

    # one word a window: "Good" 0.4404 and "bad" -0.5423 (VADER's own), averaged by words:
    # -0.05095 (as a float just below) -> -0.0509
    one = framing.Scorer(config={"sentiment": {"max_sentence_words": 1}}, classifiers=False)
    assert [s.sentiment for s in one.score("Good bad.").sentences] == [-0.0509]
    text = "It was good, very good and fine but the rest was a bad, sad mess by any measure at all!"
    four = framing.Scorer(config={"sentiment": {"max_sentence_words": 4}}, classifiers=False)
    words = [m.span() for m in WORD_RE.finditer(text)]
    windows = [words[i:i + 4] for i in range(0, len(words), 4)]
    expected = sum(stock.polarity_scores(text[w[0][0]:w[-1][1]])["compound"] * len(w) for w in windows) / len(words)
    assert len(windows) == 5 and [s.sentiment for s in four.score(text).sentences] == [round(expected, 4)]
    # within the window: the whole sentence at once, as VADER scores it
    whole = framing.Scorer(classifiers=False)
    assert [s.sentiment for s in whole.score(text).sentences] == [stock.polarity_scores(text)["compound"]]


def test_long_text_with_but_scores_as_vader_without_quadratic_time(analyzer, stock):
    """3,000 words of few distinct scores around a 'but': every score is found by value many
    times over (vaderSentiment's list.index, n^2; the engine's table, n log n)."""
    words = ["good", "bad", "ftw", "jj", "very", "not", "plain", "abhor", "accusation"]
    text = " ".join(words[(i * 7) % len(words)] for i in range(1500)) + " but " + \
        " ".join(words[(i * 5) % len(words)] for i in range(1500))
    assert analyzer.polarity_scores(text) == stock.polarity_scores(text)


@pytest.fixture(scope="module")
def windowed():
    import framing

    return {n: framing.Scorer(config={"sentiment": {"max_sentence_words": n}}, classifiers=False, readability=False)
            for n in (1, 2, 3, 5, 8)}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["good", "bad", "not", "very", "a", "plan", "I", "x", "GREAT", "sad",
                                 # one- and two-letter lexicon words: many words in few characters
                                 "ok", "no", "l", "fu", "po", "dx", "gj", "ha"]),
                min_size=1, max_size=24),
       st.sampled_from([" ", "  ", ", ", "-", " ... "]), st.sampled_from([1, 2, 3, 5, 8]))
def test_word_windows_of_any_sentence(windowed, stock, words, sep, limit):
    """Each sentence: whole when it has at most `limit` words, else windows of `limit` words
    averaged by words (the short-sentence shortcut must never skip a sentence that needs windows)."""
    from framing.scoring.segment import WORD_RE

    text = sep.join(words) + "."
    for s in windowed[limit].score(text).sentences:
        spans = [m.span() for m in WORD_RE.finditer(text, s.start, s.end)]
        if len(spans) <= limit:
            expected = stock.polarity_scores(text[s.start:s.end])["compound"]
        else:
            windows = [spans[i:i + limit] for i in range(0, len(spans), limit)]
            expected = sum(stock.polarity_scores(text[w[0][0]:w[-1][1]])["compound"] * len(w)
                           for w in windows) / len(spans)
        assert s.sentiment == round(expected, 4), (text, limit)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["good", "bad", "not", "very", "a", "plan", "GREAT", "sad", "ok", "no", "!"]),
                min_size=1, max_size=30), st.sampled_from([1, 2, 3, 7, 120]))
def test_compounds_rounded_natively_are_pythons_round_of_each(analyzer, words, limit):
    """digits=4 gives round(compound, 4) of each sentence, window averages (not yet rounded) included."""
    text = " ".join(words) + ". " + " ".join(reversed(words)) + "?"
    spans = [(0, len(words)), (0, text.index(". ") + 1), (text.index(". ") + 2, len(text)), (0, len(text))]
    exact = analyzer.sentence_compounds(text, spans, limit)
    assert analyzer.sentence_compounds(text, spans, limit, digits=4) == [round(c, 4) for c in exact]


def test_compounds_rounded_by_hand(analyzer, stock):
    # "good" is 0.4404 alone; "good bad" in windows of one word: (0.4404 - 0.5423) / 2 = -0.05095,
    # which is -0.050949999... in binary: -0.0509 (Python's round, not round-half-up's -0.051)
    assert stock.polarity_scores("good")["compound"] == 0.4404 and stock.polarity_scores("bad")["compound"] == -0.5423
    assert analyzer.sentence_compounds("good bad", [(0, 8)], 1, digits=4) == [round((0.4404 - 0.5423) / 2, 4)]
    assert analyzer.sentence_compounds("good bad", [(0, 8)], 1, digits=4) == [-0.0509]
    with pytest.raises(ValueError, match="digits"):
        analyzer.sentence_compounds("good", [(0, 4)], 1, digits=-1)


def test_sentence_compounds_take_spans_of_one_text_and_refuse_bad_ones_in_one_line(analyzer, stock):
    text = "Good day. What a terrible, sad mess!"
    assert analyzer.sentence_compounds(text, [(0, 9), (10, 36), (3, 3)], 120) == [
        stock.polarity_scores("Good day.")["compound"], stock.polarity_scores("What a terrible, sad mess!")["compound"],
        stock.polarity_scores("")["compound"]]
    for spans, limit, message in (([(0, 99)], 120, "outside a text of 36 characters"), ([(5, 2)], 120, "outside"),
                                  ([(-1, 2)], 120, "offsets >= 0"), ([(0, 9)], 0, "whole number >= 1")):
        with pytest.raises(ValueError, match=message):
            analyzer.sentence_compounds(text, spans, limit)
