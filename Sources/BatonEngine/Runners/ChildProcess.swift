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
    /// Guards the moment of reaping: once reaped, the pid may belong to someone else.
    private let state = Mutex((stopping: false, reaped: false))

    /// Why a task process could not start, naming the culprit: the command, the working
    /// directory or the log file, not just whichever system call failed.
    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Starts `argv` (the first element looked up in `environment`'s PATH unless it holds a
    /// '/') with exactly `environment`, in its own process group, in `directory`, with stdin
    /// /dev/null, stdout and stderr appended to `logPath`, no other descriptor of Baton's, and
    /// killed by the kernel if Baton dies (SPEC §10). With `note`, the child writes its
    /// `TaskProcessRecord` there before it runs anything, so that a kill of Baton at any later
    /// moment leaves the note behind. Throws `SpawnError`.
    static func start(
        argv: [String], environment: [String: String], directory: String, logPath: String,
        note: URL? = nil
    ) async throws -> ChildProcess {
        guard let command = argv.first, !command.isEmpty else { throw SpawnError(description: "no command to run") }
        let path = try executable(command, searchPath: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        let entries = environment.map { "\($0.key)=\($0.value)" }
        let outcome = await SpawnThread.shared.run { () -> (pid: pid_t, stage: Int32, error: Int32) in
            let cArgs = argv.map { strdup($0) } + [nil]
            let cEnv = entries.map { strdup($0) } + [nil]
            defer {
                cArgs.forEach { free($0) }
                cEnv.forEach { free($0) }
            }
            var stage: Int32 = 0
            var error: Int32 = 0
            let pid = cspawn_spawn(
                path, cArgs, cEnv, directory, logPath, note?.path, TaskProcessRecord.ownerPrefix, &stage, &error)
            return (pid, stage, error)
        }
        guard outcome.pid > 0 else {
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
        return ChildProcess(pid: outcome.pid)
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
            // A pidfd turns readable when the process exits: no thread per running process
            // (creating one cost more than starting `true`). Without pidfd, a thread waits.
            let descriptor = cspawn_pidfd_open(pid)
            guard descriptor >= 0 else {
                Thread { [self] in
                    var info = siginfo_t()
                    while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
                    continuation.resume(returning: reap())
                }.start()
                return
            }
            let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: Self.exits)
            let once = Mutex(false)
            source.setEventHandler { [self] in
                guard
                    once.withLock({ done in
                        defer { done = true }
                        return !done
                    })
                else { return }
                source.cancel()
                continuation.resume(returning: reap())
            }
            source.setCancelHandler { close(descriptor) }
            source.resume()
        }
    }

    /// Where exits are noticed; reaping an exited process does not block.
    private static let exits = DispatchQueue(label: "baton.child-exits")

    /// Reaps the exited leader (killing what is left of its group first if a stop was asked).
    private func reap() -> Int32 {
        state.withLock { state -> Int32 in
            if state.stopping { kill(-pid, SIGKILL) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            state.reaped = true
            return status
        }
    }

    /// SIGTERM to the whole group now, SIGKILL after `grace` seconds if the leader still runs.
    func stop(grace: Double) {
        let first = state.withLock { state -> Bool in
            guard !state.stopping, !state.reaped else { return false }
            state.stopping = true
            kill(-pid, SIGTERM)
            return true
        }
        guard first else { return }
        Thread.detachNewThread { [self] in
            Thread.sleep(forTimeInterval: grace)
            state.withLock { state in
                if !state.reaped { kill(-pid, SIGKILL) }
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
