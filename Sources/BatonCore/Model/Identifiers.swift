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

    /// A random UUID (version 4, RFC 9562 §5.4) from the system's generator (getrandom(2)).
    /// Foundation's `UUID()` opens, reads and closes /dev/urandom for every one on Linux: with a
    /// UUID per job and per task, those opens were 2.7 % of a saturated SQLite engine's CPU, on
    /// its one writer thread.
    public static func randomUUID() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
            bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // variant 10
        }
        return UUID(uuid: uuid)
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
