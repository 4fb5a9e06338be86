import JITAccessCore
import JITAccessLocal

/// Writing one policy into the cloud file without touching its other bytes, and recognising
/// such a write by another process.
///
/// For any JSON document, the target sets a policy at every field (and adds one to every
/// object) the document has, to a depth of four. Promises: the result is JSON that differs from
/// the document exactly at that path; the bytes that changed lie inside that path's value; and
/// on a cloud file, ``PolicyChange`` reads a policy write as that policy of that resource.
enum JSONSpliceTarget {
    /// The value written: a policy with a condition, so that it nests and has strings to escape.
    private static let policy = IAMPolicy(
        version: 3, etag: "BwYfuzz=",
        bindings: [
            IAMBinding(
                role: "roles/viewer", members: ["user:alice@example.com"],
                condition: IAMCondition(title: "eligible \"fuzz\"", expression: "has({}.jitAccessConstraint)")
            ),
        ]
    )
    /// The field added to each object.
    private static let newField = "addedByFuzzer"
    private static let maximumDepth = 4
    private static let maximumPaths = 32

    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        guard let document = try? JSONValue.parse(bytes) else { return }
        let value = JSONValue(policy)
        for path in paths(in: document) {
            guard let spliced = try? JSONSplice.setting(value, at: path, in: bytes) else { continue }
            let reread = try? JSONValue.parse(spliced)
            try expect(reread != nil, "setting \(path) gives bytes that are not JSON")
            try expect(reread == document.setting(value, at: path), "setting \(path) changes more than that field")
            try checkChangedBytes(from: bytes, to: spliced, lieIn: path, replacing: document.value(at: path) != nil)
        }
        try checkPolicyWrites(in: bytes)
    }

    /// The bytes that differ lie in the value at `path` (when it was replaced) or in the object
    /// that got a new field, as ``JSONSplice/path(enclosing:in:depth:)`` finds them.
    private static func checkChangedBytes(from old: [UInt8], to new: [UInt8], lieIn path: [JSONSplice.Step], replacing: Bool) throws(InvariantViolation) {
        let prefix = zip(old, new).prefix { $0 == $1 }.count
        let limit = min(old.count, new.count) - prefix
        let suffix = zip(old.reversed(), new.reversed()).prefix(limit).prefix { $0 == $1 }.count
        let changed = prefix..<(new.count - suffix)
        guard !changed.isEmpty else { return }
        let expected = replacing ? path : Array(path.dropLast())
        let found: [JSONSplice.Step]?
        do {
            found = try JSONSplice.path(enclosing: changed, in: new, depth: expected.count).map(\.step)
        } catch let failure where failure.repeatedKey != nil {
            // Documented: with a key named twice on the way, the path refuses to choose a member,
            // and the embedded IAM reads the whole file instead (found by fuzzing: the target
            // had taken that refusal for a wrong answer).
            return
        } catch {
            found = nil
        }
        try expect(found == expected, "the bytes changed by setting \(path) are found at \(String(describing: found))")
    }

    /// On a valid cloud file: every resource's policy written, read back by a reader of the file
    /// and by ``PolicyChange``.
    private static func checkPolicyWrites(in bytes: [UInt8]) throws(InvariantViolation) {
        let file = "cloud.json"
        guard let document = try? CloudDocument.decode(bytes, file: file), (try? Cloud(document, file: file)) != nil else { return }
        let slots = [ResourceSlot.organization] + document.folders.indices.prefix(2).map(ResourceSlot.folder)
            + document.projects.indices.prefix(2).map(ResourceSlot.project)
        for slot in slots where document.entry(slot) != nil {
            guard let written = try? CloudDocument.replacingPolicy(in: bytes, at: slot, with: policy, file: file) else { continue }
            let reread = try? CloudDocument.decode(written, file: file)
            try expect(reread?.entry(slot)?.policy == policy, "the policy written at \(slot.keyPath) does not read back")
            if let change = PolicyChange(from: bytes, to: written) {
                try expect(change.slot == slot && change.policy == policy, "a policy write at \(slot.keyPath) is read as one at \(change.slot.keyPath)")
            }
        }
    }

    /// The paths to every field of every object, and to a new field of each, at most
    /// ``maximumDepth`` deep, at most ``maximumPaths`` of them.
    private static func paths(in document: JSONValue) -> [[JSONSplice.Step]] {
        var paths: [[JSONSplice.Step]] = []
        func visit(_ value: JSONValue, at path: [JSONSplice.Step]) {
            guard path.count < maximumDepth, paths.count < maximumPaths else { return }
            switch value {
            case .object(let fields):
                paths.append(path + [.key(newField)])
                for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                    paths.append(path + [.key(key)])
                    visit(field, at: path + [.key(key)])
                }
            case .array(let elements):
                for (index, element) in elements.enumerated() { visit(element, at: path + [.index(index)]) }
            default:
                break
            }
        }
        visit(document, at: [])
        return Array(paths.prefix(maximumPaths))
    }
}

extension JSONValue {
    /// The value at `path`, if there is one.
    fileprivate func value(at path: some Collection<JSONSplice.Step>) -> JSONValue? {
        guard let step = path.first else { return self }
        switch (self, step) {
        case (.object(let fields), .key(let key)): return fields[key]?.value(at: path.dropFirst())
        case (.array(let elements), .index(let index)) where elements.indices.contains(index): return elements[index].value(at: path.dropFirst())
        default: return nil
        }
    }

    /// This value with `newValue` at `path` (the last step a field, added when missing); `nil`
    /// when the path does not lead there.
    fileprivate func setting(_ newValue: JSONValue, at path: some Collection<JSONSplice.Step>) -> JSONValue? {
        guard let step = path.first else { return newValue }
        switch (self, step) {
        case (.object(var fields), .key(let key)):
            let rest = path.dropFirst()
            if rest.isEmpty {
                fields[key] = newValue
            } else {
                guard let updated = fields[key]?.setting(newValue, at: rest) else { return nil }
                fields[key] = updated
            }
            return .object(fields)
        case (.array(var elements), .index(let index)) where elements.indices.contains(index) && path.count > 1:
            guard let updated = elements[index].setting(newValue, at: path.dropFirst()) else { return nil }
            elements[index] = updated
            return .array(elements)
        default:
            return nil
        }
    }
}
