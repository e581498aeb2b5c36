import ArgumentParser
import BatonEngine
import BatonHTTP
import BatonStore
import Foundation

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the users who may call the APIs.",
        subcommands: [Create.self, List.self, Update.self, Delete.self])

    /// `--password PW` or `--password-stdin`, exactly one.
    struct PasswordOptions: ParsableArguments {
        @Option(help: "The password (visible in the process list; prefer --password-stdin).") var password: String?
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func read() throws -> String {
            switch (password, passwordStdin) {
            case (let password?, false):
                guard !password.isEmpty else { throw CommandError("the password must not be empty") }
                return password
            case (nil, true):
                let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                let password = text.hasSuffix("\n") ? String(text.dropLast()) : text
                guard !password.isEmpty else { throw CommandError("no password on standard input") }
                return password
            default:
                throw CommandError("give the password with exactly one of --password PW and --password-stdin")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var password: PasswordOptions

        func run() async throws {
            guard !name.isEmpty, !name.contains(":") else { throw CommandError("a user name must be non-empty and have no ':'") }
            let secret = try password.read()
            let context = try await CommandContext(global)
            do {
                _ = try await context.store.userInsert(
                    name: name, passwordHash: Passwords.hash(secret), now: MillisClock.system.now)
            } catch let error as StoreError {
                throw CommandError("\(error)")
            }
            print("user \(name) created")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try await CommandContext(global)
            for user in try await context.store.userList() {
                print("\(Format.pad(user.name, 24)) created \(Format.time(user.created))")
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var password: PasswordOptions

        func run() async throws {
            let secret = try password.read()
            let context = try await CommandContext(global)
            guard
                try await context.store.userUpdate(name: name, passwordHash: Passwords.hash(secret), now: MillisClock.system.now)
            else {
                throw CommandError("no user \(name)")
            }
            print("user \(name) updated")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user; its tokens stop working.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String

        func run() async throws {
            let context = try await CommandContext(global)
            guard try await context.store.userDelete(name: name) else { throw CommandError("no user \(name)") }
            print("user \(name) deleted")
        }
    }
}
