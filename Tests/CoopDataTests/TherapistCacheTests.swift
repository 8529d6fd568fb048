import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// The therapist cache answers from memory only while the record is unchanged in the database.
@Suite struct TherapistCacheTests {
    @Test func everyChangeIsSeenEvenWithinOneMillisecondAndThroughASupervisor() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let cache = TherapistCache()
            var record = try await CareTestData.therapist(services.database)
            let id = record.id
            let first = try await services.database.read { sql in try await cache.record(id, sql: sql) }
            #expect(first?.bio == record.bio)
            // Two saves at the same instant as the first: each still changes the stamp, so the cache reloads.
            for bio in ["Second bio.", "Third bio."] {
                record.bio = bio
                let changed = record
                try await services.database.transaction { sql in try await TherapistStore().save(changed, now: CareTestData.monday, sql: sql) }
                let seen = try await services.database.read { sql in try await cache.record(id, sql: sql) }
                #expect(seen?.bio == bio)
            }
            let unknown = try await services.database.read { sql in try await cache.record(MemberID.make(), sql: sql) }
            #expect(unknown == nil)
        }
    }

    @Test func aSupervisorsChangeReachesTheAssociatesStamp() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let supervisor = try await CareTestData.therapist(services.database, name: "Sam Supervisor")
            var associate = try await CareTestData.therapist(services.database, name: "Ari Associate", type: .amft)
            let link = try SupervisionLink(
                supervisor: supervisor.id, supervisorLicense: supervisor.profile.credentials.licenses[0], employer: "Demo Co-op",
                validFrom: LocalDate("2025-01-01"), validThrough: nil
            )
            let associateID = associate.id
            let old = associate.profile
            associate.profile = TherapistProfile(
                credentials: PracticeCredentials(therapist: associate.id, licenses: old.credentials.licenses, supervision: [link]),
                languages: old.languages, specialties: old.specialties, modalities: old.modalities, deliveries: old.deliveries,
                slidingScale: old.slidingScale
            )
            let linked = associate
            try await services.database.transaction { sql in try await TherapistStore().save(linked, now: CareTestData.monday, sql: sql) }
            let before = try await services.database.read { sql in try await TherapistStore().stamp(associateID, sql: sql) }
            let bio = supervisor
            try await services.database.transaction { sql in try await TherapistStore().save(bio, now: CareTestData.monday, sql: sql) }
            let after = try await services.database.read { sql in try await TherapistStore().stamp(associateID, sql: sql) }
            #expect(before != nil && after != nil && before != after)
        }
    }

    @Test func theDirectorysStateWideReadMatchesTheDatabaseAfterEveryChange() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let cache = TherapistCache()
            let store = TherapistStore()
            var first = try await CareTestData.therapist(services.database, name: "Casey First", states: [.CA])
            _ = try await CareTestData.therapist(services.database, name: "Nora Nevada", states: [.NV])
            func read() async throws -> [TherapistRecord] {
                try await services.database.read { sql in try await cache.stamped(licensedIn: .CA, store: store, sql: sql).map(\.record) }
            }
            // The same records, in the same order, as the uncached read; the stamps are the single-therapist stamps.
            let uncached = try await services.database.read { sql in try await store.all(licensedIn: .CA, sql: sql) }
            #expect(try await read().map(\.id) == uncached.map(\.id))
            let stamps = try await services.database.read { sql in try await store.stamps(licensedIn: .CA, sql: sql) }
            for (id, stamp) in stamps {
                let single = try await services.database.read { sql in try await store.stamp(id, sql: sql) }
                #expect(single == stamp)
            }
            // A change to one therapist is seen by the next read.
            first.bio = "Changed bio."
            let changed = first
            try await services.database.transaction { sql in try await store.save(changed, now: CareTestData.monday, sql: sql) }
            #expect(try await read().first { $0.id == first.id }?.bio == "Changed bio.")
            // A therapist newly licensed in the state appears; one licensed elsewhere never does.
            let second = try await CareTestData.therapist(services.database, name: "Dana Second", states: [.CA, .OR])
            let ids = Set(try await read().map(\.id))
            #expect(ids.contains(second.id) && ids.contains(first.id) && ids.count == 2)
        }
    }
}

