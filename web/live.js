// The live event stream (/api/events): views subscribe to job changes instead of polling.
"use strict";

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
