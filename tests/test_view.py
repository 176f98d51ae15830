"""View: graph.html is offline, coloured by type, and shows document text only as text."""
from __future__ import annotations

import json
import re
import subprocess

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from kg.pipeline import BuildOptions, build

from .conftest import have

REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)
PAYLOADS = [
    "<script>document.body.dataset.pwned=1</script>",
    "<img src=x onerror=document.body.dataset.pwned=2>",
    '<a href="javascript:document.body.dataset.pwned=3">链接</a>',
]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """A document whose titles are HTML/JS payloads."""
    folder = tmp_path_factory.mktemp("hostile")
    text = "标题\n" + "".join(f"湖南省委印发《{p}》。" for p in PAYLOADS) + "\n"
    (folder / "hostile.txt").write_text(text, encoding="utf-8")
    out = folder / "out"
    result = build(BuildOptions(inputs=[folder / "hostile.txt"], out=out))
    return result, out


def test_view_has_no_remote_resources(sample_build):
    _, out = sample_build
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert not REMOTE.search(html), REMOTE.search(html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "vis.Network" in html                      # the library is inlined


def test_view_legend_colours_and_sizes(sample_build):
    _, out = sample_build
    html = (out / "graph.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    groups = {n["group"] for n in data["nodes"]}
    assert {"Organization", "Place", "Person", "Policy", "Concept", "Event"} <= groups
    for group in groups:
        assert f'data-type="{group}"' in html        # one legend entry per type shown
    colours = {n["group"]: n["color"] for n in data["nodes"]}
    assert len(set(colours.values())) == len(colours)
    sizes = {n["size"] for n in data["nodes"]}
    assert len(sizes) > 3                             # centrality drives size
    hunan = next(n for n in data["nodes"] if n["label"] == "湖南省")
    assert "类型 Type" in hunan["title"] and "湖南" in hunan["title"] and "出处 Sources" in hunan["title"]


def test_view_payloads_are_text_not_markup(hostile_build):
    _, out = hostile_build
    html = (out / "graph.html").read_text(encoding="utf-8")
    for payload in PAYLOADS:
        assert payload not in html
    assert "<script>document" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert "\\u003cscript\\u003edocument.body.dataset.pwned=1" in html


def test_view_payloads_stay_valid_literals(hostile_build):
    """Labels (in label form: no quote marks) and the exact surface text survive every format."""
    from kg.text import label_form
    from kg.vocab import NIF

    _, out = hostile_build
    for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        graph = Graph().parse(out / name, format=fmt)
        labels = {str(o) for o in graph.objects(None, RDFS.label) if isinstance(o, Literal)}
        anchors = {str(o) for o in graph.objects(None, NIF.anchorOf)}
        for payload in PAYLOADS:
            assert label_form(payload) in labels, (name, payload)
            assert payload in anchors, (name, payload)


@pytest.mark.skipif(not have("chromium"), reason="chromium not installed; .ci/run installs it")
def test_view_renders_offline_in_chromium_without_running_payloads(hostile_build, tmp_path):
    _, out = hostile_build
    run = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=8000",
         "--proxy-server=127.0.0.1:9", "--dump-dom", (out / "graph.html").as_uri()],
        capture_output=True, text=True, timeout=120)
    dom = run.stdout
    assert "<canvas" in dom, run.stderr[-2000:]      # vis-network drew the graph with no network
    assert "pwned" not in dom.split("<script", 1)[0]  # no payload set a marker on <body>
    assert 'data-pwned' not in dom
    assert "<img src=\"x\"" not in dom
