"""Benchmark: time and memory of each pipeline stage on a set of documents.

    python tests/benchmarks/bench_build.py seeds
    python tests/benchmarks/bench_build.py ../shared/corpus/provincial_reports_2025
    python tests/benchmarks/bench_build.py ../shared/corpus --no-validate

Prints one line per stage (seconds, characters per second) and the peak resident memory.
Not a test: pytest does not collect it, and nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg.corpus import find_inputs, read_document  # noqa: E402
from kg.export import render  # noqa: E402
from kg.pipeline import Pipeline  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--no-validate", action="store_true")
    parser.add_argument("--no-html", action="store_true")
    args = parser.parse_args()

    timings: list[tuple[str, float]] = []

    def stage(name: str, func):
        start = time.perf_counter()
        value = func()
        timings.append((name, time.perf_counter() - start))
        return value

    pipeline = stage("load rules, lexicons, jieba", Pipeline.load)
    paths = find_inputs(args.inputs)
    documents = stage("read", lambda: [read_document(p) for p in paths])
    chars = sum(len(d.text) for d in documents)
    segmented = stage("segment (jieba)", lambda: [pipeline.segment(d) for d in documents])
    extractions = stage("extract", lambda: [pipeline.extractor.extract(d) for d in segmented])
    kb = stage("resolve", lambda: pipeline.resolve(extractions))
    graph = stage("graph (rdflib)", lambda: pipeline.graph(kb))
    stage("serialise ttl+nt+jsonld", lambda: render(graph, ["turtle", "nt", "jsonld"]))
    if not args.no_html:
        from kg.export import render as render_formats
        from kg.view import render_view, store_from_ntriples

        nt = render_formats(graph, ["nt"])["nt"][1]
        stage("view (graph.html)", lambda: render_view(store_from_ntriples(nt), title="bench"))
    if not args.no_validate:
        from kg.validate import validate_graph

        stage("validate (pyshacl)", lambda: validate_graph(graph))

    total = sum(seconds for _, seconds in timings)
    print(f"documents {len(documents)}, characters {chars:,}, sentences "
          f"{sum(len(d.sentences) for d in documents):,}, entities {len(kb.entities):,}, "
          f"triples {len(graph):,}")
    print(f"{'stage':32} {'seconds':>8} {'chars/s':>12}")
    for name, seconds in timings:
        rate = f"{chars / seconds:,.0f}" if seconds > 0 and name not in ("load rules, lexicons, jieba",) else ""
        print(f"{name:32} {seconds:8.2f} {rate:>12}")
    print(f"{'total':32} {total:8.2f} {chars / total:12,.0f}")
    print(f"peak resident memory: {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
