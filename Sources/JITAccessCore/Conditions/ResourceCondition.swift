/// The clauses of an eligible binding's condition besides the marker, such as
/// `resource.name.startsWith("projects/_/buckets/logs")`; an activation carries them over.
public struct ResourceCondition: Sendable, Hashable, CustomStringConvertible {
    /// The clauses in normalised spelling, joined by ` && `.
    public let expression: String
    /// A spelling that does not depend on parentheses or spacing, to compare conditions.
    public let canonical: String

    init(clauses: [ConditionExpression]) {
        expression = clauses.map(\.normalized).joined(separator: " && ")
        canonical = Self.canonicalClauses(of: clauses).joined(separator: " && ")
    }

    /// Parses a resource condition as written by a user or read from an activation binding.
    public init?(_ text: String) {
        guard let parsed = ConditionExpression(text), !parsed.isEmpty else { return nil }
        let clauses = parsed.withoutOuterParentheses.isConjunction ? parsed.withoutOuterParentheses.clauses : [parsed]
        guard clauses.allSatisfy({ !$0.isEmpty }), !clauses.flatMap(\.flattenedClauses).contains(where: \.isEmpty) else { return nil }
        self.init(clauses: clauses)
    }

    private static func canonicalClauses(of clauses: [ConditionExpression]) -> [String] {
        clauses.flatMap(\.flattenedClauses).map { clause in
            let inner = clause.withoutOuterParentheses
            return inner.isConjunction ? inner.normalized : "(\(inner.normalized))"
        }
    }

    public var description: String { expression }

    public static func == (lhs: ResourceCondition, rhs: ResourceCondition) -> Bool { lhs.canonical == rhs.canonical }
    public func hash(into hasher: inout Hasher) { hasher.combine(canonical) }
}
