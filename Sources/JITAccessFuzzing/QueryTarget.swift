import Hummingbird
import HummingbirdCore
import JITAccessCore
import JITAccessWeb

/// Request targets (`/path?query`) as Hummingbird splits and decodes them, and the query
/// parameters the pages read: the activation token, the entitlement id, the return path.
///
/// Promise: the path and query a user asked for when the sign-in page stopped them comes back
/// unchanged through the sign-in page's `next` parameter, and is always a local path.
enum QueryTarget {
    private static let project = ProjectId("example-project")

    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let request = FuzzRequest.get(String(decoding: bytes, as: UTF8.self))
        let query = request.uri.queryParameters
        _ = try? RequestInput.activationToken(query["activation"].map(String.init))
        if let project {
            _ = try? RequestInput.entitlement(query["entitlement"].map(String.init), on: project)
        }
        if let next = ReturnPath.validated(query["next"].map(String.init)) {
            try expect(isLocal(next), "the return path \(next.debugDescription) leads off the server")
        }
        guard let path = ReturnPath.of(request) else { return }
        try expect(isLocal(path), "the return path \(path.debugDescription) leads off the server")
        let signIn = FuzzRequest.get(ReturnPath.signInPage("/signin", returningTo: path))
        let back = ReturnPath.validated(signIn.uri.queryParameters["next"].map(String.init))
        try expect(back == path, "the return path \(path.debugDescription) comes back from the sign-in page as \(String(describing: back))")
    }

    /// A path on this server: one leading slash, no backslash, no white space.
    private static func isLocal(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\") && !path.unicodeScalars.contains { $0.properties.isWhitespace }
    }
}
