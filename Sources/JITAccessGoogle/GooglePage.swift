/// One page of a Google list or search method: the token of the next page, if there is one.
protocol GooglePage: Decodable {
    /// The token that asks for the next page; absent or empty on the last page.
    var nextPageToken: String? { get }
}
