"""Whole-build output sets: atomic swap, locking, recovery after SIGKILL, concurrent writers."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.errors import OutputError
from kg.outputs import OutputSet, entries

from .conftest import ROOT

NAMES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html", "store/data.sst", "store/CURRENT")


def _write_set(out: Path, tag: str, **kw) -> None:
    with OutputSet(out, **kw) as outputs:
        for name in NAMES:
            outputs.write(name, f"{tag} {name}\n".encode())


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _debris(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if ".kg-tmp" in p.name or ".kg-old" in p.name)


def test_outputs_set_is_swapped_in_whole(tmp_path):
    out = tmp_path / "out"
    _write_set(out, "one")
    assert _snapshot(out)["graph.ttl"] == b"one graph.ttl\n"
    assert sorted(entries(out)) == ["graph.html", "graph.jsonld", "graph.nt", "graph.ttl", "store"]
    _write_set(out, "two")
    snap = _snapshot(out)
    assert {v.split()[0] for v in snap.values() if not v.startswith(b"{")} == {b"two"}
    assert _debris(out) == []


def test_outputs_failure_leaves_previous_set(tmp_path):
    out = tmp_path / "out"
    _write_set(out, "one")
    before = _snapshot(out)
    with pytest.raises(RuntimeError):
        with OutputSet(out) as outputs:
            outputs.write("graph.ttl", b"half")
            raise RuntimeError("render failed")
    assert _snapshot(out) == before and _debris(out) == []


def test_outputs_keeps_the_users_files_and_refuses_foreign_folders(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_bytes(b"generated files land here")
    _write_set(out, "one")
    _write_set(out, "two")
    assert (out / "README.md").read_bytes() == b"generated files land here"
    assert "README.md" not in entries(out) and _snapshot(out)["graph.ttl"] == b"two graph.ttl\n"
    mine = tmp_path / "mine"
    (mine / "thesis").mkdir(parents=True)
    (mine / "thesis" / "chapter1.docx").write_bytes(b"precious")
    with pytest.raises(OutputError) as info:
        _write_set(mine, "x")
    assert info.value.code == "E404" and "thesis" in str(info.value)
    assert (mine / "thesis" / "chapter1.docx").read_bytes() == b"precious"


def test_outputs_lock_refuses_a_second_writer(tmp_path):
    out = tmp_path / "out"
    with OutputSet(out) as first:
        first.write("graph.ttl", b"a")
        with pytest.raises(OutputError) as info:
            with OutputSet(out):
                pass
        assert info.value.code == "E405" and str(os.getpid()) in str(info.value)
    assert _snapshot(out)["graph.ttl"] == b"a"


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import kg.outputs as outputs
    out, tag, point = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    wait = len(sys.argv) > 4
    def pause(where):
        if where == point:
            print("ready", flush=True)
            time.sleep(60)
    original = outputs._swap
    def swap(*args):
        pause("before-swap")
        original(*args)
        pause("after-swap")
    outputs._swap = swap
    with outputs.OutputSet(out, wait=wait) as s:
        pause("locked")
        for i, name in enumerate(%r):
            s.write(name, (tag + " " + name + "\\n").encode())
            if i == 2:
                pause("mid-write")
    print("done", flush=True)
""" % (NAMES,))


def _child(out: Path, tag: str, point: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(out), tag, point, *extra], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("point", ["locked", "mid-write", "before-swap", "after-swap"])
def test_outputs_sigkill_leaves_previous_set_byte_identical(tmp_path, point):
    out = tmp_path / "out"
    _write_set(out, "old")
    before = _snapshot(out)
    child = _child(out, "new", point)
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    after = _snapshot(out)
    if point == "after-swap":                       # the swap happened: the new set, whole
        assert {v.split()[0] for k, v in after.items() if k != ".kg-output"} == {b"new"}
    else:
        assert after == before
    _write_set(out, "next")                         # the next run cleans what the killed one left
    assert _debris(out) == [] and _snapshot(out)["graph.ttl"] == b"next graph.ttl\n"


@pytest.mark.parametrize("wait", [False, True])
def test_outputs_two_concurrent_writers_give_one_complete_set(tmp_path, wait):
    out = tmp_path / "out"
    extra = ("wait",) if wait else ()
    first = _child(out, "first", "locked", *extra)
    assert first.stdout.readline().strip() == "ready"
    second = _child(out, "second", "none", *extra)
    if not wait:
        _, err = second.communicate(timeout=60)
        assert second.returncode != 0 and "[E405]" in err and "another kg build" in err
    else:
        time.sleep(1.0)
        assert second.poll() is None                # waiting on the lock
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    if wait:
        assert second.communicate(timeout=60)[0].strip() == "done"
        tags = {v.split()[0] for k, v in _snapshot(out).items() if k != ".kg-output"}
        assert tags == {b"second"} and len(_snapshot(out)) == len(NAMES) + 1
    else:
        assert not out.exists()                     # the killed first build left nothing half-made
    _write_set(out, "third")
    assert _debris(out) == []


def test_outputs_without_exchange_uses_two_renames(tmp_path, monkeypatch):
    import kg.outputs as outputs

    monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    _write_set(out, "one")
    _write_set(out, "two")
    assert _snapshot(out)["graph.nt"] == b"two graph.nt\n" and _debris(out) == []


def test_outputs_recovers_a_set_parked_by_a_killed_swap(tmp_path):
    out = tmp_path / "out"
    _write_set(out, "old")
    before = _snapshot(out)
    parked = tmp_path / ".out.kg-old-x1"           # killed between the two renames
    parked.mkdir()
    out.rename(parked / "set")
    with pytest.raises(RuntimeError):
        with OutputSet(out):
            raise RuntimeError("this build fails too")
    assert _snapshot(out) == before and _debris(out) == []
