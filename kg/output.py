"""Write one build's output set: streamed RDF files, the Oxigraph store, extra files.

Everything is written into a staging folder beside the output folder and moved
into place only when the whole set is complete, so a failed build leaves the
previous outputs as they were.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Optional, Sequence

from .errors import OutputError
from .rdf import RDF_FORMATS

STORE = "store"


class OutputWriter:
    """Streams blocks of triples into one file per format; ``keep`` are the formats that are
    outputs (others, such as N-Quads for the store, are staging files only)."""

    def __init__(self, out: Path, formats: Sequence[str], keep: Sequence[str]) -> None:
        self.out = Path(out)
        self.formats = [RDF_FORMATS.get(name) for name in formats]
        self.keep = set(keep)
        self.written: list[Path] = []
        self._names: list[str] = []
        self._handles: dict = {}
        self._started: dict[str, bool] = {}
        self.staging: Optional[Path] = None

    # -- lifecycle -----------------------------------------------------------

    def __enter__(self) -> "OutputWriter":
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self.staging = self.out / f".kg-staging-{os.getpid()}"
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir()
            for fmt in self.formats:
                handle = open(self.staging / fmt.filename, "w", encoding="utf-8", newline="\n")
                handle.write(fmt.head())
                self._handles[fmt.name] = handle
                self._started[fmt.name] = False
        except OSError as exc:
            raise OutputError("E401", path=self.out, detail=exc.strerror or exc) from exc
        return self

    def __exit__(self, kind, value, traceback) -> None:
        for handle in self._handles.values():
            handle.close()
        if kind is None:
            self._commit()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)

    # -- content ---------------------------------------------------------------

    def block(self, triples, graph: Optional[str]) -> None:
        """Render one block of sorted triples in every format (in this process)."""
        self.document({fmt.name: fmt.block(triples, graph) for fmt in self.formats})

    def document(self, blocks: dict[str, str]) -> None:
        """Append pre-rendered blocks (one per format)."""
        try:
            for fmt in self.formats:
                text = blocks.get(fmt.name, "")
                if not text:
                    continue
                handle = self._handles[fmt.name]
                if self._started[fmt.name]:
                    handle.write(fmt.joiner)
                handle.write(text)
                self._started[fmt.name] = True
        except OSError as exc:
            raise OutputError("E401", path=self.staging, detail=exc.strerror or exc) from exc

    def finish_files(self) -> None:
        for fmt in self.formats:
            handle = self._handles.pop(fmt.name)
            handle.write(fmt.tail())
            handle.close()
            if fmt.name in self.keep:
                self._names.append(fmt.filename)

    def store(self) -> None:
        """The Oxigraph store of the N-Quads staging file (bulk loader), with the ontology."""
        from .store import load_store

        nquads = self.staging / RDF_FORMATS.get("nq").filename
        load_store(self.staging / STORE, nquads)
        if "nq" not in self.keep:
            nquads.unlink()
        self._names.append(STORE)

    def add_file(self, name: str, payload: bytes) -> None:
        try:
            (self.staging / name).write_bytes(payload)
        except OSError as exc:
            raise OutputError("E401", path=self.out / name, detail=exc.strerror or exc) from exc
        self._names.append(name)

    def names(self) -> list[str]:
        return sorted(self._names)

    # -- commit ------------------------------------------------------------------

    def _commit(self) -> None:
        """Move every staged output into place (folders replaced whole)."""
        for name in self._names:
            source, target = self.staging / name, self.out / name
            try:
                if source.is_dir():
                    old = self.out / f".kg-old-{os.getpid()}-{name}"
                    if target.exists():
                        os.replace(target, old)
                    os.replace(source, target)
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    os.chmod(source, 0o666 & ~_umask())
                    os.replace(source, target)
            except OSError as exc:
                raise OutputError("E401", path=target, detail=exc.strerror or exc) from exc
            self.written.append(target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
