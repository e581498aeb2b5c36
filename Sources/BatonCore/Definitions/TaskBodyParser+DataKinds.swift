import Foundation
import Yams

/// The kinds of Explorer's graph workflows (SPEC §12): `sql`, `csv` and `algorithm`, and the
/// checks that need the whole body (a query's placeholders against the params, an algorithm's
/// params against its declaration).
extension TaskBodyParser {
    func sql(_ node: Node, line: Int?) -> TaskBody.Kind? {
        guard var map = YAMLMapping(node) else {
            report(line, "sql", "must be a mapping {connection: NAME, query: SELECT ...}")
            return nil
        }
        let connection = map.take("connection")?.plainString
        let query = map.take("query")?.plainString
        for (key, keyLine) in map.unknownKeys {
            report(keyLine, "sql.\(key)", "unknown key (expected connection, query)")
        }
        guard let connection, !connection.isEmpty else {
            report(map.line(of: "connection") ?? line, "sql.connection", "must name a connection of baton.yml's 'connections'")
            return nil
        }
        if let connections, !connections.contains(connection) {
            let known = connections.isEmpty ? "baton.yml declares none" : "known: \(connections.sorted().joined(separator: ", "))"
            report(map.line(of: "connection") ?? line, "sql.connection", "unknown connection '\(connection)' (\(known))")
            return nil
        }
        guard let query, !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report(map.line(of: "query") ?? line, "sql.query", "must be one SQL statement")
            return nil
        }
        return .sql(SQLQuery(connection: connection, query: query))
    }

    func csv(_ node: Node, line: Int?) -> TaskBody.Kind? {
        var path: String?
        var header = false
        if let text = node.plainString {
            path = text
        } else if var map = YAMLMapping(node) {
            path = map.take("path")?.plainString
            if let value = map.take("header") {
                if case .bool(let flag) = value.json {
                    header = flag
                } else {
                    report(map.line(of: "header") ?? line, "csv.header", "must be true or false")
                }
            }
            for (key, keyLine) in map.unknownKeys {
                report(keyLine, "csv.\(key)", "unknown key (expected path, header)")
            }
        } else {
            report(line, "csv", "must be a path or {path: PATH, header: true|false}")
            return nil
        }
        guard let path, !path.isEmpty else {
            report(line, "csv.path", "must be a file path under the home")
            return nil
        }
        guard CSVSource.isInsideHome(path) else {
            report(line, "csv.path", "'\(path)' leaves the home: give a relative path without '..'")
            return nil
        }
        return .csv(CSVSource(path: path, header: header))
    }

    func algorithm(_ node: Node, line: Int?) -> TaskBody.Kind? {
        guard let name = node.plainString, !name.isEmpty else {
            report(line, "algorithm", "must be an algorithm name (\(AlgorithmBinding.names.joined(separator: ", ")))")
            return nil
        }
        guard let canonical = AlgorithmBinding.canonicalName(name) else {
            report(line, "algorithm", "unknown algorithm '\(name)' (known: \(AlgorithmBinding.names.joined(separator: ", ")))")
            return nil
        }
        return .algorithm(AlgorithmCall(name: canonical))
    }

    /// Checks what only the whole body tells (after `common` merged the params) and completes
    /// an algorithm's params with their defaults under Explorer's names. `line`: where to point.
    func check(_ body: inout TaskBody, line: Int?) {
        switch body.kind {
        case .sql(let query):
            let missing = ParameterizedQuery(query.query).names.filter { body.params[$0] == nil }
            for name in Set(missing).sorted() {
                report(line, "sql.query", "placeholder :\(name) has no param of that name (give params: {\(name): DEFAULT})")
            }
        case .algorithm(let call):
            do {
                body.params = try AlgorithmBinding.normalize(algorithm: call.name, params: body.params)
            } catch {
                report(line, AlgorithmBinding.field(of: error), "\(error)")
            }
        default:
            break
        }
    }
}
