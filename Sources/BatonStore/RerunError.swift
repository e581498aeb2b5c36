import BatonCore

/// Why `Store.jobRerun` refused, in the user's words: each case names the job and the step.
public enum RerunError: Error, Equatable, CustomStringConvertible {
    /// The job is pending, running or stopping: only an ended job moves again.
    case jobNotEnded(job: Int64, status: JobStatus)
    case unknownStep(job: Int64, step: String)
    /// The step is a hook; hooks run again by themselves at the job's new end.
    case hook(job: Int64, step: String)
    /// A hook of the job's earlier end is still to finish.
    case hookNotFinished(job: Int64, hook: String)
    /// The step cannot run: a parent of it did not succeed.
    case parentNotSucceeded(job: Int64, step: String, parent: String, status: TaskStatus)
    /// The step is one instance of a fan-out step; rerun from the fan-out step.
    case fanOutInstance(job: Int64, step: String, fanOut: String)

    /// The state machine's refusal, with task ids turned into the keys in `keys`.
    public init(_ refusal: JobMachine.RerunRefusal, job: Int64, step: String, keys: [Int64: String]) {
        func key(_ id: Int64) -> String { keys[id] ?? "#\(id)" }
        switch refusal {
        case .jobNotEnded(let status): self = .jobNotEnded(job: job, status: status)
        case .unknownTask: self = .unknownStep(job: job, step: step)
        case .hook: self = .hook(job: job, step: step)
        case .hookNotFinished(let id): self = .hookNotFinished(job: job, hook: key(id))
        case .parentNotSucceeded(_, let parent, let status):
            self = .parentNotSucceeded(job: job, step: step, parent: key(parent), status: status)
        case .fanOutInstance(_, let fanOut): self = .fanOutInstance(job: job, step: step, fanOut: key(fanOut))
        }
    }

    public var description: String {
        switch self {
        case .jobNotEnded(let job, let status):
            return "job \(job) is \(status.name): only an ended job can be rerun from a step"
        case .unknownStep(let job, let step): return "job \(job) has no step '\(step)'"
        case .hook(let job, let step):
            return "'\(step)' is a hook of job \(job), not a step: hooks run again by themselves when the rerun job ends"
        case .hookNotFinished(let job, let hook):
            return "job \(job)'s hook '\(hook)' has not finished yet: rerun when it has"
        case .parentNotSucceeded(let job, let step, let parent, let status):
            return
                "step '\(step)' of job \(job) cannot run: its parent '\(parent)' did not succeed (\(status.name)); rerun from '\(parent)'"
        case .fanOutInstance(let job, let step, let fanOut):
            return "'\(step)' of job \(job) is an instance of fan-out step '\(fanOut)': rerun from '\(fanOut)'"
        }
    }
}
