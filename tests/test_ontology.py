"""The ontology: closed terms, bilingual labels, domains and ranges, alignment, packaging, inference."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.resources import ontology_path
from kg.vocab import KG, KG_IRI, ORG, SCHEMA, class_names, object_properties

from .conftest import ROOT, SAMPLE, have

ONTOLOGY = Graph().parse(ontology_path("kg.ttl"), format="turtle")
TERMS = sorted({s for s in ONTOLOGY.subjects() if isinstance(s, URIRef) and str(s).startswith(KG_IRI)})
PROPERTIES = [t for t in TERMS if (t, RDF.type, OWL.ObjectProperty) in ONTOLOGY
              or (t, RDF.type, OWL.DatatypeProperty) in ONTOLOGY]


def test_ontology_header():
    onto = next(ONTOLOGY.subjects(RDF.type, OWL.Ontology))
    assert str(onto) == "https://w3id.org/kg-cn/ontology"
    assert ONTOLOGY.value(onto, OWL.versionInfo) is not None


@pytest.mark.parametrize("term", TERMS, ids=[t.split("#")[-1] for t in TERMS])
def test_ontology_terms_have_bilingual_labels_and_comment(term):
    langs = {label.language for label in ONTOLOGY.objects(term, RDFS.label) if isinstance(label, Literal)}
    assert {"zh", "en"} <= langs
    assert ONTOLOGY.value(term, RDFS.comment) is not None


@pytest.mark.parametrize("prop", PROPERTIES, ids=[t.split("#")[-1] for t in PROPERTIES])
def test_ontology_properties_have_domain_and_range(prop):
    assert ONTOLOGY.value(prop, RDFS.domain) is not None
    assert ONTOLOGY.value(prop, RDFS.range) is not None


@pytest.mark.parametrize("sub, relation, sup", [
    (KG.Organization, RDFS.subClassOf, ORG.Organization),
    (KG.Organization, RDFS.subClassOf, SCHEMA.Organization),
    (KG.Place, RDFS.subClassOf, SCHEMA.Place),
    (KG.Person, RDFS.subClassOf, SCHEMA.Person),
    (KG.Person, RDFS.subClassOf, URIRef("http://xmlns.com/foaf/0.1/Person")),
    (KG.Position, RDFS.subClassOf, ORG.Post),
    (KG.Policy, RDFS.subClassOf, SCHEMA.Legislation),
    (KG.Event, RDFS.subClassOf, SCHEMA.Event),
    (KG.Concept, RDFS.subClassOf, URIRef("http://www.w3.org/2004/02/skos/core#Concept")),
    (KG.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
    (KG.locatedIn, RDFS.subPropertyOf, SCHEMA.containedInPlace),
    (KG.holds, RDFS.subPropertyOf, ORG.holds),
    (KG.postIn, RDFS.subPropertyOf, ORG.postIn),
])
def test_ontology_alignment(sub, relation, sup):
    assert (sub, relation, sup) in ONTOLOGY


def test_ontology_namespace_is_closed():
    with pytest.raises(AttributeError):
        KG.Organisation  # noqa: B018 - the British spelling is not a term
    assert "Organization" in class_names() and "locatedIn" in object_properties()


def test_ontology_every_object_property_has_a_shape():
    shapes = Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    targeted = set(shapes.objects(None, URIRef(sh + "targetSubjectsOf")))
    provenance = {"extractedBy", "inDocument", "subjectMention", "objectMention", "about"}
    for prop in object_properties():
        if prop not in provenance:
            assert KG[prop] in targeted, prop


@pytest.mark.skipif(not have("rapper"), reason="raptor2-utils (rapper) not installed; .ci/run installs it")
@pytest.mark.parametrize("name", ["kg.ttl", "shapes.ttl"])
def test_ontology_parses_in_rapper(name):
    run = subprocess.run(["rapper", "-i", "turtle", "-c", str(ontology_path(name))],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_ontology_loads_in_oxigraph():
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(ontology_path("kg.ttl")), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(ONTOLOGY)


def test_ontology_infer_finds_schema_organizations(tmp_path):
    from kg.pipeline import BuildOptions, build
    from kg.query import run_query

    out = tmp_path / "inferred"
    build(BuildOptions(inputs=[SAMPLE], out=out, infer=True, html=False))
    result = run_query(out / "graph.ttl", "SELECT ?label WHERE { ?o a schema:Organization ; rdfs:label ?label }")
    labels = {r["label"].value for r in result.rows}
    assert {"湖南省委", "中共中央办公厅", "湖南省委理论学习中心组"} <= labels
    result = run_query(out / "graph.ttl", "SELECT ?s WHERE { ?s org:subOrganizationOf ?o }")
    assert result.rows


def test_ontology_ships_in_the_wheel(tmp_path):
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                          "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                             capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    wheel = next(tmp_path.glob("kg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"kg/ontology/kg.ttl", "kg/ontology/shapes.ttl", "kg/data/gazetteer/admin_divisions.csv",
            "kg/data/view/graph.html.j2", "kg/data/boilerplate.yaml", "kg/data/context.jsonld",
            "kg/data/view/query.html", "kg/queries/evidence.rq"} <= names
    assert any(n.startswith("kg/data/rules/") and n.endswith(".yaml") for n in names)
