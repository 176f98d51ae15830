"""Synthetic graphs in kg's data model, for the view's browser tests and benchmark.

``synthetic_ntriples(entities, edges)`` writes entities with labels and aliases, documents
with titles and dates, sentences, mentions with offsets and rules, and relations both as
direct triples and as assertions (most from a sentence, some background facts from a
knowledge source), exactly the shape ``kg build`` produces.  Seeded: same arguments, same
bytes.  ``HOSTILE`` labels are mixed in so every test also checks that none of them runs.
"""
from __future__ import annotations

import json
import random

import pyoxigraph as ox

KG = "https://w3id.org/kg-cn/ontology#"
R = "https://w3id.org/kg-cn/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITS = "http://www.w3.org/2005/11/its/rdf#"
XSD = "http://www.w3.org/2001/XMLSchema#"

HOSTILE = [
    "<img src=x onerror=window.__xss=1>",
    "</script><script>window.__xss=2</script>",
    "javascript:window.__xss=3",
    '</script>"}]}<script>window.__xss=4</script>',
    "<svg onload=window.__xss=5>",
]
LONG_TITLE = "关于进一步加强和改进新时代基层社会治理现代化体系建设推动高质量发展的若干意见实施细则"
TYPES = ["Organization", "Place", "Person", "Position", "Policy", "Campaign", "Concept", "Event", "Work"]
SUFFIX = {"Organization": "委员会", "Place": "县", "Person": "", "Position": "书记", "Policy": "办法",
          "Campaign": "行动", "Concept": "理念", "Event": "大会", "Work": "丛书"}
PREDICATES = ["locatedIn", "subOrganizationOf", "jurisdiction", "issuedBy", "implements", "proposedBy",
              "holds", "postIn", "organizedBy", "location"]
POOL = "安北长城东方高光国海和华江金京乐林龙明南宁平清山水顺太天文西新兴阳永云中"


def _lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    body = json.dumps(text, ensure_ascii=False)
    return body + (f"@{lang}" if lang else f"^^<{dtype}>" if dtype else "")


def synthetic_ntriples(entities: int = 3000, edges: int = 9000, documents: int = 40, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    out: list[str] = []

    def t(s: str, p: str, o: str) -> None:
        out.append(f"<{s}> <{p}> {o} .")

    labels, kinds = [], []
    seen: set[str] = set()
    for i in range(entities):
        kind = TYPES[i % len(TYPES)]
        if i < len(HOSTILE):
            label = HOSTILE[i]
        elif i == len(HOSTILE):
            kind, label = "Policy", LONG_TITLE
        else:
            label = "".join(rng.choice(POOL) for _ in range(rng.randint(2, 4))) + SUFFIX[kind]
            while label in seen:
                label += rng.choice(POOL)
        seen.add(label)
        labels.append(label)
        kinds.append(kind)
        iri = f"{R}{kind.lower()}-{i:06d}"
        t(iri, RDF + "type", f"<{KG}{kind}>")
        t(iri, RDFS + "label", _lit(label, "zh"))
        if i % 7 == 0:
            t(iri, SKOS + "altLabel", _lit(f"别名{i}号", "zh"))
    ent = [f"{R}{kinds[i].lower()}-{i:06d}" for i in range(entities)]
    for rule in ("rule.a", "rule.b", "rule.c"):
        t(R + "rule-" + rule, RDF + "type", f"<{KG}Rule>")
        t(R + "rule-" + rule, DCT + "identifier", _lit(rule))
    t(R + "source-gazetteer", RDF + "type", f"<{KG}KnowledgeSource>")
    docs = [f"{R}doc-{d:04d}" for d in range(documents)]
    offsets = [0] * documents
    for d, doc in enumerate(docs):
        t(doc, RDF + "type", f"<{KG}Document>")
        t(doc, DCT + "title", _lit(f"第{d}号报告 <b>{d}</b>" if d == 0 else f"第{d}号报告"))
        t(doc, DCT + "date", _lit(f"2025-{1 + d % 12:02d}-01", dtype=XSD + "date"))
    counter = [0]

    def sentence(doc_index: int, parts: list[tuple[str, int | None]]) -> tuple[str, list]:
        """A sentence of the given text pieces; returns its IRI and each entity piece's mention IRI."""
        doc = docs[doc_index]
        counter[0] += 1
        s_iri = f"{doc}-s{counter[0]}"
        begin = offsets[doc_index]
        text, mentions, pos = "", [], begin
        for piece, entity in parts:
            if entity is not None:
                m_iri = f"{doc}-m{pos}-{pos + len(piece)}"
                t(m_iri, RDF + "type", f"<{KG}Mention>")
                t(m_iri, ITS + "taIdentRef", f"<{ent[entity]}>")
                t(m_iri, NIF + "sentence", f"<{s_iri}>")
                t(m_iri, NIF + "beginIndex", _lit(str(pos), dtype=XSD + "nonNegativeInteger"))
                t(m_iri, NIF + "endIndex", _lit(str(pos + len(piece)), dtype=XSD + "nonNegativeInteger"))
                t(m_iri, NIF + "referenceContext", f"<{doc}>")
                t(m_iri, KG + "extractedBy", f"<{R}rule-rule.a>")
                t(doc, KG + "mentions", f"<{ent[entity]}>")
                mentions.append(m_iri)
            text += piece
            pos += len(piece)
        text += "。"
        t(s_iri, RDF + "type", f"<{KG}Sentence>")
        t(s_iri, NIF + "anchorOf", _lit(text))
        t(s_iri, NIF + "beginIndex", _lit(str(begin), dtype=XSD + "nonNegativeInteger"))
        t(s_iri, NIF + "endIndex", _lit(str(begin + len(text)), dtype=XSD + "nonNegativeInteger"))
        t(s_iri, NIF + "referenceContext", f"<{doc}>")
        offsets[doc_index] = begin + len(text)
        return s_iri, mentions

    pairs: set[tuple[int, int, str]] = set()
    while len(pairs) < edges:
        a, b = rng.randrange(entities), rng.randrange(entities)
        if a != b:
            pairs.add((a, b, rng.choice(PREDICATES)))
    for n, (a, b, p) in enumerate(sorted(pairs)):
        t(ent[a], KG + p, f"<{ent[b]}>")
        assertion = f"{R}assertion-{n:07d}"
        t(assertion, RDF + "type", f"<{KG}Assertion>")
        t(assertion, RDF + "subject", f"<{ent[a]}>")
        t(assertion, RDF + "predicate", f"<{KG}{p}>")
        t(assertion, RDF + "object", f"<{ent[b]}>")
        if n % 5 == 4:
            t(assertion, PROV + "wasDerivedFrom", f"<{R}source-gazetteer>")
            continue
        s_iri, (sm, om) = sentence(n % documents, [("据悉，", None), (labels[a], a), ("与", None), (labels[b], b)])
        t(assertion, PROV + "wasDerivedFrom", f"<{s_iri}>")
        t(assertion, KG + "extractedBy", f"<{R}rule-rule.{'bc'[n % 2]}>")
        t(assertion, KG + "subjectMention", f"<{sm}>")
        t(assertion, KG + "objectMention", f"<{om}>")
        t(assertion, KG + "inDocument", f"<{docs[n % documents]}>")
    for i in range(0, entities, 3):                 # every third entity is also named on its own
        sentence(i % documents, [("会议提到", None), (labels[i], i)])
    return ("\n".join(sorted(set(out))) + "\n").encode("utf-8")


def synthetic_store(**kwargs) -> ox.Store:
    store = ox.Store()
    store.bulk_load(input=synthetic_ntriples(**kwargs), format=ox.RdfFormat.N_TRIPLES)
    return store
