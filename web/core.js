// DOM building, the JSON client, formatting and the confirmation dialog: what every view uses.
// The page's scripts are classic scripts loaded in order (index.html), sharing one global scope.
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
// The word shown for a status: `ready` is queued to run; `waiting` (a fan-out step waiting for
// its instances, a sub-workflow step for its child job) is running, as the other APIs say.
const statusWord = (status) => ({ ready: "queued", waiting: "running" })[status] || status;
const badge = (status) => h("span", { class: `status s-${status}` }, statusWord(status));
// A fan-out's instances counted by status ({success: 180, running: 20}) in words: "180
// succeeded, 20 running", or in short for a graph node: "180 ✓ 20 running".
const INSTANCE_ORDER = ["success", "failed", "running", "pending", "canceled", "skipped"];
function instanceSummary(statuses, short) {
  const words = short ? { success: "✓", failed: "✗" } : { success: "succeeded" };
  const parts = INSTANCE_ORDER.filter((s) => statuses[s]).map((s) => `${statuses[s]} ${words[s] || s}`);
  return parts.length ? parts.join(short ? " " : ", ") : "none yet";
}
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
