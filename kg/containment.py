"""Which place can contain which: the kinds of kg/data/place_kinds.yaml and their order.

Resolution keeps a text ``locatedIn`` only when the object can contain the subject, so
that side-by-side names (青铜峡市黄河, 中国马德里) do not become containment: rivers and
rail lines span divisions, countries are not inside countries, and a Chinese division
lies only in the gazetteer's divisions, in China or in a region.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import yaml

from .resources import data_path

#: Ranked kinds, largest first; the others are feature, spanning, site and generic.
RANKS = {"region": 0, "country": 1, "province": 2, "prefecture": 3, "county": 4,
         "township": 5, "village": 6}
KINDS = (*RANKS, "feature", "spanning", "site", "generic")
#: A known place of no listed kind (莫斯科, from a lexicon of cities) ranks as a city.
_KNOWN_RANK = RANKS["prefecture"]


@dataclass(frozen=True)
class Place:
    """What containment needs to know of a resolved place."""

    label: str                 # match key of the canonical label
    kind: Optional[str]        # gazetteer level, or None: kind_of decides
    coded: bool = False        # a gazetteer division
    lexicon: str = ""          # rule id of its lexicon entry, if any


@dataclass(frozen=True)
class PlaceKinds:
    kinds: tuple[tuple[str, Optional[re.Pattern], frozenset[str], frozenset[str]], ...]
    home: frozenset[str]
    abroad: frozenset[str]
    issuer_bodies: tuple[str, ...] = ()
    default_issuer: str = "人民政府"

    def kind_of(self, place: Place) -> Optional[str]:
        if place.kind:
            return place.kind
        for kind, pattern, names, lexicons in self.kinds:
            if place.label in names or place.lexicon in lexicons or \
                    (pattern is not None and pattern.fullmatch(place.label)):
                return kind
        return None

    def contains(self, big: Place, small: Place) -> bool:
        """Whether ``big`` can contain ``small`` (both not gazetteer divisions at once: the
        gazetteer decides those)."""
        b, s = self.kind_of(big), self.kind_of(small)
        if "generic" in (b, s):
            return False
        home = big.label in self.home
        if small.coded:
            return b == "region" or home
        if (home or big.coded) and (small.lexicon in self.abroad or small.label in self.abroad):
            return False
        rank_b = RANKS.get(b, _KNOWN_RANK if b is None and big.lexicon else None)
        rank_s = RANKS.get(s, _KNOWN_RANK if s is None and small.lexicon else None)
        if s == "spanning":
            return rank_b is not None and rank_b <= RANKS["country"]
        if b == "spanning":
            return s == "feature"
        if b in ("feature", "site") or rank_b is None:
            return s == "feature" or (s in (None, "site") and not small.lexicon) or \
                (rank_s is not None and rank_s >= RANKS["township"])
        return rank_s is None or rank_b < rank_s


@lru_cache(maxsize=1)
def place_kinds() -> PlaceKinds:
    """The shipped place kinds (kg/data/place_kinds.yaml)."""
    path = data_path("place_kinds.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds = []
    for item in data["kinds"]:
        if item["kind"] not in KINDS:
            raise ValueError(f"{path}: unknown place kind {item['kind']!r}; kinds: {', '.join(KINDS)}")
        pattern = re.compile(item["pattern"]) if "pattern" in item else None
        kinds.append((item["kind"], pattern, frozenset(item.get("names", ())), frozenset(item.get("lexicon", ()))))
    return PlaceKinds(tuple(kinds), frozenset(data.get("home", ())), frozenset(data.get("abroad", ())),
                      tuple(data.get("issuer_bodies", ())), data.get("default_issuer", "人民政府"))


def examples() -> list[dict]:
    """The sentences of place_kinds.yaml with the containments to keep and to drop."""
    return yaml.safe_load(data_path("place_kinds.yaml").read_text(encoding="utf-8")).get("examples", [])
