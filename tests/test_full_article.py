"""framing._core.FullArticle: the full profile's article pass and its extras (each kept sentence's
VADER compound, readability over the kept sentences, the classifiers' probabilities from the pass's
own rule hits, the sentiment and classifier summaries) in one native call (issue 17)."""
from __future__ import annotations

import threading

import pytest

import framing
from framing import _core
from framing.engine.native import boundary_text
from framing.engine.readability import Readability
from framing.engine.sentiment import SentimentAnalyzer
from framing.results import AUTHORIAL, VOICES
from framing.scoring.classify import ClassifierSet
from framing.scoring.segment import WORD_RE

TEXTS = [
    "The reckless plan failed. Officials said the bridge may have been damaged.\n\n"
    "\"This is a disgraceful sham,\" said Mayor Ann Lee. Critics say it could mark a turning point.\n\n"
    "***\n\nThe council approved the budget on Tuesday, sources familiar with the talks said.",
    "Good. \"Bad,\" he said. 😀\n\nTerrible, awful news! Some say it may fail.",
    "a",
    "Lone surrogate \ud800 here. The shocking decision was clearly wrong.",
]


@pytest.fixture(scope="module")
def scorer():
    s = framing.Scorer()
    s._prepare()
    return s


def reference(scorer, text: str):
    """The extras as Scorer computed them in Python before this call (main at c8ccde1), with the
    authorial sentences' sentiment of their own words (2026-12-07): (sentiment, readability,
    classifiers, each kept sentence's compound, its probabilities)."""
    res = scorer.article_.score(boundary_text(text))
    _, sentences, _, _, voice = res.segmentation()
    voices = res.sentence_voices()
    kept = [(k, s, e, text[s:e], VOICES[voices[k]]) for k, (s, e, _, _) in enumerate(sentences)
            if voices[k] is not None]
    # an authorial sentence's sentiment reads the author's words: its quotations and reported
    # speech blanked, character by character (whitespace kept)
    attributions = res.attribution_data(text)[0]
    reported = _core.reported_regions([(a["type"], bool(a["name"]), (a["content"]["start"], a["content"]["end"])
                                        if a["content"] else None) for a in attributions])
    chars = list(text)
    for _, s, e, _, v in kept:
        for i in range(s, e):
            if v == AUTHORIAL and not chars[i].isspace() and (
                    voice.quoted_at(i) or any(a <= i < b for a, b in reported)):
                chars[i] = " "
    compounds = scorer.vader_.sentence_compounds("".join(chars), [(s, e) for _, s, e, _, _ in kept], 120, digits=4)
    auth = [c for c, k in zip(compounds, kept) if k[4] == AUTHORIAL]
    sentiment = {"mean": round(sum(auth) / len(auth), 4) if auth else 0.0,
                 "mean_abs": round(sum(abs(x) for x in auth) / len(auth), 4) if auth else 0.0,
                 "sentences": len(auth), "enabled": True}
    read = scorer.readability_.scores("\n".join(k[3] for k in kept))
    scored = [k for k in kept if WORD_RE.search(k[3])]
    row = {k[0]: i for i, k in enumerate(scored)}
    rules = scorer.matcher_.rules
    hits = [(row[k], rules[i].id if i >= 0 else "attribution.unnamed-source", VOICES[v])
            for _, _, i, k, _, v, _, _ in res.matches() if k in row]
    cs = scorer.classifier_set_
    probs = cs.article_probabilities([k[3] for k in scored], [voice.quoted_chars(k[1], k[2]) for k in scored], hits,
                                     cs.rule_features(rules), digits=4)
    classifiers = {}
    for m, p in zip(scorer.classifiers_, probs):
        a = [x for x, k in zip(p, scored) if k[4] == AUTHORIAL]
        classifiers[m.name] = {"threshold": m.threshold, "mean": round(sum(a) / len(a), 4) if a else 0.0,
                               "share_above": round(len([x for x in a if x >= m.threshold]) / len(a), 4) if a else 0.0}
    per = [{m.name: probs[j][row[k[0]]] for j, m in enumerate(scorer.classifiers_)} if k[0] in row else {}
           for k in kept]
    return sentiment, read, classifiers, compounds, per


def examples() -> list[str]:
    from framing.packs import data_dir

    return TEXTS + [p.read_text(encoding="utf-8") for p in sorted(data_dir("examples").glob("*.txt"))]


def test_one_call_gives_what_the_python_glue_computed(scorer):
    for text in examples():
        res, *extras = scorer.full_.score(boundary_text(text), [], None, True)
        want = reference(scorer, text)
        assert tuple(extras) == want
        assert res.summary() == scorer.article_.score(boundary_text(text)).summary()
        # a corpus row's call: the same summaries, no per-sentence lists
        assert tuple(scorer.full_.score(boundary_text(text))[1:]) == (*want[:3], None, None)


def test_a_sentence_without_a_word_is_left_unscored_and_out_of_the_summary(scorer):
    text = "***\n\nThe reckless plan failed."
    _, _, _, classifiers, compounds, probs = scorer.full_.score(text, per_sentence=True)
    assert len(compounds) == len(probs) == 2
    assert probs[0] == {} and set(probs[1]) == {m.name for m in scorer.classifiers_}
    for m in scorer.classifiers_:  # the one scored sentence is the mean
        assert classifiers[m.name]["mean"] == probs[1][m.name]


def test_extras_of_a_result_count_the_hits_given_or_the_results_own(scorer):
    text = TEXTS[0]
    plain = boundary_text(text)
    res, *extras = scorer.full_.score(plain, per_sentence=True)
    assert list(scorer.full_.extras_of(res, plain, per_sentence=True)) == extras
    assert res.matches()  # the text has hits, and they count
    none = scorer.full_.extras_of(res, plain, [], per_sentence=True)
    assert none[4] != extras[4] and none[0] == extras[0] and none[1] == extras[1]
    # the result's own hits given explicitly (the finder's unnamed sources name no model rule)
    own = [(k, i, v) for _, _, i, k, _, v, _, _ in res.matches() if i >= 0]
    assert list(scorer.full_.extras_of(res, plain, own, per_sentence=True)) == extras


def test_the_scorer_makes_no_python_call_per_sentence(scorer, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("a per-sentence step in Python")

    monkeypatch.setattr(SentimentAnalyzer, "sentence_compounds", boom)
    monkeypatch.setattr(Readability, "scores", boom)
    monkeypatch.setattr(ClassifierSet, "article_probabilities", boom)
    text = TEXTS[0]
    assert scorer.summary(text).classifiers and scorer.row(text)["sentiment.mean"] is not None


def test_without_extras_the_sentiment_counts_the_authorial_sentences_and_nothing_else():
    s = framing.Scorer(sentiment=False, readability=False, classifiers=False)
    s._prepare()
    text = TEXTS[0]
    _, sentiment, read, classifiers, compounds, probs = s.full_.score(text, per_sentence=True)
    voices = [v for v in s.article_.score(text).sentence_voices() if v is not None]
    assert sentiment == {"mean": 0.0, "mean_abs": 0.0, "sentences": voices.count(0), "enabled": False}
    assert read == {} and classifiers == {}
    assert compounds == [0.0] * len(voices) and probs == [{}] * len(voices)
    # a corpus row of such a scorer adds nothing, as before
    assert s.summary(text).sentiment == {"mean": 0.0, "mean_abs": 0.0, "sentences": 0, "enabled": False}


def test_sentiment_alone_or_readability_alone():
    text = TEXTS[1]
    only_sentiment = framing.Scorer(readability=False, classifiers=False).score(text)
    only_readability = framing.Scorer(sentiment=False, classifiers=False).score(text)
    full = framing.Scorer().score(text)
    assert only_sentiment.sentiment == full.sentiment and only_sentiment.readability == {}
    assert only_readability.readability == full.readability and not only_readability.sentiment["enabled"]
    assert [s.sentiment for s in only_sentiment.sentences] == [s.sentiment for s in full.sentences]
    assert all(s.sentiment == 0.0 for s in only_readability.sentences)


def test_bad_arguments_are_one_line_errors(scorer):
    cs = scorer.classifier_set_
    n = len(scorer.matcher_.rules)
    models = cs.article_models(scorer.matcher_.rules)
    args = [scorer.article_, scorer.vader_.engine_, 120, None, models, 4, False]
    assert _core.FullArticle(*args)
    for k, bad in [(2, 0), (4, (models[0], models[1][:1], models[2], models[3], n)),
                   (4, (models[0], models[1], models[2], [(n, 0, [0])], n)),
                   (4, (models[0], models[1], models[2], [(0, 3, [0])], n))]:
        with pytest.raises((ValueError, OverflowError)):
            _core.FullArticle(*args[:k], bad, *args[k + 1:])
    res = scorer.article_.score(TEXTS[0])
    with pytest.raises(ValueError, match="outside a text"):
        scorer.full_.extras_of(res, "too short")


def test_threads_scoring_at_once_give_what_one_gives(scorer):
    texts = examples()
    want = [scorer.score_data(t) for t in texts]
    got: dict[int, list] = {}

    def work(i):
        got[i] = [scorer.score_data(t) for t in texts for _ in range(3)][::3]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got[0] == want and got[1] == want
