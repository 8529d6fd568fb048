import Foundation

/// JPEG structure (ITU T.81 / JFIF): SOI, marker segments, one or more scans of entropy-coded data, EOI.
///
/// `strip` walks every segment within its declared length and keeps only what a decoder needs: the quantisation and
/// Huffman tables, the restart interval, the frame header (baseline, extended or progressive Huffman), the scans with
/// their data, and a JFIF APP0 reduced to its 16 fixed bytes (no thumbnail). APP1…APP15 (EXIF, GPS, XMP, ICC, Adobe,
/// maker notes), COM and the reserved JPGn segments are dropped, and anything after EOI is cut off. A segment that
/// runs past the end, a scan before the frame header, a missing EOI, a second frame or SOI, and lossless, hierarchical
/// or arithmetic-coded frames are refused.
public enum JPEGImage {
    /// The picture's size and its bytes without metadata segments.
    public static func strip(_ data: [UInt8]) throws(PhotoError) -> (width: Int, height: Int, bytes: [UInt8]) {
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { throw .notJPEGOrPNG }
        let reader = ByteReader(bytes: data)
        var output: [UInt8] = [0xFF, 0xD8]
        var offset = 2
        var width = 0, height = 0, components = 0
        var seenFrame = false, seenScan = false
        while true {
            // A marker: 0xFF, optional fill bytes 0xFF, then the code.
            guard offset < data.count, data[offset] == 0xFF else { throw .damaged }
            while offset < data.count && data[offset] == 0xFF { offset += 1 }
            guard offset < data.count else { throw .damaged }
            let marker = data[offset]
            offset += 1
            switch marker {
            case 0xD9:  // EOI
                guard seenScan else { throw .damaged }
                output += [0xFF, 0xD9]
                return (width, height, output)
            case 0x00, 0x01, 0xD0...0xD8:
                // Stuffing, TEM and RSTn have no place between segments; a second SOI is a forgery.
                throw .damaged
            default:
                break
            }
            let length = try reader.uint16(at: offset)
            guard length >= 2, offset + length <= data.count else { throw .damaged }
            let body = offset + 2
            let end = offset + length
            let segment = data[(offset - 2)..<end]
            switch marker {
            case 0xC0, 0xC1, 0xC2:  // SOF0 baseline, SOF1 extended, SOF2 progressive (Huffman)
                guard !seenFrame, length >= 11 else { throw .damaged }
                let precision = data[body]
                height = try reader.uint16(at: body + 1)
                width = try reader.uint16(at: body + 3)
                components = Int(data[body + 5])
                guard precision == 8 || precision == 12, height > 0, width > 0, [1, 3, 4].contains(components),
                    length == 8 + 3 * components
                else { throw .damaged }
                for index in 0..<components {
                    let sampling = data[body + 7 + 3 * index]
                    guard (1...4).contains(sampling >> 4), (1...4).contains(sampling & 0x0F), data[body + 8 + 3 * index] <= 3 else { throw .damaged }
                }
                seenFrame = true
                output += segment
            case 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF, 0xCC:
                // Lossless, hierarchical and arithmetic-coded frames: valid JPEG that browsers do not show.
                throw .damaged
            case 0xC4, 0xDB, 0xDD:  // DHT, DQT, DRI
                switch marker {
                case 0xDD: guard length == 4 else { throw .damaged }
                case 0xDB: try checkQuantisationTables(data[body..<end])
                default: try checkHuffmanTables(data[body..<end])
                }
                output += segment
            case 0xDA:  // SOS, then entropy-coded data up to the next marker that is not a restart
                guard seenFrame, length >= 8 else { throw .damaged }
                let count = Int(data[body])
                guard (1...components).contains(count), length == 6 + 2 * count else { throw .damaged }
                output += segment
                var scan = end
                while true {
                    guard scan + 1 < data.count else { throw .damaged }  // truncated inside the scan
                    if data[scan] == 0xFF {
                        let next = data[scan + 1]
                        if next == 0x00 || (0xD0...0xD7).contains(next) {
                            scan += 2
                            continue
                        }
                        if next == 0xFF {
                            scan += 1
                            continue
                        }
                        break
                    }
                    scan += 1
                }
                output += data[end..<scan]
                seenScan = true
                offset = scan
                continue
            case 0xE0:
                // JFIF: keep version, units and density; the thumbnail (and any JFXX extension) goes.
                if length >= 16, Array(data[body..<(body + 5)]) == Array("JFIF".utf8) + [0] {
                    output += [0xFF, 0xE0, 0x00, 0x10] + data[body..<(body + 12)] + [0, 0]
                }
            case 0xE1...0xEF, 0xFE, 0xF0...0xFD, 0xDC, 0xDE, 0xDF:
                break  // metadata, comments, reserved and hierarchical-only segments: dropped
            default:
                throw .damaged
            }
            offset = end
        }
    }

    /// DQT: tables of 64 one-byte (precision 0) or two-byte (precision 1) values, numbered 0…3, filling the segment.
    static func checkQuantisationTables(_ body: ArraySlice<UInt8>) throws(PhotoError) {
        var index = body.startIndex
        guard index < body.endIndex else { throw .damaged }
        while index < body.endIndex {
            let precision = body[index] >> 4, number = body[index] & 0x0F
            guard precision <= 1, number <= 3 else { throw .damaged }
            index += 1 + 64 * (Int(precision) + 1)
            guard index <= body.endIndex else { throw .damaged }
        }
    }

    /// DHT: tables (class 0 or 1, number 0…3) of 16 code-length counts and that many symbols, filling the segment.
    static func checkHuffmanTables(_ body: ArraySlice<UInt8>) throws(PhotoError) {
        var index = body.startIndex
        guard index < body.endIndex else { throw .damaged }
        while index < body.endIndex {
            guard body[index] >> 4 <= 1, body[index] & 0x0F <= 3, index + 17 <= body.endIndex else { throw .damaged }
            let symbols = body[(index + 1)..<(index + 17)].reduce(0) { $0 + Int($1) }
            guard symbols <= 256 else { throw .damaged }
            index += 17 + symbols
            guard index <= body.endIndex else { throw .damaged }
        }
    }

    /// A minimal baseline JPEG header for `width`×`height`: SOI, JFIF APP0, one quantisation table, a frame header
    /// for one grey component, one DC and one AC Huffman table, a scan header, then `scan` (the caller's
    /// entropy-coded bytes) and EOI. Enough structure for tests and for checking a header reader.
    public static func baseline(width: Int, height: Int, extra: [[UInt8]] = [], scan: [UInt8] = [0x12, 0x34, 0xFF, 0x00, 0x56]) -> [UInt8] {
        func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] {
            [0xFF, marker, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body
        }
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += segment(0xE0, Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
        for item in extra { bytes += item }
        bytes += segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
        bytes += segment(0xC0, [8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 1, 1, 0x11, 0])
        bytes += segment(0xC4, [0x00] + [0, 1] + [UInt8](repeating: 0, count: 14) + [0])
        bytes += segment(0xC4, [0x10] + [0, 1] + [UInt8](repeating: 0, count: 14) + [0])
        bytes += segment(0xDA, [1, 1, 0x00, 0, 63, 0])
        bytes += scan
        bytes += [0xFF, 0xD9]
        return bytes
    }
}
