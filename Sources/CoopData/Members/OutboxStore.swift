import Foundation
import SQLKit

/// An email waiting to be sent (or already sent), written in the same transaction as the act that causes it.
public struct OutboxMessage: Sendable, Equatable {
    public var id: String
    public var recipient: String
    public var subject: String
    public var body: String
    public var createdAt: Date
    public var sentAt: Date?
}

/// The mail outbox: a table that a delivery job drains, so that no message is lost if the service stops.
public struct OutboxStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Queues a message.
    public func enqueue(recipient: String, subject: String, body: String, now: Date, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "outbox").columns("id", "recipient", "subject", "body", "created_at")
            .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(recipient), SQLBind(subject), SQLBind(body), SQLBind(Clock.milliseconds(now)))
            .run()
    }

    /// The newest messages first.
    public func recent(limit: Int, sql: any SQLDatabase) async throws -> [OutboxMessage] {
        let rows = try await sql.select().column("*").from("outbox").orderBy("created_at", .descending).limit(limit).all()
        return try rows.map { row in
            OutboxMessage(
                id: try row.decode(column: "id", as: String.self), recipient: try row.decode(column: "recipient", as: String.self),
                subject: try row.decode(column: "subject", as: String.self), body: try row.decode(column: "body", as: String.self),
                createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
                sentAt: try row.decode(column: "sent_at", as: Int64?.self).map(Clock.date)
            )
        }
    }
}
