import Foundation

/// Capacity and error-correction tables of ISO/IEC 18004 (Table 9, Annex E) and the symbol's module counts.
extension QRCode {
    /// Error-correction codewords in each block, per version (index 0 is version 1), for L, M, Q and H.
    private static let ecCodewordsPerBlock: [[Int]] = [
        [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
         28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
         26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
         28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
         30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    /// Number of error-correction blocks, per version (index 0 is version 1), for L, M, Q and H.
    private static let ecBlockCounts: [[Int]] = [
        [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
         8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
         17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
         23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
         25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    /// Row/column centre coordinates of the alignment patterns, per version from 2 (Annex E).
    private static let alignmentCentres: [[Int]] = [
        [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86],
        [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
        [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    /// Error-correction codewords per block for `version` (1–40) at `errorCorrection`.
    static func errorCorrectionCodewordsPerBlock(version: Int, errorCorrection: ErrorCorrection) -> Int {
        ecCodewordsPerBlock[errorCorrection.tableIndex][version - 1]
    }

    /// Number of error-correction blocks for `version` (1–40) at `errorCorrection`.
    static func errorCorrectionBlockCount(version: Int, errorCorrection: ErrorCorrection) -> Int {
        ecBlockCounts[errorCorrection.tableIndex][version - 1]
    }

    /// Alignment pattern centre coordinates for `version`; empty for version 1.
    static func alignmentPatternCentres(version: Int) -> [Int] {
        version < 2 ? [] : alignmentCentres[version - 2]
    }

    /// Modules left for codewords and remainder bits once the function patterns, the format information
    /// (2 × 15 modules and the dark module) and the version information (2 × 18 modules, from version 7) are
    /// taken out.
    static func dataModuleCount(version: Int) -> Int {
        let side = 4 * version + 17
        var count = side * side
        count -= 3 * 64  // finder patterns with their separators
        count -= 2 * 15 + 1  // format information and the dark module
        count -= 2 * (side - 16)  // timing patterns between the separators
        if version >= 2 {
            let perAxis = version / 7 + 2
            // 25 modules per alignment pattern (none over a finder), less those that lie on a timing pattern.
            count -= 25 * (perAxis * perAxis - 3) - 2 * 5 * (perAxis - 2)
        }
        if version >= 7 { count -= 2 * 18 }
        return count
    }

    /// All codewords (data and error correction) in a symbol of `version`.
    static func totalCodewordCount(version: Int) -> Int {
        dataModuleCount(version: version) / 8
    }

    /// Data codewords in a symbol of `version` at `errorCorrection`.
    static func dataCodewordCount(version: Int, errorCorrection: ErrorCorrection) -> Int {
        totalCodewordCount(version: version)
            - errorCorrectionCodewordsPerBlock(version: version, errorCorrection: errorCorrection)
            * errorCorrectionBlockCount(version: version, errorCorrection: errorCorrection)
    }
}

extension QRCode {
    /// Reed–Solomon error correction over GF(2⁸) with the QR field polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D).
    enum ReedSolomon {
        /// α^i for i in 0..<510, so a sum of two logarithms can index it without a modulo.
        private static let exponents: [UInt8] = {
            var table = [UInt8](repeating: 0, count: 510)
            var value = 1
            for index in 0..<510 {
                table[index] = UInt8(value)
                value <<= 1
                if value & 0x100 != 0 { value ^= 0x11D }
            }
            return table
        }()

        /// log_α(v) for v in 1...255 (index 0 is unused).
        private static let logarithms: [Int] = {
            var table = [Int](repeating: 0, count: 256)
            for index in 0..<255 { table[Int(exponents[index])] = index }
            return table
        }()

        /// The product of two field elements.
        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            guard a != 0, b != 0 else { return 0 }
            return exponents[logarithms[Int(a)] + logarithms[Int(b)]]
        }

        /// The generator polynomial (x − α⁰)(x − α¹)…(x − α^(degree−1)), coefficients from the highest power
        /// down; the leading coefficient is 1.
        static func generator(degree: Int) -> [UInt8] {
            var polynomial: [UInt8] = [1]
            for power in 0..<degree {
                let root = exponents[power]
                var next = polynomial + [0]
                for index in 1..<next.count {
                    next[index] ^= multiply(polynomial[index - 1], root)
                }
                polynomial = next
            }
            return polynomial
        }

        /// The error-correction codewords of `data`: the remainder of data(x)·x^n divided by `generator`
        /// (of degree n), highest power first.
        static func remainder(of data: [UInt8], generator: [UInt8]) -> [UInt8] {
            let degree = generator.count - 1
            var remainder = [UInt8](repeating: 0, count: degree)
            for byte in data {
                let factor = byte ^ remainder[0]
                remainder.removeFirst()
                remainder.append(0)
                for index in 0..<degree {
                    remainder[index] ^= multiply(generator[index + 1], factor)
                }
            }
            return remainder
        }
    }
}
