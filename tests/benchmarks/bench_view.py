"""Benchmark of the HTML view: Python render time, first draw and long tasks in headless Chromium.

    python tests/benchmarks/bench_view.py [--corpus GRAPH] [--entities 5000 --edges 15000]

Prints, for a synthetic graph of 5,000 entities and 15,000 relations (tests/viewgraph.py), with
the default cap (300 drawn) and with every entity drawn:
  - render: CPU seconds of render_view (SPARQL, PageRank, layout, JSON, template);
  - first draw: ms from navigation start to vis-network's first finished drawing;
  - longest task after the first draw, while the script, one action at a time, searches,
    brings in an undrawn entity, expands it, toggles a legend type and both layers, zooms,
    fits and resets (PerformanceObserver 'longtask', the browser's own measure of
    main-thread blocking over 50 ms), and the action that caused it.
With --corpus GRAPH (a graph file or store folder from `kg build`), the same for that graph's
default view.  Uses Debian's /usr/bin/chromium through Playwright; never downloads a browser.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg.view import open_graph, render_view  # noqa: E402
from tests.viewgraph import synthetic_store  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
OBSERVE = """window.__longtasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]); })
  .observe({type: 'longtask', buffered: true});"""
# One user action per step, each its own task, as a reader would do them.
STEPS = {
    "search": """() => { const P = kgView.payload, drawn = new Set(P.drawn.map(d => d[0]));
        let i = 0; while (drawn.has(i) && i < P.nodes.length - 1) i++; window.__hidden = i;
        const box = document.getElementById('search'); box.value = P.nodes[i][1].slice(0, 2);
        box.dispatchEvent(new Event('input')); }""",
    "choose undrawn": "() => kgView.choose(window.__hidden)",
    "expand": "() => kgView.expand(window.__hidden)",
    "legend off": "() => document.querySelector('#legend button').click()",
    "legend on": "() => document.querySelector('#legend button').click()",
    "documents on": "() => document.getElementById('layer-docs').click()",
    "documents off": "() => document.getElementById('layer-docs').click()",
    "co-mentions on": "() => document.getElementById('layer-co').click()",
    "co-mentions off": "() => document.getElementById('layer-co').click()",
    "zoom in": "() => document.getElementById('btn-zoom-in').click()",
    "fit": "() => document.getElementById('btn-fit').click()",
    "reset": "() => document.getElementById('btn-reset').click()",
}


def render(store, **kwargs) -> tuple[str, float]:
    start = time.process_time()
    html = render_view(store, title="bench", **kwargs)
    return html, time.process_time() - start


def measure(context, path: Path) -> dict:
    page = context.new_page()
    page.add_init_script(OBSERVE)
    page.goto(path.as_uri(), timeout=180000, wait_until="commit")
    page.wait_for_function("() => window.kgTimings && window.kgTimings.firstDraw", timeout=180000)
    first = page.evaluate("window.kgTimings.firstDraw")
    page.wait_for_timeout(500)
    worst = ("", 0.0)
    for name, step in STEPS.items():
        seen = page.evaluate("window.__longtasks.length")
        page.evaluate(step)
        page.wait_for_timeout(400)
        longest = max((d for _, d in page.evaluate("window.__longtasks")[seen:]), default=0.0)
        worst = max(worst, (name, longest), key=lambda item: item[1])
    tasks = page.evaluate("window.__longtasks")
    counts = page.evaluate("[kgView.nodeView.length, kgView.edgeView.length]")
    page.close()
    after = [d for s, d in tasks if s >= first]
    before = [d for s, d in tasks if s < first]
    return {"first": first, "after": max(after, default=0.0), "before": max(before, default=0.0),
            "n_after": len(after), "drawn": counts, "worst": worst[0]}


def report(name: str, seconds: float, html: str, figures: dict) -> None:
    print(f"{name:<34} render {seconds:5.2f} CPU-s  page {len(html) / 1e6:4.1f} MB  "
          f"first draw {figures['first']:6.0f} ms  drawn {figures['drawn'][0]:>5} nodes / "
          f"{figures['drawn'][1]:>5} edges  longest task before draw {figures['before']:5.0f} ms, "
          f"after {figures['after']:4.0f} ms ({figures['n_after']} over 50 ms; slowest step: {figures['worst'] or '-'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=15000)
    parser.add_argument("--corpus", type=Path, help="graph file or store folder of a corpus build")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-view-"))
    store = synthetic_store(entities=args.entities, edges=args.edges)
    cases = [(f"synthetic {args.entities}/{args.edges}, default", store, {}),
             (f"synthetic {args.entities}/{args.edges}, all drawn", store, {"max_nodes": args.entities})]
    if args.corpus:
        cases.append((f"corpus {args.corpus.name}, default", open_graph(args.corpus), {}))
    with sync_playwright() as play:
        context = play.chromium.launch_persistent_context(
            str(folder / "profile"), executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        for index, (name, graph, kwargs) in enumerate(cases):
            html, seconds = render(graph, **kwargs)
            path = folder / f"view{index}.html"
            path.write_text(html, encoding="utf-8")
            report(name, seconds, html, measure(context, path))
        context.close()


if __name__ == "__main__":
    main()
