import Foundation

/// A fixed set of resources lent out one holder at a time; callers wait in order when all are lent.
actor AsyncPool<Resource: Sendable> {
    private var idle: [Resource]
    private var waiters: [CheckedContinuation<Resource, Never>] = []

    /// Creates a pool holding `resources`.
    init(_ resources: [Resource]) {
        self.idle = resources
    }

    /// Takes a resource, waiting for one to come back if all are lent.
    func take() async -> Resource {
        if let resource = idle.popLast() { return resource }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives a resource back, handing it straight to the first waiter if there is one.
    func give(_ resource: Resource) {
        if waiters.isEmpty {
            idle.append(resource)
        } else {
            waiters.removeFirst().resume(returning: resource)
        }
    }

    /// Every resource not lent out, for closing.
    func drain() -> [Resource] {
        defer { idle = [] }
        return idle
    }
}

extension AsyncPool {
    /// Runs `body` with a borrowed resource and always returns it.
    nonisolated func with<T: Sendable>(_ body: (Resource) async throws -> T) async throws -> T {
        let resource = await take()
        do {
            let result = try await body(resource)
            await give(resource)
            return result
        } catch {
            await give(resource)
            throw error
        }
    }
}
