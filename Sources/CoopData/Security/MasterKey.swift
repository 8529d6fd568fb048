import Crypto
import Foundation

/// The key that wraps the data keys. It never enters the database: it comes from `COOPCARE_MASTER_KEY`
/// (base64 of 32 bytes) or from a key file (mode 0600) that is created on first run.
public struct MasterKey: Sendable {
    let key: SymmetricKey

    /// Wraps raw key bytes; they must be 32 bytes (AES-256).
    public init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 32 else { throw .wrongLength }
        self.key = SymmetricKey(data: bytes)
    }

    /// Reads the key from base64 text.
    public init(base64: String) throws(KeyError) {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw .notBase64 }
        try self.init(bytes: Array(data))
    }

    /// Loads the key: from the environment value when given, else from `file`, creating it (0600) when absent.
    public static func load(environmentValue: String?, file: String) throws -> MasterKey {
        if let environmentValue, !environmentValue.isEmpty { return try MasterKey(base64: environmentValue) }
        let manager = FileManager.default
        if manager.fileExists(atPath: file) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            return try MasterKey(base64: text)
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let text = Data(bytes).base64EncodedString() + "\n"
        guard manager.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyError.cannotWriteKeyFile(file)
        }
        return try MasterKey(bytes: bytes)
    }

    /// A fresh random key, for tests and `keys` commands.
    public static func random() -> MasterKey {
        try! MasterKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// Derives a purpose-bound secret (e.g. for signing CSRF tokens) with HKDF.
    public func derivedKey(purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("coopcare:\(purpose)".utf8), outputByteCount: 32)
    }
}

/// What can go wrong with keys and sealed values.
public enum KeyError: Error, Equatable, Sendable {
    case wrongLength
    case notBase64
    case cannotWriteKeyFile(String)
    case unknownKeyVersion(Int64)
    case malformedSealedValue
    case cannotOpen
    case noActiveKey
}
