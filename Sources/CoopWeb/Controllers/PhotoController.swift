import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// Profile photos: the upload and remove forms on `/account/profile` (the therapist's own, or any therapist's for a
/// coordinator) and the public `GET /therapists/{id}/photo`.
struct PhotoController {
    let care: CareController

    static let uploadPath = "/account/profile/photo"
    static let removePath = "/account/profile/photo/remove"
    /// How long browsers and caches may keep a photo before asking again (with its ETag).
    static let maxAge = 300

    static func photoURL(_ id: MemberID) -> String { "/therapists/\(id.rawValue)/photo" }

    init(care: CareAccess, renderer: PageRenderer) {
        self.care = CareController(care: care, renderer: renderer)
    }

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get("/therapists/:id/photo") { request, context in
            guard let id = MemberID(rawValue: try context.parameters.require("id")) else { throw PhotoError.notFound }
            let photo = try await care.care.photo(id, actor: context.actor, origin: context.origin)
            return Self.serve(photo, ifNoneMatch: request.headers[values: .ifNoneMatch])
        }
        router.post(RouterPath(stringLiteral: Self.uploadPath)) { request, context in
            var request = request
            let form = try await MultipartForm.read(&request, context: context)
            let fields = form.fields
            let target = try CareController.profileTarget(fields["therapist"])
            guard let id = target ?? context.actor.memberID else { throw AccessDenied(.notSignedIn) }
            do {
                // A file input left empty still sends a part, without a name or bytes.
                let files = form.files.filter { !($0.filename ?? "").isEmpty || !$0.body.isEmpty }
                guard !files.isEmpty else { throw PhotoError.noFile }
                guard files.count == 1 else { throw PhotoError.severalFiles }
                try await care.care.uploadPhoto(files[0].body, therapist: id, actor: context.actor, origin: context.origin)
                return Self.done(target)
            } catch let error as PhotoError {
                return try await care.profilePage(therapist: target, saved: false, context: context, formName: "/photo", error: error)
            }
        }
        router.post(RouterPath(stringLiteral: Self.removePath)) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let target = try CareController.profileTarget(form["therapist"])
            guard let id = target ?? context.actor.memberID else { throw AccessDenied(.notSignedIn) }
            do {
                try await care.care.removePhoto(therapist: id, actor: context.actor, origin: context.origin)
                return Self.done(target)
            } catch let error as PhotoError {
                return try await care.profilePage(therapist: target, saved: false, context: context, formName: "/photo", error: error)
            }
        }
    }

    static func done(_ target: MemberID?) -> Response {
        Response.redirect(to: CareController.profilePath + "?done=saved" + (target.map { "&therapist=" + $0.rawValue } ?? ""))
    }

    /// The image with its strong ETag, or 304 when the browser already holds this version.
    static func serve(_ photo: StoredPhoto, ifNoneMatch: [String]) -> Response {
        let etag = "\"" + photo.summary.sha256 + "\""
        var headers = HTTPFields()
        headers[.eTag] = etag
        headers[.cacheControl] = "public, max-age=\(maxAge)"
        // An image and nothing else: no scripts, no plug-ins, no framing, even if opened on its own.
        headers[.contentSecurityPolicy] = "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.lastModified] = Date.httpDate(photo.summary.updatedAt)
        if matches(etag, ifNoneMatch) { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = photo.format.contentType
        headers[.contentDisposition] = "inline"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: photo.bytes)))
    }

    /// Whether an `If-None-Match` header (a list, `*`, weak or strong tags) names `etag` (weak comparison, RFC 9110 §13.1.2).
    static func matches(_ etag: String, _ headers: [String]) -> Bool {
        for header in headers {
            for item in header.split(separator: ",") {
                var tag = item.trimmingCharacters(in: .whitespaces)
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                if tag == etag { return true }
            }
        }
        return false
    }

    /// The `<img>` attributes for a photo in a box of `box` pixels, or nil (nothing shown) without one.
    static func image(_ summary: PhotoSummary?, name: String, box: Int, catalog: Catalog, language: Language) -> [String: Any]? {
        guard let summary else { return nil }
        let size = ProfilePhoto.fitting(width: summary.width, height: summary.height, box: box)
        return [
            "src": photoURL(summary.therapist) + "?v=" + String(summary.sha256.prefix(12)), "alt": catalog.text("photo.alt", language, ["name": name]),
            "width": size.width, "height": size.height,
        ]
    }

    /// The photo section of the profile page.
    func profileModel(_ therapist: MemberID, name: String, context: CoopRequestContext) async throws -> [String: Any] {
        let summary = try await care.care.photoSummaries([therapist])[therapist]
        var model: [String: Any] = [
            "photoLimits": care.renderer.catalog.text(
                "photo.hint", context.language,
                ["max": "2 MB", "min": String(ProfilePhoto.minimumSide), "largest": String(ProfilePhoto.maximumSide)]
            )
        ]
        if let image = Self.image(summary, name: name, box: 160, catalog: care.renderer.catalog, language: context.language) { model["photo"] = image }
        return model
    }
}

extension Date {
    /// An IMF-fixdate for HTTP headers ("Sun, 06 Nov 1994 08:49:37 GMT").
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
