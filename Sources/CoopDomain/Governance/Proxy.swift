import Foundation

/// What a proxy covers: one poll, or every poll held at one meeting (and attendance at it).
public enum ProxyScope: Hashable, Sendable {
    case poll(PollID)
    case meeting(MeetingID)

    /// Whether the proxy lets its holder vote in `poll`.
    public func covers(_ poll: Poll) -> Bool {
        switch self {
        case .poll(let id): id == poll.id
        case .meeting(let id): poll.meetingID == id
        }
    }
}

/// A member's written authority for another member to vote for them in one poll or at one meeting.
public struct Proxy: Hashable, Sendable, Identifiable {
    /// The proxy's id.
    public let id: ProxyID
    /// Who gives their vote.
    public let giver: MemberID
    /// Who will cast it.
    public let holder: MemberID
    /// The poll or meeting it covers.
    public let scope: ProxyScope
    /// When it was filed.
    public let grantedAt: Date
    /// When the giver withdrew it, if they did.
    public private(set) var revokedAt: Date?

    /// Creates a proxy (check it with ``ProxyRegister/grant(_:rule:electorate:)``).
    public init(id: ProxyID = .make(), giver: MemberID, holder: MemberID, scope: ProxyScope, grantedAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.giver = giver
        self.holder = holder
        self.scope = scope
        self.grantedAt = grantedAt
        self.revokedAt = revokedAt
    }

    /// Whether the proxy stands at `date`: filed by then and not withdrawn.
    public func isActive(at date: Date) -> Bool {
        grantedAt <= date && (revokedAt.map { date < $0 } ?? true)
    }

    /// Marks the proxy withdrawn.
    mutating func revoke(at date: Date) { revokedAt = date }
}

/// The proxies on file, and the rules for adding one (DOMAIN.md §9.1 proxies; the rules):
///
/// 1. The decision type must allow proxies.
/// 2. Giver and holder are different members, both eligible to vote.
/// 3. A giver has at most one standing proxy per scope.
/// 4. No chains: whoever has given their vote away may not hold a proxy, and whoever holds one may not give
///    their own vote away, in the same scope. A holder can never pass a proxy on.
/// 5. A holder carries at most the rule's maximum per scope.
///
/// Scopes are compared as equal or not here; a poll proxy and a meeting proxy covering the same poll are
/// reconciled when a ballot is cast (``BallotBox``), where the first use wins and the per-holder limit is checked again.
public struct ProxyRegister: Sendable, Equatable {
    /// Every proxy on file, withdrawn ones included, in filing order.
    public private(set) var proxies: [Proxy]

    /// Creates a register holding `proxies`.
    public init(_ proxies: [Proxy] = []) {
        self.proxies = proxies
    }

    /// Throws the first rule `proxy` breaks, judged at its filing time.
    public func validateGrant(_ proxy: Proxy, rule: ProxyRule, electorate: Electorate) throws(GovernanceError) {
        guard rule.allowed else { throw .proxiesNotAllowed }
        guard proxy.giver != proxy.holder else { throw .proxyToSelf }
        _ = try electorate.weight(of: proxy.giver)
        _ = try electorate.weight(of: proxy.holder)
        let standing = active(in: proxy.scope, at: proxy.grantedAt)
        guard !standing.contains(where: { $0.giver == proxy.giver }) else { throw .proxyAlreadyGiven(proxy.giver) }
        guard !standing.contains(where: { $0.giver == proxy.holder }) else { throw .proxyChain(proxy.holder) }
        guard !standing.contains(where: { $0.holder == proxy.giver }) else { throw .proxyChain(proxy.giver) }
        let held = standing.filter { $0.holder == proxy.holder }.count
        guard held < rule.maximumPerHolder else { throw .proxyLimitReached(proxy.holder, maximum: rule.maximumPerHolder) }
    }

    /// Files `proxy` after ``validateGrant(_:rule:electorate:)``.
    public mutating func grant(_ proxy: Proxy, rule: ProxyRule, electorate: Electorate) throws(GovernanceError) {
        try validateGrant(proxy, rule: rule, electorate: electorate)
        proxies.append(proxy)
    }

    /// Withdraws proxy `id` at `date`; only a standing proxy can be withdrawn.
    public mutating func revoke(_ id: ProxyID, at date: Date) throws(GovernanceError) {
        guard let index = proxies.firstIndex(where: { $0.id == id }), proxies[index].isActive(at: date) else {
            throw .proxyNotFound
        }
        proxies[index].revoke(at: date)
    }

    /// The proxies standing at `date` in exactly `scope`.
    public func active(in scope: ProxyScope, at date: Date) -> [Proxy] {
        proxies.filter { $0.scope == scope && $0.isActive(at: date) }
    }

    /// The proxies standing at `date` that let someone vote in `poll` (its own and its meeting's).
    public func active(covering poll: Poll, at date: Date) -> [Proxy] {
        proxies.filter { $0.scope.covers(poll) && $0.isActive(at: date) }
    }

    /// The standing proxy from `giver` to `holder` that covers `poll` at `date`, if any.
    public func proxy(from giver: MemberID, to holder: MemberID, covering poll: Poll, at date: Date) -> Proxy? {
        active(covering: poll, at: date).first { $0.giver == giver && $0.holder == holder }
    }
}
