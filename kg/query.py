"""Query stage: run SPARQL over a built graph with a pluggable store (Oxigraph or rdflib)."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .errors import QueryError
from .vocab import PREFIXES

FORMATS_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
                     ".nq": "nquads", ".trig": "trig"}
#: engine name -> store class; a store loads a graph file and answers ``query(sparql) -> Result``.
STORES: dict[str, Callable[[Path], object]] = {}


def store(name: str):
    def register(cls):
        STORES[name] = cls
        return cls
    return register


@dataclass
class Result:
    """A query answer: rows of (variable -> term) for SELECT, a boolean for ASK, and for
    CONSTRUCT/DESCRIBE the triples as kg.rdf terms (``triples``) besides the rows."""

    variables: list[str]
    rows: list[dict[str, Optional["Term"]]]
    boolean: Optional[bool] = None
    triples: Optional[list] = None


@dataclass(frozen=True)
class Term:
    kind: str            # uri, literal, bnode
    value: str
    datatype: str = ""
    lang: str = ""


def with_prefixes(query: str) -> str:
    """Declare the standard prefixes unless the query declares its own of the same name."""
    declared = {line.split(":")[0].split()[-1].lower() for line in query.splitlines()
                if line.strip().upper().startswith("PREFIX")}
    extra = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p.lower() not in declared)
    return extra + query


def _triple_rows(triples: list) -> list[dict]:
    def term(t) -> Term:
        from .rdf import Lit

        if isinstance(t, Lit):
            return Term("literal", t.value, t.datatype, t.lang)
        return Term("bnode", t[2:]) if t.startswith("_:") else Term("uri", t)
    return [{"subject": term(s), "predicate": term(p), "object": term(o)} for s, p, o in triples]


@store("oxigraph")
class OxigraphStore:
    """pyoxigraph (the default): a store folder opened read-only, or an RDF file loaded in memory."""

    def __init__(self, path: Path) -> None:
        from .store import open_store

        self.store = open_store(path)

    def query(self, sparql: str, bindings: Optional[dict] = None) -> Result:
        """Run ``sparql``; ``bindings`` (name -> (kind, lexical, datatype, lang)) are substituted."""
        import pyoxigraph as ox

        from .store import plain, run

        substitutions = {ox.Variable(name): _ox_value(value) for name, value in (bindings or {}).items()}
        answer = run(self.store, sparql, substitutions)
        if isinstance(answer, ox.QueryBoolean):
            return Result([], [], bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [{v: _ox_term(solution[v]) for v in variables} for solution in answer]
            return Result(variables, rows)
        triples = [(plain(t.subject), plain(t.predicate), plain(t.object)) for t in answer]
        return Result(["subject", "predicate", "object"], _triple_rows(triples), triples=triples)


def _ox_value(value: tuple):
    import pyoxigraph as ox

    kind, lexical, datatype, lang = value
    if kind == "uri":
        return ox.NamedNode(lexical)
    if lang:
        return ox.Literal(lexical, language=lang)
    return ox.Literal(lexical, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(lexical)


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
    """rdflib: pure Python; fine for small graphs.  The data is a Dataset whose default graph
    is the union, with the ontology in its named graph, like the Oxigraph store."""

    def __init__(self, path: Path) -> None:
        from rdflib import Dataset, URIRef

        from .resources import ontology_path
        from .store import ONTOLOGY_GRAPH, is_store, open_store, quads_to_rdflib

        if Path(path).is_dir():
            if not is_store(path):
                open_store(path)            # raises the coded "not a store" error
            self.graph = quads_to_rdflib(open_store(path, ontology=False))
        else:
            fmt = _format(path)
            self.graph = Dataset(default_union=True)
            try:
                self.graph.parse(str(path), format=fmt)
            except Exception as exc:  # rdflib raises many parser-specific types
                raise QueryError("E302", path=path,
                                 detail=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
        if not any(str(g.identifier) == ONTOLOGY_GRAPH for g in self.graph.graphs()):
            self.graph.graph(URIRef(ONTOLOGY_GRAPH)).parse(ontology_path("kg.ttl"), format="turtle")

    def query(self, sparql: str, bindings: Optional[dict] = None) -> Result:
        from pyparsing import ParseException
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

        def rdflib_value(value: tuple):
            kind, lexical, datatype, lang = value
            if kind == "uri":
                return URIRef(lexical)
            return Literal(lexical, lang=lang or None, datatype=URIRef(datatype) if datatype else None)

        init = {name: rdflib_value(value) for name, value in (bindings or {}).items()}
        try:
            answer = self.graph.query(with_prefixes(sparql), initBindings=init)
        except ParseException as exc:
            raise QueryError("E301", detail=f"{exc.msg} at line {exc.lineno}, column {exc.col}") from exc
        except Exception as exc:
            raise QueryError("E303", detail=" ".join(str(exc).split())) from exc
        if answer.type == "ASK":
            return Result([], [], bool(answer.askAnswer))
        if answer.type == "SELECT":
            variables = [str(v) for v in answer.vars]
            return Result(variables, [{v: term(row[i]) for i, v in enumerate(variables)} for row in answer])
        triples = [tuple(_plain_rdflib(t) for t in triple) for triple in answer]
        return Result(["subject", "predicate", "object"], _triple_rows(triples), triples=triples)


def _plain_rdflib(value):
    from rdflib import BNode, Literal

    from .rdf import Lit

    if isinstance(value, Literal):
        datatype = "" if value.language or value.datatype is None else str(value.datatype)
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            datatype = ""
        return Lit(str(value), datatype, value.language or "")
    return "_:" + str(value) if isinstance(value, BNode) else str(value)


def _format(path: Path) -> str:
    if not path.exists():
        raise QueryError("E302", path=path, detail="no such file")
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise QueryError("E302", path=path, detail="expected a store folder or a .ttl, .nt, .nq, .trig or .jsonld file")
    return fmt


def open_store(path: str | Path, engine: str = "oxigraph"):
    return STORES[engine](Path(path))


def run_query(path: str | Path, sparql: str, engine: str = "oxigraph", bindings: Optional[dict] = None) -> Result:
    return open_store(path, engine).query(sparql, bindings)


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
