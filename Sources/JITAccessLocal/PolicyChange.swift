import Foundation
import JITAccessCore

/// The difference between two versions of the cloud file when it lies inside one resource's
/// policy, which is what a write by another process (or most edits by hand) looks like.
///
/// Reading such a version costs a scan of the bytes and the decoding of one policy, instead of
/// decoding, validating and indexing the whole file again: on a cloud of 100,000 bindings, a
/// few tens of milliseconds instead of most of a second for every process sharing the file.
package struct PolicyChange {
    package let slot: ResourceSlot
    package let policy: IAMPolicy

    /// The policy that changed between `old` and `new`, or `nil` when the bytes differ
    /// anywhere else, the policy cannot be decoded, or the file names a key twice on the way to
    /// it; then the whole file must be read.
    package init?(from old: [UInt8], to new: [UInt8]) {
        let (prefix, suffix) = Self.commonEnds(old, new)
        guard let path = try? JSONSplice.path(enclosing: prefix..<(new.count - suffix), in: new, depth: 3),
              let (slot, value) = Self.policySlot(on: path),
              let oldEnd = JSONSplice.end(ofValueAt: value.lowerBound, in: old)
        else { return nil }
        // The policy's value starts where both versions still agree; what follows it in each
        // must be the same bytes, or something besides the policy changed.
        let tail = new.count - value.upperBound
        guard tail == old.count - oldEnd, tail <= suffix,
              let policy = try? JSONDecoder().decode(IAMPolicy.self, from: Data(new[value]))
        else { return nil }
        self.slot = slot
        self.policy = policy
    }

    /// The resource whose policy is at the start of `path`, and where that policy's value lies.
    private static func policySlot(on path: [(step: JSONSplice.Step, value: Range<Int>)]) -> (ResourceSlot, Range<Int>)? {
        let steps = path.map(\.step)
        if steps.count >= 2, steps[0] == .key("organization"), steps[1] == .key("policy") {
            return (.organization, path[1].value)
        }
        guard steps.count == 3, steps[2] == .key("policy"), case .index(let index) = steps[1] else { return nil }
        switch steps[0] {
        case .key("folders"): return (.folder(index), path[2].value)
        case .key("projects"): return (.project(index), path[2].value)
        default: return nil
        }
    }

    /// How many bytes `old` and `new` share at their start, and then at their end; together
    /// never more than the shorter one holds.
    private static func commonEnds(_ old: [UInt8], _ new: [UInt8]) -> (prefix: Int, suffix: Int) {
        old.withUnsafeBufferPointer { old in
            new.withUnsafeBufferPointer { new in
                let shorter = min(old.count, new.count)
                let prefix = commonPrefix(old, new, upTo: shorter)
                return (prefix, commonSuffix(old, new, upTo: shorter - prefix))
            }
        }
    }

    /// True when both hold the same bytes; `memcmp` makes comparing two large files cheap.
    static func same(_ old: [UInt8], _ new: [UInt8]) -> Bool {
        old.count == new.count && old.withUnsafeBufferPointer { old in
            new.withUnsafeBufferPointer { new in commonPrefix(old, new, upTo: old.count) == old.count }
        }
    }

    /// How many of the first `limit` bytes agree, compared a block at a time with `memcmp`.
    private static func commonPrefix(_ old: UnsafeBufferPointer<UInt8>, _ new: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Int {
        guard let oldBase = old.baseAddress, let newBase = new.baseAddress else { return 0 }
        let block = 4_096
        var prefix = 0
        while limit - prefix >= block, memcmp(oldBase + prefix, newBase + prefix, block) == 0 { prefix += block }
        while prefix < limit, old[prefix] == new[prefix] { prefix += 1 }
        return prefix
    }

    /// How many of the last `limit` bytes agree, compared a block at a time from the end.
    private static func commonSuffix(_ old: UnsafeBufferPointer<UInt8>, _ new: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Int {
        guard let oldBase = old.baseAddress, let newBase = new.baseAddress else { return 0 }
        let block = 4_096
        var suffix = 0
        while limit - suffix >= block,
              memcmp(oldBase + old.count - suffix - block, newBase + new.count - suffix - block, block) == 0
        {
            suffix += block
        }
        while suffix < limit, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        return suffix
    }
}
