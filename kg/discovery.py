"""Input discovery: command-line paths -> the files a build reads, and what it skipped and why.

Folders are walked in sorted order; only names matching the globs are read, and
README/LICENSE/CHANGELOG files are excluded (they are not documents).  Nothing is opened
that is not a regular file (a FIFO would hang the build), symbolic-link loops are reported
once, folders that cannot be listed are reported instead of silently missed, and files with
the same bytes as an earlier one are read once.  A path given explicitly on the command
line fails hard when it is unusable; inside folders, problems become ``Skipped`` entries
(or errors with ``strict=True``).
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import InputError, coded

DEFAULT_GLOBS = ("*.txt", "*.md")
#: File stems that are never documents when met inside a folder.
EXCLUDED_STEMS = ("readme", "license", "licence", "changelog")


@dataclass(frozen=True)
class Skipped:
    path: Path
    code: str
    message: str          # the whole "[Exxx] ..." line


@dataclass
class InputScan:
    """What discovery found: files to read (in order), skips, duplicates and exclusions."""

    paths: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)
    excluded: list[Path] = field(default_factory=list)
    strict: bool = False

    def __iter__(self) -> Iterator[Path]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def must_fail(self) -> bool:
        """Whether a file that cannot be read ends the build (strict, or a one-file build)."""
        return self.strict or len(self.paths) == 1

    def skip(self, error: InputError) -> None:
        """Record ``error`` as a skip, or raise it under --strict-input."""
        path = Path(str(error.fields.get("path", "?")))
        if self.strict:
            raise InputError("E116", path=path, detail=str(error)) from error
        self.skipped.append(Skipped(path, error.code, str(error)))


def _matches(name: str, globs: Sequence[str]) -> bool:
    lower = name.lower()
    return any(fnmatch.fnmatchcase(lower, g.lower()) for g in globs)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"


def _walk(folder: Path, globs: Sequence[str], scan: InputScan, seen_dirs: set) -> list[Path]:
    """Regular files under ``folder`` matching ``globs``, depth first in sorted order."""
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            scan.skip(InputError("E111", path=folder))
            return []
        seen_dirs.add(key)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        scan.skip(InputError("E112", path=folder, detail=exc.strerror or exc))
        return []
    found: list[Path] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            mode = os.stat(path).st_mode          # follows links: the kind of the target
        except OSError as exc:
            if exc.errno == 40 or (path.is_symlink() and not os.path.exists(path)):
                scan.skip(InputError("E111" if exc.errno == 40 else "E107", path=path,
                                     detail=exc.strerror or exc))
            else:
                scan.skip(InputError("E107", path=path, detail=exc.strerror or exc))
            continue
        if stat.S_ISDIR(mode):
            found.extend(_walk(path, globs, scan, seen_dirs))
        elif not _matches(entry.name, globs):
            continue
        elif path.stem.lower().split(".")[0] in EXCLUDED_STEMS:
            scan.excluded.append(path)
        elif not stat.S_ISREG(mode):
            scan.skip(InputError("E108", path=path, kind=_kind(mode)))
        else:
            found.append(path)
    return found


def _explicit(path: Path, globs: Sequence[str]) -> Path:
    """A file named on the command line: any problem is an error."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise InputError("E108", path=path, kind=_kind(mode))
    if not _matches(path.name, globs):
        raise InputError("E102", path=path, suffix=path.suffix or "(none)")
    return path


def content_hash(path: Path) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def find_inputs(inputs: Iterable[str | Path], *, globs: Sequence[str] = DEFAULT_GLOBS,
                strict: bool = False) -> InputScan:
    """Expand files and folders into an ``InputScan``; raise InputError for unusable
    explicit paths, for a folder with no matching file, and for any skip when ``strict``."""
    scan = InputScan(strict=strict)
    candidates: list[Path] = []
    seen_dirs: set = set()
    for raw in inputs:
        path = Path(raw)
        if not os.path.exists(path):
            raise InputError("E101", path=path)
        if path.is_dir():
            inside = _walk(path, globs, scan, seen_dirs)
            if not inside and not scan.skipped:
                raise InputError("E103", path=path)
            candidates.extend(inside)
        else:
            candidates.append(_explicit(path, globs))
    by_real: dict[str, Path] = {}
    by_hash: dict[str, Path] = {}
    for path in candidates:
        real = os.path.realpath(path)
        if real in by_real:
            continue                               # the same file reached twice (a link)
        by_real[real] = path
        try:
            digest = content_hash(path)
        except OSError:
            scan.paths.append(path)                # read_document reports it with its code
            continue
        if digest in by_hash:
            scan.duplicates.append(Skipped(path, "E110", coded("E110", path=path, first=by_hash[digest])))
            continue
        by_hash[digest] = path
        scan.paths.append(path)
    return scan
