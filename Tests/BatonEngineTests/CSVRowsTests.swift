import BatonStore
import Foundation
import Testing
@testable import BatonEngine

/// Attempt files: what `CSVWriter` writes, the store reads back unchanged through the cursor.
@Suite struct CSVRowsTests {
    @Test func writtenRowsComeBackThroughTheCursor() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = [["a", "b"], ["multi\nline", "quoted \"q\""], ["comma, inside", ""], ["crlf\r\nkept", "é"]]
        let writer = try CSVWriter(path: path)
        for row in rows { try writer.append(row) }
        #expect(try writer.close() == 4)
        guard case .cursor(let open) = RowsSource.csvFile(path) else {
            Issue.record("not a cursor")
            return
        }
        for _ in 0..<2 {  // each open reads from the first row again
            var cursor = try open()
            var read: [[String]] = []
            while let row = try cursor.next() { read.append(row) }
            #expect(read == rows)
        }
    }

    @Test func aMissingFileHasNoRows() throws {
        guard case .cursor(let open) = RowsSource.csvFile("/nonexistent/rows.csv") else {
            Issue.record("not a cursor")
            return
        }
        var cursor = try open()
        #expect(try cursor.next() == nil)
    }
}
