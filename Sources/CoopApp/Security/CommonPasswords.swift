import Foundation

/// Why the common-password list could not be loaded.
public enum CommonPasswordsError: Error, Equatable {
    /// `Resources/common-passwords.txt` is missing from the module bundle.
    case resourceMissing
}

/// The 10,000 most common passwords, ranked, from zxcvbn 4.5.0 (MIT; see `Resources/common-passwords.LICENSE.txt`).
///
/// ASVS 5.0 6.2.4 asks for at least the top 3,000; feed the set to `PasswordPolicy(blocklist:)`.
public enum CommonPasswords {
    /// Reads the bundled list, one lower-case password per line, into a set.
    public static func load() throws -> Set<String> {
        guard
            let url = Bundle.module.url(
                forResource: "common-passwords",
                withExtension: "txt",
                subdirectory: "Resources"
            )
        else {
            throw CommonPasswordsError.resourceMissing
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        var passwords = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
            passwords.insert(String(line))
        }
        return passwords
    }
}
