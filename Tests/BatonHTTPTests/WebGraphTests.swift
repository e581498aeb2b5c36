import BatonCore
@testable import BatonHTTP
import BatonStore
import BatonTestSupport
import Foundation
import Testing

private let tasks = """
    EDGES:
      csv: {path: data/edges.csv}
    RANK:
      algorithm: pagerank
      params: {iterations: 10}
    """

private let workflows = """
    web.GRAPH:
      tasks:
        - {id: edges_1, task: EDGES}
        - {id: pagerank_1, needs: [edges_1], task: RANK}
        - {id: degree_1, needs: [edges_1], algorithm: DegreeCentrality}
        - {id: louvain_1, needs: [edges_1], algorithm: louvain}
    """

/// a has 3 edges, b and c 2, d 1: BOTH_DEGREE is 3, 2, 2, 1.
private let edges = "a,b\na,c\na,d\nb,c\n"

/// The task panel's graph data (SPEC §11, §12): column names of an algorithm's rows and the
/// histogram of a numeric column, computed over every row on the server.
@Suite struct WebGraphTests {
    func server(auth: Bool = false) async throws -> TestServer {
        let home = try await TestHome(workflows: workflows, tasks: tasks)
        try FileManager.default.createDirectory(atPath: home.path("data"), withIntermediateDirectories: true)
        try edges.write(toFile: home.path("data/edges.csv"), atomically: true, encoding: .utf8)
        return try await TestServer.start(home: home, auth: auth)
    }

    func finishedJob(_ server: TestServer, headers: [String: String] = [:]) async throws -> (Int, [String: JSON]) {
        let id = try await server.runFromPage("web.GRAPH", headers: headers)
        var job = JSON.null
        try await eventually(timeout: .seconds(20)) {
            job = try await server.request("GET", "/ui/jobs/\(id)", headers: headers).body
            return job["status"] == "success"
        }
        let tasks = try #require(job["tasks"]?.arrayValue)
        return (id, Dictionary(uniqueKeysWithValues: tasks.map { ($0["key"]!.stringValue!, $0) }))
    }

    @Test func algorithmTasksNameTheirColumns() async throws {
        let server = try await server()
        let (_, tasks) = try await finishedJob(server)
        #expect(tasks["pagerank_1"]?["kind"] == "algorithm" && tasks["pagerank_1"]?["algorithm"] == "PageRank")
        #expect(tasks["pagerank_1"]?["columns"] == ["VID", "VALUE"])
        #expect(tasks["degree_1"]?["columns"] == ["VID", "BOTH_DEGREE", "OUT_DEGREE", "IN_DEGREE"])
        #expect(tasks["louvain_1"]?["columns"] == ["VID", "LABEL"])
        #expect(tasks["edges_1"]?["kind"] == "csv" && tasks["edges_1"]?["columns"] == nil, "a csv file's columns have no names")
        await server.stop()
    }

    @Test func theHistogramBinsANumericColumnOverEveryRow() async throws {
        let server = try await server()
        let (id, tasks) = try await finishedJob(server)
        let degree = try #require(tasks["degree_1"]?["id"]?.stringValue)
        let path = "/ui/jobs/\(id)/tasks/\(degree)/histogram"
        // Whole numbers over a small range: one bin per value.
        let unit = try await server.request("GET", "\(path)?column=1").body
        #expect(unit["count"] == 4 && unit["skipped"] == 0 && unit["integers"] == true)
        #expect(unit["min"]?.doubleValue == 1 && unit["max"]?.doubleValue == 3)
        #expect(unit["bins"]?.arrayValue?.map { $0["count"] } == [1, 2, 1])
        #expect(unit["bins"]?.arrayValue?.map { $0["from"]?.doubleValue } == [1, 2, 3])
        // Fewer bins than values: equal widths, the maximum in the last bin.
        let two = try await server.request("GET", "\(path)?column=1&bins=2").body
        #expect(two["bins"]?.arrayValue?.map { $0["count"] } == [1, 3])
        #expect(two["bins"]?.arrayValue?.map { $0["to"]?.doubleValue } == [2, 3])

        // Reals: the range is the rows' own, every row is counted.
        let rank = try #require(tasks["pagerank_1"]?["id"]?.stringValue)
        let rows = try #require(try await server.request("GET", "/ui/jobs/\(id)/tasks/\(rank)/rows").body["rows"]?.arrayValue)
        let values = rows.compactMap { $0[1]?.stringValue.flatMap(Double.init) }
        let real = try await server.request("GET", "/ui/jobs/\(id)/tasks/\(rank)/histogram?column=1&bins=5").body
        #expect(real["count"]?.intValue == rows.count && real["integers"] == false)
        #expect(real["min"]?.doubleValue == values.min() && real["max"]?.doubleValue == values.max())
        #expect(real["bins"]?.arrayValue?.count == 5)
        #expect(real["bins"]?.arrayValue?.compactMap { $0["count"]?.intValue }.reduce(0, +) == rows.count)

        // Vertex ids are not numbers: every row is left out, no bins.
        let ids = try await server.request("GET", "\(path)?column=0").body
        #expect(ids["count"] == 0 && ids["skipped"] == 4 && ids["bins"] == [] && ids["min"] == .null)
        #expect(try await server.request("GET", "\(path)?column=9").body["skipped"] == 4, "a column past the row's end")
        for bad in ["", "?column=", "?column=x", "?column=1&bins=0", "?column=1&bins=101", "?column=-1"] {
            let reply = try await server.request("GET", "\(path)\(bad)")
            #expect(reply.status == 400, "\(bad)")
            #expect(reply.body["error"]?.stringValue?.isEmpty == false)
        }
        #expect(try await server.request("GET", "/ui/jobs/\(id)/tasks/0123/histogram?column=1").status == 404)
        await server.stop()
    }

    @Test func theHistogramNeedsALogin() async throws {
        let server = try await server(auth: true)
        try await server.addRoot()
        let basic = ["Authorization": "Basic \(Data("root:123".utf8).base64EncodedString())"]
        let (id, tasks) = try await finishedJob(server, headers: basic)
        let degree = try #require(tasks["degree_1"]?["id"]?.stringValue)
        let path = "/ui/jobs/\(id)/tasks/\(degree)/histogram?column=1"
        let refused = try await server.raw(path)
        #expect(refused.status == 401 && refused.headers["www-authenticate"] == nil)
        #expect(try await server.request("GET", path, headers: basic).body["count"] == 4)
        await server.stop()
    }

    @Test func binsCoverTheRangeWithTheMaximumInTheLastBin() {
        var histogram = Histogram(column: 0)
        let values = [0.0, 0.1, 0.25, 0.3, 0.7, 1.0]
        for value in values { histogram.add([String(value)], pass: .range) }
        histogram.add(["", "x"], pass: .range)
        histogram.prepare(bins: 10)
        for value in values { histogram.add([String(value)], pass: .counts) }
        #expect(histogram.count == 6 && histogram.skipped == 1 && !histogram.integers)
        #expect(histogram.counts.count == 10 && histogram.counts.reduce(0, +) == 6)
        #expect(histogram.counts[0] == 1 && histogram.counts[9] == 1, "0 in the first bin, 1 in the last")
        #expect(histogram.bin(of: 0.1) == 1 && histogram.bin(of: 0.3) == 3, "a value on an edge opens its bin")

        var single = Histogram(column: 0)
        single.add(["2.5"], pass: .range)
        single.prepare(bins: 20)
        single.add(["2.5"], pass: .counts)
        #expect(single.counts == [1] && single.edges == [2.5, 2.5])
    }
}
