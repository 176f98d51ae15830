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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--max-nodes", default=300, show_default=True, help="Most important entities drawn first in graph.html.")
def build(inputs, out, rules, no_html, no_validate, strict, infer, max_nodes) -> None:
    """Build a knowledge graph from INPUTS (.txt/.md files or folders; default: seeds/)."""
    from .pipeline import BuildOptions, build as run_build

    options = BuildOptions(inputs=list(inputs) or ["seeds"], out=out, rules=list(rules),
                           html=not no_html, validate=not no_validate, strict=strict,
                           infer=infer, max_nodes=max_nodes)
    result = run_build(options, progress=_progress)
    _print_summary(result)


def _print_summary(result) -> None:
    echo = click.echo
    echo(f"documents: {len(result.documents)}  sentences: {result.sentences}")
    shown = result.documents if len(result.documents) <= 20 else \
        [d for d in result.documents if not d.encoding.startswith("utf-8")]
    for doc in shown:
        echo(f"  {doc.path}  encoding={doc.encoding}  sentences={len(doc.sentences)}"
             f"  boilerplate lines dropped={doc.boilerplate_lines}")
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
def query(graph: Path, sparql: Optional[str], query_file: Optional[Path], fmt: str, engine: str) -> None:
    """Run a SPARQL query over GRAPH (.ttl, .nt or .jsonld).  Common prefixes (kg:, kgr:,
    rdfs:, skos:, nif:, prov:, schema:, org:, dcterms: ...) are predeclared."""
    from .errors import QueryError
    from .query import format_result, run_query

    if (sparql is None) == (query_file is None):
        raise QueryError("E304")
    if query_file is not None:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError("E302", path=query_file, detail=exc.strerror or exc) from exc
    result = run_query(graph, sparql, engine)
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
    """Console-script entry point: one-line errors unless --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        code = cli.main(args=args, prog_name="kg", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Abort:
        click.echo("kg: aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KgError as exc:
        if debug:
            raise
        click.echo(f"kg: error: {exc}", err=True)
        sys.exit(1)
    except (OSError, MemoryError) as exc:
        if debug:
            raise
        click.echo(f"kg: error: {exc}", err=True)
        sys.exit(1)
    except SystemExit:
        raise
    except Exception as exc:  # an unexpected bug: still one line, with a hint
        if debug:
            raise
        click.echo(f"kg: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                   err=True)
        sys.exit(1)
