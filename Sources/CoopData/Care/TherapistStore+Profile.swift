import CoopDomain
import Foundation
import SQLKit

/// A coordinator's check of one licence against the board's lookup (M008).
public struct CredentialVerification: Sendable, Equatable {
    /// `TherapistStore.credentialKey` of the licence.
    public var key: String
    /// The status and expiry the coordinator saw; the verification holds while they are unchanged.
    public var status: CredentialStatus
    public var expires: LocalDate
    public var verifiedBy: MemberID
    public var verifiedAt: Date
}

/// Compact privileges, temporary authorisations, offices (saved and loaded with the rest of the record) and licence
/// verifications (kept apart, so that re-saving a profile does not forget them).
extension TherapistStore {
    /// The stable key of a licence on a therapist's profile (state, type, number).
    public static func credentialKey(therapist: MemberID, _ credential: Credential) -> String {
        credentialID(therapist: therapist.rawValue, credential)
    }

    func saveProfileExtras(_ record: TherapistRecord, sql: any SQLDatabase) async throws {
        let id = record.id.rawValue
        let credentials = record.profile.credentials
        for table in ["therapist_privileges", "therapist_temporary", "therapist_offices"] {
            try await sql.delete(from: table).where("therapist_id", .equal, id).run()
        }
        for privilege in credentials.privileges {
            try await sql.insert(into: "therapist_privileges")
                .columns("therapist_id", "kind", "identifier", "home_state", "covered_states", "valid_from", "valid_through")
                .values(
                    SQLBind(id), SQLBind(privilege.kind.rawValue), SQLBind(privilege.identifier), SQLBind(privilege.homeState.code),
                    SQLBind(privilege.coveredStates.map(\.code).sorted().joined(separator: ",")), SQLBind(privilege.validFrom.description),
                    SQLBind(privilege.validThrough.description)
                )
                .run()
        }
        for authorisation in credentials.temporary {
            try await sql.insert(into: "therapist_temporary")
                .columns("therapist_id", "state", "basis", "approval_reference", "valid_from", "valid_through")
                .values(
                    SQLBind(id), SQLBind(authorisation.state.code), SQLBind(authorisation.basis.rawValue), SQLBind(authorisation.approvalReference),
                    SQLBind(authorisation.validFrom.description), SQLBind(authorisation.validThrough.description)
                )
                .run()
        }
        for office in Set(record.offices) {
            try await sql.insert(into: "therapist_offices").columns("therapist_id", "city", "state")
                .values(SQLBind(id), SQLBind(office.city), SQLBind(office.state.code)).run()
        }
    }

    struct ProfileExtras {
        var privileges: [String: [CompactPrivilege]] = [:]
        var temporary: [String: [TemporaryAuthorization]] = [:]
        var offices: [String: [OfficeLocation]] = [:]
    }

    func loadProfileExtras(_ condition: SQLQueryString, sql: any SQLDatabase) async throws -> ProfileExtras {
        var extras = ProfileExtras()
        for row in try await sql.raw("SELECT * FROM therapist_privileges WHERE \(condition) ORDER BY valid_from, identifier").all() {
            guard let kind = CompactPrivilege.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            let covered = try row.decode(column: "covered_states", as: String.self).split(separator: ",").map { try USState(code: String($0)) }
            let privilege = try CompactPrivilege(
                kind: kind, identifier: row.decode(column: "identifier", as: String.self),
                homeState: USState(code: row.decode(column: "home_state", as: String.self)), coveredStates: Set(covered),
                validFrom: LocalDate(row.decode(column: "valid_from", as: String.self)), validThrough: LocalDate(row.decode(column: "valid_through", as: String.self))
            )
            extras.privileges[try row.decode(column: "therapist_id", as: String.self), default: []].append(privilege)
        }
        for row in try await sql.raw("SELECT * FROM therapist_temporary WHERE \(condition) ORDER BY valid_from, state").all() {
            guard let basis = TemporaryAuthorization.Basis(rawValue: try row.decode(column: "basis", as: String.self)) else { continue }
            let authorisation = try TemporaryAuthorization(
                state: USState(code: row.decode(column: "state", as: String.self)), basis: basis, client: nil,
                approvalReference: row.decode(column: "approval_reference", as: String?.self),
                validFrom: LocalDate(row.decode(column: "valid_from", as: String.self)), validThrough: LocalDate(row.decode(column: "valid_through", as: String.self))
            )
            extras.temporary[try row.decode(column: "therapist_id", as: String.self), default: []].append(authorisation)
        }
        for row in try await sql.raw("SELECT * FROM therapist_offices WHERE \(condition) ORDER BY state, city").all() {
            let office = try OfficeLocation(city: row.decode(column: "city", as: String.self), state: USState(code: row.decode(column: "state", as: String.self)))
            extras.offices[try row.decode(column: "therapist_id", as: String.self), default: []].append(office)
        }
        return extras
    }

    /// Records that a coordinator checked a licence (replacing an earlier check of the same licence).
    public func verify(_ credential: Credential, therapist: MemberID, by coordinator: MemberID, now: Date, sql: any SQLDatabase) async throws {
        let key = Self.credentialKey(therapist: therapist, credential)
        try await sql.delete(from: "credential_verifications").where("credential_id", .equal, key).run()
        try await sql.insert(into: "credential_verifications")
            .columns("credential_id", "therapist_id", "status", "expires", "verified_by", "verified_at")
            .values(
                SQLBind(key), SQLBind(therapist.rawValue), SQLBind(credential.status.rawValue), SQLBind(credential.expires.description),
                SQLBind(coordinator.rawValue), SQLBind(Clock.milliseconds(now))
            )
            .run()
    }

    /// The verifications of a therapist's licences, by key.
    public func verifications(_ therapist: MemberID, sql: any SQLDatabase) async throws -> [String: CredentialVerification] {
        var result: [String: CredentialVerification] = [:]
        for row in try await sql.select().column("*").from("credential_verifications").where("therapist_id", .equal, therapist.rawValue).all() {
            guard let by = MemberID(rawValue: try row.decode(column: "verified_by", as: String.self)),
                let status = CredentialStatus(rawValue: try row.decode(column: "status", as: String.self))
            else { continue }
            let key = try row.decode(column: "credential_id", as: String.self)
            result[key] = CredentialVerification(
                key: key, status: status, expires: try LocalDate(row.decode(column: "expires", as: String.self)), verifiedBy: by,
                verifiedAt: Clock.date(try row.decode(column: "verified_at", as: Int64.self))
            )
        }
        return result
    }
}
