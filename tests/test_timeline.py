"""Partial dates (1月5日, 5日, 今天) completed from the document's date, and never guessed."""
from __future__ import annotations

import pytest

from kg.corpus import parse_document
from kg.timeline import anchored


@pytest.mark.parametrize("anchor, document_date, expected", [
    ("--01-05", "2026-01-05", "2026-01-05"),
    ("--12-28", "2026-01-05", "2025-12-28"),          # the December before
    ("--02-10", "2026-01-20", "2026-02-10"),          # within a month ahead: same year
    ("---05", "2026-01-05", "2026-01-05"),
    ("---12", "2026-01-05", "2026-01-12"),            # a week ahead: the same month
    ("---28", "2026-01-03", "2025-12-28"),            # nearer in the month before
    ("---31", "2026-03-02", "2026-03-31"),            # no 31 February: the nearest 31st
    ("--10-31", "2022-09-26", "2022-10-31"),          # five weeks ahead: the same year
    ("--01-05", "2025-12-20", "2026-01-05"),          # the January after
    ("--02-30", "2026-03-01", None),                  # no 30 February in any year
    ("day+0", "2026-01-05T19:00:00", "2026-01-05"),
    ("day-1", "2026-01-01", "2025-12-31"),
    ("--01-05", None, None),                          # no document date: no date at all
    (None, "2026-01-05", None),
])
def test_timeline_anchored(anchor, document_date, expected):
    assert anchored(anchor, document_date) == expected


def test_timeline_header_line_first_is_no_title():
    document = parse_document("时间:2026-01-05 来源:新闻联播\n全国宣传部长会议5日在京召开。", name="x")
    assert document.meta.date == "2026-01-05" and document.meta.title != "时间:2026-01-05 来源:新闻联播"


def test_timeline_event_dates_from_the_story_date(pipeline):
    text = ("标题\n时间:2026-01-05 来源:新闻联播\n"
            "全国宣传部长会议5日在京召开。中央农村工作会议12月28日在北京召开。")
    kb = pipeline.resolve([pipeline.extract(parse_document(text, name="story"))])
    labels = {key: entity.label for key, entity in kb.entities.items()}
    dates = {(labels[r.subject], r.object) for r in kb.relations if r.predicate == "startDate"}
    assert dates == {("全国宣传部长会议", "2026-01-05"), ("中央农村工作会议", "2025-12-28")}
    undated = parse_document("全国宣传部长会议5日在京召开。", name="undated")
    kb = pipeline.resolve([pipeline.extract(undated)])
    assert not [r for r in kb.relations if r.predicate == "startDate"]
