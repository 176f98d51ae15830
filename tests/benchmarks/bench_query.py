"""Benchmark: the named queries on a graph of >= 1 M triples, through the store and through
``kg serve`` (warm), median and max of several runs.  Not a test.

    python tests/benchmarks/bench_query.py                 # generate 1 M triples from the sample
    python tests/benchmarks/bench_query.py --copies 400 --variants 40 --runs 7
    python tests/benchmarks/bench_query.py --nquads output/graph.nq   # a real build's quads

The generated graph repeats the sample's document graph ``--copies`` times under new document
IRIs; copy i points at entity variant i % ``--variants`` (entities, labels and relations repeated
per variant, variant 0 keeping the original IRIs and labels), so entities are shared by several
documents as in a real corpus.  Times are wall-clock on a warm store (one untimed run first);
CPU seconds of the store runs are printed too, since the machine may be shared.
"""
from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg import named  # noqa: E402
from kg.query import OxigraphStore  # noqa: E402
from kg.rdf import RDF_FORMATS, Lit  # noqa: E402
from kg.store import load_store  # noqa: E402

KGR = "https://w3id.org/kg-cn/id/"
SHARED = ("rule-", "source-")
#: the named queries as an analyst would run them: all rows, and one entity where it takes one
RUNS = [(name, {}) for name, q in named.named_queries().items() if not any(p.required for p in q.params)] + [
    ("comentioned", {"entity": "习近平"}), ("evidence", {"subject": "沙洲村", "relation": "kg:locatedIn"}),
    ("evidence", {"subject": "习近平"}), ("comentioned", {"entity": "湖南省"}), ("places", {"place": "沙洲村"}),
    ("people", {"person": "习近平"}), ("campaigns", {"campaign": "精准扶贫"})]


def generate(out: Path, copies: int, variants: int) -> Path:
    """graph.nq with ``copies`` document graphs and ``variants`` entity layers (see module doc)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from tests.store_fixtures import partition, plain_triples

    built = out / "sample"
    subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--out", str(built), "--no-html",
                    "--no-validate"], check=True, capture_output=True)
    graphs = partition(plain_triples(built / "graph.nt"))
    [doc] = [g for g in graphs if g]

    def rename(term, variant: int, copy: int | None):
        if isinstance(term, Lit):
            return term
        if not term.startswith(KGR) or term[len(KGR):].startswith(SHARED):
            return term
        local = term[len(KGR):]
        if local.startswith("doc-") or (local.startswith("assertion-") and copy is not None):
            return term if copy == 0 else f"{term}-c{copy}"
        return term if variant == 0 else f"{term}-v{variant}"

    def label(triple, variant: int):
        s, p, o = triple
        if variant and isinstance(o, Lit) and p.endswith("#label") and o.lang == "zh":
            return (s, p, Lit(f"{o.value}{variant}", o.datatype, o.lang))
        return triple

    nquads = RDF_FORMATS.get("nq")
    path = out / "graph.nq"
    with path.open("w", encoding="utf-8") as handle:
        for variant in range(variants):
            handle.write(nquads.block([label(tuple(rename(t, variant, None) for t in triple), variant)
                                       for triple in graphs[None]], None))
        for copy in range(copies):
            variant = copy % variants
            graph = rename(doc, variant, copy)
            triples = [tuple(rename(t, variant, copy) for t in triple) for triple in graphs[doc]]
            # doc IRIs prefix mention/sentence IRIs: rename them all with the copy number
            triples = [tuple(f"{t}-c{copy}" if copy and isinstance(t, str) and t.startswith(doc + "-") else t
                             for t in triple) for triple in triples]
            handle.write(nquads.block(triples, graph))
    return path


def timed(function, runs: int) -> tuple[float, float, float, int]:
    function()                                          # warm
    walls, cpu = [], time.process_time()
    for _ in range(runs):
        start = time.perf_counter()
        rows = function()
        walls.append(time.perf_counter() - start)
    return statistics.median(walls), max(walls), (time.process_time() - cpu) / runs, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nquads", type=Path, help="benchmark this N-Quads file instead of a generated one")
    parser.add_argument("--copies", type=int, default=366)
    parser.add_argument("--variants", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    source = args.nquads or generate(work, args.copies, args.variants)
    start, cpu = time.perf_counter(), time.process_time()
    store_dir = load_store(work / "store", source)
    print(f"bulk load: {time.perf_counter() - start:.1f} s wall, {time.process_time() - cpu:.1f} CPU-s", flush=True)
    store = OxigraphStore(store_dir)
    print(f"triples (with the ontology): {len(store.store):,}", flush=True)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(store_dir), "--port", str(port),
                               "--timeout", "60", "--max-rows", "1000000"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5).read()
            break
        except OSError:
            time.sleep(0.2)

    def over_http(sparql: str):
        def run() -> int:
            request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": sparql}),
                                             headers={"Accept": "text/csv"})
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.read().count(b"\r\n") - 1
        return run

    print(f"{'query':34} {'rows':>7} {'store median':>13} {'max':>8} {'CPU':>8} {'serve median':>13} {'max':>8}")
    medians, maxima = [], []
    try:
        for name, params in RUNS:
            query = named.get(name)
            bindings = named.bindings(query, params)
            median, worst, cpu_each, rows = timed(lambda: len(store.query(query.sparql, bindings).rows), args.runs)
            line = f"{name + (' ' + ','.join(f'{k}={v}' for k, v in params.items()) if params else ''):34} " \
                   f"{rows:7} {median * 1000:10.1f} ms {worst * 1000:5.0f} ms {cpu_each * 1000:5.0f} ms"
            medians.append(median)
            maxima.append(worst)
            # the protocol has no typed parameters: they go in as a VALUES row (kg.named.inline_values)
            h_median, h_worst, _, _ = timed(over_http(named.inline_values(query, bindings)), args.runs)
            line += f" {h_median * 1000:10.1f} ms {h_worst * 1000:5.0f} ms"
            medians.append(h_median)
            maxima.append(h_worst)
            print(line, flush=True)
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"all runs: median of medians {statistics.median(medians) * 1000:.1f} ms, worst {max(maxima) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
