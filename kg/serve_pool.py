"""Worker processes that run SPARQL for ``kg serve``, each with the store opened read-only.

Oxigraph evaluates a query inside one native call that Python cannot interrupt, so the
per-query timeout is enforced by process: a worker that does not answer in time is
killed and replaced, and the client gets a clear timeout error.  Workers are started
with ``spawn`` (no fork of the server's threads); a request waits for a free worker.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import re
import time
from dataclasses import dataclass
from pathlib import Path

SERVICE = re.compile(r"\bSERVICE\s+(SILENT\s+)?[<?$]|\bSERVICE\s+[A-Za-z][\w-]*:", re.I)


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: str


def _work(conn, store_path: str, max_rows: int) -> None:
    """Worker loop: (sparql, accept) in, Answer fields out; never writes to the store."""
    import pyoxigraph as ox

    from .errors import KgError
    from .results import (CANONICAL, TooManyRows, negotiate, render_boolean, render_solutions,
                          render_triples)
    from .store import QUERY_PREFIXES, open_store

    store = open_store(store_path)
    conn.send(("ready",))
    while True:
        try:
            sparql, accept = conn.recv()
        except EOFError:
            return
        try:
            answer = store.query(sparql, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True)
            graph = not isinstance(answer, (ox.QueryBoolean, ox.QuerySolutions))
            fmt = negotiate(accept, graph)
            if fmt is None:
                conn.send((406, "text/plain", f"cannot answer with any type in Accept: {accept}; offered: "
                           + ", ".join(sorted({CANONICAL[f] for f in ((
                               "turtle", "nt", "jsonld") if graph else ("json", "xml", "csv", "tsv"))}))))
                continue
            if isinstance(answer, ox.QueryBoolean):
                body = render_boolean(bool(answer), fmt)
            elif isinstance(answer, ox.QuerySolutions):
                body = render_solutions(answer, fmt, max_rows)
            else:
                body = render_triples(answer, fmt, max_rows)
            conn.send((200, CANONICAL[fmt], body))
        except SyntaxError as exc:
            conn.send((400, "text/plain", "SPARQL syntax error: " + " ".join(str(exc).split())))
        except TooManyRows:
            conn.send((422, "text/plain", f"the result has more than {max_rows} rows (kg serve --max-rows); "
                       "add LIMIT or restart kg serve with a larger --max-rows"))
        except (OSError, ValueError, RuntimeError, KgError) as exc:
            conn.send((400, "text/plain", "query failed: " + " ".join(str(exc).split())))


class Worker:
    def __init__(self, store_path: str, max_rows: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_work, args=(child, store_path, max_rows), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float = 60.0) -> None:
        if not self.conn.poll(timeout) or self.conn.recv() != ("ready",):
            raise RuntimeError("a query worker did not start")

    def ask(self, sparql: str, accept: str, timeout: float):
        """Answer fields, or None when the worker did not answer within ``timeout`` seconds."""
        self.conn.send((sparql, accept))
        if self.conn.poll(timeout):
            return self.conn.recv()
        return None

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``size`` workers over one store folder; ``run`` is a coroutine for the ASGI app."""

    def __init__(self, store_path: Path, size: int, timeout: float, max_rows: int) -> None:
        self.store_path, self.size, self.timeout, self.max_rows = str(store_path), size, timeout, max_rows
        self.idle: asyncio.Queue = asyncio.Queue()

    async def start(self) -> None:
        workers = [Worker(self.store_path, self.max_rows) for _ in range(self.size)]
        for worker in workers:
            await asyncio.to_thread(worker.wait_ready)
            self.idle.put_nowait(worker)

    async def stop(self) -> None:
        while not self.idle.empty():
            self.idle.get_nowait().stop()

    async def _replace(self) -> None:
        replacement = Worker(self.store_path, self.max_rows)
        await asyncio.to_thread(replacement.wait_ready)
        self.idle.put_nowait(replacement)

    async def run(self, sparql: str, accept: str) -> Answer:
        if SERVICE.search(sparql):
            return Answer(403, "text/plain", "SERVICE is refused: kg serve never fetches anything from the network")
        worker = await self.idle.get()
        started = time.monotonic()
        try:
            reply = await asyncio.to_thread(worker.ask, sparql, accept, self.timeout)
        except (OSError, EOFError):
            reply = ()
        if not reply:
            worker.stop()
            asyncio.get_running_loop().create_task(self._replace())
            if reply is None:
                return Answer(503, "text/plain", f"query timed out after {time.monotonic() - started:.1f} s "
                              f"(kg serve --timeout {self.timeout:g}); it was stopped")
            return Answer(500, "text/plain", "the query worker failed; it was restarted")
        self.idle.put_nowait(worker)
        return Answer(*reply)
