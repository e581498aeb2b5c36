import Foundation
import Testing
@testable import BatonCore

private let languageTasks = """
    LIST:
      shell: ls
      pool: db
    LOAD:
      shell: load.sh
    """

private func load(
    _ workflows: String, tasks: String? = languageTasks, pools: Set<String>? = ["db", "api"]
) throws
    -> DefinitionSet
{
    try DefinitionLoader.load(
        DefinitionSources(workflows: workflows, tasks: tasks), swiftTasks: [], pools: pools,
        schema: { .missing(path: "schemas/\($0).json") })
}

private func errors(_ workflows: String, tasks: String? = languageTasks, pools: Set<String>? = ["db", "api"]) -> [String] {
    do {
        _ = try load(workflows, tasks: tasks, pools: pools)
        return []
    } catch let failure as DefinitionErrors {
        return failure.errors.map(\.description)
    } catch {
        return ["\(error)"]
    }
}

/// SPEC §13's keys: `when`, `foreach`, `workflow` + `payload` and `pool` on DAG steps, `pool` on
/// tasks.yml entries, `concurrency` and `priority` on workflows.
@Suite struct WorkflowLanguageLoaderTests {
    @Test func specExampleLoads() throws {
        let set = try load(
            #"""
            etl.FILES:
              concurrency: 2
              priority: 5
              tasks:
                - {id: list_1, shell: 'ls data/in > "$BATON_ROWS"'}
                - id: load_1
                  needs: [list_1]
                  foreach: {rows: list_1, concurrency: 4}
                  shell: 'load.sh "$BATON_ITEM_0"'
                - id: check_1
                  needs: [load_1]
                  shell: 'echo "{\"ok\": true}" > "$BATON_RESULT"'
                - id: publish_1
                  needs: [check_1]
                  when: {task: check_1, path: ok, equals: true}
                  workflow: etl.PUBLISH
                  payload: {source: "{{job.id}}"}
            etl.PUBLISH:
              tasks:
                - {id: publish, task: LOAD, pool: api}
            """#)
        let files = try #require(set.workflow(named: "etl.FILES"))
        #expect(files.concurrency == 2)
        #expect(files.priority == 5)
        #expect(files.steps.map(\.key) == ["list_1", "load_1", "check_1", "publish_1"])
        #expect(files.steps[1].body.foreach == FanOut(source: .rows(parent: 0, parentKey: "list_1"), concurrency: 4))
        #expect(
            files.steps[3].body.when
                == StepCondition(parent: 0, parentKey: "check_1", path: ["ok"], test: .equals(.bool(true))))
        #expect(
            files.steps[3].body.kind
                == .workflow(
                    SubWorkflowCall(workflow: "etl.PUBLISH", payload: ["source": "{{job.id}}"], parentKeys: ["check_1"])))
        #expect(files.steps[3].taskName == "publish_1")
        #expect(files.steps.allSatisfy { $0.body.item == nil && $0.body.pool == nil })
        let publish = try #require(set.workflow(named: "etl.PUBLISH"))
        #expect(publish.concurrency == nil)
        #expect(publish.priority == 0)
        #expect(publish.steps[0].body.pool == "api")
    }

    @Test func conditionsAndFanOutSources() throws {
        let set = try load(
            """
            g.W:
              tasks:
                - {id: a, task: LIST}
                - {id: b, task: LOAD}
                - id: c
                  needs: [a, b]
                  when: {task: b, not_equals: failed}
                  foreach: {result: b, path: data.items.0}
                  task: LOAD
                - id: d
                  needs: [a, b]
                  when: {task: a, path: "0", in: [1, "x", null]}
                  foreach: {payload: files, concurrency: 1}
                  shell: echo
                - id: e
                  needs: [b]
                  foreach: {result: b}
                  shell: echo
            """)
        let steps = try #require(set.workflow(named: "g.W")).steps
        #expect(steps[2].body.when == StepCondition(parent: 1, parentKey: "b", path: [], test: .notEquals("failed")))
        #expect(
            steps[2].body.foreach
                == FanOut(source: .result(parent: 1, parentKey: "b", path: ["data", "items", "0"]), concurrency: nil))
        #expect(steps[3].body.when == StepCondition(parent: 0, parentKey: "a", path: ["0"], test: .isIn([1, "x", .null])))
        #expect(steps[3].body.foreach == FanOut(source: .payload(path: ["files"]), concurrency: 1))
        #expect(steps[4].body.foreach == FanOut(source: .result(parent: 0, parentKey: "b", path: [])))
    }

    @Test func poolsOnStepsAndTasksEntries() throws {
        let set = try load(
            """
            g.P:
              tasks:
                - {id: a, task: LIST}
                - {id: b, task: LIST, pool: api}
                - {id: c, shell: echo, pool: db}
                - {id: d, task: LOAD}
            d.CHAIN:
              tasks: [LIST, LOAD]
            """)
        let steps = try #require(set.workflow(named: "g.P")).steps
        #expect(steps.map(\.body.pool) == ["db", "api", "db", nil])
        #expect(try #require(set.workflow(named: "d.CHAIN")).steps.map(\.body.pool) == ["db", nil])
        #expect(set.tasks["LIST"]?.pool == "db")
        // Unknown pool names are only refused when baton.yml's pools are known.
        #expect(errors("g.Q:\n  tasks:\n    - {id: a, shell: echo, pool: other}\n", pools: nil) == [])
    }

    @Test func unknownPoolsListTheKnownOnes() {
        #expect(
            errors(
                """
                g.P:
                  tasks:
                    - {id: a, shell: echo, pool: other}
                    - {id: b, shell: echo, pool: [db]}
                """,
                tasks: "T:\n  shell: echo\n  pool: big\n") == [
                    "tasks.yml:3: task T, field 'pool': unknown pool 'big' (known: api, db)",
                    "workflows.yml:3: workflow g.P, task a, field 'pool': unknown pool 'other' (known: api, db)",
                    "workflows.yml:4: workflow g.P, task b, field 'pool': must be a pool name of baton.yml's 'pools'",
                ])
        #expect(
            errors("g.P:\n  tasks:\n    - {id: a, shell: echo, pool: db}\n", tasks: nil, pools: []) == [
                "workflows.yml:3: workflow g.P, task a, field 'pool': unknown pool 'db' (baton.yml declares none)"
            ])
    }

    @Test func whenErrors() {
        #expect(
            errors(
                """
                g.W:
                  tasks:
                    - {id: a, shell: echo}
                    - {id: b, shell: echo, needs: [a], when: {task: z, equals: 1}}
                    - {id: c, shell: echo, when: {task: a, equals: 1}}
                    - {id: d, shell: echo, needs: [a], when: {task: a, equals: 1, in: [1]}}
                    - {id: e, shell: echo, needs: [a], when: {task: a}}
                    - {id: f, shell: echo, needs: [a], when: {task: a, in: 1}}
                    - {id: g, shell: echo, needs: [a], when: {task: a, equals: 1, colour: red}}
                    - {id: h, shell: echo, needs: [a], when: a}
                    - {id: i, shell: echo, needs: [a], when: {equals: 1, path: [x]}}
                """) == [
                    "workflows.yml:4: workflow g.W, task b, field 'when.task': 'z' is not among this task's needs (it needs a)",
                    "workflows.yml:5: workflow g.W, task c, field 'when.task': 'a' is not among this task's needs (it needs none)",
                    "workflows.yml:6: workflow g.W, task d, field 'when': give exactly one of equals, not_equals and in",
                    "workflows.yml:7: workflow g.W, task e, field 'when': give exactly one of equals, not_equals and in",
                    "workflows.yml:8: workflow g.W, task f, field 'when.in': must be a list of values",
                    "workflows.yml:9: workflow g.W, task g, field 'when.colour': unknown key (expected task, path, equals, not_equals, in)",
                    "workflows.yml:10: workflow g.W, task h, field 'when': must be {task: ID, path: a.b, equals: V} (or not_equals: V, or in: [V, ...])",
                    "workflows.yml:11: workflow g.W, task i, field 'when.task': must be the id of a task this one needs",
                    "workflows.yml:11: workflow g.W, task i, field 'when.path': must be a dotted path such as a.b.0",
                ])
    }

    @Test func foreachErrors() {
        #expect(
            errors(
                """
                g.F:
                  tasks:
                    - {id: a, shell: echo}
                    - {id: b, shell: echo, needs: [a], foreach: {rows: z}}
                    - {id: c, shell: echo, needs: [zz], foreach: {rows: zz}}
                    - {id: d, shell: echo, needs: [a], foreach: {rows: a, result: a}}
                    - {id: e, shell: echo, needs: [a], foreach: {concurrency: 2}}
                    - {id: f, shell: echo, needs: [a], foreach: {rows: a, concurrency: 0}}
                    - {id: g, shell: echo, needs: [a], foreach: {rows: a, concurrency: -1}}
                    - {id: h, shell: echo, needs: [a], foreach: {rows: a, concurrency: 1.5}}
                    - {id: i, shell: echo, needs: [a], foreach: {rows: a, concurrency: many}}
                    - {id: j, shell: echo, foreach: {payload: ""}}
                    - {id: k, shell: echo, needs: [a], foreach: {rows: a, path: x}}
                    - {id: l, shell: echo, foreach: [a]}
                """) == [
                    "workflows.yml:4: workflow g.F, task b, field 'foreach.rows': 'z' is not among this task's needs (it needs a)",
                    "workflows.yml:6: workflow g.F, task d, field 'foreach': give exactly one of rows, result and payload",
                    "workflows.yml:7: workflow g.F, task e, field 'foreach': give exactly one of rows, result and payload",
                    "workflows.yml:8: workflow g.F, task f, field 'foreach.concurrency': must be a whole number, 1 or more",
                    "workflows.yml:9: workflow g.F, task g, field 'foreach.concurrency': must be a whole number, 1 or more",
                    "workflows.yml:10: workflow g.F, task h, field 'foreach.concurrency': must be a whole number, 1 or more",
                    "workflows.yml:11: workflow g.F, task i, field 'foreach.concurrency': must be a whole number, 1 or more",
                    "workflows.yml:12: workflow g.F, task j, field 'foreach.payload': must be a dotted path to an array in the payload",
                    "workflows.yml:13: workflow g.F, task k, field 'foreach.path': unknown key (expected rows, result, path, payload, concurrency)",
                    "workflows.yml:14: workflow g.F, task l, field 'foreach': must be {rows: ID}, {result: ID, path: a.b} or {payload: a.b}, with an optional concurrency: N",
                    "workflows.yml:5: workflow g.F, task c, field 'needs': unknown task id 'zz'",
                ])
    }

    @Test func workflowStepErrors() {
        #expect(
            errors(
                """
                g.S:
                  tasks:
                    - {id: a, workflow: g.T, shell: echo, payload: {x: 1}}
                    - {id: b, workflow: g.T, task: LOAD}
                    - {id: c, task: LOAD, payload: {x: 1}}
                    - {id: d, workflow: g.T, payload: [1]}
                    - {id: e, workflow: nodot}
                    - {id: f, workflow: g.MISSING}
                    - {id: g, workflow: g.BROKEN}
                g.T:
                  tasks:
                    - {id: t, task: LOAD}
                g.BROKEN:
                  tasks:
                    - {id: x, task: NOPE}
                """) == [
                    "workflows.yml:3: workflow g.S, task a, field 'workflow': unknown key (expected id, task, name, needs, queue, when, foreach, shell, http, sql, csv, algorithm, workflow, payload, env, workdir, timeout, retries, retry_delay, params, pool)",
                    "workflows.yml:3: workflow g.S, task a, field 'workflow': a task has exactly one kind, found shell and workflow",
                    "workflows.yml:4: workflow g.S, task b, field 'task': give either 'task' or an inline body, not both",
                    "workflows.yml:5: workflow g.S, task c, field 'payload': goes with 'workflow: project.NAME' (it is the child job's payload)",
                    "workflows.yml:6: workflow g.S, task d, field 'payload': must be a mapping: the child job's payload, a template",
                    "workflows.yml:7: workflow g.S, task e, field 'workflow': must be a workflow name, project.NAME",
                    "workflows.yml:15: workflow g.BROKEN, task x: unknown task 'NOPE': it is neither in tasks.yml nor a registered Swift task",
                    "workflows.yml:8: workflow g.S, task f, field 'workflow': unknown workflow 'g.MISSING': workflows.yml does not define it",
                    "workflows.yml:9: workflow g.S, task g, field 'workflow': workflow 'g.BROKEN' has errors of its own (reported with it)",
                ])
        #expect(
            errors("g.A:\n  tasks: [T]\n", tasks: "T:\n  workflow: g.A\n") == [
                "tasks.yml:1: task T: has no kind: give one of shell, http, sql, csv, algorithm"
            ])
    }

    @Test func subWorkflowCyclesAreRefused() {
        #expect(
            errors(
                """
                g.A:
                  tasks:
                    - {id: start, shell: echo}
                    - {id: call_b, needs: [start], workflow: g.B}
                g.B:
                  tasks:
                    - {id: call_a, workflow: g.A}
                """) == ["workflows.yml:4: workflow g.A, task call_b, field 'workflow': sub-workflow cycle: g.A -> g.B -> g.A"])
        #expect(
            errors("g.SELF:\n  tasks:\n    - {id: again, workflow: g.SELF}\n") == [
                "workflows.yml:3: workflow g.SELF, task again, field 'workflow': sub-workflow cycle: g.SELF -> g.SELF"
            ])
    }

    @Test func workflowLimitErrors() throws {
        #expect(
            errors(
                """
                g.A:
                  concurrency: 0
                  priority: high
                  tasks: [LOAD]
                g.B:
                  concurrency: -3
                  priority: 1.5
                  tasks: [LOAD]
                g.C:
                  concurrency: two
                  tasks: [LOAD]
                """) == [
                    "workflows.yml:2: workflow g.A, field 'concurrency': must be a whole number, 1 or more",
                    "workflows.yml:3: workflow g.A, field 'priority': must be a whole number (higher first; default 0)",
                    "workflows.yml:6: workflow g.B, field 'concurrency': must be a whole number, 1 or more",
                    "workflows.yml:7: workflow g.B, field 'priority': must be a whole number (higher first; default 0)",
                    "workflows.yml:10: workflow g.C, field 'concurrency': must be a whole number, 1 or more",
                ])
        let set = try load("g.N:\n  priority: -3\n  concurrency: 1\n  tasks: [LOAD]\n")
        #expect(set.workflow(named: "g.N")?.priority == -3)
        #expect(set.workflow(named: "g.N")?.concurrency == 1)
    }

    @Test func directorSyntaxIsUnchanged() throws {
        let set = try load(
            """
            example.ETL:
              tasks:
                - LIST
                - GROUP_1:
                    type: group
                    tasks: [LOAD, LOAD]
                - LOAD
              hooks: {success: LOAD}
            """)
        let workflow = try #require(set.workflow(named: "example.ETL"))
        #expect(workflow.steps.map(\.key) == ["LIST", "LOAD", "LOAD", "LOAD"])
        #expect(workflow.steps.map(\.needs) == [[], [0], [0], [1, 2]])
        #expect(workflow.concurrency == nil)
        #expect(workflow.priority == 0)
        #expect(workflow.steps.allSatisfy { $0.body.when == nil && $0.body.foreach == nil && $0.body.item == nil })
        // A chain item is a task name: the DAG keys are not read there.
        #expect(
            errors("example.X:\n  tasks:\n    - LIST:\n        when: {task: LIST, equals: 1}\n") == [
                "workflows.yml:3: workflow example.X, task LIST: a mapping in a chain must be a group: give it 'type: group' and a 'tasks' list"
            ])
    }
}
