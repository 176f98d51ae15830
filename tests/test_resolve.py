"""Resolve stage: one node per real entity, abbreviations read from each document's context."""
from __future__ import annotations

import pytest

from .textcases import resolve


def labels(kb, type_: str) -> set[str]:
    return {e.label for e in kb.entities.values() if e.type == type_}


def test_resolve_province_abbreviations_follow_the_document(pipeline):
    hunan = "湖南省委召开会议。湖南各地积极落实。省委书记出席会议,省委宣传部作出部署。"
    zhejiang = "浙江省委召开会议。浙江各地积极落实。省委书记出席会议,省委宣传部作出部署。"
    kb = resolve(pipeline, hunan, zhejiang)
    assert {"湖南省委书记", "浙江省委书记"} <= labels(kb, "Position")
    assert {"湖南省委宣传部", "浙江省委宣传部", "湖南省委", "浙江省委"} <= labels(kb, "Organization")
    assert "省委书记" not in labels(kb, "Position")


def test_resolve_generic_names_without_context_are_not_entities(pipeline):
    """各省委书记 names no particular post: without a province it is not an entity."""
    kb = resolve(pipeline, "各省委书记要切实担负起第一责任人责任，省政府要加强领导。")
    assert not {"省委书记"} & labels(kb, "Position")
    assert not {"省政府", "省人民政府"} & labels(kb, "Organization")


def test_resolve_municipality_city_committee(pipeline):
    kb = resolve(pipeline, "北京市委召开常委会。北京各区积极落实。市委书记出席会议。")
    assert "北京市委书记" in labels(kb, "Position")


def test_resolve_own_study_group(pipeline):
    kb = resolve(pipeline, "湖南省委理论学习中心组开展学习。湖南干部积极参与。其他中心组成员认真自学。")
    group = [e for e in kb.entities.values() if e.label == "湖南省委理论学习中心组"]
    assert len(group) == 1 and "中心组" in group[0].alt_labels
    assert "中心组" not in labels(kb, "Organization")


@pytest.mark.parametrize("forms, canonical, type_", [
    (["湖南", "湖南省"], "湖南省", "Place"),
    (["党的十九大", "十九大", "中共十九大"], "中国共产党第十九次全国代表大会", "Event"),
    (["广西", "广西壮族自治区"], "广西壮族自治区", "Place"),
    (["长沙", "长沙市"], "长沙市", "Place"),
    (["中央办公厅", "中办", "中共中央办公厅"], "中共中央办公厅", "Organization"),
])
def test_resolve_surface_forms_merge(pipeline, forms, canonical, type_):
    kb = resolve(pipeline, "。".join(f"{f}召开会议" for f in forms) + "。")
    entities = [e for e in kb.entities.values() if e.type == type_ and
                ({e.label} | e.alt_labels) & set(forms)]
    assert len(entities) == 1, entities
    assert entities[0].label == canonical


def test_resolve_full_and_half_width_brackets_unify(pipeline):
    kb = resolve(pipeline, "学习《党委(党组)理论学习中心组学习规则》。", "学习《党委（党组）理论学习中心组学习规则》。")
    policies = [e for e in kb.entities.values() if e.type == "Policy"]
    assert len(policies) == 1
    assert policies[0].label == "党委（党组）理论学习中心组学习规则"


def test_resolve_places_climb_to_their_province(pipeline):
    kb = resolve(pipeline, "组织成员到汝城县沙洲村接受教育。")
    names = {(kb.entities[r.subject].label, r.predicate, kb.entities[r.object].label) for r in kb.relations}
    assert {("沙洲村", "locatedIn", "汝城县"), ("汝城县", "locatedIn", "郴州市"),
            ("郴州市", "locatedIn", "湖南省")} <= names
    assert kb.entities["Place#431026"].code == "431026"


def test_resolve_ambiguous_place_uses_document_province(pipeline):
    beijing = resolve(pipeline, "北京市朝阳区开展活动。北京各区响应。朝阳区积极参与。")
    changchun = resolve(pipeline, "吉林省长春市朝阳区开展活动。吉林各地响应。朝阳区积极参与。")
    assert "Place#110105" in beijing.entities and "Place#220104" not in beijing.entities
    assert "Place#220104" in changchun.entities and "Place#110105" not in changchun.entities


def test_resolve_generic_titles_stay_per_document(pipeline):
    kb = resolve(pipeline, "湖南出台《实施办法》。", "浙江出台《实施办法》。")
    assert len([e for e in kb.entities.values() if e.label == "实施办法"]) == 2


def test_resolve_contradicting_adjacent_places_are_dropped(pipeline):
    kb = resolve(pipeline, "湖南郴州汝城三地联动。")
    names = {(kb.entities[r.subject].label, r.predicate, kb.entities[r.object].label) for r in kb.relations}
    assert ("郴州市", "locatedIn", "湖南省") in names
    assert not any(p == "locatedIn" and s == "湖南省" for s, p, _ in names)
