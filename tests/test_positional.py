"""results.positional: the field-order constructors Scorer.score and score_data build their
sentences, matches, excluded paragraphs and quotes with (and Attribution.from_dict its spans)."""
import dataclasses
import pickle

import pytest

from framing.results import (Attribution, Excluded, Match, Quote, Sentence, SentenceScore, Span, plain,
                             positional)

# one value per field, all different, so a field set from its neighbour's argument shows
CLASSES = (Sentence, Quote, Span, Attribution, Match, Excluded, SentenceScore)


def _values(cls) -> dict:
    return {f: f"{cls.__name__}.{f}" if k % 2 else k for k, f in enumerate(cls.__dataclass_fields__)}


@pytest.mark.parametrize("cls", CLASSES)
def test_positional_makes_what_the_keyword_constructor_makes(cls):
    values = _values(cls)
    made = positional(cls)(*values.values())
    assert type(made) is cls and made == cls(**values)
    assert dataclasses.asdict(made) == values  # each field holds its own argument
    assert positional(cls, as_plain=True)(*values.values()) == plain(cls(**values)) == values
    assert list(positional(cls, as_plain=True)(*values.values())) == list(cls.__dataclass_fields__)
    assert pickle.loads(pickle.dumps(made)) == made and hash(made) == hash(cls(**values))


@pytest.mark.parametrize("cls", CLASSES)
def test_positionally_made_results_stay_frozen_and_need_every_field(cls):
    made = positional(cls)(*_values(cls).values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, next(iter(cls.__dataclass_fields__)), 0)
    with pytest.raises(TypeError):  # no defaults: a missing value is an error, not a default
        positional(cls)(*list(_values(cls).values())[:-1])


def test_attribution_from_dict_makes_its_spans_and_keeps_none():
    data = {"source": {"start": 0, "end": 3, "text": "Lee"}, "cue": {"end": 8, "start": 4, "text": "said"},
            "content": None, "type": "named", "name": "Lee", "role": "", "sentence": 2}
    a = Attribution.from_dict(data)
    assert a.source == Span(start=0, end=3, text="Lee") and a.cue == Span(start=4, end=8, text="said")
    assert a.content is None and a.name_span is None and a.pronoun is False
    assert plain(a) == {**data, "cue": {"start": 4, "end": 8, "text": "said"}, "name_span": None, "pronoun": False}


def test_score_and_score_data_are_one_result():
    # both come from Scorer._assembled: the objects' plain form is the plain data, field for field
    import framing

    text = "Critics say the reckless deal may perhaps be a disgrace, officials said. \"We won,\" Ann Lee said."
    scorer = framing.Scorer(profile="rules")
    assert scorer.score(text, "a.txt").to_dict() == scorer.score_data(text, "a.txt")
    assert framing.ArticleScore.from_dict(scorer.score_data(text, "a.txt")) == scorer.score(text, "a.txt")
