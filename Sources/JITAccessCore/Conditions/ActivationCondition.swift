/// The condition of a temporary binding that an activation writes, and how to recognise one.
///
/// The format is JIT Access 1.x's, so activations written by either tool are read by both:
/// title `JIT access activation`, expression
/// `(request.time >= timestamp("START") && request.time < timestamp("END"))`, and with a
/// resource condition `((TEMPORAL)) && (RESOURCE_CONDITION)`.
public struct ActivationCondition: Sendable, Hashable {
    /// The exact title that marks a binding as an activation.
    public static let title = "JIT access activation"

    public let window: ActivationWindow
    public let resourceCondition: ResourceCondition?

    public init(window: ActivationWindow, resourceCondition: ResourceCondition?) {
        self.window = window
        self.resourceCondition = resourceCondition
    }

    /// The CEL expression of the temporary binding.
    public var expression: String {
        let temporal = "(request.time >= timestamp(\"\(window.start.rfc3339)\") && request.time < timestamp(\"\(window.end.rfc3339)\"))"
        guard let resourceCondition else { return temporal }
        return "(\(temporal)) && (\(resourceCondition.expression))"
    }

    /// The binding condition, with the given description.
    public func condition(description: String) -> IAMCondition {
        IAMCondition(title: Self.title, description: description, expression: expression)
    }

    /// Recognises an activation: the exact title and a temporal clause (extra parentheses and
    /// spaces tolerated). Returns `nil` for anything else.
    ///
    /// The first start and end bounds make the window, as the temporal clause comes first; a
    /// later time bound belongs to the resource condition, as when an eligibility expires
    /// (`request.time < timestamp(...)`) and its activations carry that clause over.
    public init?(_ condition: IAMCondition?) {
        guard let condition, condition.title == Self.title,
              let parsed = ConditionExpression(condition.expression)
        else { return nil }
        var start: Timestamp?
        var end: Timestamp?
        var rest: [String] = []
        for clause in parsed.flattenedClauses {
            switch Self.temporalBound(clause) {
            case .some((">=", let time)) where start == nil:
                start = time
            case .some(("<", let time)) where end == nil:
                end = time
            default:
                rest.append(clause.normalized)
            }
        }
        guard let start, let end, start < end else { return nil }
        window = ActivationWindow(start: start, end: end)
        if rest.isEmpty {
            resourceCondition = nil
        } else {
            guard let resourceCondition = ResourceCondition(rest.joined(separator: " && ")) else { return nil }
            self.resourceCondition = resourceCondition
        }
    }

    /// Reads `request.time >= timestamp("...")` or `request.time < timestamp("...")`.
    private static func temporalBound(_ clause: ConditionExpression) -> (String, Timestamp)? {
        let tokens = clause.tokens
        guard tokens.count == 8, tokens[0].text == "request", tokens[1].kind == .dot, tokens[2].text == "time",
              tokens[3].text == ">=" || tokens[3].text == "<", tokens[4].text == "timestamp", tokens[5].text == "(",
              tokens[6].kind == .string, tokens[7].text == ")"
        else { return nil }
        let literal = tokens[6].text
        guard literal.count >= 2, let quote = literal.first, quote == "\"" || quote == "'", literal.last == quote,
              let time = Timestamp(rfc3339: literal.dropFirst().dropLast())
        else { return nil }
        return (tokens[3].text, time)
    }
}
