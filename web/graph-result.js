// An algorithm task's result drawn (SPEC §12): column names for the rows table, the graph
// (an SVG made here, no library, laid out by a seeded force-directed run so the same rows
// always give the same picture) coloured by LABEL and sized by a numeric column, and the
// histogram of a numeric column, whose bins the server computes over every row.
"use strict";

const GRAPH_MAX_VERTICES = 500;
// 1000 rows a page: a parent's first 20,000 edges are drawn, enough for 500 vertices.
const GRAPH_MAX_EDGE_PAGES = 20;
// Okabe–Ito: told apart with the common colour-vision deficiencies.
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

// The names of a task's row columns: an algorithm's (from the server), a query's (from
// its result), else none (the table numbers them).
function rowColumnNames(task) {
  if (Array.isArray(task.columns)) return task.columns;
  if (task.result && Array.isArray(task.result.columns)) return task.result.columns.map(String);
  return [];
}

// Vertex ids, labels and positions are not quantities to plot.
const isIdColumn = (name) => /^(VID\d*|LABEL|INDEX)$/i.test(name);
const isNumber = (cell) => typeof cell === "string" && cell.trim() !== "" && Number.isFinite(Number(cell));
const formatNumber = (x) => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(4)).toString());

async function fetchAllRows(path, maxPages) {
  const rows = [];
  for (let page = 1; page <= maxPages; page++) {
    const data = await api("GET", `${path}?page=${page}&per_page=1000`);
    rows.push(...data.rows);
    if (!data.more) return { rows, complete: true };
  }
  return { rows, complete: false };
}

// Fruchterman–Reingold from seeded starting points, a fixed number of rounds, with a
// pull to the centre so separate components stay in the picture. Positions in [0, 1].
function forceLayout(n, edges, seed) {
  let state = seed >>> 0;
  const random = () => {  // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const x = new Float64Array(n), y = new Float64Array(n), dx = new Float64Array(n), dy = new Float64Array(n);
  for (let i = 0; i < n; i++) { x[i] = random(); y[i] = random(); }
  const k = Math.sqrt(1 / Math.max(1, n));
  // Each round costs n² pairs: fewer rounds for big graphs keeps 500 vertices well under a second.
  const rounds = Math.max(60, Math.min(300, Math.round(2e7 / (n * n))));
  let heat = 0.1;
  for (let round = 0; round < rounds; round++) {
    dx.fill(0); dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const ex = x[i] - x[j], ey = y[i] - y[j];
        const f = (k * k) / Math.max(ex * ex + ey * ey, 1e-9);
        dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
      }
    }
    for (const [a, b] of edges) {
      const ex = x[a] - x[b], ey = y[a] - y[b];
      const f = Math.sqrt(ex * ex + ey * ey) / k;
      dx[a] -= ex * f; dy[a] -= ey * f; dx[b] += ex * f; dy[b] += ey * f;
    }
    for (let i = 0; i < n; i++) {
      dx[i] -= (x[i] - 0.5) * k * 4; dy[i] -= (y[i] - 0.5) * k * 4;
      const length = Math.hypot(dx[i], dy[i]);
      if (length > 0) { const move = Math.min(length, heat) / length; x[i] += dx[i] * move; y[i] += dy[i] * move; }
    }
    heat = Math.max(0.002, heat * 0.98);
  }
  const span = (v) => { let lo = Infinity, hi = -Infinity; for (const a of v) { lo = Math.min(lo, a); hi = Math.max(hi, a); } return [lo, hi - lo || 1]; };
  const [x0, w] = span(x), [y0, hh] = span(y);
  return Array.from({ length: n }, (_, i) => [n === 1 ? 0.5 : (x[i] - x0) / w, n === 1 ? 0.5 : (y[i] - y0) / hh]);
}

// The panel's graph card for an algorithm task that succeeded. `box` may be reused for
// another task while this one still loads: every await checks it is still ours.
async function graphResultView(job, task, box) {
  const token = `${task.id}:${task.attempt}`;
  box.dataset.for = token;
  const ours = () => box.dataset.for === token;
  const columns = rowColumnNames(task);
  const base = `/ui/jobs/${job.id}/tasks`;
  box.replaceChildren(h("p", { class: "muted" }, "Loading the result…"));
  let first;
  try {
    first = await api("GET", `${base}/${task.id}/rows?page=1&per_page=${GRAPH_MAX_VERTICES + 1}`);
  } catch (error) {
    if (error.status !== 401 && ours()) box.replaceChildren(errorBox(error));
    return;
  }
  if (!ours()) return;
  const rows = first.rows;
  if (!rows.length) { box.replaceChildren(h("p", { class: "muted" }, "No rows: nothing to draw.")); return; }
  const numeric = columns.map((_, i) => i).filter((i) => !isIdColumn(columns[i]) && rows.every((r) => isNumber(r[i])));
  const vid = columns.indexOf("VID"), label = columns.indexOf("LABEL");
  const drawing = h("div", { id: "graph-drawing" });
  const histogram = h("div", { id: "histogram" });
  let sizeColumn = numeric.length ? numeric[0] : -1;
  let picture = null;  // the laid-out graph, kept while another column is picked

  const parts = [];
  if (vid >= 0) parts.push(h("h3", {}, "Graph"), drawing);
  if (numeric.length) {
    const picker = numeric.length > 1 ? h("div", { class: "picker" }, h("label", { for: "histogram-column" }, "Column"),
      h("select", { id: "histogram-column", onchange: (event) => {
        sizeColumn = Number(event.target.value);
        if (picture) drawVertices(picture);
        showHistogram();
      } }, numeric.map((i) => h("option", { value: i }, columns[i])))) : null;
    parts.push(h("h3", {}, "Distribution"), picker, histogram);
  }
  if (!parts.length) { box.replaceChildren(h("p", { class: "muted" }, "These rows have no vertex or numeric column to draw.")); return; }
  box.replaceChildren(...parts.filter(Boolean));
  if (numeric.length) showHistogram();
  if (vid >= 0) await showGraph();

  async function showHistogram() {
    const column = sizeColumn;
    histogram.replaceChildren(h("p", { class: "muted" }, "Counting…"));
    let data;
    try {
      data = await api("GET", `${base}/${task.id}/histogram?column=${column}&bins=20`);
    } catch (error) {
      if (error.status !== 401 && ours()) histogram.replaceChildren(errorBox(error));
      return;
    }
    if (ours() && column === sizeColumn) histogram.replaceChildren(drawHistogram(data, columns[column]));
  }

  async function showGraph() {
    if (first.more || rows.length > GRAPH_MAX_VERTICES) {
      drawing.replaceChildren(h("p", { class: "muted", id: "graph-too-big" },
        `More than ${GRAPH_MAX_VERTICES} vertices: too many to draw legibly. The table and the distribution cover every row.`));
      return;
    }
    drawing.replaceChildren(h("p", { class: "muted" }, "Loading the edges…"));
    const index = new Map(rows.map((r, i) => [r[vid], i]));
    const seen = new Set();
    const edges = [];
    let complete = true;
    try {
      for (const parent of task.parents) {
        const data = await fetchAllRows(`${base}/${parent}/rows`, GRAPH_MAX_EDGE_PAGES);
        complete = complete && data.complete;
        for (const row of data.rows) {
          const a = index.get(row[0]), b = index.get(row[1]);
          // Edges whose ends have no result row are left out; one line per pair.
          if (a === undefined || b === undefined || a === b) continue;
          const key = a < b ? `${a},${b}` : `${b},${a}`;
          if (!seen.has(key)) { seen.add(key); edges.push([a, b]); }
        }
      }
    } catch (error) {
      if (error.status !== 401 && ours()) drawing.replaceChildren(errorBox(error));
      return;
    }
    if (!ours()) return;
    picture = { rows, edges, complete, points: forceLayout(rows.length, edges, 1), vid, label };
    drawVertices(picture);
  }

  function drawVertices(p) {
    const W = 640, H = 440, M = 18;
    const at = (i) => [M + p.points[i][0] * (W - 2 * M), M + p.points[i][1] * (H - 2 * M)];
    // Labels by size, largest first, so the big groups get the distinct colours.
    const colours = new Map();
    if (p.label >= 0) {
      const sizes = new Map();
      for (const r of p.rows) sizes.set(r[p.label], (sizes.get(r[p.label]) || 0) + 1);
      [...sizes.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]), undefined, { numeric: true }))
        .forEach(([name], i) => colours.set(name, PALETTE[i % PALETTE.length]));
    }
    const values = sizeColumn >= 0 ? p.rows.map((r) => Number(r[sizeColumn])) : [];
    const lo = Math.min(...values), hi = Math.max(...values);
    const radius = (i) => (sizeColumn < 0 ? 6 : hi > lo ? 4 + (10 * (values[i] - lo)) / (hi - lo) : 7);
    const what = [p.label >= 0 ? `coloured by LABEL (${colours.size} label${colours.size === 1 ? "" : "s"})` : null,
      sizeColumn >= 0 ? `sized by ${columns[sizeColumn]}` : null].filter(Boolean).join(", ");
    const svg = h("svg:svg", { viewBox: `0 0 ${W} ${H}`, class: "result-graph", role: "img",
      "aria-label": `Graph of ${p.rows.length} vertices and ${p.edges.length} edges${what ? `, ${what}` : ""}` },
      h("svg:g", { class: "links" }, p.edges.map(([a, b]) => {
        const [x1, y1] = at(a), [x2, y2] = at(b);
        return h("svg:line", { x1: x1.toFixed(1), y1: y1.toFixed(1), x2: x2.toFixed(1), y2: y2.toFixed(1) });
      })),
      h("svg:g", {}, p.rows.map((r, i) => {
        const [cx, cy] = at(i);
        const facts = columns.map((name, c) => `${name} ${r[c]}`).join(", ");
        return h("svg:circle", { class: "vertex", cx: cx.toFixed(1), cy: cy.toFixed(1), r: radius(i).toFixed(1),
          fill: p.label >= 0 ? colours.get(r[p.label]) : PALETTE[0], "data-vid": r[p.vid] }, h("svg:title", {}, facts));
      })));
    const notes = [];
    if (!p.complete) notes.push(h("p", { class: "muted" }, `Only the first ${GRAPH_MAX_EDGE_PAGES * 1000} rows of each parent are drawn as edges.`));
    if (colours.size > PALETTE.length) notes.push(h("p", { class: "muted" }, `${colours.size} labels: colours repeat.`));
    const legend = colours.size > 1 && colours.size <= PALETTE.length
      ? h("ul", { class: "legend", "aria-label": "Labels" }, [...colours.entries()].map(([name, colour]) =>
          h("li", {}, h("svg:svg", { viewBox: "0 0 12 12", width: 12, height: 12, "aria-hidden": "true" },
            h("svg:circle", { cx: 6, cy: 6, r: 5.5, fill: colour })), `LABEL ${name}`)))
      : null;
    drawing.replaceChildren(...[svg, legend, ...notes,
      h("p", { class: "muted" }, "Hover or long-press a vertex for its id and values.")].filter(Boolean));
  }
}

// Bars of equal-width bins, counts up the side; one bar per value for small whole numbers.
function drawHistogram(data, name) {
  if (!data.count) return h("p", { class: "muted" }, `No numbers in ${name}.`);
  const W = 640, H = 260, left = 48, right = 12, top = 12, bottom = 40;
  const most = Math.max(...data.bins.map((b) => b.count));
  const width = (W - left - right) / data.bins.length;
  const y = (count) => top + (H - top - bottom) * (1 - count / most);
  const range = (b) => (data.integers && b.to - b.from === 1 ? formatNumber(b.from) : `${formatNumber(b.from)}–${formatNumber(b.to)}`);
  const ticks = data.integers && data.bins.length <= 20 && data.bins.every((b) => b.to - b.from === 1)
    ? data.bins.map((b, i) => [left + width * (i + 0.5), formatNumber(b.from)])
    : [[left, formatNumber(data.min)], [W - right, formatNumber(data.max)]];
  const svg = h("svg:svg", { viewBox: `0 0 ${W} ${H}`, class: "histogram", role: "img",
    "aria-label": `Histogram of ${name}: ${data.count} values from ${formatNumber(data.min)} to ${formatNumber(data.max)} in ${data.bins.length} bins` },
    data.bins.map((b, i) => h("svg:rect", { class: "bar", x: (left + width * i + 1).toFixed(1), y: y(b.count).toFixed(1),
      width: Math.max(1, width - 2).toFixed(1), height: (H - bottom - y(b.count)).toFixed(1) },
      h("svg:title", {}, `${name} ${range(b)}: ${b.count}`))),
    h("svg:line", { class: "axis", x1: left, y1: H - bottom, x2: W - right, y2: H - bottom }),
    h("svg:line", { class: "axis", x1: left, y1: top, x2: left, y2: H - bottom }),
    h("svg:text", { x: left - 6, y: top + 10, "text-anchor": "end" }, String(most)),
    h("svg:text", { x: left - 6, y: H - bottom, "text-anchor": "end" }, "0"),
    ticks.map(([x, text], i) => h("svg:text", { x: x.toFixed(1), y: H - bottom + 16,
      "text-anchor": ticks.length === 2 ? (i === 0 ? "start" : "end") : "middle" }, text)),
    h("svg:text", { x: (left + W - right) / 2, y: H - 4, "text-anchor": "middle", class: "axis-name" }, `${name} (count of rows)`));
  const skipped = data.skipped ? h("p", { class: "muted" }, `${data.skipped} row${data.skipped === 1 ? "" : "s"} without a number left out.`) : null;
  return h("div", {}, svg, skipped);
}
