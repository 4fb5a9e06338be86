import Dispatch

/// The result of `operation`, waited for on the calling thread.
///
/// libFuzzer calls a target synchronously, and the token verifiers are async only because a
/// key set may have to be fetched; the fixed key sets of ``FuzzFixtures`` never suspend for
/// long, so blocking costs one hop to the cooperative pool. The calling thread must not be one
/// of that pool's, or the operation may wait for the very thread it blocks.
func waitFor<Value: Sendable>(_ operation: @escaping @Sendable () async -> Value) -> Value {
    let outcome = Outcome<Value>()
    let finished = DispatchSemaphore(value: 0)
    Task {
        outcome.value = await operation()
        finished.signal()
    }
    finished.wait()
    guard let value = outcome.value else { preconditionFailure("the operation finished without a value") }
    return value
}
