import Crypto
import Foundation
import SQLKit

/// Envelope encryption at rest: values are sealed with AES-256-GCM under a versioned data key; data keys are
/// stored wrapped by the master key. A sealed value reads `cc1:<version>:<base64 nonce+ciphertext+tag>`, and
/// its associated data binds it to the row and column it belongs to, so a sealed value cannot be moved.
public final class Envelope: Sendable {
    private let master: MasterKey
    private let state: LockedKeys

    private init(master: MasterKey, keys: [Int64: SymmetricKey], active: Int64) {
        self.master = master
        self.state = LockedKeys(keys: keys, active: active)
    }

    /// Loads the data keys, creating the first one when there is none.
    public static func load(master: MasterKey, database: Database) async throws -> Envelope {
        let rows = try await database.transaction { sql in
            var rows = try await sql.select().columns("version", "wrapped", "retired_at").from("data_keys").orderBy("version").all()
            if rows.isEmpty {
                try await Self.insertKey(version: 1, master: master, sql: sql)
                rows = try await sql.select().columns("version", "wrapped", "retired_at").from("data_keys").orderBy("version").all()
            }
            return try rows.map { row in
                (try row.decode(column: "version", as: Int64.self), try row.decode(column: "wrapped", as: String.self),
                 try row.decode(column: "retired_at", as: Int64?.self))
            }
        }
        var keys: [Int64: SymmetricKey] = [:]
        var active: Int64 = 0
        for (version, wrapped, retired) in rows {
            keys[version] = try Self.unwrap(wrapped, master: master, version: version)
            if retired == nil { active = max(active, version) }
        }
        guard active > 0 else { throw KeyError.noActiveKey }
        return Envelope(master: master, keys: keys, active: active)
    }

    /// The version new values are sealed under.
    public var activeVersion: Int64 { state.snapshot().active }

    /// Seals `plaintext` for the given row context (e.g. "members.mfa_secret:<id>").
    public func seal(_ plaintext: [UInt8], context: String) throws -> String {
        let (keys, active) = state.snapshot()
        guard let key = keys[active] else { throw KeyError.noActiveKey }
        return try Self.seal(plaintext, key: key, version: active, context: context)
    }

    static func seal(_ plaintext: [UInt8], key: SymmetricKey, version: Int64, context: String) throws -> String {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw KeyError.malformedSealedValue }
        return "cc1:\(version):\(combined.base64EncodedString())"
    }

    var masterKeyForRotation: MasterKey { master }

    /// Learns a key another process added, without changing which key seals new values.
    func activateLater(version: Int64, wrapped: String) throws {
        state.add(version: version, key: try Self.unwrap(wrapped, master: master, version: version), makeActive: false)
    }

    /// Opens a sealed value; fails if it was altered or moved to another row.
    public func open(_ sealed: String, context: String) throws -> [UInt8] {
        let (version, payload) = try Self.parse(sealed)
        guard let key = state.snapshot().keys[version] else { throw KeyError.unknownKeyVersion(version) }
        do {
            let box = try AES.GCM.SealedBox(combined: payload)
            return Array(try AES.GCM.open(box, using: key, authenticating: Data(context.utf8)))
        } catch {
            throw KeyError.cannotOpen
        }
    }

    /// The key version a sealed value uses.
    public static func version(of sealed: String) throws -> Int64 { try parse(sealed).0 }

    /// Adds a new data key and makes it the active one; older keys stay readable until everything is re-sealed.
    func addKey(sql: any SQLDatabase) async throws -> Int64 {
        let row = try await sql.raw("SELECT COALESCE(MAX(version), 0) AS v FROM data_keys").first()
        let next = (try row?.decode(column: "v", as: Int64.self) ?? 0) + 1
        try await Self.insertKey(version: next, master: master, sql: sql)
        return next
    }

    /// Makes `version` (already stored) the active key in memory, loading it from its wrapped form.
    func activate(version: Int64, wrapped: String) throws {
        let key = try Self.unwrap(wrapped, master: master, version: version)
        state.add(version: version, key: key, makeActive: true)
    }

    private static func insertKey(version: Int64, master: MasterKey, sql: any SQLDatabase) async throws {
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let box = try AES.GCM.seal(key, using: master.key, authenticating: Data("data-key:\(version)".utf8))
        try await sql.insert(into: "data_keys").columns("version", "wrapped", "created_at")
            .values(SQLBind(version), SQLBind(box.combined!.base64EncodedString()), SQLBind(Clock.milliseconds(Date())))
            .run()
    }

    static func unwrap(_ wrapped: String, master: MasterKey, version: Int64) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: wrapped) else { throw KeyError.malformedSealedValue }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return SymmetricKey(data: try AES.GCM.open(box, using: master.key, authenticating: Data("data-key:\(version)".utf8)))
        } catch {
            // The usual cause: the master key is not the one these data keys were wrapped with.
            throw KeyError.cannotOpen
        }
    }

    private static func parse(_ sealed: String) throws -> (Int64, Data) {
        let parts = sealed.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, parts[0] == "cc1", let version = Int64(parts[1]), let payload = Data(base64Encoded: String(parts[2])) else {
            throw KeyError.malformedSealedValue
        }
        return (version, payload)
    }
}

/// The data keys in memory, guarded by a lock so sealing never waits on the database.
final class LockedKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [Int64: SymmetricKey]
    private var active: Int64

    init(keys: [Int64: SymmetricKey], active: Int64) {
        self.keys = keys
        self.active = active
    }

    func snapshot() -> (keys: [Int64: SymmetricKey], active: Int64) {
        lock.withLock { (keys, active) }
    }

    func add(version: Int64, key: SymmetricKey, makeActive: Bool) {
        lock.withLock {
            keys[version] = key
            if makeActive { active = version }
        }
    }
}

extension Envelope {
    /// The key that signs anonymous visitors' CSRF tokens, derived from the master key.
    public var csrfKey: SymmetricKey { master.derivedKey(purpose: "csrf") }
}
