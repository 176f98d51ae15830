"""Fuzzing the whole per-document path with hostile generated files (marked ``slow``).

For every generated file (text mixed from policy phrases, 《》 and quotes, control
characters, lone surrogates, bidi overrides, emoji and hostile markup, written in a random
encoding, sometimes with damaged bytes): reading either succeeds or raises a coded KgError;
when it succeeds, the Turtle, N-Triples and JSON-LD outputs hold exactly the graph's triples
in both rdflib and pyoxigraph, the graph conforms to the SHACL shapes, and the HTML view
carries the text only as inert JSON.

Run:  KG_FUZZ_EXAMPLES=10000 python -m pytest -m slow tests/fuzz -p no:cacheprovider
The counts of the run are printed and written to $KG_FUZZ_REPORT (default fuzz-report.json);
with $KG_FUZZ_PROGRESS set, the running counts are written there every 100 documents.
"""
from __future__ import annotations

import datetime
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KgError

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "10000"))
POLICY = ["湖南省委", "中共中央办公厅印发", "国务院关于加快发展的意见", "汝城县沙洲村", "省委书记",
          "习近平新时代中国特色社会主义思想", "747万人", "6920个贫困村", "2017年", "脱贫攻坚",
          "省委宣传部", "理论学习中心组", "贯彻落实", "国发〔2019〕5号", "湖南省人民政府", "一带一部"]
MARKS = ["《", "》", "〈", "〉", "“", "”", "‘", "’", "「", "」", '"', "'", "。", "，", "、", "；", "！",
         "？", "(", ")", "（", "）", "…", ":", "：", "\n", "\r\n", "\r", " ", "\u3000", "\t"]
CONTROL = [chr(c) for c in range(1, 32)] + ["\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c", "\u200b", "\u200d"]
EMOJI = ["😀", "👨‍👩‍👧", "🇨🇳", "\U0001F9FF", "\U00020000", "𠮷", "️"]
MARKUP = ["<script>alert(1)</script>", "</script><script>", "<img src=x onerror=alert(1)>", "]]>",
          "<!--", "-->", "&amp;", "&#x3c;", "{{7*7}}", "${x}", '"@context"', "\\u003c", "\\", "'''",
          '"""', "<http://x>", "_:b0", "^^xsd:int", "@en", ". ", "javascript:alert(1)", "`", "</style>"]
HEADERS = ["时间:2020-02-30 10:43:49\n", "时间:2020-08-18 25:00:00\n", "发布日期:2021年3月5日\n",
           "来源:湖南在线\n", "http://www.example.cn/a?b=<c>\n", "# 标题\n", "相关新闻\n", "责任编辑:张三\n"]
piece = st.one_of(st.sampled_from(POLICY), st.sampled_from(MARKS), st.sampled_from(CONTROL),
                  st.sampled_from(BIDI), st.sampled_from(EMOJI),
                  st.sampled_from(MARKUP), st.sampled_from(HEADERS), st.text(max_size=8),
                  st.integers(1, 1500).map(lambda n: "字" * n))
texts = st.lists(piece, min_size=1, max_size=60).map("".join)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030"]


@st.composite
def documents(draw):
    text = draw(texts)
    rare = draw(st.integers(0, 15))
    if rare < 2:                                         # a lone surrogate or a NUL, now and then
        at = draw(st.integers(0, len(text)))
        text = text[:at] + (draw(st.sampled_from(SURROGATES)) if rare == 0 else "\x00") + text[at:]
    encoding = draw(st.sampled_from(ENCODINGS))
    handler = "surrogatepass" if encoding.startswith("utf") else "replace"
    data = text.encode(encoding, errors=handler)
    if draw(st.integers(0, 9)) == 0 and data:           # damage one byte in ten files
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return data, draw(st.sampled_from(["strict", "replace"])), draw(st.sampled_from([".txt", ".md"]))


def _rdflib_terms(graph):
    from rdflib import BNode, Literal

    def term(t):
        if isinstance(t, Literal):
            return ("literal", str(t), str(t.datatype or ""), t.language or "")
        return ("bnode" if isinstance(t, BNode) else "iri", str(t))
    return {tuple(term(x) for x in triple) for triple in graph}


def _oxigraph_terms(quads):
    import pyoxigraph as ox

    def term(t):
        if isinstance(t, ox.Literal):
            datatype = "" if t.language else t.datatype.value
            return ("literal", t.value, datatype, t.language or "")
        return ("bnode" if isinstance(t, ox.BlankNode) else "iri", t.value)
    return {(term(q.subject), term(q.predicate), term(q.object)) for q in quads}


def _plain(terms):
    """xsd:string and no datatype are the same literal."""
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    return {tuple(t[:2] + ("",) + t[3:] if t[0] == "literal" and t[2] == xsd_string else t for t in triple)
            for triple in terms}


SCRIPT_TAG = re.compile(r"<script\b", re.I)


def check_one(pipeline, folder: Path, case) -> str:
    """Run one generated file through the per-document path; return its outcome label."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.corpus import read_document
    from kg.export import render
    from kg.validate import validate_graph
    from kg.view import render_view, store_from_ntriples
    from kg.view.render import vis_library

    data, errors, suffix = case
    path = folder / f"doc{suffix}"
    path.write_bytes(data)
    try:
        document = read_document(path, encoding_errors=errors)
        kb = pipeline.resolve([pipeline.extract(document)])
        graph = pipeline.graph(kb)
    except KgError as exc:
        return f"coded {exc.code}"
    expected = _plain(_rdflib_terms(graph))
    payloads = render(graph, ["turtle", "nt", "jsonld"])
    for name, rd_fmt, ox_fmt in (("turtle", "turtle", ox.RdfFormat.TURTLE),
                                 ("nt", "nt", ox.RdfFormat.N_TRIPLES),
                                 ("jsonld", "json-ld", ox.RdfFormat.JSON_LD)):
        payload = payloads[name][1]
        in_rdflib = _plain(_rdflib_terms(Graph().parse(data=payload.decode("utf-8"), format=rd_fmt)))
        in_oxigraph = _plain(_oxigraph_terms(ox.parse(payload, format=ox_fmt)))
        assert in_rdflib == expected, f"{name}: rdflib reads other triples"
        assert in_oxigraph == expected, f"{name}: pyoxigraph reads other triples"
    violations = validate_graph(graph)
    assert not violations, [str(v) for v in violations[:3]]
    page = render_view(store_from_ntriples(payloads["nt"][1]), title=document.text[:40])
    html = page.replace(vis_library()[0], "")
    assert len(SCRIPT_TAG.findall(html)) == 3, "a <script> tag came from the document"
    blob = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in blob and ">" not in blob
    return "built"


def test_fuzz_documents_build_or_fail_coded(pipeline, tmp_path):
    outcomes: Counter = Counter()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=documents())
    def run(case):
        outcomes[check_one(pipeline, tmp_path, case)] += 1
        if progress and sum(outcomes.values()) % 100 == 0:
            progress.write_text(json.dumps(dict(outcomes), ensure_ascii=False) + "\n", encoding="utf-8")

    progress = Path(os.environ["KG_FUZZ_PROGRESS"]) if os.environ.get("KG_FUZZ_PROGRESS") else None
    run()
    report = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "examples": sum(outcomes.values()), "crashes": 0, "invalid_outputs": 0,
              "outcomes": dict(sorted(outcomes.items()))}
    print(json.dumps(report, ensure_ascii=False))
    Path(os.environ.get("KG_FUZZ_REPORT", "fuzz-report.json")).write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert outcomes["built"] > 0
