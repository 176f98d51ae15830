"""A small graph whose labels are hostile to every syntax kg writes (shared by format tests)."""
from __future__ import annotations

from kg.rdf import Lit, sort_triples

KGR = "https://w3id.org/kg-cn/id/"
KG = "https://w3id.org/kg-cn/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

HOSTILE_LABELS = [
    '汝城县', 'a "quoted" name', "single ' quote", 'back\\slash \\n not a newline', 'line\nbreak',
    'carriage\rreturn', 'tab\there', 'comma, and; semicolon', '"""triple quotes"""', "'''", '}]) {"@id": "x"}',
    '</script><script>alert(1)</script>', '@context @graph @id', '\u202eRTL override\u202c', 'emoji 🇨🇳👍',
    'line\u2028separator', 'nul-free \x07 bell \x1b escape \x7f del', '# not a comment', '. ; , ] [',
    '<http://example.org/not-an-iri>', '_:notablank', '\ufeffBOM inside', '  leading and trailing  ',
]


def hostile_graphs() -> dict:
    """{None: entity layer, doc IRI: one document's triples} with hostile labels everywhere."""
    doc = KGR + "doc-0123456789abcdef"
    entity_layer, doc_layer = [], [(doc, RDF_TYPE, KG + "Document")]
    for i, label in enumerate(HOSTILE_LABELS):
        place = KGR + f"place-99{i:04d}"
        entity_layer += [(place, RDF_TYPE, KG + "Place"), (place, RDFS_LABEL, Lit(label, "", "zh")),
                         (place, KG + "divisionCode", Lit(f"99{i:04d}")),
                         (place, "http://www.w3.org/2004/02/skos/core#altLabel", Lit(label))]
        if i:
            entity_layer.append((place, KG + "locatedIn", KGR + "place-990000"))
        mention = f"{doc}-m{i}-{i + 1}-place"
        doc_layer += [(mention, "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf",
                       Lit(label)),
                      (mention, "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex",
                       Lit(str(i), XSD + "nonNegativeInteger")),
                      (mention, KG + "inDocument", doc),
                      (mention, KG + "value", Lit(f"{i}.5", XSD + "decimal")),
                      (mention, KG + "issued", Lit(str(2000 + i), XSD + "gYear")),
                      (mention, RDFS_LABEL, Lit(label, XSD + "string"))]
    doc_layer.append((doc, "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString",
                      Lit("\n".join(HOSTILE_LABELS))))
    return {None: sort_triples(entity_layer), doc: sort_triples(doc_layer)}
