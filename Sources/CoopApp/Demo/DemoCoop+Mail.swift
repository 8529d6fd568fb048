import CoopData
import CoopDomain
import Foundation
import SQLKit

extension DemoCoop {
    /// Something for the reminders to do as soon as the demo serves: a session for the Spanish-speaking demo client
    /// later today or tomorrow (its reminder is queued in Spanish at the first scheduler tick), and one demo
    /// therapist's licence expiring in 25 days (a 30-day reminder and a notice on their availability page).
    static func addMailDemo(members: [Member], now: Date, sql: any SQLDatabase) async throws {
        let byEmail = Dictionary(uniqueKeysWithValues: members.map { ($0.email.value, $0) })
        if let client = byEmail["indigo.ficticio@demo.coopcare.example"], let therapist = byEmail["emery.ejemplo@demo.coopcare.example"],
            let record = try await TherapistStore().find(therapist.id, sql: sql)
        {
            // The first whole hour between 2 and 22 hours from now that falls in working hours where the therapist is.
            let hour: TimeInterval = 3600
            let base = (now.timeIntervalSince1970 / hour).rounded(.down) * hour
            let start = (2...22).map { Date(timeIntervalSince1970: base + Double($0) * hour) }.first {
                (9..<17).contains(record.zone.local(at: $0).time.minutes / 60)
            }
            if let start {
                let slot = try Slot(start: start, minutes: record.session.sessionMinutes)
                let appointment = Appointment(id: .make(), therapist: record.id, client: client.id, slot: slot, clientState: .TX)
                try await AppointmentStore().insert(appointment, footprint: record.session.footprint(slot), bookedBy: client.id, now: now, sql: sql)
            }
        }
        if let therapist = byEmail["casey.fictional@demo.coopcare.example"], var record = try await TherapistStore().find(therapist.id, sql: sql) {
            let old = record.profile
            let soon = record.zone.localDate(at: now).adding(days: 25)
            var licences = old.credentials.licenses
            if let first = licences.first {
                licences[0] = try Credential(state: first.state, type: first.type, number: first.number, status: first.status, expires: soon)
            }
            var credentials = old.credentials
            credentials.licenses = licences
            record.profile = TherapistProfile(
                credentials: credentials, languages: old.languages, specialties: old.specialties, modalities: old.modalities,
                deliveries: old.deliveries, slidingScale: old.slidingScale, acceptingNewClients: old.acceptingNewClients
            )
            try await TherapistStore().save(record, now: now, sql: sql)
        }
    }
}
