import CoopData
import CoopDomain
import Foundation
import SQLKit

extension DemoCoop {
    /// One demo therapist: who, where licensed, and how they work.
    struct DemoTherapist {
        var email: String
        var bio: String
        var zone: String
        var licences: [(USState, LicenseType, String)]
        var languages: [String]
        var modalities: Set<Modality>
        var deliveries: Set<Delivery>
        var slidingPlaces: Int
        var supervisorEmail: String?
    }

    static let therapists: [DemoTherapist] = [
        DemoTherapist(
            email: "avery.sample@demo.coopcare.example", bio: "Couples and family therapy; anxiety and life changes.", zone: "America/Los_Angeles",
            licences: [(.CA, .lmft, "LMFT-120001"), (.OR, .lmft, "T2001")], languages: ["en"], modalities: [.individual, .couples, .family],
            deliveries: [.telehealth, .inPerson], slidingPlaces: 3, supervisorEmail: nil
        ),
        DemoTherapist(
            email: "blake.example@demo.coopcare.example", bio: "Trauma-informed individual therapy for adults.", zone: "America/New_York",
            licences: [(.NY, .lcsw, "LCSW-088123")], languages: ["en"], modalities: [.individual, .group], deliveries: [.telehealth],
            slidingPlaces: 1, supervisorEmail: nil
        ),
        DemoTherapist(
            email: "casey.fictional@demo.coopcare.example", bio: "Depression, grief and work stress; evenings available.", zone: "America/Los_Angeles",
            licences: [(.CA, .lpcc, "LPCC-3300"), (.WA, .lpc, "LH60012345")], languages: ["en", "fr"], modalities: [.individual],
            deliveries: [.telehealth], slidingPlaces: 0, supervisorEmail: nil
        ),
        DemoTherapist(
            email: "dana.placeholder@demo.coopcare.example", bio: "Associate therapist working with young adults and families.",
            zone: "America/Los_Angeles", licences: [(.CA, .amft, "AMFT-140077")], languages: ["en", "es"], modalities: [.individual, .family],
            deliveries: [.telehealth], slidingPlaces: 4, supervisorEmail: "avery.sample@demo.coopcare.example"
        ),
        DemoTherapist(
            email: "emery.ejemplo@demo.coopcare.example", bio: "Psicóloga bilingüe: ansiedad, migración y familia.", zone: "America/Chicago",
            licences: [(.CA, .psychologist, "PSY-31234"), (.TX, .psychologist, "TX-40455")], languages: ["es", "en"],
            modalities: [.individual, .family], deliveries: [.telehealth], slidingPlaces: 2, supervisorEmail: nil
        ),
    ]

    /// Adds the demo therapists (licences, weekday hours, profiles) and a few bookings for the demo clients,
    /// inside the transaction that creates the demo members.
    static func addCare(members: [Member], now: Date, sql: any SQLDatabase) async throws {
        let byEmail = Dictionary(uniqueKeysWithValues: members.map { ($0.email.value, $0) })
        let today = IANATimeZone.utc.localDate(at: now)
        let expires = today.adding(days: 500)
        let session = try SessionSettings(sessionMinutes: 50, bufferAfterMinutes: 10, minimumNoticeMinutes: 12 * 60)
        let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        var records: [String: TherapistRecord] = [:]
        for therapist in therapists {
            guard let member = byEmail[therapist.email] else { continue }
            let licences = try therapist.licences.map { state, type, number in
                try Credential(state: state, type: type, number: number, status: .active, expires: expires)
            }
            var supervision: [SupervisionLink] = []
            if let email = therapist.supervisorEmail, let supervisor = byEmail[email], let licence = records[email]?.profile.credentials.licenses.first {
                supervision.append(try SupervisionLink(supervisor: supervisor.id, supervisorLicense: licence, employer: "CoopCare Demo Co-op", validFrom: today.adding(days: -90)))
            }
            let profile = TherapistProfile(
                credentials: PracticeCredentials(therapist: member.id, licenses: licences, supervision: supervision),
                languages: Set(try therapist.languages.map { try LanguageCode($0) }), specialties: [], modalities: therapist.modalities,
                deliveries: therapist.deliveries, slidingScale: try SlidingScaleCapacity(places: therapist.slidingPlaces, taken: 0)
            )
            let record = TherapistRecord(
                profile: profile, displayName: member.displayName.value, bio: therapist.bio, zone: try IANATimeZone(therapist.zone), session: session,
                weekly: try weekdays.map { WeeklyRule($0, try LocalTime("09:00"), try LocalTime("17:00")) }
            )
            try await TherapistStore().save(record, now: now, sql: sql)
            records[therapist.email] = record
        }
        let bookings: [(client: String, therapist: String, daysAhead: Int, hour: Int)] = [
            ("harper.testclient@demo.coopcare.example", "avery.sample@demo.coopcare.example", 3, 10),
            ("indigo.ficticio@demo.coopcare.example", "emery.ejemplo@demo.coopcare.example", 4, 11),
            ("jules.specimen@demo.coopcare.example", "casey.fictional@demo.coopcare.example", 5, 14),
            // A weekday session already past, not yet marked: Avery can record it as missed (the no-show fee applies).
            ("harper.testclient@demo.coopcare.example", "avery.sample@demo.coopcare.example", -1, 10),
        ]
        for booking in bookings {
            guard let client = byEmail[booking.client], let record = records[booking.therapist] else { continue }
            var day = record.zone.localDate(at: now).adding(days: booking.daysAhead)
            while day.weekday == .saturday || day.weekday == .sunday { day = day.adding(days: booking.daysAhead < 0 ? -1 : 1) }
            guard let start = record.zone.resolve(day, try LocalTime(hour: booking.hour)).firstOccurrence else { continue }
            let slot = try Slot(start: start, minutes: session.sessionMinutes)
            let state = record.profile.credentials.licenses[0].state
            let appointment = Appointment(id: .make(), therapist: record.id, client: client.id, slot: slot, clientState: state)
            try await AppointmentStore().insert(appointment, footprint: session.footprint(slot), bookedBy: client.id, now: now, sql: sql)
        }
    }
}
