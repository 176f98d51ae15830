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
        assert last == frozenset(i for i, r in gate.token_rules
                                 if r.specs[-1].low and r.specs[-1].accepts(token)), token.text
        assert first == tuple(i for i, r in gate.token_rules
                              if r.specs[0].low and r.specs[0].accepts(token)), token.text
        checked += bool(last or first)
    assert checked > 100          # the gate does select rules, it is not empty throughout
