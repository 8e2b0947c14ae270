"""Story grouping on Dask (framing.comparison.dask.DaskStoryGrouper) finds exactly the stories of the
single-machine StoryGrouper: the same stages, run on partitions."""
import datetime as dt
import random

import pytest

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")

from framing.comparison.dask import LOCAL_CLUSTER, DaskStoryGrouper  # noqa: E402
from framing.comparison.outlets import StoryGrouper  # noqa: E402


def _word(rng, syllables):
    return "".join(rng.choice("b d f g k l m n p r s t v z".split()) + rng.choice("a e i o u".split())
                   for _ in range(syllables))


def corpus(n_events=70, seed=5):
    """Invented news: each event 3-5 reports over two days with its own names and terms in common
    words; a few reports mention a second event (chains the average-linkage split must cut); some
    dates missing or unreadable; repeated texts (exact ties between candidates)."""
    rng = random.Random(seed)
    common = [_word(rng, rng.randint(2, 3)) for _ in range(800)]
    events = [([f"{_word(rng, 2).title()} {_word(rng, 2).title()}" for _ in range(3)],
               [_word(rng, 3) for _ in range(10)], dt.date(2024, 1, 1).toordinal() + rng.randrange(60))
              for _ in range(n_events)]
    texts, dates = [], []
    for e, (names, terms, day) in enumerate(events):
        for _ in range(rng.randint(3, 5)):
            words = rng.choices(common, k=90) + rng.choices(terms, k=25) + rng.choices(names, k=8)
            if rng.random() < 0.1:  # a report that also covers another event
                other = events[rng.randrange(n_events)]
                words += rng.choices(other[1], k=20) + rng.choices(other[0], k=5)
            rng.shuffle(words)
            texts.append(" ".join(" ".join(words[i:i + 12]).capitalize() + "." for i in range(0, len(words), 12)))
            r = rng.random()
            dates.append(None if r < 0.05 else "soon" if r < 0.08 else
                         dt.date.fromordinal(day + rng.randint(0, 1)).isoformat())
    texts += texts[:6]  # the same text twice: equal cosines, ties broken the same way everywhere
    dates += dates[:6]
    return texts, dates


@pytest.fixture(scope="module")
def articles():
    return corpus()


@pytest.fixture(scope="module")
def single(articles):
    texts, dates = articles
    return StoryGrouper().fit_predict(texts, dates), StoryGrouper(neighbours=3).fit_predict(texts, None)


def test_the_corpus_exercises_every_stage(articles, single, monkeypatch):
    texts, dates = articles
    labels, _ = single
    assert len(texts) > 250 and 60 < len(set(labels.tolist())) < len(texts)
    split = []
    real = StoryGrouper.to_split
    monkeypatch.setattr(StoryGrouper, "to_split", lambda self, *a: split.append(real(self, *a)) or split[-1])
    StoryGrouper().fit_predict(texts, dates)
    assert split[0], "no linked group needed the average-linkage split"


@pytest.mark.parametrize("size", [1, 37, 100, 1000])
def test_any_partitioning_gives_the_single_machine_stories(articles, single, size):
    texts, dates = articles
    labels, no_dates = single
    got = DaskStoryGrouper(partition_size=size, scheduler="synchronous").fit_predict(texts, dates)
    assert got.tolist() == labels.tolist()
    got = DaskStoryGrouper(partition_size=size, scheduler="synchronous", neighbours=3).fit_predict(texts, None)
    assert got.tolist() == no_dates.tolist()


def test_on_a_local_cluster_of_processes_from_a_bag(articles, single):
    texts, dates = articles
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, **LOCAL_CLUSTER)
    client = distributed.Client(cluster)
    try:
        bag = db.from_sequence([{"id": str(i), "text": t, "published": d} for i, (t, d) in
                                enumerate(zip(texts, dates))], npartitions=6)
        got = DaskStoryGrouper(scheduler=client).fit_predict_bag(bag, date_field="published")
        assert got.tolist() == single[0].tolist()
        assert len(client.scheduler_info()["workers"]) == 2
    finally:
        client.close()
        cluster.close()


@pytest.mark.parametrize("texts,dates", [([], None), (["One lone report."], ["2024-01-01"]),
                                         (["", "   "], None), (["Alpha beta gamma.", "Alpha beta gamma."], None)])
def test_small_and_empty_corpora_as_on_one_machine(texts, dates):
    want = StoryGrouper().fit_predict(texts, dates).tolist()
    assert DaskStoryGrouper(partition_size=1, scheduler="synchronous").fit_predict(texts, dates).tolist() == want


def test_parameters_travel_and_bad_ones_are_clear():
    g = DaskStoryGrouper(threshold=0.3, window_days=5, partition_size=10, scheduler="threads")
    assert type(g.local()) is StoryGrouper and g.local().threshold == 0.3 and g.local().window_days == 5
    with pytest.raises(Exception, match="grouping threshold"):
        DaskStoryGrouper(threshold=2, scheduler="synchronous").fit_predict(["a b", "c d"])
    with pytest.raises(ValueError, match="partition_size must be 1 or more; got 0"):
        DaskStoryGrouper(partition_size=0).fit_predict(["a b", "c d"])
