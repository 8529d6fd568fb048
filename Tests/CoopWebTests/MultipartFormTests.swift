import Foundation
import Testing

@testable import CoopWeb

/// Builds multipart bodies for the tests: text fields and files, CRLF line ends, a closing delimiter.
enum Multipart {
    static let boundary = "----CoopCareTest7MA4YWxkTrZu0gW"

    enum Item {
        case field(String, String)
        case file(name: String, filename: String, type: String, bytes: [UInt8])
    }

    static func body(_ items: [Item], boundary: String = boundary, close: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = []
        for item in items {
            bytes += Array("--\(boundary)\r\n".utf8)
            switch item {
            case .field(let name, let value):
                bytes += Array("Content-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            case .file(let name, let filename, let type, let content):
                bytes += Array("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
                bytes += content + Array("\r\n".utf8)
            }
        }
        if close { bytes += Array("--\(boundary)--\r\n".utf8) }
        return bytes
    }

    static var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}

/// A body as a test argument, shown by its size in the test log.
struct Body: CustomTestStringConvertible, Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var testDescription: String { "\(bytes.count) bytes" }
}

@Suite("multipart/form-data reader")
struct MultipartFormTests {
    /// Binary content holding CRLFs, dashes and something that looks like a delimiter without the leading CRLF.
    static let binary: [UInt8] = [0x89, 0x50, 0x0D, 0x0A, 0x2D, 0x2D, 0x00, 0xFF] + Array("--\(Multipart.boundary)".utf8) + [0x0D, 0x0A, 0x0D]

    @Test func fieldsAndOneFile() throws {
        let body = Multipart.body([
            .field("csrf", "token-1"), .field("therapist", ""), .file(name: "photo", filename: "me.png", type: "image/png", bytes: Self.binary),
        ])
        let form = try MultipartForm(contentType: Multipart.contentType, body: body, limit: 1 << 20)
        #expect(form.parts.count == 3)
        #expect(form.fields["csrf"] == "token-1")
        #expect(form.fields["therapist"] == "")
        #expect(form.files.count == 1)
        #expect(form.files[0].name == "photo")
        #expect(form.files[0].filename == "me.png")
        #expect(form.files[0].contentType == "image/png")
        #expect(form.files[0].body == Self.binary)
    }

    @Test func aPreambleAQuotedBoundaryAndAQuotedSemicolon() throws {
        let body = Array("ignored preamble\r\n".utf8) + Multipart.body([.file(name: "photo", filename: "a;b \\\"c\\\".jpg", type: "image/jpeg", bytes: [1, 2, 3])])
        let form = try MultipartForm(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"\(Multipart.boundary)\"", body: body, limit: 1 << 20)
        #expect(form.files.map(\.body) == [[1, 2, 3]])
        #expect(form.files.first?.filename == "a;b \"c\".jpg")
    }

    @Test func anEmptyFileInputStillCountsAsAPart() throws {
        let body = Multipart.body([.field("csrf", "x"), .file(name: "photo", filename: "", type: "application/octet-stream", bytes: [])])
        let form = try MultipartForm(contentType: Multipart.contentType, body: body, limit: 1 << 20)
        #expect(form.files.count == 1 && form.files[0].body.isEmpty && form.files[0].filename == "")
    }

    @Test func noFilePartAndTwoFileParts() throws {
        let none = try MultipartForm(contentType: Multipart.contentType, body: Multipart.body([.field("csrf", "x")]), limit: 1 << 20)
        #expect(none.files.isEmpty)
        let two = try MultipartForm(
            contentType: Multipart.contentType,
            body: Multipart.body([.file(name: "photo", filename: "a.png", type: "image/png", bytes: [1]), .file(name: "photo", filename: "b.png", type: "image/png", bytes: [2])]),
            limit: 1 << 20
        )
        #expect(two.files.map(\.body) == [[1], [2]])
    }

    static let good = Multipart.body([.field("csrf", "x")])
    static let b = Multipart.boundary
    static let ct = Multipart.contentType
    static let unclosed: [UInt8] = Multipart.body([.field("csrf", "x")], close: false)
    static let lfOnly: [UInt8] = Array("--\(b)\nContent-Disposition: form-data; name=\"a\"\n\nb\n--\(b)--\n".utf8)
    static let nameless: [UInt8] = Array("--\(b)\r\nContent-Disposition: form-data\r\n\r\nb\r\n--\(b)--\r\n".utf8)
    static let attachment: [UInt8] = Array("--\(b)\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nb\r\n--\(b)--\r\n".utf8)
    static let noColon: [UInt8] = Array("--\(b)\r\nnonsense\r\n\r\nb\r\n--\(b)--\r\n".utf8)
    static let manyParts: [UInt8] = Multipart.body((0..<17).map { Multipart.Item.field("f\($0)", "v") })
    static let endlessHeaders: [UInt8] = Array("--\(b)\r\nX: \(String(repeating: "y", count: 5000))\r\n".utf8)
    static let longBoundary: String = "multipart/form-data; boundary=" + String(repeating: "a", count: 71)

    static let refusals: [(String, String, Body, MultipartError)] = [
        ("no boundary parameter", "multipart/form-data", Body(good), MultipartError.missingBoundary),
        ("empty boundary", "multipart/form-data; boundary=", Body(good), .missingBoundary),
        ("boundary over 70 characters", longBoundary, Body(good), .missingBoundary),
        ("not multipart", "application/x-www-form-urlencoded", Body(good), .missingBoundary),
        ("boundary not in the body", "multipart/form-data; boundary=other", Body(good), .malformed),
        ("no closing delimiter", ct, Body(unclosed), .malformed),
        ("LF line ends", ct, Body(lfOnly), .malformed),
        ("part without a name", ct, Body(nameless), .malformed),
        ("part not form-data", ct, Body(attachment), .malformed),
        ("header line without colon", ct, Body(noColon), .malformed),
        ("too many parts", ct, Body(manyParts), .tooManyParts),
        ("endless headers", ct, Body(endlessHeaders), .tooManyParts),
    ]

    @Test(arguments: refusals)
    func refused(name: String, contentType: String, body: Body, error: MultipartError) {
        #expect(throws: error, "\(name)") { try MultipartForm(contentType: contentType, body: body.bytes, limit: 1 << 20) }
    }

    @Test func overTheLimit() {
        let body = Multipart.body([.file(name: "photo", filename: "big.png", type: "image/png", bytes: [UInt8](repeating: 7, count: 2000))])
        #expect(throws: MultipartError.tooLarge) { try MultipartForm(contentType: Multipart.contentType, body: body, limit: 1000) }
    }
}
