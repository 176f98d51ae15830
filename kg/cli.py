"""Command line: a thin layer over kg.pipeline, kg.query, kg.validate and kg.evaluate.

Exit codes: 0 ok, 1 error (one line on stderr; --debug shows the traceback), 2 usage.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional

import click

from .errors import KgError

FORMAT_CHOICES = ("table", "csv", "tsv", "json")
GRAPH_FORMAT_CHOICES = ("ttl", "nt", "jsonld")


def _progress(items: Iterable, total: int, label: str) -> Iterable:
    """A progress bar on a terminal when there is enough work to watch: documents per
    second and the time left."""
    if total < 3 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(), TextColumn("ETA"),
               TimeRemainingColumn())
    with Progress(*columns, console=_stderr_console(), transient=True) as bar:
        task = bar.add_task(label, total=total, rate="-")
        for item in items:
            yield item
            speed = bar.tasks[0].speed
            bar.update(task, advance=1, rate=f"{speed:.1f}" if speed else "-")


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _size(text: str) -> int:
    """Bytes from '20MB', '512k', '1000000' (powers of 1024)."""
    import re

    match = re.fullmatch(r"\s*(\d+)\s*([kmg]?)i?b?\s*", str(text).lower())
    if not match:
        raise click.BadParameter(f"expected a size such as 20MB, 512KB or 1000000, got {text!r}")
    return int(match.group(1)) * 1024 ** " kmg".index(match.group(2) or " ")


class KgGroup(click.Group):
    """Every failure of a command ends in one coded line on stderr and exit 1 (a traceback
    only with --debug).  Done here, inside click, so CliRunner sees what the console sees."""

    def invoke(self, ctx: click.Context):
        from .diagnostics import capture_library_warnings, release

        debug = bool(ctx.params.get("debug"))
        captured = capture_library_warnings(debug)
        ctx.meta["kg.warnings"] = captured
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - every failure gets its one line
            if debug:
                raise
            click.echo(f"kg: {_one_line(exc)}", err=True)
            ctx.exit(1)
        finally:
            release(captured)


def _one_line(exc: BaseException) -> str:
    """The one-line message for a failure: coded for everything kg knows about."""
    from .errors import MESSAGES

    if isinstance(exc, KgError):
        return f"error: {exc}"
    if isinstance(exc, MemoryError):
        return f"error: [E901] {MESSAGES['E901'].format(detail='')}"
    if isinstance(exc, OSError):
        detail = f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
        return f"error: [E902] {MESSAGES['E902'].format(detail=detail)}"
    return f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)"


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.version_option(package_name="kg")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """kg: knowledge graphs from Chinese policy and news documents."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", default="output", show_default=True, type=click.Path(path_type=Path),
              help="Folder for graph.ttl, graph.nt, graph.jsonld, graph.html and the store/ folder.")
@click.option("--rules", "rules", multiple=True, type=click.Path(path_type=Path),
              help="An extra rule file (YAML) to use with the built-in rules; repeatable.")
@click.option("--format", "formats", multiple=True, metavar="NAME",
              help="An RDF file format to write (turtle, nt, jsonld, nq ...); repeatable. "
                   "Default: turtle, nt and jsonld.")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("--no-store", is_flag=True, help="Do not write the Oxigraph store (store/).")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, outputs untouched) on any SHACL violation.")
@click.option("--infer", is_flag=True, help="Add RDFS entailments from the ontology (e.g. schema:Organization types).")
@click.option("--max-nodes", default=300, show_default=True, help="Most important entities drawn in graph.html.")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (default: one per core).")
@click.option("--segmenter", type=click.Choice(["jieba", "rjieba"]), default="rjieba", show_default=True,
              help="Segmentation backend: rjieba (jieba's algorithm in Rust with kg's jieba dictionary: "
                   "the same tokens, faster) or jieba itself, the reference.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run the per-document stages in local processes or on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (with --executor dask).")
@click.option("--cache-dir", type=click.Path(path_type=Path),
              help="Folder of the build cache (default: $KG_CACHE_DIR or ~/.cache/kg).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache.")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help="File names read inside folders (repeatable; default *.txt and *.md). "
                   "README, LICENSE and CHANGELOG files are never read from folders.")
@click.option("--strict-input", is_flag=True, help="Fail on any input file that would be skipped.")
@click.option("--encoding-errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True,
              help="strict: a file with undecodable bytes is refused; replace: they become U+FFFD (counted).")
@click.option("--max-file-size", default="20MB", show_default=True, metavar="SIZE",
              help="Refuse input files larger than this (e.g. 20MB, 512KB).")
@click.option("--big5", is_flag=True, help="Also accept Big5 (traditional Chinese) files.")
@click.option("--wait", is_flag=True, help="Wait for another build into the same --out folder to finish.")
def build(inputs, out, rules, formats, no_html, no_store, no_validate, strict, infer, max_nodes, jobs,
          segmenter, executor, scheduler, cache_dir, no_cache, globs, strict_input, encoding_errors,
          max_file_size, big5, wait) -> None:
    """Build a knowledge graph from INPUTS (.txt/.md files or folders; default: seeds/)."""
    from .corpus import DEFAULT_GLOBS
    from .pipeline import DEFAULT_FORMATS, BuildOptions, build as run_build

    options = BuildOptions(inputs=list(inputs) or ["seeds"], out=out, rules=list(rules),
                           formats=list(formats) or list(DEFAULT_FORMATS),
                           html=not no_html, store=not no_store, validate=not no_validate, strict=strict,
                           infer=infer, max_nodes=max_nodes, jobs=jobs, segmenter=segmenter,
                           executor=executor, scheduler=scheduler,
                           cache_dir="" if no_cache else (str(cache_dir) if cache_dir else None),
                           glob=tuple(globs) or DEFAULT_GLOBS, strict_input=strict_input,
                           encoding_errors=encoding_errors, max_file_size=_size(max_file_size), big5=big5,
                           wait=wait)
    result = run_build(options, progress=_progress)
    _print_summary(result, click.get_current_context().meta.get("kg.warnings"))


def _print_inputs(result, captured) -> None:
    """Skipped, duplicate and excluded inputs, reading warnings, and captured library warnings:
    each skip or warning once on stderr (coded) and in the summary."""
    echo = click.echo
    scan = result.scan
    if scan is not None:
        for skipped in scan.skipped:
            echo(f"kg: warning: {skipped.message}", err=True)
        if scan.skipped:
            echo(f"skipped: {len(scan.skipped)} file(s)")
            for skipped in scan.skipped:
                echo(f"  {skipped.path}  [{skipped.code}]")
        for duplicate in scan.duplicates:
            echo(f"  skipped duplicate: {duplicate.message}")
        if scan.excluded:
            echo(f"  not read (README/LICENSE/CHANGELOG): {len(scan.excluded)} file(s)")
    for doc in result.documents:
        for warning in getattr(doc, "warnings", ()):
            echo(f"kg: warning: {warning}", err=True)
    if captured is not None and captured.count:
        echo(f"library warnings: {captured.count} (run with --debug to see them)")


def _print_summary(result, captured=None) -> None:
    echo = click.echo
    if result.up_to_date:
        echo(f"up to date: {len(result.documents)} document(s) unchanged since the last build of {result.out}")
        echo("wrote: nothing (" + ", ".join(str(p) for p in result.written) + " are current)")
        return
    cached = len(result.cached)
    echo(f"documents: {len(result.documents)}  sentences: {result.sentences}"
         + (f"  (from the cache: {cached})" if cached else ""))
    _print_inputs(result, captured)
    shown = result.documents if len(result.documents) <= 20 else \
        [d for d in result.documents if not d.encoding.startswith("utf-8") or getattr(d, "replaced", 0)]
    for doc in shown:
        replaced = getattr(doc, "replaced", 0)
        echo(f"  {doc.path}  encoding={doc.encoding}  sentences={doc.sentences}"
             f"  boilerplate lines dropped={doc.boilerplate_lines}"
             + (f"  bytes replaced={replaced}" if replaced else "") + ("  (cached)" if doc.cached else ""))
    if len(shown) < len(result.documents):
        encodings = Counter(d.encoding for d in result.documents)
        echo("  encodings: " + ", ".join(f"{e} {n}" for e, n in sorted(encodings.items()))
             + "  (files not in UTF-8 are listed above)")
    for duplicate in result.duplicates:
        echo(f"  skipped duplicate: {duplicate}")
    total = sum(result.entities.values())
    echo(f"entities: {total}  (" + ", ".join(f"{t} {n}" for t, n in sorted(result.entities.items())) + ")")
    echo(f"mentions: {result.mentions}  statistics: {result.statistics}")
    echo(f"relations: {sum(result.relations.values())} distinct, from {result.assertions} assertions  ("
         + ", ".join(f"{p} {n}" for p, n in sorted(result.relations.items())) + ")")
    echo(f"triples: {result.triples}")
    if result.violations is not None:
        echo(f"validation: {len(result.violations)} SHACL violation(s)"
             + ("" if not result.violations else " (run 'kg validate' for the list)"))
    echo("time: " + ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in result.seconds.items()))
    if result.cpu:
        echo("cpu in workers: " + ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in result.cpu.items()))
    echo("wrote: " + ", ".join(str(p) for p in result.written))


@cli.command()
@click.argument("args", nargs=-1)
@click.option("--file", "query_file", type=click.Path(path_type=Path), help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES + GRAPH_FORMAT_CHOICES), default=None,
              help="SELECT/ASK: table (default), csv, tsv, json.  CONSTRUCT/DESCRIBE: ttl (default), nt, jsonld.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="Query engine.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A named query's parameter (bound as a typed term, never pasted); repeatable.")
@click.option("--output", "output", type=click.Path(path_type=Path),
              help="Write the result to this file (atomically) instead of standard output.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Stop the query after this many seconds (exit 1, [E307]).")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Refuse answers with more rows than this ([E308]); add LIMIT to the query.")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE (federated queries to other endpoints): this reaches the network.")
def query(args, query_file, fmt, engine, list_queries, params, output, timeout, max_rows, allow_service) -> None:
    """Run SPARQL over a store or an RDF file.

    \b
      kg query STORE 'SELECT ...'        a query given inline (or --file Q.rq)
      kg query NAME STORE [--param k=v]  a named query (kg query --list)

    STORE is a store folder (output/store/) or a .ttl/.nt/.nq/.trig/.jsonld file.  Common
    prefixes (kg:, kgr:, rdfs:, skos:, nif:, prov:, schema:, org:, dcterms: ...) are predeclared."""
    from . import named
    from .errors import QueryError
    from .query import format_result, run_bounded
    from .query_output import check_format, engine_warning, file_hint, format_graph

    if list_queries:
        for name, item in named.named_queries().items():
            click.echo(f"{name:12} {item.title}")
            for param in item.params:
                need = ", required" if param.required else ""
                click.echo(f"{'':12}   --param {param.name}=...  ({param.type}{need}) {param.help}")
        return
    if len(args) == 2 and args[0] in named.named_queries() and query_file is None:
        name, graph = args
        sparql = named.get(name).sparql
    else:
        if not args or len(args) > 2:
            raise QueryError("E304")
        graph, sparql, name = Path(args[0]), (args[1] if len(args) == 2 else None), None
        if (sparql is None) == (query_file is None):
            raise QueryError("E304")
        if params:
            raise QueryError("E313", name=params[0], detail="--param applies to named queries only (kg query --list)")
        if query_file is not None:
            try:
                sparql = query_file.read_text(encoding="utf-8")
            except OSError as exc:
                raise QueryError("E302", path=query_file, detail=exc.strerror or exc) from exc
    warning = engine_warning(sparql, engine)
    if warning:
        click.echo(warning, err=True)
    bindings = named.bindings(named.get(name), named.parse_params(list(params))) if name is not None else None
    result = run_bounded(graph, sparql, engine, timeout=timeout, max_rows=max_rows,
                         allow_service=allow_service, bindings=bindings)
    fmt = check_format(result, fmt)
    hint = file_hint(graph)      # after the query, so an error stays one line
    if hint:
        click.echo(hint, err=True)
    if fmt == "table" and output is None:
        _print_table(result)
        return
    if fmt == "table":
        fmt = "tsv"
    text = format_graph(result.triples, fmt) if result.triples is not None else format_result(result, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        from .export import write_atomic

        write_atomic(output, text.encode("utf-8"))
        click.echo(f"wrote: {output}", err=True)


def _print_table(result) -> None:
    from rich.console import Console
    from rich.table import Table

    from .query import compact

    console = Console(soft_wrap=False)
    if result.boolean is not None:
        console.print(str(result.boolean).lower(), markup=False)
        return
    table = Table(show_lines=False)
    for variable in result.variables:
        table.add_column(variable, overflow="fold")
    for row in result.rows:
        table.add_row(*[compact(row.get(v)) for v in result.variables])
    console.print(table)
    console.print(f"{len(result.rows)} row(s)", markup=False)


@cli.command("serve")
@click.argument("source", required=False, default="output/store", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Most result rows (or triples) one answer may hold.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes.")
def serve_command(source: Path, host: str, port: int, timeout: float, max_rows: int, workers: int) -> None:
    """Serve SOURCE (a store folder, default output/store, or an RDF file) as a read-only SPARQL
    1.1 endpoint at /sparql, with the graph view at / and a query page at /ui."""
    from .serve import serve

    serve(source, host, port, timeout, max_rows, workers, echo=lambda text: click.echo(text, err=True))


@cli.command("export")
@click.argument("store", type=click.Path(path_type=Path))
@click.option("--format", "formats", multiple=True, required=True,
              help="graphml, neo4j, turtle, nt, nq, trig or jsonld; repeatable.")
@click.option("--out", "out", default=".", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the exported files.")
def export_command(store: Path, formats, out: Path) -> None:
    """Export STORE (a store folder or an RDF file) in each --format, files written atomically."""
    from .exporters import EXPORTERS
    from .store import open_store

    chosen = [EXPORTERS.get(name) for name in formats]
    opened = open_store(store)
    for exporter in chosen:
        for path in exporter.export(opened, out):
            click.echo(f"wrote: {path}")


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--limit", default=50, show_default=True, help="Show at most this many violations.")
def validate(graph: Path, limit: int) -> None:
    """Check GRAPH against the SHACL shapes of the kg ontology; exit 1 when it does not conform."""
    from .validate import load_graph, validate_graph

    violations = validate_graph(load_graph(graph))
    if not violations:
        click.echo(f"{graph}: conforms (0 violations)")
        return
    for violation in violations[:limit]:
        click.echo(str(violation))
    if len(violations) > limit:
        click.echo(f"... and {len(violations) - limit} more")
    click.echo(f"{graph}: {len(violations)} violation(s)", err=True)
    sys.exit(1)


@cli.command("eval")
@click.argument("gold", nargs=-1, type=click.Path(path_type=Path))
@click.option("--peoples-daily", type=click.Path(path_type=Path),
              help="People's Daily NER .bio file (one character and BIO tag per line).")
@click.option("--msra", type=click.Path(path_type=Path),
              help="MSRA NER .bio file (same format as People's Daily).")
@click.option("--cluener", type=click.Path(path_type=Path), help="CLUENER2020 .json file (one object per line).")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N benchmark sentences.")
@click.option("--errors", type=click.IntRange(min=0),
              help="Show the N most frequent missed and false-alarm strings per type.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_command(gold, peoples_daily, msra, cluener, limit, errors, fmt) -> None:
    """Score extraction against GOLD annotation files (.json) and public NER benchmarks."""
    from .evaluate import render_report, run

    if not gold and peoples_daily is None and msra is None and cluener is None:
        raise click.UsageError("give a gold .json file, --peoples-daily PATH, --msra PATH or --cluener PATH")
    report = run(list(gold), peoples_daily, cluener, limit, msra=msra)
    click.echo(render_report(report, fmt, errors), nl=False)


@cli.command("rules")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def rules_command(files) -> None:
    """Check rule files: load them with the built-in rules and run every example of FILES
    (no FILES: of the built-in rules).  Exit 1 if an example fails."""
    from .pipeline import Pipeline
    from .rulecheck import check_rules

    pipeline = Pipeline.load(list(files))
    chosen = [r for r in pipeline.ruleset.rules
              if not files or any(r.where.path.resolve() == Path(f).resolve() for f in files)]
    failures = check_rules(pipeline, chosen)
    for failure in failures:
        click.echo(str(failure))
    examples = sum(len(r.examples) for r in chosen)
    click.echo(f"{len(chosen)} rule(s), {examples} example(s), {len(failures)} failing",
               err=bool(failures))
    if failures:
        sys.exit(1)


@cli.command("view")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="HTML file to write (default: view.html in GRAPH's folder).")
@click.option("--focus", default=None, help="Draw this entity (label or alias) and its neighbourhood first.")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(0, 5), help="Neighbourhood depth for --focus.")
@click.option("--max-nodes", default=300, show_default=True, type=click.IntRange(1),
              help="Entities drawn on the first screen, most important first.")
@click.option("--types", default=None, help="Entity types drawn first, comma-separated (e.g. Campaign,Policy).")
def view_command(graph: Path, out: Optional[Path], focus, hops, max_nodes, types) -> None:
    """Write an offline, explorable HTML view of GRAPH (a store folder from kg build, or a
    .ttl/.nt/.jsonld/.nq/.trig file)."""
    from .export import write_atomic
    from .view import open_graph, render_view

    store = open_graph(graph)
    wanted = [t.strip() for t in types.split(",") if t.strip()] if types else None
    page = render_view(store, title=f"kg · {graph.name}", focus=focus, hops=hops, max_nodes=max_nodes,
                       types=wanted)
    target = out or graph.parent / "view.html"      # beside the file or store folder, never inside a store
    write_atomic(target, page.encode("utf-8"))
    click.echo(f"wrote {target}")


def main(argv: Optional[list[str]] = None) -> None:
    """Console-script entry point (``kg`` and ``python -m kg``); errors are handled in KgGroup."""
    cli.main(args=list(sys.argv[1:] if argv is None else argv), prog_name="kg")
