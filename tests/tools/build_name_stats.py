"""Build kg/data/names/name_chars.json: character statistics of Chinese personal names.

Source: the dictionary that ships with jieba (``jieba/dict.txt``, MIT licence), whose words
tagged ``nr`` include tens of thousands of personal names.  No NER benchmark is used, so
People's Daily, MSRA and CLUENER stay unseen test sets.

For every ``nr`` word of two or three characters that starts with a common surname (the
``surnames`` list of kg/data/rules/00-lists.yaml), the surname and each given-name
character are counted.  Against them stands each character's use in the rest of the
dictionary (words not tagged nr*, weighted by their frequency): a character frequent in
names and rare elsewhere (军, 华, 彬) makes a good given name; a function word (在, 的, 是)
does not.  The person_name rule kind (kg/extract/names.py) reads the file.

    python tests/tools/build_name_stats.py      # rewrites the file; the output is deterministic
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jieba
import yaml

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "kg" / "data" / "names" / "name_chars.json"


def surnames() -> set[str]:
    data = yaml.safe_load((ROOT / "kg" / "data" / "rules" / "00-lists.yaml").read_text(encoding="utf-8"))
    return {s for s in data["lists"]["surnames"] if len(s) == 1}


def main() -> None:
    known = surnames()
    given: Counter = Counter()
    family: Counter = Counter()
    general: Counter = Counter()
    names = 0
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        if tag.startswith("nr"):
            if tag == "nr" and len(word) in (2, 3) and word[0] in known:
                names += 1
                family[word[0]] += 1
                given.update(word[1:])
            continue
        for char in word:
            general[char] += int(freq)
    data = {"source": "jieba dict.txt, words tagged nr of 2-3 characters starting with a common surname",
            "names": names, "general_total": sum(general.values()),
            "surname": dict(sorted(family.items())), "given": dict(sorted(given.items())),
            "general": dict(sorted(general.items()))}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {names} names, {len(given)} given-name characters")


if __name__ == "__main__":
    main()
