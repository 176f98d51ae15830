"""The store is bulk-loaded in a thread while the N-Quads are written (kg.store.StreamLoader)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.store import StreamLoader, _Feed

EX = "http://example.org/"


def _blocks(n: int) -> list[str]:
    return [f"<{EX}s{i}> <{EX}p> \"值{i}\" <{EX}g{i % 3}> .\n<{EX}s{i}> <{EX}q> <{EX}o> .\n" for i in range(n)]


@pytest.mark.parametrize("segment", [64, 1 << 20])
def test_stream_loader_loads_every_quad_across_segments(segment, monkeypatch):
    # Small segments: many bulk-load calls, each ending at a block boundary.
    monkeypatch.setattr(_Feed.__init__, "__defaults__", (2, segment))
    loader = StreamLoader(None, ontology=False)
    for block in _blocks(500):
        loader.feed(block)
    store = loader.finish()
    assert len(store) == 1000
    assert ox.Literal("值499") in {q.object for q in store.quads_for_pattern(ox.NamedNode(EX + "s499"), None, None)}
    assert {str(q.graph_name) for q in store.quads_for_pattern(None, ox.NamedNode(EX + "p"), None)} == \
        {f"<{EX}g0>", f"<{EX}g1>", f"<{EX}g2>"}


def test_stream_loader_folder_adds_the_ontology(tmp_path):
    loader = StreamLoader(tmp_path / "store")
    for block in _blocks(10):
        loader.feed(block)
    folder = loader.finish()
    store = ox.Store.read_only(str(folder))
    graphs = {str(g) for g in store.named_graphs()}
    assert "<https://w3id.org/kg-cn/ontology>" in graphs and len(store) > 20


def test_stream_loader_reports_bad_input_as_coded_error_without_hanging():
    loader = StreamLoader(None, ontology=False, lenient=False)
    loader.feed("<not an iri .\n")
    for block in _blocks(2000):          # more than the queue holds: the writer must not block
        loader.feed(block)
    with pytest.raises(QueryError) as caught:
        loader.finish()
    assert caught.value.code == "E311"


def test_stream_loader_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "x").write_text("x")
    with pytest.raises(QueryError) as caught:
        StreamLoader(tmp_path / "store")
    assert caught.value.code == "E311"


def test_stream_loader_abort_returns():
    loader = StreamLoader(None)
    loader.feed(_blocks(1)[0])
    loader.abort()
