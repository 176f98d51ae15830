"""kg query: SPARQL over a built graph, readable tables, machine formats, clear errors."""
from __future__ import annotations

import csv
import io
import json

import pytest

from kg.errors import QueryError
from kg.query import run_query

from .conftest import run_kg

PLACES_IN = """
SELECT ?place ?container WHERE {
  ?p kg:locatedIn ?c ; rdfs:label ?place . ?c rdfs:label ?container .
} ORDER BY ?place"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_engines_agree(sample_build, engine):
    _, out = sample_build
    result = run_query(out / "graph.ttl", PLACES_IN, engine)
    pairs = {(r["place"].value, r["container"].value) for r in result.rows}
    assert ("沙洲村", "汝城县") in pairs and ("郴州市", "湖南省") in pairs


def test_query_table_is_the_default(sample_build):
    _, out = sample_build
    run = run_kg("query", str(out / "graph.ttl"), PLACES_IN)
    assert run.returncode == 0, run.stderr
    assert "沙洲村" in run.stdout and "row(s)" in run.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_formats(sample_build, fmt):
    _, out = sample_build
    run = run_kg("query", str(out / "graph.ttl"), PLACES_IN, "--format", fmt)
    assert run.returncode == 0, run.stderr
    if fmt == "json":
        data = json.loads(run.stdout)
        assert data["head"]["vars"] == ["place", "container"]
        assert {"place": {"type": "literal", "value": "沙洲村", "xml:lang": "zh"},
                "container": {"type": "literal", "value": "汝城县", "xml:lang": "zh"}} in data["results"]["bindings"]
    else:
        rows = list(csv.reader(io.StringIO(run.stdout), delimiter="," if fmt == "csv" else "\t"))
        assert rows[0] == ["place", "container"] and ["沙洲村", "汝城县"] in rows


def test_query_from_file_and_ask(sample_build, tmp_path):
    _, out = sample_build
    query = tmp_path / "q.rq"
    query.write_text('ASK { ?x rdfs:label "沙洲村"@zh }', encoding="utf-8")
    run = run_kg("query", str(out / "graph.ttl"), "--file", str(query))
    assert run.returncode == 0 and run.stdout.strip() == "true"


@pytest.mark.parametrize("args, code", [
    (["SELEC ?x WHERE { ?x ?y ?z }"], "E301"),
    (["SELECT ?x WHERE { ?x ?y }"], "E301"),
    ([], "E304"),
])
def test_query_bad_sparql_is_one_line(sample_build, args, code):
    _, out = sample_build
    run = run_kg("query", str(out / "graph.ttl"), *args)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and code in lines[0] and "Traceback" not in run.stderr


def test_query_missing_graph(tmp_path):
    run = run_kg("query", str(tmp_path / "nope.ttl"), "SELECT * WHERE { ?s ?p ?o }")
    assert run.returncode == 1 and "[E302]" in run.stderr and "nope.ttl" in run.stderr


def test_query_unparsable_graph(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(QueryError) as info:
        run_query(bad, "SELECT * WHERE { ?s ?p ?o }")
    assert info.value.code == "E302"
