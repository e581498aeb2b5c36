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

    func service(engine: Engine? = nil, tracing: BatonTracing? = nil) -> JobService {
        JobService(store: store, definitions: definitions, engine: engine, tracing: tracing)
    }

    func job(_ reference: String) async throws -> JobRecord {
        guard let job = try await service().job(reference: reference) else {
            throw CommandError("no job '\(reference)' (give its number or UUID; `baton job list` shows them)")
        }
        return job
    }
}
