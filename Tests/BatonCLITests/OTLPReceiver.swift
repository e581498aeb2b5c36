import Foundation
import BatonTestSupport
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A span as an OTLP/HTTP collector received it; ids in lower-case hex ("" when absent),
/// attribute values as text, status code as in opentelemetry-proto (0 unset, 1 ok, 2 error).
struct ReceivedSpan: Sendable, CustomStringConvertible {
    var traceID = ""
    var spanID = ""
    var parentSpanID = ""
    var name = ""
    var attributes: [String: String] = [:]
    var statusCode = 0

    var description: String { "\(name) \(traceID)/\(spanID) parent \(parentSpanID) \(attributes) status \(statusCode)" }
}

/// A tiny OTLP/HTTP trace collector on a free loopback port (a Hummingbird app in the test
/// process): `POST /v1/traces` takes protobuf `ExportTraceServiceRequest`s and keeps their spans;
/// `POST /hook` stands for a service an http task calls and keeps the `traceparent` it got.
final class OTLPReceiver: Sendable {
    let port: Int
    private let state: Received
    private let server: Task<Void, any Error>
    private let services: ServiceGroup

    private final class Received: Sendable {
        let spans = Mutex<[ReceivedSpan]>([])
        let hookTraceparents = Mutex<[String]>([])
        let port = Mutex<Int?>(nil)
    }

    var spans: [ReceivedSpan] { state.spans.withLock { $0 } }
    var hookTraceparents: [String] { state.hookTraceparents.withLock { $0 } }

    init() async throws {
        let state = Received()
        let router = Router()
        router.post("v1/traces") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 16 << 20)
            let spans = try OTLPDecoding.spans(in: Array(body.readableBytesView))
            state.spans.withLock { $0 += spans }
            // An empty ExportTraceServiceResponse: full success.
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"], body: .init())
        }
        router.post("hook") { request, _ -> Response in
            let traceparent = request.headers[HTTPFields.Element.Name("traceparent")!] ?? ""
            state.hookTraceparents.withLock { $0.append(traceparent) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        var quiet = Logger(label: "otlp-receiver")
        quiet.logLevel = .warning
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in state.port.withLock { $0 = channel.localAddress?.port } }, logger: quiet)
        let services = ServiceGroup(configuration: .init(services: [application], logger: quiet))
        server = Task { try await services.run() }
        self.services = services
        try await eventually(timeout: .seconds(20)) { state.port.withLock { $0 } != nil }
        port = state.port.withLock { $0! }
        self.state = state
    }

    func stop() async {
        await services.triggerGracefulShutdown()
        _ = try? await server.value
    }
}

/// Reads spans out of an OTLP `ExportTraceServiceRequest` (opentelemetry-proto
/// `collector/trace/v1`): resource_spans 1 → scope_spans 2 → spans 2; in a span, trace_id 1,
/// span_id 2, parent_span_id 4, name 5, attributes 9 (KeyValue: key 1, AnyValue 2), status 15 (code 3).
enum OTLPDecoding {
    struct Malformed: Error {}

    static func spans(in request: [UInt8]) throws -> [ReceivedSpan] {
        var spans: [ReceivedSpan] = []
        for case (1, .bytes(let resourceSpans)) in try fields(request) {
            for case (2, .bytes(let scopeSpans)) in try fields(resourceSpans) {
                for case (2, .bytes(let span)) in try fields(scopeSpans) { spans.append(try decodeSpan(span)) }
            }
        }
        return spans
    }

    private static func decodeSpan(_ bytes: [UInt8]) throws -> ReceivedSpan {
        var span = ReceivedSpan()
        for (field, value) in try fields(bytes) {
            switch (field, value) {
            case (1, .bytes(let id)): span.traceID = hex(id)
            case (2, .bytes(let id)): span.spanID = hex(id)
            case (4, .bytes(let id)): span.parentSpanID = hex(id)
            case (5, .bytes(let name)): span.name = String(decoding: name, as: UTF8.self)
            case (9, .bytes(let keyValue)):
                var key = ""
                var text = ""
                for (kvField, kvValue) in try fields(keyValue) {
                    if kvField == 1, case .bytes(let name) = kvValue { key = String(decoding: name, as: UTF8.self) }
                    if kvField == 2, case .bytes(let any) = kvValue {
                        for (anyField, anyValue) in try fields(any) {
                            switch (anyField, anyValue) {
                            case (1, .bytes(let string)): text = String(decoding: string, as: UTF8.self)
                            case (2, .varint(let flag)): text = flag != 0 ? "true" : "false"
                            case (3, .varint(let number)): text = String(Int64(bitPattern: number))
                            default: text = "\(anyValue)"
                            }
                        }
                    }
                }
                span.attributes[key] = text
            case (15, .bytes(let status)):
                for case (3, .varint(let code)) in try fields(status) { span.statusCode = Int(code) }
            default: break
            }
        }
        return span
    }

    enum Value {
        case varint(UInt64)
        case fixed(UInt64)
        case bytes([UInt8])
    }

    /// The fields of one message, in order (wire types 0, 1, 2 and 5).
    static func fields(_ bytes: [UInt8]) throws -> [(Int, Value)] {
        var fields: [(Int, Value)] = []
        var index = 0
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard index < bytes.count, shift < 64 else { throw Malformed() }
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        func fixed(_ count: Int) throws -> UInt64 {
            guard index + count <= bytes.count else { throw Malformed() }
            defer { index += count }
            return (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[index + $1]) << (8 * UInt64($1)) }
        }
        while index < bytes.count {
            let tag = try varint()
            let field = Int(tag >> 3)
            switch tag & 7 {
            case 0: fields.append((field, .varint(try varint())))
            case 1: fields.append((field, .fixed(try fixed(8))))
            case 5: fields.append((field, .fixed(try fixed(4))))
            case 2:
                let length = Int(try varint())
                guard length >= 0, index + length <= bytes.count else { throw Malformed() }
                fields.append((field, .bytes(Array(bytes[index..<index + length]))))
                index += length
            default: throw Malformed()
            }
        }
        return fields
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
