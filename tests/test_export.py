"""Export stage: three RDF formats that agree, parse elsewhere, and never change for the same input."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rdflib import Graph

from .conftest import SEEDS, have


def test_export_formats_agree(sample_build):
    _, out = sample_build
    graphs = {fmt: Graph().parse(out / name, format=fmt)
              for fmt, name in (("turtle", "graph.ttl"), ("nt", "graph.nt"), ("json-ld", "graph.jsonld"))}
    counts = {fmt: len(g) for fmt, g in graphs.items()}
    assert len(set(counts.values())) == 1, counts
    assert counts["turtle"] > 1000


def test_export_turtle_has_readable_prefixes(sample_build):
    _, out = sample_build
    head = (out / "graph.ttl").read_text(encoding="utf-8")[:2000]
    for prefix in ("kg:", "kgr:", "rdfs:", "skos:", "nif:", "prov:", "dcterms:"):
        assert f"@prefix {prefix}" in head


@pytest.mark.skipif(not have("rapper"), reason="raptor2-utils (rapper) not installed; .ci/run installs it")
@pytest.mark.parametrize("syntax, name", [("turtle", "graph.ttl"), ("ntriples", "graph.nt")])
def test_export_parses_in_rapper_with_same_count(sample_build, sample_graph, syntax, name):
    _, out = sample_build
    run = subprocess.run(["rapper", "-i", syntax, "-c", str(out / name)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    count = int(run.stderr.strip().rsplit("returned", 1)[1].split()[0])
    assert count == len(sample_graph)


def test_export_loads_in_oxigraph(sample_build, sample_graph):
    import pyoxigraph as ox

    _, out = sample_build
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(sample_graph)
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.jsonld"), format=ox.RdfFormat.JSON_LD)
    assert len(store) == len(sample_graph)


def test_export_is_byte_identical_across_runs(sample_build, tmp_path):
    """Same input, another process with another hash seed and working directory: identical
    files (the session's in-process build of seeds/ is the first run)."""
    _, first = sample_build
    out = tmp_path / "out987"
    env = dict(os.environ, PYTHONHASHSEED="987" if os.environ.get("PYTHONHASHSEED") != "987" else "1")
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "--out", str(out),
                          "--no-validate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html"):
        assert (first / name).read_bytes() == (out / name).read_bytes(), name


def test_export_write_is_atomic(tmp_path, monkeypatch):
    """A failed write leaves the previous file in place and no temporary file behind."""
    from kg import export
    from kg.errors import OutputError

    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "replace", broken_replace)
    with pytest.raises(OutputError):
        export.write_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_export_unknown_format_is_an_error():
    from kg.errors import OutputError
    from kg.export import render

    with pytest.raises(OutputError) as info:
        render(Graph(), ["rdfxml-pretty"])
    assert info.value.code == "E402"
