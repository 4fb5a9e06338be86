import JITAccessCore
import Testing
import JITAccessTestSupport

@Suite("Google's documented IAM limits")
struct IAMLimitsTests {
    func conditional(_ role: String, _ member: String, _ expression: String) -> IAMBinding {
        IAMBinding(role: role, members: [member], condition: IAMCondition(title: "t", expression: expression))
    }

    @Test func logicalOperatorsAreCountedOutsideStrings() {
        #expect(IAMLimits.operatorCount("a && b || !c && d != e") == 4)
        #expect(IAMLimits.operatorCount("s == '&& || !' && t") == 1)
        let twelve = (0...12).map { "a\($0)" }.joined(separator: " && ")
        #expect(IAMLimits.violation(in: IAMPolicy(bindings: [conditional("roles/x", "user:a@example.com", twelve)])) == nil)
        let thirteen = twelve + " && z"
        #expect(IAMLimits.violation(in: IAMPolicy(bindings: [conditional("roles/x", "user:a@example.com", thirteen)])) == "The condition expression of the binding for roles/x has 13 logical operators; the maximum allowed is 12.")
    }

    @Test func membersAndGroupsPerPolicy() {
        let users = (0..<1_500).map { "user:u\($0)@example.com" }
        #expect(IAMLimits.violation(in: IAMPolicy(bindings: [IAMBinding(role: "roles/x", members: users)])) == nil)
        let over = IAMPolicy(bindings: [IAMBinding(role: "roles/x", members: users), IAMBinding(role: "roles/y", members: Array(users.prefix(3)))])
        #expect(IAMLimits.violation(in: over) == "The number of members in the policy (1,503) is larger than the maximum allowed size 1,500.")
        let groups = (0...250).map { "group:g\($0)@example.com" }
        #expect(IAMLimits.violation(in: IAMPolicy(bindings: [IAMBinding(role: "roles/x", members: groups)]))?.contains("groups and domains in the policy (251)") == true)
    }

    @Test func conditionalBindingsOfOneRoleAndMember() {
        var bindings = (0..<20).map { conditional("roles/x", "user:alice@example.com", "a == \($0)") }
        bindings.append(conditional("roles/x", "user:bob@example.com", "a == 99"))
        bindings.append(conditional("roles/x", "user:alice@example.com", "a == 0"))
        #expect(IAMLimits.violation(in: IAMPolicy(bindings: bindings)) == nil, "the same condition twice is one")
        bindings.append(conditional("roles/x", "user:Alice@example.com", "a == 20"))
        #expect(IAMLimits.violation(in: IAMPolicy(bindings: bindings))?.contains("more than 20 bindings of roles/x") == true)
    }

    @Test func anActivationThatGoogleWouldRefuseIsNotWritten() async throws {
        // 10 operators in the resource condition: the activation needs 12, fine; 11 needs 13.
        let fits = (0...10).map { "r\($0)" }.joined(separator: " && ")
        let tooMany = (0...11).map { "r\($0)" }.joined(separator: " && ")
        let cloud = InMemoryProject(project: Sample.project, bindings: [
            Sample.eligible("roles/fits", "has({}.jitAccessConstraint) && \(fits)"),
            Sample.eligible("roles/toomany", "has({}.jitAccessConstraint) && \(tooMany)"),
        ])
        let catalog = EntitlementCatalog(analyzer: cloud, clock: TestClock(Sample.now))
        let listing = try await catalog.listing(for: Sample.alice, on: Sample.project)
        #expect(listing.warnings.count == 1)
        #expect(listing.warnings.first?.hasPrefix("The binding of roles/toomany on projects/prod-db cannot be activated: an activation would have 13 logical operators") == true)

        let engine = SelfActivation(catalog: catalog, store: cloud, rules: try ActivationRules(), audit: RecordingAuditLog(), retry: .testPolicyWrite)
        let ids = listing.entitlements.map(\.id)
        _ = try await engine.activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [ids[0]], justification: "x", minutes: 5))
        #expect(cloud.writes == 1)
        do {
            _ = try await engine.activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [ids[1]], justification: "x", minutes: 5))
            Issue.record("written")
        } catch let JITAccessError.conflict(message) {
            #expect(message.contains("13 logical operators"))
            #expect(message.contains("Nothing was changed"))
        }
        #expect(cloud.writes == 1)
    }
}
