"""What the first screen shows and where: importance ranking, selection, positions.

Importance is PageRank over the entity–document graph: an entity gains weight from
the documents that mention it (1 + log of the mentions in each, so breadth counts more
than repetition) and from relations stated in text, while background facts (gazetteer
containment, lexicon hierarchies) count only a twentieth.  The first screen then keeps
no type above 30% while other types have candidates, so the campaigns, policies, people
and events the documents talk about are not crowded out by places.  Positions are computed here, before the page opens:
a seeded Fruchterman–Reingold layout of the most important drawn nodes, and every
other drawn node placed beside its already placed neighbours.  Same graph, same
positions.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import networkx as nx

from .data import Model

BACKGROUND_WEIGHT = 0.05
TYPE_SHARE = 0.3           # no type takes more of the first screen while others have candidates
CORE_LAYOUT = 400          # nodes laid out by force; networkx's dense solver is fast below 500
SPACING = 70.0             # layout radius per square root of the node count (vis-network units)
COMENTION_WEIGHT = 0.15    # pull of one shared sentence, against 1.0 for a relation
SPREAD = 2.5               # spring length, times networkx's default: hubs and their labels spread out


def importance_graph(model: Model) -> nx.Graph:
    """Undirected weighted graph of entities and documents (the PageRank input)."""
    graph = nx.Graph()
    graph.add_nodes_from(model.entities)
    for iri in model.entities:
        for doc, count in sorted(model.docs_of(iri).items()):
            graph.add_edge(iri, doc, weight=1.0 + math.log(count))    # breadth over repetition
    for (s, _, o), relation in model.relations.items():
        weight = BACKGROUND_WEIGHT if relation["bg"] else 1.0 + relation.get("count", len(relation["evidence"]))
        if graph.has_edge(s, o):
            weight += graph[s][o]["weight"]
        graph.add_edge(s, o, weight=weight)
    return graph


def rank(model: Model) -> dict[str, float]:
    """Entity IRI -> importance in [0, 1] (PageRank scaled so the top entity is 1)."""
    if not model.entities:
        return {}
    scores = nx.pagerank(importance_graph(model), weight="weight", tol=1e-10, max_iter=200)
    top = max(scores[iri] for iri in model.entities) or 1.0
    return {iri: round(scores[iri] / top, 6) for iri in model.entities}


def comentions(model: Model, limit: int = 20000) -> list[tuple[str, str, int]]:
    """(entity, entity, number of sentences naming both), strongest first, at most ``limit``."""
    counts = model.pair_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(a, b, n) for (a, b), n in ranked]


def neighbours(model: Model) -> dict[str, set[str]]:
    """Entity IRI -> entities it is related to, either direction."""
    out: dict[str, set[str]] = defaultdict(set)
    for s, _, o in model.relations:
        out[s].add(o)
        out[o].add(s)
    return out


def select(model: Model, scores: dict[str, float], *, focus: list[str] | None = None, hops: int = 1,
           max_nodes: int = 300, types: list[str] | None = None) -> list[str]:
    """The entities drawn first: the focus's neighbourhood or the most important ones, capped."""
    allowed = [iri for iri in model.entities if not types or model.entities[iri]["type"] in types]
    order = sorted(allowed, key=lambda iri: (-scores[iri], iri))
    if focus:
        near = neighbours(model)
        ring, seen = list(focus), dict.fromkeys(focus, 0)
        for depth in range(1, hops + 1):
            ring = sorted({n for node in ring for n in near[node]} - seen.keys())
            seen.update(dict.fromkeys(ring, depth))
        kept = set(allowed) | set(focus)
        order = sorted((iri for iri in seen if iri in kept), key=lambda iri: (seen[iri], -scores[iri], iri))
        return order[:max(1, max_nodes)]
    return _diverse(model, order, max(1, max_nodes))


def _diverse(model: Model, order: list[str], size: int) -> list[str]:
    """The first ``size`` of ``order``, no type above TYPE_SHARE unless others run out."""
    quota = max(1, math.ceil(size * TYPE_SHARE))
    taken: Counter = Counter()
    kept, spare = [], []
    for iri in order:
        kind = model.entities[iri]["type"]
        if taken[kind] < quota:
            taken[kind] += 1
            kept.append(iri)
        else:
            spare.append(iri)
        if len(kept) == size:
            break
    if len(kept) < size:
        kept += spare[:size - len(kept)]
    rank_of = {iri: i for i, iri in enumerate(order)}
    return sorted(kept, key=rank_of.__getitem__)


def positions(model: Model, drawn: list[str], co: list[tuple[str, str, int]] = ()) -> dict[str, tuple[int, int]]:
    """Drawn IRI -> integer (x, y): force layout of the core, the rest beside their neighbours.

    The force layout pulls along relations and, more weakly, co-mentions (``co``: entity pairs
    named in the same sentence), so entities a text names together sit together even when no
    rule related them.  The spread grows with the square root of the node count, so node
    spacing, and label size at the fitted zoom, stays about the same whatever the cap.
    """
    if not drawn:
        return {}
    near = neighbours(model)
    core = drawn[:CORE_LAYOUT]
    core_set = set(core)
    graph = nx.Graph()
    graph.add_nodes_from(core)
    for a, b, count in co:
        if a in core_set and b in core_set:
            graph.add_edge(a, b, weight=COMENTION_WEIGHT * min(count, 5))
    for s, _, o in model.relations:
        if s in core_set and o in core_set and s != o:
            graph.add_edge(s, o, weight=1.0)
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    placed = _pack([_component(graph, members) for members in components])
    size = max((abs(v) for xy in placed.values() for v in xy), default=0.0)
    rest = [iri for iri in drawn if iri not in placed]
    for round_ in range(3):            # a node beside its placed neighbours; three passes reach most
        for index, iri in enumerate(rest):
            if iri in placed:
                continue
            anchors = sorted(n for n in near[iri] if n in placed)
            if anchors or round_ == 2:
                placed[iri] = _beside([placed[a] for a in anchors], index, size if placed else 0.0)
    return {iri: (round(placed[iri][0]), round(placed[iri][1])) for iri in drawn}


def _component(graph: nx.Graph, members: list[str]) -> dict[str, tuple[float, float]]:
    """A seeded spring layout of one connected component (sorted ``members``), centred on (0, 0).

    The component is copied into a graph built in sorted order: spring_layout's random start
    follows node order, and networkx's subgraph views iterate sets (hash-seed dependent).
    """
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    sub = nx.Graph()
    sub.add_nodes_from(members)
    sub.add_weighted_edges_from(sorted((a, b, graph[a][b]["weight"]) for a, b in
                                       ((min(u, v), max(u, v)) for u, v in graph.edges(members))))
    radius = SPACING * math.sqrt(len(members))
    layout = nx.spring_layout(sub, k=SPREAD / math.sqrt(len(members)), seed=7, iterations=80, scale=radius,
                              weight="weight")
    return {iri: (float(layout[iri][0]), float(layout[iri][1])) for iri in members}


def _pack(parts: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Shelf-pack component layouts (largest first) into rows about as wide as the whole is tall."""
    boxes = []
    for part in parts:
        xs, ys = [x for x, _ in part.values()], [y for _, y in part.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + SPACING * 1.6, max(ys) - min(ys) + SPACING))
    width = max(math.sqrt(sum(w * h for *_, w, h in boxes)) * 1.2, max((w for *_, w, _ in boxes), default=0))
    out: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for part, (left, top, w, h) in zip(parts, boxes):
        if x and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        out.update({iri: (px - left + x, py - top + y) for iri, (px, py) in part.items()})
        x, row = x + w, max(row, h)
    if out:                                         # centre the whole on (0, 0)
        cx = (min(p[0] for p in out.values()) + max(p[0] for p in out.values())) / 2
        cy = (min(p[1] for p in out.values()) + max(p[1] for p in out.values())) / 2
        out = {iri: (px - cx, py - cy) for iri, (px, py) in out.items()}
    return out


def _beside(anchors: list[tuple[float, float]], index: int, size: float) -> tuple[float, float]:
    """A deterministic spot near the anchors' centre, or on an outer spiral when there are none."""
    angle = index * 2.399963                       # the golden angle spreads successive nodes
    if anchors:
        cx = sum(x for x, _ in anchors) / len(anchors)
        cy = sum(y for _, y in anchors) / len(anchors)
        radius = 60.0 + 25.0 * (index % 5)
    else:
        cx = cy = 0.0
        radius = size * 1.1 + 30.0 + 9.0 * math.sqrt(index)
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)
