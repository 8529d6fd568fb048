import CoopDomain
import Crypto
import Foundation
import SQLKit

/// A column whose values are sealed by the envelope, with the associated data that binds each value to its row.
public struct SealedColumn: Sendable {
    public var table: String
    public var idColumn: String
    public var column: String

    /// Creates a registration.
    public init(table: String, idColumn: String, column: String) {
        self.table = table
        self.idColumn = idColumn
        self.column = column
    }

    /// The associated data for the row with this id.
    public func context(id: String) -> String { "\(table).\(column):\(id)" }

    /// Every sealed column in the schema. A new sealed column must be added here so rotation re-seals it.
    public static let all: [SealedColumn] = [
        SealedColumn(table: "members", idColumn: "id", column: "mfa_secret")
    ]

    /// The MFA secret of a member.
    public static let mfaSecret = all[0]
}

extension Envelope {
    /// Adds a new data key, re-seals every sealed value under it and retires the old keys, in one transaction
    /// with its audit entry. Returns the new version and how many values were re-sealed.
    public func rotate(database: Database, columns: [SealedColumn] = SealedColumn.all) async throws -> (version: Int64, resealed: Int) {
        let (version, wrapped, count) = try await database.transaction { sql -> (Int64, String, Int) in
            let version = try await addKey(sql: sql)
            let row = try await sql.select().column("wrapped").from("data_keys").where("version", .equal, version).first()
            let wrapped = try row!.decode(column: "wrapped", as: String.self)
            let newKey = try Self.unwrap(wrapped, master: masterKeyForRotation, version: version)
            var count = 0
            for column in columns {
                let rows = try await sql.select().columns(SQLIdentifier(column.idColumn), SQLIdentifier(column.column))
                    .from(column.table).where(SQLIdentifier(column.column), .isNot, SQLLiteral.null).all()
                for row in rows {
                    let id = try row.decode(column: column.idColumn, as: String.self)
                    let sealed = try row.decode(column: column.column, as: String.self)
                    let context = column.context(id: id)
                    let plaintext = try await openReloading(sealed, context: context, database: nil, sql: sql)
                    let resealed = try Self.seal(plaintext, key: newKey, version: version, context: context)
                    try await sql.update(column.table).set(SQLIdentifier(column.column), to: SQLBind(resealed))
                        .where(SQLIdentifier(column.idColumn), .equal, SQLBind(id)).run()
                    count += 1
                }
            }
            try await sql.update("data_keys").set("retired_at", to: SQLBind(Clock.milliseconds(Date())))
                .where("version", .notEqual, version).where("retired_at", .is, SQLLiteral.null).run()
            try await AuditStore().append(
                AuditEvent(actor: nil, action: .keyRotation, resourceType: "data-key", resourceID: String(version), outcome: .success,
                           detail: "resealed=\(count)"),
                origin: .system, sql: sql
            )
            return (version, wrapped, count)
        }
        try activate(version: version, wrapped: wrapped)
        return (version, count)
    }

    /// Opens a value; when its key version is unknown here (another process rotated keys), reloads the keys once.
    public func openReloading(_ sealed: String, context: String, database: Database?, sql: (any SQLDatabase)? = nil) async throws -> [UInt8] {
        do {
            return try open(sealed, context: context)
        } catch KeyError.unknownKeyVersion(let version) {
            let load: @Sendable (any SQLDatabase) async throws -> String? = { sql in
                let row = try await sql.select().column("wrapped").from("data_keys").where("version", .equal, version).first()
                return try row?.decode(column: "wrapped", as: String.self)
            }
            let wrapped: String?
            if let sql { wrapped = try await load(sql) } else if let database { wrapped = try await database.read(load) } else { wrapped = nil }
            guard let wrapped else { throw KeyError.unknownKeyVersion(version) }
            try activateLater(version: version, wrapped: wrapped)
            return try open(sealed, context: context)
        }
    }
}

extension Envelope {
    /// Re-wraps every data key under `newMaster` in one audited transaction, so the old master key can be retired.
    /// The running service keeps working until it restarts; it must then be given the new master key.
    public static func rewrapDataKeys(database: Database, from oldMaster: MasterKey, to newMaster: MasterKey) async throws -> Int {
        try await database.transaction { sql in
            let rows = try await sql.select().columns("version", "wrapped").from("data_keys").all()
            for row in rows {
                let version = try row.decode(column: "version", as: Int64.self)
                let key = try unwrap(try row.decode(column: "wrapped", as: String.self), master: oldMaster, version: version)
                let box = try AES.GCM.seal(key.withUnsafeBytes { Array($0) }, using: newMaster.key, authenticating: Data("data-key:\(version)".utf8))
                try await sql.update("data_keys").set("wrapped", to: SQLBind(box.combined!.base64EncodedString())).where("version", .equal, version).run()
            }
            try await AuditStore().append(
                AuditEvent(actor: nil, action: .keyRotation, resourceType: "master-key", outcome: .success, detail: "rewrapped=\(rows.count)"),
                origin: .system, sql: sql
            )
            return rows.count
        }
    }
}
