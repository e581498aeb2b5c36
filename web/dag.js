// Draws a layout computed by the server (DAGLayout) as SVG: boxes coloured by status,
// edges from each parent's bottom to its child's top. Nodes are buttons when selectable; a node
// with `select` selects that id instead of its own (a fan-out's summary node selects its step),
// and `kind` adds a class (`instance`, `group`).
"use strict";

function drawGraph(graph, nodes, options) {
  const { nodeWidth: w, nodeHeight: hgt } = graph;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const svg = h("svg:svg", { viewBox: `0 0 ${graph.width} ${graph.height}`, width: graph.width, height: graph.height,
    role: "group", "aria-label": options.label });
  for (const edge of graph.edges) {
    const a = byId.get(edge.from), b = byId.get(edge.to);
    if (!a || !b) continue;
    const x1 = a.x + w / 2, y1 = a.y + hgt, x2 = b.x + w / 2, y2 = b.y, mid = (y1 + y2) / 2;
    svg.append(h("svg:path", { class: "edge", d: `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2 - 6}`, "marker-end": "url(#arrow)" }));
  }
  const marker = h("svg:marker", { id: "arrow", viewBox: "0 0 10 10", refX: 5, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
    h("svg:path", { d: "M0,0 L10,5 L0,10 z", fill: "#6b7280" }));
  svg.prepend(h("svg:defs", {}, marker));
  for (const node of nodes) {
    const clip = (text, max) => (text.length > max ? text.slice(0, max - 1) + "…" : text);
    const selectable = Boolean(options.onSelect);
    const g = h("svg:g", {
      class: `node n-${node.status}${node.kind ? ` ${node.kind}` : ""}${selectable ? " clickable" : ""}${options.selected === node.id ? " selected" : ""}`,
      "data-id": node.id, "data-status": node.status, transform: `translate(${node.x},${node.y})`,
      tabindex: selectable ? 0 : null, role: selectable ? "button" : "img",
      "aria-label": `${node.label}: ${node.sub}`,
    },
      h("svg:title", {}, `${node.label} — ${node.sub}`),
      // A summary node of many instances is drawn as a stack of boxes.
      node.kind === "group" ? h("svg:rect", { class: "behind", x: 4, y: -4, width: w, height: hgt, rx: 7 }) : null,
      h("svg:rect", { width: w, height: hgt, rx: 7 }),
      h("svg:text", { x: 10, y: 18 }, clip(node.label, 20)),
      h("svg:text", { x: 10, y: 34, class: "sub" }, clip(node.sub, 26)));
    if (selectable) {
      g.addEventListener("click", () => options.onSelect(node.select || node.id));
      g.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); options.onSelect(node.select || node.id); }
      });
    }
    svg.append(g);
  }
  return h("div", { class: "graph" }, svg);
}
