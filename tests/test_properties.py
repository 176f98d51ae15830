"""Properties that must hold for any text: outputs parse, offsets hold, HTML never runs document text."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.corpus import parse_document
from kg.errors import InputError
from kg.export import render
from kg.view import render_view, store_from_ntriples
from kg.view.render import vis_library

PIECES = ["湖南省委", "《", "》", "“", "”", "<script>", "</script>", "<img src=x onerror=alert(1)>", "&amp;",
          '"', "'", "\\", "\n", "\r\n", "。", ",", "，", "（", "）", "(", ")", "2017年", "747万人", "%",
          "省委书记", "汝城县沙洲村", "中央办公厅印发", "\u2028", "\t", "{", "}", "⟦", "⟧", "#", "@",
          "a", "Z", "0", " ", "\u3000", "ａ", "习近平", "😀", "\x0b", "]]>", "<!--", "-->"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), min_size=1, max_size=40).map("".join)
SCRIPT_TAG = re.compile(r"<script\b", re.I)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_properties_any_text_gives_valid_outputs(pipeline, text):
    try:
        document = parse_document(text, name="random.txt")
    except InputError:
        return                                     # empty or whitespace-only text is rejected
    extraction = pipeline.extract(document)
    for m in extraction.mentions:
        assert document.text[m.start:m.end] == m.text
    kb = pipeline.resolve([extraction])
    graph = pipeline.graph(kb)
    payloads = render(graph, ["turtle", "nt", "jsonld"])
    for name, fmt in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        parsed = Graph().parse(data=payloads[name][1].decode("utf-8"), format=fmt)
        assert len(parsed) == len(graph), name
    html = render_view(store_from_ntriples(payloads["nt"][1]), title=text[:40]).replace(vis_library()[0], "")
    assert len(SCRIPT_TAG.findall(html)) == 3          # ours: data, vis-network, app
    data = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data and ">" not in data
