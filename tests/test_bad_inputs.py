"""Every row of the README's table of bad inputs: the command gives exactly that one line
and that exit code (in-process through click's CliRunner, in a fresh folder per row).

To print the table from the current code:  python -m tests.test_bad_inputs
"""
from __future__ import annotations

import codecs
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, USER_RULES_GROUP, kg_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
TABLE = README.split("<!-- bad-inputs -->")[1] if "<!-- bad-inputs -->" in README else ""
ROW = re.compile(r"^\| (?P<what>[^|]+?) \| `(?P<command>(?:[^`]|\\\|)+)` \| (?P<exit>\d) \| `(?P<line>.+)` \|$", re.M)

DOC = "湖南省委召开会议。会议强调，要坚持学以致用！\n".encode()
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
RULE = "rules:\n  - id: my.rule\n    kind: regex\n    type: Place\n"


def _corpus(tmp: Path) -> Path:
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(DOC)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "README.md").write_bytes(b"# how to use\n")
    (corpus / "copy.txt").write_bytes(DOC)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "locked").mkdir()
    return corpus


def _locked_folder(monkeypatch):
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)


def _hold_lock(tmp: Path):
    from kg.outputs import OutputSet

    held = OutputSet(tmp / "out")
    held.__enter__()
    return lambda: held.__exit__(RuntimeError, RuntimeError("released"), None)


#: what (the README's first column) -> setup(tmp, graph, monkeypatch) -> optional cleanup
SETUPS = {
    "missing file": lambda t, g, m: None,
    "empty file": lambda t, g, m: (t / "empty.txt").write_bytes(b""),
    "binary file (NUL bytes)": lambda t, g, m: (t / "binary.txt").write_bytes(b"\x00\x01\x02bin\x00"),
    "undecodable bytes": lambda t, g, m: (t / "garbled.txt").write_bytes(bytes(range(128, 256)) * 8),
    "UTF-8 BOM file with one bad byte": lambda t, g, m: (t / "bom.txt").write_bytes(
        codecs.BOM_UTF8 + DOC[:9] + b"\xff" + DOC[9:]),
    "UTF-16 file with a lone surrogate": lambda t, g, m: (t / "utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + DOC.decode().encode("utf-16-le") + b"\x00\xd8"),
    "UTF-32 file with a BOM (read as UTF-32)": lambda t, g, m: (t / "utf32.txt").write_bytes(
        codecs.BOM_UTF32_LE + DOC.decode().encode("utf-32-le")),
    "Japanese code page (Shift-JIS)": lambda t, g, m: (t / "sjis.txt").write_bytes(
        ("日本語のテキストです。東京都庁で会議が開かれました。" * 3).encode("shift_jis")),
    "Korean code page (EUC-KR)": lambda t, g, m: (t / "euckr.txt").write_bytes(
        ("한국어 텍스트입니다. 서울에서 회의가 열렸습니다." * 3).encode("euc_kr")),
    "Thai code page (TIS-620)": lambda t, g, m: (t / "thai.txt").write_bytes(
        ("ภาษาไทยเป็นภาษาที่สวยงาม การประชุมจัดขึ้นที่กรุงเทพ" * 3).encode("cp874")),
    "50 MB single-line file": lambda t, g, m: ((t / "huge.txt").write_bytes(b"a" * (50 * 1024 * 1024)),
                                               (t / "huge.txt").unlink)[1],
    "file over --max-file-size": lambda t, g, m: (t / "big.txt").write_bytes(DOC * 100),
    "FIFO given as input": lambda t, g, m: os.mkfifo(t / "pipe.txt"),
    "empty file inside a folder": lambda t, g, m: _corpus(t),
    "any skipped file, with --strict-input": lambda t, g, m: _corpus(t),
    "README inside a folder": lambda t, g, m: _corpus(t),
    "duplicate file inside a folder": lambda t, g, m: _corpus(t),
    "symbolic-link loop inside a folder": lambda t, g, m: _corpus(t),
    "unreadable subfolder": lambda t, g, m: (_corpus(t), _locked_folder(m)) and None,
    "impossible header date": lambda t, g, m: (t / "dated.txt").write_bytes(
        "标题\n时间:2020-02-30 10:43:49\n湖南省委召开会议。\n".encode()),
    "output folder holding other folders": lambda t, g, m: ((t / "a.txt").write_bytes(DOC),
                                                           (t / "mine" / "thesis").mkdir(parents=True)) and None,
    "second build into the same folder": lambda t, g, m: ((t / "a.txt").write_bytes(DOC), _hold_lock(t))[1],
    "malformed rule file": lambda t, g, m: ((t / "a.txt").write_bytes(DOC),
                                           (t / "broken.yaml").write_text("rules: [\n", encoding="utf-8")) and None,
    "invalid regular expression in a rule": lambda t, g, m: ((t / "a.txt").write_bytes(DOC), (t / "regex.yaml")
        .write_text(RULE + "    pattern: '(oops'\n    examples: [{text: x}]\n", encoding="utf-8")) and None,
    "`priority: high` in a rule": lambda t, g, m: ((t / "a.txt").write_bytes(DOC), (t / "prio.yaml").write_text(
        RULE + "    pattern: 'x'\n    priority: high\n    examples: [{text: x}]\n", encoding="utf-8")) and None,
    "misspelt example key `entites:`": lambda t, g, m: (t / "typo.yaml").write_text(
        RULE + "    pattern: '东湖'\n    examples:\n      - text: 东湖很美。\n        entites: [东湖/Place]\n",
        encoding="utf-8"),
    "catastrophic user regex": lambda t, g, m: ((t / "aaa.txt").write_bytes(b"a" * 60 + "b。".encode()),
                                               (t / "slow.yaml").write_text(RULE + "    pattern: '(?:a|aa)+$'\n"
                                                                           "    examples: [{text: x}]\n",
                                                                           encoding="utf-8")) and None,
    "SPARQL UPDATE": lambda t, g, m: shutil.copy(g, t / "graph.nt") and None,
    "SPARQL LOAD": lambda t, g, m: shutil.copy(g, t / "graph.nt") and None,
    "SPARQL SERVICE": lambda t, g, m: shutil.copy(g, t / "graph.nt") and None,
    "SPARQL syntax error": lambda t, g, m: shutil.copy(g, t / "graph.nt") and None,
    "runaway (cartesian) query": lambda t, g, m: shutil.copy(g, t / "graph.nt") and None,
    "too many rows": lambda t, g, m: shutil.copy(g, t / "graph.nt") and None,
    "no query given": lambda t, g, m: shutil.copy(g, t / "graph.nt") and None,
    "graph file missing": lambda t, g, m: None,
    "unknown option": lambda t, g, m: None,
}


def _rows() -> dict[str, tuple[str, int, str]]:
    return {m.group("what"): (m.group("command").replace("\\|", "|"), int(m.group("exit")),
                              m.group("line").replace("\\|", "|")) for m in ROW.finditer(TABLE)}


def _normalise(line: str) -> str:
    return re.sub(r"pid \d+", "pid N", line)


def run_row(what: str, command: str, tmp: Path, graph: Path, monkeypatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(tmp)
    cleanup = SETUPS[what](tmp, graph, monkeypatch)
    try:
        args = shlex.split(command)
        assert args[0] == "kg"
        run = kg_cli(*args[1:])
    finally:
        if callable(cleanup):
            cleanup()
    return run.exit_code, [_normalise(x) for x in run.stderr.splitlines() + run.stdout.splitlines()]


def test_bad_inputs_table_lists_every_case():
    assert sorted(_rows()) == sorted(SETUPS)


# Rows that load a user's rule file run beside the other user-rule tests (one xdist worker,
# one compile of each file: see USER_RULES_GROUP in conftest).
@pytest.mark.parametrize("what", [pytest.param(w, marks=USER_RULES_GROUP) if w == "catastrophic user regex" else w
                                  for w in sorted(SETUPS)])
def test_bad_inputs_row(what, sample_build, tmp_path, monkeypatch):
    command, exit_code, line = _rows()[what]
    code, lines = run_row(what, command, tmp_path, sample_build[1] / "graph.nt", monkeypatch)
    assert code == exit_code, lines
    assert _normalise(line) in lines, lines
    if line.startswith("kg: error:"):
        errors = [x for x in lines if x.startswith("kg: ")]
        assert errors == [_normalise(line)] and "Traceback" not in "\n".join(lines)
