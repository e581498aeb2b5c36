#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CSpawn
import Foundation
import Synchronization

/// The one thread that starts task processes and notices their exits. The kernel ties a
/// child's parent-death signal (`PR_SET_PDEATHSIG`) to the *thread* that started it, not to
/// the process: started from a pool thread that later exits, a task would be killed for no
/// reason. This thread lives as long as the process, so a task dies with Baton and only then.
///
/// It waits in epoll on each running process's pidfd and on an eventfd that wakes it for new
/// spawns: a process is started, watched and reaped here without any other thread in between
/// (a `DispatchSource` per process cost a source, a queue and one more thread hop per task).
final class SpawnThread: @unchecked Sendable {
    static let shared = SpawnThread()

    private let pending = Mutex<[@Sendable () -> Void]>([])
    /// The epoll set and the eventfd in it; -1 when they could not be made (then the thread
    /// waits on `fallback` and each process is waited for by a thread of its own).
    private let poll: Int32
    private let fallback = DispatchSemaphore(value: 0)
    private let wake: Int32
    /// Running processes by pidfd. Only the spawn thread touches it.
    private var watched: [Int32: ChildProcess] = [:]
    /// This process's open note files by run folder. Only the spawn thread touches it.
    private var notes: [String: NoteFile] = [:]

    private init() {
        var wake: Int32 = -1
        poll = cspawn_poll_create(&wake)
        self.wake = wake
        let thread = Thread { [self] in loop() }
        thread.name = "baton.spawn"
        thread.start()
    }

    private func loop() -> Never {
        var ready = [Int32](repeating: -1, count: 64)
        while poll < 0 {
            fallback.wait()
            runPending()
        }
        while true {
            let count = cspawn_poll_wait(poll, &ready, Int32(ready.count))
            guard count > 0 else { continue }  // EINTR
            for index in 0..<Int(count) {
                let descriptor = ready[index]
                if descriptor == wake {
                    cspawn_wake_clear(wake)
                    runPending()
                } else if let process = watched.removeValue(forKey: descriptor) {
                    // Closing the pidfd also takes it out of the epoll set.
                    close(descriptor)
                    ended(process)
                }
            }
        }
    }

    private func runPending() {
        let jobs = pending.withLock { jobs in
            defer { jobs.removeAll(keepingCapacity: true) }
            return jobs
        }
        for job in jobs { job() }
    }

    /// Runs `body` on the spawn thread and returns what it returned.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            enqueue { continuation.resume(returning: body()) }
        }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        let first = pending.withLock { jobs in
            jobs.append(job)
            return jobs.count == 1
        }
        // One wake-up for however many jobs are queued before the thread drains them.
        if poll < 0 {
            fallback.signal()
        } else if first {
            cspawn_wake(wake)
        }
    }

    /// Watches `process`, just started on this thread, until it exits and then reaps it
    /// (`ChildProcess.exited`) and frees its note line. Called on the spawn thread only.
    func watch(_ process: ChildProcess) {
        let descriptor = poll >= 0 ? cspawn_pidfd_open(process.pid) : -1
        if descriptor >= 0 && cspawn_poll_add(poll, descriptor) == 0 {
            watched[descriptor] = process
            return
        }
        if descriptor >= 0 { close(descriptor) }
        // No pidfd: a thread of its own waits for the exit, without reaping, and hands it back here.
        Thread {
            var info = siginfo_t()
            while waitid(P_PID, id_t(process.pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
            self.enqueue { self.ended(process) }
        }.start()
    }

    private func ended(_ process: ChildProcess) {
        process.exited()
        if let note = process.note { releaseNote(note) }
    }

    /// A line of this process's note file in `directory` for a task process about to start;
    /// nil when the file cannot be opened (the task then runs without a note). Spawn thread only.
    func takeNote(in directory: String) -> NoteSlot? {
        let file: NoteFile
        if let open = notes[directory] {
            file = open
        } else {
            guard let created = NoteFile(directory: directory) else { return nil }
            notes[directory] = created
            file = created
        }
        return NoteSlot(directory: directory, descriptor: file.descriptor, index: file.take())
    }

    /// Blanks and frees `note`'s line; a file with no line taken is closed. Spawn thread only.
    func releaseNote(_ note: NoteSlot) {
        guard let file = notes[note.directory] else { return }
        file.release(note.index)
        if file.taken == 0 { notes[note.directory] = nil }
    }
}
