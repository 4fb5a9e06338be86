import Dispatch

/// Runs the writes of one ``EmbeddedIAM`` one at a time, in the order they arrive, on a thread
/// outside Swift's cooperative pool.
///
/// A write blocks: it waits for the file lock, which another process may hold for a whole
/// write, and for `fsync`. The cooperative pool has a thread per core, so writes blocking them
/// would stall every task of the process, reads included. Here a task whose write waits is
/// suspended. Writes run one at a time, as the file lock would let them anyway, so a write
/// waiting its turn costs a closure in the queue rather than a thread blocked in `flock`.
final class WriteQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// What `write` returns or throws, run once every write queued before it has finished.
    /// Cancelling the waiting task stops neither the write nor the wait, so a write that lands
    /// is never reported as one that failed.
    func run<Value: Sendable, Failure: Error>(_ write: @escaping @Sendable () throws(Failure) -> Value) async throws(Failure) -> Value {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, Failure>, Never>) in
            queue.async { continuation.resume(returning: Result(catching: write)) }
        }
        return try outcome.get()
    }
}
