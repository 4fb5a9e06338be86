import Foundation

/// The last path segment of a custom method in Google's REST style, `NAME:method` (as in
/// `prod-db:getIamPolicy` or `jit@p.iam.gserviceaccount.com:signJwt`), percent-decoded.
struct GoogleMethodCall {
    /// What the method is called on: a resource id or an account.
    let name: Substring
    /// The method, such as `getIamPolicy`.
    let method: Substring

    /// Splits `segment` at its last colon; `nil` when there is none.
    init?(_ segment: String) {
        let call = segment.removingPercentEncoding ?? segment
        guard let colon = call.lastIndex(of: ":") else { return nil }
        name = call[..<colon]
        method = call[call.index(after: colon)...]
    }
}
