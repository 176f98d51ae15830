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
    # --- reliability (issue 11): corpus-grade input ---------------------------------
    "E108": "{path}: not a regular file ({kind}); kg reads only regular files.",
    "E109": "{path}: file is {size} bytes, over the {limit}-byte limit; split it or raise --max-file-size.",
    "E110": "{path}: same content as {first}; read once.",
    "E111": "{path}: symbolic link loop; not followed.",
    "E112": "{path}: cannot list folder: {detail}.",
    "E113": "{path}: encoding '{encoding}' is not accepted: kg reads UTF-8/16/32 and Chinese encodings "
            "(GB18030, GBK, GB2312; Big5 with --big5){hint}.",
    "E114": "{path}: invalid {encoding} at byte {offset} ({detail}); "
            "use --encoding-errors replace to keep the rest of the file.",
    "E115": "no readable documents: {count} file(s) skipped ({first}).",
    "E116": "--strict-input: {detail}",
    "W101": "{path}: header date '{value}' is not a real date; dropped.",
    "W102": "{path}: {count} undecodable byte(s) replaced by U+FFFD.",
    "W103": "{path}: a sentence of {length} characters without sentence punctuation was cut "
            "into pieces of at most {limit}.",
    # --- end reliability input block ------------------------------------------------
    # E2xx: rules and lexicons
    "E201": "{path}:{line}: cannot parse rule file: {detail}.",
    "E202": "{path}:{line}: rule '{rule}': {detail}.",
    "E203": "{path}:{line}: rule '{rule}' has an unknown kind '{kind}'; known kinds: {known}.",
    "E204": "{path}:{line}: rule id '{rule}' is used twice (first at {first}). Rule ids must be unique.",
    "E205": "{path}:{line}: rule '{rule}': invalid regular expression: {detail}.",
    "E206": "{path}:{line}: rule '{rule}': unknown entity type '{value}'; known types: {known}.",
    "E207": "{path}:{line}: rule '{rule}': unknown property '{value}'; known properties: {known}.",
    "E208": "{path}: lexicon file is malformed at line {line}: {detail}.",
    # --- reliability (issue 11): rule strictness and time budget ---------------------
    "E209": "{path}:{line}: rule '{rule}': regular expression ran past its {seconds}s budget on "
            "one sentence{where}; rewrite it without nested or overlapping repeats such as (a|aa)+.",
    "E210": "{path}:{line}: rule '{rule}': '{key}' must be {expected}, got {value!r}.",
    # --- end reliability rules block ------------------------------------------------
    # E3xx: queries
    "E301": "SPARQL syntax error: {detail}",
    "E302": "{path}: cannot load graph: {detail}.",
    "E303": "query failed: {detail}",
    "E304": "give a SPARQL query either as an argument or with --file, not both and not neither.",
    # --- reliability (issue 11): safe SPARQL ---------------------------------------
    "E305": "updates are refused: kg query is read-only ({detail}).",
    "E306": "SERVICE (federated query to {detail}) is refused: kg never uses the network; "
            "give --allow-service to allow it.",
    "E307": "query ran past its {seconds}s timeout; narrow it (add LIMIT or more patterns) or raise --timeout.",
    "E308": "query gave more than {limit} rows; add LIMIT or raise --max-rows.",
    # --- end reliability SPARQL block -----------------------------------------------
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
    # --- reliability (issue 11): whole-build output sets -----------------------------
    "E405": "{path}: another kg build is writing here (lock {lock}, pid {pid}); "
            "wait for it, or give --wait.",
    "E404": "{path}: cannot prepare the output folder: {detail}.",
    # --- end reliability output block -----------------------------------------------
    "E406": "unknown {what} '{name}'; known: {known}.",
    # E5xx: validation and evaluation
    "E501": "graph does not conform to the SHACL shapes: {count} violation(s) (run 'kg validate' for details).",
    "E502": "{path}: cannot load SHACL shapes: {detail}.",
    "E503": "{path}:{line}: gold file is malformed: {detail}.",
    "E504": "{path}: evaluation set not found. {detail}",
    # E7xx: the HTML view
    "E701": "{path}: cannot open graph: {detail}. Give a store folder written by 'kg build' or a "
            ".ttl, .nt, .jsonld, .nq or .trig file.",
    "E702": "no entity matches --focus '{label}'; try a shorter name or an alias.",
    "E703": "unknown entity type(s) {value} in --types; known types: {known}.",
    # E6xx: packaging
    "E601": "packaged resource '{name}' is missing; reinstall kg (pip install .).",
    "E602": "the '{name}' package is needed for this option but cannot be imported ({detail}); reinstall kg (pip install .).",
    # --- reliability (issue 11): last-resort failures --------------------------------
    "E901": "out of memory{detail}; build fewer or smaller files at once.",
    "E902": "operating system error: {detail}.",
    # --- end reliability last-resort block ------------------------------------------
    # E8xx: corpus builds (workers, cache, cluster)
    "E801": "a worker failed on {path}: {detail}",
    "E802": "--jobs must be at least 1, got {value}.",
    "E803": "cannot reach the Dask scheduler at {address}: {detail}. Start one with 'dask scheduler' or drop --executor dask.",
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

    def __reduce__(self):
        # Picklable with its code and fields, so worker processes can send errors back.
        return _rebuild, (type(self), self.code, self.fields)


def _rebuild(cls: type, code: str, fields: dict) -> "KgError":
    return cls(code, **fields)


class InputError(KgError):
    """A document could not be read."""


class RuleError(KgError):
    """A rule or lexicon file is malformed."""


class QueryError(KgError):
    """A SPARQL query or graph file is unusable."""


class OutputError(KgError):
    """An output could not be written."""


class ViewError(KgError):
    """The view cannot open its graph or was asked for something the graph does not have."""


class ValidationFailed(KgError):
    """SHACL validation failed in --strict mode, or gold data is malformed."""


class ResourceMissing(KgError):
    """A packaged data file is missing."""


# --- reliability (issue 11): warnings share the codes and the rendering of errors ---
def coded(code: str, **fields: object) -> str:
    """``[CODE] message`` for a warning or a skipped input (same table as errors)."""
    return str(KgError(code, **fields))
