// The jobs page: filters kept in the address (so a filtered view can be shared), a page of
// jobs newest first, and the last 24 hours' counts (job-counts.js); reloaded when the event
// stream says a job changed.
"use strict";

async function jobsView(params) {
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  const filters = ["workflow", "status", "name", "from", "to"];
  const main = $("main");
  // The workflow choices are a convenience: without them the list still works.
  const definitions = await api("GET", "/ui/definitions").catch((error) => { if (error.status === 401) throw error; return []; });
  const form = h("form", { class: "card filters", id: "filters", role: "search", "aria-label": "Filter jobs" },
    h("div", {}, h("label", { for: "f-workflow" }, "Workflow"),
      h("select", { id: "f-workflow", name: "workflow" }, h("option", { value: "" }, "All workflows"),
        definitions.map((d) => h("option", { value: d.name, selected: params.get("workflow") === d.name }, d.name)))),
    h("div", {}, h("label", { for: "f-status" }, "Status"),
      h("select", { id: "f-status", name: "status" }, h("option", { value: "" }, "Any status"),
        ["pending", "running", "success", "failed", "stopping", "interrupted"].map((s) => h("option", { value: s, selected: params.get("status") === s }, s)))),
    h("div", {}, h("label", { for: "f-name" }, "Name contains"),
      h("input", { id: "f-name", name: "name", type: "search", value: params.get("name") || "", placeholder: "e.g. ETL_2026" })),
    h("div", {}, h("label", { for: "f-from" }, "Created from"),
      h("input", { id: "f-from", name: "from", type: "datetime-local", step: 1, value: localInput(params.get("from")) })),
    h("div", {}, h("label", { for: "f-to" }, "Created to"),
      h("input", { id: "f-to", name: "to", type: "datetime-local", step: 1, value: localInput(params.get("to")) })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Filter"),
      h("a", { class: "button", href: "#/jobs" }, "Clear")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of filters) {
      let value = form.elements[name].value;
      // The inputs are to the second; "to" takes in the whole of its second.
      if ((name === "from" || name === "to") && value) value = String(new Date(value).getTime() + (name === "to" ? 999 : 0));
      if (value) next.set(name, value);
    }
    location.hash = `#/jobs?${next}`;
  });
  const list = h("div", { id: "jobs", "aria-live": "polite" });
  const counts = h("section", { class: "card", id: "job-counts", "aria-labelledby": "job-counts-title" });
  main.replaceChildren(h("h1", {}, "Jobs"), counts, form, list);

  async function load() {
    const drawn = drawJobCounts(counts);
    const query = new URLSearchParams({ page, per_page: 20 });
    for (const name of filters) if (params.get(name)) query.set(name, params.get(name));
    try {
      const data = await api("GET", `/ui/jobs?${query}`);
      list.replaceChildren(...jobsTable(data, params, page));
    } catch (error) {
      if (error.status !== 401) list.replaceChildren(errorBox(error));
    }
    await drawn;
  }
  await load();
  return live.on(load);
}

function localInput(ms) {
  if (!ms) return "";
  const d = new Date(Number(ms));
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function jobsTable(data, params, page) {
  if (!data.items.length) {
    return [h("p", { class: "card muted" }, data.total ? "No jobs on this page." : "No jobs yet: start one from ",
      data.total ? null : h("a", { href: "#/definitions" }, "the definitions page"), data.total ? null : ".")];
  }
  const cell = (label, ...content) => h("td", { "data-label": label }, ...content);
  const rows = data.items.map((job) => h("tr", { "data-job": job.id, "data-status": job.status },
    cell("Job", h("a", { href: `#/jobs/${job.id}` }, `#${job.id}`)),
    cell("Workflow", h("a", { href: `#/jobs/${job.id}` }, job.workflow)),
    cell("Status", badge(job.status)),
    cell("Created", time(job.created)),
    cell("Duration", elapsed(job.started, job.ended))));
  const pages = Math.max(1, Math.ceil(data.total / data.perPage));
  const link = (p) => { const next = new URLSearchParams(params); next.set("page", p); return `#/jobs?${next}`; };
  return [
    h("div", { class: "card" }, h("table", { class: "stack" },
      h("thead", {}, h("tr", {}, ["Job", "Workflow", "Status", "Created", "Duration"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows))),
    h("nav", { class: "pager", "aria-label": "Pages" },
      page > 1 ? h("a", { class: "button", href: link(page - 1), rel: "prev" }, "← Newer") : null,
      h("span", { class: "muted" }, `Page ${page} of ${pages} · ${data.total} job${data.total === 1 ? "" : "s"}`),
      page < pages ? h("a", { class: "button", href: link(page + 1), rel: "next" }, "Older →") : null),
  ];
}
