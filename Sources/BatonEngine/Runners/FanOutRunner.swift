import BatonCore
import BatonStore
import Foundation

/// Expands a fan-out step (SPEC §13): reads its items — a parent's rows, a JSON array in a
/// parent's result, or one in the payload — and reports them; the store inserts one instance
/// per item. More than `maxFanout` items fail the step with that reason, and no instance runs.
struct FanOutRunner {
    let fanOut: FanOut
    let maxFanout: Int

    func run(_ context: AttemptContext) async -> AttemptResult {
        let task = context.task
        do {
            let items: [FanOutItem]
            switch fanOut.source {
            case .rows(let parent, let parentKey):
                guard task.parentTasks.indices.contains(parent) else {
                    return .failure("foreach: step '\(parentKey)' is not a parent of '\(task.key)'")
                }
                items = try await rows(of: task.parentTasks[parent], parentKey: parentKey, store: context.store)
            case .result(let parent, let parentKey, let path):
                items = try array(
                    at: path, in: task.parentResult(at: parent), what: "the result of '\(parentKey)'")
            case .payload(let path):
                items = try array(at: path, in: task.payload, what: "the payload")
            }
            return AttemptResult(
                result: .fannedOut(items),
                log: "expanded into \(items.count) instance\(items.count == 1 ? "" : "s")\n")
        } catch let error as FanOutError {
            return .failure(error.description)
        } catch {
            return .failure("foreach: reading the items: \(error)", retryable: true)
        }
    }

    /// The parent's rows, read a page at a time, stopping one past the limit.
    private func rows(of parentTask: Int64, parentKey: String, store: any Store) async throws -> [FanOutItem] {
        var items: [FanOutItem] = []
        let page = ParentRows.pageSize
        while true {
            let rows = try await store.taskRows(task: parentTask, offset: items.count, limit: min(page, maxFanout + 1))
            for cells in rows {
                items.append(FanOutItem(index: items.count, value: .array(cells.map(JSON.string)), cells: cells))
            }
            try checkLimit(items.count)
            if rows.count < min(page, maxFanout + 1) { return items }
        }
    }

    private func array(at path: [String], in root: JSON, what: String) throws -> [FanOutItem] {
        let place = path.isEmpty ? what : "\(what) at '\(path.joined(separator: "."))'"
        guard let value = JSONPath.value(at: path, in: root) else { throw FanOutError("foreach: \(place) is missing") }
        guard let values = value.arrayValue else { throw FanOutError("foreach: \(place) is not a JSON array") }
        try checkLimit(values.count)
        return values.enumerated().map { FanOutItem(index: $0.offset, value: $0.element) }
    }

    private func checkLimit(_ count: Int) throws {
        if count > maxFanout {
            throw FanOutError("foreach: more than max_fanout (\(maxFanout)) items; no instance was started")
        }
    }
}

/// Why a fan-out step cannot expand; retrying would not help.
private struct FanOutError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
