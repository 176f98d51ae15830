"""Dispatch order of a parallel build: largest documents first within windows, results merged
in input order with few of them waiting."""
from __future__ import annotations

from types import SimpleNamespace

from kg import build as B


def _tasks(tmp_path, sizes):
    tasks = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"d{i:03d}.txt"
        path.write_text("字" * size, encoding="utf-8")
        tasks.append(SimpleNamespace(path=str(path), cache_key=f"k{i:03d}"))
    return tasks


def test_largest_first_within_each_window(tmp_path):
    tasks = _tasks(tmp_path, [1, 5, 3, 9, 2, 8, 4, 7])
    order = [t.cache_key for t in B._largest_first(tasks, window=4)]
    assert order == ["k003", "k001", "k002", "k000", "k005", "k007", "k006", "k004"]
    assert sorted(order) == [t.cache_key for t in tasks]        # every task once


def test_results_wait_at_most_about_a_window(tmp_path):
    tasks = _tasks(tmp_path, [(i * 37) % 101 + 1 for i in range(300)])
    order = B._largest_first(tasks, window=20)
    keys = [t.cache_key for t in tasks]
    waiting_peak = 0

    class Counting(dict):
        def __setitem__(self, key, value):
            nonlocal waiting_peak
            super().__setitem__(key, value)
            waiting_peak = max(waiting_peak, len(self))

    results = iter(order)
    out, waiting = [], Counting()
    for key in keys:                          # the same loop as kg.build._in_order
        while key not in waiting:
            result = next(results)
            waiting[result.cache_key] = result
        out.append(waiting.pop(key).cache_key)
    assert out == keys
    assert waiting_peak <= 20
    assert [r.cache_key for r in B._in_order(iter(order), keys)] == keys


def test_cache_prune_keeps_the_newest_entries(tmp_path):
    import os

    from kg.cache import Cache

    cache = Cache(tmp_path)
    for i in range(6):
        assert cache.save("engine", f"{i:02d}" + "a" * 62, {"engine": i})
        os.utime(cache.path("engine", f"{i:02d}" + "a" * 62), ns=(i * 10**9, i * 10**9))
    cache.save("docs", "ff" + "b" * 62, "kept: another kind")
    assert cache.prune("engine", keep=4) == 2
    assert [cache.has("engine", f"{i:02d}" + "a" * 62) for i in range(6)] == [False, False, True, True, True, True]
    assert cache.load("engine", "05" + "a" * 62) == {"engine": 5}
    assert cache.has("docs", "ff" + "b" * 62)
    assert cache.prune("engine", keep=4) == 0
