"""Draw a random sample of distinct entities, with a sentence each, for a precision estimate.

    python tests/tools/sample_precision.py ../shared/corpus/news_xwlb --seed 2030 \
        --documents 600 --per-type 12 > /tmp/sample.tsv

Documents are drawn at random (``--documents``), run through the engine and resolved; of the
distinct entities of each type, ``--per-type`` are drawn, each printed with one randomly
chosen sentence that mentions it.  A reader then marks every line right or wrong (as a careful
reader of the story would) and the README's precision table gives right / drawn per type.
The draw depends only on the seed, the files and the engine, so a round can be re-drawn.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

from kg.corpus import read_document
from kg.pipeline import Pipeline

TYPES = ("Policy", "Event", "Organization", "Place", "Position", "Campaign", "Concept",
         "Person", "Work")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--per-type", type=int, default=12)
    args = parser.parse_args(argv)

    files = sorted(p for p in args.folder.rglob("*.txt") if p.is_file())
    rng = random.Random(args.seed)
    files = sorted(rng.sample(files, min(args.documents, len(files))))
    engine = Pipeline.load()
    seen: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for path in files:
        document = read_document(path)
        extraction = engine.extract(document)
        kb = engine.resolve([extraction])
        for resolved in kb.mentions:
            if not resolved.entity:
                continue
            entity = kb.entities[resolved.entity]
            sentence = document.sentences[resolved.mention.sentence].text
            seen[entity.type][entity.label].append((path.name, sentence))
    out = sys.stdout
    for kind in TYPES:
        labels = sorted(seen.get(kind, {}))
        for label in sorted(rng.sample(labels, min(args.per_type, len(labels)))):
            name, sentence = rng.choice(seen[kind][label])
            out.write(f"{kind}\t{label}\t{name}\t{sentence}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
