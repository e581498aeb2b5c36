import Foundation
import Testing
@testable import BatonCore

private let tasksYAML = """
    EXTRACT:
      shell: echo extract
    TRANSFORM_A:
      shell: [echo, a]
      retries: 2
      retry_delay: 1.5
      timeout: 30
      env: {MODE: fast}
    TRANSFORM_B:
      shell: echo b
    LOAD:
      shell: echo load
      params: {limit: 10}
    NOTIFY:
      http: {method: post, url: "http://127.0.0.1:9000/done", body: {job: "{{job.id}}"}}
    """

private func load(
    _ workflows: String, tasks: String? = tasksYAML, swift: Set<String> = [],
    schemas: [String: JSON] = [:]
) throws -> DefinitionSet {
    try DefinitionLoader.load(
        DefinitionSources(workflows: workflows, tasks: tasks), swiftTasks: swift,
        schema: { name in schemas[name].map { .found($0, path: "schemas/\(name).json") } ?? .missing(path: "schemas/\(name).json")
        })
}

private func errors(_ workflows: String, tasks: String? = tasksYAML, swift: Set<String> = []) -> [String] {
    do {
        _ = try load(workflows, tasks: tasks, swift: swift)
        return []
    } catch let failure as DefinitionErrors {
        return failure.errors.map(\.description)
    } catch {
        return ["\(error)"]
    }
}

@Suite struct DefinitionLoaderTests {
    @Test func directorChainWithGroupHooksAndEverything() throws {
        let set = try load(
            """
            example.ETL:
              tasks:
                - EXTRACT
                - GROUP_1:
                    type: group
                    tasks: [TRANSFORM_A, TRANSFORM_B]
                - LOAD
              hooks: {success: NOTIFY, failure: EXTRACT}
              periodic: {crontab: "0 */3 * * *", payload: {a: 1}}
              schema: order
              queue: {default: q1, customs: {LOAD: q2}}
              retention: {offset: 10}
            """, schemas: ["order": ["type": "object"]])
        let workflow = try #require(set.workflow(named: "example.ETL"))
        #expect(workflow.project == "example")
        #expect(workflow.name == "ETL")
        #expect(workflow.steps.map(\.key) == ["EXTRACT", "TRANSFORM_A", "TRANSFORM_B", "LOAD"])
        #expect(workflow.steps.map(\.needs) == [[], [0], [0], [1, 2]])
        #expect(workflow.steps.map(\.queue) == ["q1", "q1", "q1", "q2"])
        #expect(workflow.steps[1].body.retries == 2)
        #expect(workflow.steps[1].body.retryDelay == 1.5)
        #expect(workflow.steps[1].body.timeout == 30)
        #expect(workflow.steps[1].body.env == ["MODE": "fast"])
        #expect(workflow.steps[1].body.kind == .shell(.argv(["echo", "a"])))
        #expect(workflow.steps[3].body.params == ["limit": 10])
        #expect(workflow.successHook?.taskName == "NOTIFY")
        #expect(
            workflow.successHook?.body.kind
                == .http(HTTPCall(method: "POST", url: "http://127.0.0.1:9000/done", body: ["job": "{{job.id}}"])))
        #expect(workflow.failureHook?.taskName == "EXTRACT")
        #expect(workflow.periodic?.payload == ["a": 1])
        if case .crontab(let crontab)? = workflow.periodic?.rule {
            #expect(crontab.expression == "0 */3 * * *")
        } else {
            Issue.record("expected a crontab")
        }
        #expect(workflow.schema == ["type": "object"])
        #expect(workflow.retentionOffset == 10)
        #expect(workflow.id == Identifiers.workflowId(fullName: "example.ETL"))
        #expect(set.workflow(id: workflow.id)?.fullName == "example.ETL")
        #expect(workflow.source["tasks"]?[0] == "EXTRACT")
    }

    @Test func nameMayContainDotsAndTasksRepeat() throws {
        let set = try load(
            """
            my.project.ETL:
              tasks: [EXTRACT, EXTRACT]
              periodic: {interval: 60}
            """)
        let workflow = try #require(set.workflow(named: "my.project.ETL"))
        #expect(workflow.project == "my")
        #expect(workflow.name == "project.ETL")
        #expect(workflow.steps.map(\.key) == ["EXTRACT", "EXTRACT"])
        #expect(workflow.steps[1].needs == [0])
        #expect(workflow.periodic?.rule == .interval(seconds: 60))
        #expect(workflow.queue(of: 0) == "default")
    }

    @Test func dagFormWithParamsInlineBodiesAndSwiftTasks() throws {
        let set = try load(
            """
            graph.PLAYERS:
              tasks:
                - id: query_1
                  task: LOAD
                  name: Players
                  params: {name: nobody}
                - id: rank_1
                  needs: [query_1, score_1]
                  shell: rank.sh
                  timeout: 600
                  retries: 1
                  queue: heavy
                - id: score_1
                  task: SCORE
            """, swift: ["SCORE"])
        let workflow = try #require(set.workflow(named: "graph.PLAYERS"))
        #expect(workflow.steps.map(\.key) == ["query_1", "rank_1", "score_1"])
        #expect(workflow.steps.map(\.name) == ["Players", "rank_1", "score_1"])
        #expect(workflow.steps[0].body.params == ["limit": 10, "name": "nobody"])
        #expect(workflow.steps[1].needs == [0, 2])
        #expect(workflow.steps[1].body.kind == .shell(.script("rank.sh")))
        #expect(workflow.steps[1].body.timeout == 600)
        #expect(workflow.steps[1].queue == "heavy")
        #expect(workflow.steps[2].body.kind == .swift("SCORE"))
    }

    @Test func unknownTaskNamesFileLineWorkflowAndTask() {
        #expect(
            errors(
                """
                example.ETL:
                  tasks:
                    - EXTRACT
                    - MISSING
                """) == [
                    "workflows.yml:4: workflow example.ETL, task MISSING: unknown task 'MISSING': it is neither in tasks.yml nor a registered Swift task"
                ])
    }

    @Test func cycleIsNamed() {
        #expect(
            errors(
                """
                g.CYCLE:
                  tasks:
                    - {id: a, task: EXTRACT, needs: [c]}
                    - {id: b, task: EXTRACT, needs: [a]}
                    - {id: c, task: EXTRACT, needs: [b]}
                """) == ["workflows.yml: workflow g.CYCLE, task a, field 'needs': cycle: a -> b -> c -> a"])
    }

    @Test func duplicateAndUnknownIds() {
        #expect(
            errors(
                """
                g.DUP:
                  tasks:
                    - {id: a, task: EXTRACT}
                    - {id: a, task: LOAD}
                    - {id: b, task: LOAD, needs: [zzz]}
                """) == [
                    "workflows.yml:4: workflow g.DUP, task a, field 'id': duplicate id 'a'",
                    "workflows.yml:5: workflow g.DUP, task b, field 'needs': unknown task id 'zzz'",
                ])
    }

    @Test func groupWithoutType() {
        #expect(
            errors(
                """
                example.G:
                  tasks:
                    - GROUP_1:
                        tasks: [EXTRACT, LOAD]
                """) == [
                    "workflows.yml:3: workflow example.G, task GROUP_1: a mapping in a chain must be a group: give it 'type: group' and a 'tasks' list"
                ])
    }

    @Test func badCrontabAndInterval() {
        #expect(
            errors(
                """
                example.C:
                  tasks: [EXTRACT]
                  periodic: {crontab: "61 * * * *"}
                example.I:
                  tasks: [EXTRACT]
                  periodic: {interval: -5}
                """) == [
                    "workflows.yml:3: workflow example.C, field 'periodic.crontab': crontab minute field '61' is out of range 0-59",
                    "workflows.yml:6: workflow example.I, field 'periodic.interval': must be a number of seconds, at least 1 and at most 1000000000",
                ])
        #expect(
            errors(
                """
                example.C:
                  tasks: [EXTRACT]
                  periodic: {crontab: "0 0 31 2 *"}
                """) == [
                    "workflows.yml:3: workflow example.C, field 'periodic.crontab': crontab '0 0 31 2 *' can never fire: no chosen month has the chosen day of the month"
                ])
    }

    /// Director reads `interval` as a float.
    @Test func floatIntervals() throws {
        let set = try load(
            """
            example.A:
              tasks: [EXTRACT]
              periodic: {interval: 30.0}
            example.B:
              tasks: [EXTRACT]
              periodic: {interval: 90.5}
            """)
        #expect(set.workflow(named: "example.A")?.periodic?.rule == .interval(seconds: 30))
        #expect(set.workflow(named: "example.B")?.periodic?.rule == .interval(seconds: 90.5))
    }

    @Test func schemaReferencesAreCheckedAtLoad() throws {
        let workflows = "example.S:\n  tasks: [EXTRACT]\n  schema: s\n"
        func problems(_ schema: JSON) -> [String] {
            do {
                _ = try load(workflows, schemas: ["s": schema])
                return []
            } catch let failure as DefinitionErrors {
                return failure.errors.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        let prefix = "workflows.yml:3: workflow example.S, field 'schema': schema file schemas/s.json: "
        #expect(
            problems(["$ref": "#"]) == [
                prefix + "$ref cycle at # never reaches a keyword that looks into the payload, so it would recurse forever"
            ])
        #expect(problems(["allOf": [["$ref": "#"]]]).count == 1)
        #expect(
            problems([
                "definitions": ["a": ["$ref": "#/definitions/b"], "b": ["anyOf": [["$ref": "#/definitions/a"]]]],
                "$ref": "#/definitions/a",
            ]).count == 1)
        #expect(problems(["x": ["$ref": "#"], "$ref": "#/x"]).count == 1, "a cycle through a place no keyword leads to")
        #expect(
            problems(["properties": ["a": ["$ref": "#/definitions/missing"]]]) == [
                prefix
                    + "$ref at #/properties/a points nowhere: '#/definitions/missing' (only '#…' pointers into the same file are supported)"
            ])
        #expect(problems(["$ref": "other.json#/x"]).count == 1)
        // Recursion that goes into the payload each time is legitimate.
        #expect(problems(["properties": ["children": ["items": ["$ref": "#"]], "next": ["$ref": "#"]]]) == [])
        #expect(
            problems([
                "definitions": ["node": ["properties": ["kids": ["items": ["$ref": "#/definitions/node"]]]]],
                "$ref": "#/definitions/node",
            ]) == [])
    }

    @Test func yamlAliasExpansionIsBounded() {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...8 {
            yaml += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
        }
        #expect(
            errors(yaml) == [
                "workflows.yml: its aliases expand to more than 1000000 nodes; refusing to expand it (a \"billion laughs\" file?)"
            ])
        #expect(
            errors(yaml, tasks: "X: &x {shell: 'true'}\nY: *x\n" + yaml.replacingOccurrences(of: "a0:", with: "Z:")).contains {
                $0.hasPrefix("tasks.yml: its aliases expand to more than")
            })
    }

    @Test func missingSchemaAndUnsafeSchemaName() {
        #expect(
            errors(
                """
                example.S:
                  tasks: [EXTRACT]
                  schema: order
                example.T:
                  tasks: [EXTRACT]
                  schema: ../../etc/passwd
                """) == [
                    "workflows.yml:3: workflow example.S, field 'schema': schema file schemas/order.json does not exist",
                    "workflows.yml:6: workflow example.T, field 'schema': must be a schema name inside schemas/ (letters, digits, '_', '-', '/'; no '..')",
                ])
    }

    @Test func unknownKeysEverywhere() {
        #expect(
            errors(
                """
                example.U:
                  tasks:
                    - {id: a, task: EXTRACT, colour: red}
                  owner: me
                """,
                tasks: """
                    EXTRACT:
                      shell: echo
                      timout: 3
                    """) == [
                    "tasks.yml:3: task EXTRACT, field 'timout': unknown key (expected shell, http, sql, csv, algorithm, env, workdir, timeout, retries, retry_delay, params, pool)",
                    "workflows.yml:3: workflow example.U, task a, field 'colour': unknown key (expected id, task, name, needs, queue, when, foreach, shell, http, sql, csv, algorithm, workflow, payload, env, workdir, timeout, retries, retry_delay, params, pool)",
                    "workflows.yml:4: workflow example.U, field 'owner': unknown key (expected tasks, hooks, periodic, schema, queue, retention, concurrency, priority)",
                ])
    }

    @Test func taskBodyErrors() {
        #expect(
            errors(
                "example.A:\n  tasks: [A]\n",
                tasks: """
                    A:
                      shell: echo
                      http: {url: "http://x"}
                    B:
                      env: {A: b}
                    C:
                      http: {url: "ftp://x"}
                    D:
                      shell: echo
                      retries: -1
                    """
            ).count == 5, "one error per broken task and field, no cascade")
    }

    /// Seconds past what the engine's clock arithmetic holds would stop the process when used
    /// (`Duration.seconds(1e300)` traps): refused at load, naming the field.
    @Test func secondsBeyondTheLimitAreRefused() {
        #expect(
            errors(
                """
                example.P:
                  tasks: [A]
                  periodic: {interval: 1e300}
                """,
                tasks: """
                    A:
                      shell: echo
                      timeout: .inf
                    B:
                      shell: echo
                      timeout: 1e300
                    C:
                      shell: echo
                      retry_delay: .inf
                    """) == [
                    "tasks.yml:3: task A, field 'timeout': must be a positive number of seconds, at most 1000000000",
                    "tasks.yml:6: task B, field 'timeout': must be a positive number of seconds, at most 1000000000",
                    "tasks.yml:9: task C, field 'retry_delay': must be a number of seconds, 0 or more and at most 1000000000",
                    "workflows.yml:3: workflow example.P, field 'periodic.interval': must be a number of seconds, at least 1 and at most 1000000000",
                ])
    }

    @Test func badNamesAndShapes() {
        #expect(
            errors("noproject:\n  tasks: [EXTRACT]\n") == ["workflows.yml:1: workflow noproject: the name must be project.NAME"])
        #expect(
            errors("example.E:\n  tasks: []\n") == [
                "workflows.yml:2: workflow example.E, field 'tasks': must be a non-empty list of tasks"
            ])
        #expect(errors("- a\n- b\n") == ["workflows.yml:1: must be a mapping of workflow names (project.NAME) to definitions"])
        #expect(errors("example.X: {tasks: [EXTRACT\n").first?.hasPrefix("workflows.yml:2: invalid YAML") == true)
    }

    @Test func unreadableTasksFileIsTheOnlyError() {
        #expect(
            errors("example.A:\n  tasks: [EXTRACT]\n", tasks: "EXTRACT: [unclosed\n") == [
                "tasks.yml:2: invalid YAML: while parsing a flow sequence did not find expected ',' or ']'"
            ])
    }

    @Test func queueCustomsMustNameUsedTasks() {
        #expect(
            errors(
                """
                example.Q:
                  tasks: [EXTRACT]
                  queue: {default: q1, customs: {LAOD: q2}}
                """) == [
                    "workflows.yml:3: workflow example.Q, field 'queue.customs': names task 'LAOD', which this workflow does not use"
                ])
    }

    /// In the DAG form `customs` may name a step's id as well as its task.
    @Test func queueCustomsByStepIdOrTask() throws {
        let set = try load(
            """
            example.Q:
              queue: {default: q1, customs: {load_1: q2, EXTRACT: q3}}
              tasks:
                - {id: extract_1, task: EXTRACT}
                - {id: load_1, task: LOAD, needs: [extract_1]}
                - {id: load_2, task: LOAD, needs: [extract_1]}
            """)
        let workflow = try #require(set.workflow(named: "example.Q"))
        #expect(workflow.steps.map(\.queue) == ["q3", "q2", "q1"])
    }
}

extension WorkflowDefinition {
    func queue(of index: Int) -> String { steps[index].queue }
}
