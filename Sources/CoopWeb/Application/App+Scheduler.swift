import CoopApp
import CoopData
import Foundation
import Logging
import ServiceLifecycle

/// The background jobs (see `Scheduler.standardJobs`) with their emails worded from the catalogues.
func makeScheduler(services: CoopServices, configuration: WebConfiguration) throws -> Scheduler {
    let catalog = try Catalog.load()
    let governance = Governance(services: services, messages: GovernanceEmails(catalog: catalog, configuration: configuration))
    let reminders = Reminders(services: services, messages: ReminderEmails(catalog: catalog, configuration: configuration))
    let mail = MailDelivery(services: services, settings: configuration.mail)
    var care = CareAccess(services: services)
    care.waitlistMessages = WaitlistEmails(catalog: catalog, configuration: configuration)
    care.bookingMessages = BookingEmails(catalog: catalog, configuration: configuration)
    return Scheduler(
        jobs: Scheduler.standardJobs(governance: governance, reminders: reminders, mail: mail, care: care), interval: configuration.schedulerInterval,
        now: services.now, logger: services.logger
    )
}

/// Runs the scheduler beside the HTTP server: a tick now, then one every interval; on SIGTERM the tick in progress
/// finishes and no new one starts.
struct SchedulerService: Service {
    let scheduler: Scheduler

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await scheduler.runDue()
            let interval = scheduler.interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
