"""kg query over stores: store folders and files, CONSTRUCT/DESCRIBE as RDF, --output,
the file hint, and the rdflib gYear warning."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli

CONSTRUCT = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Place ; rdfs:label ?l }"


def invoke(*args):
    return CliRunner().invoke(cli, ["query", *args])


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_store_construct_as_rdf(fmt, engine, sample_store_dir):
    import pyoxigraph as ox

    run = invoke(str(sample_store_dir / "store"), CONSTRUCT, "--format", fmt, "--engine", engine)
    assert run.exit_code == 0, run.output
    parsed = {str(t) for t in ox.parse(run.stdout.encode("utf-8"), format={
        "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}[fmt])}
    assert '<https://w3id.org/kg-cn/id/place-431026> <http://www.w3.org/2000/01/rdf-schema#label> "汝城县"@zh' \
        in parsed and len(parsed) == 9
    if fmt == "jsonld":
        assert {"@id": "kgr:place-431026", "label": {"zh": "汝城县"}} in json.loads(run.stdout)["@graph"]


def test_query_store_describe_defaults_to_turtle(sample_store_dir):
    run = invoke(str(sample_store_dir / "store"), "DESCRIBE kgr:place-431026")
    assert run.exit_code == 0 and "kgr:place-431026" in run.stdout and '"汝城县"@zh' in run.stdout


def test_query_store_graph_format_for_select_is_refused(sample_store_dir):
    run = invoke(str(sample_store_dir / "store"), "SELECT * { ?s ?p ?o } LIMIT 1", "--format", "nt")
    assert run.exit_code != 0 and "E314" in run.stderr


def test_query_store_output_is_atomic_and_keeps_old_file_on_error(sample_store_dir, tmp_path):
    out = tmp_path / "result.ttl"
    run = invoke(str(sample_store_dir / "store"), CONSTRUCT, "--output", str(out))
    assert run.exit_code == 0 and out.read_text(encoding="utf-8").startswith("@prefix")
    before = out.read_bytes()
    bad = invoke(str(sample_store_dir / "store"), "CONSTRUCT {", "--output", str(out))
    assert bad.exit_code != 0 and out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["result.ttl"]


def test_query_store_file_hint_once_and_not_for_a_store(sample_store_dir):
    on_file = invoke(str(sample_store_dir / "graph.nt"), "ASK { ?s ?p ?o }")
    assert on_file.exit_code == 0 and on_file.stderr.count("kg: note:") == 1 and "output/store/" in on_file.stderr
    on_store = invoke(str(sample_store_dir / "store"), "ASK { ?s ?p ?o }")
    assert on_store.exit_code == 0 and on_store.stderr == "" and on_store.stdout.strip() == "true"


def test_query_store_sees_ontology_and_document_graphs(sample_store_dir):
    run = invoke(str(sample_store_dir / "store"), "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { "
                 "?c rdfs:subClassOf* schema:Organization . ?x a ?c }", "--format", "csv")
    assert run.exit_code == 0 and int(run.stdout.splitlines()[1]) > 0


def test_query_store_rdflib_warns_about_gyear(sample_store_dir):
    sparql = 'SELECT ?p WHERE { ?p kg:issued ?y FILTER(?y >= "2010"^^xsd:gYear) }'
    ox_run = invoke(str(sample_store_dir / "store"), sparql, "--format", "csv")
    rdflib_run = invoke(str(sample_store_dir / "store"), sparql, "--format", "csv", "--engine", "rdflib")
    assert len(ox_run.stdout.splitlines()) == 2 and "warning" not in ox_run.stderr
    assert "rdflib cannot compare xsd:gYear" in rdflib_run.stderr
    portable = 'SELECT ?p WHERE { ?p kg:issued ?y FILTER(xsd:integer(STR(?y)) >= 2010) }'
    for engine in ("oxigraph", "rdflib"):
        run = invoke(str(sample_store_dir / "store"), portable, "--format", "csv", "--engine", engine)
        assert len(run.stdout.splitlines()) == 2 and "warning" not in run.stderr
