"""The compiled-pack cache: validated packs and their patterns' engine forms, read back instead of
parsed, validated and translated again. It must never change a result and never be an error."""
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import framing
from framing import packs as packs_mod
from framing.engine.patterns import Translator
from framing.engine.patterns import phrase_words
from framing.packs import PackError, load_packs, pack_cache_dir

PACKS = Path(__file__).resolve().parent / "packs"
ROOT = Path(__file__).resolve().parent.parent


def entries(d: Path) -> list[Path]:
    return sorted(d.glob("packs-*.bin")) if d.is_dir() else []


def no_loading(monkeypatch):
    """Makes any parse-and-validate pass fail: what still loads came from the cache."""
    def boom(*a, **k):
        raise AssertionError("packs parsed and validated again")
    monkeypatch.setattr(packs_mod, "_load_all", boom)


def own_pack(tmp_path: Path, weight: str = "1.0", lexicon: str = "arguably\n") -> Path:
    d = tmp_path / "mine"
    d.mkdir(exist_ok=True)
    (d / "mine.toml").write_text((PACKS / "good_minimal.toml").read_text(encoding="utf-8")
                                 .replace("weight = 1.0", f"weight = {weight}", 1)
                                 .replace('lexicon = "fixture_hedges"', 'lexicon = "my_hedges"'), encoding="utf-8")
    (d / "my_hedges.txt").write_text("# sources: test\n# licence: MIT\n" + lexicon, encoding="utf-8")
    return d / "mine.toml"


def test_directory_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("FRAMING_NO_CACHE", raising=False)
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "x"))
    assert pack_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("FRAMING_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert pack_cache_dir() == tmp_path / "xdg" / "framing"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert pack_cache_dir() == tmp_path / "home" / ".cache" / "framing"
    monkeypatch.setenv("FRAMING_NO_CACHE", "0")
    assert pack_cache_dir() is not None
    monkeypatch.setenv("FRAMING_NO_CACHE", "1")
    assert pack_cache_dir() is None


def test_second_load_reads_the_cache_and_gives_the_same_packs(cache, monkeypatch):
    fresh = load_packs(cache=False)
    assert entries(cache) == []
    first = load_packs()
    assert len(entries(cache)) == 1
    no_loading(monkeypatch)
    again = load_packs()
    assert again == fresh == first
    assert [p.settings for p in again] == [p.settings for p in fresh]
    assert all(type(r.terms) is tuple and all(type(t) is tuple for t in r.terms) for p in again for r in p.rules)


def test_cached_translations_are_the_translators_own(cache):
    load_packs()
    tr = Translator()
    n = 0
    for p in load_packs():
        for r in p.rules:
            if r.pattern is not None:
                flags = 0 if r.case_sensitive else re.IGNORECASE
                assert p.translations[Translator.pattern_key(r.pattern, flags)] == tr.forms(r.pattern, flags)
                n += 1
            if r.exceptions:
                words = phrase_words(r.exceptions)
                assert p.translations[Translator.phrases_key(words)] == tr.phrase_forms(words)
    assert n > 40  # the shipped packs' regex and token rules


def test_scores_are_the_same_with_and_without_the_cache(cache, monkeypatch):
    text = (ROOT / "framing" / "examples" / "editorial.txt").read_text(encoding="utf-8") \
        if (ROOT / "framing" / "examples" / "editorial.txt").exists() else \
        (ROOT / "framing" / "examples" / "wire_a.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("FRAMING_NO_CACHE", "1")
    plain = framing.Scorer(profile="rules").score(text).to_dict()
    assert entries(cache) == []
    monkeypatch.delenv("FRAMING_NO_CACHE")
    framing.Scorer(profile="rules").score(text)  # writes
    assert len(entries(cache)) == 1
    assert framing.Scorer(profile="rules").score(text).to_dict() == plain


def test_cached_forms_hold_the_engines_literal_sets(cache):
    """The forms keep the engine's required literals of their relaxed form (an engine build then
    skips the analysis): what the engine works out itself, e.g. "should" for a case-expanded word."""
    load_packs()
    n = 0
    for p in load_packs():
        for key, forms in p.translations.items():
            if key[0] == "phrases":  # exception lists: searched around a candidate, no prefilter
                assert forms.literals is None
                continue
            if forms.relaxed is None:
                assert forms.literals is None
                continue
            assert forms.literals == tuple(map(tuple, framing._core.required_literals(forms.relaxed)))
            n += bool(forms.literals)
    assert n > 30
    assert framing._core.required_literals("[Ss][Hh][Oo][Uu][Ll][Dd]") == [[b"should"]]
    assert framing._core.required_literals("(?:I|me|my)") == []  # none rare enough


def test_another_engine_build_reads_its_own_cache_file(cache, monkeypatch):
    """Literal sets of another engine build would silently drop matches: the cache file is keyed
    on the engine's matching code, and a build with other code neither reads nor reuses it."""
    load_packs()
    (first,) = entries(cache)
    monkeypatch.setattr(framing._core, "MATCHING_BUILD", "another build")
    load_packs()  # a miss: written anew beside the first
    assert len(entries(cache)) == 2 and first in entries(cache)
    no_loading(monkeypatch)
    load_packs()  # its own file, read back
    assert len(entries(cache)) == 2


@pytest.mark.parametrize("damage", ["empty", "truncated", "flipped", "garbage", "directory"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(cache, damage):
    want = load_packs(cache=False)
    load_packs()
    (entry,) = entries(cache)
    raw = entry.read_bytes()
    if damage == "directory":
        entry.unlink()
        entry.mkdir()
        assert load_packs() == want  # cannot be read nor replaced: still no error
        return
    entry.write_bytes({"empty": b"", "truncated": raw[: len(raw) // 2],
                       "flipped": raw[:-100] + bytes([raw[-100] ^ 0xFF]) + raw[-99:],
                       "garbage": os.urandom(4096)}[damage])
    packs = load_packs()
    assert packs == want and all(p.translations for p in packs)
    assert entry.read_bytes() == raw  # rewritten whole


def test_turned_off_by_environment_or_argument(cache, monkeypatch):
    load_packs(cache=False)
    assert entries(cache) == []
    monkeypatch.setenv("FRAMING_NO_CACHE", "1")
    packs = load_packs()
    assert entries(cache) == []
    assert all(p.translations == {} for p in packs)


def test_an_unwritable_cache_directory_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("FRAMING_NO_CACHE", raising=False)
    assert load_packs() == load_packs(cache=False)


def test_an_edited_pack_is_read_again(cache, tmp_path, monkeypatch):
    path = own_pack(tmp_path, weight="1.0")
    assert load_packs([path], include_defaults=False)[0].rules[0].weight == 1.0
    path.write_text(path.read_text(encoding="utf-8").replace("weight = 1.0", "weight = 2.5", 1), encoding="utf-8")
    assert load_packs([path], include_defaults=False)[0].rules[0].weight == 2.5
    assert len(entries(cache)) == 2


def test_an_edited_lexicon_is_read_again(cache, tmp_path):
    path = own_pack(tmp_path, lexicon="arguably\n")
    hedge = lambda: next(r for r in load_packs([path], include_defaults=False)[0].rules if r.kind == "lexicon")
    assert [t for t, _ in hedge().terms] == ["arguably"]
    (path.parent / "my_hedges.txt").write_text("# sources: test\n# licence: MIT\nperhaps\n", encoding="utf-8")
    assert [t for t, _ in hedge().terms] == ["perhaps"]


def test_a_lexicon_found_elsewhere_now_is_read_again(cache, tmp_path):
    """The same lexicon name, now found earlier on the search path (beside the pack, before
    ../lexicons): the cached terms are stale although no file they came from changed."""
    d = tmp_path / "proj"
    (d / "packs").mkdir(parents=True)
    (d / "lexicons").mkdir()
    pack = d / "packs" / "mine.toml"
    pack.write_text((PACKS / "good_minimal.toml").read_text(encoding="utf-8")
                    .replace('lexicon = "fixture_hedges"', 'lexicon = "my_hedges"'), encoding="utf-8")
    (d / "lexicons" / "my_hedges.txt").write_text("# sources: t\n# licence: MIT\narguably\n", encoding="utf-8")
    hedge = lambda: next(r for r in load_packs([pack], include_defaults=False)[0].rules if r.kind == "lexicon")
    assert [t for t, _ in hedge().terms] == ["arguably"]
    (d / "packs" / "my_hedges.txt").write_text("# sources: t\n# licence: MIT\nseemingly\n", encoding="utf-8")
    assert [t for t, _ in hedge().terms] == ["seemingly"]


def test_a_bad_pack_is_reported_every_time_and_never_cached(cache):
    for _ in range(2):
        with pytest.raises(PackError, match="bad regex"):
            load_packs([PACKS / "bad_regex.toml"], include_defaults=False)
    assert entries(cache) == []


def test_a_user_pack_skips_its_full_checks_once_cached(cache, tmp_path, monkeypatch):
    path = own_pack(tmp_path)
    first = load_packs([path])
    no_loading(monkeypatch)
    assert load_packs([path]) == first
    with pytest.raises(AssertionError, match="parsed and validated again"):  # another set: not cached
        load_packs([path], include_defaults=False)


def test_concurrent_first_loads_agree(cache):
    want = load_packs(cache=False)
    got, errors = [], []

    def run():
        try:
            got.append(load_packs())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and all(g == want for g in got) and len(got) == 4
    assert len(entries(cache)) == 1 and not list(cache.glob(".packs-*"))


def test_concurrent_processes_share_one_file(cache):
    code = "from framing.packs import load_packs; print(sum(len(p.rules) for p in load_packs()))"
    env = {**os.environ, "FRAMING_CACHE_DIR": str(cache)}
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env, text=True)
             for _ in range(3)]
    outs = [p.communicate()[0].strip() for p in procs]
    want = str(sum(len(p.rules) for p in load_packs(cache=False)))
    assert outs == [want] * 3
    assert len(entries(cache)) == 1 and not list(cache.glob(".packs-*"))


def test_old_entries_are_pruned(cache, tmp_path):
    path = own_pack(tmp_path)
    for w in range(1, 6):
        path.write_text(re.sub(r"weight = [\d.]+", f"weight = {w}.0", path.read_text(encoding="utf-8"), count=1),
                        encoding="utf-8")
        packs_mod.load_packs([path], include_defaults=False)
    assert len(entries(cache)) == 5
    entry = packs_mod._cache_entry(cache, [(path, True)])
    packs_mod._write_cached(entry, packs_mod.load_packs([path], include_defaults=False, cache=False), {}, keep=2)
    assert len(entries(cache)) == 2 and entry in entries(cache)
