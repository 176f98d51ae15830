"""Store-based exports: GraphML that networkx reads back, Neo4j import CSV with strict headers
and quoting, the RDF formats from a store, and ``kg export``."""
from __future__ import annotations

import csv
import re

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.exporters import EXPORTERS, entities, export_to, relations

from .hostile import HOSTILE_LABELS, hostile_graphs
from .store_fixtures import render

HEADER_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(:(ID|string|int|long|float|double|boolean))?$"
                          r"|^:(ID|LABEL|START_ID|END_ID|TYPE)$")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    from kg.store import load_store, open_store

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "graph.nq").write_text(render(hostile_graphs(), "nq"), encoding="utf-8")
    return open_store(load_store(folder / "store", folder / "graph.nq"))


def test_exporters_registry_lists_store_and_rdf_formats():
    assert {"graphml", "neo4j", "turtle", "nt", "nq", "trig", "jsonld"} <= set(EXPORTERS.names())


@pytest.mark.parametrize("store_name", ["sample_store", "hostile_store"])
def test_exporters_graphml_loads_back_into_networkx(store_name, request, tmp_path):
    import networkx as nx

    store = request.getfixturevalue(store_name)
    [path] = export_to("graphml", store, tmp_path)
    graph = nx.read_graphml(path)
    nodes, edges = list(entities(store)), list(relations(store))
    assert graph.number_of_nodes() == len(nodes) > 10
    assert graph.number_of_edges() == len(edges) > 0
    iri, kind, label = nodes[0]
    assert graph.nodes[iri]["type"] == kind and graph.nodes[iri]["iri"] == iri
    s, p, o = edges[0]
    assert graph.edges[s, o]["type"] == p
    if store_name == "hostile_store":
        labels = {data["label"] for _, data in graph.nodes(data=True)}
        assert "line\nbreak" in labels and '</script><script>alert(1)</script>' in labels
        assert "tab\there" in labels and "nul-free \ufffd bell \ufffd escape \x7f del" in labels


def test_exporters_neo4j_headers_and_quoting_round_trip(hostile_store, tmp_path):
    nodes_path, rels_path = export_to("neo4j", hostile_store, tmp_path)
    assert (nodes_path.name, rels_path.name) == ("nodes.csv", "relationships.csv")
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.reader(handle))
    with rels_path.open(encoding="utf-8", newline="") as handle:
        rels = list(csv.reader(handle))
    for header in (nodes[0], rels[0]):
        assert all(HEADER_FIELD.match(field) for field in header), header
    assert nodes[0] == ["iri:ID", "label", ":LABEL"] and rels[0] == [":START_ID", ":END_ID", ":TYPE"]
    assert sorted(row[1] for row in nodes[1:]) == sorted(HOSTILE_LABELS)
    assert {row[2] for row in nodes[1:]} == {"Entity;Place"}
    ids = {row[0] for row in nodes[1:]}
    assert len(rels) - 1 == len(HOSTILE_LABELS) - 1
    assert all(r[0] in ids and r[1] in ids and r[2] == "locatedIn" for r in rels[1:])
    raw = nodes_path.read_text(encoding="utf-8")
    assert '"a ""quoted"" name"' in raw and '"comma, and; semicolon"' in raw and '"line\nbreak"' in raw


def test_exporters_rdf_from_store_round_trips(sample_store, sample_store_dir, tmp_path):
    from .test_formats_jsonld import canonical

    expected = canonical((sample_store_dir / "graph.nt").read_text(encoding="utf-8"), "nt")
    for name in ("trig", "jsonld"):
        [path] = export_to(name, sample_store, tmp_path)
        assert canonical(path.read_text(encoding="utf-8"), name) == expected


def test_exporters_cli_export(sample_store_dir, tmp_path):
    run = CliRunner().invoke(cli, ["export", str(sample_store_dir / "store"), "--format", "graphml",
                                   "--format", "neo4j", "--out", str(tmp_path)])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "graph.graphml").exists() and (tmp_path / "neo4j" / "nodes.csv").exists()
    assert "graph.graphml" in run.output


def test_exporters_cli_unknown_format_is_coded(sample_store_dir, tmp_path):
    run = CliRunner().invoke(cli, ["export", str(sample_store_dir / "store"), "--format", "pdf",
                                   "--out", str(tmp_path)])
    assert run.exit_code != 0 and "E402" in run.stderr and "graphml" in run.stderr
