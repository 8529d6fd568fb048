import Foundation

/// A QR Code symbol (ISO/IEC 18004, model 2) holding one byte-mode segment, drawn on the server as inline SVG.
///
/// Supports versions 1–40 and the four error-correction levels. The smallest version that fits the data is
/// used, and the data mask is chosen among all eight by the standard's penalty rules (N1–N4), scored on the
/// masked symbol before the format and version information are written (the standard's order of steps).
/// Only byte mode is written, with no ECI header, so readers guess the character set of non-ASCII bytes (some
/// guess wrong): keep the data ASCII, e.g. an `otpauth://` URI with its label and parameters percent-encoded.
struct QRCode: Sendable, Equatable {
    /// The error-correction level: how much of the symbol can be damaged and still read (about 7, 15, 25, 30%).
    enum ErrorCorrection: Sendable, CaseIterable {
        case low, medium, quartile, high

        /// The two bits that name this level in the format information (L 01, M 00, Q 11, H 10).
        var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }

        /// This level's column in the error-correction tables (L, M, Q, H).
        var tableIndex: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }
    }

    /// The symbol version, 1–40; the symbol is `4 × version + 17` modules on each side.
    let version: Int
    /// The number of modules on each side, quiet zone excluded.
    let size: Int
    /// The error-correction level the symbol was made with.
    let errorCorrection: ErrorCorrection
    /// The data mask pattern applied, 0–7.
    let mask: Int
    /// Row-major module colours: `true` is dark.
    private let modules: [Bool]

    /// Encodes `bytes` in byte mode at the smallest version that holds them; throws
    /// `QRCodeError.dataTooLong` when even version 40 cannot.
    init(bytes: [UInt8], errorCorrection: ErrorCorrection = .medium) throws {
        try self.init(bytes: bytes, errorCorrection: errorCorrection, mask: nil)
    }

    /// Encodes the UTF-8 bytes of `text` (see `init(bytes:errorCorrection:)`).
    init(text: String, errorCorrection: ErrorCorrection = .medium) throws {
        try self.init(bytes: Array(text.utf8), errorCorrection: errorCorrection, mask: nil)
    }

    /// Encodes `bytes` with the given data mask (0–7), or the best one by the penalty rules when `mask` is nil.
    init(bytes: [UInt8], errorCorrection: ErrorCorrection, mask: Int?) throws {
        precondition(mask.map { (0...7).contains($0) } ?? true, "QR mask pattern must be 0–7")
        guard let version = (1...40).first(where: { Self.byteCapacity(version: $0, errorCorrection: errorCorrection) >= bytes.count }) else {
            throw QRCodeError.dataTooLong(byteCount: bytes.count, maximum: Self.byteCapacity(version: 40, errorCorrection: errorCorrection))
        }
        let data = Self.dataCodewords(bytes, version: version, errorCorrection: errorCorrection)
        let codewords = Self.interleavedWithErrorCorrection(data, version: version, errorCorrection: errorCorrection)

        var grid = Grid(version: version)
        grid.place(codewords)
        let chosen = mask ?? Self.bestMask(for: grid)
        var final = grid.masked(chosen)
        final.drawFormatInformation(errorCorrection: errorCorrection, mask: chosen)
        final.drawVersionInformation()

        self.version = version
        self.size = grid.size
        self.errorCorrection = errorCorrection
        self.mask = chosen
        self.modules = final.dark
    }

    /// Whether the module at column `x`, row `y` (0-based from the top left) is dark; anything outside the
    /// symbol is quiet zone and light.
    func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// The most bytes a symbol of `version` holds in one byte-mode segment at `errorCorrection`.
    static func byteCapacity(version: Int, errorCorrection: ErrorCorrection) -> Int {
        let bits = dataCodewordCount(version: version, errorCorrection: errorCorrection) * 8
        return (bits - 4 - characterCountBits(version: version)) / 8
    }

    /// The width of the byte-mode character count indicator: 8 bits up to version 9, then 16.
    static func characterCountBits(version: Int) -> Int {
        version <= 9 ? 8 : 16
    }

    /// The data codewords for `bytes`: mode indicator 0100, character count, the bytes, a terminator of up to
    /// four zero bits, zero bits to a byte boundary, then the pad codewords 0xEC and 0x11 in turn.
    static func dataCodewords(_ bytes: [UInt8], version: Int, errorCorrection: ErrorCorrection) -> [UInt8] {
        let capacity = dataCodewordCount(version: version, errorCorrection: errorCorrection)
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: characterCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data codewords into the version's blocks (shorter blocks first), computes each block's
    /// Reed–Solomon codewords, and interleaves them: data codewords column by column across the blocks, then
    /// error-correction codewords the same way.
    static func interleavedWithErrorCorrection(_ data: [UInt8], version: Int, errorCorrection: ErrorCorrection) -> [UInt8] {
        let blockCount = errorCorrectionBlockCount(version: version, errorCorrection: errorCorrection)
        let ecLength = errorCorrectionCodewordsPerBlock(version: version, errorCorrection: errorCorrection)
        let total = totalCodewordCount(version: version)
        let longBlocks = total % blockCount
        let shortDataLength = total / blockCount - ecLength
        let generator = ReedSolomon.generator(degree: ecLength)

        var dataBlocks: [[UInt8]] = []
        var ecBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortDataLength + (index >= blockCount - longBlocks ? 1 : 0)
            let block = Array(data[start..<start + length])
            start += length
            dataBlocks.append(block)
            ecBlocks.append(ReedSolomon.remainder(of: block, generator: generator))
        }

        var result: [UInt8] = []
        result.reserveCapacity(total)
        for column in 0...shortDataLength {
            for block in dataBlocks where column < block.count { result.append(block[column]) }
        }
        for column in 0..<ecLength {
            for block in ecBlocks { result.append(block[column]) }
        }
        return result
    }

    /// An SVG image of the symbol: a white background, then one `<path>` of the dark modules (one subpath per
    /// horizontal run), with `role="img"`, the accessible `title`, crisp edges and a fixed pixel size. No
    /// `style` attribute is used, so it can be inlined under a strict Content-Security-Policy.
    func svg(moduleSize: Int = 4, quietZone: Int = 4, title: String) -> String {
        let scale = max(1, moduleSize)
        let margin = max(0, quietZone)
        let extent = size + 2 * margin
        let pixels = extent * scale
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                let run = x - start
                path += "M\(start + margin) \(y + margin)h\(run)v1h-\(run)z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(pixels)\" height=\"\(pixels)\" "
            + "viewBox=\"0 0 \(extent) \(extent)\" role=\"img\" shape-rendering=\"crispEdges\">"
            + "<title>\(Self.escapeXML(title))</title>"
            + "<rect width=\"\(extent)\" height=\"\(extent)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    /// `text` escaped for XML character data and attribute values, with characters XML 1.0 forbids dropped.
    static func escapeXML(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value >= 0x20 && value != 0xFFFE && value != 0xFFFF { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}

/// Why a QR Code could not be made.
enum QRCodeError: Error, Equatable {
    /// The data needs more than version 40 holds at the chosen error-correction level.
    case dataTooLong(byteCount: Int, maximum: Int)
}

extension QRCode {
    /// A growing sequence of bits, most significant bit first, read out as bytes.
    struct BitBuffer {
        /// The bits so far.
        private(set) var bits: [Bool] = []

        /// How many bits have been appended.
        var count: Int { bits.count }

        /// Appends the low `count` bits of `value`, most significant first.
        mutating func append(_ value: Int, count: Int) {
            guard count > 0 else { return }
            for shift in stride(from: count - 1, through: 0, by: -1) {
                bits.append((value >> shift) & 1 == 1)
            }
        }

        /// The bits packed into bytes; a last partial byte is padded with zero bits.
        var bytes: [UInt8] {
            var result = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
            for (index, bit) in bits.enumerated() where bit {
                result[index / 8] |= 0x80 >> UInt8(index % 8)
            }
            return result
        }
    }
}
