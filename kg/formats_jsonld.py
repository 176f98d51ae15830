"""JSON-LD output, streamable block by block, compacted against kg/data/context.jsonld.

Each subject becomes one flat node object that reads as plain JSON::

    {"@id": "kgr:place-431026", "@type": "Place", "label": {"zh": "汝城县"}, "locatedIn": "kgr:place-431000"}

A value is written in its short form only when the context's term says exactly that
(an IRI for an object property, the term's datatype, a language map); anything else is
written as an explicit value object under the compact IRI of the predicate, so every
triple expands back to itself.  The document is ``head`` (the context, inline, so no
tool has to fetch it) + node objects joined by ``",\\n"`` + ``tail``; like the other
formats it holds all triples in one graph.  Register name: ``jsonld``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Callable, Optional, Sequence

from .jsonld_context import shipped_context
from .rdf import RDF_FORMATS, RDF_TYPE, XSD_STRING, Lit, RdfFormat, Triple, compact

_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict, dict, dict]:
    """(predicate IRI -> (term, coercion), class IRI -> term, prefix -> namespace) from the context."""
    context = shipped_context()
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}

    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else value

    predicates, classes = {}, {}
    for term, definition in context.items():
        if term.startswith("@") or term in prefixes:
            continue
        if isinstance(definition, str):
            iri = expand(definition)
            coerce = None
        else:
            iri = expand(definition["@id"])
            coerce = "@language" if definition.get("@container") == "@language" else definition.get("@type")
            if coerce not in (None, "@id", "@language"):
                coerce = expand(coerce)
        predicates[iri] = (term, coerce)
        if isinstance(definition, str) and term[:1].isupper():
            classes[iri] = term
    return predicates, classes, prefixes


def _iri(iri: str) -> str:
    return compact(iri) or iri


def _explicit(term, iri: Callable[[str], str] = _iri) -> dict:
    """A value object that expands to exactly ``term`` whatever the context says."""
    if not isinstance(term, Lit):
        return {"@id": iri(term)}
    if term.lang:
        return {"@value": term.value, "@language": term.lang}
    if term.datatype and term.datatype != XSD_STRING:
        return {"@value": term.value, "@type": iri(term.datatype)}
    return {"@value": term.value}


def _fits(term, coerce) -> bool:
    """Whether ``term`` can be written in the short form the context's coercion implies."""
    if coerce == "@id":
        return not isinstance(term, Lit)
    if not isinstance(term, Lit):
        return False
    if coerce == "@language":
        return bool(term.lang)
    if coerce is None:
        return not term.lang and term.datatype in ("", XSD_STRING)
    return not term.lang and term.datatype == coerce


_UNKNOWN = (None, None)
_BY_SUBJECT, _BY_PREDICATE = itemgetter(0), itemgetter(1)


def _one_or_many(values: list):
    return values[0] if len(values) == 1 else values


def node_object(subject: str, group: Sequence[Triple], iri: Callable[[str], str] = _iri) -> dict:
    """The node object of one subject, from its triples sorted by predicate.  ``iri``: how an
    IRI is written (default :func:`_iri`; a block passes a memo of it)."""
    predicates, classes, _ = _tables()
    node: dict[str, object] = {"@id": iri(subject)}
    for predicate, pairs in groupby(group, key=_BY_PREDICATE):
        objects = [t[2] for t in pairs]
        if predicate == RDF_TYPE and not any(isinstance(o, Lit) for o in objects):
            node["@type"] = _one_or_many([classes.get(o) or iri(o) for o in objects])
            continue
        term, coerce = predicates.get(predicate, _UNKNOWN)
        if not term:
            node[iri(predicate)] = _one_or_many([_explicit(o, iri) for o in objects])
            continue
        if len(objects) == 1:                   # the common case, without the lists below
            o = objects[0]
            if _fits(o, coerce):
                node[term] = {o.lang: o.value} if coerce == "@language" else \
                    iri(o) if coerce == "@id" else o.value
            else:
                node[iri(predicate)] = _explicit(o, iri)
            continue
        short, rest = [], []
        for o in objects:
            (short if _fits(o, coerce) else rest).append(o)
        if short:
            if coerce == "@language":
                langs: dict[str, list] = {}
                for o in short:
                    langs.setdefault(o.lang, []).append(o.value)
                node[term] = {lang: _one_or_many(values) for lang, values in langs.items()}
            elif coerce == "@id":
                node[term] = _one_or_many([iri(o) for o in short])
            else:
                node[term] = _one_or_many([o.value for o in short])
        if rest:
            node[iri(predicate)] = _one_or_many([_explicit(o, iri) for o in rest])
    return node


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode     # made once: json.dumps(..., ensure_ascii=False)
                                                          # builds an encoder on every call


def _dumps(value: object) -> str:
    text = _ENCODE(value)
    # A lone surrogate cannot be written as UTF-8: escape the whole node instead.
    return json.dumps(value) if _SURROGATE.search(text) else text


def jsonld_block(triples: Sequence[Triple], graph: Optional[str] = None) -> str:
    """Node objects (one per subject, one per line) joined by ",\\n"; "" for no triples."""
    memo: dict[str, str] = {}

    def iri(value: str) -> str:             # predicates, classes and objects recur in a block
        found = memo.get(value)
        if found is None:
            found = memo[value] = compact(value) or value
        return found

    return ",\n".join([_dumps(node_object(s, g, iri)) for s, g in groupby(triples, key=_BY_SUBJECT)])


def jsonld_head() -> str:
    context = json.dumps(shipped_context(), ensure_ascii=False, indent=1)
    return '{\n"@context": ' + context + ',\n"@graph": [\n'


def jsonld_tail() -> str:
    return "\n]\n}\n"


RDF_FORMATS.add("jsonld", RdfFormat("jsonld", "graph.jsonld", jsonld_block, head=jsonld_head, tail=jsonld_tail,
                                    joiner=",\n", media_type="application/ld+json"))
