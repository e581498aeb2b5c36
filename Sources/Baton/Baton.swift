import ArgumentParser
@_exported import BatonCore
import Foundation

/// The entry point for programs that embed Baton with their own Swift tasks (SPEC §8):
/// `try await Baton.main(tasks: registry)` gives them the whole `baton` command line.
public enum Baton {
    /// The Swift tasks of the running program, for the commands that load workflows.
    @TaskLocal static var registry = TaskRegistry()

    public static func main(tasks: TaskRegistry = TaskRegistry(), arguments: [String]? = nil) async {
        await $registry.withValue(tasks) {
            await BatonCommand.main(arguments)
        }
    }
}
