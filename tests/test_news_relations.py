"""Relations on everyday news: types fit the ontology, containment is real, posts stay in their country."""
from __future__ import annotations

import pytest

from kg.infer import fits_schema


from .textcases import facts, resolve


def types(kb, r) -> tuple[str, str]:
    return kb.entities[r.subject].type, kb.entities[r.object].type if r.object in kb.entities else ""


@pytest.mark.parametrize("predicate, subject, obj, fits", [
    ("postIn", "Position", "Organization", True),
    ("postIn", "Position", "Place", False),
    ("organizedBy", "Event", "Place", False),
    ("locatedIn", "Policy", "Place", False),
    ("issued", "Policy", "", True),
    ("issued", "Event", "", False),
])
def test_news_relations_schema_fit(predicate, subject, obj, fits):
    assert fits_schema(predicate, subject, obj) is fits


@pytest.mark.parametrize("text, expected", [
    ("湖南代表团新闻发言人介绍了在巩固拓展脱贫攻坚成果方面的创新做法。",
     ("湖南代表团新闻发言人", "postIn", "湖南省代表团")),
    ("赵乐际同志17日上午参加他所在的党的二十大内蒙古代表团全体会议。",
     ("内蒙古代表团全体会议", "organizedBy", "内蒙古自治区代表团")),
])
def test_news_relations_post_of_a_delegation_is_in_the_delegation(pipeline, text, expected):
    """A post or meeting named after a province's delegation belongs to the delegation, not the province."""
    kb = resolve(pipeline, text)
    assert expected in facts(kb)
    from kg.infer import fits_schema as fit
    assert all(fit(r.predicate, *types(kb, r)) for r in kb.relations if r.relation is not None)


@pytest.mark.parametrize("example", __import__("kg.containment", fromlist=["examples"]).examples(),
                         ids=lambda e: e["text"][:12])
def test_news_relations_place_kinds_examples(pipeline, example):
    """locatedIn follows real containment (kg/data/place_kinds.yaml examples)."""
    found = facts(resolve(pipeline, example["text"]))
    located = {f"{s} {p} {o}" for s, p, o in found}
    for spec in example.get("relations", []):
        assert spec in located
    for spec in example.get("absent", []):
        assert spec not in located


@pytest.mark.parametrize("text, absent", [
    ("宁夏青铜峡市黄河岸边，农民正在灌溉。", ("黄河", "locatedIn", "青铜峡市")),
    ("福州福厦高铁开通运营。", ("福州市", "locatedIn", "福厦高铁")),
    ("美国以色列联合举行演习，中国俄罗斯签署协议。", ("中国", "locatedIn", "俄罗斯")),
    ("瑞安市爱尔兰投资项目签约。", ("瑞安市", "locatedIn", "爱尔兰")),
    ("湖北、河南两省携手。", ("两省", "locatedIn", "河南省")),
    ("长江泰州段风光秀美。", ("泰州市", "locatedIn", "长江")),
])
def test_news_relations_located_in_only_along_containment(pipeline, text, absent):
    assert absent not in facts(resolve(pipeline, text))


def test_news_relations_villages_outside_the_gazetteer_are_per_document(pipeline):
    """Two 新桥镇 in two provinces are two places, each in its own county."""
    kb = resolve(pipeline, "浙江省湖州市德清县新桥镇德胜村村民正在采茶。", "湖北省荆州市公安县新桥镇村民正在采茶。")
    towns = [e for e in kb.entities.values() if e.label == "新桥镇"]
    assert len(towns) == 2


@pytest.mark.parametrize("text, person, post", [
    ("我们伟大的友好邻邦印度尼赫鲁总理连续发表了不干涉中国内政的声明。", "尼赫鲁", "印度总理"),
    ("印度总理莫迪会见了来访的客人。", "莫迪", "印度总理"),
    ("国务院总理李强会见巴基斯坦总理夏巴兹。", "夏巴兹", "巴基斯坦总理"),
    ("李强总理出席会议。", "李强", "国务院总理"),
])
def test_news_relations_foreign_leaders_hold_their_own_countrys_post(pipeline, text, person, post):
    kb = resolve(pipeline, text)
    held = {o for s, p, o in facts(kb) if s == person and p == "holds"}
    assert held == {post}
    if post != "国务院总理" and "李强" not in text:
        assert "国务院总理" not in {e.label for e in kb.entities.values()}


def test_news_relations_a_shared_short_form_is_the_division_inside_a_named_place(pipeline):
    """东山 is 东山区 of Heilongjiang, 东山县 of Fujian (and one in Taiwan): the story's 福建 decides,
    even when it names no province often enough to be its own; 吉林四平 stays the province."""
    labels = {e.label for e in resolve(pipeline, "近日，研究团队在福建东山海域发现新种珊瑚。").entities.values()}
    assert "东山县" in labels and "东山区" not in labels
    labels = {e.label for e in resolve(pipeline, "鹤岗东山立井投入生产。").entities.values()}
    assert "东山区" in labels and "东山县" not in labels
    labels = {e.label for e in resolve(pipeline, "在吉林四平，当地实施差异化补贴。").entities.values()}
    assert "吉林省" in labels and "吉林市" not in labels


def test_news_relations_a_place_stays_in_the_documents_province(pipeline):
    """长沙铜官街社区: the 铜官区 that a split finds is in Anhui; the document is about Hunan."""
    kb = resolve(pipeline, "湖南长沙铜官街社区组织了猜灯谜、制花灯等民俗体验项目。湖南各地积极推进。")
    located = {(s, o) for s, p, o in facts(kb) if p == "locatedIn"}
    assert ("铜官街社区", "长沙市") in located and ("铜官街社区", "铜官区") not in located


def test_news_relations_issued_keeps_the_most_specific_date(pipeline):
    kb = resolve(pipeline, "2017年，中央办公厅印发《党委（党组）理论学习中心组学习规则》。"
                           "2017年8月18日，中央办公厅印发《党委（党组）理论学习中心组学习规则》。")
    issued = {o for s, p, o in facts(kb) if p == "issued"}
    assert issued == {"2017-08-18"}


YEAR_QUERY = """
PREFIX kg: <https://w3id.org/kg-cn/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?p WHERE { ?p kg:issued ?d . FILTER(xsd:integer(SUBSTR(STR(?d), 1, 4)) >= 2020) } ORDER BY ?p
"""


def test_news_relations_filter_issued_by_year_in_both_engines():
    """The README's year filter works on gYear, gYearMonth and date alike, in rdflib and Oxigraph."""
    import pyoxigraph
    from rdflib import Graph

    data = """@prefix kg: <https://w3id.org/kg-cn/ontology#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <urn:a> kg:issued "2019"^^xsd:gYear . <urn:b> kg:issued "2021-05"^^xsd:gYearMonth .
    <urn:c> kg:issued "2022-01-09"^^xsd:date . <urn:d> kg:issued "2020"^^xsd:gYear ."""
    graph = Graph().parse(data=data, format="turtle")
    by_rdflib = [str(row[0]) for row in graph.query(YEAR_QUERY)]
    store = pyoxigraph.Store()
    store.load(data.encode(), pyoxigraph.RdfFormat.TURTLE)
    by_oxigraph = [row["p"].value for row in store.query(YEAR_QUERY)]
    assert by_rdflib == by_oxigraph == ["urn:b", "urn:c", "urn:d"]


def policies(kb) -> dict[str, set[str]]:
    return {e.label: e.alt_labels for e in kb.entities.values() if e.type == "Policy"}


def test_news_relations_one_document_one_node(pipeline):
    """Title variants of the plan in one text are one Policy with the short forms as altLabels."""
    kb = resolve(pipeline, "十四届全国人大四次会议审议《中华人民共和国国民经济和社会发展第十五个五年规划纲要（草案）》。"
                           "“十五五”规划纲要提出了目标。十五五规划开局良好。")
    found = policies(kb)
    assert list(found) == ["中华人民共和国国民经济和社会发展第十五个五年规划纲要（草案）"]
    assert {"十五五规划", "十五五规划纲要"} <= next(iter(found.values()))


def test_news_relations_a_declared_short_title_is_the_document(pipeline):
    """（以下简称《行动计划》）: the short form names the title before it; a short form made of
    other words (《批复》 after 批复同意《…规划》) names another document."""
    kb = resolve(pipeline, "国务院印发《固体废物综合治理行动计划》（以下简称《行动计划》）。《行动计划》提出目标。")
    assert policies(kb) == {"固体废物综合治理行动计划": {"行动计划"}}
    kb = resolve(pipeline, "国务院批复同意《现代化首都都市圈空间协同规划》（以下简称《批复》）。《批复》指出。")
    assert set(policies(kb)) == {"现代化首都都市圈空间协同规划", "批复"}


def test_news_relations_a_proposal_and_an_outline_stay_apart(pipeline):
    kb = resolve(pipeline, "《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》公布。《建议》提出了目标。"
                           "会议审议《中华人民共和国国民经济和社会发展第十五个五年规划纲要（草案）》。")
    found = policies(kb)
    assert set(found) == {"中共中央关于制定国民经济和社会发展第十五个五年规划的建议",
                          "中华人民共和国国民经济和社会发展第十五个五年规划纲要（草案）"}
    assert "建议" in found["中共中央关于制定国民经济和社会发展第十五个五年规划的建议"]


def test_news_relations_plans_of_different_places_stay_apart(pipeline):
    kb = resolve(pipeline, "湖南省审议《湖南省国民经济和社会发展第十五个五年规划纲要》，落实国家十五五规划。")
    assert len(policies(kb)) == 2


def test_news_relations_events_get_their_date_from_the_text(pipeline):
    kb = resolve(pipeline, "2026年3月5日，十四届全国人大四次会议在北京开幕。")
    assert ("第十四届全国人民代表大会第四次会议", "startDate", "2026-03-05") in facts(kb)


def test_news_relations_the_ontology_is_this_checkouts():
    """A source checkout reads its own ontology/ (not the one another checkout installed)."""
    from pathlib import Path

    from kg.resources import ontology_path

    assert ontology_path() == Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"


def test_a_long_list_of_heads_gives_each_their_own_countrys_post(pipeline):
    """Thirty titles and names in one sentence all compose (the bound grows with the sentence):
    no foreign prime minister ends up holding 国务院总理."""
    heads = ["马拉维总统查克维拉", "几内亚总统敦布亚", "佛得角总统内韦斯", "中非总统图瓦德拉", "科摩罗总统阿扎利",
             "几内亚比绍总统恩巴洛", "莫桑比克总统纽西", "尼日尔总统巴祖姆", "乌拉圭总统拉卡列", "基里巴斯总统马茂",
             "芬兰总统尼尼斯托", "爱沙尼亚总统卡里斯", "斯洛文尼亚总统帕霍尔", "老挝政府总理潘坎", "尼泊尔总理德乌帕",
             "毛里求斯总理贾格纳特", "安提瓜和巴布达总理布朗", "瓦努阿图总理卡尔萨考", "阿塞拜疆总统阿利耶夫",
             "塞舌尔总统拉姆卡拉旺", "厄立特里亚总统伊萨亚斯", "纳米比亚总统根哥布", "波兰总统杜达", "巴西总统卢拉",
             "汤加国王图普", "瓦努阿图总统武罗巴拉武", "尼日利亚总统布哈里", "肯尼亚总统鲁托", "加纳总统阿库福",
             "斐济总理班巴拉马"]
    kb = resolve(pipeline, "、".join(heads) + "等表示哀悼。")
    got = facts(kb)
    assert ("卡尔萨考", "holds", "瓦努阿图总理") in got and ("潘坎", "holds", "老挝政府总理") in got
    assert not any(o == "国务院总理" for _, p, o in got if p == "holds")


def test_a_foreign_partys_list_holds_no_cpc_post(pipeline):
    """Central posts listed after another party's post are that party's: dropped, never the
    CPC's post of the same name; a CPC list keeps every one of its posts."""
    kb = resolve(pipeline, "陪同访华的有越共中央政治局委员、中央书记处常务书记陈锦绣，"
                           "老挝人民革命党中央政治局委员、中央书记处书记、中央组织部部长潘通。")
    held = {(s, o) for s, p, o in facts(kb) if p == "holds"}
    assert ("陈锦绣", "越南共产党中央政治局委员") in held
    assert not {o for s, o in held if o.startswith(("中央", "中共"))}
    assert not {e.label for e in kb.entities.values() if e.type == "Position" and e.label.startswith("中共")}
    kb = resolve(pipeline, "中共中央政治局委员、中央书记处书记、中央组织部部长李干杰出席。")
    held = {o for s, p, o in facts(kb) if s == "李干杰" and p == "holds"}
    assert {"中央政治局委员", "中央书记处书记", "中共中央组织部部长"} <= held


def test_a_bare_title_a_foreign_name_holds_is_no_home_post(pipeline):
    """松科总理 is Senegal's prime minister: no 国务院总理 node, while 李强总理 keeps it."""
    kb = resolve(pipeline, "习近平主席先后同来华访问的法耶总统、松科总理会晤。")
    labels = {e.label for e in kb.entities.values()}
    assert "松科" in labels and "国务院总理" not in labels
    kb = resolve(pipeline, "李强总理出席会议。")
    assert ("李强", "holds", "国务院总理") in facts(kb)


def test_a_foreign_premier_is_no_mention_of_chinas(pipeline):
    kb = resolve(pipeline, "赵乐际会见加拿大总理卡尼。美国马里兰州州长摩尔表示欢迎。")
    labels = {e.label for e in kb.entities.values()}
    assert "国务院总理" not in labels and {"加拿大总理", "加拿大", "马里兰州州长"} <= labels
    assert ("卡尼", "holds", "加拿大总理") in facts(kb)


def test_news_relations_a_foreign_name_holds_no_bare_home_title(pipeline):
    """No country before the bare 总理: it stays 国务院总理, which a foreign name does not hold."""
    kb = resolve(pipeline, "以色列总统府发表声明称，总统赫尔佐格将授权前总理内塔尼亚胡组建政府。")
    assert not {(s, o) for s, p, o in facts(kb) if s == "内塔尼亚胡" and p == "holds"}
    assert ("李强", "holds", "国务院总理") in facts(resolve(pipeline, "总理李强出席会议。"))
