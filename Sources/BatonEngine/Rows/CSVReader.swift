import Foundation

/// Streams RFC 4180 records from a file, a chunk at a time, so a task with a million rows
/// never sits in memory whole.
public struct CSVReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    public init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        self.handle = handle
    }

    public func close() { try? handle.close() }

    private mutating func nextByte() -> UInt8? {
        if position == buffer.count {
            guard !atEnd else { return nil }
            let chunk = handle.readData(ofLength: 64 * 1024)
            if chunk.isEmpty {
                atEnd = true
                return nil
            }
            buffer = [UInt8](chunk)
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func peekByte() -> UInt8? {
        guard let byte = nextByte() else { return nil }
        position -= 1
        return byte
    }

    /// The next record, or nil at the end of the file.
    public mutating func next() -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var sawAnything = false
        while let byte = nextByte() {
            sawAnything = true
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if peekByte() == UInt8(ascii: "\"") {
                        _ = nextByte()
                        field.append(byte)
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                quoted = true
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case 0x0D where peekByte() == 0x0A:
                continue
            case 0x0A:
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            default:
                field.append(byte)
            }
        }
        guard sawAnything else { return nil }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
