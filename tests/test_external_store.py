"""The external-store path: bulk-load the build's N-Quads (and the ontology) into a standalone
Oxigraph server with the ``oxigraph`` CLI from PyPI, serve it read-only, and get the same answers
to every named query as kg's own store.  The README's "External store" commands, run as written."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import named
from kg.query_output import run_named
from kg.resources import ontology_path
from kg.store import ONTOLOGY_GRAPH
from kg.vocab import PREFIXES


def oxigraph_cli() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph; it is in the test extra)")
    return found


@pytest.fixture(scope="module")
def external(sample_store_dir, tmp_path_factory):
    cli = oxigraph_cli()
    location = tmp_path_factory.mktemp("external") / "db"
    subprocess.run([cli, "load", "--location", str(location), "--file", str(sample_store_dir / "graph.nq")],
                   check=True, capture_output=True, timeout=120)
    subprocess.run([cli, "load", "--location", str(location), "--file", str(ontology_path("kg.ttl")),
                    "--graph", ONTOLOGY_GRAPH], check=True, capture_output=True, timeout=120)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([cli, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                               "--union-default-graph", "--timeout-s", "10"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5).read()
            break
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("oxigraph serve-read-only did not start")
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(10)


def remote_rows(url: str, sparql: str) -> list[tuple]:
    """Rows from the server as value tuples (TSV would keep datatypes; JSON keeps it simple)."""
    import json

    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": prefixes + sparql}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.loads(response.read())
    names = data["head"]["vars"]
    return sorted(tuple(b.get(n, {}).get("value", "") for n in names) for b in data["results"]["bindings"])


PARAMS = {"comentioned": {"entity": "习近平"}, "evidence": {"subject": "沙洲村", "relation": "kg:locatedIn"}}


@pytest.mark.parametrize("name", sorted(named.named_queries().names()))
def test_external_store_answers_named_queries_like_kg(external, sample_store_dir, name):
    params = PARAMS.get(name, {})
    local = run_named(name, sample_store_dir / "store", params)
    expected = sorted(tuple("" if r[v] is None else r[v].value for v in local.variables) for r in local.rows)
    query = named.get(name)
    assert expected and remote_rows(external, named.inline_values(query, named.bindings(query, params))) == expected


def test_external_store_is_read_only(external):
    request = urllib.request.Request(external.replace("/query", "/update"), data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)
    assert remote_rows(external, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0] != "0"
