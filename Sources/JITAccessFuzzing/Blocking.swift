import Dispatch

/// The result of `operation`, waited for on the calling thread.
///
/// libFuzzer calls a target synchronously, and the token verifiers are async only because a
/// key set may have to be fetched; the fixed key sets of ``FuzzFixtures`` never suspend, so the
/// task starts on the calling thread and has usually finished when it returns: a hop to another
/// thread for every input would cost more than the parsing. When the task does suspend, the
/// calling thread waits; it must then not be one of the cooperative pool's, or the task could
/// wait for the very thread it blocks.
func waitFor<Value: Sendable>(_ operation: @escaping @Sendable () async -> Value) -> Value {
    let outcome = Outcome<Value>()
    let finished = DispatchSemaphore(value: 0)
    let body: @Sendable () async -> Void = {
        outcome.value = await operation()
        finished.signal()
    }
    if #available(macOS 26, *) {
        Task.immediate(operation: body)
    } else {
        Task(operation: body)
    }
    finished.wait()
    guard let value = outcome.value else { preconditionFailure("the operation finished without a value") }
    return value
}
