import JITAccessLocal

/// The embedded IAM's cloud file, a JSON document people edit by hand: the syntax report that
/// explains a file Foundation refuses, decoding, validation, and writing it back.
///
/// Promises: a syntax problem is reported at a line the file has; a valid cloud, written the
/// way jitaccess writes it, is valid again and writes as the same bytes.
enum CloudFileTarget {
    private static let file = "cloud.json"

    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        if let problem = JSONSyntaxCheck.firstProblem(in: bytes) {
            let lines = bytes.count(where: { $0 == 0x0A }) + 1
            try expect(
                (1...lines).contains(problem.line) && problem.column >= 1,
                "the syntax problem '\(problem.message)' is reported at line \(problem.line), column \(problem.column) of a file of \(lines) lines"
            )
        }
        guard let document = try? CloudDocument.decode(bytes, file: file), (try? Cloud(document, file: file)) != nil else { return }
        let written: [UInt8]
        let rewritten: [UInt8]
        do {
            written = try document.encoded(for: file)
            let reread = try CloudDocument.decode(written, file: file)
            _ = try Cloud(reread, file: file)
            rewritten = try reread.encoded(for: file)
        } catch {
            throw InvariantViolation(description: "a valid cloud file, written by jitaccess, is no longer valid: \(error)")
        }
        try expect(written == rewritten, "writing a cloud file that jitaccess wrote changes it")
    }
}
