"""Executors: the per-document stages on a Dask cluster give the bytes of a local build."""
from __future__ import annotations

import pytest

from kg.executor import EXECUTORS
from kg.pipeline import BuildOptions, build

from .test_build import OUTPUTS, TEXTS


def test_executor_registry_names():
    assert EXECUTORS.names() == ["dask", "local"]


@pytest.mark.parametrize("processes", [
    False,                                                   # threads: the executor path, quickly
    pytest.param(True, marks=pytest.mark.slow),              # worker processes load the engine
])
def test_executor_dask_local_cluster_is_byte_identical_to_a_local_build(tmp_path, processes):
    distributed = pytest.importorskip("distributed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    build(BuildOptions(inputs=[corpus], out=tmp_path / "local", cache_dir=str(cache), html=False, store=False))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=processes,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        result = build(BuildOptions(inputs=[corpus], out=tmp_path / "dask", cache_dir=str(tmp_path / "cache2"),
                                    html=False, store=False, executor="dask", scheduler=client))
    assert not result.cached
    for name in OUTPUTS:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def test_executor_dask_without_scheduler_is_a_coded_error(tmp_path):
    pytest.importorskip("distributed")
    from kg.errors import KgError

    (tmp_path / "a.txt").write_text(TEXTS["a.txt"], encoding="utf-8")
    with pytest.raises(KgError) as info:
        build(BuildOptions(inputs=[tmp_path / "a.txt"], out=tmp_path / "o", executor="dask",
                           cache_dir=str(tmp_path / "cache")))
    assert info.value.code == "E803" and "--scheduler" in str(info.value)
