"""Dates the text gives only in part (1月5日, 5日, 今天), completed from the document's date.

A news story dated 2026-01-05 that says 会议5日在京召开 means 2026-01-05; 12月28日 in the same
story is 2025-12-28, and 昨天 is 2026-01-04.  Without a document date such a time gives no
date at all: kg never guesses the year.
"""
from __future__ import annotations

import datetime
import re
from typing import Optional

#: How far past the document's date a month and day may lie and still be in its year
#: (a story of 5 January that names 12月28日 means the December before).
_AHEAD_DAYS = 31
#: How far past the document's day a bare day may lie and still be in its month; a story
#: of the 3rd that names 28日 means the month before.
_AHEAD_BARE_DAYS = 10

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
            if day <= doc.day + _AHEAD_BARE_DAYS:
                return month_start.replace(day=day).isoformat()
            previous = month_start - datetime.timedelta(days=1)
            return previous.replace(day=day).isoformat()
        if anchor.startswith("--"):
            month, day = int(anchor[2:4]), int(anchor[5:7])
            found = datetime.date(doc.year, month, day)
            if found > doc + datetime.timedelta(days=_AHEAD_DAYS):
                found = datetime.date(doc.year - 1, month, day)
            return found.isoformat()
    except ValueError:
        return None
    return None
