/// A binding as found on a resource: the project itself or one of its ancestors.
public struct ScopedBinding: Sendable, Equatable {
    public let resource: ResourceName
    public let binding: IAMBinding

    public init(resource: ResourceName, binding: IAMBinding) {
        self.resource = resource
        self.binding = binding
    }
}
