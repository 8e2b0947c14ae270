"""ArticleResult.attribution_data: the JSON contract's attributions, named_sources and named_spans
built by the engine in one call (json12), against the Python builder it replaced in Scorer
(attribution_rows below over ArticleResult.attributions(), merge_names, the named spans'
comprehension), on written sentences and on real news. The Python builder left the package when
both agreed on every text of ../shared/data; AttributionFinder.find uses the engine's builder too."""
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.results import Attribution, Span
from framing.scoring.attribution import merge_names
from conftest import shared_data

SCORER = framing.Scorer(profile="rules")


def attribution_rows(text: str, rows) -> list[dict]:
    """The engine's rows as plain(Attribution) dicts, as scoring/attribution.py built them before
    json12: the oracle of the engine's builder."""
    def span(r) -> dict | None:
        return {"start": r[0], "end": r[1], "text": text[r[0]:r[1]]} if r else None

    out: list[dict] = []
    for source, cue, content, typ, name_span, title, role, sentence, ante, name in rows:
        c, body = span(cue), span(content)
        if source is None:
            out.append({"source": None, "cue": c, "content": body, "type": typ, "name": "", "role": "",
                        "sentence": sentence, "name_span": None, "pronoun": False})
            continue
        src = span(source)
        if ante is not None:
            a = out[ante]
            out.append({"source": src, "cue": c, "content": body, "type": a["type"], "name": name,
                        "role": a["role"], "sentence": sentence, "name_span": None, "pronoun": True})
            continue
        appositive = text[role[0]:role[1]] if role else ""
        titled = " ".join(text[s:e] for s, e in title)
        out.append({"source": src, "cue": c, "content": body, "type": typ, "name": name,
                    "role": ", ".join(x for x in (titled, appositive) if x), "sentence": sentence,
                    "name_span": span(name_span), "pronoun": False})
    return out


def by_python(text: str, res) -> tuple[list, list, list]:
    """What Scorer._assembled built before json12, in Python."""
    rows = attribution_rows(text, res.attributions())
    named = [a for a in rows if a["type"] in ("named", "document") and a["name_span"] is not None
             and not a["pronoun"]]
    merged = merge_names([a["name"] for a in named])
    spans = [{**a["name_span"], "sentence": a["sentence"], "cue_start": a["cue"]["start"],
              "cue_end": a["cue"]["end"], "name": merged[a["name"]], "role": a["role"]} for a in named]
    return rows, sorted(set(merged.values())), spans


def check(text: str) -> tuple[list, list, list]:
    """The engine's data equals the Python builder's, key order included (the JSON's field order)."""
    res, _ = SCORER._native(text)
    got = res.attribution_data(text)
    want = by_python(text, res)
    assert json.dumps(got, ensure_ascii=True) == json.dumps(want, ensure_ascii=True)
    return got


WRITTEN = [
    # titles of several tokens and an appositive; a pronoun tied to a named source; a surname merged
    # into the full name; an impersonal cue (no source); an anonymous and a vague source
    'Senior Sen. Dr. Ann Lee, the chair of the panel, told reporters the plan was sound. She said it '
    'would pass. "It is done," said Rep. John Smith. Lee said so. It is believed that it works. People '
    'familiar with the matter said it would pass. Critics say it will fail.',
    # a document source, "according to" and a title alone
    'According to a report by the Congressional Budget Office, costs would rise. Gov. Price said the '
    'state would pay, according to Price. Josh Schwerin, a spokesman for the campaign, said the ad ran.',
    # an ambiguous surname stays apart
    'Tom Price said no. Ann Price said yes. Price said maybe.',
    "Nothing here is attributed.",
    "",
]


@pytest.mark.parametrize("text", WRITTEN)
def test_attribution_data_equals_the_python_builder_on_written_text(text):
    check(text)


def test_written_text_covers_each_shape():
    """The written texts hold every branch the engine's builder has (so the equality above tests
    them): no source, a pronoun, a title of several tokens with an appositive, a title alone, an
    appositive alone, a merged surname."""
    rows, sources, spans = check(WRITTEN[0])
    assert [a["type"] for a in rows if a["source"] is None] == ["vague"]
    pronoun = next(a for a in rows if a["pronoun"])
    assert (pronoun["source"]["text"], pronoun["type"], pronoun["role"]) == \
        ("She", "named", "Senior Sen., the chair of the panel")  # two title tokens
    assert "Dr. Ann Lee" in sources and "Lee" not in sources
    assert [s["name"] for s in spans if s["text"] == "Lee"] == ["Dr. Ann Lee"]
    assert list(rows[0]) == list(Attribution.__dataclass_fields__)
    assert list(rows[0]["cue"]) == list(Span.__dataclass_fields__)
    assert list(spans[0]) == ["start", "end", "text", "sentence", "cue_start", "cue_end", "name", "role"]
    _, _, spans = check(WRITTEN[1])
    assert [s["role"] for s in spans if s["text"] == "Price"][0] == "Gov."
    assert [s["role"] for s in spans if s["text"] == "Josh Schwerin"] == ["a spokesman for the campaign"]
    _, sources, _ = check(WRITTEN[2])
    assert sources == ["Ann Price", "Price", "Tom Price"]


def test_a_lone_surrogate_stays_in_the_span_texts():
    """The spans' texts are slices of the text as given, not of the engine's copy (U+FFFD for a
    lone surrogate), as text[start:end] was."""
    text = 'Rep. John Smith, a Democrat at the \udc00 Agency, said the plan \ud83d was sound.'
    rows, _, spans = check(text)
    assert spans[0]["role"] == rows[0]["role"] == "Rep., a Democrat at the \udc00 Agency"
    assert rows[0]["content"]["text"] == "the plan \ud83d was sound"


def test_score_data_and_score_use_the_same_attribution_data():
    text = WRITTEN[0]
    data, obj = SCORER.score_data(text), SCORER.score(text)
    assert data == obj.to_dict()
    assert data["attribution"]["named_spans"] == obj.attribution["named_spans"]
    assert tuple(map(Attribution.from_dict, data["attributions"])) == obj.attributions


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Rep. Ann Lee", "Lee", "she", "officials", "a report", "said", "told",
                                 "according to", ",", ".", '"', "the", "plan", "Dr.", "John", "\ud800",
                                 "é", "\n\n", "it is believed"]), max_size=40))
def test_attribution_data_equals_the_python_builder_on_generated_text(words):
    check(" ".join(words))


def test_attribution_data_equals_the_python_builder_on_real_news():
    path = shared_data("polnear_dev.jsonl")
    texts = [json.loads(line).get("text") for line in path.read_text(encoding="utf-8").splitlines()]
    named = 0
    for text in texts:
        if isinstance(text, str):
            named += len(check(text)[2])
    assert named > 500  # real news has named sources by the hundred


def test_a_quotation_in_an_excluded_paragraph_is_left_out_and_the_others_stay():
    """_assembled skips the excluded-paragraph look-up when nothing is excluded: both ways give
    every quotation outside publisher furniture."""
    furniture = 'Also Read: "The plan will never work for us," critics warn\n\n'
    body = ('The mayor spoke on Monday about the budget for the coming year.\n\n{}"We will fix the roads '
            'this year," the mayor said at the meeting.\n\nThe council meets again next week.')
    with_line, without = SCORER.score_data(body.format(furniture)), SCORER.score_data(body.format(""))
    assert [x["rule"] for x in with_line["excluded"]] == ["furniture.related-links"] and not without["excluded"]
    assert [q["text"] for q in with_line["quotes"]] == [q["text"] for q in without["quotes"]] == \
        ['"We will fix the roads this year,"']
    assert SCORER.score(body.format(furniture)).to_dict() == with_line


def test_the_finder_alone_gives_the_scorers_attributions():
    """AttributionFinder.find (the finder without the rest of the scorer) builds its objects from
    the engine's dicts too: on a text without publisher furniture, the scorer's attributions."""
    from framing.scoring.attribution import AttributionFinder
    from framing.scoring.scorer import load_abbreviations
    from framing.scoring.segment import segment

    text = WRITTEN[0] + ' A lone \udc00 here, said Ann Lee.'
    found = AttributionFinder().find(segment(text, load_abbreviations()))
    assert found and tuple(found) == SCORER.score(text).attributions
    assert found[-1].source.text == "Ann Lee" and text[found[-1].source.start:found[-1].source.end] == "Ann Lee"
