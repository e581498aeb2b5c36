import Foundation

/// A note, in the run folder beside the attempt's log, of a running task's process group and
/// of the Baton process that started it, each with its start time. Written when the task
/// starts and deleted when it ends, so the notes left behind after a kill -9 say exactly which
/// groups a restarted process must stop before running those tasks again (SPEC §10).
///
/// Format: one line, `<baton pid> <baton start time> <group leader pid> <leader start time>`
/// (start times in clock ticks after boot, from /proc).
struct TaskProcessRecord: Equatable {
    let owner: pid_t
    let ownerStart: UInt64
    let leader: pid_t
    let leaderStart: UInt64

    static let suffix = ".pid"

    /// The start of every note this process's tasks write: its pid and start time. The task's
    /// process writes the rest itself (`cspawn_spawn`), before it runs anything.
    static let ownerPrefix = "\(getpid()) \(ProcStat.ownStartTime) "

    init(owner: pid_t, ownerStart: UInt64, leader: pid_t, leaderStart: UInt64) {
        self.owner = owner
        self.ownerStart = ownerStart
        self.leader = leader
        self.leaderStart = leaderStart
    }

    init?(text: String) {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 4, let owner = pid_t(fields[0]), let ownerStart = UInt64(fields[1]),
            let leader = pid_t(fields[2]), let leaderStart = UInt64(fields[3]), leader > 1
        else { return nil }
        self.init(owner: owner, ownerStart: ownerStart, leader: leader, leaderStart: leaderStart)
    }

    /// Whether the Baton process that wrote this note is still running (same pid, same start).
    var ownerIsAlive: Bool {
        ProcStat(pid: owner).map { $0.startTime == ownerStart && $0.state != "Z" } ?? false
    }

    /// The processes still in this record's group that are this record's own: when the leader
    /// itself still runs it must have the recorded start time (else its pid, and so the group
    /// id, was reused and the original group is empty); when it is gone, a group of that id can
    /// only be the original one (Linux does not hand out a pid still used as a group id), and
    /// its members started after the leader did.
    func leftovers(among groups: [pid_t: [ProcStat]] = ProcStat.liveByGroup()) -> [ProcStat] {
        let members = groups[leader] ?? []
        if let current = ProcStat(pid: leader), current.startTime != leaderStart { return [] }
        return members.filter { $0.startTime >= leaderStart }
    }
}
