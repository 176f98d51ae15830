"""Find entities by name, in the order the page's search box uses.

Tiers: exact label, then exact alias, then a label or alias starting with the query,
then one containing it; within a tier the more important entity comes first, then the
shorter label.  The
page implements the same order in JavaScript (kg/data/view/view.js, ``searchTier``);
``kg view --focus`` uses this one.
"""
from __future__ import annotations

EXACT_LABEL, EXACT_ALIAS, PREFIX, SUBSTRING = range(4)


def tier(query: str, label: str, aliases: list[str]) -> int | None:
    """The match tier of one entity for a (stripped, case-folded) query, or None."""
    names = [label.casefold()] + [a.casefold() for a in aliases]
    if names[0] == query:
        return EXACT_LABEL
    if query in names[1:]:
        return EXACT_ALIAS
    if any(name.startswith(query) for name in names):
        return PREFIX
    if any(query in name for name in names):
        return SUBSTRING
    return None


def search(entities: dict[str, dict], query: str, scores: dict[str, float] | None = None) -> list[str]:
    """Entity IRIs matching ``query``, best first (tier, importance, shorter label, label, IRI)."""
    query = query.strip().casefold()
    if not query:
        return []
    scores = scores or {}
    hits = []
    for iri, entity in entities.items():
        found = tier(query, entity["label"], entity["aliases"])
        if found is not None:
            hits.append((found, -scores.get(iri, 0.0), len(entity["label"]), entity["label"], iri))
    return [iri for *_, iri in sorted(hits)]
