import CoopData
import CoopDomain
import Crypto
import Foundation
import SQLKit
import Testing

@Suite struct EnvelopeTests {
    @Test func sealsAndOpensBoundToItsRow() async throws {
        try await withDatabase { database in
            let envelope = try await Envelope.load(master: .random(), database: database)
            let sealed = try envelope.seal(Array("secret".utf8), context: "members.mfa_secret:a")
            #expect(sealed.hasPrefix("cc1:1:"))
            #expect(!sealed.contains("secret"))
            #expect(try envelope.open(sealed, context: "members.mfa_secret:a") == Array("secret".utf8))
            #expect(throws: KeyError.cannotOpen) { try envelope.open(sealed, context: "members.mfa_secret:b") }
            var payload = try #require(Data(base64Encoded: String(sealed.dropFirst("cc1:1:".count))))
            payload[payload.count / 2] ^= 0x01
            #expect(throws: KeyError.cannotOpen) { try envelope.open("cc1:1:" + payload.base64EncodedString(), context: "members.mfa_secret:a") }
        }
    }

    @Test func wrongMasterKeyCannotLoadTheDataKeys() async throws {
        try await withDatabase { database in
            _ = try await Envelope.load(master: .random(), database: database)
            await #expect(throws: KeyError.cannotOpen) { try await Envelope.load(master: .random(), database: database) }
        }
    }

    @Test func rotationResealsEverythingAndOldReadersCatchUp() async throws {
        try await withDatabase { database in
            let master = MasterKey.random()
            let envelope = try await Envelope.load(master: master, database: database)
            let member = Member(
                id: .make(), email: try EmailAddress("r@example.org"), displayName: try DisplayName("R"), roles: [.clinician], status: .active,
                language: .english, mfaEnabled: true, createdAt: Date()
            )
            let sealed = try envelope.seal([1, 2, 3], context: SealedColumn.mfaSecret.context(id: member.id.rawValue))
            try await database.transaction { sql in
                try await MemberStore().insert(member, passwordHash: nil, sql: sql)
                try await MemberStore().setMFA(sealedSecret: sealed, enabled: true, lastStep: 0, for: member.id, sql: sql)
            }
            // A second process (another instance) loaded the keys before the rotation.
            let otherInstance = try await Envelope.load(master: master, database: database)
            let (version, count) = try await envelope.rotate(database: database)
            #expect(version == 2)
            #expect(count == 1)
            let record = try await database.read { sql in try await MemberStore().find(id: member.id, sql: sql) }
            let resealed = try #require(record?.sealedMFASecret)
            #expect(try Envelope.version(of: resealed) == 2)
            #expect(try envelope.open(resealed, context: SealedColumn.mfaSecret.context(id: member.id.rawValue)) == [1, 2, 3])
            let opened = try await otherInstance.openReloading(resealed, context: SealedColumn.mfaSecret.context(id: member.id.rawValue), database: database)
            #expect(opened == [1, 2, 3])
            #expect(envelope.activeVersion == 2)
            let verification = try await database.read { sql in try await AuditStore().verify(sql: sql) }
            #expect(verification == .intact(entries: 1))
        }
    }

    @Test func masterKeyFileIsCreatedPrivateAndReused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("master.key").path
        let first = try MasterKey.load(environmentValue: nil, file: file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let second = try MasterKey.load(environmentValue: nil, file: file)
        #expect(first.derivedKey(purpose: "x").withUnsafeBytes { Array($0) } == second.derivedKey(purpose: "x").withUnsafeBytes { Array($0) })
        #expect(throws: KeyError.wrongLength) { try MasterKey(base64: Data([1, 2, 3]).base64EncodedString()) }
        #expect(throws: KeyError.notBase64) { try MasterKey(base64: "***") }
    }
}

@Suite struct MasterKeyRotationTests {
    @Test func dataKeysMoveToANewMasterKey() async throws {
        try await withDatabase { database in
            let old = MasterKey.random()
            let envelope = try await Envelope.load(master: old, database: database)
            let sealed = try envelope.seal([9, 9], context: "c")
            let new = MasterKey.random()
            #expect(try await Envelope.rewrapDataKeys(database: database, from: old, to: new) == 1)
            await #expect(throws: KeyError.cannotOpen) { try await Envelope.load(master: old, database: database) }
            let reloaded = try await Envelope.load(master: new, database: database)
            #expect(try reloaded.open(sealed, context: "c") == [9, 9])
        }
    }
}
