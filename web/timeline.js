// The job page's timeline (SPEC §14): a Gantt chart, one bar per task attempt on a shared time
// axis, coloured by status, growing each second while a task runs. Only a task's current
// attempt has stored times: a task on attempt 2 or later shows that attempt's bar and says
// which attempt it is; nothing is drawn for earlier attempts. A fan-out folded into one node
// in the graph (job.graph.groups) is one bar here too, from its first instance's start to its
// last one's end, so that 200 instances do not make a chart 200 rows tall.
"use strict";

const TIMELINE_ROW = 34;   // px per task: a label line, then the bar
const TIMELINE_AXIS = 22;  // px for the time axis on top

// Draws into `box` and keeps it current: update(job) after each load; stop() when the view goes.
function timelineView(box) {
  let job = null;
  let timer = null;

  function draw() {
    const folded = new Map(job.graph.groups.map((g) => [g.step, g]));
    const bars = job.tasks.filter((t) => t.started && !folded.has(t.instanceOf));
    for (const group of folded.values()) {
      const members = job.tasks.filter((t) => t.instanceOf === group.step && t.started);
      if (!members.length) continue;
      const running = members.some((t) => !t.ended);
      bars.push({ id: group.step, name: group.label, key: group.label, status: group.status, attempt: 1,
        started: Math.min(...members.map((t) => t.started)), ended: running ? null : Math.max(...members.map((t) => t.ended)),
        summary: instanceSummary(group.statuses, true) });
    }
    const ran = bars.sort((a, b) => a.started - b.started || a.key.localeCompare(b.key));
    const title = h("h2", { id: "timeline-title" }, "Timeline");
    if (!ran.length) {
      box.replaceChildren(title, h("p", { class: "muted" }, "No task has started yet."));
      return;
    }
    const now = Date.now();
    const start = ran[0].started;
    // A floor on the span keeps instant tasks drawable (no division by zero).
    const end = Math.max(start + 50, ...ran.map((t) => t.ended || now));
    const at = (ms) => `${(100 * (ms - start) / (end - start)).toFixed(3)}%`;
    const height = TIMELINE_AXIS + ran.length * TIMELINE_ROW;
    const svg = h("svg:svg", { class: "timeline", width: "100%", height, role: "group", "aria-labelledby": "timeline-title" });
    // Ticks at the start, middle and end, as time since the first attempt started.
    for (const [fraction, anchor] of [[0, "start"], [0.5, "middle"], [1, "end"]]) {
      const ms = Math.round(start + fraction * (end - start));
      svg.append(h("svg:line", { class: "tick", x1: at(ms), x2: at(ms), y1: TIMELINE_AXIS - 6, y2: height }),
        h("svg:text", { class: "axis", x: at(ms), y: 12, "text-anchor": anchor }, fraction ? `+${duration(start, ms)}` : time(start)));
    }
    ran.forEach((task, row) => {
      const y = TIMELINE_AXIS + row * TIMELINE_ROW;
      const until = task.ended || now;
      const attempt = task.attempt > 1 ? ` · attempt ${task.attempt}` : "";
      const label = `${task.name} · ${task.summary || statusWord(task.status)}${attempt} · ${duration(task.started, task.ended)}`;
      svg.append(h("svg:a", { class: "attempt", href: `#/jobs/${job.id}/tasks/${task.id}`, "data-task": task.id,
        "data-status": task.status, "data-attempt": task.attempt, "aria-label": label },
        h("svg:title", {}, `${label}\n${time(task.started)} – ${task.ended ? time(task.ended) : "running"}`),
        h("svg:text", { x: 2, y: y + 12 }, label),
        // At least 0.4% wide, so a task that took no time still shows.
        h("svg:rect", { class: `c-${task.status}`, x: at(task.started), y: y + 16, height: 12, rx: 2,
          width: `${Math.max(0.4, 100 * (until - task.started) / (end - start)).toFixed(3)}%` })));
    });
    const retried = ran.some((t) => t.attempt > 1);
    box.replaceChildren(title, svg);
    if (retried) box.append(h("p", { class: "muted" }, "A bar is a task's latest attempt; the times of earlier attempts are not kept."));
  }

  return {
    update(next) {
      job = next;
      draw();
      const running = job.tasks.some((t) => t.started && !t.ended);
      if (running && !timer) timer = setInterval(draw, 1000);
      if (!running) this.stop();
    },
    stop() { clearInterval(timer); timer = null; },
  };
}
