import Foundation

/// The repository's Swift sources and `Package.swift`, read from disk: what the architecture
/// checks look at.
struct SourceTree {
    let root: URL

    /// The repository this file is in.
    static let repository = SourceTree(root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())

    /// The Swift files under `folder` (relative to the root), recursively.
    func swiftFiles(under folder: String) throws -> [URL] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    func text(_ file: URL) throws -> String {
        try String(contentsOf: file, encoding: .utf8)
    }

    /// A target of `Package.swift`: its name, its folder, and the modules it declares it uses.
    struct Target {
        let name: String
        let folder: String
        let dependencies: Set<String>
    }

    /// Every target `Package.swift` declares. It is read as text, which works because the
    /// manifest lists each target as a literal: `.target(name: "X", dependencies: [...], path: ...)`.
    func targets() throws -> [Target] {
        let manifest = try text(root.appendingPathComponent("Package.swift"))
        let starts = manifest.ranges(of: /\.(target|executableTarget|testTarget)\(\s*name: "([^"]+)"/)
        return starts.enumerated().map { index, range in
            let end = index + 1 < starts.count ? starts[index + 1].lowerBound : manifest.endIndex
            let block = manifest[range.lowerBound..<end]
            let match = block.firstMatch(of: /\.(target|executableTarget|testTarget)\(\s*name: "([^"]+)"/)!
            let kind = String(match.1)
            let name = String(match.2)
            let declared = Set(block.matches(of: /(?:^|[\[,\s])"([A-Za-z_][A-Za-z0-9_-]*)"/).map { String($0.1) }).subtracting([name])
                .union(block.matches(of: /\.product\(name: "([^"]+)"/).map { String($0.1) })
            let path = block.firstMatch(of: /path: "([^"]+)"/).map { String($0.1) }
            return Target(name: name, folder: path ?? (kind == "testTarget" ? "Tests/\(name)" : "Sources/\(name)"), dependencies: declared)
        }
    }
}
