import BatonTestSupport
import Foundation
@testable import BatonGraph

/// Runs `networkx/reference.py` (networkx 3.x) on an edge list and reads back its rows, the
/// ground truth the algorithms are compared with.
///
/// The script is called as `python3 reference.py ALGORITHM '<params json>' directed|undirected
/// FILE`, where FILE is a headerless CSV of `source,destination[,weight]` rows; it prints one CSV
/// row per result row, reals at full precision.
enum NetworkxReference {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("networkx/reference.py")

    /// The rows `reference.py` prints for `algorithm` with `parameters` (a JSON object's text,
    /// Explorer's upper-case names).
    static func rows(
        _ algorithm: String, parameters: String = "{}", directed: Bool, edges: [EdgeRow]
    ) async throws -> [[String]] {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("baton-graph-\(UInt64.random(in: 0 ... .max)).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try csv(
            edges.map { row in
                [row.source, row.destination] + (row.weight.map { ["\($0)"] } ?? [])
            }
        ).write(to: file, atomically: true, encoding: .utf8)
        return try await python([algorithm, parameters, directed ? "directed" : "undirected", file.path])
    }

    /// The edge rows networkx's generator `name` makes (e.g. `planted_partition`, `karate_club`).
    static func generate(_ name: String, parameters: String = "{}") async throws -> [EdgeRow] {
        try await python(["generate", name, parameters]).map {
            EdgeRow(source: $0[0], destination: $0[1], weight: $0.count > 2 ? Double($0[2]) : nil)
        }
    }

    private static func python(_ arguments: [String]) async throws -> [[String]] {
        try await blockingWork { try pythonBlocking(arguments) }
    }

    private static func pythonBlocking(_ arguments: [String]) throws -> [[String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting: a full pipe would block the script.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description:
                    "reference.py \(arguments.joined(separator: " ")) failed: \(String(decoding: errorData, as: UTF8.self))")
        }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// RFC 4180 text of `rows` (fields quoted only when they need it).
    static func csv(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    /// Rows of RFC 4180 `text` (quoted fields, doubled quotes, CRLF or LF line ends).
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? characters.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
