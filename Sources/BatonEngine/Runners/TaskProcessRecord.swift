#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CSpawn
import Foundation

/// A note, in the run folder, of a running task's process group and of the Baton process that
/// started it, each with its start time. Written when the task starts and blanked when it
/// ends, so the notes left behind after a kill -9 say exactly which groups a restarted process
/// must stop before running those tasks again (SPEC §10).
///
/// Format: one line, `<baton pid> <baton start time> <group leader pid> <leader start time>`
/// (start times in clock ticks after boot, from /proc), padded with spaces. Each Baton process
/// keeps one file of such lines per run folder (`fileName`), a line per running task, reused
/// once the task ends: a line costs one write, a file per task cost a create and a delete.
struct TaskProcessRecord: Equatable {
    let owner: pid_t
    let ownerStart: UInt64
    let leader: pid_t
    let leaderStart: UInt64

    static let suffix = ".pids"

    /// This process's note file: named after its pid and start time, so that a reader can tell
    /// whether its writer still runs even while every line is blank.
    static let fileName = "tasks-\(getpid())-\(ProcStat.ownStartTime)" + suffix

    /// The pid and start time in a note file's name, nil for another name.
    static func owner(ofFile name: String) -> (pid: pid_t, start: UInt64)? {
        guard name.hasPrefix("tasks-"), name.hasSuffix(suffix) else { return nil }
        let fields = name.dropFirst("tasks-".count).dropLast(suffix.count).split(separator: "-")
        guard fields.count == 2, let pid = pid_t(fields[0]), let start = UInt64(fields[1]) else { return nil }
        return (pid, start)
    }

    /// Whether process `pid` runs and is the one that started at `start` (not a reuse of its pid).
    static func isAlive(pid: pid_t, start: UInt64) -> Bool {
        ProcStat(pid: pid).map { $0.startTime == start && $0.state != "Z" } ?? false
    }

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
        Self.isAlive(pid: owner, start: ownerStart)
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

/// A line of this process's note file in one run folder, taken for one task process.
struct NoteSlot: Sendable {
    let directory: String
    let descriptor: Int32
    let index: Int

    var offset: Int { index * Int(CSPAWN_NOTE_SLOT) }
}

/// This process's note file in one run folder and which of its lines are taken. Used on the
/// spawn thread only; open while any task of that folder runs.
final class NoteFile {
    let descriptor: Int32
    private var free: [Int] = []
    private var count = 0
    private(set) var taken = 0

    /// Opens (creating it if needed) the note file in `directory`; nil when that fails.
    init?(directory: String) {
        descriptor = open(directory + "/" + TaskProcessRecord.fileName, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
    }

    deinit { close(descriptor) }

    /// A free line's index.
    func take() -> Int {
        taken += 1
        if let index = free.popLast() { return index }
        count += 1
        return count - 1
    }

    /// Blanks line `index` (its task's process has ended) and frees it.
    func release(_ index: Int) {
        _ = Self.blank.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(index * Int(CSPAWN_NOTE_SLOT))) }
        taken -= 1
        free.append(index)
    }

    private static let blank = [UInt8](repeating: 0x20, count: Int(CSPAWN_NOTE_SLOT) - 1) + [0x0A]
}
