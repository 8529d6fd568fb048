import CoopDomain
import Foundation

/// What a group or workshop email is about.
public enum GroupNotice: Sendable, Equatable {
    /// A seat was given at registration. `cancelToken` makes the cancel link (guests only).
    case confirmed(title: String, start: Date, session: GroupSessionID, cancelToken: String?)
    /// No seat was free: the registration waits at `position`.
    case waitlisted(title: String, start: Date, session: GroupSessionID, position: Int, cancelToken: String?)
    /// A seat came free and the waiting registration got it (`workshop`: link to the public page, else the group's).
    case promoted(title: String, start: Date, session: GroupSessionID, workshop: Bool)
    /// The registration was cancelled.
    case cancelled(title: String, session: GroupSessionID)
}

/// The words of group emails in a language; the web layer supplies them from its catalogues.
public protocol GroupMessages: Sendable {
    /// The subject and body for `notice` in `language`.
    func email(_ notice: GroupNotice, language: Language) -> (subject: String, body: String)
}

/// Plain English wording, for the terminal and tests that do not go through the web layer.
public struct PlainGroupMessages: GroupMessages {
    public init() {}
    public func email(_ notice: GroupNotice, language: Language) -> (subject: String, body: String) {
        switch notice {
        case .confirmed(let title, _, _, let token): ("Confirmed: \(title)", "You have a seat. Cancel: /workshops/cancel/\(token ?? "")")
        case .waitlisted(let title, _, _, let position, let token): ("Waitlist: \(title)", "Position \(position). Cancel: /workshops/cancel/\(token ?? "")")
        case .promoted(let title, _, _, _): ("A seat for you: \(title)", "A seat came free and it is yours.")
        case .cancelled(let title, _): ("Cancelled: \(title)", "Your registration is cancelled.")
        }
    }
}
