import CoopData
import CoopDomain
import Foundation
import SQLKit

extension Governance {
    /// Queues `notice` for each of `recipients` who has an active account, in their language and time zone, in the
    /// caller's transaction.
    /// `deliverAt` holds the emails back until then (a poll that opens later announces itself when it opens).
    func notify(_ notice: GovernanceNotice, to recipients: [MemberID], at now: Date, deliverAt: Date? = nil, sql: any SQLDatabase) async throws {
        guard let messages, !recipients.isEmpty else { return }
        let wanted = Set(recipients)
        for member in try await MemberStore().all(sql: sql) where wanted.contains(member.id) && member.status == .active {
            let email = messages.email(notice, language: member.language, zone: member.timeZone)
            try await OutboxStore().enqueue(
                recipient: member.email.value, subject: email.subject, body: email.body, now: now, notBefore: deliverAt, sql: sql
            )
        }
    }

    /// Sends the "closing soon" reminder to eligible members who have not voted and have not been reminded.
    func remind(_ id: PollID, at now: Date) async throws {
        try await services.database.transaction { sql in
            guard let record = try await polls.findForUpdate(id, sql: sql), !record.isSettled else { return }
            let voted = Set(try await ballots.receipts(of: id, sql: sql).map(\.voter))
            let reminded = Set(
                try await sql.select().column("member_id").from("poll_reminders").where("poll_id", .equal, SQLBind(id.rawValue)).all()
                    .compactMap { MemberID(rawValue: try $0.decode(column: "member_id", as: String.self)) }
            )
            let recipients = ClosingReminder.recipients(
                for: record.poll, electorate: record.electorate, voted: voted, alreadyReminded: reminded, at: now
            )
            guard !recipients.isEmpty else { return }
            for member in recipients {
                try await sql.insert(into: "poll_reminders").columns("poll_id", "member_id", "sent_at")
                    .values(SQLBind(id.rawValue), SQLBind(member.rawValue), SQLBind(Clock.milliseconds(now))).run()
            }
            try await notify(
                .closingSoon(title: record.poll.title, pollID: id, closesAt: record.poll.closingTime), to: recipients, at: now, sql: sql
            )
        }
    }
}
