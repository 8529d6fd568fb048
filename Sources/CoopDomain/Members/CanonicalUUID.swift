import Foundation

/// The canonical text of a UUID as the ids here store it: lower case, 8-4-4-4-12 hex digits.
enum CanonicalUUID {
    /// `text` in canonical form, or nil when it is not a UUID. Text already canonical (every id read back from the
    /// database) is checked byte by byte and kept as it is; anything else goes through Foundation's parser.
    static func canonical(_ text: String) -> String? {
        if isCanonical(text) { return text }
        guard let uuid = UUID(uuidString: text) else { return nil }
        return uuid.uuidString.lowercased()
    }

    private static func isCanonical(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == 36 else { return false }
            for index in 0..<36 {
                let byte = bytes[index]
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    if byte != UInt8(ascii: "-") { return false }
                } else {
                    let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                    let isLowerHex = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")
                    if !isDigit && !isLowerHex { return false }
                }
            }
            return true
        }
    }
}
