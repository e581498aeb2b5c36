import BatonCore
import BatonEngine
import BatonPostgres
import BatonSQLite
import BatonStore
import Foundation

/// A Baton project folder: configuration, definitions, schemas and data (SPEC §2).
public struct Home: Sendable {
    public let directory: URL
    public let configuration: Configuration
    /// `connections:` opened as read-only query sources, by name (SPEC §12).
    public let connections: [String: any QueryConnection]

    public var workflowsFile: URL { directory.appendingPathComponent("workflows.yml") }
    public var tasksFile: URL { directory.appendingPathComponent("tasks.yml") }
    public var schemasDirectory: URL { directory.appendingPathComponent("schemas") }
    public var dataDirectory: URL { directory.appendingPathComponent("data") }
    public var runDirectory: URL { dataDirectory.appendingPathComponent("run") }

    public struct Missing: Error, CustomStringConvertible {
        public let directory: URL
        public var description: String {
            "no Baton home at \(directory.path) (there is no workflows.yml). Create one with: baton init \(directory.path)"
        }
    }

    /// Opens the home in `directory`; `--database` overrides the configured database.
    public init(directory: URL, database: String? = nil) throws {
        self.directory = directory.standardizedFileURL
        guard FileManager.default.fileExists(atPath: self.directory.appendingPathComponent("workflows.yml").path) else {
            throw Missing(directory: self.directory)
        }
        var configuration = try Configuration.load(file: self.directory.appendingPathComponent("baton.yml"))
        if let database { configuration.database = database }
        self.configuration = configuration
        self.connections = try Self.queryConnections(configuration.connections, home: self.directory)
    }

    /// Each connection as a query source: a `postgres://` URL, or a SQLite file that must be
    /// inside the home (symlinks resolved). Errors never show a password.
    static func queryConnections(_ entries: [String: String], home: URL) throws -> [String: any QueryConnection] {
        var connections: [String: any QueryConnection] = [:]
        for (name, value) in entries {
            if PostgresAddress.isPostgres(value) {
                do {
                    connections[name] = try PostgresQueryConnection(name: name, url: value)
                } catch {
                    throw Configuration.Problem(description: "baton.yml: connection '\(name)': \(error)")
                }
                continue
            }
            guard CSVSource.isInsideHome(value) else {
                throw Configuration.Problem(
                    description:
                        "baton.yml: connection '\(name)' must be a SQLite file under the home (a relative path without '..') or a postgres:// URL"
                )
            }
            let path = Paths.resolve(value, against: home).path
            if let real = realpath(path, nil), let root = realpath(home.path, nil) {
                defer {
                    free(real)
                    free(root)
                }
                guard String(cString: real).hasPrefix(String(cString: root) + "/") else {
                    throw Configuration.Problem(
                        description: "baton.yml: connection '\(name)' leads outside the home (through a symbolic link)")
                }
            }
            connections[name] = SQLiteQueryConnection(name: name, path: path)
        }
        return connections
    }

    /// Where the home is: `--home`, else `BATON_HOME`, else the current directory.
    public static func locate(_ option: String?) -> URL {
        let path = option ?? ProcessInfo.processInfo.environment["BATON_HOME"] ?? FileManager.default.currentDirectoryPath
        return URL(fileURLWithPath: path)
    }

    /// Loads and validates every definition; throws `DefinitionErrors`.
    public func definitions(swiftTasks: Set<String>) throws -> DefinitionSet {
        let workflows = try String(contentsOf: workflowsFile, encoding: .utf8)
        let tasks = try? String(contentsOf: tasksFile, encoding: .utf8)
        let schemas = schemasDirectory
        return try DefinitionLoader.load(
            DefinitionSources(workflows: workflows, workflowsFile: "workflows.yml", tasks: tasks, tasksFile: "tasks.yml"),
            swiftTasks: swiftTasks, connections: Set(configuration.connections.keys), pools: Set(configuration.pools.keys),
            schema: { name in Home.lookupSchema(name, in: schemas) },
            workdirProblem: { [directory] path in Home.workdirProblem(path, home: directory) })
    }

    /// Why `path` (relative to the home, or absolute) is not a folder a task can run in; nil
    /// when it is one.
    static func workdirProblem(_ path: String, home: URL) -> String? {
        let url = Paths.resolve(path, against: home)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            return "folder '\(path)' (\(url.path)) does not exist"
        }
        return isFolder.boolValue ? nil : "'\(path)' (\(url.path)) is not a folder"
    }

    static func lookupSchema(_ name: String, in directory: URL) -> SchemaLookup {
        let relative = "schemas/\(name).json"
        let url = directory.appendingPathComponent("\(name).json").standardizedFileURL
        guard url.path.hasPrefix(directory.standardizedFileURL.path + "/") else { return .missing(path: relative) }
        guard let data = FileManager.default.contents(atPath: url.path) else { return .missing(path: relative) }
        do {
            let schema = try JSON.parse(data)
            guard schema.objectValue != nil else { return .invalid(path: relative, reason: "it must be a JSON object") }
            return .found(schema, path: relative)
        } catch {
            return .invalid(path: relative, reason: "\(error)")
        }
    }

    /// Opens and migrates the configured database.
    public func openStore() async throws -> any Store {
        let database = configuration.database
        if PostgresAddress.isPostgres(database) {
            let store = PostgresStore(address: try PostgresAddress(database))
            try await store.migrate()
            return store
        }
        let path = Paths.resolve(database, against: directory)
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        let store = try SQLiteStore(path: path.path)
        try await store.migrate()
        return store
    }

    /// The engine's settings from baton.yml, the arguments overriding it. `definitions`: the set
    /// loaded from this home (`definitions(swiftTasks:)`), which sub-workflow steps start jobs of;
    /// the home does not keep it, each command loads it once.
    public func engineConfiguration(
        concurrency: Int? = nil, queues: [String]? = nil, onlyJob: Int64? = nil, definitions: DefinitionSet? = nil
    ) -> EngineConfiguration {
        var engine = EngineConfiguration(
            concurrency: concurrency ?? configuration.workers, queues: queues ?? configuration.queues, onlyJob: onlyJob,
            leaseSeconds: configuration.leaseSeconds, cancelGrace: configuration.cancelGrace,
            shutdownGrace: configuration.cancelGrace, logMaxBytes: configuration.logMaxBytes,
            homeDirectory: directory, runDirectory: runDirectory)
        engine.connections = connections
        engine.maxFanout = configuration.maxFanout
        engine.pools = configuration.pools
        engine.definitions = definitions
        return engine
    }
}
