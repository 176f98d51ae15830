"""Query stage: run SPARQL over a built graph with a pluggable store (Oxigraph or rdflib)."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .errors import KgError, QueryError
from .vocab import PREFIXES

FORMATS_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}
#: engine name -> store class; a store loads a graph file and answers ``query(sparql) -> Result``.
STORES: dict[str, Callable[[Path], object]] = {}


def store(name: str):
    def register(cls):
        STORES[name] = cls
        return cls
    return register


@dataclass
class Result:
    """A query answer: rows of (variable -> term) for SELECT, or a boolean for ASK."""

    variables: list[str]
    rows: list[dict[str, Optional["Term"]]]
    boolean: Optional[bool] = None


@dataclass(frozen=True)
class Term:
    kind: str            # uri, literal, bnode
    value: str
    datatype: str = ""
    lang: str = ""


def prefix_text(query: str) -> str:
    """The standard prefixes the query does not declare itself, as ONE line without a line
    break, so that line numbers in error messages stay the user's (see relocate_error)."""
    declared = {m.group(1).lower() for m in re.finditer(r"(?im)^\s*PREFIX\s+([^\s:]*):", query)}
    return "".join(f"PREFIX {p}: <{ns}> " for p, ns in PREFIXES.items() if p.lower() not in declared)


def with_prefixes(query: str) -> str:
    """Declare the standard prefixes unless the query declares its own of the same name."""
    return prefix_text(query) + query


@store("oxigraph")
class OxigraphStore:
    """pyoxigraph: fast parsing and query evaluation (the default)."""

    def __init__(self, path: Path) -> None:
        import pyoxigraph as ox

        fmt = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "json-ld": ox.RdfFormat.JSON_LD}[_format(path)]
        self.store = ox.Store()
        try:
            self.store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError("E302", path=path, detail=str(exc).splitlines()[0]) from exc

    def query(self, sparql: str, max_rows: Optional[int] = None) -> Result:
        import pyoxigraph as ox

        shift = len(prefix_text(sparql))
        try:
            answer = self.store.query(with_prefixes(sparql))
            if isinstance(answer, ox.QueryBoolean):
                return Result([], [], bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                variables = [v.value for v in answer.variables]
                rows = [{v: _ox_term(solution[v]) for v in variables} for solution in capped(answer, max_rows)]
                return Result(variables, rows)
            rows = [{"subject": _ox_term(t.subject), "predicate": _ox_term(t.predicate),
                     "object": _ox_term(t.object)} for t in capped(answer, max_rows)]
        except SyntaxError as exc:
            raise QueryError("E301", detail=relocate_error(" ".join(str(exc).split()), shift)) from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError("E303", detail=" ".join(str(exc).split())) from exc
        return Result(["subject", "predicate", "object"], rows)


def _ox_term(term) -> Optional[Term]:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    datatype = term.datatype.value if term.datatype and not term.language else ""
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = ""          # plain literal, as SPARQL JSON results write it
    return Term("literal", term.value, datatype, term.language or "")


@store("rdflib")
class RdflibStore:
    """rdflib: pure Python; fine for small graphs."""

    def __init__(self, path: Path) -> None:
        from rdflib import Graph

        self.graph = Graph()
        try:
            self.graph.parse(str(path), format=_format(path))
        except Exception as exc:  # rdflib raises many parser-specific types
            raise QueryError("E302", path=path, detail=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc

    def query(self, sparql: str, max_rows: Optional[int] = None) -> Result:
        from pyparsing import ParseException
        from rdflib.plugins import sparql as rdflib_sparql
        from rdflib import BNode, Literal, URIRef

        def term(value) -> Optional[Term]:
            if value is None:
                return None
            if isinstance(value, URIRef):
                return Term("uri", str(value))
            if isinstance(value, BNode):
                return Term("bnode", str(value))
            if isinstance(value, Literal):
                datatype = "" if value.language or value.datatype is None else str(value.datatype)
                if datatype == "http://www.w3.org/2001/XMLSchema#string":
                    datatype = ""
                return Term("literal", str(value), datatype, value.language or "")
            return Term("literal", str(value))

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False          # FROM <url> must never fetch
        shift = len(prefix_text(sparql))
        try:
            answer = self.graph.query(with_prefixes(sparql))
            if answer.type == "ASK":
                return Result([], [], bool(answer.askAnswer))
            if answer.type == "SELECT":
                variables = [str(v) for v in answer.vars]
                return Result(variables, [{v: term(row[i]) for i, v in enumerate(variables)}
                                          for row in capped(answer, max_rows)])
            rows = [{"subject": term(s), "predicate": term(p), "object": term(o)}
                    for s, p, o in capped(answer, max_rows)]
        except ParseException as exc:
            col = exc.col - shift if exc.lineno == 1 else exc.col
            raise QueryError("E301", detail=f"{exc.msg} at line {exc.lineno}, column {col}") from exc
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError("E303", detail=" ".join(str(exc).split())) from exc
        return Result(["subject", "predicate", "object"], rows)


def _format(path: Path) -> str:
    if not path.exists():
        raise QueryError("E302", path=path, detail="no such file")
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise QueryError("E302", path=path, detail="expected a .ttl, .nt or .jsonld file")
    return fmt


def open_store(path: str | Path, engine: str = "oxigraph"):
    refuse_remote_context(Path(path))
    return STORES[engine](Path(path))


def refuse_remote_context(path: Path) -> None:
    """A JSON-LD graph naming a remote @context (or @import) would make rdflib download it:
    refused (E302), since kg never uses the network."""
    if FORMATS_BY_SUFFIX.get(path.suffix.lower()) != "json-ld" or not path.is_file():
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return                                  # the store reports the unparsable file
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                remote = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
                if key in ("@context", "@import") and remote:
                    raise QueryError("E302", path=path, detail=f"remote JSON-LD context {remote[0]} refused "
                                                                "(kg never uses the network)")
                stack.append(value)


def run_query(path: str | Path, sparql: str, engine: str = "oxigraph", *, allow_service: bool = False,
              max_rows: Optional[int] = None) -> Result:
    """Run a read-only query in this process (no time limit: see run_bounded)."""
    check_query(sparql, allow_service=allow_service)
    return open_store(path, engine).query(sparql, max_rows=max_rows)


# -- safety and limits (issue 11): small functions a store-backed query.py can keep ---------

DEFAULT_TIMEOUT = 30.0        # seconds; kg query --timeout (and kg serve)
DEFAULT_MAX_ROWS = 100_000    # kg query --max-rows (and kg serve)
#: SPARQL 1.1 Update operations: any of these words, as a keyword, makes the text an update.
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NOT_CODE = re.compile(r'"""[\s\S]*?"""' r"|'''[\s\S]*?'''" r'|"(?:[^"\\\n]|\\.)*"'
                       r"|'(?:[^'\\\n]|\\.)*'" r'|<[^<>"{}|^`\\\s]*>' r"|#[^\n]*")
_WORD = re.compile(r"(?<![\w:?$@-])([A-Za-z]+)(?![\w:])")


def query_keywords(sparql: str) -> list[str]:
    """The bare words of a query, upper-cased, outside strings, IRIs and comments, after the
    \\u escapes SPARQL resolves before parsing (so ``\\u0053ERVICE`` is SERVICE)."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    text = _NOT_CODE.sub(" ", text)
    return [w.upper() for w in _WORD.findall(text)]


def check_query(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse updates (E305) and, unless allowed, federated SERVICE calls (E306): kg query
    is read-only and never reaches the network."""
    words = query_keywords(sparql)
    update = next((w for w in words if w in UPDATE_KEYWORDS), None)
    if update:
        raise QueryError("E305", detail=f"found {update}")
    if "SERVICE" in words and not allow_service:
        target = re.search(r"(?i)SERVICE\s+(?:SILENT\s+)?(\S+)", sparql)
        raise QueryError("E306", detail=target.group(1) if target else "a remote endpoint")


def relocate_error(message: str, shift: int) -> str:
    """Rewrite 'error at L:C' positions so they count in the user's text: the predeclared
    prefixes sit before the query on its first line, ``shift`` characters long."""
    def fix(match: re.Match) -> str:
        line, col = int(match.group(1)), int(match.group(2))
        return f"error at line {line}, column {max(1, col - shift) if line == 1 else col}"
    return re.sub(r"error at (\d+):(\d+)", fix, message)


def capped(rows, max_rows: Optional[int]):
    """Yield rows, raising E308 past ``max_rows`` (None: no cap)."""
    for count, row in enumerate(rows, 1):
        if max_rows is not None and count > max_rows:
            raise QueryError("E308", limit=max_rows)
        yield row


def _bounded_child(conn, path, sparql, engine, max_rows) -> None:
    try:
        conn.send(("ok", open_store(path, engine).query(sparql, max_rows=max_rows)))
    except KgError as exc:
        conn.send(("kg", (type(exc).__name__, exc.code, exc.fields)))
    except MemoryError:
        conn.send(("kg", ("KgError", "E801", {"detail": " while answering the query"})))
    except BaseException as exc:  # noqa: BLE001 - reported, one line, by the parent
        conn.send(("other", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_bounded(path: str | Path, sparql: str, engine: str = "oxigraph", *, timeout: float = DEFAULT_TIMEOUT,
                max_rows: Optional[int] = DEFAULT_MAX_ROWS, allow_service: bool = False) -> Result:
    """Run a query in a forked worker that is killed at ``timeout`` seconds (E307): neither
    engine can interrupt a running query, so the limit is a process boundary."""
    import multiprocessing

    from . import errors

    check_query(sparql, allow_service=allow_service)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_bounded_child, args=(sender, Path(path), sparql, engine, max_rows),
                             daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryError("E307", seconds=f"{timeout:g}")
        status, payload = receiver.recv()
    except EOFError:
        raise QueryError("E303", detail="the query worker died (out of memory?)") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if status == "ok":
        return payload
    if status == "kg":
        name, code, fields = payload
        raise getattr(errors, name, QueryError)(code, **fields)
    raise QueryError("E303", detail=payload)


# -- output -----------------------------------------------------------------

def compact(term: Optional[Term]) -> str:
    """Short display form: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if term.kind == "uri":
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(str(ns)) and len(term.value) > len(str(ns)):
                return f"{prefix}:{term.value[len(str(ns)):]}"
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def _full(term: Optional[Term]) -> str:
    return "" if term is None else term.value


def format_result(result: Result, fmt: str) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}) if fmt == "json" else str(result.boolean).lower()
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_full(row.get(v)) for v in result.variables])
        return buffer.getvalue()
    if fmt == "json":
        bindings = []
        for row in result.rows:
            binding = {}
            for v in result.variables:
                term = row.get(v)
                if term is None:
                    continue
                item = {"type": term.kind, "value": term.value}
                if term.datatype:
                    item["datatype"] = term.datatype
                if term.lang:
                    item["xml:lang"] = term.lang
                binding[v] = item
            bindings.append(binding)
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)
    raise ValueError(fmt)
