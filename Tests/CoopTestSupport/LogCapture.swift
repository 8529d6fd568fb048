import Foundation
import Logging

/// Keeps every log line written through its loggers, for tests that check what is (and is not) logged.
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(level: Logger.Level, text: String)] = []

    /// Creates an empty capture.
    public init() {}

    /// A logger at `level` whose lines land here.
    public func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "capture") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    /// Every line: level, message and metadata (sorted by key), as one string each.
    public var lines: [String] { lock.withLock { entries.map(\.text) } }

    /// The lines at `level` or above.
    public func lines(atLeast level: Logger.Level) -> [String] { lock.withLock { entries.filter { $0.level >= level }.map(\.text) } }

    fileprivate func append(_ level: Logger.Level, _ text: String) { lock.withLock { entries.append((level, text)) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let text = "\(event.level) \(event.message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append(event.level, text)
        }
    }
}
