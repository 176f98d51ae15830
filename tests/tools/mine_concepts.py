"""Mine concepts and slogans that official texts also use without quotation marks.

Reads every .txt under ../shared/corpus (or the folders given), and keeps a phrase when
* it ends in a concept head (化, 格局, 理念, 生产力, 循环, 共同体 ...) and has 4-7 Chinese
  characters;
* it occurs in at least MIN_DOCS documents (a term of art, not one writer's phrase);
* it is closed on the left: no single preceding character accounts for more than half of its
  uses (型工业化 is a piece of 新型工业化), and it does not start with a verb or a function word
  (加快农业农村现代化 is a task, 农业农村现代化 the concept);
* it is not already a lexicon name.
Writes kg/data/rules/16-concepts-mined.yaml, a lexicon rule of type Concept.  The output is
deterministic (sorted), and is committed as data:

    python tests/tools/mine_concepts.py [FOLDER ...]
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "kg" / "data" / "rules" / "16-concepts-mined.yaml"
MIN_QUOTED, MIN_BARE, MIN_DOCS = 2, 3, 15
VERB_STARTS = ("加快", "推进", "推动", "坚持", "实现", "促进", "建设", "构建", "发展", "深化", "全面", "积极",
               "大力", "着力", "持续", "不断", "进一步", "扎实", "稳步", "加强", "提高", "提升", "完善", "健全",
               "形成", "支持", "鼓励", "引导", "培育", "打造", "落实", "贯彻", "统筹", "强化", "优化", "深入",
               "基本", "逐步", "有序", "同时", "以及", "我国", "中国", "全国", "各地", "全省", "全市", "经济",
               "社会", "国家", "世界", "人类", "以来", "整治", "弘扬", "解放", "牢记", "重要", "重大", "主要", "是", "的", "和", "与", "在", "对", "把", "为", "要")
GENERIC_ENDS = ("会精神", "大精神", "话精神", "示精神", "和精神")
# Descriptive phrases that texts use as ordinary words, not as the name of a concept: a good
# circle in economics.  (Phrases ending in 使命 — 历史使命, 光荣使命 — are all of this kind, so
# 使命 is no head.)
GENERIC_PHRASES = frozenset({"良性循环", "恶性循环"})
STOP_FIRST = set("的了和与及在是对把将为以从向于也都就还又并而或等之其该这那各每")
HEADS = ("现代化", "工业化", "城镇化", "一体化", "数字化", "产业化", "信息化", "机械化", "智能化", "绿色化",
         "便利化", "格局", "理念", "思想", "精神", "战略", "生产力", "循环", "体系", "意识", "自信", "道路",
         "观", "共同体", "文明", "主义", "大市场", "强国", "新发展格局", "经济带", "一体化")
QUOTED = re.compile(r"“([\u4e00-\u9fff]{4,10})”")


def known_names() -> set[str]:
    sys.path.insert(0, str(ROOT))
    from kg.pipeline import Pipeline

    pipeline = Pipeline.load()
    return {e.surface for r in pipeline.ruleset.rules if r.id != "lex.concept.mined"
            for e in getattr(r, "entries", ())}


def _word_like(gram: str) -> bool:
    """jieba cuts the phrase into words that start with a content word of two or more
    characters (新型|工业化, 国内|大循环), not a verb, adverb or a stray character (业|数字化)."""
    import jieba.posseg

    words = jieba.posseg.lcut(gram, HMM=False)
    first = words[0]
    return len(first.word) >= 2 and not first.flag.startswith(("v", "d", "p", "c", "u", "r", "f", "m", "a")) \
        and len(words) <= 3


def mine(folders: list[Path]) -> list[tuple[str, int, int]]:
    """(phrase, quoted count, documents) for every phrase that passes the tests above."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for f in folders for p in sorted(f.rglob("*.txt"))]
    quoted: Counter = Counter()
    docs: Counter = Counter()
    count: Counter = Counter()
    left: dict[str, Counter] = {}
    right: dict[str, Counter] = {}
    for text in texts:
        quoted.update(QUOTED.findall(text))
        seen = set()
        for run in re.findall(r"[\u4e00-\u9fff]+", text):
            for n in range(4, 8):
                for i in range(len(run) - n + 1):
                    gram = run[i:i + n]
                    if not gram.endswith(HEADS):
                        continue
                    count[gram] += 1
                    left.setdefault(gram, Counter())[run[i - 1] if i else "^"] += 1
                    right.setdefault(gram, Counter())[run[i + n] if i + n < len(run) else "$"] += 1
                    seen.add(gram)
        docs.update(seen)
    known = known_names()
    out = []
    for gram, n_docs in sorted(docs.items()):
        if n_docs < MIN_DOCS or gram in known or gram.startswith(VERB_STARTS) or gram[0] in STOP_FIRST:
            continue
        # a fragment of a longer phrase: one left neighbour accounts for most uses (型工业化 <- 新)
        neighbour, most = left[gram].most_common(1)[0]
        if neighbour != "^" and most > 0.5 * count[gram]:
            continue
        neighbour, most = right[gram].most_common(1)[0]
        if neighbour != "$" and most > 0.5 * count[gram]:
            continue            # 习近平生态文明 <- 思想, 工业和信息化 <- 部
        if gram in GENERIC_PHRASES or gram.endswith(GENERIC_ENDS) or (len(gram) < 5 and gram.endswith(("体系", "精神", "战略", "思想"))):
            continue
        if not _word_like(gram):
            continue
        out.append((gram, quoted[gram], n_docs))
    # keep the longest of nested survivors only when the shorter is rarely alone
    return out


def main(argv: list[str]) -> None:
    folders = [Path(a) for a in argv] or [ROOT.parent / "shared" / "corpus"]
    found = mine(folders)
    lines = ["# Generated by tests/tools/mine_concepts.py from the shared corpus; do not edit by hand.",
             "# Phrases with a concept head in at least %d documents, closed on the left (see the script)." % MIN_DOCS,
             "rules:", "  - id: lex.concept.mined", "    kind: lexicon", "    type: Concept",
             "    description: Concepts and slogans that official texts also write without quotation marks.",
             "    entries:"]
    lines += [f"      - {phrase}   # in {d} documents, quoted {q} times" for phrase, q, d in found]
    top = max(found, key=lambda item: (item[1] + item[2], item[0]))[0]
    lines += ["    examples:", f"      - text: 要大力推进{top}。", f"        entities: [{top}/Concept]",
              f"      - text: 加快{top}建设。", f"        absent: [加快{top}/Concept, {top}建设/Concept]", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(found)} concepts")


if __name__ == "__main__":
    main(sys.argv[1:])
