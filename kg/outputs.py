"""Whole-build output sets: a reader always sees one complete build, never a mix.

    with OutputSet(out_dir, wait=False) as outputs:
        outputs.write("graph.ttl", payload)          # or write into outputs.folder / "store"
        ...
    # on a clean exit the whole folder is swapped in; on an exception nothing changes

How: every file goes into a temporary sibling folder (``.NAME.kg-tmp-*``), which replaces
``out_dir`` in one step on success: ``renameat2(RENAME_EXCHANGE)`` on Linux, else two renames
with the previous set parked as ``.NAME.kg-old-*`` in between.  A lock file beside the folder
(``.NAME.kg-lock``, an ``flock`` the kernel drops when the process dies, even on SIGKILL)
stops a second build into the same folder, or makes it wait.  Whoever holds the lock next
removes the temporaries a killed build left, and puts a parked previous set back if a build
died between its two renames.  Files in the folder that kg did not write (a README.md) are
carried into the new set; a folder holding sub-folders kg did not write is refused rather
than swapped away.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Optional

from .errors import OutputError

MARKER = ".kg-output"
#: What kg writes into an output folder (plus the marker); a folder holding only these
#: (or listed in its marker) may be replaced.
KNOWN_NAMES = frozenset({"graph.ttl", "graph.nt", "graph.jsonld", "graph.html", "graph.nq", "graph.trig",
                         "graph.graphml", "neo4j", "build.json", "summary.json", "store", MARKER})
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync_tree(folder: Path) -> None:
    for root, _, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), "rb") as handle:
                os.fsync(handle.fileno())
        descriptor = os.open(root, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


class OutputSet:
    """Context manager that writes a build's outputs as one set (see the module docstring)."""

    def __init__(self, out_dir: str | Path, *, wait: bool = False) -> None:
        out = Path(out_dir)
        self.out = Path(os.path.realpath(out)) if out.is_symlink() else Path(os.path.abspath(out))
        self.shown = Path(out_dir)                  # the folder as the user named it
        self.wait = wait
        self.folder: Optional[Path] = None          # the temporary folder being filled
        self._lock: Optional[int] = None
        self._names: set[str] = set()
        self._foreign: list[str] = []              # the user's own files, carried over

    # -- sibling names ---------------------------------------------------------------
    def _sibling(self, kind: str) -> str:
        return f".{self.out.name}.kg-{kind}"

    @property
    def lock_path(self) -> Path:
        return self.out.parent / self._sibling("lock")

    def _debris(self, kind: str) -> list[Path]:
        return sorted(self.out.parent.glob(self._sibling(kind) + "-*"))

    # -- the protocol ----------------------------------------------------------------
    def __enter__(self) -> "OutputSet":
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._acquire()
            self._recover()
            self._check_owned()
            self.folder = Path(tempfile.mkdtemp(prefix=self._sibling("tmp") + "-", dir=self.out.parent))
        except OutputError:
            self._release()
            raise
        except OSError as exc:
            self._release()
            raise OutputError("E404", path=self.shown, detail=exc.strerror or exc) from exc
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._commit()
        finally:
            if self.folder is not None and self.folder.exists():
                shutil.rmtree(self.folder, ignore_errors=True)
            self._release()

    def path(self, name: str) -> Path:
        """Where output ``name`` (a relative path such as ``graph.ttl`` or ``store``) goes."""
        if self.folder is None:
            raise RuntimeError("OutputSet used outside its with-block")
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"output name must be a relative path inside the set: {name!r}")
        self._names.add(relative.parts[0])
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, name: str, payload: bytes) -> Path:
        target = self.path(name)
        try:
            target.write_bytes(payload)
        except OSError as exc:
            raise OutputError("E401", path=self.shown / name, detail=exc.strerror or exc) from exc
        return self.shown / name

    # -- steps -----------------------------------------------------------------------
    def _acquire(self) -> None:
        descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(descriptor)
            raise OutputError("E405", path=self.shown, lock=self.shown.parent / self._sibling("lock"),
                              pid=holder) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        self._lock = descriptor

    def _release(self) -> None:
        if self._lock is not None:
            os.ftruncate(self._lock, 0)
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            os.close(self._lock)
            self._lock = None

    def _recover(self) -> None:
        """Under the lock every temporary is stale: a parked previous set goes back if the
        folder is missing, everything else is removed."""
        parked = self._debris("old")
        for candidate in reversed(parked):
            if not os.path.lexists(self.out) and (candidate / "set").is_dir():
                os.rename(candidate / "set", self.out)
        for stale in parked + self._debris("tmp"):
            shutil.rmtree(stale, ignore_errors=True)

    def _check_owned(self) -> None:
        if not self.out.exists():
            return
        if not self.out.is_dir():
            raise OutputError("E404", path=self.shown, detail="exists and is not a folder")
        allowed = set(KNOWN_NAMES)
        marker = self.out / MARKER
        if marker.is_file():
            try:
                allowed |= set(json.loads(marker.read_text(encoding="utf-8")).get("entries", []))
            except (ValueError, OSError, AttributeError):
                pass
        foreign = sorted(p for p in self.out.iterdir() if p.name not in allowed)
        folders = [p.name for p in foreign if p.is_dir() and not p.is_symlink()]
        if folders:
            raise OutputError("E404", path=self.shown, detail=(
                f"it holds folders kg did not write ({', '.join(folders[:3])}); "
                "give a new or empty folder with --out"))
        self._foreign = [p.name for p in foreign]

    def _commit(self) -> None:
        assert self.folder is not None
        try:
            for name in self._foreign:                  # e.g. a README.md the user keeps there
                target = self.folder / name
                if not os.path.lexists(target) and os.path.lexists(self.out / name):
                    try:
                        os.link(self.out / name, target, follow_symlinks=False)
                    except OSError:
                        shutil.copy2(self.out / name, target, follow_symlinks=False)
            (self.folder / MARKER).write_text(json.dumps({"entries": sorted(self._names)}) + "\n",
                                              encoding="utf-8")
            os.chmod(self.folder, 0o777 & ~_umask())
            _fsync_tree(self.folder)
            _swap(self.folder, self.out, self._sibling("old"))
        except OSError as exc:
            raise OutputError("E401", path=self.shown, detail=exc.strerror or exc) from exc


def _swap(new: Path, out: Path, parked_prefix: str) -> None:
    """Put folder ``new`` at ``out`` in one step; the previous set (now at ``new``) is removed."""
    if not os.path.lexists(out):
        os.rename(new, out)
    elif _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)
    else:
        parked = Path(tempfile.mkdtemp(prefix=parked_prefix + "-", dir=out.parent))
        os.rename(out, parked / "set")
        os.rename(new, out)
        shutil.rmtree(parked, ignore_errors=True)
    descriptor = os.open(out.parent, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def entries(out_dir: str | Path) -> Iterable[str]:
    """Names kg wrote in the set at ``out_dir`` (from its marker)."""
    marker = Path(out_dir) / MARKER
    return json.loads(marker.read_text(encoding="utf-8"))["entries"] if marker.is_file() else []
