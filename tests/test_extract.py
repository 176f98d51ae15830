"""Extract stage: sentences -> typed mentions and relations (rule engine mechanics)."""
from __future__ import annotations

import pytest

from kg.corpus import parse_document
from kg.extract import select
from kg.extract.tokens import TokenSpec, match_tokens
from kg.extract.template import Template
from kg.model import Mention, Sentence, Token

from .textcases import mentions


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
    # news: people by evidence, places below the gazetteer, companies, meetings, campaigns
    ("村党支部书记张海丽告诉记者", {("张海丽", "Person")}),
    ("副省长王建华、刘彦彬出席会议", {("王建华", "Person"), ("刘彦彬", "Person")}),
    ("在习近平主席和普京总统战略引领下", {("普京", "Person")}),
    ("京沪高铁和郑州东站客流增加", {("京沪高铁", "Place"), ("郑州东站", "Place")}),
    ("江西省抚州市东乡区黎圩镇东源村的村民", {("东源村", "Place"), ("黎圩镇", "Place")}),
    ("天合光能股份有限公司发布年报", {("天合光能股份有限公司", "Organization")}),
    ("湖南省委召开全省防汛工作座谈会", {("全省防汛工作座谈会", "Event")}),
    ("各地开展安全生产专项整治行动", {("安全生产专项整治行动", "Campaign")}),
    ("推进新型工业化，增强国内大循环内生动力", {("新型工业化", "Concept"), ("国内大循环", "Concept")}),
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
    ("记者王小川在会上指出", ("王小川在", "Person")),
    ("高水平对外开放不断推进", ("高水平", "Person")),
    ("湖南省位于罗霄山脉西侧", ("罗霄山", "Person")),
    ("中欧班列开行数量增长", ("中欧", "Place")),
    ("中华民族伟大复兴", ("中国", "Place")),
    ("汝城县沙洲村的村民", ("的村", "Place")),
    ("支持商业银行和企业集团参与", ("商业银行", "Organization")),
    ("国务院新闻办公室举行新闻发布会", ("新闻发布会", "Event")),
    ("郑建邦代表中国国民党革命委员会中央委员会献花", ("郑建邦代表中国国民党革命委员会中央委员会", "Organization")),
])
def test_extract_avoids_false_alarms(pipeline, text, absent):
    assert absent not in mentions(pipeline, text)


def relations(pipeline, text: str) -> set[tuple[str, str, str]]:
    extraction = pipeline.extract(parse_document(text, name="x"))
    return {(r.subject.text, r.predicate, r.object.text) for r in extraction.relations}


@pytest.mark.parametrize("text, expected", [
    ("中共中央政治局常委、国务院副总理丁薛祥出席会议。",
     {("丁薛祥", "holds", "中共中央政治局常委"), ("丁薛祥", "holds", "国务院副总理")}),
    ("湖南省副省长王建华、刘彦彬出席会议。",
     {("王建华", "holds", "湖南省副省长"), ("刘彦彬", "holds", "湖南省副省长")}),
    ("江西省抚州市东乡区黎圩镇东源村的村民正在收割。",
     {("东源村", "locatedIn", "黎圩镇"), ("黎圩镇", "locatedIn", "东乡区"), ("东乡区", "locatedIn", "抚州市")}),
    ("国务院常务会议指出，要稳定就业。", {("国务院常务会议", "organizedBy", "国务院")}),
    ("郑州东站客流增加。", {("郑州东站", "locatedIn", "郑州")}),
    # a province and its city as one jieba word
    ("春节临近，位于辽宁沈阳的长安小区十分热闹。", {("沈阳", "locatedIn", "辽宁")}),
    # a chain of divisions: every step, not only the first pair
    ("在河南漯河临颍县，今年玉米喜获丰收。", {("漯河", "locatedIn", "河南"), ("临颍县", "locatedIn", "漯河")}),
])
def test_extract_news_relations(pipeline, text, expected):
    assert expected <= relations(pipeline, text)


def test_extract_a_chain_goes_on_only_inside_the_division_before_it(pipeline):
    found = relations(pipeline, "全国政协在北京中山公园中山堂举行仪式。")
    assert ("中山公园", "locatedIn", "北京") in found
    assert ("中山公园", "locatedIn", "中山") not in found        # 中山市 is not in 北京市


@pytest.mark.parametrize("text", ["推动中俄投资合作。", "从根本上实现巴以和平。"])
def test_extract_countries_side_by_side_are_not_inside_each_other(pipeline, text):
    assert not {r for r in relations(pipeline, text) if r[1] == "locatedIn"}


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


def test_extract_another_partys_posts_are_not_chinas(pipeline):
    found = relations(pipeline, "习近平会见老挝人革党中央政治局委员、常务副总理沙伦赛。")
    assert ("沙伦赛", "holds", "老挝人革党中央政治局委员") in found
    assert not {r for r in found if r[0] == "沙伦赛" and r[2] in ("中央政治局委员", "总理", "常务副总理")}


def test_extract_a_name_before_an_adverb_and_a_verb_is_the_name_alone(pipeline):
    from kg.corpus import parse_document

    extraction = pipeline.extract(parse_document("国务院总理李强在主持学习时强调，副省长王小明将出席会议。", name="x"))
    people = {m.text for m in extraction.mentions if m.type == "Person"}
    assert people == {"李强", "王小明"}
