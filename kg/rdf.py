"""Plain RDF terms and streaming serialisers, for graphs too big for rdflib.

A term is an IRI (a ``str``) or a literal (:class:`Lit`); a triple is a tuple
of three terms.  Serialisers are registered by name and work on *blocks*:
groups of triples sorted by :func:`triple_key`, rendered independently (in
worker processes) and joined in a fixed order, so the same triples always give
the same bytes whatever the number of workers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Callable, Iterable, NamedTuple, Optional, Sequence, Union

from .errors import OutputError
from .registry import Registry
from .vocab import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"


class Lit(NamedTuple):
    """A literal: its lexical form, a datatype IRI ("" for a plain string) or a language tag."""

    value: str
    datatype: str = ""
    lang: str = ""


Term = Union[str, Lit]
Triple = tuple  # (subject IRI, predicate IRI, Term)


def triple_key(triple: Triple) -> tuple:
    """Total order of triples: subject, predicate, then IRIs before literals."""
    s, p, o = triple
    if isinstance(o, Lit):
        return (s, p, 1, o.value, o.datatype, o.lang)
    return (s, p, 0, o, "", "")


def sort_triples(triples: Iterable[Triple]) -> list[Triple]:
    return sorted(set(triples), key=triple_key)


# -- term syntax -------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
# Characters N-Triples forbids raw in an IRI; kg's IRIs are ASCII, this guards the rest.
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# A conservative PN_LOCAL: names outside it are written as full IRIs.
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_LOCAL_TAIL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")    # _LOCAL, from a position
_NAMESPACES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda p: -len(p[0]))


def quoted(text: str) -> str:
    """A one-line quoted string, valid in N-Triples, Turtle and N-Quads."""
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:    # rare: translate is slow
        text = text.translate(_ESCAPES)
    return '"' + text + '"'


_KGR = "https://w3id.org/kg-cn/id/"
_KGR_LEN = len(_KGR)
_KGR_SAFE = re.compile(r"[A-Za-z0-9._-]*")


def iri_ref(iri: str) -> str:
    """<iri>, with characters N-Triples forbids percent-encoded."""
    if iri.startswith(_KGR) and _KGR_SAFE.fullmatch(iri, len(_KGR)):
        return f"<{iri}>"          # kg's own IRIs: ids of hex digits, codes and rule ids
    if _IRI_BAD.search(iri):
        iri = _IRI_BAD.sub(lambda m: "%{:02X}".format(ord(m.group(0))), iri)
    return f"<{iri}>"


def _literal(term: Lit, iri: Callable[[str], str]) -> str:
    """A literal's syntax, shared by N-Triples and Turtle (``iri`` writes its datatype)."""
    if term.lang:
        return f"{quoted(term.value)}@{term.lang}"
    if term.datatype:
        return f"{quoted(term.value)}^^{iri(term.datatype)}"
    return quoted(term.value)


def nt_term(term: Term) -> str:
    return _literal(term, iri_ref) if isinstance(term, Lit) else iri_ref(term)


_COMPACT: dict[str, Optional[str]] = {}
# Every namespace ends in "/" or "#", so the namespace of an IRI, if any, ends at its last one.
_BY_NAMESPACE = {namespace: prefix for namespace, prefix in _NAMESPACES
                 if namespace.endswith(("/", "#"))}
_ALL_SEPARATED = len(_BY_NAMESPACE) == len(_NAMESPACES)


def compact(iri: str) -> Optional[str]:
    """prefix:local for an IRI in a known namespace with a safe local name, else None."""
    if iri.startswith(_KGR):              # kg's own resources: most IRIs, each seen a few times
        return "kgr:" + iri[_KGR_LEN:] if _LOCAL_TAIL.fullmatch(iri, _KGR_LEN) else None
    found = _COMPACT.get(iri, _COMPACT)
    if found is not _COMPACT:
        return found
    found = None
    if _ALL_SEPARATED:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = _BY_NAMESPACE.get(iri[:cut])
        if prefix is not None and _LOCAL_TAIL.fullmatch(iri, cut):
            found = f"{prefix}:{iri[cut:]}"
    else:
        for namespace, prefix in _NAMESPACES:
            if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
                found = f"{prefix}:{iri[len(namespace):]}"
                break
    if len(_COMPACT) < 100_000:
        _COMPACT[iri] = found
    return found


def _short_iri(iri: str) -> str:
    return compact(iri) or iri_ref(iri)


def ttl_term(term: Term) -> str:
    return _literal(term, _short_iri) if isinstance(term, Lit) else _short_iri(term)


# -- serialisers ---------------------------------------------------------------

@dataclass(frozen=True)
class RdfFormat:
    """A streaming serialisation: ``head`` + blocks joined by ``joiner`` + ``tail``.

    ``block(triples, graph)`` renders triples sorted by :func:`triple_key`; ``graph`` is the
    named graph they belong to (None: the default graph), used by quad formats."""

    name: str
    filename: str
    block: Callable[[Sequence[Triple], Optional[str]], str]
    head: Callable[[], str] = lambda: ""
    tail: Callable[[], str] = lambda: ""
    joiner: str = ""
    media_type: str = "text/plain"


RDF_FORMATS: Registry[RdfFormat] = Registry("RDF format", code="E402", error=OutputError)


def _prefix_lines() -> str:
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items()))


_BY_SUBJECT, _BY_PREDICATE = itemgetter(0), itemgetter(1)


def _term_writer(iri: Callable[[str], str]) -> Callable[[Term], str]:
    """A term writer for one block: each distinct term written once (subjects, predicates,
    objects and many literals, such as offsets, recur within a block)."""
    memo: dict[Term, str] = {}

    def term(o: Term) -> str:
        found = memo.get(o)
        if found is None:
            found = memo[o] = iri(o) if o.__class__ is str else _literal(o, term)
        return found

    return term


def turtle_block(triples: Sequence[Triple], graph: Optional[str] = None) -> str:
    """One Turtle statement per subject, objects of a predicate joined with commas."""
    out = []
    term = _term_writer(_short_iri)
    for subject, group in groupby(triples, key=_BY_SUBJECT):
        body = []
        for predicate, pairs in groupby(group, key=_BY_PREDICATE):
            verb = "a" if predicate == RDF_TYPE else term(predicate)
            body.append("    " + verb + " " + " ,\n        ".join([term(t[2]) for t in pairs]))
        out.append("\n" + term(subject) + "\n" + " ;\n".join(body) + " .\n")
    return "".join(out)


def _statements(triples: Sequence[Triple]) -> list[str]:
    """"subject predicate object" of each triple, in N-Triples syntax, unterminated."""
    out = []
    term = _term_writer(iri_ref)
    for subject, group in groupby(triples, key=_BY_SUBJECT):
        s = term(subject) + " "
        out.extend([s + term(p) + " " + term(o) for _, p, o in group])
    return out


def _terminated(statements: list[str], end: str) -> str:
    return end.join(statements) + end if statements else ""


def ntriples_block(triples: Sequence[Triple], graph: Optional[str] = None) -> str:
    return _terminated(_statements(triples), " .\n")


def ntriples_and_nquads(triples: Sequence[Triple], graph: str) -> tuple[str, str]:
    """The N-Triples block and the N-Quads block (in ``graph``) of the same triples, their
    terms written once."""
    statements = _statements(triples)
    return _terminated(statements, " .\n"), _terminated(statements, f" {iri_ref(graph)} .\n")


def nquads_block(triples: Sequence[Triple], graph: Optional[str] = None) -> str:
    if graph is None:
        return ntriples_block(triples)
    return _terminated(_statements(triples), f" {iri_ref(graph)} .\n")


RDF_FORMATS.add("turtle", RdfFormat("turtle", "graph.ttl", turtle_block, head=_prefix_lines,
                                    media_type="text/turtle"))
RDF_FORMATS.add("nt", RdfFormat("nt", "graph.nt", ntriples_block, media_type="application/n-triples"))
RDF_FORMATS.add("nq", RdfFormat("nq", "graph.nq", nquads_block, media_type="application/n-quads"))


# -- further formats, in their own modules (they register themselves) ------------
# JSON-LD (compacted against the shipped context, kg/data/context.jsonld) and TriG.
from . import formats_jsonld, formats_trig  # noqa: E402,F401
