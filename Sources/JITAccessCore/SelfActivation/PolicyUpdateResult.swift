/// What a ``PolicyUpdate`` did.
public struct PolicyUpdateResult: Sendable, Equatable {
    /// The policy as it now stands: as written, or as read when nothing had to change.
    public let policy: IAMPolicy
    /// False when the change was found already made, and nothing was written.
    public let written: Bool
}
