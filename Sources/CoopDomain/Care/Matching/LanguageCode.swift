import Foundation

/// A language a client or therapist uses, as a BCP 47 tag ("es", "zh-Hant", "ase" for American Sign Language),
/// normalised to lower case. Wider than the interface languages of `Language`.
public struct LanguageCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The normalised tag.
    public let tag: String

    /// Parses a tag: a 2–3 letter primary subtag, then optional subtags of 1–8 letters or digits, separated by "-";
    /// throws `CareError.invalidLanguageCode` otherwise.
    public init(_ text: String) throws(CareError) {
        let normalised = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        let parts = normalised.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }),
            parts.dropFirst().allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { throw .invalidLanguageCode(text) }
        self.tag = normalised
    }

    /// The primary language subtag ("zh" for "zh-hant"); matching compares these.
    public var primary: String { String(tag.split(separator: "-").first ?? "") }

    public var description: String { tag }
}
