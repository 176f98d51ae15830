"""Issue 8: places and organisations in everyday news that the lexicons do not list:
bodies named after a place with a field verb inside (中国文化扶贫委员会), landmarks that jieba
tags as names (白马寺), venues named after a place (虹口体育馆)."""
from __future__ import annotations

import pytest

from kg.corpus import parse_document

from .textcases import facts, mentions, resolve


@pytest.mark.parametrize("text, expected", [
    ("法国雇主协会发表声明。", ("法国雇主协会", "Organization")),
    ("中国文化扶贫委员会主任出席仪式。", ("中国文化扶贫委员会", "Organization")),
    ("俄罗斯国家统计委员会公布了数据。", ("俄罗斯国家统计委员会", "Organization")),
    ("香港发展策略委员会就此发表报告。", ("香港发展策略委员会", "Organization")),
    ("成都地质所派出专家。", ("成都地质所", "Organization")),
    ("海南国际武术开发集团公司拨款支持。", ("海南国际武术开发集团公司", "Organization")),
    ("游客来到白马寺参观。", ("白马寺", "Place")),
    ("春天的玄武湖游人如织。", ("玄武湖", "Place")),
    ("比赛在虹口体育馆举行。", ("虹口体育馆", "Place")),
    ("北京图书大厦开展读书活动。", ("北京图书大厦", "Place")),
    ("巴黎铁塔亮起灯光。", ("巴黎铁塔", "Place")),
])
def test_place_org_found(pipeline, text, expected):
    assert expected in mentions(pipeline, text)


@pytest.mark.parametrize("text, absent", [
    # A verb of action is no part of a body's name.
    ("北京召开委员会会议。", ("北京召开委员会", "Organization")),
    ("上海成立协会。", ("上海成立协会", "Organization")),
    # A place and a generic word ending like a body are not a body (场所, 车站).
    ("广州公共场所全面消毒。", ("广州公共场所", "Organization")),
    ("四川广元火车站客流增加。", ("四川广元火车站", "Organization")),
    # Person names that end like landmarks stay people.
    ("王小峰和李长江参加了比赛。", ("王小峰", "Place")),
    # A venue named by a common noun is not a name.
    ("全市新建体育馆三座。", ("新建体育馆", "Place")),
])
def test_place_org_not_found(pipeline, text, absent):
    assert absent not in mentions(pipeline, text)


def test_place_body_keeps_the_local_institution_rule(pipeline):
    """天津市农科院 is still composed (with its jurisdiction), not taken whole by the new rule."""
    extraction = pipeline.extract(parse_document("二十大代表时晓伟是天津市农科院的一位小麦育种专家。", name="x"))
    rules = {m.text: m.rule for m in extraction.mentions}
    assert rules.get("天津市农科院") == "compose.org.local-institution"
    assert any(r.predicate == "jurisdiction" and r.object.text == "天津市" for r in extraction.relations)


@pytest.mark.parametrize("text, club", [
    ("利物浦主场2比0战胜博尔顿。", "利物浦"),
    ("利物浦主场2比0战胜博尔顿。", "博尔顿"),
    ("那不勒斯vs热那亚推荐：3。", "热那亚"),
])
def test_city_named_as_a_side_is_a_club(pipeline, text, club):
    found = mentions(pipeline, text)
    assert (club, "Organization") in found and (club, "Place") not in found


@pytest.mark.parametrize("text, place", [
    ("决赛将在巴黎举行，中国队主场迎战日本队。", "巴黎"),      # where a match is held
    ("曼联作客西班牙的过往战绩并不理想。", "西班牙"),          # where a side travels to
    ("韩国的金泽洙以三比二战胜比利时的卡勃莱拉。", "比利时"),  # a player's country
    ("欧洲平均主胜赔率在1.70左右。", "欧洲"),                  # a continent
    ("巴黎是法国的首都。", "巴黎"),                            # no sports context
])
def test_place_in_sports_news_stays_a_place(pipeline, text, place):
    assert (place, "Place") in mentions(pipeline, text)


@pytest.mark.parametrize("text, expected", [
    ("发挥中俄投资合作委员会统筹协调作用。", ("中俄投资合作委员会", "Organization")),
    ("美中经贸促进会呼吁国会支持。", ("美中经贸促进会", "Organization")),
    ("渝新欧、义新欧等国际班列启用统一品牌。", ("渝新欧", "Place")),
    ("渝新欧、义新欧等国际班列启用统一品牌。", ("义新欧", "Place")),
    ("服务范围基本覆盖亚欧全境。", ("亚欧", "Place")),
    ("我们来到书房村了解情况。", ("书房村", "Place")),
    ("了解到下叔村的变化。", ("下叔村", "Place")),
])
def test_bilateral_bodies_routes_villages(pipeline, text, expected):
    assert expected in mentions(pipeline, text)


@pytest.mark.parametrize("text, absent", [
    ("中美两国同意设立工作组。", ("中美两国同意设立工作组", "Organization")),
    ("开启新欧洲之旅。", ("新欧", "Place")),
    ("贫困村和示范村加快发展。", ("贫困村", "Place")),
    ("那个村农民增收。", ("那个村", "Place")),
])
def test_bilateral_bodies_routes_villages_negative(pipeline, text, absent):
    assert absent not in mentions(pipeline, text)


def relations(pipeline, text: str) -> set[tuple[str, str, str]]:
    return facts(resolve(pipeline, text), text_only=False)


def test_a_name_starting_with_another_party_is_not_part_of_it(pipeline):
    found = relations(pipeline, "中国国民党革命委员会举行纪念活动。")
    assert ("中国国民党革命委员会", "subOrganizationOf", "中国国民党") not in found


def test_listed_sub_bodies_keep_their_parent(pipeline):
    found = relations(pipeline, "联合国安理会通过决议，中共中央办公厅印发通知，中央军委发布命令。")
    assert ("联合国安全理事会", "subOrganizationOf", "联合国") in found
    assert ("中共中央办公厅", "subOrganizationOf", "中共中央") in found
    assert ("中共中央军事委员会", "subOrganizationOf", "中共中央") in found


@pytest.mark.parametrize("text, expected, absent", [
    ("东北地区经济发展。", ("东北", "Place"), ("东北地区", "Place")),
    ("当时我作为西藏地区的代表。", ("西藏", "Place"), ("西藏地区", "Place")),
    ("亚太地区和平稳定。", ("亚太", "Place"), ("亚太地区", "Place")),
    # a region whose name holds 地区 keeps it
    ("西部地区加快开发。", ("西部地区", "Place"), ("西部", "Place")),
])
def test_area_after_a_place_is_not_part_of_its_name(pipeline, text, expected, absent):
    found = mentions(pipeline, text)
    assert expected in found and absent not in found


def test_place_and_generic_local_committee(pipeline):
    extraction = pipeline.extract(parse_document("栾城县委和薛埠镇党委提出要求。", name="x"))
    found = {(m.text, m.type) for m in extraction.mentions}
    assert ("栾城县委", "Organization") in found and ("薛埠镇党委", "Organization") in found
    assert ("薛埠镇党委", "Organization") not in mentions(pipeline, "薛埠镇党委书记出席会议。")


def test_planets_are_places(pipeline):
    found = mentions(pipeline, "探测器飞越土星和海王星，飞出太阳系。")
    assert {("土星", "Place"), ("海王星", "Place"), ("太阳系", "Place")} <= found


@pytest.mark.parametrize("text, venue", [
    # jieba cuts these names into common words or single characters; 在/于/来到 before the
    # name and the head after it are the evidence.
    ("活动在天津杨柳青古镇举行。", "杨柳青古镇"),
    ("比赛于阿纳海姆会议中心举行。", "阿纳海姆会议中心"),
    ("游客到达海豚岛观鲸。", "海豚岛"),
    ("我们来到陶然亭公园。", "陶然亭公园"),
])
def test_venue_after_a_word_of_place(pipeline, text, venue):
    assert (venue, "Place") in mentions(pipeline, text)


@pytest.mark.parametrize("text, absent", [
    ("人们来到城市广场。", "城市广场"),          # a generic word before the head
    ("当地在保护古城肌理的前提下改造。", "保护古城"),  # a verb
    ("大家在这个广场上跳舞。", "这个广场"),        # a pointer
    ("他在新广场跳舞。", "新广场"),              # one modifier character
    ("他在数据中心工作。", "数据中心"),          # a centre that is no venue
    ("海渔广场一些支持。", "海渔广场"),          # no word of place before it
])
def test_venue_needs_a_name_and_a_word_of_place(pipeline, text, absent):
    assert (absent, "Place") not in mentions(pipeline, text)


def test_venue_named_after_a_place_abroad_lies_in_it(pipeline):
    found = facts(resolve(pipeline, "演出在古巴国家剧院举行，各方讨论朝鲜半岛问题。"))
    assert ("古巴国家剧院", "locatedIn", "古巴") in found
    assert ("朝鲜半岛", "locatedIn", "朝鲜") not in found


@pytest.mark.parametrize("text, found, absent", [
    # A county's short form that is a common word in jieba's dictionary names the county right
    # after its own province or prefecture, and only there.
    ("在江苏太仓，记者来到企业。", {("太仓", "Place")}, set()),
    ("苏州太仓的德资企业很多。", {("太仓", "Place")}, set()),
    ("北京延庆举办世园会。", {("延庆", "Place")}, set()),
    ("太仓的企业很多。", set(), {("太仓", "Place")}),
    ("浙江太仓的企业很多。", set(), {("太仓", "Place")}),        # not its province
])
def test_county_short_form_after_its_parent(pipeline, text, found, absent):
    got = mentions(pipeline, text)
    assert found <= got and not (absent & got)


def test_lakes_and_mountains_after_their_city_are_not_the_county(pipeline):
    labels = {e.label for e in resolve(pipeline, "杭州西湖游人如织，江西庐山云雾缭绕，山东平原地区雨量充沛。").entities.values()}
    assert not labels & {"西湖区", "庐山市", "平原县"}


def test_county_short_form_after_its_parent_resolves_and_stays_out_of_lookups(pipeline):
    kb = resolve(pipeline, "在江苏太仓，记者来到企业。")
    assert ("太仓市", "locatedIn", "江苏省") in facts(kb, text_only=False)
    # Only the sentence matcher sees the guarded form: no other reader takes 太仓 for the county.
    index = pipeline.extractor.index
    assert index.lookup("太仓") == [] and index.lookup("太仓市")
    assert not any(e.after for _, _, group in index.iter_matches("江苏太仓") for e in group)
    assert any(e.after for _, _, group in index.iter_matches("江苏太仓", guarded=True) for e in group)


@pytest.mark.parametrize("text, kept, dropped", [
    ("福建舰顺利入列，海军南昌舰协同西宁舰训练。", set(), {"福建", "南昌", "西宁"}),
    # ships and aircraft of a country, its naval vessels, a fleet: the place stays
    ("美国舰机频繁抵近侦察，中国舰艇在南海训练。", {"美国", "中国"}, set()),
    ("山东舰舰长介绍了训练情况。", set(), {"山东"}),
])
def test_a_ship_named_after_a_place_is_no_mention_of_it(pipeline, text, kept, dropped):
    places = {t for t, kind in mentions(pipeline, text) if kind == "Place"}
    assert kept <= places and not (dropped & places)


def test_ethnic_groups_are_not_their_namesake_countries(pipeline):
    places = {t for t, kind in mentions(pipeline, "朝鲜族群众和蒙古族牧民在中国安居乐业。") if kind == "Place"}
    assert places == {"中国"}


def test_names_in_an_official_list_set_apart_by_ideographic_spaces(pipeline):
    text = "丁学东　丁薛祥　万立骏　王君正　徐德清　王莉霞（女，蒙古族）　高志丹　潘岳"
    got = mentions(pipeline, text)
    people = {t for t, kind in got if kind == "Person"}
    assert people == {"丁学东", "丁薛祥", "万立骏", "王君正", "徐德清", "王莉霞", "高志丹", "潘岳"}
    assert not {t for t, kind in got if kind == "Place"}
    # places listed the same way stay places
    assert mentions(pipeline, "江苏　浙江　安徽") == {("江苏", "Place"), ("浙江", "Place"), ("安徽", "Place")}
