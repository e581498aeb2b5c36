// The jobs page's summary (SPEC §14): the jobs created in the last 24 hours counted by status
// (each count links to those jobs), and an SVG chart of them hour by hour, stacked by status.
// Drawn from GET /ui/job-counts; the jobs page redraws it when the event stream says a job changed.
"use strict";

const COUNTS_HEIGHT = 180, COUNTS_LEFT = 34, COUNTS_BOTTOM = 22, COUNTS_TOP = 8;  // px

async function drawJobCounts(box) {
  let data;
  try {
    data = await api("GET", "/ui/job-counts");
  } catch (error) {
    if (error.status !== 401) box.replaceChildren(errorBox(error));
    return;
  }
  const total = data.statuses.reduce((sum, s) => sum + data.totals[s], 0);
  const counts = h("ul", { class: "legend counts", id: "job-counts-list", "aria-label": "Jobs by status" },
    data.statuses.map((s) => h("li", { "data-status": s, "data-count": data.totals[s] },
      h("span", { class: `swatch c-${s}`, "aria-hidden": "true" }),
      data.totals[s] ? h("a", { href: `#/jobs?${new URLSearchParams({ status: s, from: data.from })}` }, `${data.totals[s]} ${s}`)
        : h("span", { class: "muted" }, `0 ${s}`))));
  box.replaceChildren(h("h2", { id: "job-counts-title" }, `Last 24 hours · ${total} job${total === 1 ? "" : "s"}`),
    counts, jobCountsChart(data, total, Math.max(280, box.clientWidth - 32)));
}

// `width`: the card's inner width in px, so that the drawing's 1 unit is 1 px and its text keeps
// its size from phone to laptop (it still scales with the card if the window is resized).
function jobCountsChart(data, total, width) {
  const hourLabel = (ms) => `${pad(new Date(ms).getHours())}:${pad(new Date(ms).getMinutes())}`;
  const sums = data.buckets.map((b) => data.statuses.reduce((sum, s) => sum + b.counts[s], 0));
  const max = Math.max(1, ...sums);
  const plotWidth = width - COUNTS_LEFT, plotHeight = COUNTS_HEIGHT - COUNTS_TOP - COUNTS_BOTTOM;
  const slot = plotWidth / data.buckets.length;
  const y = (n) => COUNTS_TOP + plotHeight - (n / max) * plotHeight;
  const svg = h("svg:svg", { class: "counts-chart", id: "job-counts-chart", viewBox: `0 0 ${width} ${COUNTS_HEIGHT}`,
    role: "img", "aria-label": `Jobs created per hour over the last 24 hours, by status: ${total} in all, at most ${max} in an hour` });
  for (const n of max > 1 ? [0, Math.ceil(max / 2), max] : [0, 1]) {
    svg.append(h("svg:line", { class: "grid", x1: COUNTS_LEFT, x2: width, y1: y(n), y2: y(n) }),
      h("svg:text", { x: COUNTS_LEFT - 6, y: y(n) + 4, "text-anchor": "end" }, String(n)));
  }
  data.buckets.forEach((bucket, i) => {
    const x = COUNTS_LEFT + i * slot;
    const hour = `${hourLabel(bucket.start)}–${hourLabel(bucket.start + data.bucketMillis)}`;
    const present = data.statuses.filter((s) => bucket.counts[s]);
    const bar = h("svg:g", { class: "hour", "data-start": bucket.start, "data-count": sums[i] },
      h("svg:title", {}, `${hour}: ${present.length ? present.map((s) => `${bucket.counts[s]} ${s}`).join(", ") : "no jobs"}`),
      // The whole slot answers hover, so a thin bar's numbers are easy to reach.
      h("svg:rect", { class: "slot", x, y: COUNTS_TOP, width: slot, height: plotHeight }));
    let below = 0;
    for (const s of present) {
      bar.append(h("svg:rect", { class: `c-${s}`, "data-status": s, x: x + slot * 0.15, width: slot * 0.7,
        y: y(below + bucket.counts[s]), height: y(below) - y(below + bucket.counts[s]) }));
      below += bucket.counts[s];
    }
    svg.append(bar);
    if (i % 6 === 0) svg.append(h("svg:text", { x, y: COUNTS_HEIGHT - 6 }, hourLabel(bucket.start)));
  });
  svg.append(h("svg:line", { class: "axis", x1: COUNTS_LEFT, x2: width, y1: y(0), y2: y(0) }));
  return svg;
}
