/// Activations that were written: who, what, why, and for how long.
public struct Activation: Sendable, Equatable {
    /// A random id that ties the audit record to the response.
    public let id: String
    public let beneficiary: UserId
    public let entitlements: [EntitlementId]
    public let justification: String
    public let window: ActivationWindow

    public init(id: String, beneficiary: UserId, entitlements: [EntitlementId], justification: String, window: ActivationWindow) {
        self.id = id
        self.beneficiary = beneficiary
        self.entitlements = entitlements
        self.justification = justification
        self.window = window
    }
}
