"""kg serve, started for real on a free port: the SPARQL 1.1 Protocol with SPARQLWrapper and plain
HTTP, content negotiation, every form of update refused with the store's bytes unchanged, the
timeout stopping a runaway query, the row cap, and 50 concurrent queries."""
from __future__ import annotations

import hashlib
import re
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import ROOT

COUNT_PLACES = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Place }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def store_digest(folder) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def server(sample_store_dir):
    store = sample_store_dir / "store"
    before = store_digest(store)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(store), "--port", str(port),
                                "--timeout", "2", "--max-rows", "2000", "--workers", "2"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=5).read()
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("kg serve did not start: " + process.stderr.read())
            time.sleep(0.2)
    yield url, store, before
    process.terminate()
    process.wait(10)


def get(url: str, query: str, accept: str = "*/*", path: str = "/sparql"):
    request = urllib.request.Request(url + path + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read().decode("utf-8")


def post(url: str, data: bytes, content_type: str, accept: str = "*/*"):
    request = urllib.request.Request(url + "/sparql", data=data, method="POST",
                                     headers={"Content-Type": content_type, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read().decode("utf-8")


def test_serve_sparqlwrapper_select_in_every_result_format(server):
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    url, _, _ = server
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery("PREFIX kg: <https://w3id.org/kg-cn/ontology#> " + COUNT_PLACES)
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "9"
    client.setReturnFormat(XML)
    xml = client.query().convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == "9"
    client.setReturnFormat(CSV)
    assert client.query().convert().decode("utf-8").split() == ["n", "9"]
    client.setReturnFormat(TSV)
    assert client.query().convert().decode("utf-8").split() == \
        ["?n", '"9"^^<http://www.w3.org/2001/XMLSchema#integer>']


def test_serve_sparqlwrapper_construct_and_post(server):
    from SPARQLWrapper import JSONLD, POST, TURTLE, SPARQLWrapper

    url, _, _ = server
    client = SPARQLWrapper(url + "/sparql")
    client.setMethod(POST)
    client.setQuery("CONSTRUCT { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE "
                    "{ ?p a <https://w3id.org/kg-cn/ontology#Place> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert().decode("utf-8")
    assert 'kgr:place-431026\n    rdfs:label "汝城县"@zh' in turtle
    client.setReturnFormat(JSONLD)
    graph = client.query().convert()           # an rdflib graph, parsed from our JSON-LD
    assert len(graph) == 9


@pytest.mark.parametrize("accept, media, first", [
    ("application/sparql-results+json", "application/sparql-results+json", '{"head"'),
    ("application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
    ("text/csv", "text/csv", "n\r\n9"),
    ("text/tab-separated-values", "text/tab-separated-values", "?n\n"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv", "n"),
    ("*/*", "application/sparql-results+json", '{"head"'),
])
def test_serve_negotiates_select_results(server, accept, media, first):
    status, content_type, body = get(server[0], COUNT_PLACES, accept)
    assert status == 200 and content_type.startswith(media) and body.startswith(first)


@pytest.mark.parametrize("accept, media", [("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
                                           ("application/ld+json", "application/ld+json")])
def test_serve_negotiates_graphs(server, accept, media):
    status, content_type, body = get(server[0], "DESCRIBE kgr:place-431026", accept)
    assert status == 200 and content_type.startswith(media) and "place-431026" in body
    if media == "application/ld+json":
        assert json.loads(body)["@graph"][0]["label"] == {"zh": "汝城县"}


def test_serve_unacceptable_type_is_406(server):
    status, _, body = get(server[0], COUNT_PLACES, "image/png")
    assert status == 406 and "application/sparql-results+json" in body


def test_serve_post_forms(server):
    url = server[0]
    form = urllib.parse.urlencode({"query": COUNT_PLACES}).encode()
    assert post(url, form, "application/x-www-form-urlencoded", "text/csv")[2].split() == ["n", "9"]
    assert post(url, COUNT_PLACES.encode(), "application/sparql-query", "text/csv")[2].split() == ["n", "9"]
    assert post(url, b"x", "text/plain")[0] == 415


UPDATES = ['INSERT DATA { <urn:a> <urn:b> "c" }', "DELETE WHERE { ?s ?p ?o }", "DROP ALL", "CLEAR DEFAULT",
           "LOAD <file:///etc/passwd>", "CREATE GRAPH <urn:g>", "ADD DEFAULT TO <urn:g>",
           "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }"]


@pytest.mark.parametrize("update", UPDATES)
def test_serve_refuses_every_form_of_update(server, update):
    url, store, before = server
    answers = [post(url, update.encode(), "application/sparql-update"),
               post(url, urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
               get(url, "", path="/sparql?" + urllib.parse.urlencode({"update": update}) + "&x"),
               get(url, update)]
    assert [a[0] for a in answers[:3]] == [403, 403, 403] and "read-only" in answers[0][2]
    assert answers[3][0] == 400
    assert get(url, COUNT_PLACES, "text/csv")[2].split() == ["n", "9"]
    assert store_digest(store) == before


def test_serve_sparqlwrapper_update_is_refused(server):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    url, store, before = server
    client = SPARQLWrapper(url + "/sparql")
    client.setMethod(POST)
    client.setQuery('INSERT DATA { <urn:a> <urn:b> "c" }')
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client.query()
    assert store_digest(store) == before


def test_serve_stops_a_runaway_query_at_the_timeout(server):
    url = server[0]
    started = time.monotonic()
    status, _, body = get(url, RUNAWAY)
    elapsed = time.monotonic() - started
    assert status == 503 and "timed out after" in body and "--timeout 2" in body
    assert 1.9 < elapsed < 6
    assert get(url, COUNT_PLACES, "text/csv")[0] == 200      # a fresh worker took over


def test_serve_caps_rows(server):
    status, _, body = get(server[0], "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and "more than 2000 rows" in body


def test_serve_refuses_service(server):
    status, _, body = get(server[0], "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 403 and "SERVICE" in body


def test_serve_answers_50_concurrent_queries(server):
    url = server[0]
    queries = [f"SELECT ?l WHERE {{ ?p a kg:Place ; rdfs:label ?l }} ORDER BY ?l LIMIT {1 + i % 9}" for i in range(50)]
    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(lambda q: get(url, q, "text/csv"), queries))
    assert [a[0] for a in answers] == [200] * 50
    assert [len(a[2].split()) - 1 for a in answers] == [1 + i % 9 for i in range(50)]


def test_serve_pages_have_no_cdn(server):
    url = server[0]
    for path in ("/", "/ui"):
        with urllib.request.urlopen(url + path, timeout=10) as response:
            page = response.read().decode("utf-8")
        assert response.headers["Content-Type"].startswith("text/html")
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", page, re.I)
    with urllib.request.urlopen(url + "/", timeout=10) as response:
        assert "vis" in response.read().decode("utf-8").lower()       # the build's graph.html


def test_serve_busy_port_is_a_coded_error(sample_store_dir):
    from kg.errors import QueryError
    from kg.serve import serve

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(QueryError) as info:
            serve(sample_store_dir / "store", port=busy.getsockname()[1])
    assert info.value.code == "E315"


def test_serve_missing_source_is_a_coded_error(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    run = CliRunner().invoke(cli, ["serve", str(tmp_path / "nope")])
    assert run.exit_code != 0 and "E310" in run.stderr and "kg build writes output/store/" in run.stderr


def test_serve_binds_loopback_by_default():
    from click.testing import CliRunner

    from kg.cli import cli

    assert "127.0.0.1" in CliRunner().invoke(cli, ["serve", "--help"]).output


def test_serve_an_rdf_file_through_a_temporary_store(sample_store_dir):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(sample_store_dir / "graph.trig"),
                                "--port", str(port), "--workers", "1"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                status, _, body = get(url, COUNT_PLACES, "text/csv")
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.2)
        assert status == 200 and body.split() == ["n", "9"]
        graphs = get(url, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv")[2]
        assert graphs.split() == ["n", "2"]         # the document's graph and the ontology's
    finally:
        process.terminate()
        process.wait(10)
