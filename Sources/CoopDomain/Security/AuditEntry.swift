import Foundation

/// The kind of act an audit entry records (ASTM E2147 action types plus security events).
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case create, read, update, delete, query, export, disclose
    case signIn = "sign-in"
    case signOut = "sign-out"
    case secondFactor = "second-factor"
    case accessDenied = "access-denied"
    case csrfRejected = "csrf-rejected"
    case keyRotation = "key-rotation"
    case backup
    case restore
}

/// Whether the recorded act succeeded.
public enum AuditOutcome: String, Sendable, Codable {
    case success
    case failure
    case denied
}

/// One record of the append-only audit log (DOMAIN.md §6.7). `previousHash` chains it to the entry before.
public struct AuditEntry: Sendable, Equatable {
    /// Position in the chain, from 1.
    public var sequence: Int64
    /// When it happened, UTC, millisecond precision.
    public var at: Date
    /// Who acted (member id), nil for an anonymous visitor or the system.
    public var actor: String?
    /// On whose behalf, when someone acts for another person.
    public var onBehalfOf: String?
    /// The client whose data this concerns, when it concerns one.
    public var client: String?
    public var action: AuditAction
    /// The kind of thing touched ("session", "member", "clinical-note" …).
    public var resourceType: String
    public var resourceID: String?
    public var outcome: AuditOutcome
    /// The network address the request came from.
    public var sourceAddress: String?
    public var requestID: String?
    /// A short machine-readable detail; never secrets or clinical content.
    public var detail: String?
    /// The hex SHA-256 of the previous entry ("" for the first).
    public var previousHash: String

    /// Creates an entry.
    public init(
        sequence: Int64, at: Date, actor: String?, onBehalfOf: String?, client: String?, action: AuditAction,
        resourceType: String, resourceID: String?, outcome: AuditOutcome, sourceAddress: String?, requestID: String?,
        detail: String?, previousHash: String
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.onBehalfOf = onBehalfOf
        self.client = client
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.outcome = outcome
        self.sourceAddress = sourceAddress
        self.requestID = requestID
        self.detail = detail
        self.previousHash = previousHash
    }

    /// Milliseconds since 1970, the form the time is stored and hashed in.
    public var atMilliseconds: Int64 { Int64((at.timeIntervalSince1970 * 1000).rounded()) }

    /// The exact bytes that are hashed: every field, length-prefixed so no two entries share an encoding.
    public var canonicalBytes: [UInt8] {
        let fields: [String?] = [
            String(sequence), String(atMilliseconds), actor, onBehalfOf, client, action.rawValue, resourceType, resourceID,
            outcome.rawValue, sourceAddress, requestID, detail, previousHash,
        ]
        var bytes: [UInt8] = []
        for field in fields {
            guard let field else {
                bytes.append(contentsOf: Array("-1:".utf8))
                continue
            }
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: Array("\(utf8.count):".utf8))
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }
}

/// What an audit record is about, before the log gives it a place in the chain.
public struct AuditEvent: Sendable, Equatable {
    public var actor: String?
    public var onBehalfOf: String?
    public var client: String?
    public var action: AuditAction
    public var resourceType: String
    public var resourceID: String?
    public var outcome: AuditOutcome
    public var detail: String?

    /// Creates an event.
    public init(
        actor: String?, onBehalfOf: String? = nil, client: String? = nil, action: AuditAction, resourceType: String,
        resourceID: String? = nil, outcome: AuditOutcome, detail: String? = nil
    ) {
        self.actor = actor
        self.onBehalfOf = onBehalfOf
        self.client = client
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.outcome = outcome
        self.detail = detail
    }
}
