/// A promise a parser broke on some input, beyond crashing: a round trip that does not come
/// back, a result that does not parse again. The fuzzer executable turns it into a crash so
/// that libFuzzer keeps the input; the corpus replay reports it as a test failure.
public struct InvariantViolation: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Throws ``InvariantViolation`` with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws(InvariantViolation) {
    guard condition else { throw InvariantViolation(description: message()) }
}
