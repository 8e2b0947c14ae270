"""Strict pack validation: every problem names the file, the rule and the reason, all at once."""
import re
from pathlib import Path

import pytest

import framing
from framing.scoring.checks import check_examples
from framing.packs import PackError, compile_tokens, load_pack, load_packs

PACKS = Path(__file__).resolve().parent / "packs"


def problems_of(name):
    with pytest.raises(PackError) as exc:
        load_pack(PACKS / name)
    assert str(exc.value) == "\n".join(exc.value.problems)
    return exc.value.problems


@pytest.mark.parametrize("fixture,rule,reason", [
    ("bad_unknown_key.toml", "typo", r"unknown key 'mesage'"),
    ("bad_wrong_type.toml", "heavy", r"'weight' has the wrong type; got str 'high'"),
    ("bad_regex.toml", "broken-pattern", r"bad regex: missing \)"),
    ("bad_missing_lexicon.toml", "ghost-words", r"lexicon 'no_such_lexicon_anywhere' not found"),
    ("bad_duplicate_ids.toml", "twice", r"duplicate rule id 'twice'"),
    ("bad_kind_needs_key.toml", "no-tokens", r"kind 'tokens' needs key 'tokens'"),
    ("bad_scope.toml", "wrong-scope", r"scope must be one of authorial, quoted, any; got 'everywhere'"),
    ("bad_missing_examples.toml", "no-examples", r"missing required key 'examples'"),
    ("bad_flag_brackets.toml", "unmarked", r"flag example must mark the expected span with \[brackets\]"),
    ("bad_lexicon_header.toml", "unlicensed", r"bad_header_lexicon\.txt: header line '# licence: \.\.\.' is missing"),
    ("bad_redos.toml", "nested-repeat", r"can backtrack catastrophically \(ReDoS\)"),
    ("bad_message_placeholder.toml", "typo-placeholder",
     r"message has unknown placeholder \{mtach\}; only \{match\} is filled in"),
])
def test_one_problem_names_file_rule_and_reason(fixture, rule, reason):
    problems = problems_of(fixture)
    assert len(problems) == 1, problems
    line = problems[0]
    assert str(PACKS / fixture) in line
    assert f"'{rule}'" in line
    assert re.search(reason, line), line


def test_toml_syntax_error_has_line_and_column():
    problems = problems_of("bad_toml_syntax.toml")
    assert len(problems) == 1
    assert "bad_toml_syntax.toml" in problems[0]
    assert "TOML syntax error" in problems[0]
    assert re.search(r"line \d+, column \d+", problems[0]), problems[0]


def test_all_problems_of_a_pack_reported_at_once():
    problems = problems_of("bad_three_problems.toml")
    assert len(problems) == 3, problems
    assert all("bad_three_problems.toml" in p for p in problems)
    assert ["first-bad" in problems[0], "second-bad" in problems[1], "third-bad" in problems[2]] == [True] * 3
    assert "bad regex" in problems[0]
    assert "scope must be one of" in problems[1]
    assert "[brackets]" in problems[2]
    assert not any("'fine'" in p for p in problems)


def test_all_problems_of_one_rule_reported_at_once(tmp_path):
    p = tmp_path / "two_in_one.toml"
    p.write_text('''
[pack]
id = "two-in-one"
version = "0.0.1"
description = "One rule, three problems."

[[rules]]
id = "messy"
category = "certainty"
kind = "regex"
pattern = "(open"
scope = "somewhere"
colour = "red"
message = "m"
why = "w"
examples.flag = ["[x]"]
examples.pass = ["y"]
''', encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(p)
    text = str(exc.value)
    assert len(exc.value.problems) == 3, exc.value.problems
    assert "unknown key 'colour'" in text and "scope must be one of" in text and "bad regex" in text
    assert all("'messy'" in line for line in exc.value.problems)


def test_a_missing_required_key_does_not_hide_the_rules_other_problems(tmp_path):
    """A misspelt required key ('mesage') stopped the rule's check: its unknown category and bad regex
    came only after that was fixed, one round of fixes at a time (a new user's review). An empty
    phrase list loaded, and only the rule's example failing said anything."""
    p = tmp_path / "two.toml"
    p.write_text('''[pack]
id = "two"
version = "1"
description = "d"

[[rules]]
id = "r1"
category = "loaded_langauge"
kind = "regex"
pattern = "(foo"
mesage = "m"
why = "w"
examples.flag = ["a [foo] b"]
examples.pass = ["a b"]

[[rules]]
id = "r2"
category = "hedging"
kind = "phrase"
phrases = []
message = "m"
why = "w"
examples.flag = ["a [maybe] b"]
examples.pass = ["a b"]
''', encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(p)
    first, second = [line for line in exc.value.problems if "'r1'" in line], \
        [line for line in exc.value.problems if "'r2'" in line]
    assert [line.split("'r1': ", 1)[1].split(" (", 1)[0].split(":", 1)[0] for line in first] == [
        "unknown key 'mesage'", "missing required key 'message'", "unknown category 'loaded_langauge'", "bad regex"]
    assert "unknown key 'mesage' (did you mean 'message'?)" in first[0]
    assert second == [f"{p}:16: rules[1] 'r2': 'phrases' is empty (give at least one phrase)"]


def test_problems_in_several_packs_reported_together():
    with pytest.raises(PackError) as exc:
        load_packs([PACKS / "bad_scope.toml", PACKS / "good_minimal.toml", PACKS / "bad_regex.toml"],
                   include_defaults=False)
    problems = exc.value.problems
    assert len(problems) == 2
    assert "bad_scope.toml" in problems[0] and "bad_regex.toml" in problems[1]


def test_duplicate_ids_across_packs():
    a, b = PACKS / "dup_across_a.toml", PACKS / "dup_across_b.toml"
    assert load_pack(a).rules[0].id == load_pack(b).rules[0].id == "shared-pack.same-rule"
    with pytest.raises(PackError) as exc:
        load_packs([a, b], include_defaults=False)
    text = str(exc.value)
    rule_lines = [p for p in exc.value.problems if "'shared-pack.same-rule'" in p]
    assert len(rule_lines) == 1
    assert "dup_across_b.toml" in rule_lines[0] and "dup_across_a.toml" in rule_lines[0]
    assert "duplicate" in rule_lines[0]
    assert "duplicate pack id 'shared-pack'" in text


def test_same_pack_file_twice_loads_once_but_a_copy_is_a_duplicate(tmp_path):
    packs = load_packs([PACKS / "good_minimal.toml", PACKS / "good_minimal.toml"], include_defaults=False)
    assert len(packs) == 1
    for name in ("good_minimal.toml", "fixture_hedges.txt"):  # the copy finds its lexicon beside it
        (tmp_path / name).write_bytes((PACKS / name).read_bytes())
    with pytest.raises(PackError, match="duplicate"):
        load_packs([PACKS / "good_minimal.toml", tmp_path / "good_minimal.toml"], include_defaults=False)


def test_extra_pack_repeating_a_given_pack_file_loads_once_but_a_copy_is_rejected(tmp_path):
    pack = load_pack(PACKS / "good_minimal.toml")
    scorer = framing.Scorer([pack], extra_packs=[str(PACKS / "good_minimal.toml")], sentiment=False, readability=False)
    scorer.score("Some text.")
    assert len(scorer.packs_) == 1
    for name in ("good_minimal.toml", "fixture_hedges.txt"):
        (tmp_path / name).write_bytes((PACKS / name).read_bytes())
    with pytest.raises(PackError, match="duplicate"):
        framing.Scorer([pack], extra_packs=[str(tmp_path / "good_minimal.toml")],
                       sentiment=False, readability=False).score("Some text.")


def test_missing_pack_file():
    with pytest.raises(PackError, match="pack file not found"):
        load_pack(PACKS / "does_not_exist.toml")


# --- more malformed input, written on the fly

def _write(tmp_path, rule_toml, name="p.toml"):
    p = tmp_path / name
    p.write_text('[pack]\nid = "tmp"\nversion = "0.0.1"\ndescription = "d"\n\n[[rules]]\n' + rule_toml,
                 encoding="utf-8")
    return p


_TAIL = 'message = "m"\nwhy = "w"\nexamples.flag = ["[x]"]\nexamples.pass = ["y"]\n'


def test_non_string_rule_id_is_a_problem_not_a_crash(tmp_path):
    p = _write(tmp_path, 'id = ["a", "b"]\ncategory = "opinion"\nkind = "phrase"\nphrases = ["x"]\n' + _TAIL)
    with pytest.raises(PackError, match="'id' has the wrong type"):
        load_pack(p)


def test_bool_weight_is_the_wrong_type(tmp_path):
    p = _write(tmp_path, 'id = "r"\ncategory = "opinion"\nkind = "phrase"\nphrases = ["x"]\nweight = true\n' + _TAIL)
    with pytest.raises(PackError, match="'weight' has the wrong type"):
        load_pack(p)


@pytest.mark.parametrize("weight", ["0", "-1", "5.5", "nan", "inf"])
def test_weight_out_of_range(tmp_path, weight):
    p = _write(tmp_path, f'id = "r"\ncategory = "opinion"\nkind = "phrase"\nphrases = ["x"]\nweight = {weight}\n' + _TAIL)
    with pytest.raises(PackError, match="weight must be in"):
        load_pack(p)


@pytest.mark.parametrize("tokens,reason", [
    ('[]', "non-empty list"),
    ('["{0,2}", "x"]', "cannot start or end with a gap"),
    ('["x", "{3,1}", "y"]', "gap"),
    ('["x", "{0,11}", "y"]', "gap"),
    ('["x||y", "z"]', "every alternative"),
    ('["*", "z"]', "every alternative"),
])
def test_bad_tokens(tmp_path, tokens, reason):
    p = _write(tmp_path, f'id = "r"\ncategory = "opinion"\nkind = "tokens"\ntokens = {tokens}\n' + _TAIL)
    with pytest.raises(PackError, match=re.escape(reason)):
        load_pack(p)


def test_key_of_another_kind(tmp_path):
    p = _write(tmp_path, 'id = "r"\ncategory = "opinion"\nkind = "phrase"\nphrases = ["x"]\npattern = "x"\n' + _TAIL)
    with pytest.raises(PackError, match="key 'pattern' does not belong to kind 'phrase'"):
        load_pack(p)


def test_unknown_kind_and_attribution(tmp_path):
    p = _write(tmp_path, 'id = "r"\ncategory = "opinion"\nkind = "fuzzy"\nattribution = "someone"\n' + _TAIL)
    with pytest.raises(PackError) as exc:
        load_pack(p)
    text = str(exc.value)
    assert "kind must be one of" in text and "attribution must be one of" in text


def test_unknown_top_level_and_pack_keys(tmp_path):
    p = tmp_path / "p.toml"
    p.write_text('[pack]\nid = "tmp"\nversion = "1"\ndescription = "d"\nauthor = "me"\n[extras]\nx = 1\n',
                 encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(p)
    assert len(exc.value.problems) == 2
    assert "unknown top-level key 'extras'" in str(exc.value)
    assert "[pack]: unknown key 'author'" in str(exc.value)


def test_lexicon_star_needs_a_prefix(tmp_path):
    (tmp_path / "starry.txt").write_text("# sources: test\n# licence: MIT\nfine\n*\nbad*term\n", encoding="utf-8")
    p = _write(tmp_path, 'id = "r"\ncategory = "opinion"\nkind = "lexicon"\nlexicon = "starry"\n' + _TAIL)
    with pytest.raises(PackError) as exc:
        load_pack(p)
    assert len(exc.value.problems) == 2
    assert all("starry.txt" in x and "'r'" in x for x in exc.value.problems)


# --- a good pack

def test_good_minimal_pack_loads():
    pack = load_pack(PACKS / "good_minimal.toml")
    assert pack.id == "fixture" and pack.version == "0.0.1"
    assert [r.id for r in pack.rules] == ["fixture.loaded", "fixture.hedge", "fixture.unnamed", "fixture.percent"]
    assert {r.kind for r in pack.rules} == {"phrase", "lexicon", "tokens", "regex"}
    hedge = pack.rules[1]
    assert hedge.lexicons == ("fixture_hedges",) and ("arguably", 1.0) in hedge.terms
    assert load_packs([PACKS / "good_minimal.toml"], include_defaults=False)[0] == pack


def test_good_minimal_pack_examples_pass():
    failures, total = check_examples([load_pack(PACKS / "good_minimal.toml")])
    assert failures == []
    assert total == 8


def test_tokens_rule_with_gap_matches_through_score():
    pack = load_pack(PACKS / "good_minimal.toml")
    text = ("The merger could be announced next week, people close to and familiar with the "
            "negotiations said. Sources familiar with the board's thinking agreed.")
    r = framing.score(text, packs=[pack], sentiment=False, readability=False)
    got = [m.text for m in r.matches if m.rule == "fixture.unnamed"]
    assert got == ["people close to and familiar with", "Sources familiar with"]
    for m in r.matches:
        assert text[m.start:m.end] == m.text
        assert m.attribution == "anonymous" and m.voice == "authorial"


def test_tokens_gap_is_bounded():
    pack = load_pack(PACKS / "good_minimal.toml")
    text = "Officials met on a cold and wet and windy Tuesday familiar with the town."
    r = framing.score(text, packs=[pack], sentiment=False, readability=False)
    assert not [m for m in r.matches if m.rule == "fixture.unnamed"]


def test_compile_tokens_punctuation_and_apostrophes():
    flags = re.IGNORECASE
    assert re.search(compile_tokens(["U.S.", "official*"]), "two U.S. officials said", flags).group() == "U.S. officials"
    assert re.search(compile_tokens(["don't", "know"]), "I don\u2019t know", flags).group() == "don\u2019t know"
    assert re.search(compile_tokens(["close to", "the"]), "close\nto the talks", flags).group() == "close\nto the"
    assert not re.search(compile_tokens(["familiar", "with"]), "unfamiliar with", flags)


def test_problems_point_at_the_rule_line():
    line = problems_of("bad_redos.toml")[0]
    assert f"{PACKS / 'bad_redos.toml'}:6: " in line  # file:line of the [[rules]] header, as editors expect


@pytest.mark.parametrize("pattern,risky", [
    (r"(a+)+$", True), (r"(\w+\s?)*x", True), (r"(?:a|b|ab)*c", True),
    (r"(?:[ \t]*[|,][ \t]*\w+)+$", False), (r"(?:(?:media|news)\s+)*reports", False),
    (r"\b(?:war|crusade)\s+on\b", False), (r"(?:\w+\s+){0,3}said", False), (r"(?:the|their)+", False),
])
def test_backtracking_risk(pattern, risky):
    from framing.packs import backtracking_risk

    assert bool(backtracking_risk(pattern)) is risky


def test_shipped_regexes_pass_the_backtracking_check():
    from framing.packs import backtracking_risk

    for pack in load_packs():
        for rule in pack.rules:
            if rule.pattern:
                assert backtracking_risk(rule.pattern) is None, rule.id


def test_absurd_pack_size_is_refused(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(big, max_bytes=1000)
    assert "limit 1,000" in str(exc.value) and "big.toml" in str(exc.value)


def test_deeply_nested_toml_is_a_pack_error_not_a_recursion_crash(tmp_path):
    p = tmp_path / "deep.toml"
    p.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(PackError, match="nested too deeply") as exc:
        load_pack(p)
    assert "deep.toml" in str(exc.value)
    from framing.packs import read_project_config

    with pytest.raises(PackError, match="nested too deeply"):  # a project file goes through the same reader
        read_project_config(p)


@pytest.mark.parametrize("name", ["\u2014" * 400, "a\x00b"])
def test_unopenable_lexicon_name_is_reported_as_not_found(tmp_path, name):
    import json  # a JSON string is a valid TOML basic string: \u escapes carry the odd characters

    p = _write(tmp_path, f'id = "r"\ncategory = "opinion"\nkind = "lexicon"\nlexicon = {json.dumps(name)}\n' + _TAIL)
    with pytest.raises(PackError, match="lexicon .* not found"):
        load_pack(p)


def test_empty_lexicon_list_is_a_problem(tmp_path):
    p = _write(tmp_path, 'id = "r"\ncategory = "opinion"\nkind = "lexicon"\nlexicon = []\n' + _TAIL)
    with pytest.raises(PackError, match="names no lexicon"):
        load_pack(p)


def test_misspelt_category_is_an_error_with_the_nearest_name(tmp_path):
    p = _write(tmp_path, 'id = "r"\ncategory = "loaded_langauge"\nkind = "phrase"\nphrases = ["x"]\n' + _TAIL)
    with pytest.raises(PackError) as exc:
        load_pack(p)
    assert exc.value.problems == [
        f"{p}:6: rules[0] 'r': unknown category 'loaded_langauge' (did you mean 'loaded_language'?); a new "
        "category is declared in the pack: [pack] categories = ['loaded_langauge']"]


def test_a_pack_declares_its_new_categories(tmp_path):
    p = tmp_path / "p.toml"
    p.write_text('[pack]\nid = "tmp"\nversion = "1"\ndescription = "d"\ncategories = ["spin"]\n\n[[rules]]\n'
                 'id = "r"\ncategory = "spin"\nkind = "phrase"\nphrases = ["x"]\n' + _TAIL, encoding="utf-8")
    assert [r.category for r in load_pack(p).rules] == ["spin"]
    p.write_text('[pack]\nid = "tmp"\nversion = "1"\ndescription = "d"\ncategories = "spin"\ncategory = 1\n',
                 encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(p)
    assert exc.value.problems == [
        f"{p}: [pack]: unknown key 'category' (allowed: id, version, description, categories) (did you mean "
        "'categories'?)",
        f"{p}: [pack]: 'categories' must be a list of names matching [a-z][a-z0-9_-]*; got 'spin'"]


def test_shipped_packs_use_only_the_known_categories():
    from framing.packs import CATEGORIES, load_packs

    assert {r.category for p in load_packs() for r in p.rules} == set(CATEGORIES)


def test_an_unknown_disabled_name_in_python_names_the_parameter_and_the_nearest_names():
    """Scorer(disabled=["hedgin"]) said "--disable: ..." (a command-line flag) and no suggestion,
    which only the command line added (a new user's review)."""
    import framing

    with pytest.raises(PackError) as exc:
        framing.Scorer(disabled=["hedgin"], profile="rules").score("The plan may fail.")
    assert exc.value.problems == ["disabled: no rule, pack or category named 'hedgin' (did you mean 'hedging'?)"]
    with pytest.raises(PackError) as exc:
        framing.Scorer(disabled=["hedgin", "opinon", "zzzz"], profile="rules").score("The plan may fail.")
    assert exc.value.problems == ["disabled: no rule, pack or category named 'hedgin', 'opinon', 'zzzz'; "
                                  "'hedgin': did you mean 'hedging'?; 'opinon': did you mean 'opinion'?"]
