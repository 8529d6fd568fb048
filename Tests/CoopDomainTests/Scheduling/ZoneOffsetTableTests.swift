import CoopDomain
import Foundation
import Testing

/// `IANATimeZone.offset(at:)` answers from a transition table; it must agree with Foundation everywhere.
@Suite struct ZoneOffsetTableTests {
    static let zones = [
        "America/Los_Angeles", "America/New_York", "America/Phoenix", "America/St_Johns", "Pacific/Honolulu", "Europe/London",
        "Europe/Moscow", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/Sao_Paulo", "UTC",
    ]

    @Test(arguments: zones) func agreesWithFoundationEveryHalfHourAroundNow(identifier: String) throws {
        let zone = try IANATimeZone(identifier)
        let foundation = TimeZone(identifier: identifier)!
        // 2024-01-01 to 2028-01-01 every 30 minutes, and one second either side of each step.
        var second = 1_704_067_200
        while second < 1_830_297_600 {
            for instant in [second - 1, second, second + 1] {
                let date = Date(timeIntervalSince1970: Double(instant))
                #expect(zone.offset(at: date) == foundation.secondsFromGMT(for: date), "\(identifier) at \(instant)")
            }
            second += 1800
        }
    }

    @Test(arguments: zones) func agreesWithFoundationAcrossTheCoveredYears(identifier: String) throws {
        let zone = try IANATimeZone(identifier)
        let foundation = TimeZone(identifier: identifier)!
        var generator = SplitMix(seed: UInt64(identifier.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        for _ in 0..<5000 {
            // Any second from 1890 to 2210, so the edges of the table are crossed too.
            let instant = -2_524_521_600 + Int(generator.next() % 10_098_000_000)
            let date = Date(timeIntervalSince1970: Double(instant) + 0.5)
            #expect(zone.offset(at: date) == foundation.secondsFromGMT(for: date), "\(identifier) at \(instant)")
        }
    }

    @Test func losAngelesTransitionsAreExact() throws {
        let zone = try IANATimeZone("America/Los_Angeles")
        // 2026-03-08 10:00:00Z: 02:00 PST becomes 03:00 PDT; 2026-11-01 09:00:00Z: 02:00 PDT becomes 01:00 PST.
        #expect(zone.offset(at: Date(timeIntervalSince1970: 1_772_963_999)) == -28_800)
        #expect(zone.offset(at: Date(timeIntervalSince1970: 1_772_964_000)) == -25_200)
        #expect(zone.offset(at: Date(timeIntervalSince1970: 1_793_523_599)) == -25_200)
        #expect(zone.offset(at: Date(timeIntervalSince1970: 1_793_523_600)) == -28_800)
    }
}

/// A small deterministic generator (SplitMix64), so a failure names an instant that can be checked again.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
