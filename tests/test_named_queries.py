"""Named queries: each one on the sample with its expected rows, identical on Oxigraph (store
folder) and rdflib (RDF file), parameters bound as typed terms that cannot inject SPARQL."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg import named
from kg.cli import cli
from kg.errors import QueryError
from kg.query_output import run_named

LOCATED_IN = "https://w3id.org/kg-cn/ontology#locatedIn"
SENTENCE = ("仅在“不忘初心 牢记使命”主题教育中,就专题安排3次研讨交流,还组织省委中心组成员到“半条被子”故事发生地"
            "——汝城县沙洲村接受革命传统教育,不断强化党员干部的“四个意识”,涵养“四个自信”,做到“两个维护”。")
ISSUED_SENTENCE = ("2017年,中央办公厅印发《党委(党组)理论学习中心组学习规则》后,湖南及时出台贯彻落实的《实施办法》,"
                   "制定《关于加强和改进党委(党组)中心组学习的十条措施》,明确将中心组学习纳入各级党委(党组)党建工作责任制、"
                   "意识形态工作责任制、绩效评估指标体系、领导班子和个人年度述职报告内容,并对中心组学习十个方面的具体要求和"
                   "工作流程予以明确,确保中心组学习有规可依、依规运行。")

# name, params, expected rows (value tuples in the query's variable order; "" = unbound), exact?
CASES = [
    ("places", {}, [("汝城县", "湖南省", "43"), ("沙洲村", "湖南省", "43"), ("郴州市", "湖南省", "43")], True),
    ("places", {"place": "沙洲村"}, [("沙洲村", "湖南省", "43")], True),
    ("people", {}, [("习近平", "中共中央总书记", "中共中央")], True),
    ("policies", {"title": "中国共产党党委（党组）理论学习中心组学习规则"},
     [("https://w3id.org/kg-cn/id/policy-1596765e59b4", "中国共产党党委（党组）理论学习中心组学习规则",
       "中共中央办公厅", "2017")], True),
    ("policies", {}, [("https://w3id.org/kg-cn/id/policy-20720fc68573",
                       "湖南省人工智能、大数据、5G应用、超高清视频等产业发展三年行动计划", "", "")], False),
    ("campaigns", {"campaign": "精准扶贫"}, [("2020", "精准扶贫", "1")], True),
    ("campaigns", {}, [("2020", "脱贫攻坚", "1"), ("2020", "长江十年禁渔", "1")], False),
    ("comentioned", {"entity": "习近平"}, [("习近平", "湖南省", "1"), ("习近平", "汝城县", "1")], False),
    ("comentioned", {"entity": "沙洲村"}, [("沙洲村", "汝城县", "1")], False),
    ("evidence", {"subject": "沙洲村", "relation": "kg:locatedIn"},
     [("沙洲村", LOCATED_IN, "汝城县", SENTENCE, "1861", "1965", "nested.place-in-place",
       "https://w3id.org/kg-cn/id/doc-78f7e79b0cf66c3e")], True),
    ("evidence", {"subject": "汝城县", "relation": LOCATED_IN}, [], True),     # from the gazetteer, not text
    ("evidence", {"subject": "中国共产党党委（党组）理论学习中心组学习规则", "relation": "kg:issued"},
     [("中国共产党党委（党组）理论学习中心组学习规则", "https://w3id.org/kg-cn/ontology#issued", "2017", ISSUED_SENTENCE,
       "2404", "2588", "rel.issued-in.year", "https://w3id.org/kg-cn/id/doc-78f7e79b0cf66c3e")], True),
]


@pytest.fixture(scope="module")
def engines(sample_store_dir):
    """Both engines loaded once: Oxigraph on the store folder, rdflib on graph.ttl."""
    from kg.query import STORES

    return {"oxigraph": STORES["oxigraph"](sample_store_dir / "store"),
            "rdflib": STORES["rdflib"](sample_store_dir / "graph.ttl")}


def run_on(engines, engine: str, name: str, params: dict):
    query = named.get(name)
    return engines[engine].query(query.sparql, named.bindings(query, params))


def values(result) -> list[tuple]:
    return sorted(tuple("" if row[v] is None else row[v].value for v in result.variables) for row in result.rows)


def test_named_queries_cover_the_analyst_questions():
    assert set(named.named_queries().names()) == {"campaigns", "comentioned", "evidence", "people", "places",
                                                  "policies"}
    for name, query in named.named_queries().items():
        assert query.title != name and query.description, name
        for param in query.params:
            assert f"?{param.name}" in query.sparql, (name, param.name)


@pytest.mark.parametrize("name, params, expected, exact", CASES,
                         ids=[f"{c[0]}-{'-'.join(c[1]) or 'all'}" for c in CASES])
def test_named_queries_expected_rows_on_both_engines(name, params, expected, exact, engines):
    oxigraph = values(run_on(engines, "oxigraph", name, params))
    rdflib = values(run_on(engines, "rdflib", name, params))
    assert oxigraph == rdflib
    if exact:
        assert oxigraph == sorted(expected)
    else:
        assert set(expected) <= set(oxigraph) and len(oxigraph) > len(expected)


@pytest.mark.parametrize("name, params", [(c[0], c[1]) for c in CASES],
                         ids=[f"{c[0]}-{'-'.join(c[1]) or 'all'}" for c in CASES])
def test_named_queries_inline_values_give_the_same_rows(name, params, sample_store, engines):
    """The VALUES form (for endpoints without substitution) answers like the bound form."""
    from kg.store import select

    query = named.get(name)
    text = named.inline_values(query, named.bindings(query, params))
    inline = sorted(tuple("" if v is None else v.value for v in row.values()) for row in select(sample_store, text))
    assert inline == values(run_on(engines, "oxigraph", name, params))


@pytest.mark.parametrize("hostile", ['习近平"@zh } UNION { ?x ?y ?z } #', "' OR 1=1 --", "}} DROP ALL", "<urn:x>"])
def test_named_queries_params_cannot_inject(hostile, engines):
    for engine in ("oxigraph", "rdflib"):
        assert run_on(engines, engine, "people", {"person": hostile}).rows == []


@pytest.mark.parametrize("name, params, text", [
    ("people", {"nope": "x"}, "has no such parameter; it takes: person"),
    ("comentioned", {}, "'comentioned' needs it: --param entity=..."),
    ("evidence", {"relation": "kg:holds"}, "'evidence' needs it: --param subject=..."),
    ("evidence", {"relation": "not an iri"}, "expected an IRI"),
    ("evidence", {"relation": "http://x/<y>"}, "expected an IRI"),
])
def test_named_queries_bad_params_are_coded(name, params, text, sample_store_dir):
    with pytest.raises(QueryError) as info:
        run_named(name, sample_store_dir / "store", params)
    assert info.value.code == "E313" and text in str(info.value)


def test_named_queries_cli_list_and_run(sample_store_dir, tmp_path):
    runner = CliRunner()
    listing = runner.invoke(cli, ["query", "--list"])
    assert listing.exit_code == 0 and "evidence" in listing.output and "--param relation=" in listing.output
    out = tmp_path / "places.csv"
    run = runner.invoke(cli, ["query", "places", str(sample_store_dir / "store"), "--param", "place=沙洲村",
                              "--format", "csv", "--output", str(out)])
    assert run.exit_code == 0, run.output
    assert out.read_text(encoding="utf-8") == "place,province,code\n沙洲村,湖南省,43\n"
    unknown = runner.invoke(cli, ["query", "placez", str(sample_store_dir / "store")])
    assert unknown.exit_code != 0
