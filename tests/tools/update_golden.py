"""Regenerate tests/data/golden/expected.ttl after an intended change in the graph model.

Usage: python tests/tools/update_golden.py   (then review the diff before committing)
"""
from pathlib import Path

from kg.pipeline import BuildOptions, build

HERE = Path(__file__).resolve().parents[1] / "data" / "golden"

if __name__ == "__main__":
    result = build(BuildOptions(inputs=[HERE / "input.txt"], out=HERE / "_out", html=False,
                                validate=False, formats=["turtle"]))
    (HERE / "expected.ttl").write_bytes((HERE / "_out" / "graph.ttl").read_bytes())
    (HERE / "_out" / "graph.ttl").unlink()
    (HERE / "_out").rmdir()
    print(f"wrote {HERE / 'expected.ttl'} ({result.triples} triples)")
