import Dispatch

/// Carries the value out of the task; the semaphore orders the write before the read.
final class Outcome<Value: Sendable>: @unchecked Sendable {
    var value: Value?
}
