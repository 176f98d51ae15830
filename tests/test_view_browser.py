"""The view in a real browser: Playwright driving Debian's chromium (never a downloaded browser).

On the sample's graph.html and on a synthetic graph of 3,000 entities with hostile labels:
nothing leaves file://, no console error, drawn counts match the data, search, filters,
expand, focus, legend colours, node and edge panels, and no payload ever runs.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kg.view import render_view

from .viewgraph import HOSTILE, LONG_TITLE, synthetic_store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
                                reason="Debian chromium not installed; .ci/run installs it")
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as play:
        context = play.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=CHROMIUM, args=ARGS, headless=True)
        context.outside = []                                   # every request that is not file://
        context.route(re.compile(r"^(?!file:).*"), lambda route: (context.outside.append(route.request.url),
                                                                  route.abort()))
        yield context
        context.close()


class View:
    """One loaded page, with the console errors it logged."""

    def __init__(self, context, path: Path):
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=30000)
        self.data = json.loads(self.page.evaluate("document.getElementById('kg-data').textContent"))

    def js(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def idx(self, label: str) -> int:
        return next(i for i, n in enumerate(self.data["nodes"]) if n[1] == label)

    def counts(self) -> tuple[int, int]:
        return tuple(self.js("[kgView.nodeView.length, kgView.edgeView.length]"))

    def click_canvas(self, x: float, y: float) -> None:
        """Move the view onto canvas point (x, y) at zoom 1.5, as a reader would, and click it."""
        self.js("p => kgView.network.moveTo({position: p, scale: 1.5, animation: false})", {"x": x, "y": y})
        box = self.page.locator("#graph canvas").bounding_box()
        dom = self.js("p => kgView.network.canvasToDOM(p)", {"x": x, "y": y})
        self.page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])

    def search(self, text: str) -> list[str]:
        self.page.fill("#search", text)
        return self.page.locator("#results button").all_text_contents()


def expected_edges(data, drawn: set[int]) -> int:
    return sum(1 for e in data["edges"] if e[0] in drawn and e[1] in drawn)


@pytest.fixture(scope="module")
def sample_page(browser, sample_build):
    _, out = sample_build
    return View(browser, out / "graph.html")


@pytest.fixture(scope="module")
def big_page(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "view.html"
    path.write_text(render_view(synthetic_store(entities=3000, edges=9000), title="synthetic <b>3000</b>"),
                    encoding="utf-8")
    return View(browser, path)


# A page behind another gets its animation frames throttled, and Playwright waits for frames
# before each action: bring the page a test uses to the front.
@pytest.fixture()
def sample_view(sample_page):
    sample_page.page.bring_to_front()
    return sample_page


@pytest.fixture()
def big_view(big_page):
    big_page.page.bring_to_front()
    return big_page


@pytest.mark.parametrize("name", ["sample_view", "big_view"])
def test_view_browser_offline_no_errors_counts_match(request, browser, name):
    view = request.getfixturevalue(name)
    drawn = {d[0] for d in view.data["drawn"]}
    assert view.counts() == (len(drawn), expected_edges(view.data, drawn))
    assert view.js("kgView.network.body.nodeIndices.length") == len(drawn)
    total = len(view.data["nodes"])
    assert f"shown {len(drawn)} of {total} entities" in view.page.text_content("#status")
    assert not view.errors and not browser.outside
    assert view.js("window.__xss") is None


def test_view_browser_sample_search_alias_long_title_no_match(sample_view):
    view = sample_view
    assert view.search("湖南")[:2] == ["湖南省", "湖南省委"]          # 湖南 is an alias of 湖南省
    assert "匹配" in view.page.text_content("#search-count")
    title = "中国共产党党委（党组）理论学习中心组学习规则"
    assert view.search(title)[0] == title                             # full labels, past 24 characters
    assert view.search("没有这个实体") == []
    assert view.page.text_content("#search-count") == "无匹配 no match"
    view.search("十九大")                                            # by keyboard: Enter takes the first
    view.page.press("#search", "Enter")
    assert view.page.text_content("#details .node-label") == "中国共产党第十九次全国代表大会"
    view.page.press("#search", "ArrowDown")
    assert view.js("document.activeElement.closest('#results') !== null")


def test_view_browser_node_panel_shows_iri_relations_and_mentions(sample_view):
    view = sample_view
    village = view.idx("沙洲村")
    pos = view.js("i => kgView.network.getPosition('n' + i)", village)
    view.click_canvas(pos["x"], pos["y"])
    view.page.wait_for_selector("#details[data-kind='node']")
    assert view.page.text_content("#details .node-label") == "沙洲村"
    assert view.page.text_content("#details code.iri") == view.data["nodes"][village][0]
    relations = view.page.text_content("#details .relations-list")
    assert "→ 位于 汝城县" in relations and "nested.place-in-place" in relations
    marks = view.page.locator("#details .documents-list mark").all_text_contents()
    assert marks and set(marks) == {"沙洲村"}
    assert "打造学习习近平新时代中国特色社会主义思想的示范组、模范班 (2020-08-18)" in view.page.text_content("#details")
    sparql = view.page.input_value("#details textarea")
    assert f"itsrdf:taIdentRef <{view.data['nodes'][village][0]}>" in sparql


def test_view_browser_edge_click_shows_evidence(sample_view):
    view = sample_view
    view.page.click("#btn-reset")
    a, b = view.idx("湖南省委书记"), view.idx("湖南省委")
    pa, pb = view.js("ids => kgView.network.getPositions(ids)", [f"n{a}", f"n{b}"]).values()
    view.click_canvas(pa["x"] + (pb["x"] - pa["x"]) * 0.4, pa["y"] + (pb["y"] - pa["y"]) * 0.4)
    view.page.wait_for_selector("#details[data-kind='edge']")
    details = view.page.text_content("#details")
    assert "职务所在机构" in details and "nested.position-in-org" in details
    sentence = view.page.locator("#details .sentence").first
    assert "".join(sentence.locator("mark").all_text_contents()) == "省委书记"      # 省委 inside 省委书记
    assert sentence.locator("mark.obj").all_text_contents() == ["省委"]


def test_view_browser_legend_colours_survive_toggling_by_keyboard(sample_view):
    view = sample_view
    view.page.click("#btn-reset")
    place = next(t for t in view.data["types"] if t[0] == "Place")
    drawn_places = sum(1 for d in view.data["drawn"] if view.data["types"][view.data["nodes"][d[0]][2]][0] == "Place")
    before = view.counts()[0]
    button = view.page.locator("#legend button[data-type='Place']")
    button.focus()
    view.page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "false"
    assert view.counts()[0] == before - drawn_places
    view.page.keyboard.press("Space")
    assert view.counts()[0] == before
    hunan = view.idx("湖南省")
    colour = view.js("i => kgView.network.body.nodes['n' + i].options.color.background", hunan)
    assert colour == place[3]


def test_view_browser_filters_relation_and_degree(sample_view):
    view = sample_view
    view.page.click("#btn-reset")
    nodes, edges = view.counts()
    proposed = sum(1 for e in view.data["edges"] if view.data["preds"][e[2]][0] == "proposedBy")
    view.page.uncheck("#relations input[data-pred='proposedBy']")
    assert view.counts()[1] == edges - proposed
    view.page.check("#relations input[data-pred='proposedBy']")
    view.page.fill("#min-degree", "2")
    degree = [0] * len(view.data["nodes"])
    for e in view.data["edges"]:
        degree[e[0]] += 1
        degree[e[1]] += 1
    assert view.counts()[0] == sum(1 for d in view.data["drawn"] if degree[d[0]] >= 2)
    view.page.fill("#min-degree", "0")
    view.page.check("#hide-isolated")
    assert view.counts()[0] == sum(1 for d in view.data["drawn"] if degree[d[0]] >= 1)
    view.page.uncheck("#hide-isolated")
    assert view.counts() == (nodes, edges)
    view.page.fill("#min-degree", "99")                  # choosing a node a filter hides is no error
    view.js("i => kgView.choose(i)", view.idx("沙洲村"))
    assert view.page.text_content("#details .node-label") == "沙洲村" and not view.errors
    view.page.fill("#min-degree", "0")


def test_view_browser_layers_language_layout(sample_view):
    view = sample_view
    view.page.click("#btn-reset")
    nodes, edges = view.counts()
    view.page.check("#layer-docs")
    assert view.counts()[0] == nodes + 1                                 # the one document
    view.page.uncheck("#layer-docs")
    view.page.check("#layer-co")
    assert view.counts()[1] > edges
    view.page.uncheck("#layer-co")
    view.page.click("#btn-lang")
    labels = view.js("kgView.edges.get().map(e => e.label)")
    assert "located in" in labels and "位于" not in labels
    view.page.click("#btn-lang")
    view.page.click("#btn-layout")
    assert view.js("kgView.network.physics.options.enabled") is True
    view.page.click("#btn-layout")
    assert view.js("kgView.network.physics.options.enabled") is False
    scale = view.js("kgView.network.getScale()")
    view.page.click("#btn-zoom-in")
    assert view.js("kgView.network.getScale()") > scale


def test_view_browser_big_search_brings_in_undrawn_entity(big_view):
    view = big_view
    drawn = {d[0] for d in view.data["drawn"]}
    hidden = next(i for i in range(len(view.data["nodes"]))
                  if i not in drawn and view.data["nodes"][i][3])        # not drawn, has an alias
    alias = view.data["nodes"][hidden][3][0]
    assert view.search(alias)[0] == view.data["nodes"][hidden][1]
    view.page.locator("#results button").first.click()
    assert view.js("i => kgView.nodes.get('n' + i) !== null", hidden)
    assert view.page.text_content("#details .node-label") == view.data["nodes"][hidden][1]
    assert view.search(LONG_TITLE)[0] == LONG_TITLE
    assert view.search("绝对没有的名字") == []


def test_view_browser_big_expand_and_focus(big_view):
    view = big_view
    view.page.click("#btn-reset")
    top = view.data["drawn"][-1][0]
    neighbours = {e[1] if e[0] == top else e[0] for e in view.data["edges"] if top in (e[0], e[1])}
    view.js("i => kgView.choose(i)", top)
    before = set(view.js("kgView.nodes.getIds()"))
    view.page.click("#btn-expand")
    after = set(view.js("kgView.nodes.getIds()"))
    assert {f"n{i}" for i in neighbours} <= after and after - before == {f"n{i}" for i in neighbours} - before
    view.page.click("#btn-focus")
    assert set(view.js("kgView.nodes.getIds()")) == {f"n{top}"} | {f"n{i}" for i in neighbours}
    assert not view.errors


def test_view_browser_hostile_labels_never_run(big_view):
    view = big_view
    for label in HOSTILE:
        assert view.search(label)[0] == label
        view.page.locator("#results button").first.click()
        assert view.page.text_content("#details .node-label") == label
    view.page.check("#layer-docs")                                # a document title holds <b>
    assert view.js("window.__xss") is None
    assert view.js("document.querySelectorAll('img, svg:not(.vis-network svg), b, iframe').length") == 0
    assert view.page.title() == "synthetic <b>3000</b>"
    assert not view.errors


def test_view_browser_hostile_build_page(browser, hostile_build):
    _, out = hostile_build
    view = View(browser, out / "graph.html")
    for i in range(len(view.data["nodes"])):
        view.js("i => kgView.choose(i)", i)
    assert view.js("window.__xss") is None and not view.errors
    assert view.js("document.body.dataset.pwned") is None
    assert view.js("document.querySelectorAll('img, a, script:not([id]):not([src])').length") == 2   # our 2 scripts
