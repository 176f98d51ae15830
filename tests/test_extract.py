"""Extract stage: sentences -> typed mentions and relations (rule engine mechanics)."""
from __future__ import annotations

import pytest

from kg.corpus import parse_document
from kg.extract import select
from kg.extract.tokens import TokenSpec, match_tokens
from kg.extract.template import Template
from kg.model import Mention, Sentence, Token


def mentions(pipeline, text: str) -> set[tuple[str, str]]:
    extraction = pipeline.extract(parse_document(text, name="x"))
    return {(m.text, m.type) for m in extraction.mentions}


@pytest.mark.parametrize("text, expected", [
    ("组织成员到“半条被子”故事发生地——汝城县沙洲村接受革命传统教育",
     {("汝城县", "Place"), ("沙洲村", "Place"), ("半条被子", "Work")}),
    ("2017年,中央办公厅印发《党委(党组)理论学习中心组学习规则》后",
     {("2017年", "Time"), ("中央办公厅", "Organization"), ("党委(党组)理论学习中心组学习规则", "Policy")}),
    ("相继对湖南作出“一带一部”“三个着力”等系列重要指示",
     {("湖南", "Place"), ("一带一部", "Concept"), ("三个着力", "Concept")}),
    ("在“不忘初心 牢记使命”主题教育中", {("“不忘初心 牢记使命”主题教育", "Campaign")}),
    ("深入贯彻党的十九届五中全会精神", {("党的十九届五中全会", "Event")}),
    ("面对新冠肺炎疫情", {("新冠肺炎疫情", "Event")}),
    ("国务院办公厅关于印发方案的通知", {("国务院办公厅", "Organization")}),
    ("教育部部长怀进鹏出席", {("教育部部长", "Position"), ("怀进鹏", "Person"), ("教育部", "Organization")}),
    ("积极推进岳麓山大学科技城建设", {("岳麓山大学科技城", "Place")}),
    ("中美关系", {("中", "Place"), ("美", "Place")}),
    # bureaus that jieba writes as one word after the place, and bodies of older texts
    ("今年4月,北京市技术监督局在查处中发现假冒产品", {("北京市技术监督局", "Organization"), ("北京市", "Place")}),
    ("进修班由国家经贸委、人事部共同组织", {("国家经贸委", "Organization"), ("人事部", "Organization")}),
    ("特别是联合国安理会常任理事国", {("联合国安理会", "Organization")}),
    ("民革中央常务副主席出席", {("民革中央", "Organization")}),
])
def test_extract_finds_typed_mentions(pipeline, text, expected):
    assert expected <= mentions(pipeline, text)


@pytest.mark.parametrize("text, absent", [
    ("抓好13个省级党性教育基地建设,运用480个爱国主义教育基地", ("爱国主义教育基地", "Organization")),
    ("深入实施五大开放行动", ("五大", "Event")),
    ("积极推进岳麓山大学科技城建设", ("山大学科技城", "Place")),
    ("全省各级各部门形成了多样化的学习方式", ("全省", "Place")),
    ("湖南省开放格局不断完善", ("湖南省开放格局", "Organization")),
    ("财政部会同林业局制定办法", ("财政部会同林业局", "Organization")),
    ("各级人民政府办公厅负责", ("人民政府办公厅", "Organization")),
])
def test_extract_avoids_false_alarms(pipeline, text, absent):
    assert absent not in mentions(pipeline, text)


def test_extract_offsets_match_text(pipeline):
    from .conftest import SAMPLE
    from kg.corpus import read_document

    doc = read_document(SAMPLE)
    extraction = pipeline.extract(doc)
    assert extraction.mentions
    for m in extraction.mentions:
        assert doc.text[m.start:m.end] == m.text
    for s in extraction.statistics:
        assert doc.text[s.start:s.end] == s.text


def _m(start, end, type_="Place", priority=0):
    return Mention(start, end, "x" * (end - start), type_, "r", 0, priority=priority)


def test_extract_select_prefers_longest_then_priority():
    chosen = select([_m(0, 2), _m(0, 5), _m(3, 7), _m(6, 8, priority=5), _m(6, 8, "Organization", 9)])
    assert [(m.start, m.end, m.type) for m in chosen] == [(0, 5, "Place"), (6, 8, "Organization")]


def test_extract_template_slots_and_offsets():
    text = "中央办公厅印发《规则》后"
    sentence = Sentence(0, 0, len(text), text, text)
    org = Mention(0, 5, "中央办公厅", "Organization", "r", 0)
    doc = Mention(8, 10, "规则", "Policy", "r", 0)
    template = Template(sentence, [doc, org])
    assert template.text == "⟦Organization#0⟧印发⟦Policy#1⟧后"
    start = template.text.index("⟦Policy")
    assert template.to_doc(start, start + len("⟦Policy#1⟧")) == (7, 11)   # the 《》 marks are absorbed
    assert template.slots_in(0, len(template.text)) == [org, doc]


def test_extract_token_matcher_longest_match_and_capture():
    tokens = tuple(Token(w, p, i, i + 1) for i, (w, p) in enumerate(
        [("十八", "m"), ("洞", "n"), ("村", "zg"), ("位于", "v")]))
    specs = (TokenSpec(pos=("m", "n"), low=1, high=4), TokenSpec(text=frozenset({"村"})))
    assert match_tokens(specs, tokens, 0) == [0, 0, 1]
    assert match_tokens(specs, tokens, 3) == []
