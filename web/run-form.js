// The run form: a workflow's payload (checked against its schema here first) and each
// step's params, sent to start a job.
"use strict";

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
