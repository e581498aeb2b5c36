import BatonTestSupport
import Foundation

/// A `baton` process (serve or worker) started once it printed its banner line; stopped with
/// SIGTERM, or killed with SIGKILL.
struct BatonProcess: @unchecked Sendable {
    let process: Process
    /// The port a `serve` listens on (0 for a worker).
    let port: Int

    /// `errors`: a file that receives the process's standard error (its log), for diagnostics.
    static func serve(home: URL, arguments: [String] = [], errors: URL? = nil) async throws -> BatonProcess {
        try await start(
            ["serve", "--home", home.path, "--port", "0"] + arguments, banner: "Baton is serving http://127.0.0.1:",
            errors: errors)
    }

    /// Waits for the banner off the cooperative pool (see `blockingWork`).
    static func start(_ arguments: [String], banner: String, errors: URL? = nil) async throws -> BatonProcess {
        try await blockingWork { try startBlocking(arguments, banner: banner, errors: errors) }
    }

    private static func startBlocking(_ arguments: [String], banner: String, errors: URL?) throws -> BatonProcess {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        if let errors {
            FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix(banner) else {
            process.terminate()
            throw CLIFailure(description: "baton \(arguments[0]) did not start: \(text)")
        }
        let port = text.range(of: "http://127.0.0.1:").map { Int(text[$0.upperBound...].prefix { $0.isNumber }) ?? 0 } ?? 0
        return BatonProcess(process: process, port: port)
    }

    /// SIGTERM, then the rest of its output once it has exited.
    @discardableResult
    func stop() -> (status: Int32, output: String) {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let rest = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        return (process.terminationStatus, String(decoding: rest, as: UTF8.self))
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
