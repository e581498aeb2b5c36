import ArgumentParser
import BatonCore
import BatonEngine
import BatonStore
import Foundation

struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job", abstract: "Follow and control jobs.",
        subcommands: [List.self, Show.self, Logs.self, Cancel.self, Relaunch.self, Retry.self, Rerun.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only jobs of this workflow.") var workflow: String?
        @Option(help: "How many jobs to show.") var limit = 20

        func run() async throws {
            let context = try await CommandContext(global)
            let page = try await context.store.jobList(JobQuery(workflow: workflow, limit: max(1, min(limit, 10_000))))
            for job in page.jobs {
                print(
                    "\(Format.pad(String(job.number), 6)) \(job.uuid.uuidString.lowercased())  \(Format.pad(job.workflow, 22)) \(Format.pad(job.status.name, 11)) \(Format.time(job.created))"
                )
            }
            print("\(page.jobs.count) of \(page.total) job(s)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a job and its tasks.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job's number or UUID.") var job: String

        func run() async throws {
            let context = try await CommandContext(global)
            let job = try await context.job(self.job)
            print("job \(job.number) \(job.uuid.uuidString.lowercased())")
            print("  workflow \(job.workflow), status \(job.status.name)\(job.periodic ? ", periodic" : "")")
            print("  created \(Format.time(job.created)), took \(Format.duration(job.started, job.ended))")
            print("  payload \(job.payload.jsonText)")
            if !job.input.isEmpty { print("  input \(JSON.object(job.input.mapValues { JSON.object($0) }).jsonText)") }
            if let comment = job.comment { print("  comment \(comment)") }
            if let link = job.comment.flatMap(SubWorkflowCall.parent(fromComment:)),
                let parent = try await context.store.jobGet(uuid: link.job)
            {
                print("  parent job \(parent.number) \(parent.workflow), step \(link.step)")
            }
            let steps = context.definitions.workflow(named: job.workflow)?.steps ?? []
            for task in try await context.store.taskList(job: job.number) {
                var line =
                    "  - \(Format.pad(task.key + (task.hook == nil ? "" : " (hook)"), 24)) \(Format.pad(task.status.name, 9)) attempt \(task.attempt) \(Format.duration(task.started, task.ended))"
                if let result = task.result { line += " result \(result.jsonText)" }
                if let error = task.error { line += " error: \(error.exception)" }
                print(line)
                // A sub-workflow step links to the jobs it started (SPEC §13); they link back by their comment.
                guard task.hook == nil, steps.indices.contains(task.position), case .workflow = steps[task.position].body.kind
                else { continue }
                for child in try await context.store.jobList(JobQuery(parentTask: task.id, ascending: true)).jobs {
                    print(
                        "      sub-workflow job \(child.number) \(child.uuid.uuidString.lowercased()) \(child.workflow) \(child.status.name)"
                    )
                }
            }
        }
    }

    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the logs of a job's tasks (stdout and stderr).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job's number or UUID.") var job: String
        @Option(help: "Only this task (its key).") var task: String?

        func run() async throws {
            let context = try await CommandContext(global)
            let job = try await context.job(self.job)
            let tasks = try await context.store.taskList(job: job.number).filter { task == nil || $0.key == task }
            if tasks.isEmpty, let task { throw CommandError("job \(job.number) has no task '\(task)'") }
            for task in tasks {
                for log in try await context.store.taskLogs(task: task.id) {
                    print("==> \(task.key) attempt \(log.attempt) <==")
                    print(log.text, terminator: log.text.hasSuffix("\n") ? "" : "\n")
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a job: pending tasks end now, running ones are stopped.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job's number or UUID.") var job: String

        func run() async throws {
            let context = try await CommandContext(global)
            let job = try await context.job(self.job)
            guard let cancellation = try await context.service().cancellation(number: job.number) else {
                throw CommandError("no job '\(self.job)'")
            }
            switch cancellation.answer {
            case .alreadyEnded(let status): print("job \(job.number) had already ended (\(status.name)); nothing changed")
            case .stopping, .interrupted, .alreadyStopping: print("job \(job.number) \(cancellation.job.status.name)")
            }
        }
    }

    struct Relaunch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a new job with the same workflow, payload, input and comment.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job's number or UUID.") var job: String

        func run() async throws {
            let context = try await CommandContext(global)
            let job = try await context.job(self.job)
            let new = try await context.service().relaunch(job)
            print("job \(new.number) \(new.uuid.uuidString.lowercased()) \(new.workflow) started")
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-run only the failed and interrupted tasks of a job and what depends on them, as a new job.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job's number or UUID.") var job: String

        func run() async throws {
            let context = try await CommandContext(global)
            let job = try await context.job(self.job)
            // A SubmissionError (nothing to retry) prints as one line, like every user error.
            let new = try await context.service().retry(job)
            print("job \(new.number) \(new.uuid.uuidString.lowercased()) \(new.workflow) started (retry of job \(job.number))")
        }
    }

    struct Rerun: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a step of an ended job and every step below it again, in the same job.",
            discussion:
                "The other steps keep their results; the rerun steps get new attempts (earlier logs are kept) and the hooks run again at the job's new end. Without --wait the job is queued for `baton worker`; with --wait this command runs it and exits non-zero if it does not succeed."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job's number or UUID.") var job: String
        @Option(help: "The step (task key) to run again, with every step below it.") var from: String
        @Flag(help: "Run the job here and wait for its end.") var wait = false

        func run() async throws {
            let context = try await CommandContext(global)
            let job = try await context.job(self.job)
            // A RerunError (job still running, unknown step, ...) prints as one line naming both.
            guard let rerun = try await context.service().rerun(job, from: from) else {
                throw CommandError("no job '\(self.job)'")
            }
            print("job \(rerun.number) \(rerun.status.name) again from step \(from)")
            guard wait else {
                print("queued: `baton worker` runs it; follow it with `baton job show \(rerun.number)`")
                return
            }
            let final = try await JobWatcher(context: context, job: rerun).run()
            if final.status != .success { throw ExitCode(1) }
        }
    }
}
