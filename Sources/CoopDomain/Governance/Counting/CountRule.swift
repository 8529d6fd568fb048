import Foundation

/// The counting rules a ranked-ballot election can be closed with (DOMAIN.md §9.1); raw values are the CLI's names.
public enum CountRule: String, CaseIterable, Sendable, Codable {
    /// Scottish STV (SSI 2007/42 Schedule 1): Droop quota, weighted inclusive Gregory transfers at 5 decimals.
    case scottishSTV = "scottish-stv"
    /// Meek STV per the Proportional Representation Foundation's reference rule (9 decimals, omega 10⁻⁶).
    case meekSTV = "meek-stv"
    /// Instant-runoff voting: one seat, majority of continuing ballots.
    case irv
    /// Borda count: n−1 points for a first preference down to 0; shown alongside the ranked-choice result.
    case borda
}

/// Settings a count may be run with; the defaults are the rules as published.
public struct CountOptions: Sendable, Equatable {
    /// Seed for drawing lots when a tie survives every earlier stage; nil derives it from the ballots' BLT text,
    /// so anyone recounting the exported file draws the same lot.
    public var lotSeed: UInt64?
    /// Meek iterations stop once the total surplus is below 10^−`meekOmegaDigits` (1...9; the reference uses 6).
    public var meekOmegaDigits: Int

    /// Creates options; the defaults are the published rules.
    public init(lotSeed: UInt64? = nil, meekOmegaDigits: Int = 6) {
        self.lotSeed = lotSeed
        self.meekOmegaDigits = min(max(meekOmegaDigits, 1), 9)
    }
}

/// Counts `file` under `rule`; the entry point the CLI and the governance use cases call.
///
/// Throws ``CountingError/noValidBallots`` when no ballot ranks a standing candidate, and
/// ``CountingError/ruleNeedsOneSeat(rule:seats:)`` for IRV with more than one seat.
public func count(_ file: BallotFile, rule: CountRule, options: CountOptions = CountOptions()) throws(CountingError) -> CountResult {
    let groups = GroupedBallots(file)
    guard groups.validWeight > 0 else { throw .noValidBallots }
    let seed: () -> UInt64 = { options.lotSeed ?? TieBreaker.defaultSeed(for: file) }
    switch rule {
    case .scottishSTV:
        var counter = ScottishSTVCount(file: file, groups: groups, seed: seed)
        return counter.run()
    case .meekSTV:
        var counter = MeekSTVCount(file: file, groups: groups, omegaDigits: options.meekOmegaDigits, seed: seed)
        return counter.run()
    case .irv:
        guard file.seats == 1 else { throw .ruleNeedsOneSeat(rule: rule.rawValue, seats: file.seats) }
        var counter = InstantRunoffCount(file: file, groups: groups, seed: seed)
        return counter.run()
    case .borda:
        // Points reach ballots × (candidates − 1); keep them inside what a VoteTotal can hold.
        let standing = Int64(file.candidates.count - file.withdrawn.count)
        guard groups.validWeight <= Int64.max / VoteTotal.unitsPerVote / max(1, standing - 1) else {
            throw .tooManyBallots(limit: Int64.max / VoteTotal.unitsPerVote / max(1, standing - 1), line: 0)
        }
        var counter = BordaCount(file: file, groups: groups, seed: seed)
        return counter.run()
    }
}
