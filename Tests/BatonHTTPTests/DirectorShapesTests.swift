import Foundation
import Testing

@testable import BatonHTTP

/// Ids written digit by digit read as Python's `str(uuid)`.
@Suite struct DirectorShapesTests {
    @Test func idsAreLowercaseUUIDText() {
        for uuid in (0..<100).map({ _ in UUID() }) + [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))] {
            #expect(DirectorShapes.id(uuid) == uuid.uuidString.lowercased())
        }
    }
}
