import CoopData
import CoopDomain
import Foundation

/// What a reminder email is about. Neither kind carries clinical information: a session reminder names only its time.
public enum ReminderNotice: Sendable, Equatable {
    /// A session starts soon; `zone` is the therapist's (for the clinician's copy) or nil for the co-op's.
    case session(start: Date, minutes: Int, zone: TimeZone?, forClinician: Bool)
    /// A credential's last valid day is near.
    case credentialExpiry(ExpiryNotice)
    /// A group session or workshop starts soon: `name` is how the participant registered (a chosen name in peer
    /// support); `title` is given for workshops and peer groups only, never for group therapy; `zone` is the member's
    /// own (nil: the co-op's).
    case groupSession(start: Date, name: String, title: String?, kind: GroupKind, session: GroupSessionID, zone: TimeZone?)
}

/// The words of reminder emails in a member's language; the web layer supplies them from its catalogues.
public protocol ReminderMessages: Sendable {
    /// The subject and body for `notice` in `language`.
    func email(_ notice: ReminderNotice, language: Language) -> (subject: String, body: String)
}

/// Session, group and credential-expiry reminders, queued in the outbox by the background scheduler. Each goes out
/// once: a reminder is recorded (by a primary key) in the same transaction that queues its email. The session and
/// group lead times are governed settings, read on every run.
public struct Reminders: Sendable {
    let services: CoopServices
    let messages: any ReminderMessages
    /// Whether the clinician gets a copy of each session reminder as well as the client.
    public let remindClinicians: Bool

    /// Creates the use case.
    public init(services: CoopServices, messages: any ReminderMessages, remindClinicians: Bool = false) {
        self.services = services
        self.messages = messages
        self.remindClinicians = remindClinicians
    }

    /// Queues the reminder for every upcoming session that is inside one of the governed lead times and has not had
    /// that stage's reminder (see ``SessionReminder/dueStage(start:leads:lastSent:at:)``); returns how many emails
    /// were queued.
    @discardableResult
    public func sendSessionReminders() async throws -> Int {
        let now = services.now()
        let remindClinicians = remindClinicians
        // Only sessions with a stage due for someone take a write transaction below (the longest lead may be a week).
        let (leads, due) = try await services.database.read { sql -> (SessionReminderLeads, [Appointment]) in
            let leads = try await GovernedSettingStore().reminderSettings(sql: sql).sessionLeads
            let longest = TimeInterval(leads.hours.max() ?? 24) * 3600
            var due: [Appointment] = []
            for appointment in try await ReminderStore().appointmentsStarting(after: now, upTo: now.addingTimeInterval(longest), sql: sql) {
                for member in remindClinicians ? [appointment.client, appointment.therapist] : [appointment.client] {
                    let last = try await ReminderStore().lastSessionReminder(
                        appointment: appointment.id, member: member, start: appointment.slot.start, sql: sql)
                    if SessionReminder.dueStage(start: appointment.slot.start, leads: leads, lastSent: last, at: now) != nil {
                        due.append(appointment)
                        break
                    }
                }
            }
            return (leads, due)
        }
        var queued = 0
        for appointment in due {
            queued += try await services.database.transaction { sql -> Int in
                var count = 0
                var recipients: [(MemberID, Bool)] = [(appointment.client, false)]
                if remindClinicians { recipients.append((appointment.therapist, true)) }
                for (member, isClinician) in recipients {
                    guard let record = try await MemberStore().find(id: member, sql: sql), record.member.status == .active else { continue }
                    let store = ReminderStore()
                    let last = try await store.lastSessionReminder(
                        appointment: appointment.id, member: member, start: appointment.slot.start, sql: sql)
                    guard let stage = SessionReminder.dueStage(start: appointment.slot.start, leads: leads, lastSent: last, at: now),
                        try await store.claimSessionReminder(
                            appointment: appointment.id, member: member, start: appointment.slot.start, leadHours: stage, now: now, sql: sql)
                    else { continue }
                    // The recipient's own zone when they chose one; else the therapist's for the clinician, the co-op's for the client.
                    var zone = record.member.timeZone?.timeZone
                    if zone == nil, isClinician { zone = try await TherapistStore().find(appointment.therapist, sql: sql)?.zone.timeZone }
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

    /// Queues the reminder for every confirmed registration of a group session or workshop that starts within the
    /// governed group lead time, once per registration and start; returns how many emails were queued. Members are
    /// written to at their account's address in their account's language, guests in the language they registered
    /// with. Cancelled and waitlisted registrations get nothing; group therapy reminders carry no title.
    @discardableResult
    public func sendGroupReminders() async throws -> Int {
        let now = services.now()
        let sessions = try await services.database.read { sql in
            let lead = try await GovernedSettingStore().reminderSettings(sql: sql).groupLead
            return try await ReminderStore().groupSessionsStarting(after: now, upTo: now.addingTimeInterval(lead.lead), sql: sql)
        }
        var queued = 0
        for session in sessions {
            queued += try await services.database.transaction { sql -> Int in
                var count = 0
                for registration in try await GroupStore().registrations(session.id, sql: sql) where registration.status == .confirmed {
                    var recipient = registration.email
                    var language = registration.language
                    var zone: TimeZone?
                    if let member = registration.member {
                        guard let record = try await MemberStore().find(id: member, sql: sql), record.member.status == .active else { continue }
                        recipient = record.member.email.value
                        language = record.member.language
                        zone = record.member.timeZone?.timeZone
                    }
                    guard let recipient,
                        try await ReminderStore().claimGroupReminder(registration: registration.id, start: session.start, now: now, sql: sql)
                    else { continue }
                    let notice = ReminderNotice.groupSession(
                        start: session.start, name: registration.name, title: session.kind.isClinical ? nil : session.title, kind: session.kind,
                        session: session.id, zone: zone)
                    let email = messages.email(notice, language: language)
                    try await OutboxStore().enqueue(recipient: recipient, subject: email.subject, body: email.body, now: now, sql: sql)
                    count += 1
                }
                if session.kind.isClinical, count > 0 {
                    // Reading a therapy group's roster is a clinical read, as on its page.
                    try await AuditStore().append(
                        AuditEvent(
                            actor: nil, action: .read, resourceType: "group-therapy-roster", resourceID: session.id.rawValue, outcome: .success,
                            detail: "reminders=\(count)"),
                        origin: .system, at: now, sql: sql)
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
