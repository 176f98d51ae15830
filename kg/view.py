"""View stage: an interactive, self-contained graph.html drawn with pyvis / vis-network.

pyvis assembles nodes and edges; the page comes from our own Jinja template,
which inlines the vis-network library shipped inside the pyvis package, so the
page needs no network.  Document text reaches the page only as JSON data
(with <, >, & escaped) and is shown with innerText and text nodes, never as HTML.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import jinja2
import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network

from .graph import entity_iri
from .model import KnowledgeBase
from .resources import data_path

TYPE_COLORS = {
    "Organization": "#4e79a7", "Place": "#59a14f", "Person": "#e15759", "Position": "#f28e2b",
    "Policy": "#76b7b2", "Campaign": "#edc948", "Concept": "#b07aa1", "Event": "#ff9da7",
    "Work": "#9c755f", "Statistic": "#bab0ac",
}
TYPE_NAMES_ZH = {
    "Organization": "组织机构", "Place": "地点", "Person": "人物", "Position": "职务", "Policy": "政策文件",
    "Campaign": "专项工作", "Concept": "理念", "Event": "事件", "Work": "作品", "Statistic": "统计数据",
}
MAX_SOURCES = 3
MAX_SNIPPET = 140


def _vis_library() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), \
        (lib / "vis-network.css").read_text(encoding="utf-8")


def script_json(value) -> str:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def entity_network(kb: KnowledgeBase) -> nx.DiGraph:
    """networkx graph of entities and the relations between them."""
    graph = nx.DiGraph()
    for key in sorted(kb.entities):
        entity = kb.entities[key]
        graph.add_node(key, label=entity.label, type=entity.type, aliases=sorted(entity.alt_labels))
    for rel in kb.relations:
        if rel.object in kb.entities and rel.subject in kb.entities:
            graph.add_edge(rel.subject, rel.object, predicate=rel.predicate)
    return graph


def _sources(kb: KnowledgeBase) -> dict[str, list[str]]:
    sentences = {(d.doc_id, s.index): s.text for d in kb.documents for s in d.sentences}
    out: dict[str, list[str]] = defaultdict(list)
    for item in kb.mentions:
        if not item.entity:
            continue
        text = sentences.get((item.doc_id, item.mention.sentence), "")
        snippet = text if len(text) <= MAX_SNIPPET else text[:MAX_SNIPPET] + "…"
        if snippet and snippet not in out[item.entity] and len(out[item.entity]) < MAX_SOURCES:
            out[item.entity].append(snippet)
    return out


def _title(entity_type: str, label: str, aliases: list[str], sources: list[str]) -> str:
    """Plain-text hover card (vis-network shows string titles with innerText)."""
    lines = [label, f"类型 Type: {TYPE_NAMES_ZH.get(entity_type, entity_type)} ({entity_type})"]
    if aliases:
        lines.append("别名 Aliases: " + "、".join(aliases))
    if sources:
        lines.append("出处 Sources:")
        lines.extend(f"• {s}" for s in sources)
    return "\n".join(lines)


def build_network(kb: KnowledgeBase, max_nodes: int = 1500) -> tuple[Network, int]:
    """A pyvis Network of the most central entities; returns it and the total entity count."""
    graph = entity_network(kb)
    centrality = nx.degree_centrality(graph) if len(graph) > 1 else {n: 0.0 for n in graph}
    keep = sorted(graph.nodes, key=lambda n: (-centrality[n], n))[:max_nodes]
    kept = set(keep)
    sources = _sources(kb)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    top = max(centrality.values(), default=0.0) or 1.0
    for key in sorted(kept):
        data = graph.nodes[key]
        node_id = str(entity_iri(kb.entities[key]))
        net.add_node(node_id, label=data["label"][:24],
                     title=_title(data["type"], data["label"], data["aliases"], sources.get(key, [])),
                     color=TYPE_COLORS.get(data["type"], "#999999"),
                     size=round(10 + 30 * centrality[key] / top, 2))
        # pyvis drops an explicit colour when a group is given, so the group is set afterwards.
        net.node_map[node_id]["group"] = data["type"]
    # pyvis's add_edge checks node ids against a list (quadratic); ids are known valid here.
    for subject, obj, data in sorted(graph.edges(data=True)):
        if subject in kept and obj in kept:
            edge = Edge(str(entity_iri(kb.entities[subject])), str(entity_iri(kb.entities[obj])),
                        True, label=data["predicate"], title=data["predicate"])
            net.edges.append(edge.options)
    return net, len(graph)


def render_html(kb: KnowledgeBase, title: str = "kg knowledge graph", max_nodes: int = 1500) -> str:
    net, total = build_network(kb, max_nodes)
    nodes, edges, *_ = net.get_network_data()
    js, css = _vis_library()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_path("view"))),
                             autoescape=True, keep_trailing_newline=True)
    counts = defaultdict(int)
    for node in nodes:
        counts[node["group"]] += 1
    legend = [{"type": t, "name": TYPE_NAMES_ZH[t], "color": c, "count": counts.get(t, 0)}
              for t, c in TYPE_COLORS.items() if counts.get(t)]
    options = {
        "nodes": {"shape": "dot", "font": {"size": 14}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "font": {"size": 10, "align": "middle"},
                  "color": {"color": "#b0b0b0", "highlight": "#555555"}, "smooth": False},
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300},
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "layout": {"improvedLayout": len(nodes) < 300},
    }
    return env.get_template("graph.html.j2").render(
        title=title, vis_js=js, vis_css=css, legend=legend, shown=len(nodes), total=total,
        data_json=script_json({"nodes": nodes, "edges": edges, "options": options}))
