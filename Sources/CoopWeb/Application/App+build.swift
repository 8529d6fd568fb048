import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird
import Logging
import Prometheus

/// Builds the router with every middleware and controller; `serve` and the tests both call this.
public func buildRouter(services: CoopServices, configuration: WebConfiguration, registry: PrometheusCollectorRegistry) async throws -> Router<CoopRequestContext> {
    let catalog = try Catalog.load()
    let renderer = try await PageRenderer.load(catalog: catalog, configuration: configuration)
    let secure = configuration.behindTLS
    let accounts = Accounts(services: services)
    let directory = MemberDirectory(services: services)
    let auditLog = AuditLog(services: services)
    let csrfKey = services.envelope.csrfKey

    let router = Router(context: CoopRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(registry: registry))
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: SecurityHeadersMiddleware(behindTLS: secure))
    // Outer error page: catches failures while finding the session; the inner one answers in the viewer's language.
    router.add(middleware: ErrorPageMiddleware(renderer: renderer))
    router.add(middleware: SessionMiddleware(accounts: accounts, csrfKey: csrfKey, secureCookies: secure))
    router.add(middleware: ErrorPageMiddleware(renderer: renderer))
    router.add(middleware: CSRFMiddleware(services: services))

    OperationsController(services: services, registry: registry).addRoutes(to: router)
    HomeController(renderer: renderer, stylesheet: try resource("Static/app", "css")).addRoutes(to: router)
    AuthController(accounts: accounts, renderer: renderer, secureCookies: secure).addRoutes(to: router)
    InvitationController(accounts: accounts, renderer: renderer, secureCookies: secure).addRoutes(to: router)
    AccountController(accounts: accounts, renderer: renderer, secureCookies: secure).addRoutes(to: router)
    MembersController(accounts: accounts, directory: directory, renderer: renderer).addRoutes(to: router)
    AuditController(auditLog: auditLog, renderer: renderer).addRoutes(to: router)
    GovernanceController(services: services, catalog: catalog, configuration: configuration, renderer: renderer).addRoutes(to: router)
    MeetingsController(services: services, catalog: catalog, configuration: configuration, renderer: renderer).addRoutes(to: router)
    MembershipController(governance: Governance(services: services, messages: GovernanceEmails(catalog: catalog, configuration: configuration)), renderer: renderer)
        .addRoutes(to: router)
    APIController(directory: directory, auditLog: auditLog, document: try resource("openapi", "yaml")).addRoutes(to: router)
    var care = CareAccess(services: services)
    care.waitlistMessages = WaitlistEmails(catalog: catalog, configuration: configuration)
    care.bookingMessages = BookingEmails(catalog: catalog, configuration: configuration)
    CareController(care: care, renderer: renderer).addRoutes(to: router)
    WaitlistController(care: care, renderer: renderer).addRoutes(to: router)
    PhotoController(care: care, renderer: renderer).addRoutes(to: router)
    GroupsController(services: services, catalog: catalog, configuration: configuration, renderer: renderer).addRoutes(to: router)
    OutboxController(outbox: Outbox(services: services), mail: configuration.mail, renderer: renderer).addRoutes(to: router)
    return router
}

/// Builds the whole application: the router, bound to `host:port`.
public func buildApplication(
    services: CoopServices, configuration: WebConfiguration, host: String, port: Int,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(services: services, configuration: configuration, registry: registry)
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "CoopCare"),
        services: [SchedulerService(scheduler: try makeScheduler(services: services, configuration: configuration))],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: services.logger
    )
}

private func resource(_ name: String, _ ext: String) throws -> ByteBuffer {
    guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources") else {
        throw CatalogError.missing("\(name).\(ext)")
    }
    return ByteBuffer(bytes: try Data(contentsOf: url))
}
