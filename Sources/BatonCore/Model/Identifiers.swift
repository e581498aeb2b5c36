import Foundation

public enum Identifiers {
    /// A definition's stable numeric id: the 32-bit FNV-1a hash of its full name.
    public static func workflowId(fullName: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in fullName.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }

    /// A UUID as Explorer shows task ids: 32 lowercase hex digits.
    public static func hex(_ uuid: UUID) -> String {
        uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// Parses a UUID written with or without dashes.
    public static func uuid(_ text: String) -> UUID? {
        if let uuid = UUID(uuidString: text) { return uuid }
        guard text.count == 32, text.allSatisfy(\.isHexDigit) else { return nil }
        var dashed = text
        for offset in [20, 16, 12, 8] {
            dashed.insert("-", at: dashed.index(dashed.startIndex, offsetBy: offset))
        }
        return UUID(uuidString: dashed)
    }
}
