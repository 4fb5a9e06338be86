/// The entitlements of a user on a project, and what is wrong with the bindings behind them.
public struct EntitlementListing: Sendable, Equatable {
    public let entitlements: [Entitlement]
    /// Sentences for the user, such as a binding whose marker does not make it eligible.
    public let warnings: [String]

    public init(entitlements: [Entitlement], warnings: [String]) {
        self.entitlements = entitlements
        self.warnings = warnings
    }
}
