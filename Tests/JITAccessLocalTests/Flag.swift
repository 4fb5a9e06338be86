import Synchronization

/// A flag that is set once; `set()` says whether this call set it.
final class Flag: Sendable {
    private let state = Mutex(false)
    func set() -> Bool { state.withLock { value in defer { value = true }; return !value } }
}
