"""The plain Python API: build a knowledge graph from files, one stage after another.

    read -> segment -> extract -> resolve -> graph -> export / view
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from rdflib import Graph

from .corpus import find_inputs, read_document
from .errors import ValidationFailed
from .export import render, write_atomic
from .extract import Extractor, RuleSet, load_rules
from .graph import build_graph
from .model import Document, Extraction, KnowledgeBase
from .resolve import Resolver
from .segment import JiebaSegmenter, segment_document

DEFAULT_FORMATS = ("turtle", "nt", "jsonld")


@dataclass
class Pipeline:
    """Rules, lexicon index and segmenter, loaded once and reused for many documents."""

    ruleset: RuleSet
    extractor: Extractor
    segmenter: JiebaSegmenter
    resolver: Resolver

    @classmethod
    def load(cls, extra_rules: Sequence[str | Path] = ()) -> "Pipeline":
        ruleset = load_rules(extra_rules)
        extractor = Extractor(ruleset)
        segmenter = JiebaSegmenter(extractor.index.segment_words())
        return cls(ruleset, extractor, segmenter, Resolver.for_extractor(extractor))

    def segment(self, document: Document) -> Document:
        return segment_document(self.segmenter, document)

    def extract(self, document: Document) -> Extraction:
        return self.extractor.extract(self.segment(document))

    def resolve(self, extractions: list[Extraction]) -> KnowledgeBase:
        return self.resolver.resolve(extractions)

    def graph(self, kb: KnowledgeBase) -> Graph:
        kinds = {rule.id: rule.kind for rule in self.ruleset.rules}
        comments = {rule.id: rule.description for rule in self.ruleset.rules if rule.description}
        return build_graph(kb, kinds, comments)


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


@dataclass
class BuildResult:
    documents: list[Document] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    statistics: int = 0
    mentions: int = 0
    assertions: int = 0
    triples: int = 0
    violations: Optional[list] = None
    written: list[Path] = field(default_factory=list)
    kb: Optional[KnowledgeBase] = None
    graph: Optional[Graph] = None

    @property
    def sentences(self) -> int:
        return sum(len(d.sentences) for d in self.documents)


def infer(graph: Graph) -> Graph:
    """Add what RDFS entailment gives with the ontology (superclasses such as
    schema:Organization, superproperties such as org:subOrganizationOf)."""
    import owlrl

    from .vocab import ontology_graph

    ontology = ontology_graph()
    merged = Graph()
    for prefix, ns in graph.namespaces():
        merged.bind(prefix, ns, override=True, replace=True)
    for triple in graph:
        merged.add(triple)
    for triple in ontology:
        merged.add(triple)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, rdfs_closure=False, axiomatic_triples=False,
                           datatype_axioms=False).expand(merged)
    for triple in ontology:
        if triple not in graph:
            merged.remove(triple)
    # Drop what is not valid RDF (owlrl types literals as subjects) and rdfs:Resource noise.
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS
    for triple in list(merged):
        subject, predicate, obj = triple
        if isinstance(subject, Literal) or isinstance(predicate, Literal) or \
                (predicate == RDF.type and obj in (RDFS.Resource, RDFS.Literal)):
            merged.remove(triple)
    return merged


def build(options: BuildOptions, progress: Optional[Callable[[Iterable, int, str], Iterable]] = None) -> BuildResult:
    """Run the whole pipeline and write the outputs; raises KgError subclasses on bad input."""
    def steps(items, label):
        items = list(items)
        return progress(items, len(items), label) if progress else items

    paths = find_inputs(options.inputs)
    pipeline = Pipeline.load(options.rules)
    result = BuildResult()
    seen: dict[str, Document] = {}
    for path in steps(paths, "reading"):
        document = read_document(path)
        if document.doc_id in seen:
            result.duplicates.append(f"{path} (same text as {seen[document.doc_id].path})")
            continue
        seen[document.doc_id] = document
        result.documents.append(document)
    extractions = [pipeline.extract(d) for d in steps(result.documents, "extracting")]
    kb = pipeline.resolve(extractions)
    graph = pipeline.graph(kb)
    result.kb, result.graph = kb, graph
    result.entities = Counter(e.type for e in kb.entities.values())
    facts = {(r.subject, r.predicate, r.object) for r in kb.relations}
    result.relations = Counter(predicate for _, predicate, _ in facts)
    result.assertions = len(kb.relations)
    result.mentions = sum(1 for m in kb.mentions if m.entity)
    result.statistics = len(kb.statistics)
    if options.validate or options.strict:
        from .validate import validate_graph

        result.violations = validate_graph(graph)
        if options.strict and result.violations:
            raise ValidationFailed("E501", count=len(result.violations))
    if options.infer:
        graph = infer(graph)
        result.graph = graph
    result.triples = len(graph)
    payloads = render(graph, list(options.formats))
    out = Path(options.out)
    files: list[tuple[Path, bytes]] = [(out / name, data) for name, data in payloads.values()]
    if options.html:
        from .view import render_view, store_from_ntriples

        title = "kg · " + (result.documents[0].meta.title or result.documents[0].name
                           if len(result.documents) == 1 else f"{len(result.documents)} documents")
        nt = payloads["nt"][1] if "nt" in payloads else render(graph, ["nt"])["nt"][1]
        page = render_view(store_from_ntriples(nt), title=title, max_nodes=options.max_nodes)
        files.append((out / "graph.html", page.encode("utf-8")))
    for path, data in files:
        write_atomic(path, data)
        result.written.append(path)
    return result
