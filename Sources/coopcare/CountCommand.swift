import ArgumentParser
import CoopDomain
import Foundation

/// `coopcare count`: recount an election from its BLT ballot file, so anyone can check a result.
struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count", abstract: "Count a BLT ballot file and print the elected and the stage-by-stage table."
    )

    @Option(help: "The counting rule: \(CountRule.allCases.map(\.rawValue).joined(separator: ", ")).") var rule: CountRule = .scottishSTV
    @Flag(help: "Print JSON: {\"elected\": [{\"name\", \"votes\"}], \"stages\": [...]}.") var json = false
    @Option(help: "Seed for drawing lots in a tie (default: derived from the file, so every recount draws the same).") var seed: UInt64?
    @Argument(help: "The BLT file.") var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read \(file).")
        }
        let result: CountResult
        do {
            result = try count(try BLTParser.parse(data), rule: rule, options: CountOptions(lotSeed: seed))
        } catch {
            throw ValidationError("\(file): \(error)")
        }
        if json {
            FileHandle.standardOutput.write(try result.jsonData())
            print()
        } else {
            print(result.tableText)
        }
    }
}

extension CountRule: ExpressibleByArgument {}
