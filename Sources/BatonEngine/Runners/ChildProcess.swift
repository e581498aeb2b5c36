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

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `argv` (the first element looked up in PATH) with exactly `environment`.
    init(argv: [String], environment: [String: String], directory: String, logPath: String) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        cspawn_addchdir(&actions, directory)

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard status == 0 else {
            throw SpawnError(description: "cannot start \(argv[0]): \(String(cString: strerror(status)))")
        }
        self.pid = pid
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
                guard once.withLock({ done in defer { done = true }; return !done }) else { return }
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
