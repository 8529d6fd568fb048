import CoopDomain
import Foundation
import SQLKit

/// Therapist profiles, credentials, supervision and weekly hours.
public struct TherapistStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Inserts or replaces a therapist's profile, credentials, supervision links and weekly hours.
    public func save(_ record: TherapistRecord, now: Date, sql: any SQLDatabase) async throws {
        let id = record.id.rawValue
        let profile = record.profile
        // Each save stamps the profile later than the last one, even within one millisecond, so that `stamp` changes
        // whenever anything in the record does (the therapist cache relies on it).
        let previous = try await sql.select().column("updated_at").from("therapist_profiles").where("member_id", .equal, id).first()
            .map { try $0.decode(column: "updated_at", as: Int64.self) }
        let at = max(Clock.milliseconds(now), (previous ?? Int64.min) &+ 1)
        try await sql.delete(from: "therapist_supervision").where("associate_id", .equal, id).run()
        try await sql.delete(from: "availability_rules").where("therapist_id", .equal, id).run()
        try await sql.delete(from: "availability_exceptions").where("therapist_id", .equal, id).run()
        let exists = previous != nil
        let values: [(String, any Encodable & Sendable)] = [
            ("bio", record.bio), ("languages", Self.join(profile.languages.map(\.tag))), ("specialties", Self.join(profile.specialties.map(\.slug))),
            ("modalities", Self.join(profile.modalities.map(\.rawValue))), ("deliveries", Self.join(profile.deliveries.map(\.rawValue))),
            ("time_zone", record.zone.identifier), ("sliding_scale_places", profile.slidingScale.places),
            ("sliding_scale_taken", profile.slidingScale.taken), ("accepting", profile.acceptingNewClients ? 1 : 0),
            ("session_minutes", record.session.sessionMinutes), ("buffer_before_minutes", record.session.bufferBeforeMinutes),
            ("buffer_after_minutes", record.session.bufferAfterMinutes), ("minimum_notice_minutes", record.session.minimumNoticeMinutes),
            ("maximum_per_day", record.session.maximumPerDay), ("maximum_per_week", record.session.maximumPerWeek),
            ("updated_at", at),
        ]
        if exists {
            var update = sql.update("therapist_profiles").where("member_id", .equal, id)
            for (column, value) in values { update = update.set(SQLIdentifier(column), to: SQLBind(value)) }
            try await update.run()
        } else {
            let all = [("member_id", id as any Encodable & Sendable), ("created_at", at)] + values
            try await sql.insert(into: "therapist_profiles").columns(all.map(\.0)).values(all.map { SQLBind($0.1) }).run()
        }
        try await sql.delete(from: "therapist_credentials").where("therapist_id", .equal, id).run()
        for credential in profile.credentials.licenses {
            try await sql.insert(into: "therapist_credentials")
                .columns("id", "therapist_id", "state", "type", "number", "status", "expires")
                .values(
                    SQLBind(Self.credentialID(therapist: id, credential)), SQLBind(id), SQLBind(credential.state.code),
                    SQLBind(credential.type.rawValue), SQLBind(credential.number), SQLBind(credential.status.rawValue),
                    SQLBind(credential.expires.description)
                )
                .run()
        }
        for link in profile.credentials.supervision {
            try await sql.insert(into: "therapist_supervision")
                .columns("associate_id", "supervisor_id", "supervisor_credential_id", "employer", "valid_from", "valid_through")
                .values(
                    SQLBind(id), SQLBind(link.supervisor.rawValue),
                    SQLBind(Self.credentialID(therapist: link.supervisor.rawValue, link.supervisorLicense)), SQLBind(link.employer),
                    SQLBind(link.validFrom.description), SQLBind(link.validThrough?.description)
                )
                .run()
        }
        try await saveProfileExtras(record, sql: sql)
        for rule in record.weekly {
            try await sql.insert(into: "availability_rules")
                .columns("therapist_id", "weekday", "start_minute", "end_minute")
                .values(SQLBind(id), SQLBind(rule.weekday.rawValue), SQLBind(rule.start.minutes), SQLBind(rule.end.minutes))
                .run()
        }
        for exception in record.exceptions {
            switch exception {
            case .dayOff(let day):
                try await sql.insert(into: "availability_exceptions").columns("therapist_id", "day", "kind")
                    .values(SQLBind(id), SQLBind(day.description), SQLBind("day-off")).run()
            case .extraHours(let day, let start, let end):
                try await sql.insert(into: "availability_exceptions").columns("therapist_id", "day", "kind", "start_minute", "end_minute")
                    .values(SQLBind(id), SQLBind(day.description), SQLBind("extra-hours"), SQLBind(start.minutes), SQLBind(end.minutes)).run()
            }
        }
    }

    /// Every therapist, with credentials, supervision and hours, ordered by id.
    public func all(sql: any SQLDatabase) async throws -> [TherapistRecord] {
        try await load(.all, sql: sql)
    }

    /// The therapists holding a licence or registration issued by `state` (the directory's first, cheap cut; the
    /// licence rule itself is `PracticeAuthority`'s, which the caller still applies).
    public func all(licensedIn state: USState, sql: any SQLDatabase) async throws -> [TherapistRecord] {
        try await load(.licensedIn(state), sql: sql)
    }

    /// What changes whenever the therapist's record does: their profile's stamp and their supervisors' (whose licences
    /// are part of an associate's record). Nil when there is no such therapist.
    public func stamp(_ id: MemberID, sql: any SQLDatabase) async throws -> String? {
        let row = try await sql.raw(
            """
            SELECT count(*) AS n, CAST(coalesce(sum(updated_at), 0) AS BIGINT) AS s FROM therapist_profiles WHERE member_id = \(bind: id.rawValue)
            OR member_id IN (SELECT supervisor_id FROM therapist_supervision WHERE associate_id = \(bind: id.rawValue))
            """
        ).first()
        guard let row, try row.decode(column: "n", as: Int64.self) > 0 else { return nil }
        return "\(try row.decode(column: "n", as: Int64.self)):\(try row.decode(column: "s", as: Int64.self))"
    }

    /// The stamp (see `stamp(_:sql:)`) of every therapist holding a licence, registration, privilege or temporary
    /// authorisation for `state`, in one query: what the directory checks its cached records against.
    public func stamps(licensedIn state: USState, sql: any SQLDatabase) async throws -> [(id: MemberID, stamp: String)] {
        let rows = try await sql.raw(
            """
            SELECT p.member_id AS id, 1 + (SELECT count(*) FROM therapist_profiles q WHERE q.member_id <> p.member_id AND q.member_id IN \
            (SELECT supervisor_id FROM therapist_supervision s WHERE s.associate_id = p.member_id)) AS n, \
            CAST(p.updated_at + coalesce((SELECT sum(q.updated_at) FROM therapist_profiles q WHERE q.member_id <> p.member_id AND q.member_id IN \
            (SELECT supervisor_id FROM therapist_supervision s WHERE s.associate_id = p.member_id)), 0) AS BIGINT) AS s \
            FROM therapist_profiles p WHERE \(Filter.licensedIn(state).condition("p.member_id")) ORDER BY p.member_id
            """
        ).all()
        return try rows.map { row in
            guard let id = MemberID(rawValue: try row.decode(column: "id", as: String.self)) else { throw DatabaseError.notMigrated }
            return (id, "\(try row.decode(column: "n", as: Int64.self)):\(try row.decode(column: "s", as: Int64.self))")
        }
    }

    /// The therapists with these ids (those that exist), ordered by id.
    public func find(ids: [MemberID], sql: any SQLDatabase) async throws -> [TherapistRecord] {
        guard !ids.isEmpty else { return [] }
        return try await load(.some(ids), sql: sql)
    }

    /// Holds the therapist's row until the transaction ends, so that bookings checked against the same therapist's
    /// daily and weekly caps take turns. On SQLite the single writer already takes every transaction in turn.
    public func lockForBooking(_ id: MemberID, sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        _ = try await sql.raw("SELECT member_id FROM therapist_profiles WHERE member_id = \(bind: id.rawValue) FOR UPDATE").all()
    }

    /// One therapist, or nil.
    public func find(_ id: MemberID, sql: any SQLDatabase) async throws -> TherapistRecord? {
        try await load(.one(id), sql: sql).first
    }

    enum Filter {
        case all
        case one(MemberID)
        case licensedIn(USState)
        case some([MemberID])

        /// The condition on a therapist id column.
        func condition(_ column: String) -> SQLQueryString {
            switch self {
            case .all: "1 = 1"
            case .one(let id): "\(unsafeRaw: column) = \(bind: id.rawValue)"
            case .some(let ids): "\(unsafeRaw: column) IN (\(binds: ids.map(\.rawValue)))"
            case .licensedIn(let state):
                // Licences and registrations issued by the state, compact privileges covering it, temporary authorisations for it.
                """
                (\(unsafeRaw: column) IN (SELECT therapist_id FROM therapist_credentials WHERE state = \(bind: state.code)) \
                OR \(unsafeRaw: column) IN (SELECT therapist_id FROM therapist_privileges WHERE ',' || covered_states || ',' LIKE \(bind: "%," + state.code + ",%")) \
                OR \(unsafeRaw: column) IN (SELECT therapist_id FROM therapist_temporary WHERE state = \(bind: state.code)))
                """
            }
        }
    }

    private func load(_ filter: Filter, sql: any SQLDatabase) async throws -> [TherapistRecord] {
        let rows = try await sql.raw(
            "SELECT p.*, m.display_name FROM therapist_profiles p JOIN members m ON m.id = p.member_id WHERE \(filter.condition("p.member_id")) ORDER BY p.member_id"
        ).all()
        guard !rows.isEmpty else { return [] }
        let supervisionRows = try await sql.raw("SELECT * FROM therapist_supervision WHERE \(filter.condition("associate_id"))").all()
        let ruleRows = try await sql.raw(
            "SELECT * FROM availability_rules WHERE \(filter.condition("therapist_id")) ORDER BY therapist_id, weekday, start_minute"
        ).all()
        let exceptionRows = try await sql.raw("SELECT * FROM availability_exceptions WHERE \(filter.condition("therapist_id"))").all()
        let extras = try await loadProfileExtras(filter.condition("therapist_id"), sql: sql)
        // The therapists' own credentials, and their supervisors' (a supervisor may be outside the filter).
        let allCredentials = try await sql.raw(
            """
            SELECT * FROM therapist_credentials WHERE \(filter.condition("therapist_id"))
            OR therapist_id IN (SELECT supervisor_id FROM therapist_supervision WHERE \(filter.condition("associate_id")))
            """
        ).all()
        var credentialByID: [String: Credential] = [:]
        var credentialsByTherapist: [String: [Credential]] = [:]
        for row in allCredentials {
            let credential = try Credential(
                state: USState(code: row.decode(column: "state", as: String.self)),
                type: LicenseType(rawValue: row.decode(column: "type", as: String.self)) ?? .lpc,
                number: row.decode(column: "number", as: String.self),
                status: CredentialStatus(rawValue: row.decode(column: "status", as: String.self)) ?? .inactive,
                expires: LocalDate(row.decode(column: "expires", as: String.self))
            )
            credentialByID[try row.decode(column: "id", as: String.self)] = credential
            credentialsByTherapist[try row.decode(column: "therapist_id", as: String.self), default: []].append(credential)
        }
        var supervisionByAssociate: [String: [SupervisionLink]] = [:]
        for row in supervisionRows {
            guard let license = credentialByID[try row.decode(column: "supervisor_credential_id", as: String.self)],
                let supervisor = MemberID(rawValue: try row.decode(column: "supervisor_id", as: String.self))
            else { continue }
            let link = try SupervisionLink(
                supervisor: supervisor, supervisorLicense: license, employer: row.decode(column: "employer", as: String.self),
                validFrom: LocalDate(row.decode(column: "valid_from", as: String.self)),
                validThrough: row.decode(column: "valid_through", as: String?.self).map { try LocalDate($0) }
            )
            supervisionByAssociate[try row.decode(column: "associate_id", as: String.self), default: []].append(link)
        }
        var weeklyByTherapist: [String: [WeeklyRule]] = [:]
        for row in ruleRows {
            guard let weekday = Weekday(rawValue: try row.decode(column: "weekday", as: Int.self)) else { continue }
            let rule = WeeklyRule(
                weekday, try LocalTime(minutes: row.decode(column: "start_minute", as: Int.self)),
                try LocalTime(minutes: row.decode(column: "end_minute", as: Int.self))
            )
            weeklyByTherapist[try row.decode(column: "therapist_id", as: String.self), default: []].append(rule)
        }
        var exceptionsByTherapist: [String: [DateException]] = [:]
        for row in exceptionRows {
            let day = try LocalDate(row.decode(column: "day", as: String.self))
            let exception: DateException
            if try row.decode(column: "kind", as: String.self) == "day-off" {
                exception = .dayOff(day)
            } else {
                exception = .extraHours(
                    day, start: try LocalTime(minutes: row.decode(column: "start_minute", as: Int.self)),
                    end: try LocalTime(minutes: row.decode(column: "end_minute", as: Int.self))
                )
            }
            exceptionsByTherapist[try row.decode(column: "therapist_id", as: String.self), default: []].append(exception)
        }
        return try rows.map { row in
            let key = try row.decode(column: "member_id", as: String.self)
            guard let id = MemberID(rawValue: key) else { throw DatabaseError.notMigrated }
            let credentials = PracticeCredentials(
                therapist: id, licenses: credentialsByTherapist[key] ?? [], privileges: extras.privileges[key] ?? [],
                temporary: extras.temporary[key] ?? [], supervision: supervisionByAssociate[key] ?? []
            )
            let profile = TherapistProfile(
                credentials: credentials,
                languages: Set(try Self.split(row.decode(column: "languages", as: String.self)).map { try LanguageCode($0) }),
                specialties: Set(try Self.split(row.decode(column: "specialties", as: String.self)).map { try Specialty($0) }),
                modalities: Set(try Self.split(row.decode(column: "modalities", as: String.self)).compactMap(Modality.init(rawValue:))),
                deliveries: Set(try Self.split(row.decode(column: "deliveries", as: String.self)).compactMap(Delivery.init(rawValue:))),
                slidingScale: try SlidingScaleCapacity(
                    places: row.decode(column: "sliding_scale_places", as: Int.self), taken: row.decode(column: "sliding_scale_taken", as: Int.self)
                ),
                acceptingNewClients: try row.decode(column: "accepting", as: Int.self) != 0
            )
            let session = try SessionSettings(
                sessionMinutes: row.decode(column: "session_minutes", as: Int.self),
                bufferBeforeMinutes: row.decode(column: "buffer_before_minutes", as: Int.self),
                bufferAfterMinutes: row.decode(column: "buffer_after_minutes", as: Int.self),
                minimumNoticeMinutes: row.decode(column: "minimum_notice_minutes", as: Int.self),
                maximumPerDay: row.decode(column: "maximum_per_day", as: Int?.self),
                maximumPerWeek: row.decode(column: "maximum_per_week", as: Int?.self)
            )
            return TherapistRecord(
                profile: profile, displayName: try row.decode(column: "display_name", as: String.self),
                bio: try row.decode(column: "bio", as: String.self), zone: try IANATimeZone(row.decode(column: "time_zone", as: String.self)),
                session: session, weekly: weeklyByTherapist[key] ?? [], exceptions: exceptionsByTherapist[key] ?? [],
                offices: extras.offices[key] ?? []
            )
        }
    }

    static func credentialID(therapist: String, _ credential: Credential) -> String {
        "\(therapist):\(credential.state.code):\(credential.type.rawValue):\(credential.number)"
    }

    private static func join(_ values: [String]) -> String { values.sorted().joined(separator: ",") }

    private static func split(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }
}
