"""Precision, recall and F1 counts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


#: Top-N missed / false-alarm strings per type kept in JSON reports by default.
DEFAULT_ERRORS = 20

# -- scores -------------------------------------------------------------------

@dataclass
class Score:
    """Counts for one type; matched items are counted on each side separately."""

    gold: int = 0
    predicted: int = 0
    found: int = 0        # gold items matched by a prediction (recall side)
    correct: int = 0      # predictions matching a gold item (precision side)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.gold + other.gold, self.predicted + other.predicted,
                     self.found + other.found, self.correct + other.correct)

    def to_dict(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "found": self.found,
                "correct": self.correct, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def micro(scores: Iterable[Score]) -> Score:
    """Micro-average: the sum of the counts."""
    return sum(scores, Score())
