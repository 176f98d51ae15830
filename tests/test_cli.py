"""The command line: real subprocesses, exit codes and one-line errors that leave outputs intact."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLE, run_kg


@pytest.fixture()
def built(tmp_path):
    out = tmp_path / "out"
    run = run_kg("build", str(SAMPLE), "--out", str(out), "--no-validate")
    assert run.returncode == 0, run.stderr
    return out, {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def test_cli_help_lists_commands():
    run = run_kg("--help")
    assert run.returncode == 0
    for command in ("build", "query", "validate"):
        assert command in run.stdout


def test_cli_console_script_is_installed():
    script = Path(sys.executable).parent / "kg"
    assert script.exists() or shutil.which("kg")


def test_cli_build_summary(tmp_path):
    out = tmp_path / "o"
    run = run_kg("build", str(SAMPLE), "--out", str(out))
    assert run.returncode == 0, run.stderr
    for line in ("documents: 1", "encoding=utf-8", "entities:", "Organization", "relations:",
                 "locatedIn", "triples:", "validation: 0 SHACL violation(s)", "wrote:"):
        assert line in run.stdout
    assert {p.name for p in out.iterdir()} == {"graph.ttl", "graph.nt", "graph.jsonld", "graph.html", "store",
                                               "build.json"}


def test_cli_build_defaults_to_seeds_and_output(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    run = run_kg("build", "--no-validate", "--no-html", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "output" / "graph.ttl").exists()


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes(bytes(range(128, 256)) * 8)
    rules = tmp_path / "broken-rules.yaml"
    rules.write_text("rules:\n  - id: x\n    kind: regex\n    pattern: '(oops'\n    type: Place\n"
                     "    examples: [{text: x}]\n", encoding="utf-8")
    return {
        "missing": ([str(tmp_path / "missing.txt")], "E101"),
        "empty": ([str(empty)], "E104"),
        "undecodable": ([str(garbled)], "E105"),
        "bad rule file": ([str(SAMPLE), "--rules", str(rules)], "E205"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "undecodable", "bad rule file"])
def test_cli_bad_input_is_one_line_and_outputs_survive(built, tmp_path, case):
    out, before = built
    args, code = _bad_inputs(tmp_path)[case]
    run = run_kg("build", *args, "--out", str(out))
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("kg: error: [") and code in lines[0]
    assert "Traceback" not in run.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_cli_rule_error_names_file_line_and_rule(tmp_path):
    args, _ = _bad_inputs(tmp_path)["bad rule file"]
    run = run_kg("build", *args, "--out", str(tmp_path / "o"))
    assert "broken-rules.yaml:2" in run.stderr and "'x'" in run.stderr


def test_cli_debug_shows_traceback(tmp_path):
    run = run_kg("--debug", "build", str(tmp_path / "missing.txt"))
    assert run.returncode == 1 and "Traceback" in run.stderr


def test_cli_usage_error_exits_2():
    run = run_kg("build", "--no-such-option")
    assert run.returncode == 2


def test_cli_strict_fails_on_violations_and_keeps_outputs(built, tmp_path):
    out, before = built
    rules = tmp_path / "wrong.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: my.policy-in-place\n"
        "    kind: relation\n"
        "    pattern: '{doc:Policy}(?:[^。]{0,40})贯彻落实'\n"
        "    produce: {subject: doc, predicate: subOrganizationOf, object: doc2}\n"
        "    examples: [{text: x}]\n", encoding="utf-8")
    run = run_kg("build", str(SAMPLE), "--rules", str(rules), "--out", str(out))
    assert run.returncode == 1 and "doc2" in run.stderr  # caught at load time: unknown slot
    rules.write_text(
        "rules:\n"
        "  - id: my.wrong-relation\n"
        "    kind: relation\n"
        "    pattern: '{doc:Policy}后,{pl:Place}'\n"
        "    produce: {subject: doc, predicate: locatedIn, object: pl}\n"
        "    examples: [{text: x}]\n", encoding="utf-8")
    run = run_kg("build", str(SAMPLE), "--rules", str(rules), "--out", str(out), "--strict")
    assert run.returncode == 1, run.stdout
    assert "[E501]" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    lax = run_kg("build", str(SAMPLE), "--rules", str(rules), "--out", str(tmp_path / "lax"))
    assert lax.returncode == 0 and "validation: 0 SHACL" not in lax.stdout


def test_cli_python_dash_m_and_version():
    run = run_kg("--version")
    assert run.returncode == 0 and "0.1" in run.stdout


def test_cli_rules_checks_a_user_file(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("rules:\n  - id: my.lake\n    kind: lexicon\n    type: Place\n    entries: [东湖]\n"
                    "    examples:\n      - text: 东湖风景优美。\n        entities: [东湖/Place]\n", encoding="utf-8")
    run = run_kg("rules", str(good))
    assert run.returncode == 0 and "1 rule(s), 1 example(s), 0 failing" in run.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("东湖/Place", "东湖/Person"), encoding="utf-8")
    run = run_kg("rules", str(bad))
    assert run.returncode == 1 and "my.lake" in run.stdout and "bad.yaml:" in run.stdout
