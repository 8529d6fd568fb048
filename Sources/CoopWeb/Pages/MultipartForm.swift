import CoopDomain
import Foundation
import Hummingbird

/// Why a `multipart/form-data` body was refused.
enum MultipartError: Error, Equatable, Sendable {
    /// The content type names no boundary, or one RFC 2046 does not allow.
    case missingBoundary
    /// The body breaks the structure: no opening or closing delimiter, a bad header, a part without a name.
    case malformed
    /// More parts, or longer part headers, than a form of ours ever sends.
    case tooManyParts
    /// The body is over the limit.
    case tooLarge
}

/// A strict, bounded `multipart/form-data` reader (RFC 7578 over RFC 2046): CRLF line ends only, every part with
/// `Content-Disposition: form-data; name="…"`, at most `maximumParts` parts and `maximumHeaderBytes` of headers per
/// part, a closing delimiter required. Only the upload routes accept bodies bigger than an ordinary form.
struct MultipartForm: Sendable {
    /// One part: its field name, the file name when it is a file, its declared type and its bytes.
    struct Part: Sendable, Equatable {
        var name: String
        var filename: String?
        var contentType: String?
        var body: [UInt8]

        var isFile: Bool { filename != nil }
    }

    static let maximumParts = 16
    static let maximumHeaderBytes = 4096
    /// Paths that take a file, and the most bytes their body may have (the file's limit plus room for the fields).
    static let uploadLimits: [String: Int] = [PhotoController.uploadPath: 2 * 1024 * 1024 + 64 * 1024]

    var parts: [Part]

    /// The text fields (parts without a file name), as an ordinary form sees them.
    var fields: FormFields {
        FormFields(pairs: parts.filter { !$0.isFile }.map { ($0.name, String(decoding: $0.body, as: UTF8.self)) })
    }

    /// The file parts.
    var files: [Part] { parts.filter(\.isFile) }

    /// Whether the request's body is `multipart/form-data`.
    static func isMultipart(_ request: Request) -> Bool {
        (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/form-data")
    }

    /// The most bytes a multipart body to `path` may have.
    static func limit(for path: String, context: CoopRequestContext) -> Int {
        uploadLimits[path] ?? context.maxUploadSize
    }

    /// Reads the request's body (refused before reading when its declared length is over the limit, and while
    /// reading once it passes it) and parses it. The body stays on the request for the next reader.
    static func read(_ request: inout Request, context: CoopRequestContext) async throws -> MultipartForm {
        let cap = Self.limit(for: request.uri.path, context: context)
        // An upload route names the file's limit; elsewhere it is the ordinary "too large".
        let tooLarge: any Error = uploadLimits[request.uri.path] != nil ? PhotoError.tooLarge(maximumBytes: ProfilePhoto.maximumBytes) : HTTPError(.contentTooLarge)
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > cap { throw tooLarge }
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: cap) } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        }
        return try MultipartForm(contentType: request.headers[.contentType] ?? "", body: Array(buffer.readableBytesView), limit: cap)
    }

    /// Parses `body` sent with `contentType`.
    init(contentType: String, body: [UInt8], limit: Int) throws(MultipartError) {
        guard body.count <= limit else { throw .tooLarge }
        guard let boundary = Self.boundary(contentType) else { throw .missingBoundary }
        let delimiter = Array("--".utf8) + Array(boundary.utf8)
        // The first delimiter may follow a preamble (which ends with CRLF) or open the body.
        var position: Int
        if body.starts(with: delimiter) {
            position = delimiter.count
        } else if let found = Self.find(Self.crlf + delimiter, in: body, from: 0) {
            position = found + 2 + delimiter.count
        } else {
            throw .malformed
        }
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" closes the body; otherwise (optional whitespace and) CRLF opens a part.
            if body[position...].starts(with: [0x2D, 0x2D]) { break }
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            guard body[position...].starts(with: Self.crlf) else { throw .malformed }
            position += 2
            guard parts.count < Self.maximumParts else { throw .tooManyParts }
            guard let headerEnd = Self.find(Self.crlf + Self.crlf, in: body, from: position, within: Self.maximumHeaderBytes) else {
                throw body.count - position > Self.maximumHeaderBytes ? MultipartError.tooManyParts : MultipartError.malformed
            }
            var part = try Self.headers(Array(body[position..<headerEnd]))
            let contentStart = headerEnd + 4
            guard let next = Self.find(Self.crlf + delimiter, in: body, from: contentStart) else { throw .malformed }
            part.body = Array(body[contentStart..<next])
            parts.append(part)
            position = next + 2 + delimiter.count
        }
        self.parts = parts
    }

    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// The boundary parameter of a `multipart/form-data` content type (quoted or not), 1–70 allowed characters.
    static func boundary(_ contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            let allowed = CharacterSet(charactersIn: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ")
            guard (1...70).contains(value.count), !value.hasSuffix(" "), value.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
            return value
        }
        return nil
    }

    /// Reads a part's headers: Content-Disposition (required, form-data, with a name) and Content-Type.
    static func headers(_ bytes: [UInt8]) throws(MultipartError) -> Part {
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw .malformed }
        var name: String?, filename: String?, contentType: String?
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "content-disposition":
                let parameters = dispositionParameters(value)
                guard parameters.kind == "form-data", let given = parameters.values["name"], !given.isEmpty else { throw .malformed }
                name = given
                filename = parameters.values["filename"]
            case "content-type":
                contentType = value
            default:
                continue  // RFC 7578 §4.8: other headers are ignored
            }
        }
        guard let name else { throw .malformed }
        return Part(name: name, filename: filename, contentType: contentType, body: [])
    }

    /// `form-data; name="x"; filename="y.png"` as its kind and parameters (quoted strings may hold `;`).
    static func dispositionParameters(_ value: String) -> (kind: String, values: [String: String]) {
        var pieces: [String] = []
        var current = "", quoted = false, escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        var values: [String: String] = [:]
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            values[pair[0].lowercased()] = pair[1]
        }
        return (pieces[0].trimmingCharacters(in: .whitespaces).lowercased(), values)
    }

    /// The index of the first `needle` in `haystack` at or after `start` (and, when given, starting within `within`).
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, within: Int? = nil) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let last = min(haystack.count - needle.count, within.map { start + $0 } ?? Int.max)
        guard start <= last else { return nil }
        let first = needle[0]
        return haystack.withUnsafeBufferPointer { hay -> Int? in
            needle.withUnsafeBufferPointer { pin -> Int? in
                var index = start
                while index <= last {
                    if hay[index] == first {
                        var matched = 1
                        while matched < pin.count && hay[index + matched] == pin[matched] { matched += 1 }
                        if matched == pin.count { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }
}
