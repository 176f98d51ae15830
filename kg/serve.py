"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a store (Starlette + Uvicorn).

Routes:
  ``/sparql`` (and ``/query``)  GET ``?query=``, POST form ``query=`` or ``application/sparql-query``;
                                 results negotiated from ``Accept``.  Updates get 403.
  ``/``                          the build's graph.html beside the store when there is one, else the query page
  ``/ui``                        a small query page (no CDN, no external script)

Queries run in worker processes (kg.serve_pool) so the timeout really stops them; the
store is opened read-only.  Binds to 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs

from .errors import QueryError

UPDATE_TYPES = ("application/sparql-update",)
QUERY_PAGE = Path(__file__).resolve().parent / "data" / "view" / "query.html"


def refuse_update() -> tuple[int, str]:
    return 403, "kg serve is read-only: SPARQL updates are refused (rebuild with 'kg build' to change the data)"


def create_app(store: Path, timeout: float = 30.0, max_rows: int = 10000, workers: int = 2,
               html: Optional[Path] = None):
    """The ASGI app over the store folder ``store``."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from .serve_pool import QueryPool

    pool = QueryPool(store, workers, timeout, max_rows)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        yield
        await pool.stop()

    async def sparql(request: Request) -> Response:
        params = request.query_params
        if "update" in params:
            return PlainTextResponse(refuse_update()[1], 403)
        query = params.get("query")
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media in UPDATE_TYPES:
                return PlainTextResponse(refuse_update()[1], 403)
            if media == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
                if "update" in form:
                    return PlainTextResponse(refuse_update()[1], 403)
                query = form.get("query", [query])[0]
            elif media == "application/sparql-query":
                query = (await request.body()).decode("utf-8", errors="replace")
            else:
                return PlainTextResponse("POST a query as application/x-www-form-urlencoded (query=...) or "
                                         "application/sparql-query", 415)
        if not query:
            return PlainTextResponse("give a SPARQL query: ?query=... (this endpoint is read-only)", 400)
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return PlainTextResponse("default-graph-uri and named-graph-uri are not supported: "
                                     "the default graph is the union of all graphs; use GRAPH in the query", 400)
        accept = request.headers.get("accept", "*/*")
        fmt = params.get("format") or params.get("output")
        if fmt in ("json", "xml", "csv", "tsv"):
            accept = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                      "csv": "text/csv", "tsv": "text/tab-separated-values"}[fmt] + ", " + accept
        answer = await pool.run(query, accept)
        media = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") else "")
        return Response(answer.body.encode("utf-8"), answer.status, media_type=media)

    async def home(request: Request) -> Response:
        if html is not None and html.is_file():
            return FileResponse(html, media_type="text/html; charset=utf-8")
        return await page(request)

    async def page(request: Request) -> Response:
        return HTMLResponse(QUERY_PAGE.read_text(encoding="utf-8"))

    routes = [Route("/sparql", sparql, methods=["GET", "POST"]), Route("/query", sparql, methods=["GET", "POST"]),
              Route("/", home), Route("/ui", page)]
    return Starlette(routes=routes, lifespan=lifespan)


def serve(source: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          max_rows: int = 10000, workers: int = 2, echo=print) -> None:
    """Serve ``source`` (a store folder or an RDF file, loaded into a temporary store) until stopped."""
    import socket

    import uvicorn

    from .store import is_store, load_store

    source = Path(source)
    scratch = None
    if not source.exists():
        raise QueryError("E310", path=source, detail="no such store folder or RDF file (kg build writes output/store/)")
    if source.is_dir():
        if not is_store(source):
            raise QueryError("E310", path=source, detail="not an Oxigraph store folder (no CURRENT file)")
        store, html = source, source.parent / "graph.html"
    else:
        scratch = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        store, html = load_store(scratch / "store", source), source.parent / "graph.html"
    try:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise QueryError("E315", host=host, port=port, detail=exc.strerror or exc) from exc
    try:
        app = create_app(store, timeout, max_rows, workers, html)
        echo(f"kg serve: SPARQL endpoint http://{host}:{port}/sparql over {source} "
             f"(read-only, timeout {timeout:g} s, at most {max_rows} rows); query page http://{host}:{port}/ui")
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
