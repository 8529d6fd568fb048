import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import HummingbirdTesting
import Testing

@testable import CoopWeb

/// Every governance page, in both languages, shows words and never a bare catalogue key.
@Suite struct GovernanceCatalogTests {
    @Test(arguments: [Language.english, .spanish])
    func governancePagesHaveNoMissingStrings(language: Language) async throws {
        try await withApp { services, client in
            let governance = Governance(services: services)
            let coordinator = try await Browser.member(services, roles: [.coordinator], language: language)
            let other = try await Browser.member(services, roles: [.peerFacilitator], language: language)
            let actor = Actor(memberID: coordinator.member!.id, roles: [.coordinator], mfaSatisfied: true)
            let open = try await governance.open(actor: actor, draft: ProposalDraft(title: "Open", resultsVisibility: .untilVoted), origin: .system)
            let policy = try await governance.open(
                actor: actor, draft: ProposalDraft(title: "Policy", decisionType: .policyChange, setting: .cancellationWindow(.hours(36))),
                origin: .system
            )
            try await governance.vote(actor: actor, poll: policy, choice: .stance(.agree), reason: nil, origin: .system)
            try await governance.close(actor: actor, poll: policy, origin: .system)
            let election = try await governance.open(
                actor: actor,
                draft: ProposalDraft(
                    title: "Election", decisionType: .election, kind: .stv(STVSettings(seats: 1)),
                    options: [PollOption("A", candidate: coordinator.member!.id), PollOption("B", candidate: other.member!.id)], isAnonymous: true
                ),
                origin: .system
            )
            try await governance.vote(actor: actor, poll: election, choice: .ranking([1, 0]), reason: nil, origin: .system)
            try await governance.close(actor: actor, poll: election, origin: .system)
            let quiet = try await governance.open(actor: actor, draft: ProposalDraft(title: "Nobody came"), origin: .system)
            try await governance.close(actor: actor, poll: quiet, origin: .system)
            let choice = try await governance.open(
                actor: actor,
                draft: ProposalDraft(title: "Pick", kind: .multipleChoice(minimum: 0, maximum: 2), options: [PollOption("X"), PollOption("Y")]),
                origin: .system
            )
            let key = try Regex(#"(gov|decisions)\.[a-z_-]+(\.[a-z_-]+)?[^a-z_./-]"#)
            for path in ["/proposals", "/proposals/\(open)", "/proposals/\(policy)", "/proposals/\(election)", "/proposals/\(choice)", "/settings"] {
                for browser in [coordinator, other] {
                    let response = try await client.get(path, as: browser)
                    #expect(response.status == .ok, "\(path)")
                    let text = response.text.replacingOccurrences(of: "/decisions.atom", with: "")
                    #expect(text.firstMatch(of: key) == nil, "\(language) \(path): \(text.firstMatch(of: key).map { String(text[$0.range]) } ?? "")")
                }
            }
            let log = try await client.get("/decisions", as: coordinator)
            let text = log.text.replacingOccurrences(of: "/decisions.atom", with: "")
            #expect(text.firstMatch(of: key) == nil, "\(language) /decisions: \(text.firstMatch(of: key).map { String(text[$0.range]) } ?? "")")
        }
    }
}
