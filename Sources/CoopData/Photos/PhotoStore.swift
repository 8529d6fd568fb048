import CoopDomain
import Crypto
import Foundation
import SQLKit

/// What the directory needs to show a photo: its size and version, not its bytes.
public struct PhotoSummary: Sendable, Equatable {
    public let therapist: MemberID
    public let width: Int
    public let height: Int
    /// Hex SHA-256 of the stored bytes: the ETag, and a version for links.
    public let sha256: String
    public let updatedAt: Date
}

/// A stored photo with its bytes, as served.
public struct StoredPhoto: Sendable, Equatable {
    public let summary: PhotoSummary
    public let format: PhotoFormat
    public let bytes: Data
}

/// Therapists' profile photos (`therapist_photos`).
public struct PhotoStore: Sendable {
    public init() {}

    /// Stores (or replaces) the therapist's photo; returns what was stored. `updated_at` always moves forward.
    @discardableResult
    public func save(_ photo: ProfilePhoto, therapist: MemberID, now: Date, sql: any SQLDatabase) async throws -> PhotoSummary {
        let previous = try await sql.select().column("updated_at").from("therapist_photos").where("therapist_id", .equal, therapist.rawValue).first()
            .map { try $0.decode(column: "updated_at", as: Int64.self) }
        let at = max(Clock.milliseconds(now), (previous ?? Int64.min) &+ 1)
        let digest = Self.sha256(photo.bytes)
        try await sql.delete(from: "therapist_photos").where("therapist_id", .equal, therapist.rawValue).run()
        try await sql.insert(into: "therapist_photos")
            .columns("therapist_id", "content_type", "bytes", "width", "height", "sha256", "updated_at")
            .values(
                SQLBind(therapist.rawValue), SQLBind(photo.format.contentType), SQLBind(Data(photo.bytes)), SQLBind(photo.width), SQLBind(photo.height),
                SQLBind(digest), SQLBind(at)
            )
            .run()
        return PhotoSummary(therapist: therapist, width: photo.width, height: photo.height, sha256: digest, updatedAt: Clock.date(at))
    }

    /// Removes the therapist's photo; false when there was none.
    @discardableResult
    public func remove(_ therapist: MemberID, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.delete(from: "therapist_photos").where("therapist_id", .equal, therapist.rawValue).returning("therapist_id").all()
        return !rows.isEmpty
    }

    /// The therapist's photo with its bytes, or nil.
    public func find(_ therapist: MemberID, sql: any SQLDatabase) async throws -> StoredPhoto? {
        guard let row = try await sql.select().columns("therapist_id", "content_type", "bytes", "width", "height", "sha256", "updated_at")
            .from("therapist_photos").where("therapist_id", .equal, therapist.rawValue).first()
        else { return nil }
        guard let format = PhotoFormat(contentType: try row.decode(column: "content_type", as: String.self)) else { return nil }
        return StoredPhoto(summary: try Self.summary(row), format: format, bytes: try row.decode(column: "bytes", as: Data.self))
    }

    /// The photos of these therapists (without bytes), by therapist.
    public func summaries(_ therapists: [MemberID], sql: any SQLDatabase) async throws -> [MemberID: PhotoSummary] {
        guard !therapists.isEmpty else { return [:] }
        let rows = try await sql.select().columns("therapist_id", "width", "height", "sha256", "updated_at").from("therapist_photos")
            .where("therapist_id", .in, Array(Set(therapists.map(\.rawValue)))).all()
        var found: [MemberID: PhotoSummary] = [:]
        for row in rows {
            let summary = try Self.summary(row)
            found[summary.therapist] = summary
        }
        return found
    }

    static func summary(_ row: any SQLRow) throws -> PhotoSummary {
        guard let id = MemberID(rawValue: try row.decode(column: "therapist_id", as: String.self)) else { throw DatabaseError.notMigrated }
        return PhotoSummary(
            therapist: id, width: try row.decode(column: "width", as: Int.self), height: try row.decode(column: "height", as: Int.self),
            sha256: try row.decode(column: "sha256", as: String.self), updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self))
        )
    }

    /// Lower-case hex SHA-256.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
