@testable import JITAccessLocal
import Testing

/// Where each resource's policy lies in the file, the table the write and the partial re-read share.
@Suite("Where a policy lies in the file")
struct PolicyPathTests {
    static let slots: [ResourceSlot] = [.organization, .folder(0), .folder(7), .project(0), .project(12)]

    @Test(arguments: slots)
    func aPolicyPathAndWhatLiesBelowItLeadBackToItsSlot(_ slot: ResourceSlot) {
        #expect(ResourceSlot(policyAtStartOf: slot.policyPath) == slot)
        #expect(ResourceSlot(policyAtStartOf: slot.policyPath + [.key("bindings"), .index(3)]) == slot)
    }

    @Test(arguments: slots)
    func noPolicyPathStartsAnother(_ slot: ResourceSlot) {
        for other in Self.slots where other != slot {
            #expect(!slot.policyPath.starts(with: other.policyPath), "\(other.keyPath) is read as \(slot.keyPath)")
        }
    }

    @Test func theDeepestPolicyPathIsTheLongestOfAnyKindOfResource() {
        #expect(ResourceSlot.deepestPolicyPath == Self.slots.map(\.policyPath.count).max())
        #expect(ResourceSlot.deepestPolicyPath == 3)
    }

    @Test(arguments: [
        [JSONSplice.Step](),
        [.key("projects"), .index(0)],
        [.key("projects"), .index(0), .key("parent")],
        [.key("projects"), .key("policy")],
        [.key("organization"), .key("displayName")],
        [.key("organization"), .index(0), .key("policy")],
        [.key("groups"), .index(0), .key("policy")],
        [.key("folders"), .index(1)],
    ])
    func aPathThatDoesNotLeadIntoAPolicyHasNoSlot(_ path: [JSONSplice.Step]) {
        #expect(ResourceSlot(policyAtStartOf: path) == nil)
    }
}
