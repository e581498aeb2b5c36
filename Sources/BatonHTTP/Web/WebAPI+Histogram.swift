import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Hummingbird

/// The distribution of one numeric column of a task's rows (SPEC §12: the page plots a VALUE
/// column), computed here so the browser never downloads 10^6 rows to draw 20 bars.
extension WebAPI {
    static let maxBins = 100
    /// Rows read from the store at a time: memory stays at one page whatever the task wrote.
    static let histogramPageSize = 10_000

    /// `column` (0-based, required) and `bins` (default 20). Two passes over the stored rows, a
    /// page at a time: the range first, then the counts.
    func histogram(_ request: Request, job id: String, task: String) async throws -> Response {
        guard request.uri.queryParameters["column"].map({ !$0.isEmpty }) == true else {
            throw WebError(.badRequest, "column is required: the 0-based index of a numeric column")
        }
        let column = try integer(request, "column", default: 0, in: 0...10_000)
        let bins = try integer(request, "bins", default: 20, in: 1...Self.maxBins)
        let (_, record) = try await taskRecord(job: id, task)
        var histogram = Histogram(column: column)
        for pass in [Histogram.Pass.range, .counts] {
            if pass == .counts { histogram.prepare(bins: bins) }
            var offset = 0
            while true {
                let rows = try await service.store.taskRows(task: record.id, offset: offset, limit: Self.histogramPageSize)
                if rows.isEmpty { break }
                for row in rows { histogram.add(row, pass: pass) }
                offset += rows.count
                if rows.count < Self.histogramPageSize { break }
            }
        }
        return .json(histogram.json)
    }
}

/// Equal-width bins over a column's numbers. Whole numbers spanning no more values than the
/// bins asked for get one bin per value (a degree distribution reads best that way).
struct Histogram {
    enum Pass { case range, counts }

    let column: Int
    private(set) var count = 0
    /// Rows without a number in the column (a short row, an empty or non-numeric cell).
    private(set) var skipped = 0
    private(set) var minimum = Double.infinity
    private(set) var maximum = -Double.infinity
    private(set) var integers = true
    private(set) var edges: [Double] = []
    private(set) var counts: [Int] = []

    init(column: Int) { self.column = column }

    func number(_ row: [String]) -> Double? {
        guard column < row.count, let value = Double(row[column].trimmingCharacters(in: .whitespaces)), value.isFinite
        else { return nil }
        return value
    }

    mutating func add(_ row: [String], pass: Pass) {
        guard let value = number(row) else {
            if pass == .range { skipped += 1 }
            return
        }
        switch pass {
        case .range:
            count += 1
            minimum = Swift.min(minimum, value)
            maximum = Swift.max(maximum, value)
            if integers && value.rounded() != value { integers = false }
        case .counts:
            guard !counts.isEmpty else { return }
            counts[bin(of: value)] += 1
        }
    }

    /// Sets the bin edges from the range the first pass found.
    mutating func prepare(bins: Int) {
        guard count > 0 else { return }
        let span = maximum - minimum
        if integers && span + 1 <= Double(bins) {
            edges = (0...Int(span + 1)).map { minimum + Double($0) }
        } else if span == 0 {
            edges = [minimum, maximum]
        } else {
            edges = (0...bins).map { minimum + span * Double($0) / Double(bins) }
            edges[bins] = maximum
        }
        counts = Array(repeating: 0, count: edges.count - 1)
    }

    /// Bins are [from, to) but the last one holds the maximum too.
    func bin(of value: Double) -> Int {
        let last = counts.count - 1
        guard last > 0 else { return 0 }
        let width = (edges[last + 1] - edges[0]) / Double(last + 1)
        var index = Swift.min(last, Swift.max(0, Int((value - edges[0]) / width)))
        // Rounding in the division may land a value one bin off its edges.
        while index > 0 && value < edges[index] { index -= 1 }
        while index < last && value >= edges[index + 1] { index += 1 }
        return index
    }

    var json: JSON {
        [
            "column": .int(column), "count": .int(count), "skipped": .int(skipped),
            "min": count > 0 ? .double(minimum) : .null, "max": count > 0 ? .double(maximum) : .null,
            "integers": .bool(count > 0 && integers),
            "bins": .array(
                counts.indices.map { ["from": .double(edges[$0]), "to": .double(edges[$0 + 1]), "count": .int(counts[$0])] }),
        ]
    }
}
