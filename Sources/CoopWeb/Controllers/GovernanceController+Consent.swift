import CoopApp
import CoopDomain
import Foundation
import Hummingbird

extension GovernanceController {
    /// The consent process under a proposal whose round did not reach consent: resolve objections, put an amended text.
    func addConsentRoutes(to router: Router<CoopRequestContext>) {
        router.post("/proposals/:id/objections/:index") { request, context in
            let id = try Self.pollID(context)
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                guard let index = Int(try context.parameters.require("index")),
                    let resolution = ObjectionResolution(rawValue: form["resolution"])
                else { throw GovernanceError.objectionNotFound(-1) }
                try await governance.resolveObjection(actor: context.actor, poll: id, objection: index, as: resolution, origin: context.origin)
                return Response.redirect(to: SiteURL.proposal(id.rawValue) + "#consent-heading")
            } catch let error as GovernanceError {
                return try await proposalPage(id: id, context: context, error: error)
            }
        }
        router.post("/proposals/:id/amend") { request, context in
            let id = try Self.pollID(context)
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                let next = try await governance.putAgain(actor: context.actor, poll: id, text: form["amended"], origin: context.origin)
                return Response.redirect(to: SiteURL.proposal(next.rawValue))
            } catch let error where error is GovernanceError || error is ProposalError {
                if let error = error as? ProposalError, error == .pollNotFound { throw error }
                let kept = String(form["amended"].prefix(ProposalDraft.longestBody + 100))
                return try await proposalPage(id: id, context: context, error: error, extra: ["amendedValue": kept])
            }
        }
    }

    /// Adds the consent process (rounds with links and results, objections with their resolution, the forms for the
    /// author) when the proposal belongs to one.
    func addConsent(to model: inout [String: Any], poll id: PollID, context: CoopRequestContext) async throws {
        guard let view = try await governance.consent(actor: context.actor, poll: id, origin: context.origin) else { return }
        let language = context.language
        func text(_ key: String) -> String { renderer.catalog.text(key, language) }
        let names = try await governance.memberNames()
        let process = view.process
        model["consent"] =
            [
                "rounds": process.rounds.map { round -> [String: Any] in
                    [
                        "number": round.number, "pollID": round.pollID.rawValue, "current": round.pollID == id,
                        "status": round.status.map { text("gov.status.\($0.rawValue)") } ?? text("gov.state.open"),
                    ]
                },
                "objections": process.objections.enumerated().map { item -> [String: Any] in
                    var row: [String: Any] = [
                        "index": item.offset, "round": item.element.round, "reason": item.element.reason,
                        "objector": item.element.objector.flatMap { names[$0] } ?? text("consent.anonymous"),
                        "mayResolve": view.mayManage && item.element.resolution == nil,
                    ]
                    row["resolution"] = item.element.resolution.map { text("consent.resolution.\($0.rawValue)") } ?? text("consent.standing")
                    return row
                },
                "hasObjections": !process.objections.isEmpty,
                "stage": {
                    switch process.stage {
                    case .voting: text("consent.stage.voting")
                    case .amendmentNeeded: text("consent.stage.amendment_needed")
                    case .consented: text("consent.stage.consented")
                    case .abandoned: text("consent.stage.abandoned")
                    }
                }(),
                "mayPutAgain": view.mayManage && process.standingObjections.isEmpty,
                "standingCount": process.standingObjections.count, "currentText": process.currentRound.proposal,
            ] as [String: Any]
    }
}
