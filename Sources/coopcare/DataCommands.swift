import ArgumentParser
import CoopApp
import CoopData
import CoopDomain
import Foundation

/// `coopcare migrate`: apply every pending migration.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")
    @OptionGroup var data: DataOptions

    func run() async throws {
        try await reportingErrors {
            let applied = try await data.withDatabase { database in try await MigrationRunner(database: database).migrate() }
            print(applied.isEmpty ? "The database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", ")).")
        }
    }
}

/// `coopcare demo`: fill an empty database with the demo co-op.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Create the demo co-op in an empty database.")
    @OptionGroup var data: DataOptions

    func run() async throws {
        try await reportingErrors {
            try await data.withServices { services in
                let created = try await DemoCoop(services: services).createIfEmpty()
                print(created ? "Demo co-op created." : "The database already has members; nothing was changed.")
                for signIn in try await DemoCoop(services: services).signIns() {
                    print("  \(signIn.role.rawValue): \(signIn.email) password: \(signIn.password)" + (signIn.totpSecret.map { " TOTP secret: \($0)" } ?? ""))
                }
            }
        }
    }
}

/// `coopcare backup FILE`: a consistent copy while the service runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "Copy the data to FILE while the service keeps running.")
    @OptionGroup var data: DataOptions
    @Argument(help: "Where to write the backup (must not exist).") var file: String

    func run() async throws {
        try await reportingErrors {
            try await data.withDatabase { database in try await database.backup(to: file) }
            print("Backup written to \(file). Keep the master key too: without it, sealed data in the backup cannot be read.")
        }
    }
}

/// `coopcare restore FILE`: bring back a backup; the service must be stopped.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Replace the data with a backup (stop the service first).")
    @OptionGroup var data: DataOptions
    @Argument(help: "The backup to restore.") var file: String

    func run() async throws {
        try await reportingErrors {
            try await Database.restore(from: file, to: try data.databaseURL())
            print("Restored from \(file).")
        }
    }
}

/// `coopcare audit verify`: recompute the audit chain and name the first broken entry.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Audit log tools.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Recompute the hash chain of the audit log.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            try await reportingErrors {
                let result = try await data.withDatabase { database in
                    try await database.read { sql in try await AuditStore().verify(sql: sql) }
                }
                switch result {
                case .intact(let entries):
                    print("Audit chain intact; entries checked: \(entries).")
                case .broken(let sequence, let reason, let checked):
                    print("Audit chain BROKEN at entry \(sequence) (\(reason.rawValue)); \(checked) entries before it are intact.")
                    throw ExitCode(2)
                }
            }
        }
    }
}

/// `coopcare keys rotate`: a new data key, everything re-sealed under it.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Encryption key tools.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate", abstract: "Make a new data key and re-seal every sealed value under it.")
        @OptionGroup var data: DataOptions
        @Option(help: "Also move to a new master key: the data keys are re-wrapped under the key in this file (created, mode 0600, if absent).")
        var newMasterKeyFile: String?

        func run() async throws {
            try await reportingErrors {
                let (version, count) = try await data.withServices { services in try await services.envelope.rotate(database: services.database) }
                print("Data key \(version) is now active; \(count) sealed values were re-sealed under it.")
                guard let newMasterKeyFile else { return }
                let newMaster = try MasterKey.load(environmentValue: nil, file: newMasterKeyFile)
                let oldMaster = try data.masterKey()
                let rewrapped = try await data.withDatabase { database in
                    try await Envelope.rewrapDataKeys(database: database, from: oldMaster, to: newMaster)
                }
                print("\(rewrapped) data keys are now wrapped by the master key in \(newMasterKeyFile).")
                print("Restart the service with --key-file \(newMasterKeyFile) (or the new COOPCARE_MASTER_KEY), then destroy the old key.")
            }
        }
    }
}

/// `coopcare member create`: invite someone from the terminal and print the link.
struct MemberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "member", abstract: "Member tools.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Invite a member and print the invitation link.")
        @OptionGroup var data: DataOptions
        @Option(help: "A role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")). Repeat for several.") var role: [String]
        @Option(help: "Their email address.") var email: String
        @Option(help: "Their name (defaults to the part of the email before @).") var name: String?
        @Option(help: "The address people reach the service at, for the link (env COOPCARE_PUBLIC_URL).") var publicURL: String?

        func run() async throws {
            try await reportingErrors {
                let url = publicURL ?? ProcessInfo.processInfo.environment["COOPCARE_PUBLIC_URL"] ?? "http://127.0.0.1:8080"
                let issued = try await data.withServices(publicURL: url) { services in
                    try await Accounts(services: services).inviteFromTerminal(
                        email: email, displayName: name ?? String(email.split(separator: "@").first ?? ""), roles: role
                    )
                }
                print("Invitation for \(email) (valid until \(issued.expiresAt)):")
                print(issued.link)
            }
        }
    }
}

/// `coopcare token create`: an API token for a member, for scripts and tests.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API token tools.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Make an API token for a member and print it once.")
        @OptionGroup var data: DataOptions
        @Option(help: "The member's email.") var email: String
        @Option(help: "A name for the token.") var name: String

        func run() async throws {
            try await reportingErrors {
                let token = try await data.withServices { services in
                    try await Accounts(services: services).createAPITokenFromTerminal(email: email, name: name)
                }
                print(token)
            }
        }
    }
}
