"""Write one build's output set: streamed RDF files, the Oxigraph store, extra files.

Everything is written into an :class:`kg.outputs.OutputSet` (a temporary sibling folder
swapped in whole when the set is complete), so a failed or killed build leaves the
previous outputs as they were and a reader never sees a mix of two builds.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from .errors import OutputError
from .rdf import RDF_FORMATS

STORE = "store"


class OutputWriter:
    """Streams blocks of triples into one file per format; ``keep`` are the formats that are
    outputs (others, such as N-Quads for the store, are staging files only)."""

    def __init__(self, out: Path, formats: Sequence[str], keep: Sequence[str], wait: bool = False,
                 store: Optional[str] = None) -> None:
        """``store``: "folder" loads the output's store/ from the N-Quads as they are written,
        "memory" an in-memory store (for the view and exports only), None no store."""
        from .outputs import OutputSet

        self.out = Path(out)
        self.formats = [RDF_FORMATS.get(name) for name in formats]
        self.keep = set(keep)
        self.written: list[Path] = []
        self._names: list[str] = []
        self._handles: dict = {}
        self._started: dict[str, bool] = {}
        self._joiners = {fmt.name: fmt.joiner.encode("utf-8") for fmt in self.formats}
        self._set = OutputSet(self.out, wait=wait)
        self.staging: Optional[Path] = None
        self._store_mode = store
        self._loader = None

    # -- lifecycle -----------------------------------------------------------

    def __enter__(self) -> "OutputWriter":
        self._set.__enter__()
        self.staging = self._set.folder
        try:
            if self._store_mode is not None:
                from .store import StreamLoader

                self._loader = StreamLoader(self._set.path(STORE) if self._store_mode == "folder" else None)
            for fmt in self.formats:
                if fmt.name == "nq" and self._loader is not None and "nq" not in self.keep:
                    continue                 # the N-Quads go straight into the store
                handle = open(self._set.path(fmt.filename), "wb")
                handle.write(fmt.head().encode("utf-8"))
                self._handles[fmt.name] = handle
                self._started[fmt.name] = False
        except OSError as exc:
            self._set.__exit__(type(exc), exc, None)
            raise OutputError("E401", path=self.out, detail=exc.strerror or exc) from exc
        return self

    def __exit__(self, kind, value, traceback) -> None:
        for handle in self._handles.values():
            handle.close()
        if self._loader is not None:
            self._loader.abort()
            self._loader = None
        if kind is None:
            for fmt in self.formats:         # staging-only files never reach the output folder
                if fmt.name not in self.keep:
                    (self.staging / fmt.filename).unlink(missing_ok=True)
        self._set.__exit__(kind, value, traceback)
        if kind is None:
            self.written = [self.out / name for name in self._names]

    # -- content ---------------------------------------------------------------

    def block(self, triples, graph: Optional[str]) -> None:
        """Render one block of sorted triples in every format (in this process)."""
        self.document({fmt.name: fmt.block(triples, graph).encode("utf-8") for fmt in self.formats})

    def document(self, blocks: dict[str, bytes]) -> None:
        """Append pre-rendered blocks (one per format, UTF-8)."""
        try:
            for fmt in self.formats:
                text = blocks.get(fmt.name, b"")
                if not text:
                    continue
                if fmt.name == "nq" and self._loader is not None:
                    self._loader.feed(text)
                    if fmt.name not in self._handles:
                        continue
                handle = self._handles[fmt.name]
                if self._started[fmt.name]:
                    handle.write(self._joiners[fmt.name])
                handle.write(text)
                self._started[fmt.name] = True
        except OSError as exc:
            raise OutputError("E401", path=self.staging, detail=exc.strerror or exc) from exc

    def finish_files(self) -> None:
        for fmt in self.formats:
            handle = self._handles.pop(fmt.name, None)
            if handle is None:
                continue
            handle.write(fmt.tail().encode("utf-8"))
            handle.close()
            if fmt.name in self.keep:
                self._names.append(fmt.filename)

    def store(self):
        """The Oxigraph store loaded while the N-Quads were written, with the ontology: the
        output folder's store/ (returned opened read-only), or the in-memory store."""
        import pyoxigraph as ox

        loader, self._loader = self._loader, None
        if loader is None:
            raise OutputError("E401", path=self.out, detail="no store was requested for this output set")
        loaded = loader.finish()
        if self._store_mode != "folder":
            return loaded
        self._names.append(STORE)
        return ox.Store.read_only(str(loaded))

    def export(self, exporter, store) -> None:
        """A store-based export (GraphML, Neo4j CSV) into the output set."""
        for name in exporter.filenames:
            self._set.path(name)                 # part of the set, folders included
        exporter.export(store, self.staging)
        self._names.extend(dict.fromkeys(n.split("/")[0] for n in exporter.filenames))

    def add_file(self, name: str, payload: bytes) -> None:
        self._set.write(name, payload)
        self._names.append(name)

    def names(self) -> list[str]:
        return sorted(self._names)
