import JITAccessCore

/// Classifies binding conditions, remembering each distinct condition: large policies repeat
/// the same few eligibility conditions many times.
struct BindingClassifier {
    enum Kind {
        case eligible
        case activation(end: Timestamp)
        case other
    }

    /// What classification depends on: activations are recognised by title and expression.
    private struct Key: Hashable {
        let title: String?
        let expression: String
    }

    private var known: [Key: Kind] = [:]

    mutating func classify(_ condition: IAMCondition?) -> Kind {
        guard let condition else { return .other }
        let key = Key(title: condition.title, expression: condition.expression)
        if let kind = known[key] { return kind }
        let kind: Kind = if EligibilityCondition(condition) != nil {
            .eligible
        } else if let activation = ActivationCondition(condition) {
            .activation(end: activation.window.end)
        } else {
            .other
        }
        known[key] = kind
        return kind
    }
}
