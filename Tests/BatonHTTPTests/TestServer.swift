import Baton
import BatonCore
import BatonEngine
import BatonHTTP
import BatonTestSupport
import Foundation
import Logging

/// The Director peer's golden workflows, with shell tasks.
let benchWorkflows = """
    bench.SINGLE:
      tasks: [A]
    bench.CHAIN:
      tasks: [A, B, C]
    bench.GROUP:
      tasks:
        - A
        - GROUP_BC:
            type: group
            tasks: [B, C]
    bench.ERROR:
      tasks: [A, ERR]
    bench.HOOKS:
      tasks: [A]
      hooks: {success: B, failure: C}
    bench.HOOKS_ERROR:
      tasks: [A, ERR]
      hooks: {success: B, failure: C}
    bench.SCHEMA:
      tasks: [A]
      schema: bench_user
    bench.SLEEP:
      tasks: [SLEEP]
    graph.PARAMS:
      tasks:
        - {id: query_1, task: ECHO, name: Query, params: {name: nobody}}
        - {id: rows_1, needs: [query_1], task: ROWS}
    """

let benchTasks = """
    A:
      shell: echo '"a"' > "$BATON_RESULT"
    B:
      shell: echo '"b"' > "$BATON_RESULT"
    C:
      shell: echo '"c"' > "$BATON_RESULT"
    ERR:
      shell: echo "something broke" >&2; exit 3
    SLEEP:
      shell: echo $$ > sleep.pid; sleep 30 & wait
    ECHO:
      shell: printf '%s' "$BATON_PARAM_NAME" > name.txt
      params: {name: nobody}
    ROWS:
      shell: printf 'a,1\\nb,2\\nc,3\\n' > "$BATON_ROWS"
    """

/// Baton's HTTP server on a free loopback port, over a temporary home.
struct TestServer {
    let home: TestHome
    let port: Int
    let running: Task<Void, any Error>

    static func home() async throws -> TestHome {
        try await TestHome(
            workflows: benchWorkflows, tasks: benchTasks,
            schemas: [
                "bench_user": #"{"type": "object", "properties": {"user": {"type": "integer"}}, "required": ["user"]}"#
            ])
    }

    /// A server on `home`, or on a new home of the bench workflows.
    static func start(
        home existing: TestHome? = nil, workers: Bool = true, auth: Bool = false,
        tokenMaxAge: Int = 259_200
    ) async throws -> TestServer {
        let home: TestHome
        if let existing { home = existing } else { home = try await Self.home() }
        let engine = workers ? home.engine() : nil
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let running = Task {
            try await BatonServer.run(
                service: home.service(engine), engine: engine,
                settings: ServerSettings(
                    host: "127.0.0.1", port: 0, maxBodyBytes: 1024, authEnabled: auth,
                    tokenMaxAge: tokenMaxAge,
                    runDirectory: home.home.runDirectory),
                logger: logger, onRunning: { continuation.yield($0) })
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TimedOut(description: "server did not start") }
        return TestServer(home: home, port: port, running: running)
    }

    func stop() async {
        running.cancel()
        _ = try? await running.value
    }

    struct Reply {
        let status: Int
        let body: JSON
        let headers: [String: String]
    }

    func request(
        _ method: String, _ path: String, body: String? = nil, contentType: String? = "application/json",
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var fields = headers
        if let contentType, body != nil { fields["Content-Type"] = contentType }
        let (status, responseHeaders, data) = try await RawHTTP.request(
            method: method, port: port, path: path, headers: fields,
            body: body.map { Data($0.utf8) })
        return Reply(status: status, body: data.isEmpty ? .null : try JSON.parse(data), headers: responseHeaders)
    }

    /// Polls the job through the API until `done` holds.
    func waitForJob(_ id: String, until done: @escaping (JSON) -> Bool) async throws -> JSON {
        var last = JSON.null
        try await eventually(timeout: .seconds(20)) {
            last = try await request("GET", "/api/workflows/\(id)").body
            return done(last)
        }
        return last
    }
}

/// Removes the values that differ between runs (ids, times), keeping every key.
func stripped(_ value: JSON) -> JSON {
    switch value {
    case .object(let members):
        return .object(
            Dictionary(
                uniqueKeysWithValues: members.map { key, value in
                    ["id", "task", "created", "updated"].contains(key)
                        ? (key, "*") : (key, key == "previous" ? .int(value.arrayValue?.count ?? -1) : stripped(value))
                }))
    case .array(let items): return .array(items.map(stripped))
    default: return value
    }
}
