import Foundation

/// A US state or the District of Columbia, by its USPS two-letter code.
public enum USState: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case AL, AK, AZ, AR, CA, CO, CT, DE, DC, FL, GA, HI, ID, IL, IN, IA, KS, KY, LA, ME, MD, MA, MI, MN, MS, MO, MT
    case NE, NV, NH, NJ, NM, NY, NC, ND, OH, OK, OR, PA, RI, SC, SD, TN, TX, UT, VT, VA, WA, WV, WI, WY

    /// Parses a two-letter code, ignoring case and surrounding spaces; throws `CareError.unknownState` otherwise
    /// (territories such as PR and GU are not covered by the licensure rules here and are refused too).
    public init(code: String) throws(CareError) {
        // Codes read back from the database are already exact.
        if code.utf8.count == 2, let state = USState(rawValue: code) {
            self = state
            return
        }
        let trimmed = code.trimmingCharacters(in: .whitespaces).uppercased()
        guard trimmed.count == 2, let state = USState(rawValue: trimmed) else { throw .unknownState(code) }
        self = state
    }

    /// The two-letter code.
    public var code: String { rawValue }

    /// The key of the state's name in the message catalogues ("state.CA").
    public var messageKey: String { "state.\(rawValue)" }

    public var description: String { rawValue }

    /// Orders states by code.
    public static func < (lhs: USState, rhs: USState) -> Bool { lhs.rawValue < rhs.rawValue }
}
