// The definitions page: every workflow with its steps, schedule, hooks and DAG.
"use strict";

async function definitionsView(focusName) {
  const definitions = await api("GET", "/ui/definitions");
  const main = $("main");
  const cards = definitions.map((d) => {
    const cell = (label, ...content) => h("td", { "data-label": label }, ...content);
    const steps = h("table", { class: "stack" },
      h("thead", {}, h("tr", {}, ["Step", "Runs", "Needs", "Params", "Queue"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, d.steps.map((s) => h("tr", {},
        cell("Step", s.name === s.key ? s.key : `${s.name} (${s.key})`),
        cell("Runs", `${s.task} `, h("span", { class: "tag" }, s.kind)),
        cell("Needs", s.needs.join(", ") || "—"),
        cell("Params", Object.keys(s.params).length ? JSON.stringify(s.params) : "—"),
        cell("Queue", s.queue)))));
    const nodes = d.steps.map((s, i) => ({ id: String(i), x: s.x, y: s.y, status: "step", label: s.name,
      sub: s.task === s.name ? s.kind : `${s.task} · ${s.kind}` }));
    return h("section", { class: "card", id: `def-${d.name}`, "aria-labelledby": `title-${d.name}` },
      h("h2", { id: `title-${d.name}` }, d.name),
      h("div", { class: "layout split" }, h("div", {}, h("dl", { class: "facts" },
        h("dt", {}, "Id"), h("dd", {}, d.id),
        h("dt", {}, "Queue"), h("dd", {}, d.queues.join(", ")),
        h("dt", {}, "Schedule"), h("dd", {}, d.schedule ? d.schedule.text : "none"),
        h("dt", {}, "Payload schema"), h("dd", {}, d.schemaName || "none"),
        h("dt", {}, "Hooks"), h("dd", {}, [d.hooks.success && `on success ${d.hooks.success}`, d.hooks.failure && `on failure ${d.hooks.failure}`].filter(Boolean).join("; ") || "none")),
        h("div", { class: "actions" }, h("a", { class: "button", href: `#/definitions/${encodeURIComponent(d.name)}/run`, id: `run-${d.name}` }, `Run ${d.name}…`))),
        d.steps.length ? drawGraph(d.graph, nodes, { label: `Steps of ${d.name}` }) : null),
      h("div", { class: "scroll-x" }, steps));
  });
  const index = h("ul", { class: "index", "aria-label": "Workflows" },
    definitions.map((d) => h("li", {}, h("a", { href: `#/definitions/${encodeURIComponent(d.name)}` }, d.name))));
  main.replaceChildren(h("h1", {}, "Definitions"), index, ...(definitions.length ? cards : [h("p", { class: "muted" }, "No workflows are defined: see workflows.yml.")]));
  if (focusName) {
    const card = document.getElementById(`def-${decodeURIComponent(focusName)}`);
    if (card) card.scrollIntoView();
  }
  document.title = "Definitions · Baton";
  return null;
}
