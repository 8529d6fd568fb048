import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, read once and kept on the request's body.
struct FormFields: Sendable {
    private var values: [String: [String]] = [:]

    /// Parses the body text.
    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    /// Fields already split into names and values (the text parts of a multipart form).
    init(pairs: [(String, String)]) {
        for (name, value) in pairs { values[name, default: []].append(value) }
    }

    /// Reads and parses the request's body (within the context's upload limit; a multipart body's text parts).
    static func read(_ request: inout Request, context: CoopRequestContext) async throws -> FormFields {
        if MultipartForm.isMultipart(request) { return try await MultipartForm.read(&request, context: context).fields }
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return FormFields(String(buffer: buffer))
    }

    /// The first value of a field, or "" when absent.
    subscript(_ name: String) -> String { values[name]?.first ?? "" }

    /// Every value of a field (checkbox groups).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
