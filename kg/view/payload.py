"""The model -> the compact JSON block the page reads (indices instead of repeated strings).

Only what the page needs travels: every entity (so search finds those not drawn),
every relation with a few evidence sentences, each entity's first mentions, the
sentences they cite, documents, and co-mention counts.  Offsets are converted to
UTF-16 code units relative to the sentence, because JavaScript strings count those.
"""
from __future__ import annotations

import json
from collections import Counter

from .data import Model

MAX_MENTIONS = 6          # mention sentences shipped per entity (the panel says how many more)
from .digest import MAX_EVIDENCE  # evidence sentences shipped per relation (the digest keeps as many)
TYPE_COLORS = {
    "Organization": "#4e79a7", "Place": "#59a14f", "Person": "#e15759", "Position": "#f28e2b",
    "Policy": "#76b7b2", "Campaign": "#edc948", "Concept": "#b07aa1", "Event": "#ff9da7",
    "Work": "#9c755f",
}
DOCUMENT_COLOR = "#6b6b6b"


def script_json(value) -> str:
    """JSON that cannot end or open anything inside a <script> element (nor break a line in JS)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def utf16(text: str, index: int) -> int:
    """A code-point offset into ``text`` as a UTF-16 offset."""
    index = max(0, min(index, len(text)))
    return len(text[:index].encode("utf-16-le", "surrogatepass")) // 2


class _Table(dict):
    """Value -> index, assigned in first-seen order."""

    def add(self, value) -> int:
        return self.setdefault(value, len(self))


def build_payload(model: Model, scores: dict[str, float], drawn: list[str],
                  places: dict[str, tuple[int, int]], co: list[tuple[str, str, int]], *,
                  title: str, focus: str | None) -> dict:
    """The page's data block (see the module docstring for what it holds)."""
    types = sorted({e["type"] for e in model.entities.values()}, key=list(TYPE_COLORS).index)
    type_index = {t: i for i, t in enumerate(types)}
    preds, rules, docs, sents = _Table(), _Table(), _Table(), _Table()
    for iri in model.documents:
        docs.add(iri)
    node_index = {iri: i for i, iri in enumerate(model.entities)}

    def span(sentence: str, begin: int | None, end: int | None) -> list[int]:
        if begin is None or end is None:
            return [-1, -1]
        _, start, text = model.sentences[sentence]
        return [utf16(text, begin - start), utf16(text, end - start)]

    def sentence_ref(sentence: str) -> int:
        doc = model.sentences[sentence][0]
        docs.add(doc)
        return sents.add(sentence)

    nodes = []
    for iri, entity in model.entities.items():
        items = model.mentions.get(iri, [])
        per_doc = model.docs_of(iri)
        shown, seen = [], set()
        for sentence, begin, end, rule in items:
            if sentence in seen:
                continue
            seen.add(sentence)
            shown.append([sentence_ref(sentence), *span(sentence, begin, end), rules.add(rule)])
            if len(shown) == MAX_MENTIONS:
                break
        nodes.append([iri, entity["label"], type_index[entity["type"]], entity["aliases"], scores[iri],
                      model.total(iri), shown, [[docs.add(d), n] for d, n in sorted(per_doc.items())]])
    edges = []
    for (s, p, o), relation in model.relations.items():
        evidence = [[sentence_ref(src), rules.add(rule), *span(src, sb, se), *span(src, ob, oe)]
                    for src, rule, sb, se, ob, oe in relation["evidence"][:MAX_EVIDENCE]
                    if src in model.sentences]
        edges.append([node_index[s], node_index[o], preds.add(p.rsplit("#", 1)[-1]), int(relation["bg"]),
                      evidence, relation.get("count", len(relation["evidence"])), relation["sources"]])

    def label(term: str, lang: str) -> str:
        return model.labels.get(term, {}).get(lang) or term

    return {
        "title": title,
        "types": [[t, label(t, "zh"), label(t, "en"), TYPE_COLORS.get(t, "#999999")] for t in types],
        "documentColor": DOCUMENT_COLOR,
        "preds": [[p, label(p, "zh"), label(p, "en")] for p in preds],
        "rules": list(rules),
        "docs": [[d, model.documents.get(d, {}).get("title", d), model.documents.get(d, {}).get("date", "")]
                 for d in docs],
        "sents": [[docs[model.sentences[s][0]], model.sentences[s][2]] for s in sents],
        "nodes": nodes,
        "edges": edges,
        "co": [[node_index[a], node_index[b], n] for a, b, n in co],
        "drawn": [[node_index[iri], *places[iri]] for iri in drawn],
        "focus": node_index[focus] if focus else -1,
    }
