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
}
