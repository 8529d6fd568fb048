import Foundation

/// Why a profile photo was refused; each has a clear message in both languages.
public enum PhotoError: Error, Equatable, Sendable {
    /// The file is larger than `maximumBytes`.
    case tooLarge(maximumBytes: Int)
    /// The bytes are neither a JPEG nor a PNG (whatever the name or declared type says).
    case notJPEGOrPNG
    /// Narrower or lower than `minimum` pixels.
    case dimensionsTooSmall(width: Int, height: Int, minimum: Int)
    /// Wider or taller than `maximum` pixels.
    case dimensionsTooLarge(width: Int, height: Int, maximum: Int)
    /// It starts like a JPEG or PNG but is truncated, forged or uses a form browsers do not show.
    case damaged
    /// The form came without a file.
    case noFile
    /// The form carried more than one file.
    case severalFiles
    /// The therapist has no photo.
    case notFound
}

/// The two formats a profile photo may have.
public enum PhotoFormat: String, Sendable, Equatable, CaseIterable {
    case jpeg
    case png

    /// The media type the photo is served with.
    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    /// The format for a stored media type.
    public init?(contentType: String) {
        guard let format = Self.allCases.first(where: { $0.contentType == contentType }) else { return nil }
        self = format
    }
}

/// A checked profile photo: its format and size read from the header, and its bytes with every metadata segment or
/// chunk (EXIF, GPS, XMP, comments, text, times) removed.
public struct ProfilePhoto: Sendable, Equatable {
    /// The most bytes an uploaded file may have (2 MB).
    public static let maximumBytes = 2 * 1024 * 1024
    /// The fewest pixels on either side.
    public static let minimumSide = 64
    /// The most pixels on either side.
    public static let maximumSide = 4096

    public let format: PhotoFormat
    public let width: Int
    public let height: Int
    /// The bytes to store and serve: the decodable image without metadata.
    public let bytes: [UInt8]

    /// Checks `upload` and strips its metadata. Decides the format by the bytes alone.
    public init(upload: [UInt8]) throws(PhotoError) {
        guard upload.count <= Self.maximumBytes else { throw .tooLarge(maximumBytes: Self.maximumBytes) }
        let image: (PhotoFormat, Int, Int, [UInt8])
        if upload.starts(with: PNGImage.signature) {
            let png = try PNGImage.strip(upload)
            image = (.png, png.width, png.height, png.bytes)
        } else if upload.starts(with: [0xFF, 0xD8, 0xFF]) {
            let jpeg = try JPEGImage.strip(upload)
            image = (.jpeg, jpeg.width, jpeg.height, jpeg.bytes)
        } else {
            throw .notJPEGOrPNG
        }
        let (format, width, height, bytes) = image
        guard width >= Self.minimumSide, height >= Self.minimumSide else {
            throw .dimensionsTooSmall(width: width, height: height, minimum: Self.minimumSide)
        }
        guard width <= Self.maximumSide, height <= Self.maximumSide else {
            throw .dimensionsTooLarge(width: width, height: height, maximum: Self.maximumSide)
        }
        self.format = format
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// A width and height that fit inside `box`×`box` with the photo's proportions (for `width`/`height` attributes).
    public static func fitting(width: Int, height: Int, box: Int) -> (width: Int, height: Int) {
        guard width > 0, height > 0 else { return (box, box) }
        if width >= height { return (box, max(1, (height * box + width / 2) / width)) }
        return (max(1, (width * box + height / 2) / height), box)
    }
}

/// Reads big-endian integers from a byte array without running past its end.
struct ByteReader {
    let bytes: [UInt8]

    func uint16(at offset: Int) throws(PhotoError) -> Int {
        guard offset >= 0, offset + 2 <= bytes.count else { throw .damaged }
        return Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
    }

    func uint32(at offset: Int) throws(PhotoError) -> Int {
        guard offset >= 0, offset + 4 <= bytes.count else { throw .damaged }
        return Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }
}
