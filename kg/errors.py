"""Every error kg reports to a user, each with a code and an actionable message.

The CLI prints ``str(error)`` as one line on stderr and exits 1; ``--debug``
shows the traceback instead.  Messages say what was expected, what was found,
where, and how to fix it.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # E1xx: reading input
    "E101": "{path}: no such file or directory. Give a .txt or .md file, or a folder of them.",
    "E102": "{path}: unsupported file type '{suffix}'. kg reads .txt and .md files.",
    "E103": "{path}: no .txt or .md files found in this folder.",
    "E104": "{path}: file is empty (or only whitespace). Remove it or add text.",
    "E105": "{path}: cannot decode: not UTF-8 and no Chinese encoding detected ({detail}). "
            "Convert it to UTF-8 or GB18030.",
    "E106": "{path}: looks like a binary file (contains NUL bytes), not text.",
    "E107": "{path}: cannot read: {detail}.",
    # E2xx: rules and lexicons
    "E201": "{path}:{line}: cannot parse rule file: {detail}.",
    "E202": "{path}:{line}: rule '{rule}': {detail}.",
    "E203": "{path}:{line}: rule '{rule}' has an unknown kind '{kind}'; known kinds: {known}.",
    "E204": "{path}:{line}: rule id '{rule}' is used twice (first at {first}). Rule ids must be unique.",
    "E205": "{path}:{line}: rule '{rule}': invalid regular expression: {detail}.",
    "E206": "{path}:{line}: rule '{rule}': unknown entity type '{value}'; known types: {known}.",
    "E207": "{path}:{line}: rule '{rule}': unknown property '{value}'; known properties: {known}.",
    "E208": "{path}: lexicon file is malformed at line {line}: {detail}.",
    # E3xx: queries
    "E301": "SPARQL syntax error: {detail}",
    "E302": "{path}: cannot load graph: {detail}.",
    "E303": "query failed: {detail}",
    "E304": "give a SPARQL query either as an argument or with --file, not both and not neither.",
    # E31x: stores, named queries, exports and the endpoint
    "E310": "{path}: cannot open store: {detail}.",
    "E311": "{path}: cannot create store: {detail}.",
    "E312": "unknown named query '{name}'; known: {known} (see 'kg query --list').",
    "E313": "parameter '{name}': {detail}.",
    "E314": "--format {fmt} does not fit a {form} query; use {allowed}.",
    "E315": "cannot serve on {host}:{port}: {detail}.",
    "E316": "{path}: cannot export: {detail}.",
    # E4xx: outputs
    "E401": "{path}: cannot write output: {detail}.",
    "E402": "unknown output format '{name}'; known formats: {known}.",
    "E403": "unknown {what} '{name}'; known: {known}.",
    # E5xx: validation and evaluation
    "E501": "graph does not conform to the SHACL shapes: {count} violation(s) (run 'kg validate' for details).",
    "E502": "{path}: cannot load SHACL shapes: {detail}.",
    "E503": "{path}:{line}: gold file is malformed: {detail}.",
    "E504": "{path}: evaluation set not found. {detail}",
    # E6xx: packaging
    "E601": "packaged resource '{name}' is missing; reinstall kg (pip install .).",
    "E602": "the '{name}' package is needed for this option but cannot be imported ({detail}); reinstall kg (pip install .).",
    # E7xx: corpus builds (workers, cache, cluster)
    "E701": "a worker failed on {path}: {detail}",
    "E702": "--jobs must be at least 1, got {value}.",
    "E703": "cannot reach the Dask scheduler at {address}: {detail}. Start one with 'dask scheduler' or drop --executor dask.",
}


class KgError(Exception):
    """Base class: carries a code and renders its message from MESSAGES."""

    code = "E000"

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        template = MESSAGES.get(code, "{detail}")
        try:
            text = template.format(**fields)
        except (KeyError, IndexError):
            text = f"{template} {fields}"
        super().__init__(f"[{code}] {text}")


class InputError(KgError):
    """A document could not be read."""


class RuleError(KgError):
    """A rule or lexicon file is malformed."""


class QueryError(KgError):
    """A SPARQL query or graph file is unusable."""


class OutputError(KgError):
    """An output could not be written."""


class ValidationFailed(KgError):
    """SHACL validation failed in --strict mode, or gold data is malformed."""


class ResourceMissing(KgError):
    """A packaged data file is missing."""
