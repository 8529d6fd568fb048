import NIOPosix

/// Runs a task's jobs on the threads of a `NIOThreadPool`: the pool SQLite's statements run on. With a writer's
/// transaction run under this preference (`withTaskExecutorPreference`), a statement's result is picked up by the code
/// that asked for it on the thread that ran the statement, instead of waking another thread for every statement.
final class ThreadPoolExecutor: TaskExecutor {
    private let pool: NIOThreadPool

    init(_ pool: NIOThreadPool) {
        self.pool = pool
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // A pool that is shutting down runs the item at once on this thread (`.cancelled`): the job must still run.
        pool.submit { _ in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
