import CoopDomain
import Foundation
import SQLKit

/// A stored poll: the domain poll plus what only storage knows (its text body, electorate, state and result).
public struct PollRecord: Sendable, Equatable {
    /// The poll and its ballot rules.
    public var poll: Poll
    /// The proposal's text.
    public var body: String
    /// Who may vote, fixed when it opened.
    public var electorate: Electorate
    /// The bylaws' rule for its decision type as it stood when it opened (quorum, threshold).
    public var rule: DecisionRule
    /// Whether the close has been recorded (a poll past its closing time is closed even before that).
    public var isSettled: Bool
    /// The stored result once settled.
    public var result: DecisionStatus?
    /// When it was created.
    public var createdAt: Date

    /// Creates a record.
    public init(
        poll: Poll, body: String, electorate: Electorate, rule: DecisionRule, isSettled: Bool = false, result: DecisionStatus? = nil, createdAt: Date
    ) {
        self.poll = poll
        self.body = body
        self.electorate = electorate
        self.rule = rule
        self.isSettled = isSettled
        self.result = result
        self.createdAt = createdAt
    }
}

/// Polls in SQL.
public struct PollStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Stores a new poll.
    public func insert(_ record: PollRecord, sql: any SQLDatabase) async throws {
        let poll = record.poll
        try await sql.insert(into: "polls")
            .columns(
                "id", "author_id", "title", "body", "decision_type", "kind", "options", "subject", "opens_at", "closes_at", "anonymous",
                "results_visibility", "allows_vote_change", "reason_policy", "reason_maximum", "voter_classes", "electorate", "rule", "status",
                "created_at"
            )
            .values(
                SQLBind(poll.id.rawValue), SQLBind(poll.author.rawValue), SQLBind(poll.title), SQLBind(record.body),
                SQLBind(poll.decisionType.rawValue), SQLBind(GovernanceJSON.encode(poll.kind)), SQLBind(GovernanceJSON.encode(poll.options)),
                SQLBind(GovernanceJSON.encode(poll.subject)), SQLBind(Clock.milliseconds(poll.opensAt)), SQLBind(Clock.milliseconds(poll.closesAt)),
                SQLBind(poll.isAnonymous ? 1 : 0), SQLBind(poll.resultsVisibility.rawValue), SQLBind(poll.allowsVoteChange ? 1 : 0),
                SQLBind(poll.reasonPolicy.rawValue), SQLBind(poll.reasonMaximumLength),
                SQLBind(poll.voterClasses.map { GovernanceJSON.text($0.sorted().map(\.rawValue)) }),
                SQLBind(Self.encode(record.electorate)),
                SQLBind(GovernanceJSON.encode(.decisionRule(poll.decisionType, record.rule))), SQLBind("open"),
                SQLBind(Clock.milliseconds(record.createdAt))
            )
            .run()
    }

    /// The poll with `id`, if any.
    public func find(_ id: PollID, sql: any SQLDatabase) async throws -> PollRecord? {
        guard let row = try await sql.select().column("*").from("polls").where("id", .equal, SQLBind(id.rawValue)).first() else { return nil }
        return try Self.record(from: row)
    }

    /// The same, locking the row on PostgreSQL so two closes or a close and a vote queue (SQLite's writer already does).
    public func findForUpdate(_ id: PollID, sql: any SQLDatabase) async throws -> PollRecord? {
        if sql.dialect.name == "postgresql" {
            guard let row = try await sql.raw("SELECT * FROM polls WHERE id = \(bind: id.rawValue) FOR UPDATE").first() else { return nil }
            return try Self.record(from: row)
        }
        return try await find(id, sql: sql)
    }

    /// Polls whose close is not yet recorded, soonest closing first.
    public func unsettled(sql: any SQLDatabase) async throws -> [PollRecord] {
        try await sql.select().column("*").from("polls").where("status", .equal, SQLBind("open")).orderBy("closes_at").all()
            .map(Self.record(from:))
    }

    /// Settled polls, newest close first.
    public func settled(limit: Int, sql: any SQLDatabase) async throws -> [PollRecord] {
        try await sql.select().column("*").from("polls").where("status", .equal, SQLBind("closed"))
            .orderBy("closes_at", .descending).limit(limit).all().map(Self.record(from:))
    }

    /// Records the close: when it was closed early (if so) and the result.
    public func settle(_ id: PollID, closedEarlyAt: Date?, result: DecisionStatus, sql: any SQLDatabase) async throws {
        try await sql.update("polls").set("status", to: SQLBind("closed")).set("result", to: SQLBind(result.rawValue))
            .set("closed_early_at", to: SQLBind(closedEarlyAt.map(Clock.milliseconds)))
            .where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// Records the outcome statement.
    public func setOutcome(_ id: PollID, _ statement: OutcomeStatement, sql: any SQLDatabase) async throws {
        try await sql.update("polls").set("outcome", to: SQLBind(statement.text)).set("outcome_author", to: SQLBind(statement.author.rawValue))
            .set("outcome_at", to: SQLBind(Clock.milliseconds(statement.writtenAt))).where("id", .equal, SQLBind(id.rawValue)).run()
    }

    static func encode(_ electorate: Electorate) -> String {
        GovernanceJSON.text(
            [
                "asOf": Clock.milliseconds(electorate.asOf),
                "weights": Dictionary(uniqueKeysWithValues: electorate.weights.map { ($0.key.rawValue, $0.value) }),
                "exclusions": Dictionary(uniqueKeysWithValues: electorate.exclusions.map { ($0.key.rawValue, encode($0.value)) }),
            ] as [String: Any]
        )
    }

    static func decodeElectorate(_ text: String) throws -> Electorate {
        guard let object = try GovernanceJSON.parse(text, "electorate") as? [String: Any],
            let asOf = GovernanceJSON.int64(object["asOf"]), let weights = object["weights"] as? [String: Any]
        else { throw GovernanceDecodingError(what: "electorate") }
        var parsed: [MemberID: Int] = [:]
        for (key, value) in weights {
            if let id = MemberID(rawValue: key), let weight = GovernanceJSON.int(value) { parsed[id] = weight }
        }
        var exclusions: [MemberID: IneligibilityReason] = [:]
        for (key, value) in (object["exclusions"] as? [String: Any]) ?? [:] {
            if let id = MemberID(rawValue: key), let reason = (value as? String).flatMap(decodeReason) { exclusions[id] = reason }
        }
        return Electorate(asOf: Clock.date(asOf), weights: parsed, exclusions: exclusions)
    }

    /// The stored form of why a member may not vote: `not-a-member`, `not-active:former`, `wrong-class:service-user`,
    /// `in-probation:<ms>`.
    static func encode(_ reason: IneligibilityReason) -> String {
        switch reason {
        case .notAMember: "not-a-member"
        case .notActive(let status): "not-active:" + status.rawValue
        case .wrongClass(let memberClass): "wrong-class:" + memberClass.rawValue
        case .inProbation(let until): "in-probation:\(Clock.milliseconds(until))"
        }
    }

    static func decodeReason(_ text: String) -> IneligibilityReason? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count > 1 ? parts[1] : nil) {
        case ("not-a-member", nil): return .notAMember
        case ("not-active", let status?): return MembershipStatus(rawValue: status).map { .notActive($0) }
        case ("wrong-class", let memberClass?): return MemberClassID(rawValue: memberClass).map { .wrongClass($0) }
        case ("in-probation", let until?): return Int64(until).map { .inProbation(until: Clock.date($0)) }
        default: return nil
        }
    }

    static func record(from row: any SQLRow) throws -> PollRecord {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func number(_ column: String) throws -> Int64 { try row.decode(column: column, as: Int64.self) }
        guard let id = PollID(rawValue: try text("id")), let author = MemberID(rawValue: try text("author_id")),
            let type = DecisionType(rawValue: try text("decision_type"))
        else { throw GovernanceDecodingError(what: "poll") }
        var outcome: OutcomeStatement?
        if let statement = try row.decode(column: "outcome", as: String?.self),
            let outcomeAuthor = try row.decode(column: "outcome_author", as: String?.self).flatMap(MemberID.init(rawValue:)),
            let at = try row.decode(column: "outcome_at", as: Int64?.self)
        {
            outcome = OutcomeStatement(author: outcomeAuthor, text: statement, writtenAt: Clock.date(at))
        }
        let classes = try row.decode(column: "voter_classes", as: String?.self).map { stored -> Set<MemberClassID> in
            Set(((try? GovernanceJSON.parse(stored, "classes")) as? [String] ?? []).compactMap(MemberClassID.init(rawValue:)))
        }
        let poll = Poll(
            id: id, author: author, title: try text("title"), decisionType: type, kind: try GovernanceJSON.decodeKind(try text("kind")),
            options: try GovernanceJSON.decodeOptions(try text("options")), subject: try GovernanceJSON.decodeSubject(try text("subject")),
            opensAt: Clock.date(try number("opens_at")), closesAt: Clock.date(try number("closes_at")),
            isAnonymous: try number("anonymous") != 0,
            resultsVisibility: ResultsVisibility(rawValue: try text("results_visibility")) ?? .untilClosed,
            allowsVoteChange: try number("allows_vote_change") != 0, reasonPolicy: ReasonPolicy(rawValue: try text("reason_policy")) ?? .optional,
            reasonMaximumLength: Int(try number("reason_maximum")), voterClasses: classes,
            closedEarlyAt: try row.decode(column: "closed_early_at", as: Int64?.self).map(Clock.date), outcome: outcome
        )
        guard case .decisionRule(_, let rule) = try GovernanceJSON.decodeSetting(try text("rule")) else {
            throw GovernanceDecodingError(what: "rule")
        }
        return PollRecord(
            poll: poll, body: try text("body"), electorate: try decodeElectorate(try text("electorate")), rule: rule,
            isSettled: try text("status") == "closed",
            result: try row.decode(column: "result", as: String?.self).flatMap(DecisionStatus.init(rawValue:)),
            createdAt: Clock.date(try number("created_at"))
        )
    }
}
