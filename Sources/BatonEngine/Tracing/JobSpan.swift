import BatonCore
import BatonStore
import Foundation

/// The span of one job, from its creation to its end, emitted by the process whose work step
/// ended the job. Its id is derived (`JobTrace`), so attempt spans exported earlier by other
/// processes already name it as their parent. swift-otel gives every span it starts a random
/// id, so this span is encoded here, as an OTLP `ExportTraceServiceRequest`
/// (opentelemetry-proto, `collector/trace/v1/trace_service.proto`), and sent by `JobSpanExporter`.
struct JobSpan: Sendable {
    let trace: JobTrace
    /// `job WORKFLOW`.
    let name: String
    /// Epoch milliseconds.
    let start: Int64
    let end: Int64
    /// The job's terminal status, by its internal name (§1).
    let status: JobStatus
    /// Only identifiers, never the payload (it may hold secrets).
    let attributes: [(String, AttributeValue)]

    enum AttributeValue: Sendable {
        case string(String)
        case int(Int64)
    }

    /// `nil` when the store did not say which job it was or when it was created.
    init?(_ job: EndedJob) {
        guard let uuid = job.uuid, let created = job.created, let ended = job.ended else { return nil }
        trace = JobTrace(job: uuid)
        name = "job \(job.workflow)"
        start = created
        end = max(ended, created)
        status = job.status
        attributes = [
            ("baton.workflow", .string(job.workflow)), ("baton.job.number", .int(job.number)),
            ("baton.job.uuid", .string(uuid.uuidString.lowercased())), ("baton.job.status", .string(job.status.name)),
        ]
    }

    /// An `ExportTraceServiceRequest` holding `spans`, under one resource (`service.name`) and
    /// one instrumentation scope (`baton`). Field numbers are opentelemetry-proto's.
    static func exportRequest(_ spans: [JobSpan], serviceName: String) -> [UInt8] {
        var request = ProtobufWriter()
        request.message(1) { resourceSpans in  // ExportTraceServiceRequest.resource_spans
            resourceSpans.message(1) { resource in  // ResourceSpans.resource
                resource.message(1) { keyValue(&$0, "service.name", .string(serviceName)) }  // Resource.attributes
            }
            resourceSpans.message(2) { scopeSpans in  // ResourceSpans.scope_spans
                scopeSpans.message(1) { $0.string(1, "baton") }  // ScopeSpans.scope, InstrumentationScope.name
                for span in spans {
                    scopeSpans.message(2) { span.encode(into: &$0) }  // ScopeSpans.spans
                }
            }
        }
        return request.bytes
    }

    /// A `Span` message (opentelemetry-proto `trace/v1/trace.proto`); a root span, so no parent.
    private func encode(into span: inout ProtobufWriter) {
        span.bytes(1, trace.traceID)
        span.bytes(2, trace.spanID)
        span.string(5, name)
        span.varint(6, 1)  // SPAN_KIND_INTERNAL
        span.fixed64(7, UInt64(start) * 1_000_000)  // start_time_unix_nano
        span.fixed64(8, UInt64(end) * 1_000_000)  // end_time_unix_nano
        for (key, value) in attributes {
            span.message(9) { Self.keyValue(&$0, key, value) }
        }
        span.message(15) { status in
            // Status: code 2 is STATUS_CODE_ERROR, 0 (unset) otherwise, as for attempt spans.
            if self.status != .success {
                status.string(2, "job \(self.status.name)")
                status.varint(3, 2)
            }
        }
    }

    /// A `KeyValue`: key 1, `AnyValue` 2 (string_value 1, int_value 3).
    private static func keyValue(_ writer: inout ProtobufWriter, _ key: String, _ value: AttributeValue) {
        writer.string(1, key)
        writer.message(2) { any in
            switch value {
            case .string(let text): any.string(1, text)
            case .int(let number): any.varint(3, UInt64(bitPattern: number))
            }
        }
    }
}
