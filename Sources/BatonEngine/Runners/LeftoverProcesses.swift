import Foundation

/// Stops what task processes of dead Baton processes left running (kill -9, power loss), on
/// this machine, before their tasks run again.
enum LeftoverProcesses {
    /// Reads every note in `runDirectory`; for each whose Baton process is gone, SIGKILLs the
    /// group's remaining processes, waits (up to `timeout`) until they are gone, and deletes the
    /// note. Returns how many processes were stopped.
    @discardableResult
    static func stop(in runDirectory: URL, timeout: Duration = .seconds(5)) async -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runDirectory.path) else { return 0 }
        let notes = names.filter { $0.hasSuffix(TaskProcessRecord.suffix) }
        guard !notes.isEmpty else { return 0 }
        // One pass over /proc for every note; only a group that must be waited for is read again.
        let groups = ProcStat.liveByGroup()
        var stopped = 0
        for name in notes {
            let path = runDirectory.appendingPathComponent(name).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            guard let record = TaskProcessRecord(text: text) else {
                unlink(path)
                continue
            }
            guard !record.ownerIsAlive else { continue }
            let deadline = ContinuousClock.now + timeout
            var leftovers = record.leftovers(among: groups)
            stopped += leftovers.count
            while !leftovers.isEmpty, ContinuousClock.now < deadline {
                for process in leftovers { kill(process.pid, SIGKILL) }
                try? await Task.sleep(for: .milliseconds(5))
                leftovers = record.leftovers()
            }
            unlink(path)
        }
        return stopped
    }
}
