"""Rule files: malformed ones are reported with file, line and rule id; user rules add to the built-ins."""
from __future__ import annotations

import textwrap

import pytest

from kg.errors import RuleError
from kg.extract import RULE_KINDS, load_rules

from .conftest import USER_RULES_GROUP


def write(tmp_path, body: str):
    path = tmp_path / "my-rules.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize("body, code, line, rule, words", [
    ("rules:\n  - id: a\n    kind: regex\n    pattern: '(unclosed'\n    type: Place\n"
     "    examples: [{text: x}]\n", "E205", 2, "a", "invalid regular expression"),
    ("rules:\n  - id: b\n    kind: telepathy\n    examples: [{text: x}]\n", "E203", 2, "b", "unknown kind"),
    ("rules:\n  - id: c\n    kind: regex\n    pattern: 'x'\n    type: Planet\n"
     "    examples: [{text: x}]\n", "E206", 2, "c", "unknown entity type"),
    ("rules:\n  - id: d\n    kind: regex\n    pattern: 'x'\n    type: Place\n", "E202", 2, "d", "examples"),
    ("rules:\n  - id: e\n    kind: relation\n    pattern: '{a:Place}{b:Place}'\n"
     "    produce: {subject: a, predicate: bordersOn, object: b}\n    examples: [{text: x}]\n",
     "E207", 2, "e", "unknown property"),
    ("rules:\n  - id: f\n    kind: regex\n    pattern: 'x'\n    type: Place\n    colour: red\n"
     "    examples: [{text: x}]\n", "E202", 2, "f", "unknown key"),
    ("rules:\n  - id: Bad Id\n    kind: regex\n", "E202", 2, "Bad Id", "'id' must be"),
    ("rules:\n  - id: g\n    kind: regex\n    pattern: '{@nolist}'\n    type: Place\n"
     "    examples: [{text: x}]\n", "E202", 2, "g", "unknown list"),
    ("rules:\n  - id: h\n    kind: lexicon\n    type: Place\n    entries: [{aliases: [x]}]\n"
     "    examples: [{text: x}]\n", "E202", 2, "h", "needs a 'name'"),
    ("rules:\n  - id: i\n    kind: regex\n    pattern: 'x'\n    type: Place\n    priority: high\n"
     "    examples: [{text: x}]\n", "E210", 2, "i", "'priority' must be a whole number"),
    ("rules:\n  - id: j\n    kind: regex\n    pattern: 'x'\n    type: Place\n"
     "    examples:\n      - text: x\n        entites: [x/Place]\n", "E202", 7, "j",
     "unknown example key(s) entites; an example takes: absent, entities, relations, statistics, text"),
    ("rules:\n  - id: k\n    kind: relation\n    pattern: '{doc:Policy}(?:[^。]{0,40})贯彻落实'\n"
     "    produce: {subject: doc, predicate: subOrganizationOf, object: doc2}\n    examples: [{text: x}]\n",
     "E202", 2, "k", "doc2"),
])
def test_rulefile_malformed_rule_names_file_line_and_rule(tmp_path, body, code, line, rule, words):
    path = write(tmp_path, body)
    with pytest.raises(RuleError) as info:
        load_rules([path], builtin=False)
    message = str(info.value)
    assert info.value.code == code
    assert f"my-rules.yaml:{line}" in message
    assert f"'{rule}'" in message
    assert words in message


def test_rulefile_yaml_syntax_error_names_line(tmp_path):
    path = write(tmp_path, "rules:\n  - id: a\n    kind: regex\n    pattern: [unclosed\n")
    with pytest.raises(RuleError) as info:
        load_rules([path], builtin=False)
    assert info.value.code == "E201"
    assert "my-rules.yaml:" in str(info.value)


def test_rulefile_duplicate_id_names_both_places(tmp_path):
    path = write(tmp_path, """\
        rules:
          - {id: same, kind: regex, pattern: x, type: Place, examples: [{text: x}]}
          - {id: same, kind: regex, pattern: y, type: Place, examples: [{text: y}]}
        """)
    with pytest.raises(RuleError) as info:
        load_rules([path], builtin=False)
    assert info.value.code == "E204"
    assert "my-rules.yaml:3" in str(info.value) and "my-rules.yaml:2" in str(info.value)


def test_rulefile_missing_file(tmp_path):
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path / "nope.yaml"], builtin=False)
    assert "nope.yaml" in str(info.value)


@USER_RULES_GROUP
def test_rulefile_user_rules_extend_the_builtins(user_rules):
    from kg.corpus import parse_document
    from kg.pipeline import Pipeline

    path = user_rules["good"]
    pipeline = Pipeline.load([path])
    kb = pipeline.resolve([pipeline.extract(parse_document("星火会在湖南省召开年会。", name="x"))])
    labels = {(e.type, e.label) for e in kb.entities.values()}
    assert ("Organization", "星火创新研究会") in labels
    assert ("Place", "湖南省") in labels


def test_rulefile_builtin_kinds_are_registered():
    assert {"lexicon", "gazetteer", "regex", "token", "compose", "nested", "relation",
            "statistic", "division_prefix", "short_name", "optional_prefix", "document_scoped"} <= set(RULE_KINDS)


@USER_RULES_GROUP
def test_rulefile_failing_example_is_reported_with_place(user_rules):
    """check_rules runs a user's examples: a wrong expectation names the file, line and rule."""
    from kg.pipeline import Pipeline
    from kg.rulecheck import check_rules

    path = user_rules["bad"]
    pipeline = Pipeline.load([path])
    failures = check_rules(pipeline, [pipeline.ruleset.by_id("my.river")])
    assert len(failures) == 1
    assert failures[0].rule == "my.river" and failures[0].location.startswith("bad-rules.yaml:")
    assert "湘江/Organization not found" in str(failures[0])


def test_rulefile_user_file_is_checked_before_the_builtin_rules_are_built(tmp_path):
    """A mistake in a user's file is reported without building the gazetteer first."""
    import time

    path = write(tmp_path, "rules:\n  - id: z\n    kind: regex\n    pattern: '(oops'\n    type: Place\n"
                           "    examples: [{text: x}]\n")
    start = time.process_time()
    with pytest.raises(RuleError) as info:
        load_rules([path])
    assert info.value.code == "E205" and time.process_time() - start < 2.5


def test_rulefile_user_id_clashing_with_a_builtin_names_the_builtin(tmp_path):
    path = write(tmp_path, "rules:\n  - id: context.division-prefix\n    kind: regex\n    pattern: 'x'\n"
                           "    type: Place\n    examples: [{text: x}]\n")
    with pytest.raises(RuleError) as info:
        load_rules([path])
    assert info.value.code == "E204" and "60-context.yaml" in str(info.value)


# The same rule text as the README's bad-input row, so the session loads it once.
CATASTROPHIC = "rules:\n  - id: my.rule\n    kind: regex\n    type: Place\n" \
               "    pattern: '(?:a|aa)+$'\n    examples: [{text: x}]\n"


@USER_RULES_GROUP
def test_rulefile_catastrophic_user_regex_ends_with_an_error_naming_the_rule(tmp_path, monkeypatch):
    import time

    from kg.extract import base
    from kg.pipeline import BuildOptions, build

    monkeypatch.setattr(base, "REGEX_TIMEOUT", 0.5)
    monkeypatch.chdir(tmp_path)                  # "slow.yaml", as in the README row: one shared load
    (tmp_path / "slow.yaml").write_text(CATASTROPHIC, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("a" * 60 + "b。", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(RuleError) as info:
        build(BuildOptions(inputs=[doc], out=tmp_path / "out", rules=["slow.yaml"],
                           validate=False, html=False))
    assert info.value.code == "E209" and "'my.rule'" in str(info.value)
    assert "slow.yaml:2" in str(info.value) and time.monotonic() - start < 60
    assert not (tmp_path / "out").exists()


def test_rulefile_builtin_regexes_stay_plain_re(pipeline):
    import re

    from kg.extract.base import TimedPattern

    patterns = [getattr(r, "regex", None) for r in pipeline.ruleset.rules]
    assert any(isinstance(p, re.Pattern) for p in patterns)
    assert not any(isinstance(p, TimedPattern) for p in patterns)


def test_rulefile_context_example_must_fail_without_its_rule(pipeline):
    """An example of a context rule that holds with the rule taken out shows nothing."""
    from kg.rulecheck import run_example, without_rule

    rule = pipeline.ruleset.by_id("context.division-prefix")
    shows = {"text": "湖南省委理论学习中心组认真学习。湖南发展迈出坚实步伐。省第十二次党代会胜利召开。", "entities": ["湖南省第十二次党代会/Event"]}
    assert run_example(pipeline, rule, shows) == []
    assert without_rule(pipeline, rule).resolver.knowledge.rules("division_prefix") == []
    idle = {"text": "湖南发展迈出坚实步伐。湖南省委召开会议。", "entities": ["湖南省委/Organization"]}
    assert run_example(pipeline, rule, idle) == [
        "the example holds without this rule too, so it does not show the rule's effect"]


def test_rulefile_list_as_character_class():
    """{@name} is an alternation of a list's words; {@name:chars} a class of their characters."""
    from kg.extract.base import ListRegistry, Where

    lists, where = ListRegistry(), Where(path=None, line=1, rule="t")
    lists.add("initials", ["中美", "俄"], where)
    lists.add("heads", ["省", "大区"], where)
    assert lists.expand("{@initials:chars}{2}(?:{@heads})", where) == "[中俄美]{2}(?:(?:大区|省))"
    import re
    pattern = re.compile(lists.expand("{@initials:chars}+", where))
    assert pattern.fullmatch("中美俄") and not pattern.fullmatch("中日")


def test_rulefile_gazetteer_entries_are_reused_only_for_the_same_inputs(tmp_path):
    """An engine loaded again in the same process reuses the gazetteer's entries; another
    file, spec or list content builds them afresh."""
    import time

    from kg.extract import gazetteer
    from kg.extract.base import ListRegistry, Where

    csv = tmp_path / "divisions.csv"
    csv.write_text("id,name,level,parent\n43,湖南省,province,\n4301,长沙市,prefecture,43\n", encoding="utf-8")
    spec = {"id": "g", "source": str(csv), "short_forms": {"province": ["^(.{2,}?)省$"]}}
    where, lists = Where(path=tmp_path / "r.yaml", line=1, rule="g"), ListRegistry()
    first = gazetteer.GazetteerRule.from_spec(spec, where, lists)
    again = gazetteer.GazetteerRule.from_spec(dict(spec), where, lists)
    assert again.entries == first.entries and again.entries is not first.entries
    assert again.gazetteer is first.gazetteer                      # reused, not rebuilt
    assert {e.name for e in first.entries} == {"湖南省", "长沙市"}
    lists.add("extra", ["x"], where)                                 # the lists changed: rebuilt
    assert gazetteer.GazetteerRule.from_spec(spec, where, lists).gazetteer is not first.gazetteer
    time.sleep(0.01)
    csv.write_text("id,name,level,parent\n44,广东省,province,\n", encoding="utf-8")
    changed = gazetteer.GazetteerRule.from_spec(spec, where, lists)
    assert {e.name for e in changed.entries} == {"广东省"}           # the file changed: rebuilt


@USER_RULES_GROUP
def test_rulefile_user_rules_are_laid_over_the_builtin_engine(user_rules, pipeline, tmp_path):
    """A user's file reuses the compiled built-in rules and segmenter words: same rules, in
    the same order, as a full load; the built-in words keep their frequencies; the user's
    names are cut whole."""
    from kg.extract import Extractor, extend_rules
    from kg.pipeline import Pipeline

    layered = Pipeline.load([user_rules["good"]])
    full = load_rules([user_rules["good"]])
    assert [r.id for r in layered.ruleset.rules] == [r.id for r in full.rules]
    assert layered.ruleset.rules[0] is pipeline.ruleset.rules[0]          # not compiled again
    base = {w: f for w, _, f in pipeline.segmenter.words}
    words = {w: f for w, _, f in layered.segmenter.words}
    assert set(words) - set(base) == {"星火创新研究会", "星火会"}
    assert all(words[w] == f for w, f in base.items())
    cut = [w for w, _ in layered.segmenter.cut("星火创新研究会和星火会在湖南省委开会")]
    assert cut[:3] == ["星火创新研究会", "和", "星火会"]
    before = len(pipeline.extractor.index.by_surface["湖南省委"])
    over = tmp_path / "over.yaml"                          # new entries for built-in surfaces too
    over.write_text("rules:\n  - id: my.places\n    kind: lexicon\n    type: Place\n"
                    "    entries: [湘江, 湖南省委, 星火镇]\n    examples: [{text: 湘江}]\n", encoding="utf-8")
    ruleset = extend_rules(pipeline.ruleset, [over])
    extended, full = Extractor(ruleset, base=pipeline.extractor).index, Extractor(ruleset).index
    assert list(extended.by_surface) == list(full.by_surface) and extended.by_surface == full.by_surface
    assert extended._groups == full._groups and extended.by_name == full.by_name
    text = "星火镇在湘江边,湖南省委来人"
    assert list(extended.iter_matches(text)) == list(full.iter_matches(text))
    assert len(pipeline.extractor.index.by_surface["湖南省委"]) == before     # the base is untouched
    with pytest.raises(RuleError) as info:                 # a duplicate of a built-in id
        extend_rules(pipeline.ruleset, [_write_dup(user_rules["good"].parent, pipeline.ruleset.rules[0].id)])
    assert info.value.code == "E204"


def _write_dup(folder, rule_id):
    path = folder / "dup.yaml"
    path.write_text(f"rules:\n  - id: {rule_id}\n    kind: lexicon\n    type: Place\n    entries: [湘江]\n"
                    "    examples: [{text: 湘江}]\n", encoding="utf-8")
    return path


def test_rulefile_user_lists_load_everything_anew(tmp_path, pipeline):
    """A file with lists may feed built-in rules: no layering, a full load."""
    from kg.extract import extend_rules

    path = tmp_path / "lists.yaml"
    path.write_text("lists:\n  mine: [甲乙]\nrules: []\n", encoding="utf-8")
    assert extend_rules(pipeline.ruleset, [path]) is None


def test_rulefile_foreign_name_is_rule_data(pipeline, tmp_path):
    """Which rules find foreign-shaped names is said in the rule files, and checked."""
    assert pipeline.resolver.knowledge.foreign_name_rules == {
        "person.transliterated", "person.transliterated-tokens", "person.japanese-name",
        "person.japanese-name-after-title", "person.dot-joined"}
    path = tmp_path / "foreign.yaml"
    path.write_text("rules:\n  - id: my.names\n    kind: regex\n    type: Person\n    pattern: '甲乙丙'\n"
                    "    foreign_name: sometimes\n    examples: [{text: 甲乙丙}]\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([path], builtin=False)
    assert info.value.code == "E210" and "foreign_name" in str(info.value) and "foreign.yaml:2" in str(info.value)
