import CoopData
import CoopDomain
import Foundation
import SQLKit

extension DemoCoop {
    /// Three demo therapists get a plainly synthetic photo: a flat-coloured square with a circle and a bar (no face,
    /// nothing copied), drawn here as a PNG and stored through the same check as an upload. Avery and Dana have none, so
    /// the directory shows cards without one and Avery (the demo clinician who signs in) can add one.
    static func addPhotos(members: [Member], now: Date, sql: any SQLDatabase) async throws {
        let byEmail = Dictionary(uniqueKeysWithValues: members.map { ($0.email.value, $0) })
        let designs: [(String, (UInt8, UInt8, UInt8), (UInt8, UInt8, UInt8))] = [
            ("blake.example@demo.coopcare.example", (36, 122, 92), (240, 240, 232)),
            ("casey.fictional@demo.coopcare.example", (150, 60, 90), (250, 214, 165)),
            ("emery.ejemplo@demo.coopcare.example", (46, 94, 170), (244, 196, 48)),
        ]
        for (email, background, shape) in designs {
            guard let member = byEmail[email] else { continue }
            let photo = try ProfilePhoto(upload: demoPicture(side: 128, background: background, shape: shape))
            try await PhotoStore().save(photo, therapist: member.id, now: now, sql: sql)
        }
    }

    /// A `side`×`side` picture: the background, a circle in the upper half and a bar across the lower third.
    static func demoPicture(side: Int, background: (UInt8, UInt8, UInt8), shape: (UInt8, UInt8, UInt8)) -> [UInt8] {
        let centre = side / 2, radius = side / 5, top = side * 2 / 3, bottom = side * 2 / 3 + side / 8
        return PNGImage.encode(width: side, height: side) { x, y in
            let dx = x - centre, dy = y - side * 2 / 5
            if dx * dx + dy * dy <= radius * radius { return shape }
            if y >= top && y < bottom && x >= side / 6 && x < side - side / 6 { return shape }
            return background
        }
    }
}
