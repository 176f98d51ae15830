"""kg.store: bulk-loaded store folders with per-document graphs and the ontology, read-only opening."""
from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.store import ONTOLOGY_GRAPH, is_store, load_store, open_store, select


def test_store_has_document_graphs_entity_layer_and_ontology(sample_store):
    graphs = {g.value for g in sample_store.named_graphs()}
    assert ONTOLOGY_GRAPH in graphs
    assert any(g.startswith("https://w3id.org/kg-cn/id/doc-") for g in graphs)
    rows = list(select(sample_store, """SELECT ?g WHERE { GRAPH ?g { ?m a kg:Mention } } GROUP BY ?g"""))
    assert [r["g"].value.startswith("https://w3id.org/kg-cn/id/doc-") for r in rows] == [True] * len(rows)
    default = list(select(sample_store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p a kg:Place } }"))
    assert default[0]["n"].value == "0"      # entities live in the default graph only


def test_store_alignment_queries_need_no_inference(sample_store):
    rows = list(select(sample_store, """SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
        ?c rdfs:subClassOf* schema:Organization . ?x a ?c }"""))
    assert int(rows[0]["n"].value) > 0


def test_store_open_file_equals_store(sample_store_dir, sample_store):
    from_file = open_store(sample_store_dir / "graph.nq")
    assert len(from_file) == len(sample_store)


def test_store_opened_read_only_refuses_updates(sample_store):
    with pytest.raises(RuntimeError, match="read-write"):
        sample_store.update('INSERT DATA { <urn:a> <urn:b> "c" }')


@pytest.mark.parametrize("make, code, text", [
    (lambda p: p / "missing.ttl", "E302", "no such file"),
    (lambda p: (p / "x.csv").write_text("a") and p / "x.csv", "E302", "expected a store folder"),
    (lambda p: (p / "bad.ttl").write_text("<a> <b> .") and p / "bad.ttl", "E302", "cannot load graph"),
    (lambda p: (p / "empty").mkdir() or p / "empty", "E310", "not an Oxigraph store folder"),
])
def test_store_open_errors_are_coded(tmp_path, make, code, text):
    with pytest.raises(QueryError) as info:
        open_store(make(tmp_path))
    assert info.value.code == code and text in str(info.value)


def test_store_load_refuses_a_non_empty_folder(tmp_path, sample_store_dir):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "keep.txt").write_text("x")
    with pytest.raises(QueryError) as info:
        load_store(tmp_path / "store", sample_store_dir / "graph.nq")
    assert info.value.code == "E311" and (tmp_path / "store" / "keep.txt").read_text() == "x"


def test_store_load_bad_nquads_is_coded(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:b> \"unterminated .\n", encoding="utf-8")
    with pytest.raises(QueryError) as info:
        load_store(tmp_path / "store", bad)
    assert info.value.code == "E311"


def test_store_load_without_ontology(tmp_path, sample_store_dir):
    folder = load_store(tmp_path / "s", sample_store_dir / "graph.nq", ontology=False)
    assert is_store(folder)
    assert ONTOLOGY_GRAPH not in {g.value for g in open_store(folder).named_graphs()}


def test_store_fixture_glue_matches_the_builds_own_store(sample_build, sample_store):
    """The test glue (graph.nt split by kg:inDocument) gives exactly the quads of the store
    ``kg build`` writes, so the fixtures can switch to output/store/ at any time."""
    _, built = sample_build
    if not is_store(built / "store"):
        pytest.skip("this build writes no store/")
    ours = {str(q) for q in sample_store}
    theirs = {str(q) for q in open_store(built / "store")}
    assert ours == theirs
