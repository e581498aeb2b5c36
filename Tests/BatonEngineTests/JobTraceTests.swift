import BatonCore
import BatonStore
import Foundation
import Testing
@testable import BatonEngine

/// The derivation of a job's trace ids (docs/operations.md#tracing), with a value computed
/// independently (Python: FNV-1a 64 over `uuid.UUID(...).bytes`), and the encoding of its span.
@Suite struct JobTraceTests {
    private let uuid = UUID(uuidString: "0f8fad5b-d9cb-469f-a165-70867728950e")!

    @Test func idsAreDerivedFromTheJobUUID() {
        let trace = JobTrace(job: uuid)
        #expect(trace.traceIDHex == "0f8fad5bd9cb469fa16570867728950e")
        #expect(trace.spanIDHex == "f85f93a533f654ec")
        #expect(trace.traceparent(sampled: true) == "00-0f8fad5bd9cb469fa16570867728950e-f85f93a533f654ec-01")
        #expect(trace.traceparent(sampled: false).hasSuffix("-00"))
        #expect(JobTrace(job: UUID()).spanID != trace.spanID)
    }

    @Test func jobSpanNeedsTheJobsUUIDAndTimes() {
        #expect(JobSpan(EndedJob(number: 1, workflow: "w.F", status: .success)) == nil)
        let span = JobSpan(EndedJob(number: 7, workflow: "w.F", status: .failed, uuid: uuid, created: 1_000, ended: 1_500))
        #expect(span?.name == "job w.F")
        #expect(span?.start == 1_000)
        #expect(span?.end == 1_500)
    }

    @Test func protobufWireFormat() {
        var writer = ProtobufWriter()
        writer.varint(1, 300)
        writer.string(2, "hi")
        writer.fixed64(3, 1)
        writer.message(4) { $0.varint(1, 1) }
        // https://protobuf.dev/programming-guides/encoding/: 300 is ac 02; tags are field << 3 | wire type.
        #expect(writer.bytes == [0x08, 0xAC, 0x02, 0x12, 0x02, 0x68, 0x69, 0x19, 1, 0, 0, 0, 0, 0, 0, 0, 0x22, 0x02, 0x08, 0x01])
    }
}
