import Foundation

/// A server this benchmark runs as a child process (this same executable with a server
/// subcommand), so that its memory and CPU are its own and the client's are not counted.
final class ServerProcess {
    let process = Process()
    private(set) var base = ""
    var pid: Int32 { process.processIdentifier }

    /// Path of this executable.
    static var selfPath: String { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path }

    /// Starts `baton-bench ARGUMENTS` and waits for the line `... http://HOST:PORT ...` it prints
    /// once it listens; its stderr goes to `logFile`.
    init(arguments: [String], logFile: URL) throws {
        process.executableURL = URL(fileURLWithPath: Self.selfPath)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
            if let range = seen.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) {
                base = String(seen[range])
                break
            }
        }
        guard !base.isEmpty else {
            process.terminate()
            throw HTTPConnection.Failure(description: "server \(arguments) did not start; see \(logFile.path): \(seen)")
        }
        // Keep draining stdout so that the child never blocks on a full pipe.
        output.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    var memory: (rss: Double, peak: Double) { processMemory(pid: pid) }

    /// SIGTERM (graceful), then waits.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
