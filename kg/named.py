"""Named queries: the analyst questions shipped as commented ``.rq`` files in kg/queries/.

A file's header comments give its title (``# title: ...``), a description, and its
parameters (``# param: NAME TYPE  what it is``).  A parameter is a SPARQL variable of the
query; a value given with ``--param NAME=VALUE`` is turned into a typed RDF term and bound
through the engine's own substitution (pyoxigraph ``substitutions``, rdflib
``initBindings``), never pasted into the query text, so no value can change the query.
A parameter left out stays unbound, which means "any".  A parameter must be a variable
that a triple pattern binds: both engines then agree (Oxigraph applies substitutions as a
join, so a variable only tested in FILTER, assigned by BIND or bound inside OPTIONAL would be
restricted differently or not at all).

A parameter marked ``required`` must be given (``# param: entity zh required  ...``): the
query would be too broad without it.  Types: ``zh`` (a Chinese label, ``"..."@zh``), ``string``, ``integer``, ``iri`` (a full
IRI or a kg prefixed name such as ``kg:locatedIn``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import QueryError
from .registry import Registry

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+(\w+)(\s+required)?\s*(.*)$")
_TITLE = re.compile(r"^#\s*title:\s*(.+)$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    help: str = ""
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    sparql: str
    params: tuple[Param, ...] = field(default_factory=tuple)


def _to_term(param: Param, value: str):
    """The query's term for a parameter value: (kind, lexical, datatype or lang)."""
    from .vocab import PREFIXES

    if param.type == "zh":
        return ("literal", value, "", "zh")
    if param.type == "string":
        return ("literal", value, "", "")
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
            raise QueryError("E313", name=param.name, detail=f"expected an integer, got {value!r}")
        return ("literal", str(int(value)), "http://www.w3.org/2001/XMLSchema#integer", "")
    if param.type == "iri":
        prefix, _, local = value.partition(":")
        if prefix in PREFIXES and not local.startswith("//"):
            value = str(PREFIXES[prefix]) + local
        if not _IRI.match(value):
            raise QueryError("E313", name=param.name, detail=f"expected an IRI or a prefixed name, got {value!r}")
        return ("uri", value, "", "")
    raise QueryError("E313", name=param.name, detail=f"unknown parameter type {param.type!r}")


def parse(name: str, text: str) -> NamedQuery:
    title, description, params = name, [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _TITLE.match(line):
            title = m.group(1).strip()
        elif m := _PARAM.match(line):
            params.append(Param(m.group(1), m.group(2), m.group(4).strip(), bool(m.group(3))))
        else:
            description.append(line.lstrip("#").strip())
    return NamedQuery(name, title, " ".join(d for d in description if d), text, tuple(params))


@lru_cache(maxsize=1)
def named_queries() -> Registry[NamedQuery]:
    registry: Registry[NamedQuery] = Registry("named query", code="E312", error=QueryError)
    for path in sorted(QUERY_DIR.glob("*.rq")):
        registry.add(path.stem, parse(path.stem, path.read_text(encoding="utf-8")))
    return registry


def get(name: str) -> NamedQuery:
    return named_queries().get(name)


def bindings(query: NamedQuery, given: dict[str, str]) -> dict[str, tuple]:
    """name -> (kind, lexical, datatype, lang) for the given parameter values, checked."""
    known = {p.name: p for p in query.params}
    out = {}
    for name, value in given.items():
        if name not in known:
            allowed = ", ".join(known) or "none"
            raise QueryError("E313", name=name, detail=f"'{query.name}' has no such parameter; it takes: {allowed}")
        out[name] = _to_term(known[name], value)
    for param in query.params:
        if param.required and param.name not in out:
            raise QueryError("E313", name=param.name, detail=f"'{query.name}' needs it: --param {param.name}=...")
    return out


def inline_values(query: NamedQuery, bound: dict[str, tuple]) -> str:
    """The query text with a ``VALUES`` row for ``bound`` opening its WHERE clause, for an
    endpoint that has no substitution API (kg serve, an Oxigraph server).  The terms are
    written by kg's N-Triples writer (escaped), so this is as safe as the bindings."""
    from .rdf import Lit, nt_term

    if not bound:
        return query.sparql
    names = sorted(bound)
    terms = [nt_term(v[1]) if v[0] == "uri" else nt_term(Lit(v[1], v[2], v[3])) for v in (bound[n] for n in names)]
    clause = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }}"
    where = re.search(r"\bWHERE\s*\{", query.sparql, re.I)
    return query.sparql[:where.end()] + clause + query.sparql[where.end():]


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["label=汝城县", ...]`` -> {"label": "汝城县"}; a pair without '=' is an error."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError("E313", name=pair, detail="expected NAME=VALUE")
        out[name.strip()] = value
    return out
