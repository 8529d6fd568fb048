import Foundation

/// A sentence to show a person, as a message-catalogue key and the values to put into it, so it can be translated
/// (`LocalizedMessage("match.reason.language", ["language": "es"])`).
public struct LocalizedMessage: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The key in the message catalogues.
    public let key: String
    /// The values the message's placeholders take, by name.
    public let values: [String: String]

    /// Creates a message.
    public init(_ key: String, _ values: [String: String] = [:]) {
        self.key = key
        self.values = values
    }

    /// `key{name=value,…}` with names sorted, for logs and tests.
    public var description: String {
        values.isEmpty ? key : key + "{" + values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
    }
}
