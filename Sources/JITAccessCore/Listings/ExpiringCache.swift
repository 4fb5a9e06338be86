import Synchronization

/// A bounded map whose entries expire: what a listing read from Google is worth keeping for a
/// short while, per replica.
///
/// Entries live for ``timeToLive`` on the injected clock. When the cache is full, expired
/// entries go first, then the oldest ones, so memory stays bounded however many users and
/// projects pass through. Loads are not coalesced: two misses for one key at the same moment
/// both read, which costs a call but never serves anything older than the TTL.
package final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let storedAt: Timestamp
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var hits = 0
        var misses = 0
    }

    /// How long an entry is served, in seconds.
    package let timeToLive: Int64
    /// The most entries kept at once.
    package let capacity: Int
    private let clock: any WallClock
    private let state = Mutex(State())

    package init(timeToLive: Int64, capacity: Int, clock: any WallClock) {
        self.timeToLive = timeToLive
        self.capacity = max(1, capacity)
        self.clock = clock
    }

    /// The cached value for `key` if it has not expired, else what `load` returns, kept.
    package func value(for key: Key, load: () async throws -> Value) async throws -> Value {
        let now = clock.now
        let cached: Value? = state.withLock { state in
            guard let entry = state.entries[key], now.secondsSinceEpoch - entry.storedAt.secondsSinceEpoch < timeToLive else {
                state.misses += 1
                return nil
            }
            state.hits += 1
            return entry.value
        }
        if let cached { return cached }
        let value = try await load()
        store(value, for: key, at: now)
        return value
    }

    /// Whether `key` has an entry that has not expired; counts neither as a hit nor a miss.
    package func contains(_ key: Key) -> Bool {
        let now = clock.now
        return state.withLock { state in
            state.entries[key].map { now.secondsSinceEpoch - $0.storedAt.secondsSinceEpoch < timeToLive } ?? false
        }
    }

    /// Keeps `value` for `key`, read ahead of being asked for.
    package func insert(_ value: Value, for key: Key) {
        store(value, for: key, at: clock.now)
    }

    /// Forgets every entry whose key `matches`.
    package func removeAll(where matches: (Key) -> Bool) {
        state.withLock { state in
            for key in state.entries.keys where matches(key) { state.entries[key] = nil }
        }
    }

    /// Entries held, hits and misses since the start.
    package var statistics: ListingCacheStatistics {
        state.withLock { ListingCacheStatistics(entries: $0.entries.count, capacity: capacity, hits: $0.hits, misses: $0.misses) }
    }

    private func store(_ value: Value, for key: Key, at now: Timestamp) {
        state.withLock { state in
            if state.entries[key] == nil, state.entries.count >= capacity {
                state.entries = state.entries.filter { now.secondsSinceEpoch - $0.value.storedAt.secondsSinceEpoch < timeToLive }
                // Still full: drop the oldest quarter at once, so that a full cache does not
                // pay a scan on every store.
                if state.entries.count >= capacity {
                    let oldest = state.entries.sorted { $0.value.storedAt < $1.value.storedAt }.prefix(max(1, capacity / 4))
                    for (key, _) in oldest { state.entries[key] = nil }
                }
            }
            state.entries[key] = Entry(value: value, storedAt: now)
        }
    }
}
