import CoopDomain
import Foundation
import SQLKit

/// A consent process as stored: its rounds (each a poll) and the objections raised, by position.
public struct ConsentRecord: Sendable, Equatable {
    /// The first round's poll, which names the process.
    public var processID: PollID
    /// The rounds, oldest first, with each poll's stored result.
    public var rounds: [ConsentRound]
    /// Every objection, oldest first (positions are indexes into this list).
    public var objections: [Objection]

    /// Creates a record.
    public init(processID: PollID, rounds: [ConsentRound], objections: [Objection]) {
        self.processID = processID
        self.rounds = rounds
        self.objections = objections
    }
}

/// Consent processes (rounds and objections) in SQL.
public struct ConsentStore: Sendable {
    /// Creates the store.
    public init() {}

    /// The process poll `poll` is a round of, if any.
    public func process(containing poll: PollID, sql: any SQLDatabase) async throws -> ConsentRecord? {
        guard let row = try await sql.select().column("process_id").from("consent_rounds").where("poll_id", .equal, SQLBind(poll.rawValue)).first(),
            let processID = PollID(rawValue: try row.decode(column: "process_id", as: String.self))
        else { return nil }
        var rounds: [ConsentRound] = []
        for row in try await sql.select().column("*").from("consent_rounds").where("process_id", .equal, SQLBind(processID.rawValue))
            .orderBy("number").all()
        {
            guard let pollID = PollID(rawValue: try row.decode(column: "poll_id", as: String.self)) else { continue }
            let status = try await PollStore().find(pollID, sql: sql)?.result
            rounds.append(
                ConsentRound(
                    number: Int(try row.decode(column: "number", as: Int64.self)), pollID: pollID,
                    proposal: try row.decode(column: "proposal", as: String.self), status: status
                ))
        }
        let objections = try await sql.select().column("*").from("consent_objections").where("process_id", .equal, SQLBind(processID.rawValue))
            .orderBy("position").all().map { row in
                Objection(
                    round: Int(try row.decode(column: "round", as: Int64.self)),
                    objector: try row.decode(column: "objector", as: String?.self).flatMap(MemberID.init(rawValue:)),
                    reason: try row.decode(column: "reason", as: String.self),
                    resolution: try row.decode(column: "resolution", as: String?.self).flatMap(ObjectionResolution.init(rawValue:))
                )
            }
        return ConsentRecord(processID: processID, rounds: rounds, objections: objections)
    }

    /// Adds round `number` of process `processID`, put to poll `poll`.
    public func addRound(process processID: PollID, number: Int, poll: PollID, proposal: String, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "consent_rounds").columns("poll_id", "process_id", "number", "proposal")
            .values(SQLBind(poll.rawValue), SQLBind(processID.rawValue), SQLBind(number), SQLBind(proposal)).run()
    }

    /// Stores the objection at `position`.
    public func addObjection(_ objection: Objection, process processID: PollID, position: Int, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "consent_objections").columns("process_id", "position", "round", "objector", "reason", "resolution")
            .values(
                SQLBind(processID.rawValue), SQLBind(position), SQLBind(objection.round), SQLBind(objection.objector?.rawValue),
                SQLBind(objection.reason), SQLBind(objection.resolution?.rawValue)
            )
            .run()
    }

    /// Records how the objection at `position` was dealt with.
    public func resolve(process processID: PollID, position: Int, as resolution: ObjectionResolution, sql: any SQLDatabase) async throws {
        try await sql.update("consent_objections").set("resolution", to: SQLBind(resolution.rawValue))
            .where("process_id", .equal, SQLBind(processID.rawValue)).where("position", .equal, SQLBind(position)).run()
    }
}
