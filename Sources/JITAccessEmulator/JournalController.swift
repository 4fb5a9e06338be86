import Hummingbird

/// `GET /emulator/journal/problems`: what is wrong, by Google's discovery documents, with the
/// requests the emulated APIs received and with their answers, so that a test driving
/// `jitaccess serve` from outside can check every exchange at its end, as the Swift tests check
/// the in-process ``RequestJournal``.
struct JournalController<Context: RequestContext> {
    /// The answer: how many exchanges were checked, and each problem found.
    struct Report: Encodable {
        let exchanges: Int
        let problems: [String]
    }

    let journal: RequestJournal
    let documents: [DiscoveryDocument]

    func register(on router: some RouterMethods<Context>) {
        router.get("/emulator/journal/problems") { _, _ in
            let exchanges = journal.requests
            let problems = exchanges.flatMap { DiscoveryDocument.problems(in: $0, documents: documents) }
            return try JSONResponse.ok(Report(exchanges: exchanges.count, problems: problems))
        }
    }
}
