import CoopData
import CoopDomain
import Foundation
import SQLKit

extension DemoCoop {
    /// Demo groups and workshops: a nearly full workshop (one seat left), a small two-seat workshop, an online
    /// workshop in Spanish, and a peer-support circle where one participant goes by a chosen name.
    static func addGroups(members: [Member], now: Date, sql: any SQLDatabase) async throws {
        func member(_ email: String) -> Member? { members.first { $0.email.value == email } }
        guard let finley = member("finley.mockingbird@demo.coopcare.example"), let gray = member("gray.demo@demo.coopcare.example"),
            let emery = member("emery.ejemplo@demo.coopcare.example"), let jules = member("jules.specimen@demo.coopcare.example"),
            let kai = member("kai.neighbour@demo.coopcare.example")
        else { return }
        let store = GroupStore()
        // Whole hours a few days ahead, so the demo reads naturally whatever the day.
        let base = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        func at(days: Double, hours: Double) -> Date { base.addingTimeInterval(days * 86_400 + hours * 3600) }
        let nearlyFull = GroupSessionRecord(
            id: .make(), kind: .workshop, title: "Understanding anxiety: a community evening",
            description: "What anxiety is, how it shows up in the body, and small everyday tools. Education, not therapy.",
            facilitator: gray.id, start: at(days: 5, hours: 2), end: at(days: 5, hours: 3.5), seats: 12, online: false
        )
        let small = GroupSessionRecord(
            id: .make(), kind: .workshop, title: "Sleep and mood: a short introduction",
            description: "A small-group talk on sleep habits and mood. Two seats only.",
            facilitator: finley.id, start: at(days: 8, hours: 1), end: at(days: 8, hours: 2), seats: 2, online: true
        )
        let spanish = GroupSessionRecord(
            id: .make(), kind: .workshop, title: "Taller: cuidar a quien cuida",
            description: "Para familias y personas cuidadoras: límites, descanso y apoyo. En español, en línea.",
            facilitator: emery.id, start: at(days: 10, hours: 3), end: at(days: 10, hours: 4.5), seats: 25, online: true
        )
        let circle = GroupSessionRecord(
            id: .make(), kind: .peerSupport, title: "Thursday evening peer circle",
            description: "A drop-in peer-support circle led by a peer facilitator. Not therapy; come under any name you like.",
            facilitator: finley.id, start: at(days: 3, hours: 4), end: at(days: 3, hours: 5.5), seats: 10, online: true
        )
        for session in [nearlyFull, small, spanish, circle] { try await store.insert(session, now: now, sql: sql) }
        // Eleven fictional guests take eleven of the twelve seats.
        for number in 1...11 {
            let registration = GroupRegistrationRecord(
                id: .make(), session: nearlyFull.id, member: nil, name: "Demo Guest \(number)", chosen: false,
                email: "guest\(number)@demo.coopcare.example", language: .english, status: .waitlisted, registeredAt: now
            )
            try await store.insert(registration, cancelToken: SecretToken.make(), sql: sql)
            _ = try await store.claimSeat(registration.id, session: nearlyFull.id, seats: nearlyFull.seats, sql: sql)
        }
        for (person, chosen) in [(jules, "River"), (kai, "")] {
            let registration = GroupRegistrationRecord(
                id: .make(), session: circle.id, member: person.id, name: chosen.isEmpty ? person.displayName.value : chosen, chosen: !chosen.isEmpty,
                email: nil, language: person.language, status: .waitlisted, registeredAt: now
            )
            try await store.insert(registration, cancelToken: nil, sql: sql)
            _ = try await store.claimSeat(registration.id, session: circle.id, seats: circle.seats, sql: sql)
        }
    }
}
