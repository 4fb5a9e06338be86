/// What a binding's condition says about eligibility: a JIT or MPA marker clause, and the
/// remaining clauses (the resource condition).
///
/// The marker clauses `has({}.jitAccessConstraint)` and `has({}.multiPartyApprovalConstraint)`
/// are always false in IAM, so an eligible binding grants nothing until activated.
public struct EligibilityCondition: Sendable, Equatable {
    public let type: ActivationType
    /// The clauses other than the marker, `nil` when there are none.
    public let resourceCondition: ResourceCondition?

    static let jitMarker = "has({}.jitaccessconstraint)"
    static let mpaMarker = "has({}.multipartyapprovalconstraint)"

    /// Classifies a condition expression; `nil` when it does not make a binding eligible (no
    /// marker, a top-level `||` or `? :`, or an expression jitaccess cannot read).
    public init?(expression: String) {
        guard let parsed = ConditionExpression(expression)?.withoutOuterParentheses, parsed.isConjunction else { return nil }
        var type: ActivationType?
        var rest: [ConditionExpression] = []
        for clause in parsed.clauses {
            guard !clause.isEmpty else { return nil }
            switch clause.withoutOuterParentheses.compact {
            case Self.jitMarker:
                type = .jit
            case Self.mpaMarker:
                // Like JIT Access 1.x, a condition carrying both markers is self-approval.
                if type == nil { type = .mpa }
            default:
                // An `&&` without an operand, even inside parentheses, is not CEL: IAM refuses it,
                // and an activation could not carry such a clause over (found by fuzzing).
                guard !clause.flattenedClauses.contains(where: \.isEmpty) else { return nil }
                rest.append(clause)
            }
        }
        guard let type else { return nil }
        self.type = type
        self.resourceCondition = rest.isEmpty ? nil : ResourceCondition(clauses: rest)
    }

    /// Classifies a binding's condition, if it has one.
    public init?(_ condition: IAMCondition?) {
        guard let condition else { return nil }
        self.init(expression: condition.expression)
    }

    /// Why an expression that names a marker does not make its binding eligible, as a clause
    /// to follow "it is not eligible because"; `nil` when it names no marker or is eligible.
    public static func ineligibility(of expression: String) -> String? {
        let compact = String(decoding: expression.utf8.filter { $0 > 0x20 }, as: UTF8.self).lowercased()
        guard compact.contains(jitMarker) || compact.contains(mpaMarker), EligibilityCondition(expression: expression) == nil else { return nil }
        guard let parsed = ConditionExpression(expression)?.withoutOuterParentheses else {
            return "jitaccess cannot read its condition (an unterminated string or unbalanced brackets)"
        }
        if parsed.hasTopLevelOr {
            return "its condition has a top-level `||`, so it can hold without the marker clause"
        }
        if parsed.hasTopLevelConditional {
            return "its condition has a top-level `? :`, which binds more loosely than `&&`, so it can hold without the marker clause; put the conditional in parentheses"
        }
        if parsed.clauses.contains(where: \.isEmpty) {
            return "its condition has an empty clause around `&&`"
        }
        return "the marker is not one of the clauses joined by a top-level `&&`"
    }
}
