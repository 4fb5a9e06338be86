import JITAccessCore

extension GoogleAPITransport {
    /// How many pages a list or search reads at most: far more than a sensible query needs, and
    /// few enough that a runaway query fails in seconds rather than minutes.
    static let maximumPages = 50

    /// Every page of a list or search, following `nextPageToken` until Google sends none.
    ///
    /// A short page does not end the list (Google may answer fewer items than asked for, and
    /// JIT Access 1.x stopping there was a bug). Past `maximumPages` pages this throws rather
    /// than returning a partial list, which would silently hide projects or eligibility.
    /// `url` gives the address of the page with a token (`nil` for the first one); `what`
    /// names the list in the error.
    func allPages<Page: GooglePage>(
        of what: String, maximumPages: Int, url: (_ pageToken: String?) -> String, as page: Page.Type
    ) async throws -> [Page] {
        var pages: [Page] = []
        var token: String?
        repeat {
            guard pages.count < maximumPages else {
                throw JITAccessError.backend(
                    "\(service) has more than \(maximumPages) pages of \(what); jitaccess reads at most \(maximumPages) rather than act on a partial list. Narrow the query or the scope."
                )
            }
            guard let next = try await get(url(token), as: Page.self) else { break }
            pages.append(next)
            token = next.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return pages
    }
}
