import Foundation

/// The `nextPageToken` of the emulator's searches: the offset of the next page and a
/// fingerprint of the request's other parameters, so that a token reused with a changed query
/// is refused, as Google refuses it ("the other parameters must be unchanged").
enum PageToken {
    /// The token of the page at `offset` of the request described by `request`.
    static func make(offset: Int, request: String) -> String {
        Data("\(offset):\(fingerprint(request))".utf8).base64EncodedString()
    }

    /// The offset `token` stands for (0 without a token); refused when it is not a token of this
    /// request.
    static func offset(of token: String?, request: String) throws(GoogleAPIError) -> Int {
        guard let token, !token.isEmpty else { return 0 }
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":"), let offset = Int(text[..<colon]), offset >= 0,
              text[text.index(after: colon)...] == fingerprint(request)
        else {
            throw .invalidArgument("Invalid page token '\(token)': it is not a token this request's earlier page returned, or the other parameters changed.")
        }
        return offset
    }

    /// An FNV-1a hash of `request`, in hex.
    private static func fingerprint(_ request: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in request.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    /// The page of `items` a request with `token` and `pageSize` (already capped) asks for,
    /// with the token of the next page when more follow.
    static func page<Item>(of items: [Item], token: String?, pageSize: Int, request: String) throws(GoogleAPIError) -> (items: [Item], next: String?) {
        let start = try offset(of: token, request: request)
        guard start <= items.count else {
            throw .invalidArgument("Invalid page token: it points past the end of the results.")
        }
        let end = min(start + pageSize, items.count)
        return (Array(items[start..<end]), end < items.count ? make(offset: end, request: request) : nil)
    }
}
