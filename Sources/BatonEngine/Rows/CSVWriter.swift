import BatonStore
import Foundation

/// Writes RFC 4180 records (no header) to a file through a 64 KiB buffer, so rows stream to disk
/// instead of piling up in memory. A field is quoted when it holds a comma, a quote, CR or LF
/// (quotes doubled); records end with LF, which `CSVReader` reads back unchanged.
public final class CSVWriter: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Records written so far.
    public private(set) var count = 0

    /// Creates (or truncates) the file at `path` with one open(2) (FileManager's `createFile`
    /// writes a temporary file and renames it, three times the file-system work, paid per shell
    /// task with parents). Throws `CocoaError.fileWriteUnknown` naming the path when it cannot.
    public init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
        }
        self.handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        buffer.reserveCapacity(Self.chunk + 1024)
    }

    private static let chunk = 64 * 1024

    /// Appends one record.
    public func write(_ fields: some Sequence<String>) throws {
        var first = true
        for field in fields {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            appendField(field)
        }
        buffer.append(0x0A)
        count += 1
        if buffer.count >= Self.chunk { try flush() }
    }

    private func appendField(_ field: String) {
        var field = field
        field.withUTF8 { bytes in
            let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            guard needsQuotes else {
                buffer.append(contentsOf: bytes)
                return
            }
            buffer.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { buffer.append(byte) }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        }
    }

    /// Writes out what is buffered.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private var closed = false

    /// Flushes and closes the file; returns the number of records written.
    @discardableResult
    public func close() throws -> Int {
        guard !closed else { return count }
        closed = true
        defer { try? handle.close() }
        try flush()
        return count
    }

    deinit { if !closed { try? handle.close() } }
}

extension CSVWriter: RowSink {
    /// A `sql` task's rows go straight to its attempt file.
    public func append(_ cells: [String]) throws { try write(cells) }
}
