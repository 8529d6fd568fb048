import CoopApp
import CoopData
import CoopDomain
import Foundation

/// Builders with readable defaults for the care-access store, use-case and web tests.
public enum CareTestData {
    /// A Monday in winter (no DST change nearby): 2026-01-05 08:00 UTC, midnight in Los Angeles.
    public static let monday = Date(timeIntervalSince1970: 1_767_600_000)

    /// The instant of `time` on `date` in `zone` ("2026-01-06", "10:00", "America/Los_Angeles").
    public static func instant(_ date: String, _ time: String, _ zone: String = "America/Los_Angeles") -> Date {
        let resolved = try! IANATimeZone(zone).resolve(try! LocalDate(date), try! LocalTime(time))
        return resolved.firstOccurrence!
    }

    /// Saves a clinician member with a therapist profile: licensed in `states`, weekdays 09:00–17:00 in `zone`,
    /// 50-minute sessions every hour, no notice. Returns the record.
    @discardableResult
    public static func therapist(
        _ database: Database, name: String = "Test Therapist", states: [USState] = [.CA], type: LicenseType = .lmft,
        zone: String = "America/Los_Angeles", languages: [String] = ["en"], slidingPlaces: Int = 2, now: Date = monday,
        weekly: [WeeklyRule]? = nil, minimumNoticeMinutes: Int = 0
    ) async throws -> TherapistRecord {
        let member = Member(
            id: .make(), email: try EmailAddress("therapist-\(UUID().uuidString.prefix(8))@example.org"), displayName: try DisplayName(name),
            roles: [.clinician], status: .active, language: .english, mfaEnabled: true, createdAt: now
        )
        let licences = try states.enumerated().map { index, state in
            try Credential(state: state, type: type, number: "LIC-\(state.code)-\(1000 + index)", status: .active, expires: LocalDate("2030-12-31"))
        }
        let session = try SessionSettings(sessionMinutes: 50, bufferAfterMinutes: 10, minimumNoticeMinutes: minimumNoticeMinutes)
        let hours = try weekly ?? [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map { WeeklyRule($0, try LocalTime("09:00"), try LocalTime("17:00")) }
        let record = TherapistRecord(
            profile: TherapistProfile(
                credentials: PracticeCredentials(therapist: member.id, licenses: licences), languages: Set(try languages.map { try LanguageCode($0) }),
                specialties: [], modalities: [.individual], deliveries: [.telehealth], slidingScale: try SlidingScaleCapacity(places: slidingPlaces, taken: 0)
            ),
            displayName: name, bio: "Bio of \(name).", zone: try IANATimeZone(zone), session: session, weekly: hours
        )
        try await database.transaction { sql in
            try await MemberStore().insert(member, passwordHash: nil, sql: sql)
            try await TherapistStore().save(record, now: now, sql: sql)
        }
        return record
    }
}
