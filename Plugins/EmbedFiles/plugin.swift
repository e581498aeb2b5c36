import Foundation
import PackagePlugin

/// Compiles files into a target, so that the binary serves them without finding anything on
/// disk at run time. The target lists what to embed in `EmbedFiles.txt` (excluded from its
/// sources), one `EnumName: folder` a line, the folder relative to the package; each line
/// becomes `enum EnumName { static let files: [String: [UInt8]] }`, keyed by the path inside
/// the folder. The files stay the one source of truth: nothing is copied by hand.
@main struct EmbedFiles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let list = target.directoryURL.appending(path: "EmbedFiles.txt")
        guard let text = try? String(contentsOf: list, encoding: .utf8) else { return [] }
        let tool = try context.tool(named: "EmbedFilesTool")
        var commands: [Command] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let entry = line.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            guard let colon = entry.firstIndex(of: ":") else {
                throw EmbedError("\(list.path): '\(entry)' is not 'EnumName: folder'")
            }
            let name = entry[..<colon].trimmingCharacters(in: .whitespaces)
            let folder = context.package.directoryURL.appending(
                path: entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            let inputs = try Self.files(in: folder)
            let output = context.pluginWorkDirectoryURL.appending(path: "\(name).swift")
            commands.append(
                .buildCommand(
                    displayName: "Embedding \(inputs.count) file(s) of \(folder.lastPathComponent) as \(name)",
                    executable: tool.url,
                    arguments: [name, folder.path, output.path],
                    // The files and the list: a change to either rebuilds the Swift file.
                    inputFiles: [list] + inputs,
                    outputFiles: [output]))
        }
        return commands
    }

    /// Every regular file under `folder`, hidden ones excepted.
    static func files(in folder: URL) throws -> [URL] {
        guard
            let walker = FileManager.default.enumerator(
                at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw EmbedError("\(folder.path) is not a folder") }
        return walker.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }
}

struct EmbedError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
