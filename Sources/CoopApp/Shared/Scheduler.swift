import CoopData
import CoopDomain
import Foundation
import Logging

/// One kind of background work: a name for the logs, how often at most it runs, and what it does.
public struct DueWork: Sendable {
    /// A short name, such as `mail.deliver`.
    public let name: String
    /// The least time between two runs (0: on every tick).
    public let every: TimeInterval
    /// Does the work that is due at the given time.
    public let run: @Sendable (Date) async throws -> Void

    /// Creates a job.
    public init(_ name: String, every: TimeInterval = 0, run: @escaping @Sendable (Date) async throws -> Void) {
        self.name = name
        self.every = every
        self.run = run
    }
}

/// Runs the due work every ``interval`` (30 seconds by default): each job in turn, its errors logged without stopping
/// the others. Every job is safe to run on several instances at once (leases and once-only records in the database).
public actor Scheduler {
    /// The jobs, in the order they run.
    public nonisolated let jobs: [DueWork]
    /// The time between ticks.
    public nonisolated let interval: Duration
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var lastRun: [String: Date] = [:]

    /// Creates a scheduler over `jobs`.
    public init(jobs: [DueWork], interval: Duration = .seconds(30), now: @escaping @Sendable () -> Date, logger: Logger) {
        self.jobs = jobs
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    /// The co-op's background jobs: the one place to add more (waitlist offers, …). Mail goes last, so that what
    /// the other jobs queue leaves in the same tick.
    public static func standardJobs(governance: Governance, reminders: Reminders, mail: MailDelivery, care: CareAccess? = nil) -> [DueWork] {
        var jobs = [
            // Closes polls past their closing time, reverts expired emergency changes and sends the "closing soon"
            // reminders, as a page read would.
            DueWork("governance.settle-due") { _ in try await governance.settleDue() }
        ]
        // Waitlist offers whose time ran out pass to the next person waiting (and the email is queued before delivery).
        if let care { jobs.append(DueWork("care.waitlist-offers") { now in _ = try await care.runDueWork(now: now) }) }
        // Booking, move and cancellation emails recorded with each change, queued before delivery.
        if let care { jobs.append(DueWork("care.booking-notices") { _ in try await care.sendBookingNotices() }) }
        return jobs + [
            // Session reminders, then group and workshop reminders, at the governed lead times.
            DueWork("care.session-reminders") { _ in
                try await reminders.sendSessionReminders()
                try await reminders.sendGroupReminders()
            },
            // Days, not minutes, matter here: once an hour is plenty.
            DueWork("care.credential-reminders", every: 3600) { _ in try await reminders.sendCredentialReminders() },
            DueWork("mail.deliver") { _ in try await mail.deliverDue() },
        ]
    }

    /// Runs every job that is due now, in order; returns the names of those that failed (each logged).
    @discardableResult
    public func runDue() async -> [String] {
        var failed: [String] = []
        for job in jobs {
            let start = now()
            if job.every > 0, let last = lastRun[job.name], start.timeIntervalSince(last) < job.every { continue }
            lastRun[job.name] = start
            do {
                try await job.run(start)
            } catch {
                failed.append(job.name)
                logger.error("background job failed", metadata: ["job": "\(job.name)", "error": "\(error)"])
            }
        }
        return failed
    }
}
