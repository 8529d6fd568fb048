import CoopDomain
import Foundation
import SQLKit

/// Member classes and memberships, governed settings with their history (seeded with the sample bylaws), polls,
/// named and anonymous ballots with vote receipts, closing reminders sent, and proxies.
struct M002Governance: Migration {
    let number = 2
    let name = "governance"

    /// The sliding scale a new co-op starts with until its members decide another (sample fees, DOMAIN.md §9.5).
    static let startingSlidingScale = SlidingScale(
        tiers: [
            SlidingScaleTier(name: "Tier 1", incomeFrom: .dollars(0), incomeBelow: .dollars(30_000), fee: .dollars(20)),
            SlidingScaleTier(name: "Tier 2", incomeFrom: .dollars(30_000), incomeBelow: .dollars(60_000), fee: .dollars(60)),
            SlidingScaleTier(name: "Tier 3", incomeFrom: .dollars(60_000), incomeBelow: nil, fee: .dollars(120)),
        ]
    )

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.create(table: "member_classes")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("probation_months", type: .bigint, .notNull, .default(0))
            .column("probation_days", type: .bigint, .notNull, .default(0))
            .column("position", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "memberships")
            .column("member_id", type: .text, .primaryKey(autoIncrement: false), .references("members", "id", onDelete: .cascade))
            .column("class_id", type: .text, .notNull, .references("member_classes", "id"))
            .column("status", type: .text, .notNull)
            .column("applied_at", type: .bigint, .notNull)
            .column("admitted_at", type: .bigint)
            .column("admitted_by", type: .text)
            .column("probation_until", type: .bigint)
            .column("ended_at", type: .bigint)
            .run()
        try await sql.create(table: "governed_settings")
            .column("key", type: .text, .primaryKey(autoIncrement: false))
            .column("value", type: .text, .notNull)
            .column("decided_by", type: .text)
            .column("updated_at", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "governed_setting_history")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            // Order of entry: times come from clocks that tests move, the order of changes never does.
            .column("seq", type: .bigint, .notNull, .unique)
            .column("key", type: .text, .notNull)
            .column("value", type: .text, .notNull)
            .column("previous", type: .text)
            .column("cause", type: .text, .notNull)
            .column("decided_by", type: .text)
            .column("at", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "governed_setting_history_key").on("governed_setting_history").column("key").column("seq").run()
        try await sql.create(table: "polls")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("author_id", type: .text, .notNull, .references("members", "id"))
            .column("title", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .column("decision_type", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("options", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("opens_at", type: .bigint, .notNull)
            .column("closes_at", type: .bigint, .notNull)
            .column("closed_early_at", type: .bigint)
            .column("anonymous", type: .bigint, .notNull)
            .column("results_visibility", type: .text, .notNull)
            .column("allows_vote_change", type: .bigint, .notNull)
            .column("reason_policy", type: .text, .notNull)
            .column("reason_maximum", type: .bigint, .notNull)
            .column("voter_classes", type: .text)
            // Fixed when the poll opens, so the quorum's denominator cannot move while people vote.
            .column("electorate", type: .text, .notNull)
            .column("rule", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("result", type: .text)
            .column("outcome", type: .text)
            .column("outcome_author", type: .text)
            .column("outcome_at", type: .bigint)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "polls_status").on("polls").column("status").column("closes_at").run()
        // Named polls keep the voter on the ballot; anonymous ones never store it there (voter_id stays empty) and
        // record only a receipt that the member voted.
        try await sql.create(table: "ballots")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("poll_id", type: .text, .notNull, .references("polls", "id", onDelete: .cascade))
            .column("voter_id", type: .text)
            .column("cast_by", type: .text)
            .column("proxy_id", type: .text)
            .column("choice", type: .text, .notNull)
            .column("reason", type: .text)
            .column("weight", type: .bigint, .notNull)
            .column("cast_at", type: .bigint)
            .run()
        try await sql.create(index: "ballots_poll_voter").on("ballots").column("poll_id").column("voter_id").unique().run()
        try await sql.create(table: "vote_receipts")
            .column("poll_id", type: .text, .notNull, .references("polls", "id", onDelete: .cascade))
            .column("member_id", type: .text, .notNull, .references("members", "id"))
            .column("cast_by", type: .text)
            .column("cast_at", type: .bigint, .notNull)
            .primaryKey("poll_id", "member_id")
            .run()
        // Who has had the "closing soon" reminder, so each member gets it once per poll.
        try await sql.create(table: "poll_reminders")
            .column("poll_id", type: .text, .notNull, .references("polls", "id", onDelete: .cascade))
            .column("member_id", type: .text, .notNull, .references("members", "id"))
            .column("sent_at", type: .bigint, .notNull)
            .primaryKey("poll_id", "member_id")
            .run()
        try await sql.create(table: "proxies")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("giver_id", type: .text, .notNull, .references("members", "id"))
            .column("holder_id", type: .text, .notNull, .references("members", "id"))
            .column("poll_id", type: .text, .references("polls", "id"))
            .column("meeting_id", type: .text)
            .column("granted_at", type: .bigint, .notNull)
            .column("revoked_at", type: .bigint)
            .run()
        try await seed(sql)
    }

    /// The sample bylaws' classes and rules, a 24-hour cancellation window and a starting sliding scale.
    private func seed(_ sql: any SQLDatabase) async throws {
        let now = Clock.milliseconds(Date())
        for (position, memberClass) in Bylaws.sample.memberClasses.enumerated() {
            try await sql.insert(into: "member_classes")
                .columns("id", "name", "probation_months", "probation_days", "position")
                .values(
                    SQLBind(memberClass.id.rawValue), SQLBind(memberClass.name), SQLBind(memberClass.probation?.months ?? 0),
                    SQLBind(memberClass.probation?.days ?? 0), SQLBind(position)
                )
                .run()
        }
        var settings: [GovernedSetting] = DecisionType.allCases.compactMap { type in
            Bylaws.sample.decisionRules[type].map { .decisionRule(type, $0) }
        }
        settings.append(.cancellationWindow(.hours(24)))
        settings.append(.slidingScale(Self.startingSlidingScale))
        for (seq, setting) in settings.enumerated() {
            let value = GovernanceJSON.encode(setting)
            try await sql.insert(into: "governed_settings").columns("key", "value", "decided_by", "updated_at")
                .values(SQLBind(setting.key.name), SQLBind(value), SQLBind(String?.none), SQLBind(now)).run()
            try await sql.insert(into: "governed_setting_history").columns("id", "seq", "key", "value", "previous", "cause", "decided_by", "at")
                .values(
                    SQLBind(UUID().uuidString.lowercased()), SQLBind(seq + 1), SQLBind(setting.key.name), SQLBind(value), SQLBind(String?.none),
                    SQLBind("founding"), SQLBind(String?.none), SQLBind(now)
                )
                .run()
        }
    }
}
