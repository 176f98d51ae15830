"""Issue 8: Person recall on everyday news by general evidence, without false people.

Each case is a sentence written for the test (not taken from an evaluation set) with the
Person mentions a reader marks, and sentences where a Person would be wrong."""
from __future__ import annotations

import pytest

from kg.evaluate.benchmarks import sentence_document


def people(pipeline, text: str) -> set[str]:
    extraction = pipeline.extract(sentence_document(text))
    return {m.text for m in extraction.mentions if m.type == "Person"}


@pytest.mark.parametrize("text, expected", [
    # a role noun by its last character: trade, kin, field
    ("安徽省巢县船工张孝华划船过江。", {"张孝华"}),
    # a title on both sides vouches for a given name jieba knows as a word (西洋, 保国)
    ("厂长戚西洋说，今年要扩大生产。", {"戚西洋"}),
    ("职工们都记得姚保国局长的一句话。", {"姚保国"}),
    # a title or form of address right after the name
    ("七十三岁的周振应老汉站在门口。", {"周振应"}),
    # a high-scoring name in several jieba pieces with one fitting neighbour
    ("执教汉语多年的白乐桑十分振奋。", {"白乐桑"}),
    ("黄卫平新著出版。", {"黄卫平"}),
    # the object of a two-character verb
    ("大家都要学习蒋新松的精神。", {"蒋新松"}),
    # foreign names after a role noun or as the object of a verb
    ("美国中东和谈特别协调员罗斯目前正在努力。", {"罗斯"}),
    ("他们热烈欢迎内塔尼亚胡访问。", {"内塔尼亚胡"}),
])
def test_person_found(pipeline, text, expected):
    assert expected <= people(pipeline, text)


@pytest.mark.parametrize("text, absent", [
    ("作为原告的彩民张女士已撤回了诉讼。", {"张女士", "张"}),     # a surname and a form of address
    ("国家高度重视粮食安全。", {"国家高度", "高度"}),
    ("双手高举奖杯。", {"高举", "双手高举"}),
    ("湖南打造马栏山视频文创园。", {"马栏山"}),                     # ends like a place
    ("卫星高分辨率影像显示，冰川在退缩。", {"高分", "卫星高分"}),
    ("他们热烈欢迎巴西队访问。", {"巴西", "巴西队"}),
    ("陈教授说，实验已经完成。", {"陈教授"}),
])
def test_no_false_person(pipeline, text, absent):
    assert not (absent & people(pipeline, text))
