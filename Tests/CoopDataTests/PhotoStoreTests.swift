import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// Photos round-trip byte for byte (BLOB on SQLite, BYTEA on PostgreSQL), replace each other with a later stamp,
/// are listed without their bytes, and go when removed.
@Suite struct PhotoStoreTests {
    /// Every byte value, including NUL and 0xFF, so nothing is lost to text encodings.
    static func picture(seed: UInt8) throws -> ProfilePhoto {
        try ProfilePhoto(upload: PNGImage.encode(width: 64, height: 80) { x, y in (UInt8((x * 4 + y) & 0xFF), seed, UInt8(255 - x)) })
    }

    @Test func saveFindReplaceListAndRemove() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let store = PhotoStore()
            let therapist = try await CareTestData.therapist(services.database, name: "Pat Picture")
            let other = try await CareTestData.therapist(services.database, name: "Lee Plain")
            let first = try Self.picture(seed: 0)
            let saved = try await services.database.transaction { sql in try await store.save(first, therapist: therapist.id, now: CareTestData.monday, sql: sql) }
            #expect(saved.sha256 == PhotoStore.sha256(first.bytes) && saved.sha256.count == 64)
            let found = try #require(try await services.database.read { sql in try await store.find(therapist.id, sql: sql) })
            #expect(Array(found.bytes) == first.bytes)
            #expect(found.format == .png && found.summary == saved)

            let second = try Self.picture(seed: 255)
            let replaced = try await services.database.transaction { sql in try await store.save(second, therapist: therapist.id, now: CareTestData.monday, sql: sql) }
            #expect(replaced.updatedAt > saved.updatedAt)
            #expect(replaced.sha256 != saved.sha256)
            let listed = try await services.database.read { sql in try await store.summaries([therapist.id, other.id, therapist.id], sql: sql) }
            #expect(listed == [therapist.id: replaced])
            #expect(try await services.database.read { sql in try await store.summaries([], sql: sql) }.isEmpty)

            #expect(try await services.database.transaction { sql in try await store.remove(therapist.id, sql: sql) })
            #expect(try await services.database.transaction { sql in try await store.remove(therapist.id, sql: sql) } == false)
            #expect(try await services.database.read { sql in try await store.find(therapist.id, sql: sql) } == nil)
        }
    }
}
