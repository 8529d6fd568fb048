import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// The co-op's governed late-cancellation and no-show fees, as cancellations and missed sessions apply them.
@Suite struct CancellationFeeTests {
    func signedIn(_ member: Member) -> Actor { Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true) }

    /// Puts fees in force the way a passed decision does.
    func decide(_ fees: CancellationFees, _ services: CoopServices) async throws {
        try await services.database.transaction { sql in
            try await GovernedSettingStore().record(.cancellationFees(fees), decidedBy: PollID.make(), at: services.now(), sql: sql)
        }
    }

    @Test func withoutADecisionNothingIsCharged() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let booked = try await care.book(
                BookingCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-05", "10:00"), clientState: .CA), actor: signedIn(client), origin: .system)
            let cancelled = try await care.cancel(booked.id, actor: signedIn(client), origin: .system)
            #expect(cancelled.cancellation?.timing == .late && cancelled.cancellation?.fee == .zero)
            #expect(try await care.myAppointments(actor: signedIn(client), origin: .system).lateCancellationFee == .zero)
        }
    }

    @Test func aDecidedFeeIsChargedForALateCancellationByTheClientAndForAMissedSessionOnly() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = CareAccess(services: services)
            let record = try await CareTestData.therapist(services.database)
            let therapist = Actor(memberID: record.id, roles: [.clinician], mfaSatisfied: true)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            try await decide(CancellationFees(lateCancellation: Money(cents: 2_500), noShow: Money(cents: 4_050)), services)
            func book(_ day: String, _ time: String) async throws -> Appointment {
                try await care.book(
                    BookingCommand(therapist: record.id, start: CareTestData.instant(day, time), clientState: .CA), actor: signedIn(client), origin: .system)
            }
            // Monday 00:00 in Los Angeles: Monday 10:00 is inside the 24-hour window, Wednesday is outside it.
            let lateByClient = try await book("2026-01-05", "10:00")
            let lateByTherapist = try await book("2026-01-05", "13:00")
            let onTime = try await book("2026-01-07", "10:00")
            let missed = try await book("2026-01-05", "15:00")
            #expect(try await care.myAppointments(actor: signedIn(client), origin: .system).lateCancellationFee == Money(cents: 2_500))

            let charged = try await care.cancel(lateByClient.id, actor: signedIn(client), origin: .system)
            #expect(charged.cancellation?.timing == .late && charged.cancellation?.fee == Money(cents: 2_500))
            let byTherapist = try await care.cancel(lateByTherapist.id, actor: therapist, origin: .system)
            #expect(byTherapist.cancellation?.timing == .late && byTherapist.cancellation?.fee == .zero)
            let early = try await care.cancel(onTime.id, actor: signedIn(client), origin: .system)
            #expect(early.cancellation?.timing == .onTime && early.cancellation?.fee == .zero)
            clock.advance(CareTestData.instant("2026-01-05", "15:10").timeIntervalSince(clock.now))
            let noShow = try await care.recordNoShow(missed.id, actor: therapist, origin: .system)
            #expect(noShow.noShowFee == Money(cents: 4_050))

            // What is stored is what was charged, and each charge is in the audit log.
            let stored = try await services.database.read { sql in
                try await AppointmentStore().forClient(client.id, sql: sql)
            }
            let fees = Dictionary(uniqueKeysWithValues: stored.map { ($0.appointment.id, $0.appointment.noShowFee ?? $0.appointment.cancellation?.fee) })
            #expect(fees[lateByClient.id] == Money(cents: 2_500) && fees[lateByTherapist.id] == .zero && fees[onTime.id] == .zero)
            #expect(fees[missed.id] == Money(cents: 4_050))
            let details = try await services.database.read { sql in try await AuditStore().recent(limit: 100, sql: sql) }
                .filter { $0.resourceType == "appointment" }.compactMap(\.detail)
            #expect(details.contains { $0.hasPrefix("cancel by=client timing=late fee_cents=2500") })
            #expect(details.contains { $0.hasPrefix("no-show fee_cents=4050") })
        }
    }

    @Test func aLaterDecisionAppliesFromThenOn() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = CareAccess(services: services)
            let record = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            try await decide(CancellationFees(lateCancellation: Money(cents: 2_500), noShow: .zero), services)
            let first = try await care.book(
                BookingCommand(therapist: record.id, start: CareTestData.instant("2026-01-05", "10:00"), clientState: .CA), actor: signedIn(client), origin: .system)
            let second = try await care.book(
                BookingCommand(therapist: record.id, start: CareTestData.instant("2026-01-05", "13:00"), clientState: .CA), actor: signedIn(client), origin: .system)
            #expect(try await care.cancel(first.id, actor: signedIn(client), origin: .system).cancellation?.fee == Money(cents: 2_500))
            try await decide(.standard, services)
            #expect(try await care.cancel(second.id, actor: signedIn(client), origin: .system).cancellation?.fee == .zero)
        }
    }

    @Test func onlyTheTherapistOrACoordinatorWaivesAFeeAndOnlyOnce() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = CareAccess(services: services)
            let record = try await CareTestData.therapist(services.database)
            let therapist = Actor(memberID: record.id, roles: [.clinician], mfaSatisfied: true)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let (other, _) = try await TestServices.member(services, roles: [.clinician])
            let (coordinator, _) = try await TestServices.member(services, roles: [.coordinator])
            try await decide(CancellationFees(lateCancellation: Money(cents: 2_500), noShow: .zero), services)
            func book(_ time: String) async throws -> Appointment {
                try await care.book(
                    BookingCommand(therapist: record.id, start: CareTestData.instant("2026-01-05", time), clientState: .CA), actor: signedIn(client), origin: .system)
            }
            let charged = try await care.cancel(try await book("10:00").id, actor: signedIn(client), origin: .system)
            let free = try await care.cancel(try await book("13:00").id, actor: therapist, origin: .system)
            // Neither the client nor another clinician may waive it: to them it does not exist.
            for actor in [signedIn(client), signedIn(other)] {
                await #expect(throws: CareAccessError.appointmentNotFound) { try await care.waiveFee(charged.id, actor: actor, origin: .system) }
            }
            let waived = try await care.waiveFee(charged.id, actor: therapist, origin: .system)
            #expect(waived.fee == Money(cents: 2_500) && waived.feeOwed == .zero && waived.feeWaiver?.by == record.id)
            await #expect(throws: SchedulingError.feeAlreadyWaived(charged.id)) { try await care.waiveFee(charged.id, actor: signedIn(coordinator), origin: .system) }
            await #expect(throws: SchedulingError.noFeeToWaive(free.id)) { try await care.waiveFee(free.id, actor: signedIn(coordinator), origin: .system) }
            let stored = try await services.database.read { sql in try await AppointmentStore().find(charged.id, sql: sql) }
            #expect(stored?.appointment.feeWaiver == FeeWaiver(at: clock.now, by: record.id) && stored?.appointment.feeOwed == .zero)
            let denied = try await services.database.read { sql in try await AuditStore().recent(limit: 100, sql: sql) }.filter { $0.outcome == .denied }
            #expect(denied.count == 2)
        }
    }
}
