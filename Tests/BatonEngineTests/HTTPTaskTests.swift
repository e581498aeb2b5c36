import Baton
import BatonCore
import BatonStore
import Foundation
import Testing
import BatonTestSupport
@testable import BatonEngine

/// A real HTTP server on a free loopback port: Python's standard library, answering every POST
/// with what it received and every GET under /fail with 503.
private final class EchoServer {
    let process: ChildProcess
    let port: Int

    init() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("echo-\(UUID().uuidString).log")
        let script = #"""
            import http.server, json, sys
            class H(http.server.BaseHTTPRequestHandler):
                def log_message(self, *a): pass
                def reply(self, code, body):
                    data = json.dumps(body).encode()
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    self.reply(200, {"path": self.path, "got": json.loads(body), "auth": self.headers.get("X-Token")})
                def do_GET(self):
                    if self.path.startswith("/slow"):
                        # The head and a little of the body, then nothing for longer than any test waits.
                        self.send_response(200)
                        self.send_header("Content-Length", "100")
                        self.end_headers()
                        self.wfile.write(b'{"partial": ')
                        self.wfile.flush()
                        import time
                        time.sleep(60)
                        return
                    self.reply(503 if self.path.startswith("/fail") else 200, {"path": self.path})
            s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
            s.daemon_threads = True
            print(s.server_address[1], flush=True)
            s.serve_forever()
            """#
        process = try await ChildProcess.start(
            argv: ["python3", "-c", script], environment: ProcessInfo.processInfo.environment,
            directory: "/", logPath: log.path)
        var port: Int?
        try await eventually(timeout: .seconds(20)) {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            port = text.hasSuffix("\n") ? Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) : nil
            return port != nil
        }
        self.port = port!
    }

    func stop() async {
        process.stop(grace: 1)
        _ = await process.wait()
    }
}
@Suite struct HTTPTaskTests {
    @Test func postsTemplatedBodyAndKeepsJSONResponseAsResult() async throws {
        let server = try await EchoServer()
        let home = try await TestHome(
            workflows: """
                t.HTTP:
                  tasks:
                    - {id: notify, task: NOTIFY, params: {who: "a b&c"}}
                    - {id: broken, task: BROKEN, needs: [notify]}
                """,
            tasks: """
                NOTIFY:
                  http:
                    method: POST
                    url: "http://127.0.0.1:\(server.port)/done/{{params.who}}"
                    headers: {X-Token: "t-{{job.number}}"}
                    body: {job: "{{job.id}}", user: "{{payload.user}}", fixed: 1}
                  params: {who: nobody}
                BROKEN:
                  http: {url: "http://127.0.0.1:\(server.port)/fail"}
                """)
        let (job, tasks) = try await home.run("t.HTTP", payload: ["user": 7])
        #expect(job.status == .failed)
        #expect(
            tasks.named("notify").result == [
                "path": "/done/a%20b%26c",
                "got": ["job": .string(job.uuid.uuidString.lowercased()), "user": "7", "fixed": 1],
                "auth": .string("t-\(job.number)"),
            ])
        #expect(tasks.named("broken").error?.exception == "HTTP status 503")
        await server.stop()
    }

    @Test func unreachableServerAndURLWithoutHostFailTheTaskWithTheirReason() async throws {
        let home = try await TestHome(
            workflows: """
                t.DOWN:
                  tasks:
                    - {id: refused, task: REFUSED}
                    - {id: scheme, task: SCHEME}
                """,
            tasks: """
                REFUSED:
                  http: {url: "http://127.0.0.1:1/nothing"}
                SCHEME:
                  http: {url: "http://{{params.host}}/file"}
                  params: {host: ""}
                """)
        let (job, tasks) = try await home.run("t.DOWN")
        #expect(job.status == .failed)
        let refused = try #require(tasks.named("refused").error?.exception)
        #expect(refused.hasPrefix("GET http://127.0.0.1:1/nothing failed: "))
        #expect(tasks.named("scheme").error?.exception == "bad URL http:///file")
    }

    /// `timeout` bounds the whole attempt: a server that sends its head and then stalls in the
    /// body is cut at the timeout, not left to an idle limit of the client's.
    @Test func timeoutCoversAStalledBody() async throws {
        let server = try await EchoServer()
        let home = try await TestHome(
            workflows: "t.SLOW:\n  tasks: [SLOW]\n",
            tasks: """
                SLOW:
                  http: {url: "http://127.0.0.1:\(server.port)/slow"}
                  timeout: 1
                """)
        let started = ContinuousClock.now
        let (job, tasks) = try await home.run("t.SLOW")
        #expect(job.status == .failed)
        #expect(tasks.named("SLOW").error?.exception == "timed out after 1 s")
        #expect(ContinuousClock.now - started < .seconds(30))
        await server.stop()
    }

    /// A header value the client refuses (here a newline from a param) fails the attempt
    /// without a retry, and the error names the problem, not the value (it may be a secret).
    @Test func refusedHeaderValueIsNotRetriedNorShown() async throws {
        let server = try await EchoServer()
        let home = try await TestHome(
            workflows: "t.HEADER:\n  tasks: [HEADER]\n",
            tasks: """
                HEADER:
                  http:
                    url: "http://127.0.0.1:\(server.port)/ok"
                    headers: {Authorization: "Bearer {{params.token}}"}
                  params: {token: "s3cret\\nX-Injected: 1"}
                  retries: 3
                """)
        let (job, tasks) = try await home.run("t.HEADER")
        #expect(job.status == .failed)
        let task = tasks.named("HEADER")
        #expect(
            task.error?.exception.hasSuffix("failed: Invalid header field values") == true, "\(String(describing: task.error))")
        #expect(task.error?.exception.contains("s3cret") == false)
        #expect(task.attempt == 1)
        await server.stop()
    }
}
