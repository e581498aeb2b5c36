import BatonCore
import BatonGraph
import BatonStore
import Foundation

/// Runs an `algorithm` task (SPEC §12). Rows in: the parents' rows, read from the store a page
/// at a time, each `source,destination[,weight]`, go straight into a `GraphBuilder` (direction
/// from `IS_DIRECTED`); a bad row fails the task naming it. Rows out: the `AlgorithmResult`'s
/// typed columns are printed cell by cell into the attempt's rows file, which the store ingests.
/// No row set is ever held as text; the peak is the CSR graph plus the result's columns.
///
/// Result: `{"vertices": V, "edges": E, "load_seconds": l, "seconds": s, ...report}`, where
/// `load_seconds` covers reading the rows and building the graph and `seconds` the algorithm.
struct AlgorithmRunner {
    let call: AlgorithmCall

    func run(_ context: AttemptContext) async -> AttemptResult {
        let task = context.task
        guard let files = context.files else { return AttemptResult.failure("no attempt files for an algorithm task") }
        let binding: AlgorithmBinding.Binding
        do {
            binding = try AlgorithmBinding.bind(algorithm: call.name, params: task.body.params)
        } catch {
            return AttemptResult.failure("\(error)")
        }

        let clock = ContinuousClock()
        let loadStart = clock.now
        var builder = GraphBuilder(isDirected: binding.isDirected)
        var rowNumber = 0
        do {
            for try await row in ParentRows.sequence(for: task, store: context.store) {
                rowNumber += 1
                guard row.count >= 2, row.count <= 3 else {
                    throw AlgorithmError.badRow(
                        row: rowNumber, reason: "expected source,destination[,weight], got \(row.count) column(s)")
                }
                var weight: Double?
                // An empty third cell (a NULL weight from SQL) is no weight: 1.
                if row.count == 3, !row[2].isEmpty {
                    guard let value = Double(row[2].trimmingCharacters(in: .whitespaces)), value.isFinite else {
                        throw AlgorithmError.badRow(row: rowNumber, reason: "weight '\(row[2])' is not a number")
                    }
                    weight = value
                }
                builder.addEdge(source: row[0], destination: row[1], weight: weight)
            }
        } catch let error as AlgorithmError {
            return AttemptResult.failure("\(call.name): \(error)")
        } catch {
            if Task.isCancelled { return AttemptResult.failure("canceled") }
            return AttemptResult.failure("reading the parents' rows: \(error)", retryable: true)
        }
        let graph = builder.build()
        let loadSeconds = loadStart.duration(to: clock.now)

        let runStart = clock.now
        let outcome: Result<AlgorithmResult, any Error> = await Task.detached(priority: .utility) {
            Result { try binding.algorithm.run(on: graph, parameters: binding.parameters) }
        }.value
        let runSeconds = runStart.duration(to: clock.now)
        if Task.isCancelled { return AttemptResult.failure("canceled") }
        let computed: AlgorithmResult
        switch outcome {
        case .success(let value): computed = value
        case .failure(let error): return AttemptResult.failure("\(call.name): \(error)")
        }

        do {
            let writer = try CSVWriter(path: files.rows.path)
            var cells = [String](repeating: "", count: computed.columns.count)
            for row in 0..<computed.rowCount {
                for column in cells.indices { cells[column] = computed.cell(row: row, column: column, in: graph) }
                try writer.write(cells)
            }
            try writer.close()
        } catch {
            return AttemptResult.failure("writing the rows: \(error)", retryable: true)
        }

        var result: [String: JSON] = [:]
        for (key, value) in computed.report { result[key] = Self.json(value) }
        result["vertices"] = .int(graph.vertexCount)
        result["edges"] = .int(graph.edgeCount)
        result["load_seconds"] = .double(Self.seconds(loadSeconds))
        result["seconds"] = .double(Self.seconds(runSeconds))
        let log =
            "\(call.name) on \(graph.vertexCount) vertices and \(graph.edgeCount) edges: "
            + "loaded in \(Self.seconds(loadSeconds)) s, ran in \(Self.seconds(runSeconds)) s, \(computed.rowCount) row(s)\n"
        return AttemptResult(result: .succeeded(.object(result), rows: .csvFile(files.rows.path)), log: log)
    }

    /// Seconds, rounded to the microsecond.
    static func seconds(_ duration: Duration) -> Double {
        (duration.seconds * 1e6).rounded() / 1e6
    }

    static func json(_ value: AlgorithmValue) -> JSON {
        switch value {
        case .integer(let number): return .int(number)
        case .real(let number): return .double(number)
        case .text(let text): return .string(text)
        case .boolean(let flag): return .bool(flag)
        }
    }
}
