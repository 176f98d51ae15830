"""Build caches on disk: the compiled engine and one entry per document.

Both are keyed by a *fingerprint* of everything that can change a result: kg's
own code and packaged data (rules, gazetteer, ontology), the user's rule files,
jieba's version and the segmenter.  Editing any rule file changes the
fingerprint, so the compiled engine and every document's entry are rebuilt;
an unchanged corpus re-extracts nothing, and a new document is the only one
extracted.  Entries are pickles written atomically; a broken entry is a miss.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Sequence

FORMAT_VERSION = "1"


def default_cache_dir() -> Path:
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kg"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of kg's code and packaged data (the parts that decide every result)."""
    from importlib.metadata import PackageNotFoundError, version

    from .resources import ontology_path

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".csv", ".j2")
                   and "__pycache__" not in p.parts)
    files.append(ontology_path("kg.ttl"))
    for path in files:
        digest.update((str(path.relative_to(root)) if root in path.parents else path.name).encode())
        digest.update(path.read_bytes())
    for package in ("jieba", "rjieba", "pyahocorasick"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=-".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def engine_fingerprint(rules: Sequence[str | Path], segmenter: str) -> str:
    """Fingerprint of an engine: kg's code and data, the user's rule files, the segmenter."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(segmenter.encode())
    for path in rules:
        path = Path(path)
        digest.update(str(path.resolve()).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")   # loading the rules reports it properly
    return digest.hexdigest()


#: Document entries of this many engine fingerprints are kept (the current one and the
#: ones before it, for a user who switches between rule files or segmenters); older ones can
#: never be hit again and are removed after a build.
DOC_SPACES_KEPT = 4


def document_key(fingerprint: str, data: bytes, options: str = "") -> str:
    """``<space>/<hash>``: the entries of one engine fingerprint share a folder (its space), so
    the entries of old fingerprints go as whole folders."""
    digest = hashlib.sha256(fingerprint.encode() + b"\0" + options.encode() + b"\0" + data).hexdigest()
    return f"{doc_space(fingerprint)}/{digest}"


def doc_space(fingerprint: str) -> str:
    return fingerprint[:16]


class Cache:
    """A folder of pickled entries, each named by its key."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, kind: str, key: str) -> Path:
        space, _, name = key.rpartition("/")
        return self.folder / kind / space / name[:2] / f"{name}.pkl"

    def load(self, kind: str, key: str, parts: int = 1) -> Optional[Any]:
        """The first ``parts`` pickles of an entry (a tuple when parts > 1), or None."""
        try:
            with open(self.path(kind, key), "rb") as handle:
                if parts == 1:
                    return pickle.load(handle)
                return tuple(pickle.load(handle) for _ in range(parts))
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return None

    def has(self, kind: str, key: str) -> bool:
        return self.path(kind, key).is_file()

    def save(self, kind: str, key: str, *objects: Any) -> bool:
        """Write the objects as consecutive pickles; False (and no entry) when the disk refuses."""
        path = self.path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb") as handle:
                for obj in objects:
                    pickle.dump(obj, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            return True
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return False

    def prune_spaces(self, kind: str, current: str, keep: int) -> int:
        """Remove the folders of all but the ``keep`` most recently used spaces of ``kind``
        (``current`` is marked used now); how many went."""
        base = self.folder / kind
        try:
            (base / current).mkdir(parents=True, exist_ok=True)
            os.utime(base / current)
            folders = [p for p in base.iterdir() if p.is_dir()]
            spaces = sorted((p for p in folders if len(p.name) == len(current)),
                            key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
        except OSError:
            return 0
        # Folders named otherwise hold entries of the layout before spaces (docs/ab/<key>.pkl),
        # which no key of this version can reach.
        stale = spaces[keep:] + [p for p in folders if len(p.name) != len(current)]
        removed = 0
        for folder in stale:
            if folder.name != current:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    def prune(self, kind: str, keep: int) -> int:
        """Remove all but the ``keep`` most recently written entries of ``kind``; how many went.
        (A compiled engine is tens of MB, and every change of code or rules makes a new one.)"""
        try:
            entries = sorted((p for p in (self.folder / kind).glob("*/*.pkl")),
                             key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
        except OSError:
            return 0
        removed = 0
        for path in entries[keep:]:
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
        return removed
