import Foundation

/// Names of JSON schemas in a home's `schemas/` folder.
public enum SchemaName {
    /// A schema name may not leave the home's `schemas/` folder.
    public static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), name.count <= 200 else { return false }
        let allowed = name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "_-/.".unicodeScalars.contains($0)
        }
        return allowed && !name.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }
}
