import CoopDomain
import Foundation
import Testing

/// Images built byte by byte here (own CRC, own chunk and segment writer), so the checks are tested against an
/// independent picture of the formats.
enum ImageBytes {
    /// CRC-32 bit by bit (no table), as PNG defines it.
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 0 ? 0 : 0xEDB8_8320) }
        }
        return ~crc
    }

    static func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    static func chunk(_ type: String, _ data: [UInt8], crcFix: UInt32 = 0) -> [UInt8] {
        let typed: [UInt8] = Array(type.utf8) + data
        var bytes: [UInt8] = be32(UInt32(data.count))
        bytes += typed
        bytes += be32(crc(typed) ^ crcFix)
        return bytes
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A grey 8-bit PNG of `width`×`height` whose one IDAT is a stored deflate block of zero rows (valid for small
    /// sizes; for huge sizes the header is what matters). `between` goes after IHDR, `after` after IEND.
    static func png(width: Int, height: Int, between: [[UInt8]] = [], beforeEnd: [[UInt8]] = [], after: [UInt8] = []) -> [UInt8] {
        let rows = min(height, 64) * (min(width, 256) + 1)
        let raw = [UInt8](repeating: 0, count: rows)
        // Adler-32 of zeros: a stays 1, b grows by 1 per byte.
        let adler = UInt32(raw.count % 65_521) << 16 | 1
        let length = raw.count, inverse = ~raw.count & 0xFFFF
        var zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(inverse & 0xFF), UInt8(inverse >> 8)]
        zlib += raw
        zlib += be32(adler)
        var ihdr: [UInt8] = be32(UInt32(width))
        ihdr += be32(UInt32(height))
        ihdr += [8, 0, 0, 0, 0]
        var bytes: [UInt8] = signature
        bytes += chunk("IHDR", ihdr)
        for item in between { bytes += item }
        bytes += chunk("IDAT", zlib)
        for item in beforeEnd { bytes += item }
        bytes += chunk("IEND", [])
        bytes += after
        return bytes
    }

    static func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] {
        let length = body.count + 2
        var bytes: [UInt8] = [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)]
        bytes += body
        return bytes
    }

    /// A baseline grey JPEG header (SOI, JFIF, DQT, SOF0, DHT×2, SOS), a few bytes of scan with a stuffed 0xFF, EOI.
    static func jpeg(width: Int, height: Int, frame: UInt8 = 0xC0, extra: [[UInt8]] = [], after: [UInt8] = [], end: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += segment(0xE0, Array("JFIF\0\u{1}\u{2}\u{1}\0H\0H\0\0".utf8))
        for item in extra { bytes += item }
        var table: [UInt8] = [0x00]
        table += [UInt8](repeating: 2, count: 64)
        bytes += segment(0xDB, table)
        let h = UInt8(height >> 8), hl = UInt8(height & 0xFF), w = UInt8(width >> 8), wl = UInt8(width & 0xFF)
        bytes += segment(frame, [8, h, hl, w, wl, 1, 1, 0x11, 0])
        for tableClass: UInt8 in [0x00, 0x10] {
            var huffman: [UInt8] = [tableClass, 1]
            huffman += [UInt8](repeating: 0, count: 15)
            huffman.append(0)
            bytes += segment(0xC4, huffman)
        }
        bytes += segment(0xDA, [1, 1, 0x00, 0, 63, 0])
        bytes += [0x00, 0x11, 0xFF, 0x00, 0x22, 0xFF, 0xD0, 0x33]
        if end { bytes += [0xFF, 0xD9] }
        return bytes + after
    }

    static func contains(_ haystack: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}

/// Bytes as a test argument, shown by their count (not every value) in the test log.
struct TestBytes: ExpressibleByArrayLiteral, CustomTestStringConvertible, Sendable {
    let value: [UInt8]
    init(_ value: [UInt8]) { self.value = value }
    init(arrayLiteral elements: UInt8...) { value = elements }
    var testDescription: String { "\(value.count) bytes" }
}

@Suite("Profile photos: format, size and metadata")
struct ProfilePhotoTests {
    @Test func theTestCRCAgreesWithTheKnownIENDValue() {
        #expect(ImageBytes.crc(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(PNGImage.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    }

    static let exif = ImageBytes.segment(0xE1, Array("Exif\0\0GPS 37.7749N 122.4194W Camera X".utf8))
    static let xmp = ImageBytes.segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>secret</x:xmpmeta>".utf8))
    static let comment = ImageBytes.segment(0xFE, Array("taken at home".utf8))
    static let icc = ImageBytes.segment(0xE2, Array("ICC_PROFILE\0\u{1}\u{1}sevensevenseven".utf8))

    static let acceptedFiles: [(String, TestBytes, PhotoFormat, Int, Int)] = [
        ("png 64x64", TestBytes(ImageBytes.png(width: 64, height: 64)), PhotoFormat.png, 64, 64),
        ("png 300x200", TestBytes(ImageBytes.png(width: 300, height: 200)), .png, 300, 200),
        ("png 4096 square", TestBytes(ImageBytes.png(width: 4096, height: 4096)), .png, 4096, 4096),
        ("jpeg 100x80", TestBytes(ImageBytes.jpeg(width: 100, height: 80)), .jpeg, 100, 80),
        ("jpeg progressive", TestBytes(ImageBytes.jpeg(width: 640, height: 480, frame: 0xC2)), .jpeg, 640, 480),
        ("jpeg with exif", TestBytes(ImageBytes.jpeg(width: 64, height: 4096, extra: [exif])), .jpeg, 64, 4096),
    ]

    /// What is accepted: the format and size read from the header.
    @Test(arguments: acceptedFiles)
    func accepted(name: String, bytes: TestBytes, format: PhotoFormat, width: Int, height: Int) throws {
        let photo = try ProfilePhoto(upload: bytes.value)
        #expect(photo.format == format, "\(name)")
        #expect(photo.width == width && photo.height == height, "\(name)")
    }

    static let plainPNG = ImageBytes.png(width: 80, height: 80)
    static let afterIHDR = Array(plainPNG.dropFirst(33))
    /// An 80×80 PNG whose IHDR has `depth` and `colour`, and a CRC off by `crcFix`.
    static func withHeader(depth: UInt8, colour: UInt8, crcFix: UInt32 = 0) -> [UInt8] {
        var header: [UInt8] = ImageBytes.be32(80)
        header += ImageBytes.be32(80)
        header += [depth, colour, 0, 0, 0]
        var bytes: [UInt8] = ImageBytes.signature
        bytes += ImageBytes.chunk("IHDR", header, crcFix: crcFix)
        bytes += afterIHDR
        return bytes
    }
    static let badCRC: [UInt8] = withHeader(depth: 8, colour: 0, crcFix: 1)
    static let badDepth: [UInt8] = withHeader(depth: 3, colour: 2)
    static let forgedLength: [UInt8] = {
        var bytes: [UInt8] = ImageBytes.signature
        bytes += ImageBytes.be32(0x7FFF_0000)
        bytes += Array("IHDR".utf8)
        return bytes
    }()
    static let scanFirst: [UInt8] = {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += ImageBytes.segment(0xDA, [1, 1, 0, 0, 63, 0])
        bytes += [0xFF, 0xD9]
        return bytes
    }()
    static let gif: [UInt8] = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 100)
    static let oversize: [UInt8] = ImageBytes.signature + [UInt8](repeating: 0, count: 2 * 1024 * 1024)
    static let svg: [UInt8] = Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8)
    static let pastTheEnd: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 0x45, 0x78]
    static let unknownCritical: [UInt8] = ImageBytes.png(width: 80, height: 80, between: [ImageBytes.chunk("ABCD", [1, 2])])
    static let afterEnd: [UInt8] = ImageBytes.png(width: 80, height: 80, after: [0, 0, 0, 0])

    static let refusals: [(String, TestBytes, PhotoError)] = [
        ("truncated png", TestBytes(Array(plainPNG.dropLast(7))), PhotoError.damaged),
        ("png without IEND", TestBytes(Array(plainPNG.dropLast(12))), .damaged),
        ("png bad crc", TestBytes(badCRC), .damaged),
        ("png forged length", TestBytes(forgedLength), .damaged),
        ("png unknown critical chunk", TestBytes(unknownCritical), .damaged),
        ("png data after IEND", TestBytes(afterEnd), .damaged),
        ("png bad depth", TestBytes(badDepth), .damaged),
        ("truncated jpeg", TestBytes(Array(ImageBytes.jpeg(width: 100, height: 100).dropLast(5))), .damaged),
        ("jpeg without EOI", TestBytes(ImageBytes.jpeg(width: 100, height: 100, end: false)), .damaged),
        ("jpeg lossless frame", TestBytes(ImageBytes.jpeg(width: 100, height: 100, frame: 0xC3)), .damaged),
        ("jpeg arithmetic frame", TestBytes(ImageBytes.jpeg(width: 100, height: 100, frame: 0xC9)), .damaged),
        ("jpeg segment past the end", TestBytes(pastTheEnd), .damaged),
        ("jpeg scan before frame", TestBytes(scanFirst), .damaged),
        ("gif", TestBytes(gif), .notJPEGOrPNG),
        ("text named photo.png", TestBytes(svg), .notJPEGOrPNG),
        ("empty", TestBytes([]), .notJPEGOrPNG),
        ("over 2 MB", TestBytes(oversize), .tooLarge(maximumBytes: 2 * 1024 * 1024)),
        ("tiny png", TestBytes(ImageBytes.png(width: 32, height: 32)), .dimensionsTooSmall(width: 32, height: 32, minimum: 64)),
        ("narrow jpeg", TestBytes(ImageBytes.jpeg(width: 63, height: 200)), .dimensionsTooSmall(width: 63, height: 200, minimum: 64)),
        ("huge png", TestBytes(ImageBytes.png(width: 5000, height: 5000)), .dimensionsTooLarge(width: 5000, height: 5000, maximum: 4096)),
        ("wide jpeg", TestBytes(ImageBytes.jpeg(width: 4097, height: 100)), .dimensionsTooLarge(width: 4097, height: 100, maximum: 4096)),
    ]

    /// What is refused, and why.
    @Test(arguments: refusals)
    func refused(name: String, bytes: TestBytes, error: PhotoError) {
        #expect(throws: error, "\(name)") { try ProfilePhoto(upload: bytes.value) }
    }

    @Test func pngTextTimeAndExifChunksAreStrippedAndTheRestKept() throws {
        let plain = ImageBytes.png(width: 96, height: 96)
        let tagged = ImageBytes.png(
            width: 96, height: 96,
            between: [
                ImageBytes.chunk("tEXt", Array("Author\0Jane at 12 Home St".utf8)),
                ImageBytes.chunk("eXIf", Array("MM\0*\0\0\0\u{8}GPS".utf8)),
                ImageBytes.chunk("tIME", [0x07, 0xEA, 1, 2, 3, 4, 5]),
                ImageBytes.chunk("gAMA", ImageBytes.be32(45_455)),
                ImageBytes.chunk("iCCP", Array("Camera\0\0x\u{1}".utf8)),
            ],
            beforeEnd: [ImageBytes.chunk("zTXt", Array("Comment\0\0x\u{1}".utf8)), ImageBytes.chunk("iTXt", Array("XML\0\0\0\0\0".utf8))]
        )
        let photo = try ProfilePhoto(upload: tagged)
        for text in ["tEXt", "Jane", "eXIf", "GPS", "tIME", "zTXt", "iTXt", "iCCP", "Camera"] {
            #expect(!ImageBytes.contains(photo.bytes, text), "\(text) left in")
        }
        #expect(ImageBytes.contains(photo.bytes, "gAMA"))
        // Without the gAMA chunk, what is left is exactly the plain file.
        let gama = ImageBytes.chunk("gAMA", ImageBytes.be32(45_455))
        var withoutGamma: [UInt8] = Array(photo.bytes[0..<33])
        withoutGamma += photo.bytes[(33 + gama.count)...]
        #expect(withoutGamma == plain)
        #expect(try ProfilePhoto(upload: photo.bytes) == photo)
    }

    @Test func jpegExifXmpIccAndCommentsAreStrippedAndTheImageKept() throws {
        let plain = ImageBytes.jpeg(width: 120, height: 90)
        let tagged = ImageBytes.jpeg(width: 120, height: 90, extra: [Self.exif, Self.xmp, Self.icc, Self.comment], after: Array("trailer".utf8))
        let photo = try ProfilePhoto(upload: tagged)
        for text in ["Exif", "GPS", "xmpmeta", "ICC_PROFILE", "taken at home", "trailer"] {
            #expect(!ImageBytes.contains(photo.bytes, text), "\(text) left in")
        }
        #expect(photo.bytes == plain)
        #expect(try ProfilePhoto(upload: photo.bytes) == photo)
    }

    @Test func aJFIFThumbnailIsDropped() throws {
        // JFIF with a 2×1 RGB thumbnail: the APP0 is cut back to its 16 fixed bytes.
        let jfif = ImageBytes.segment(0xE0, Array("JFIF\0\u{1}\u{2}\u{1}\0H\0H\u{2}\u{1}\u{9}\u{9}\u{9}\u{8}\u{8}\u{8}".utf8))
        var bytes = ImageBytes.jpeg(width: 70, height: 70)
        bytes.replaceSubrange(2..<20, with: jfif)
        let photo = try ProfilePhoto(upload: bytes)
        #expect(photo.bytes == ImageBytes.jpeg(width: 70, height: 70))
    }

    @Test(arguments: [(4000, 3000, 160, 160, 120), (100, 400, 200, 50, 200), (64, 64, 96, 96, 96)])
    func displaySizeKeepsProportions(width: Int, height: Int, box: Int, shownWidth: Int, shownHeight: Int) {
        let size = ProfilePhoto.fitting(width: width, height: height, box: box)
        #expect(size.width == shownWidth && size.height == shownHeight)
    }

    @Test func theDemoEncoderMakesAValidPNG() throws {
        let bytes = PNGImage.encode(width: 70, height: 65) { x, y in (UInt8(x), UInt8(y), 0) }
        let photo = try ProfilePhoto(upload: bytes)
        #expect(photo.format == .png && photo.width == 70 && photo.height == 65)
        #expect(photo.bytes == bytes)
    }
}
