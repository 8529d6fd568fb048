import CoopData
import CoopDomain
import Foundation
import SQLKit

extension DemoCoop {
    /// Two demo waitlist entries: Indigo on the co-op's list (Spanish, evenings, sliding scale) and Jules on Casey
    /// Fictional's list (mornings). Plainly fictional, inside the transaction that creates the demo members.
    static func addWaitlist(members: [Member], now: Date, sql: any SQLDatabase) async throws {
        let byEmail = Dictionary(uniqueKeysWithValues: members.map { ($0.email.value, $0) })
        let zone = try IANATimeZone("America/Los_Angeles")
        var entries: [WaitlistRecord] = []
        if let indigo = byEmail["indigo.ficticio@demo.coopcare.example"] {
            let evenings = try [Weekday.monday, .wednesday].map { try WaitlistWindow($0, LocalTime("16:00"), LocalTime("19:00")) }
            entries.append(
                WaitlistRecord(
                    entry: WaitlistEntry(
                        id: .make(), client: indigo.id, joinedAt: now.addingTimeInterval(-3 * 86_400), therapist: nil, state: .CA,
                        language: try LanguageCode("es"), windows: evenings, zone: zone, needsSlidingScale: true
                    ),
                    constraints: try WaitlistConstraints()
                )
            )
        }
        if let jules = byEmail["jules.specimen@demo.coopcare.example"], let casey = byEmail["casey.fictional@demo.coopcare.example"] {
            let mornings = try [Weekday.tuesday, .thursday].map { try WaitlistWindow($0, LocalTime("09:00"), LocalTime("12:00")) }
            entries.append(
                WaitlistRecord(
                    entry: WaitlistEntry(
                        id: .make(), client: jules.id, joinedAt: now.addingTimeInterval(-86_400), therapist: casey.id, state: .CA, windows: mornings, zone: zone
                    ),
                    constraints: try WaitlistConstraints()
                )
            )
        }
        for entry in entries { try await WaitlistStore().insert(entry, sql: sql) }
    }
}
