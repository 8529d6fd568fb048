import HTTPTypes
import Hummingbird

/// Adds the security headers to every response: a CSP with no inline script, no framing, no sniffing, a strict
/// referrer policy, HSTS behind TLS, the request id, and no caching of personal pages.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let behindTLS: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A route may set a stricter policy of its own (the photos do).
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Permissions-Policy")!] = "camera=(self), microphone=(self), geolocation=()"
        response.headers[HTTPField.Name("X-Request-ID")!] = context.id
        if behindTLS { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
