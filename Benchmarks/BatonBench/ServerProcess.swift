import Foundation

/// A server this benchmark runs as a child process (this same executable with a server
/// subcommand), so that its memory and CPU are its own and the client's are not counted.
final class ServerProcess {
    let process: Process
    private(set) var base = ""
    var pid: Int32 { process.processIdentifier }

    /// Path of this executable.
    static var selfPath: String { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path }

    /// `baton-bench ARGUMENTS`, not started yet: stdout discarded, stderr to `logFile` (or
    /// this process's stderr without one).
    static func child(_ arguments: [String], logFile: URL?) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: selfPath)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        if let logFile {
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: logFile)
        }
        return process
    }

    /// `baton serve` (with the bench's tasks) on `home`, on a free port.
    static func serve(home: URL, logFile: URL) throws -> ServerProcess {
        try ServerProcess(arguments: ["baton", "serve", "--home", home.path, "--port", "0"], logFile: logFile)
    }

    /// Starts `baton-bench ARGUMENTS` and waits for the line `... http://HOST:PORT ...` it prints
    /// once it listens; its stderr goes to `logFile`.
    init(arguments: [String], logFile: URL) throws {
        process = try Self.child(arguments, logFile: logFile)
        let output = Pipe()
        process.standardOutput = output
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
