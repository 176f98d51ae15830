"""Corpus builds: workers, byte-identical output for any --jobs, the incremental cache,
the store, and per-stage summaries."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.pipeline import BuildOptions, build

from .conftest import SAMPLE

TEXTS = {
    "a.txt": "湖南省委召开全会。汝城县沙洲村开展红色教育。省委书记出席会议并讲话。",
    "b.txt": "中共中央办公厅印发《中国共产党党委（党组）理论学习中心组学习规则》。2017年各地认真落实。",
    "c.txt": "国务院总理李强主持召开国务院常务会议。会议听取了关于推进新型工业化的汇报。",
    "d.txt": "中央办公厅印发《党委（党组）理论学习中心组学习规则》，要求各级党委认真学习。",
}
OUTPUTS = ("graph.ttl", "graph.nt", "graph.jsonld")


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build(inputs, out, cache, **options):
    options.setdefault("html", False)
    return build(BuildOptions(inputs=[str(p) for p in inputs], out=out, cache_dir=str(cache), **options))


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_build_output_is_byte_identical_for_any_jobs(corpus, tmp_path):
    one = _build([corpus], tmp_path / "j1", tmp_path / "cache1", jobs=1)
    two = _build([corpus], tmp_path / "j2", tmp_path / "cache2", jobs=2)
    assert _bytes(tmp_path / "j1") == _bytes(tmp_path / "j2")
    assert one.triples == two.triples > 0
    assert not one.cached and not two.cached


def test_build_merges_title_variants_across_documents(corpus, tmp_path):
    """《党委（党组）…规则》 in d.txt and 《中国共产党党委（党组）…规则》 in b.txt are one Policy,
    although the two documents are resolved in different workers."""
    _build([corpus], tmp_path / "o", tmp_path / "cache", jobs=2)
    nt = (tmp_path / "o" / "graph.nt").read_text(encoding="utf-8")
    policies = {line.split(" ")[0] for line in nt.splitlines()
                if '"中国共产党党委（党组）理论学习中心组学习规则"@zh' in line and "#label>" in line}
    assert len(policies) == 1
    alt = [line for line in nt.splitlines() if '"党委（党组）理论学习中心组学习规则"@zh' in line]
    assert alt and all(line.startswith(next(iter(policies))) for line in alt)


def test_build_unchanged_rebuild_extracts_nothing(corpus, tmp_path):
    out, cache = tmp_path / "o", tmp_path / "cache"
    first = _build([corpus], out, cache)
    before = _bytes(out)
    again = _build([corpus], out, cache)
    assert again.up_to_date and _bytes(out) == before
    assert len(again.documents) == len(first.documents) == 4
    assert "extract" not in again.seconds
    assert len([p for p in (cache / "docs").iterdir() if p.is_dir()]) == 1    # one fingerprint's space


def test_build_cache_keeps_the_document_entries_of_recent_fingerprints_only(tmp_path):
    """Every change of code or rules makes a new fingerprint whose entries the old ones can
    never serve: the build keeps the spaces of the four most recent and the current one."""
    import os

    from kg.cache import Cache, doc_space, document_key

    cache = Cache(tmp_path)
    prints = [c * 64 for c in "abcdef"]
    for age, fingerprint in enumerate(prints):
        assert cache.save("docs", document_key(fingerprint, b"text"), age)
        os.utime(tmp_path / "docs" / doc_space(fingerprint), (1000 + age, 1000 + age))
    old_layout = tmp_path / "docs" / "ab"
    old_layout.mkdir()
    (old_layout / ("ab" + "0" * 62 + ".pkl")).write_bytes(b"")
    assert cache.prune_spaces("docs", doc_space(prints[0]), keep=4) == 3
    kept = sorted(p.name for p in (tmp_path / "docs").iterdir())
    assert kept == sorted(doc_space(f) for f in (prints[0], prints[3], prints[4], prints[5]))
    assert cache.load("docs", document_key(prints[0], b"text")) == 0      # the current one, used now


def test_build_new_document_is_the_only_one_extracted(corpus, tmp_path):
    out, cache = tmp_path / "o", tmp_path / "cache"
    _build([corpus], out, cache)
    (corpus / "e.txt").write_text("浙江省委召开会议。杭州市西湖区推进数字经济。", encoding="utf-8")
    again = _build([corpus], out, cache)
    fresh = [d.name for d in again.documents if not d.cached]
    assert fresh == ["e.txt"] and len(again.cached) == 4
    nt = (out / "graph.nt").read_text(encoding="utf-8")
    assert '"西湖区"@zh' in nt


RULES = ("rules:\n  - id: my.lexicon\n    kind: lexicon\n    type: Concept\n"
         "    entries: [红色教育]\n    examples:\n      - text: 开展红色教育。\n"
         "        entities: [红色教育/Concept]\n")


def test_build_editing_a_rule_file_changes_every_document_key(corpus, tmp_path):
    """The cache key of a document holds the fingerprint of every rule file: an edit to one
    misses every entry (and the compiled engine), an unchanged file hits them all."""
    from kg.cache import document_key, engine_fingerprint

    rules = tmp_path / "mine.yaml"
    rules.write_text(RULES, encoding="utf-8")
    data = (corpus / "a.txt").read_bytes()
    before = engine_fingerprint([rules], "rjieba")
    assert engine_fingerprint([rules], "rjieba") == before
    rules.write_text(RULES.replace("[红色教育]", "[红色教育, 数字经济]"), encoding="utf-8")
    after = engine_fingerprint([rules], "rjieba")
    assert after != before and document_key(after, data) != document_key(before, data)
    assert engine_fingerprint([rules], "jieba") != after          # the segmenter counts too


@pytest.mark.slow
def test_build_editing_a_rule_file_invalidates_the_cache(corpus, tmp_path):
    out, cache = tmp_path / "o", tmp_path / "cache"
    rules = tmp_path / "mine.yaml"
    rules.write_text(RULES, encoding="utf-8")
    _build([corpus], out, cache, rules=[rules])
    assert len(_build([corpus], out, cache, rules=[rules]).cached) == 4
    rules.write_text(RULES.replace("[红色教育]", "[红色教育, 数字经济]"), encoding="utf-8")
    edited = _build([corpus], out, cache, rules=[rules])
    assert not edited.up_to_date and edited.cached == []


def test_build_writes_a_store_with_named_graphs_and_the_ontology(tmp_path):
    import pyoxigraph as ox

    _build([SAMPLE], tmp_path / "o", tmp_path / "cache")
    store = ox.Store.read_only(str(tmp_path / "o" / "store"))
    graphs = {g.value for g in store.named_graphs()}
    assert "https://w3id.org/kg-cn/ontology" in graphs
    assert any(g.startswith("https://w3id.org/kg-cn/id/doc-") for g in graphs)
    ask = ("ASK { ?x a <https://w3id.org/kg-cn/ontology#Place> ; "
           "<http://www.w3.org/2000/01/rdf-schema#label> \"汝城县\"@zh . "
           "<https://w3id.org/kg-cn/ontology#Place> <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?c }")
    assert store.query(ask, use_default_graph_as_union=True)
    nt_count = sum(1 for _ in open(tmp_path / "o" / "graph.nt", encoding="utf-8"))
    data = sum(1 for q in store.quads_for_pattern(None, None, None)
               if q.graph_name != ox.NamedNode("https://w3id.org/kg-cn/ontology"))
    assert data == nt_count


def test_build_draws_the_view_without_waiting_for_a_store(corpus, tmp_path):
    """The page comes from the build's digest: with --no-store no store is made at all (not
    even in memory), and the page is the one a build with a store writes."""
    with_store = _build([corpus], tmp_path / "a", tmp_path / "cache", html=True)
    without = _build([corpus], tmp_path / "b", tmp_path / "cache", html=True, store=False)
    assert not (tmp_path / "b" / "store").exists() and (tmp_path / "a" / "store").is_dir()
    page = (tmp_path / "b" / "graph.html").read_text(encoding="utf-8")
    assert page == (tmp_path / "a" / "graph.html").read_text(encoding="utf-8")
    assert "沙洲村" in page
    assert [p.name for p in without.written][-2:] == ["graph.html", "build.json"]


def test_build_summary_reports_time_per_stage(corpus, tmp_path):
    result = _build([corpus], tmp_path / "o", tmp_path / "cache", jobs=1)
    assert {"scan", "extract", "merge", "render", "write", "store"} <= set(result.seconds)
    assert all(s.seconds.get("segment", 0) >= 0 for s in result.documents)


def test_build_rdflib_graph_is_still_available(tmp_path):
    result = _build([SAMPLE], tmp_path / "o", tmp_path / "cache", store=False)
    assert len(result.graph) == result.triples


def test_build_copies_of_the_same_text_count_once(corpus, tmp_path):
    shutil.copy(corpus / "a.txt", corpus / "a-copy.txt")
    result = _build([corpus], tmp_path / "o", tmp_path / "cache")
    assert len(result.documents) == 4
    assert [Path(d.path).name for d in result.scan.duplicates] == ["a.txt"]
