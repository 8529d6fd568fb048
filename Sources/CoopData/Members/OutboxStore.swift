import CoopDomain
import Foundation
import SQLKit

/// An email waiting to be sent (or already sent, or given up), written in the same transaction as the act that causes it.
public struct OutboxMessage: Sendable, Equatable {
    public var id: String
    public var recipient: String
    public var subject: String
    public var body: String
    public var createdAt: Date
    public var sentAt: Date?
    /// Queued, sent or failed.
    public var status: OutboxStatus = .queued
    /// Tries so far.
    public var attempts: Int = 0
    /// When it may be tried (again).
    public var nextAttemptAt: Date?
    /// A short reason for the last failed try (an SMTP reply or a connection problem), never a secret.
    public var lastError: String?
    /// A file sent with it (a calendar invitation), or nil.
    public var attachment: MailAttachment?
}

/// The mail outbox: a table that a delivery job drains, so that no message is lost if the service stops.
/// Deliverers claim messages with a lease (`claimed_until`) in one statement, so two instances never send the same one.
public struct OutboxStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Queues a message; with `notBefore`, delivery waits until then; with `attachment`, the file goes with it.
    public func enqueue(
        recipient: String, subject: String, body: String, now: Date, notBefore: Date? = nil, attachment: MailAttachment? = nil, sql: any SQLDatabase
    ) async throws {
        var columns = ["id", "recipient", "subject", "body", "created_at", "status", "next_attempt_at"]
        var values: [any SQLExpression] = [
            SQLBind(UUID().uuidString.lowercased()), SQLBind(recipient), SQLBind(subject), SQLBind(body), SQLBind(Clock.milliseconds(now)),
            SQLBind(OutboxStatus.queued.rawValue), SQLBind(Clock.milliseconds(max(now, notBefore ?? now))),
        ]
        // Only a message with a file names the columns M017 added.
        if let attachment {
            columns += ["attachment_name", "attachment_type", "attachment"]
            values += [SQLBind(attachment.filename), SQLBind(attachment.contentType), SQLBind(attachment.content)]
        }
        try await sql.insert(into: "outbox").columns(columns).values(values).run()
    }

    /// The newest messages first.
    public func recent(limit: Int, sql: any SQLDatabase) async throws -> [OutboxMessage] {
        let rows = try await sql.select().column("*").from("outbox").orderBy("created_at", .descending).orderBy("id").limit(limit).all()
        return try rows.map(Self.message)
    }

    /// One message, or nil.
    public func find(_ id: String, sql: any SQLDatabase) async throws -> OutboxMessage? {
        try await sql.select().column("*").from("outbox").where("id", .equal, SQLBind(id)).first().map(Self.message)
    }

    /// How many messages are in each status.
    public func counts(sql: any SQLDatabase) async throws -> [OutboxStatus: Int] {
        let rows = try await sql.raw("SELECT status, count(*) AS n FROM outbox GROUP BY status").all()
        var counts: [OutboxStatus: Int] = [:]
        for row in rows {
            if let status = OutboxStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// Claims up to `limit` queued messages that are due and not leased by anyone, oldest first, for `claimer` until
    /// `until`. One UPDATE … RETURNING: on PostgreSQL a concurrent claimer waits for the row lock, then re-checks the
    /// lease and skips the row; SQLite has a single writer.
    public func claimDue(now: Date, until: Date, limit: Int, claimer: String, sql: any SQLDatabase) async throws -> [OutboxMessage] {
        let at = Clock.milliseconds(now)
        let queued = OutboxStatus.queued.rawValue
        let rows = try await sql.raw(
            """
            UPDATE outbox SET claimed_by = \(bind: claimer), claimed_until = \(bind: Clock.milliseconds(until))
            WHERE status = \(bind: queued) AND next_attempt_at <= \(bind: at) AND (claimed_until IS NULL OR claimed_until < \(bind: at))
            AND id IN (SELECT id FROM outbox WHERE status = \(bind: queued) AND next_attempt_at <= \(bind: at)
                AND (claimed_until IS NULL OR claimed_until < \(bind: at)) ORDER BY created_at, id LIMIT \(bind: limit))
            RETURNING *
            """
        ).all()
        return try rows.map(Self.message).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// Records that `claimer` sent the message; ends the lease.
    public func markSent(_ id: String, claimer: String, now: Date, sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE outbox SET status = \(bind: OutboxStatus.sent.rawValue), sent_at = \(bind: Clock.milliseconds(now)),
            attempts = attempts + 1, last_error = NULL, claimed_until = NULL, claimed_by = NULL
            WHERE id = \(bind: id) AND claimed_by = \(bind: claimer)
            """
        ).run()
    }

    /// Records a failed try by `claimer`: queued again for `retryAt`, or failed for good when it is nil; ends the lease.
    public func markFailed(_ id: String, claimer: String, error: String, retryAt: Date?, now: Date, sql: any SQLDatabase) async throws {
        let status = retryAt == nil ? OutboxStatus.failed : .queued
        try await sql.raw(
            """
            UPDATE outbox SET status = \(bind: status.rawValue), attempts = attempts + 1, last_error = \(bind: String(error.prefix(200))),
            next_attempt_at = \(bind: Clock.milliseconds(retryAt ?? now)), claimed_until = NULL, claimed_by = NULL
            WHERE id = \(bind: id) AND claimed_by = \(bind: claimer)
            """
        ).run()
    }

    static func message(_ row: any SQLRow) throws -> OutboxMessage {
        OutboxMessage(
            id: try row.decode(column: "id", as: String.self), recipient: try row.decode(column: "recipient", as: String.self),
            subject: try row.decode(column: "subject", as: String.self), body: try row.decode(column: "body", as: String.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            sentAt: try row.decode(column: "sent_at", as: Int64?.self).map(Clock.date),
            status: OutboxStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .queued,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64?.self).map(Clock.date),
            lastError: try row.decode(column: "last_error", as: String?.self),
            attachment: try Self.attachment(row)
        )
    }

    /// The file stored with a message, when there is one (and the columns exist: rows read before M017 have none).
    static func attachment(_ row: any SQLRow) throws -> MailAttachment? {
        guard row.contains(column: "attachment"), let content = try row.decode(column: "attachment", as: String?.self) else { return nil }
        return MailAttachment(
            filename: try row.decode(column: "attachment_name", as: String?.self) ?? "attachment",
            contentType: try row.decode(column: "attachment_type", as: String?.self) ?? "application/octet-stream", content: content
        )
    }
}
