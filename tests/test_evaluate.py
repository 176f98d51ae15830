"""kg eval: gold-file scoring, public NER benchmarks and the command line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import ValidationFailed
from kg.evaluate import (CLUENER, PEOPLES_DAILY, EvalReport, Example, Gold, GoldEntity, GoldRelation, Score, Span, SpanScores, evaluate_cluener, evaluate_gold, evaluate_peoples_daily, flat_mentions, jieba_spans, load_gold, read_cluener, read_msra, read_peoples_daily, render_report, run, score_document)
from kg.evaluate.benchmarks import _bio_spans
from kg.model import Entity, KnowledgeBase, Mention, Relation, ResolvedMention, ResolvedRelation

from .conftest import run_kg, shared_path

# -- hand-made knowledge bases --------------------------------------------------


def _mention(text: str, type_: str, start: int = 0) -> Mention:
    return Mention(start, start + len(text), text, type_, "test.rule", 0)


def _kb(*items: tuple[str, str, str, tuple[str, ...]], background: tuple[tuple[str, str], ...] = ()) -> KnowledgeBase:
    """Entities (type, label, surface, alt labels) mentioned once in doc 'd', plus background ones."""
    kb = KnowledgeBase()
    for type_, label, surface, alts in items:
        key = f"{type_}:{label}"
        kb.entities[key] = Entity(key, type_, label, set(alts))
        kb.mentions.append(ResolvedMention(_mention(surface, type_), "d", key))
    for type_, label in background:
        kb.entities[f"{type_}:{label}"] = Entity(f"{type_}:{label}", type_, label)
    return kb


def _gold(*entities: tuple[object, str], relations: tuple[GoldRelation, ...] = ()) -> Gold:
    return Gold(Path("g.json"), Path("d.txt"),
                tuple(GoldEntity(tuple([n] if isinstance(n, str) else n), t) for n, t in entities), relations)


def test_score_arithmetic():
    score = Score(gold=4, predicted=5, found=3, correct=2)
    assert score.precision == pytest.approx(0.4)
    assert score.recall == pytest.approx(0.75)
    assert score.f1 == pytest.approx(2 * 0.4 * 0.75 / 1.15)
    assert Score().precision == Score().recall == Score().f1 == 0.0
    total = score + Score(1, 1, 1, 1)
    assert (total.gold, total.predicted, total.found, total.correct) == (5, 6, 4, 3)


def test_score_document_matches_by_alias_and_surface():
    kb = _kb(("Event", "中国共产党第十九次全国代表大会", "党的十九大", ("党的十九大",)),
             ("Place", "湖南省", "湖南", ()),
             ("Organization", "湖南省委", "省委", ()))
    gold = _gold((["十九大", "党的十九大"], "Event"), ("湖南", "Place"), ("汝城县", "Place"))
    result = score_document(gold, kb, "d")
    place, event, org = result.entities["Place"], result.entities["Event"], result.entities["Organization"]
    assert (event.gold, event.found, event.predicted, event.correct) == (1, 1, 1, 1)
    assert (place.gold, place.found, place.predicted, place.correct) == (2, 1, 1, 1)
    assert (org.gold, org.found, org.predicted, org.correct) == (0, 0, 1, 0)
    m = result.micro
    assert (m.gold, m.found, m.predicted, m.correct) == (3, 2, 3, 2)
    assert m.precision == pytest.approx(2 / 3) and m.recall == pytest.approx(2 / 3)
    assert [x.entity.names for x in result.missed_entities] == [("汝城县",)]
    assert [e.label for e in result.false_entities] == ["湖南省委"]


def test_score_document_wrong_type_is_not_counted():
    kb = _kb(("Organization", "湖南", "湖南", ()))
    result = score_document(_gold(("湖南", "Place")), kb, "d")
    assert result.entities["Place"].found == 0
    assert result.entities["Organization"].correct == 0
    assert result.micro.f1 == 0.0
    assert result.missed_entities[0].hint == "predicted as Organization 湖南"


def test_score_document_ignores_background_entities():
    kb = _kb(("Place", "汝城县", "汝城县", ()), background=(("Place", "郴州市"), ("Place", "湖南省")))
    result = score_document(_gold(("汝城县", "Place"), ("郴州市", "Place")), kb, "d")
    place = result.entities["Place"]
    assert (place.gold, place.found, place.predicted, place.correct) == (2, 1, 1, 1)


def test_score_document_relations():
    kb = _kb(("Place", "汝城县", "汝城县", ()), ("Organization", "湖南省委", "省委", ()),
             ("Position", "湖南省委书记", "省委书记", ()), background=(("Place", "郴州市"),))
    rel = Relation(_mention("省委书记", "Position"), "postIn", _mention("省委", "Organization"), "r", 0, 0, 4)
    kb.relations += [
        ResolvedRelation(None, "", "Place:汝城县", "locatedIn", "Place:郴州市", "gazetteer"),
        ResolvedRelation(rel, "d", "Position:湖南省委书记", "postIn", "Organization:湖南省委"),
        ResolvedRelation(rel, "d", "Position:湖南省委书记", "postIn", "Organization:湖南省委"),   # same triple
        ResolvedRelation(rel, "d", "Organization:湖南省委", "jurisdiction", "Place:汝城县"),
    ]
    gold = _gold(relations=(GoldRelation(("汝城县",), "locatedIn", ("郴州市",)),
                            GoldRelation(("省委书记",), "postIn", ("湖南省委",)),
                            GoldRelation(("汝城县",), "locatedIn", ("湖南省",))))
    result = score_document(gold, kb, "d")
    rel_score = result.relations
    assert (rel_score.gold, rel_score.found, rel_score.predicted, rel_score.correct) == (3, 2, 2, 1)
    assert [str(r) for r in result.missed_relations] == ["汝城县 locatedIn 湖南省"]
    assert result.false_relations == [("湖南省委", "jurisdiction", "汝城县")]


# -- gold files -----------------------------------------------------------------

DOC = "湖南省汝城县沙洲村位于罗霄山脉。党的十九大以来，湖南省委理论学习中心组认真学习习近平新时代中国特色社会主义思想。省委书记主持会议。\n"
GOLD = {
    "document": "docs/shazhou.txt",
    "entities": [
        {"text": ["沙洲村", "汝城县沙洲村"], "type": "Place"},
        {"text": "汝城县", "type": "Place"},
        {"text": ["湖南", "湖南省"], "type": "Place"},
        {"text": "罗霄山脉", "type": "Place"},
        {"text": ["党的十九大", "十九大"], "type": "Event"},
        {"text": "湖南省委理论学习中心组", "type": "Organization"},
        {"text": "省委书记", "type": "Position"},
        {"text": "习近平", "type": "Person"},
    ],
    "relations": [
        {"subject": "沙洲村", "predicate": "locatedIn", "object": "汝城县"},
        {"subject": "汝城县", "predicate": "locatedIn", "object": "郴州市"},
        {"subject": "汝城县", "predicate": "locatedIn", "object": "湖南省"},
        {"subject": "湖南省委理论学习中心组", "predicate": "subOrganizationOf", "object": "湖南省委"},
        {"subject": "省委书记", "predicate": "postIn", "object": "湖南省委"},
        {"subject": "习近平新时代中国特色社会主义思想", "predicate": "proposedBy", "object": "习近平"},
    ],
}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A folder with docs/shazhou.txt and gold/shazhou.json naming it relative to the folder."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "shazhou.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "gold" / "shazhou.json").write_text(json.dumps(GOLD, ensure_ascii=False, indent=1), encoding="utf-8")
    return tmp_path


def test_evaluate_gold_file(pipeline, project: Path):
    result = evaluate_gold(project / "gold" / "shazhou.json", pipeline)
    assert result.gold.document.resolve() == (project / "docs" / "shazhou.txt").resolve()
    place, m = result.entities["Place"], result.micro
    assert (place.gold, place.found, place.predicted, place.correct) == (4, 3, 3, 3)
    # predicted: 沙洲村 汝城县 湖南省 十九大 中心组 湖南省委 习近平 思想 湖南省委书记; 郴州市 is background
    assert (m.gold, m.found, m.predicted, m.correct) == (8, 7, 9, 7)
    assert m.precision == pytest.approx(7 / 9) and m.recall == pytest.approx(7 / 8)
    assert [x.entity.names for x in result.missed_entities] == [("罗霄山脉",)]
    assert {(e.type, e.label) for e in result.false_entities} == {
        ("Organization", "湖南省委"), ("Concept", "习近平新时代中国特色社会主义思想")}
    r = result.relations
    assert (r.gold, r.found, r.predicted, r.correct) == (6, 6, 6, 5)
    assert result.missed_relations == []
    assert [tuple(x) for x in result.false_relations] == [("湖南省委", "jurisdiction", "湖南省")]
    text = render_report(EvalReport(documents=[result]))
    assert "missed entities (1):" in text and "罗霄山脉" in text
    assert json.loads(render_report(EvalReport(documents=[result]), "json"))["documents"][0]["micro"]["gold"] == 8


def test_gold_document_resolves_from_the_working_directory(project: Path, monkeypatch):
    monkeypatch.chdir(project)
    assert load_gold("gold/shazhou.json").document == Path("docs/shazhou.txt")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_gold_reports_the_line(tmp_path: Path):
    bad = _write(tmp_path / "bad.json", '{"document": "x.txt",\n "entities": [\n  {"text": "沙洲村" "type": "Place"}\n]}\n')
    with pytest.raises(ValidationFailed) as caught:
        load_gold(bad)
    assert caught.value.code == "E503" and caught.value.fields["line"] == 3
    assert f"{bad}:3:" in str(caught.value)


def test_gold_with_unknown_type_points_at_the_entity(project: Path):
    gold = dict(GOLD, entities=GOLD["entities"] + [{"text": "罗霄山", "type": "Mountain"}])
    path = _write(project / "gold" / "typo.json", json.dumps(gold, ensure_ascii=False, indent=1))
    with pytest.raises(ValidationFailed) as caught:
        load_gold(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert caught.value.code == "E503" and "Mountain" in str(caught.value)
    assert "罗霄山\"" in lines[caught.value.fields["line"] - 1]


@pytest.mark.parametrize("gold", [[], {"entities": []}, {"document": "d.txt", "entities": {}},
                                  {"document": "d.txt", "relations": [{"subject": "a", "predicate": "nope",
                                                                       "object": "b"}]}])
def test_structurally_bad_gold_is_e503(tmp_path: Path, gold):
    _write(tmp_path / "d.txt", "正文。")
    with pytest.raises(ValidationFailed) as caught:
        load_gold(_write(tmp_path / "g.json", json.dumps(gold)))
    assert caught.value.code == "E503"


def test_missing_paths_are_e504(tmp_path: Path):
    with pytest.raises(ValidationFailed) as caught:
        load_gold(tmp_path / "absent.json")
    assert caught.value.code == "E504"
    gold = _write(tmp_path / "g.json", json.dumps({"document": "no/such/doc.txt", "entities": []}))
    with pytest.raises(ValidationFailed) as caught:
        load_gold(gold)
    assert caught.value.code == "E504" and "no/such/doc.txt" in str(caught.value)
    for option in ("peoples_daily", "msra", "cluener"):
        with pytest.raises(ValidationFailed) as caught:
            run(**{option: tmp_path / "absent.bio"})
        assert caught.value.code == "E504"


def test_cli_missing_path_exits_1_with_one_line(tmp_path: Path):
    result = run_kg("eval", "--peoples-daily", str(tmp_path / "absent.bio"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "[E504]" in result.stderr
    bad = _write(tmp_path / "bad.json", '{"document": ]')
    result = run_kg("eval", str(bad))
    assert result.returncode == 1 and result.stderr.startswith("kg: error: [E503]")
    assert result.stderr.strip().count("\n") == 0


def test_cli_scores_a_gold_file(project: Path, capsys):
    from kg.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["eval", str(project / "gold" / "shazhou.json"), "--format", "json"])
    assert exited.value.code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"][0]["micro"]["found"] == 7


# -- span benchmarks --------------------------------------------------------------


def test_bio_spans():
    tags = ["B-LOC", "I-LOC", "O", "B-PER", "B-PER", "I-ORG", "I-ORG", "O", "B-ORG"]
    assert _bio_spans(tags) == {Span(0, 2, "LOC"), Span(3, 4, "PER"), Span(4, 5, "PER"),
                                Span(5, 7, "ORG"), Span(8, 9, "ORG")}


def test_readers(tmp_path: Path):
    bio = _write(tmp_path / "d.bio", "湖 B-LOC\n南 I-LOC\n好 O\n\n张 B-PER\n三 I-PER\n\n\n王 B-PER\n")
    examples = read_peoples_daily(bio)
    assert [e.text for e in examples] == ["湖南好", "张三", "王"]
    assert examples[0].spans == {Span(0, 2, "LOC")}
    assert len(read_peoples_daily(bio, limit=2)) == 2
    lines = [{"text": "北京市政府发布《通知》", "label": {"government": {"北京市政府": [[0, 4]]},
                                                       "book": {"《通知》": [[7, 10]]}}},
             {"text": "玩游戏", "label": {"game": {"游戏": [[1, 2]]}}}]
    path = _write(tmp_path / "c.json", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    examples = read_cluener(path)
    # book spans lose their 《》 (kg's title mentions do not include them)
    assert examples[0].spans == {Span(0, 5, "Organization"), Span(8, 10, "Work/Policy")}
    assert examples[1].spans == frozenset()
    assert examples[1].ignored == {(1, 3)}              # game: outside the mapping
    with pytest.raises(ValidationFailed) as caught:
        read_cluener(_write(tmp_path / "bad.json", json.dumps(lines[0]) + "\n{oops\n"))
    assert caught.value.fields["line"] == 2


@pytest.mark.parametrize("sep", [" ", "\t"])
@pytest.mark.parametrize("reader", [read_peoples_daily, read_msra])
def test_bio_readers_take_a_space_or_a_tab(tmp_path: Path, reader, sep):
    bio = _write(tmp_path / "d.bio", sep.join(["湖", "B-LOC\n"]) + sep.join(["南", "I-LOC\n"]) + "\n"
                 + sep.join(["张", "B-PER\n"]))
    examples = reader(bio)
    assert [e.text for e in examples] == ["湖南", "张"]
    assert examples[0].spans == {Span(0, 2, "LOC")} and examples[1].spans == {Span(0, 1, "PER")}


@pytest.mark.parametrize("line", ["湖南 B-LOC", "湖", "湖\t"])
def test_bio_reader_rejects_a_bad_line_with_e503(tmp_path: Path, line):
    with pytest.raises(ValidationFailed) as caught:
        read_msra(_write(tmp_path / "d.bio", f"好 O\n{line}\n"))
    assert caught.value.code == "E503" and caught.value.fields["line"] == 2


def test_flat_mentions_drop_nested_and_values():
    outer, inner = _mention("湖南省委", "Organization"), _mention("湖南", "Place")
    time, same = _mention("2019年", "Time", 10), _mention("湖南省委", "Place")
    assert flat_mentions([outer, inner, time, same]) == [outer, same]


def test_span_scores_and_jieba_offsets():
    scores = SpanScores("x", ("LOC", "PER"))
    example = Example("张三在北京", frozenset({Span(0, 2, "PER"), Span(3, 5, "LOC")}))
    scores.add(example, {Span(3, 5, "LOC"), Span(2, 5, "LOC")})
    loc, per = scores.scores["LOC"], scores.scores["PER"]
    assert (loc.gold, loc.predicted, loc.correct, per.found) == (1, 2, 1, 0)
    assert scores.missed["PER"] == {"张三": 1} and scores.false_alarms["LOC"] == {"在北京": 1}
    spans = jieba_spans("新华社记者王小明在上海工作", PEOPLES_DAILY.jieba_tags)
    assert spans == {Span(0, 3, "ORG"), Span(5, 8, "PER"), Span(9, 11, "LOC")}


def test_peoples_daily_kg_beats_jieba_on_loc_and_org(pipeline):
    path = shared_path("data", "peoples_daily_ner", "dev.bio")
    result = evaluate_peoples_daily(path, limit=300, pipeline=pipeline)
    assert result.sentences == 300
    assert set(result.kg.scores) == {"LOC", "ORG", "PER"}
    for cls in ("LOC", "ORG"):
        ours, base = result.kg.scores[cls], result.baseline.scores[cls]
        assert ours.gold == base.gold > 0
        assert ours.f1 > base.f1, (cls, ours, base)
    assert result.kg.micro.precision > result.baseline.micro.precision
    errors = result.kg.top_errors(20)
    assert all(len(kinds["missed"]) <= 20 for kinds in errors.values())
    assert "most frequent errors of kg (top 5)" in render_report(EvalReport(benchmarks=[result]), errors=5)


def test_cluener_runs_and_scores_mapped_types(pipeline):
    path = shared_path("data", "cluener2020", "train.json")
    result = evaluate_cluener(path, limit=200, pipeline=pipeline)
    assert result.sentences == 200
    classes = {"Organization", "Place", "Person", "Position", "Work/Policy"}
    assert set(result.kg.scores) == set(result.baseline.scores) == classes == set(CLUENER.classes)
    assert all(result.kg.scores[c].gold > 0 for c in classes)
    assert result.kg.scores["Place"].correct > 0 and result.kg.scores["Organization"].correct > 0
    data = result.to_dict(errors=3)
    assert set(data["systems"]) == {"kg", "jieba"}
    assert set(data["systems"]["kg"]["scores"]) == classes


def test_predictions_on_unmapped_gold_labels_are_ignored():
    example = Example("招商银行发布公告", frozenset(), frozenset({(0, 4)}))
    scores = SpanScores("kg", ("Organization",))
    scores.add(example, {Span(0, 4, "Organization")})
    assert scores.scores["Organization"].predicted == 0
    scores.add(example, {Span(4, 6, "Organization")})
    assert scores.scores["Organization"].predicted == 1 and scores.scores["Organization"].correct == 0
