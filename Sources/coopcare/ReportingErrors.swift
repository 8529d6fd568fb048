import ArgumentParser
import CoopWeb
import Foundation

/// Runs a command's work and turns any failure into one clear sentence on standard error and exit code 1,
/// instead of the error's internal form.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let catalog = try Catalog.load()
        FileHandle.standardError.write(Data(("coopcare: " + ErrorMapping.message(for: error, catalog: catalog) + "\n").utf8))
        throw ExitCode.failure
    }
}
