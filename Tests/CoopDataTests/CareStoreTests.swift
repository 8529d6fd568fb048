import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Therapist, appointment and feed stores, on SQLite (and PostgreSQL when COOPCARE_TEST_POSTGRES_URL is set).
@Suite struct CareStoreTests {
    let now = CareTestData.monday

    func client(_ database: Database) async throws -> MemberID { try await insertClient(database, createdAt: now) }

    @Test func therapistRoundTripsWithCredentialsHoursAndSupervision() async throws {
        try await withDatabase { database in
            let supervisor = try await CareTestData.therapist(database, name: "Supervisor", states: [.CA, .OR])
            let saved = try await CareTestData.therapist(database, name: "Associate", states: [.CA], type: .amft, languages: ["en", "es"])
            var record = saved
            record.profile = TherapistProfile(
                credentials: PracticeCredentials(
                    therapist: saved.id, licenses: saved.profile.credentials.licenses,
                    supervision: [
                        try SupervisionLink(
                            supervisor: supervisor.id, supervisorLicense: supervisor.profile.credentials.licenses[0], employer: "Co-op",
                            validFrom: LocalDate("2025-01-01")
                        )
                    ]
                ),
                languages: saved.profile.languages, specialties: [try Specialty("grief")], modalities: [.individual, .family],
                deliveries: [.telehealth, .inPerson], slidingScale: try SlidingScaleCapacity(places: 3, taken: 1)
            )
            record.exceptions = [.dayOff(try LocalDate("2026-01-07"))]
            let changed = record
            try await database.transaction { sql in try await TherapistStore().save(changed, now: now, sql: sql) }
            let loaded = try #require(try await database.read { sql in try await TherapistStore().find(saved.id, sql: sql) })
            #expect(loaded == changed)
            let all = try await database.read { sql in try await TherapistStore().all(sql: sql) }
            #expect(Set(all.map(\.id)) == [supervisor.id, saved.id])
        }
    }

    @Test func theDatabaseRefusesAnOverlappingClaimEvenWithoutAnyCheck() async throws {
        try await withDatabase { database in
            let therapist = try await CareTestData.therapist(database)
            let client = try await client(database)
            let start = CareTestData.instant("2026-01-06", "10:00")
            let first = Appointment(id: .make(), therapist: therapist.id, client: client, slot: try Slot(start: start, minutes: 50), clientState: .CA)
            // Starts 30 minutes into the first: no rule is consulted here, only the store's claim.
            let second = Appointment(
                id: .make(), therapist: therapist.id, client: client, slot: try Slot(start: start.addingTimeInterval(1800), minutes: 50), clientState: .CA
            )
            let store = AppointmentStore()
            try await database.transaction { sql in
                try await store.insert(first, footprint: therapist.session.footprint(first.slot), bookedBy: client, now: now, sql: sql)
            }
            await #expect(throws: CareAccessError.slotJustTaken) {
                try await database.transaction { sql in
                    try await store.insert(second, footprint: therapist.session.footprint(second.slot), bookedBy: client, now: now, sql: sql)
                }
            }
            // The refused booking left nothing behind.
            #expect(try await database.read { sql in try await store.find(second.id, sql: sql) } == nil)
            #expect(try await database.read { sql in try await store.claimedUnits(therapist.id, sql: sql) } == 12)
        }
    }

    @Test func backToBackSessionsDoNotClashAndCancellingFreesTheTime() async throws {
        try await withDatabase { database in
            let therapist = try await CareTestData.therapist(database)
            let client = try await client(database)
            let store = AppointmentStore()
            let nine = Appointment(
                id: .make(), therapist: therapist.id, client: client, slot: try Slot(start: CareTestData.instant("2026-01-06", "09:00"), minutes: 50), clientState: .CA
            )
            let ten = Appointment(
                id: .make(), therapist: therapist.id, client: client, slot: try Slot(start: CareTestData.instant("2026-01-06", "10:00"), minutes: 50), clientState: .CA
            )
            try await database.transaction { sql in
                try await store.insert(nine, footprint: therapist.session.footprint(nine.slot), bookedBy: client, now: now, sql: sql)
                try await store.insert(ten, footprint: therapist.session.footprint(ten.slot), bookedBy: client, now: now, sql: sql)
            }
            let cancelled = try nine.cancelled(by: .client, at: now, policy: try CancellationPolicy(windowSeconds: 86_400, lateCancellationFee: .none, noShowFee: .none), sessionFee: .zero)
            try await database.transaction { sql in try await store.cancel(cancelled, now: now, sql: sql) }
            let reloaded = try #require(try await database.read { sql in try await store.find(nine.id, sql: sql) })
            #expect(reloaded.appointment.status == .cancelled)
            #expect(reloaded.appointment.cancellation?.timing == .onTime)
            #expect(reloaded.appointment.sequence == 1)
            #expect(try await database.read { sql in try await store.claimedUnits(therapist.id, sql: sql) } == 12)
            // The freed hour can be claimed again.
            let again = Appointment(id: .make(), therapist: therapist.id, client: client, slot: nine.slot, clientState: .CA)
            try await database.transaction { sql in
                try await store.insert(again, footprint: therapist.session.footprint(again.slot), bookedBy: client, now: now, sql: sql)
            }
            let listed = try await database.read { sql in
                try await store.forTherapist(therapist.id, from: now, to: now.addingTimeInterval(7 * 86_400), sql: sql)
            }
            #expect(listed.count == 3)
        }
    }

    @Test func feedTokensAreHashedAndRevocable() async throws {
        try await withDatabase { database in
            let therapist = try await CareTestData.therapist(database)
            let store = CalendarFeedStore()
            let (token, record) = try await database.transaction { sql in try await store.create(for: therapist.id, now: now, sql: sql) }
            let hashes = try await database.read { sql in
                try await sql.raw("SELECT token_hash FROM calendar_feed_tokens").all().map { try $0.decode(column: "token_hash", as: String.self) }
            }
            #expect(hashes == [SecretToken.hash(token)])
            #expect(try await database.read { sql in try await store.member(forToken: token, sql: sql) } == therapist.id)
            #expect(try await database.read { sql in try await store.member(forToken: token + "x", sql: sql) } == nil)
            #expect(try await database.transaction { sql in try await store.revoke(id: record.id, of: therapist.id, now: now, sql: sql) })
            #expect(try await database.read { sql in try await store.member(forToken: token, sql: sql) } == nil)
            #expect(try await database.transaction { sql in try await store.revoke(id: record.id, of: therapist.id, now: now, sql: sql) } == false)
        }
    }
}
