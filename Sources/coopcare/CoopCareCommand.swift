import ArgumentParser

/// The `coopcare` command: serve the co-op, and look after its data from the terminal.
@main
struct CoopCareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coopcare",
        abstract: "CoopCare: care, governance and books for a mental-health co-op, owned by the co-op.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, BackupCommand.self, RestoreCommand.self, AuditCommand.self,
            KeysCommand.self, MemberCommand.self, TokenCommand.self, CountCommand.self,
        ]
    )
}
