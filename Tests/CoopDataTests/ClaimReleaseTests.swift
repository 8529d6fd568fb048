import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Time claims after M019: found by therapist and time only, released by a range around their booking; a database
/// that held claims before M019 keeps them. SQLite, and PostgreSQL when COOPCARE_TEST_POSTGRES_URL is set.
@Suite struct ClaimReleaseTests {
    let now = CareTestData.monday
    let store = AppointmentStore()

    func client(_ database: Database) async throws -> MemberID { try await insertClient(database, createdAt: now) }

    func appointment(_ therapist: MemberID, _ client: MemberID, at time: String, status: AppointmentStatus = .booked) throws -> Appointment {
        Appointment(
            id: .make(), therapist: therapist, client: client, slot: try Slot(start: CareTestData.instant("2026-01-06", time), minutes: 50),
            status: status, clientState: .CA
        )
    }

    func units(_ database: Database, _ therapist: MemberID) async throws -> Int {
        try await database.read { sql in try await store.claimedUnits(therapist, sql: sql) }
    }

    @Test func claimsMadeBeforeTheMigrationStillHoldTheirTimeAndAreReleasedByRange() async throws {
        try await withDatabase(migrations: MigrationRunner.all.filter { $0.number < 19 }) { database in
            let therapist = try await CareTestData.therapist(database)
            let client = try await client(database)
            let nine = try appointment(therapist.id, client, at: "09:00")
            let ten = try appointment(therapist.id, client, at: "10:00")
            try await database.transaction { sql in
                for booked in [nine, ten] {
                    try await store.insert(booked, footprint: therapist.session.footprint(booked.slot), bookedBy: client, now: now, sql: sql)
                }
            }
            #expect(try await MigrationRunner(database: database).migrate() == [19])
            #expect(try await units(database, therapist.id) == 24)
            // The copied claims still refuse an overlapping booking.
            let overlapping = Appointment(
                id: .make(), therapist: therapist.id, client: client, slot: try Slot(start: nine.slot.start.addingTimeInterval(-1800), minutes: 50),
                clientState: .CA
            )
            await #expect(throws: CareAccessError.slotJustTaken) {
                try await database.transaction { sql in
                    try await store.insert(overlapping, footprint: therapist.session.footprint(overlapping.slot), bookedBy: client, now: now, sql: sql)
                }
            }
            // Cancelling nine frees its twelve units and none of ten's.
            let policy = try CancellationPolicy(windowSeconds: 86_400, lateCancellationFee: .none, noShowFee: .none)
            let cancelled = try nine.cancelled(by: .client, at: now, policy: policy, sessionFee: .zero)
            try await database.transaction { sql in try await store.cancel(cancelled, now: now, sql: sql) }
            #expect(try await units(database, therapist.id) == 12)
            try await database.transaction { sql in
                try await store.insert(overlapping, footprint: therapist.session.footprint(overlapping.slot), bookedBy: client, now: now, sql: sql)
            }
        }
    }

    @Test func theLongestBuffersAreReleasedWholeAndTheNeighboursClaimsStay() async throws {
        try await withDatabase { database in
            let therapist = try await CareTestData.therapist(database)
            let client = try await client(database)
            // 240-minute buffers either side, starting off the five-minute grid: 50 + 480 minutes, 107 units.
            let odd = Appointment(
                id: .make(), therapist: therapist.id, client: client,
                slot: try Slot(start: CareTestData.instant("2026-01-06", "12:02"), minutes: 50), clientState: .CA
            )
            let footprint = odd.slot.widened(before: 240 * 60, after: 240 * 60)
            let neighbourBefore = try appointment(therapist.id, client, at: "07:00")
            let neighbourAfter = try appointment(therapist.id, client, at: "16:55")
            try await database.transaction { sql in
                try await store.insert(neighbourBefore, footprint: neighbourBefore.slot, bookedBy: client, now: now, sql: sql)
                try await store.insert(odd, footprint: footprint, bookedBy: client, now: now, sql: sql)
                try await store.insert(neighbourAfter, footprint: neighbourAfter.slot, bookedBy: client, now: now, sql: sql)
            }
            let oddUnits = AppointmentStore.units(of: footprint).count
            #expect(oddUnits == 107)
            #expect(try await units(database, therapist.id) == oddUnits + 20)
            let moved = try odd.rescheduled(to: try Slot(start: CareTestData.instant("2026-01-07", "12:00"), minutes: 50), by: .coop, at: now,
                policy: try CancellationPolicy(windowSeconds: 0, lateCancellationFee: .none, noShowFee: .none), sessionFee: nil).appointment
            try await database.transaction { sql in try await store.reschedule(moved, footprint: moved.slot, now: now, sql: sql) }
            // The old 107 units are free, the new ten are held, the neighbours keep their own.
            #expect(try await units(database, therapist.id) == 10 + 20)
            let between = try appointment(therapist.id, client, at: "11:00")
            try await database.transaction { sql in try await store.insert(between, footprint: between.slot, bookedBy: client, now: now, sql: sql) }
        }
    }

    @Test func deletingAHoldReleasesItsTimeThroughTheTrigger() async throws {
        try await withDatabase { database in
            let therapist = try await CareTestData.therapist(database)
            let client = try await client(database)
            let hold = try appointment(therapist.id, client, at: "09:00", status: .proposed)
            let kept = try appointment(therapist.id, client, at: "10:00")
            try await database.transaction { sql in
                try await store.insert(hold, footprint: therapist.session.footprint(hold.slot), bookedBy: nil, now: now, sql: sql)
                try await store.insert(kept, footprint: therapist.session.footprint(kept.slot), bookedBy: client, now: now, sql: sql)
            }
            try await database.transaction { sql in try await WaitlistStore().releaseHold(hold.id, sql: sql) }
            #expect(try await database.read { sql in try await store.find(hold.id, sql: sql) } == nil)
            #expect(try await units(database, therapist.id) == 12)
            // A booked session is not a hold: releasing it by mistake deletes nothing and frees nothing.
            try await database.transaction { sql in try await WaitlistStore().releaseHold(kept.id, sql: sql) }
            #expect(try await units(database, therapist.id) == 12)
        }
    }
}
