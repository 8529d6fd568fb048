import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// Refuses any form post whose `csrf` field does not match the visitor's token, and audits the refusal.
/// The API is exempt: it takes bearer tokens, never cookies.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = CoopRequestContext
    let services: CoopServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head, request.method != .options, !request.uri.path.hasPrefix("/api/") else {
            return try await next(request, context)
        }
        var request = request
        let fields = try await FormFields.read(&request, context: context)
        guard !context.csrfToken.isEmpty, SecretToken.constantTimeEquals(fields["csrf"], context.csrfToken) else {
            let path = String(request.uri.path.prefix(200))
            _ = try await services.database.transaction { sql in
                try await AuditStore().append(
                    AuditEvent(
                        actor: context.actor.memberID?.rawValue, action: .csrfRejected, resourceType: "form",
                        resourceID: path, outcome: .denied
                    ),
                    origin: context.origin, at: services.now(), sql: sql
                )
            }
            throw HTTPError(.forbidden)
        }
        return try await next(request, context)
    }
}
