"""Read stage: files -> Documents with metadata, boilerplate removed, sentences split."""
from __future__ import annotations

import datetime
import hashlib
import os
import re
import stat
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from .decoding import decode_bytes
from .discovery import DEFAULT_GLOBS, InputScan, Skipped, find_inputs  # noqa: F401  (the read API)
from .errors import InputError, coded
from .model import Document, DocumentMeta, Sentence
from .resources import data_path
from .text import normalize

SUFFIXES = (".txt", ".md")
_HEADER_LINES = 6
#: Default --max-file-size: 20 MB is ~7 M Chinese characters, far above any real document.
MAX_FILE_SIZE = 20 * 1024 * 1024
#: A "sentence" longer than this (text with no sentence punctuation) is cut into pieces,
#: so that no extraction step ever sees an unbounded string.
MAX_SENTENCE = 1000
#: Where a long sentence is preferably cut: after a comma, enumeration comma or space.
_SOFT_CUT = re.compile(r"[,，、:\s]")

_URL = re.compile(r"https?://[^\s\u4e00-\u9fff]+")
_DATE = re.compile(
    r"(?:时间|日期|发布时间|发布日期|发稿时间)\s*:\s*"
    r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_PUBLISHER = re.compile(r"(?:来源|来自|稿源)\s*:\s*(\S+)")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")
# Sentence ends: 。!?; (full width normalised to ASCII) and an ellipsis; closing
# quotes and brackets that follow stay with their sentence.
_SENTENCE_END = re.compile(r"(?:[。!?;]|…{1,2}|\.(?=\s|$))[”’」』)》]*")


def decode(path: Path, data: bytes, *, errors: str = "strict", big5: bool = False) -> tuple[str, str]:
    """Decode bytes (see kg.decoding): ``(text, encoding label)``."""
    decoded = decode_bytes(path, data, errors=errors, big5=big5)
    return decoded.text, decoded.encoding


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[list[re.Pattern], list[re.Pattern]]:
    spec = yaml.safe_load(data_path("boilerplate.yaml").read_text(encoding="utf-8"))
    return ([re.compile(p) for p in spec.get("footer_markers", [])],
            [re.compile(p) for p in spec.get("line_patterns", [])])


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(start offset, line) for each line of ``text``."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _header_meta(lines: list[tuple[int, str]]) -> tuple[dict[str, str], set[int]]:
    """Title, URL, date, publisher and byline from the first lines of a capture."""
    fields: dict[str, str] = {}
    header: set[int] = set()
    content = [(i, normalize(line)) for i, (_, line) in enumerate(lines) if line.strip()]
    for rank, (i, line) in enumerate(content[:_HEADER_LINES]):
        stripped = line.strip()
        if rank == 0 and len(stripped) <= 100 and not stripped.endswith("。") \
                and not (_DATE.search(line) or _PUBLISHER.search(line)):
            # A Markdown heading marker is not part of the title; a capture without a title
            # starts with its header line (时间:… 来源:…), which is no title.
            fields["title"] = re.sub(r"\s+", " ", stripped.lstrip("#").strip())
            continue
        hits = 0
        if (url := _URL.search(line)) and len(stripped) < 200:
            fields.setdefault("source", url.group(0)); hits += 1
        if date := _DATE.search(line):
            iso = _iso_date(*date.groups())
            if iso is None:
                fields.setdefault("bad_date", date.group(0))
            else:
                fields.setdefault("date", iso)
            hits += 1
        if pub := _PUBLISHER.search(line):
            fields.setdefault("publisher", pub.group(1)); hits += 1
        if hits:
            header.add(i)
            continue
        if (num := _DOC_NUMBER.search(stripped)) and len(stripped) <= 40:
            fields.setdefault("identifier", num.group(0))
    if header:
        # A short unpunctuated line right after the header is the byline.
        after = [line.strip() for i, line in content if i > max(header)][:1]
        if after and len(after[0]) <= 30 and not re.search(r"[。,;:!?、]", after[0]):
            fields["creator"] = after[0]
    bad_date = fields.pop("bad_date", None)
    if bad_date and "date" not in fields:
        fields["bad_date"] = bad_date
    return fields, header


def _iso_date(y: str, m: str, d: str, hh: str | None, mm: str | None, ss: str | None) -> str | None:
    """An ISO date(Time) for a header date, or None when no such day or time exists."""
    try:
        day = datetime.date(int(y), int(m), int(d))
        if not hh:
            return day.isoformat()
        moment = datetime.datetime.combine(day, datetime.time(int(hh), int(mm), int(ss or 0)))
    except ValueError:
        return None
    return moment.isoformat()


def split_sentences(text: str, regions: list[tuple[int, int]]) -> tuple[Sentence, ...]:
    """Split each body region (a line) into sentences, trimming white space."""
    sentences: list[Sentence] = []
    norm_all = normalize(text)
    for start, end in regions:
        norm = norm_all[start:end]
        cut = start
        bounds = [start + m.end() for m in _SENTENCE_END.finditer(norm)] + [end]
        for stop in _bounded(norm_all, [start] + bounds):
            s, e = cut, stop
            while s < e and norm_all[s].isspace():
                s += 1
            while e > s and norm_all[e - 1].isspace():
                e -= 1
            if e > s:
                sentences.append(Sentence(len(sentences), s, e, text[s:e], norm_all[s:e]))
            cut = stop
    return tuple(sentences)


def _bounded(norm: str, bounds: list[int]) -> list[int]:
    """Sentence ends (after ``bounds[0]``) with no piece longer than MAX_SENTENCE: a long
    piece is cut after its last comma or space within the limit, else at the limit."""
    out: list[int] = []
    for begin, stop in zip(bounds, bounds[1:]):
        while stop - begin > MAX_SENTENCE:
            window = norm[begin + MAX_SENTENCE // 2:begin + MAX_SENTENCE]
            soft = [m.end() for m in _SOFT_CUT.finditer(window)]
            cut = begin + MAX_SENTENCE // 2 + soft[-1] if soft else begin + MAX_SENTENCE
            out.append(cut)
            begin = cut
        out.append(stop)
    return out


def parse_document(text: str, name: str, path: str = "", encoding: str = "utf-8") -> Document:
    """Turn decoded text into a Document: metadata, body sentences, boilerplate count."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("E104", path=path or name)
    lines = list(_lines(text))
    fields, header = _header_meta(lines)
    warnings: list[str] = []
    if "bad_date" in fields:
        warnings.append(coded("W101", path=path or name, value=fields.pop("bad_date")))
    meta = DocumentMeta(**fields)
    footers, patterns = _boilerplate()
    regions: list[tuple[int, int]] = []
    dropped = 0
    for i, (start, line) in enumerate(lines):
        norm = normalize(line)
        if any(p.search(norm) for p in footers):
            dropped += sum(1 for _, rest in lines[i:] if rest.strip())
            break
        if i in header or not line.strip():
            continue
        if any(p.search(norm) for p in patterns):
            dropped += 1
            continue
        regions.append((start, start + len(line)))
    doc_id = hashlib.sha1(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]
    sentences = split_sentences(text, regions)
    longest = max((e - s for s, e in regions), default=0)
    if longest > MAX_SENTENCE and any(len(x.text) >= MAX_SENTENCE // 2 for x in sentences):
        warnings.append(coded("W103", path=path or name, length=longest, limit=MAX_SENTENCE))
    return Document(doc_id=doc_id, name=name, path=path or name, text=text, encoding=encoding,
                    meta=meta, sentences=sentences, boilerplate_lines=dropped,
                    warnings=tuple(warnings))


def read_document(path: Path, *, encoding_errors: str = "strict", max_file_size: int = MAX_FILE_SIZE,
                  big5: bool = False) -> Document:
    """Read and parse one file; raise a coded InputError for anything unusable.

    Only regular files are opened (a FIFO never blocks the build); a file over
    ``max_file_size`` bytes is refused before it is read.  With
    ``encoding_errors="replace"`` bad bytes become U+FFFD and ``Document.replaced`` counts them.
    """
    path = Path(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            from .discovery import _kind

            raise InputError("E108", path=path, kind=_kind(info.st_mode))
        if max_file_size and info.st_size > max_file_size:
            raise InputError("E109", path=path, size=info.st_size, limit=max_file_size)
        with open(path, "rb") as handle:
            data = handle.read(max_file_size + 1 if max_file_size else -1)
    except OSError as exc:
        raise InputError("E107", path=path, detail=exc.strerror or exc) from exc
    if max_file_size and len(data) > max_file_size:
        raise InputError("E109", path=path, size=f"over {max_file_size}", limit=max_file_size)
    if not data.strip():
        raise InputError("E104", path=path)
    decoded = decode_bytes(path, data, errors=encoding_errors, big5=big5)
    if "\x00" in decoded.text:
        raise InputError("E106", path=path)
    document = parse_document(decoded.text, name=path.name, path=str(path), encoding=decoded.encoding)
    if decoded.replaced:
        document = replace(document, replaced=decoded.replaced, warnings=(
            coded("W102", path=path, count=decoded.replaced),) + document.warnings)
    return document


def read_inputs(scan: InputScan, *, encoding_errors: str = "strict", max_file_size: int = MAX_FILE_SIZE,
                big5: bool = False) -> Iterator[Document]:
    """Read every file of ``scan`` in order.  A file that cannot be read is recorded in
    ``scan.skipped`` (its code and one-line message) and the build goes on, unless the scan
    is strict or holds a single file: then its error is raised.  Raises E115 when nothing
    at all could be read."""
    read = 0
    for path in scan.paths:
        try:
            document = read_document(path, encoding_errors=encoding_errors, max_file_size=max_file_size,
                                     big5=big5)
        except InputError as exc:
            if scan.must_fail() and not scan.strict:
                raise
            scan.skip(exc)                 # raises E116 under --strict-input
            continue
        read += 1
        yield document
    if not read and scan.skipped:
        raise InputError("E115", count=len(scan.skipped), first=scan.skipped[0].message)
