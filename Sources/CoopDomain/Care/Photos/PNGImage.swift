import Foundation

/// PNG structure (ISO/IEC 15948): the signature, then chunks of length, type, data and CRC-32 over type and data.
///
/// `strip` checks every chunk's CRC, that IHDR comes first and is sound, that PLTE (when there is one) comes before
/// the image data, that the IDAT chunks are consecutive and start with a zlib header, and that IEND ends the file.
/// It keeps the critical chunks and the colour chunks a browser uses (tRNS, gAMA, cHRM, sRGB) and drops every other
/// ancillary chunk: tEXt, zTXt, iTXt, eXIf, tIME, iCCP (a profile can carry names), pHYs and any private chunk.
public enum PNGImage {
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Ancillary chunks kept because they change how the picture looks.
    static let keptAncillary: Set<String> = ["tRNS", "gAMA", "cHRM", "sRGB"]

    /// The picture's size and its bytes without metadata chunks.
    public static func strip(_ data: [UInt8]) throws(PhotoError) -> (width: Int, height: Int, bytes: [UInt8]) {
        guard data.starts(with: signature) else { throw .notJPEGOrPNG }
        let reader = ByteReader(bytes: data)
        var output = signature
        var offset = signature.count
        var width = 0, height = 0, colourType = -1
        var seenIHDR = false, seenPLTE = false, seenIDAT = false, idatEnded = false, seenIEND = false
        while offset < data.count {
            guard !seenIEND else { throw .damaged }  // nothing may follow IEND
            let length = try reader.uint32(at: offset)
            guard length <= 0x7FFF_FFFF, offset + 12 + length <= data.count else { throw .damaged }
            let typeBytes = Array(data[(offset + 4)..<(offset + 8)])
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else { throw .damaged }
            let type = String(decoding: typeBytes, as: UTF8.self)
            let stored = UInt32(try reader.uint32(at: offset + 8 + length))
            guard crc32(data[(offset + 4)..<(offset + 8 + length)]) == stored else { throw .damaged }
            let body = offset + 8
            let end = offset + 12 + length
            if !seenIHDR && type != "IHDR" { throw .damaged }
            if seenIDAT && type != "IDAT" { idatEnded = true }
            switch type {
            case "IHDR":
                guard !seenIHDR, length == 13 else { throw .damaged }
                seenIHDR = true
                width = try reader.uint32(at: body)
                height = try reader.uint32(at: body + 4)
                let depth = Int(data[body + 8])
                colourType = Int(data[body + 9])
                guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF,
                    validDepth(depth, colourType: colourType),
                    data[body + 10] == 0, data[body + 11] == 0, data[body + 12] <= 1
                else { throw .damaged }
            case "PLTE":
                guard !seenPLTE, !seenIDAT, length > 0, length % 3 == 0, length / 3 <= 256, colourType != 0, colourType != 4 else { throw .damaged }
                seenPLTE = true
            case "IDAT":
                guard !idatEnded else { throw .damaged }
                if !seenIDAT {
                    // zlib header: deflate method, a window no larger than 32K, and the check bits.
                    guard length >= 2, data[body] & 0x0F == 8, data[body] >> 4 <= 7, (Int(data[body]) << 8 | Int(data[body + 1])) % 31 == 0 else {
                        throw .damaged
                    }
                }
                seenIDAT = true
            case "IEND":
                guard length == 0, seenIDAT else { throw .damaged }
                seenIEND = true
            default:
                // A critical chunk this decoder does not know (upper-case first letter) makes the file unreadable.
                guard typeBytes[0] & 0x20 != 0 else { throw .damaged }
            }
            if type == "IHDR" || type == "PLTE" || type == "IDAT" || type == "IEND" || keptAncillary.contains(type) {
                output.append(contentsOf: data[offset..<end])
            }
            offset = end
        }
        guard seenIEND, !(colourType == 3 && !seenPLTE) else { throw .damaged }
        return (width, height, output)
    }

    /// The allowed bit depths per colour type.
    static func validDepth(_ depth: Int, colourType: Int) -> Bool {
        switch colourType {
        case 0: [1, 2, 4, 8, 16].contains(depth)
        case 3: [1, 2, 4, 8].contains(depth)
        case 2, 4, 6: [8, 16].contains(depth)
        default: false
        }
    }

    /// A chunk: length, type, data and the CRC over type and data.
    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        var bytes = bigEndian(UInt32(data.count))
        bytes += typeBytes + data
        bytes += bigEndian(crc32(typeBytes + data))
        return bytes
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static let crcTable: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// CRC-32 as PNG (and zip) compute it.
    public static func crc32<Bytes: Collection>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// A complete RGB PNG of `width`×`height` from rows of pixels (3 bytes each), compressed with stored deflate
    /// blocks: large but simple and always valid. For demo pictures and tests.
    public static func encode(width: Int, height: Int, pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((width * 3 + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter: none
            for x in 0..<width {
                let (r, g, b) = pixel(x, y)
                raw += [r, g, b]
            }
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let count = min(65_535, raw.count - start)
            let last: UInt8 = start + count >= raw.count ? 1 : 0
            zlib += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            zlib += raw[start..<(start + count)]
            start += count
        } while start < raw.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        zlib += bigEndian(b << 16 | a)
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0]
        return signature + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", [])
    }
}
