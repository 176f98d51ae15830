"""Pausing Python's cyclic garbage collector around work that allocates many objects.

Unpickling the engine (millions of long-lived objects) or running one document's task
with the cyclic GC on makes it rescan a large heap many times over; reference counting
frees almost everything anyway.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused_gc(*, freeze: bool = False):
    """Run the block without the cyclic GC.  Afterwards either ``freeze`` what now lives
    (the engine: out of every later collection, its pages left shared with forked workers)
    or collect the young generation (one task's cyclic garbage)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if freeze:
            gc.freeze()
        elif enabled:
            gc.collect(0)
