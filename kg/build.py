"""The corpus build: many documents in bounded memory, on every core, incrementally.

1. scan   the inputs; each file's bytes give its cache key (engine fingerprint + content).
2. extract  (workers) read -> segment -> extract -> resolve each document not in the cache;
            the full result is cached, a small summary comes back.
3. merge  the summaries into the entity layer (kg/merge.py): renames, background facts.
4. render (workers) each document's named graph in every format, in input order.
5. write  head + entity layer + documents + tail per format, the Oxigraph store, the view,
          validation, and a manifest that lets an unchanged rebuild do nothing.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from .cache import DOC_SPACES_KEPT, Cache, default_cache_dir, doc_space, document_key, engine_fingerprint
from .corpus import DEFAULT_GLOBS, MAX_FILE_SIZE, InputScan
from .errors import InputError, KgError, ValidationFailed
from .executor import default_jobs, make_executor
from .model import DocSummary
from .worker import EngineRef, ExtractTask, RenderTask, Skipped, extract_task, install_engine, render_task

DEFAULT_FORMATS = ("turtle", "nt", "jsonld")
MANIFEST = "build.json"


@dataclass
class BuildOptions:
    inputs: Sequence[str | Path] = ("seeds",)
    out: str | Path = "output"
    rules: Sequence[str | Path] = ()
    formats: Sequence[str] = DEFAULT_FORMATS
    html: bool = True
    validate: bool = True
    strict: bool = False
    infer: bool = False
    max_nodes: int = 300
    store: bool = True
    jobs: int = 0                        # 0: one per core
    executor: str = "local"
    scheduler: object = None             # Dask scheduler address (or a distributed.Client)
    segmenter: str = "rjieba"          # the same tokens as jieba (tests/test_segment.py), faster
    cache_dir: Optional[str | Path] = None   # None: ~/.cache/kg; "" : no cache between builds
    # input handling and output sets
    glob: Sequence[str] = DEFAULT_GLOBS
    strict_input: bool = False
    encoding_errors: str = "strict"
    max_file_size: int = MAX_FILE_SIZE
    big5: bool = False
    wait: bool = False


@dataclass
class BuildResult:
    summaries: list[DocSummary] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    statistics: int = 0
    mentions: int = 0
    assertions: int = 0
    triples: int = 0
    violations: Optional[list] = None
    written: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)     # wall time of each stage
    cpu: dict[str, float] = field(default_factory=dict)         # CPU time of the per-document stages
    up_to_date: bool = False
    out: Optional[Path] = None
    scan: Optional[InputScan] = None         # skipped, duplicate and excluded inputs

    @property
    def documents(self) -> list[DocSummary]:
        return self.summaries

    @property
    def sentences(self) -> int:
        return sum(s.sentences for s in self.summaries)

    @property
    def cached(self) -> list[DocSummary]:
        return [s for s in self.summaries if s.cached]

    @property
    def graph(self):
        """The built graph as an rdflib Graph, parsed from graph.nt (small builds only)."""
        from rdflib import Graph

        from .vocab import PREFIXES

        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        graph.parse(str(Path(self.out) / "graph.nt"), format="nt")
        return graph


Progress = Callable[[Iterable, int, str], Iterable]


def build(options: BuildOptions, progress: Optional[Progress] = None) -> BuildResult:
    """Run the whole pipeline and write the outputs; raises KgError subclasses on bad input."""
    from .corpus import find_inputs

    jobs = options.jobs or default_jobs()
    if jobs < 1:
        raise KgError("E802", value=jobs)
    scan = find_inputs(options.inputs, globs=options.glob, strict=options.strict_input)
    result = BuildResult(out=Path(options.out), scan=scan)
    clock = _Clock(result.seconds)
    fingerprint = engine_fingerprint(list(options.rules), options.segmenter)
    spool_dir, temporary = _spool(options)
    try:
        cache = Cache(spool_dir)
        read = f"{options.encoding_errors}|{options.max_file_size}|{options.big5}"
        entries = _scan(scan, fingerprint, read, options.max_file_size, result)
        clock.lap("scan")
        out = Path(options.out)
        manifest = _manifest(options, fingerprint, [key for _, key in entries])
        if not temporary and _up_to_date(out, manifest, cache, entries):
            result.up_to_date = True
            result.summaries = [cache.load("docs", key) for _, key in entries]
            for summary in result.summaries:
                summary.cached = True
            _count(result, None, None)
            result.written = [out / name for name in manifest["outputs"]]
            cache.prune_spaces("docs", doc_space(fingerprint), DOC_SPACES_KEPT)   # marks it used
            return result
        # The render workers are forked now, while this process holds neither the engine nor the
        # entity layer: rendering needs neither, and a worker forked later would map both
        # (counted again in its RSS, and copied page by page wherever it touches them).
        renderers = make_executor(options.executor, jobs, options.scheduler)
        try:
            if len(entries) > 1:
                renderers.start()
            summaries, layer, engine = _extract(options, entries, cache, str(spool_dir), jobs, result,
                                                progress, clock)
            _write(options, engine, layer, summaries, str(spool_dir), jobs, result, manifest, progress,
                   clock, renderers)
        finally:
            renderers.close()
        if not temporary:
            cache.prune_spaces("docs", doc_space(fingerprint), DOC_SPACES_KEPT)
        return result
    finally:
        if temporary:
            import shutil

            shutil.rmtree(spool_dir, ignore_errors=True)


class _Clock:
    """Wall time per stage of the parent process."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds, self.last = seconds, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.last = now


def _spool(options: BuildOptions) -> tuple[Path, bool]:
    if options.cache_dir == "":
        import tempfile

        return Path(tempfile.mkdtemp(prefix="kg-spool-")), True
    return (Path(options.cache_dir) if options.cache_dir else default_cache_dir()), False


def _scan(scan: InputScan, fingerprint: str, read: str, max_size: int,
          result: BuildResult) -> list[tuple[Path, str]]:
    """(path, cache key) of each distinct input file, in input order.  A file too big or
    unreadable is left to the reader, which reports it with its code."""
    entries: list[tuple[Path, str]] = []
    seen: dict[str, Path] = {}
    for path in scan.paths:
        try:
            data = path.read_bytes() if path.stat().st_size <= max_size else b""
        except OSError:
            data = b""
        payload = data or b"unread:" + str(path.resolve()).encode()    # the worker reports why
        key = document_key(fingerprint, payload, read)
        if key in seen:
            result.duplicates.append(f"{path} (same text as {seen[key]})")
            continue
        seen[key] = path
        entries.append((path, key))
    return entries


def _extract(options, entries, cache: Cache, spool: str, jobs: int, result: BuildResult,
             progress: Optional[Progress], clock: _Clock):
    """Every document's summary, from the cache or from the workers, merged into the entity
    layer in input order as it arrives.  Returns the light summaries, the layer and the engine."""
    from .merge import EntityLayer
    from .pipeline import Pipeline

    hits = {key for _, key in entries if cache.has("docs", key)}
    missing = [(path, key) for path, key in entries if key not in hits]
    clock.lap("cache")
    engine = Pipeline.load(options.rules, segmenter=options.segmenter, cache_dir=options.cache_dir)
    layer = EntityLayer(engine.resolver.knowledge)
    mergeable = {rule.type for rule in engine.resolver.knowledge.prefix_merges}
    clock.lap("load")
    ref = EngineRef(tuple(str(p) for p in options.rules), options.segmenter,
                    None if options.cache_dir in (None, "") else str(options.cache_dir))
    install_engine(ref, engine)          # forked workers inherit it instead of loading it again
    read_options = (("encoding_errors", options.encoding_errors), ("max_file_size", options.max_file_size),
                    ("big5", options.big5))
    tasks = {key: ExtractTask(str(path), key, spool, ref, read_options) for path, key in missing}
    executor = make_executor(options.executor, jobs, options.scheduler) if missing else None
    summaries: list[DocSummary] = []
    seen_docs: dict[str, str] = {}
    try:
        # Largest documents first, so that no worker is left with a big one at the end; the
        # results are merged in input order all the same (``fresh`` puts them back in order).
        order = _largest_first(tasks.values()) if jobs > 1 else list(tasks.values())
        fresh = _in_order(executor.map(extract_task, order, chunksize=_chunk(len(tasks), jobs)), list(tasks)) \
            if executor else iter(())
        ordered = progress(entries, len(entries), "extracting") if progress is not None else entries
        for path, key in ordered:
            summary = cache.load("docs", key) if key in hits else None
            if isinstance(summary, DocSummary):
                summary.cached = True
            else:
                summary = next(fresh) if key in tasks else \
                    extract_task(ExtractTask(str(path), key, spool, ref, read_options))
            if isinstance(summary, Skipped):
                _skip(result.scan, summary)        # raises for a one-file or --strict-input build
                continue
            if summary.doc_id in seen_docs:       # the same text in another encoding
                result.duplicates.append(f"{path} (same text as {seen_docs[summary.doc_id]})")
                continue
            seen_docs[summary.doc_id] = str(path)
            summary.path = str(path)
            if not summary.cached:
                for stage, seconds in summary.seconds.items():
                    result.cpu[stage] = result.cpu.get(stage, 0.0) + seconds
            layer.add(summary)
            # Only what the render stage needs stays: memory grows with distinct entities.
            summary.entities = {k: e for k, e in summary.entities.items() if e.type in mergeable}
            summary.facts, summary.rules = set(), set()
            summaries.append(summary)
    finally:
        if executor is not None:
            executor.close()
    clock.lap("extract")
    if not summaries and result.scan.skipped:
        raise InputError("E115", count=len(result.scan.skipped), first=result.scan.skipped[0].message)
    result.summaries = summaries
    return summaries, layer, engine


def _skip(scan: InputScan, skipped: Skipped) -> None:
    """A file a worker could not read: skipped with its coded message in a corpus build,
    the build's error when it is the only file or under --strict-input."""
    error = InputError(skipped.code, path=skipped.path)
    error.args = (skipped.message,)
    if scan.must_fail() and not scan.strict:
        raise error
    scan.skip(error)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


WINDOW = 256     # tasks reordered together: results that wait to be merged in order stay this few
RENDER_BUDGET = 500_000       # characters of documents per render window (their blocks wait in memory)


def _largest_first(tasks, window: int = WINDOW, size=None, budget: int = 0) -> list:
    """Within each run of ``window`` tasks (in input order), the largest documents first: no
    worker ends alone on a big one, and since results are merged in input order, at most about
    a window of them waits in memory (sorting the whole corpus would hold nearly all of them).
    ``size``: a task's size (default: its file's); ``budget``: also end a window once its
    tasks' sizes add up to this much."""
    size = size or (lambda task: _size(task.path))
    out: list = []
    run: list = []
    total = 0
    for task in tasks:
        run.append((size(task), task))
        total += run[-1][0]
        if len(run) >= window or (budget and total >= budget):
            out.extend(t for _, t in sorted(run, key=lambda pair: -pair[0]))
            run, total = [], 0
    out.extend(t for _, t in sorted(run, key=lambda pair: -pair[0]))
    return out


def _in_order(results, keys: list[str]):
    """Results that arrive for tasks in any order, yielded in the order of ``keys``."""
    waiting: dict = {}
    results = iter(results)
    for key in keys:
        while key not in waiting:
            result = next(results)
            waiting[result.cache_key] = result
        yield waiting.pop(key)


def _chunk(tasks: int, jobs: int) -> int:
    return max(1, min(16, tasks // (jobs * 8)))


def _write(options: BuildOptions, engine, layer, summaries: list[DocSummary], spool: str, jobs: int,
           result: BuildResult, manifest: dict, progress: Optional[Progress], clock: _Clock,
           executor) -> None:
    from .graph import entity_layer_triples
    from .merge import direct_fact_triples
    from .output import OutputWriter
    from .rdf import RDF_FORMATS, sort_triples

    from .exporters import EXPORTERS

    requested = list(dict.fromkeys(options.formats))
    # Streamed RDF formats are rendered in the workers; the others (GraphML, Neo4j CSV) are
    # exports of the finished store, from the same registry kg export uses.
    formats = [name for name in requested if name in RDF_FORMATS]
    exports = [EXPORTERS.get(name) for name in requested if name not in RDF_FORMATS]
    renames, background = layer.finish()
    layer_triples = entity_layer_triples(layer.entities, direct_fact_triples(layer.facts), background,
                                         layer.rules, engine.rule_kinds, engine.rule_comments)
    if options.infer:
        from .infer import entailed

        layer_triples += entailed(layer_triples)
    layer_triples = sort_triples(layer_triples)
    _count(result, layer.entities, layer.facts | {(r.subject, r.predicate, r.object) for r in background})
    clock.lap("merge")
    violations: list = []
    if options.validate or options.strict:
        from .checks import check_entity_layer

        violations.extend(check_entity_layer(layer_triples))
    clock.lap("validate")
    # N-Quads feed the store; the view does not need it (it reads the digest made below).
    needs_store = options.store or bool(exports)
    render_formats = tuple(formats) + (("nq",) if needs_store and "nq" not in formats else ())
    # The store loads in a thread while the blocks are written (see kg.store.StreamLoader).
    writer = OutputWriter(Path(options.out), render_formats, keep=formats, wait=options.wait,
                          store=("folder" if options.store else "memory") if needs_store else None)
    # ``executor``: the render workers, forked before the writer starts the store loader's thread.
    try:
        with writer:
            writer.block(layer_triples, None)
            tasks = [RenderTask(s.cache_key, spool, render_formats,
                                tuple(sorted((k, renames[k]) for k in s.entities if k in renames)),
                                check=options.validate or options.strict, infer=options.infer,
                                view=options.html)
                     for s in summaries]
            digest = None
            if options.html:
                from .view.digest import digest_triples

                digest = digest_triples(layer_triples)
                digest.bounded = True        # documents' evidence is kept per relation, not per assertion
            try:
                # Largest documents first within windows of bounded size; written in input order.
                chars = {s.cache_key: s.chars for s in summaries}
                order = _largest_first(tasks, size=lambda task: chars.get(task.key, 0), budget=RENDER_BUDGET) \
                    if jobs > 1 else tasks
                rendered = _in_order(executor.map(render_task, order, chunksize=_chunk(len(tasks), jobs)),
                                     [task.key for task in tasks])
                if progress is not None:
                    rendered = progress(rendered, len(tasks), "writing")
                for item in rendered:
                    writer.document(item.blocks)
                    for stage, seconds in item.seconds.items():
                        result.cpu[stage] = result.cpu.get(stage, 0.0) + seconds
                    result.triples += item.triples
                    violations.extend(item.violations)
                    if digest is not None and item.view is not None:
                        digest.merge(item.view)
            finally:
                executor.close()                 # the workers end before the store and the view
            result.triples += len(layer_triples)
            clock.lap("render")
            if options.strict and violations:
                raise ValidationFailed("E501", count=len(violations))
            writer.finish_files()
            clock.lap("write")
            if options.html:
                # Drawn from the digest while the store's loader thread (no GIL) still runs.
                from .view import render_view

                title = ("kg · " + (summaries[0].title or summaries[0].name)) if len(summaries) == 1 \
                    else f"kg · {len(summaries)} documents"
                page = render_view(None, title=title, max_nodes=options.max_nodes, digest=digest)
                clock.lap("view")
            store = writer.store() if needs_store else None
            clock.lap("store")
            for exporter in exports:
                writer.export(exporter, store)
            if exports:
                clock.lap("export")
            if options.html:
                writer.add_file("graph.html", page.encode("utf-8"))
            del store
            manifest["outputs"] = writer.names()
            writer.add_file(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
    finally:
        executor.close()
    result.written = writer.written
    result.violations = sorted(violations, key=lambda v: (v.focus, v.shape, v.path, v.message)) \
        if (options.validate or options.strict) else None
    clock.lap("write")


def _count(result: BuildResult, entities, facts) -> None:
    summaries = result.summaries
    result.mentions = sum(s.mentions for s in summaries)
    result.assertions = sum(s.assertions for s in summaries)
    result.statistics = sum(s.statistics for s in summaries)
    if entities is not None:
        result.entities = Counter(e.type for e in entities.values())
        result.relations = Counter(p for _, p, _ in facts)


def _manifest(options: BuildOptions, fingerprint: str, keys: list[str]) -> dict:
    return {"kg": 1, "fingerprint": fingerprint, "documents": keys,
            "options": {"formats": list(options.formats), "html": options.html, "validate": options.validate,
                        "strict": options.strict, "infer": options.infer, "max_nodes": options.max_nodes,
                        "store": options.store, "segmenter": options.segmenter}}


def _up_to_date(out: Path, manifest: dict, cache: Cache, entries) -> bool:
    """The output folder holds exactly what this build would write (same inputs, engine, options)."""
    try:
        existing = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    outputs = existing.pop("outputs", [])
    if existing != manifest or not outputs:
        return False
    if not all((out / name).exists() for name in outputs):
        return False
    manifest["outputs"] = outputs
    return all(cache.has("docs", key) for _, key in entries)
