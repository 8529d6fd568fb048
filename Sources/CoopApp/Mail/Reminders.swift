import CoopData
import CoopDomain
import Foundation

/// What a reminder email is about. Neither kind carries clinical information: a session reminder names only its time.
public enum ReminderNotice: Sendable, Equatable {
    /// A session starts soon; `zone` is the therapist's (for the clinician's copy) or nil for the co-op's.
    case session(start: Date, minutes: Int, zone: TimeZone?, forClinician: Bool)
    /// A credential's last valid day is near.
    case credentialExpiry(ExpiryNotice)
}

/// The words of reminder emails in a member's language; the web layer supplies them from its catalogues.
public protocol ReminderMessages: Sendable {
    /// The subject and body for `notice` in `language`.
    func email(_ notice: ReminderNotice, language: Language) -> (subject: String, body: String)
}

/// Session and credential-expiry reminders, queued in the outbox by the background scheduler. Each goes out once:
/// a reminder is recorded (by a primary key) in the same transaction that queues its email.
public struct Reminders: Sendable {
    let services: CoopServices
    let messages: any ReminderMessages
    /// How long before a session its reminder goes out.
    public let sessionLead: TimeInterval
    /// Whether the clinician gets a copy of each session reminder as well as the client.
    public let remindClinicians: Bool

    /// Creates the use case.
    public init(services: CoopServices, messages: any ReminderMessages, sessionLead: TimeInterval = SessionReminder.defaultLead, remindClinicians: Bool = false) {
        self.services = services
        self.messages = messages
        self.sessionLead = sessionLead
        self.remindClinicians = remindClinicians
    }

    /// Queues the reminder for every upcoming session that starts within the lead time and has not had one; returns
    /// how many emails were queued.
    @discardableResult
    public func sendSessionReminders() async throws -> Int {
        let now = services.now()
        let due = try await services.database.read { sql in
            try await ReminderStore().appointmentsStarting(after: now, upTo: now.addingTimeInterval(sessionLead), sql: sql)
        }.filter { SessionReminder.isDue($0, lead: sessionLead, at: now) }
        var queued = 0
        for appointment in due {
            queued += try await services.database.transaction { sql -> Int in
                var count = 0
                var recipients: [(MemberID, Bool)] = [(appointment.client, false)]
                if remindClinicians { recipients.append((appointment.therapist, true)) }
                for (member, isClinician) in recipients {
                    guard let record = try await MemberStore().find(id: member, sql: sql), record.member.status == .active else { continue }
                    guard
                        try await ReminderStore().claimSessionReminder(
                            appointment: appointment.id, member: member, start: appointment.slot.start, now: now, sql: sql)
                    else { continue }
                    var zone: TimeZone?
                    if isClinician { zone = try await TherapistStore().find(appointment.therapist, sql: sql)?.zone.timeZone }
                    let minutes = Int(appointment.slot.end.timeIntervalSince(appointment.slot.start) / 60)
                    let email = messages.email(
                        .session(start: appointment.slot.start, minutes: minutes, zone: zone, forClinician: isClinician), language: record.member.language)
                    try await OutboxStore().enqueue(recipient: record.member.email.value, subject: email.subject, body: email.body, now: now, sql: sql)
                    count += 1
                }
                return count
            }
        }
        return queued
    }

    /// Queues the 60-, 30- and 7-day reminders for credentials nearing their last valid day (each stage once per
    /// credential and day); returns how many emails were queued.
    @discardableResult
    public func sendCredentialReminders() async throws -> Int {
        let now = services.now()
        let therapists = try await services.database.read { sql in try await TherapistStore().all(sql: sql) }
        var queued = 0
        for therapist in therapists {
            let notices = Self.credentialNotices(therapist, at: now)
            guard !notices.isEmpty else { continue }
            queued += try await services.database.transaction { sql -> Int in
                guard let record = try await MemberStore().find(id: therapist.id, sql: sql), record.member.status == .active else { return 0 }
                var count = 0
                for notice in notices {
                    guard let stage = CredentialReminder.stage(daysLeft: notice.daysLeft),
                        try await ReminderStore().claimCredentialReminder(
                            therapist: therapist.id, subject: CredentialReminder.subject(of: notice), lastValidDay: notice.lastValidDay, stage: stage,
                            now: now, sql: sql)
                    else { continue }
                    let email = messages.email(.credentialExpiry(notice), language: record.member.language)
                    try await OutboxStore().enqueue(recipient: record.member.email.value, subject: email.subject, body: email.body, now: now, sql: sql)
                    count += 1
                }
                return count
            }
        }
        return queued
    }

    /// The credentials of `therapist` whose last valid day is within the widest reminder stage, counted in the
    /// therapist's own zone.
    public static func credentialNotices(_ therapist: TherapistRecord, at now: Date) -> [ExpiryNotice] {
        CredentialExpiry.expiring(
            therapist.profile.credentials, within: CredentialReminder.stages.max() ?? 60, of: therapist.zone.localDate(at: now))
    }
}

extension CareAccess {
    /// The signed-in therapist's credentials that expire within 60 days, for the notice on their availability page.
    public func expiringCredentials(of record: TherapistRecord) -> [ExpiryNotice] {
        Reminders.credentialNotices(record, at: services.now())
    }
}
