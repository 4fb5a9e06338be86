import JITAccessCore

/// Condition handling, per binding: recognising eligible bindings and activations, and
/// writing an activation's condition.
struct ConditionsSection: BenchmarkSection {
    let name = "conditions"

    func run(_ context: BenchmarkContext) async throws -> [Measurement] {
        let window = ActivationWindow(start: Timestamp(secondsSinceEpoch: 1_764_000_000), minutes: 60)
        let bucket = ResourceCondition(#"resource.name.startsWith("projects/_/buckets/prod-web-assets")"#)
        let activation = ActivationCondition(window: window, resourceCondition: bucket).condition(description: "Self-approved, justification: bench")
        let cases: [(String, IAMCondition)] = [
            ("classify+parse JIT marker", IAMCondition(title: "Eligible for JIT access", expression: "has({}.jitAccessConstraint)")),
            ("classify+parse MPA marker && resource condition", IAMCondition(
                title: "Eligible for access with peer approval",
                expression: #"has({}.multiPartyApprovalConstraint) && resource.name.startsWith("projects/_/buckets/prod-web-assets")"#
            )),
            ("classify+parse not eligible (expiry)", IAMCondition(title: "Expires", expression: #"request.time < timestamp("2031-01-01T00:00:00Z")"#)),
            ("classify+parse activation with resource condition", activation),
        ]
        var measurements: [Measurement] = []
        for (label, condition) in cases {
            // What the catalog does with every binding: is it eligible, else is it an activation?
            let samples = Stopwatch.samples(count: context.samples(2_000), batch: 50) {
                if let eligibility = EligibilityCondition(condition) {
                    blackHole(eligibility)
                } else {
                    blackHole(ActivationCondition(condition))
                }
            }
            measurements.append(Measurement(section: name, name: label, nanoseconds: samples, unit: .nanoseconds, note: "per binding"))
        }
        let format = Stopwatch.samples(count: context.samples(2_000), batch: 50) {
            blackHole(ActivationCondition(window: window, resourceCondition: bucket).condition(description: "Self-approved, justification: bench"))
        }
        measurements.append(Measurement(section: name, name: "format temporary condition (with resource condition)", nanoseconds: format, unit: .nanoseconds))
        return measurements
    }
}
