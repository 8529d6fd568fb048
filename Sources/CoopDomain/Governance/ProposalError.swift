import Foundation

/// What can go wrong in the proposal pages beyond the governance rules themselves (``GovernanceError``).
public enum ProposalError: Error, Equatable, Sendable {
    /// No poll has that id (or the id is not one).
    case pollNotFound
    /// Only a closed STV election has a ballot file to recount.
    case notAClosedElection
    /// The proposal's text is longer than the limit.
    case bodyTooLong(maximum: Int)
    /// A form field is missing or not understood; the name says which.
    case invalidField(String)
}
