"""Bytes -> text for the read stage: only Unicode (UTF-8/16/32) and the Chinese encodings.

Why a whitelist: a Japanese, Korean or Thai code page decodes "successfully" as GB18030
into nonsense hanzi, and UTF-32 with a BOM starts with the UTF-16 BOM; accepting either
silently gives a graph of garbage.  So:

* a BOM decides the encoding (UTF-32 BOMs are checked before UTF-16 ones);
* without a BOM, NUL bytes mean binary; valid UTF-8 is decisive; text that is UTF-8 but
  for a few bad bytes is *UTF-8 with errors*, not a legacy encoding;
* otherwise ``charset-normalizer`` names the encoding, and only the GB18030 family
  (and Big5 when asked) is accepted.

Bad bytes raise a coded error naming the byte offset, or with ``errors="replace"`` become
U+FFFD and are counted, so the summary can say how much of a file was lost.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from .errors import InputError

#: BOM -> codec, longest first: the UTF-32 LE BOM begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# GBK and GB2312 are subsets of GB18030: decoding with the superset never loses text.
GB_FAMILY = {"gb2312", "gbk", "cp936", "gb18030", "hz"}
BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}
#: A file whose bytes are valid UTF-8 but for at most this share of its non-ASCII bytes
#: is UTF-8 with a few bad bytes (a legacy encoding read as UTF-8 fails on most of them).
UTF8_DAMAGE_SHARE = 0.05
ERROR_MODES = ("strict", "replace")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str          # the label shown in the summary (utf-8, utf-8-sig, utf-16, gb18030 ...)
    replaced: int = 0      # bad bytes turned into U+FFFD (errors="replace" only)


def _count_bad(data: bytes, codec: str) -> tuple[int, UnicodeDecodeError | None]:
    """Bad bytes in ``data`` for ``codec`` and the first error (a linear scan)."""
    bad, first, pos = 0, None, 0
    decoder = codecs.getincrementaldecoder(codec)("strict")
    view = memoryview(data)
    while pos < len(data):
        try:
            decoder.decode(view[pos:], final=True)
            break
        except UnicodeDecodeError as exc:
            first = first or UnicodeDecodeError(exc.encoding, data, pos + exc.start, pos + exc.end, exc.reason)
            bad += max(1, exc.end - exc.start)
            pos += exc.end
            decoder.reset()
    return bad, first


def _decode(path: Path, data: bytes, codec: str, label: str, errors: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), label)
    except UnicodeDecodeError as exc:
        if errors != "replace":
            raise InputError("E114", path=path, encoding=label, offset=exc.start,
                             detail=exc.reason) from exc
    bad, _ = _count_bad(data, codec)
    return Decoded(data.decode(codec, errors="replace"), label, bad)


def decode_bytes(path: Path, data: bytes, *, errors: str = "strict", big5: bool = False) -> Decoded:
    """Decode a document's bytes; raise a coded InputError for anything not accepted."""
    if errors not in ERROR_MODES:
        raise ValueError(f"errors must be one of {ERROR_MODES}, not {errors!r}")
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            return _decode(path, data[len(bom):], codec, label, errors)
    if b"\x00" in data:
        raise InputError("E106", path=path)
    try:
        # A valid UTF-8 byte structure is a decisive test, not a guess.
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    non_ascii = sum(1 for b in data if b >= 0x80)
    bad, _ = _count_bad(data, "utf-8")
    if bad <= UTF8_DAMAGE_SHARE * non_ascii:
        return _decode(path, data, "utf-8", "utf-8", errors)
    best = charset_normalizer.from_bytes(data).best()
    name = (best.encoding or "").lower() if best is not None else ""
    if name in GB_FAMILY:
        return _decode(path, data, "gb18030", "gb18030", errors)
    if big5 and (name in BIG5_FAMILY or not name):
        return _decode(path, data, "big5hkscs", "big5", errors)
    if not name:
        raise InputError("E105", path=path, detail="charset detection found no match")
    raise InputError("E113", path=path, encoding=name,
                     hint=" (give --big5 to read Big5)" if name in BIG5_FAMILY else "")
