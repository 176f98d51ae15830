"""Shared fixtures: one loaded pipeline and one build of the sample for the whole session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SAMPLE = SEEDS / "000_d29a187d3718a628.txt"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
DATA = Path(__file__).resolve().parent / "data"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the test skips cleanly when it is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is only beside CI and development clones)")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from kg.pipeline import Pipeline

    return Pipeline.load()


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """kg build of seeds/ into a temporary folder (validated, with HTML)."""
    from kg.pipeline import BuildOptions, build

    out = tmp_path_factory.mktemp("sample-out")
    result = build(BuildOptions(inputs=[str(SEEDS)], out=out))
    return result, out


@pytest.fixture(scope="session")
def sample_graph(sample_build):
    from rdflib import Graph

    _, out = sample_build
    graph = Graph()
    graph.parse(out / "graph.ttl", format="turtle")
    return graph


def run_kg(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run the real command line in a subprocess."""
    import subprocess
    import sys

    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=300)


def have(command: str) -> bool:
    return shutil.which(command) is not None


@pytest.fixture(scope="session", autouse=True)
def _private_build_cache(tmp_path_factory):
    """Builds in tests use a cache of their own, never the user's ~/.cache/kg."""
    folder = tmp_path_factory.mktemp("kg-cache")
    old = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("KG_CACHE_DIR", None)
    else:
        os.environ["KG_CACHE_DIR"] = old


# Store fixtures (sample_store_dir, sample_store): see tests/store_fixtures.py.
from .store_fixtures import sample_store, sample_store_dir  # noqa: E402,F401
