"""The Oxigraph store a build writes (output/store/): documents in their own named
graphs, the entity layer in the default graph, the ontology in its own graph."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from .errors import OutputError

ONTOLOGY_GRAPH = "https://w3id.org/kg-cn/ontology"


def load_store(folder: Optional[Path], nquads: Path):
    """Create the store at ``folder`` (None: in memory) from an N-Quads file with Oxigraph's
    bulk loader, and add the ontology in its named graph."""
    import pyoxigraph as ox

    from .resources import ontology_path

    try:
        store = ox.Store(str(folder)) if folder is not None else ox.Store()
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.bulk_load(path=str(ontology_path("kg.ttl")), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        store.flush()
    except (OSError, SyntaxError, ValueError) as exc:
        raise OutputError("E401", path=folder, detail=str(exc).splitlines()[0] if str(exc) else exc) from exc
    return store
