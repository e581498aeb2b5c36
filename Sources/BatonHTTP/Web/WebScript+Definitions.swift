/// The definitions page, the run form, and the page's start: session, login, routes.
extension WebScript {
    static let definitions = #"""
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

        // A string or number param keeps its type; anything else is edited as JSON text.
        const paramText = (value) => (typeof value === "string" ? value : JSON.stringify(value));
        function paramValue(text, fallback) {
          if (typeof fallback === "number" && text.trim() !== "" && !Number.isNaN(Number(text))) return Number(text);
          return text;
        }

        async function runView(name) {
          const definitions = await api("GET", "/ui/definitions");
          const d = definitions.find((x) => x.name === name);
          const main = $("main");
          if (!d) {
            main.replaceChildren(errorBox(new Error(`Workflow ${name} not found`)));
            return null;
          }
          const payload = h("textarea", { id: "payload", name: "payload", spellcheck: "false", "aria-describedby": "payload-help" });
          payload.value = d.schema && d.schema.required && d.schema.required.length ? "{\n  \n}" : "{}";
          const fields = [];
          const inputs = d.steps.filter((s) => Object.keys(s.params).length).map((s) =>
            h("fieldset", { class: "card" }, h("legend", {}, `Input of ${s.name} (${s.key})`),
              h("div", { class: "fields" }, Object.entries(s.params).map(([param, value]) => {
                const id = `in-${s.key}-${param}`;
                const input = h("input", { id, name: id, value: paramText(value) });
                fields.push({ key: s.key, param, value, input });
                return h("div", {}, h("label", { for: id }, param), input);
              }))));
          const comment = h("input", { id: "comment", name: "comment", maxlength: 500 });
          const errors = h("div", { id: "run-errors", "aria-live": "assertive" });
          const form = h("form", { id: "run-form", novalidate: true },
            h("div", { class: "card" },
              h("label", { for: "payload" }, "Payload (a JSON object)"), payload,
              h("p", { id: "payload-help", class: "muted" }, d.schema ? "Checked against the schema below before it is sent." : "This workflow takes any JSON object."),
              d.schema ? h("details", {}, h("summary", {}, `Schema ${d.schemaName}`), h("pre", {}, json(d.schema))) : null,
              h("label", { for: "comment" }, "Comment (optional)"), comment),
            inputs, errors,
            h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "run-submit" }, "Run"),
              h("a", { class: "button", href: "#/definitions" }, "Back")));
          form.addEventListener("submit", async (event) => {
            event.preventDefault();
            errors.replaceChildren();
            let value;
            try {
              value = JSON.parse(payload.value.trim() || "{}");
            } catch (error) {
              errors.replaceChildren(errorBox(new Error(`The payload is not valid JSON: ${error.message}`)));
              payload.focus();
              return;
            }
            const problems = isType(value, "object") ? (d.schema ? schemaErrors(d.schema, value) : []) : [`${pyRepr(value)} is not of type 'object'`];
            if (problems.length) {
              const error = new Error("Payload is not valid");
              error.errors = problems;
              errors.replaceChildren(errorBox(error));
              payload.focus();
              return;
            }
            const input = {};
            for (const field of fields) {
              if (field.input.value === paramText(field.value)) continue;
              (input[field.key] = input[field.key] || {})[field.param] = paramValue(field.input.value, field.value);
            }
            try {
              const answer = await api("POST", `/ui/definitions/${encodeURIComponent(name)}/run`, { payload: value, input, comment: comment.value });
              location.hash = `#/jobs/${answer.job.id}`;
            } catch (error) {
              if (error.status !== 401) errors.replaceChildren(errorBox(error));
            }
          });
          main.replaceChildren(h("h1", {}, `Run ${d.name}`), form);
          document.title = `Run ${d.name} · Baton`;
          payload.focus();
          return null;
        }

        """#

    static let main = #"""
        const app = { authEnabled: false, user: null, cleanup: null, generation: 0 };

        function showLogin() {
          live.stop();
          if (app.cleanup) { app.cleanup(); app.cleanup = null; }
          app.generation += 1;
          $("user").textContent = "";
          $("logout").hidden = true;
          const name = h("input", { id: "login-name", name: "name", autocomplete: "username", required: true });
          const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
          const message = h("div", { id: "login-error", "aria-live": "assertive" });
          const form = h("form", { class: "card login", id: "login-form" },
            h("h1", {}, "Log in to Baton"),
            h("div", {}, h("label", { for: "login-name" }, "User"), name),
            h("div", {}, h("label", { for: "login-password" }, "Password"), password),
            message,
            h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "login-submit" }, "Log in")),
            h("p", { class: "muted" }, "Users are managed with: baton user create NAME --password-stdin"));
          form.addEventListener("submit", async (event) => {
            event.preventDefault();
            message.replaceChildren();
            try {
              const answer = await api("POST", "/ui/login", { name: name.value, password: password.value });
              app.user = answer.user;
              started();
            } catch (error) {
              message.replaceChildren(errorBox(error));
              password.select();
            }
          });
          $("main").replaceChildren(form);
          document.title = "Log in · Baton";
          name.focus();
        }

        function started() {
          $("user").textContent = app.user ? `Logged in as ${app.user}` : "";
          $("logout").hidden = !app.authEnabled;
          live.start();
          route();
        }

        async function route() {
          if (app.cleanup) { app.cleanup(); app.cleanup = null; }
          if (app.authEnabled && !app.user) { showLogin(); return; }
          const generation = ++app.generation;
          const [path, query] = (location.hash || "#/jobs").slice(1).split("?");
          const parts = path.split("/").filter(Boolean);
          for (const [id, section] of [["nav-jobs", "jobs"], ["nav-definitions", "definitions"]]) {
            if ((parts[0] || "jobs") === section) $(id).setAttribute("aria-current", "page"); else $(id).removeAttribute("aria-current");
          }
          document.title = "Baton";
          let cleanup = null;
          try {
            if (parts[0] === "definitions" && parts[1] && parts[2] === "run") cleanup = await runView(decodeURIComponent(parts[1]));
            else if (parts[0] === "definitions") cleanup = await definitionsView(parts[1]);
            else if (parts[0] === "jobs" && parts[1]) cleanup = await jobView(parts[1], parts[2] === "tasks" ? parts[3] : null);
            else { cleanup = await jobsView(new URLSearchParams(query || "")); document.title = "Jobs · Baton"; }
          } catch (error) {
            if (error.status !== 401) $("main").replaceChildren(errorBox(error));
          }
          // The user may have moved on while this view loaded.
          if (generation !== app.generation) { if (cleanup) cleanup(); } else app.cleanup = cleanup;
        }

        async function boot() {
          window.addEventListener("hashchange", () => { route(); $("main").focus({ preventScroll: true }); });
          $("logout").addEventListener("click", async () => {
            await api("POST", "/ui/logout").catch(() => null);
            app.user = null;
            showLogin();
          });
          try {
            const session = await api("GET", "/ui/session");
            app.authEnabled = session.authEnabled;
            app.user = session.user;
          } catch (error) {
            $("main").replaceChildren(errorBox(error));
            return;
          }
          if (app.authEnabled && !app.user) showLogin(); else started();
        }

        boot();

        """#
}
