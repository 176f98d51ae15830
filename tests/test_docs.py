"""The README is the front door: its commands, rule kinds and example queries must be true."""
from __future__ import annotations

import re

import pytest

import kg.extract.kinds  # noqa: F401  (registers every built-in kind before parametrising)
from kg.extract import RULE_KINDS
from kg.query import run_query

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUERIES = {m.group(1): m.group(0) for m in re.finditer(r"# (Q\d+)\n.*?(?=```)", README, re.S)}

#: The answers the README shows for each example query on the sample.
EXPECTED = {
    "Q1": lambda rows: any("汝城县沙洲村" in r["sentence"] and r["rule"] == "nested.place-in-place" for r in rows),
    "Q2": lambda rows: {("汝城县", "湖南省"), ("沙洲村", "湖南省"), ("郴州市", "湖南省")} <= {(r["place"], r["province"]) for r in rows},
    "Q3": lambda rows: ("中国共产党党委（党组）理论学习中心组学习规则", "中共中央办公厅", "2017")
    in {(r["policy"], r["issuer"], r["year"]) for r in rows},
    "Q4": lambda rows: {"一带一部", "三个着力", "守护好一江碧水", "习近平新时代中国特色社会主义思想"} <= {r["concept"] for r in rows},
    "Q5": lambda rows: [(r["text"], r["value"], r["unit"], r["measure"]) for r in rows][:2]
    == [("747万人", "7470000", "人", "脱贫"), ("6920个", "6920", "个", "贫困村")],
    "Q6": lambda rows: {"湖南省委宣传部", "湖南省委理论学习中心组"} <= {r["unit"] for r in rows},
}


def test_docs_readme_has_the_two_commands_and_ci_runs_the_second():
    install = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/kg build"
    tests = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    assert install in README and tests in README
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["kg build", "kg query", "kg validate", "kg eval"])
def test_docs_readme_documents_every_command(command):
    assert f"`{command}" in README


def test_docs_cli_has_no_undocumented_command():
    from kg.cli import cli

    for name in cli.commands:
        assert f"`kg {name}" in README, name


@pytest.mark.parametrize("kind", sorted(RULE_KINDS))
def test_docs_readme_documents_every_rule_kind(kind):
    assert f"| `{kind}` |" in README


def test_docs_rule_kind_table_is_the_registry():
    """The parametrised test above sees all twelve built-in kinds, not only those some
    earlier import happened to register."""
    assert len(RULE_KINDS) >= 12
    assert set(RULE_KINDS) <= set(re.findall(r"^\| `([a-z_]+)` \|", README, re.M))


def test_docs_readme_has_the_example_queries():
    assert set(QUERIES) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_docs_example_query_gives_the_documented_answer(sample_build, name):
    _, out = sample_build
    result = run_query(out / "graph.ttl", QUERIES[name])
    rows = [{k: (v.value if v is not None else "") for k, v in row.items()} for row in result.rows]
    assert rows, name
    assert EXPECTED[name](rows), rows[:5]


def test_docs_error_codes_in_readme_exist():
    from kg.errors import MESSAGES

    for code in set(re.findall(r"\[(E\d{3})\]", README)):
        assert code in MESSAGES, code


def test_docs_worked_example_matches_the_sample(sample_graph):
    """The provenance example's offsets and sentence are the ones kg build writes for the sample."""
    from rdflib import URIRef

    iris = {str(s) for s in sample_graph.subjects()}
    for start, end in re.findall(r"m(\d+)-(\d+)-place", README):
        assert any(i.endswith(f"-m{start}-{end}-place") for i in iris), (start, end)
    sentence = re.search(r"wasDerivedFrom kgr:doc-…-(s\d+)", README).group(1)
    assert any(i.endswith("-" + sentence) and "汝城县沙洲村" in str(sample_graph.value(URIRef(i), URIRef(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"))) for i in iris)
