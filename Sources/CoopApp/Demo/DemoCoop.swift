import CoopData
import CoopDomain
import Foundation

/// A sign-in a newcomer can use to look around the demo co-op as one kind of user.
public struct DemoSignIn: Sendable, Equatable {
    public var role: Role
    public var name: String
    public var email: String
    public var password: String
    /// The TOTP secret (base32) where the role needs a second factor.
    public var totpSecret: String?
}

/// A synthetic co-op with plainly fictional people in every role, so a newcomer sees a living system.
/// Later capabilities add their own demo data here.
public struct DemoCoop: Sendable {
    /// The password every demo account shares. It is printed by `serve --demo`; never use the demo in production.
    public static let password = "river-stone-demo-coop-2026"

    struct Person {
        var name: String
        var email: String
        var roles: Set<Role>
        var language: Language
    }

    static let people: [Person] = [
        Person(name: "Avery Sample", email: "avery.sample@demo.coopcare.example", roles: [.coordinator, .clinician], language: .english),
        Person(name: "Blake Example", email: "blake.example@demo.coopcare.example", roles: [.treasurer, .clinician], language: .english),
        Person(name: "Casey Fictional", email: "casey.fictional@demo.coopcare.example", roles: [.clinician], language: .english),
        Person(name: "Dana Placeholder", email: "dana.placeholder@demo.coopcare.example", roles: [.clinician], language: .english),
        Person(name: "Emery Ejemplo", email: "emery.ejemplo@demo.coopcare.example", roles: [.clinician], language: .spanish),
        Person(name: "Finley Mockingbird", email: "finley.mockingbird@demo.coopcare.example", roles: [.peerFacilitator], language: .english),
        Person(name: "Gray Demo", email: "gray.demo@demo.coopcare.example", roles: [.peerFacilitator, .communityMember], language: .english),
        Person(name: "Harper Testclient", email: "harper.testclient@demo.coopcare.example", roles: [.client], language: .english),
        Person(name: "Indigo Ficticio", email: "indigo.ficticio@demo.coopcare.example", roles: [.client], language: .spanish),
        Person(name: "Jules Specimen", email: "jules.specimen@demo.coopcare.example", roles: [.client, .communityMember], language: .english),
        Person(name: "Kai Neighbour-Demo", email: "kai.neighbour@demo.coopcare.example", roles: [.communityMember], language: .english),
        Person(name: "Morgan Ledger-Demo", email: "morgan.ledger@demo.coopcare.example", roles: [.treasurer], language: .english),
    ]

    let services: CoopServices

    /// Creates the demo over the shared services.
    public init(services: CoopServices) {
        self.services = services
    }

    /// Fills an empty database with the demo co-op; returns false (and changes nothing) if anyone already exists.
    @discardableResult
    public func createIfEmpty() async throws -> Bool {
        let hash = try services.passwordHasher.hash(Self.password)
        let now = services.now()
        var prepared: [(Member, String?)] = []
        for person in Self.people {
            let member = Member(
                id: .make(), email: try EmailAddress(person.email), displayName: try DisplayName(person.name), roles: person.roles,
                status: .active, language: person.language, mfaEnabled: person.roles.requireMFA, createdAt: now
            )
            let sealed = try member.mfaEnabled
                ? services.envelope.seal(TOTP.generateSecret(), context: SealedColumn.mfaSecret.context(id: member.id.rawValue)) : nil
            prepared.append((member, sealed))
        }
        let members = prepared
        return try await services.database.transaction { sql in
            guard try await MemberStore().isEmpty(sql: sql) else { return false }
            for (member, sealed) in members {
                try await MemberStore().insert(member, passwordHash: hash, sql: sql)
                if let sealed { try await MemberStore().setMFA(sealedSecret: sealed, enabled: true, lastStep: 0, for: member.id, sql: sql) }
            }
            try await Self.addCare(members: members.map(\.0), now: now, sql: sql)
            try await Self.addWaitlist(members: members.map(\.0), now: now, sql: sql)
            try await Self.addMailDemo(members: members.map(\.0), now: now, sql: sql)
            try await addGovernanceDemo(members: members.map { $0.0 }, now: now, sql: sql)
            try await addMeetingsDemo(members: members.map { $0.0 }, now: now, sql: sql)
            try await addAdmissionDemo(members: members.map { $0.0 }, now: now, sql: sql)
            try await Self.addGroups(members: members.map(\.0), now: now, sql: sql)
            try await Self.addGroupSeries(now: now, sql: sql)
            try await Self.addPhotos(members: members.map(\.0), now: now, sql: sql)
            // The demo's sessions were made up, not booked by anyone: no "booked" emails for them.
            try await sql.delete(from: "booking_events").run()
            try await AuditStore().append(
                AuditEvent(actor: nil, action: .create, resourceType: "demo-coop", outcome: .success, detail: "members=\(members.count)"),
                origin: .system, at: now, sql: sql
            )
            return true
        }
    }

    /// One sign-in per role, read back from the database (so it works on every start, not only the first).
    public func signIns() async throws -> [DemoSignIn] {
        var result: [DemoSignIn] = []
        for role in Role.allCases {
            guard let person = Self.people.first(where: { $0.roles.contains(role) }) else { continue }
            let record = try await services.database.read { sql in try await MemberStore().find(email: try EmailAddress(person.email), sql: sql) }
            guard let record else { continue }
            var secret: String?
            if let sealed = record.sealedMFASecret, record.member.mfaEnabled {
                let bytes = try await services.envelope.openReloading(
                    sealed, context: SealedColumn.mfaSecret.context(id: record.member.id.rawValue), database: services.database
                )
                secret = Base32.encode(bytes)
            }
            result.append(DemoSignIn(role: role, name: person.name, email: person.email, password: Self.password, totpSecret: secret))
        }
        return result
    }
}
