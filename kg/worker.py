"""Per-document work, as pure functions of picklable tasks.

``extract_task``: read -> segment -> extract -> resolve one document; the full
result goes to the cache and only a small :class:`DocSummary` travels back.
``render_task``: one cached result -> its provenance triples rendered in each
output format (with the corpus merge's key renames applied) plus the
mention-layer checks.  Both run in a local process pool or on a Dask cluster;
the engine is loaded once per process (fork-inherited, or from the compiled
cache on disk).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .cache import Cache
from .errors import KgError
from .gctools import paused_gc
from .model import DocSummary

_ENGINES: dict = {}


@dataclass(frozen=True)
class EngineRef:
    """How a worker finds the engine: the user's rule files, the segmenter, the cache folder."""

    rules: tuple[str, ...] = ()
    segmenter: str = "rjieba"
    cache_dir: Optional[str] = None


def engine(ref: EngineRef):
    """The engine for ``ref`` in this process: inherited from the parent, else loaded once."""
    found = _ENGINES.get(ref)
    if found is None:
        from .pipeline import Pipeline

        found = _ENGINES[ref] = Pipeline.load(ref.rules, segmenter=ref.segmenter,
                                              cache_dir=ref.cache_dir)
    return found


def install_engine(ref: EngineRef, pipeline) -> None:
    """Make ``pipeline`` this process's engine for ``ref`` (before forking workers)."""
    _ENGINES[ref] = pipeline


@dataclass(frozen=True)
class ExtractTask:
    path: str
    key: str
    spool: str                       # cache folder where the full result is written
    engine: EngineRef
    read_options: tuple = ()         # keyword arguments for corpus.read_document


@dataclass(frozen=True)
class Skipped:
    """A document that could not be read, with its coded message."""

    path: str
    code: str
    message: str
    cache_key: str = ""              # the task's key, as on a DocSummary


def extract_task(task: ExtractTask):
    """One document through read, segment, extract and resolve; returns its summary."""
    with paused_gc():
        return _extract(task)


def _extract(task: ExtractTask):
    from .corpus import read_document
    from .merge import summarize

    seconds: dict[str, float] = {}
    clock = time.process_time()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.process_time()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        clock = now

    try:
        document = read_document(Path(task.path), **dict(task.read_options))
    except KgError as exc:
        return Skipped(task.path, exc.code, str(exc), task.key)
    lap("read")
    pipeline = engine(task.engine)
    segmented = pipeline.segment(document)
    lap("segment")
    extraction = pipeline.extractor.extract(segmented)
    lap("extract")
    extraction.document = document          # the token-free document travels on
    part = pipeline.resolver.resolve_document(extraction)
    summary = summarize(part)
    summary.cache_key = task.key
    lap("resolve")
    summary.seconds = seconds
    if not Cache(Path(task.spool)).save("docs", task.key, summary, part):
        raise KgError("E401", path=task.spool, detail="cannot write the build cache")
    return summary


@dataclass(frozen=True)
class RenderTask:
    key: str
    spool: str
    formats: tuple[str, ...]
    renames: tuple[tuple[str, str], ...] = ()
    check: bool = True
    infer: bool = False
    view: bool = False               # also digest the triples for the HTML view


@dataclass
class Rendered:
    blocks: dict[str, bytes] = field(default_factory=dict)    # UTF-8, one per format
    triples: int = 0
    violations: list = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    view: Optional[object] = None    # kg.view.digest.Digest of the document's graph
    cache_key: str = ""               # the task's key: results are put back in input order by it


def render_task(task: RenderTask) -> Rendered:
    """A cached document's named graph, rendered in every requested format."""
    with paused_gc():
        return _render(task)


def _render(task: RenderTask) -> Rendered:
    from .graph import document_iri, document_triples
    from .rdf import RDF_FORMATS, ntriples_and_nquads, sort_triples
    from .resolve import apply_renames

    clock = time.process_time()
    loaded = Cache(Path(task.spool)).load("docs", task.key, parts=2)
    if loaded is None:
        raise KgError("E801", path=task.key, detail="its cached result is missing; run the build again")
    summary, part = loaded
    part = apply_renames(part, dict(task.renames))
    triples = document_triples(part)
    if task.infer:
        from .infer import entailed

        triples += entailed(triples)
    triples = sort_triples(triples)
    out = Rendered(triples=len(triples), cache_key=task.key)
    if task.check:
        from .checks import Block, check_document

        types, facts = _layer_context(part, dict(task.renames))
        block = Block(triples, types)
        out.violations = check_document(triples, types, facts, block)
    graph = document_iri(summary.doc_id)
    texts: dict[str, str] = {}
    if "nt" in task.formats and "nq" in task.formats:
        texts["nt"], texts["nq"] = ntriples_and_nquads(triples, graph)
    for name in task.formats:
        if name not in texts:
            texts[name] = RDF_FORMATS.get(name).block(triples, graph)
    # UTF-8 here, in parallel: the parent only writes the bytes, and a block waiting there to be
    # written in input order takes one byte per ASCII character instead of two per character.
    out.blocks = {name: text.encode("utf-8") for name, text in texts.items()}
    if task.view:
        from .view.digest import digest_triples

        out.view = digest_triples(triples, block.props if task.check else None)
    out.seconds["render"] = time.process_time() - clock
    return out


def _layer_context(part, renames: dict[str, str]):
    """What the entity layer holds about this document's nodes: the classes of its entities
    and rules, and the direct triples of its relations."""
    from .graph import direct_triple, key_iri, kg, rule_iri, rules_used

    types: dict[str, list[str]] = {}
    for key, entity in part.entities.items():
        types[key_iri(renames.get(key, key))] = [kg(entity.type)]
    for rule in rules_used(part):
        types[rule_iri(rule)] = [kg("Rule")]
    facts = [direct_triple(r) for r in part.relations if r.relation is not None]
    return types, facts
