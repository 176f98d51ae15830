// kg graph view.  Reads the JSON block written by kg/view/payload.py, builds vis DataSets
// directly (positions come precomputed, physics is off until "Start layout"), and shows every
// string from the data with textContent: nothing from the graph is ever parsed as HTML.
(function () {
  "use strict";
  var P = JSON.parse(document.getElementById("kg-data").textContent);
  var lang = "zh";
  var NODE = {IRI: 0, LABEL: 1, TYPE: 2, ALIASES: 3, RANK: 4, COUNT: 5, MENTIONS: 6, DOCS: 7};
  var MAX_BRING = 60;                       // neighbours brought in by one expand or search choice
  var MIN_START_SCALE = 0.75;               // below this the 14 px labels fall under 10.5 px
  var EDGE_LABELS = 600;                    // more edges than this: labels only in tooltips (each costs ~0.5 ms a frame)
  var LAYER_EDGES = 300;                    // edges one optional layer may add: vis spends ~0.3 ms on each

  // ---- indexes over the whole graph (drawn or not) ----
  var adjacency = P.nodes.map(function () { return []; });
  P.edges.forEach(function (e, i) { adjacency[e[0]].push(i); if (e[1] !== e[0]) { adjacency[e[1]].push(i); } });
  var degree = adjacency.map(function (list) { return list.length; });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function typeOf(i) { return P.types[P.nodes[i][NODE.TYPE]]; }
  function predLabel(p) { return lang === "zh" ? P.preds[p][1] : P.preds[p][2]; }
  function typeLabel(t) { return t[1] + " " + t[2]; }

  function nodeItem(i, x, y) {
    var n = P.nodes[i], t = typeOf(i), colour = t[3];
    return {
      id: "n" + i, idx: i, kind: "entity", type: t[0], label: n[NODE.LABEL].length > 30 ? n[NODE.LABEL].slice(0, 29) + "…" : n[NODE.LABEL],
      title: n[NODE.LABEL] + "\n" + typeLabel(t), x: x, y: y, size: 8 + 24 * Math.sqrt(n[NODE.RANK]),
      color: {background: colour, border: colour, highlight: {background: colour, border: "#222"},
              hover: {background: colour, border: "#222"}},
      font: {size: Math.round(14 + 10 * Math.sqrt(n[NODE.RANK])), color: "#222", strokeWidth: 3, strokeColor: "#ffffff"}
    };
  }
  function edgeItem(i) {
    var e = P.edges[i];
    return {id: "r" + i, idx: i, kind: "relation", pred: e[2], from: "n" + e[0], to: "n" + e[1], label: predLabel(e[2]),
            title: P.nodes[e[0]][NODE.LABEL] + " → " + predLabel(e[2]) + " → " + P.nodes[e[1]][NODE.LABEL],
            dashes: e[3] === 1, color: {color: e[3] === 1 ? "#c8c8c8" : "#9a9a9a", highlight: "#333"}};
  }

  // ---- data sets, filtered views, network ----
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var present = {};                         // ids in `nodes`, kept by DataSet events (faster than nodes.get)
  nodes.on("add", function (event, props) { props.items.forEach(function (id) { present[id] = true; }); });
  nodes.on("remove", function (event, props) { props.items.forEach(function (id) { delete present[id]; }); });
  var hiddenTypes = {}, hiddenPreds = {}, minDegree = 0, hideIsolated = false, layers = {docs: false, co: false};
  var visibleDegree = {};
  function entityPasses(item) {
    return !hiddenTypes[item.type] && degree[item.idx] >= minDegree;
  }
  function edgePasses(item) {
    if (item.kind === "relation") { return !hiddenPreds[item.pred]; }
    return item.kind === "co" ? layers.co : layers.docs;
  }
  var nodeView = new vis.DataView(nodes, {filter: function (item) {
    if (item.kind === "doc") { return layers.docs; }
    return entityPasses(item) && (!hideIsolated || visibleDegree[item.id] > 0);
  }});
  var edgeView = new vis.DataView(edges, {filter: edgePasses});
  var network = new vis.Network(document.getElementById("graph"), {nodes: nodeView, edges: edgeView}, {
    physics: {enabled: false, solver: "forceAtlas2Based", forceAtlas2Based: {gravitationalConstant: -60, springLength: 110},
              stabilization: false},
    layout: {improvedLayout: false, randomSeed: 7},
    nodes: {shape: "dot", scaling: {label: {drawThreshold: 4}}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, smooth: false, width: 1,
            font: {size: 13, align: "middle", color: "#444", strokeWidth: 3, strokeColor: "#ffffff"}},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: true, keyboard: false}
  });

  // Large changes go through bulk(): vis-network rebuilds in one pass from detached data sets,
  // instead of handling each add and remove event against everything already drawn.
  var attached = true;
  function bulk(fn) {
    var view = {position: network.getViewPosition(), scale: network.getScale()};
    attached = false;
    network.setData({nodes: new vis.DataSet(), edges: new vis.DataSet()});
    try { fn(); } finally {
      attached = true;
      network.setData({nodes: nodeView, edges: edgeView});
      network.moveTo({position: view.position, scale: view.scale, animation: false});
      edgeLabels();
    }
  }
  function posOf(item) {
    if (attached) { try { return network.getPosition(item.id); } catch (err) { /* not drawn yet */ } }
    return {x: item.x, y: item.y};
  }

  function refresh() {
    visibleDegree = {};
    var pass = {};
    nodes.forEach(function (n) { if (n.kind === "entity" && entityPasses(n)) { pass[n.id] = true; } });
    edges.forEach(function (e) {
      if (!edgePasses(e) || e.kind === "doc") { return; }
      if (pass[e.from] && pass[e.to]) {
        visibleDegree[e.from] = (visibleDegree[e.from] || 0) + 1;
        visibleDegree[e.to] = (visibleDegree[e.to] || 0) + 1;
      }
    });
    nodeView.refresh();
    edgeView.refresh();
    edgeLabels();
    status();
  }
  var labelsOn = true;
  function edgeLabels() {
    var want = edgeView.length <= EDGE_LABELS;
    if (want !== labelsOn && attached) {
      labelsOn = want;
      network.setOptions({edges: {font: {size: want ? 13 : 0}}, interaction: {hideEdgesOnZoom: !want}});
    }
  }
  function status() {
    var shown = 0;
    nodes.forEach(function (n) { if (n.kind === "entity") { shown += 1; } });
    var line = "显示 " + shown + " / " + P.nodes.length + " 个实体 · shown " + shown + " of " + P.nodes.length + " entities";
    var text = document.getElementById("status");
    if (layers.docs) { line += " · 文档 documents " + (layerNote.docsShown || 0) + " / " + (layerNote.docs || 0); }
    text.textContent = line;
    text.setAttribute("data-shown", String(shown));
  }

  // Add entities (with their relations to what is drawn) at the given or computed positions.
  function addEntities(list, anchor) {
    var centre = anchor !== undefined && present["n" + anchor] ? posOf(nodes.get("n" + anchor)) : {x: 0, y: 0};
    var fresh = list.filter(function (i) { return !present["n" + i]; });
    var items = fresh.map(function (i, k) {
      var angle = k * 2.399963, radius = 90 + 14 * Math.sqrt(k);
      return nodeItem(i, centre.x + radius * Math.cos(angle), centre.y + radius * Math.sin(angle));
    });
    nodes.add(items);
    linkRelations(fresh);
    refreshLayers();
  }
  function linkRelations(fresh) {
    var add = [];
    fresh.forEach(function (i) {
      adjacency[i].forEach(function (ei) {
        var e = P.edges[ei];
        if (present["n" + e[0]] && present["n" + e[1]] && !edges.get("r" + ei)) { add.push(edgeItem(ei)); }
      });
    });
    var seen = {};
    edges.add(add.filter(function (item) { if (seen[item.id]) { return false; } seen[item.id] = true; return true; }));
  }
  function neighboursOf(i) {
    var out = {};
    adjacency[i].forEach(function (ei) { var e = P.edges[ei]; out[e[0] === i ? e[1] : e[0]] = true; });
    return Object.keys(out).map(Number).sort(function (a, b) { return P.nodes[b][NODE.RANK] - P.nodes[a][NODE.RANK] || a - b; });
  }
  function showInitial() {
    bulk(function () {
      edges.clear(); nodes.clear();
      nodes.add(P.drawn.map(function (d) { return nodeItem(d[0], d[1], d[2]); }));
      linkRelations(P.drawn.map(function (d) { return d[0]; }));
      refreshLayers();
    });
  }

  // ---- optional layers: documents as nodes, co-mention edges ----
  var layerNote = {};
  function refreshLayers() {
    layerNote = {};
    edges.remove(edges.getIds({filter: function (e) { return e.kind !== "relation"; }}));
    nodes.remove(nodes.getIds({filter: function (n) { return n.kind === "doc"; }}));
    var drawn = nodes.get({filter: function (n) { return n.kind === "entity"; }});
    if (layers.docs) {
      var members = {};
      drawn.forEach(function (n) {
        P.nodes[n.idx][NODE.DOCS].forEach(function (dc) { (members[dc[0]] = members[dc[0]] || []).push([n, dc[1]]); });
      });
      var docItems = [], docEdges = [], budget = LAYER_EDGES;
      var order = Object.keys(members).sort(function (a, b) { return members[b].length - members[a].length || a - b; });
      layerNote.docs = order.length;
      order.forEach(function (d) {
        var list = members[d], x = 0, y = 0;
        if (list.length > budget) { return; }
        budget -= list.length;
        list.forEach(function (m) { var p = posOf(m[0]); x += p.x; y += p.y; });
        var doc = P.docs[d];
        docItems.push({id: "D" + d, idx: Number(d), kind: "doc", label: doc[1].length > 24 ? doc[1].slice(0, 23) + "…" : doc[1],
                       title: doc[1] + "\n" + doc[2], shape: "square", size: 10, x: x / list.length + 40, y: y / list.length - 40,
                       color: {background: P.documentColor, border: P.documentColor}, font: {size: 12, color: "#444"}});
        list.forEach(function (m) {
          docEdges.push({id: "d" + d + "-" + m[0].idx, kind: "doc", from: "D" + d, to: m[0].id, arrows: "",
                         color: {color: "#dddddd"}, title: doc[1] + " · " + m[1] + " 次提及 mentions"});
        });
      });
      nodes.add(docItems); edges.add(docEdges);
      layerNote.docsShown = docItems.length;
    }
    if (layers.co) {
      var add = [];
      P.co.forEach(function (c, k) {          // strongest first, so the budget keeps the strongest
        if (add.length < LAYER_EDGES && present["n" + c[0]] && present["n" + c[1]]) {
          add.push({id: "c" + k, kind: "co", from: "n" + c[0], to: "n" + c[1], arrows: "", dashes: [2, 4],
                    width: Math.min(6, 1 + Math.log(c[2]) * 1.5), color: {color: "#e3a857", opacity: 0.7},
                    title: "同句共现 co-mentioned in " + c[2] + " 句 sentence(s)"});
        }
      });
      edges.add(add);
    }
    refresh();
  }

  // ---- search: exact label > exact alias > prefix > substring (same order as kg/view/search.py) ----
  function searchTier(q, n) {
    var names = [n[NODE.LABEL].toLowerCase()].concat(n[NODE.ALIASES].map(function (a) { return a.toLowerCase(); }));
    if (names[0] === q) { return 0; }
    if (names.indexOf(q, 1) > 0) { return 1; }
    if (names.some(function (s) { return s.indexOf(q) === 0; })) { return 2; }
    if (names.some(function (s) { return s.indexOf(q) !== -1; })) { return 3; }
    return -1;
  }
  function search(query) {
    var q = query.trim().toLowerCase(), hits = [];
    if (!q) { return hits; }
    P.nodes.forEach(function (n, i) {
      var t = searchTier(q, n);
      if (t >= 0) { hits.push([t, -n[NODE.RANK], Array.from(n[NODE.LABEL]).length, n[NODE.LABEL], i]); }
    });
    hits.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0) || a[4] - b[4];
    });
    return hits.map(function (h) { return h[4]; });
  }
  var searchBox = document.getElementById("search"), results = document.getElementById("results");
  var searchCount = document.getElementById("search-count");
  function showResults() {
    var hits = search(searchBox.value);
    clear(results);
    if (!searchBox.value.trim()) { searchCount.textContent = ""; return hits; }
    searchCount.textContent = hits.length ? hits.length + " 个匹配 match" + (hits.length > 1 ? "es" : "") : "无匹配 no match";
    hits.slice(0, 50).forEach(function (i) {
      var li = el("li"), b = el("button", P.nodes[i][NODE.LABEL]);
      b.type = "button";
      b.title = typeLabel(typeOf(i)) + (present["n" + i] ? "" : " · 未显示 not drawn");
      b.setAttribute("data-idx", String(i));
      b.addEventListener("click", function () { choose(i); });
      li.appendChild(b); results.appendChild(li);
    });
    return hits;
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hits = showResults(); if (hits.length) { choose(hits[0]); } ev.preventDefault(); }
    if (ev.key === "ArrowDown" && results.querySelector("button")) { results.querySelector("button").focus(); ev.preventDefault(); }
  });
  function choose(i) {
    if (!present["n" + i]) {
      var near = neighboursOf(i).filter(function (j) { return present["n" + j]; })[0];
      var at = near !== undefined ? posOf(nodes.get("n" + near)) : {x: 0, y: 0};
      nodes.add(nodeItem(i, at.x + 70, at.y - 70));
      linkRelations([i]);
      addEntities(neighboursOf(i).slice(0, MAX_BRING), i);
    }
    if (hiddenTypes[typeOf(i)[0]]) { setType(typeOf(i)[0], false); }
    refresh();
    select(i);
    if (nodeView.get("n" + i)) { network.focus("n" + i, {scale: 1.2, animation: false}); }
  }

  // ---- selection, expand, focus ----
  var selected = null;
  var btnExpand = document.getElementById("btn-expand"), btnFocus = document.getElementById("btn-focus");
  function select(i) {
    selected = i;
    if (nodeView.get("n" + i)) { network.selectNodes(["n" + i]); }      // a filter may hide it
    btnExpand.disabled = btnFocus.disabled = false;
    showNode(i);
  }
  function expand(i) { addEntities(neighboursOf(i).slice(0, MAX_BRING), i); }
  function focusOn(i) {
    var p = present["n" + i] ? posOf(nodes.get("n" + i)) : {x: 0, y: 0};
    bulk(function () {
      edges.clear(); nodes.clear();
      nodes.add(nodeItem(i, p.x, p.y));
      addEntities(neighboursOf(i), i);
    });
    select(i);
    network.fit({animation: false});
  }
  btnExpand.addEventListener("click", function () { if (selected !== null) { expand(selected); } });
  btnFocus.addEventListener("click", function () { if (selected !== null) { focusOn(selected); } });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && params.nodes[0].charAt(0) === "n") { expand(Number(params.nodes[0].slice(1))); }
  });
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (id.charAt(0) === "n") { select(Number(id.slice(1))); } else { showDocument(nodes.get(id).idx); }
    } else if (params.edges.length) {
      var edge = edges.get(params.edges[0]);
      if (edge && edge.kind === "relation") { showEdge(edge.idx); }
    }
  });

  // ---- details panel ----
  var details = document.getElementById("details");
  function highlighted(sentence, spans) {
    // spans: [[start, end, cls]] in UTF-16 units; overlapping spans are split at every boundary.
    var text = P.sents[sentence][1], cuts = [0, text.length], out = el("div", null, "sentence");
    spans.forEach(function (s) { if (s[0] >= 0) { cuts.push(s[0], s[1]); } });
    cuts = cuts.filter(function (c, k, all) { return all.indexOf(c) === k && c <= text.length; }).sort(function (a, b) { return a - b; });
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1], cls = null;
      var width = Infinity;               // the innermost span covering the piece gives its colour
      spans.forEach(function (s) { if (s[0] >= 0 && s[0] <= a && b <= s[1] && s[1] - s[0] < width) { cls = s[2]; width = s[1] - s[0]; } });
      var piece = text.slice(a, b);
      out.appendChild(cls ? el("mark", piece, cls) : document.createTextNode(piece));
    }
    return out;
  }
  function docLine(d) {
    var doc = P.docs[d];
    return doc[1] + (doc[2] ? " (" + doc[2] + ")" : "");
  }
  function copyButton(text, what) {
    var b = el("button", "复制 Copy " + what, "copy");
    b.type = "button";
    b.addEventListener("click", function () {
      var done = function () { b.textContent = "已复制 Copied"; };
      var fallback = function () {
        var area = el("textarea"); area.value = text; document.body.appendChild(area); area.select();
        try { document.execCommand("copy"); done(); } catch (err) { b.textContent = "请手动复制 select and copy"; }
        document.body.removeChild(area);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) { navigator.clipboard.writeText(text).then(done, fallback); } else { fallback(); }
    });
    return b;
  }
  function nodeLink(i) {
    var b = el("button", P.nodes[i][NODE.LABEL], "link");
    b.type = "button";
    b.addEventListener("click", function () { choose(i); });
    return b;
  }
  function sparqlFor(iri) {
    return "PREFIX kg: <https://w3id.org/kg-cn/ontology#>\nPREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n" +
      "PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n" +
      "# where the entity is mentioned: document, sentence, offsets, rule\n" +
      "SELECT ?doc ?title ?sentence ?begin ?end ?rule WHERE {\n" +
      "  ?m itsrdf:taIdentRef <" + iri + "> ; nif:sentence ?s ; nif:beginIndex ?begin ; nif:endIndex ?end ;\n" +
      "     nif:referenceContext ?doc .\n  ?s nif:anchorOf ?sentence .\n" +
      "  OPTIONAL { ?doc dcterms:title ?title }\n  OPTIONAL { ?m kg:extractedBy/dcterms:identifier ?rule }\n" +
      "} ORDER BY ?doc ?begin\n\n# its relations, both directions:\n# SELECT ?p ?o WHERE { <" + iri + "> ?p ?o }\n" +
      "# SELECT ?s ?p WHERE { ?s ?p <" + iri + "> }\n";
  }
  function evidenceList(ei, box) {
    var e = P.edges[ei];
    if (e[3] === 1) { box.appendChild(el("p", "背景知识 background fact: " + (e[6].join(", ") || "—"), "rule")); }
    e[4].forEach(function (ev) {
      box.appendChild(highlighted(ev[0], [[ev[2], ev[3], "subj"], [ev[4], ev[5], "obj"]]));
      box.appendChild(el("div", "规则 rule " + P.rules[ev[1]] + " · " + docLine(P.sents[ev[0]][0]), "rule"));
    });
    if (e[5] > e[4].length) { box.appendChild(el("p", "另有 " + (e[5] - e[4].length) + " 条证据 more evidence (SPARQL)", "note")); }
  }
  function showNode(i) {
    var n = P.nodes[i], t = typeOf(i);
    clear(details);
    details.setAttribute("data-kind", "node");
    details.appendChild(el("h2", n[NODE.LABEL], "node-label"));
    details.appendChild(el("p", "类型 Type: " + typeLabel(t)));
    if (n[NODE.ALIASES].length) { details.appendChild(el("p", "别名 Aliases: " + n[NODE.ALIASES].join("、"), "aliases")); }
    var iri = el("p"); iri.appendChild(el("code", n[NODE.IRI], "iri")); iri.appendChild(document.createTextNode(" "));
    iri.appendChild(copyButton(n[NODE.IRI], "IRI")); details.appendChild(iri);
    details.appendChild(el("p", "重要性 importance " + n[NODE.RANK].toFixed(3) + " · 关系 relations " + degree[i] + " · 提及 mentions " + n[NODE.COUNT], "note"));
    details.appendChild(el("h3", "关系 Relations (" + adjacency[i].length + ")"));
    var rels = el("ul", null, "relations-list");
    adjacency[i].slice(0, 100).forEach(function (ei) {
      var e = P.edges[ei], out = e[0] === i, li = el("li");
      li.appendChild(el("span", (out ? "→ " : "← ") + predLabel(e[2]) + " ", "direction"));
      li.appendChild(nodeLink(out ? e[1] : e[0]));
      evidenceList(ei, li);
      rels.appendChild(li);
    });
    details.appendChild(rels);
    details.appendChild(el("h3", "文档 Documents (" + n[NODE.DOCS].length + ")"));
    var docs = el("ul", null, "documents-list");
    n[NODE.DOCS].slice(0, 50).forEach(function (dc) {
      var li = el("li"); li.appendChild(el("strong", docLine(dc[0]))); li.appendChild(el("span", " · " + dc[1] + " 次 mentions", "note"));
      n[NODE.MENTIONS].forEach(function (m) {
        if (P.sents[m[0]][0] !== dc[0]) { return; }
        li.appendChild(highlighted(m[0], [[m[1], m[2], "subj"]]));
        li.appendChild(el("div", "规则 rule " + P.rules[m[3]], "rule"));
      });
      docs.appendChild(li);
    });
    details.appendChild(docs);
    if (n[NODE.COUNT] > n[NODE.MENTIONS].length) {
      details.appendChild(el("p", "显示 " + n[NODE.MENTIONS].length + " / " + n[NODE.COUNT] + " 处提及 mentions; the query below lists all", "note"));
    }
    details.appendChild(el("h3", "SPARQL"));
    var area = el("textarea"); area.readOnly = true; area.value = sparqlFor(n[NODE.IRI]); area.setAttribute("aria-label", "SPARQL");
    details.appendChild(area); details.appendChild(copyButton(area.value, "SPARQL"));
  }
  function showEdge(ei) {
    var e = P.edges[ei];
    clear(details);
    details.setAttribute("data-kind", "edge");
    var head = el("h2", null, "edge-label");
    head.appendChild(nodeLink(e[0])); head.appendChild(document.createTextNode(" → " + predLabel(e[2]) + " → ")); head.appendChild(nodeLink(e[1]));
    details.appendChild(head);
    details.appendChild(el("p", P.preds[e[2]][1] + " · " + P.preds[e[2]][2] + " (kg:" + P.preds[e[2]][0] + ")", "note"));
    details.appendChild(el("h3", "证据 Evidence (" + e[5] + ")"));
    evidenceList(ei, details);
  }
  function showDocument(d) {
    clear(details);
    details.setAttribute("data-kind", "document");
    details.appendChild(el("h2", P.docs[d][1]));
    details.appendChild(el("p", P.docs[d][2], "note"));
    var iri = el("p"); iri.appendChild(el("code", P.docs[d][0], "iri")); iri.appendChild(copyButton(P.docs[d][0], "IRI"));
    details.appendChild(iri);
  }

  // ---- legend, filters, layers, toolbar ----
  var legend = document.getElementById("legend"), legendButtons = {};
  var drawnTypes = {};
  P.nodes.forEach(function (n) { drawnTypes[n[NODE.TYPE]] = (drawnTypes[n[NODE.TYPE]] || 0) + 1; });
  function setType(type, hidden) {
    hiddenTypes[type] = hidden;
    legendButtons[type].setAttribute("aria-pressed", hidden ? "false" : "true");
    refresh();
  }
  P.types.forEach(function (t, k) {
    var b = el("button"); b.type = "button"; b.setAttribute("aria-pressed", "true"); b.setAttribute("data-type", t[0]);
    var sw = el("span", null, "swatch"); sw.style.background = t[3];
    b.appendChild(sw); b.appendChild(el("span", typeLabel(t) + " (" + (drawnTypes[k] || 0) + ")"));
    b.addEventListener("click", function () { setType(t[0], !hiddenTypes[t[0]]); });
    legendButtons[t[0]] = b; legend.appendChild(b);
  });
  var relBox = document.getElementById("relations"), relLabels = [];
  P.preds.forEach(function (p, k) {
    var label = el("label"), box = el("input"), text = el("span", predLabel(k));
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-pred", p[0]);
    box.addEventListener("change", function () { hiddenPreds[k] = !box.checked; refresh(); });
    label.appendChild(box); label.appendChild(text); relBox.appendChild(label); relLabels.push(text);
  });
  document.getElementById("hide-isolated").addEventListener("change", function (ev) { hideIsolated = ev.target.checked; refresh(); });
  document.getElementById("min-degree").addEventListener("input", function (ev) { minDegree = Number(ev.target.value) || 0; refresh(); });
  document.getElementById("layer-docs").addEventListener("change", function (ev) { layers.docs = ev.target.checked; refreshLayers(); });
  document.getElementById("layer-co").addEventListener("change", function (ev) { layers.co = ev.target.checked; refreshLayers(); });
  var layoutButton = document.getElementById("btn-layout"), running = false;
  layoutButton.addEventListener("click", function () {
    running = !running;
    network.setOptions({physics: {enabled: running}});
    layoutButton.textContent = running ? "停止布局 Stop layout" : "开始布局 Start layout";
    layoutButton.setAttribute("aria-pressed", running ? "true" : "false");
  });
  function zoom(factor) { network.moveTo({scale: network.getScale() * factor}); }
  document.getElementById("btn-zoom-in").addEventListener("click", function () { zoom(1.25); });
  document.getElementById("btn-zoom-out").addEventListener("click", function () { zoom(0.8); });
  document.getElementById("btn-fit").addEventListener("click", function () { network.fit({animation: false}); });
  document.getElementById("btn-reset").addEventListener("click", function () { showInitial(); startView(); });
  var langButton = document.getElementById("btn-lang");
  langButton.addEventListener("click", function () {
    lang = lang === "zh" ? "en" : "zh";
    langButton.textContent = lang === "zh" ? "English" : "中文";
    langButton.setAttribute("aria-pressed", lang === "en" ? "true" : "false");
    edges.update(edges.get({filter: function (e) { return e.kind === "relation"; }}).map(function (e) {
      return {id: e.id, label: predLabel(e.pred)};
    }));
    relLabels.forEach(function (text, k) { text.textContent = predLabel(k); });
    if (selected !== null && details.getAttribute("data-kind") === "node") { showNode(selected); }
  });

  // Start fitted, but never so far out that labels are unreadable: then centre on the most important node.
  function startView() {
    network.fit({animation: false});
    if (network.getScale() < MIN_START_SCALE && P.drawn.length) {
      network.moveTo({position: network.getPosition("n" + P.drawn[0][0]), scale: MIN_START_SCALE, animation: false});
    }
  }
  // performance.now() of the first finished drawing, for tests/benchmarks/bench_view.py.
  window.kgTimings = {};
  showInitial();
  startView();
  if (P.focus >= 0) { select(P.focus); }
  window.kgView = {network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
                   search: search, choose: choose, expand: expand, focusOn: focusOn, payload: P};
  document.body.setAttribute("data-ready", "1");
  // The first frame after all of the above: the page is drawn and answers input from here on.
  requestAnimationFrame(function () { network.redraw(); window.kgTimings.firstDraw = performance.now(); });
})();
