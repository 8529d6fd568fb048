import CoopData
import CoopDomain
import Foundation
import SQLKit

extension Meetings {
    /// Saves the minutes (notes and outcome per agenda item) while they are a draft; the first writer is their author.
    /// Once submitted they change only after being sent back, and never after sign-off.
    public func saveMinutes(actor: Actor, meeting id: MeetingID, entries: [AgendaMinutes], origin: RequestOrigin) async throws {
        try await governance.authorize(actor, .keepMinutes, origin: origin)
        guard let writer = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = governance.now()
        let cleaned = entries.map {
            AgendaMinutes(notes: $0.notes.trimmingCharacters(in: .whitespacesAndNewlines), outcome: $0.outcome.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard cleaned.allSatisfy({ $0.notes.count <= MeetingSchedule.longestMinutes && $0.outcome.count <= MeetingSchedule.longestMinutes }) else {
            throw MeetingError.minutesTooLong(maximumLength: MeetingSchedule.longestMinutes)
        }
        try await services.database.transaction { sql in
            guard var record = try await store.findForUpdate(id, sql: sql) else { throw MeetingError.meetingNotFound }
            guard record.hasStarted(at: now) else { throw MeetingError.notStarted }
            guard cleaned.count == record.meeting.agenda.count else { throw MeetingError.agendaItemNotFound }
            switch record.meeting.minutes {
            case .notStarted:
                try record.meeting.startMinutes(author: writer)
                try await store.setMinutesState(id, record.meeting.minutes, sql: sql)
            case .draft(let author):
                guard author == writer else { throw GovernanceError.notMinutesAuthor(writer) }
            default:
                throw GovernanceError.invalidMinutesTransition(record.meeting.minutes)
            }
            for (position, entry) in cleaned.enumerated() {
                try await store.saveItemMinutes(id, position: position, entry, sql: sql)
            }
            try await audit.append(
                AuditEvent(actor: writer.rawValue, action: .update, resourceType: "meeting-minutes", resourceID: id.rawValue, outcome: .success, detail: "draft saved"),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// Submits the draft for sign-off (its author).
    public func submitMinutes(actor: Actor, meeting id: MeetingID, origin: RequestOrigin) async throws {
        try await changeMinutes(actor: actor, meeting: id, action: .keepMinutes, detail: "submitted for sign-off", origin: origin) { meeting, member, now in
            try meeting.submitMinutes(by: member, at: now)
        }
    }

    /// Sends submitted minutes back to their author for corrections (organisers).
    public func returnMinutes(actor: Actor, meeting id: MeetingID, origin: RequestOrigin) async throws {
        try await changeMinutes(actor: actor, meeting: id, action: .keepMinutes, detail: "sent back for corrections", origin: origin) { meeting, _, _ in
            try meeting.reopenMinutes()
        }
    }

    /// Signs the minutes off: any member other than their author who attended in person or online (the chair, usually).
    /// After this they are final, and every member can read them.
    public func signOffMinutes(actor: Actor, meeting id: MeetingID, origin: RequestOrigin) async throws {
        try await changeMinutes(actor: actor, meeting: id, action: .takePart, detail: "signed off", origin: origin) { meeting, member, now in
            try meeting.signOffMinutes(by: member, at: now)
        }
    }

    private func changeMinutes(
        actor: Actor, meeting id: MeetingID, action: GovernanceAction, detail: String, origin: RequestOrigin,
        _ change: @Sendable (inout Meeting, MemberID, Date) throws -> Void
    ) async throws {
        try await governance.authorize(actor, action, origin: origin)
        guard let member = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = governance.now()
        try await services.database.transaction { sql in
            guard var record = try await store.findForUpdate(id, sql: sql) else { throw MeetingError.meetingNotFound }
            try change(&record.meeting, member, now)
            try await store.setMinutesState(id, record.meeting.minutes, sql: sql)
            try await audit.append(
                AuditEvent(actor: member.rawValue, action: .update, resourceType: "meeting-minutes", resourceID: id.rawValue, outcome: .success, detail: detail),
                origin: origin, at: now, sql: sql
            )
        }
    }
}
