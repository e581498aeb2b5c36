/// Protocol Buffers wire format, only what an OTLP span needs
/// (https://protobuf.dev/programming-guides/encoding/): varints, fixed64, and length-delimited
/// bytes, strings and nested messages. swift-otel keeps its generated OTLP types to itself, and
/// the job span (see `JobSpan`) is the one span Baton encodes on its own.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    /// Wire types of the tags written here.
    private enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
    }

    mutating func varint(_ field: Int, _ value: UInt64) {
        tag(field, .varint)
        append(varint: value)
    }

    mutating func fixed64(_ field: Int, _ value: UInt64) {
        tag(field, .fixed64)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, .lengthDelimited)
        append(varint: UInt64(value.count))
        bytes += value
    }

    mutating func string(_ field: Int, _ value: String) {
        bytes(field, Array(value.utf8))
    }

    /// A nested message, written by `body` into a writer of its own.
    mutating func message(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        body(&nested)
        bytes(field, nested.bytes)
    }

    private mutating func tag(_ field: Int, _ type: WireType) {
        append(varint: UInt64(field) << 3 | type.rawValue)
    }

    private mutating func append(varint value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
