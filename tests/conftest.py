"""Shared fixtures: one loaded pipeline and one build of the sample for the whole session.

Loading the built-in rules, lexicons, gazetteer and jieba dictionary costs ~6 CPU-s, so
``Pipeline.load()`` with the built-in rules only is loaded once per session and reused (a
Pipeline is made to be reused for many documents: that is what ``kg build`` does with a
folder).  A load with extra rule files is shared only by loads of the same rule text.  Command-line tests run in-process
through click's CliRunner (``kg_cli``); a few smoke tests keep real subprocesses (``run_kg``).
"""
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


@pytest.fixture(scope="session", autouse=True)
def _builtin_pipeline_loaded_once():
    from kg.pipeline import Pipeline

    original = Pipeline.__dict__["load"]
    loaded: dict = {}

    def load(cls, extra_rules=(), segmenter="rjieba", cache_dir=None):
        import hashlib

        extra = [Path(p) for p in extra_rules]
        try:
            # same paths as given (they appear in messages) and same bytes: the same Pipeline
            key = (segmenter,) + tuple((str(p), hashlib.sha1(p.read_bytes()).hexdigest()) for p in extra)
        except OSError:
            return original.__func__(cls, extra_rules, segmenter, cache_dir)   # let load report it
        if key not in loaded:
            loaded[key] = original.__func__(cls, extra_rules, segmenter, cache_dir)
        return loaded[key]

    Pipeline.load = classmethod(load)
    yield
    Pipeline.load = original


@pytest.fixture(scope="session")
def pipeline():
    from kg.pipeline import Pipeline

    return Pipeline.load()


def kg_cli(*args: str):
    """Run the command line in-process (same code path and one-line errors as the console
    script): a click Result with exit_code, stdout and stderr."""
    from click.testing import CliRunner

    from kg.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args])


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


# Tests that load a user's rule file share one xdist worker (--dist loadgroup), so each file
# is compiled once per run (the memo above), not once per worker: a compile costs seconds.
USER_RULES_GROUP = pytest.mark.xdist_group("user-rules")


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


GOOD_RULES = """\
rules:
  - id: my.lexicon
    kind: lexicon
    type: Organization
    entries:
      - {name: 星火创新研究会, aliases: [星火会]}
    examples:
      - text: 星火会发布了年度报告。
        entities: [星火创新研究会/Organization]
  - id: my.wrong-relation
    description: >
      A deliberately wrong relation for --strict tests: a policy organizedBy its issuer.  It fits
      the ontology's rdfs:domain (kg:Entity) and range, so resolution keeps it, but the SHACL
      shape allows only an Event or a Campaign as the subject.
    kind: relation
    pattern: '{org:Organization}印发{doc:Policy}'
    produce: {subject: doc, predicate: organizedBy, object: org}
    examples: [{text: x}]
"""
BAD_RULES = """\
rules:
  - id: my.river
    kind: lexicon
    type: Place
    entries: [湘江]
    examples:
      - text: 湘江穿城而过。
        entities: [湘江/Organization]
"""


@pytest.fixture(scope="session")
def user_rules(tmp_path_factory):
    """A user's rule file whose examples pass and one whose example fails, at fixed paths so
    that the API and CLI tests share one load of each."""
    folder = tmp_path_factory.mktemp("user-rules")
    (folder / "good-rules.yaml").write_text(GOOD_RULES, encoding="utf-8")
    (folder / "bad-rules.yaml").write_text(BAD_RULES, encoding="utf-8")
    return {"good": folder / "good-rules.yaml", "bad": folder / "bad-rules.yaml"}


HOSTILE_TITLES = [
    "<script>document.body.dataset.pwned=1</script>",
    "<img src=x onerror=document.body.dataset.pwned=2>",
    '<a href="javascript:document.body.dataset.pwned=3">链接</a>',
    "<img src=x onerror=window.__xss=1>",
    "</script><script>window.__xss=2</script>",
    '</script>"}]}<script>window.__xss=4</script>',
]


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """kg build of one document whose policy titles are HTML/JS payloads (shared by the view tests)."""
    from kg.pipeline import BuildOptions, build

    folder = tmp_path_factory.mktemp("hostile")
    text = "标题\n" + "".join(f"湖南省委印发《{p}》。" for p in HOSTILE_TITLES) + "\n"
    (folder / "hostile.txt").write_text(text, encoding="utf-8")
    out = folder / "out"
    result = build(BuildOptions(inputs=[folder / "hostile.txt"], out=out))
    return result, out
# Store fixtures (sample_store_dir, sample_store): see tests/store_fixtures.py.
from .store_fixtures import sample_store, sample_store_dir  # noqa: E402,F401
