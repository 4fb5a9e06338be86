/// One type per file, named after it: `Outbox.swift` holds `Outbox` (and `Outbox+Reading.swift`
/// extensions of it), so that every type is found by its name.
enum TypeFiles {
    /// The top-level types of `source` that are not the type its file is named after.
    static func misplaced(in source: String, file: String) -> [String] {
        let owner = String(file.dropLast(".swift".count).prefix { $0 != "+" })
        let declaration = /(?m)^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|final|indirect|nonisolated)\s+)*(?:struct|class|enum|protocol|actor)\s+(\w+)/
        return source.matches(of: declaration).map { String($0.1) }.filter { $0 != owner }.map { "\(file) declares \($0)" }
    }
}
