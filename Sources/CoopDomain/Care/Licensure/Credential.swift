import Foundation

/// Where a credential stands with its board, as the board's lookup shows it.
public enum CredentialStatus: String, Sendable, Codable, CaseIterable {
    /// Current; the holder may practise (still subject to the expiry date).
    case active
    /// Kept up but not practising (e.g. CA "inactive" status, no CE).
    case inactive
    /// Suspended by the board.
    case suspended
    /// Lapsed, recorded as such by the board.
    case expired
}

/// A licence or associate registration issued by one state's board.
public struct Credential: Hashable, Sendable, Codable {
    /// The issuing state.
    public let state: USState
    /// The licence or registration type.
    public let type: LicenseType
    /// The number the board issued, as the board writes it ("LMFT 123456" is stored as "123456").
    public let number: String
    /// The board's status.
    public var status: CredentialStatus
    /// The last day it is valid (boards print an expiry date; the credential is good through that day).
    public var expires: LocalDate

    /// Creates a credential; throws `CareError.invalidCredentialNumber` for an empty or odd number.
    public init(state: USState, type: LicenseType, number: String, status: CredentialStatus, expires: LocalDate) throws(CareError) {
        self.state = state
        self.type = type
        self.number = try Credential.checkedNumber(number)
        self.status = status
        self.expires = expires
    }

    /// Whether it authorises practice on `date`: status active and `date` not after the expiry date.
    public func isValid(on date: LocalDate) -> Bool { status == .active && date <= expires }

    /// Why it does not authorise practice on `date`, or nil when it does.
    public func problem(on date: LocalDate) -> CoverageGap? {
        if status != .active { return .credentialNotActive(state: state, type: type, number: number, status: status) }
        if date > expires { return .credentialExpired(state: state, type: type, number: number, expiredAfter: expires) }
        return nil
    }

    /// Trims the number and checks it is 1–32 letters, digits or "-".
    static func checkedNumber(_ text: String) throws(CareError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (1...32).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw .invalidCredentialNumber(text)
        }
        return trimmed
    }
}
