"""Regenerate kg/data/gazetteer/admin_divisions.csv from modood/Administrative-divisions-of-China.

Usage: python tests/tools/build_gazetteer.py ../shared/data/admin_divisions

Output columns: id, name, level, parent.  ``id`` is the statistics bureau's
division code; Hong Kong, Macao and Taiwan use their GB/T 2260 province codes
(81, 82, 71) and made-up ids below them ("81-01"), which kg does not publish
as division codes.  Placeholder prefecture rows (市辖区, 县, 省直辖县级行政区划,
自治区直辖县级行政区划) are dropped and their counties hang from the province.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
SAR_CODES = {"香港特别行政区": "81", "澳门特别行政区": "82", "台湾省": "71"}


def main(source: Path, target: Path) -> None:
    rows: list[tuple[str, str, str, str]] = []
    with open(source / "provinces.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((r["code"], r["name"], "province", ""))
    dropped: dict[str, str] = {}
    with open(source / "cities.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["name"] in PLACEHOLDERS:
                dropped[r["code"]] = r["provinceCode"]
            else:
                rows.append((r["code"], r["name"], "prefecture", r["provinceCode"]))
    with open(source / "areas.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            parent = dropped.get(r["cityCode"], r["cityCode"])
            rows.append((r["code"], r["name"], "county", parent))
    with open(source / "streets.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((r["code"], r["name"], "township", r["areaCode"]))
    sar = json.loads((source / "HK-MO-TW.json").read_text(encoding="utf-8"))
    for name, children in sar.items():
        code = SAR_CODES[name]
        rows.append((code, name, "province", ""))
        for i, (child, grandchildren) in enumerate(children.items(), 1):
            cid = f"{code}-{i:02d}"
            rows.append((cid, child, "prefecture", code))
            for j, leaf in enumerate(grandchildren, 1):
                rows.append((f"{cid}-{j:02d}", leaf, "county", cid))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "name", "level", "parent"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} divisions to {target}")


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/admin_divisions")
    main(src, Path(__file__).resolve().parents[2] / "kg/data/gazetteer/admin_divisions.csv")
