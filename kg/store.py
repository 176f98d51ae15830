"""The Oxigraph store: create it with the bulk loader, open it for queries and exports.

A store folder holds every triple of a build as quads: each document's triples in
the named graph of its IRI, the entity layer in the default graph, and the ontology
(ontology/kg.ttl) in the named graph :data:`ONTOLOGY_GRAPH`.  Queries run with
``use_default_graph_as_union=True`` so a plain pattern sees all of them.

The two entry points the build and the commands use::

    load_store(folder, nquads_path) -> Path      # create (bulk loader), add the ontology
    open_store(path) -> pyoxigraph.Store          # a store folder (read-only) or an RDF file
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

import pyoxigraph as ox

from .errors import QueryError
from .resources import ontology_path
from .vocab import PREFIXES

ONTOLOGY_GRAPH = "https://w3id.org/kg-cn/ontology"
#: file suffix -> pyoxigraph format; everything ``open_store`` and ``load_store`` read.
FILE_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
                ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD}
#: prefixes given to the SPARQL parser (not pasted into the text, so error positions stay right).
QUERY_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is an Oxigraph (RocksDB) store folder."""
    path = Path(path)
    return path.is_dir() and (path / "CURRENT").is_file()


def _file_format(path: Path, code: str = "E302") -> ox.RdfFormat:
    if not path.is_file():
        raise QueryError(code, path=path, detail="no such file" if not path.exists() else "not a file")
    fmt = FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise QueryError(code, path=path, detail="expected a store folder or a "
                         + ", ".join(sorted(FILE_FORMATS)) + " file")
    return fmt


def _bulk(store: ox.Store, path: Path, fmt: ox.RdfFormat, code: str, graph: Optional[str] = None,
          lenient: bool = False) -> None:
    try:
        if graph is None:
            store.bulk_load(path=str(path), format=fmt, lenient=lenient)
        else:
            store.bulk_load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph), lenient=lenient)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(code, path=path, detail=" ".join(str(exc).split())) from exc


def add_ontology(store: ox.Store) -> None:
    """Put ontology/kg.ttl into its named graph, so rdfs:subClassOf* queries work."""
    _bulk(store, ontology_path("kg.ttl"), ox.RdfFormat.TURTLE, "E311", graph=ONTOLOGY_GRAPH)


def load_store(folder: str | Path, nquads_path: str | Path, *, ontology: bool = True, lenient: bool = False) -> Path:
    """Create an Oxigraph store in ``folder`` (absent or empty) from an RDF file with the bulk loader.

    ``nquads_path`` is normally N-Quads (document graphs + default graph); any suffix of
    :data:`FILE_FORMATS` works.  The ontology is added in :data:`ONTOLOGY_GRAPH` unless
    ``ontology=False``.  ``lenient=True`` skips Oxigraph's IRI and literal validation (about 15 %
    less CPU): only for input kg wrote itself.  The store is closed on return, ready for
    :func:`open_store`.
    Raises :class:`QueryError` E311 (folder not empty, unreadable or invalid input)."""
    folder, source = Path(folder), Path(nquads_path)
    fmt = _file_format(source, "E311")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise QueryError("E311", path=folder, detail="the folder exists and is not empty")
    try:
        store = ox.Store(str(folder))
    except OSError as exc:
        raise QueryError("E311", path=folder, detail=" ".join(str(exc).split())) from exc
    _bulk(store, source, fmt, "E311", lenient=lenient)
    if ontology:
        add_ontology(store)
    store.flush()
    del store
    return folder


def open_store(path: str | Path, *, ontology: bool = True) -> ox.Store:
    """A store to query: a store folder opened read-only, or an RDF file bulk-loaded in memory
    (with the ontology in its graph, as in a built store).  Coded errors: E310, E302."""
    path = Path(path)
    if path.is_dir():
        if not is_store(path):
            raise QueryError("E310", path=path, detail="not an Oxigraph store folder (no CURRENT file); "
                             "give output/store/ or an RDF file")
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            raise QueryError("E310", path=path, detail=" ".join(str(exc).split())) from exc
    fmt = _file_format(path)
    store = ox.Store()
    _bulk(store, path, fmt, "E302")
    if ontology:
        add_ontology(store)
    return store


def run(store: ox.Store, sparql: str, substitutions: Optional[dict] = None):
    """Evaluate SPARQL over the union of all graphs, with kg's prefixes predeclared."""
    try:
        return store.query(sparql, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True,
                           substitutions=substitutions or None)
    except SyntaxError as exc:
        from .query import relocate_error      # "error at 5:2" -> "error at line 5, column 2"

        raise QueryError("E301", detail=relocate_error(" ".join(str(exc).split()), 0)) from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError("E303", detail=" ".join(str(exc).split())) from exc


def select(store: ox.Store, sparql: str) -> Iterator[dict[str, object]]:
    """Rows of a SELECT as variable -> pyoxigraph term (None when unbound)."""
    solutions = run(store, sparql)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: solution[name] for name in names}


def quads_to_rdflib(store: ox.Store):
    """The store as an rdflib Dataset (default graph = union), for the rdflib engine on small stores."""
    from rdflib import Dataset

    data = store.dump(format=ox.RdfFormat.N_QUADS)
    dataset = Dataset(default_union=True)
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    return dataset


def plain(term):
    """A pyoxigraph term as a kg.rdf term (IRI str or Lit); blank nodes as ``_:id`` strings."""
    from .rdf import XSD_STRING, Lit

    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if term.language:
        return Lit(term.value, "", term.language)
    datatype = term.datatype.value
    return Lit(term.value, "" if datatype == XSD_STRING else datatype)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {_XSD + t for t in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                     "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                     "unsignedInt", "unsignedShort", "unsignedByte")}


def _declared_integer_types() -> dict[str, str]:
    """property IRI -> its declared integer-derived datatype (from the shipped JSON-LD context)."""
    from .formats_jsonld import _tables

    return {iri: coerce for iri, (_, coerce) in _tables()[0].items() if coerce in _INTEGER_TYPES}


def graph_triples(store: ox.Store, graph: Optional[str]) -> list:
    """The triples of one graph (None: the default graph) as sorted kg.rdf triples.

    Oxigraph normalises literals on load (oxigraph issue #526): ``"5"^^xsd:nonNegativeInteger``
    comes back as ``xsd:integer``.  For the properties whose datatype kg declares
    (nif:beginIndex, nif:endIndex) the declared datatype is put back, so an export from the
    store holds the build's triples.  Elsewhere the store's form stands."""
    from .rdf import Lit, sort_triples

    declared = _declared_integer_types()
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    out = []
    for q in store.quads_for_pattern(None, None, None, name):
        s, p, o = plain(q.subject), plain(q.predicate), plain(q.object)
        if p in declared and isinstance(o, Lit) and o.datatype == _XSD + "integer":
            o = Lit(o.value, declared[p])
        out.append((s, p, o))
    return sort_triples(out)


def data_graphs(store: ox.Store) -> list[Optional[str]]:
    """The default graph, then every named graph but the ontology's, in IRI order."""
    named = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    return [None] + [g for g in named if g != ONTOLOGY_GRAPH]


class _Feed:
    """Segments of N-Quads handed from the build's thread to the bulk loader's thread.

    Blocks are gathered until about ``segment`` bytes, then joined into one ``bytes`` object:
    each segment is one bulk-load call, which Oxigraph parses, sorts and writes without the GIL
    while later blocks are still being rendered.  (A file-like input would make the loader
    take the GIL back for every small read, and wait for a busy build thread each time.)
    At most ``depth`` segments wait in the queue, so the memory held is bounded."""

    def __init__(self, depth: int = 2, segment: int = 32 << 20) -> None:
        import queue

        self._queue: "queue.Queue[Optional[bytes]]" = queue.Queue(maxsize=depth)
        self._segment = segment
        self._parts: list[bytes] = []
        self._size = 0

    def put(self, data: Optional[bytes], alive) -> None:
        """Add a block (``None``: the end); a full segment is queued for the loader."""
        if data is not None:
            self._parts.append(data)
            self._size += len(data)
            if self._size < self._segment:
                return
        items = [b"".join(self._parts)] if self._parts else []
        self._parts, self._size = [], 0
        if data is None:
            items.append(None)
        for item in items:
            self._push(item, alive)

    def _push(self, item: Optional[bytes], alive) -> None:
        import queue

        while True:          # a loader that died must not leave the build waiting on a full queue
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                if not alive():
                    return

    def segments(self):
        """The loader's side: every segment, in order, until the end."""
        while True:
            item = self._queue.get()
            if item is None:
                return
            yield item


class StreamLoader:
    """Bulk-load N-Quads into a store while they are still being written.

    The loader runs in a thread (pyoxigraph parses and indexes without the GIL), so loading
    the store overlaps with rendering instead of following it.  ``feed`` N-Quads text in
    blocks, then ``finish()``: it adds the ontology and returns the store (in memory) or the
    folder (closed, ready for :func:`open_store`).  Errors are raised by ``finish`` as E311."""

    def __init__(self, folder: str | Path | None = None, *, ontology: bool = True, lenient: bool = True) -> None:
        import threading

        self.folder = None if folder is None else Path(folder)
        if self.folder is not None and self.folder.exists() and (
                not self.folder.is_dir() or any(self.folder.iterdir())):
            raise QueryError("E311", path=self.folder, detail="the folder exists and is not empty")
        try:
            self._store = ox.Store() if self.folder is None else ox.Store(str(self.folder))
        except OSError as exc:
            raise QueryError("E311", path=self.folder, detail=" ".join(str(exc).split())) from exc
        self._ontology = ontology
        self._lenient = lenient
        self._feed = _Feed()
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._run, name="kg-store-loader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for segment in self._feed.segments():
                self._store.bulk_load(input=segment, format=ox.RdfFormat.N_QUADS, lenient=self._lenient)
        except BaseException as exc:          # reported by finish(), in the build's thread
            self._error = exc
            for _ in self._feed.segments():   # keep draining so the writer never blocks
                pass

    def feed(self, text) -> None:
        """Add N-Quads, as ``str`` or UTF-8 ``bytes``."""
        if text and self._error is None:
            self._feed.put(text.encode("utf-8") if isinstance(text, str) else text, self._thread.is_alive)

    def finish(self):
        self._feed.put(None, self._thread.is_alive)
        self._thread.join()
        where = self.folder if self.folder is not None else "(memory)"
        if self._error is not None:
            raise QueryError("E311", path=where, detail=" ".join(str(self._error).split()) or
                             type(self._error).__name__) from self._error
        if self._ontology:
            add_ontology(self._store)
        if self.folder is None:
            return self._store
        self._store.flush()
        self._store = None
        return self.folder

    def abort(self) -> None:
        """Stop the loader (the build failed); what it loaded is discarded with the output set."""
        if self._thread.is_alive():
            self._feed.put(None, self._thread.is_alive)
            self._thread.join()
        self._store = None
