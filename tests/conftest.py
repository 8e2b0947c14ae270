from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds():
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if len(files) < 3:
        pytest.skip(f"seed articles not found at {SEEDS} (they live in ../shared/seeds beside the checkout)")
    return {f.name[:3]: f for f in files}


@pytest.fixture(scope="session")
def seed_scores(seeds):
    import framing

    return {k: framing.score(p.read_text(encoding="utf-8"), source=str(p)) for k, p in seeds.items()}
