import BatonCore
import BatonStore
import Foundation

/// Runs a `sql` task (SPEC §12): one read-only statement on a named connection, its `:name`
/// placeholders bound to the task's params (after input overrides), its rows streamed to the
/// attempt's rows file (the store ingests them as it does a shell task's). The result is
/// `{"rows": N, "columns": [...]}`.
struct SQLRunner {
    let query: SQLQuery

    func run(_ context: AttemptContext) async -> AttemptResult {
        let task = context.task
        guard let files = context.files else { return AttemptResult.failure("no attempt files for a sql task") }
        guard let connection = context.connections[query.connection] else {
            return AttemptResult.failure("no connection named '\(query.connection)' in baton.yml")
        }
        let statement = ParameterizedQuery(query.query)
        guard let values = statement.values(from: task.body.params) else {
            let missing = statement.names.filter { task.body.params[$0] == nil }
            return AttemptResult.failure("the query's placeholder :\(missing.first ?? "?") has no param")
        }
        let started = ContinuousClock.now
        do {
            let writer = try CSVWriter(path: files.rows.path)
            let columns = try await connection.run(statement, values: values, timeout: task.body.timeout, rows: writer)
            let count = try writer.close()
            let seconds = started.duration(to: .now)
            let log =
                "\(count) row(s) from connection '\(query.connection)' in \(seconds.formatted(.units(allowed: [.seconds, .milliseconds])))\n"
            return AttemptResult(
                result: .succeeded(
                    ["rows": .int(count), "columns": .array(columns.map(JSON.string))],
                    rows: .csvFile(files.rows.path)),
                log: log)
        } catch let error as QueryError {
            if Task.isCancelled { return AttemptResult.failure("canceled") }
            return AttemptResult.failure(error.description, retryable: true)
        } catch {
            return AttemptResult.failure("writing the rows: \(error)", retryable: true)
        }
    }
}
