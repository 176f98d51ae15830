"""The JSON-LD context shipped as kg/data/context.jsonld, generated from ontology/kg.ttl.

Every kg class and property gets a plain term (``Place``, ``locatedIn``), so a node of
graph.jsonld reads as ordinary JSON.  Object properties are coerced to IRIs, datatype
properties with a typed range to that datatype, and the label-like properties are
language maps (``"label": {"zh": "汝城县"}``).  A few properties of the standard
vocabularies kg writes (NIF offsets, PROV, Dublin Core, reification) get terms too.

Regenerate after editing the ontology (a test fails until you do)::

    python -m kg.jsonld_context > kg/data/context.jsonld
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

XSD = "http://www.w3.org/2001/XMLSchema#"
KG = "https://w3id.org/kg-cn/ontology#"
CONTEXT_PATH = Path(__file__).resolve().parent / "data" / "context.jsonld"

#: Terms for the standard-vocabulary properties kg writes: term -> (compact IRI, coercion).
#: Coercion: "@id" (IRI values), "@language" (a language map), an xsd datatype, or None.
EXTERNAL_TERMS: dict[str, tuple[str, object]] = {
    "label": ("rdfs:label", "@language"),
    "comment": ("rdfs:comment", "@language"),
    "altLabel": ("skos:altLabel", "@language"),
    "anchorOf": ("nif:anchorOf", None),
    "beginIndex": ("nif:beginIndex", "xsd:nonNegativeInteger"),
    "endIndex": ("nif:endIndex", "xsd:nonNegativeInteger"),
    "isString": ("nif:isString", None),
    "referenceContext": ("nif:referenceContext", "@id"),
    "sentence": ("nif:sentence", "@id"),
    "taIdentRef": ("itsrdf:taIdentRef", "@id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "@id"),
    "identifier": ("dcterms:identifier", None),
    "title": ("dcterms:title", None),
    "source": ("dcterms:source", None),
    "publisher": ("dcterms:publisher", None),
    "creator": ("dcterms:creator", None),
    "date": ("dcterms:date", None),
    "subject": ("rdf:subject", "@id"),
    "predicate": ("rdf:predicate", "@id"),
    "object": ("rdf:object", "@id"),
}


def build_context() -> dict:
    """The context object, from the ontology: prefixes, then one term per kg term."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    from .resources import ontology_path
    from .vocab import PREFIXES

    onto = Graph().parse(ontology_path("kg.ttl"), format="turtle")
    context: dict[str, object] = {"@version": 1.1}
    for prefix, ns in sorted(PREFIXES.items()):
        context[prefix] = str(ns)
    terms: dict[str, object] = {}
    for kind, coerce in ((OWL.Class, "class"), (OWL.ObjectProperty, "@id"), (OWL.DatatypeProperty, "data")):
        for subject in onto.subjects(RDF.type, kind):
            if not isinstance(subject, URIRef) or not str(subject).startswith(KG):
                continue
            local = str(subject)[len(KG):]
            if coerce == "class":
                terms[local] = f"kg:{local}"
            elif coerce == "@id":
                terms[local] = {"@id": f"kg:{local}", "@type": "@id"}
            else:
                ranges = [str(r) for r in onto.objects(subject, RDFS.range)
                          if str(r).startswith(XSD) and str(r) != XSD + "string"]
                terms[local] = ({"@id": f"kg:{local}", "@type": "xsd:" + ranges[0][len(XSD):]}
                                if ranges else f"kg:{local}")
    for term, (iri, coerce) in EXTERNAL_TERMS.items():
        if term in terms:
            raise ValueError(f"context term {term!r} defined twice")
        if coerce is None:
            terms[term] = iri
        elif coerce == "@language":
            terms[term] = {"@id": iri, "@container": "@language"}
        else:
            terms[term] = {"@id": iri, "@type": coerce}
    for term in sorted(terms):
        context[term] = terms[term]
    return {"@context": context}


def render_context() -> str:
    return json.dumps(build_context(), ensure_ascii=False, indent=1) + "\n"


@lru_cache(maxsize=1)
def shipped_context() -> dict:
    """The context file shipped with the package (the ``@context`` object inside it)."""
    from .errors import ResourceMissing

    try:
        return json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise ResourceMissing("E601", name="kg/data/context.jsonld") from exc


if __name__ == "__main__":
    print(render_context(), end="")
