import ArgumentParser
import BatonCore
import BatonEngine
import BatonStore
import Foundation

struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "List, inspect, validate and run workflow definitions.",
        subcommands: [List.self, Show.self, Validate.self, Run.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the workflows of the home.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let home = try Home(directory: Home.locate(global.home), database: global.database)
            let definitions = try home.definitions(swiftTasks: Baton.registry.names)
            for workflow in definitions.workflows {
                let schedule = workflow.periodic.map { "  " + Self.describe($0) } ?? ""
                print(
                    "\(Format.pad(workflow.fullName, 24)) id \(Format.pad(String(workflow.id), 11)) \(workflow.steps.count) task(s)\(schedule)"
                )
            }
        }

        static func describe(_ periodic: Periodic) -> String {
            switch periodic.rule {
            case .interval(let seconds): return "every \(Periodic.Rule.format(seconds: seconds))s"
            case .crontab(let crontab): return "cron '\(crontab)'"
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a workflow's tasks, dependencies and params.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The workflow's full name, project.NAME.") var name: String

        func run() async throws {
            let home = try Home(directory: Home.locate(global.home), database: global.database)
            let definitions = try home.definitions(swiftTasks: Baton.registry.names)
            guard let workflow = definitions.workflow(named: name) else {
                throw CommandError("no workflow \(name) in \(home.workflowsFile.path)")
            }
            print("\(workflow.fullName) (id \(workflow.id))")
            for step in workflow.steps {
                let needs = step.needs.map { workflow.steps[$0].key }
                var line = "  \(Format.pad(step.key, 16)) task \(step.taskName)"
                if case .algorithm(let call) = step.body.kind, step.taskName == step.key {
                    line = "  \(Format.pad(step.key, 16)) algorithm \(call.name)"
                }
                if !needs.isEmpty { line += ", needs \(needs.joined(separator: ", "))" }
                if step.queue != QueueName.default { line += ", queue \(step.queue)" }
                if !step.body.params.isEmpty { line += ", params \(JSON.object(step.body.params).jsonText)" }
                print(line)
            }
            if let hook = workflow.successHook { print("  on success: \(hook.taskName)") }
            if let hook = workflow.failureHook { print("  on failure: \(hook.taskName)") }
            if let periodic = workflow.periodic { print("  schedule: \(List.describe(periodic))") }
            if let schema = workflow.schemaName { print("  payload schema: schemas/\(schema).json") }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every definition of the home without running anything.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let home = try Home(directory: Home.locate(global.home), database: global.database)
            do {
                let definitions = try home.definitions(swiftTasks: Baton.registry.names)
                print("ok: \(definitions.workflows.count) workflow(s), \(definitions.tasks.count) task(s) in tasks.yml")
            } catch let errors as DefinitionErrors {
                for error in errors.errors { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
                throw ExitCode(1)
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a job of a workflow.",
            discussion:
                "Without --wait the job is queued for `baton worker`. With --wait this command runs the job's tasks itself, shows their progress and exits non-zero if the job fails."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The workflow's full name, project.NAME.") var name: String
        @Argument(help: "The job's payload, a JSON object.") var payload: String = "{}"
        @Option(help: "Per-task param overrides, JSON: {\"task_id\": {\"param\": value}}.") var input: String?
        @Option(help: "A comment stored with the job.") var comment: String?
        @Flag(help: "Run the job here and wait for its end.") var wait = false

        func run() async throws {
            let context = try await CommandContext(global)
            let payloadValue = try Format.json(payload, what: "the payload")
            var inputValue: [String: [String: JSON]] = [:]
            if let input {
                guard case .object(let members) = try Format.json(input, what: "--input"),
                    members.values.allSatisfy({ $0.objectValue != nil })
                else { throw CommandError("--input must be a JSON object of objects: {\"task_id\": {\"param\": value}}") }
                inputValue = members.compactMapValues(\.objectValue)
            }
            let job: JobRecord
            do {
                job = try await context.service().start(
                    workflow: name, payload: payloadValue, input: inputValue, comment: comment)
            } catch let error as SubmissionError {
                throw CommandError("\(error)")
            }
            print("job \(job.number) \(job.uuid.uuidString.lowercased()) \(job.workflow) started")
            guard wait else {
                print("queued: `baton worker` runs it; follow it with `baton job show \(job.number)`")
                return
            }
            let final = try await JobWatcher(context: context, job: job).run()
            if final.status != .success { throw ExitCode(1) }
        }
    }
}
