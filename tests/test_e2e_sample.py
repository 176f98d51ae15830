"""End to end on the sample article: the entities and relations a reader expects."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.vocab import KG, NIF


def nodes_named(graph, name: str, type_: str | None = None) -> set[URIRef]:
    """Entities whose label or alternative label is ``name`` (width-insensitive)."""
    from kg.text import match_key

    wanted = match_key(name)
    found = set()
    for predicate in (RDFS.label, SKOS.altLabel):
        for node, _, label in graph.triples((None, predicate, None)):
            if isinstance(label, Literal) and match_key(str(label)) == wanted:
                if type_ is None or (node, RDF.type, KG[type_]) in graph:
                    found.add(node)
    return found


def one(graph, name: str, type_: str) -> URIRef:
    found = nodes_named(graph, name, type_)
    assert len(found) == 1, f"expected one {type_} named {name}, found {found}"
    return found.pop()


@pytest.mark.parametrize("name, type_", [
    ("习近平", "Person"),
    ("湖南省委理论学习中心组", "Organization"),
    ("湖南省委", "Organization"),
    ("中央办公厅", "Organization"),
    ("省委宣传部", "Organization"),
    ("沙洲村", "Place"),
    ("汝城县", "Place"),
    ("湖南", "Place"),
    ("十八洞村", "Place"),
    ("洞庭湖", "Place"),
    ("省委书记", "Position"),
    ("总书记", "Position"),
    ("中国共产党党委(党组)理论学习中心组学习规则", "Policy"),
    ("实施办法", "Policy"),
    ("关于加强和改进党委(党组)中心组学习的十条措施", "Policy"),
    ("湖南省人工智能、大数据、5G应用、超高清视频等产业发展三年行动计划", "Policy"),
    ("精准扶贫", "Campaign"),
    ("脱贫攻坚", "Campaign"),
    ("不忘初心 牢记使命主题教育", "Campaign"),
    ("一带一部", "Concept"),
    ("三个着力", "Concept"),
    ("四个意识", "Concept"),
    ("习近平新时代中国特色社会主义思想", "Concept"),
    ("党的十九大", "Event"),
    ("十九大", "Event"),
    ("党的十八大", "Event"),
    ("互联网岳麓峰会", "Event"),
    ("新冠肺炎疫情", "Event"),
    ("半条被子", "Work"),
    ("学习强国", "Work"),
])
def test_sample_has_entity(sample_graph, name, type_):
    one(sample_graph, name, type_)


@pytest.mark.parametrize("subject, subject_type, predicate, obj, obj_type", [
    ("湖南省委理论学习中心组", "Organization", "subOrganizationOf", "湖南省委", "Organization"),
    ("省委宣传部", "Organization", "subOrganizationOf", "湖南省委", "Organization"),
    ("沙洲村", "Place", "locatedIn", "汝城县", "Place"),
    ("汝城县", "Place", "locatedIn", "郴州市", "Place"),
    ("郴州市", "Place", "locatedIn", "湖南省", "Place"),
    ("中国共产党党委(党组)理论学习中心组学习规则", "Policy", "issuedBy", "中央办公厅", "Organization"),
    ("实施办法", "Policy", "implements", "中国共产党党委(党组)理论学习中心组学习规则", "Policy"),
    ("实施办法", "Policy", "issuedBy", "湖南省委", "Organization"),   # 湖南及时出台…《实施办法》
    ("一带一部", "Concept", "proposedBy", "习近平", "Person"),
    ("三个着力", "Concept", "proposedBy", "习近平", "Person"),
    ("守护好一江碧水", "Concept", "proposedBy", "习近平", "Person"),
    ("习近平", "Person", "holds", "总书记", "Position"),
    ("省委书记", "Position", "postIn", "湖南省委", "Organization"),
    ("湖南省委", "Organization", "jurisdiction", "湖南省", "Place"),
])
def test_sample_has_relation(sample_graph, subject, subject_type, predicate, obj, obj_type):
    s = one(sample_graph, subject, subject_type)
    o = one(sample_graph, obj, obj_type)
    assert (s, KG[predicate], o) in sample_graph


def test_sample_abbreviations_merge(sample_graph):
    """十九大 and 党的十九大 are one node; 湖南 and 湖南省 too; 省委 is 湖南省委."""
    assert nodes_named(sample_graph, "十九大") == nodes_named(sample_graph, "党的十九大")
    assert nodes_named(sample_graph, "湖南", "Place") == nodes_named(sample_graph, "湖南省", "Place")
    assert nodes_named(sample_graph, "省委", "Organization") == nodes_named(sample_graph, "湖南省委", "Organization")
    assert nodes_named(sample_graph, "中心组", "Organization") == \
        nodes_named(sample_graph, "湖南省委理论学习中心组", "Organization")


def test_sample_labels_have_no_title_or_quote_marks(sample_graph):
    for predicate in (RDFS.label, SKOS.altLabel):
        for _, _, label in sample_graph.triples((None, predicate, None)):
            assert not set(str(label)) & set("《》“”"), label


def test_sample_document_metadata(sample_graph):
    from rdflib.namespace import DCTERMS, XSD

    doc = next(sample_graph.subjects(RDF.type, KG.Document))
    assert str(sample_graph.value(doc, DCTERMS.title)) == "打造学习习近平新时代中国特色社会主义思想的示范组、模范班"
    assert str(sample_graph.value(doc, DCTERMS.source)) == "http://www.mdleader.cn/"
    assert sample_graph.value(doc, DCTERMS.date) == Literal("2020-08-18T10:43:49", datatype=XSD.dateTime)
    assert str(sample_graph.value(doc, DCTERMS.publisher)) == "湖南在线"
    assert str(sample_graph.value(doc, DCTERMS.creator)) == "湖南省委理论学习中心组"
    mentioned = set(sample_graph.objects(doc, KG.mentions))
    assert one(sample_graph, "沙洲村", "Place") in mentioned


def test_sample_boilerplate_not_extracted(sample_graph):
    text = " ".join(str(o) for o in sample_graph.objects(None, NIF.anchorOf))
    for junk in ("版权所有", "联系电话", "湘ICP备", "相关新闻", "梦达领导人才"):
        assert junk not in text


def test_sample_statistics(sample_graph):
    from decimal import Decimal

    from rdflib.namespace import XSD

    stats = {}
    for node in sample_graph.subjects(RDF.type, KG.Statistic):
        stats[str(sample_graph.value(node, NIF.anchorOf))] = node
    poverty = stats["747万人"]
    assert sample_graph.value(poverty, KG.value).toPython() == Decimal("7470000")
    assert str(sample_graph.value(poverty, KG.unit)) == "人"
    assert sample_graph.value(poverty, KG.periodStart) == Literal("2012", datatype=XSD.gYear)
    assert sample_graph.value(poverty, KG.periodEnd) == Literal("2019", datatype=XSD.gYear)
    assert sample_graph.value(poverty, KG.about) == one(sample_graph, "湖南省", "Place")
    rate = stats["从13.43%降至0.36%"]
    assert str(sample_graph.value(rate, KG.measure)) == "贫困发生率"
    assert sample_graph.value(rate, KG.value).toPython() == Decimal("13.43")
    assert sample_graph.value(rate, KG.valueAfter).toPython() == Decimal("0.36")
    assert str(sample_graph.value(stats["51个"], KG.measure)) == "贫困县"
    assert str(sample_graph.value(stats["6920个"], KG.measure)) == "贫困村"
    study = stats["28次"]
    assert str(sample_graph.value(study, KG.measure)) == "集体学习"
    assert str(sample_graph.value(study, KG.period)) == "党的十九大以来"
