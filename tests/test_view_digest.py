"""The build's view reads mentions from digests of the triples it writes (kg.view.digest);
``kg view`` reads them with SPARQL.  Both must give the same model and the same page."""
from __future__ import annotations

import shutil

import pytest

from kg.pipeline import BuildOptions, build
from kg.store import data_graphs, graph_triples, open_store
from kg.view.data import Model, load_model
from kg.view.digest import MAX_EVIDENCE, MAX_SENTENCES, Digest, digest_triples
from kg.view.render import render_view

from .conftest import SEEDS

NEWS = ("时间:2026-03-02 来源:新闻联播\n湖南省委召开常委会议\n"
        "湖南省委书记沈晓明主持会议。会议强调，汝城县沙洲村要巩固脱贫成果。\n"
        "省委宣传部负责同志出席会议。沈晓明在沙洲村调研。\n")


N_NEWS = MAX_EVIDENCE + 3


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("digest-corpus")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    # More stories stating 沙洲村 locatedIn 汝城县 than the view keeps evidence rows for.
    for day in range(1, N_NEWS + 1):
        text = NEWS.replace("2026-03-02", f"2026-03-{day:02d}")
        (folder / f"news-{day}.txt").write_text(text if day % 2 else text.replace("调研", "考察"), encoding="utf-8")
    out = folder / "out"
    result = build(BuildOptions(inputs=[folder], out=out, jobs=1))
    return result, out


def test_build_page_equals_the_page_drawn_from_its_store(corpus_build):
    result, out = corpus_build
    store = open_store(out / "store")
    page = render_view(store, title=f"kg · {len(result.summaries)} documents")
    assert (out / "graph.html").read_text(encoding="utf-8") == page


def test_digest_of_the_graphs_gives_the_sparql_model(corpus_build):
    _, out = corpus_build
    store = open_store(out / "store")
    digest = Digest()
    for graph in data_graphs(store):
        digest.merge(digest_triples(graph_triples(store, graph)))
    by_sparql, by_digest = load_model(store), load_model(store, digest)
    assert by_sparql == by_digest
    village = next(i for i, e in by_sparql.entities.items() if e["label"] == "沙洲村")
    assert by_sparql.total(village) >= 4 and len(by_sparql.docs_of(village)) == 1 + N_NEWS
    assert any(e["evidence"] for e in by_sparql.relations.values())


def test_build_digest_keeps_a_few_evidence_rows_per_relation_and_counts_them_all(corpus_build):
    _, out = corpus_build
    store = open_store(out / "store")
    graphs = data_graphs(store)
    layer = digest_triples(graph_triples(store, graphs[0]))
    layer.bounded = True                      # as kg build does
    for graph in graphs[1:]:
        layer.merge(digest_triples(graph_triples(store, graph)))
    assert layer.kept and all(len(rows) <= MAX_EVIDENCE for rows in layer.kept.values())
    by_digest, by_sparql = load_model(store, layer), load_model(store)
    assert by_digest == by_sparql
    village = next(i for i, e in by_sparql.entities.items() if e["label"] == "沙洲村")
    located = next(r for (s, p, o), r in by_sparql.relations.items() if s == village and p.endswith("locatedIn")
                   and not r["bg"])
    assert located["count"] >= N_NEWS and len(located["evidence"]) == MAX_EVIDENCE


def test_digest_keeps_the_first_sentences_and_counts_every_mention():
    d = Digest()
    doc = "urn:d"
    for i in range(20):
        d.add_sentence(f"urn:s{i:02d}", doc, i * 10, f"句{i}")
        d.add_mention("urn:e", f"urn:s{i:02d}", i * 10, i * 10 + 2, "r")
        d.add_mention("urn:f", f"urn:s{i:02d}", i * 10 + 3, i * 10 + 5, "r")
    d.add_mention("urn:e", "urn:missing", 0, 1, "r")     # no such sentence: not a mention
    d.close()
    other = Digest()
    other.add_sentence("urn:s00a", "urn:d2", 0, "另一句")
    other.add_mention("urn:e", "urn:s00a", 0, 2, "r")
    other.close()
    d.merge(other)
    model = Model(entities={"urn:e": {"label": "e", "type": "Place", "aliases": []},
                            "urn:f": {"label": "f", "type": "Place", "aliases": []}})
    d.apply(model)
    assert model.total("urn:e") == 21
    assert model.docs_of("urn:e") == {"urn:d": 20, "urn:d2": 1}
    kept = [s for s, *_ in model.mentions["urn:e"]]
    assert kept == ["urn:s00", "urn:s00a", "urn:s01", "urn:s02", "urn:s03", "urn:s04"][:MAX_SENTENCES]
    assert model.pair_counts()[("urn:e", "urn:f")] == 20
    assert set(model.sentences) == {s for items in model.mentions.values() for s, *_ in items}
