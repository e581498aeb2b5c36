import BatonCore
import Foundation
import Testing

@Suite struct IdentifiersTests {
    @Test func randomUUIDsAreVersion4WithRFCVariantAndDistinct() {
        let uuids = (0..<10_000).map { _ in Identifiers.randomUUID() }
        #expect(Set(uuids).count == uuids.count)
        for uuid in uuids.prefix(100) {
            let text = uuid.uuidString.lowercased()
            let characters = Array(text)
            #expect(characters[14] == "4", "version nibble of \(text)")
            #expect("89ab".contains(characters[19]), "variant of \(text)")
            #expect(UUID(uuidString: text) == uuid)
        }
    }
}
