import CoopDomain
import Crypto
import Foundation
import SQLKit

/// Where an audited request came from.
public struct RequestOrigin: Sendable, Equatable {
    /// The client's network address.
    public var sourceAddress: String?
    /// The request id that also appears in the logs and on error pages.
    public var requestID: String?

    /// Creates an origin.
    public init(sourceAddress: String?, requestID: String?) {
        self.sourceAddress = sourceAddress
        self.requestID = requestID
    }

    /// An act from the command line or the service itself.
    public static let system = RequestOrigin(sourceAddress: nil, requestID: nil)
}

/// The append-only, hash-chained audit log.
public struct AuditStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Appends an entry inside the caller's transaction, so it commits or rolls back with the change it records.
    @discardableResult
    public func append(_ event: AuditEvent, origin: RequestOrigin, at date: Date = Date(), sql: any SQLDatabase) async throws -> AuditEntry {
        // Taking the next number locks the chain head until this transaction ends.
        guard let head = try await sql.raw("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").first() else {
            throw DatabaseError.notMigrated
        }
        let sequence = try head.decode(column: "seq", as: Int64.self)
        let previous = try head.decode(column: "hash", as: String.self)
        let entry = AuditEntry(
            sequence: sequence, at: Clock.date(Clock.milliseconds(date)), actor: event.actor, onBehalfOf: event.onBehalfOf,
            client: event.client, action: event.action, resourceType: event.resourceType, resourceID: event.resourceID,
            outcome: event.outcome, sourceAddress: origin.sourceAddress, requestID: origin.requestID,
            detail: event.detail.map { Self.clip($0) }, previousHash: previous
        )
        let hash = Self.hash(of: entry)
        // Plain SQL text: every clinical read and write comes through here, and SQLKit's builders spend more time
        // quoting identifiers than the database spends on the insert.
        let insert: SQLQueryString = """
            INSERT INTO audit_log (seq, at, actor, on_behalf_of, client, action, resource_type, resource_id, outcome, source_address, \
            request_id, detail, prev_hash, hash) VALUES (\(bind: entry.sequence), \(bind: entry.atMilliseconds), \(bind: entry.actor), \
            \(bind: entry.onBehalfOf), \(bind: entry.client), \(bind: entry.action.rawValue), \(bind: entry.resourceType), \
            \(bind: entry.resourceID), \(bind: entry.outcome.rawValue), \(bind: entry.sourceAddress), \(bind: entry.requestID), \
            \(bind: entry.detail), \(bind: entry.previousHash), \(bind: hash))
            """
        // The trigger of `M012AuditHead` sets the head's hash to this entry's.
        try await sql.raw(insert).run()
        return entry
    }

    /// The hex SHA-256 of an entry's canonical bytes.
    public static func hash(of entry: AuditEntry) -> String {
        SecretToken.hex(SHA256.hash(data: entry.canonicalBytes))
    }

    /// The newest entries first, optionally for one client or actor.
    public func recent(limit: Int, sql: any SQLDatabase) async throws -> [AuditEntry] {
        let rows = try await sql.select().column("*").from("audit_log").orderBy("seq", .descending).limit(limit).all()
        return try rows.map { try Self.entry(from: $0).entry }
    }

    /// The number of entries.
    public func count(sql: any SQLDatabase) async throws -> Int64 {
        let row = try await sql.raw("SELECT count(*) AS n FROM audit_log").first()
        return try row?.decode(column: "n", as: Int64.self) ?? 0
    }

    /// Walks the whole chain in order, recomputing each hash; returns the first entry that does not match.
    public func verify(sql: any SQLDatabase, pageSize: Int = 5000) async throws -> AuditVerification {
        var expectedPrevious = ""
        var expectedSequence: Int64 = 1
        var checked: Int64 = 0
        while true {
            let rows = try await sql.select().column("*").from("audit_log")
                .where("seq", .greaterThanOrEqual, expectedSequence).orderBy("seq", .ascending).limit(pageSize).all()
            if rows.isEmpty { break }
            for row in rows {
                let (entry, storedHash) = try Self.entry(from: row)
                if entry.sequence != expectedSequence {
                    return .broken(sequence: expectedSequence, reason: .missing, checked: checked)
                }
                if entry.previousHash != expectedPrevious {
                    return .broken(sequence: entry.sequence, reason: .previousHashMismatch, checked: checked)
                }
                if Self.hash(of: entry) != storedHash {
                    return .broken(sequence: entry.sequence, reason: .contentChanged, checked: checked)
                }
                expectedPrevious = storedHash
                expectedSequence += 1
                checked += 1
            }
        }
        let head = try await sql.select().columns("seq", "hash").from("audit_head").where("id", .equal, 1).first()
        if let head, try head.decode(column: "seq", as: Int64.self) != checked || head.decode(column: "hash", as: String.self) != expectedPrevious {
            return .broken(sequence: checked + 1, reason: .truncated, checked: checked)
        }
        return .intact(entries: checked)
    }

    private static func clip(_ text: String) -> String {
        // Keep details short and on one line (ASVS 16.4.1: no log injection).
        let oneLine = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return String(oneLine.prefix(500))
    }

    private static func entry(from row: any SQLRow) throws -> (entry: AuditEntry, hash: String) {
        let entry = AuditEntry(
            sequence: try row.decode(column: "seq", as: Int64.self),
            at: Clock.date(try row.decode(column: "at", as: Int64.self)),
            actor: try row.decode(column: "actor", as: String?.self),
            onBehalfOf: try row.decode(column: "on_behalf_of", as: String?.self),
            client: try row.decode(column: "client", as: String?.self),
            action: AuditAction(rawValue: try row.decode(column: "action", as: String.self)) ?? .read,
            resourceType: try row.decode(column: "resource_type", as: String.self),
            resourceID: try row.decode(column: "resource_id", as: String?.self),
            outcome: AuditOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .failure,
            sourceAddress: try row.decode(column: "source_address", as: String?.self),
            requestID: try row.decode(column: "request_id", as: String?.self),
            detail: try row.decode(column: "detail", as: String?.self),
            previousHash: try row.decode(column: "prev_hash", as: String.self)
        )
        return (entry, try row.decode(column: "hash", as: String.self))
    }
}

/// The result of recomputing the audit chain.
public enum AuditVerification: Sendable, Equatable {
    /// Why an entry breaks the chain.
    public enum Reason: String, Sendable {
        case missing = "missing"
        case previousHashMismatch = "previous-hash-mismatch"
        case contentChanged = "content-changed"
        case truncated = "truncated"
    }

    case intact(entries: Int64)
    case broken(sequence: Int64, reason: Reason, checked: Int64)
}
