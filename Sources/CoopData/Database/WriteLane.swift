import Foundation
import SQLKit

/// The queue in front of SQLite's single writer, with group commit.
///
/// Writers take turns, in order, as before. What is new: when a transaction's body is done and the next in line is
/// another transaction, the writer is handed over with the transaction still open; the newcomer works inside a
/// savepoint of it. The last of the group (no one else waiting, or `maximumGroup` reached) commits once, for all of
/// them, and every member hears the outcome of that one commit before its own `transaction` call returns. So when
/// many people book at once, they share one commit (one `fsync`, each changed page written once) instead of one
/// each, and nothing is reported as saved before it is on disk.
///
/// A member whose body throws is undone back to its savepoint and leaves the others' work alone; the first of a
/// group has no savepoint (nobody has joined it yet while its body runs) and rolls back the transaction. An error
/// after which SQLite itself undoes the whole transaction (a full disk, an I/O error) makes the savepoint's release
/// fail: the whole group is then told its work is not saved. Bodies never swallow a database error and go on, so the
/// first member cannot return as if saved from a transaction SQLite has already undone.
final class WriteLane: @unchecked Sendable {
    /// What waits for the writer: a transaction may join an open group; a statement outside any transaction may not.
    enum Kind: Sendable {
        case transaction
        case alone
    }

    /// The most transactions one commit takes: a member waits for the bodies after its own, so this bounds the wait.
    static let maximumGroup = 16

    // Guarded by `lock` (a lock, not an actor: no hop to another thread on the way in or out).
    private let lock = NSLock()
    private var held = false
    private var waiters: [(kind: Kind, continuation: CheckedContinuation<CommitGroup?, Never>)] = []
    private var groupSize = 0

    /// Takes the writer if it is free.
    private func takeIfFree() -> Bool {
        guard !held else { return false }
        held = true
        groupSize = 1
        return true
    }

    /// Waits for the writer. Returns the open transaction to join, or nil when the caller starts afresh.
    func enter(_ kind: Kind) async -> CommitGroup? {
        if lock.withLock({ takeIfFree() }) { return nil }
        return await withCheckedContinuation { continuation in
            let free: Bool = lock.withLock {
                if takeIfFree() { return true }
                waiters.append((kind, continuation))
                return false
            }
            if free { continuation.resume(returning: nil) }
        }
    }

    /// After a member's body: hands the open transaction to the next in line when it is a transaction and the group has
    /// room (returns false), or tells the caller to commit now and then `release()` (returns true).
    func handOff(_ group: CommitGroup) -> Bool {
        let next: CheckedContinuation<CommitGroup?, Never>? = lock.withLock {
            guard let next = waiters.first, next.kind == .transaction, groupSize < Self.maximumGroup else { return nil }
            waiters.removeFirst()
            groupSize += 1
            return next.continuation
        }
        guard let next else { return true }
        next.resume(returning: group)
        return false
    }

    /// Gives the writer to the next in line, outside any transaction, or marks it free.
    func release() {
        let next: CheckedContinuation<CommitGroup?, Never>? = lock.withLock {
            groupSize = 1
            if waiters.isEmpty {
                held = false
                return nil
            }
            return waiters.removeFirst().continuation
        }
        next?.resume(returning: nil)
    }
}

/// One commit shared by a group of transactions: each member waits for it, the closer reports it.
final class CommitGroup: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var result: Result<Void, any Error>?
    private var waiting: [CheckedContinuation<Void, any Error>] = []

    /// Waits until the group's commit is done; throws when it failed (the member's work is not saved).
    func outcome() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let known: Result<Void, any Error>? = lock.withLock {
                if let result { return result }
                waiting.append(continuation)
                return nil
            }
            if let known { continuation.resume(with: known) }
        }
    }

    /// Reports the commit's outcome to every member waiting and to any that asks later.
    func finish(_ outcome: Result<Void, any Error>) {
        let waiters: [CheckedContinuation<Void, any Error>] = lock.withLock {
            result = outcome
            defer { waiting = [] }
            return waiting
        }
        for continuation in waiters { continuation.resume(with: outcome) }
    }
}

extension WriteLane {
    /// The transaction has gone (SQLite undid all of it after an error such as a full disk), so no member's work in it
    /// can be committed.
    struct TransactionLost: Error, CustomStringConvertible {
        let cause: any Error
        var description: String { "the transaction was rolled back by the database after: \(cause)" }
    }

    /// Runs `body` as a member of a group commit on `sql`, the writer's connection (see the type's comment).
    func run<T: Sendable>(_ sql: any SQLDatabase, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let joined = await enter(.transaction)
        let group: CommitGroup
        if let joined {
            group = joined
            do {
                try await sql.raw("SAVEPOINT member").run()
            } catch {
                // Nothing of this member's is in the transaction: pass it on (or commit the others' work).
                try? await close(group, sql: sql)
                throw error
            }
        } else {
            group = CommitGroup()
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
            } catch {
                release()
                throw error
            }
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(sql))
        } catch {
            result = .failure(error)
        }
        switch (result, joined) {
        case (.failure(let error), nil):
            // The first member: nobody has joined yet, so the whole transaction is its own.
            try? await sql.raw("ROLLBACK").run()
            release()
            throw error
        case (.failure(let failure), .some):
            do {
                try await sql.raw("ROLLBACK TO member").run()
                try await sql.raw("RELEASE member").run()
            } catch {
                await abandon(group, cause: error, sql: sql)
                throw failure
            }
            // The caller hears its own refusal; the others' work is committed (or not) without it.
            try? await close(group, sql: sql)
            throw failure
        case (.success(let value), let joined):
            if joined != nil {
                do {
                    try await sql.raw("RELEASE member").run()
                } catch {
                    await abandon(group, cause: error, sql: sql)
                    throw error
                }
            }
            try await close(group, sql: sql)
            return value
        }
    }

    /// Hands the open transaction on, or commits it for the whole group and gives the writer back; then waits for the
    /// group's outcome.
    private func close(_ group: CommitGroup, sql: any SQLDatabase) async throws {
        if handOff(group) {
            do {
                try await sql.raw("COMMIT").run()
                group.finish(.success(()))
            } catch {
                try? await sql.raw("ROLLBACK").run()
                group.finish(.failure(error))
            }
            release()
        }
        try await group.outcome()
    }

    /// The transaction can no longer be trusted: roll it back, tell the group, free the writer.
    private func abandon(_ group: CommitGroup, cause: any Error, sql: any SQLDatabase) async {
        try? await sql.raw("ROLLBACK").run()
        group.finish(.failure(TransactionLost(cause: cause)))
        release()
    }
}
