/// Times code in nanoseconds on the monotonic clock.
enum Stopwatch {
    /// The nanoseconds `body` takes.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return nanoseconds(clock.now - start)
    }

    /// The nanoseconds `body` takes.
    static func time(_ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        return nanoseconds(clock.now - start)
    }

    /// `count` samples of the time per call of `body`, each the mean over a batch of `batch`
    /// calls, so that operations shorter than the clock's resolution are still measured.
    /// A first batch warms caches and is not counted.
    static func samples(count: Int, batch: Int = 1, _ body: () throws -> Void) rethrows -> [Double] {
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for round in 0...count {
            let elapsed = try time { for _ in 0..<batch { try body() } }
            if round > 0 { samples.append(elapsed / Double(batch)) }
        }
        return samples
    }

    /// `count` samples of the time per call of the asynchronous `body`, batched and warmed up
    /// as for a synchronous one.
    static func samples(count: Int, batch: Int = 1, _ body: () async throws -> Void) async rethrows -> [Double] {
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for round in 0...count {
            let elapsed = try await time { for _ in 0..<batch { try await body() } }
            if round > 0 { samples.append(elapsed / Double(batch)) }
        }
        return samples
    }

    static func nanoseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1e9 + Double(parts.attoseconds) / 1e9
    }
}

/// Keeps the optimiser from removing a computation whose result is otherwise unused.
@inline(never)
func blackHole<Value>(_ value: Value) {
    withExtendedLifetime(value) {}
}
