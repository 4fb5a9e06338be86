import JITAccessCore

/// IAM condition expressions, as found in bindings: the reader (``ConditionExpression``), the
/// eligibility classifier, resource conditions and activation conditions.
///
/// Beyond not crashing, a resource condition must survive what an activation does with it:
/// written into the temporary binding's condition and read back, it must be the same condition,
/// or the activated role would not match the eligible one.
enum ConditionTarget {
    /// The window of the activations built from the input's resource condition.
    private static let window = ActivationWindow(start: Timestamp(secondsSinceEpoch: 1_800_000_000), minutes: 60)

    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let expression = ConditionExpression(text) {
            let inner = expression.withoutOuterParentheses
            _ = inner.hasTopLevelOr
            _ = inner.clauses.map(\.normalized)
        }
        if let condition = EligibilityCondition(expression: text)?.resourceCondition {
            try checkCarriedOver(condition)
        }
        if let condition = ResourceCondition(text) {
            try checkCarriedOver(condition)
        }
        if let activation = ActivationCondition(IAMCondition(title: ActivationCondition.title, expression: text)) {
            try checkRereads(activation)
        }
    }

    /// `condition`, spelled out and parsed again, and carried into an activation, stays itself.
    private static func checkCarriedOver(_ condition: ResourceCondition) throws(InvariantViolation) {
        let reparsed = ResourceCondition(condition.expression)
        try expect(
            reparsed == condition,
            "the resource condition \(condition.canonical.debugDescription) reads back from \(condition.expression.debugDescription) as \(String(describing: reparsed?.canonical))"
        )
        try checkRereads(ActivationCondition(window: window, resourceCondition: condition))
    }

    /// The condition an activation writes reads back as the same activation.
    private static func checkRereads(_ activation: ActivationCondition) throws(InvariantViolation) {
        let written = activation.condition(description: ActivationDescription.selfApproved(justification: "fuzz").text)
        let reread = ActivationCondition(written)
        try expect(
            reread == activation,
            "the activation condition \(written.expression.debugDescription) reads back as \(String(describing: reread))"
        )
    }
}
