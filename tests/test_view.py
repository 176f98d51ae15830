"""View (no browser): the model read by SPARQL, ranking, selection, search order, JSON escaping,
the CSP, opening graphs, and `kg view` on the command line."""
from __future__ import annotations

import base64
import hashlib
import json
import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from kg.cli import cli
from kg.errors import ViewError
from kg.view import open_graph, render_view
from kg.view.data import load_model
from kg.view.layout import comentions, positions, rank, select
from kg.view.payload import script_json, utf16
from kg.view.search import search

from .conftest import HOSTILE_TITLES

REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)
DATA = re.compile(r'<script id="kg-data" type="application/json">(.*?)</script>', re.S)
PAYLOADS = HOSTILE_TITLES[:3]


def payload_of(html: str) -> dict:
    return json.loads(DATA.search(html).group(1))


@pytest.fixture(scope="module")
def sample_store(sample_build):
    _, out = sample_build
    return open_graph(out / "graph.nt")


@pytest.fixture(scope="module")
def sample_model(sample_store):
    return load_model(sample_store)


def label_iri(model, label: str) -> str:
    return next(iri for iri, e in model.entities.items() if e["label"] == label)


def test_view_has_no_remote_resources_and_hashes_its_scripts(sample_build):
    _, out = sample_build
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert not REMOTE.search(html), REMOTE.search(html)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    script_src = re.search(r"script-src ([^;]+);", csp).group(1)
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2 and "vis.Network" in scripts[0] + scripts[1]   # vis-network and ours, inlined
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in script_src
    assert "Noto Sans CJK SC" in html                     # a CJK font stack is named


def test_view_model_reads_the_sample(sample_model):
    model = sample_model
    assert len(model.entities) == 69 and len(model.documents) == 1
    village, county = label_iri(model, "沙洲村"), label_iri(model, "汝城县")
    relation = model.relations[(village, "https://w3id.org/kg-cn/ontology#locatedIn", county)]
    assert relation["bg"] is False
    sentence, rule, sb, se, ob, oe = relation["evidence"][0]
    doc, begin, text = model.sentences[sentence]
    assert rule == "nested.place-in-place"
    assert text[sb - begin:se - begin] == "沙洲村" and text[ob - begin:oe - begin] == "汝城县"
    upper = model.relations[(county, "https://w3id.org/kg-cn/ontology#locatedIn", label_iri(model, "郴州市"))]
    assert upper["bg"] is True and upper["sources"] == ["source-gazetteer.admin-divisions"]
    assert "湖南" in model.entities[label_iri(model, "湖南省")]["aliases"]
    assert model.labels["locatedIn"] == {"zh": "位于", "en": "located in"}
    for sentence, begin, end, _ in model.mentions[village]:
        doc, start, text = model.sentences[sentence]
        assert text[begin - start:end - start] == "沙洲村"


def test_view_model_same_from_named_graphs(sample_build, sample_model):
    """kg build's store layout (a named graph per document, ontology in its own graph) reads the same."""
    _, out = sample_build
    flat = ox.Store()
    flat.bulk_load(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    named = ox.Store()
    doc = next(iter(sample_model.documents))
    for quad in flat:
        inside = quad.subject.value.startswith(doc) or quad.subject.value.startswith(
            "https://w3id.org/kg-cn/id/assertion-")
        graph = ox.NamedNode(doc) if inside else ox.DefaultGraph()
        named.add(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
    named.bulk_load(path=str(__import__("kg.resources", fromlist=["x"]).ontology_path("kg.ttl")),
                    format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/kg-cn/ontology"))
    assert len(list(named.quads_for_pattern(None, None, None, ox.DefaultGraph()))) < len(flat)
    model = load_model(named)
    assert model == sample_model


def test_view_rank_is_not_raw_degree(sample_model):
    scores = rank(sample_model)
    m = sample_model
    assert max(scores.values()) == 1.0
    top = sorted(scores, key=lambda iri: -scores[iri])[:3]
    assert {m.entities[i]["label"] for i in top} == {"习近平", "湖南省委", "湖南省委理论学习中心组"}
    # 郴州市 has two relations, both gazetteer facts, and one mention; a concept named once with one
    # stated relation ranks above it.
    assert scores[label_iri(m, "郴州市")] < scores[label_iri(m, "一带一部")]


def test_view_rank_weights_background_facts_down():
    from kg.view.data import Model

    ent = {f"e{i}": {"label": f"实体{i}", "type": "Place", "aliases": []} for i in range(4)}
    sentences = {"s1": ("d1", 0, "实体1在此。")}
    model = Model(entities=ent, documents={"d1": {"title": "t", "date": ""}}, sentences=sentences,
                  mentions={"e1": [("s1", 0, 3, "r")], "e0": [("s1", 0, 3, "r")]},
                  relations={("e2", "p", "e0"): {"bg": True, "evidence": [], "sources": []},
                             ("e3", "p", "e0"): {"bg": False, "evidence": [("s1", "r", 0, 1, 1, 2)],
                                                 "sources": []}})
    scores = rank(model)
    assert scores["e3"] > scores["e2"]          # a stated relation counts more than a background one


@pytest.mark.parametrize("size, places, concepts", [(5, 3, 2), (10, 7, 3), (1, 1, 0), (20, 10, 3)])
def test_view_select_keeps_types_diverse(size, places, concepts):
    """No type takes more than 30% of the first screen while other types have candidates."""
    from kg.view.data import Model

    ent = {f"p{i}": {"label": f"地{i}", "type": "Place", "aliases": []} for i in range(10)}
    ent.update({f"c{i}": {"label": f"念{i}", "type": "Concept", "aliases": []} for i in range(3)})
    scores = {iri: (1.0 if iri[0] == "p" else 0.1) - int(iri[1:]) / 100 for iri in ent}
    drawn = select(Model(entities=ent), scores, max_nodes=size)
    kinds = [ent[i]["type"] for i in drawn]
    assert (kinds.count("Place"), kinds.count("Concept")) == (places, concepts)
    assert drawn == sorted(drawn, key=lambda iri: -scores[iri])


@pytest.mark.parametrize("kwargs, expected", [
    ({"max_nodes": 5}, 5),
    ({"max_nodes": 1000}, 69),
    ({"max_nodes": 1000, "types": ["Person"]}, 1),
    ({"max_nodes": 1000, "types": ["Concept", "Campaign"]}, 33),
])
def test_view_select_caps_by_importance(sample_model, kwargs, expected):
    scores = rank(sample_model)
    drawn = select(sample_model, scores, **kwargs)
    assert len(drawn) == expected
    assert [scores[i] for i in drawn] == sorted((scores[i] for i in drawn), reverse=True)


def test_view_select_focus_hops(sample_model):
    m, scores = sample_model, rank(sample_model)
    village = label_iri(m, "沙洲村")
    one = {m.entities[i]["label"] for i in select(m, scores, focus=[village], hops=1)}
    two = {m.entities[i]["label"] for i in select(m, scores, focus=[village], hops=2)}
    assert one == {"沙洲村", "汝城县"}
    assert two == {"沙洲村", "汝城县", "郴州市"}


def test_view_positions_are_deterministic_and_distinct(sample_model):
    scores = rank(sample_model)
    drawn = select(sample_model, scores)
    co = comentions(sample_model)
    first, again = positions(sample_model, drawn, co), positions(sample_model, drawn, co)
    assert first == again and set(first) == set(drawn)
    assert len(set(first.values())) == len(drawn)


ENTITIES = {
    "a": {"label": "湖南省", "aliases": ["湖南"]},
    "b": {"label": "湖南省委", "aliases": ["省委"]},
    "c": {"label": "富饶美丽幸福新湖南", "aliases": []},
    "d": {"label": "湖南", "aliases": []},
    "e": {"label": "中共湖南省委宣传部", "aliases": ["湖南省委宣传部"]},
}


@pytest.mark.parametrize("query, scores, expected", [
    ("湖南", {}, ["d", "a", "b", "e", "c"]),            # exact label, alias, prefix (label, alias), substring
    ("湖南省委", {}, ["b", "e"]),
    ("省委", {}, ["b", "e"]),                            # alias exact beats substring
    ("湖南省", {"e": 1.0}, ["a", "e", "b"]),             # among prefixes the more important first
    ("  富饶美丽幸福新湖南 ", {}, ["c"]),
    ("上海", {}, []),
    ("", {}, []),
])
def test_view_search_order(query, scores, expected):
    assert search(ENTITIES, query, scores) == expected


@pytest.mark.parametrize("value", [
    "</script><script>alert(1)</script>", "<!--", "]]>", "a & b", "\u2028\u2029", '"}]}', "<\\/script>",
    "\x00\x1f", "😀𠀀",
])
def test_view_script_json_cannot_close_the_block(value):
    text = script_json({"label": value, "list": [value]})
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == {"label": value, "list": [value]}


@pytest.mark.parametrize("text, index, expected", [("汝城县", 2, 2), ("𠀀汝城县", 1, 2), ("😀a😀b", 4, 6), ("ab", 9, 2)])
def test_view_utf16_offsets(text, index, expected):
    assert utf16(text, index) == expected


def test_view_payload_evidence_offsets(sample_store):
    data = payload_of(render_view(sample_store, title="t"))
    labels = [n[1] for n in data["nodes"]]
    edge = next(e for e in data["edges"] if labels[e[0]] == "沙洲村" and labels[e[1]] == "汝城县")
    sentence, rule, ss, se, os_, oe = edge[4][0]
    text = data["sents"][sentence][1]
    assert text[ss:se] == "沙洲村" and text[os_:oe] == "汝城县" and data["rules"][rule] == "nested.place-in-place"
    assert data["preds"][edge[2]] == ["locatedIn", "位于", "located in"]
    village = data["nodes"][labels.index("沙洲村")]
    for sent, start, end, _ in village[6]:
        assert data["sents"][sent][1][start:end] == "沙洲村"
    assert len(data["drawn"]) == 69 and data["focus"] == -1


def test_view_is_deterministic(sample_store):
    assert render_view(sample_store, title="t") == render_view(sample_store, title="t")


def test_view_payloads_are_text_not_markup(hostile_build):
    _, out = hostile_build
    html = (out / "graph.html").read_text(encoding="utf-8")
    for payload in PAYLOADS:
        assert payload not in html
    assert "<script>document" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert "\\u003cscript\\u003edocument.body.dataset.pwned=1" in html
    assert "innerHTML" not in html.split('<script id="kg-data"')[1].rsplit("<script>", 1)[1]


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


@pytest.mark.parametrize("name, content, detail", [
    ("missing.ttl", None, "no such file or directory"),
    ("graph.csv", "a,b\n", "unknown file type '.csv'"),
    ("bad.ttl", "<a> <b> .\n", ""),
])
def test_view_open_graph_errors(tmp_path, name, content, detail):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ViewError) as caught:
        open_graph(path)
    assert caught.value.code == "E701" and str(caught.value).startswith(f"[E701] {path}: cannot open graph: ")
    assert detail in str(caught.value)


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld"])
def test_view_open_graph_reads_every_build_format(sample_build, name):
    _, out = sample_build
    assert len(load_model(open_graph(out / name)).entities) == 69


def test_view_open_graph_reads_quads_with_named_graphs(sample_build, tmp_path):
    _, out = sample_build
    flat = open_graph(out / "graph.nt")
    doc = ox.NamedNode("https://w3id.org/kg-cn/id/doc-78f7e79b0cf66c3e")
    quads = [ox.Quad(q.subject, q.predicate, q.object, doc if q.subject.value.startswith(doc.value) else
                     ox.DefaultGraph()) for q in flat]
    for suffix, fmt in ((".nq", ox.RdfFormat.N_QUADS), (".trig", ox.RdfFormat.TRIG)):
        path = tmp_path / ("graph" + suffix)
        ox.serialize(quads, output=str(path), format=fmt)
        assert len(load_model(open_graph(path)).entities) == 69


def test_view_open_graph_store_folder_read_only(tmp_path, sample_build):
    _, out = sample_build
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    store.bulk_load(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store
    opened = open_graph(folder)
    assert len(load_model(opened).entities) == 69
    with pytest.raises((OSError, RuntimeError), match="read-write|read only|read-only"):
        opened.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))


def test_view_cli_writes_a_focused_view(sample_build, tmp_path):
    _, out = sample_build
    target = tmp_path / "v.html"
    run = CliRunner().invoke(cli, ["view", str(out / "graph.ttl"), "--out", str(target), "--focus", "沙洲村",
                                   "--hops", "2"])
    assert run.exit_code == 0, run.output
    assert run.output == f"wrote {target}\n"
    data = payload_of(target.read_text(encoding="utf-8"))
    drawn = {data["nodes"][d[0]][1] for d in data["drawn"]}
    assert drawn == {"沙洲村", "汝城县", "郴州市"} and data["nodes"][data["focus"]][1] == "沙洲村"


@pytest.mark.parametrize("args, code, message", [
    (["--focus", "不存在的实体"], "E702", "no entity matches --focus '不存在的实体'"),
    (["--types", "Person,Planet"], "E703", "unknown entity type(s) Planet in --types"),
])
def test_view_cli_errors(sample_build, tmp_path, capsys, args, code, message):
    from kg.cli import main

    _, out = sample_build
    target = tmp_path / "v.html"
    with pytest.raises(SystemExit) as exited:
        main(["view", str(out / "graph.ttl"), "--out", str(target), *args])
    assert exited.value.code == 1
    assert capsys.readouterr().err.startswith(f"kg: error: [{code}] {message}")
    assert not target.exists()
