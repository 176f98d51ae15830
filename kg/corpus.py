"""Read stage: files -> Documents with metadata, boilerplate removed, sentences split."""
from __future__ import annotations

import codecs
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import charset_normalizer
import yaml

from .errors import InputError
from .model import Document, DocumentMeta, Sentence
from .resources import data_path
from .text import normalize

SUFFIXES = (".txt", ".md")
# GBK and GB2312 are subsets of GB18030: decoding with the superset never loses text.
_GB_FAMILY = {"gb2312", "gbk", "cp936", "gb18030", "hz"}
_HEADER_LINES = 6

_URL = re.compile(r"https?://[^\s\u4e00-\u9fff]+")
_DATE = re.compile(
    r"(?:时间|日期|发布时间|发布日期|发稿时间)\s*:\s*"
    r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_PUBLISHER = re.compile(r"(?:来源|来自|稿源)\s*:\s*(\S+)")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")
# Sentence ends: 。!?; (full width normalised to ASCII) and an ellipsis; closing
# quotes and brackets that follow stay with their sentence.
_SENTENCE_END = re.compile(r"(?:[。!?;]|…{1,2}|\.(?=\s|$))[”’」』)》]*")


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into a sorted list of .txt/.md files."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("E101", path=path)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not inside:
                raise InputError("E103", path=path)
            found.extend(inside)
        elif path.suffix.lower() in SUFFIXES:
            found.append(path)
        else:
            raise InputError("E102", path=path, suffix=path.suffix or "(none)")
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(str(path.resolve()), path)
    return list(unique.values())


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or a detected legacy encoding."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    if b"\x00" in data:
        raise InputError("E106", path=path)
    try:
        # A valid UTF-8 byte structure is a decisive test, not a guess.
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("E105", path=path, detail="charset detection found no match")
    encoding = "gb18030" if best.encoding.lower() in _GB_FAMILY else best.encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError("E105", path=path, detail=str(exc)) from exc


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


def _header_meta(lines: list[tuple[int, str]]) -> tuple[DocumentMeta, set[int]]:
    """Title, URL, date, publisher and byline from the first lines of a capture."""
    fields: dict[str, str] = {}
    header: set[int] = set()
    content = [(i, normalize(line)) for i, (_, line) in enumerate(lines) if line.strip()]
    for rank, (i, line) in enumerate(content[:_HEADER_LINES]):
        stripped = line.strip()
        if rank == 0 and len(stripped) <= 100 and not stripped.endswith("。"):
            # A Markdown heading marker is not part of the title.
            fields["title"] = re.sub(r"\s+", " ", stripped.lstrip("#").strip())
            continue
        hits = 0
        if (url := _URL.search(line)) and len(stripped) < 200:
            fields.setdefault("source", url.group(0)); hits += 1
        if date := _DATE.search(line):
            y, m, d, hh, mm, ss = date.groups()
            iso = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
            if hh:
                iso += f"T{int(hh):02d}:{int(mm):02d}:{int(ss or 0):02d}"
            fields.setdefault("date", iso); hits += 1
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
    return DocumentMeta(**fields), header


def split_sentences(text: str, regions: list[tuple[int, int]]) -> tuple[Sentence, ...]:
    """Split each body region (a line) into sentences, trimming white space."""
    sentences: list[Sentence] = []
    norm_all = normalize(text)
    for start, end in regions:
        norm = norm_all[start:end]
        cut = start
        bounds = [start + m.end() for m in _SENTENCE_END.finditer(norm)] + [end]
        for stop in bounds:
            s, e = cut, stop
            while s < e and norm_all[s].isspace():
                s += 1
            while e > s and norm_all[e - 1].isspace():
                e -= 1
            if e > s:
                sentences.append(Sentence(len(sentences), s, e, text[s:e], norm_all[s:e]))
            cut = stop
    return tuple(sentences)


def parse_document(text: str, name: str, path: str = "", encoding: str = "utf-8") -> Document:
    """Turn decoded text into a Document: metadata, body sentences, boilerplate count."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("E104", path=path or name)
    lines = list(_lines(text))
    meta, header = _header_meta(lines)
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
    doc_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return Document(doc_id=doc_id, name=name, path=path or name, text=text, encoding=encoding,
                    meta=meta, sentences=split_sentences(text, regions),
                    boilerplate_lines=dropped)


def read_document(path: Path) -> Document:
    """Read and parse one file; raise InputError with a clear message."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("E107", path=path, detail=exc.strerror or exc) from exc
    if not data.strip():
        raise InputError("E104", path=path)
    text, encoding = decode(path, data)
    return parse_document(text, name=path.name, path=str(path), encoding=encoding)
