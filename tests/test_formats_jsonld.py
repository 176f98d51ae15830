"""JSON-LD and TriG output: a complete shipped context, plain-JSON entities, streamable
blocks, valid JSON for any text, and pyld (offline) reading the same triples as N-Triples."""
from __future__ import annotations

import json

import pytest

from kg.jsonld_context import CONTEXT_PATH, render_context
from kg.rdf import RDF_FORMATS, Lit
from kg.vocab import KG_IRI, class_names, datatype_properties, object_properties

from .hostile import hostile_graphs
from .store_fixtures import render


def canonical(text: str, fmt: str) -> set:
    """The triples of a document (all graphs merged) as N-Triples strings, parsed by pyoxigraph."""
    import pyoxigraph as ox

    formats = {"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
               "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
    out = set()
    for item in ox.parse(text.encode("utf-8"), format=formats[fmt]):
        triple = item.triple if isinstance(item, ox.Quad) else item
        out.add(str(triple))
    return out


def pyld_triples(text: str) -> set:
    """pyld's reading of a JSON-LD document, with a loader that refuses every fetch."""
    import pyoxigraph as ox
    from pyld import jsonld

    def no_fetch(url, options=None):
        raise AssertionError(f"pyld tried to fetch {url}")

    nquads = jsonld.to_rdf(json.loads(text), {"format": "application/n-quads", "documentLoader": no_fetch})
    return {str(q.triple) for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}


def test_formats_jsonld_context_file_is_up_to_date():
    assert CONTEXT_PATH.read_text(encoding="utf-8") == render_context(), \
        "run: python -m kg.jsonld_context > kg/data/context.jsonld"


def test_formats_jsonld_context_defines_every_kg_term():
    context = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    for name in class_names():
        assert context[name] == f"kg:{name}"
    for name in object_properties():
        assert context[name] == {"@id": f"kg:{name}", "@type": "@id"}
    for name in datatype_properties():
        definition = context[name]
        assert (definition if isinstance(definition, str) else definition["@id"]) == f"kg:{name}"
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}


def test_formats_jsonld_entity_reads_as_plain_json():
    place = "https://w3id.org/kg-cn/id/place-431026"
    triples = [(place, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", KG_IRI + "Place"),
               (place, "http://www.w3.org/2000/01/rdf-schema#label", Lit("汝城县", "", "zh")),
               (place, KG_IRI + "locatedIn", "https://w3id.org/kg-cn/id/place-431000")]
    block = RDF_FORMATS.get("jsonld").block(triples, None)
    assert json.loads(block) == {"@id": "kgr:place-431026", "@type": "Place", "label": {"zh": "汝城县"},
                                 "locatedIn": "kgr:place-431000"}


def test_formats_jsonld_value_outside_the_terms_coercion_keeps_its_type():
    node = "https://w3id.org/kg-cn/id/stat-1"
    triples = [(node, KG_IRI + "value", Lit("3.5", "http://www.w3.org/2001/XMLSchema#decimal")),
               (node, KG_IRI + "value", Lit("about three"))]
    assert json.loads(RDF_FORMATS.get("jsonld").block(triples, None)) == {
        "@id": "kgr:stat-1", "value": "3.5", "kg:value": {"@value": "about three"}}


def test_formats_jsonld_empty_document_is_valid():
    fmt = RDF_FORMATS.get("jsonld")
    assert json.loads(fmt.head() + fmt.tail())["@graph"] == []


@pytest.mark.parametrize("source", ["hostile", "sample"])
def test_formats_jsonld_pyld_reads_the_same_triples_as_ntriples(source, sample_store_dir):
    if source == "hostile":
        graphs = hostile_graphs()
        nt, jsonld = render(graphs, "nt"), render(graphs, "jsonld")
    else:
        nt = (sample_store_dir / "graph.nt").read_text(encoding="utf-8")
        jsonld = (sample_store_dir / "graph.jsonld").read_text(encoding="utf-8")
    json.loads(jsonld)      # valid JSON whatever the labels hold
    expected = canonical(nt, "nt")
    assert len(expected) > 100
    assert pyld_triples(jsonld) == expected
    assert canonical(jsonld, "jsonld") == expected


@pytest.mark.parametrize("fmt", ["turtle", "nq", "trig", "jsonld"])
def test_formats_every_format_holds_the_ntriples_triples(fmt):
    graphs = hostile_graphs()
    assert canonical(render(graphs, fmt), fmt) == canonical(render(graphs, "nt"), "nt")


def test_formats_trig_puts_each_document_in_its_graph():
    import pyoxigraph as ox

    graphs = hostile_graphs()
    quads = list(ox.parse(render(graphs, "trig").encode("utf-8"), format=ox.RdfFormat.TRIG))
    doc = next(g for g in graphs if g)
    by_graph = {}
    for q in quads:
        key = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        by_graph[key] = by_graph.get(key, 0) + 1
    assert by_graph == {None: len(graphs[None]), doc: len(graphs[doc])}
    assert "GRAPH" not in render(graphs, "trig").split("\n", 20)[-1]
