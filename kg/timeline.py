"""Dates the text gives only in part (1月5日, 5日, 今天), completed from the document's date.

A news story dated 2026-01-05 that says 会议5日在京召开 means 2026-01-05; 12月28日 in the same
story is 2025-12-28 (of the readings in the year before, the same year and the year after, the
one nearest the story's date), and 昨天 is 2026-01-04.  Without a document date such a time
gives no date at all: kg never guesses the year.
"""
from __future__ import annotations

import datetime
import re
from typing import Optional

_OFFSET = re.compile(r"day([+-]\d+)")


def _day(value: str) -> Optional[datetime.date]:
    try:
        return datetime.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


def anchored(anchor: Optional[str], document_date: Optional[str]) -> Optional[str]:
    """The ISO date of a partial time (``time_anchor``: --MM-DD, ---DD or day±N) in a
    document dated ``document_date``; None when either is missing or no such day exists."""
    if not anchor:
        return None
    doc = _day(document_date or "")
    if doc is None:
        return None
    if offset := _OFFSET.fullmatch(anchor):
        return (doc + datetime.timedelta(days=int(offset.group(1)))).isoformat()
    try:
        if anchor.startswith("---"):
            day = int(anchor[3:])
            month_start = doc.replace(day=1)
            before = (month_start - datetime.timedelta(days=1)).replace(day=1)
            after = (month_start + datetime.timedelta(days=32)).replace(day=1)
            candidates = [_on(first, first.month, day) for first in (before, month_start, after)]
        elif anchor.startswith("--"):
            month, day = int(anchor[2:4]), int(anchor[5:7])
            candidates = [_on(datetime.date(year, 1, 1), month, day) for year in (doc.year - 1, doc.year, doc.year + 1)]
        else:
            return None
    except ValueError:
        return None
    found = [c for c in candidates if c is not None]
    if not found:
        return None
    # The nearest reading, the earlier one on a tie: a story of 5 January that names 12月28日
    # means the December before, one of 26 September that names 10月31日 the October after.
    return min(found, key=lambda c: (abs((c - doc).days), c)).isoformat()


def _on(first: datetime.date, month: int, day: int) -> Optional[datetime.date]:
    try:
        return datetime.date(first.year, month, day)
    except ValueError:
        return None
    return None
