import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import CoopWeb

// Known answers come from outside this code base: the module matrices were made with the PyPI package `qrcode`
// 8.2 (byte mode, smallest version, no border), and the mask of each was chosen by scoring all eight masked
// matrices with `segno` 1.6.6's ISO/IEC 18004 penalty evaluation (format and version areas light) and taking
// the lowest, so these tests check our automatic mask choice as well as the symbol.

@Suite struct QRCodeTests {
    /// One reference symbol: the input, its level, and the expected version, mask and rows (1 = dark).
    struct Fixture: Sendable, CustomTestStringConvertible {
        let text: String
        let level: QRCode.ErrorCorrection
        let version: Int
        let mask: Int
        let rows: String

        /// The input's first characters, to name the test case.
        var testDescription: String { "\(text.prefix(24))… (\(level))" }
    }

    /// The rows of `code` as 0/1 strings joined by newlines.
    static func rows(of code: QRCode) -> String {
        (0..<code.size).map { y in String((0..<code.size).map { code.isDark(x: $0, y: y) ? "1" : "0" }) }
            .joined(separator: "\n")
    }

    /// 64-bit FNV-1a of the UTF-8 bytes of `text`.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Each reference symbol is reproduced module for module, with the same version and automatic mask.
    @Test(arguments: [shortText, otpauthURI, longText, lowLevel, highLevel])
    func matchesReferenceMatrix(_ fixture: Fixture) throws {
        let code = try QRCode(text: fixture.text, errorCorrection: fixture.level)
        #expect(code.version == fixture.version)
        #expect(code.size == 4 * fixture.version + 17)
        #expect(code.mask == fixture.mask)
        #expect(Self.rows(of: code) == fixture.rows)
    }

    /// The fixtures' inputs are the sizes the brief asks for (a ~110-byte URI, exactly 300 bytes).
    @Test func fixtureInputsAreAsDescribed() {
        #expect(Self.longText.text.utf8.count == 300)
        #expect(Self.longText.text == String(String(repeating: "CoopCare shift log 0123456789. ", count: 10).prefix(300)))
        #expect(Self.otpauthURI.text.hasPrefix("otpauth://totp/"))
        #expect((100...120).contains(Self.otpauthURI.text.utf8.count))
    }

    /// Every version 1–40, each filled to its byte capacity at one level (L, M, Q, H in turn), with the bytes
    /// `(i × 37 + 11) mod 256`: version, mask and a hash of the reference rows (same format as `rows(of:)`).
    static let everyVersion: [(version: Int, level: QRCode.ErrorCorrection, bytes: Int, mask: Int, hash: UInt64)] = [
        (1, .medium, 14, 5, 0x213a637102e50825),
        (2, .quartile, 20, 1, 0xe3cccf082cf62af7),
        (3, .high, 24, 7, 0xc15d65418f97cb61),
        (4, .low, 78, 7, 0xdfaed52472820edc),
        (5, .medium, 84, 4, 0x8a0d6828073a3985),
        (6, .quartile, 74, 0, 0x2baab04281c89fef),
        (7, .high, 64, 7, 0x0864350d0c9475bd),
        (8, .low, 192, 7, 0xaf8612a6488aea5b),
        (9, .medium, 180, 4, 0xed2375cd108b0dc7),
        (10, .quartile, 151, 5, 0x5dde188054aab03f),
        (11, .high, 137, 2, 0x64c909575492bcf5),
        (12, .low, 367, 1, 0xb8004971afd4d798),
        (13, .medium, 331, 4, 0x5aa154ef232a640b),
        (14, .quartile, 258, 3, 0x1ab871d62f16631b),
        (15, .high, 220, 3, 0xaf09edd6b9c1bf94),
        (16, .low, 586, 4, 0x791d9b91d9280176),
        (17, .medium, 504, 1, 0x2be4e93de1456b9e),
        (18, .quartile, 394, 3, 0xed0400af168fe786),
        (19, .high, 338, 0, 0xb0c35171eee4370d),
        (20, .low, 858, 0, 0x3668aba04d088751),
        (21, .medium, 711, 3, 0xe4e7eed11d18b135),
        (22, .quartile, 565, 7, 0x31164916d11b1b79),
        (23, .high, 461, 1, 0x6f5ceaff6c5a8ab0),
        (24, .low, 1171, 5, 0x0ef58ec5be5e9898),
        (25, .medium, 997, 7, 0x18d8e689437ae276),
        (26, .quartile, 751, 4, 0xf9acb3b0239e8aa1),
        (27, .high, 625, 6, 0x49b73692cc37ed2b),
        (28, .low, 1528, 0, 0x7ef7c15f17a9fc35),
        (29, .medium, 1264, 3, 0x3819f1aba7f32f2b),
        (30, .quartile, 982, 7, 0xe022ffef0f210122),
        (31, .high, 790, 4, 0x3f2992a5a47529eb),
        (32, .low, 1952, 3, 0xc66bbed45a030c74),
        (33, .medium, 1628, 1, 0xb512dae400156e78),
        (34, .quartile, 1228, 6, 0x9d6b7133602a7be7),
        (35, .high, 983, 3, 0xe01710dd516772b9),
        (36, .low, 2431, 7, 0x9ab545be623abc24),
        (37, .medium, 1989, 7, 0xf2e4ffec43071303),
        (38, .quartile, 1499, 5, 0x629d777ecff219b4),
        (39, .high, 1219, 4, 0x541558d3154f56dd),
        (40, .low, 2953, 6, 0x1e03dd588dc6c4b7),
    ]

    /// Every version's block structure, capacity and mask choice agree with the reference (by hash), and one
    /// byte more moves to the next version.
    @Test func matchesReferenceForEveryVersion() throws {
        for expected in Self.everyVersion {
            let bytes = (0..<expected.bytes).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            let code = try QRCode(bytes: bytes, errorCorrection: expected.level)
            #expect(code.version == expected.version, "version \(expected.version)")
            #expect(code.mask == expected.mask, "version \(expected.version)")
            #expect(Self.fnv1a(Self.rows(of: code)) == expected.hash, "version \(expected.version)")
            #expect(QRCode.byteCapacity(version: expected.version, errorCorrection: expected.level) == expected.bytes)
            if expected.version < 40 {
                let bigger = try QRCode(bytes: bytes + [0], errorCorrection: expected.level, mask: 0)
                #expect(bigger.version == expected.version + 1)
            }
        }
    }

    /// All eight masks give different symbols, and forcing the automatic choice gives the same symbol.
    @Test func everyMaskCanBeForcedAndIsWrittenInTheFormatInformation() throws {
        let bytes = Array(Self.shortText.text.utf8)
        var symbols = Set<String>()
        for mask in 0...7 {
            let code = try QRCode(bytes: bytes, errorCorrection: .medium, mask: mask)
            #expect(code.mask == mask)
            symbols.insert(Self.rows(of: code))
        }
        #expect(symbols.count == 8)
        let automatic = try QRCode(bytes: bytes, errorCorrection: .medium)
        #expect(try QRCode(bytes: bytes, errorCorrection: .medium, mask: automatic.mask) == automatic)
    }

    /// `init(text:)` encodes the UTF-8 bytes; empty and one-byte data fit version 1.
    @Test func textIsEncodedAsUTF8Bytes() throws {
        let text = "Cooperativa de cuidados · Año 2025"
        #expect(try QRCode(text: text) == QRCode(bytes: Array(text.utf8)))
        #expect(try QRCode(text: "x").version == 1)
        #expect(try QRCode(bytes: []).version == 1)
    }

    /// Data past version 40's capacity at the level throws `dataTooLong` with the limit; the limit itself fits.
    @Test func tooLongDataThrows() throws {
        let low = [UInt8](repeating: 0x41, count: 2954)
        #expect(throws: QRCodeError.dataTooLong(byteCount: 2954, maximum: 2953)) {
            try QRCode(bytes: low, errorCorrection: .low)
        }
        #expect(try QRCode(bytes: Array(low.dropLast()), errorCorrection: .low).version == 40)
        #expect(throws: QRCodeError.dataTooLong(byteCount: 1274, maximum: 1273)) {
            try QRCode(bytes: [UInt8](repeating: 0, count: 1274), errorCorrection: .high)
        }
        #expect(throws: QRCodeError.self) {
            try QRCode(text: String(repeating: "a", count: 2332), errorCorrection: .medium)
        }
    }

    /// `isDark` answers light (quiet zone) outside the symbol.
    @Test func modulesOutsideTheSymbolAreLight() throws {
        let code = try QRCode(text: "quiet")
        #expect(code.isDark(x: 0, y: 0))
        #expect(!code.isDark(x: -1, y: 0))
        #expect(!code.isDark(x: 0, y: code.size))
        #expect(!code.isDark(x: code.size, y: code.size - 1))
    }

    /// Collects what the SVG tests look at while `XMLParser` reads the document.
    final class SVGReader: NSObject, XMLParserDelegate {
        /// Each element's name and attributes, in document order.
        var elements: [(name: String, attributes: [String: String])] = []
        /// The text of the `<title>` element.
        var titleText = ""
        private var inTitle = false

        /// Records an element and whether its text is the title.
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elements.append((elementName, attributeDict))
            inTitle = elementName == "title"
        }

        /// Ends the title's text.
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            inTitle = false
        }

        /// Collects the title's text.
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle { titleText += string }
        }
    }

    /// The SVG parses as XML, is an accessible image with its title, sized in pixels, without inline styles,
    /// and its path draws exactly the dark modules.
    @Test func svgIsWellFormedAccessibleAndStyleFree() throws {
        let code = try QRCode(text: Self.otpauthURI.text)
        let title = "Scan with your authenticator app: CoopCare <ana> & \"friends\""
        let svg = code.svg(moduleSize: 5, quietZone: 4, title: title)
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "\(parser.parserError.map { String(describing: $0) } ?? "")")
        #expect(reader.elements.map(\.name) == ["svg", "title", "rect", "path"])
        #expect(reader.titleText == title)

        let extent = code.size + 8
        let root = try #require(reader.elements.first?.attributes)
        #expect(root["role"] == "img")
        #expect(root["shape-rendering"] == "crispEdges")
        #expect(root["width"] == "\(extent * 5)")
        #expect(root["height"] == "\(extent * 5)")
        #expect(root["viewBox"] == "0 0 \(extent) \(extent)")
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(reader.elements[2].attributes["fill"] == "#fff")
        #expect(reader.elements[2].attributes["width"] == "\(extent)")
        #expect(reader.elements.allSatisfy { $0.attributes["style"] == nil })
        #expect(!svg.contains("style"))
        #expect(!svg.contains("<script"))

        // The path's runs, drawn back onto a grid, give exactly the dark modules.
        let path = try #require(reader.elements[3].attributes["d"])
        var drawn = Set<[Int]>()
        for run in path.split(separator: "M") {
            let numbers = run.split(whereSeparator: { !"0123456789".contains($0) }).compactMap { Int($0) }
            #expect(numbers.count == 5 && numbers[2] == numbers[4] && numbers[3] == 1)
            guard numbers.count == 5 else { continue }
            for x in numbers[0]..<numbers[0] + numbers[2] { drawn.insert([x - 4, numbers[1] - 4]) }
        }
        var expected = Set<[Int]>()
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) { expected.insert([x, y]) }
        }
        #expect(drawn == expected)
    }

    /// Control characters in the title are dropped so the document stays well formed.
    @Test func svgTitleDropsCharactersXMLForbids() throws {
        let svg = try QRCode(text: "x").svg(title: "a\u{0}b\u{1B}c")
        #expect(svg.contains("<title>abc</title>"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse())
    }
}

extension QRCodeTests {
    /// Short text at level M.
    static let shortText = Fixture(
        text: "Hello, CoopCare!",
        level: .medium, version: 2, mask: 1,
        rows: """
            1111111011111111001111111
            1000001000100001001000001
            1011101011000100001011101
            1011101001111001001011101
            1011101001111001101011101
            1000001010111110101000001
            1111111010101010101111111
            0000000001000100000000000
            1010001100111101100100101
            0011100001110001001101101
            1110011101101111000001101
            0100010110101010111111010
            0111001011000111101101001
            0001100111000111111101101
            1101011010110001111001101
            0010110101000101000001000
            1111011010111101111111010
            0000000010101001100011100
            1111111011001110101010001
            1000001000011011100010000
            1011101001000111111111011
            1011101000100111010001110
            1011101011110001111011111
            1000001000000100100000000
            1111111011011100100111001
            """)

    /// A typical TOTP enrolment URI (113 bytes) at level M; version 7 carries version information.
    static let otpauthURI = Fixture(
        text: "otpauth://totp/CoopCare:ana.garcia%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=CoopCare&digits=6",
        level: .medium, version: 7, mask: 3,
        rows: """
            111111101100001011110000010000100000101111111
            100000101001010011110000001101101101001000001
            101110100111000101010010101001111001001011101
            101110101101000011101010010000010001101011101
            101110100001010110111111101110001111101011101
            100000100111010000011000101010100000001000001
            111111101010101010101010101010101010101111111
            000000001111101110001000101000011111000000000
            101101110111100000001111101111100101001001011
            001010001100010111111100110101111101110000111
            100001100111010100001000100000001011010100111
            100000011011011011101110100100111010000001001
            011011110001110111101001010101100000000000011
            101000010101111011110000011110011100001110000
            111111110001100001011111011010100000001010000
            110110001000110001010101001101011110000001110
            010011110110101000000101001100111001101100011
            000111000111101001000011100011010110000011010
            001010111111011100110001110100110000000111110
            011111000100000010111100011110100001110110010
            011011111011111101011111111111100110111111110
            000110001010111001011000100011101000100011101
            000010101100111110101010101110111110101011011
            110010001011000000111000110100100100100011011
            001011111100101011001111110001110010111111000
            111110011011110011011010011111000101010001100
            101111100101001100111101101101110100100111000
            000011001010010011000000100011101010001001110
            011110101010110010100100010100111101111111101
            000001000000011110010011000011010111010110001
            011010111101111011101111111000011010010000110
            110100011100110100101001001101010000100000010
            100011100001010100010111010111100010110010010
            110110011101111100010000110101111000000000111
            000010111100110011001110101101110001111101101
            011110001101001001010000001100011011011100000
            100110110111011011101111101100000110111111001
            000000001001001110001000110110011101100011010
            111111101100011101011010110110100000101010000
            100000101000011101011000100110100000100011110
            101110100001100000001111100100111000111111101
            101110101011101110011101100101011111111010001
            101110101000011100101100001010101111111001110
            100000100111101100000111101111100000101101001
            111111101101011011000001011111000011101110100
            """)

    /// 300 bytes at level M (`longText` in the tests builds the same string).
    static let longText = Fixture(
        text: "CoopCare shift log 0123456789. CoopCare shift log 0123456789. CoopCare shift log 0123456789. CoopCare shift log 0123456789. CoopCare shift log 0123456789. CoopCare shift log 0123456789. CoopCare shift log 0123456789. CoopCare shift log 0123456789. CoopCare shift log 0123456789. CoopCare shift log 01",
        level: .medium, version: 13, mask: 2,
        rows: """
            111111100001111101101011101100110010010010110101100100111011101111111
            100000100010101000010000000100100111101011010000111101010000001000001
            101110101111010101101101110001100010000110111011010011011110001011101
            101110101000111111010101100111110100111000100010110001000000101011101
            101110101110011010111000110101001111100101100001000111110010101011101
            100000101101110111100111011000001000111110100111111000000110001000001
            111111101010101010101010101010101010101010101010101010101010101111111
            000000001000111010000001101001111000101110111101000001101010100000000
            101111100011110010001001111111101111110001110010100101110100101111100
            010100001001011100101010100000000110000010101101110000100001110110101
            001100110010001101100000011011101101101101110010100100000110101100100
            110010001000101110110111101011010101000110101110000011111010110111110
            111111110011011111000100011010111010100101110001110100110110001000101
            111111010011111011010001010100000011010110101100110010100010110010111
            001011100111110111110101000011100010100011000110111100000101111101000
            111001010100100101011001010000110000000011101101001110110100000011111
            101000101011100100011110111010100011110101010101110000100001000100000
            000000011000101100010011110101000101000100111000110010110000100111001
            110010100010111000100000011001001100110001000100101011000011011000110
            111111000000101101001111111100000000110101011101010111011110111011111
            000101110000010101111010101110110010110011000011111000000000011100011
            011001001001111110101101000000001100000111101001000101000001110101001
            010010110111111110110111111100111100111010010111001110100111011100110
            000000000001011111100011000101000000100011111011010110111001000111100
            111010101010010111101010010011111111100001100100100001010010000100101
            110100010010100101011001101000000100010010100000100011101101110100101
            100100111111001001100100100100001000100010000110011100010110111001110
            011001010100111110110100011100110101100011100101011111001000000111111
            001111110011110101110010010011111011110100111110101100110100000101000
            000110011001110110010001011000011000010100101100011111101101110000001
            000100100110110111000000001011001011111110011010100010000011001001100
            101100010110100110010100100010010101001010101110010010101010100111110
            110111111110111111110011111101001111110100100101100100010110111110000
            111010001011111001010100000010101000110110101100100100111100100011101
            000110101101001010100101101110101010101101011011001001000110101011010
            111110001111010100110011001011011000110111111010100110011100100010100
            011011111001111111111110000011101111111000000111000100100011111110000
            010101000010100001101111010000011011000100100010000010101000110001111
            111110101111110001100111001110101011001011010101011001010110100010110
            111100011100011000110111001000010010110110101001010111011111011010100
            001110100111110010010010011111100001000001000010101001000100110111000
            010101011101011011011010011000010111100011111100000001100000111101011
            010111111110100000100101101111100001111100010111111111000110000010010
            111010001001011011001011111100011000111101001001000100101011011000111
            111011111001111101001111000111110101101000010100111010100010111110011
            001010010000110111110101100001001110100101010100110111100000111000111
            100000111001100100010000100010110101001100101010101011010110010001000
            011111001100000010100100001100111001100110111010000010101101001111100
            100111111101001010011000011010111101111100010110101100100000010010001
            001011010101011001101000000101011000110000110100110111110101010000011
            110100100000001111011001000111100110101111000111101100010001000000100
            001111010111111101000011100001100001111010000100010110100101101101101
            011110110101010100001101111010101100101100110010101001111110110100000
            000001001101001011001100110101011110111010100001110100101000100001001
            111111101001100000111101011100101101000101000111111011011111000101010
            100110010100111100001111101100111100110001011110000110101001101101100
            100010111010101001001000101111111001101101000101100001100110100010011
            000100000111111101111111101100110101100001110001000010111001100100101
            101011100011000101111110101100100101011101010111011101110010100001010
            100000001100110011010110011001100010100110111011010100001101011001111
            100110111011010101100001100111111111111000100010110000110100111110000
            000000001011010001000110000101011000110011100001000101110100100010100
            111111100100011111100111011000011010101011000111111100001010101010010
            100000101011111011011011000001101000100010110101000111011001100011100
            101110101011000100011011010111101111101100100010110101010001111110000
            101110101001111101011000011000001000110011110101100001110100000011100
            101110101111110010100001001010100110101000000010110110000011100100000
            100000100100001100000101111011101011010010101110000010100101010101100
            111111101001001010101101000000110101101101100001100101010100100101010
            """)

    /// A URL at level L.
    static let lowLevel = Fixture(
        text: "https://coopcare.example/invite/7f3a9c",
        level: .low, version: 3, mask: 2,
        rows: """
            11111110001011100111101111111
            10000010101000011000001000001
            10111010000010110010001011101
            10111010111011110100101011101
            10111010010000001011101011101
            10000010110111011000101000001
            11111110101010101010101111111
            00000000011100100000100000000
            11111011110100011111010101010
            11100101001011000111111110001
            00010111101001110100110010000
            10101000000011001000001011010
            10000111111010110100000101100
            11110001100000001111111110001
            01100111000110011010010101100
            00110001001100101000000100010
            01001010100100011101100001100
            10101101000011100111101110101
            10110110011001111100110100100
            10010000010011001010111100010
            10111111011010100100111110111
            00000000110000000000100011111
            11111110111110011101101011100
            10000010011100111011100010011
            10111010101100010100111110100
            10111010111011101110100001111
            10111010101001110011111111110
            10000010100011011000100101010
            11111110111010111100000010100
            """)

    /// Short text at level H.
    static let highLevel = Fixture(
        text: "CoopCare TOTP",
        level: .high, version: 2, mask: 7,
        rows: """
            1111111011011011001111111
            1000001011110010001000001
            1011101000011100101011101
            1011101011010011001011101
            1011101011100100001011101
            1000001011011010101000001
            1111111010101010101111111
            0000000001011001000000000
            0001001000001100000111011
            0000110001110111100000111
            1011001011100011111111111
            1110100101000101000110011
            1100011111100101111001010
            0101100110011111010001111
            1000111111011101100100101
            0110010000100010101000001
            1100001100011011111110001
            0000000010101101100011000
            1111111001011010101011011
            1000001000001011100010100
            1011101000001000111110000
            1011101011100101000111010
            1011101000010010011011001
            1000001001000000010100000
            1111111001000101101011011
            """)
}
