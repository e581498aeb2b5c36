/// The page's script, in parts by concern; served as one file.
enum WebScript {
    static let all = [core, schema, graph, jobs, job, graphResult, definitions, main].joined(separator: "\n")

    /// DOM building, the JSON client, formatting, the confirmation dialog, the live event stream.
    static let core = #"""
        "use strict";
        const $ = (id) => document.getElementById(id);
        const SVG = "http://www.w3.org/2000/svg";

        // h("a", {href: "#"}, "text", child...): every text goes in as a text node, never as HTML.
        function h(tag, attrs, ...children) {
          const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
          for (const [key, value] of Object.entries(attrs || {})) {
            if (value === null || value === undefined || value === false) continue;
            if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
            else if (key === "text") node.textContent = value;
            else node.setAttribute(key, value === true ? "" : String(value));
          }
          for (const child of children.flat()) {
            if (child === null || child === undefined || child === false) continue;
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
          }
          return node;
        }

        class ApiError extends Error {
          constructor(status, body) {
            super(body && body.error ? body.error : `the server answered ${status}`);
            this.status = status;
            this.errors = (body && body.errors) || [];
          }
        }

        async function api(method, path, body) {
          const options = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
          if (method !== "GET") {
            options.headers["Content-Type"] = "application/json";
            options.body = JSON.stringify(body || {});
          }
          const response = await fetch(path, options);
          const data = await response.json().catch(() => null);
          if (response.status === 401 && path !== "/ui/login") {
            app.user = null;
            showLogin();
            throw new ApiError(401, { error: "log in first" });
          }
          if (!response.ok) throw new ApiError(response.status, data);
          return data;
        }

        function errorBox(error) {
          return h("div", { class: "error", role: "alert" }, error.message,
            error.errors && error.errors.length ? h("ul", {}, error.errors.map((e) => h("li", {}, e))) : null);
        }

        const pad = (n) => String(n).padStart(2, "0");
        function time(ms) {
          if (!ms) return "—";
          const d = new Date(ms);
          return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
        }
        function duration(start, end) {
          if (!start) return "—";
          const ms = Math.max(0, (end || Date.now()) - start);
          if (ms < 1000) return `${ms} ms`;
          const s = ms / 1000;
          if (s < 60) return `${s.toFixed(1)} s`;
          const m = Math.floor(s / 60);
          if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
          return `${Math.floor(m / 60)} h ${m % 60} min`;
        }
        // A running duration counts up in the page itself (no request): the element keeps its start.
        function elapsed(start, end) {
          return h("span", { "data-since": start && !end ? start : null }, duration(start, end));
        }
        setInterval(() => {
          for (const node of document.querySelectorAll("[data-since]")) node.textContent = duration(Number(node.dataset.since), null);
        }, 1000);
        const badge = (status) => h("span", { class: `status s-${status}` }, status === "ready" ? "queued" : status);
        const json = (value) => JSON.stringify(value, null, 2);

        // Asks before an action; resolves to true when the user confirms.
        function confirmAction(text) {
          const dialog = $("confirm");
          $("confirm-text").textContent = text;
          dialog.returnValue = "";
          return new Promise((resolve) => {
            dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), { once: true });
            dialog.showModal();
            $("confirm-no").focus();
          });
        }

        // One event stream for the whole page: views subscribe to job changes. The server says
        // "ready" whenever the stream (re)connects, and views reload then, so nothing is missed.
        const live = {
          source: null,
          listeners: new Set(),
          start() {
            if (this.source) return;
            this.source = new EventSource("/api/events");
            this.source.addEventListener("ready", () => this.emit({ ready: true }));
            this.source.addEventListener("job", (event) => this.emit({ job: JSON.parse(event.data) }));
            // The browser reconnects by itself after a network error; a refusal (the login
            // expired) closes the stream for good: find out which, then log in or reconnect.
            this.source.addEventListener("error", () => {
              if (!this.source || this.source.readyState !== EventSource.CLOSED) return;
              this.source = null;
              api("GET", "/ui/session").then((session) => {
                if (session.authEnabled && !session.user) { app.user = null; showLogin(); } else setTimeout(() => this.start(), 2000);
              }).catch(() => setTimeout(() => this.start(), 2000));
            });
          },
          stop() {
            if (this.source) this.source.close();
            this.source = null;
          },
          emit(message) { for (const listener of this.listeners) listener(message); },
          // Calls fn at most once per 150 ms burst of messages that pass the filter; returns the
          // unsubscribe function.
          on(fn, filter = () => true) {
            let timer = null;
            const listener = (message) => {
              if (timer || !filter(message)) return;
              timer = setTimeout(() => { timer = null; fn(message); }, 150);
            };
            this.listeners.add(listener);
            return () => { this.listeners.delete(listener); clearTimeout(timer); };
          },
        };

        """#

    /// The payload check in the browser: the JSON Schema keywords workflows use, with the
    /// server's (Python jsonschema's) wording. The server checks again.
    static let schema = #"""
        function pyRepr(value) {
          if (value === null) return "None";
          if (value === true) return "True";
          if (value === false) return "False";
          if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
          if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
          if (typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
          return String(value);
        }

        function isType(value, type) {
          switch (type) {
            case "object": return value !== null && typeof value === "object" && !Array.isArray(value);
            case "array": return Array.isArray(value);
            case "string": return typeof value === "string";
            case "integer": return typeof value === "number" && Number.isInteger(value);
            case "number": return typeof value === "number";
            case "boolean": return typeof value === "boolean";
            case "null": return value === null;
            default: return true;
          }
        }

        function deepEqual(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

        function schemaErrors(schema, value) {
          const errors = [];
          if (!schema || typeof schema !== "object") return errors;
          if (schema.type !== undefined) {
            const types = Array.isArray(schema.type) ? schema.type : [schema.type];
            if (!types.some((t) => isType(value, t))) {
              errors.push(`${pyRepr(value)} is not of type ${types.map(pyRepr).join(", ")}`);
              return errors;
            }
          }
          if (schema.enum && !schema.enum.some((v) => deepEqual(v, value))) errors.push(`${pyRepr(value)} is not one of ${pyRepr(schema.enum)}`);
          if ("const" in schema && !deepEqual(schema.const, value)) errors.push(`${pyRepr(schema.const)} was expected`);
          if (typeof value === "number") {
            if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${value} is less than the minimum of ${schema.minimum}`);
            if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${value} is greater than the maximum of ${schema.maximum}`);
            if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) errors.push(`${value} is less than or equal to the minimum of ${schema.exclusiveMinimum}`);
            if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) errors.push(`${value} is greater than or equal to the maximum of ${schema.exclusiveMaximum}`);
          }
          if (typeof value === "string") {
            const length = [...value].length;
            if (schema.minLength !== undefined && length < schema.minLength) errors.push(`${pyRepr(value)} is too short`);
            if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(`${pyRepr(value)} is too long`);
            if (schema.pattern !== undefined) {
              try { if (!new RegExp(schema.pattern, "u").test(value)) errors.push(`${pyRepr(value)} does not match ${pyRepr(schema.pattern)}`); } catch (e) { /* the server decides */ }
            }
          }
          if (Array.isArray(value)) {
            if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${pyRepr(value)} is too short`);
            if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${pyRepr(value)} is too long`);
            if (schema.items && !Array.isArray(schema.items)) for (const item of value) errors.push(...schemaErrors(schema.items, item));
          }
          if (isType(value, "object")) {
            for (const name of schema.required || []) if (!(name in value)) errors.push(`${pyRepr(name)} is a required property`);
            const properties = schema.properties || {};
            for (const [name, sub] of Object.entries(properties)) if (name in value) errors.push(...schemaErrors(sub, value[name]));
            if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
              const extra = Object.keys(value).filter((k) => !(k in properties));
              if (schema.additionalProperties === false && extra.length) {
                errors.push(`Additional properties are not allowed (${extra.map(pyRepr).join(", ")} ${extra.length === 1 ? "was" : "were"} unexpected)`);
              } else if (typeof schema.additionalProperties === "object") {
                for (const name of extra) errors.push(...schemaErrors(schema.additionalProperties, value[name]));
              }
            }
          }
          return errors;
        }

        """#
}
