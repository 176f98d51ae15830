"""SHACL validation: the sample conforms; broken graphs fail with the node and the shape named."""
from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from kg.validate import validate_graph
from kg.vocab import KG, NIF

from .conftest import run_kg


def test_validate_sample_conforms(sample_build):
    result, _ = sample_build
    assert result.violations == []


def _copy(graph):
    from rdflib import Graph

    clone = Graph()
    for triple in graph:
        clone.add(triple)
    return clone


def test_validate_two_labels_names_node_and_shape(sample_graph):
    graph = _copy(sample_graph)
    place = sorted(graph.subjects(RDF.type, KG.Place))[0]
    graph.add((place, RDFS.label, Literal("第二个名字", lang="zh")))
    violations = validate_graph(graph)
    assert any("EntityShape" in v.shape and place.split("/")[-1] in v.focus for v in violations), violations


def test_validate_wrong_relation_type(sample_graph):
    graph = _copy(sample_graph)
    policy = sorted(graph.subjects(RDF.type, KG.Policy))[0]
    place = sorted(graph.subjects(RDF.type, KG.Place))[0]
    graph.add((policy, KG.locatedIn, place))
    violations = validate_graph(graph)
    assert any("LocatedInShape" in v.shape and "kg:Place" in v.message for v in violations), violations


def test_validate_broken_offsets(sample_graph):
    graph = _copy(sample_graph)
    mention = sorted(graph.subjects(RDF.type, KG.Mention))[0]
    graph.set((mention, NIF.anchorOf, Literal("不是原文")))
    violations = validate_graph(graph)
    assert any("OffsetsMatchTextShape" in v.shape and mention.split("/")[-1] in v.value for v in violations)


def test_validate_mention_without_document(sample_graph):
    graph = _copy(sample_graph)
    mention = sorted(graph.subjects(RDF.type, KG.Mention))[0]
    graph.remove((mention, KG.inDocument, None))
    violations = validate_graph(graph)
    assert any("AnchoredShape" in v.shape and "inDocument" in v.path for v in violations)


def test_validate_cli_reports_and_exits_1(sample_graph, tmp_path):
    graph = _copy(sample_graph)
    place = sorted(graph.subjects(RDF.type, KG.Place))[0]
    graph.add((place, RDFS.label, Literal("second", lang="en")))
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")
    run = run_kg("validate", str(path))
    assert run.returncode == 1
    assert "EntityShape" in run.stdout and "violation(s)" in run.stderr and "Traceback" not in run.stderr


def test_validate_cli_conforming(sample_build):
    _, out = sample_build
    run = run_kg("validate", str(out / "graph.ttl"))
    assert run.returncode == 0 and "conforms" in run.stdout
