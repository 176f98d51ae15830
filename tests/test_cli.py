"""The command line: exit codes, summaries and one-line errors that leave outputs intact.

Most cases run in-process through click's CliRunner (the same KgGroup error handling the
console script uses); a few smoke tests run real subprocesses.  Every bad input of the
README's table is checked row by row in tests/test_bad_inputs.py.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import InputError

from .conftest import ROOT, SAMPLE, USER_RULES_GROUP, kg_cli, run_kg


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One in-process validated build of the sample; tests copy it before touching it."""
    out = tmp_path_factory.mktemp("cli") / "out"
    run = kg_cli("build", SAMPLE, "--out", out)
    assert run.exit_code == 0, run.stderr
    return out, run


@pytest.fixture()
def previous(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    return out, _files(out)


# -- subprocess smoke tests -------------------------------------------------------------

def test_cli_help_lists_commands():
    run = run_kg("--help")
    assert run.returncode == 0
    for command in ("build", "query", "validate", "rules", "eval"):
        assert command in run.stdout


def test_cli_subprocess_bad_input_is_one_line_without_traceback(tmp_path):
    run = run_kg("build", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"))
    assert run.returncode == 1 and run.stderr.count("\n") == 1
    assert run.stderr.startswith("kg: error: [E101]") and "Traceback" not in run.stderr
    debug = run_kg("--debug", "build", str(tmp_path / "missing.txt"))
    assert debug.returncode == 1 and "Traceback" in debug.stderr


KILLED_BUILD = """
import sys, time
import kg.outputs as outputs
original = outputs._swap
def swap(*args):                       # every file of the new set is written: stop here
    print("ready", flush=True)
    time.sleep(120)
    original(*args)
outputs._swap = swap
from kg.cli import main
main(sys.argv[1:])
"""


def test_cli_killed_build_leaves_previous_set_byte_identical(previous):
    """SIGKILL a real build once its whole new set is written, just before the swap: the old
    set is untouched, and the next build removes the debris."""
    out, before = previous
    child = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, "build", str(SAMPLE), "--out", str(out),
                              "--no-validate"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    assert "ready" in child.stdout.readline()
    assert list(out.parent.glob(".out.kg-tmp-*")), "the new set is not staged beside the folder"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert _files(out) == before
    again = kg_cli("build", SAMPLE, "--out", out, "--no-validate")
    assert again.exit_code == 0, again.stderr
    assert not [p for p in out.parent.iterdir() if ".kg-tmp" in p.name or ".kg-old" in p.name]


# -- in-process ---------------------------------------------------------------------------

def test_cli_console_script_is_installed():
    script = Path(sys.executable).parent / "kg"
    assert script.exists() or shutil.which("kg")


def test_cli_build_summary(built):
    out, run = built
    for line in ("documents: 1", "encoding=utf-8", "entities:", "Organization", "relations:",
                 "locatedIn", "triples:", "validation: 0 SHACL violation(s)", "wrote:"):
        assert line in run.stdout
    assert {p.name for p in out.iterdir()} == {"graph.ttl", "graph.nt", "graph.jsonld", "graph.html",
                                               "store", "build.json", ".kg-output"}
    assert run.stderr == ""          # no library warning or traceback on a clean build


def test_cli_build_defaults_to_seeds_and_output(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "output", tmp_path / "output")      # a fresh clone: output/README.md
    monkeypatch.chdir(tmp_path)
    run = kg_cli("build", "--no-validate", "--no-html")
    assert run.exit_code == 0, run.stderr
    assert (tmp_path / "output" / "graph.ttl").exists()
    assert (tmp_path / "output" / "README.md").read_bytes() == (ROOT / "output" / "README.md").read_bytes()


@pytest.mark.parametrize("args, code", [
    (["missing.txt"], "E101"),
    (["empty.txt"], "E104"),
    (["garbled.txt"], "E105"),
    ([str(SAMPLE), "--rules", "broken-rules.yaml"], "E205"),
])
def test_cli_bad_input_is_one_line_and_outputs_survive(previous, tmp_path, monkeypatch, args, code):
    out, before = previous
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbled.txt").write_bytes(bytes(range(128, 256)) * 8)
    (tmp_path / "broken-rules.yaml").write_text(
        "rules:\n  - id: x\n    kind: regex\n    pattern: '(oops'\n    type: Place\n"
        "    examples: [{text: x}]\n", encoding="utf-8")
    run = kg_cli("build", *args, "--out", out)
    assert run.exit_code == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: error: [{code}]"), run.stderr
    assert _files(out) == before
    if code == "E205":
        assert "broken-rules.yaml:2" in lines[0] and "'x'" in lines[0]


def test_cli_debug_lets_the_exception_through(tmp_path):
    run = kg_cli("--debug", "build", tmp_path / "missing.txt")
    assert run.exit_code == 1 and isinstance(run.exception, InputError) and run.stderr == ""


def test_cli_usage_error_exits_2():
    assert kg_cli("build", "--xyzzy").exit_code == 2


@USER_RULES_GROUP
def test_cli_strict_fails_on_violations_and_keeps_outputs(previous, tmp_path, user_rules):
    out, before = previous
    rules = user_rules["good"]                  # holds my.wrong-relation: policy organizedBy org
    run = kg_cli("build", SAMPLE, "--rules", rules, "--out", out, "--strict")
    assert run.exit_code == 1, run.stdout
    assert "[E501]" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert _files(out) == before
    lax = kg_cli("build", SAMPLE, "--rules", rules, "--out", tmp_path / "lax")
    assert lax.exit_code == 0 and "validation: 0 SHACL" not in lax.stdout


def test_cli_version():
    run = kg_cli("--version")
    assert run.exit_code == 0 and "0.1" in run.stdout


@USER_RULES_GROUP
def test_cli_rules_checks_a_user_file(user_rules):
    run = kg_cli("rules", user_rules["good"])
    assert run.exit_code == 0 and "2 rule(s), 2 example(s), 0 failing" in run.stdout
    run = kg_cli("rules", user_rules["bad"])
    assert run.exit_code == 1 and "my.river" in run.stdout and "bad-rules.yaml:" in run.stdout
    assert "1 rule(s), 1 example(s), 1 failing" in run.stderr


def test_cli_multi_file_build_skips_bad_files_and_lists_them(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / "a.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    run = kg_cli("build", corpus, "--out", tmp_path / "o", "--no-validate", "--no-html")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines() == [
        f"kg: warning: [E106] {corpus / 'binary.txt'}: looks like a binary file (contains NUL bytes), not text.",
        f"kg: warning: [E104] {corpus / 'empty.txt'}: file is empty (or only whitespace). Remove it or add text."]
    assert "skipped: 2 file(s)" in run.stdout and "documents: 1" in run.stdout
    strict = kg_cli("build", corpus, "--out", tmp_path / "o2", "--strict-input")
    assert strict.exit_code == 1 and strict.stderr.startswith("kg: error: [E116]")
    assert not (tmp_path / "o2").exists()


def test_cli_encoding_errors_replace_counts_bytes(tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes(SAMPLE.read_bytes().replace("湖南".encode(), b"\xff\xfe", 1))
    strict = kg_cli("build", path, "--out", tmp_path / "o", "--no-validate", "--no-html")
    assert strict.exit_code == 1 and "[E114]" in strict.stderr
    run = kg_cli("build", path, "--out", tmp_path / "o", "--no-validate", "--no-html",
                 "--encoding-errors", "replace")
    assert run.exit_code == 0, run.stderr
    assert "bytes replaced=2" in run.stdout and "[W102]" in run.stderr


def test_cli_library_warnings_are_captured(tmp_path):
    """rdflib logs "Failed to convert Literal" with a traceback for an ill-typed literal:
    kg query on such a graph stays one clean answer, and --debug shows the library's words."""
    graph = tmp_path / "g.ttl"
    graph.write_text('<http://x/a> <http://x/d> "2020-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
                     encoding="utf-8")
    run = kg_cli("query", graph, "SELECT ?d WHERE { <http://x/a> ?p ?d }", "--engine", "rdflib", "--format", "csv")
    assert run.exit_code == 0 and run.stdout.splitlines() == ["d", "2020-02-30"]
    assert "Traceback" not in run.stderr and "Failed to convert" not in run.stderr


@pytest.mark.parametrize("exc, line", [
    (MemoryError(), "kg: error: [E901] out of memory; build fewer or smaller files at once."),
    (OSError(28, "No space left on device", "out/graph.nt"),
     "kg: error: [E902] operating system error: No space left on device: out/graph.nt."),
    (KeyError("x"), "kg: internal error: KeyError: 'x' (run with --debug for the traceback)"),
])
def test_cli_every_failure_is_one_line(monkeypatch, tmp_path, exc, line):
    import kg.pipeline

    def fail(*args, **kwargs):
        raise exc
    monkeypatch.setattr(kg.pipeline, "build", fail)
    run = kg_cli("build", SAMPLE, "--out", tmp_path / "o")
    assert run.exit_code == 1 and run.stderr.splitlines() == [line]
