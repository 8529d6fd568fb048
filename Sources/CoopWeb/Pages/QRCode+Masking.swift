import Foundation

extension QRCode {
    /// The module grid while a symbol is built: function patterns, codeword placement, masking, penalty
    /// scoring, and the format and version information.
    struct Grid: Sendable {
        /// The version being built.
        let version: Int
        /// Modules on each side.
        let size: Int
        /// Row-major module colours: `true` is dark.
        private(set) var dark: [Bool]
        /// Row-major flags for modules that are not data: function patterns and the reserved format and
        /// version information areas.
        private(set) var reserved: [Bool]

        /// A grid for `version` with the finder patterns and separators, timing patterns and alignment
        /// patterns drawn, and the format information, dark module and version information areas reserved
        /// but left light (they are written after masking).
        init(version: Int) {
            self.version = version
            size = 4 * version + 17
            dark = Array(repeating: false, count: size * size)
            reserved = Array(repeating: false, count: size * size)

            // Timing patterns along row and column 6; the finder patterns are drawn over their ends.
            for index in 0..<size {
                setFunction(x: index, y: 6, dark: index % 2 == 0)
                setFunction(x: 6, y: index, dark: index % 2 == 0)
            }
            drawFinder(centreX: 3, centreY: 3)
            drawFinder(centreX: size - 4, centreY: 3)
            drawFinder(centreX: 3, centreY: size - 4)
            let centres = QRCode.alignmentPatternCentres(version: version)
            let last = centres.count - 1
            for (row, centreY) in centres.enumerated() {
                for (column, centreX) in centres.enumerated() {
                    // Skip the three positions that would overlap a finder pattern.
                    let nearFinder = (row == 0 && column == 0) || (row == 0 && column == last) || (row == last && column == 0)
                    if !nearFinder { drawAlignment(centreX: centreX, centreY: centreY) }
                }
            }
            // Format information areas and the dark module (column 8 and row 8 beside the finders).
            for index in 0...8 where index != 6 {
                setFunction(x: 8, y: index, dark: false)
                setFunction(x: index, y: 8, dark: false)
            }
            for index in 0..<8 {
                setFunction(x: size - 1 - index, y: 8, dark: false)
                setFunction(x: 8, y: size - 1 - index, dark: false)
            }
            // Version information: 6 × 3 blocks above the lower-left and left of the upper-right finder.
            if version >= 7 {
                for long in 0..<6 {
                    for short in size - 11..<size - 8 {
                        setFunction(x: short, y: long, dark: false)
                        setFunction(x: long, y: short, dark: false)
                    }
                }
            }
        }

        /// Colours one module and marks it as a function module.
        private mutating func setFunction(x: Int, y: Int, dark isDark: Bool) {
            dark[y * size + x] = isDark
            reserved[y * size + x] = true
        }

        /// A 7 × 7 finder pattern centred on the given module with its light separator (clipped at the edges).
        private mutating func drawFinder(centreX: Int, centreY: Int) {
            for dy in -4...4 {
                for dx in -4...4 {
                    let x = centreX + dx
                    let y = centreY + dy
                    guard x >= 0, y >= 0, x < size, y < size else { continue }
                    let ring = max(abs(dx), abs(dy))
                    setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
                }
            }
        }

        /// A 5 × 5 alignment pattern centred on the given module.
        private mutating func drawAlignment(centreX: Int, centreY: Int) {
            for dy in -2...2 {
                for dx in -2...2 {
                    setFunction(x: centreX + dx, y: centreY + dy, dark: max(abs(dx), abs(dy)) != 1)
                }
            }
        }

        /// Places the codewords' bits, most significant first, in the two-module-wide columns that run up and
        /// down from the bottom-right corner, skipping function modules and the vertical timing pattern;
        /// modules left over (the remainder bits) stay light.
        mutating func place(_ codewords: [UInt8]) {
            let bitCount = codewords.count * 8
            var bitIndex = 0
            var right = size - 1
            var upward = true
            while right >= 1 {
                if right == 6 { right = 5 }
                for step in 0..<size {
                    let y = upward ? size - 1 - step : step
                    for x in [right, right - 1] where !reserved[y * size + x] {
                        if bitIndex < bitCount {
                            dark[y * size + x] = (codewords[bitIndex / 8] >> (7 - bitIndex % 8)) & 1 == 1
                        }
                        bitIndex += 1
                    }
                }
                upward.toggle()
                right -= 2
            }
        }

        /// Whether mask pattern `mask` (0–7) inverts the module at row `i`, column `j`.
        static func maskInverts(_ mask: Int, i: Int, j: Int) -> Bool {
            switch mask {
            case 0: (i + j) % 2 == 0
            case 1: i % 2 == 0
            case 2: j % 3 == 0
            case 3: (i + j) % 3 == 0
            case 4: (i / 2 + j / 3) % 2 == 0
            case 5: (i * j) % 2 + (i * j) % 3 == 0
            case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
            default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
            }
        }

        /// A copy with mask pattern `mask` applied to every data module.
        func masked(_ mask: Int) -> Grid {
            var copy = self
            let size = size
            reserved.withUnsafeBufferPointer { reserved in
                copy.dark.withUnsafeMutableBufferPointer { dark in
                    for y in 0..<size {
                        for x in 0..<size where !reserved[y * size + x] && Self.maskInverts(mask, i: y, j: x) {
                            dark[y * size + x].toggle()
                        }
                    }
                }
            }
            return copy
        }

        /// The penalty score of the standard's evaluation: N1 (3 + k for each run of 5 + k same-coloured
        /// modules in a row or column), N2 (3 for each 2 × 2 same-coloured block), N3 (40 for each
        /// dark-light-dark-dark-dark-light-dark pattern with four light modules, or the symbol edge, on either
        /// side) and N4 (10 for each full 5% that dark modules depart from half of the symbol).
        func penalty() -> Int {
            dark.withUnsafeBufferPointer { modules in
                let size = size
                var score = 0
                for index in 0..<size {
                    score += Self.linePenalty(modules, start: index * size, step: 1, count: size)
                    score += Self.linePenalty(modules, start: index, step: size, count: size)
                }
                var darkCount = 0
                for y in 0..<size {
                    for x in 0..<size {
                        let colour = modules[y * size + x]
                        if colour { darkCount += 1 }
                        if x + 1 < size && y + 1 < size && modules[y * size + x + 1] == colour
                            && modules[(y + 1) * size + x] == colour && modules[(y + 1) * size + x + 1] == colour {
                            score += 3
                        }
                    }
                }
                let total = size * size
                return score + 10 * (abs(darkCount * 20 - total * 10) / total)
            }
        }

        /// The N1 and N3 penalties of the row or column of `count` modules from index `start` in steps of `step`.
        ///
        /// N3 scans from the start of the line; a counted pattern is skipped whole, so two patterns that share
        /// modules ("10111011101") count once, as in the reference encoders the tests compare with.
        private static func linePenalty(_ modules: UnsafeBufferPointer<Bool>, start: Int, step: Int, count: Int) -> Int {
            func module(_ offset: Int) -> Bool {
                offset >= 0 && offset < count && modules[start + offset * step]
            }
            func lightFour(from offset: Int) -> Bool {
                !module(offset) && !module(offset + 1) && !module(offset + 2) && !module(offset + 3)
            }
            var score = 0
            var runLength = 1
            var previous = modules[start]
            for offset in 1..<count {
                let current = modules[start + offset * step]
                if current == previous {
                    runLength += 1
                } else {
                    if runLength >= 5 { score += runLength - 2 }
                    runLength = 1
                    previous = current
                }
            }
            if runLength >= 5 { score += runLength - 2 }
            var offset = 0
            while offset + 7 <= count {
                let isPattern = module(offset) && !module(offset + 1) && module(offset + 2) && module(offset + 3)
                    && module(offset + 4) && !module(offset + 5) && module(offset + 6)
                if isPattern && (lightFour(from: offset - 4) || lightFour(from: offset + 7)) {
                    score += 40
                    offset += 7
                } else {
                    offset += 1
                }
            }
            return score
        }

        /// Writes the 15-bit format information (level and mask, BCH(15,5) protected, XOR 0x5412) in both of
        /// its places, and the dark module beside the lower-left finder.
        mutating func drawFormatInformation(errorCorrection: ErrorCorrection, mask: Int) {
            let data = errorCorrection.formatBits << 3 | mask
            var remainder = data << 10
            for shift in stride(from: 4, through: 0, by: -1) where remainder & (1 << (shift + 10)) != 0 {
                remainder ^= 0x537 << shift
            }
            let bits = (data << 10 | remainder) ^ 0x5412
            func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }

            // Beside the upper-left finder: bits 0–7 down column 8 from the top (skipping the timing row),
            // then 8–14 leftwards along row 8.
            for index in 0...5 { setFunction(x: 8, y: index, dark: bit(index)) }
            setFunction(x: 8, y: 7, dark: bit(6))
            setFunction(x: 8, y: 8, dark: bit(7))
            setFunction(x: 7, y: 8, dark: bit(8))
            for index in 9...14 { setFunction(x: 14 - index, y: 8, dark: bit(index)) }
            // The split copy: bits 0–7 leftwards along row 8 from the right edge (under the upper-right finder),
            // then 8–14 down column 8 to the bottom edge (beside the lower-left finder).
            for index in 0...7 { setFunction(x: size - 1 - index, y: 8, dark: bit(index)) }
            for index in 8...14 { setFunction(x: 8, y: size - 15 + index, dark: bit(index)) }
            setFunction(x: 8, y: size - 8, dark: true)
        }

        /// Writes the 18-bit version information (version 7 and up: the version in 6 bits, BCH(18,6) protected
        /// with generator 0x1F25) in its two 6 × 3 blocks beside the upper-right and lower-left finders.
        mutating func drawVersionInformation() {
            guard version >= 7 else { return }
            var remainder = version << 12
            for shift in stride(from: 5, through: 0, by: -1) where remainder & (1 << (shift + 12)) != 0 {
                remainder ^= 0x1F25 << shift
            }
            let bits = version << 12 | remainder
            for index in 0..<18 {
                let isDark = (bits >> index) & 1 == 1
                let long = index / 3
                let short = size - 11 + index % 3
                setFunction(x: short, y: long, dark: isDark)
                setFunction(x: long, y: short, dark: isDark)
            }
        }
    }

    /// The mask (0–7) whose masked grid has the lowest penalty; ties go to the lower number.
    static func bestMask(for grid: Grid) -> Int {
        var best = 0
        var bestScore = Int.max
        for mask in 0...7 {
            let score = grid.masked(mask).penalty()
            if score < bestScore {
                best = mask
                bestScore = score
            }
        }
        return best
    }
}
