"""Helpers shared by the extraction and resolution tests: run a sentence (or a few
documents) through the session's pipeline and read off what came out."""
from __future__ import annotations

from kg.corpus import parse_document


def mentions(pipeline, text: str) -> set[tuple[str, str]]:
    """(text, type) of every mention extracted from ``text``."""
    extraction = pipeline.extract(parse_document(text, name="x"))
    return {(m.text, m.type) for m in extraction.mentions}


def resolve(pipeline, *texts: str):
    """The knowledge base of the texts, one document each."""
    extractions = [pipeline.extract(parse_document(t, name=f"doc{i}.txt")) for i, t in enumerate(texts)]
    return pipeline.resolve(extractions)


def facts(kb, text_only: bool = True) -> set[tuple[str, str, str]]:
    """(subject label, predicate, object label or literal) of the knowledge base's relations."""
    out = set()
    for r in kb.relations:
        if text_only and r.relation is None:
            continue
        obj = kb.entities[r.object].label if r.object in kb.entities else r.object
        out.add((kb.entities[r.subject].label, r.predicate, obj))
    return out
