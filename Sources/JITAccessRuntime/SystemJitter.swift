import JITAccessCore

/// Retry jitter from the system's generator: what a process passes as its one ``Jitter``.
public struct SystemJitter: Jitter {
    public init() {}

    public func fraction() -> Double {
        Double.random(in: 0...1)
    }
}
