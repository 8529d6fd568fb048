import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// The one place where errors become HTTP statuses and messages in the viewer's language. Nothing of the
/// error's internals reaches the response; the log gets the detail.
public struct ErrorMapping {
    /// What the viewer is told.
    struct Description {
        var status: HTTPResponse.Status
        var code: String
        var messageKey: String
        var values: [String: String] = [:]
        var retryAfter: Int?
    }

    /// Maps any error to what the viewer sees.
    static func describe(_ error: any Error) -> Description {
        switch error {
        case let error as MemberError: return describe(error)
        case let error as CareAccessError: return describe(error)
        case let error as SchedulingError: return describe(error)
        case let error as CareError: return describe(error)
        case let error as MeetingError: return describeMeeting(error)
        case let error as GovernanceError where isMeetingError(error): return describeMeeting(error)
        case let error as GovernanceError: return describeLead(error) ?? describeEmergency(error) ?? describeGovernance(error)
        case let error as GroupsError: return describeGroups(error)
        case let error as GroupSeriesError: return describeGroupSeries(error)
        case let error as ProfileError: return describeProfile(error)
        case let error as ProposalError: return describeProposal(error)
        case let error as AdmissionError: return describeAdmission(error)
        case let error as CommentError: return describeComment(error)
        case let error as PollFormError: return describePollForm(error)
        case let error as WaitlistError: return describeWaitlist(error)
        case let error as PagingError: return describePaging(error)
        case let error as PhotoError: return describePhoto(error)
        case let error as MultipartError: return describeMultipart(error)
        case let denied as AccessDenied:
            switch denied.reason {
            case .notSignedIn: return Description(status: .unauthorized, code: "not-signed-in", messageKey: "error.not_signed_in")
            case .secondFactorRequired: return Description(status: .forbidden, code: "second-factor-required", messageKey: "error.second_factor_required")
            case .missingRole: return Description(status: .forbidden, code: "forbidden", messageKey: "error.forbidden")
            }
        case let error as any HTTPResponseError:
            switch error.status {
            case .notFound: return Description(status: .notFound, code: "not-found", messageKey: "error.not_found")
            case .contentTooLarge: return Description(status: .contentTooLarge, code: "too-large", messageKey: "error.too_large")
            case .methodNotAllowed: return Description(status: .methodNotAllowed, code: "method-not-allowed", messageKey: "error.method_not_allowed")
            case .forbidden: return Description(status: .forbidden, code: "csrf", messageKey: "error.csrf")
            case .unauthorized: return Description(status: .unauthorized, code: "not-signed-in", messageKey: "error.not_signed_in")
            default:
                if error.status.code < 500 { return Description(status: .badRequest, code: "bad-request", messageKey: "error.bad_request") }
                return internalError
            }
        case is DecodingError:
            return Description(status: .badRequest, code: "bad-request", messageKey: "error.bad_request")
        case let error as KeyError:
            switch error {
            case .cannotOpen, .unknownKeyVersion, .noActiveKey, .malformedSealedValue:
                return Description(status: .internalServerError, code: "keys", messageKey: "error.key_cannot_open")
            case .wrongLength, .notBase64, .cannotWriteKeyFile:
                return Description(status: .internalServerError, code: "keys", messageKey: "error.key_file", values: ["detail": "\(error)"])
            }
        case let error as DatabaseError:
            switch error {
            case .invalidURL(let detail): return Description(status: .internalServerError, code: "database", messageKey: "error.database_url", values: ["detail": detail])
            case .backupFailed(let detail): return Description(status: .internalServerError, code: "backup", messageKey: "error.backup", values: ["detail": detail])
            case .restoreFailed(let detail): return Description(status: .internalServerError, code: "restore", messageKey: "error.restore", values: ["detail": detail])
            case .notMigrated: return Description(status: .internalServerError, code: "database", messageKey: "error.database", values: ["detail": "not migrated"])
            }
        default:
            return internalError
        }
    }

    /// The message for `error` in `language`, for the command line (which has no HTTP status to show).
    public static func message(for error: any Error, language: Language = .english, catalog: Catalog) -> String {
        let description = describe(error)
        if description.code == "internal" {
            return catalog.text("error.database", language, ["detail": String(describing: error).prefix(300).description])
        }
        return catalog.text(description.messageKey, language, description.values)
    }

    static let internalError = Description(status: .internalServerError, code: "internal", messageKey: "error.internal")

    private static func describe(_ error: MemberError) -> Description {
        switch error {
        case .invalidEmail: Description(status: .badRequest, code: "invalid-email", messageKey: "error.invalid_email")
        case .invalidName(.empty): Description(status: .badRequest, code: "invalid-name", messageKey: "error.name_empty")
        case .invalidName(.tooLong(let maximum)):
            Description(status: .badRequest, code: "invalid-name", messageKey: "error.name_too_long", values: ["max": String(maximum)])
        case .invalidName(.controlCharacters): Description(status: .badRequest, code: "invalid-name", messageKey: "error.name_characters")
        case .invalidRole: Description(status: .badRequest, code: "invalid-role", messageKey: "error.invalid_role")
        case .noRoles: Description(status: .badRequest, code: "no-roles", messageKey: "error.no_roles")
        case .emailTaken: Description(status: .conflict, code: "email-taken", messageKey: "error.email_taken")
        case .invitationNotFound: Description(status: .notFound, code: "invitation-not-found", messageKey: "error.invitation_not_found")
        case .invitationExpired: Description(status: .gone, code: "invitation-expired", messageKey: "error.invitation_expired")
        case .invitationUsed: Description(status: .gone, code: "invitation-used", messageKey: "error.invitation_used")
        case .passwordRejected(let problems): describe(problems)
        case .passwordsDoNotMatch: Description(status: .badRequest, code: "password-mismatch", messageKey: "error.passwords_differ")
        case .memberNotFound: Description(status: .notFound, code: "member-not-found", messageKey: "error.not_found")
        case .invalidCredentials: Description(status: .unauthorized, code: "invalid-credentials", messageKey: "error.invalid_credentials")
        case .throttled(let seconds):
            Description(
                status: .tooManyRequests, code: "throttled", messageKey: "error.throttled", values: ["seconds": String(Int(seconds))],
                retryAfter: Int(seconds)
            )
        case .secondFactorInvalid: Description(status: .unauthorized, code: "code-invalid", messageKey: "error.code_invalid")
        case .secondFactorReplayed: Description(status: .unauthorized, code: "code-replayed", messageKey: "error.code_replayed")
        case .secondFactorNotStarted: Description(status: .badRequest, code: "second-factor-not-started", messageKey: "error.second_factor_expired")
        case .secondFactorAlreadyEnabled: Description(status: .conflict, code: "second-factor-enabled", messageKey: "error.second_factor_enabled")
        case .secondFactorRequiredForRole: Description(status: .forbidden, code: "second-factor-required", messageKey: "error.second_factor_required")
        case .tokenNotFound: Description(status: .notFound, code: "token-not-found", messageKey: "error.not_found")
        case .invalidTokenName: Description(status: .badRequest, code: "invalid-token-name", messageKey: "error.token_name")
        case .setupAlreadyDone: Description(status: .gone, code: "setup-done", messageKey: "error.setup_done")
        }
    }

    private static func describe(_ problems: [PasswordProblem]) -> Description {
        switch problems.first {
        case .tooShort(let minimum):
            Description(status: .badRequest, code: "password-too-short", messageKey: "error.password_short", values: ["min": String(minimum)])
        case .tooLong(let maximum):
            Description(status: .badRequest, code: "password-too-long", messageKey: "error.password_long", values: ["max": String(maximum)])
        case .common: Description(status: .badRequest, code: "password-common", messageKey: "error.password_common")
        case .containsContextWord: Description(status: .badRequest, code: "password-context", messageKey: "error.password_context")
        case nil: Description(status: .badRequest, code: "password-rejected", messageKey: "error.password_common")
        }
    }

    private static func describe(_ error: CareAccessError) -> Description {
        switch error {
        case .slotJustTaken: Description(status: .conflict, code: "slot-just-taken", messageKey: "care.error.just_taken")
        case .therapistNotFound: Description(status: .notFound, code: "therapist-not-found", messageKey: "care.error.therapist_not_found")
        case .appointmentNotFound: Description(status: .notFound, code: "appointment-not-found", messageKey: "care.error.appointment_not_found")
        case .clientNotFound: Description(status: .notFound, code: "client-not-found", messageKey: "care.error.client_not_found")
        case .feedTokenNotFound: Description(status: .notFound, code: "feed-not-found", messageKey: "care.error.feed_not_found")
        case .rescheduleTooLate(let hours):
            Description(status: .conflict, code: "reschedule-too-late", messageKey: "care.error.reschedule_too_late", values: ["hours": String(hours)])
        case .invalidStart: Description(status: .badRequest, code: "invalid-time", messageKey: "care.error.invalid_time")
        }
    }

    private static func describe(_ error: SchedulingError) -> Description {
        switch error {
        case .unknownTimeZone(let zone):
            Description(status: .badRequest, code: "unknown-time-zone", messageKey: "care.error.unknown_zone", values: ["zone": String(zone.prefix(60))])
        case .invalidDate: Description(status: .badRequest, code: "invalid-date", messageKey: "care.error.invalid_date")
        case .invalidTime, .invalidSlot, .invalidRange, .rangeTooLong:
            Description(status: .badRequest, code: "invalid-time", messageKey: "care.error.invalid_time")
        case .endNotAfterStart: Description(status: .badRequest, code: "end-before-start", messageKey: "care.error.end_before_start")
        case .overlappingRules: Description(status: .badRequest, code: "overlapping-rules", messageKey: "care.error.overlapping_rules")
        case .sessionDoesNotFit(_, _, let minutes):
            Description(status: .badRequest, code: "session-does-not-fit", messageKey: "care.error.session_does_not_fit", values: ["minutes": String(minutes)])
        case .invalidSetting(let name, _):
            Description(status: .badRequest, code: "invalid-setting", messageKey: SessionText.settingErrors[name] ?? "care.error.invalid_schedule")
        case .conflictingExceptions: Description(status: .badRequest, code: "conflicting-date", messageKey: "session.error.conflicting_date")
        case .appointmentNotActive: Description(status: .conflict, code: "appointment-not-active", messageKey: "care.error.not_active")
        case .noShowBeforeStart: Description(status: .conflict, code: "no-show-before-start", messageKey: "care.error.no_show_before_start")
        case .noFeeToWaive: Description(status: .conflict, code: "no-fee-to-waive", messageKey: "fees.error.nothing_to_waive")
        case .feeAlreadyWaived: Description(status: .conflict, code: "fee-already-waived", messageKey: "fees.error.already_waived")
        case .notBookable(let problems): describe(problems.first)
        default: Description(status: .badRequest, code: "invalid-schedule", messageKey: "care.error.invalid_schedule")
        }
    }

    private static func describe(_ problem: BookingProblem?) -> Description {
        switch problem {
        case .inPast: Description(status: .badRequest, code: "in-past", messageKey: "care.error.in_past")
        case .insideMinimumNotice: Description(status: .badRequest, code: "inside-notice", messageKey: "care.error.notice")
        case .outsideAvailability, nil: Description(status: .badRequest, code: "outside-hours", messageKey: "care.error.outside_hours")
        case .onTimeOff: Description(status: .badRequest, code: "time-off", messageKey: "care.error.time_off")
        case .overlapsBooking: Description(status: .conflict, code: "slot-just-taken", messageKey: "care.error.just_taken")
        case .dailyLimitReached, .weeklyLimitReached: Description(status: .conflict, code: "limit-reached", messageKey: "care.error.limit")
        case .notLicensed(let state, _):
            Description(status: .unprocessableContent, code: "not-licensed", messageKey: "care.error.not_licensed", values: ["state": state.code])
        }
    }

    private static func describe(_ error: CareError) -> Description {
        switch error {
        case .unknownState(let text):
            Description(status: .badRequest, code: "unknown-state", messageKey: "care.error.unknown_state", values: ["state": String(text.prefix(20))])
        case .invalidLanguageCode: Description(status: .badRequest, code: "invalid-language", messageKey: "care.error.invalid_language")
        default: Description(status: .badRequest, code: "invalid-profile", messageKey: "care.error.invalid_profile")
        }
    }
}
