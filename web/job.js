// The job page: a job's facts and buttons, its DAG coloured by status, and the selected task's
// attempts, log (followed live while it runs), result and rows; the timeline of its tasks'
// attempts (timeline.js). Reloaded when the job changes. SPEC §13: fan-out instances hang below
// their step (a large fan-out as one summary node), and sub-workflow jobs link to their parent
// step and back.
"use strict";

async function jobView(id, taskId) {
  const main = $("main");
  const head = h("div", { id: "job-head" });
  const dag = h("section", { class: "card", id: "dag", "aria-label": "Tasks" });
  const timelineBox = h("section", { class: "card", id: "timeline", "aria-labelledby": "timeline-title" });
  const timeline = timelineView(timelineBox);
  const panel = h("section", { id: "task-panel", "aria-live": "polite" });
  const logBox = h("div", { id: "log" });
  const rowsBox = h("div", { id: "rows" });
  const graphBox = h("div", { id: "graph-result" });
  main.replaceChildren(head, dag, timelineBox, panel);
  let job = null;
  let shown = null;      // the task status and attempt the log and rows were drawn for
  let follower = null;   // the open log stream of a running task
  const stopFollow = () => { if (follower) follower.close(); follower = null; };

  async function load() {
    try {
      job = await api("GET", `/ui/jobs/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error.status !== 401) main.replaceChildren(errorBox(error));
      return;
    }
    document.title = `Job #${job.id} · Baton`;
    drawHead();
    drawDag();
    timeline.update(job);
    drawPanel();
  }

  function drawHead() {
    const active = job.status === "pending" || job.status === "running";
    const retryable = job.status === "failed" || job.status === "interrupted";
    const message = h("div", { id: "action-message" });
    head.replaceChildren(
      h("h1", {}, `Job #${job.id} · ${job.workflow} `, badge(job.status)),
      h("div", { class: "card" },
        h("dl", { class: "facts" },
          h("dt", {}, "Name"), h("dd", {}, job.label),
          h("dt", {}, "Workflow"), h("dd", {}, h("a", { href: `#/definitions/${encodeURIComponent(job.workflow)}` }, job.workflow)),
          h("dt", {}, "Status"), h("dd", { id: "job-status", "data-status": job.status }, badge(job.status)),
          h("dt", {}, "Created"), h("dd", {}, time(job.created)),
          h("dt", {}, "Started"), h("dd", {}, time(job.started)),
          h("dt", {}, "Ended"), h("dd", {}, time(job.ended)),
          h("dt", {}, "Duration"), h("dd", {}, elapsed(job.started, job.ended)),
          job.comment ? [h("dt", {}, "Comment"), h("dd", {}, job.comment)] : null,
          job.parent ? [h("dt", {}, "Parent"), h("dd", {}, h("a", { id: "parent-job",
            href: `#/jobs/${job.parent.id}${job.parent.task ? `/tasks/${job.parent.task}` : ""}` },
            `sub-workflow of job ${job.parent.id}, step ${job.parent.step}`))] : null),
        h("details", {}, h("summary", {}, "Payload and input"), h("pre", {}, json({ payload: job.payload, input: job.input }))),
        h("div", { class: "actions" },
          h("button", { type: "button", id: "cancel", class: "danger", disabled: !active, onclick: () => act("cancel") }, "Cancel"),
          h("button", { type: "button", id: "relaunch", onclick: () => act("relaunch") }, "Relaunch"),
          h("button", { type: "button", id: "retry", disabled: !retryable, onclick: () => act("retry") }, "Retry from failure")),
        message));
  }

  async function act(action) {
    const questions = {
      cancel: `Cancel job #${job.id}? Its running tasks are stopped.`,
      relaunch: `Start a new job of ${job.workflow} with the same payload and input?`,
      retry: `Start a new job that keeps what succeeded in job #${job.id} and runs only the failed and interrupted tasks?`,
    };
    if (!(await confirmAction(questions[action]))) return;
    try {
      const answer = await api("POST", `/ui/jobs/${job.id}/${action}`);
      if (action === "cancel") await load();
      else location.hash = `#/jobs/${answer.job.id}`;
    } catch (error) {
      if (error.status !== 401) $("action-message").replaceChildren(errorBox(error));
    }
  }

  async function rerunFrom(task) {
    const question = `Run ${task.key} and every step below it again in job #${job.id}? ` +
      "Their results are replaced; the other steps keep theirs.";
    if (!(await confirmAction(question))) return;
    try {
      await api("POST", `/ui/jobs/${job.id}/rerun`, { from: task.key });
      await load();
    } catch (error) {
      if (error.status !== 401) $("rerun-message").replaceChildren(errorBox(error));
    }
  }

  function drawDag() {
    const nodes = job.tasks.filter((t) => t.x !== null).map((t) => {
      const extra = t.instances ? ` · ${t.instances.count} instance${t.instances.count === 1 ? "" : "s"}`
        : t.children && t.children.length ? ` · job #${t.children[t.children.length - 1].id}` : "";
      return {
        id: t.id, x: t.x, y: t.y, status: t.status, kind: t.instanceOf ? "instance" : null,
        // An instance is labelled by its key (`load_1[3]`), which tells it from its siblings.
        label: t.hook ? `${t.name} (${t.hook} hook)` : t.instanceOf ? t.key : t.name,
        sub: `${statusWord(t.status)}${t.attempt > 1 ? ` · attempt ${t.attempt}` : ""}${extra}`,
      };
    });
    for (const g of job.graph.groups) {
      nodes.push({ id: g.id, select: g.step, x: g.x, y: g.y, status: g.status, kind: "group",
        label: g.label, sub: instanceSummary(g.statuses, true) });
    }
    dag.replaceChildren(h("h2", {}, "Tasks"), job.tasks.length
      ? drawGraph(job.graph, nodes, { label: `Tasks of job #${job.id}`, selected: taskId,
          onSelect: (task) => { location.hash = `#/jobs/${job.id}/tasks/${task}`; } })
      : h("p", { class: "muted" }, "This job has no tasks."));
  }

  function drawPanel() {
    const task = taskId && job.tasks.find((t) => t.id === taskId);
    if (!task) {
      stopFollow();
      shown = null;
      panel.replaceChildren(h("p", { class: "card muted" }, taskId ? `Job #${job.id} has no task ${taskId}.`
        : "Select a task in the graph (click it, or Tab to it and press Enter) to see its attempts, log, result and rows."));
      return;
    }
    const facts = h("dl", { class: "facts" },
      h("dt", {}, "Key"), h("dd", {}, task.key),
      h("dt", {}, "Runs"), h("dd", {}, task.task),
      h("dt", {}, "Queue"), h("dd", {}, task.queue),
      h("dt", {}, "Status"), h("dd", { id: "task-status", "data-status": task.status }, badge(task.status)),
      h("dt", {}, "Attempts"), h("dd", {}, `${task.attempt} (${task.failures} failed, ${task.retries} retr${task.retries === 1 ? "y" : "ies"} allowed)`),
      h("dt", {}, "Created"), h("dd", {}, time(task.created)),
      h("dt", {}, "Started"), h("dd", {}, time(task.started)),
      h("dt", {}, "Ended"), h("dd", {}, time(task.ended)),
      h("dt", {}, "Duration"), h("dd", {}, elapsed(task.started, task.ended)),
      languageFacts(task));
    const error = task.error ? [h("h3", {}, "Error"), h("p", {}, task.error.exception),
      task.error.traceback ? h("pre", {}, task.error.traceback) : null] : null;
    // Rerun from a step (SPEC §13): only an ended job moves again; hooks run again by themselves.
    const ended = ["success", "failed", "interrupted"].includes(job.status);
    // An instance reruns with its step (the server refuses a rerun from an instance).
    const rerun = task.hook || task.instanceOf ? null : h("div", { class: "actions" },
      h("button", { type: "button", id: "rerun", disabled: !ended, onclick: () => rerunFrom(task) }, "Rerun from here"),
      h("div", { id: "rerun-message" }));
    const summary = h("div", {}, h("h2", { id: "task-title", tabindex: -1 }, `Task ${task.name} `, badge(task.status)), facts, error,
      h("h3", {}, "Result"), h("pre", { id: "result" }, task.result === null ? "null" : json(task.result)), rerun);
    const section = (title, box) => h("div", {}, h("h3", {}, title), box);
    // An algorithm's rows have named columns to draw (SPEC §12).
    const graphic = task.kind === "algorithm" && task.status === "success" && rowColumnNames(task).length > 0;
    const first = !panel.firstChild || panel.dataset.task !== task.id;
    panel.dataset.task = task.id;
    panel.replaceChildren(h("div", { class: "card" }, summary), h("div", { class: "layout split" },
      h("div", { class: "card" }, section("Log", logBox)), h("div", { class: "card" }, section("Result rows", rowsBox))));
    if (graphic) panel.append(h("section", { class: "card", "aria-label": "Result drawn" }, graphBox));
    if (first) $("task-title").focus();
    const state = `${task.id}:${task.status}:${task.attempt}`;
    if (state !== shown) {
      shown = state;
      showLog(task);
      showRows(task, 1);
      if (graphic) graphResultView(job, task, graphBox);
    }
  }

  // What SPEC §13 adds to a task's facts: an instance's step, a fan-out step's instances, a
  // sub-workflow step's child jobs.
  function languageFacts(task) {
    const facts = [];
    const step = task.instanceOf && job.tasks.find((t) => t.id === task.instanceOf);
    if (step) {
      facts.push(h("dt", {}, "Instance of"),
        h("dd", {}, h("a", { id: "instance-of", href: `#/jobs/${job.id}/tasks/${step.id}` }, step.key)));
    }
    if (task.instances) {
      const mine = job.tasks.filter((t) => t.instanceOf === task.id);
      facts.push(h("dt", {}, "Instances"), h("dd", {},
        h("div", { id: "instance-counts" }, `${task.instances.count}: ${instanceSummary(task.instances.statuses, false)}`),
        h("ul", { class: "chips", id: "instance-list", "aria-label": `Instances of ${task.key}` },
          mine.map((t) => h("li", {}, h("a", { href: `#/jobs/${job.id}/tasks/${t.id}`, "data-status": t.status,
            class: `status s-${t.status}`, title: statusWord(t.status) }, t.key))))));
    }
    if (task.children) {
      facts.push(h("dt", {}, "Sub-workflow"), h("dd", { id: "sub-jobs" }, task.children.length
        ? h("ul", { class: "plain" }, task.children.map((c) => h("li", {},
          h("a", { href: `#/jobs/${c.id}`, "data-job": c.id }, `job #${c.id} · ${c.workflow}`), " ", badge(c.status))))
        : h("span", { class: "muted" }, "no job started yet")));
    }
    return facts;
  }

  async function showLog(task) {
    stopFollow();
    let data;
    try {
      data = await api("GET", `/ui/jobs/${job.id}/tasks/${task.id}/log`);
    } catch (error) {
      if (error.status !== 401) logBox.replaceChildren(errorBox(error));
      return;
    }
    const parts = data.attempts.map((a) => [h("div", { class: "muted" }, `Attempt ${a.attempt}`),
      h("pre", { class: "log" }, a.text || "(no output)")]);
    const running = ["pending", "ready", "running"].includes(data.status);
    if (!running) {
      const none = task.attempt > 0 ? "This task wrote nothing to stdout or stderr." : "No log: this task did not run.";
      logBox.replaceChildren(...(parts.length ? parts.flat() : [h("p", { class: "muted" }, none)]));
      return;
    }
    const label = h("div", { class: "muted" }, data.status === "running" ? "Running — following the log" : "Waiting to run");
    const output = h("pre", { class: "log", id: "live-log" });
    logBox.replaceChildren(...parts.flat(), label, output);
    follower = new EventSource(`/ui/jobs/${job.id}/tasks/${task.id}/log/stream`);
    follower.addEventListener("attempt", (event) => {
      output.textContent = "";
      label.textContent = `Attempt ${JSON.parse(event.data).attempt} running — following the log`;
    });
    follower.addEventListener("chunk", (event) => {
      const atEnd = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
      output.append(JSON.parse(event.data).text);
      if (atEnd) output.scrollTop = output.scrollHeight;
    });
    follower.addEventListener("end", () => { stopFollow(); load(); });
  }

  async function showRows(task, page) {
    if (task.status !== "success") {
      rowsBox.replaceChildren(h("p", { class: "muted" }, "Rows appear when the task succeeds."));
      return;
    }
    let data;
    try {
      data = await api("GET", `/ui/jobs/${job.id}/tasks/${task.id}/rows?page=${page}&per_page=20`);
    } catch (error) {
      if (error.status !== 401) rowsBox.replaceChildren(errorBox(error));
      return;
    }
    if (!data.rows.length && page === 1) {
      rowsBox.replaceChildren(h("p", { class: "muted" }, "This task wrote no result rows."));
      return;
    }
    const columns = Math.max(1, ...data.rows.map((r) => r.length));
    const names = rowColumnNames(task);
    const first = (page - 1) * data.perPage;
    const table = h("table", { id: "rows-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), Array.from({ length: columns }, (_, i) => h("th", { scope: "col" }, names[i] || `col ${i + 1}`)))),
      h("tbody", {}, data.rows.map((row, i) => h("tr", {}, h("td", {}, String(first + i + 1)), row.map((c) => h("td", {}, c))))));
    rowsBox.replaceChildren(h("div", { class: "scroll-x" }, table),
      h("div", { class: "pager" },
        h("button", { type: "button", disabled: page === 1, onclick: () => showRows(task, page - 1) }, "← Previous"),
        h("span", { class: "muted" }, `Rows ${first + 1}–${first + data.rows.length}`),
        h("button", { type: "button", disabled: !data.more, onclick: () => showRows(task, page + 1) }, "Next →"),
        h("a", { class: "button", id: "csv", href: `/ui/jobs/${job.id}/tasks/${task.id}/rows.csv`, download: "" }, "Download CSV")));
  }

  await load();
  const off = live.on(load, (message) => message.ready || (message.job && job && message.job.id === job.id));
  return () => { off(); stopFollow(); timeline.stop(); };
}
