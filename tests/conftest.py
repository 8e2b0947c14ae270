import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


def benchmark_script(name: str, module: str | None = None):
    """benchmarks/<name>.py imported as a module (the benchmarks are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(module or name, ROOT / "benchmarks" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def missing(what: str) -> None:
    """A test that needs ../shared (or another outside resource) fails under CI when it is missing, so
    CI can never pass by skipping it; on a developer's machine it skips with the reason."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{what} (CI=true: tests that need it fail rather than skip)")
    pytest.skip(what)


def shared_data(name: str) -> Path:
    """Path of a development data file in ../shared/data; fails under CI, skips elsewhere, when absent."""
    path = SHARED_DATA / name
    if not path.is_file():
        missing(f"development data {path} not found (../shared/data beside the checkout)")
    return path


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache directory of framing's own (the compiled-pack cache, the model blob) for one test."""
    d = tmp_path / "cache"
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(d))
    monkeypatch.delenv("FRAMING_NO_CACHE", raising=False)
    return d


@pytest.fixture(scope="session")
def seeds():
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if len(files) < 3:
        missing(f"seed articles not found at {SEEDS} (they live in ../shared/seeds beside the checkout)")
    return {f.name[:3]: f for f in files}


@pytest.fixture(scope="session")
def seed_scores(seeds):
    import framing

    return {k: framing.score(p.read_text(encoding="utf-8"), source=str(p)) for k, p in seeds.items()}


@pytest.fixture(autouse=True, scope="session")
def _pack_cache_dir(tmp_path_factory):
    """The compiled-pack cache of the test run lives in a temporary directory (the CLI's
    subprocesses inherit it), not in the user's ~/.cache."""
    old = os.environ.get("FRAMING_CACHE_DIR")
    os.environ["FRAMING_CACHE_DIR"] = str(tmp_path_factory.mktemp("framing-cache"))
    yield
    if old is None:
        os.environ.pop("FRAMING_CACHE_DIR", None)
    else:
        os.environ["FRAMING_CACHE_DIR"] = old
