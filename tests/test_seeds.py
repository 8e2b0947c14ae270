"""The seed story (../shared/seeds): the must-holds of the scorer issue, on the real articles."""


def _spans(result, category=None, voice=None):
    return [m for m in result.matches if (category is None or m.category == category)
            and (voice is None or m.voice == voice)]


def test_editorial_source_has_no_named_sources_or_quotes(seed_scores):
    at = seed_scores["002"].attribution
    assert at["named"] == 0
    assert at["direct_quotes"] == 0


def test_wire_reports_have_several_named_sources_and_quotes(seed_scores):
    for key in ("000", "001"):
        at = seed_scores[key].attribution
        assert at["named"] >= 3, (key, at["named_sources"])
        assert at["direct_quotes"] >= 3, key


def test_loaded_words_in_moolenaar_quotes_are_quoted_voice(seeds, seed_scores):
    r = seed_scores["000"]
    text = seeds["000"].read_text(encoding="utf-8")
    for phrase in ("routinely cheats", "weaponized"):
        start = text.index(phrase)
        hits = [m for m in r.matches if m.start <= start < m.end]
        assert hits, phrase
        assert all(m.voice == "quoted" for m in hits), phrase
        assert not [m for m in _spans(r, voice="authorial") if m.start <= start < m.end]


def test_publisher_furniture_is_excluded(seed_scores):
    excluded = [x.text for x in seed_scores["000"].excluded]
    assert any(x.startswith("Also Read:") for x in excluded)
    assert any(x.startswith("Watch LIVE TV") for x in excluded)
    # Excluded lines do not feed any sentence.
    for s in seed_scores["000"].sentences:
        assert not s.text.startswith(("Also Read:", "Watch LIVE TV"))


def test_vague_and_anonymous_sourcing_in_editorial_is_authorial_speculation(seed_scores):
    texts = {m.text.lower(): m for m in _spans(seed_scores["002"], "speculation", "authorial")}
    assert "insiders say" in texts
    assert "reports suggest" in texts
    r = seed_scores["002"]
    assert r.attribution["anonymous"] + r.attribution["vague"] >= 3


def test_editorial_scores_above_wires(seed_scores):
    e = seed_scores["002"]
    for key in ("000", "001"):
        assert e.index > seed_scores[key].index
    rate = lambda r: r.categories["loaded_language"]["authorial"]["per_1000_words"]  # noqa: E731
    assert rate(e) >= 2 * (rate(seed_scores["000"]) + rate(seed_scores["001"])) / 2


def test_offsets_exact_on_seeds(seeds, seed_scores):
    for key, r in seed_scores.items():
        text = seeds[key].read_text(encoding="utf-8")
        for m in r.matches:
            assert text[m.start:m.end] == m.text
