"""kg query is read-only, offline and bounded: updates and SERVICE refused, positions in the
user's text, a timeout that really stops a runaway query, a row cap."""
from __future__ import annotations

import time

import pytest

from kg.errors import QueryError
from kg.query import check_query, query_keywords, run_bounded, run_query

from .conftest import kg_cli

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("sparql, code, words", [
    ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", "E305", "updates are refused"),
    ("DELETE WHERE { ?s ?p ?o }", "E305", "found DELETE"),
    ("LOAD <http://example.org/data.ttl>", "E305", "found LOAD"),
    ("PREFIX ex: <http://x/>\nCLEAR GRAPH ex:g", "E305", "found CLEAR"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "E306",
     "SERVICE (federated query to <http://127.0.0.1:9/sparql>) is refused"),
    ("SELECT * WHERE { service silent <http://127.0.0.1:9/s> { ?s ?p ?o } }", "E306", "--allow-service"),
    ("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }", "E306", "refused"),
])
def test_query_safety_refuses_updates_and_service(sparql, code, words):
    with pytest.raises(QueryError) as info:
        check_query(sparql)
    assert info.value.code == code and words in str(info.value)


@pytest.mark.parametrize("sparql", [
    'SELECT ?s WHERE { ?s rdfs:label "INSERT DATA SERVICE" }',      # words inside strings
    "SELECT ?s WHERE { ?s <http://x/LOAD> ?o }",                      # inside an IRI
    "SELECT ?service ?insert WHERE { ?service ?insert ?o } # DELETE",  # variables, comments
    "PREFIX add: <http://x/>\nSELECT ?s WHERE { ?s add:copy ?o }",     # prefixed names
])
def test_query_safety_does_not_refuse_plain_queries(sparql):
    check_query(sparql)
    assert "SELECT" in query_keywords(sparql)


def test_query_safety_allow_service_lets_it_through():
    check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }", allow_service=True)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_safety_error_positions_are_in_the_users_text(sample_build, engine):
    _, out = sample_build
    with pytest.raises(QueryError) as info:
        run_query(out / "graph.nt", "SELECT ?x\nWHERE {\n  ?x ?y ?z .\n  FILTER(\n}", engine)
    import re

    message = str(info.value)
    line = int(re.search(r"line (\d+)", message).group(1))
    assert line in (4, 5), message                          # the FILTER of the user's text, not line 19
    bad = "SELECT ?x WHERE { ?x ?y }"
    with pytest.raises(QueryError) as info:
        run_query(out / "graph.nt", bad, engine)
    column = int(re.search(r"column (\d+)", str(info.value)).group(1))
    assert column == _engine_column(bad, engine), str(info.value)   # line 1, where the prefixes sit


def _engine_column(sparql: str, engine: str) -> int:
    """The column the engine itself reports for ``sparql`` given alone (no prefixes added)."""
    import re

    if engine == "oxigraph":
        import pyoxigraph as ox

        try:
            ox.Store().query(sparql)
        except SyntaxError as exc:
            return int(re.search(r"at \d+:(\d+)", str(exc)).group(1))
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(sparql)
    except ParseException as exc:
        return exc.col
    raise AssertionError("the query parsed")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_safety_from_never_fetches(sample_build, engine):
    """FROM <url> names a graph; it never makes kg download it (port 9 would refuse)."""
    _, out = sample_build
    result = run_query(out / "graph.nt", "SELECT (COUNT(*) AS ?n) FROM <http://127.0.0.1:9/g.ttl> "
                                          "WHERE { ?s ?p ?o }", engine)
    assert len(result.rows) == 1


def test_query_safety_runaway_query_ends_at_the_timeout(sample_build):
    _, out = sample_build
    start = time.monotonic()
    with pytest.raises(QueryError) as info:
        run_bounded(out / "graph.nt", CARTESIAN, timeout=2)
    elapsed = time.monotonic() - start
    assert info.value.code == "E307" and "2s timeout" in str(info.value)
    assert elapsed < 15, elapsed


def test_query_safety_row_cap(sample_build):
    _, out = sample_build
    with pytest.raises(QueryError) as info:
        run_bounded(out / "graph.nt", "SELECT * WHERE { ?s ?p ?o }", max_rows=10)
    assert info.value.code == "E308"
    rows = run_bounded(out / "graph.nt", "SELECT * WHERE { ?s ?p ?o } LIMIT 10", max_rows=10).rows
    assert len(rows) == 10


def test_query_safety_cli_options(sample_build):
    _, out = sample_build
    run = kg_cli("query", out / "graph.nt", CARTESIAN, "--timeout", "1")
    assert run.exit_code == 1 and run.stderr.startswith("kg: error: [E307] query ran past its 1s timeout")
    run = kg_cli("query", out / "graph.nt", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "5")
    assert run.exit_code == 1 and "[E308]" in run.stderr
    run = kg_cli("query", out / "graph.nt", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "--format", "csv")
    assert run.exit_code == 0 and len(run.stdout.splitlines()) == 4


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_safety_remote_jsonld_context_is_never_fetched(tmp_path, engine):
    graph = tmp_path / "remote.jsonld"
    graph.write_text('{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://x/a", "name": "x"}',
                     encoding="utf-8")
    with pytest.raises(QueryError) as info:
        run_query(graph, "SELECT * WHERE { ?s ?p ?o }", engine)
    assert info.value.code == "E302" and "remote JSON-LD context http://127.0.0.1:9/ctx.jsonld refused" \
        in str(info.value)
