import CoopDomain
import Foundation
import Testing

/// The governed late-cancellation and no-show fees: limits, and amounts typed in dollars.
@Suite struct CancellationFeesTests {
    static let dollars: [(String, Int?)] = [
        ("25", 2_500), ("25.5", 2_550), ("25.50", 2_550), ("$25.05", 2_505), (" 0 ", 0), ("500.00", 50_000), ("0.99", 99),
        ("", nil), ("-5", nil), ("25.555", nil), ("1,000", nil), ("25.", nil), (".50", nil), ("abc", nil), ("$", nil), ("2 5", nil),
        ("١٢", nil), ("12345678", nil),
    ]

    @Test(arguments: dollars) func amountsTypedInDollarsAreReadExactly(_ text: String, _ cents: Int?) {
        #expect(Money(dollars: text)?.cents == cents, "\(text)")
    }

    static let values: [(Int, Int, SettingProblem?)] = [
        (0, 0, nil), (2_500, 4_000, nil), (50_000, 50_000, nil),
        (50_001, 0, .cancellationFeeOutOfRange(cents: 50_001)), (0, -1, .cancellationFeeOutOfRange(cents: -1)),
    ]

    @Test(arguments: values) func eachFeeMustBeFromNothingToTheLargest(_ late: Int, _ noShow: Int, _ problem: SettingProblem?) {
        let fees = CancellationFees(lateCancellation: Money(cents: late), noShow: Money(cents: noShow))
        #expect(fees.problem == problem)
        if let problem {
            #expect(throws: GovernanceError.invalidSetting(problem)) { try GovernedSetting.cancellationFees(fees).validate(knownClasses: []) }
        }
    }

    @Test func feesArePolicyChangesAndBecomeFixedRules() {
        let fees = CancellationFees(lateCancellation: Money(cents: 2_500), noShow: .zero)
        #expect(GovernedSetting.cancellationFees(fees).requiredDecisionType == .policyChange)
        #expect(GovernedSetting.cancellationFees(fees).key.name == "cancellation-fees")
        #expect(fees.lateCancellationRule == .fixed(Money(cents: 2_500)) && fees.noShowRule == FeeRule.none)
    }

    @Test func aFixedFeeIsCappedOnlyByAKnownSessionFee() throws {
        let policy = try CancellationPolicy(windowSeconds: 86_400, lateCancellationFee: .fixed(Money(cents: 4_000)), noShowFee: .percentOfSessionFee(50))
        #expect(policy.cancellationFee(timing: .late, by: .client, sessionFee: nil) == Money(cents: 4_000))
        #expect(policy.cancellationFee(timing: .late, by: .client, sessionFee: Money(cents: 3_000)) == Money(cents: 3_000))
        // A share of a fee nobody knows yet is nothing.
        #expect(policy.noShowFee(sessionFee: nil) == .zero)
        #expect(policy.noShowFee(sessionFee: Money(cents: 3_000)) == Money(cents: 1_500))
    }
}
