import CoopDomain
import Foundation
import Hummingbird

extension ErrorMapping {
    /// Governance rule errors: what the member did that the co-op's rules refuse.
    static func describeGovernance(_ error: GovernanceError) -> Description {
        func bad(_ key: String, _ values: [String: String] = [:]) -> Description {
            Description(status: .badRequest, code: "governance", messageKey: "gov.error." + key, values: values)
        }
        func conflict(_ key: String) -> Description { Description(status: .conflict, code: "governance", messageKey: "gov.error." + key) }
        switch error {
        case .pollClosed: return conflict("poll_closed")
        case .pollNotOpenYet: return conflict("poll_not_open")
        case .pollStillOpen: return conflict("poll_still_open")
        case .alreadyVoted: return conflict("already_voted")
        case .notEligible(_, .wrongClass):
            return Description(status: .forbidden, code: "not-eligible", messageKey: "gov.error.wrong_class")
        case .notEligible(_, .inProbation):
            return Description(status: .forbidden, code: "not-eligible", messageKey: "gov.error.in_probation")
        case .notEligible: return Description(status: .forbidden, code: "not-eligible", messageKey: "gov.error.not_eligible")
        case .invalidChoice: return bad("invalid_choice")
        case .invalidReason(.required): return bad("reason_required")
        case .invalidReason(.tooLong(let maximum)): return bad("reason_too_long", ["max": String(maximum)])
        case .invalidReason(.notAccepted): return bad("reason_not_accepted")
        case .invalidPoll(let problem): return describe(problem)
        case .proxiesNotAllowed: return bad("proxies_not_allowed")
        case .proxyToSelf: return bad("proxy_to_self")
        case .proxyAlreadyGiven: return conflict("proxy_already_given")
        case .proxyChain: return conflict("proxy_chain")
        case .proxyLimitReached(_, let maximum):
            return Description(status: .conflict, code: "governance", messageKey: "gov.error.proxy_limit", values: ["max": String(maximum)])
        case .proxyNotFound: return bad("proxy_not_found")
        case .votedByProxy: return conflict("voted_by_proxy")
        case .giverVotedInPerson: return conflict("giver_voted")
        case .invalidSetting: return bad("setting")
        case .invalidOutcomeStatement(let maximum): return bad("outcome", ["max": String(maximum)])
        default: return bad("rules")
        }
    }

    /// Why a proposal could not be opened.
    private static func describe(_ problem: PollProblem) -> Description {
        func bad(_ key: String, _ values: [String: String] = [:]) -> Description {
            Description(status: .badRequest, code: "invalid-poll", messageKey: "gov.error." + key, values: values)
        }
        switch problem {
        case .invalidTitle: return bad("title", ["max": String(Poll.longestTitle)])
        case .opensAfterCloses: return bad("closing_time")
        case .tooFewOptions(let minimum): return bad("too_few_options", ["min": String(minimum)])
        case .invalidOptionName, .duplicateOptionName: return bad("option_name", ["max": String(PollOption.maximumNameLength)])
        case .invalidChoiceLimits: return bad("choice_limits")
        case .invalidSeats: return bad("seats")
        case .candidateMissing, .candidateNotEligible: return bad("candidate")
        case .subjectNeedsDecisionType, .subjectNeedsProposal: return bad("subject_type")
        default: return bad("poll_invalid")
        }
    }

    /// Proposal page errors.
    static func describeProposal(_ error: ProposalError) -> Description {
        switch error {
        case .pollNotFound: Description(status: .notFound, code: "poll-not-found", messageKey: "gov.error.poll_not_found")
        case .notAClosedElection: Description(status: .notFound, code: "not-an-election", messageKey: "gov.error.not_election")
        case .bodyTooLong(let maximum):
            Description(status: .badRequest, code: "body-too-long", messageKey: "gov.error.body_too_long", values: ["max": String(maximum)])
        case .invalidField(let field):
            Description(status: .badRequest, code: "invalid-field", messageKey: "gov.error.field_" + field)
        }
    }
}
