import CoopDomain
import Foundation

/// What a governance email is about.
public enum GovernanceNotice: Sendable, Equatable {
    /// A poll opened that the recipient may vote in.
    case opened(title: String, pollID: PollID, closesAt: Date)
    /// A poll the recipient has not voted in closes within a day.
    case closingSoon(title: String, pollID: PollID, closesAt: Date)
    /// A poll the recipient could vote in has closed.
    case closed(title: String, pollID: PollID, status: DecisionStatus)
}

/// The words of governance emails in a member's language; the web layer supplies them from its catalogues.
public protocol GovernanceMessages: Sendable {
    /// The subject and body of the email for `notice` in `language`, its times in `zone` (nil: the co-op's zone).
    func email(_ notice: GovernanceNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String)
}
