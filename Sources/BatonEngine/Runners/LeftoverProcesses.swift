import Foundation

/// Stops what task processes of dead Baton processes left running (kill -9, power loss), on
/// this machine, before their tasks run again.
enum LeftoverProcesses {
    /// Reads every note file in `runDirectory`; for each note whose Baton process is gone,
    /// SIGKILLs the group's remaining processes, waits (up to `timeout`) until they are gone,
    /// and deletes the file once all its notes are handled. Returns how many processes were stopped.
    @discardableResult
    static func stop(in runDirectory: URL, timeout: Duration = .seconds(5)) async -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runDirectory.path) else { return 0 }
        // `.pid`: the one-note files of earlier versions, which a kill -9 before an upgrade left.
        let files = names.filter { $0.hasSuffix(TaskProcessRecord.suffix) || $0.hasSuffix(".pid") }
        guard !files.isEmpty else { return 0 }
        // One pass over /proc for every note; only a group that must be waited for is read again.
        let groups = ProcStat.liveByGroup()
        var stopped = 0
        for name in files {
            if let owner = TaskProcessRecord.owner(ofFile: name), TaskProcessRecord.isAlive(pid: owner.pid, start: owner.start) {
                continue
            }
            let path = runDirectory.appendingPathComponent(name).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            // Blank lines are notes of tasks that ended; one that does not parse was cut short.
            let records = text.split(separator: "\n").compactMap { TaskProcessRecord(text: String($0)) }
            guard !records.contains(where: \.ownerIsAlive) else { continue }
            for record in records {
                let deadline = ContinuousClock.now + timeout
                var leftovers = record.leftovers(among: groups)
                stopped += leftovers.count
                while !leftovers.isEmpty, ContinuousClock.now < deadline {
                    for process in leftovers { kill(process.pid, SIGKILL) }
                    try? await Task.sleep(for: .milliseconds(5))
                    leftovers = record.leftovers()
                }
            }
            unlink(path)
        }
        return stopped
    }
}
