import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// The JSON API under `/api/v1`, described by `openapi.yaml`. Clients authenticate with a personal API token
/// (`Authorization: Bearer cc_…`); errors come back as `{"error": {"code", "message", "requestId"}}`.
struct APIController {
    let directory: MemberDirectory
    let auditLog: AuditLog
    let document: ByteBuffer

    /// A member as the API shows it.
    struct MemberDTO: ResponseEncodable {
        var id: String
        var email: String
        var displayName: String
        var roles: [String]
        var status: String
        var language: String
        var mfaEnabled: Bool

        init(_ member: Member) {
            id = member.id.rawValue
            email = member.email.value
            displayName = member.displayName.value
            roles = member.roles.sorted().map(\.rawValue)
            status = member.status.rawValue
            language = member.language.rawValue
            mfaEnabled = member.mfaEnabled
        }
    }

    /// The member list.
    struct MemberList: ResponseEncodable {
        var members: [MemberDTO]
    }

    /// The result of checking the audit chain.
    struct AuditVerificationDTO: ResponseEncodable {
        var intact: Bool
        var entries: Int64
        var brokenAt: Int64?
        var reason: String?
    }

    /// Every API path and the methods it answers, for 405 answers with an `Allow` header.
    static let methods: [String: [String]] = [
        "/api/v1/openapi.yaml": ["GET"], "/api/v1/me": ["GET"], "/api/v1/members": ["GET"], "/api/v1/audit/verification": ["GET"],
        "/api/v1/therapists/search": ["GET"],
    ]

    func addRoutes(to router: Router<CoopRequestContext>) {
        let api = router.group("api/v1")
        api.get("openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: document))
        }
        api.get("me") { _, context -> MemberDTO in
            try requireToken(context)
            let members = try await directory.ownRecord(actor: context.actor, origin: context.origin)
            return MemberDTO(members)
        }
        api.get("members") { _, context -> MemberList in
            try requireToken(context)
            return MemberList(members: try await directory.list(actor: context.actor, origin: context.origin).map(MemberDTO.init))
        }
        api.get("audit/verification") { _, context -> AuditVerificationDTO in
            try requireToken(context)
            switch try await auditLog.verify(actor: context.actor, origin: context.origin) {
            case .intact(let entries): return AuditVerificationDTO(intact: true, entries: entries)
            case .broken(let sequence, let reason, let checked):
                return AuditVerificationDTO(intact: false, entries: checked, brokenAt: sequence, reason: reason.rawValue)
            }
        }
    }

    private func requireToken(_ context: CoopRequestContext) throws {
        guard context.apiActor != nil else { throw AccessDenied(.notSignedIn) }
    }
}
