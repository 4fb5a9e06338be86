import JITAccessCore
import Testing
import JITAccessTestSupport

/// `? :` binds more loosely than `||`, which binds more loosely than `&&` (CEL's grammar): a
/// condition with either at its top level is no conjunction of clauses, so a marker beside it
/// makes nothing eligible, and conditions that differ only in where the parentheses are never
/// compare equal.
@Suite("Condition precedence")
struct ConditionPrecedenceTests {
    static let marker = "has({}.jitAccessConstraint)"
    static let objects = #"resource.type == "storage.googleapis.com/Object""#
    static let publicBucket = #"resource.name.startsWith("projects/_/buckets/public/")"#

    struct EligibilityCase: Sendable, CustomTestStringConvertible {
        let expression: String
        let resourceCondition: String?
        let eligible: Bool
        var testDescription: String { expression }
    }

    @Test(arguments: [
        EligibilityCase(expression: "\(marker) && (\(objects) ? true : false) && \(publicBucket)", resourceCondition: "(\(objects) ? true : false) && \(publicBucket)", eligible: true),
        EligibilityCase(expression: "\(marker) && \(objects) ? true : false", resourceCondition: nil, eligible: false),
        EligibilityCase(expression: "\(objects) ? \(marker) : true", resourceCondition: nil, eligible: false),
        EligibilityCase(expression: "(\(marker) && a) ? b : c", resourceCondition: nil, eligible: false),
        EligibilityCase(expression: "\(marker) && a ? b : c && d", resourceCondition: nil, eligible: false),
        EligibilityCase(expression: "((\(marker) && (a ? b : c)))", resourceCondition: "(a ? b : c)", eligible: true),
        EligibilityCase(expression: "\(marker) && s == 'a ? b : c'", resourceCondition: "s == 'a ? b : c'", eligible: true),
        EligibilityCase(expression: "\(marker) && s == \"x:y\" && t == '?'", resourceCondition: "s == \"x:y\" && t == '?'", eligible: true),
        EligibilityCase(expression: "\(marker) && {'a': 1}['a'] == 1", resourceCondition: "{'a' : 1}['a'] == 1", eligible: true),
        EligibilityCase(expression: "\(marker) && f(a ? b : c)", resourceCondition: "f(a ? b : c)", eligible: true),
        EligibilityCase(expression: "\(marker) && a // ? b : c\n&& d", resourceCondition: "a && d", eligible: true),
        EligibilityCase(expression: "\(marker) && a /* not a comment */ ? b : c", resourceCondition: nil, eligible: false),
        EligibilityCase(expression: "\(marker) && [a ? b : c][0] && (d || e)", resourceCondition: "[a ? b : c][0] && (d || e)", eligible: true),
    ])
    func eligibility(_ example: EligibilityCase) {
        let condition = EligibilityCondition(expression: example.expression)
        #expect((condition != nil) == example.eligible)
        #expect(condition?.resourceCondition?.expression == example.resourceCondition)
    }

    struct ComparisonCase: Sendable, CustomTestStringConvertible {
        let eligible: String
        let requested: String
        let equal: Bool
        var testDescription: String { "\(eligible) vs \(requested)" }
    }

    @Test(arguments: [
        // The reproduction: the request drops the parentheses around the conditional.
        ComparisonCase(eligible: "(\(objects) ? true : false) && \(publicBucket)", requested: "\(objects) ? true : false && \(publicBucket)", equal: false),
        ComparisonCase(eligible: "(a ? b : c) && d", requested: "(a ? b : c) && d", equal: true),
        ComparisonCase(eligible: "(a ? b : c) && d", requested: "((a ? b : c)) && (d)", equal: true),
        ComparisonCase(eligible: "(a ? b : c) && d", requested: "d && (a ? b : c)", equal: false),
        ComparisonCase(eligible: "(a || b) && c", requested: "a || b && c", equal: false),
        ComparisonCase(eligible: "a && (b && c)", requested: "a && b && c", equal: true),
        ComparisonCase(eligible: "(a ? b : c)", requested: "a ? b : c", equal: true),
        ComparisonCase(eligible: "(a ? b : c) && d", requested: "a ? b : (c && d)", equal: false),
        ComparisonCase(eligible: "s == '(a) && b'", requested: "s == 'a && b'", equal: false),
    ])
    func comparison(_ example: ComparisonCase) throws {
        let eligible = try #require(ResourceCondition(example.eligible))
        let requested = try #require(ResourceCondition(example.requested))
        #expect((eligible == requested) == example.equal)
    }

    /// Found by fuzzing (Fuzz/Corpus/condition/known-lone-ampersands): two separate `&` were
    /// spelled `&&` and read back as another condition.
    @Test func operatorsWrittenApartStayApart() throws {
        for text in ["&\n&", "a & & b", "a | | b", "a & b && c", "z1!!  =10", "a ! = b", "a = = b", "a < = b", "!!x", "((re:0:0:0 .\"ts\"))", "1 .5", "x == 0 . y"] {
            let condition = try #require(ResourceCondition(text))
            #expect(ResourceCondition(condition.expression) == condition, "\(condition.expression)")
        }
        #expect(ResourceCondition("a & & b")?.expression == "a & & b")
    }

    @Test func anEmptyOperandInsideParenthesesIsNoResourceCondition() throws {
        #expect(ResourceCondition("( && a(b))") == nil)
        #expect(ResourceCondition("x == 1 && (y == 2 && )") == nil)
        // What an activation writes with a well-formed nested conjunction reads back the same.
        let nested = try #require(ResourceCondition("x == 1 && (y == 2 && (z == 3))"))
        let activation = ActivationCondition(window: ActivationWindow(start: Sample.now, minutes: 60), resourceCondition: nested)
        #expect(ActivationCondition(activation.condition(description: "d")) == activation)
    }

    @Test func ineligibilityIsExplained() {
        #expect(EligibilityCondition.ineligibility(of: "\(Self.marker) && a ? b : c")?.contains("`? :`") == true)
        #expect(EligibilityCondition.ineligibility(of: "\(Self.marker) || a")?.contains("`||`") == true)
        #expect(EligibilityCondition.ineligibility(of: "!\(Self.marker)")?.contains("not one of the clauses") == true)
        #expect(EligibilityCondition.ineligibility(of: "\(Self.marker) && (a") != nil)
        #expect(EligibilityCondition.ineligibility(of: "\(Self.marker) && a") == nil, "eligible")
        #expect(EligibilityCondition.ineligibility(of: "a ? b : c") == nil, "no marker")
    }

    @Test func theActivationCopiesTheEligibleSpelling() async throws {
        let eligible = IAMBinding(
            role: "roles/storage.objectViewer", members: ["user:alice@example.com"],
            condition: IAMCondition(title: "Eligible", expression: "\(Self.marker) && (\(Self.objects) ? true : false) && \(Self.publicBucket)")
        )
        let cloud = InMemoryProject(project: Sample.project, bindings: [eligible])
        let engine = SelfActivation(catalog: EntitlementCatalog(analyzer: cloud, clock: TestClock(Sample.now)), store: cloud, rules: try ActivationRules(), audit: RecordingAuditLog(), retry: .testPolicyWrite)

        let loose = EntitlementId(project: Sample.project, role: eligible.role, resourceCondition: ResourceCondition("\(Self.objects) ? true : false && \(Self.publicBucket)"))
        await #expect(throws: JITAccessError.accessDenied("You are not eligible to activate 'roles/storage.objectViewer' on project 'prod-db'.")) {
            _ = try await engine.activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [loose], justification: "x", minutes: 5))
        }
        #expect(cloud.writes == 0)

        // Equal in canonical form, spelled differently: the binding gets the eligible spelling.
        let respelled = EntitlementId(project: Sample.project, role: eligible.role, resourceCondition: ResourceCondition("(\(Self.objects) ?true:false)&&(\(Self.publicBucket))"))
        let activation = try await engine.activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [respelled], justification: "x", minutes: 5))
        let written = try #require(cloud.policy.bindings.last?.condition)
        #expect(written.expression.hasSuffix("&& ((\(Self.objects) ? true : false) && \(Self.publicBucket))"))
        #expect(activation.entitlements.first?.resourceCondition?.expression == "(\(Self.objects) ? true : false) && \(Self.publicBucket)")
    }

    @Test func theMostSpecificBindingSpellsTheCondition() {
        let project = ScopedBinding(resource: ResourceName(Sample.project), binding: IAMBinding(
            role: "roles/x", members: ["user:alice@example.com"], condition: IAMCondition(expression: "\(Self.marker) && ((a)) && b")
        ))
        let folder = ScopedBinding(resource: ResourceName(kind: .folder, id: "1"), binding: IAMBinding(
            role: "roles/x", members: ["user:alice@example.com"], condition: IAMCondition(expression: "\(Self.marker) && (a && b)")
        ))
        let organization = ScopedBinding(resource: ResourceName(kind: .organization, id: "2"), binding: IAMBinding(
            role: "roles/x", members: ["user:alice@example.com"], condition: IAMCondition(expression: "\(Self.marker) && a&&b")
        ))
        for order in [[organization, folder, project], [folder, organization, project], [project, folder, organization]] {
            let entitlements = EntitlementCatalog.entitlements(from: order, user: Sample.alice, project: Sample.project, now: Sample.now)
            #expect(entitlements.map(\.id.resourceCondition?.expression) == ["((a)) && b"])
        }
        let entitlements = EntitlementCatalog.entitlements(from: [organization, folder], user: Sample.alice, project: Sample.project, now: Sample.now)
        #expect(entitlements.map(\.id.resourceCondition?.expression) == ["(a && b)"])
    }

    @Test func markedBindingsThatAreNotEligibleAreListedAsWarnings() {
        let bindings = [
            ScopedBinding(resource: ResourceName(kind: .folder, id: "7"), binding: IAMBinding(
                role: "roles/x", members: ["group:g@example.com"], condition: IAMCondition(expression: "\(Self.marker) && a ? b : c")
            )),
            ScopedBinding(resource: ResourceName(Sample.project), binding: IAMBinding(
                role: "roles/y", members: ["user:alice@example.com"], condition: IAMCondition(expression: "\(Self.marker) && a")
            )),
        ]
        let entitlements = EntitlementCatalog.entitlements(from: bindings, user: Sample.alice, project: Sample.project, now: Sample.now)
        let warnings = EntitlementWarnings.warnings(for: bindings, user: Sample.alice, project: Sample.project, now: Sample.now)
        #expect(entitlements.map(\.id.role) == ["roles/y"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("The binding of roles/x on folders/7 names a jitaccess marker but makes nobody eligible: its condition has a top-level `? :`") == true)
    }
}
