import CoopDomain
import Foundation
import Hummingbird
import Logging

/// Turns any error into a page (or, under `/api/`, a JSON body) in the viewer's language with the request id.
/// Pages that need a signed-in member send anonymous visitors to sign in instead.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = CoopRequestContext
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return respond(to: error, request: request, context: context)
        }
    }

    /// The response for `error`.
    func respond(to error: any Error, request: Request, context: Context) -> Response {
        var description = ErrorMapping.describe(error)
        let allowed = APIController.methods[request.uri.path]
        if description.status == .notFound, allowed != nil {
            description = ErrorMapping.Description(status: .methodNotAllowed, code: "method-not-allowed", messageKey: "error.method_not_allowed")
        }
        if description.status == .internalServerError {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
        } else {
            context.logger.info("request refused", metadata: ["code": "\(description.code)", "path": "\(request.uri.path)"])
        }
        let isAPI = request.uri.path.hasPrefix("/api/")
        if !isAPI, description.code == "not-signed-in", request.method == .get {
            return .redirect(to: SiteURL.signIn + "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        if !isAPI, description.code == "second-factor-required", request.method == .get {
            return .redirect(to: SiteURL.accountMFA)
        }
        let message = renderer.catalog.text(description.messageKey, context.language, description.values)
        var response: Response
        if isAPI {
            let body: [String: [String: String]] = ["error": ["code": description.code, "message": message, "requestId": context.id]]
            let data = (try? JSONEncoder().encode(body)) ?? Data()
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            response = Response(status: description.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } else {
            response = renderer.render(
                "error", title: "error.title." + String(description.status.code),
                model: ["status": description.status.code, "message": message], status: description.status, context: context
            )
        }
        if let retryAfter = description.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if description.status == .methodNotAllowed, let allowed { response.headers[.allow] = allowed.joined(separator: ", ") }
        return response
    }
}
