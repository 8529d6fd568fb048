import CoopData
import CoopDomain
import Foundation
import SQLKit

extension DemoCoop {
    /// The demo peer circle meets weekly: three more meetings at the same wall-clock time (in the default co-op zone,
    /// America/Los_Angeles), linked as one series; its two members are registered for each (one under a chosen name).
    static func addGroupSeries(now: Date, sql: any SQLDatabase) async throws {
        let store = GroupStore()
        guard let zone = try? IANATimeZone("America/Los_Angeles"),
            let circle = try await store.upcoming([.peerSupport], now: now, sql: sql).first(where: { $0.title == "Thursday evening peer circle" })
        else { return }
        let plan = try GroupSeriesPlan(repeats: .weekly, firstStart: circle.start, zone: zone, count: 4)
        let length = circle.end.timeIntervalSince(circle.start)
        let registrations = try await store.registrations(circle.id, sql: sql)
        var ids = [circle.id]
        for start in plan.starts.dropFirst() {
            let meeting = GroupSessionRecord(
                id: .make(), kind: circle.kind, title: circle.title, description: circle.description, facilitator: circle.facilitator, start: start,
                end: start.addingTimeInterval(length), seats: circle.seats, online: circle.online
            )
            try await store.insert(meeting, now: now, sql: sql)
            for registration in registrations {
                var copy = registration
                copy.id = .make()
                copy.session = meeting.id
                try await store.insert(copy, cancelToken: nil, sql: sql)
                _ = try await store.claimSeat(copy.id, session: meeting.id, seats: meeting.seats, sql: sql)
            }
            ids.append(meeting.id)
        }
        try await GroupSeriesStore().insertSeries(.make(), repeats: .weekly, sessions: ids, now: now, sql: sql)
    }
}
