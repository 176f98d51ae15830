"""Benchmark: SPARQL over a built graph with each store (Oxigraph and rdflib).

    python tests/benchmarks/bench_query.py output/graph.ttl

Prints load time and the median of five runs of each query.  Not a test.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg.query import STORES  # noqa: E402

QUERIES = {
    "entities by type": "SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a ?t } GROUP BY ?t",
    "places and provinces": """SELECT ?place ?province WHERE { ?p a kg:Place ; rdfs:label ?place ;
        kg:locatedIn+ ?pr . ?pr rdfs:label ?province ; kg:divisionCode ?c . FILTER(STRLEN(?c) = 2) }""",
    "provenance of relations": """SELECT ?s ?o ?text WHERE { ?a a kg:Assertion ; rdf:subject ?s ;
        rdf:predicate kg:locatedIn ; rdf:object ?o ; prov:wasDerivedFrom ?sent . ?sent nif:anchorOf ?text }""",
    "mentions per document": "SELECT ?d (COUNT(?m) AS ?n) WHERE { ?m a kg:Mention ; kg:inDocument ?d } GROUP BY ?d",
}


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "output/graph.ttl")
    for engine in ("oxigraph", "rdflib"):
        start = time.perf_counter()
        store = STORES[engine](path)
        print(f"{engine}: load {time.perf_counter() - start:.2f} s")
        for name, sparql in QUERIES.items():
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                result = store.query(sparql)
                runs.append(time.perf_counter() - start)
            print(f"  {name:28} {statistics.median(runs) * 1000:10.1f} ms  ({len(result.rows)} rows)")


if __name__ == "__main__":
    main()
