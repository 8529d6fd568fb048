import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// The audit log page for coordinators: the newest entries and a check of the whole chain.
struct AuditController {
    let auditLog: AuditLog
    let renderer: PageRenderer

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteURL.audit)) { _, context in
            try await page(context: context, verification: nil)
        }
        router.post(RouterPath(stringLiteral: SiteURL.auditVerify)) { _, context in
            let verification = try await auditLog.verify(actor: context.actor, origin: context.origin)
            return try await page(context: context, verification: verification)
        }
    }

    private func page(context: CoopRequestContext, verification: AuditVerification?) async throws -> Response {
        let entries = try await auditLog.recent(actor: context.actor, limit: 100, origin: context.origin)
        var model: [String: Any] = [
            "entries": entries.map { entry -> [String: Any] in
                [
                    "seq": entry.sequence, "at": renderer.dateTime(entry.at, context: context), "actor": entry.actor ?? "—",
                    "action": entry.action.rawValue, "resource": entry.resourceType + (entry.resourceID.map { " " + $0 } ?? ""),
                    "outcome": entry.outcome.rawValue, "source": entry.sourceAddress ?? "—", "detail": entry.detail ?? "",
                ]
            }
        ]
        switch verification {
        case .intact(let count):
            model["verification"] = renderer.catalog.text("audit.intact", context.language, ["count": String(count)])
        case .broken(let sequence, let reason, _):
            model["verification"] = renderer.catalog.text("audit.broken", context.language, ["seq": String(sequence), "reason": reason.rawValue])
            model["broken"] = true
        case nil:
            break
        }
        return renderer.render("audit", title: "audit.title", model: model, context: context)
    }
}
