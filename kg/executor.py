"""Where per-document tasks run: in this process, a local process pool, or a Dask cluster.

Every executor maps a task function over tasks and yields the results **in task
order**, so the output never depends on how many workers there are.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable, Iterator, Optional

from .errors import KgError
from .registry import Registry

EXECUTORS: Registry = Registry("executor")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@EXECUTORS.register("local")
class LocalExecutor:
    """A pool of forked processes (they inherit the loaded engine), or plain calls for one job."""

    def __init__(self, jobs: int = 1, scheduler: Optional[str] = None) -> None:
        if jobs < 1:
            raise KgError("E802", value=jobs)
        self.jobs = jobs
        self._pool = None

    def start(self) -> None:
        """Fork the workers now (before the caller starts threads of its own)."""
        if self.jobs > 1 and self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = context.Pool(self.jobs)

    def map(self, func: Callable, tasks: Iterable, chunksize: int = 1) -> Iterator:
        tasks = list(tasks)
        if self.jobs == 1 or (len(tasks) <= 1 and self._pool is None):
            return map(func, tasks)
        self.start()
        return self._pool.imap(func, tasks, chunksize=max(1, chunksize))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


@EXECUTORS.register("dask")
class DaskExecutor:
    """Tasks on a dask.distributed cluster; results come back in task order.

    Workers load the engine once each, from the compiled cache when they share the disk,
    else by loading the rules themselves."""

    def __init__(self, jobs: int = 1, scheduler: Optional[str] = None) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise KgError("E602", name="distributed", detail=str(exc)) from exc
        if not scheduler:
            raise KgError("E803", address="(none)", detail="--executor dask needs --scheduler ADDRESS")
        try:
            self._client = scheduler if not isinstance(scheduler, str) else Client(scheduler, timeout=10)
        except (OSError, TimeoutError) as exc:
            raise KgError("E803", address=scheduler, detail=str(exc)) from exc
        self._own = isinstance(scheduler, str)

    def start(self) -> None:
        """Nothing to start: the cluster's workers are already running."""

    def map(self, func: Callable, tasks: Iterable, chunksize: int = 1) -> Iterator:
        tasks = list(tasks)
        futures = self._client.map(func, tasks, pure=False)
        for future in futures:          # in task order, whatever order they finish in
            yield future.result()

    def close(self) -> None:
        if self._own:
            self._own = False
            self._client.close()


def make_executor(name: str, jobs: int, scheduler=None):
    return EXECUTORS.get(name)(jobs=jobs, scheduler=scheduler)
