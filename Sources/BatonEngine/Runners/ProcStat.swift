import Foundation

/// What `/proc/<pid>/stat` says of a process: its process group and its start time, which
/// together tell one process from a later one that reused its pid (proc(5)).
struct ProcStat: Equatable {
    let pid: pid_t
    /// Field 5, pgrp.
    let group: pid_t
    /// Field 22, starttime: clock ticks after boot.
    let startTime: UInt64
    /// Field 3: `Z` for a zombie, which no signal reaches.
    let state: Character

    /// nil when the process does not exist (or vanished while being read).
    init?(pid: pid_t) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let group = pid_t(fields[2]), let start = UInt64(fields[19]),
            let state = fields[0].first
        else { return nil }
        self.pid = pid
        self.group = group
        self.startTime = start
        self.state = state
    }

    /// This process's start time, read once.
    static let ownStartTime: UInt64 = ProcStat(pid: getpid())?.startTime ?? 0

    /// Every live (not zombie) process of this machine, by process group: one pass over /proc.
    static func liveByGroup() -> [pid_t: [ProcStat]] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [:] }
        var groups: [pid_t: [ProcStat]] = [:]
        for name in names {
            guard let pid = pid_t(name), let stat = ProcStat(pid: pid), stat.state != "Z" else { continue }
            groups[stat.group, default: []].append(stat)
        }
        return groups
    }
}
