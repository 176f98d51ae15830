"""The plain Python API: build a knowledge graph from files.

    read -> segment -> extract -> resolve (per document, in workers)
         -> merge (entity layer) -> render (per document, in workers) -> write

``Pipeline`` is the engine (rules, lexicon index, segmenter, resolver), loaded
once and shared by every document; :func:`build` runs a whole corpus through
it in bounded memory (see kg/build.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .extract import Extractor, RuleSet, extend_rules, load_rules
from .gctools import paused_gc
from .model import Document, Extraction, KnowledgeBase
from .resolve import Resolver
from .segment import make_segmenter, segment_document


ENGINES_KEPT = 4          # compiled engines kept in the cache (other rule files, other versions of kg)


@dataclass
class Pipeline:
    """Rules, lexicon index, segmenter and resolver, loaded once and reused for many documents."""

    ruleset: RuleSet
    extractor: Extractor
    segmenter: object
    resolver: Resolver

    @classmethod
    def load(cls, extra_rules: Sequence[str | Path] = (), segmenter: str = "rjieba",
             cache_dir: Optional[str | Path] = None) -> "Pipeline":
        """Load the engine, from the compiled cache when one matches (``cache_dir``; None: the
        default folder, '' : no cache)."""
        from .cache import Cache, default_cache_dir, engine_fingerprint

        cache = None if cache_dir == "" else Cache(Path(cache_dir) if cache_dir else default_cache_dir())
        key = engine_fingerprint(list(extra_rules), segmenter) if cache else ""
        with paused_gc(freeze=True):
            if cache is not None:
                found = cache.load("engine", key)
                if isinstance(found, cls):
                    return found
            # A user's rule files are laid over the built-in engine (itself cached): the
            # built-in rules, gazetteer and segmenter words are not compiled again, so an
            # edited rule file costs seconds, not the whole compile.
            base = cls.load((), segmenter, cache_dir) if extra_rules else None
            ruleset = extend_rules(base.ruleset, extra_rules) if base is not None else None
            if ruleset is None:
                base, ruleset = None, load_rules(extra_rules)
            extractor = Extractor(ruleset, base=base.extractor if base else None)
            words = extractor.index.segment_words()
            engine = cls(ruleset, extractor,
                         make_segmenter(segmenter, words, extends=base.segmenter if base else None),
                         Resolver.for_extractor(extractor))
        if cache is not None and cache.save("engine", key, engine):
            cache.prune("engine", keep=ENGINES_KEPT)
        return engine

    def segment(self, document: Document) -> Document:
        return segment_document(self.segmenter, document)

    def extract(self, document: Document) -> Extraction:
        return self.extractor.extract(self.segment(document))

    def resolve(self, extractions: list[Extraction]) -> KnowledgeBase:
        return self.resolver.resolve(extractions)

    @property
    def rule_kinds(self) -> dict[str, str]:
        return {rule.id: rule.kind for rule in self.ruleset.rules}

    @property
    def rule_comments(self) -> dict[str, str]:
        return {rule.id: rule.description for rule in self.ruleset.rules if rule.description}

    def triples(self, kb: KnowledgeBase) -> list:
        """Every triple of a knowledge base held in memory (both layers)."""
        from .graph import direct_triple, document_triples, entity_layer_triples, rules_used

        text = [r for r in kb.relations if r.relation is not None]
        background = [r for r in kb.relations if r.relation is None]
        layer = entity_layer_triples(kb.entities, {direct_triple(r) for r in text}, background,
                                     rules_used(kb), self.rule_kinds, self.rule_comments)
        return layer + document_triples(kb)

    def graph(self, kb: KnowledgeBase):
        """The knowledge base as an rdflib Graph (for small inputs and API users)."""
        from .graph import to_rdflib

        return to_rdflib(self.triples(kb))


# The corpus build lives in kg/build.py; re-exported here as the API's entry point.
from .build import DEFAULT_FORMATS, BuildOptions, BuildResult, build  # noqa: E402,F401

__all__ = ["DEFAULT_FORMATS", "BuildOptions", "BuildResult", "Pipeline", "build"]
