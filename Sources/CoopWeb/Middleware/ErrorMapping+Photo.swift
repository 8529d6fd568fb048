import CoopDomain
import Foundation
import Hummingbird

extension ErrorMapping {
    /// Refused profile photos: each names the problem.
    static func describePhoto(_ error: PhotoError) -> Description {
        func bad(_ key: String, _ status: HTTPResponse.Status = .badRequest, _ values: [String: String] = [:]) -> Description {
            Description(status: status, code: "invalid-photo", messageKey: "photo.error." + key, values: values)
        }
        switch error {
        case .tooLarge(let maximum): return bad("too_large", .contentTooLarge, ["max": "\(maximum / (1024 * 1024)) MB"])
        case .notJPEGOrPNG: return bad("not_image", .unsupportedMediaType)
        case .dimensionsTooSmall(let width, let height, let minimum):
            return bad("too_small", .badRequest, ["width": String(width), "height": String(height), "min": String(minimum)])
        case .dimensionsTooLarge(let width, let height, let maximum):
            return bad("too_big", .badRequest, ["width": String(width), "height": String(height), "max": String(maximum)])
        case .damaged: return bad("damaged")
        case .noFile: return bad("no_file")
        case .severalFiles: return bad("several_files")
        case .notFound: return Description(status: .notFound, code: "photo-not-found", messageKey: "photo.error.not_found")
        }
    }

    /// A `multipart/form-data` body that could not be read, or was over the limit.
    static func describeMultipart(_ error: MultipartError) -> Description {
        switch error {
        case .tooLarge: Description(status: .contentTooLarge, code: "too-large", messageKey: "error.too_large")
        case .missingBoundary, .malformed, .tooManyParts: Description(status: .badRequest, code: "bad-request", messageKey: "photo.error.malformed")
        }
    }
}
