import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// Figures for the speed targets; run with COOPCARE_MEASURE=1. They print figures and do not pass or fail on speed.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["COOPCARE_MEASURE"] != nil)) struct CareAccessMeasurements {
    @Test func searchOverTwoThousandTherapistsAndSequentialBookings() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            let states: [USState] = [.CA, .NY, .TX, .WA, .OR]
            var records: [TherapistRecord] = []
            for index in 0..<2000 {
                records.append(
                    try await CareTestData.therapist(
                        services.database, name: "Therapist \(index)", states: [states[index % states.count]],
                        languages: index % 3 == 0 ? ["es", "en"] : ["en"]
                    )
                )
            }
            var timings: [Double] = []
            var found = 0
            for _ in 0..<40 {
                let started = ContinuousClock.now
                found = try await care.search(DirectoryQuery(state: .CA, language: try LanguageCode("es")), actor: .anonymous, origin: .system).count
                timings.append(Double((ContinuousClock.now - started).components.attoseconds) / 1e15 + Double((ContinuousClock.now - started).components.seconds) * 1000)
            }
            timings.sort()
            let loadStarted = ContinuousClock.now
            _ = try await services.database.read { sql in try await TherapistStore().all(licensedIn: .CA, sql: sql) }
            print("care-measure: loading the 400 CA profiles alone: \(ContinuousClock.now - loadStarted)")
            print("care-measure: search CA+es over 2000 therapists (\(found) licensed in CA): p50 \(Int(timings[20])) ms, p95 \(Int(timings[37])) ms on \(services.database.engine.rawValue)")

            let (client, _) = try await TestServices.member(services, roles: [.client])
            let actor = Actor(memberID: client.id, roles: [.client], mfaSatisfied: true)
            let started = ContinuousClock.now
            var booked = 0
            for record in records.prefix(400) where record.profile.credentials.licenses[0].state == .CA {
                for hour in ["09:00", "10:00", "11:00", "13:00", "14:00"] {
                    let command = BookingCommand(therapist: record.id, start: CareTestData.instant("2026-01-06", hour), clientState: .CA)
                    try await care.book(command, actor: actor, origin: .system)
                    booked += 1
                }
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("care-measure: \(booked) bookings one after another in \(Int(seconds * 1000)) ms = \(Int(Double(booked) / seconds)) bookings/s on \(services.database.engine.rawValue)")
        }
    }
}
