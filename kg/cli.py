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


def _progress(items: Iterable, total: int, label: str) -> Iterable:
    """A progress bar on a terminal when there is enough work to watch."""
    if total < 3 or not sys.stderr.isatty():
        return items
    from rich.progress import track

    return track(items, total=total, description=label, console=_stderr_console(), transient=True)


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
        return f"error: [E801] {MESSAGES['E801'].format(detail='')}"
    if isinstance(exc, OSError):
        detail = f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
        return f"error: [E802] {MESSAGES['E802'].format(detail=detail)}"
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
              help="Folder for graph.ttl, graph.nt, graph.jsonld and graph.html.")
@click.option("--rules", "rules", multiple=True, type=click.Path(path_type=Path),
              help="An extra rule file (YAML) to use with the built-in rules; repeatable.")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, outputs untouched) on any SHACL violation.")
@click.option("--infer", is_flag=True, help="Add RDFS entailments from the ontology (e.g. schema:Organization types).")
@click.option("--max-nodes", default=1500, show_default=True, help="Most central entities drawn in graph.html.")
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
def build(inputs, out, rules, no_html, no_validate, strict, infer, max_nodes, globs, strict_input,
          encoding_errors, max_file_size, big5, wait) -> None:
    """Build a knowledge graph from INPUTS (.txt/.md files or folders; default: seeds/)."""
    from .corpus import DEFAULT_GLOBS
    from .pipeline import BuildOptions, build as run_build

    options = BuildOptions(inputs=list(inputs) or ["seeds"], out=out, rules=list(rules),
                           html=not no_html, validate=not no_validate, strict=strict,
                           infer=infer, max_nodes=max_nodes, glob=tuple(globs) or DEFAULT_GLOBS,
                           strict_input=strict_input, encoding_errors=encoding_errors,
                           max_file_size=_size(max_file_size), big5=big5, wait=wait)
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
    echo(f"documents: {len(result.documents)}  sentences: {result.sentences}")
    _print_inputs(result, captured)
    shown = result.documents if len(result.documents) <= 20 else \
        [d for d in result.documents if not d.encoding.startswith("utf-8") or getattr(d, "replaced", 0)]
    for doc in shown:
        replaced = getattr(doc, "replaced", 0)
        echo(f"  {doc.path}  encoding={doc.encoding}  sentences={len(doc.sentences)}"
             f"  boilerplate lines dropped={doc.boilerplate_lines}"
             + (f"  bytes replaced={replaced}" if replaced else ""))
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
    echo("wrote: " + ", ".join(str(p) for p in result.written))


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path), help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="table", show_default=True)
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="Query engine.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Stop the query after this many seconds (exit 1, [E307]).")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Refuse answers with more rows than this ([E308]); add LIMIT to the query.")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE (federated queries to other endpoints): this reaches the network.")
def query(graph: Path, sparql: Optional[str], query_file: Optional[Path], fmt: str, engine: str,
          timeout: float, max_rows: int, allow_service: bool) -> None:
    """Run a SPARQL query over GRAPH (.ttl, .nt or .jsonld).  Common prefixes (kg:, kgr:,
    rdfs:, skos:, nif:, prov:, schema:, org:, dcterms: ...) are predeclared."""
    from .errors import QueryError
    from .query import format_result, run_bounded

    if (sparql is None) == (query_file is None):
        raise QueryError("E304")
    if query_file is not None:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError("E302", path=query_file, detail=exc.strerror or exc) from exc
    result = run_bounded(graph, sparql, engine, timeout=timeout, max_rows=max_rows,
                         allow_service=allow_service)
    if fmt == "table":
        _print_table(result)
    else:
        click.echo(format_result(result, fmt), nl=False)


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
@click.option("--cluener", type=click.Path(path_type=Path), help="CLUENER2020 .json file (one object per line).")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N benchmark sentences.")
@click.option("--errors", type=click.IntRange(min=0),
              help="Show the N most frequent missed and false-alarm strings per type.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_command(gold, peoples_daily, cluener, limit, errors, fmt) -> None:
    """Score extraction against GOLD annotation files (.json) and public NER benchmarks."""
    from .evaluate import render_report, run

    if not gold and peoples_daily is None and cluener is None:
        raise click.UsageError("give a gold .json file, --peoples-daily PATH or --cluener PATH")
    report = run(list(gold), peoples_daily, cluener, limit)
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


def main(argv: Optional[list[str]] = None) -> None:
    """Console-script entry point (``kg`` and ``python -m kg``); errors are handled in KgGroup."""
    cli.main(args=list(sys.argv[1:] if argv is None else argv), prog_name="kg")
