import Foundation

/// What a reschedule led to.
public struct RescheduleOutcome: Hashable, Sendable {
    /// The appointment at its new time (same id, SEQUENCE one higher).
    public let appointment: Appointment
    /// Whether it was moved early enough.
    public let timing: CancellationTiming
    /// The fee charged for a late move (zero unless the policy charges late reschedules).
    public let fee: Money
}

extension Appointment {
    /// The appointment cancelled at `at` by `by`, with timing and fee from `policy`; SEQUENCE goes up by one.
    /// Throws `SchedulingError.appointmentNotActive` unless it is proposed, pending or booked.
    public func cancelled(by: CancelledBy, at: Date, policy: CancellationPolicy, sessionFee: Money?) throws(SchedulingError) -> Appointment {
        guard status.isUpcoming else { throw .appointmentNotActive(id, status) }
        let timing = policy.timing(start: slot.start, actionAt: at)
        var copy = self
        copy.status = .cancelled
        copy.sequence += 1
        copy.cancellation = CancellationRecord(
            at: at,
            by: by,
            timing: timing,
            fee: policy.cancellationFee(timing: timing, by: by, sessionFee: sessionFee)
        )
        return copy
    }

    /// The appointment moved to `newSlot`, keeping its id so calendar copies update instead of duplicating.
    /// Check the new slot with `BookingRules` (ignoring this appointment) first.
    public func rescheduled(
        to newSlot: Slot,
        by: CancelledBy,
        at: Date,
        policy: CancellationPolicy,
        sessionFee: Money?
    ) throws(SchedulingError) -> RescheduleOutcome {
        guard status.isUpcoming else { throw .appointmentNotActive(id, status) }
        let timing = policy.timing(start: slot.start, actionAt: at)
        var copy = self
        copy.slot = newSlot
        copy.sequence += 1
        let fee = policy.cancellationFee(timing: timing, by: by, sessionFee: sessionFee, reschedule: true)
        return RescheduleOutcome(appointment: copy, timing: timing, fee: fee)
    }

    /// The appointment marked as a no-show with the policy's fee. Throws `.noShowBeforeStart` before the start,
    /// `.appointmentNotActive` unless it is pending or booked.
    public func noShow(at: Date, policy: CancellationPolicy, sessionFee: Money?) throws(SchedulingError) -> Appointment {
        guard status == .booked || status == .pending else { throw .appointmentNotActive(id, status) }
        guard at >= slot.start else { throw .noShowBeforeStart(id) }
        var copy = self
        copy.status = .noshow
        copy.noShowFee = policy.noShowFee(sessionFee: sessionFee)
        return copy
    }
}
