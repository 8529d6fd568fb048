import CoopData
import CoopDomain
import Foundation
import SQLKit

extension Governance {
    /// Gives the actor's vote in one open poll to `holder`, within the bylaws' proxy rules.
    public func giveProxy(actor: Actor, poll id: PollID, to holder: MemberID, origin: RequestOrigin) async throws {
        guard let giver = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await authorize(actor, .manageProxy(giver: giver), origin: origin)
        let now = self.now()
        try await services.database.transaction { sql in
            guard let record = try await polls.findForUpdate(id, sql: sql) else { throw ProposalError.pollNotFound }
            guard record.poll.isOpen(at: now), !record.isSettled else { throw GovernanceError.pollClosed(at: record.poll.closingTime) }
            if try await hasVoted(giver, in: id, sql: sql) { throw GovernanceError.giverVotedInPerson(giver) }
            var register = ProxyRegister(try await ProxyStore().proxies(for: id, sql: sql))
            let proxy = Proxy(giver: giver, holder: holder, scope: .poll(id), grantedAt: now)
            try register.grant(proxy, rule: record.rule.proxies, electorate: record.electorate)
            try await ProxyStore().insert(proxy, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: giver.rawValue, action: .create, resourceType: "proxy", resourceID: proxy.id.rawValue, outcome: .success,
                    detail: "poll=\(id.rawValue) holder=\(holder.rawValue)"
                ),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// Withdraws the actor's standing proxy in one open poll, while it is unused.
    public func withdrawProxy(actor: Actor, poll id: PollID, origin: RequestOrigin) async throws {
        guard let giver = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await authorize(actor, .manageProxy(giver: giver), origin: origin)
        let now = self.now()
        try await services.database.transaction { sql in
            guard let record = try await polls.findForUpdate(id, sql: sql) else { throw ProposalError.pollNotFound }
            guard record.poll.isOpen(at: now), !record.isSettled else { throw GovernanceError.pollClosed(at: record.poll.closingTime) }
            var register = ProxyRegister(try await ProxyStore().proxies(for: id, sql: sql))
            guard let proxy = register.active(in: .poll(id), at: now).first(where: { $0.giver == giver }) else { throw GovernanceError.proxyNotFound }
            if try await hasVoted(giver, in: id, sql: sql) { throw GovernanceError.votedByProxy(giver, holder: proxy.holder) }
            try register.revoke(proxy.id, at: now)
            try await ProxyStore().revoke(proxy.id, at: now, sql: sql)
            try await audit.append(
                AuditEvent(actor: giver.rawValue, action: .delete, resourceType: "proxy", resourceID: proxy.id.rawValue, outcome: .success),
                origin: origin, at: now, sql: sql
            )
        }
    }
}
