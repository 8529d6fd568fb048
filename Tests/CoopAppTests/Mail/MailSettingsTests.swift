import CoopApp
import CoopTestSupport
import Foundation
import Testing

/// `COOPCARE_SMTP_URL` and its companions: which forms are accepted and how they protect the connection, what is
/// refused at start, and that the password stays out of every description.
@Suite struct MailSettingsTests {
    static func settings(_ environment: [String: String]) throws -> MailSettings {
        try MailSettings.from(environment: environment, publicURL: "https://coop.example.org")
    }

    static func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coopcare-smtp-\(UUID().uuidString)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [
        ("smtp://localhost", "localhost", 25, SMTPSecurity.plain, nil, nil, "smtp://localhost:25"),
        ("smtp://127.0.0.1:2525", "127.0.0.1", 2525, .plain, nil, nil, "smtp://127.0.0.1:2525"),
        ("smtp://[::1]:25", "::1", 25, .plain, nil, nil, "smtp://[::1]:25"),
        // Off this machine, plain smtp:// means STARTTLS required.
        ("smtp://relay.example.org", "relay.example.org", 25, .startTLS, nil, nil, "smtp+starttls://relay.example.org:25"),
        ("smtp://relay.example.org?starttls=opportunistic", "relay.example.org", 25, .opportunistic, nil, nil,
         "smtp://relay.example.org:25?starttls=opportunistic"),
        ("smtp://10.0.0.5:2525?starttls=off", "10.0.0.5", 2525, .plain, nil, nil, "smtp://10.0.0.5:2525?starttls=off"),
        ("smtp://localhost?starttls=required", "localhost", 25, .startTLS, nil, nil, "smtp+starttls://localhost:25"),
        ("smtp+starttls://coop%40example.org:p%3Ass%20w%C3%B6rd@smtp.example.org", "smtp.example.org", 587, .startTLS,
         "coop@example.org", "p:ss wörd", "smtp+starttls://coop@example.org@smtp.example.org:587"),
        ("smtps://mailer:hunter2hunter2@smtp.example.org", "smtp.example.org", 465, .implicitTLS, "mailer", "hunter2hunter2",
         "smtps://mailer@smtp.example.org:465"),
        ("SMTPS://mailer:pw@smtp.example.org:2465", "smtp.example.org", 2465, .implicitTLS, "mailer", "pw", "smtps://mailer@smtp.example.org:2465"),
        // Credentials in clear are fine to loopback only.
        ("smtp://local:pw@127.0.0.1", "127.0.0.1", 25, .plain, "local", "pw", "smtp://local@127.0.0.1:25"),
    ] as [(String, String, Int, SMTPSecurity, String?, String?, String)])
    func acceptedForms(url: String, host: String, port: Int, security: SMTPSecurity, user: String?, password: String?, shown: String) throws {
        let relay = try SMTPRelayURL(url)
        #expect(relay.host == host && relay.port == port && relay.security == security)
        #expect(relay.credentials?.user == user && relay.credentials?.password == password)
        #expect(relay.description == shown)
        let settings = try Self.settings(["COOPCARE_SMTP_URL": url])
        #expect(settings.relayDescription == shown && !settings.isDevelopment)
        if let password {
            #expect(!String(describing: settings.transport!).contains(password))
            #expect(!String(reflecting: relay).contains(password))
        }
    }

    @Test(arguments: [
        ("http://relay.example.org", MailSettingsError.invalidRelay),
        ("smtp://", .invalidRelay),
        ("smtp://relay.example.org:0", .invalidRelay),
        ("smtp://relay.example.org:70000", .invalidRelay),
        ("smtp://relay.example.org?starttls=maybe", .invalidRelay),
        ("smtp://relay.example.org?verify=no", .invalidRelay),
        ("smtps://relay.example.org?starttls=off", .invalidRelay),
        ("smtp+starttls://relay.example.org?starttls=opportunistic", .invalidRelay),
        ("smtp://relay.example.org/path", .invalidRelay),
        ("smtp+starttls://user@relay.example.org", .missingPassword),
        ("smtp+starttls://:secret@relay.example.org", .missingUser),
        ("smtp://user:secret@relay.example.org?starttls=opportunistic", .credentialsInClear),
        ("smtp://user:secret@relay.example.org?starttls=off", .credentialsInClear),
    ])
    func refusedForms(url: String, expected: MailSettingsError) {
        #expect(throws: expected) { try Self.settings(["COOPCARE_SMTP_URL": url]) }
    }

    @Test func thePasswordCanComeFromAFileButNotFromTwoPlaces() throws {
        let path = try Self.temporaryFile("s3cret from a file\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let relay = try SMTPRelayURL("smtps://mailer@smtp.example.org", passwordFile: path)
        #expect(relay.credentials == SMTPCredentials(user: "mailer", password: "s3cret from a file"))
        let settings = try Self.settings(["COOPCARE_SMTP_URL": "smtps://mailer@smtp.example.org", "COOPCARE_SMTP_PASSWORD_FILE": path])
        #expect(settings.relayDescription == "smtps://mailer@smtp.example.org:465")
        #expect(throws: MailSettingsError.passwordTwice) {
            try Self.settings(["COOPCARE_SMTP_URL": "smtps://mailer:other@smtp.example.org", "COOPCARE_SMTP_PASSWORD_FILE": path])
        }
        #expect(throws: MailSettingsError.unreadableFile("COOPCARE_SMTP_PASSWORD_FILE")) {
            try Self.settings(["COOPCARE_SMTP_URL": "smtps://mailer@smtp.example.org", "COOPCARE_SMTP_PASSWORD_FILE": path + ".missing"])
        }
    }

    @Test func anExtraCAFileMustHoldCertificates() throws {
        let good = try Self.temporaryFile(try TestCertificates.make().caPEM)
        let bad = try Self.temporaryFile("not a certificate\n")
        defer {
            try? FileManager.default.removeItem(atPath: good)
            try? FileManager.default.removeItem(atPath: bad)
        }
        let url = "smtp+starttls://mailer:pw@smtp.example.org"
        #expect(try Self.settings(["COOPCARE_SMTP_URL": url, "COOPCARE_SMTP_CA_FILE": good]).transport != nil)
        #expect(throws: MailSettingsError.invalidCAFile) { try Self.settings(["COOPCARE_SMTP_URL": url, "COOPCARE_SMTP_CA_FILE": bad]) }
        #expect(throws: MailSettingsError.unreadableFile("COOPCARE_SMTP_CA_FILE")) {
            try Self.settings(["COOPCARE_SMTP_URL": url, "COOPCARE_SMTP_CA_FILE": bad + ".missing"])
        }
    }

    @Test func withoutARelayNothingIsSent() throws {
        #expect(try Self.settings([:]).isDevelopment)
        #expect(try Self.settings(["COOPCARE_SMTP_URL": ""]).isDevelopment)
    }
}
