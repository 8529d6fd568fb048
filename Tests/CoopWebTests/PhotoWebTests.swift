import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

extension TestClientProtocol {
    /// Posts a multipart form as `browser`, its CSRF token first unless `csrf` says otherwise.
    func postMultipart(_ uri: String, _ items: [Multipart.Item], as browser: Browser, csrf: String? = nil) async throws -> TestResponse {
        var headers = browser.headers
        headers[.contentType] = Multipart.contentType
        let body = Multipart.body([.field("csrf", csrf ?? browser.csrf)] + items)
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}

/// Profile photos through HTTP: upload, serve with ETag and 304, show in the directory, refuse bad files without
/// changing anything, and keep other clinicians out.
@Suite struct PhotoWebTests {
    static let now = CareTestData.monday

    func browser(_ services: CoopServices, for id: MemberID) async throws -> Browser {
        let (token, record) = try await services.database.transaction { sql in
            try await SessionStore().create(memberID: id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
        }
        return Browser(cookie: "coopcare_session=\(token)", csrf: record.csrfToken, member: nil)
    }

    func stored(_ services: CoopServices, _ id: MemberID) async throws -> StoredPhoto? {
        try await services.database.read { sql in try await PhotoStore().find(id, sql: sql) }
    }

    /// A real, decodable PNG (stored deflate) of `width`×`height`, with a tEXt chunk naming a place after IHDR.
    static func png(width: Int = 120, height: Int = 90, shade: UInt8 = 40) -> [UInt8] {
        let plain = PNGImage.encode(width: width, height: height) { x, y in (shade, UInt8(x % 256), UInt8(y % 256)) }
        let text = ImageChunk.make("tEXt", Array("Location\u{0}12 Hidden Lane".utf8))
        var bytes: [UInt8] = Array(plain[0..<33])
        bytes += text
        bytes += plain[33...]
        return bytes
    }

    static func file(_ bytes: [UInt8], filename: String = "me.png", type: String = "image/png") -> Multipart.Item {
        .file(name: "photo", filename: filename, type: type, bytes: bytes)
    }

    @Test func uploadServeWithETagAnd304AndShowInTheDirectory() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Photo", states: [.CA])
            let other = try await CareTestData.therapist(services.database, name: "Sam Nophoto", states: [.CA])
            let me = try await browser(services, for: therapist.id)
            let page = try await client.get("/account/profile", as: me)
            #expect(page.text.contains("enctype=\"multipart/form-data\""))
            #expect(page.text.contains("No photo yet."))
            let absent = try await client.execute(uri: "/therapists/\(therapist.id.rawValue)/photo", method: .get)
            #expect(absent.status == .notFound)
            #expect(absent.text.contains("This therapist has no photo."))

            let upload = try await client.postMultipart("/account/profile/photo", [.field("therapist", ""), Self.file(Self.png())], as: me)
            #expect(upload.status == .seeOther)
            #expect(upload.headers[.location] == "/account/profile?done=saved")
            let photo = try #require(try await stored(services, therapist.id))
            #expect(photo.format == .png && photo.summary.width == 120 && photo.summary.height == 90)
            #expect(!String(decoding: photo.bytes, as: UTF8.self).contains("Hidden Lane"))

            let served = try await client.execute(uri: "/therapists/\(therapist.id.rawValue)/photo", method: .get)
            #expect(served.status == .ok)
            #expect(served.headers[.contentType] == "image/png")
            #expect(served.headers[.xContentTypeOptions] == "nosniff")
            #expect(served.headers[.eTag] == "\"\(photo.summary.sha256)\"")
            #expect(served.headers[.cacheControl]?.hasPrefix("public, max-age=") == true)
            #expect(served.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(served.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
            #expect(served.headers[values: .setCookie].isEmpty, "a publicly cacheable response sets no cookie")
            #expect(Array(served.body.readableBytesView) == Array(photo.bytes))
            #expect(PhotoStore.sha256(Array(served.body.readableBytesView)) == photo.summary.sha256)

            var conditional = HTTPFields()
            conditional[.ifNoneMatch] = "\"other\", \"\(photo.summary.sha256)\""
            let again = try await client.execute(uri: "/therapists/\(therapist.id.rawValue)/photo", method: .get, headers: conditional)
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(again.headers[.eTag] == "\"\(photo.summary.sha256)\"")
            conditional[.ifNoneMatch] = "\"stale\""
            #expect(try await client.execute(uri: "/therapists/\(therapist.id.rawValue)/photo", method: .get, headers: conditional).status == .ok)

            let directory = try await client.execute(uri: "/therapists?state=CA", method: .get).text
            #expect(directory.contains("src=\"/therapists/\(therapist.id.rawValue)/photo?v="))
            #expect(directory.contains("alt=\"Photo of Robin Photo\" width=\"96\" height=\"72\""))
            #expect(directory.contains("Sam Nophoto"))
            #expect(!directory.contains("/therapists/\(other.id.rawValue)/photo"))
            var spanish = HTTPFields()
            spanish[.acceptLanguage] = "es"
            let profile = try await client.execute(uri: "/therapists/\(therapist.id.rawValue)", method: .get, headers: spanish).text
            #expect(profile.contains("alt=\"Foto de Robin Photo\" width=\"200\" height=\"150\""))
            #expect(!(try await client.execute(uri: "/therapists/\(other.id.rawValue)", method: .get).text.contains("<img")))

            let api = try await client.execute(uri: "/api/v1/therapists/search?state=CA", method: .get)
            let results = try #require((try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? [String: Any])?["results"] as? [[String: Any]])
            let mine = try #require(results.first { $0["id"] as? String == therapist.id.rawValue })
            let theirs = try #require(results.first { $0["id"] as? String == other.id.rawValue })
            #expect(mine["photo"] as? String == "/therapists/\(therapist.id.rawValue)/photo")
            #expect(theirs.keys.contains("photo") && theirs["photo"] is NSNull)
            let entries = try await services.database.read { sql in try await AuditStore().recent(limit: 10, sql: sql) }
            #expect(entries.contains { $0.resourceType == "therapist-photo" && $0.action == .update && $0.resourceID == therapist.id.rawValue && $0.outcome == .success })
        }
    }

    @Test func aReplacementChangesTheETagAndRemovingGives404() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Replace", states: [.CA])
            let me = try await browser(services, for: therapist.id)
            #expect(try await client.postMultipart("/account/profile/photo", [Self.file(Self.png(shade: 1))], as: me).status == .seeOther)
            let first = try #require(try await stored(services, therapist.id))
            let jpeg = JPEGImage.baseline(width: 300, height: 300)
            #expect(try await client.postMultipart("/account/profile/photo", [Self.file(jpeg, filename: "new.jpg", type: "image/jpeg")], as: me).status == .seeOther)
            let second = try #require(try await stored(services, therapist.id))
            #expect(second.format == .jpeg && second.summary.sha256 != first.summary.sha256)
            #expect(second.summary.updatedAt > first.summary.updatedAt)
            let served = try await client.execute(uri: "/therapists/\(therapist.id.rawValue)/photo", method: .get)
            #expect(served.headers[.contentType] == "image/jpeg")
            #expect(served.headers[.eTag] == "\"\(second.summary.sha256)\"")
            #expect(try await client.get("/account/profile", as: me).text.contains("Remove photo"))
            #expect(try await client.post("/account/profile/photo/remove", [("therapist", "")], as: me).status == .seeOther)
            #expect(try await stored(services, therapist.id) == nil)
            #expect(try await client.execute(uri: "/therapists/\(therapist.id.rawValue)/photo", method: .get).status == .notFound)
            let again = try await client.post("/account/profile/photo/remove", [("therapist", "")], as: me)
            #expect(again.status == .notFound)
        }
    }

    static let gif: [UInt8] = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 64)
    static let small: [UInt8] = PNGImage.encode(width: 40, height: 40) { _, _ in (0, 0, 0) }
    static let wide: [UInt8] = JPEGImage.baseline(width: 5000, height: 100)
    static let cut: [UInt8] = Array(png().dropLast(20))
    static let big: [UInt8] = [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 1, count: 2 * 1024 * 1024)
    static let badUploads: [(String, [Multipart.Item], HTTPResponse.Status, String)] = [
        ("a GIF named .png", [file(gif)], .unsupportedMediaType, "not a JPEG or PNG image"),
        ("too small", [file(small)], .badRequest, "it must be at least 64×64"),
        ("too large dimensions", [file(wide, filename: "x.jpg", type: "image/jpeg")], .badRequest, "it may be at most 4096×4096"),
        ("damaged", [file(cut)], .badRequest, "damaged or incomplete"),
        ("over 2 MB", [file(big)], .contentTooLarge, "larger than 2 MB"),
        ("no file chosen", [file([], filename: "", type: "application/octet-stream")], .badRequest, "Choose a photo file"),
        ("two files", [file(png()), file(png(shade: 9))], .badRequest, "one photo at a time"),
    ]

    /// Each bad upload re-shows the page with a message naming the problem and leaves the old photo as it was.
    @Test(arguments: badUploads)
    func aBadUploadLeavesTheOldPhoto(name: String, items: [Multipart.Item], status: HTTPResponse.Status, message: String) async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Keeps", states: [.CA])
            let me = try await browser(services, for: therapist.id)
            #expect(try await client.postMultipart("/account/profile/photo", [Self.file(Self.png())], as: me).status == .seeOther)
            let before = try #require(try await stored(services, therapist.id))
            let response = try await client.postMultipart("/account/profile/photo", items, as: me)
            #expect(response.status == status, "\(name)")
            #expect(response.text.contains(message), "\(name)")
            #expect(response.text.contains("id=\"photo-file\""), "\(name): the page is shown again")
            #expect(try await stored(services, therapist.id) == before, "\(name)")
        }
    }

    @Test func aSpanishViewerReadsTheRefusalInSpanish() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Habla", states: [.CA])
            let coordinator = try await Browser.member(services, roles: [.coordinator], language: .spanish)
            let response = try await client.postMultipart(
                "/account/profile/photo", [.field("therapist", therapist.id.rawValue), Self.file(Array("not an image".utf8))], as: coordinator
            )
            #expect(response.status == .unsupportedMediaType)
            #expect(response.text.contains("no es una imagen JPEG ni PNG"))
            #expect(try await stored(services, therapist.id) == nil)
        }
    }

    @Test func anotherClinicianCannotChangeSomeoneElsesPhotoButACoordinatorCan() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let owner = try await CareTestData.therapist(services.database, name: "Robin Owner", states: [.CA])
            let intruder = try await CareTestData.therapist(services.database, name: "Sam Intruder", states: [.CA])
            let ownerBrowser = try await browser(services, for: owner.id)
            #expect(try await client.postMultipart("/account/profile/photo", [Self.file(Self.png())], as: ownerBrowser).status == .seeOther)
            let before = try #require(try await stored(services, owner.id))
            let them = try await browser(services, for: intruder.id)
            let replaced = try await client.postMultipart("/account/profile/photo", [.field("therapist", owner.id.rawValue), Self.file(Self.png(shade: 200))], as: them)
            #expect(replaced.status == .forbidden)
            let removed = try await client.post("/account/profile/photo/remove", [("therapist", owner.id.rawValue)], as: them)
            #expect(removed.status == .forbidden)
            #expect(try await stored(services, owner.id) == before)
            let entries = try await services.database.read { sql in try await AuditStore().recent(limit: 10, sql: sql) }
            #expect(entries.filter { $0.action == .accessDenied && $0.resourceType == "therapist-photo" && $0.actor == intruder.id.rawValue }.count == 2)

            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let done = try await client.postMultipart(
                "/account/profile/photo", [.field("therapist", owner.id.rawValue), Self.file(Self.png(shade: 200))], as: coordinator
            )
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/account/profile?done=saved&therapist=\(owner.id.rawValue)")
            #expect(try await stored(services, owner.id)?.summary.sha256 != before.summary.sha256)
        }
    }

    @Test func theFormNeedsItsCSRFTokenAndABodyOverTheCapIsRefusedUnread() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Guarded", states: [.CA])
            let me = try await browser(services, for: therapist.id)
            let forged = try await client.postMultipart("/account/profile/photo", [Self.file(Self.png())], as: me, csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await stored(services, therapist.id) == nil)
            let huge = try await client.postMultipart("/account/profile/photo", [Self.file([UInt8](repeating: 0, count: 3 * 1024 * 1024))], as: me)
            #expect(huge.status == .contentTooLarge)
            #expect(huge.text.contains("larger than 2 MB"))
            // Elsewhere a multipart body is held to the ordinary form limit.
            let elsewhere = try await client.postMultipart("/account/profile", [Self.file([UInt8](repeating: 0, count: 100 * 1024))], as: me)
            #expect(elsewhere.status == .contentTooLarge)
            #expect(try await stored(services, therapist.id) == nil)
        }
    }
}

extension Multipart.Item: CustomTestStringConvertible {
    var testDescription: String {
        switch self {
        case .field(let name, _): "field \(name)"
        case .file(_, let filename, _, let bytes): "file \(filename) (\(bytes.count) bytes)"
        }
    }
}

/// A PNG chunk written here with the test's own CRC.
enum ImageChunk {
    static func make(_ type: String, _ data: [UInt8]) -> [UInt8] {
        var typed: [UInt8] = Array(type.utf8)
        typed += data
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in typed {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 0 ? 0 : 0xEDB8_8320) }
        }
        crc = ~crc
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        var bytes: [UInt8] = be(UInt32(data.count))
        bytes += typed
        bytes += be(crc)
        return bytes
    }
}
