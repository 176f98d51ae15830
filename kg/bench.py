"""Build benchmark: characters per second and peak memory, against plain segmentation.

    python -m kg.bench [--shared ../shared] [--sets provincial,news,big] [--runs ...] [--json FILE]

For each input set it runs, each in a fresh process: jieba.lcut over the texts, rjieba
over the texts, `kg build --jobs 1`, `kg build --jobs 2` and an unchanged rebuild, and
prints wall seconds, CPU seconds of the process tree, characters per second, the ratio to
jieba.lcut and the peak RSS and PSS summed over the process and all its workers.  The compiled
engine (kg's on-disk cache of rules, lexicons and dictionary, rebuilt only when they or
the code change) is made once and timed apart; every timed build starts from it with no
document cached.  'big' is a 30 M-character corpus made by
repeating the shared corpora under distinct names (each copy made distinct by a line
naming the copy, so that the build's duplicate check does not skip it).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETS = {"provincial": ["corpus/provincial_reports_2025"], "news": ["corpus/news_xwlb"]}
BIG_CHARS = 30_000_000
RUNS = ("kg --jobs 1", "kg --jobs 2", "unchanged rebuild")

_SEGMENT = """
import sys, time
from pathlib import Path
files = [Path(p) for p in sys.argv[2:]]
texts = [f.read_text(encoding="utf-8") for f in files]
if sys.argv[1] == "jieba":
    import jieba; jieba.setLogLevel(60); jieba.initialize(); cut = jieba.lcut
else:
    import rjieba; cut = rjieba.cut
start = time.perf_counter()
for text in texts:
    cut(text)
print(time.perf_counter() - start)
"""


def _tree_memory(pid: int, pss_too: bool = True) -> tuple[int, int]:
    """(RSS, PSS) in bytes of a process and all its descendants.  RSS counts the pages forked
    workers share with the parent once per process; PSS divides each shared page among the
    processes that map it, so its sum is the memory the tree really holds."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1]) * 1024
            try:
                if not pss_too:
                    raise OSError
                with open(f"/proc/{current}/smaps_rollup") as handle:
                    for line in handle:
                        if line.startswith("Pss:"):
                            pss += int(line.split()[1]) * 1024
            except OSError:
                pass
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], **kwargs) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the process tree, and stdout of a command; the CPU seconds
    of the tree (workers included) are kept in ``_run.cpu``."""
    cpu = _cpu_children()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    peak = peak_pss = ticks = 0
    while process.poll() is None:
        ticks += 1
        rss, pss = _tree_memory(process.pid, pss_too=ticks % 5 == 1)   # PSS costs more to read
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.05)
    _run.pss = peak_pss
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(command[:4])}…\n{err[-2000:]}")
    _run.cpu = _cpu_children() - cpu
    return time.perf_counter() - start, peak, out


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    return out


def _big_corpus(shared: Path, folder: Path, chars: int = BIG_CHARS) -> Path:
    sources = _files([shared / "corpus"])
    texts = [(p, p.read_text(encoding="utf-8")) for p in sources]
    size, copy = 0, 0
    while size < chars:
        target = folder / f"copy{copy:02d}"
        target.mkdir(parents=True)
        for path, text in texts:
            body = text.rstrip("\n") + f"\n（第{copy + 1}份副本）\n"
            (target / f"{path.parent.name}-{path.name}").write_text(body, encoding="utf-8")
            size += len(body)
            if size >= chars:
                break
        copy += 1
    return folder


def bench_set(name: str, inputs: list[Path], work: Path, runs: tuple[str, ...] = RUNS) -> dict:
    files = _files(inputs)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    row: dict = {"set": name, "documents": len(files), "chars": chars}
    listing = work / f"{name}.files"
    listing.write_text("\n".join(map(str, files)), encoding="utf-8")
    for segmenter in ("jieba", "rjieba"):
        _, peak, out = _run([sys.executable, "-c", _SEGMENT, segmenter, *map(str, files)])
        seconds = float(out.strip().splitlines()[-1])
        row[segmenter] = {"seconds": seconds, "chars_per_s": chars / seconds, "peak_rss": peak}
    kg = [sys.executable, "-m", "kg", "build", *map(str, inputs)]
    # The compiled engine is a one-off (it is cached on disk, keyed by the code and rules):
    # it is made once, timed apart, and each timed build starts with it and no document cached.
    engine = work / "engine-cache"
    if not (engine / "engine").is_dir():
        seconds, _, _ = _run([sys.executable, "-c", "import sys; from kg.pipeline import Pipeline; "
                              "Pipeline.load(cache_dir=sys.argv[1])", str(engine)])
        row["engine compile"] = {"seconds": seconds, "cpu": _run.cpu}
    for label, jobs in (("kg --jobs 1", 1), ("kg --jobs 2", 2)):
        if label not in runs:
            continue
        cache, out = work / f"{name}-cache-{jobs}", work / f"{name}-out-{jobs}"
        shutil.copytree(engine / "engine", cache / "engine")
        seconds, peak, _ = _run(kg + ["--out", str(out), "--cache-dir", str(cache), "--jobs", str(jobs)])
        row[label] = {"seconds": seconds, "chars_per_s": chars / seconds, "peak_rss": peak, "cpu": _run.cpu,
                      "peak_pss": _run.pss}
    if "unchanged rebuild" in runs:
        jobs = 2 if "kg --jobs 2" in runs else 1
        seconds, peak, _ = _run(kg + ["--out", str(work / f"{name}-out-{jobs}"), "--cache-dir",
                                      str(work / f"{name}-cache-{jobs}"), "--jobs", str(jobs)])
        row["unchanged rebuild"] = {"seconds": seconds, "chars_per_s": chars / seconds, "peak_rss": peak,
                                    "cpu": _run.cpu, "of": f"kg --jobs {jobs}"}
    base = row["jieba"]["chars_per_s"]
    for key in ("rjieba", "kg --jobs 1", "kg --jobs 2", "unchanged rebuild"):
        if key in row:
            row[key]["ratio_to_jieba"] = row[key]["chars_per_s"] / base
    if "kg --jobs 1" in row and "kg --jobs 2" in row:
        row["speedup_jobs2"] = row["kg --jobs 1"]["seconds"] / row["kg --jobs 2"]["seconds"]
    if "unchanged rebuild" in row:
        row["rebuild_share"] = row["unchanged rebuild"]["seconds"] / row[row["unchanged rebuild"]["of"]]["seconds"]
    return row


def _print(row: dict) -> None:
    print(f"\n{row['set']}: {row['documents']} documents, {row['chars'] / 1e6:.2f} M characters")
    if "engine compile" in row:
        print(f"  engine compiled once (cached on disk): {row['engine compile']['seconds']:.1f} s")
    print(f"  {'run':<18} {'seconds':>9} {'CPU s':>8} {'chars/s':>11} {'× jieba':>8} {'peak RSS':>10} {'peak PSS':>10}")
    for key in ("jieba", "rjieba", "kg --jobs 1", "kg --jobs 2", "unchanged rebuild"):
        if key not in row:
            continue
        item = row[key]
        cpu = f"{item['cpu']:>8.1f}" if "cpu" in item else f"{'':>8}"
        print(f"  {key:<18} {item['seconds']:>9.2f} {cpu} {item['chars_per_s']:>11,.0f} "
              f"{item.get('ratio_to_jieba', 1.0):>8.3f} {item['peak_rss'] / 2**20:>8.0f} MB"
              + (f" {item['peak_pss'] / 2**20:>8.0f} MB" if "peak_pss" in item else ""))
    if "speedup_jobs2" in row:
        print(f"  --jobs 2 speed-up: {row['speedup_jobs2']:.2f}x")
    if "rebuild_share" in row:
        print(f"  unchanged rebuild: {100 * row['rebuild_share']:.1f}% of a full build")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default="../shared", type=Path)
    parser.add_argument("--sets", default="provincial,news,big")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--big-chars", type=int, default=BIG_CHARS,
                        help="size of the 'big' set in characters (default: %(default)s)")
    parser.add_argument("--runs", default=",".join(RUNS),
                        help="which kg runs (default: %(default)s); e.g. 'kg --jobs 2,unchanged rebuild' for "
                             "the big set on a short budget")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        parser.error(f"{args.shared} not found: the benchmark reads the shared corpus")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    rows = []
    try:
        for name in args.sets.split(","):
            if name == "big":
                inputs = [_big_corpus(args.shared, work / "big", args.big_chars)]
            else:
                inputs = [args.shared / p for p in SETS[name]]
            rows.append(bench_set(name, inputs, work, tuple(r.strip() for r in args.runs.split(","))))
            _print(rows[-1])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
