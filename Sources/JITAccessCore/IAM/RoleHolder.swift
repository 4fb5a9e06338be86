/// A user who holds a binding, directly or through groups.
public struct RoleHolder: Sendable, Equatable {
    public let user: UserId
    public let binding: ScopedBinding

    public init(user: UserId, binding: ScopedBinding) {
        self.user = user
        self.binding = binding
    }
}
