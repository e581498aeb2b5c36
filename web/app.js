// The page's start: the session, the login form, and the routes from the address's #fragment
// to the views. Loaded last: it calls boot().
"use strict";

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
