import Foundation

public enum Paths {
    /// `path` as is if absolute, else inside `directory`. (`URL(fileURLWithPath:relativeTo:)`
    /// would resolve against the directory's parent when it lacks a trailing slash.)
    public static func resolve(_ path: String, against directory: URL) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return directory.appendingPathComponent(path).standardizedFileURL
    }
}
