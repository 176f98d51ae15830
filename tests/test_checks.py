"""The fast shape checks (kg/checks.py) report exactly what pyshacl reports on the full
shapes, for hand-broken graphs of every kind of violation."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.checks import check_block
from kg.export import plain_triples
from kg.validate import validate_graph
from kg.vocab import KG, NIF

GOLDEN = Path(__file__).resolve().parent / "data" / "golden" / "expected.ttl"


@pytest.fixture(scope="module")
def golden() -> Graph:
    return Graph().parse(GOLDEN, format="turtle")


def _first(graph: Graph, cls) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def _drop_label(g):
    g.remove((_first(g, KG.Place), RDFS.label, None))


def _second_label(g):
    g.add((_first(g, KG.Place), RDFS.label, Literal("另一个名字", lang="zh")))


def _english_label(g):
    node = _first(g, KG.Organization)
    g.remove((node, RDFS.label, None))
    g.add((node, RDFS.label, Literal("Party committee", lang="en")))


def _bad_offsets(g):
    node = _first(g, KG.Mention)
    g.remove((node, NIF.anchorOf, None))
    g.add((node, NIF.anchorOf, Literal("不是原文")))


def _string_offset(g):
    node = _first(g, KG.Mention)
    g.remove((node, NIF.beginIndex, None))
    g.add((node, NIF.beginIndex, Literal("7")))


def _no_sentence(g):
    g.remove((_first(g, KG.Mention), NIF.sentence, None))


def _not_asserted(g):
    node = _first(g, KG.Assertion)
    s, p, o = g.value(node, RDF.subject), g.value(node, RDF.predicate), g.value(node, RDF.object)
    g.remove((s, p, o))


def _wrong_range(g):
    g.add((_first(g, KG.Place), KG.locatedIn, _first(g, KG.Organization)))


def _wrong_domain(g):
    g.add((_first(g, KG.Organization), KG.locatedIn, _first(g, KG.Place)))


def _two_titles(g):
    doc = _first(g, KG.Document)
    for title in ("第一个标题", "第二个标题"):
        g.add((doc, URIRef("http://purl.org/dc/terms/title"), Literal(title, lang="zh")))


def _bad_code(g):
    node = next(n for n in sorted(g.subjects(RDF.type, KG.Place)) if g.value(n, KG.divisionCode))
    g.remove((node, KG.divisionCode, None))
    g.add((node, KG.divisionCode, Literal("43x")))


def _issued_as_string(g):
    g.add((_first(g, KG.Policy), KG.issued, Literal("2017年")))


def _ill_typed_date(g):
    doc = _first(g, KG.Document)
    g.remove((doc, URIRef("http://purl.org/dc/terms/date"), None))
    g.add((doc, URIRef("http://purl.org/dc/terms/date"), Literal("2020-13-45", datatype=XSD.date)))


def _dangling_mention(g):
    node = _first(g, KG.Mention)
    g.add((node, URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef"), URIRef("https://w3id.org/kg-cn/id/nothing")))


BREAKAGES = [_drop_label, _second_label, _english_label, _bad_offsets, _string_offset, _no_sentence,
             _not_asserted, _wrong_range, _wrong_domain, _two_titles, _bad_code, _issued_as_string,
             _ill_typed_date, _dangling_mention]


def _key(violations) -> set[tuple[str, str, str, str]]:
    return {(v.focus, v.shape, v.path, v.value) for v in violations}


def test_checks_conforming_graph_has_no_violations(golden):
    assert check_block(plain_triples(golden)) == []


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_checks_report_what_pyshacl_reports(golden, breakage):
    graph = Graph()
    for triple in golden:
        graph.add(triple)
    breakage(graph)
    expected = _key(validate_graph(graph))
    assert expected, "the breakage must violate a shape"
    assert _key(check_block(plain_triples(graph))) == expected
