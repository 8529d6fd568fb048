import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// The mail outbox for coordinators: recent messages with their delivery status, and each message's text. Without a
/// relay configured it is the development outbox: what would be sent.
struct OutboxController {
    static let path = "/outbox"

    let outbox: Outbox
    let mail: MailSettings
    let renderer: PageRenderer

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.path)) { _, context in
            try await listPage(context: context)
        }
        router.get("/outbox/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard id.count <= 64, id.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { throw HTTPError(.notFound) }
            guard let message = try await outbox.message(actor: context.actor, id: id, origin: context.origin) else { throw HTTPError(.notFound) }
            var model = row(message, context: context)
            model["body"] = message.body
            if let attachment = message.attachment { model["attachment"] = "\(attachment.filename) (\(attachment.contentType))" }
            return renderer.render("outbox-message", title: "mail.message_title", model: model, context: context)
        }
    }

    private func listPage(context: CoopRequestContext) async throws -> Response {
        let (messages, counts) = try await outbox.recent(actor: context.actor, limit: 100, origin: context.origin)
        let language = context.language
        let model: [String: Any] = [
            "development": mail.isDevelopment,
            "relay": renderer.catalog.text("mail.relay", language, ["relay": mail.relayDescription ?? "", "from": mail.from]),
            "summary": renderer.catalog.text(
                "mail.summary", language,
                ["queued": String(counts[.queued] ?? 0), "sent": String(counts[.sent] ?? 0), "failed": String(counts[.failed] ?? 0)]
            ),
            "messages": messages.map { row($0, context: context) },
            "hasMessages": !messages.isEmpty,
        ]
        return renderer.render("outbox", title: "mail.title", model: model, context: context)
    }

    private func row(_ message: OutboxMessage, context: CoopRequestContext) -> [String: Any] {
        var row: [String: Any] = [
            "id": message.id, "link": "\(Self.path)/\(message.id)", "recipient": message.recipient, "subject": message.subject,
            "created": renderer.dateTime(message.createdAt, context: context),
            "status": renderer.catalog.text("mail.status_\(message.status.rawValue)", context.language),
            "attempts": message.attempts, "error": message.lastError ?? "",
        ]
        if let sent = message.sentAt { row["sent"] = renderer.dateTime(sent, context: context) }
        if message.status == .queued, message.attempts > 0, let next = message.nextAttemptAt {
            row["next"] = renderer.dateTime(next, context: context)
        }
        return row
    }
}
