"""SPARQL results and graphs as the media types of the SPARQL 1.1 Protocol, with a row cap.

Used by ``kg serve``'s workers: SELECT/ASK as JSON, XML, CSV and TSV (the W3C result
formats, written here so the row cap applies while reading), CONSTRUCT/DESCRIBE as
Turtle, N-Triples or JSON-LD with kg's own writers.  Content negotiation picks the
best match of the ``Accept`` header (q-values honoured) for the query's form.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Optional
from xml.sax.saxutils import escape

import pyoxigraph as ox

RESULT_TYPES = {"application/sparql-results+json": "json", "application/json": "json",
                "application/sparql-results+xml": "xml", "application/xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt",
               "application/ld+json": "jsonld"}
CANONICAL = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
             "nt": "application/n-triples", "jsonld": "application/ld+json"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TooManyRows(Exception):
    pass


def negotiate(accept: str, graph: bool) -> Optional[str]:
    """The format name for an Accept header, or None when nothing offered is acceptable."""
    offered = GRAPH_TYPES if graph else RESULT_TYPES
    default = "turtle" if graph else "json"
    choices = []
    for position, part in enumerate((accept or "*/*").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, position, media.lower()))
    for _, _, media in sorted(choices):
        if media in offered:
            return offered[media]
        if media.endswith("/*"):
            major = "" if media == "*/*" else media[:-1]
            if CANONICAL[default].startswith(major):
                return default
            match = [f for m, f in offered.items() if m.startswith(major)]
            if match:
                return match[0]
    return None


def _nt(term) -> str:
    from .rdf import nt_term
    from .store import plain

    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return nt_term(plain(term))


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text))


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if term.language:
        return f'<literal xml:lang="{_xml_text(term.language)}">{_xml_text(term.value)}</literal>'
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f'<literal datatype="{_xml_text(term.datatype.value)}">{_xml_text(term.value)}</literal>'
    return f"<literal>{_xml_text(term.value)}</literal>"


def render_boolean(value: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value})
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{str(value).lower()}</boolean></sparql>\n")
    return ("_askResult\r\n" if fmt == "csv" else "?_askResult\n") + str(value).lower() + ("\r\n" if fmt == "csv" else "\n")


def render_solutions(solutions, fmt: str, max_rows: int) -> str:
    """SELECT solutions in ``fmt``; raises TooManyRows past ``max_rows``."""
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        if len(rows) >= max_rows:
            raise TooManyRows(max_rows)
        rows.append([solution[name] for name in names])
    if fmt == "json":
        bindings = [{n: _json_term(t) for n, t in zip(names, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False)
    if fmt == "xml":
        head = "".join(f'<variable name="{n}"/>' for n in names)
        body = "".join("<result>" + "".join(f'<binding name="{n}">{_xml_term(t)}</binding>'
                                            for n, t in zip(names, row) if t is not None) + "</result>\n"
                       for row in rows)
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head><results>\n{body}</results></sparql>\n")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if t is None else ("_:" + t.value if isinstance(t, ox.BlankNode) else t.value)
                             for t in row])
        return buffer.getvalue()
    lines = ["\t".join("?" + n for n in names)]
    lines += ["\t".join("" if t is None else _nt(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def render_triples(triples, fmt: str, max_rows: int) -> str:
    from .query_output import format_graph
    from .store import plain

    out = []
    for triple in triples:
        if len(out) >= max_rows:
            raise TooManyRows(max_rows)
        out.append((plain(triple.subject), plain(triple.predicate), plain(triple.object)))
    return format_graph(out, {"turtle": "ttl", "nt": "nt", "jsonld": "jsonld"}[fmt])
