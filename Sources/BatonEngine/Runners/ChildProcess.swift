#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CSpawn
import Foundation
import Synchronization

/// A process started in its own process group, so that stopping it stops everything it
/// started too. Output goes straight to a log file: nothing is copied through Baton.
final class ChildProcess: Sendable {
    let pid: pid_t
    /// The line of the note file its process wrote (`TaskProcessRecord`), freed when it ends.
    let note: NoteSlot?
    /// Guards the moment of reaping (once reaped, the pid may belong to someone else) and
    /// hands the wait status to whoever waits, before or after the exit.
    private let state = Mutex(State())

    private struct State {
        var stopping = false
        /// The wait status once reaped.
        var status: Int32?
        var waiter: CheckedContinuation<Int32, Never>?
    }

    /// Why a task process could not start, naming the culprit: the command, the working
    /// directory or the log file, not just whichever system call failed.
    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    private init(pid: pid_t, note: NoteSlot?) {
        self.pid = pid
        self.note = note
    }

    /// Starts `argv` with exactly `environment` (see the other `start`).
    static func start(
        argv: [String], environment: [String: String], directory: String, logPath: String,
        notesIn noteDirectory: String? = nil
    ) async throws -> ChildProcess {
        try await start(
            argv: argv, environment: ChildEnvironment(base: .empty, overrides: environment), directory: directory,
            logPath: logPath, notesIn: noteDirectory)
    }

    /// Starts `argv` (the first element looked up in `environment`'s PATH unless it holds a
    /// '/') with exactly `environment`, in its own process group, in `directory`, with stdin
    /// /dev/null, stdout and stderr appended to `logPath`, no other descriptor of Baton's, and
    /// killed by the kernel if Baton dies (SPEC §10). With `noteDirectory`, the child writes its
    /// `TaskProcessRecord` into this process's note file there before it runs anything, so that
    /// a kill of Baton at any later moment leaves the note behind. Throws `SpawnError`.
    static func start(
        argv: [String], environment: ChildEnvironment, directory: String, logPath: String,
        notesIn noteDirectory: String? = nil
    ) async throws -> ChildProcess {
        guard let command = argv.first, !command.isEmpty else { throw SpawnError(description: "no command to run") }
        let path = try executable(command, searchPath: environment.searchPath)
        let outcome = await SpawnThread.shared.run { () -> (process: ChildProcess?, stage: Int32, error: Int32) in
            let cArgs = argv.map { strdup($0) } + [nil]
            defer { cArgs.forEach { free($0) } }
            return environment.withEntries { cEnv in
                let spawner = SpawnThread.shared
                let note = noteDirectory.flatMap { spawner.takeNote(in: $0) }
                var stage: Int32 = 0
                var error: Int32 = 0
                let pid = cspawn_spawn(
                    path, cArgs, cEnv, directory, logPath, note?.descriptor ?? -1, note?.offset ?? 0,
                    TaskProcessRecord.ownerPrefix, &stage, &error)
                guard pid > 0 else {
                    if let note { spawner.releaseNote(note) }
                    return (nil, stage, error)
                }
                // Watched from the moment it exists: an exit before anyone waits is kept.
                let process = ChildProcess(pid: pid, note: note)
                spawner.watch(process)
                return (process, stage, error)
            }
        }
        guard let process = outcome.process else {
            let reason = String(cString: strerror(outcome.error))
            switch Int(outcome.stage) {
            case Int(CSPAWN_STAGE_DIRECTORY):
                throw SpawnError(description: "cannot enter the working directory \(directory): \(reason)")
            case Int(CSPAWN_STAGE_LOG):
                throw SpawnError(description: "cannot open the task's log file \(logPath): \(reason)")
            case Int(CSPAWN_STAGE_EXEC):
                throw SpawnError(description: "cannot run \(path): \(reason)")
            default:
                throw SpawnError(description: "cannot start \(command): \(reason)")
            }
        }
        return process
    }

    /// `command` itself when it holds a '/', else the first executable of that name in
    /// `searchPath` (posix_spawnp's rule, but with the task's PATH rather than Baton's).
    static func executable(_ command: String, searchPath: String) throws -> String {
        if command.contains("/") { return command }
        for folder in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + command
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw SpawnError(description: "cannot start \(command): no such command in PATH (\(searchPath))")
    }

    /// Waits for the process to end and returns its wait status. After a stop was asked,
    /// whatever is left of the process group is killed before the leader is reaped, so the
    /// group id cannot have been reused by then.
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = state.withLock { state -> Int32? in
                if state.status == nil { state.waiter = continuation }
                return state.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Called once the leader has exited (its pidfd turned readable): reaps it, killing what
    /// is left of its group first if a stop was asked, and hands the status to the waiter.
    func exited() {
        let (status, waiter) = state.withLock { state -> (Int32, CheckedContinuation<Int32, Never>?) in
            if state.stopping { kill(-pid, SIGKILL) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            state.status = status
            defer { state.waiter = nil }
            return (status, state.waiter)
        }
        waiter?.resume(returning: status)
    }

    /// SIGTERM to the whole group now, SIGKILL after `grace` seconds if the leader still runs.
    func stop(grace: Double) {
        let first = state.withLock { state -> Bool in
            guard !state.stopping, state.status == nil else { return false }
            state.stopping = true
            kill(-pid, SIGTERM)
            return true
        }
        guard first else { return }
        Thread.detachNewThread { [self] in
            Thread.sleep(forTimeInterval: grace)
            state.withLock { state in
                if state.status == nil { kill(-pid, SIGKILL) }
            }
        }
    }

    static func describe(status: Int32) -> (exitCode: Int32?, reason: String) {
        let signal = status & 0x7F
        if signal == 0 {
            let code = (status >> 8) & 0xFF
            return (code, "exit status \(code)")
        }
        return (nil, "killed by signal \(signal)")
    }
}

/// A child's environment: a base of `NAME=value` C strings made once (Baton's own
/// environment) with `overrides` on top. Only the overrides are formatted and copied per
/// process; merging Baton's whole environment into a dictionary per task showed in its cost.
struct ChildEnvironment: Sendable {
    let base: Base
    let overrides: [String: String]

    /// Variables formatted once and kept for the life of the process.
    final class Base: Sendable {
        let names: [String]
        let values: [String: String]
        /// `names[i]=value` as C strings; never freed (the base lives as long as Baton).
        nonisolated(unsafe) let entries: [UnsafeMutablePointer<CChar>]

        init(_ variables: [String: String]) {
            let sorted = variables.sorted { $0.key < $1.key }
            names = sorted.map(\.key)
            values = variables
            entries = sorted.map { strdup("\($0.key)=\($0.value)")! }
        }

        static let empty = Base([:])
        /// The environment of this process, read once: Baton never changes its own environment.
        static let inherited = Base(ProcessInfo.processInfo.environment)
    }

    /// Where a command without '/' is looked for.
    var searchPath: String {
        overrides["PATH"] ?? base.values["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    }

    /// Calls `body` with the NULL-terminated `NAME=value` array execve takes.
    func withEntries<R>(_ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var entries: [UnsafeMutablePointer<CChar>?] = []
        entries.reserveCapacity(base.entries.count + overrides.count + 1)
        for (index, name) in base.names.enumerated() where overrides[name] == nil {
            entries.append(base.entries[index])
        }
        let own = overrides.map { strdup("\($0.key)=\($0.value)") }
        defer { own.forEach { free($0) } }
        entries.append(contentsOf: own)
        entries.append(nil)
        return body(entries)
    }
}
