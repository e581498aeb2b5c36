import BatonCore
import BatonEngine
import BatonStore
import Foundation

/// What most commands need: the home, its definitions, the store, the job service.
struct CommandContext {
    let home: Home
    let definitions: DefinitionSet
    let store: any Store
    let registry: TaskRegistry

    init(_ options: GlobalOptions) async throws {
        home = try Home(directory: Home.locate(options.home), database: options.database)
        (options.logFormat ?? home.configuration.logFormat).bootstrap()
        registry = Baton.registry
        definitions = try home.definitions(swiftTasks: registry.names)
        store = try await home.openStore()
    }

    func service(engine: Engine? = nil) -> JobService {
        JobService(store: store, definitions: definitions, engine: engine)
    }

    func job(_ reference: String) async throws -> JobRecord {
        guard let job = try await service().job(reference: reference) else {
            throw CommandError("no job '\(reference)' (give its number or UUID; `baton job list` shows them)")
        }
        return job
    }
}

/// A user error: printed as one line, no trace.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum Format {
    static func time(_ millis: Int64?) -> String {
        guard let millis else { return "-" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    static func duration(_ start: Int64?, _ end: Int64?) -> String {
        guard let start, let end else { return "-" }
        return String(format: "%.3fs", Double(end - start) / 1000)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func json(_ text: String, what: String) throws -> JSON {
        do { return try JSON.parse(text) } catch {
            throw CommandError("\(what) is not valid JSON: \(text)")
        }
    }
}
