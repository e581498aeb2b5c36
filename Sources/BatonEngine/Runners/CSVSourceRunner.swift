import BatonCore
import BatonStore
import Foundation

/// Runs a `csv` task (SPEC §12): a CSV file under the home becomes the task's rows, streamed
/// record by record (the first dropped with `header: true`). The path is resolved with its
/// symlinks and must stay inside the home. The result is `{"rows": N}`, plus `"columns"` (the
/// header's fields) with `header: true`.
struct CSVSourceRunner {
    let source: CSVSource

    func run(_ context: AttemptContext) async -> AttemptResult {
        guard let files = context.files else { return AttemptResult.failure("no attempt files for a csv task") }
        let path: String
        switch Self.resolve(source.path, home: context.homeDirectory) {
        case .success(let resolved): path = resolved
        case .failure(let problem): return AttemptResult.failure(problem.description)
        }
        do {
            var reader = try CSVReader(path: path)
            defer { reader.close() }
            let writer = try CSVWriter(path: files.rows.path)
            var columns: [String]?
            if source.header { columns = reader.next() ?? [] }
            var count = 0
            while let record = reader.next() {
                try writer.write(record)
                count += 1
                if count % 65_536 == 0, Task.isCancelled { return AttemptResult.failure("canceled") }
            }
            try writer.close()
            var result: [String: JSON] = ["rows": .int(count)]
            if let columns { result["columns"] = .array(columns.map(JSON.string)) }
            return AttemptResult(
                result: .succeeded(.object(result), rows: .csvFile(files.rows.path)),
                log: "\(count) row(s) from \(source.path)\n")
        } catch {
            return AttemptResult.failure("reading \(source.path): \(error)", retryable: true)
        }
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// `relative` inside `home`, symlinks resolved; a failure when it leaves the home or is missing.
    static func resolve(_ relative: String, home: URL) -> Result<String, Problem> {
        guard CSVSource.isInsideHome(relative) else {
            return .failure(Problem(description: "'\(relative)' leaves the home"))
        }
        guard let root = realPath(home.path) else {
            return .failure(Problem(description: "the home \(home.path) cannot be resolved"))
        }
        guard let resolved = realPath(home.path + "/" + relative) else {
            return .failure(Problem(description: "there is no file \(relative) in the home"))
        }
        guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            return .failure(Problem(description: "'\(relative)' leads outside the home (through a symbolic link)"))
        }
        return .success(resolved)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
