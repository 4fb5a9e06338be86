import JITAccessCore
import Synchronization

/// The error `check` throws, so that a test can require a refusal to come from that very rule
/// without copying its wording; `nil` when `check` passes.
func refusal(_ check: () throws -> Void) -> JITAccessError? {
    do {
        try check()
        return nil
    } catch {
        return error as? JITAccessError
    }
}
