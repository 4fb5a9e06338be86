import Crypto
import Foundation
import HTTPTypes

/// A page token of the emulated Directory API: where the next page starts, bound to the listing
/// it was handed out for, so that a token replayed with other parameters is refused as Google
/// refuses it rather than answered with a page of something else.
struct DirectoryPageToken {
    /// The Directory API's default page size and its maximum.
    static var maximumPageSize: Int { 200 }

    /// The position of the next page's first item.
    let offset: Int
    /// A digest of the listing's parameters.
    let listing: String

    /// A digest of `parameters`, the parameters that define a listing (all but the page's).
    static func listing(_ parameters: [String]) -> String {
        let digest = SHA256.hash(data: Data(parameters.joined(separator: "\u{0}").utf8))
        return digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// The token as sent: base64url of `offset.listing`.
    var text: String {
        Data("\(offset).\(listing)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The page of `items` that `token` (the first without one) and `maxResults` (the query's
    /// value, default 200) ask for, and the token of the page after it, if any.
    static func page<Item>(of items: [Item], token: String?, maxResults: String?, listing: String) throws(GoogleAPIError) -> (items: ArraySlice<Item>, next: String?) {
        var size = maximumPageSize
        if let maxResults {
            guard let value = Int(maxResults), (1...maximumPageSize).contains(value) else {
                throw .directory(.badRequest, reason: "invalid", message: "Invalid Input: maxResults must be between 1 and \(maximumPageSize), not \(maxResults)")
            }
            size = value
        }
        var start = 0
        if let token {
            guard let parsed = DirectoryPageToken(parsing: token), parsed.listing == listing, parsed.offset <= items.count else {
                throw .directory(.badRequest, reason: "invalid", message: "Invalid Input: pageToken")
            }
            start = parsed.offset
        }
        let end = min(items.count, start + size)
        let next = end < items.count ? DirectoryPageToken(offset: end, listing: listing).text : nil
        return (items[start..<end], next)
    }

    private init(offset: Int, listing: String) {
        self.offset = offset
        self.listing = listing
    }

    private init?(parsing text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
              let dot = decoded.firstIndex(of: "."), let offset = Int(decoded[..<dot]), offset > 0
        else { return nil }
        self.init(offset: offset, listing: String(decoded[decoded.index(after: dot)...]))
    }
}
