import Foundation
import JITAccessCore

/// The difference between two versions of the cloud file when it lies inside one resource's
/// policy, which is what a write by another process (or most edits by hand) looks like.
///
/// Reading such a version costs a scan of the bytes and the decoding of one policy, instead of
/// decoding, validating and indexing the whole file again: on a cloud of 100,000 bindings, a
/// few tens of milliseconds instead of most of a second for every process sharing the file.
///
/// Why that is as good as a full read: a change is recognised only when the new version is the
/// old one with the value of one policy member replaced, every byte before that value and
/// every byte after it being the same in both. JSON reads left to right, so the same bytes
/// before the value put it at the same place in both versions (the `policy` member of the same
/// entry), and the same bytes after it keep every other entry, key, parent, group and policy.
/// The old cloud with that one policy replaced, and validated as a full read validates it
/// (``Cloud/applying(_:)``), is then the cloud a full read would build.
///
/// Everything else is left to the full read (`init` returns `nil`): changed bytes not all
/// inside one policy's value (two policies, a key, a parent, a group, the layout between
/// entries); a key named twice on the way to the policy, where the decoder might read the
/// other member; an old value that does not end where the unchanged tail begins (the edit
/// moved the policy's end, say by removing the field after it); a new value that is not a
/// policy.
package struct PolicyChange {
    package let slot: ResourceSlot
    package let policy: IAMPolicy

    /// The policy that changed between `old` and `new`, or `nil` when the whole file must be
    /// read.
    package init?(from old: [UInt8], to new: [UInt8]) {
        let (prefix, suffix) = Self.commonEnds(old, new)
        // Deeper steps would only name a part of the policy found by then.
        guard let path = try? JSONSplice.path(enclosing: prefix..<(new.count - suffix), in: new, depth: ResourceSlot.deepestPolicyPath),
              let slot = ResourceSlot(policyAtStartOf: path.map(\.step))
        else { return nil }
        // The value encloses the changed bytes, so it starts inside the common prefix and ends
        // inside the common suffix of `new`; the old value at the same start must end at the
        // same distance from the end, or the unchanged tail is not what follows it in `old`.
        let value = path[slot.policyPath.count - 1].value
        guard let oldEnd = JSONSplice.end(ofValueAt: value.lowerBound, in: old),
              old.count - oldEnd == new.count - value.upperBound,
              let policy = try? JSONDecoder().decode(IAMPolicy.self, from: Data(new[value]))
        else { return nil }
        self.slot = slot
        self.policy = policy
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
