/// How long listings are cached, how many are kept, and how long this replica's own writes
/// override what a listing reads.
///
/// Variables: `LISTING_CACHE_SECONDS` (default 60; 0 turns the cache off),
/// `LISTING_CACHE_ENTRIES` (default 20,000, about 20 MB at the worst) and
/// `OWN_WRITES_SECONDS` (default 900: Cloud Asset Inventory usually reflects a change within
/// minutes, and an activation lasts at least that long).
public struct ListingCacheSettings: Sendable, Equatable {
    public var seconds: Int
    public var entries: Int
    public var ownWriteSeconds: Int

    public init(seconds: Int = 60, entries: Int = 20_000, ownWriteSeconds: Int = 900) {
        self.seconds = seconds
        self.entries = entries
        self.ownWriteSeconds = ownWriteSeconds
    }

    /// The settings `source` holds; throws naming a variable out of range.
    public init(_ source: ConfigurationSource) throws(ConfigurationError) {
        let defaults = Self()
        self.init(
            seconds: try source.integer("LISTING_CACHE_SECONDS", default: defaults.seconds, range: 0 ... 3_600),
            entries: try source.integer("LISTING_CACHE_ENTRIES", default: defaults.entries, range: 100 ... 1_000_000),
            ownWriteSeconds: try source.integer("OWN_WRITES_SECONDS", default: defaults.ownWriteSeconds, range: 0 ... 86_400)
        )
    }

    /// Whether listings are cached at all.
    public var isEnabled: Bool { seconds > 0 }
}
