import CoopData
import CoopDomain
import Foundation
import SQLKit

/// Therapists' profile photos: the therapist (or a coordinator) uploads, replaces or removes one, with the same
/// permission as editing the profile (`ProfilePolicy.edit`), audited like the other profile edits; anyone may see it.
extension CareAccess {
    /// Checks the upload (format by its bytes, size, dimensions), strips its metadata and stores it in place of any
    /// earlier photo, with its audit entry in the same transaction. A refused upload changes nothing.
    @discardableResult
    public func uploadPhoto(_ upload: [UInt8], therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws -> PhotoSummary {
        try await requirePhotoEdit(actor, therapist: therapist, origin: origin)
        let photo = try ProfilePhoto(upload: upload)
        let now = services.now()
        return try await services.database.transaction { sql in
            try await requirePhotoSubject(therapist, sql: sql)
            let summary = try await PhotoStore().save(photo, therapist: therapist, now: now, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, action: .update, resourceType: "therapist-photo", resourceID: therapist.rawValue, outcome: .success,
                    detail: "\(photo.format.rawValue) \(photo.width)x\(photo.height) \(photo.bytes.count) bytes sha256 \(summary.sha256.prefix(16))"
                ),
                origin: origin, at: now, sql: sql
            )
            return summary
        }
    }

    /// Removes the therapist's photo (audited); `PhotoError.notFound` when there is none.
    public func removePhoto(therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await requirePhotoEdit(actor, therapist: therapist, origin: origin)
        let now = services.now()
        try await services.database.transaction { sql in
            guard try await PhotoStore().remove(therapist, sql: sql) else { throw PhotoError.notFound }
            try await audit.append(
                AuditEvent(actor: actor.memberID?.rawValue, action: .delete, resourceType: "therapist-photo", resourceID: therapist.rawValue, outcome: .success),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// The therapist's photo as served publicly (like the directory, no sign-in needed); `PhotoError.notFound` when
    /// there is none.
    public func photo(_ therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws -> StoredPhoto {
        try await require(actor, .viewDirectory, origin: origin)
        guard let photo = try await services.database.read({ sql in try await PhotoStore().find(therapist, sql: sql) }) else { throw PhotoError.notFound }
        return photo
    }

    /// The photos (sizes and versions, no bytes) of the therapists on a page or in a search answer.
    public func photoSummaries(_ therapists: [MemberID]) async throws -> [MemberID: PhotoSummary] {
        guard !therapists.isEmpty else { return [:] }
        return try await services.database.read { sql in try await PhotoStore().summaries(therapists, sql: sql) }
    }

    /// The profile policy's answer, with the denial audited through `Authorizer`.
    func requirePhotoEdit(_ actor: Actor, therapist: MemberID, origin: RequestOrigin) async throws {
        guard case .deny(let reason) = ProfilePolicy.decide(actor, .edit(therapist: therapist)) else { return }
        try await Authorizer.deny(
            reason, actor: actor, resourceType: "therapist-photo", action: "photo \(therapist.rawValue)", services: services, origin: origin
        )
    }

    /// Only a therapist (someone with a directory record, or a clinician about to get one) has a photo.
    private func requirePhotoSubject(_ therapist: MemberID, sql: any SQLDatabase) async throws {
        if try await therapists.find(therapist, sql: sql) != nil { return }
        guard let member = try await members.find(id: therapist, sql: sql)?.member, member.roles.contains(.clinician) else {
            throw CareAccessError.therapistNotFound
        }
    }
}
