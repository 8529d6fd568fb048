import ArgumentParser
import CoopApp
import CoopData
import CoopDomain
import CoopWeb
import Foundation
import Hummingbird
import Logging

/// `coopcare serve`: migrate, then serve the co-op until SIGTERM or SIGINT, finishing requests in flight.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the co-op over HTTP.",
        discussion: """
            Mail (without COOPCARE_SMTP_URL nothing is sent; messages wait in the outbox):
            COOPCARE_SMTP_URL, one of
              smtp://host[:25]      plain SMTP to a loopback relay; to any other host
                                    STARTTLS is required (?starttls=opportunistic or
                                    ?starttls=off: only on a network you trust)
              smtp+starttls://user[:password]@host[:587]  STARTTLS required
              smtps://user[:password]@host[:465]          TLS from the first byte
              User and password are percent-encoded. Credentials only go over TLS
              (or to a loopback relay); certificates are always verified.
            COOPCARE_SMTP_PASSWORD_FILE  a file holding the relay password
            COOPCARE_SMTP_CA_FILE        extra CA certificates (PEM) to trust
            COOPCARE_MAIL_FROM           the sender address
            """
    )

    @OptionGroup var data: DataOptions
    @Option(help: "Address to listen on (env COOPCARE_HOST).") var host: String?
    @Option(help: "Port to listen on (env COOPCARE_PORT).") var port: Int?
    @Option(help: "The address people use to reach the service, for links (env COOPCARE_PUBLIC_URL).") var publicURL: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error (env LOG_LEVEL).") var logLevel: String?
    @Flag(help: "Fill an empty database with the demo co-op and print a sign-in for each role.") var demo = false

    func run() async throws {
        try await reportingErrors { try await serve() }
    }

    private func serve() async throws {
        let started = ContinuousClock.now
        let environment = ProcessInfo.processInfo.environment
        let host = host ?? environment["COOPCARE_HOST"] ?? "127.0.0.1"
        let port = port ?? environment["COOPCARE_PORT"].flatMap(Int.init) ?? 8080
        let publicURL = (publicURL ?? environment["COOPCARE_PUBLIC_URL"] ?? "http://\(host):\(port)").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let mail: MailSettings
        do {
            mail = try MailSettings.from(environment: environment, publicURL: publicURL)
        } catch let error as MailSettingsError {
            FileHandle.standardError.write(Data("coopcare: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        let schedulerSeconds = environment["COOPCARE_SCHEDULER_SECONDS"].flatMap(Int.init).map { max(1, $0) } ?? 30
        var logger = Logger(label: "coopcare")
        logger.logLevel = (logLevel ?? environment["LOG_LEVEL"]).flatMap(Logger.Level.init(rawValue:)) ?? .info

        let databaseURL = try data.databaseURL()
        let services = try await CoopServices.start(
            databaseURL: databaseURL, masterKey: try data.masterKey(), publicURL: publicURL,
            passwordCost: PasswordCostOption.fromEnvironment(), logger: logger
        )
        logger.info("database ready", metadata: ["database": "\(databaseURL)"])
        if let relay = mail.relayDescription {
            logger.info("mail relay", metadata: ["relay": "\(relay)"])
            if relay.contains("?starttls=") {
                logger.warning("mail to this relay may travel without TLS: use this only on a network you trust", metadata: ["relay": "\(relay)"])
            }
        }
        var banner: [String] = []
        if demo {
            let created = try await DemoCoop(services: services).createIfEmpty()
            banner.append(created ? "Demo co-op created. Sign in as any of these (synthetic people, demo only):" : "Demo sign-ins:")
            for signIn in try await DemoCoop(services: services).signIns() {
                var line = "  \(signIn.role.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) \(signIn.email)  password: \(signIn.password)"
                if let secret = signIn.totpSecret { line += "  TOTP secret: \(secret)" }
                banner.append(line)
            }
        }
        if let link = try await Accounts(services: services).setupLinkIfNeeded() {
            banner.append("No account exists yet. Create the first coordinator here (one-time link, valid 24 hours):")
            banner.append("  \(link)")
        }
        let configuration = WebConfiguration(
            publicURL: publicURL,
            timeZone: environment["COOPCARE_TIME_ZONE"].flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "America/Los_Angeles")!,
            mail: mail, schedulerInterval: .seconds(schedulerSeconds)
        )
        let lines = banner
        let app = try await buildApplication(services: services, configuration: configuration, host: host, port: port) { boundPort in
            let elapsed = ContinuousClock.now - started
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            let text = (lines + ["CoopCare is serving at http://\(host):\(boundPort) (ready in \(milliseconds) ms)"]).joined(separator: "\n") + "\n"
            // Written unbuffered, so that a script waiting for this line sees it at once.
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        do {
            try await app.runService()
        } catch {
            await services.database.close()
            throw error
        }
        await services.database.close()
    }
}
