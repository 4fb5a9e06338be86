/// How full a listing cache is and how often it answered, for the readiness check and the
/// benchmark.
public struct ListingCacheStatistics: Sendable, Equatable, Codable {
    /// Entries held now.
    public let entries: Int
    /// The most entries the cache holds.
    public let capacity: Int
    /// Lookups answered from the cache.
    public let hits: Int
    /// Lookups that had to read.
    public let misses: Int

    public init(entries: Int, capacity: Int, hits: Int, misses: Int) {
        self.entries = entries
        self.capacity = capacity
        self.hits = hits
        self.misses = misses
    }

    /// Hits over lookups, 0 before the first lookup.
    public var hitRate: Double {
        hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses)
    }

    /// The sum of two caches' figures.
    public static func + (left: Self, right: Self) -> Self {
        Self(entries: left.entries + right.entries, capacity: left.capacity + right.capacity, hits: left.hits + right.hits, misses: left.misses + right.misses)
    }
}
