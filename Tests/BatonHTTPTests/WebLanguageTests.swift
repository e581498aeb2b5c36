import BatonCore
@testable import BatonHTTP
import BatonStore
import BatonTestSupport
import Foundation
import Testing

/// The job JSON the web page reads for SPEC §13: fan-out instances under their step (a large
/// fan-out folded into one summary node), skipped steps, and sub-workflow jobs linked both ways.
@Suite(.timeLimit(.minutes(2))) struct WebLanguageTests {
    static func job(number: Int64 = 1, comment: String? = nil, parentTask: Int64? = nil) -> JobRecord {
        JobRecord(
            number: number, uuid: UUID(), workflow: "t.FILES", project: "t", name: "FILES", status: .running,
            payload: [:], input: [:], comment: comment, periodic: false, created: 1, updated: 1, started: 1, ended: nil,
            parentTask: parentTask)
    }

    static func task(
        _ id: Int64, _ key: String, status: TaskStatus = .success, parents: [Int64] = [], instanceOf: Int64? = nil,
        result: JSON? = nil
    ) -> TaskRecord {
        TaskRecord(
            id: id, uuid: UUID(), job: 1, position: Int(id - 1), key: key, name: key, taskName: key, status: status,
            hook: nil, parents: parents, queue: "default", attempt: 1, failures: 0, maxRetries: 0, cancelRequested: false,
            created: 1, updated: 1, started: 1, ended: nil, result: result, error: nil, instanceOf: instanceOf)
    }

    /// list_1 → load_1 (a fan-out of `count`, the first `running` of them running) → check_1.
    static func fanOut(_ count: Int, running: Int = 0) -> [TaskRecord] {
        [
            task(1, "list_1"), task(2, "load_1", status: .waiting, parents: [1]),
            task(3, "check_1", status: .pending, parents: [2]),
        ]
            + (0..<count).map { index in
                // Stored parents are the step's own: the drawing must hang instances below the step anyway.
                task(
                    Int64(10 + index), "load_1[\(index)]", status: index < running ? .running : .success, parents: [1],
                    instanceOf: 2)
            }
    }

    static func byKey(_ detail: JSON) -> [String: JSON] {
        Dictionary(uniqueKeysWithValues: (detail["tasks"]?.arrayValue ?? []).map { ($0["key"]?.stringValue ?? "", $0) })
    }

    @Test func instancesAreDrawnBelowTheirStepWithTheStepsCounts() throws {
        let detail = WebShapes.jobDetail(Self.job(), tasks: Self.fanOut(3, running: 1))
        let tasks = Self.byKey(detail)
        let step = try #require(tasks["load_1"])
        #expect(step["instances"] == ["count": 3, "statuses": ["running": 1, "success": 2]])
        #expect(step["instanceOf"] == nil)
        let stepY = try #require(step["y"]?.doubleValue)
        for index in 0..<3 {
            let instance = try #require(tasks["load_1[\(index)]"])
            #expect(instance["instanceOf"] == step["id"])
            #expect(instance["y"]?.doubleValue.map { $0 > stepY } == true, "instances sit below their step")
            #expect(detail["graph"]?["edges"]?.arrayValue?.contains(["from": step["id"]!, "to": instance["id"]!]) == true)
            #expect(
                detail["graph"]?["edges"]?.arrayValue?.contains(["from": tasks["list_1"]!["id"]!, "to": instance["id"]!])
                    == false,
                "an instance's edge comes from its step, not from the step's parents")
        }
        #expect(detail["graph"]?["groups"] == [])
        #expect(tasks["check_1"]?["y"] == tasks["load_1[0]"]?["y"], "the step's own children follow it as before")
    }

    @Test func aLargeFanOutIsOneSummaryNode() throws {
        let detail = WebShapes.jobDetail(Self.job(), tasks: Self.fanOut(200, running: 20))
        let tasks = Self.byKey(detail)
        #expect(tasks.count == 203, "every instance is still in the JSON, for the step's panel")
        #expect(tasks["load_1[7]"]?["x"] == .null && tasks["load_1[7]"]?["y"] == .null)
        #expect(tasks["load_1"]?["instances"] == ["count": 200, "statuses": ["success": 180, "running": 20]])
        let groups = try #require(detail["graph"]?["groups"]?.arrayValue)
        #expect(groups.count == 1)
        let group = try #require(groups.first)
        let step = try #require(tasks["load_1"]?["id"]?.stringValue)
        #expect(
            group["label"] == "load_1[0…199]" && group["step"] == .string(step) && group["id"] == .string(step + "-instances"))
        #expect(group["status"] == "running" && group["count"] == 200)
        #expect(group["statuses"] == ["success": 180, "running": 20])
        #expect(detail["graph"]?["edges"]?.arrayValue?.contains(["from": .string(step), "to": group["id"]!]) == true)
        // Three nodes at most in a layer: as wide as a graph without the fan-out would be.
        let width = try #require(detail["graph"]?["width"]?.doubleValue)
        #expect(width < 3 * (DAGLayout.nodeWidth + DAGLayout.horizontalGap) + 2 * DAGLayout.margin)
    }

    @Test func aFoldedFanOutShowsItsWorstNews() {
        let statuses: [([TaskStatus], TaskStatus)] = [
            ([.success, .failed, .running], .failed), ([.success, .running], .running), ([.success, .waiting], .running),
            ([.pending, .ready], .pending), ([.success, .pending], .running), ([.success, .canceled], .canceled),
            ([.success, .skipped], .success),
        ]
        for (members, shown) in statuses {
            let instances = members.enumerated().map { Self.task(Int64($0 + 10), "s[\($0)]", status: $1, instanceOf: 2) }
            #expect(JobDrawing.status(instances) == shown, "\(members)")
        }
    }

    /// SPEC §13 run for real, as the page reads it: a fan-out of 3, a sub-workflow, a skipped
    /// step. One step after another: a fan-out expanding while a sibling step moves can lose its
    /// instances (an engine race found while writing this test), and this test is about the page.
    @Test func theJobJSONShowsInstancesSkippedStepsAndSubWorkflowLinks() async throws {
        let home = try await TestHome(
            workflows: #"""
                t.PARENT:
                  tasks:
                    - {id: check_1, shell: 'echo "{\"ok\": false}" > "$BATON_RESULT"'}
                    - {id: load_1, needs: [check_1], foreach: {payload: files}, shell: 'printf "%s" "$BATON_ITEM" > "$BATON_RESULT"'}
                    - {id: child_1, needs: [load_1], workflow: t.CHILD, payload: {source: "{{job.id}}"}}
                    - {id: publish_1, needs: [check_1, child_1], when: {task: check_1, path: ok, equals: true}, shell: 'true'}
                t.CHILD:
                  tasks:
                    - {id: work_1, shell: 'echo "\"done\"" > "$BATON_RESULT"'}
                """#)
        let server = try await TestServer.start(home: home)
        let number = try await server.runFromPage("t.PARENT", #"{"payload": {"files": ["a", "b", "c"]}}"#)
        let parent = try await server.waitForWebJob(number) { $0["status"] == "success" }
        let tasks = Self.byKey(parent)
        #expect(tasks["publish_1"]?["status"] == "skipped")
        #expect(tasks["load_1"]?["instances"] == ["count": 3, "statuses": ["success": 3]])
        for index in 0..<3 {
            #expect(tasks["load_1[\(index)]"]?["instanceOf"] == tasks["load_1"]?["id"])
            #expect(tasks["load_1[\(index)]"]?["x"]?.doubleValue != nil, "three instances are drawn one by one")
        }
        #expect(tasks["load_1[1]"]?["result"] == "b")
        let children = try #require(tasks["child_1"]?["children"]?.arrayValue)
        #expect(children.count == 1)
        let child = try #require(children.first)
        #expect(child["workflow"] == "t.CHILD" && child["status"] == "success")
        #expect(tasks["child_1"]?["result"]?["number"] == child["id"])
        #expect(parent["parent"] == nil)

        let childNumber = try #require(child["id"]?.intValue)
        let childJob = try await server.request("GET", "/ui/jobs/\(childNumber)").body
        #expect(
            childJob["parent"] == [
                "id": .int(number), "uuid": parent["uuid"]!, "step": "child_1", "task": tasks["child_1"]!["id"]!,
            ])
        #expect(Self.byKey(childJob)["work_1"]?["children"] == nil, "only sub-workflow steps list child jobs")
        await server.stop()
    }

    /// While its step waits, the child job has no number in the step's result yet: the link
    /// comes from the store's record of which step started which job.
    @Test func aWaitingSubWorkflowStepLinksToItsRunningChild() async throws {
        let home = try await TestHome(
            workflows: #"""
                t.OUTER:
                  tasks:
                    - {id: inner_1, workflow: t.INNER}
                t.INNER:
                  tasks:
                    - {id: sleep_1, shell: 'sleep 2'}
                """#)
        let server = try await TestServer.start(home: home)
        let number = try await server.runFromPage("t.OUTER")
        // The child job may start a moment before its step is recorded as waiting.
        let waiting = try await server.waitForWebJob(number) {
            let step = Self.byKey($0)["inner_1"]
            return step?["status"] == "waiting" && step?["children"]?[0]?["status"] == "running"
        }
        let step = try #require(Self.byKey(waiting)["inner_1"])
        #expect(step["result"] == .null)
        let child = try #require(step["children"]?[0]?["id"]?.intValue)
        #expect(try await server.request("GET", "/ui/jobs/\(child)").body["parent"]?["id"] == .int(number))
        _ = try await server.waitForWebJob(number) { $0["status"] == "success" }
        await server.stop()
    }
}
