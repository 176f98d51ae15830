"""render_view: store -> one offline HTML page (template, CSS, JS, vis-network, data).

The page is a single file: vis-network (from the installed pyvis package) and our
script are inlined and allowed by their SHA-256 hashes in the Content-Security-Policy,
so no other script can run, and nothing is fetched.  Data travels as a JSON block
(``script_json``) that the script reads with textContent and shows with textContent.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2
import pyoxigraph as ox

from ..errors import ViewError
from ..resources import data_path
from .data import load_model
from .layout import comentions, positions, rank, select
from .payload import TYPE_COLORS, build_payload, script_json
from .search import search


@lru_cache(maxsize=1)
def vis_library() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), \
        (lib / "vis-network.css").read_text(encoding="utf-8")


def csp_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_view(store: ox.Store | None, *, title: str, focus: str | None = None, hops: int = 1,
                max_nodes: int = 300, types: list[str] | None = None, digest=None) -> str:
    """The HTML page for the graph in ``store``.

    ``focus`` names an entity (label or alias; see kg.view.search) whose ``hops``-neighbourhood
    is drawn first; otherwise the ``max_nodes`` most important entities are.  ``types`` limits
    the first screen to those entity types (search still finds every entity).  ``digest``:
    the mentions already read from the graph's triples (kg build; see kg.view.digest); with
    one, ``store`` may be None (see kg.view.data.load_model).
    """
    model = load_model(store, digest)
    if types:
        unknown = sorted(set(types) - set(TYPE_COLORS))
        if unknown:
            raise ViewError("E703", value=", ".join(unknown), known=", ".join(TYPE_COLORS))
    scores = rank(model)
    focus_iri = None
    if focus:
        hits = search(model.entities, focus, scores)
        if not hits:
            raise ViewError("E702", label=focus)
        focus_iri = hits[0]
    drawn = select(model, scores, focus=[focus_iri] if focus_iri else None, hops=hops,
                   max_nodes=max_nodes, types=types)
    co = comentions(model)
    payload = build_payload(model, scores, drawn, positions(model, drawn, co), co, title=title, focus=focus_iri)
    vis_js, vis_css = vis_library()
    folder = data_path("view")
    app_js = (folder / "view.js").read_text(encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             keep_trailing_newline=True)
    return env.get_template("graph.html.j2").render(
        title=title, vis_js=vis_js, vis_css=vis_css, app_js=app_js,
        app_css=(folder / "view.css").read_text(encoding="utf-8"),
        script_hashes=" ".join([csp_hash(vis_js), csp_hash(app_js)]),
        shown=len(drawn), total=len(model.entities), data_json=script_json(payload))
