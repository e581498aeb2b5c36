/// The DAG drawing and the jobs list.
extension WebScript {
    /// Draws a layout computed by the server (DAGLayout) as SVG: boxes coloured by status,
    /// edges from each parent's bottom to its child's top. Nodes are buttons when selectable.
    static let graph = #"""
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
              class: `node n-${node.status}${selectable ? " clickable" : ""}${options.selected === node.id ? " selected" : ""}`,
              "data-id": node.id, "data-status": node.status, transform: `translate(${node.x},${node.y})`,
              tabindex: selectable ? 0 : null, role: selectable ? "button" : "img",
              "aria-label": `${node.label}: ${node.sub}`,
            },
              h("svg:title", {}, `${node.label} — ${node.sub}`),
              h("svg:rect", { width: w, height: hgt, rx: 7 }),
              h("svg:text", { x: 10, y: 18 }, clip(node.label, 20)),
              h("svg:text", { x: 10, y: 34, class: "sub" }, clip(node.sub, 26)));
            if (selectable) {
              g.addEventListener("click", () => options.onSelect(node.id));
              g.addEventListener("keydown", (event) => {
                if (event.key === "Enter" || event.key === " ") { event.preventDefault(); options.onSelect(node.id); }
              });
            }
            svg.append(g);
          }
          return h("div", { class: "graph" }, svg);
        }

        """#

    /// The jobs page: filters kept in the address (so a filtered view can be shared), a page of
    /// jobs newest first, reloaded when the event stream says a job changed.
    static let jobs = #"""
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
          main.replaceChildren(h("h1", {}, "Jobs"), form, list);

          async function load() {
            const query = new URLSearchParams({ page, per_page: 20 });
            for (const name of filters) if (params.get(name)) query.set(name, params.get(name));
            try {
              const data = await api("GET", `/ui/jobs?${query}`);
              list.replaceChildren(...jobsTable(data, params, page));
            } catch (error) {
              if (error.status !== 401) list.replaceChildren(errorBox(error));
            }
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

        """#
}
