#!/usr/bin/env python3
"""The web page in a real browser (headless Chromium through Selenium).

Starts `baton serve` on a temporary home and a free loopback port, then, as a newcomer would:
opens the jobs page, starts a workflow from the definitions page, watches its DAG turn to
success without a reload, reads the job's timeline and the jobs page's counts and chart, opens
a task's log, result and rows, cancels a running job and sees it become interrupted; follows a
SPEC §13 job's fan-out instances, skipped step and sub-workflow links; draws graph.KARATE's
algorithm results; then, with auth on, is refused without a login and logs in.

Usage: test_web.py [BATON_BINARY]  (default .build/debug/baton). Screenshots go to
$BATON_SCREENSHOTS or a new temporary folder, printed first. Every wait polls a condition
with a deadline; nothing sleeps a fixed time.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium download a driver

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BATON = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/baton"))
SHOTS = os.environ.get("BATON_SCREENSHOTS") or tempfile.mkdtemp(prefix="baton-screenshots-")
WAIT = 20

# Added to the home `baton init` writes: a two-step workflow slow enough to be watched, with
# a log, a result and rows, one that runs until it is cancelled, and SPEC §13's language: a
# fan-out of 3 (drawn box by box), one of 12 (folded into a summary node), a step whose `when`
# is false, and a sub-workflow.
WORKFLOWS = """
web.STEPS:
  tasks:
    - id: fetch
      task: FETCH
    - id: report
      needs: [fetch]
      task: REPORT

web.SLOW:
  tasks: [SLOW]

web.LANG:
  # One step after another: a fan-out expanding while another step of the job moves can lose
  # its instances (an engine race found while writing this test); this test must stay deterministic.
  tasks:
    - {id: check, shell: 'echo "{\\"ok\\": false}" > "$BATON_RESULT"'}
    - {id: load, needs: [check], foreach: {payload: files}, shell: 'printf "%s" "$BATON_ITEM" > "$BATON_RESULT"'}
    - {id: wide, needs: [load], foreach: {payload: many}, shell: 'true'}
    - {id: child, needs: [wide], workflow: web.CHILD, payload: {source: "{{job.id}}"}}
    - {id: publish, needs: [check, child], when: {task: check, path: ok, equals: true}, shell: 'true'}

web.CHILD:
  tasks:
    - {id: work, shell: 'echo "\\"done\\"" > "$BATON_RESULT"'}
"""
TASKS = """
FETCH:
  shell: |
    echo "fetching rows"
    sleep 1
    printf 'Tim Duncan,42\\nTony Parker,36\\n' > "$BATON_ROWS"
    echo '{"fetched": 2}' > "$BATON_RESULT"
REPORT:
  shell: |
    sleep 1
    echo '{"report": "done"}' > "$BATON_RESULT"
SLOW:
  shell: |
    for i in 1 2 3 4 5; do echo "tick $i"; sleep 0.3; done
    sleep 120
"""

steps = 0


def step(text):
    global steps
    steps += 1
    print(f"ok {steps} - {text}", flush=True)


class Server:
    """`baton serve` on a free port; its address comes from the line it prints."""

    def __init__(self, home, auth):
        env = dict(os.environ, BATON_AUTH_ENABLED="true" if auth else "false")
        self.process = subprocess.Popen([BATON, "serve", "--home", home, "--host", "127.0.0.1", "--port", "0", "--workers", "4"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.stop()
            raise SystemExit(f"baton serve did not start: {line!r}")
        self.url = f"http://127.0.0.1:{match.group(1)}"

    def post(self, path, body):
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def get(self, path, headers=None):
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def make_home(root):
    home = os.path.join(root, "home")
    subprocess.run([BATON, "init", home], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(home, "workflows.yml"), "a") as f:
        f.write(WORKFLOWS)
    with open(os.path.join(home, "tasks.yml"), "a") as f:
        f.write(TASKS)
    return home


def browser():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


def wait(driver, condition, what):
    # Live views redraw themselves: an element read a moment ago may be gone; look again.
    return WebDriverWait(driver, WAIT, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: condition(d), message=f"waiting for {what}")


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def first_text(driver, selector, attribute=None):
    """The first match's text (or attribute), "" when there is none, read in one script: a view
    redrawn between two looks (a live reload, a new route) cannot make the read fail."""
    return driver.execute_script(
        "const n = document.querySelector(arguments[0]);"
        "return n ? (arguments[1] ? n.getAttribute(arguments[1]) || '' : n.innerText.trim()) : ''", selector, attribute)


def shot(driver, name):
    """The whole page, not just the window: the window grows to the page's height meanwhile."""
    size = driver.get_window_size()
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size["width"], max(size["height"], min(height + 140, 6000)))
    driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))
    driver.set_window_size(size["width"], size["height"])


def job_rows(driver):
    """The jobs table as [(id, status, text)], read in one go (the table redraws itself live)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('tr[data-job]')].map((r) => [Number(r.dataset.job), r.dataset.status, r.innerText])")


def node_statuses(driver):
    return driver.execute_script("return [...document.querySelectorAll('#dag .node')].map((n) => n.dataset.status)")


def timeline(driver):
    """The job page's timeline bars as [(status, attempt)], top to bottom."""
    bars = driver.execute_script(
        "return [...document.querySelectorAll('#timeline .attempt')].map((a) => [a.dataset.status, a.dataset.attempt])")
    return [tuple(bar) for bar in bars]


def job_counts(driver):
    """The jobs page's counts as {status: n}, the statuses without jobs left out."""
    pairs = driver.execute_script(
        "return [...document.querySelectorAll('#job-counts-list li')].map((li) => [li.dataset.status, Number(li.dataset.count)])")
    return {status: n for status, n in pairs if n}


def no_horizontal_scroll(driver):
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def console_errors(driver, allowed=()):
    entries = driver.get_log("browser")
    return [e for e in entries if e["level"] == "SEVERE" and not any(a in e["message"] for a in allowed)]


def open_task(driver, key_text):
    """Selects a DAG node with the keyboard: focus it, press Enter."""
    driver.execute_script("[...document.querySelectorAll('#dag .node')].find((n) => n.getAttribute('aria-label').includes(arguments[0])).focus()",
                          key_text)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait(driver, lambda d: key_text in first_text(d, "#task-title"), f"task {key_text} opened")


def open_task_key(driver, server, job, key):
    """Selects the DAG node of the task `key` (found in the job's JSON) with the keyboard."""
    tasks = json.loads(server.get(f"/ui/jobs/{job}")[1])["tasks"]
    task = next(t for t in tasks if t["key"] == key)
    driver.execute_script("document.querySelector(`#dag .node[data-id='${arguments[0]}']`).focus()", task["id"])
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait(driver, lambda d: task["name"] in first_text(d, "#task-title"), f"task {key} opened")
    return task


def graph_results(driver, server):
    """graph.KARATE's algorithm tasks: named columns, the karate club drawn, a histogram."""
    job = run_from_definitions(driver, "graph.KARATE")
    wait(driver, lambda d: css(d, "#job-status[data-status=success]"), "graph.KARATE to succeed")

    task = open_task_key(driver, server, job, "louvain_1")
    assert task["columns"] == ["VID", "LABEL"], task
    wait(driver, lambda d: len(css(d, "#graph-drawing svg.result-graph circle.vertex")) == 34, "the 34 members drawn")
    svg = css(driver, "#graph-drawing svg.result-graph")[0]
    assert svg.get_attribute("role") == "img" and "34 vertices and 78 edges" in svg.get_attribute("aria-label"), svg.get_attribute("aria-label")
    assert len(css(driver, "#graph-drawing line")) == 78
    fills = {c.get_attribute("fill") for c in css(driver, "#graph-drawing circle.vertex")}
    assert len(fills) > 1 and len(css(driver, "#graph-drawing .legend li")) == len(fills), fills
    headers = [th.text for th in css(driver, "#rows-table th")]
    assert headers[1:] == ["VID", "LABEL"], headers
    assert not css(driver, "#histogram"), "a LABEL column has no histogram"
    assert "null" not in driver.find_element(By.ID, "graph-result").text, "nothing may print as null"
    step(f"Louvain on the karate club (job {job}): rows headed VID, LABEL; 34 vertices and 78 edges drawn, {len(fills)} communities coloured with a legend")
    shot(driver, "17-graph-louvain")

    task = open_task_key(driver, server, job, "pagerank_1")
    wait(driver, lambda d: len(css(d, "#graph-drawing circle.vertex")) == 34, "PageRank's 34 vertices drawn")
    radii = {float(c.get_attribute("r")) for c in css(driver, "#graph-drawing circle.vertex")}
    assert len(radii) > 5, f"vertices sized by VALUE: {radii}"
    wait(driver, lambda d: css(d, "#histogram svg.histogram rect.bar"), "the VALUE histogram")
    histogram = css(driver, "#histogram svg.histogram")[0]
    assert histogram.get_attribute("role") == "img" and "34 values" in histogram.get_attribute("aria-label"), histogram.get_attribute("aria-label")
    step("PageRank's vertices are sized by VALUE and its VALUE distribution is drawn as a histogram of all 34 rows")
    shot(driver, "18-graph-pagerank")

    task = open_task_key(driver, server, job, "degree_1")
    wait(driver, lambda d: css(d, "#histogram-column") and css(d, "#histogram rect.bar"), "the degree histogram with a column picker")
    Select(driver.find_element(By.ID, "histogram-column")).select_by_visible_text("IN_DEGREE")
    wait(driver, lambda d: "IN_DEGREE" in first_text(d, "#histogram svg.histogram", "aria-label"),
         "the IN_DEGREE histogram")
    step("DegreeCentrality's numeric columns can be picked for the histogram")
    shot(driver, "19-graph-degree")
    return driver.current_url


def run_from_definitions(driver, workflow):
    driver.find_element(By.ID, "nav-definitions").click()
    wait(driver, lambda d: css(d, f"[id='run-{workflow}']"), f"{workflow} on the definitions page")
    css(driver, f"[id='run-{workflow}']")[0].click()
    wait(driver, lambda d: css(d, "#run-form"), "the run form")
    css(driver, "#run-submit")[0].click()
    wait(driver, lambda d: re.search(r"#/jobs/\d+$", d.current_url), "the new job's page")
    return int(driver.current_url.rsplit("/", 1)[1])


def click(driver, selector, index=0):
    """Clicks a link found and clicked in one script: a live redraw in between cannot make it stale."""
    driver.execute_script("document.querySelectorAll(arguments[0])[arguments[1]].click()", selector, index)


def language(driver, server):
    """SPEC §13 on the job page: instances under their step, a skipped step, sub-workflow links both ways."""
    driver.find_element(By.ID, "nav-definitions").click()
    wait(driver, lambda d: css(d, "[id='run-web.LANG']"), "web.LANG on the definitions page")
    css(driver, "[id='run-web.LANG']")[0].click()
    wait(driver, lambda d: css(d, "#payload"), "the web.LANG run form")
    payload = driver.find_element(By.ID, "payload")
    payload.clear()
    payload.send_keys(json.dumps({"files": ["a", "b", "c"], "many": list(range(12))}))
    driver.find_element(By.ID, "run-submit").click()
    wait(driver, lambda d: re.search(r"#/jobs/\d+$", d.current_url), "the new job's page")
    job = int(driver.current_url.rsplit("/", 1)[1])
    wait(driver, lambda d: css(d, "#job-status[data-status=success]"), "web.LANG to succeed")

    def nodes(d):
        return dict(d.execute_script(
            "return [...document.querySelectorAll('#dag .node')].map((n) => [n.getAttribute('aria-label').split(':')[0], n.dataset.status])"))
    wait(driver, lambda d: nodes(d).get("child") == "success", "the sub-workflow step drawn as succeeded")
    drawn = nodes(driver)
    assert {k: drawn.get(k) for k in ["load[0]", "load[1]", "load[2]", "publish"]} == {
        "load[0]": "success", "load[1]": "success", "load[2]": "success", "publish": "skipped"}, drawn
    assert not any(k.startswith("wide[") and "…" not in k for k in drawn), f"12 instances are folded: {drawn}"
    groups = driver.execute_script("return [...document.querySelectorAll('#dag .node.group')].map((n) => n.getAttribute('aria-label'))")
    assert groups == ["wide[0…11]: 12 ✓"], groups
    assert first_text(driver, "#dag .node.n-skipped", "aria-label") == "publish: skipped", "the skipped step has its own style"
    edges = json.loads(server.get(f"/ui/jobs/{job}")[1])["graph"]["edges"]
    tasks = {t["key"]: t for t in json.loads(server.get(f"/ui/jobs/{job}")[1])["tasks"]}
    assert {"from": tasks["load"]["id"], "to": tasks["load[1]"]["id"]} in edges, "an instance hangs below its step"
    labels = driver.execute_script("return [...document.querySelectorAll('#timeline .attempt')].map((a) => a.getAttribute('aria-label'))")
    assert len(labels) == 9 and any(l.startswith("wide[0…11] · 12 ✓") for l in labels), labels
    assert ("skipped", "1") in timeline(driver), timeline(driver)
    step(f"job {job}: the fan-out of 3 is drawn as load[0], load[1], load[2] below load, the fan-out of 12 as one summary node "
         "and one timeline bar, the skipped step in its own style")
    shot(driver, "24-job-language")

    open_task_key(driver, server, job, "load")
    wait(driver, lambda d: first_text(d, "#instance-counts") == "3: 3 succeeded", "the step's instances counted")
    chips = driver.execute_script("return [...document.querySelectorAll('#instance-list a')].map((a) => [a.textContent, a.dataset.status])")
    assert chips == [["load[0]", "success"], ["load[1]", "success"], ["load[2]", "success"]], chips
    click(driver, "#instance-list a", 1)
    wait(driver, lambda d: d.current_url.endswith(f"/tasks/{tasks['load[1]']['id']}") and css(d, "#instance-of"), "load[1]'s panel")
    wait(driver, lambda d: first_text(d, "#result") == '"b"', "load[1]'s result")
    assert not css(driver, "#rerun"), "an instance reruns with its step, not on its own"
    click(driver, "#instance-of")
    wait(driver, lambda d: d.current_url.endswith(f"/tasks/{tasks['load']['id']}") and css(d, "#instance-list"), "back to the step")
    step("the fan-out step's panel counts its instances by status and links to each; an instance links back to its step")

    driver.execute_script("document.querySelector('#dag .node.group').focus()")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait(driver, lambda d: d.current_url.endswith(f"/tasks/{tasks['wide']['id']}") and len(css(d, "#instance-list a")) == 12,
         "the summary node to open its step with 12 instances listed")
    step("the fan-out of 12's summary node opens its step, whose panel lists all 12 instances")

    open_task_key(driver, server, job, "publish")
    wait(driver, lambda d: first_text(d, "#task-status .status.s-skipped") == "skipped", "the skipped badge")
    wait(driver, lambda d: "skipped: the condition on 'check' is false" in first_text(d, "#log"), "why it was skipped")
    step("the skipped step's panel says skipped, and its log says why")
    shot(driver, "25-task-skipped")

    open_task_key(driver, server, job, "child")
    wait(driver, lambda d: css(d, "#sub-jobs a[data-job]"), "the sub-workflow step's child job link")
    child = int(first_text(driver, "#sub-jobs a[data-job]", "data-job"))
    text = first_text(driver, "#sub-jobs a[data-job]")
    assert text == f"job #{child} · web.CHILD" and tasks["child"]["result"]["number"] == child, (text, tasks["child"]["result"])
    shot(driver, "26-task-sub-workflow")
    click(driver, "#sub-jobs a[data-job]")
    wait(driver, lambda d: d.current_url.endswith(f"#/jobs/{child}") and css(d, "#parent-job"), "the child job's page")
    text = first_text(driver, "#parent-job")
    assert text == f"sub-workflow of job {job}, step child", text
    wait(driver, lambda d: css(d, "#job-status[data-status=success]"), "the child job shown as succeeded")
    shot(driver, "27-child-job")
    click(driver, "#parent-job")
    wait(driver, lambda d: d.current_url.endswith(f"#/jobs/{job}/tasks/{tasks['child']['id']}") and css(d, "#sub-jobs"),
         "the parent job's sub-workflow step")
    assert driver.execute_script("return window.__batonMarker") == 42, "the page reloaded"
    step(f"the sub-workflow step links to its child job {child}, whose page links back to job {job}'s step child")
    return job


def without_auth(driver, root):
    server = Server(make_home(root), auth=False)
    try:
        driver.get(server.url + "/")
        wait(driver, lambda d: "No jobs yet" in first_text(d, "#jobs"), "the empty jobs page")
        assert driver.title.startswith("Jobs"), driver.title
        assert css(driver, "meta[name=viewport]") and css(driver, "link[rel=icon]")
        status, body = server.get("/favicon.svg")
        assert status == 200 and body.startswith(b"<svg"), status
        step("the jobs page opens, with a favicon and a viewport meta tag")
        shot(driver, "1-jobs-empty")

        # The page must never reload from here on: a marker on window would vanish.
        driver.execute_script("window.__batonMarker = 42")

        driver.find_element(By.ID, "nav-definitions").click()
        wait(driver, lambda d: css(d, "[id='def-web.STEPS'] .graph svg"), "the definitions with their graphs")
        text = driver.find_element(By.ID, "main").text
        assert "example.ETL" in text and "graph.PLAYERS" in text and "order" in text, text[:300]
        step("the definitions page lists every workflow with its tasks, schema and graph")
        shot(driver, "2-definitions")

        # The schema is checked in the browser before anything is sent.
        css(driver, "[id='run-example.ORDER']")[0].click()
        wait(driver, lambda d: css(d, "#payload"), "the ORDER run form")
        payload = driver.find_element(By.ID, "payload")
        payload.clear()
        payload.send_keys('{"user": "john"}')
        driver.find_element(By.ID, "run-submit").click()
        wait(driver, lambda d: "'john' is not of type 'integer'" in d.find_element(By.ID, "run-errors").text, "the schema error")
        assert json.loads(server.get("/ui/jobs")[1])["total"] == 0, "an invalid payload must not start a job"
        step("the run form checks the payload against the schema in the browser")
        shot(driver, "3-run-form-error")

        job = run_from_definitions(driver, "web.STEPS")
        wait(driver, lambda d: len(node_statuses(d)) == 2, "the DAG's two nodes")
        first = node_statuses(driver)
        assert first != ["success", "success"], f"the job should still be running: {first}"
        wait(driver, lambda d: node_statuses(d) == ["success", "success"], "every node to turn success")
        wait(driver, lambda d: css(d, "#job-status[data-status=success]"), "the job to show success")
        assert driver.execute_script("return window.__batonMarker") == 42, "the page reloaded"
        step(f"started web.STEPS from the definitions page; job {job}'s DAG went {first} -> success, live, without a reload")
        shot(driver, "4-job-success")

        wait(driver, lambda d: timeline(d) == [("success", "1"), ("success", "1")], "a success bar per task on the timeline")
        bars = driver.execute_script("return [...document.querySelectorAll('#timeline .attempt rect')].map((r) => r.getBBox())")
        assert all(b["width"] > 0 for b in bars) and bars[1]["x"] > bars[0]["x"], f"report's bar starts after fetch's: {bars}"
        step("the job's timeline shows one bar per task attempt on a shared time axis, report after fetch")
        shot(driver, "21-job-timeline")

        open_task(driver, "fetch")
        wait(driver, lambda d: "fetching rows" in d.find_element(By.ID, "log").text, "the task's log")
        assert '"fetched": 2' in driver.find_element(By.ID, "result").text
        wait(driver, lambda d: css(d, "#rows-table") and "Tony Parker" in d.find_element(By.ID, "rows-table").text, "the rows table")
        task_url = driver.current_url
        csv_link = driver.find_element(By.ID, "csv").get_attribute("href")
        status, body = server.get(csv_link.replace(server.url, ""))
        assert status == 200 and body == b"Tim Duncan,42\r\nTony Parker,36\r\n", (status, body)
        step("a task opened with the keyboard shows its attempts, log, JSON result, rows, and a CSV download")
        shot(driver, "5-task-log-rows")

        # The jobs page updates by itself when a job is started elsewhere.
        driver.find_element(By.ID, "nav-jobs").click()
        wait(driver, lambda d: css(d, f"tr[data-job='{job}'][data-status=success]"), "the finished job in the list")
        server.post("/api/workflows", {"project": "example", "name": "ETL", "payload": {}})
        wait(driver, lambda d: [r[1] for r in job_rows(d)] == ["success", "success"] and "example.ETL" in job_rows(d)[0][2],
             "the job started through the API to appear, newest first, and succeed")
        assert driver.execute_script("return window.__batonMarker") == 42, "the page reloaded"
        step("the jobs page shows a job started through the Director API without a reload")
        shot(driver, "6-jobs-live")

        wait(driver, lambda d: job_counts(d).get("success") == 2, "2 successes counted on the jobs page")
        counts = job_counts(driver)
        assert sum(counts.values()) == 2 and "2 jobs" in driver.find_element(By.ID, "job-counts-title").text, counts
        hours = driver.execute_script(
            "return [...document.querySelectorAll('#job-counts-chart .hour')].map((g) => Number(g.dataset.count))")
        assert len(hours) == 24 and sum(hours) == 2, hours
        assert len(css(driver, "#job-counts-chart rect.c-success")) in (1, 2), "the successes drawn as stacked bars"
        step("the jobs page counts the last 24 hours' jobs by status and charts them in 24 hourly bars")
        shot(driver, "22-jobs-counts")

        slow = run_from_definitions(driver, "web.SLOW")
        wait(driver, lambda d: node_statuses(d) == ["running"], "the slow task to run")
        open_task(driver, "SLOW")
        wait(driver, lambda d: css(d, "#live-log") and "tick 3" in d.find_element(By.ID, "live-log").text, "the log to follow the running task")
        step("a running task's log is followed as it is written")
        wait(driver, lambda d: timeline(d) == [("running", "1")], "a running bar on the timeline")
        label = css(driver, "#timeline .attempt")[0].get_attribute("aria-label")
        wait(driver, lambda d: css(d, "#timeline .attempt")[0].get_attribute("aria-label") != label, "the running bar to be redrawn as time passes")
        step("the running task's timeline bar is redrawn live while it runs")
        driver.find_element(By.ID, "cancel").click()
        wait(driver, lambda d: d.find_element(By.ID, "confirm").get_attribute("open") is not None, "the confirmation")
        shot(driver, "7-cancel-confirm")
        driver.find_element(By.ID, "confirm-yes").click()
        wait(driver, lambda d: css(d, "#job-status[data-status=interrupted]"), "the job to become interrupted")
        wait(driver, lambda d: node_statuses(d) == ["canceled"], "the task to show canceled")
        wait(driver, lambda d: timeline(d) == [("canceled", "1")], "the canceled bar on the timeline")
        assert driver.execute_script("return window.__batonMarker") == 42, "the page reloaded"
        step(f"cancelled running job {slow} after confirming; it became interrupted")
        shot(driver, "8-job-interrupted")

        broken = run_from_definitions(driver, "example.BROKEN")
        wait(driver, lambda d: css(d, "#job-status[data-status=failed]") and "failed" in node_statuses(d), "the job to fail")
        wait(driver, lambda d: any("failure hook" in (n.get_attribute("aria-label") or "") for n in css(d, "#dag .node")),
             "the failure hook drawn below the tasks")
        open_task(driver, "BROKEN")
        wait(driver, lambda d: "the upstream service is down" in d.find_element(By.ID, "log").text, "the failed attempts' logs")
        assert "Attempt 2" in driver.find_element(By.ID, "log").text and "exit status 3" in driver.find_element(By.ID, "task-panel").text
        wait(driver, lambda d: ("failed", "2") in timeline(d), "the failed task's latest attempt on the timeline")
        broken_bar = [e for e in css(driver, "#timeline .attempt") if e.get_attribute("data-attempt") == "2"][0]
        assert "attempt 2" in broken_bar.get_attribute("aria-label"), broken_bar.get_attribute("aria-label")
        assert "earlier attempts are not kept" in driver.find_element(By.ID, "timeline").text
        step("a retried task's timeline bar is its latest attempt, marked as attempt 2")
        shot(driver, "9-job-failed")
        driver.find_element(By.ID, "retry").click()
        wait(driver, lambda d: d.find_element(By.ID, "confirm").get_attribute("open") is not None, "the retry confirmation")
        driver.find_element(By.ID, "confirm-yes").click()
        wait(driver, lambda d: d.current_url.endswith(f"#/jobs/{broken + 1}"), "the retried job's page")
        wait(driver, lambda d: node_statuses(d)[:1] == ["success"] and css(d, "#job-status[data-status=failed]"),
             "the retry to keep EXTRACT's success and fail again at BROKEN")
        driver.find_element(By.ID, "relaunch").click()
        wait(driver, lambda d: d.find_element(By.ID, "confirm").get_attribute("open") is not None, "the relaunch confirmation")
        driver.find_element(By.ID, "confirm-no").click()
        assert driver.current_url.endswith(f"#/jobs/{broken + 1}"), "declining must not relaunch"
        driver.find_element(By.ID, "relaunch").click()
        wait(driver, lambda d: d.find_element(By.ID, "confirm").get_attribute("open") is not None, "the relaunch confirmation")
        driver.find_element(By.ID, "confirm-yes").click()
        wait(driver, lambda d: d.current_url.endswith(f"#/jobs/{broken + 2}"), "the relaunched job's page")
        wait(driver, lambda d: css(d, "#job-status[data-status=failed]"), "the relaunched job to fail too")
        step(f"a failed job {broken} shows its failed task's attempts and error; retry from failure and relaunch ask first, then start new jobs")

        driver.get(server.url + f"/#/jobs/{broken}")
        wait(driver, lambda d: css(d, "#job-status[data-status=failed]"), "the failed job's page again")
        open_task(driver, "BROKEN")
        shot(driver, "9b-task-rerun")
        driver.find_element(By.ID, "rerun").click()
        wait(driver, lambda d: d.find_element(By.ID, "confirm").get_attribute("open") is not None, "the rerun confirmation")
        assert "BROKEN and every step below it" in driver.find_element(By.ID, "confirm-text").text
        driver.find_element(By.ID, "confirm-yes").click()
        wait(driver, lambda d: any("attempt 4" in n.text for n in css(d, "#dag .node")) and css(d, "#job-status[data-status=failed]"),
             "BROKEN rerun in the same job: attempts 3 and 4, failed again")
        assert driver.current_url.endswith(f"#/jobs/{broken}/tasks/" + css(driver, "#task-panel")[0].get_attribute("data-task")), driver.current_url
        step(f"rerun from a task asks first, then runs it again in job {broken} itself (new attempts)")

        driver.get(server.url + "/#/jobs?status=interrupted")
        wait(driver, lambda d: [(r[0], r[1]) for r in job_rows(d)] == [(slow, "interrupted")], "only the interrupted job")
        Select(driver.find_element(By.ID, "f-workflow")).select_by_value("example.ETL")
        Select(driver.find_element(By.ID, "f-status")).select_by_value("")
        driver.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
        wait(driver, lambda d: (lambda rows: len(rows) == 1 and "example.ETL" in rows[0][2])(job_rows(d)), "the workflow filter")
        step("the jobs page filters by status and by workflow")

        lang = language(driver, server)
        graph_url = graph_results(driver, server)

        driver.set_window_size(390, 844)
        for path, ready, name in [("/#/jobs", "tr[data-job]", "10-phone-jobs"),
                                  (f"/#/jobs/{job}", "#timeline .attempt", "23-phone-job-timeline"),
                                  (f"/#/jobs/{lang}", "#dag .node.group", "28-phone-job-language"),
                                  (graph_url.replace(server.url, ""), "#histogram rect.bar", "20-phone-graph"),
                                  (task_url.replace(server.url, ""), "#rows-table", "11-phone-task"),
                                  ("/#/definitions", "[id='def-web.STEPS']", "12-phone-definitions"),
                                  ("/#/definitions/graph.PLAYERS/run", "#run-form", "13-phone-run-form")]:
            driver.get(server.url + path)
            # The jobs page's counts load beside its table: wait for both.
            wait(driver, lambda d: css(d, ready) and (name != "10-phone-jobs" or css(d, "#job-counts-chart")), f"{path} at phone width")
            assert no_horizontal_scroll(driver), f"{path} scrolls sideways at phone width"
            shot(driver, name)
        driver.set_window_size(1280, 1000)
        step("the jobs (with counts and chart), job (with timeline), task, definitions and run pages fit a phone's width without horizontal scrolling")

        errors = console_errors(driver)
        assert not errors, f"browser console errors: {errors}"
        step("the browser console logged no errors")
    finally:
        # Leave the page first: its event stream would log a refused reconnect once the server
        # is gone, and the next part reads the console.
        driver.get("about:blank")
        server.stop()


def with_auth(driver, root):
    home = make_home(os.path.join(root, "auth"))
    subprocess.run([BATON, "user", "create", "root", "--home", home, "--password-stdin"], input="s3cret\n", text=True,
                   check=True, stdout=subprocess.DEVNULL)
    server = Server(home, auth=True)
    try:
        driver.get(server.url + "/")
        wait(driver, lambda d: css(d, "#login-form"), "the login form")
        assert not css(driver, "#jobs"), "jobs shown before login"
        for path in ["/ui/jobs", "/ui/job-counts", "/ui/definitions", "/api/events", "/api/workflows"]:
            assert server.get(path)[0] == 401, f"{path} answered without a login"
        step("with auth on, the page shows only the login form and every data endpoint answers 401")
        shot(driver, "14-login")

        driver.find_element(By.ID, "login-name").send_keys("root")
        driver.find_element(By.ID, "login-password").send_keys("wrong")
        driver.find_element(By.ID, "login-submit").click()
        wait(driver, lambda d: "wrong user name or password" in d.find_element(By.ID, "login-error").text, "the refusal")
        assert not css(driver, "#jobs")
        step("a wrong password is refused")
        shot(driver, "15-login-refused")

        driver.find_element(By.ID, "login-password").send_keys("s3cret" + Keys.ENTER)
        wait(driver, lambda d: css(d, "#jobs") and "Logged in as root" in d.find_element(By.ID, "user").text, "the jobs page after login")
        run_from_definitions(driver, "web.STEPS")
        wait(driver, lambda d: node_statuses(d) == ["success", "success"], "the job to succeed while logged in")
        step("logging in as root opens the jobs page; a job started from the page runs to success")
        shot(driver, "16-logged-in-job")

        driver.find_element(By.ID, "logout").click()
        wait(driver, lambda d: css(d, "#login-form"), "the login form after logging out")
        driver.refresh()
        wait(driver, lambda d: css(d, "#login-form"), "the login form after a reload")
        step("logging out forgets the session")

        # The refused login is an expected 401 in the console; nothing else may appear.
        errors = console_errors(driver, allowed=["/ui/login - Failed to load resource: the server responded with a status of 401"])
        assert not errors, f"browser console errors: {errors}"
        step("the browser console logged no errors but the refused login")
    finally:
        server.stop()


def check_scripts():
    """A syntax error in one of web/'s scripts, found before any browser starts (when node is there)."""
    node = shutil.which("node")
    if not node:
        return
    scripts = sorted(f for f in os.listdir(os.path.join(ROOT, "web")) if f.endswith(".js"))
    for script in scripts:
        subprocess.run([node, "--check", os.path.join(ROOT, "web", script)], check=True)
    step(f"node --check passes every script of web/ ({len(scripts)})")


def main():
    os.makedirs(SHOTS, exist_ok=True)
    print(f"screenshots: {SHOTS}", flush=True)
    check_scripts()
    root = tempfile.mkdtemp(prefix="baton-web-")
    driver = browser()
    try:
        without_auth(driver, root)
        with_auth(driver, root)
    except Exception:
        shot(driver, "failure")
        raise
    finally:
        driver.quit()
        shutil.rmtree(root, ignore_errors=True)
    print(f"browser test: {steps} steps passed; screenshots in {SHOTS}", flush=True)


if __name__ == "__main__":
    main()
