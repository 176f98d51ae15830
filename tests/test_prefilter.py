"""kg.extract.prefilter: the characters a regex cannot match without, and that skipping
sentences without them changes nothing."""
from __future__ import annotations

import re

import pytest

from kg.extract.prefilter import required_chars


@pytest.mark.parametrize("pattern, expected", [
    ("召开(?P<name>.{2,10}会议)", {"召"}),                       # the smallest set of a sequence
    ("(?:中共)?(?P<name>[^，。]{1,8}省委)", {"省"}),             # optional parts give nothing
    ("(?<=x)a[bc]+|d{2,}e?", {"a", "d"}),                       # every branch gives a set: the union
    ("[一二三四五六七八九十]+五规划", {"五"}),
    ("第[一二三]次", {"第"}),
])
def test_required_chars(pattern, expected):
    assert required_chars(pattern) == frozenset(expected)


@pytest.mark.parametrize("pattern", [
    "x?y*",                 # can match the empty string
    "(?i)abc",              # case-insensitive: literals are not exact
    "[^a]+|b",              # one branch has no set
    r"\w+",                 # a category
    "[\u4e00-\u9fff]{2,4}",  # a class too large to filter with
    "(unclosed",            # not a pattern re can read
])
def test_no_required_chars(pattern):
    assert required_chars(pattern) is None


def test_prefilter_never_hides_a_match():
    # Every match found in a sample of texts contains a required character.
    patterns = ["召开(?P<name>.{2,10}会议)", "(?:中共)?(?P<name>[^，。]{1,8}省委)", "第[一二三]次|[1-3]号",
                "(?:全国|省)(?:人大|政协)"]
    texts = ["国务院召开常务会议", "中共湖南省委召开全会", "第二次会议", "2号文件", "全国政协委员", "省人大", "无关的句子"]
    for pattern in patterns:
        needs = required_chars(pattern)
        assert needs
        for text in texts:
            if re.search(pattern, text):
                assert not needs.isdisjoint(text), (pattern, text)


def test_engine_gives_the_same_mentions_with_and_without_the_prefilter(pipeline):
    from kg.corpus import parse_document

    engine = pipeline
    text = ("2025年3月5日，十四届全国人大三次会议在北京人民大会堂开幕。国务院总理李强作政府工作报告。"
            "湖南省委召开常委会会议，研究部署“三高四新”战略。中美双方举行经贸磋商。"
            "郴州市汝城县沙洲村位于湘赣边界。全省地区生产总值增长5.2%，粮食产量达到600亿斤。")
    document = engine.segment(parse_document(text, "t"))
    gate = engine.extractor._token_gate()
    assert gate.needs                       # the built-in regex rules have prefilters
    assert any(getattr(r, "needs", None) for r in engine.extractor.relaters)
    assert any(getattr(r, "needs", None) for r in engine.extractor.composers)
    with_filter = engine.extractor.extract(document)
    engine.extractor.prefilter = False
    try:
        without = engine.extractor.extract(document)
    finally:
        del engine.extractor.prefilter
    assert with_filter.mentions == without.mentions and with_filter.relations == without.relations
    assert with_filter.statistics == without.statistics
    assert {m.text for m in with_filter.mentions} >= {"李强", "湖南省委"}
    assert with_filter.relations


def test_template_patterns_leave_out_the_slot_characters():
    from kg.extract.prefilter import template_needs

    class P:
        pattern, flags = "⟦(?:Place)#\\d+⟧(?:位于|地处)⟦(?:Place)#\\d+⟧", 0
    assert template_needs(P) == frozenset("位地")
    P.pattern = "⟦(?:Place)#\\d+⟧⟦(?:Place)#\\d+⟧"        # nothing but slots: no filter
    assert template_needs(P) is None
