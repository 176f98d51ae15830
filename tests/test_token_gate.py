"""The token gate's index of specs gives exactly what trying every token rule's first and last
spec on every token gives (kg.extract.engine._SpecGate)."""
from __future__ import annotations

from pathlib import Path

from kg.extract.engine import TokenGate

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_gate_matches_brute_force(pipeline):
    from kg.corpus import read_document

    finders = pipeline.extractor.finders
    gate = TokenGate(finders)
    text = next(SEEDS.glob("*.txt"))
    document = pipeline.segment(read_document(text))
    tokens = [t for sentence in document.sentences for t in sentence.tokens]
    assert len(tokens) > 1000
    checked = 0
    for token in tokens:
        last, first = gate._of(token)
        assert last == sum(1 << i for i, r in gate.token_rules
                           if r.specs[-1].low and r.specs[-1].accepts(token)), token.text
        assert first == tuple(i for i, r in gate.token_rules
                              if r.specs[0].low and r.specs[0].accepts(token)), token.text
        checked += bool(last or first)
    assert checked > 100          # the gate does select rules, it is not empty throughout


def test_char_gate_lets_in_exactly_the_rules_a_sentence_has_a_character_for():
    from kg.extract.engine import CharGate, _bits

    gate = CharGate([frozenset("省市"), None, frozenset(), frozenset("会"), frozenset("市")])
    assert list(_bits(gate.mask(frozenset("湖南省")))) == [0, 1]
    assert list(_bits(gate.mask(frozenset("召开常委会会议在长沙市")))) == [0, 1, 3, 4]
    assert list(_bits(gate.mask(frozenset("无")))) == [1]          # an empty set never lets in
    assert list(_bits(gate.mask(None))) == [0, 1, 2, 3, 4]        # no prefilter: every rule
