"""Story grouping on real coverage: BASIL's development triplets (Fox, NYT, HuffPost on one event)
as one corpus without their story labels (the issue's target: adjusted Rand index >= 0.95)."""
import json

from sklearn.metrics import adjusted_rand_score

from conftest import shared_data
from framing.comparison.outlets import StoryGrouper


def test_basil_events_are_found_without_labels():
    texts, dates, truth = [], [], []
    with open(shared_data("basil_dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            trip = json.loads(line)
            for a in trip["articles"]:
                texts.append(a["text"])
                dates.append(a["date"])
                truth.append(trip["triplet_uuid"])
    labels = StoryGrouper().fit_predict(texts, dates)
    assert adjusted_rand_score(truth, labels) >= 0.95
