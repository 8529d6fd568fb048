import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird
import NIOCore

/// The context every request carries: its id, the viewer's language, who is signed in, and the CSRF token
/// that forms on the page must send back.
public struct CoopRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address as the socket reports it.
    public let remoteAddress: String?
    /// The language pages and messages are given in.
    public var language: Language = .english
    /// The time zone the signed-in member chose to read times in; nil for the co-op's.
    public var timeZone: IANATimeZone?
    /// The signed-in session, when there is one.
    public var session: SignedInSession?
    /// The actor behind an API bearer token, when the request carries one.
    public var apiActor: Actor?
    /// The token forms must carry back (empty until the session middleware sets it).
    public var csrfToken: String = ""
    /// The path of the page asked for, so the language switcher can come back to it.
    public var path: String = "/"
    /// A new anonymous CSRF cookie value to set on the response.
    public var newCSRFCookie: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = Self.host(of: source.channel.remoteAddress)
    }

    /// Forms are small: a larger body is refused with 413 before it is read whole.
    public var maxUploadSize: Int { 64 * 1024 }

    /// Who is asking: the API token's actor, the session's, or nobody.
    public var actor: Actor { apiActor ?? session?.actor ?? .anonymous }

    /// Where the request came from, for the audit log.
    public var origin: RequestOrigin { RequestOrigin(sourceAddress: remoteAddress, requestID: id) }

    static func host(of address: SocketAddress?) -> String? {
        guard let address else { return nil }
        return address.ipAddress ?? "local"
    }
}
