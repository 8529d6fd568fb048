import CoopData
import CoopDomain
import Foundation
import SQLKit

/// The profile fields as typed into the form.
public struct ProfileEdit: Sendable, Equatable {
    public var bio: String
    /// Language tags separated by commas or spaces.
    public var languages: String
    /// Specialties separated by commas ("grief, anxiety").
    public var specialties: String
    public var modalities: Set<Modality>
    public var deliveries: Set<Delivery>
    /// One "City, ST" per line.
    public var offices: String
    public var slidingPlaces: Int

    public init(bio: String, languages: String, specialties: String, modalities: Set<Modality>, deliveries: Set<Delivery>, offices: String, slidingPlaces: Int) {
        self.bio = bio
        self.languages = languages
        self.specialties = specialties
        self.modalities = modalities
        self.deliveries = deliveries
        self.offices = offices
        self.slidingPlaces = slidingPlaces
    }
}

/// A licence or registration as typed; an associate registration names its supervisor and employer.
public struct LicenceEdit: Sendable, Equatable {
    public var state: String
    public var type: LicenseType
    public var number: String
    public var status: CredentialStatus
    public var expires: String
    public var supervisor: MemberID?
    public var employer: String

    public init(state: String, type: LicenseType, number: String, status: CredentialStatus, expires: String, supervisor: MemberID? = nil, employer: String = "") {
        self.state = state
        self.type = type
        self.number = number
        self.status = status
        self.expires = expires
        self.supervisor = supervisor
        self.employer = employer
    }
}

/// A compact privilege as typed.
public struct PrivilegeEdit: Sendable, Equatable {
    public var kind: CompactPrivilege.Kind
    public var identifier: String
    public var homeState: String
    /// State codes separated by commas or spaces.
    public var coveredStates: String
    public var from: String
    public var through: String

    public init(kind: CompactPrivilege.Kind, identifier: String, homeState: String, coveredStates: String, from: String, through: String) {
        self.kind = kind
        self.identifier = identifier
        self.homeState = homeState
        self.coveredStates = coveredStates
        self.from = from
        self.through = through
    }
}

/// A temporary authorisation as typed.
public struct TemporaryEdit: Sendable, Equatable {
    public var state: String
    public var basis: TemporaryAuthorization.Basis
    public var approvalReference: String
    public var from: String
    public var to: String

    public init(state: String, basis: TemporaryAuthorization.Basis, approvalReference: String = "", from: String, to: String) {
        self.state = state
        self.basis = basis
        self.approvalReference = approvalReference
        self.from = from
        self.to = to
    }
}

/// What the profile page shows: the record (nil before the first save), who may supervise, and verifications.
public struct ProfileEditor: Sendable {
    public let therapist: MemberID
    public let name: String
    public let record: TherapistRecord?
    /// Licensed clinicians of the co-op (not the therapist): id, name, licences valid today.
    public let supervisors: [(id: MemberID, name: String, licences: [Credential])]
    public let verifications: [String: CredentialVerification]
    public let today: LocalDate
}

extension CareAccess {
    public static let longestBio = 2_000
    public static let mostSlidingPlaces = 100

    /// The editor for `therapist` (the actor's own profile when nil): the clinician themself or a coordinator.
    public func profileEditor(therapist: MemberID?, actor: Actor, origin: RequestOrigin) async throws -> ProfileEditor {
        guard let id = therapist ?? actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await requireProfile(actor, .edit(therapist: id), origin: origin)
        let today = IANATimeZone.utc.localDate(at: services.now())
        return try await services.database.read { sql in
            guard let member = try await members.find(id: id, sql: sql)?.member, member.roles.contains(.clinician) else {
                throw CareAccessError.therapistNotFound
            }
            let all = try await therapists.all(sql: sql)
            let supervisors = all.filter { $0.id != id }.compactMap { record -> (id: MemberID, name: String, licences: [Credential])? in
                let licences = record.profile.credentials.licenses.filter { !$0.type.isAssociate && $0.isValid(on: today) }
                return licences.isEmpty ? nil : (record.id, record.displayName, licences)
            }
            return ProfileEditor(
                therapist: id, name: member.displayName.value, record: all.first { $0.id == id }, supervisors: supervisors,
                verifications: try await therapists.verifications(id, sql: sql), today: today
            )
        }
    }

    /// Replaces bio, languages, specialties, modalities, ways of meeting, offices and sliding-scale places.
    public func updateProfile(_ edit: ProfileEdit, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        let bio = edit.bio.trimmingCharacters(in: .whitespacesAndNewlines)
        guard bio.count <= Self.longestBio else { throw ProfileError.bioTooLong(maximum: Self.longestBio) }
        let languages = try Set(Self.items(edit.languages).map { text throws(ProfileError) -> LanguageCode in
            do { return try LanguageCode(text) } catch { throw .invalidLanguage(String(text.prefix(20))) }
        })
        let specialties = try Set(edit.specialties.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
            text throws(ProfileError) -> Specialty in
            let slug = text.lowercased().split(separator: " ").joined(separator: "-")
            do { return try Specialty(slug) } catch { throw .invalidSpecialty(String(text.prefix(40))) }
        })
        guard !edit.modalities.isEmpty else { throw ProfileError.noModality }
        guard !edit.deliveries.isEmpty else { throw ProfileError.noDelivery }
        let offices = try edit.offices.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { line throws(ProfileError) in try OfficeLocation(line: line) }
        try await editRecord(therapist, actor: actor, origin: origin, detail: "profile") { record, _ in
            let taken = record.profile.slidingScale.taken
            guard (0...Self.mostSlidingPlaces).contains(edit.slidingPlaces), edit.slidingPlaces >= taken else {
                throw ProfileError.invalidSlidingPlaces(maximum: Self.mostSlidingPlaces, taken: taken)
            }
            let old = record.profile
            record.profile = TherapistProfile(
                credentials: old.credentials, languages: languages, specialties: specialties, modalities: edit.modalities, deliveries: edit.deliveries,
                slidingScale: try SlidingScaleCapacity(places: edit.slidingPlaces, taken: taken), acceptingNewClients: old.acceptingNewClients
            )
            record.bio = bio
            record.offices = offices.sorted()
        }
    }

    /// Adds a licence or registration, or changes the status and expiry of the one with the same state, type and number.
    public func saveLicence(_ edit: LicenceEdit, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        let state = try Self.state(edit.state)
        let expires = try Self.date(edit.expires)
        let credential: Credential
        do { credential = try Credential(state: state, type: edit.type, number: edit.number, status: edit.status, expires: expires) } catch {
            throw ProfileError.invalidNumber
        }
        let supervisorRecord: TherapistRecord?
        if edit.type.isAssociate {
            guard let supervisor = edit.supervisor else { throw ProfileError.associateWithoutSupervisor }
            guard !edit.employer.trimmingCharacters(in: .whitespaces).isEmpty else { throw ProfileError.employerMissing }
            supervisorRecord = try await services.database.read { sql in try await therapists.find(supervisor, sql: sql) }
            guard supervisorRecord != nil, supervisor != therapist else { throw ProfileError.supervisorNotQualified }
        } else {
            supervisorRecord = nil
        }
        try await editRecord(therapist, actor: actor, origin: origin, detail: "licence \(state.code) \(edit.type.rawValue)") { record, today in
            if credential.status == .active && credential.expires < today { throw ProfileError.activeLicenceExpired }
            var credentials = record.profile.credentials
            credentials.licenses.removeAll { $0.state == credential.state && $0.type == credential.type && $0.number == credential.number }
            credentials.licenses.append(credential)
            if let supervisorRecord {
                let rules = LicensureRules.standard
                guard let licence = supervisorRecord.profile.credentials.licenses.first(where: {
                    !$0.type.isAssociate && $0.isValid(on: today) && $0.state == state && (rules.qualifiedSupervisors[edit.type]?.contains($0.type) ?? false)
                }) else { throw ProfileError.supervisorNotQualified }
                let link: SupervisionLink
                do { link = try SupervisionLink(supervisor: supervisorRecord.id, supervisorLicense: licence, employer: edit.employer, validFrom: today) } catch {
                    throw ProfileError.supervisorNotQualified
                }
                credentials.supervision.removeAll { $0.supervisorLicense.state == state }
                credentials.supervision.append(link)
            }
            record.profile = record.profile.with(credentials: credentials)
        }
    }

    /// Removes a licence by its key.
    public func removeLicence(_ key: String, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await editRecord(therapist, actor: actor, origin: origin, detail: "licence removed") { record, _ in
            var credentials = record.profile.credentials
            guard let index = credentials.licenses.firstIndex(where: { TherapistStore.credentialKey(therapist: therapist, $0) == key }) else {
                throw ProfileError.credentialNotFound
            }
            credentials.licenses.remove(at: index)
            let associateStates = Set(credentials.licenses.filter(\.type.isAssociate).map(\.state))
            credentials.supervision.removeAll { !associateStates.contains($0.supervisorLicense.state) }
            record.profile = record.profile.with(credentials: credentials)
        }
    }

    /// Adds a compact privilege (or replaces the one with the same kind and identifier).
    public func addPrivilege(_ edit: PrivilegeEdit, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        let home = try Self.state(edit.homeState)
        let covered = try Set(Self.items(edit.coveredStates).map { text throws(ProfileError) in try Self.state(text) })
        guard !covered.isEmpty else { throw ProfileError.noCoveredState }
        let from = try Self.date(edit.from), through = try Self.date(edit.through)
        guard from <= through else { throw ProfileError.toBeforeFrom }
        let privilege: CompactPrivilege
        do {
            privilege = try CompactPrivilege(kind: edit.kind, identifier: edit.identifier, homeState: home, coveredStates: covered, validFrom: from, validThrough: through)
        } catch { throw ProfileError.invalidNumber }
        try await editRecord(therapist, actor: actor, origin: origin, detail: "privilege \(edit.kind.rawValue)") { record, _ in
            var credentials = record.profile.credentials
            credentials.privileges.removeAll { $0.kind == privilege.kind && $0.identifier == privilege.identifier }
            credentials.privileges.append(privilege)
            record.profile = record.profile.with(credentials: credentials)
        }
    }

    /// Removes a compact privilege by "kind:identifier".
    public func removePrivilege(_ key: String, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await editRecord(therapist, actor: actor, origin: origin, detail: "privilege removed") { record, _ in
            var credentials = record.profile.credentials
            let before = credentials.privileges.count
            credentials.privileges.removeAll { "\($0.kind.rawValue):\($0.identifier)" == key }
            guard credentials.privileges.count < before else { throw ProfileError.credentialNotFound }
            record.profile = record.profile.with(credentials: credentials)
        }
    }

    /// Adds a temporary authorisation for a state and date window.
    public func addTemporary(_ edit: TemporaryEdit, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        let state = try Self.state(edit.state)
        let from = try Self.date(edit.from), to = try Self.date(edit.to)
        guard from <= to else { throw ProfileError.toBeforeFrom }
        let authorisation: TemporaryAuthorization
        do {
            authorisation = try TemporaryAuthorization(
                state: state, basis: edit.basis, client: nil, approvalReference: edit.approvalReference, validFrom: from, validThrough: to
            )
        } catch .temporaryWindowTooLong(_, let maximum) {
            throw ProfileError.temporaryTooLong(maximum: maximum)
        } catch {
            throw ProfileError.toBeforeFrom
        }
        try await editRecord(therapist, actor: actor, origin: origin, detail: "temporary \(state.code)") { record, _ in
            var credentials = record.profile.credentials
            credentials.temporary.removeAll { $0.state == state && $0.validFrom == from }
            credentials.temporary.append(authorisation)
            record.profile = record.profile.with(credentials: credentials)
        }
    }

    /// Removes a temporary authorisation by "STATE:from".
    public func removeTemporary(_ key: String, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await editRecord(therapist, actor: actor, origin: origin, detail: "temporary removed") { record, _ in
            var credentials = record.profile.credentials
            let before = credentials.temporary.count
            credentials.temporary.removeAll { "\($0.state.code):\($0.validFrom)" == key }
            guard credentials.temporary.count < before else { throw ProfileError.credentialNotFound }
            record.profile = record.profile.with(credentials: credentials)
        }
    }

    /// A coordinator marks a licence as checked against the board's lookup (audited; never their own).
    public func verifyLicence(_ key: String, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await requireProfile(actor, .verify(therapist: therapist), origin: origin)
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = services.now()
        try await services.database.transaction { sql in
            guard let record = try await therapists.find(therapist, sql: sql),
                let credential = record.profile.credentials.licenses.first(where: { TherapistStore.credentialKey(therapist: therapist, $0) == key })
            else { throw ProfileError.credentialNotFound }
            try await therapists.verify(credential, therapist: therapist, by: me, now: now, sql: sql)
            try await audit.append(
                AuditEvent(actor: me.rawValue, action: .update, resourceType: "credential-verification", resourceID: therapist.rawValue, outcome: .success,
                           detail: "\(credential.state.code) \(credential.type.rawValue) \(credential.number) \(credential.status.rawValue) \(credential.expires)"),
                origin: origin, at: now, sql: sql
            )
        }
    }

    // MARK: Helpers

    func requireProfile(_ actor: Actor, _ action: ProfilePolicy.Action, origin: RequestOrigin) async throws {
        guard case .deny(let reason) = ProfilePolicy.decide(actor, action) else { return }
        try await Authorizer.deny(reason, actor: actor, resourceType: "therapist-profile", action: String(describing: action), services: services, origin: origin)
    }

    /// Loads (or starts) the record, applies `change`, checks every active associate registration has a supervisor
    /// today, saves and audits, all in one transaction; a refused change leaves everything as it was.
    private func editRecord(
        _ therapist: MemberID, actor: Actor, origin: RequestOrigin, detail: String, _ change: @Sendable (inout TherapistRecord, LocalDate) throws -> Void
    ) async throws {
        try await requireProfile(actor, .edit(therapist: therapist), origin: origin)
        let now = services.now()
        let today = IANATimeZone.utc.localDate(at: now)
        try await services.database.transaction { sql in
            var record: TherapistRecord
            if let found = try await therapists.find(therapist, sql: sql) {
                record = found
            } else {
                guard let member = try await members.find(id: therapist, sql: sql)?.member, member.roles.contains(.clinician) else {
                    throw CareAccessError.therapistNotFound
                }
                record = try Self.newRecord(member)
            }
            try change(&record, today)
            for registration in record.profile.credentials.licenses where registration.type.isAssociate && registration.isValid(on: today) {
                let supervised = record.profile.credentials.supervision.contains {
                    $0.supervises(registration.type, in: registration.state, on: today, rules: .standard)
                }
                guard supervised else { throw ProfileError.associateWithoutSupervisor }
            }
            try await therapists.save(record, now: now, sql: sql)
            try await audit.append(
                AuditEvent(actor: actor.memberID?.rawValue, action: .update, resourceType: "therapist-profile", resourceID: therapist.rawValue,
                           outcome: .success, detail: detail),
                origin: origin, at: now, sql: sql
            )
        }
    }

    static func newRecord(_ member: Member) throws -> TherapistRecord {
        TherapistRecord(
            profile: TherapistProfile(
                credentials: PracticeCredentials(therapist: member.id, licenses: []), languages: [], specialties: [], modalities: [.individual],
                deliveries: [.telehealth], slidingScale: try SlidingScaleCapacity(places: 0, taken: 0)
            ),
            displayName: member.displayName.value, bio: "", zone: (try? IANATimeZone("America/Los_Angeles")) ?? .utc,
            session: try SessionSettings(sessionMinutes: 50, bufferAfterMinutes: 10, minimumNoticeMinutes: 24 * 60)
        )
    }

    static func items(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0.isNewline }).map(String.init).filter { !$0.isEmpty }
    }

    static func state(_ text: String) throws(ProfileError) -> USState {
        do { return try USState(code: text) } catch { throw .unknownState(String(text.prefix(20))) }
    }

    static func date(_ text: String) throws(ProfileError) -> LocalDate {
        do { return try LocalDate(text.trimmingCharacters(in: .whitespaces)) } catch { throw .invalidDate }
    }
}

extension TherapistProfile {
    /// The same profile with other credentials.
    func with(credentials: PracticeCredentials) -> TherapistProfile {
        TherapistProfile(
            credentials: credentials, languages: languages, specialties: specialties, modalities: modalities, deliveries: deliveries,
            slidingScale: slidingScale, acceptingNewClients: acceptingNewClients
        )
    }
}
