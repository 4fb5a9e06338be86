import JITAccessCore

/// An organization, folder or project of the cloud file.
package struct ResourceEntry: Sendable, Codable {
    var id: String
    var displayName: String?
    /// The project number; only projects have one.
    var number: String?
    /// `organizations/ID` or `folders/ID`; the organization has none.
    var parent: String?
    package var policy: IAMPolicy?
}
