"""Cross-tool suite: rdflib, pyoxigraph, pyld, rapper (raptor2-utils), serdi and N3.js read the
same canonical triple set from every format kg writes (ttl, nt, nq, trig, jsonld), for the sample
and for a graph of hostile labels.  Canonical = pyoxigraph's N-Triples form of each triple, compared
as sets; a missing tool skips with the reason (.ci/run installs them all)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from .conftest import ROOT
from .hostile import hostile_graphs
from .store_fixtures import render

FORMATS = {"turtle": "graph.ttl", "nt": "graph.nt", "nq": "graph.nq", "trig": "graph.trig", "jsonld": "graph.jsonld"}
N3JS = ROOT / ".ci" / "node" / "node_modules" / "n3"


def _canonical_text(text: str) -> set:
    import pyoxigraph as ox

    return {str(q.triple) for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}


def read_pyoxigraph(path, fmt):
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
    return {str(item.triple if isinstance(item, ox.Quad) else item)
            for item in ox.parse(path=str(path), format=formats[fmt])}


def read_rdflib(path, fmt):
    import pyoxigraph as ox
    from rdflib import BNode, Dataset, Literal

    def term(value):
        if isinstance(value, Literal):
            if value.language:
                return ox.Literal(str(value), language=value.language)
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)) if value.datatype else None)
        return ox.BlankNode(str(value)) if isinstance(value, BNode) else ox.NamedNode(str(value))

    dataset = Dataset()
    dataset.parse(str(path), format={"turtle": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                                     "jsonld": "json-ld"}[fmt])
    return {str(ox.Triple(term(s), term(p), term(o))) for s, p, o, _ in dataset.quads((None, None, None, None))}


def read_pyld(path, fmt):
    from pyld import jsonld

    def no_fetch(url, options=None):
        raise AssertionError(f"pyld tried to fetch {url}")

    document = json.loads(path.read_text(encoding="utf-8"))
    return _canonical_text(jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_fetch}))


def _run(command) -> str:
    env = dict(os.environ, NODE_PATH=str(N3JS.parent))
    run = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def read_rapper(path, fmt):
    syntax = {"turtle": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}[fmt]
    return _canonical_text(_run(["rapper", "-q", "-i", syntax, "-o", "nquads", str(path)]))


def read_serdi(path, fmt):
    syntax = {"turtle": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}[fmt]
    return _canonical_text(_run(["serdi", "-i", syntax, "-o", "nquads", str(path)]))


def read_n3js(path, fmt):
    syntax = {"turtle": "Turtle", "nt": "N-Triples", "nq": "N-Quads", "trig": "TriG"}[fmt]
    return _canonical_text(_run(["node", str(ROOT / "tests" / "tools" / "n3_canon.js"), str(path), syntax]))


def _available(tool: str):
    if tool in ("rapper", "serdi") and shutil.which(tool) is None:
        return f"{tool} is not installed (apt-get install {'raptor2-utils' if tool == 'rapper' else 'serdi'}; .ci/run does)"
    if tool == "n3js" and (shutil.which("node") is None or not N3JS.is_dir()):
        return "N3.js is not installed (.ci/run installs it from npm into .ci/node/)"
    return None


READERS = {"pyoxigraph": (read_pyoxigraph, set(FORMATS)), "rdflib": (read_rdflib, set(FORMATS)),
           "pyld": (read_pyld, {"jsonld"}), "rapper": (read_rapper, {"turtle", "nt", "nq", "trig"}),
           "serdi": (read_serdi, {"turtle", "nt", "nq", "trig"}), "n3js": (read_n3js, {"turtle", "nt", "nq", "trig"})}
CASES = [(tool, fmt) for tool, (_, formats) in READERS.items() for fmt in FORMATS if fmt in formats]


@pytest.fixture(scope="module")
def sources(sample_store_dir, tmp_path_factory):
    """source name -> (folder with graph.* files, expected canonical triples from graph.nt)."""
    hostile = tmp_path_factory.mktemp("hostile-formats")
    graphs = hostile_graphs()
    for fmt, name in FORMATS.items():
        (hostile / name).write_text(render(graphs, fmt), encoding="utf-8")
    return {folder: (path, read_pyoxigraph(path / "graph.nt", "nt"))
            for folder, path in (("sample", sample_store_dir), ("hostile", hostile))}


@pytest.mark.parametrize("source", ["sample", "hostile"])
@pytest.mark.parametrize("tool, fmt", CASES, ids=[f"{t}-{f}" for t, f in CASES])
def test_crosstool_reads_identical_triples(sources, source, tool, fmt):
    reason = _available(tool)
    if reason:
        pytest.skip(reason)
    folder, expected = sources[source]
    assert len(expected) > 100
    got = READERS[tool][0](folder / FORMATS[fmt], fmt)
    assert got == expected, (f"{tool} on {fmt}: {len(got - expected)} extra, {len(expected - got)} missing; "
                             f"e.g. {sorted(got ^ expected)[:2]}")
